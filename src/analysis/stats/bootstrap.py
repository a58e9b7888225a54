"""Shared uncertainty tools: bootstrap intervals and permutation tests over units.

Every comparison in the suite goes through this module, so intervals are computed
one way everywhere. The unit of resampling is whatever rows the caller passes --
sentences or paragraphs -- and each statistic is a *ratio of sums*
``sum(numerator) / sum(denominator)`` (a mean when the denominator is 1 per unit,
a rate per word when it is the unit's word count, a share when the numerator is a
0/1 indicator).

Read the intervals for what they are. With one article per period, resampling the
sentences of that article measures how stable a figure is *within that text*; it
says nothing about other articles of the same period, and sentences of one text
are not independent draws. Intervals are percentile intervals (Efron &
Tibshirani 1993, ch. 13); p-values are Monte-Carlo permutation p-values with the
``(b + 1) / (m + 1)`` correction of Phipson & Smyth (2010).

References
----------
.. [1] Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.
.. [2] Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be zero.
       *Statistical Applications in Genetics and Molecular Biology*, 9(1).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

#: Upper bound on array elements materialised at once (keeps memory flat at scale).
_BLOCK_ELEMENTS = 4_000_000


def check_random_state(random_state) -> np.random.Generator:
    """Turn ``random_state`` (int or Generator) into a NumPy Generator.

    ``None`` is refused on purpose: every random step in the suite takes an explicit seed.
    """
    if isinstance(random_state, np.random.Generator):
        return random_state
    if isinstance(random_state, (int, np.integer)) and not isinstance(random_state, bool):
        return np.random.default_rng(int(random_state))
    raise ValueError(f"random_state must be an int seed or a numpy Generator, got {random_state!r}")


def _as_arrays(numerator, denominator):
    num = np.asarray(numerator, dtype=float)
    den = np.ones_like(num) if denominator is None else np.asarray(denominator, dtype=float)
    if num.ndim != 1 or num.shape != den.shape:
        raise ValueError(f"numerator and denominator must be 1-D and of equal length, got shapes "
                         f"{num.shape} and {den.shape}")
    if not (np.isfinite(num).all() and np.isfinite(den).all()):
        raise ValueError("numerator and denominator must be finite")
    return num, den


def _ratio(num_sum, den_sum):
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den_sum > 0, num_sum / np.where(den_sum > 0, den_sum, 1), np.nan)


def _quantiles(boot: np.ndarray, q) -> np.ndarray:
    """Quantiles over resamples (axis 0), ignoring resamples whose statistic is undefined."""
    if not np.isnan(boot).any():
        return np.quantile(boot, q, axis=0)  # much faster than nanquantile
    with warnings.catch_warnings():  # all-NaN columns (zero denominators) give NaN, silently
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanquantile(boot, q, axis=0)


def bootstrap_sums(values, groups=None, *, n_resamples: int = 2000, random_state) -> np.ndarray:
    """Column sums of ``values`` over bootstrap resamples of units, within each group.

    The building block of every interval here, public for statistics that need
    several sums from the *same* resample (a readability index such as Flesch
    Reading Ease combines words, sentences and syllables). Each resample draws,
    within every group independently, as many units as the group has, with
    replacement; all groups are resampled at once, in memory-bounded blocks.

    Parameters
    ----------
    values : array-like, shape (n_units,) or (n_units, k)
        Per-unit values to sum.
    groups : array-like of shape (n_units,), default=None
        Group label of each unit (any hashable); ``None`` puts all units in one group.
    n_resamples : int, default=2000
    random_state : int or numpy.random.Generator

    Returns
    -------
    numpy.ndarray, shape (n_resamples, n_groups, k)
        Groups in sorted order of their labels (as ``numpy.unique`` sorts them).

    Examples
    --------
    >>> s = bootstrap_sums([[1, 1], [0, 1]], ["a", "a"], n_resamples=3, random_state=0)
    >>> s.shape, bool((s[:, 0, 1] == 2).all())
    ((3, 1, 2), True)
    """
    vals = np.asarray(values, dtype=float)
    if vals.ndim == 1:
        vals = vals[:, None]
    n, k = vals.shape
    if n_resamples < 1:
        raise ValueError(f"n_resamples must be positive, got {n_resamples}")
    rng = check_random_state(random_state)
    codes = np.zeros(n, dtype=np.int64) if groups is None else np.unique(np.asarray(groups), return_inverse=True)[1]
    order = np.argsort(codes, kind="stable")
    vals, codes = vals[order], codes[order]
    n_groups = int(codes.max()) + 1 if n else 0
    sizes = np.bincount(codes, minlength=n_groups)
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    out = np.zeros((n_resamples, n_groups, k))
    if n == 0:
        return out
    # int32 offsets, float32 draws and one contiguous array per column: ~4x faster than
    # float64 draws gathering whole rows, which matters at 10^5-10^6 units.
    first = np.repeat(starts, sizes).astype(np.int32)
    size = np.repeat(sizes, sizes)
    size32, last = size.astype(np.float32), (size - 1).astype(np.int32)
    nonempty = sizes > 0
    columns = []
    for j in range(k):
        col = np.ascontiguousarray(vals[:, j])
        if (col == 1.0).all():
            # a column of ones (a mean's denominator) sums to the group size in every resample,
            # exactly, whatever the draws: no need to gather it
            out[:, nonempty, j] = sizes[nonempty]
        else:
            columns.append((j, col))
    block = max(1, _BLOCK_ELEMENTS // max(n, 1))
    # buffers reused across blocks (the last block may be shorter: views of their first rows)
    draws = np.empty((min(block, n_resamples), n), dtype=np.float32)
    idx = np.empty(draws.shape, dtype=np.int32)
    picked = np.empty(draws.shape) if columns else None
    for b0 in range(0, n_resamples, block):
        b1 = min(b0 + block, n_resamples)
        r, ix = draws[:b1 - b0], idx[:b1 - b0]
        rng.random(out=r, dtype=np.float32)
        np.multiply(r, size32, out=r)
        np.copyto(ix, r, casting="unsafe")         # truncation, as astype(np.int32)
        np.minimum(ix, last, out=ix)               # float32 rounding can reach the group size
        np.add(ix, first, out=ix)
        for j, col in columns:
            # every index is in range, so "clip" never clips; it only skips the bounds checks
            v = np.take(col, ix, out=picked[:b1 - b0], mode="clip")
            out[b0:b1, nonempty, j] = np.add.reduceat(v, starts[nonempty], axis=1)
    return out


def bootstrap_weights(n_units: int, *, n_resamples: int = 2000, random_state) -> np.ndarray:
    """How often each unit is drawn in each bootstrap resample (multinomial counts).

    For statistics that are easier to recompute from weighted units than from
    resampled rows (e.g. a term-by-sentence matrix times the weights).

    Returns
    -------
    numpy.ndarray of int, shape (n_resamples, n_units)
        Each row sums to ``n_units``.
    """
    if n_units < 1:
        raise ValueError(f"n_units must be positive, got {n_units}")
    rng = check_random_state(random_state)
    return rng.multinomial(n_units, np.full(n_units, 1.0 / n_units), size=n_resamples)


def bootstrap_ci(numerator, denominator=None, *, n_resamples: int = 2000,
                 confidence_level: float = 0.95, scale: float = 1.0, random_state) -> dict:
    """Percentile bootstrap interval for ``scale * sum(numerator) / sum(denominator)``.

    Parameters
    ----------
    numerator : array-like of float, shape (n_units,)
        Per-unit values (e.g. hedges in each sentence).
    denominator : array-like of float, shape (n_units,), default=None
        Per-unit weights (e.g. words in each sentence); ``None`` means 1 per unit,
        so the statistic is the mean of ``numerator``.
    n_resamples : int, default=2000
    confidence_level : float, default=0.95
    scale : float, default=1.0
        Multiplier, e.g. 1000 for a rate per 1,000 words.
    random_state : int or numpy.random.Generator
        Required; no hidden global randomness.

    Returns
    -------
    dict
        ``estimate, ci_low, ci_high, n`` (``n`` = number of units). With fewer than
        two units, or a zero total denominator, the interval is NaN.

    Examples
    --------
    >>> r = bootstrap_ci([1, 0, 1, 1], random_state=0)
    >>> r["estimate"], r["n"]
    (0.75, 4)
    """
    num, den = _as_arrays(numerator, denominator)
    if not 0 < confidence_level < 1:
        raise ValueError(f"confidence_level must be in (0, 1), got {confidence_level}")
    if n_resamples < 1:
        raise ValueError(f"n_resamples must be positive, got {n_resamples}")
    rng = check_random_state(random_state)
    n = len(num)
    estimate = float(scale * _ratio(num.sum(), den.sum())) if n else float("nan")
    if n < 2 or den.sum() <= 0:
        return {"estimate": estimate, "ci_low": float("nan"), "ci_high": float("nan"), "n": n}
    sums = bootstrap_sums(np.column_stack([num, den]), n_resamples=n_resamples, random_state=rng)[:, 0, :]
    stats = scale * _ratio(sums[:, 0], sums[:, 1])
    alpha = (1 - confidence_level) / 2
    low, high = _quantiles(stats, [alpha, 1 - alpha])
    return {"estimate": estimate, "ci_low": float(low), "ci_high": float(high), "n": n}


def bootstrap_by_group(units: pd.DataFrame, value: str, *, by: str | list[str] = "period",
                       weight: str | None = None, n_resamples: int = 2000,
                       confidence_level: float = 0.95, scale: float = 1.0,
                       random_state) -> pd.DataFrame:
    """Bootstrap interval of ``scale * sum(value) / sum(weight)`` within each group.

    Units (rows) are resampled within each group independently; groups are visited
    in sorted order and all draw from one generator, so results depend only on the
    seed and the data.

    Parameters
    ----------
    units : pandas.DataFrame
        One row per unit (sentence or paragraph).
    value : str
        Column summed in the numerator.
    by : str or list of str, default="period"
        Grouping column(s).
    weight : str, default=None
        Column summed in the denominator; ``None`` gives the group mean of ``value``.
    n_resamples, confidence_level, scale, random_state
        As in :func:`bootstrap_ci`.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns and ``estimate, ci_low, ci_high, n``.
    """
    by = [by] if isinstance(by, str) else list(by)
    for col in [*by, value] + ([weight] if weight else []):
        if col not in units.columns:
            raise KeyError(f"column {col!r} not in units (have {list(units.columns)})")
    if not 0 < confidence_level < 1:
        raise ValueError(f"confidence_level must be in (0, 1), got {confidence_level}")
    rng = check_random_state(random_state)
    keys = units[by].drop_duplicates().sort_values(by).reset_index(drop=True)
    if keys.empty:
        return pd.DataFrame(columns=[*by, "estimate", "ci_low", "ci_high", "n"])
    codes = units.groupby(by, sort=True).ngroup().to_numpy()
    num, den = _as_arrays(units[value], units[weight] if weight else None)
    n = np.bincount(codes, minlength=len(keys))
    totals = np.zeros((len(keys), 2))
    np.add.at(totals, codes, np.column_stack([num, den]))
    estimate = scale * _ratio(totals[:, 0], totals[:, 1])
    sums = bootstrap_sums(np.column_stack([num, den]), codes, n_resamples=n_resamples, random_state=rng)
    boot = scale * _ratio(sums[:, :, 0], sums[:, :, 1])
    alpha = (1 - confidence_level) / 2
    low, high = _quantiles(boot, [alpha, 1 - alpha])
    no_ci = (n < 2) | (totals[:, 1] <= 0)
    out = keys.copy()
    out["estimate"] = estimate
    out["ci_low"] = np.where(no_ci, np.nan, low)
    out["ci_high"] = np.where(no_ci, np.nan, high)
    out["n"] = n
    return out


def _permutation_core(num, den, n_b, n_resamples, scale, rng):
    """Differences (b - a) in ratios of sums for k measures sharing one set of permutations.

    ``num`` and ``den`` are (n_units, k); the last ``n_b`` units are group b.
    Returns ``(observed (k,), p_values (k,))``.
    """
    n, k = num.shape
    n_a = n - n_b
    tot_num, tot_den = num.sum(0), den.sum(0)
    b_num, b_den = num[n_a:].sum(0), den[n_a:].sum(0)
    observed = scale * (_ratio(b_num, b_den) - _ratio(tot_num - b_num, tot_den - b_den))
    tol = 1e-12 * np.maximum(1.0, np.abs(observed))  # ties count as extreme
    exceed = np.zeros(k, dtype=np.int64)
    # One contiguous array per column: gathering columns is much faster than gathering rows.
    num_cols = [np.ascontiguousarray(num[:, j]) for j in range(k)]
    den_cols = [np.ascontiguousarray(den[:, j]) for j in range(k)]
    block = max(1, _BLOCK_ELEMENTS // max(n, 1))
    done = 0
    while done < n_resamples:
        m = min(block, n_resamples - done)
        # Only group b's sums are needed: group a's are the totals minus them.
        in_b = rng.permuted(np.tile(np.arange(n, dtype=np.int32), (m, 1)), axis=1)[:, :n_b]
        pb_num = np.column_stack([col[in_b].sum(1) for col in num_cols])
        pb_den = np.column_stack([col[in_b].sum(1) for col in den_cols])
        diff = scale * (_ratio(pb_num, pb_den) - _ratio(tot_num - pb_num, tot_den - pb_den))
        exceed += np.sum(np.abs(diff) >= np.abs(observed) - tol, axis=0)
        done += m
    return observed, (exceed + 1) / (n_resamples + 1)


def permutation_test(numerator_a, numerator_b, denominator_a=None, denominator_b=None, *,
                     n_resamples: int = 5000, scale: float = 1.0, random_state) -> dict:
    """Two-sided permutation test of a difference in ratios of sums between two groups.

    The statistic is ``scale * (ratio_b - ratio_a)`` with ``ratio = sum(num) / sum(den)``.
    Group labels of the units are shuffled ``n_resamples`` times.

    Parameters
    ----------
    numerator_a, numerator_b : array-like of float
        Per-unit values in group a and group b.
    denominator_a, denominator_b : array-like of float, default=None
        Per-unit weights (1 per unit when ``None``).
    n_resamples : int, default=5000
    scale : float, default=1.0
    random_state : int or numpy.random.Generator

    Returns
    -------
    dict
        ``difference`` (b - a), ``p_value`` (two-sided, never 0), ``n_a, n_b, n_resamples``.

    Examples
    --------
    >>> r = permutation_test([0, 0, 0, 0, 0], [1, 1, 1, 1, 1], random_state=0)
    >>> r["difference"], r["p_value"] < 0.05
    (1.0, True)
    """
    num_a, den_a = _as_arrays(numerator_a, denominator_a)
    num_b, den_b = _as_arrays(numerator_b, denominator_b)
    rng = check_random_state(random_state)
    n_a, n_b = len(num_a), len(num_b)
    if n_a == 0 or n_b == 0:
        raise ValueError(f"both groups need at least one unit (got {n_a} and {n_b})")
    observed, p = _permutation_core(np.concatenate([num_a, num_b])[:, None],
                                    np.concatenate([den_a, den_b])[:, None], n_b, n_resamples, scale, rng)
    return {"difference": float(observed[0]), "p_value": float(p[0]),
            "n_a": n_a, "n_b": n_b, "n_resamples": n_resamples}


def compare_groups(units: pd.DataFrame, value: str | list[str], *, by: str = "period",
                   weight: str | None = None, reference: str | None = None, n_resamples: int = 5000,
                   scale: float = 1.0, random_state) -> pd.DataFrame:
    """Permutation tests of every group against a reference group, for one or more measures.

    When several ``value`` columns are given they share one set of permutations
    (one shuffle of the unit labels serves every measure), which is as valid for
    each measure as separate shuffles and k times cheaper.

    Parameters
    ----------
    units : pandas.DataFrame
        One row per unit.
    value : str or list of str
        Column(s) summed in the numerator.
    by, weight, scale
        As in :func:`bootstrap_by_group` (``weight`` is shared by all measures).
    reference : str, default=None
        The group compared against (default: the first group in sorted order, i.e.
        the earliest period).
    n_resamples : int, default=5000
    random_state : int or numpy.random.Generator

    Returns
    -------
    pandas.DataFrame
        ``reference, group, difference, p_value, n_a, n_b, n_resamples, measure`` --
        ``difference`` is group minus reference; one row per group and measure.
    """
    values = [value] if isinstance(value, str) else list(value)
    columns = ["reference", "group", "difference", "p_value", "n_a", "n_b", "n_resamples", "measure"]
    rng = check_random_state(random_state)
    key = units[by].astype(str)
    groups = sorted(key.unique())
    if len(groups) < 2:
        return pd.DataFrame(columns=columns)
    reference = groups[0] if reference is None else str(reference)
    if reference not in groups:
        raise ValueError(f"reference group {reference!r} not among {groups}")
    ref = units.loc[key == reference]
    rows = []
    for g in groups:
        if g == reference:
            continue
        other = units.loc[key == g]
        if len(ref) == 0 or len(other) == 0:
            raise ValueError(f"both groups need at least one unit (got {len(ref)} and {len(other)})")
        both = pd.concat([ref, other])
        num = both[values].to_numpy(dtype=float)
        den = np.repeat((both[weight].to_numpy(dtype=float) if weight else np.ones(len(both)))[:, None],
                        len(values), axis=1)
        observed, p = _permutation_core(num, den, len(other), n_resamples, scale, rng)
        for j, measure in enumerate(values):
            rows.append({"reference": reference, "group": g, "difference": float(observed[j]),
                         "p_value": float(p[j]), "n_a": len(ref), "n_b": len(other),
                         "n_resamples": n_resamples, "measure": measure})
    return pd.DataFrame(rows, columns=columns)
