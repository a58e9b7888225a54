"""The shared uncertainty tools against known distributions and hand-checkable cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from analysis import stats


def test_bootstrap_mean_matches_normal_theory():
    rng = np.random.default_rng(0)
    x = rng.normal(loc=2.0, scale=1.0, size=400)
    res = stats.bootstrap_ci(x, n_resamples=4000, random_state=1)
    se = x.std(ddof=1) / np.sqrt(len(x))
    assert res["estimate"] == pytest.approx(x.mean())
    assert res["ci_low"] == pytest.approx(x.mean() - 1.96 * se, abs=0.25 * se)
    assert res["ci_high"] == pytest.approx(x.mean() + 1.96 * se, abs=0.25 * se)


def test_bootstrap_agrees_with_scipy_percentile():
    rng = np.random.default_rng(3)
    x = rng.exponential(size=150)
    ours = stats.bootstrap_ci(x, n_resamples=5000, random_state=2)
    ref = sps.bootstrap((x,), np.mean, n_resamples=5000, method="percentile", rng=np.random.default_rng(9))
    assert ours["ci_low"] == pytest.approx(ref.confidence_interval.low, rel=0.05)
    assert ours["ci_high"] == pytest.approx(ref.confidence_interval.high, rel=0.05)


def test_ratio_of_sums_rate_per_thousand():
    # 3 hedges in 100 words + 1 in 300 words = 4 per 400 words = 10 per 1,000
    res = stats.bootstrap_ci([3, 1], [100, 300], scale=1000, n_resamples=200, random_state=0)
    assert res["estimate"] == pytest.approx(10.0)
    assert 1000 / 300 * 1 <= res["ci_high"] <= 30.0 + 1e-9


def test_bootstrap_coverage_of_binomial_share():
    """About 95% of intervals for a Bernoulli(0.3) share should cover 0.3."""
    rng = np.random.default_rng(5)
    covered = 0
    for i in range(200):
        x = rng.random(120) < 0.3
        r = stats.bootstrap_ci(x, n_resamples=500, random_state=i)
        covered += r["ci_low"] <= 0.3 <= r["ci_high"]
    assert 0.90 <= covered / 200 <= 0.99


def test_seeded_and_deterministic():
    x = np.arange(50.0)
    assert stats.bootstrap_ci(x, random_state=7) == stats.bootstrap_ci(x, random_state=7)
    assert stats.bootstrap_ci(x, random_state=7) != stats.bootstrap_ci(x, random_state=8)


def test_degenerate_inputs():
    r = stats.bootstrap_ci([5.0], random_state=0)
    assert r["estimate"] == 5.0 and np.isnan(r["ci_low"]) and r["n"] == 1
    with pytest.raises(ValueError, match="random_state"):
        stats.bootstrap_ci([1, 2], random_state=None)
    with pytest.raises(ValueError, match="equal length"):
        stats.bootstrap_ci([1, 2], [1], random_state=0)


def test_bootstrap_by_group_columns_and_values():
    units = pd.DataFrame({"period": ["a"] * 4 + ["b"] * 4, "hit": [1, 1, 0, 0, 1, 0, 0, 0]})
    out = stats.bootstrap_by_group(units, "hit", n_resamples=300, random_state=0)
    assert list(out.columns) == ["period", "estimate", "ci_low", "ci_high", "n"]
    assert out["estimate"].tolist() == [0.5, 0.25]
    assert (out["ci_low"] <= out["estimate"]).all() and (out["estimate"] <= out["ci_high"]).all()


def test_permutation_test_null_is_uniform():
    """Under H0 the p-values are roughly uniform: ~5% fall below 0.05."""
    rng = np.random.default_rng(11)
    ps = [stats.permutation_test(rng.normal(size=30), rng.normal(size=30), n_resamples=400,
                                 random_state=i)["p_value"] for i in range(200)]
    assert 0.01 <= np.mean(np.array(ps) < 0.05) <= 0.10


def test_permutation_test_matches_scipy():
    rng = np.random.default_rng(2)
    a, b = rng.normal(size=25), rng.normal(loc=0.6, size=25)
    ours = stats.permutation_test(a, b, n_resamples=9999, random_state=0)
    ref = sps.permutation_test((b, a), lambda x, y, axis: np.mean(x, axis) - np.mean(y, axis),
                               n_resamples=9999, vectorized=True, rng=np.random.default_rng(0))
    assert ours["difference"] == pytest.approx(b.mean() - a.mean())
    assert ours["p_value"] == pytest.approx(ref.pvalue, abs=0.01)


def test_permutation_exact_small_case():
    # All 5 ones in b, all zeros in a: exact two-sided p = 2 / C(10,5) = 0.0079
    r = stats.permutation_test([0] * 5, [1] * 5, n_resamples=20000, random_state=0)
    assert r["p_value"] == pytest.approx(2 / 252, abs=0.003)


def test_compare_groups_reference_and_rows():
    units = pd.DataFrame({"period": ["2014"] * 6 + ["2024"] * 6 + ["2030"] * 6,
                          "x": [0, 0, 0, 1, 0, 0] + [1, 1, 1, 1, 0, 1] + [0] * 6})
    out = stats.compare_groups(units, "x", n_resamples=500, random_state=0)
    assert out["reference"].unique().tolist() == ["2014"]
    assert out["group"].tolist() == ["2024", "2030"]
    assert out["difference"].tolist() == pytest.approx([4 / 6, -1 / 6])
