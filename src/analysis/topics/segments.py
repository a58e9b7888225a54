"""Segments and the segment-term matrix that every topic model reads.

Two articles are two documents: too few for a topic model. The models therefore read
**segments** pooled across the corpus -- body paragraphs by default, windows of
consecutive sentences as a sensitivity check, or whole documents once a corpus has
many articles. Terms are lower-cased lemmas of alphabetic body tokens (boilerplate
never enters: the corpus splits it off before tokenising) minus the stop list in
``resources/topic_stopwords.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from ..resources import load_csv, resource_error

STOPWORDS_FILE = "topic_stopwords.csv"
STOPWORD_COLUMNS = ["word", "source", "origin", "note"]
#: Segment units understood by :func:`segment_table`.
UNITS = ("paragraph", "sentence_window", "document")
_ORIGINS = {"general", "from-articles"}


def load_stop_words(path: str | Path | None = None) -> frozenset[str]:
    """Read the topic-model stop list.

    Parameters
    ----------
    path : str or Path, optional
        A CSV with columns ``word, source, origin, note`` like the packaged
        ``resources/topic_stopwords.csv`` (spaCy 3.8's English stop words plus a few
        general news-prose fillers, each with a note). ``None`` reads the packaged file.

    Returns
    -------
    frozenset of str
        Lower-case words; matched against both the lemma and the lower-cased form.

    Raises
    ------
    ResourceError
        Missing file or column, empty or non-alphabetic word, unknown origin, repeated word.

    Examples
    --------
    >>> sw = load_stop_words()
    >>> "the" in sw, "iran" in sw
    (True, False)
    """
    df = load_csv(STOPWORDS_FILE, STOPWORD_COLUMNS, path=path)
    seen: set[str] = set()
    for rec in df.to_dict("records"):
        word = rec["word"].strip().lower()
        if not word.isalpha():
            raise resource_error(path or STOPWORDS_FILE, f"row {rec['row']}", f"word {rec['word']!r} is empty or "
                                 "not alphabetic", "fix or delete the row")
        if rec["origin"] not in _ORIGINS:
            raise resource_error(path or STOPWORDS_FILE, f"row {rec['row']}", f"origin {rec['origin']!r} unknown",
                                 f"use one of {', '.join(sorted(_ORIGINS))}")
        if word in seen:
            raise resource_error(path or STOPWORDS_FILE, f"row {rec['row']}", f"word {word!r} is listed twice",
                                 "delete one row")
        seen.add(word)
    return frozenset(seen)


def term_tokens(corpus, stop_words=None) -> pd.DataFrame:
    """The tokens that become terms: ``doc_id, sent_id, lemma`` in corpus order.

    Alphabetic tokens whose lemma has at least two letters and whose lemma and
    lower-cased form are not stop words (default :func:`load_stop_words`). Every unit
    of :func:`segment_table` reads the same ones: pass them as its ``tokens`` to build
    several units' segments from one filtering.
    """
    stop = load_stop_words() if stop_words is None else frozenset(w.lower() for w in stop_words)
    toks = corpus.tokens()
    keep = (toks["is_alpha"].to_numpy() & ~toks["lemma"].isin(stop).to_numpy()
            & ~toks["lower"].isin(stop).to_numpy() & (toks["lemma"].str.len() >= 2).to_numpy())
    return toks.loc[keep, ["doc_id", "sent_id", "lemma"]]


def segment_table(corpus, *, unit: str = "paragraph", window: int = 3, stop_words=None,
                  min_terms: int = 1, tokens: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per segment with its terms.

    Parameters
    ----------
    corpus : analysis.corpus.Corpus
    unit : {"paragraph", "sentence_window", "document"}, default="paragraph"
        ``sentence_window``: non-overlapping windows of ``window`` consecutive sentences
        within a document (the last window of a document may be shorter).
    window : int, default=3
        Sentences per window (``unit="sentence_window"`` only).
    stop_words : iterable of str, optional
        Words to drop (lemma or lower-case form); default :func:`load_stop_words`.
    min_terms : int, default=1
        Segments with fewer terms are dropped.
    tokens : pandas.DataFrame, optional
        :func:`term_tokens` of ``corpus`` (then ``stop_words`` is not read); computed here
        if not given.

    Returns
    -------
    pandas.DataFrame
        ``segment, doc_id, period, para_id, sent_start, sent_end, text, terms, n_terms``
        in reading order; ``segment`` numbers the rows from 0, ``para_id`` is the first
        paragraph of the segment, ``terms`` a list of lemmas in reading order.
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}, got {unit!r}")
    if window < 1:
        raise ValueError("window must be >= 1")
    sents = corpus.sentences()[["doc_id", "period", "para_id", "sent_id", "text"]]
    toks = term_tokens(corpus, stop_words) if tokens is None else tokens
    if unit == "paragraph":
        sents["key"] = sents["para_id"]
    elif unit == "sentence_window":
        sents["key"] = (sents["sent_id"] - 1) // window
    else:
        sents["key"] = 0
    # Cythonised aggregations plus array splits instead of per-group Python ``agg``
    # (``" ".join``, ``list``): the same table, without ~2 s of pandas overhead per
    # million words. ``ngroup`` numbers the groups in the order ``agg`` lists them.
    grp = sents.groupby(["doc_id", "key"], sort=False)
    seg = grp.agg(period=("period", "first"), para_id=("para_id", "first"), sent_start=("sent_id", "min"),
                  sent_end=("sent_id", "max")).reset_index()
    code = grp.ngroup().to_numpy()
    if unit == "paragraph":  # the paragraph's own text (spacing as in the source)
        paras = corpus.paragraphs().set_index(["doc_id", "para_id"])["text"]
        seg["text"] = paras.reindex(pd.MultiIndex.from_frame(seg[["doc_id", "para_id"]])).to_numpy()
    else:  # the segment's sentences joined by one space, in reading order
        seg["text"] = [" ".join(part) for part in _split_by(sents["text"].to_numpy(dtype=object), code, len(seg))]
    seg["segment"] = np.arange(len(seg))
    sent_seg = sents[["doc_id", "sent_id"]].assign(segment=code)
    toks = toks.merge(sent_seg, on=["doc_id", "sent_id"], how="left", sort=False).dropna(subset=["segment"])
    seg["terms"] = _split_by(toks["lemma"].to_numpy(dtype=object), toks["segment"].to_numpy().astype(np.int64),
                             len(seg))
    seg["n_terms"] = seg["terms"].str.len().astype(int)
    seg = seg.loc[seg["n_terms"] >= min_terms].reset_index(drop=True)
    seg["segment"] = np.arange(len(seg))
    return seg[["segment", "doc_id", "period", "para_id", "sent_start", "sent_end", "text", "terms", "n_terms"]]


def _split_by(values: np.ndarray, codes: np.ndarray, n: int) -> list[list]:
    """``values`` grouped by ``codes`` (0..n-1) as ``n`` lists, each in the original order."""
    order = np.argsort(codes, kind="stable")
    values, codes = values[order], codes[order]
    bounds = np.searchsorted(codes, np.arange(n + 1))
    return [values[a:b].tolist() for a, b in zip(bounds[:-1], bounds[1:])]


@dataclass(frozen=True)
class SegmentTermMatrix:
    """Counts of terms in segments, with the segments and the vocabulary.

    Attributes
    ----------
    counts : scipy.sparse.csr_matrix of int, shape (n_segments, n_terms)
    vocabulary : numpy.ndarray of object (str)
        Terms in alphabetical order (column order of ``counts``).
    segments : pandas.DataFrame
        The rows of :func:`segment_table` that kept at least one term, renumbered from 0.
    """

    counts: sparse.csr_matrix
    vocabulary: np.ndarray
    segments: pd.DataFrame = field(repr=False)

    @property
    def shape(self) -> tuple[int, int]:
        return self.counts.shape

    def subset(self, rows) -> "SegmentTermMatrix":
        """The same matrix restricted to ``rows`` (positions), vocabulary unchanged."""
        rows = np.asarray(rows)
        return SegmentTermMatrix(self.counts[rows], self.vocabulary,
                                 self.segments.iloc[rows].reset_index(drop=True))

    def binary(self) -> sparse.csr_matrix:
        """Presence (0/1) of each term in each segment, as float."""
        out = self.counts.copy().astype(float)
        out.data[:] = 1.0
        return out


def segment_term_matrix(segments: pd.DataFrame, *, min_df: int | float = 2,
                        max_df: float = 1.0, max_terms: int | None = 2000) -> SegmentTermMatrix:
    """Build the segment-term count matrix.

    Parameters
    ----------
    segments : pandas.DataFrame
        From :func:`segment_table` (needs ``terms``).
    min_df : int or float, default=2
        Keep terms in at least this many segments (a float in (0, 1): this share).
    max_df : float, default=1.0
        Drop terms in more than this share of segments.
    max_terms : int or None, default=2000
        Keep at most this many terms, those in the most segments (ties: alphabetical).
        Rare terms add little to a topic but most of the fitting time on large corpora.

    Returns
    -------
    SegmentTermMatrix
        Segments left without any term are dropped.

    Examples
    --------
    >>> seg = pd.DataFrame({"terms": [["oil", "gas", "oil"], ["gas", "war"], ["war", "oil"]]})
    >>> m = segment_term_matrix(seg, min_df=2)
    >>> m.vocabulary.tolist(), m.counts.toarray().tolist()
    (['gas', 'oil', 'war'], [[1, 2, 0], [1, 0, 1], [0, 1, 1]])
    """
    n_seg = len(segments)
    lens = segments["terms"].str.len().to_numpy()
    flat = pd.Series([t for terms in segments["terms"] for t in terms], dtype=object)
    codes, uniques = pd.factorize(flat, sort=True)
    rows = np.repeat(np.arange(n_seg), lens)
    counts = sparse.csr_matrix((np.ones(len(codes), dtype=np.int64), (rows, codes)),
                               shape=(n_seg, len(uniques)))
    counts.sum_duplicates()
    df = np.diff(counts.tocsc().indptr)
    low = min_df if isinstance(min_df, (int, np.integer)) else int(np.ceil(min_df * n_seg))
    keep = (df >= low) & (df <= max_df * n_seg)
    if max_terms is not None and keep.sum() > max_terms:
        order = np.lexsort((np.arange(len(df)), -df))  # most segments first, then alphabetical
        top = order[keep[order]][:max_terms]
        keep = np.zeros(len(df), dtype=bool)
        keep[top] = True
    counts = counts[:, np.flatnonzero(keep)].tocsr()
    vocab = np.asarray([str(t) for t in np.asarray(uniques, dtype=object)[keep]], dtype=object)
    nonempty = np.flatnonzero(np.asarray(counts.sum(axis=1)).ravel() > 0)
    seg = segments.iloc[nonempty].reset_index(drop=True).copy()
    if "segment" in seg:
        seg["segment"] = np.arange(len(seg))
    return SegmentTermMatrix(counts[nonempty].astype(np.int64), vocab, seg)


def capacity(dtm: SegmentTermMatrix, k: int) -> dict:
    """Numbers that say what the data can support: segments, terms, tokens, per topic and period."""
    seg = dtm.segments
    n_tokens = int(dtm.counts.sum())
    per_period = seg.groupby("period").size()
    return {"documents": int(seg["doc_id"].nunique()), "segments": int(dtm.shape[0]),
            "segments_per_period": {str(p): int(n) for p, n in per_period.items()},
            "terms": int(dtm.shape[1]), "tokens": n_tokens, "k": int(k),
            "segments_per_topic": dtm.shape[0] / k, "tokens_per_topic": n_tokens / k,
            "parameters_nmf": int(k * (dtm.shape[0] + dtm.shape[1])),
            "cells": int(dtm.shape[0] * dtm.shape[1]), "nonzero": int(dtm.counts.nnz),
            "median_terms_per_segment": float(np.median(np.asarray(dtm.counts.sum(axis=1)).ravel()))}
