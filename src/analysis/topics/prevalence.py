"""Topic prevalence by period: counted from segments (every model) and from the DMR prior.

*Counted* prevalence of topic ``t`` in a period is the share of the period's modelled
terms the model assigns to ``t``: ``sum(theta_st * n_s) / sum(n_s)`` over the period's
segments ``s`` (``theta`` the segment's topic shares, ``n`` its terms). Intervals and
tests come from :func:`analysis.stats.group_intervals` / :func:`~analysis.stats.group_tests`:
they resample segments within each period while a period holds fewer than ``min_docs``
articles, and articles once every period has enough (the ``unit`` column says which).

*Model-based* prevalence (DMR only) is the topic prior the model learned for each period
(``exp(lambda)`` normalised): what the model expects of a new segment from that period.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import claims, stats
from .models import TopicFit
from .segments import SegmentTermMatrix

PREVALENCE_COLUMNS = ["model", "period", "topic", "share", "ci_low", "ci_high", "unit", "n", "method"]


def segment_topics(fit: TopicFit, dtm: SegmentTermMatrix) -> pd.DataFrame:
    """Wide table of the segments a fit saw: keys, ``n_terms`` and one column ``t<i>`` of terms per topic.

    ``t<i>`` is the segment's share of topic ``i`` (from 1) times its number of modelled
    terms, so column sums over a period divided by its ``n_terms`` give prevalence.
    """
    seg = dtm.segments.iloc[fit.rows].reset_index(drop=True)
    n_terms = np.asarray(dtm.counts[fit.rows].sum(axis=1)).ravel().astype(float)
    out = seg[["segment", "doc_id", "period", "para_id"]].copy()
    out["n_terms"] = n_terms
    for t in range(fit.k):
        out[f"t{t + 1}"] = fit.doc_topic[:, t] * n_terms
    return out


def topic_prevalence(fit: TopicFit, dtm: SegmentTermMatrix, *, unit: str = "paragraph", min_docs: int = 5,
                     n_resamples: int = 2000, confidence_level: float = 0.95, random_state) -> pd.DataFrame:
    """Counted prevalence of each topic by period with intervals (``topic_prevalence.csv``).

    Parameters
    ----------
    fit : TopicFit
    dtm : SegmentTermMatrix
    unit : str, default="paragraph"
        Name of the segments, reported when they (not documents) are resampled
        (``"paragraph"``, ``"sentence window"``, ``"document"``).
    min_docs, n_resamples, confidence_level, random_state
        As in :func:`analysis.stats.group_intervals`.

    Returns
    -------
    pandas.DataFrame
        ``model, period, topic, share, ci_low, ci_high, unit, n, method`` (``topic`` from 1).
    """
    wide = segment_topics(fit, dtm)
    cols = [f"t{t + 1}" for t in range(fit.k)]
    res = stats.group_intervals(wide, cols, by="period", weight="n_terms", unit=unit, min_docs=min_docs,
                                n_resamples=n_resamples, confidence_level=confidence_level,
                                random_state=random_state)
    if "measure" not in res:
        res["measure"] = cols[0]
    res["topic"] = res["measure"].str[1:].astype(int)
    res = res.rename(columns={"estimate": "share"}).assign(model=fit.model)
    return res[PREVALENCE_COLUMNS].sort_values(["topic", "period"]).reset_index(drop=True)


def prevalence_tests(fit: TopicFit, dtm: SegmentTermMatrix, *, unit: str = "paragraph", min_docs: int = 5,
                     n_resamples: int = 5000, reference: str | None = None, random_state) -> pd.DataFrame:
    """Each period against the reference period, per topic (:func:`analysis.stats.group_tests`).

    Holm's adjustment runs across the topics of each comparison.

    Returns
    -------
    pandas.DataFrame
        ``model, topic`` plus the columns of ``group_tests``.
    """
    wide = segment_topics(fit, dtm)
    cols = [f"t{t + 1}" for t in range(fit.k)]
    res = stats.group_tests(wide, cols, by="period", weight="n_terms", unit=unit, min_docs=min_docs,
                            n_resamples=n_resamples, reference=reference, random_state=random_state)
    res.insert(0, "topic", res["measure"].str[1:].astype(int))
    res.insert(0, "model", fit.model)
    return res


def model_prevalence(fit: TopicFit) -> pd.DataFrame:
    """DMR's model-based prevalence: ``model, period, topic, prior`` (topic from 1)."""
    if fit.covariate_prior is None:
        raise ValueError(f"model {fit.model!r} has no covariate prior (only DMR has)")
    p = fit.covariate_prior.rename(columns={"level": "period"})
    return p.assign(model=fit.model, topic=p["topic"] + 1)[["model", "period", "topic", "prior"]]


def period_assignment(tests: pd.DataFrame, labels: pd.DataFrame, *, alpha: float = 0.05,
                      period_labels: dict | None = None) -> pd.DataFrame:
    """Which period a topic belongs to, worded from the tests.

    A topic *belongs to* a period when its share there is higher than in the reference
    period (or lower, for the reference) and the difference is distinguishable from chance
    after Holm's adjustment across topics; otherwise it is *shared or indistinct*.
    Unstable topics are listed as ``unstable`` and not interpreted.

    Parameters
    ----------
    tests : pandas.DataFrame
        :func:`prevalence_tests` rows (one model).
    labels : pandas.DataFrame
        :func:`~analysis.topics.topic_labels` rows of the same model (``topic, label, stable``).
    alpha : float, default=0.05
    period_labels : dict, optional
        Display labels of the periods.

    Returns
    -------
    pandas.DataFrame
        ``model, topic, label, reference, group, belongs_to, sentence``.
    """
    lab = labels.set_index("topic")
    rows = []
    for rec in tests.to_dict("records"):
        t = int(rec["topic"])
        label = lab.at[t, "label"]
        stable = lab.at[t, "stable"]
        if not pd.isna(stable) and not bool(stable):
            belongs, sentence = "unstable", f"{label}: unstable across seeds and samples; not interpreted."
        else:
            quantity = f"{label}: the share of words"
            sentence = claims.describe_difference(rec, quantity=quantity, alpha=alpha, labels=period_labels)
            if claims.is_distinguishable(rec, alpha=alpha):
                belongs = rec["group"] if rec["difference"] > 0 else rec["reference"]
            else:
                belongs = "shared or indistinct"
        rows.append({"model": rec["model"], "topic": t, "label": label, "reference": rec["reference"],
                     "group": rec["group"], "belongs_to": belongs, "sentence": sentence})
    return pd.DataFrame(rows)
