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
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

import numpy as np
import pandas as pd
import spacy
from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, IS_SPACE, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.lang.en.stop_words import STOP_WORDS

from . import resources
from .errors import ResourceError

TOKEN_COLUMNS = ["token_id", "token", "lower", "lemma", "is_stop", "is_punct", "is_alpha"]

#: Packaged abbreviation list (see ``resources/README.md``).
ABBREVIATIONS_FILE = "abbreviations_en.txt"
#: Packaged corrections to the lookup lemma table (see ``resources/README.md``).
LEMMA_PATCHES_FILE = "lemma_patches_en.csv"
#: Allowed values of the second column of the abbreviation list.
ABBREVIATION_KINDS = ("general", "number")
#: Distinct chunks the tokenizer memoises (spaCy's default is 10,000).
TOKENIZER_CACHE_SIZE = 1_000_000
#: Name of the sentence-boundary component in :func:`english_pipeline`.
SENTENCIZER_NAME = "rule_sentencizer"

# Pipeline components that only concern lemmas; segment_paragraphs computes lemmas
# per word type instead, so it runs without them.
_LEMMA_PIPES = ("lemmatizer", "lemma_fix")

_TERMINAL = frozenset(".!?…")
_BULLETS = frozenset("•‣◦⁃∙▪●")
# Last characters of tokens that may end a sentence or close a list marker, plus
# newline (blank lines); tokens starting with a bullet are candidates too.
_CANDIDATE_LAST = frozenset(".!?…)\n")
_CLOSERS = frozenset(['"', "'", "”", "’", "»", "›", ")", "]", "}"])
_OPENERS = frozenset(['"', "'", "“", "‘", "„", "«", "‹", "(", "[", "{", "-", "–", "—", "―", "*"]) | _BULLETS
_CONTINUATION_FIRST = frozenset(",;:)]}%'’")
_MARKER_RE = re.compile(r"[•‣◦⁃∙▪●]?(\d{1,3})")

# Next-word categories.
_END, _LOWER, _UPPER, _DIGIT, _CONT, _OTHER = range(6)

# Words after which "'s" is the verb ("it's", "there's"), not the possessive.
_S_IS_VERB_AFTER = frozenset(
    "it he she that there here what where who how when why this everyone everybody "
    "someone somebody something nothing everything nobody one".split())


# --------------------------------------------------------------------------- resources
def load_abbreviations(path: str | Path | None = None) -> dict[str, str]:
    """Read the abbreviation list used by the sentence-boundary rules.

    Parameters
    ----------
    path : str or Path, optional
        A file in the format of the packaged ``resources/abbreviations_en.txt``
        (one abbreviation per line, lower case, without the final period, then its
        kind ``general`` or ``number``; ``#`` starts a comment). ``None`` (default)
        reads the packaged list.

    Returns
    -------
    dict of str -> str
        Abbreviation (lower case) -> kind.

    Raises
    ------
    ResourceError
        Missing file, a line without a kind, an unknown kind, a trailing period or
        a repeated entry.

    Examples
    --------
    >>> load_abbreviations()["co"]
    'general'
    >>> load_abbreviations()["no"]
    'number'
    """
    path = resources.resource_path(ABBREVIATIONS_FILE, path)
    out: dict[str, str] = {}
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        where = f"{path}: line {line_no}"
        if len(fields) != 2:
            raise ResourceError(f"{where}: expected 'abbreviation kind' (kind one of "
                                f"{', '.join(ABBREVIATION_KINDS)}), got {line.strip()!r}")
        abbr, kind = fields[0].lower(), fields[1]
        if kind not in ABBREVIATION_KINDS:
            raise ResourceError(f"{where}: unknown kind {kind!r}; use one of {', '.join(ABBREVIATION_KINDS)}")
        if abbr.endswith("."):
            raise ResourceError(f"{where}: write {abbr!r} without its final period ({abbr[:-1]!r})")
        if abbr in out:
            raise ResourceError(f"{where}: {abbr!r} is listed twice; keep one line")
        out[abbr] = kind
    if not out:
        raise ResourceError(f"{path}: no abbreviations found; list one per line or pass path=None")
    return out


