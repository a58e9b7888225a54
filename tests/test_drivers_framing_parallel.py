"""Stages 03 and 04 (and 05's sentence actors) split by document give the single-process tables.

The per-document work of the framing stage (paragraph, sentence and Entman coding) and of the
drivers & actors stage (actor mentions, drivers and risks with their frames) runs through
:func:`analysis.parallel.map_documents`. Here it runs once as a plain call and once in parts of
whole documents on Dask's synchronous scheduler (the same partitions a cluster would get, in
this process): every table must be equal, value for value and as CSV bytes.
"""

from __future__ import annotations


import pandas as pd
import pytest

from analysis import config, drivers_pipeline, framing
from analysis.corpus import load_corpus
from conftest import synthetic_corpus

ROOT = config.project_root()


def _assert_same(reference: dict, other: dict):
    assert list(reference) == list(other)
    for name, ref in reference.items():
        got = other[name]
        if not isinstance(ref, pd.DataFrame):
            assert ref == got, name
            continue
        pd.testing.assert_frame_equal(ref, got, check_exact=True, obj=name)
        assert ref.to_csv(index=False, lineterminator="\n") == got.to_csv(index=False, lineterminator="\n"), name


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    return synthetic_corpus(tmp_path_factory.mktemp("stages") / "corpus-12", 12, seed=5, words_per_doc=(200, 300))


@pytest.fixture(scope="module", params=["synthetic", "bundled"])
def corpus(request, synthetic):
    # the synthetic corpus has many documents; the bundled one has flagged sentences
    # (the framing stage's robustness run codes a second, filtered corpus)
    return load_corpus(synthetic if request.param == "synthetic" else ROOT / "corpus")


def test_drivers_actors_partitioned_equals_one_call(corpus):
    one = drivers_pipeline.run_drivers_actors(corpus, layout_seed=3, jobs=1)
    parts = drivers_pipeline.run_drivers_actors(corpus, layout_seed=3, scheduler="sync")
    assert len(one["drivers"]) and len(one["mentions"])
    _assert_same(one, parts)


def test_framing_partitioned_equals_one_call(corpus):
    kw = dict(seed=7, n_resamples=200)
    one = framing.run_framing(corpus, jobs=1, **kw)
    parts = framing.run_framing(corpus, scheduler="sync", **kw)
    assert len(one["paragraphs"]) and len(one["functions"])
    _assert_same(one, parts)


def test_sentence_actors_partitioned_equals_one_call(corpus):
    # notebook 05 finds each sentence's actors through the same partitions
    from analysis import actors

    sentences = corpus.sentences()
    one = actors.sentence_actors(sentences, jobs=1)
    parts = actors.sentence_actors(sentences, scheduler="sync")
    assert one["n_actors"].sum() > 0
    _assert_same({"sentence_actors": one}, {"sentence_actors": parts})
