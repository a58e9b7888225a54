"""Shared fixtures: the bundled corpus and a builder for small, hand-checkable corpora."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from analysis import config
from analysis.corpus import REQUIRED_COLUMNS, load_corpus

# Every test segments for real (and writes nothing under .cache/): the on-disk segmentation
# cache is tested on its own, in tests/test_segment_cache.py, with a temporary directory.
os.environ["ANALYSIS_CACHE_DIR"] = "off"


@pytest.fixture(scope="session")
def corpus():
    """The bundled two-article corpus (read-only)."""
    return load_corpus(config.corpus_dir())


def write_corpus(root: Path, docs: list[dict], extra_columns: dict | None = None) -> Path:
    """Write a corpus directory with one raw file and one manifest row per doc.

    Each doc needs ``doc_id``, ``period`` and ``text``; ``body_end`` (default "")
    and other manifest fields are optional. Returns the corpus directory.
    """
    import csv

    root.mkdir(parents=True, exist_ok=True)
    (root / "raw").mkdir(exist_ok=True)
    rows = []
    for d in docs:
        data = d["text"].encode("utf-8") if isinstance(d["text"], str) else d["text"]
        rel = f"raw/{d['doc_id']}.txt"
        (root / rel).write_bytes(data)
        year = d.get("year", str(d["period"])[:4] if str(d["period"])[:4].isdigit() else "2020")
        row = {"doc_id": d["doc_id"], "period": d["period"], "year": year, "date": d.get("date", year),
               "date_precision": d.get("date_precision", "year"), "outlet": d.get("outlet", "Test Outlet"),
               "author": d.get("author", "A. Writer"), "title": d.get("title", "A title"),
               "language": d.get("language", "en"), "file": rel,
               "sha256": hashlib.sha256(data).hexdigest(), "body_end": d.get("body_end", "")}
        rows.append(row)
    with open(root / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=REQUIRED_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return root


@pytest.fixture
def make_corpus(tmp_path):
    """Factory: ``make_corpus(docs)`` writes a toy corpus under tmp_path and returns its directory."""
    def _make(docs, name="corpus"):
        return write_corpus(tmp_path / name, docs)
    return _make


PROJECT_ROOT = config.PACKAGE_DIR.parents[1]


def benchmark_corpus_builder():
    """``benchmarks/make_corpus.py`` as a module (the benchmarks are scripts, not a package)."""
    import importlib.util
    import sys

    name = "bench_make_corpus"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, PROJECT_ROOT / "benchmarks" / "make_corpus.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules[name] = module
    return sys.modules[name]


def synthetic_corpus(dest: Path, n_docs: int, **options) -> Path:
    """A synthetic corpus of ``n_docs`` articles in ``dest`` (``make_corpus.build_corpus`` options)."""
    return benchmark_corpus_builder().build_corpus(n_docs, out_dir=dest, **options)


def scratch_project(dest: Path) -> Path:
    """Copy what the pipeline reads (corpus, notebooks, validation) into ``dest``."""
    import shutil

    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "kernel-*", "__pycache__")
    for name in ["corpus", "notebooks", "validation"]:
        if (PROJECT_ROOT / name).is_dir():
            shutil.copytree(PROJECT_ROOT / name, dest / name, ignore=ignore)
    return dest


def run_pipeline(root: Path, params: dict | None = None) -> None:
    """Run every notebook with ``root`` as the project root (outputs go under it).

    ``params`` override parameters in every notebook that defines them (lighter resampling
    for tests that check that the pipeline runs, not its numbers).
    """
    import os

    from analysis import runner

    old = os.environ.get("ANALYSIS_PROJECT_ROOT")
    os.environ["ANALYSIS_PROJECT_ROOT"] = str(root)
    try:
        # one notebook at a time: pytest-xdist already keeps both cores busy, and two kernels per
        # worker (four on two cores) cost ~15 % more CPU; side by side is tested in test_stage_plan
        runner.run_all(notebooks_dir=root / "notebooks", out_dir=root / "figures", params=params,
                       progress=lambda *a, **k: None, stage_jobs=1)
    finally:
        if old is None:
            os.environ.pop("ANALYSIS_PROJECT_ROOT", None)
        else:
            os.environ["ANALYSIS_PROJECT_ROOT"] = old
