"""analysis.parallel: per-document work split by document gives the single-process tables.

One small synthetic corpus (the benchmark generator, 20 documents of 200-300 words):
every per-document step run once in one process is the reference; every step split
into parts of whole documents, and the lighter steps on 2 joblib workers and on a local
Dask cluster (2 single-threaded worker processes), must give equal tables, identical as
CSV bytes.
"""

from __future__ import annotations

import os

import pandas as pd
import pytest

from analysis import parallel
from analysis.corpus import load_corpus
from conftest import synthetic_corpus
from analysis.errors import AnalysisError



def _tables(result, prefix=""):
    """Flatten a step result (table, tuple or dict of tables) to ``{name: DataFrame}``."""
    if isinstance(result, pd.Series):
        return {prefix: result.to_frame()}
    if isinstance(result, pd.DataFrame):
        return {prefix: result}
    if isinstance(result, tuple):
        return {k: v for i, r in enumerate(result) for k, v in _tables(r, f"{prefix}[{i}]").items()}
    if isinstance(result, dict):
        return {k: v for key, r in result.items() for k, v in _tables(r, f"{prefix}/{key}").items()}
    raise TypeError(type(result))


def _assert_same(reference: dict, other: dict):
    ref, got = _tables(reference), _tables(other)
    assert list(ref) == list(got)
    for name in ref:
        pd.testing.assert_frame_equal(ref[name], got[name], check_exact=True, obj=name)
        assert ref[name].to_csv(index=False, lineterminator="\n").encode() == \
            got[name].to_csv(index=False, lineterminator="\n").encode(), name


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    return synthetic_corpus(tmp_path_factory.mktemp("parallel") / "corpus-20", 20, seed=11, words_per_doc=(200, 300))


@pytest.fixture(scope="module")
def reference(synthetic):
    corpus = load_corpus(synthetic)
    return parallel.run_steps(corpus)


def test_steps_cover_the_per_document_analyses(reference):
    # every per-document analysis of the suite takes part
    assert {"segmentation", "keyness terms", "stance markers", "frame coding", "actor mentions",
            "drivers and risks", "relationship tone", "sentence sentiment"} <= set(reference)
    sents, toks = reference["segmentation"]
    assert sents["doc_id"].nunique() == 20 and len(toks) > 4000


def test_every_step_partitioned_equals_one_call(synthetic, reference):
    # every step, split into 7 parts of whole documents (Dask's synchronous scheduler, in this
    # process): what each worker computes, gathered in document order
    corpus = load_corpus(synthetic)
    got = parallel.per_document_tables(corpus, scheduler="sync", partition_size=3)
    _assert_same(reference, got)


#: Steps sent to real worker processes (their start-up is the cost; the partitioning of every
#: step is checked above).
WORKER_STEPS = ["segmentation", "keyness terms", "stance markers", "frame coding"]


def test_joblib_two_workers_equals_one_process(synthetic, reference):
    corpus = load_corpus(synthetic)
    got = parallel.per_document_tables(corpus, WORKER_STEPS, jobs=2, partition_size=7)
    _assert_same({k: reference[k] for k in WORKER_STEPS}, got)


def test_split_corpus_hands_each_part_its_rows_of_the_cached_tables(synthetic):
    # the cached tables are sliced by position when grouped in manifest order, by mask when not
    corpus = load_corpus(synthetic)
    sents = corpus.sentences()
    parts = parallel.split_corpus(corpus, 3)
    assert [len(p.manifest) for p in parts] == [7, 6, 7]
    pd.testing.assert_frame_equal(pd.concat([p.sentences() for p in parts], ignore_index=True), sents)
    shuffled = load_corpus(synthetic)
    shuffled._cache["paragraphs"] = corpus.paragraphs().iloc[::-1].reset_index(drop=True)
    split = parallel.split_corpus(shuffled, 3)
    for part in split:   # its own documents' rows only, in the table's (reversed) order
        rows = part._cache["paragraphs"]
        assert set(rows["doc_id"]) == set(part.manifest["doc_id"])
        assert rows["doc_id"].iloc[0] == part.manifest["doc_id"].iloc[-1]
    assert sum(len(p._cache["paragraphs"]) for p in split) == len(corpus.paragraphs())


def test_dask_local_cluster_equals_one_process(synthetic, reference):
    corpus = load_corpus(synthetic)
    with parallel.dask_client("local", n_workers=2) as client:
        assert len(client.ncores()) == 2
        got = parallel.per_document_tables(corpus, WORKER_STEPS, scheduler=client)
        # an already segmented corpus hands its tables to the partitions instead
        corpus.sentences()
        counts = parallel.map_documents(parallel.available_steps(["stance markers"])["stance markers"], corpus,
                                        scheduler=client, partition_size=7)
    _assert_same({k: reference[k] for k in WORKER_STEPS}, got)
    _assert_same({"stance": reference["stance markers"]}, {"stance": counts})