# --------------------------------------------------------------------------- boundary rules
def _sentence_starts(words, space_after, abbreviations, *, cands=None, stop_words=STOP_WORDS) -> list[int]:
    """Token indices that start a sentence (always including 0), in order.

    ``words`` are the token texts (a sequence), ``space_after`` whether each token is
    followed by whitespace, ``abbreviations`` maps lower-case abbreviations (no final
    period) to their kind; ``cands`` optionally lists, in order, the tokens that can
    end a sentence or start a list item (computed from ``words`` when None). Pure
    function of its inputs (see the module docstring for the rules).
    """
    n = len(words)
    if cands is None:
        cands = [i for i, w in enumerate(words) if w[-1] in _CANDIDATE_LAST or w[0] in _BULLETS]
    if not cands:
        return [0]
    in_marker, marker_starts = _list_markers(words, space_after, cands)
    starts = set(marker_starts)
    skip_to = -1
    for i in cands:
        if i <= skip_to or i in in_marker:
            continue
        w = words[i]
        if w[0] in _BULLETS:
            starts.add(i)
            continue
        last = w[-1]
        if last == "\n":
            if w.count("\n") >= 2:
                starts.add(_next_non_space(words, i + 1))
            continue
        if last not in _TERMINAL:
            continue
        pure = all(ch in _TERMINAL for ch in w)
        if not pure and (last != "." or not any(ch.isalpha() for ch in w)):
            continue
        # The run of terminal punctuation, then closing quotes/brackets attached to it.
        j = i
        if pure:
            while j + 1 < n and all(ch in _TERMINAL for ch in words[j + 1]):
                j += 1
        k = j + 1
        closed = False
        while k < n and words[k] in _CLOSERS and not space_after[k - 1]:
            k += 1
            closed = True
        skip_to = k - 1
        cat, nxt = _next_word(words, k)
        if cat == _END:
            continue
        split_at = k
        if not pure:  # a token spaCy keeps with its period: "U.S.", "co.", "E.", "a.m."
            boundary = _after_abbreviation(cat, nxt, stop_words)
        else:
            run = words[i:j + 1]
            if any("?" in t or "!" in t for t in run):
                boundary = cat not in (_LOWER, _CONT)
            else:
                n_dots = sum(3 if t == "…" else len(t) for t in run)
                attached = i > 0 and not space_after[i - 1] and not words[i - 1].isspace()
                if i > 0 and words[i - 1] == "[":          # "[...]": an omission, not an end
                    boundary = False
                elif n_dots == 1 and attached and (kind := _abbreviation_kind(words, space_after, i, abbreviations)):
                    if kind == "number" and cat != _DIGIT:
                        boundary = _after_period(cat, closed)
                    else:
                        boundary = _after_abbreviation(cat, nxt, stop_words)
                elif n_dots <= 2:                           # "." or a stray ". ."
                    boundary = _after_period(cat, closed)
                elif n_dots == 3:                           # ellipsis
                    boundary = j == i and cat == _UPPER     # spaced ". . ." never ends
                elif j > i and attached and words[i] == ".":
                    boundary = cat == _UPPER                # "word. . . . Next": the period ends it
                    split_at = i + 1
                else:                                       # ". . . ." or "....": ellipsis + period
                    boundary = cat not in (_LOWER, _CONT)
        if boundary:
            starts.add(_next_non_space(words, split_at))
    starts.discard(n)
    starts.add(0)
    return _merge_punctuation_only(words, sorted(starts))


def _next_non_space(words, k: int) -> int:
    n = len(words)
    while k < n and words[k].isspace():
        k += 1
    return k


def _next_word(words, k: int) -> tuple[int, str]:
    """Category and text of the first word at or after ``k`` (skipping spaces and openers)."""
    n = len(words)
    while k < n and (words[k].isspace() or words[k] in _OPENERS):
        k += 1
    if k >= n:
        return _END, ""
    w = words[k]
    first = w[0]
    if first in _CONTINUATION_FIRST:
        return _CONT, w
    if first.islower():
        return _LOWER, w
    if first.isupper():
        return _UPPER, w
    if first.isdigit():
        return _DIGIT, w
    return _OTHER, w


def _after_period(cat: int, closed: bool) -> bool:
    # Ordinary full stop: ends the sentence unless a comma etc. follows, or a
    # lower-case word follows a closing quote/bracket ("'This is great.' she said").
    if cat == _CONT:
        return False
    if cat == _LOWER:
        return not closed
    return True


