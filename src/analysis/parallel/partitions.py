"""Split a corpus, a table or a list into parts of whole documents, and gather results in order."""

from __future__ import annotations

import dataclasses
import math
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from .settings import PARTITIONS_PER_WORKER


# --------------------------------------------------------------------------- partitions
def _is_corpus(obj) -> bool:
    return dataclasses.is_dataclass(obj) and hasattr(obj, "manifest") and hasattr(obj, "bodies")


def _chunks(n_items: int, n_parts: int) -> list[tuple[int, int]]:
    """``n_parts`` contiguous, nearly equal ``(start, stop)`` ranges over ``n_items``."""
    n_parts = max(1, min(n_parts, n_items))
    edges = np.linspace(0, n_items, n_parts + 1).round().astype(int)
    return [(int(a), int(b)) for a, b in zip(edges[:-1], edges[1:]) if b > a]


def _n_parts(n_docs: int, workers: int, partition_size: int | None) -> int:
    if partition_size is not None:
        if int(partition_size) < 1:
            raise ValueError(f"partition_size must be at least 1, got {partition_size}")
        return math.ceil(n_docs / int(partition_size))
    return workers * PARTITIONS_PER_WORKER


def _slice_frame(frame: pd.DataFrame, doc_pos: np.ndarray, a: int, b: int) -> pd.DataFrame:
    """Rows of documents ``a:b`` (manifest positions ``doc_pos`` per row)."""
    if len(doc_pos) < 2 or (doc_pos[1:] >= doc_pos[:-1]).all():   # grouped in manifest order: a view
        lo, hi = np.searchsorted(doc_pos, [a, b])
        part = frame.iloc[lo:hi]
    else:
        part = frame.loc[(doc_pos >= a) & (doc_pos < b)]
    return part.reset_index(drop=True) if isinstance(frame.index, pd.RangeIndex) else part


def _doc_positions(column: pd.Series, order: dict) -> np.ndarray:
    """Manifest position of each row's document (-1 if not in the manifest); one hash per distinct id."""
    codes, uniques = pd.factorize(column)
    lookup = np.array([order.get(u, -1) for u in uniques] + [-1], dtype=np.int64)   # code -1 (missing) -> -1
    return lookup[codes]


def _slice_cached(value, positions: Callable, a: int, b: int):
    """Slice a cached table (or a tuple of tables) to documents ``a:b``; ``None`` if not sliceable."""
    if isinstance(value, pd.DataFrame) and "doc_id" in value.columns:
        return _slice_frame(value, positions(value), a, b)
    if isinstance(value, tuple) and value and all(isinstance(v, pd.DataFrame) and "doc_id" in v.columns
                                                  for v in value):
        return tuple(_slice_frame(v, positions(v), a, b) for v in value)
    return None


def split_corpus(corpus, n_parts: int) -> list:
    """Split a corpus into ``n_parts`` corpora of consecutive documents (manifest order).

    Each part keeps every setting of ``corpus`` (it is a ``dataclasses.replace`` copy)
    and only its documents' manifest rows, texts and quality flags. Tables the corpus
    has already computed and cached (paragraphs, sentences, tokens) are sliced and
    handed over, so a part does not compute them again.

    Parameters
    ----------
    corpus : analysis.corpus.Corpus
    n_parts : int
        Number of parts (at most one per document).

    Returns
    -------
    list of Corpus
    """
    ids = corpus.manifest["doc_id"].tolist()
    order = {d: i for i, d in enumerate(ids)}
    cache = getattr(corpus, "_cache", None) or {}
    pos_memo: dict = {}

    def positions(frame):
        key = id(frame)
        if key not in pos_memo:
            pos_memo[key] = _doc_positions(frame["doc_id"], order)
        return pos_memo[key]

    parts = []
    for a, b in _chunks(len(ids), n_parts):
        keep = ids[a:b]
        flags = corpus.quality_flags
        sub_cache = {}
        for key, value in cache.items():
            sliced = _slice_cached(value, positions, a, b)
            if sliced is not None:
                sub_cache[key] = sliced
        parts.append(dataclasses.replace(
            corpus,
            manifest=corpus.manifest.iloc[a:b].reset_index(drop=True),
            bodies={d: corpus.bodies[d] for d in keep},
            boilerplates={d: corpus.boilerplates[d] for d in keep},
            quality_flags=flags.loc[flags["doc_id"].isin(keep)].reset_index(drop=True),
            _cache=sub_cache))
    return parts


