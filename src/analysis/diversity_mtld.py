"""MTLD (McCarthy & Jarvis 2010) as ``lexicalrichness`` 0.5 computes it, without building its objects.

Split from :mod:`analysis.diversity` (which re-exports :func:`mtld`) to keep that module short.
"""

from __future__ import annotations

from statistics import mean


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
