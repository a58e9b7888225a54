"""Topic coherence computed on the corpus itself: NPMI and UMass over top-term pairs.

Co-occurrence is counted at the segment level (a term "occurs" in a segment when it
appears there at least once), on the same segments the model was fitted to.

- **NPMI** (Bouma 2009; Aletras & Stevenson 2013; as in Röder, Both & Hinneburg 2015,
  without a sliding window): for a pair of top terms,
  ``log(p(a, b) / (p(a) p(b))) / -log p(a, b)``, -1 when the pair never co-occurs, 1
  when both occur in every segment. The topic's coherence is the mean over pairs.
- **UMass** (Mimno et al. 2011): for terms in rank order, ``log((D(a, b) + 1) / D(a))``
  with ``a`` the higher-ranked term and ``D`` segment counts; mean over pairs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

MEASURES = ("npmi", "umass")


def _doc_counts(binary: sparse.spmatrix, terms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    sub = sparse.csc_matrix(binary)[:, terms]
    sub.data[:] = 1.0
    joint = np.asarray((sub.T @ sub).todense())
    return np.diag(joint).copy(), joint


def npmi(binary: sparse.spmatrix, terms) -> float:
    """Mean NPMI over all pairs of ``terms`` (column positions) in a 0/1 segment-term matrix.

    Examples
    --------
    Four segments: {a, b}, {a, b}, {a, c}, {c}. p(a) = 3/4, p(b) = 1/2, p(a, b) = 1/2, so
    NPMI(a, b) = log(4/3) / log 2:

    >>> x = sparse.csr_matrix([[1, 1, 0], [1, 1, 0], [1, 0, 1], [0, 0, 1]])
    >>> round(npmi(x, [0, 1]), 4), round(float(np.log(4 / 3) / np.log(2)), 4)
    (0.415, 0.415)
    """
    terms = np.asarray(terms)
    n = binary.shape[0]
    df, joint = _doc_counts(binary, terms)
    vals = []
    for i in range(len(terms)):
        for j in range(i + 1, len(terms)):
            pij = joint[i, j] / n
            if pij == 0:
                vals.append(-1.0)
            elif pij == 1:
                vals.append(1.0)
            else:
                vals.append(np.log(pij / ((df[i] / n) * (df[j] / n))) / -np.log(pij))
    return float(np.mean(vals)) if vals else float("nan")


def umass(binary: sparse.spmatrix, terms) -> float:
    """Mean UMass score over ordered pairs of ``terms`` (highest-ranked first).

    Examples
    --------
    Same segments as :func:`npmi`; terms in rank order a, b, c: pairs (a, b) log(3/3),
    (a, c) log(2/3), (b, c) log(1/2):

    >>> x = sparse.csr_matrix([[1, 1, 0], [1, 1, 0], [1, 0, 1], [0, 0, 1]])
    >>> round(umass(x, [0, 1, 2]), 4), round(float(np.log(2 / 3) + np.log(1 / 2)) / 3, 4)
    (-0.3662, -0.3662)
    """
    terms = np.asarray(terms)
    df, joint = _doc_counts(binary, terms)
    vals = [np.log((joint[i, j] + 1) / df[i]) for j in range(1, len(terms)) for i in range(j) if df[i] > 0]
    return float(np.mean(vals)) if vals else float("nan")


def topic_coherence(top_terms: np.ndarray, binary: sparse.spmatrix, *,
                    measures=MEASURES) -> pd.DataFrame:
    """Coherence of each topic from its top terms.

    Parameters
    ----------
    top_terms : numpy.ndarray of int, shape (k, n)
        Column positions of each topic's top terms, highest weight first.
    binary : scipy.sparse matrix
        Segment-term presence (``SegmentTermMatrix.binary()``).
    measures : sequence of {"npmi", "umass"}

    Returns
    -------
    pandas.DataFrame
        ``topic`` and one column per measure.
    """
    funcs = {"npmi": npmi, "umass": umass}
    out = {"topic": np.arange(len(top_terms))}
    for m in measures:
        out[m] = [funcs[m](binary, row) for row in top_terms]
    return pd.DataFrame(out)
