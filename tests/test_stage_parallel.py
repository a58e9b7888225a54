"""Stages 01 and 02 with their per-document work split by document give the single-process tables.

``run_readability_style`` and ``run_keyness`` send their per-document steps (stance matching,
diversity per document, term extraction) through :func:`analysis.parallel.map_documents`; with
``ANALYSIS_SCHEDULER=sync`` (Dask's synchronous scheduler, in this process) every such step runs
on parts of whole documents and is gathered in document order. Every table must equal the
serial one exactly, value for value and as CSV bytes. The corpus is the benchmark generator's
(20 documents of 200-300 words), as in ``test_parallel.py``.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import pytest

from analysis import diversity, keyness, parallel, style
from analysis.corpus import load_corpus
from conftest import synthetic_corpus



@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    return synthetic_corpus(tmp_path_factory.mktemp("stage-parallel") / "corpus-20", 20, seed=11,
                            words_per_doc=(200, 300))


def _assert_same_tables(serial: dict, split: dict):
    assert list(serial) == list(split)
    for name, table in serial.items():
        assert isinstance(table, pd.DataFrame), name
        pd.testing.assert_frame_equal(table, split[name], check_exact=True, obj=name)
        assert table.to_csv(index=False, lineterminator="\n") == split[name].to_csv(index=False, lineterminator="\n")


@pytest.mark.parametrize("run", [style.run_readability_style, keyness.run_keyness], ids=["01", "02"])
def test_stage_tables_equal_serial_and_dask_sync(synthetic, run, monkeypatch):
    monkeypatch.delenv(parallel.JOBS_ENV, raising=False)
    monkeypatch.delenv(parallel.SCHEDULER_ENV, raising=False)
    monkeypatch.delenv(parallel.DASK_ADDRESS_ENV, raising=False)
    serial = run(load_corpus(synthetic), n_resamples=200, seed=3)
    monkeypatch.setenv(parallel.SCHEDULER_ENV, "sync")
    split = run(load_corpus(synthetic), n_resamples=200, seed=3)
    _assert_same_tables(serial, split)


def test_document_steps_split_in_parts_equal_one_call(synthetic):
    # the steps themselves, in 7 parts of whole documents (3 documents each)
    corpus = load_corpus(synthetic)
    words = diversity.word_tokens(corpus)
    fn = partial(diversity._document_values, mattr_window=50, mtld_threshold=0.72,
                 methods={"mtld": "m", "mattr": "a", "ttr": "t"})
    got = parallel.map_documents(fn, words, scheduler="sync", partition_size=3)
    pd.testing.assert_frame_equal(fn(words), got.sort_values(["doc_id", "period"], kind="stable")
                                  .reset_index(drop=True), check_exact=True)
    matches = parallel.map_documents(style.stance_matches, corpus, scheduler="sync", partition_size=3)
    pd.testing.assert_frame_equal(style.stance_matches(corpus), matches, check_exact=True)
    terms = parallel.map_documents(keyness.extract_terms, corpus, scheduler="sync", partition_size=3)
    pd.testing.assert_frame_equal(keyness.extract_terms(corpus), terms, check_exact=True)