def test_environment_makes_the_corpus_segment_in_parallel(synthetic, reference, monkeypatch):
    monkeypatch.setenv(parallel.JOBS_ENV, "2")
    assert parallel.default_jobs() == 2 and parallel.wants_parallel()
    corpus = load_corpus(synthetic)
    _assert_same({"s": reference["segmentation"]}, {"s": (corpus.sentences(), corpus.tokens())})
    # without_flagged keeps working on a corpus segmented in parallel
    assert len(corpus.without_flagged().sentences()) == len(reference["segmentation"][0])


def _twice(x, *, factor):
    return x * factor


def test_items_setup_and_order():
    calls = []
    out = parallel.map_documents(_twice, list(range(10)), jobs=1, setup=lambda: calls.append(1) or {"factor": 2})
    assert out == [2 * i for i in range(10)] and calls == [1]
    assert parallel.map_documents(_twice, list(range(10)), jobs=2, partition_size=3,
                                  setup=lambda: {"factor": 3}) == [3 * i for i in range(10)]


def test_split_frame_keeps_documents_whole_and_refuses_interleaved_rows():
    frame = pd.DataFrame({"doc_id": list("aabbbc"), "x": range(6)})
    parts = parallel.split_frame(frame, 2)
    assert [p["doc_id"].tolist() for p in parts] == [["a", "a", "b", "b", "b"], ["c"]]
    assert parts[1].index.tolist() == [0]
    with pytest.raises(ValueError, match="consecutive"):
        parallel.split_frame(pd.DataFrame({"doc_id": list("aba")}), 2)


def test_combine_skips_empty_parts_and_keeps_dtypes():
    a = pd.DataFrame({"doc_id": ["x"], "n": [1]})
    empty = pd.DataFrame({"doc_id": pd.Series([], dtype=object), "n": pd.Series([], dtype=object)})
    out = parallel.combine([a, empty, a])
    assert out["n"].dtype == "int64" and out.index.tolist() == [0, 1]
    assert parallel.combine([(a, {"k": a})]) [1]["k"].equals(a)


def test_bad_settings_fail_with_one_line(monkeypatch):
    monkeypatch.setenv(parallel.JOBS_ENV, "two")
    with pytest.raises(AnalysisError, match="ANALYSIS_JOBS.*whole number"):
        parallel.default_jobs()
    with pytest.raises(AnalysisError, match="at least 1"):
        parallel.check_jobs(0)
    monkeypatch.delenv(parallel.JOBS_ENV)
    monkeypatch.setenv(parallel.DASK_ADDRESS_ENV, "tcp://127.0.0.1:1")
    assert parallel.default_scheduler() == "tcp://127.0.0.1:1"
    monkeypatch.setenv(parallel.SCHEDULER_ENV, "local")
    assert parallel.default_scheduler() == "local"
    assert os.cpu_count() and parallel.check_jobs(-1) == os.cpu_count()


def test_cli_passes_jobs_and_scheduler_to_the_notebooks(monkeypatch):
    from analysis import cli

    # setenv records the variables' previous state, so teardown undoes what the CLI sets below
    # (delenv of an absent variable records nothing and the CLI's values would leak into later tests).
    monkeypatch.setenv(parallel.JOBS_ENV, "1")
    monkeypatch.setenv(parallel.SCHEDULER_ENV, "local")
    # A loopback address: nothing is ever connected to here, and no test addresses another host.
    args = cli.build_parser().parse_args(["run", "--jobs", "2", "--scheduler", "tcp://127.0.0.1:8786"])
    cli._export_parallel(args)
    assert os.environ[parallel.JOBS_ENV] == "2"
    assert os.environ[parallel.SCHEDULER_ENV] == "tcp://127.0.0.1:8786"


_HELD: list = []


def _pid_after(seconds: float, hold_mb: int = 0) -> int:
    import time
    _HELD.append(bytearray(hold_mb * 2**20))   # kept by the worker, as a corpus partition's objects are
    time.sleep(seconds)
    return os.getpid()


def test_workers_holding_more_memory_are_kept_warm():
    # loky replaces a worker that holds 300 MB more than after its first task; a corpus
    # partition at 10,000 documents is larger than that, so every call started cold workers
    from joblib import delayed

    from analysis.parallel.workers import run_in_workers

    first = set(run_in_workers([delayed(_pid_after)(0.3) for _ in range(2)], 2))
    grown = set(run_in_workers([delayed(_pid_after)(1.2, 400) for _ in range(2)], 2))
    again = set(run_in_workers([delayed(_pid_after)(0.3) for _ in range(2)], 2))
    assert grown <= first and again <= first
