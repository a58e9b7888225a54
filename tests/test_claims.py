"""analysis.claims: sentences say what the numbers say, never more."""

from __future__ import annotations

import pandas as pd

from analysis import claims
from analysis.stats import group_tests


def test_sentence_follows_the_table():
    units = pd.DataFrame({"period": ["2014"] * 8 + ["2024"] * 8, "x": [0, 1] * 4 + [1] * 8})
    row = group_tests(units, "x", n_resamples=499, random_state=0).iloc[0]
    text = claims.describe_difference(row, quantity="Share", labels={"2024": "2024 · B"})
    assert text.startswith("Share is higher in 2024 · B than in 2014")
    assert f"{row['difference']:+.2f}" in text
    assert claims.difference_direction(row) == "higher"
    assert ("not distinguishable" in text) == (not claims.is_distinguishable(row))


def test_no_power_is_not_similarity():
    row = {"reference": "2014", "group": "2024", "difference": -0.1, "ci_low": -0.5, "ci_high": 0.3,
           "p_value": 0.6, "p_holm": 1.0}
    text = claims.describe_difference(row, quantity="Hedges per 1,000 words")
    assert "lower in 2024" in text and "not evidence that the two are alike" in text
    assert "Holm-adjusted 1.000" in text
    assert claims.describe_difference({**row, "p_value": 0.001, "p_holm": 0.004}, quantity="X").endswith(
        "distinguishable from chance at the 0.05 level.")