def _after_abbreviation(cat: int, nxt: str, stop_words) -> bool:
    # Only a capitalised function word ("It", "The", "How", "Did") starts a new
    # sentence after an abbreviation; names, numbers and lower case continue it.
    return cat == _UPPER and nxt.lower() in stop_words


def _abbreviation_kind(words, space_after, i: int, abbreviations) -> str | None:
    """Kind of the abbreviation a period at ``i`` is attached to ("st" + ".", "N" + "°" + "."), or None."""
    prev = words[i - 1].lower()
    kind = abbreviations.get(prev)
    if kind is None and i >= 2 and not space_after[i - 2] and not words[i - 2].isspace():
        kind = abbreviations.get(words[i - 2].lower() + prev)
    return kind


def _list_markers(words, space_after, cands) -> tuple[set[int], set[int]]:
    """Tokens inside confirmed list markers, and the tokens that start list items.

    A marker is a number (1-3 digits, optionally glued to a bullet: "⁃9") followed
    by "." / ")" / ".)", or a lower-case letter followed by "." or ")", preceded by
    whitespace (or the start, or a bullet) and followed by a capitalised word. It is
    confirmed when the previous or next value of the same style also occurs in the
    paragraph ("1. ... 2. ...", "a. ... b. ..."), or when it opens the paragraph or
    follows a bullet.
    """
    n = len(words)
    found = []
    for i in cands:
        w = words[i]
        if len(w) == 2 and w[1] == "." and "a" <= w[0] <= "z":       # "a." is one token
            m, end, group, value = i, i, ("letter", "."), ord(w[0])
        elif w in (".", ")") and i > 0:
            m = i - 1
            prev = words[m]
            mt = _MARKER_RE.fullmatch(prev)
            if mt:
                value, kind = int(mt.group(1)), "number"
            elif len(prev) == 1 and "a" <= prev <= "z" and w == ")":
                value, kind = ord(prev), "letter"
            else:
                continue
            if space_after[m]:
                continue
            end, style = i, w
            if w == "." and i + 1 < n and words[i + 1] == ")" and not space_after[i]:
                end, style = i + 1, ".)"
            group = (kind, style)
        else:
            continue
        if not space_after[end]:
            continue
        before = m - 1
        while before >= 0 and words[before].isspace():
            before -= 1
        bullet_before = before >= 0 and words[before][0] in _BULLETS   # "• 9." (the bullet starts the item)
        if before >= 0 and not bullet_before and not space_after[before] and not words[before + 1].isspace():
            continue                                                   # "(1)", "x1."
        cat, _ = _next_word(words, end + 1)
        if cat != _UPPER:
            continue
        anchored = before < 0 or bullet_before or words[m][0] in _BULLETS
        found.append((m, end, group, value, anchored, bullet_before))
    if not found:
        return set(), set()
    values = {(f[2], f[3]) for f in found}
    inside, item_starts = set(), set()
    for m, end, group, value, anchored, bullet_before in found:
        if anchored or (group, value - 1) in values or (group, value + 1) in values:
            inside.update(range(m, end + 1))
            if m > 0 and not bullet_before:
                item_starts.add(m)
    return inside, item_starts


def _merge_punctuation_only(words, starts: list[int]) -> list[int]:
    """Drop boundaries that would leave a sentence without a letter or digit."""
    n = len(words)
    out = []
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else n
        if e - s <= 6 and not any(ch.isalnum() for t in words[s:e] for ch in t):
            if out:            # merge into the sentence before
                continue
            # the first sentence: let the next sentence absorb it
            if k + 1 < len(starts):
                starts[k + 1] = s
                continue
        out.append(s)
    return out or [0]


class RuleSentencizer:
    """spaCy component: sets ``Token.is_sent_start`` for every token by the rules above.

    Parameters
    ----------
    abbreviations : dict of str -> str
        Output of :func:`load_abbreviations`.
    """

    def __init__(self, abbreviations: dict[str, str]):
        self.abbreviations = abbreviations

    def __call__(self, doc):
        n = len(doc)
        if n == 0:
            return doc
        arr = doc.to_array([ORTH, SPACY])
        strings = doc.vocab.strings
        words = [strings[h] for h in arr[:, 0].tolist()]
        starts = _sentence_starts(words, arr[:, 1].tolist(), self.abbreviations)
        flags = np.full(n, -1, dtype=np.int64)
        flags[starts] = 1
        doc.from_array([SENT_START], flags.view(np.uint64))
        return doc


