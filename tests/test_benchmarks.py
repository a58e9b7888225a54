"""Smoke test of the benchmark corpus builder (the benchmark itself never runs in the tests)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from analysis import config
from analysis.corpus import REQUIRED_COLUMNS, load_corpus, read_manifest
from conftest import benchmark_corpus_builder

BENCH_DIR = config.project_root() / "benchmarks"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def make_corpus_module():
    return benchmark_corpus_builder()


@pytest.fixture(scope="module")
def tiny(make_corpus_module, tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "corpus-3"
    return make_corpus_module.build_corpus(3, seed=7, out_dir=out, words_per_doc=(300, 400))


def test_synthetic_corpus_is_valid(tiny, make_corpus_module):
    manifest = read_manifest(tiny)
    assert set(REQUIRED_COLUMNS) <= set(manifest.columns)
    assert len(manifest) == 3
    assert set(manifest["period"]) <= set(make_corpus_module.PERIODS)
    assert (manifest["body_end"] == make_corpus_module.BODY_END).all()
    corpus = load_corpus(tiny)                      # checksums, dates, body split all validate
    docs = corpus.documents()
    assert docs["boilerplate"].str.startswith(make_corpus_module.BODY_END).all()
    assert not corpus.sentences()["text"].str.contains("fictional analyst").any()
    words = corpus.word_counts().groupby("doc_id")["n_words"].sum()
    assert ((words > 250) & (words < 600)).all()


def test_synthetic_corpus_is_seeded(tiny, make_corpus_module, tmp_path):
    again = make_corpus_module.build_corpus(3, seed=7, out_dir=tmp_path / "again", words_per_doc=(300, 400))
    other = make_corpus_module.build_corpus(3, seed=8, out_dir=tmp_path / "other", words_per_doc=(300, 400))
    first = (tiny / "raw" / "synth-00001.txt").read_bytes()
    assert (again / "raw" / "synth-00001.txt").read_bytes() == first
    assert (again / "manifest.csv").read_bytes() == (tiny / "manifest.csv").read_bytes()
    assert (other / "raw" / "synth-00001.txt").read_bytes() != first


def test_word_swap_enriches_vocabulary(make_corpus_module):
    import numpy as np

    rng = np.random.default_rng(0)
    vocab = ["alpha", "beta"]
    sentence = "Iran and Azerbaijan, the neighbours, met."
    assert make_corpus_module._swap_words(sentence, rng, vocab, None, 0.0) == sentence
    swapped = make_corpus_module._swap_words(sentence, rng, vocab, None, 1.0)
    assert swapped.split(" ")[0] in ("Alpha", "Beta")       # capitalisation kept
    assert swapped.endswith((" alpha.", " beta."))          # punctuation kept
    assert swapped.count(",") == 2


def test_corpus_stage_module_runs(tiny):
    stage = _load("bench_stage_00_corpus", BENCH_DIR / "stages" / "00_corpus.py")
    assert stage.run(load_corpus(tiny), random_state=0) is None


def test_totals_of_stages_side_by_side_are_their_wall_time_not_the_sum():
    import sys

    import pandas as pd

    sys.path.insert(0, str(BENCH_DIR))
    scale = _load("bench_scale", BENCH_DIR / "scale.py")
    run = scale.side_by_side_run(2)
    rows = [("load+validate", 1.0, 1.0), ("segment+tokenise", 2.0, 2.0), ("01_x", 10.0, 9.0), ("02_y", 12.0, 11.0),
            (scale.SIDE_BY_SIDE, 13.0, 21.0), ("(whole pass)", float("nan"), float("nan"))]
    table = pd.DataFrame([{"run": run, "stage": s, "n_documents": 10, "n_words": 1000, "seconds": w,
                           "cpu_seconds": c, "peak_rss_mb": 1.0, "note": ""} for s, w, c in rows])
    tot = scale.totals(table).set_index("run").loc[run]
    assert (tot["seconds"], tot["cpu_seconds"], bool(tot["complete"])) == (16.0, 24.0, True)
    failed = table.assign(seconds=table["seconds"].where(table["stage"] != "02_y"))
    assert not scale.totals(failed)["complete"].iloc[0]   # a stage that failed: no total
