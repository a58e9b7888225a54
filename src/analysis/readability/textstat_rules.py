"""textstat 0.7.13's word and sentence rules, re-stated so that counting needs no ``import textstat``.

Importing textstat imports NLTK (about 0.4 s of CPU per process); the readability counts use
only a few of its rules: ``remove_punctuation(text, rm_apostrophe=False)`` (two substitutions),
its easy-word list (a file in its package), its pyphen instance and ``count_sentences``. The
tests check the counts built on them against textstat's own functions; textstat itself is
imported only to call it (:func:`analysis.readability.counts.textstat_indices`).
"""

from __future__ import annotations

import importlib.util
import re
import warnings
from functools import lru_cache
from pathlib import Path

#: textstat's language code for English (its default).
LANG = "en_US"
_TS_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?![tsd]|ve|ll|re)")
_TS_PUNCTUATION = re.compile(r"[^\w\s\']")
#: textstat's sentence pattern (``count_sentences``).
_TS_SENTENCE_RE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)


def remove_punctuation(text: str) -> str:
    """textstat's ``remove_punctuation(text, rm_apostrophe=False)``: every punctuation mark goes
    except apostrophes of contractions (``'s``, ``'t``, ``'ll`` ...)."""
    return _TS_PUNCTUATION.sub("", _TS_NONCONTRACTION_APOSTROPHE.sub("", text))


def count_sentences(text: str) -> int:
    """textstat's ``count_sentences``: its pattern's matches, less those of two words or fewer
    (``count_words``: punctuation removed, then a whitespace split), at least 1 for a non-empty text."""
    if len(text) == 0:
        return 0
    found = _TS_SENTENCE_RE.findall(text)
    short = sum(1 for s in found if len(remove_punctuation(s).split()) <= 2)
    return max(1, len(found) - short)


@lru_cache(maxsize=None)
def easy_words(lang: str = LANG) -> frozenset:
    """textstat's easy-word list of ``lang`` (``get_lang_easy_words``), read from its package
    without importing it (English, with textstat's warning, when the language has no list)."""
    root = Path(importlib.util.find_spec("textstat").submodule_search_locations[0]) / "resources"
    sub = lang.split("_")[0]
    if not (root / sub / "easy_words.txt").is_file():
        warnings.warn(f"There is no easy words vocabulary for {sub}, using english.", Warning)
        sub = "en"
    with (root / sub / "easy_words.txt").open() as f:
        return frozenset(ln.strip() for ln in f)


@lru_cache(maxsize=None)
def _pyphen(lang: str):
    """textstat's ``get_pyphen(lang)``: a pyphen hyphenator of the language."""
    from pyphen import Pyphen

    return Pyphen(lang=lang)
