"""Sentence segmentation, tokenisation and lemmatisation (offline).

Built on spaCy's blank English pipeline: its rule-based tokenizer (which already
keeps abbreviations such as "Mr.", "U.S." or initials such as "E." together with
their period), a rule-based sentence-boundary component registered here as
``"rule_sentencizer"`` (it replaces spaCy's plain ``"sentencizer"``), and the
lookup lemmatiser from ``spacy-lookups-data``. No model is downloaded.

How boundaries are decided
--------------------------
The component looks only at tokens that can end a sentence (``.``, ``?``, ``!``,
ellipses, abbreviation tokens) or start a list item, and decides from the token
itself and the next word:

- A run of terminal punctuation ("?!", "!!", ". .") ends one sentence, and closing
  quotes or brackets attached to it stay with that sentence: 'He said "Stop." Then'
  ends after the quote. Opening punctuation (quotes, brackets, dashes) before the
  next word starts the next sentence ("Armenia. – There is" -> "– There is ...").
- ``?`` and ``!`` end a sentence unless a lower-case word follows
  ("She works at Yahoo! in Paris").
- A period after an abbreviation (a token spaCy keeps with its period, or a word
  listed in ``resources/abbreviations_en.txt``) ends a sentence only when the next
  word is a capitalised function word from spaCy's stop list ("the U.S. How
  about you?" ends; "the U.S. Government", "Jonas E. Smith", "J. R. R. Tolkien",
  "p. 55", "No. 5" do not).
- Ellipses: "..." or "…" ends a sentence only before a capitalised word; a spaced
  ". . ." never does; a fourth period ends it (". . . ." or "word. . . . Next",
  where the ellipsis opens the next sentence); "[...]" never does.
- Numbered and lettered list items ("1.", "2)", "a.", "• 9.") start a new sentence
  when they form a sequence; the marker's own period is not a boundary.
- A blank line (two newlines) always ends a sentence.
- A sentence never consists of punctuation alone (a stray ". ." stays with the
  sentence before it).

Lower-case after a period
~~~~~~~~~~~~~~~~~~~~~~~~~
After an ordinary word, a period followed by a lower-case word **is** a sentence
boundary: the writer's (or the translation engine's) punctuation is kept. In the
2024 article "a topic that both countries have long cherished. announced the
launch" and "to disrupt the process on social media. stay up." therefore give the
sentences "announced the launch ..." and "stay up.", which ``corpus/quality_flags.csv``
flags. It is not a boundary after an abbreviation ("Jane and co. at the party"),
after "?" or "!", after an ellipsis, or when a closing quote or bracket follows the
period ("'This is great.' she said").

Tokens and lemmas
-----------------
Tokens are spaCy's (``"Shi'a"``, ``"U.S."`` and ``"Mr."`` stay one token; "Iran's" is
"Iran" + "'s"). The lemma is the lower-cased entry of spaCy's English lookup table,
which is case-sensitive: a capitalised word that starts a sentence is also looked up
in lower case ("Relations" -> "relation"), a capitalised word inside a sentence is
taken for a name and kept ("United States" -> "united", "states"). Corrections to
the table are in ``resources/lemma_patches_en.csv`` ("does" -> "do", not "doe").
"'s" is "'s" (possessive) except after a pronoun or "there"/"here"/wh-word, where it
is "be" ("it's"), and in "let's" ("us"). ``is_stop`` follows spaCy's English stop
list, except that acronyms in capitals ("US") are not stop words.

Text is processed paragraph by paragraph, so the cost is linear in corpus size;
:func:`segment_paragraphs` looks at each distinct word form once for its lemma and
flags, and the tokenizer's chunk cache is raised from spaCy's 10,000 entries.

References
----------
Sadvilkar, N., & Neumann, M. (2020). PySBD: Pragmatic Sentence Boundary
Disambiguation. *Proceedings of NLP-OSS 2020*, 110-114. (Golden Rules test set used
in ``tests/test_segment.py``; abbreviation list adapted from pySBD.)

Modules: :mod:`.rules` (boundary rules, abbreviations), :mod:`.lemmas` (lemma corrections),
:mod:`.pipeline` (:func:`english_pipeline`, :func:`segment_paragraphs`, :func:`split_sentences`).
"""

from .lemmas import LEMMA_PATCHES_FILE, load_lemma_patches
from .pipeline import (TOKEN_COLUMNS, TOKENIZER_CACHE_SIZE, english_pipeline, lookup_lemmas, segment_paragraphs,
                       split_sentences)
from .rules import ABBREVIATION_KINDS, ABBREVIATIONS_FILE, SENTENCIZER_NAME, RuleSentencizer, load_abbreviations

__all__ = [
    "ABBREVIATION_KINDS", "ABBREVIATIONS_FILE", "LEMMA_PATCHES_FILE", "SENTENCIZER_NAME", "TOKENIZER_CACHE_SIZE",
    "TOKEN_COLUMNS", "RuleSentencizer", "english_pipeline", "load_abbreviations", "load_lemma_patches",
    "lookup_lemmas", "segment_paragraphs", "split_sentences",
]
