"""The textstat rules the readability counts are built on, in one place.

The counts (:mod:`.counts`) are vectorised over a whole corpus, but every word and sentence
rule is textstat's own function, called here, not re-stated: ``remove_punctuation(text,
rm_apostrophe=False)``, its easy-word list, its pyphen instance and ``count_sentences``. The
tests check the counts built on them against textstat's per-text functions.
"""

from __future__ import annotations

#: textstat's language code for English (its default).
LANG = "en_US"


def remove_punctuation(text: str) -> str:
    """textstat's ``remove_punctuation(text, rm_apostrophe=False)``: every punctuation mark goes
    except apostrophes of contractions (``'s``, ``'t``, ``'ll`` ...).

    Called on the whole corpus joined into one string, so textstat's result cache is bypassed
    (``__wrapped__``): it would keep that string alive.
    """
    from textstat.backend.transformations import remove_punctuation as textstat_remove_punctuation

    return textstat_remove_punctuation.__wrapped__(text, rm_apostrophe=False)


def count_sentences(text: str) -> int:
    """textstat's ``count_sentences`` (its pattern's matches, less those of two words or fewer)."""
    from textstat.backend.counts import count_sentences as textstat_count_sentences

    return textstat_count_sentences(text)


def easy_words(lang: str = LANG):
    """textstat's easy-word list of ``lang`` (``get_lang_easy_words``)."""
    from textstat.backend.utils import get_lang_easy_words

    return get_lang_easy_words(lang)


def _pyphen(lang: str):
    """textstat's ``get_pyphen(lang)``: its pyphen hyphenator of the language."""
    from textstat.backend.utils import get_pyphen

    return get_pyphen(lang)