@Language.factory(SENTENCIZER_NAME, default_config={"abbreviations_path": None})
def _make_rule_sentencizer(nlp, name: str, abbreviations_path: Optional[str]):
    return RuleSentencizer(load_abbreviations(abbreviations_path))


# --------------------------------------------------------------------------- lemmas
def load_lemma_patches(path: str | Path | None = None) -> dict[str, str]:
    """Read the corrections applied on top of spaCy's English lookup lemma table.

    Parameters
    ----------
    path : str or Path, optional
        A CSV file with columns ``form, lemma, note`` like the packaged
        ``resources/lemma_patches_en.csv``; ``form`` is matched case-insensitively
        (a curly apostrophe counts as a straight one). ``None`` (default) reads the
        packaged file.

    Returns
    -------
    dict of str -> str
        Lower-case form -> lemma.

    Raises
    ------
    ResourceError
        Missing file or column, empty cell, repeated form.

    Examples
    --------
    >>> load_lemma_patches()["does"]
    'do'
    """
    table = resources.load_csv(LEMMA_PATCHES_FILE, ["form", "lemma"], path, comment=None)
    path = resources.resource_path(LEMMA_PATCHES_FILE, path)
    out: dict[str, str] = {}
    for line, form, lemma in zip(table["row"], table["form"], table["lemma"]):
        form = form.strip().replace("’", "'").lower()
        lemma = lemma.strip()
        if not form or not lemma:
            raise ResourceError(f"{path}: row {line}: empty form or lemma; fill both in")
        if form in out:
            raise ResourceError(f"{path}: row {line}: form {form!r} is listed twice; keep one row")
        out[form] = lemma
    return out


def _type_lemma(text: str, table, patches: dict[str, str], *, initial: bool) -> str:
    """Lower-cased lookup lemma of one word form.

    The lookup table is case-sensitive. The form is looked up as written; a
    capitalised word that starts a sentence (``initial``) is also tried in lower
    case ("Relations" -> "relation"), while a capitalised word inside a sentence is
    taken for a name and kept ("United States" -> "united", "states").
    """
    key = text.replace("’", "'")
    low = key.lower()
    if low in patches:
        return patches[low]
    lemma = table.get(key)
    if lemma is None and initial and low != key:
        lemma = table.get(low)
    return (lemma if lemma is not None else text).lower()


def _is_stop(text: str) -> bool:
    # spaCy's English stop list (case-insensitive), except acronyms written in
    # capitals ("US" the country, not "us").
    if len(text) > 1 and text.isupper() and text.isalpha():
        return False
    return text.lower() in STOP_WORDS


def _clitic_s_lemma(prev_lower: str) -> str:
    # "'s" after a pronoun or "there"/"here"/wh-word is the verb ("it's", "there's");
    # "let's" is "us"; everywhere else it is the possessive and stays "'s".
    prev = prev_lower.replace("’", "'")
    if prev == "let":
        return "us"
    return "be" if prev in _S_IS_VERB_AFTER else "'s"


class _LemmaFix:
    """spaCy component: make ``Token.lemma_`` equal to the ``lemma`` column of the token table."""

    def __init__(self, table, patches: dict[str, str]):
        self.table = table
        self.patches = patches

    def __call__(self, doc):
        prev = ""
        initial = True
        for tok in doc:
            if tok.is_sent_start:
                initial = True
            low = tok.lower_
            if low in ("'s", "’s"):
                tok.lemma_ = _clitic_s_lemma(prev)
            else:
                tok.lemma_ = _type_lemma(tok.text, self.table, self.patches, initial=initial)
            if not tok.is_space:
                prev = low
                if not tok.is_punct:
                    initial = False
        return doc


@Language.factory("lemma_fix", default_config={"patches_path": None})
def _make_lemma_fix(nlp, name: str, patches_path: Optional[str]):
    return _LemmaFix(nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup"),
                     load_lemma_patches(patches_path))


