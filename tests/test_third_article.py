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


@pytest.fixture(scope="module")
def three_period_run(tmp_path_factory):
    root = scratch_project(tmp_path_factory.mktemp("project3"))
    add_article(ARTICLE, corpus_dir=root / "corpus", doc_id="2019-test-article", period="2019",
                outlet="Test", author="Suite Tests", title="Customs terminal at Astara", date="2019-03",
                body_end="This test article was written")
    run_pipeline(root)
    return root


def test_every_notebook_runs_with_three_periods(three_period_run):
    for stage in runner.list_stages(three_period_run / "notebooks"):
        nb = json.loads((three_period_run / "notebooks" / f"{stage}.ipynb").read_text())
        errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors, stage


def test_period_tables_include_the_new_period(three_period_run):
    checked = 0
    for csv in sorted((three_period_run / "figures" / "tables").glob("*.csv")):
        df = pd.read_csv(csv, dtype=str)
        if "period" in df.columns and "doc_id" not in df.columns and len(df):
            assert "2019" in set(df["period"]), csv.name
            checked += 1
        if "doc_id" in df.columns:
            assert "2019-test-article" in set(df["doc_id"]) or "period" not in df.columns or \
                "2019" in set(df["period"]), csv.name
    assert checked >= 1


def test_boilerplate_of_new_article_not_analysed(three_period_run):
    for csv in (three_period_run / "figures" / "tables").glob("*.csv"):
        text = csv.read_text().lower()
        assert "newsletter" not in text, csv.name
        assert "test article was written" not in text, csv.name
