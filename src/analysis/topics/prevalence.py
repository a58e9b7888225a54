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


def period_assignment(tests: pd.DataFrame, labels: pd.DataFrame, *, alpha: float = 0.05, lean_ratio: float = 2.0,
                      period_labels: dict | None = None) -> pd.DataFrame:
    """Which period a topic belongs to, worded from the tests.

    - ``belongs_to = <period>``: the share is higher there than in the other period of the
      comparison and the difference is distinguishable from chance after Holm's adjustment
      across topics;
    - ``leans <period>``: not distinguishable, but the share in one period is at least
      ``lean_ratio`` times the other (a description of these texts, not a finding);
    - ``shared``: neither; ``unstable``: the topic is not interpreted.

    Parameters
    ----------
    tests : pandas.DataFrame
        :func:`prevalence_tests` rows (one model).
    labels : pandas.DataFrame
        :func:`~analysis.topics.topic_labels` rows of the same model (``topic, label, stable``).
    alpha : float, default=0.05
    lean_ratio : float, default=2.0
    period_labels : dict, optional
        Display labels of the periods.

    Returns
    -------
    pandas.DataFrame
        ``model, topic, label, reference, group, share_reference, share_group, belongs_to, sentence``.

    Examples
    --------
    >>> tests = pd.DataFrame({"model": "nmf", "topic": [1, 2], "reference": "2014", "group": "2024",
    ...     "estimate_reference": [0.05, 0.3], "estimate_group": [0.3, 0.25], "difference": [0.25, -0.05],
    ...     "ci_low": [0.1, -0.2], "ci_high": [0.4, 0.1], "p_value": [0.2, 0.8], "p_holm": [0.4, 0.8]})
    >>> labels = pd.DataFrame({"topic": [1, 2], "label": ["T1 war", "T2 trade"], "stable": [True, True]})
    >>> period_assignment(tests, labels)["belongs_to"].tolist()
    ['leans 2024', 'shared']
    """
    lab = labels.set_index("topic")
    rows = []
    for rec in tests.to_dict("records"):
        t = int(rec["topic"])
        label = lab.at[t, "label"]
        stable = lab.at[t, "stable"]
        ref, grp = float(rec["estimate_reference"]), float(rec["estimate_group"])
        high = rec["group"] if grp > ref else rec["reference"]
        if not pd.isna(stable) and not bool(stable):
            belongs, sentence = "unstable", f"{label}: unstable across seeds and samples; not interpreted."
        else:
            sentence = claims.describe_difference(rec, quantity=f"{label}: the share of words", alpha=alpha,
                                                  labels=period_labels)
            if claims.is_distinguishable(rec, alpha=alpha):
                belongs = high
            elif max(ref, grp) >= lean_ratio * min(ref, grp):
                belongs = f"leans {high}"
            else:
                belongs = "shared"
        rows.append({"model": rec["model"], "topic": t, "label": label, "reference": rec["reference"],
                     "group": rec["group"], "share_reference": ref, "share_group": grp, "belongs_to": belongs,
                     "sentence": sentence})
    return pd.DataFrame(rows)