# --------------------------------------------------------------------------- public API
def english_pipeline(*, abbreviations=None, lemma_patches=None) -> "spacy.language.Language":
    """Return the (cached, deterministic) blank English pipeline used everywhere.

    Parameters
    ----------
    abbreviations : str or Path, default=None
        Abbreviation list for the sentence-boundary rules (:func:`load_abbreviations`);
        ``None`` = the packaged ``resources/abbreviations_en.txt``.
    lemma_patches : str or Path, default=None
        Lemma corrections (:func:`load_lemma_patches`); ``None`` = the packaged file.

    Components: spaCy's English tokenizer, ``"rule_sentencizer"`` (sentence
    boundaries, see the module docstring), spaCy's lookup ``"lemmatizer"`` and
    ``"lemma_fix"``, which makes ``Token.lemma_`` the same lower-cased lemma as the
    ``lemma`` column of :func:`segment_paragraphs` (case-insensitive lookup, the
    possessive "'s" kept as "'s").

    Returns
    -------
    spacy.language.Language

    Examples
    --------
    >>> [t.lemma_ for t in english_pipeline()("Relations were Iran's priority.")]
    ['relation', 'be', 'iran', "'s", 'priority', '.']
    """
    return _pipeline(_resource_key(abbreviations), _resource_key(lemma_patches))


def _resource_key(path) -> str | None:
    return None if path is None else str(resources.resource_path("", path))


@lru_cache(maxsize=4)
def _pipeline(abbreviations: str | None, lemma_patches: str | None) -> "spacy.language.Language":
    nlp = spacy.blank("en")
    # spaCy caches the tokenisation of at most 10,000 distinct whitespace-separated
    # chunks by default, which a corpus of more than a few thousand words exceeds;
    # a larger cache (a pure memo: same tokens) makes re-occurring chunks cheap.
    nlp.tokenizer.max_cache_size = TOKENIZER_CACHE_SIZE
    nlp.add_pipe(SENTENCIZER_NAME, config={"abbreviations_path": abbreviations})
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.add_pipe("lemma_fix", config={"patches_path": lemma_patches})
    return nlp


def lookup_lemmas(forms: Iterable[str]) -> list[str]:
    """Lemmas of word forms out of context, by the rules of the ``lemma`` column.

    Each form is looked up as written (as inside a sentence: "States" stays
    "states", "relations" -> "relation"), with the corrections of
    ``resources/lemma_patches_en.csv``, and lower-cased. Use it to lemmatise word
    lists (e.g. a reference frequency list) the same way as the corpus tokens.

    Parameters
    ----------
    forms : iterable of str
        Word forms (one token each).

    Returns
    -------
    list of str
        One lemma per form, in order.

    Examples
    --------
    >>> lookup_lemmas(["relations", "does", "as", "Iran", "'s"])
    ['relation', 'do', 'as', 'iran', "'s"]
    """
    nlp = english_pipeline()
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    patches = nlp.get_pipe("lemma_fix").patches
    return ["'s" if f in ("'s", "’s") else _type_lemma(f, table, patches, initial=False) for f in forms]


def split_sentences(text: str) -> list[str]:
    """Split one paragraph into sentences.

    Parameters
    ----------
    text : str
        A paragraph (no newlines needed).

    Returns
    -------
    list of str
        The sentences, stripped, in reading order.

    Examples
    --------
    >>> split_sentences("Mr. Aliyev visited the U.S. in May. He met officials.")
    ['Mr. Aliyev visited the U.S. in May.', 'He met officials.']
    >>> split_sentences("It will be. Regarding the relationship between Azerbaijan and Iran.")
    ['It will be.', 'Regarding the relationship between Azerbaijan and Iran.']
    """
    doc = english_pipeline()(text, disable=list(_LEMMA_PIPES))
    return [s.text.strip() for s in doc.sents if s.text.strip()]


