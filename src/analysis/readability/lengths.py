"""Sentence length and word length per document: centre, spread and interval."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import stats
from ..corpus import Corpus
from .counts import _sentence_words, word_counts
from .indices import corpus_order


def length_summary(corpus: Corpus, *, min_docs: int = 5, n_resamples: int = 2000, confidence_level: float = 0.95,
                   random_state) -> pd.DataFrame:
    """Sentence length (words) and word length (letters) per document: centre, spread, interval.

    Parameters
    ----------
    corpus : Corpus
    min_docs : int, default=5
        When every period has at least this many documents the document is the unit of
        inference and no within-document interval is computed (``unit`` ``none``).
    n_resamples, confidence_level, random_state
        Of :func:`analysis.stats.group_intervals` (sentences resampled within each document).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, period, measure`` (``sentence_length_words`` or ``word_length_letters``),
        ``mean, ci_low, ci_high`` (words / sentences, words as alphabetic tokens like
        :meth:`Corpus.word_counts`; letters / words), ``unit``,
        ``sd, q25, median, q75, max, n`` (``n`` = sentences or words).
    """
    rng = stats.check_random_state(random_state)
    comp, wl = _sentence_words(corpus)
    # sentence length in the suite's words (alphabetic tokens, as notebook 00 and every rate count them);
    # word length in letters per textstat word, as the indices count them
    words = word_counts(corpus).set_index(["doc_id", "sent_id"])["n_words"]
    sent_len = comp.assign(n_words=words.reindex(pd.MultiIndex.from_frame(comp[["doc_id", "sent_id"]])).to_numpy())
    by = ["doc_id", "period"]
    many = stats.resampling_unit(comp, by="period", min_docs=min_docs) == "document"
    ci = {}
    for measure, value, weight, table_in in (("sentence_length_words", "n_words", None, sent_len),
                                             ("word_length_letters", "n_letters", "n_words", comp)):
        if many:
            g = table_in.groupby(by, sort=True)
            est = g[value].sum() / (g[weight].sum() if weight else g.size())
            table = est.rename("estimate").reset_index().assign(ci_low=np.nan, ci_high=np.nan, unit="none")
        else:
            table = stats.group_intervals(table_in, value, by=by, weight=weight, unit="sentence", min_docs=min_docs,
                                          n_resamples=n_resamples, confidence_level=confidence_level,
                                          random_state=rng)
        ci[measure] = table.set_index("doc_id")
    # per-group arrays by slicing sorted integer codes (no pandas object per document); the same
    # values in the same order as iterating the groupbys, so the same quantiles and spreads
    g = sent_len.groupby(by, sort=True)
    gid = g.ngroup().to_numpy()
    keys = g.size().index
    order = np.argsort(gid, kind="stable")
    cut = np.searchsorted(gid[order], np.arange(len(keys) + 1))
    x_all = sent_len["n_words"].to_numpy(dtype=float)[order]
    wcode, wdocs = pd.factorize(wl["doc_id"])
    worder = np.argsort(wcode, kind="stable")
    wcut = np.searchsorted(wcode[worder], np.arange(len(wdocs) + 1))
    wpos = {d: k for k, d in enumerate(wdocs)}
    letters = wl["letters"].to_numpy(dtype=float)[worder]
    counts = wl["n_words"].to_numpy()[worder]
    cis = {m: _ci_records(t) for m, t in ci.items()}
    rows = []
    for k, (doc, period) in enumerate(keys):
        x = x_all[cut[k]:cut[k + 1]]
        rows.append(_describe(doc, period, "sentence_length_words", x, cis["sentence_length_words"][doc]))
        w = wpos[doc]
        y = np.repeat(letters[wcut[w]:wcut[w + 1]], counts[wcut[w]:wcut[w + 1]])
        rows.append(_describe(doc, period, "word_length_letters", y, cis["word_length_letters"][doc]))
    return corpus_order(pd.DataFrame(rows).rename(columns={"measure": "metric"}), corpus, "document") \
        .rename(columns={"metric": "measure"})


def _ci_records(table: pd.DataFrame) -> dict:
    """doc_id -> ``{estimate, ci_low, ci_high, unit}`` of a table indexed by ``doc_id`` (one row each)."""
    if not table.index.is_unique:
        raise ValueError("length_summary: a document stands in two periods")
    cols = {c: table[c].tolist() for c in ("estimate", "ci_low", "ci_high", "unit")}
    return {d: {c: v[i] for c, v in cols.items()} for i, d in enumerate(table.index.tolist())}


def _describe(doc, period, measure, x, ci) -> dict:
    q25, med, q75 = np.quantile(x, [0.25, 0.5, 0.75]) if len(x) else (np.nan,) * 3
    return {"doc_id": doc, "period": period, "measure": measure, "mean": float(ci["estimate"]),
            "ci_low": float(ci["ci_low"]), "ci_high": float(ci["ci_high"]), "unit": ci["unit"],
            "sd": float(np.std(x, ddof=1)) if len(x) > 1 else float("nan"),
            "q25": float(q25), "median": float(med), "q75": float(q75),
            "max": float(x.max()) if len(x) else float("nan"), "n": int(len(x))}
