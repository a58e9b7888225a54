"""The on-disk segmentation cache: equal tables, a key that follows every input, safe failure."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import segment
from analysis.corpus import load_corpus
from analysis.segment import cache as segment_cache

from conftest import synthetic_corpus, write_corpus


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    path = tmp_path / "segcache"
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(path))
    return path


def _no_segmentation(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("segmented again although the cache holds the tables")

    monkeypatch.setattr(segment, "segment_paragraphs", fail)


def _entries(path) -> list[str]:
    return sorted(p.name.split(".")[0] for p in path.glob("*.sentences.arrow"))


@pytest.fixture(scope="module")
def small_dir(tmp_path_factory):
    return synthetic_corpus(tmp_path_factory.mktemp("small"), 6)


def test_hit_equals_miss_dtypes_included(cache_dir, small_dir, monkeypatch):
    first = load_corpus(small_dir)
    sents, toks = first.sentences(), first.tokens()
    assert len(_entries(cache_dir)) == 1
    _no_segmentation(monkeypatch)
    second = load_corpus(small_dir)
    pd.testing.assert_frame_equal(second.sentences(), sents, check_exact=True)
    pd.testing.assert_frame_equal(second.tokens(), toks, check_exact=True)
    assert second.sentences()["text"].dtype == sents["text"].dtype == object
    # what is built on the tables is the same too
    pd.testing.assert_frame_equal(second.without_flagged().sentences(), first.without_flagged().sentences())


def test_bundled_corpus_round_trip(cache_dir, corpus):
    from analysis import config

    cached_once = load_corpus(config.corpus_dir())
    cached_once.sentences()
    again = load_corpus(config.corpus_dir())
    pd.testing.assert_frame_equal(again.tokens(), corpus.tokens(), check_exact=True)
    pd.testing.assert_frame_equal(again.sentences(), corpus.sentences(), check_exact=True)


def test_key_follows_text_flags_and_resources(tmp_path, small_dir):
    c = load_corpus(small_dir)
    paras, flags = c.paragraphs(), c.quality_flags

    def key(**kw):
        return segment_cache.segmentation_key(kw.get("paras", paras), quality_flags=kw.get("flags", flags),
                                              abbreviations=kw.get("abbreviations"),
                                              lemma_patches=kw.get("lemma_patches"))

    base = key()
    assert key() == base
    edited = paras.copy()
    edited.loc[0, "text"] = edited.loc[0, "text"] + " One more sentence."
    assert key(paras=edited) != base
    moved = paras.copy()
    moved.loc[0, "period"] = "1999"
    assert key(paras=moved) != base
    flagged = pd.DataFrame([{"doc_id": paras.loc[0, "doc_id"], "excerpt": "x", "issue": "garbled", "note": ""}])
    assert key(flags=flagged) != base
    abbreviations = tmp_path / "abbreviations.txt"
    abbreviations.write_text("Xyz.\n", encoding="utf-8")
    assert key(abbreviations=abbreviations) != base


def test_damaged_entry_is_recomputed(cache_dir, small_dir):
    reference = load_corpus(small_dir).tokens()
    for path in cache_dir.glob("*.arrow"):
        path.write_bytes(b"not an Arrow file")
    again = load_corpus(small_dir)
    pd.testing.assert_frame_equal(again.tokens(), reference, check_exact=True)
    # and the damaged entry was replaced by a good one
    pd.testing.assert_frame_equal(load_corpus(small_dir).tokens(), reference, check_exact=True)


def test_off_writes_nothing(tmp_path, small_dir, monkeypatch):
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", "off")
    monkeypatch.setenv("ANALYSIS_PROJECT_ROOT", str(tmp_path))
    assert segment_cache.cache_dir() is None
    load_corpus(small_dir).sentences()
    assert not (tmp_path / ".cache").exists()


def test_unwritable_cache_is_skipped(tmp_path, small_dir, monkeypatch):
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(blocker / "cache"))
    assert len(load_corpus(small_dir).sentences()) > 0


def _segment_corpora(tmp_path, n: int):
    """Write and segment ``n`` one-document corpora (one cache entry each); the last one's folder."""
    for i in range(n):
        root = write_corpus(tmp_path / f"c{i}", [{"doc_id": f"d{i}", "period": "2020",
                                                  "text": f"Article number {i}. It has two sentences."}])
        load_corpus(root).sentences()
    return root