def segment_paragraphs(paragraphs: Iterable[str], *, batch_size: int = 256, abbreviations=None,
                       lemma_patches=None):
    """Segment and tokenise many paragraphs in one pass.

    Parameters
    ----------
    paragraphs : iterable of str
        Paragraph texts, in order.
    batch_size : int, default=256
        Texts per spaCy batch.
    abbreviations, lemma_patches : str or Path, default=None
        The user's abbreviation list and lemma corrections (see :func:`english_pipeline`);
        ``None`` = the packaged files.

    Returns
    -------
    sentences : pandas.DataFrame
        ``para_index, sent_index, text`` -- ``para_index`` is the position of the
        paragraph in the input, ``sent_index`` counts from 0 within it.
    tokens : pandas.DataFrame
        ``sent_pos`` (row position of the token's sentence in ``sentences``) and
        :data:`TOKEN_COLUMNS` (``token_id`` counts from 0 within the sentence;
        whitespace tokens are dropped). ``lemma`` is the lower-cased lookup lemma
        (tried as written, then lower-cased; possessive "'s" stays "'s");
        ``is_stop`` is spaCy's English stop list (acronyms in capitals such as "US"
        are not stop words); ``is_alpha`` is spaCy's (letters only, so "Shi'a",
        which stays one token, is not alphabetic).

    Examples
    --------
    >>> sents, toks = segment_paragraphs(["It will be. Regarding Iran's role."])
    >>> sents["text"].tolist()
    ['It will be.', "Regarding Iran's role."]
    >>> toks["lemma"].tolist()
    ['it', 'will', 'be', '.', 'regard', 'iran', "'s", 'role', '.']
    """
    nlp = english_pipeline(abbreviations=abbreviations, lemma_patches=lemma_patches)
    texts = paragraphs if isinstance(paragraphs, list) else list(paragraphs)
    # 1. Tokenise; keep only the token attributes as arrays (C-level, no Token objects).
    attrs = [ORTH, SPACY, IS_SPACE, IDX, IS_PUNCT, IS_ALPHA]
    parts, lengths = [], []
    for doc in nlp.tokenizer.pipe(texts, batch_size=batch_size):
        lengths.append(len(doc))
        parts.append(doc.to_array(attrs).reshape(len(doc), len(attrs)))
    arr = np.concatenate(parts) if parts else np.zeros((0, len(attrs)), dtype=np.uint64)
    del parts
    if not len(arr):
        return _empty_tables()
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    # 2. Word types: each distinct token text is looked at once.
    codes, uniques = pd.factorize(arr[:, 0])
    codes = codes.astype(np.int32)
    n_tok = len(arr)
    space_after, token_mask = arr[:, 1].astype(bool), arr[:, 2] == 0
    idx = arr[:, 3].astype(np.int64)
    is_punct, is_alpha = arr[token_mask, 4].astype(bool), arr[token_mask, 5].astype(bool)
    del arr
    strings = nlp.vocab.strings
    type_text = [strings[h] for h in uniques.tolist()]
    is_cand = np.fromiter((t[-1] in _CANDIDATE_LAST or t[0] in _BULLETS for t in type_text),
                          dtype=bool, count=len(type_text))
    # 3. Sentence boundaries per paragraph, with the "rule_sentencizer" rules.
    abbreviations = nlp.get_pipe(SENTENCIZER_NAME).abbreviations
    cand_tokens = np.flatnonzero(is_cand[codes])
    cand_cut = np.searchsorted(cand_tokens, offsets).tolist()
    starts = [offsets[:-1][np.asarray(lengths, dtype=np.int64) > 0]]   # every paragraph's first token
    for d in np.flatnonzero(np.diff(cand_cut)).tolist():              # paragraphs with candidates
        o, n = int(offsets[d]), lengths[d]
        words = [type_text[c] for c in codes[o:o + n].tolist()]
        cands = (cand_tokens[cand_cut[d]:cand_cut[d + 1]] - o).tolist()
        local = _sentence_starts(words, space_after[o:o + n], abbreviations, cands=cands)
        if len(local) > 1:
            starts.append(np.asarray(local[1:], dtype=np.int64) + o)
    start_tok = np.sort(np.concatenate(starts))
    # 4. Sentence texts (whitespace-only sentences dropped) and their paragraph positions.
    para_of_start = np.searchsorted(offsets, start_tok, side="right") - 1
    ends = np.append(start_tok[1:], n_tok)
    same_para = para_of_start == np.append(para_of_start[1:], -1)
    char_start = idx[start_tok]
    text_len = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    char_end = np.where(same_para, idx[np.minimum(ends, n_tok - 1)], text_len[para_of_start])
    sent_text = [texts[p][a:b].strip() for p, a, b in
                 zip(para_of_start.tolist(), char_start.tolist(), char_end.tolist())]
    keep = np.fromiter((bool(t) for t in sent_text), dtype=bool, count=len(sent_text))
    para_index = para_of_start[keep]
    first_of_para = np.ones(len(para_index), dtype=bool)
    first_of_para[1:] = para_index[1:] != para_index[:-1]
    sent_index = np.arange(len(para_index)) - np.maximum.accumulate(
        np.where(first_of_para, np.arange(len(para_index)), 0))
    sentences = pd.DataFrame({"para_index": para_index.astype(np.int64),
                              "sent_index": sent_index.astype(np.int64),
                              "text": pd.Series([t for t in sent_text if t], dtype=object)})
    # 5. Token table: non-space tokens, attributes per type.
    is_start = np.zeros(n_tok, dtype=np.int64)
    is_start[start_tok] = 1
    new_pos = np.cumsum(keep) - 1                      # sentence -> row in `sentences`
    sent_pos = new_pos[np.cumsum(is_start) - 1][token_mask]
    tok_para = (np.searchsorted(offsets, np.flatnonzero(token_mask), side="right") - 1)
    first_in_para = np.ones(len(tok_para), dtype=bool)
    first_in_para[1:] = tok_para[1:] != tok_para[:-1]
    tokens = _token_table(nlp, type_text, codes[token_mask], sent_pos, first_in_para,
                          is_punct=is_punct, is_alpha=is_alpha)
    return sentences, tokens