def split_frame(frame: pd.DataFrame, n_parts: int, *, doc: str = "doc_id") -> list[pd.DataFrame]:
    """Split a table whose rows are grouped by document into ``n_parts`` tables of whole documents.

    Raises
    ------
    ValueError
        If the rows of a document are not consecutive (sort the table by document first).
    """
    codes, _ = pd.factorize(frame[doc])
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else np.zeros(0, int)
    if len(starts) != codes.max(initial=-1) + 1:
        raise ValueError(f"the rows of each {doc} must be consecutive to split by document; "
                         f"sort the table by {doc} first")
    bounds = np.r_[starts, len(frame)]
    out = []
    for a, b in _chunks(len(starts), n_parts):
        part = frame.iloc[bounds[a]:bounds[b]]
        out.append(part.reset_index(drop=True) if isinstance(frame.index, pd.RangeIndex) else part)
    return out


def partition(data, n_parts: int, *, doc: str = "doc_id") -> list:
    """Split a Corpus, a table grouped by document, or a sequence into at most ``n_parts`` parts."""
    if _is_corpus(data):
        return split_corpus(data, n_parts)
    if isinstance(data, pd.DataFrame):
        return split_frame(data, n_parts, doc=doc)
    items = list(data)
    return [items[a:b] for a, b in _chunks(len(items), n_parts)]


def _n_units(data, doc: str) -> int:
    if _is_corpus(data):
        return len(data.manifest)
    if isinstance(data, pd.DataFrame):
        return int(data[doc].nunique())
    return len(data)


# --------------------------------------------------------------------------- gathering
#: Columns that number something 1, 2, ... across a whole table (not within a document):
#: :func:`combine` continues their numbering from one part to the next.
RUNNING_IDS = ("run_id",)


def _continue_numbering(parts: list, counters) -> list:
    cols = [c for c in counters if isinstance(parts[0], pd.DataFrame) and c in parts[0].columns]
    if not cols:
        return parts
    out, offset = [parts[0]], {c: parts[0][c].max() if len(parts[0]) else 0 for c in cols}
    for part in parts[1:]:
        part = part.copy()
        for c in cols:
            part[c] = part[c] + offset[c]
            offset[c] = part[c].max()
        out.append(part)
    return out


def combine(results: Sequence, *, counters=RUNNING_IDS):
    """Concatenate partition results in order.

    DataFrames and Series are concatenated (a fresh ``RangeIndex`` when every part had
    one); tuples and dicts are combined element by element; lists are flattened.
    Empty parts are left out of a concatenation unless every part is empty, so
    column dtypes stay those of a single call. Columns named in ``counters``
    (default :data:`RUNNING_IDS`), numbered 1, 2, ... within each part, continue
    from the previous part's largest value, as in a single call.
    """
    results = list(results)
    if not results:
        raise ValueError("nothing to combine")
    first = results[0]
    if isinstance(first, (pd.DataFrame, pd.Series)):
        keep = [r for r in results if len(r)] or results[:1]
        if len(keep) == 1:
            out = keep[0].copy()
        else:
            plain = all(isinstance(r.index, pd.RangeIndex) for r in keep)
            out = pd.concat(_continue_numbering(keep, counters), ignore_index=plain)
        if isinstance(out.index, pd.RangeIndex):
            out = out.reset_index(drop=True)
        return out
    if isinstance(first, tuple):
        return tuple(combine([r[i] for r in results], counters=counters) for i in range(len(first)))
    if isinstance(first, dict):
        return {k: combine([r[k] for r in results], counters=counters) for k in first}
    if isinstance(first, list):
        return [x for r in results for x in r]
    raise TypeError(f"cannot combine partition results of type {type(first).__name__}; "
                    f"return a DataFrame, Series, tuple, dict or list")
