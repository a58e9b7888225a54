"""analysis.plots.common: the shared interval dot plot draws any interval table."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis.plots.common import interval_dotplot  # noqa: E402


def _table():
    return pd.DataFrame({"frame": ["a", "b", "a", "b"], "period": ["2014", "2014", "2024", "2024"],
                         "estimate": [0.2, 0.5, 0.3, 0.1], "ci_low": [0.1, 0.3, np.nan, 0.0],
                         "ci_high": [0.3, 0.7, np.nan, 0.2], "stable": [True, False, True, True]})


def test_dotplot_draws_one_row_per_category_and_a_legend():
    ax = interval_dotplot(_table(), y="frame", labels={"2014": "2014 · A", "2024": "2024 · B"}, xlabel="share")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"]
    assert {t.get_text() for t in ax.get_legend().get_texts()} == {"2014 · A", "2024 · B"}
    assert ax.get_xlabel() == "share"


def test_dotplot_flags_and_missing_columns():
    t = _table()
    t["unstable"] = ~t["stable"]
    ax = interval_dotplot(t, y="frame", flag="unstable", flag_label="unstable topic")
    assert "unstable topic" in {x.get_text() for x in ax.get_legend().get_texts()}
    with pytest.raises(KeyError, match="not in the table"):
        interval_dotplot(t.drop(columns="ci_low"), y="frame")
