"""Tests for analysis.keyness.power: the smallest detectable count, checked against the z formula."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import keyness as K
from analysis.keyness.power import detectable_counts, power_lines
from analysis.keyness.statistics import log_odds_dirichlet


def _z(counts, period, k, base, alpha0=1000.0):
    """z of a hypothetical term (k in ``period``, ``base`` in the other) by Monroe et al.'s formula."""
    other = [c for c in counts.columns if c.startswith("count_") and c != f"count_{period}"][0]
    y_i = np.r_[counts[f"count_{period}"].to_numpy(float), k]
    y_j = np.r_[counts[other].to_numpy(float), base]
    pooled = y_i + y_j
    return float(log_odds_dirichlet(y_i, y_j, alpha0 * pooled / pooled.sum())["z"].iloc[-1])


def test_smallest_count_matches_the_formula_on_a_toy_table():
    c = pd.DataFrame({"term": ["a", "b", "c"], "count_x": [300, 200, 300], "count_y": [500, 400, 300]})
    d = detectable_counts(c, base_counts=(0, 3)).set_index(["period", "base_count"])
    for (period, base), rec in d.iterrows():
        k = int(rec["min_count"])
        assert _z(c, period, k, base) == pytest.approx(rec["z_at_min"])
        assert _z(c, period, k, base) > 1.96 >= _z(c, period, k - 1, base)
    assert d.loc[("x", 0), "n_words"] == 800 and d.loc[("x", 0), "n_words_rest"] == 1200
    # the shorter text needs fewer occurrences to stand out against an absent term
    assert d.loc[("x", 0), "min_count"] < d.loc[("y", 0), "min_count"]


def test_power_statement_on_the_two_articles(corpus):
    counts = K.count_terms(K.extract_terms(corpus))
    d = detectable_counts(counts).set_index(["period", "base_count"])
    # ~770 vs ~1,160 counted terms: a term absent from one text must occur 7 (2014) or 13 (2024) times in the other
    assert d.loc[("2014", 0), "min_count"] == 7 and d.loc[("2024", 0), "min_count"] == 13
    assert d.loc[("2014", 0), "z_one_less"] == pytest.approx(1.94, abs=0.005)
    lines = power_lines(d.reset_index().loc[lambda t: t["base_count"] == 0])
    assert lines[0].startswith("2014 (768 term occurrences against 1,159): a term absent from the rest must occur at least 7 times")


def test_shared_terms_and_stability_lines_read_the_tables(corpus):
    from analysis.keyness.power import shared_terms_line, stability_lines

    counts = K.count_terms(K.extract_terms(corpus))
    assert shared_terms_line(counts).startswith("Content terms used in every period: 77 of 567 (Jaccard 0.14)")
    st = pd.DataFrame({"reference": "general English", "period": "2024", "unit": "sentence",
                       "term": ["azerbaijan", "baku", "tehran", "armenia"], "share_in_top": [1.0, 0.68, 0.57, 0.4455]})
    line = stability_lines(st)[0]
    # the state names are not kept "in nearly every resample": baku 0.68, tehran 0.57, armenia 0.45
    assert "at least 90% of them: azerbaijan (1.00)" in line
    assert "between 50% and 90%: baku (0.68), tehran (0.57)" in line and "fewer than 50%: armenia (0.45)" in line
    edge = stability_lines(st.assign(share_in_top=[0.8955, 0.4995, 0.2, 0.2]))[0]
    assert "at least 90% of them: azerbaijan (0.90)" in edge and "fewer than 50%: baku (0.50)" not in edge
