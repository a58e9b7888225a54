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


def _resampled_sums(num, den, n_resamples, rng):
    """Sums of ``num`` and ``den`` over bootstrap resamples, in memory-bounded blocks."""
    n = len(num)
    block = max(1, _BLOCK_ELEMENTS // max(n, 1))
    num_sums = np.empty(n_resamples)
    den_sums = np.empty(n_resamples)
    for start in range(0, n_resamples, block):
        stop = min(start + block, n_resamples)
        idx = rng.integers(0, n, size=(stop - start, n))
        num_sums[start:stop] = num[idx].sum(axis=1)
        den_sums[start:stop] = den[idx].sum(axis=1)
    return num_sums, den_sums


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
    num_sums, den_sums = _resampled_sums(num, den, n_resamples, rng)
    stats = scale * _ratio(num_sums, den_sums)
    alpha = (1 - confidence_level) / 2
    low, high = np.nanquantile(stats, [alpha, 1 - alpha])
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
    rng = check_random_state(random_state)
    rows = []
    for key, grp in units.groupby(by, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        res = bootstrap_ci(grp[value], grp[weight] if weight else None, n_resamples=n_resamples,
                           confidence_level=confidence_level, scale=scale, random_state=rng)
        rows.append({**dict(zip(by, key)), **res})
    return pd.DataFrame(rows, columns=[*by, "estimate", "ci_low", "ci_high", "n"])


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
    num = np.concatenate([num_a, num_b])
    den = np.concatenate([den_a, den_b])
    observed = scale * (_ratio(num_b.sum(), den_b.sum()) - _ratio(num_a.sum(), den_a.sum()))
    n = n_a + n_b
    block = max(1, _BLOCK_ELEMENTS // n)
    exceed = 0
    done = 0
    tol = 1e-12 * max(1.0, abs(float(observed)))  # ties count as extreme
    while done < n_resamples:
        m = min(block, n_resamples - done)
        perms = rng.permuted(np.tile(np.arange(n), (m, 1)), axis=1)
        in_b = perms[:, :n_b]
        in_a = perms[:, n_b:]
        diff = scale * (_ratio(num[in_b].sum(1), den[in_b].sum(1)) - _ratio(num[in_a].sum(1), den[in_a].sum(1)))
        exceed += int(np.sum(np.abs(diff) >= abs(observed) - tol))
        done += m
    return {"difference": float(observed), "p_value": (exceed + 1) / (n_resamples + 1),
            "n_a": n_a, "n_b": n_b, "n_resamples": n_resamples}


def compare_groups(units: pd.DataFrame, value: str, *, by: str = "period", weight: str | None = None,
                   reference: str | None = None, n_resamples: int = 5000, scale: float = 1.0,
                   random_state) -> pd.DataFrame:
    """Permutation tests of every group against a reference group.

    Parameters
    ----------
    units : pandas.DataFrame
        One row per unit.
    value, by, weight, scale
        As in :func:`bootstrap_by_group`.
    reference : str, default=None
        The group compared against (default: the first group in sorted order, i.e.
        the earliest period).
    n_resamples : int, default=5000
    random_state : int or numpy.random.Generator

    Returns
    -------
    pandas.DataFrame
        ``reference, group, difference, p_value, n_a, n_b, n_resamples`` --
        ``difference`` is group minus reference.
    """
    rng = check_random_state(random_state)
    groups = sorted(units[by].astype(str).unique())
    if len(groups) < 2:
        return pd.DataFrame(columns=["reference", "group", "difference", "p_value", "n_a", "n_b", "n_resamples"])
    reference = groups[0] if reference is None else str(reference)
    if reference not in groups:
        raise ValueError(f"reference group {reference!r} not among {groups}")
    key = units[by].astype(str)
    ref = units.loc[key == reference]
    rows = []
    for g in groups:
        if g == reference:
            continue
        other = units.loc[key == g]
        res = permutation_test(ref[value], other[value],
                               ref[weight] if weight else None, other[weight] if weight else None,
                               n_resamples=n_resamples, scale=scale, random_state=rng)
        rows.append({"reference": reference, "group": g, **res})
    return pd.DataFrame(rows)
