"""What a reader needs to name a topic: top terms by weight and by FREX, example segments.

FREX (Roberts, Stewart & Airoldi 2016; stm's ``calcfrex``/``labelTopics``) ranks a
topic's terms by the weighted harmonic mean of their within-topic rank of frequency
(the term's weight in the topic) and of exclusivity (the term's weight in this topic
over its summed weight in all topics), both as empirical CDFs over the vocabulary:
``FREX = 1 / (w / ECDF(exclusivity) + (1 - w) / ECDF(frequency))`` with ``w = 0.5``.
Frequent-but-everywhere terms ("iran" in every topic) drop, terms both common in the
topic and rare elsewhere rise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from .models import TopicFit
from .segments import SegmentTermMatrix
from .stability import top_term_indices


def reorder_topics(fit: TopicFit, order) -> TopicFit:
    """The same fit with its topics in ``order`` (e.g. by prevalence)."""
    from dataclasses import replace

    order = np.asarray(order)
    prior = fit.covariate_prior
    if prior is not None:
        new = {int(old): i for i, old in enumerate(order)}
        prior = prior.assign(topic=prior["topic"].map(new)).sort_values(["level", "topic"]).reset_index(drop=True)
    doc_topic = fit.doc_topic[:, order] if fit.doc_topic.size else fit.doc_topic
    return replace(fit, topic_term=fit.topic_term[order], doc_topic=doc_topic, covariate_prior=prior)


def sort_by_prevalence(fit: TopicFit, dtm: SegmentTermMatrix) -> TopicFit:
    """Topics renumbered by their share of all modelled terms, largest first (ties: old order)."""
    n_terms = np.asarray(dtm.counts[fit.rows].sum(axis=1)).ravel()
    share = (fit.doc_topic * n_terms[:, None]).sum(axis=0)
    return reorder_topics(fit, np.lexsort((np.arange(fit.k), -np.round(share, 9))))


def frex(topic_term: np.ndarray, *, w: float = 0.5) -> np.ndarray:
    """FREX score of every term in every topic (same shape as ``topic_term``).

    Examples
    --------
    Term 0 is the most frequent in both topics, term 1 is nearly exclusive to topic 0 and
    term 3 to topic 1; FREX puts the exclusive terms first:

    >>> beta = np.array([[0.4, 0.35, 0.2, 0.05], [0.4, 0.05, 0.2, 0.35]])
    >>> frex(beta).argmax(axis=1).tolist()
    [1, 3]
    """
    beta = np.asarray(topic_term, dtype=float) + 1e-12
    excl = beta / beta.sum(axis=0, keepdims=True)
    v = beta.shape[1]
    freq_score = np.vstack([rankdata(row, method="average") for row in beta]) / v
    excl_score = np.vstack([rankdata(row, method="average") for row in excl]) / v
    return 1.0 / (w / excl_score + (1 - w) / freq_score)


def topic_terms(fit: TopicFit, *, n: int = 10, stability: pd.DataFrame | None = None,
                frex_weight: float = 0.5) -> pd.DataFrame:
    """Top terms of each topic by weight (``topics.csv``).

    Parameters
    ----------
    fit : TopicFit
    n : int, default=10
    stability : pandas.DataFrame, optional
        :func:`topic_stability` rows of this model (``topic`` 0-based, ``stability``,
        ``stable``); without it ``stable`` is NA.
    frex_weight : float, default=0.5

    Returns
    -------
    pandas.DataFrame
        ``model, topic, rank, term, weight, frex, stability, stable``; ``topic`` and ``rank``
        count from 1, ``weight`` is the term's share of the topic.
    """
    top = top_term_indices(fit.topic_term, n)
    fx = frex(fit.topic_term, w=frex_weight)
    rows = []
    for t, idx in enumerate(top):
        for r, j in enumerate(idx, start=1):
            rows.append({"model": fit.model, "topic": t + 1, "rank": r, "term": str(fit.vocabulary[j]),
                         "weight": float(fit.topic_term[t, j]), "frex": float(fx[t, j])})
    return _with_stability(pd.DataFrame(rows), stability)


def frex_terms(fit: TopicFit, *, n: int = 10, stability: pd.DataFrame | None = None,
               frex_weight: float = 0.5) -> pd.DataFrame:
    """Top terms of each topic by FREX: ``model, topic, rank, term, frex, weight, stability, stable``."""
    fx = frex(fit.topic_term, w=frex_weight)
    top = top_term_indices(fx, n)
    rows = [{"model": fit.model, "topic": t + 1, "rank": r, "term": str(fit.vocabulary[j]),
             "frex": float(fx[t, j]), "weight": float(fit.topic_term[t, j])}
            for t, idx in enumerate(top) for r, j in enumerate(idx, start=1)]
    return _with_stability(pd.DataFrame(rows), stability)


def _with_stability(df: pd.DataFrame, stability: pd.DataFrame | None) -> pd.DataFrame:
    if stability is None:
        return df.assign(stability=np.nan, stable=pd.NA)
    s = stability.assign(topic=stability["topic"] + 1)[["topic", "stability", "stable"]]
    return df.merge(s, on="topic", how="left")


def representative_segments(fit: TopicFit, dtm: SegmentTermMatrix, *, n: int = 2,
                            max_chars: int | None = 300) -> pd.DataFrame:
    """The ``n`` segments with the highest share of each topic.

    Returns
    -------
    pandas.DataFrame
        ``model, topic, rank, doc_id, period, para_id, sent_start, sent_end, share, text`` (text
        shortened to ``max_chars`` with an ellipsis).
    """
    seg = dtm.segments.iloc[fit.rows].reset_index(drop=True)
    rows = []
    for t in range(fit.k):
        order = np.lexsort((np.arange(len(seg)), -np.round(fit.doc_topic[:, t], 9)))[:n]
        for r, i in enumerate(order, start=1):
            text = str(seg.at[i, "text"])
            if max_chars is not None and len(text) > max_chars:
                text = text[: max_chars - 1].rsplit(" ", 1)[0] + " …"
            rows.append({"model": fit.model, "topic": t + 1, "rank": r, "doc_id": seg.at[i, "doc_id"],
                         "period": seg.at[i, "period"], "para_id": int(seg.at[i, "para_id"]),
                         "sent_start": int(seg.at[i, "sent_start"]), "sent_end": int(seg.at[i, "sent_end"]),
                         "share": float(fit.doc_topic[i, t]), "text": text})
    return pd.DataFrame(rows)


def topic_labels(terms: pd.DataFrame, frex_table: pd.DataFrame, *, n_label: int = 3,
                 n_list: int = 7) -> pd.DataFrame:
    """One row per topic: a short label and the term lists a reader names it from.

    Parameters
    ----------
    terms : pandas.DataFrame
        :func:`topic_terms` output (one model or several).
    frex_table : pandas.DataFrame
        :func:`frex_terms` output for the same models.
    n_label, n_list : int
        Terms in the label (by FREX) and in the two lists.

    Returns
    -------
    pandas.DataFrame
        ``model, topic, label, top_weight, top_frex, stability, stable``; ``label`` is
        ``"T1 iran · attack · war"``, with ``" (unstable)"`` appended when not stable.
    """
    rows = []
    for (model, topic), g in terms.groupby(["model", "topic"], sort=False):
        fx = frex_table.loc[(frex_table["model"] == model) & (frex_table["topic"] == topic)].sort_values("rank")
        g = g.sort_values("rank")
        stable = g["stable"].iloc[0]
        label = f"T{topic} " + " · ".join(fx["term"].head(n_label))
        if stable is False or (not pd.isna(stable) and not bool(stable)):
            label += " (unstable)"
        rows.append({"model": model, "topic": int(topic), "label": label,
                     "top_weight": ", ".join(g["term"].head(n_list)), "top_frex": ", ".join(fx["term"].head(n_list)),
                     "stability": g["stability"].iloc[0], "stable": stable})
    return pd.DataFrame(rows)
