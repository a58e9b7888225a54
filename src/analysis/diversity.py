"""Lexical diversity of each document's body, length-robust (MTLD, MATTR, MSTTR), and why plain TTR is not.

Lexical diversity
    MTLD (McCarthy & Jarvis 2010) from the ``lexicalrichness`` package and MATTR
    (Covington & McFall 2010) -- ``lexicalrichness``'s, or for whole corpora an
    equivalent linear-time computation tested against it -- on lower-cased alphabetic
    tokens, plus MSTTR (mean TTR of
    consecutive equal-length segments), which -- unlike MTLD and MATTR -- is a ratio of
    sums over independent-ish units and so gets a bootstrap interval over segments.
    Plain TTR is reported only to show that it falls with text length
    (:func:`ttr_curve`).


References
----------
.. [1] McCarthy, P. M., & Jarvis, S. (2010). MTLD, vocd-D, and HD-D. *Behavior Research
       Methods*, 42(2), 381-392.
.. [2] Covington, M. A., & McFall, J. D. (2010). Cutting the Gordian knot: the moving-average
       type-token ratio (MATTR). *J. Quantitative Linguistics*, 17(2), 94-100.
.. [3] Johnson, W. (1944). Studies in language behavior I. *Psychological Monographs*, 56(2), 1-15.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from . import stats
from .corpus import Corpus
# the measures of one token sequence, public here too (analysis.diversity.mtld, .mattr, ...)
from .diversity_measures import _codes, _mattr, _mtld, mattr, mattr_by_document, mtld  # noqa: F401
from .parallel import map_documents
from .readability.counts import memo
from .readability import corpus_order


#: Cache key of :func:`word_tokens` (see :func:`release_word_tokens`).
WORD_TOKENS_KEY = "diversity.word_tokens"


def word_tokens(corpus: Corpus) -> pd.DataFrame:
    """Alphabetic tokens, lower-cased, in reading order: the input of the diversity measures.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, period, sent_id, position, word`` -- ``position`` counts from 0 within
        the document.
    """
    # a shallow copy: pandas copies on write, so callers cannot change the cached table, and the
    # token-length columns are not duplicated on every call
    return memo(corpus, WORD_TOKENS_KEY, lambda: _word_tokens(corpus)).copy(deep=False)


def release_word_tokens(corpus: Corpus) -> None:
    """Forget the cached :func:`word_tokens` of ``corpus`` (the next call recomputes it).

    The table holds one row per alphabetic token (~60 bytes each: 0.6 GB at 10M words); the
    readability & style stage drops it once its last diversity measure is computed. The
    per-document values and segments derived from it stay cached.
    """
    cache = getattr(corpus, "_cache", None)
    if isinstance(cache, dict):
        cache.pop(WORD_TOKENS_KEY, None)


def _word_tokens(corpus: Corpus) -> pd.DataFrame:
    toks = corpus.tokens()
    toks = toks.loc[toks["is_alpha"], ["doc_id", "period", "sent_id", "lower"]]
    toks = toks.rename(columns={"lower": "word"}).reset_index(drop=True)
    # counted within integer document codes: a groupby on the string column factorizes it again
    doc = pd.factorize(toks["doc_id"])[0]
    by = toks["doc_id"] if (doc < 0).any() else pd.Series(doc, index=toks.index)
    toks.insert(3, "position", toks["doc_id"].groupby(by, sort=False).cumcount())
    return toks


def diversity_segments(words: pd.DataFrame, *, segment_size: int = 50) -> pd.DataFrame:
    """Consecutive segments of ``segment_size`` tokens per document (the remainder is dropped).

    Parameters
    ----------
    words : pandas.DataFrame
        From :func:`word_tokens`.
    segment_size : int, default=50

    Returns
    -------
    pandas.DataFrame
        ``doc_id, period, segment, n_tokens, n_types``; ``n_types / n_tokens`` is the
        segment's TTR and the mean over segments (equal lengths) is MSTTR.
    """
    if segment_size < 1:
        raise ValueError(f"segment_size must be a positive integer, got {segment_size}")
    w = words.assign(segment=words["position"] // segment_size)
    seg = (w.groupby(["doc_id", "period", "segment"], sort=False)
           .agg(n_tokens=("word", "size"), n_types=("word", "nunique")).reset_index())
    return seg.loc[seg["n_tokens"] == segment_size].reset_index(drop=True)


def corpus_segments(corpus: Corpus, *, segment_size: int = 50) -> pd.DataFrame:
    """:func:`diversity_segments` of ``word_tokens(corpus)``, computed once per corpus and size."""
    return memo(corpus, ("diversity.segments", segment_size),
                lambda: diversity_segments(word_tokens(corpus), segment_size=segment_size)).copy(deep=False)


def lexical_diversity(corpus: Corpus, *, level: str = "document", mattr_window: int = 50,
                      mtld_threshold: float = 0.72, segment_size: int = 50, min_docs: int = 5,
                      n_resamples: int = 2000, confidence_level: float = 0.95, random_state) -> pd.DataFrame:
    """Length-robust lexical diversity per document (or period), with plain TTR for contrast.

    Parameters
    ----------
    corpus : Corpus
    level : {"document", "period"}, default="document"
        At period level, MTLD, MATTR and TTR are token-weighted means of the documents
        (interval over documents, NaN with one document per period); MSTTR pools the
        period's segments (resampling documents when every period has ``min_docs``).
    mattr_window : int, default=50
    mtld_threshold : float, default=0.72
    segment_size : int, default=50
        MSTTR segment length.
    min_docs : int, default=5
        Documents every period needs before documents are the unit (then document rows get
        no within-text MSTTR interval, and period rows resample documents).
    n_resamples, confidence_level, random_state
        As in :func:`analysis.stats.group_intervals`.

    Returns
    -------
    pandas.DataFrame
        ``doc_id`` (document level only), ``period, metric`` (``mtld, mattr, msttr, ttr``),
        ``value, ci_low, ci_high, n_tokens, n_types, method, unit``.

    Notes
    -----
    MTLD and MATTR get no sentence-bootstrap interval: resampling sentences with
    replacement repeats sentences, and repeated text lowers a diversity measure by
    construction, so the bootstrap distribution would be biased downwards. MSTTR's
    segments are disjoint, and MSTTR is a ratio of sums over them, so it is bootstrapped
    over segments (or documents) with :func:`analysis.stats.group_intervals`.
    """
    if level not in ("document", "period"):
        raise ValueError(f"level must be 'document' or 'period', got {level!r}")
    rng = stats.check_random_state(random_state)
    words = word_tokens(corpus)
    seg = corpus_segments(corpus, segment_size=segment_size)
    methods = {
        "mtld": f"lexicalrichness MTLD, threshold {mtld_threshold}, mean of forward and backward passes; "
                "no interval (resampling sentences repeats text and biases diversity down)",
        "mattr": f"MATTR, window {mattr_window} tokens (linear-time, equal to lexicalrichness); "
                 "no interval (as MTLD)",
        "msttr": f"mean TTR of consecutive {segment_size}-token segments; bootstrap over segments",
        "ttr": "types / tokens of the whole text; no interval: depends on text length, not comparable",
    }

    def documents():  # per-document values, computed once per corpus and settings
        # pure per document: over partitions of documents when --jobs / --scheduler ask for it;
        # rows sorted by document as one groupby over the whole corpus sorts them
        doc_rows = map_documents(partial(_document_values, mattr_window=mattr_window, mtld_threshold=mtld_threshold,
                                         methods=methods), words)
        if doc_rows.empty:
            return doc_rows
        return doc_rows.sort_values(["doc_id", "period"], kind="stable").reset_index(drop=True)

    doc_df = memo(corpus, ("diversity.documents", mattr_window, mtld_threshold, tuple(methods.items())), documents)
    by = ["doc_id", "period"] if level == "document" else ["period"]
    many = stats.resampling_unit(seg, by="period", min_docs=min_docs) == "document"
    if level == "document" and many:  # the document is the unit: no within-text interval
        g = seg.groupby(by, sort=True)
        ms = (g["n_types"].sum() / g["n_tokens"].sum()).rename("estimate").reset_index()
        ms = ms.assign(ci_low=np.nan, ci_high=np.nan, n=g.size().to_numpy(), unit="none")
    else:
        ms = stats.group_intervals(seg, "n_types", by=by, weight="n_tokens", unit="segment", min_docs=min_docs,
                                   n_resamples=n_resamples, confidence_level=confidence_level, random_state=rng)
    if level == "document":
        out = doc_df
    else:
        out = _pool_documents(doc_df, n_resamples=n_resamples, confidence_level=confidence_level, rng=rng,
                              methods=methods)
    size = words.groupby(by).agg(n_tokens=("word", "size"), n_types=("word", "nunique")).reset_index()
    ms = ms.merge(size, on=by).rename(columns={"estimate": "value"}).drop(columns="n")
    ms["metric"] = "msttr"
    ms["method"] = np.where(ms["unit"] == "document", methods["msttr"].replace("over segments", "over documents"),
                            np.where(ms["unit"] == "none", methods["msttr"].split(";")[0] + "; no interval at "
                                     "document level (documents are the unit: see the period table)",
                                     methods["msttr"]))
    out = pd.concat([out, ms[out.columns]], ignore_index=True)
    order = {"mtld": 0, "mattr": 1, "msttr": 2, "ttr": 3}
    out = out.sort_values("metric", key=lambda s: s.map(order), kind="stable")
    return corpus_order(out, corpus, level)


def _document_values(words: pd.DataFrame, *, mattr_window: int, mtld_threshold: float, methods: dict) -> pd.DataFrame:
    """MTLD, MATTR and TTR rows of each document of ``words`` (:func:`word_tokens` rows), by document.

    Words as integer codes (equal codes = equal words, so the same types and the same MTLD
    passes) and each document a slice of the rows sorted by group, instead of a pandas group
    and a list of strings per document.
    """
    doc_rows = []
    shared = _codes(words)
    mattrs = _mattr(words, mattr_window, shared)
    mattrs = dict(zip(mattrs.index.tolist(), mattrs.tolist()))
    gid, keys = _document_groups(words, shared)
    order = np.argsort(gid, kind="stable")
    cut = np.searchsorted(gid[order], np.arange(len(keys) + 1))
    codes = (pd.factorize(words["word"])[0] if shared is None else shared[2])[order].tolist()
    for k, (doc, period) in enumerate(keys):
        w = codes[cut[k]:cut[k + 1]]
        n_types = len(set(w))
        vals = {"mtld": _mtld(w, n_types, mtld_threshold), "mattr": float(mattrs[doc]),
                "ttr": n_types / len(w) if w else float("nan")}
        for metric, v in vals.items():
            doc_rows.append({"doc_id": doc, "period": period, "metric": metric, "value": v,
                             "ci_low": float("nan"), "ci_high": float("nan"),
                             "n_tokens": len(w), "n_types": n_types, "method": methods[metric], "unit": "none"})
    return pd.DataFrame(doc_rows)


def _document_groups(words: pd.DataFrame, codes) -> tuple[np.ndarray, list]:
    """Group number of each row and the ``(doc_id, period)`` of each group, numbered in sorted order.

    As ``groupby(["doc_id", "period"], sort=True)``'s ``ngroup()`` and keys, from each string
    column factorized once in sorted order: the groupby would factorize both columns and then
    their combination again. ``codes``: the table's :func:`_codes`.
    """
    per, pers = pd.factorize(words["period"], sort=True)
    if codes is None or (per < 0).any():  # missing keys: the groupby's own rule (it drops them)
        g = words.groupby(["doc_id", "period"], sort=True)
        return g.ngroup().to_numpy(), list(g.size().index)
    # the documents' codes renumbered in sorted order, as factorize(sort=True) does (its uniques'
    # argsort): the same codes without factorizing the column again
    doc, docs = codes[0], codes[1]
    sorter = np.asarray(docs.argsort())
    rank = np.empty(len(sorter), dtype=np.int64)
    rank[sorter] = np.arange(len(sorter))
    doc, docs = rank[doc], docs.take(sorter)
    span = max(len(pers), 1)
    # codes of sorted uniques: integer order of doc * span + period is the keys' sorted order
    pairs, gid = np.unique(doc.astype(np.int64) * span + per, return_inverse=True)
    docs, pers = np.asarray(docs, dtype=object), np.asarray(pers, dtype=object)
    return gid.reshape(-1), list(zip(docs[pairs // span], pers[pairs % span]))


def _pool_documents(doc_df, *, n_resamples, confidence_level, rng, methods) -> pd.DataFrame:
    rows = []
    for metric in ["mtld", "mattr", "ttr"]:
        d = doc_df.loc[doc_df["metric"] == metric].dropna(subset=["value"])
        d = d.assign(weighted=d["value"] * d["n_tokens"])
        ci = stats.group_intervals(d, "weighted", by="period", weight="n_tokens", unit="document",
                                   n_resamples=n_resamples, confidence_level=confidence_level, random_state=rng)
        size = d.groupby("period").agg(n_tokens=("n_tokens", "sum"), n_documents=("doc_id", "size"))
        for rec in ci.to_dict("records"):
            n_docs = int(size.loc[rec["period"], "n_documents"])
            note = "" if n_docs >= 2 else "; period has one document: no interval over documents"
            rows.append({"period": rec["period"], "metric": metric, "value": rec["estimate"],
                         "ci_low": rec["ci_low"], "ci_high": rec["ci_high"],
                         "n_tokens": int(size.loc[rec["period"], "n_tokens"]), "n_types": np.nan,
                         "method": f"token-weighted mean over {n_docs} document(s) of: {methods[metric]}{note}",
                         "unit": "document"})
    return pd.DataFrame(rows)


def ttr_curve(corpus: Corpus, *, step: int = 10) -> pd.DataFrame:
    """TTR of the first n tokens of each document, for n = step, 2*step, ... and the full length.

    Shows why plain TTR cannot compare texts of different lengths: it falls as n grows.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, period, n_tokens, n_types, ttr``.
    """
    words = word_tokens(corpus)
    # the string keys are factorized once and grouped as integer codes: each groupby or
    # duplicated on the Arrow string columns would factorize them again (10M rows at 10k documents)
    codes = _codes(words)
    if codes is None:  # missing keys: the string columns' own rules
        doc, key = words["doc_id"], words[["doc_id", "word"]]
    else:
        doc, _, word, n_types = codes
        doc, key = pd.Series(doc, index=words.index), pd.Series(doc.astype(np.int64) * max(n_types, 1) + word)
    first = ~key.duplicated().to_numpy()
    words = words.assign(n_tokens=words["position"] + 1,
                         n_types=pd.Series(first.astype(int), index=words.index).groupby(doc, sort=False).cumsum())
    last = words["position"].groupby(doc, sort=False).transform("max") == words["position"]
    keep = (words["n_tokens"] % step == 0) | last
    cols = ["doc_id", "period", "n_tokens", "n_types"]
    # step 1 keeps every row: no row selection, which would copy the string columns (10M rows at 10k documents)
    out = (words[cols] if keep.all() else words.loc[keep, cols]).reset_index(drop=True)
    out["ttr"] = out["n_types"] / out["n_tokens"]
    return out


def ttr_at_common_length(corpus: Corpus) -> pd.DataFrame:
    """TTR of each full document next to TTR over the first n tokens, n = the shortest document.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, period, n_tokens, ttr_full, n_common, ttr_common``.
    """
    curve = ttr_curve(corpus, step=1)
    # grouped on integer codes (first-appearance order, as sort=False): no second string factorize
    doc = pd.factorize(curve["doc_id"])[0]
    full = curve.loc[curve["n_tokens"].groupby(doc if (doc >= 0).all() else curve["doc_id"], sort=False).idxmax()]
    n_common = int(full["n_tokens"].min())
    common = curve.loc[curve["n_tokens"] == n_common].set_index("doc_id")["ttr"]
    out = full[["doc_id", "period", "n_tokens"]].copy()
    out["ttr_full"] = full["ttr"].to_numpy()
    out["n_common"] = n_common
    out["ttr_common"] = out["doc_id"].map(common).to_numpy()
    return corpus_order(out.assign(metric="ttr"), corpus, "document").drop(columns="metric")
