"""Adding an article in a new period needs no code change: every notebook still runs.

A short, clearly labelled test article (tests/data/third_article.txt, written for the
suite, not a published text) is added with ``analysis add`` to a scratch copy of the
project as period 2019; then the whole pipeline runs there and every period-level
table must include the new period.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis import config, runner
from analysis.ingest import add_article
from conftest import run_pipeline, scratch_project

ROOT = config.PACKAGE_DIR.parents[1]
ARTICLE = Path(__file__).parent / "data" / "third_article.txt"


LIGHT = {"N_RESAMPLES": 200, "K_RANGE": [2, 3, 4], "K_RUNS": 3, "N_SEEDS": 3}


@pytest.fixture(scope="module")
def three_period_run(tmp_path_factory):
    root = scratch_project(tmp_path_factory.mktemp("project3"))
    add_article(ARTICLE, corpus_dir=root / "corpus", doc_id="2019-test-article", period="2019",
                outlet="Test", author="Suite Tests", title="Customs terminal at Astara", date="2019-03",
                body_end="This test article was written")
    # This test checks that every analysis runs and includes the new period, not its numbers:
    # fewer resamples and refits keep the suite fast (the bundled run uses the notebooks' defaults).
    run_pipeline(root, params=LIGHT)
    return root


def test_every_notebook_runs_with_three_periods(three_period_run):
    for stage in runner.list_stages(three_period_run / "notebooks"):
        nb = json.loads((three_period_run / "notebooks" / f"{stage}.ipynb").read_text())
        errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors, stage


#: Tables that hold one row (or more) per period: the new period must appear in each.
PERIOD_TABLES = ["corpus_by_period", "readability_by_period", "stance", "frames_by_period",
                 "sentiment_by_period", "topic_prevalence", "actor_mentions_by_period", "synthesis_summary"]


def test_period_tables_include_the_new_period(three_period_run):
    tables = three_period_run / "figures" / "tables"
    for name in PERIOD_TABLES:
        df = pd.read_csv(tables / f"{name}.csv", dtype=str)
        assert {"2014", "2019", "2024"} <= set(df["period"]), name
    keyness = pd.read_csv(tables / "keyness.csv", dtype=str)
    assert {"count_2014", "count_2019", "count_2024"} <= set(keyness.columns)
    assert "2019" in set(keyness["period"])


def test_boilerplate_of_new_article_not_analysed(three_period_run):
    for csv in (three_period_run / "figures" / "tables").glob("*.csv"):
        text = csv.read_text().lower()
        assert "newsletter" not in text, csv.name
        assert "test article was written" not in text, csv.name
