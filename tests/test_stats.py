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


def test_bootstrap_sums_shapes_and_groups():
    sums = stats.bootstrap_sums([[1, 10], [1, 10], [0, 5]], ["b", "b", "a"], n_resamples=50, random_state=0)
    assert sums.shape == (50, 2, 2)
    assert (sums[:, 0, 0] == 0).all() and (sums[:, 0, 1] == 5).all()  # group "a": one unit, sorted first
    assert (sums[:, 1, 0] == 2).all() and (sums[:, 1, 1] == 20).all()


def test_bootstrap_by_group_equals_per_group_distribution():
    rng = np.random.default_rng(0)
    units = pd.DataFrame({"g": np.repeat(["x", "y"], [300, 100]), "v": rng.normal(size=400)})
    out = stats.bootstrap_by_group(units, "v", by="g", n_resamples=4000, random_state=1).set_index("g")
    for g in ["x", "y"]:
        single = stats.bootstrap_ci(units.loc[units.g == g, "v"], n_resamples=4000, random_state=2)
        width = single["ci_high"] - single["ci_low"]
        assert out.loc[g, "ci_high"] - out.loc[g, "ci_low"] == pytest.approx(width, rel=0.1)


def test_bootstrap_weights_rows_sum_to_n():
    w = stats.bootstrap_weights(7, n_resamples=20, random_state=0)
    assert w.shape == (20, 7) and (w.sum(1) == 7).all()


def test_compare_groups_several_measures_share_permutations():
    rng = np.random.default_rng(4)
    units = pd.DataFrame({"period": np.repeat(["2014", "2024"], 40), "a": rng.random(80) < 0.5,
                          "b": np.r_[np.zeros(40), np.ones(40)], "w": 10.0})
    out = stats.compare_groups(units, ["a", "b"], weight="w", n_resamples=999, random_state=0)
    assert out["measure"].tolist() == ["a", "b"]
    assert out.loc[1, "difference"] == pytest.approx(0.1) and out.loc[1, "p_value"] == pytest.approx(1 / 1000)
    single = stats.compare_groups(units, "a", weight="w", n_resamples=999, random_state=0)
    assert single.loc[0, "difference"] == pytest.approx(out.loc[0, "difference"])


# --------------------------------------------------------------------------- the right unit
from analysis.stats import (exact_binomial_ci, exact_poisson_ci, group_intervals, group_tests, holm,  # noqa: E402
                            resampling_unit, step_rng, step_seed)


def _two_periods(docs_per_period, sentences_per_doc=3):
    rows = []
    for period, base in (("2014", 0), ("2024", 1)):
        for d in range(docs_per_period):
            for s in range(sentences_per_doc):
                rows.append({"period": period, "doc_id": f"{period}-{d}", "x": base + (d % 2), "words": 10})
    return pd.DataFrame(rows)


def test_sentence_unit_reproduces_bootstrap_by_group():
    units = _two_periods(1, sentences_per_doc=8)
    units["x"] = np.arange(len(units)) % 3
    a = group_intervals(units, "x", weight="words", scale=1000, random_state=3)
    b = stats.bootstrap_by_group(units, "x", weight="words", scale=1000, random_state=3)
    assert a["unit"].eq("sentence").all()
    np.testing.assert_array_equal(a[["estimate", "ci_low", "ci_high"]].to_numpy(),
                                  b[["estimate", "ci_low", "ci_high"]].to_numpy())


def test_documents_are_resampled_when_every_period_has_min_docs():
    units = _two_periods(5)
    assert resampling_unit(units, min_docs=5) == "document"
    assert resampling_unit(units, min_docs=6) == "sentence"
    out = group_intervals(units, "x", min_docs=5, random_state=0)
    assert out["unit"].eq("document").all() and out["n"].tolist() == [5, 5]


