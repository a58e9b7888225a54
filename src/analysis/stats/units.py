"""Statistics by the right unit (DESIGN §2).

Inside one article, sentences and paragraphs are the only units there are, and an
interval says how stable a figure is *within that text*. Once a period holds several
articles, the article is the unit of inference: sentences of one article are not
independent draws from the period. :func:`group_intervals` and :func:`group_tests`
therefore resample **documents within each group** when every period has at least
``min_docs`` documents, and otherwise the rows they are given (sentences or
paragraphs, named by ``unit``). The estimate is the same either way -- a ratio of
sums over all rows of the group -- only the interval and the test change.

The rule counts documents per *period* even when the groups are finer (an actor pair in
a period, a topic in a period): a rare pair found in one article of a well-covered period
must not turn every other pair's interval into a within-text one. Such a group then gets
the interval its few documents allow (none from one document: ``n`` says how many).
Without a ``period`` column among the groups, the groups themselves are counted.

Every result carries a ``unit`` column (``document``, ``paragraph``, ``sentence`` …)
and a ``method`` column. A percentile bootstrap cannot move away from a total of zero
(0 hedges in 800 words gives ``[0, 0]``); for integer counts whose bootstrap interval
collapses, the exact Garwood (rates) or Clopper-Pearson (0/1 shares) interval is used
instead, so a zero count still has an upper bound.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .bootstrap import _permutation_core, _quantiles, _ratio, bootstrap_sums, check_random_state
from .exact import exact_binomial_ci, exact_poisson_ci, holm

INTERVAL_COLUMNS = ["estimate", "ci_low", "ci_high", "n", "unit", "method"]
TEST_COLUMNS = ["reference", "group", "measure", "estimate_reference", "estimate_group", "difference",
                "ci_low", "ci_high", "p_value", "p_holm", "unit", "n_reference", "n_group", "n_resamples"]


def _as_list(x) -> list:
    return [x] if isinstance(x, str) else list(x)


def resampling_unit(units: pd.DataFrame, *, by="period", doc: str = "doc_id", min_docs: int = 5,
                    unit: str = "sentence") -> str:
    """The unit an interval over ``units`` resamples: ``"document"`` or ``unit``.

    ``"document"`` when ``units`` has a ``doc`` column and every group of ``by`` holds at
    least ``min_docs`` distinct documents; otherwise ``unit`` (the rows themselves).

    Examples
    --------
    >>> df = pd.DataFrame({"period": ["a"] * 3, "doc_id": ["d1", "d2", "d3"]})
    >>> resampling_unit(df, min_docs=3), resampling_unit(df, min_docs=5, unit="paragraph")
    ('document', 'paragraph')
    """
    if not isinstance(min_docs, (int, np.integer)) or min_docs < 2:
        raise ValueError(f"min_docs must be an int >= 2, got {min_docs!r}")
    by = _as_list(by)
    if doc not in units.columns or units.empty:
        return unit
    per_group = units.groupby(by, sort=True)[doc].nunique()
    return "document" if (per_group >= min_docs).all() else unit


#: The column whose groups must each hold ``min_docs`` documents when it is among the groups.
PERIOD = "period"


def _strata(by: list, strata) -> list:
    if strata is not None:
        return _as_list(strata)
    return [PERIOD] if PERIOD in by else by


def _resampling_frame(units, values, weight, by, doc, unit, min_docs, strata=None):
    """Rows to resample: documents (sums per document) or the given rows."""
    strata = _strata(by, strata)
    missing = [c for c in dict.fromkeys([*by, *strata, *values, *([weight] if weight else [])])
               if c not in units.columns]
    if missing:
        raise KeyError(f"column(s) {missing} not in units (have {list(units.columns)})")
    used = resampling_unit(units, by=strata, doc=doc, min_docs=min_docs, unit=unit)
    data = units[[*by, *values]].copy()
    data[values] = data[values].astype(float)
    data["_den"] = units[weight].astype(float).to_numpy() if weight else 1.0
    if not np.isfinite(data[[*values, "_den"]].to_numpy()).all():
        raise ValueError(f"values and weights must be finite (columns {values + ([weight] if weight else [])})")
    if used == "document":
        data[doc] = units[doc].to_numpy()
        data = data.groupby([*by, doc], sort=True).sum().reset_index()
    return data, used


def _integral(x: np.ndarray) -> bool:
    return bool(np.all(np.equal(np.mod(x, 1), 0)))


def group_intervals(units: pd.DataFrame, value, *, by="period", weight: str | None = None,
                    unit: str = "sentence", doc: str = "doc_id", min_docs: int = 5,
                    n_resamples: int = 2000, confidence_level: float = 0.95, scale: float = 1.0,
                    strata=None, random_state) -> pd.DataFrame:
    """Estimate and interval of ``scale * sum(value) / sum(weight)`` per group, by the right unit.

    Parameters
    ----------
    units : pandas.DataFrame
        One row per sentence or paragraph (with a ``doc`` column for the document rule).
    value : str or list of str
        Column(s) summed in the numerator; several give one row per group and measure.
    by : str or list of str, default="period"
        Grouping column(s).
    weight : str, default=None
        Column summed in the denominator (e.g. words); ``None`` counts rows (a mean).
    unit : str, default="sentence"
        Name of the rows, reported when they (not documents) are resampled.
    doc : str, default="doc_id"
    min_docs : int, default=5
        Documents every period (every stratum, see ``strata``) needs before documents are
        resampled.
    n_resamples : int, default=2000
    confidence_level : float, default=0.95
    scale : float, default=1.0
        E.g. 1000 for a rate per 1,000 words.
    strata : str or list of str, default=None
        Column(s) whose groups must each hold ``min_docs`` documents; default ``"period"``
        when it is one of ``by``, else ``by`` itself.
    random_state : int or numpy.random.Generator

    Returns
    -------
    pandas.DataFrame
        ``by…, [measure,] estimate, ci_low, ci_high, n, unit, method``; ``n`` counts the
        resampled units. Groups with fewer than two units get a NaN interval.

    Examples
    --------
    >>> df = pd.DataFrame({"period": ["a"] * 4, "doc_id": ["d"] * 4, "x": [0, 0, 0, 0]})
    >>> r = group_intervals(df, "x", random_state=0)
    >>> float(r["estimate"][0]), round(float(r["ci_high"][0]), 3), r["method"][0]
    (0.0, 0.602, 'exact Clopper-Pearson')
    """
    by, values = _as_list(by), _as_list(value)
    if not 0 < confidence_level < 1:
        raise ValueError(f"confidence_level must be in (0, 1), got {confidence_level}")
    rng = check_random_state(random_state)
    data, used = _resampling_frame(units, values, weight, by, doc, unit, min_docs, strata)
    columns = [*by, *(["measure"] if len(values) > 1 else []), *INTERVAL_COLUMNS]
    if data.empty:
        return pd.DataFrame(columns=columns)
    keys = data[by].drop_duplicates().sort_values(by).reset_index(drop=True)
    codes = data.groupby(by, sort=True).ngroup().to_numpy()
    n = np.bincount(codes, minlength=len(keys))
    m = len(values)
    matrix = np.column_stack([data[values].to_numpy(), np.repeat(data[["_den"]].to_numpy(), m, axis=1)])
    totals = np.zeros((len(keys), 2 * m))
    np.add.at(totals, codes, matrix)
    sums = bootstrap_sums(matrix, codes, n_resamples=n_resamples, random_state=rng)
    alpha = (1 - confidence_level) / 2
    rows = []
    for j, measure in enumerate(values):
        est = scale * _ratio(totals[:, j], totals[:, m + j])
        low, high = _quantiles(scale * _ratio(sums[:, :, j], sums[:, :, m + j]), [alpha, 1 - alpha])
        raw = data[measure].to_numpy()
        counts = _integral(raw) and (weight is not None or _integral(data["_den"].to_numpy()))
        binary = weight is None and used != "document" and set(np.unique(raw)) <= {0.0, 1.0}
        for g in range(len(keys)):
            method, lo, hi = "percentile bootstrap", low[g], high[g]
            if n[g] < 2 or totals[g, m + j] <= 0:
                lo = hi = np.nan
            elif counts and lo == hi:
                k, t = totals[g, j], totals[g, m + j]
                if binary:
                    lo, hi = exact_binomial_ci(k, t, confidence_level=confidence_level)
                    lo, hi, method = scale * lo, scale * hi, "exact Clopper-Pearson"
                else:
                    lo, hi = exact_poisson_ci(k, t, confidence_level=confidence_level, scale=scale)
                    method = "exact Garwood"
            rows.append({**keys.iloc[g].to_dict(), **({"measure": measure} if m > 1 else {}),
                         "estimate": float(est[g]), "ci_low": float(lo), "ci_high": float(hi),
                         "n": int(n[g]), "unit": used, "method": method})
    return pd.DataFrame(rows, columns=columns)


def group_tests(units: pd.DataFrame, value, *, by: str = "period", weight: str | None = None,
                reference: str | None = None, unit: str = "sentence", doc: str = "doc_id",
                min_docs: int = 5, n_resamples: int = 5000, confidence_level: float = 0.95,
                scale: float = 1.0, random_state) -> pd.DataFrame:
    """Every group against a reference group, by the right unit: difference, interval, test.

    The difference is ``group - reference`` in ``scale * sum(value) / sum(weight)``; its
    interval is the percentile interval of the difference between independent bootstrap
    resamples of the two groups; the p-value is a two-sided permutation test of the unit
    labels (one shared set of permutations for all measures); ``p_holm`` adjusts across the
    measures of each group comparison (Holm 1979).

    Parameters
    ----------
    units, value, by, weight, unit, doc, min_docs, confidence_level, scale, random_state
        As in :func:`group_intervals` (``by`` is one column here).
    reference : str, default=None
        The group compared against (default: the first in sorted order, the earliest period).
    n_resamples : int, default=5000
        Permutations, and bootstrap resamples for the difference interval.

    Returns
    -------
    pandas.DataFrame
        ``reference, group, measure, estimate_reference, estimate_group, difference, ci_low,
        ci_high, p_value, p_holm, unit, n_reference, n_group, n_resamples``. Empty when there
        are fewer than two groups.

    Examples
    --------
    >>> df = pd.DataFrame({"period": ["a"] * 6 + ["b"] * 6, "x": [0] * 6 + [1] * 6})
    >>> t = group_tests(df, "x", n_resamples=999, random_state=0)
    >>> float(t["difference"][0]), bool(t["p_value"][0] < 0.01)
    (1.0, True)
    """
    values = _as_list(value)
    rng = check_random_state(random_state)
    data, used = _resampling_frame(units, values, weight, [by], doc, unit, min_docs)
    key = data[by].astype(str)
    groups = sorted(key.unique())
    if len(groups) < 2:
        return pd.DataFrame(columns=TEST_COLUMNS)
    reference = groups[0] if reference is None else str(reference)
    if reference not in groups:
        raise ValueError(f"reference group {reference!r} not among {groups}")
    alpha = (1 - confidence_level) / 2
    m = len(values)
    rows = []
    ref = data.loc[key == reference]
    for g in groups:
        if g == reference:
            continue
        other = data.loc[key == g]
        both = pd.concat([ref, other])
        num = both[values].to_numpy()
        den = np.repeat(both[["_den"]].to_numpy(), m, axis=1)
        observed, p = _permutation_core(num, den, len(other), n_resamples, scale, rng)
        codes = np.r_[np.zeros(len(ref), dtype=np.int64), np.ones(len(other), dtype=np.int64)]
        sums = bootstrap_sums(np.column_stack([num, den]), codes, n_resamples=n_resamples, random_state=rng)
        boot = scale * _ratio(sums[:, :, :m], sums[:, :, m:])  # (resamples, 2 groups, m)
        low, high = _quantiles(boot[:, 1, :] - boot[:, 0, :], [alpha, 1 - alpha])
        est_ref = scale * _ratio(ref[values].sum().to_numpy(), ref["_den"].sum())
        est_grp = scale * _ratio(other[values].sum().to_numpy(), other["_den"].sum())
        p_adj = holm(p)
        few = len(ref) < 2 or len(other) < 2
        for j, measure in enumerate(values):
            rows.append({"reference": reference, "group": g, "measure": measure,
                         "estimate_reference": float(est_ref[j]), "estimate_group": float(est_grp[j]),
                         "difference": float(observed[j]),
                         "ci_low": np.nan if few else float(low[j]), "ci_high": np.nan if few else float(high[j]),
                         "p_value": float(p[j]), "p_holm": float(p_adj[j]), "unit": used,
                         "n_reference": len(ref), "n_group": len(other), "n_resamples": n_resamples})
    return pd.DataFrame(rows, columns=TEST_COLUMNS)
