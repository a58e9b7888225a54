"""What the keyness test can detect: the smallest count difference that reaches the threshold.

With two short texts, "no term passes |z| > 1.96" is a statement about power, not about
similarity. :func:`detectable_counts` answers the question a reader needs: how often must a
term occur in one period, given how often it occurs in the rest, before the Fightin' Words
z-score of :func:`~.statistics.keyness` (same prior, same totals) can pass the threshold?
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import AnalysisError
from .statistics import _z_vs_rest
from .terms import _periods_of


def detectable_counts(counts: pd.DataFrame, *, alpha0: float = 1000.0, z_threshold: float = 1.96,
                      base_counts=(0, 1, 2, 5, 10), max_count: int = 1000) -> pd.DataFrame:
    """Smallest count in each period that reaches ``|z| > z_threshold`` against a given count in the rest.

    A hypothetical term is added to the counts (so totals and the prior are those of the real
    table plus that term) with ``base`` occurrences in the other periods pooled and ``k`` in
    the period; ``k`` is raised from ``base`` until the period's z-score passes the threshold.

    Parameters
    ----------
    counts : pandas.DataFrame
        Output of :func:`~.terms.count_terms` (``count_<period>`` columns).
    alpha0 : float, default=1000.0
        The prior size used by :func:`~.statistics.keyness`.
    z_threshold : float, default=1.96
    base_counts : sequence of int, default=(0, 1, 2, 5, 10)
        Occurrences in the other periods pooled.
    max_count : int, default=1000
        Give up (NaN) beyond this count.

    Returns
    -------
    pandas.DataFrame
        ``period, n_words, n_words_rest, base_count, min_count`` (smallest ``k`` with
        ``z > z_threshold``), ``min_difference`` (``min_count - base_count``), ``z_at_min``
        and ``z_one_less`` (the z-score one occurrence short of it).

    Examples
    --------
    >>> c = pd.DataFrame({"term": ["a", "b"], "count_x": [500, 300], "count_y": [700, 500]})
    >>> d = detectable_counts(c, base_counts=(0,))
    >>> d[["period", "base_count"]].values.tolist()
    [['x', 0], ['y', 0]]
    >>> bool((d["z_at_min"] > 1.96).all() and (d["z_one_less"] <= 1.96).all())
    True
    """
    periods = _periods_of(counts)
    if len(periods) < 2:
        raise AnalysisError(f"detectable_counts needs at least two periods, found {periods}")
    Y = counts[[f"count_{p}" for p in periods]].to_numpy(float)
    totals = Y.sum(axis=0)
    # The new term's z-score reads the real table only through the period totals and the grand
    # total (its prior is alpha0 x its share of all counts), so the vocabulary collapses into one
    # row of totals: the same z, at a cost independent of the vocabulary size.
    Y = totals[None, :]
    rows = []
    ks = np.arange(0, max_count + 1, dtype=float)
    for j, p in enumerate(periods):
        others = [i for i in range(len(periods)) if i != j]
        share = totals[others] / totals[others].sum()
        for base in base_counts:
            # one hypothetical table per k: the real counts plus the new term (k here, base elsewhere)
            extra = np.zeros((len(ks), 1, len(periods)))
            extra[:, 0, j] = ks
            extra[:, 0, others] = base * share  # spread the base count over the other periods by size
            batch = np.concatenate([np.broadcast_to(Y, (len(ks), *Y.shape)), extra], axis=1)
            delta, var = _z_vs_rest(batch, alpha0)
            z = delta[:, -1, j] / np.sqrt(var[:, -1, j])
            ok = np.flatnonzero((ks >= base) & (z > z_threshold))
            k = int(ks[ok[0]]) if len(ok) else None
            rows.append({"period": p, "n_words": float(totals[j]), "n_words_rest": float(totals[others].sum()),
                         "base_count": int(base), "min_count": k if k is not None else np.nan,
                         "min_difference": (k - base) if k is not None else np.nan,
                         "z_at_min": float(z[k]) if k is not None else np.nan,
                         "z_one_less": float(z[k - 1]) if k is not None and k > 0 else np.nan})
    return pd.DataFrame(rows)


def power_lines(detectable: pd.DataFrame, *, z_threshold: float = 1.96, labels: dict | None = None) -> list[str]:
    """Plain sentences from :func:`detectable_counts`: what a difference must look like to be seen.

    Examples
    --------
    >>> d = pd.DataFrame({"period": ["x"], "n_words": [800.0], "n_words_rest": [1200.0], "base_count": [0],
    ...                   "min_count": [7], "min_difference": [7], "z_at_min": [2.05], "z_one_less": [1.9]})
    >>> power_lines(d)[0]
    'x (800 term occurrences against 1,200): a term absent from the rest must occur at least 7 times in x to reach |z| > 1.96 (6 times give z = 1.90).'
    """
    labels = labels or {}
    out = []
    for rec in detectable.to_dict("records"):
        p = labels.get(str(rec["period"]), str(rec["period"]))
        head = f"{p} ({rec['n_words']:,.0f} term occurrences against {rec['n_words_rest']:,.0f})"
        if pd.isna(rec["min_count"]):
            out.append(f"{head}: no count tested reaches |z| > {z_threshold:g} against {rec['base_count']} in the rest.")
            continue
        base = ("a term absent from the rest" if rec["base_count"] == 0 else
                f"a term used {rec['base_count']} times in the rest")
        less = (f" ({int(rec['min_count']) - 1} times give z = {rec['z_one_less']:.2f})"
                if not pd.isna(rec["z_one_less"]) else "")
        out.append(f"{head}: {base} must occur at least {int(rec['min_count'])} times in {p} to reach "
                   f"|z| > {z_threshold:g}{less}.")
    return out


def stability_lines(stability: pd.DataFrame, *, reference: str = "general English", high: float = 0.9,
                    low: float = 0.5, labels: dict | None = None, digits: int = 2) -> list[str]:
    """Sentences on how stable each period's top list is, read off the stability table.

    Parameters
    ----------
    stability : pandas.DataFrame
        :func:`~.stability.top_term_stability` (``reference, period, term, share_in_top, unit``).
    reference : str, default="general English"
    high, low : float
        Terms kept in at least ``high`` of the resamples are called stable, those kept in fewer
        than ``low`` unstable; the rest are listed as in between.
    labels : dict, default=None
        Display labels of the periods.

    Examples
    --------
    >>> st = pd.DataFrame({"reference": "general English", "period": "2024", "term": ["iran", "baku", "nizami"],
    ...                    "share_in_top": [1.0, 0.68, 0.39], "unit": "sentence"})
    >>> stability_lines(st)[0]
    '2024 against general English, top terms kept in the top list of sentence resamples: at least 90% of them: iran (1.00); between 50% and 90%: baku (0.68); fewer than 50%: nizami (0.39).'
    """
    labels = labels or {}
    out = []
    sub = stability.loc[stability["reference"] == reference]
    for period, grp in sub.groupby("period", sort=True):
        unit = str(grp["unit"].iloc[0]) if "unit" in grp.columns else "unit"
        grp = grp.assign(share_in_top=grp["share_in_top"].round(digits))  # classify what is printed
        parts = []
        for name, mask in ((f"at least {high:.0%} of them", grp["share_in_top"] >= high),
                           (f"between {low:.0%} and {high:.0%}", (grp["share_in_top"] >= low) & (grp["share_in_top"] < high)),
                           (f"fewer than {low:.0%}", grp["share_in_top"] < low)):
            terms = grp.loc[mask]
            if len(terms):
                parts.append(f"{name}: " + ", ".join(f"{t} ({s:.{digits}f})" for t, s in
                                                     zip(terms["term"], terms["share_in_top"])))
        p = labels.get(str(period), str(period))
        out.append(f"{p} against {reference}, top terms kept in the top list of {unit} resamples: "
                   + "; ".join(parts) + ".")
    return out


def shared_terms_line(counts: pd.DataFrame, *, labels: dict | None = None) -> str:
    """How many content terms (shown terms: no stop words, no bare numbers) the periods share.

    Examples
    --------
    >>> c = pd.DataFrame({"term": ["iran", "baku", "nizami", "the"], "count_x": [3, 1, 0, 9],
    ...                   "count_y": [2, 0, 4, 7], "is_stop": [False, False, False, True]})
    >>> shared_terms_line(c)
    'Content terms used in every period: 1 of 3 (Jaccard 0.33); the rest occur in one period only.'
    """
    from .statistics import display_mask

    periods = _periods_of(counts)
    shown = counts.loc[display_mask(counts)]
    used = shown[[f"count_{p}" for p in periods]].to_numpy() > 0
    n_any, n_all = int(used.any(axis=1).sum()), int(used.all(axis=1).sum())
    return (f"Content terms used in every period: {n_all} of {n_any} (Jaccard {n_all / n_any:.2f}); "
            f"the rest occur in one period only." if len(periods) == 2 else
            f"Content terms used in every period: {n_all} of {n_any} (Jaccard {n_all / n_any:.2f}).")