def _empty_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    sentences = pd.DataFrame({"para_index": np.zeros(0, dtype=np.int64), "sent_index": np.zeros(0, dtype=np.int64),
                              "text": pd.Series([], dtype=object)})
    tokens = pd.DataFrame({"sent_pos": np.zeros(0, dtype=np.int64), "token_id": np.zeros(0, dtype=np.int64),
                           **{c: pd.Series([], dtype=object) for c in ["token", "lower", "lemma"]},
                           **{c: np.zeros(0, dtype=bool) for c in ["is_stop", "is_punct", "is_alpha"]}})
    return sentences, tokens


def _token_table(nlp, type_text, codes, sent_pos, first_in_para, *, is_punct, is_alpha) -> pd.DataFrame:
    """Token table: per-type strings, lemmas and stop flags indexed by ``codes``."""
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    patches = nlp.get_pipe("lemma_fix").patches
    n_types = len(type_text)
    lower_t = _object_array([t.lower() for t in type_text])
    lemma_t = _object_array([_type_lemma(t, table, patches, initial=False) for t in type_text])
    lemma_init_t = lemma_t.copy()
    for k, t in enumerate(type_text):  # capitalised types only: also tried in lower case
        if not t.islower():
            lemma_init_t[k] = _type_lemma(t, table, patches, initial=True)
    stop_t = np.fromiter((_is_stop(t) for t in type_text), dtype=bool, count=n_types)
    text_t = _object_array(type_text)
    n = len(codes)
    # token_id: position within the sentence
    new_sent = np.ones(n, dtype=bool)
    new_sent[1:] = sent_pos[1:] != sent_pos[:-1]
    first_idx = np.flatnonzero(new_sent)
    token_id = np.arange(n) - np.repeat(first_idx, np.diff(np.append(first_idx, n)))
    # sentence-initial word: the first non-punctuation token of each sentence
    word_pos = np.flatnonzero(~is_punct)
    _, first_word = np.unique(sent_pos[word_pos], return_index=True)
    initial = np.zeros(n, dtype=bool)
    initial[word_pos[first_word]] = True
    lower = lower_t[codes]
    lemma = lemma_t[codes]
    lemma[initial] = lemma_init_t[codes[initial]]
    for p in np.flatnonzero((lower == "'s") | (lower == "’s")).tolist():  # a few per thousand words
        lemma[p] = _clitic_s_lemma("" if first_in_para[p] else lower[p - 1])
    columns = {"sent_pos": sent_pos.astype(np.int64), "token_id": token_id.astype(np.int64),
               "token": text_t[codes], "lower": lower, "lemma": lemma,
               "is_stop": stop_t[codes], "is_punct": is_punct, "is_alpha": is_alpha}
    return pd.DataFrame(columns, copy=False)   # fresh private arrays: no need to copy them again


def _object_array(values: list) -> np.ndarray:
    # np.array would build a 2-D array from equal-length tuples; strings are safe, but be explicit.
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out