def test_oldest_entries_pruned(cache_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(segment_cache, "MAX_ENTRIES", 2)
    _segment_corpora(tmp_path, 3)
    assert len(_entries(cache_dir)) == 2


def test_parallel_run_stores_one_entry(cache_dir, small_dir):
    from analysis import parallel

    serial = load_corpus(small_dir).tokens()
    for path in cache_dir.glob("*"):
        path.unlink()
    corpus = load_corpus(small_dir)
    sents, toks = parallel.segment_corpus(corpus, scheduler="sync")   # partitions: no cache writes
    assert _entries(cache_dir) == []
    pd.testing.assert_frame_equal(toks, serial, check_exact=True)


def test_truncated_or_foreign_entry_is_recomputed(cache_dir, small_dir):
    import pyarrow as pa

    reference = load_corpus(small_dir).tokens()
    (tok_path,) = cache_dir.glob("*.tokens.arrow")
    data = tok_path.read_bytes()
    tok_path.write_bytes(data[: len(data) // 2])
    assert segment_cache.load(tok_path.name.split(".")[0]) is None
    pd.testing.assert_frame_equal(load_corpus(small_dir).tokens(), reference, check_exact=True)
    # an Arrow file that is not one of ours (no marker in its metadata) is not trusted either
    with pa.OSFile(str(tok_path), "wb") as sink, pa.ipc.new_file(sink, pa.schema([("x", pa.int64())])) as w:
        w.write_table(pa.table({"x": [1, 2]}))
    assert segment_cache.load(tok_path.name.split(".")[0]) is None
    pd.testing.assert_frame_equal(load_corpus(small_dir).tokens(), reference, check_exact=True)


def test_read_back_tables_own_their_data(cache_dir, small_dir, monkeypatch):
    first = load_corpus(small_dir)
    expected = first.tokens()
    _no_segmentation(monkeypatch)
    toks = load_corpus(small_dir).tokens()
    assert dict(toks.dtypes.astype(str)) == dict(expected.dtypes.astype(str))
    # the string columns point into the mapped file: they outlive the file's removal
    for path in cache_dir.glob("*"):
        path.unlink()
    pd.testing.assert_frame_equal(toks, expected, check_exact=True)
    # and the columns can be written to like computed ones
    toks["para_id"] += 1
    toks.loc[0, "token"] = "changed"
    assert toks.loc[0, "token"] == "changed" and (toks["para_id"] == expected["para_id"] + 1).all()


def test_old_format_entry_ignored_and_removed(cache_dir, small_dir):
    reference = load_corpus(small_dir).tokens()
    (key,) = _entries(cache_dir)
    for path in cache_dir.glob("*.arrow"):
        path.unlink()
    # a format-1 entry (Parquet) under the same name is never read, and is pruned on the next store
    for name in ("sentences", "tokens"):
        (cache_dir / f"{key}.{name}.parquet").write_bytes(b"format 1")
    pd.testing.assert_frame_equal(load_corpus(small_dir).tokens(), reference, check_exact=True)
    assert not list(cache_dir.glob("*.parquet")) and _entries(cache_dir) == [key]
    assert segment_cache.FORMAT > 1   # and format 1's keys differ anyway: the format is hashed into the key


def test_entries_pruned_by_size_newest_kept(cache_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(segment_cache, "MAX_BYTES", 1)
    root = _segment_corpora(tmp_path, 2)
    assert len(_entries(cache_dir)) == 1
    assert load_corpus(root).sentences()["doc_id"].tolist() == ["d1", "d1"]