def test_finer_groups_count_documents_per_period():
    # Two periods of 6 documents; pair "a" in every document, pair "b" in one document only.
    # DESIGN 2: every period has min_docs documents, so documents are resampled in every
    # group; the sparse pair gets no interval from its one document instead of turning every
    # pair's interval into a within-text (sentence) one.
    units = _two_periods(6)
    units["pair"] = "a"
    units.loc[(units["doc_id"] == "2014-0") & (units.index % 3 == 0), "pair"] = "b"
    assert units.loc[units["pair"] == "b", "doc_id"].nunique() == 1
    out = group_intervals(units, "x", by=["pair", "period"], min_docs=5, random_state=0)
    assert out["unit"].eq("document").all()
    b = out.loc[out["pair"] == "b"].iloc[0]
    assert b["n"] == 1 and np.isnan(b["ci_low"]) and np.isnan(b["ci_high"])
    assert out.loc[out["pair"] == "a", "n"].tolist() == [6, 6]
    # counting the finer groups themselves (the rule before) falls back to sentences everywhere
    old = group_intervals(units, "x", by=["pair", "period"], min_docs=5, strata=["pair", "period"], random_state=0)
    assert old["unit"].eq("sentence").all()
    with pytest.raises(KeyError, match="nope"):
        group_intervals(units, "x", by=["pair", "period"], strata="nope", random_state=0)


def test_document_interval_hand_worked():
    # Two documents per period with means 0 and 1 (equal sizes): every document resample of
    # size 2 has mean 0, 0.5 or 1 with probabilities 1/4, 1/2, 1/4, so the 95 % percentile
    # interval is [0, 1] and the estimate 0.5.
    units = _two_periods(2)
    out = group_intervals(units, "x", min_docs=2, n_resamples=4000, random_state=1)
    first = out.iloc[0]
    assert first["estimate"] == pytest.approx(0.5)
    assert (first["ci_low"], first["ci_high"]) == (0.0, 1.0)
    # Resampling sentences instead would treat the 6 sentences as independent: narrower.
    by_sentence = group_intervals(units, "x", min_docs=5, n_resamples=4000, random_state=1).iloc[0]
    assert by_sentence["ci_high"] - by_sentence["ci_low"] < 1.0


def test_zero_count_gets_exact_upper_bound():
    units = pd.DataFrame({"period": ["a"] * 10, "doc_id": ["d"] * 10, "hedges": [0] * 10, "words": [80] * 10})
    out = group_intervals(units, "hedges", weight="words", scale=1000, random_state=0).iloc[0]
    assert out["estimate"] == 0 and out["ci_low"] == 0
    assert out["ci_high"] == pytest.approx(exact_poisson_ci(0, 800, scale=1000)[1])
    assert out["method"] == "exact Garwood"


def test_exact_intervals_known_values():
    assert exact_poisson_ci(0, 1)[1] == pytest.approx(3.689, abs=1e-3)   # Garwood, k = 0
    assert exact_poisson_ci(5, 1) == pytest.approx((1.6235, 11.6683), abs=1e-3)
    assert exact_binomial_ci(0, 10)[1] == pytest.approx(0.3085, abs=1e-3)
    assert exact_binomial_ci(10, 10)[0] == pytest.approx(0.6915, abs=1e-3)


def test_holm_matches_hand_computation():
    # sorted p: 0.01*3 = 0.03; 0.03*2 = 0.06; 0.04*1 = 0.04 -> running max 0.06
    assert holm([0.01, 0.04, 0.03]).tolist() == pytest.approx([0.03, 0.06, 0.06])
    assert np.isnan(holm([np.nan, 0.5])[0])


def test_group_tests_difference_interval_and_holm():
    units = _two_periods(1, sentences_per_doc=12)
    units["y"] = 1 - units["x"]
    t = group_tests(units, ["x", "y"], n_resamples=999, random_state=0)
    assert t["measure"].tolist() == ["x", "y"]
    assert t["difference"].tolist() == [1.0, -1.0]
    assert (t["ci_low"] <= t["difference"]).all() and (t["difference"] <= t["ci_high"]).all()
    assert (t["p_holm"] >= t["p_value"]).all() and t["unit"].eq("sentence").all()
    assert group_tests(units.loc[units["period"] == "2014"], "x", random_state=0).empty


def test_step_streams_are_independent_of_other_steps():
    assert step_rng(1, "a").random() == step_rng(1, "a").random()
    assert step_seed(1, "a") != step_seed(1, "b")
    assert 0 <= step_seed(1, "a") < 2 ** 31
    with pytest.raises(ValueError):
        step_seed(None, "a")
