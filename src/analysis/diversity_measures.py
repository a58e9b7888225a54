"""MTLD and MATTR of token sequences, as ``lexicalrichness`` 0.5 computes them, without building its objects.

Split from :mod:`analysis.diversity` (which re-exports :func:`mtld`, :func:`mattr` and
:func:`mattr_by_document`) to keep that module short.
"""

from __future__ import annotations

from statistics import mean

import numpy as np
import pandas as pd


def mtld(words, *, threshold: float = 0.72) -> float:
    """MTLD of a token sequence (McCarthy & Jarvis 2010), as ``lexicalrichness`` 0.5 computes it.

    The mean of a forward and a backward pass; each pass counts "factors" -- stretches
    whose running TTR falls to ``threshold`` -- plus a partial factor
    ``(1 - TTR_rest) / (1 - threshold)`` for the remainder, and divides the token count by them.
    The arithmetic is ``LexicalRichness.mtld``'s, step for step (the tests compare the two);
    computed here so that no ``LexicalRichness`` object -- and no matplotlib, which that
    package imports -- is built per document.

    Examples
    --------
    >>> mtld("of the people by the people for the people".split())
    9.0
    """
    words = list(words)
    return _mtld(words, len(set(words)), threshold)


def _mtld(words: list, n_types: int, threshold: float) -> float:
    """:func:`mtld` of a list with ``n_types`` distinct items."""
    if not words:
        return float("nan")
    return float(mean((_mtld_pass(words, n_types, threshold), _mtld_pass(words[::-1], n_types, threshold))))


def _mtld_pass(words: list, n_types: int, threshold: float) -> float:
    """One MTLD pass over ``words`` (``lexicalrichness``' ``sub_mtld``).

    The running TTR is computed only after a repeated word: a new word raises it (``(k+1)/c >=
    k/(c-1)`` for ``k < c`` types, and correctly rounded division keeps the order), so with a
    threshold below 1 only a repeat can bring it down to the threshold. The same factors and the
    same last TTR as computing it after every word (a threshold of 1 or more: every word).
    """
    terms: set = set()
    count = 0
    factors = 0
    ttr = 1.0
    if threshold < 1:
        for word in words:
            count += 1
            if word in terms:
                if len(terms) / count <= threshold:
                    count = 0
                    terms = set()
                    factors += 1
            else:
                terms.add(word)
        if count > 0:
            ttr = len(terms) / count
    else:
        for word in words:
            count += 1
            terms.add(word)
            ttr = len(terms) / count
            if ttr <= threshold:
                count = 0
                terms = set()
                factors += 1
    if count > 0:  # partial factor: how far the remainder's TTR is from 1, against the threshold's
        factors += (1 - ttr) / (1 - threshold)
    if factors == 0:  # TTR never fell to the threshold
        ttr = n_types / len(words)
        factors += 1 if ttr == 1 else (1 - ttr) / (1 - threshold)
    return len(words) / factors


def _lexical_richness(words: list):
    from lexicalrichness import LexicalRichness

    return LexicalRichness(list(words), preprocessor=None, tokenizer=None)


def mattr(words, *, window: int = 50) -> float:
    """Moving-average TTR (Covington & McFall 2010), via ``lexicalrichness``.

    The mean TTR of every window of ``window`` consecutive tokens; NaN when the text is
    shorter than the window.

    Examples
    --------
    >>> mattr("a b a c".split(), window=2)   # windows ab, ba, ac: all TTR 1
    1.0
    """
    words = list(words)
    if len(words) < window:
        return float("nan")
    return float(_lexical_richness(words).mattr(window_size=window))


def mattr_by_document(words: pd.DataFrame, *, window: int = 50) -> pd.Series:
    """MATTR of every document at once, in linear time (same values as :func:`mattr`).

    A token counts as a new type in every window that starts after the previous
    occurrence of its word and at or before the token itself, so the sum of the
    windows' type counts is a sum over tokens of the number of such window starts. This
    avoids building a set per window (``lexicalrichness`` does that, which costs
    tokens x window operations).

    Parameters
    ----------
    words : pandas.DataFrame
        From :func:`word_tokens`.
    window : int, default=50

    Returns
    -------
    pandas.Series
        MATTR per ``doc_id`` (NaN for documents shorter than ``window``).
    """
    return _mattr(words, window, _codes(words))


def _codes(words: pd.DataFrame):
    """``(doc, docs, word, n_types)``: ``doc_id`` and ``word`` factorized (first-appearance order), or
    ``None`` when a key is missing. Shared by the diversity measures of one table, so that each
    10M-row string column is factorized once, not once per measure or groupby."""
    doc, docs = pd.factorize(words["doc_id"])
    word, types = pd.factorize(words["word"])
    if (doc < 0).any() or (word < 0).any():
        return None
    return doc, docs, word, len(types)


def _mattr(words: pd.DataFrame, window: int, codes) -> pd.Series:
    """:func:`mattr_by_document` with the table's :func:`_codes`."""
    if window < 1:
        raise ValueError(f"window must be a positive integer, got {window}")
    pos = words["position"].to_numpy()
    # documents as integer codes in order of first appearance (a sort=False groupby's order),
    # labelled with the documents at the end; a missing key: the groupby's own rule
    doc = words["doc_id"] if codes is None else codes[0]
    n = pd.Series(pos, index=words.index).groupby(doc, sort=False).transform("size").to_numpy()
    lo = np.maximum.reduce([np.zeros_like(pos), pos - window + 1, _previous_position(words, codes) + 1])
    hi = np.minimum(pos, n - window)
    counts = pd.Series(np.clip(hi - lo + 1, 0, None), index=words.index).groupby(doc, sort=False).sum()
    size = pd.Series(pos, index=words.index).groupby(doc, sort=False).size()
    if codes is not None:
        counts.index = size.index = pd.Index(codes[1], name="doc_id")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = counts / (window * (size - window + 1))
    return out.where(size >= window)


def _previous_position(words: pd.DataFrame, codes) -> np.ndarray:
    """``position`` of the previous row with the same ``doc_id`` and ``word`` (-1 for none).

    A stable sort of integer (document, word) codes keeps each pair's rows in table order: the
    previous row of a pair is its predecessor there (``groupby([doc_id, word]).shift(1)``).
    """
    pos = words["position"].to_numpy().astype(np.int64)
    if codes is None:  # missing keys (see :func:`_codes`): the groupby's own rule
        prev = words.groupby(["doc_id", "word"], sort=False)["position"].shift(1).fillna(-1).to_numpy()
        return prev.astype(np.int64)
    doc, _, word, n_types = codes
    key = doc.astype(np.int64) * max(n_types, 1) + word
    order = np.argsort(key, kind="stable")
    same = np.r_[False, key[order][1:] == key[order][:-1]]
    prev = np.full(len(pos), -1, dtype=np.int64)
    prev[order[same]] = pos[order[np.flatnonzero(same) - 1]]
    return prev
