"""Robustness: do different models (or segmentations) find the same topics?

Topics of two fits are compared by the cosine similarity of their term distributions
over the union of their vocabularies (terms a fit lacks weigh 0) and by the average
Jaccard of their top terms; the Hungarian algorithm pairs them one to one by cosine.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from .models import TopicFit
from .stability import average_jaccard, match_topics, top_term_indices


def _on_union(a: TopicFit, b: TopicFit) -> tuple[np.ndarray, np.ndarray]:
    vocab = pd.Index(sorted(set(a.vocabulary) | set(b.vocabulary)))
    out = []
    for fit in (a, b):
        m = np.zeros((fit.k, len(vocab)))
        m[:, vocab.get_indexer(list(fit.vocabulary))] = fit.topic_term
        out.append(m)
    return out[0], out[1]


def topic_similarity(a: TopicFit, b: TopicFit, *, top_n: int = 10) -> pd.DataFrame:
    """Every topic of ``a`` against every topic of ``b``.

    Returns
    -------
    pandas.DataFrame
        ``topic_a, topic_b, cosine, jaccard, matched`` (topics from 1; ``matched`` marks the
        one-to-one pairing that maximises total cosine).
    """
    ma, mb = _on_union(a, b)
    na = ma / np.linalg.norm(ma, axis=1, keepdims=True)
    nb = mb / np.linalg.norm(mb, axis=1, keepdims=True)
    cos = na @ nb.T
    ta = [[a.vocabulary[j] for j in row] for row in top_term_indices(a.topic_term, top_n)]
    tb = [[b.vocabulary[j] for j in row] for row in top_term_indices(b.topic_term, top_n)]
    match = match_topics(cos)
    rows = [{"topic_a": i + 1, "topic_b": j + 1, "cosine": float(cos[i, j]),
             "jaccard": average_jaccard(ta[i], tb[j]), "matched": bool(match[i] == j)}
            for i in range(a.k) for j in range(b.k)]
    return pd.DataFrame(rows)


def alignment_table(fits: dict, *, top_n: int = 10) -> pd.DataFrame:
    """Pairwise topic alignment between named fits (``{"nmf": fit, "lda": fit, ...}``).

    Returns
    -------
    pandas.DataFrame
        ``model_a, model_b, topic_a, topic_b, cosine, jaccard, matched`` for every pair of
        fits in the given order.
    """
    frames = []
    for (na, fa), (nb, fb) in itertools.combinations(fits.items(), 2):
        frames.append(topic_similarity(fa, fb, top_n=top_n).assign(model_a=na, model_b=nb))
    out = pd.concat(frames, ignore_index=True)
    return out[["model_a", "model_b", "topic_a", "topic_b", "cosine", "jaccard", "matched"]]


def agreement_summary(alignment: pd.DataFrame, labels: pd.DataFrame | None = None, *,
                      min_cosine: float = 0.5) -> pd.DataFrame:
    """The matched pairs of an :func:`alignment_table`, with whether they agree.

    Parameters
    ----------
    alignment : pandas.DataFrame
    labels : pandas.DataFrame, optional
        :func:`~analysis.topics.topic_labels` rows (``model, topic, label``) to name topics;
        ``model`` values must be the names used in ``alignment``.
    min_cosine : float, default=0.5
        A matched pair *agrees* when its cosine reaches this.

    Returns
    -------
    pandas.DataFrame
        ``model_a, topic_a, label_a, model_b, topic_b, label_b, cosine, jaccard, agree, min_cosine``.
    """
    m = alignment.loc[alignment["matched"]].copy()
    if labels is not None:
        lab = labels.set_index(["model", "topic"])["label"]
        m["label_a"] = [lab.get((ma, ta), "") for ma, ta in zip(m["model_a"], m["topic_a"])]
        m["label_b"] = [lab.get((mb, tb), "") for mb, tb in zip(m["model_b"], m["topic_b"])]
    else:
        m["label_a"] = m["label_b"] = ""
    m["agree"] = m["cosine"] >= min_cosine
    m["min_cosine"] = min_cosine
    return m[["model_a", "topic_a", "label_a", "model_b", "topic_b", "label_b", "cosine", "jaccard",
              "agree", "min_cosine"]].reset_index(drop=True)
