"""Articles the suite has never seen, and a new period: every notebook still runs, no code change.

The corpus analysed here holds none of the two bundled articles: six synthetic articles
(``benchmarks/make_corpus.py``: sentences of the bundled articles reshuffled into new
articles, 30 % of their words swapped for general English words) in 2014 and 2024, plus a
short, clearly labelled test article (tests/data/third_article.txt, written for the suite,
not a published text) added with ``analysis add`` as period 2019. The whole pipeline runs on
it (``CORPUS_DIR``); every period-level table must include the new period, and every
validation figure must be the one computed on the hand-coded articles (``analysis.hand_coded``:
validation does not depend on the corpus analysed).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis import config, runner
from analysis.ingest import add_article
from conftest import run_pipeline, scratch_project, synthetic_corpus

ROOT = config.PACKAGE_DIR.parents[1]
ARTICLE = Path(__file__).parent / "data" / "third_article.txt"


LIGHT = {"N_RESAMPLES": 200, "K_RANGE": [2, 3, 4], "K_RUNS": 3, "N_SEEDS": 3}


def _unseen_corpus(dest: Path) -> Path:
    """Six synthetic articles, three in 2014 and three in 2024 (the generator's 2019 ones dropped)."""
    out = synthetic_corpus(dest, 9, seed=7, words_per_doc=(500, 700))
    manifest = pd.read_csv(out / "manifest.csv", dtype=str, keep_default_na=False)
    for path in manifest.loc[manifest["period"] == "2019", "file"]:
        (out / path).unlink()
    manifest.loc[manifest["period"] != "2019"].to_csv(out / "manifest.csv", index=False, lineterminator="\n")
    for extra in ("synthetic.json", "n_words.txt"):
        (out / extra).unlink(missing_ok=True)
    return out


@pytest.fixture(scope="module")
def three_period_run(tmp_path_factory):
    root = scratch_project(tmp_path_factory.mktemp("project3"))
    corpus = _unseen_corpus(root / "corpus-unseen")
    add_article(ARTICLE, corpus_dir=corpus, doc_id="2019-test-article", period="2019",
                outlet="Test", author="Suite Tests", title="Customs terminal at Astara", date="2019-03",
                body_end="This test article was written")
    # This test checks that every analysis runs and includes the new period, not its numbers:
    # fewer resamples and refits keep the suite fast (the bundled run uses the notebooks' defaults).
    run_pipeline(root, params={**LIGHT, "CORPUS_DIR": str(corpus)})
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


#: Validation tables and the point-estimate columns that must not depend on the corpus analysed.
VALIDATION_TABLES = {"stance_validation": ["label", "n_gold", "n_coded", "precision", "recall"],
                     "frames_validation": ["set", "frame", "n_gold", "n_coded", "precision", "recall"],
                     "drivers_validation": ["set", "label", "n_gold", "n_coded", "precision", "recall"],
                     "actors_validation": ["level", "label", "n_gold", "n_coded", "precision", "recall"],
                     "sentiment_validation": ["set", "lexicon", "n", "accuracy", "macro_f1"]}


def test_validation_is_computed_on_the_hand_coded_articles(three_period_run):
    corpus = pd.read_csv(three_period_run / "corpus-unseen" / "manifest.csv", dtype=str)
    bundled = pd.read_csv(ROOT / "corpus" / "manifest.csv", dtype=str)
    assert not set(corpus["doc_id"]) & set(bundled["doc_id"])            # none of the hand-coded articles
    for name, cols in VALIDATION_TABLES.items():
        got = pd.read_csv(three_period_run / "figures" / "tables" / f"{name}.csv")[cols]
        want = pd.read_csv(ROOT / "figures" / "tables" / f"{name}.csv")[cols]
        pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-9, obj=name)
    text = (three_period_run / "notebooks" / "03-framing.ipynb").read_text()
    assert "does not hold the hand-coded articles" in text
    # the hand coding's panel and tests say whose paragraphs they are
    directions = pd.read_csv(three_period_run / "figures" / "tables" / "frames_directions.csv")
    assert "paragraphs (hand coding, hand-coded articles only)" in text
    assert directions.astype(str).apply(lambda c: c.str.contains("hand-coded articles only")).any().any()
