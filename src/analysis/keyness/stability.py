"""How stable each period's top list is when the units of each period are resampled."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from ..stats import bootstrap_weights, check_random_state, resampling_unit
from .statistics import _z_vs_reference, _z_vs_rest, display_mask, english_frequencies, keyness, keyness_vs_english
from .summaries import top_terms
from .terms import _periods_of, _token_key, count_terms


def top_term_stability(terms: pd.DataFrame, *, n_top: int = 10, reference: str = "other periods",
                       alpha0: float = 1000.0, minimum: float = 1e-8, english: pd.Series | None = None,
                       min_docs: int = 5,
                       n_resamples: int = 2000, random_state) -> pd.DataFrame:
    """How often each observed top term stays in the top ``n_top`` when the texts are resampled.

    Units are drawn with replacement within each period -- documents when every period
    has at least ``min_docs`` documents, else sentences (the unit rule of
    :func:`analysis.stats.resampling_unit`) -- the counts and z-scores are recomputed, and for each
    term in the observed top ``n_top`` (``direction="over"``, display terms) we
    record the share of resamples in which it is again in the top ``n_top``. This
    is a selection frequency, not an interval; it measures stability *within the
    texts*, not across articles of a period, unless documents are resampled.

    Parameters
    ----------
    terms : pandas.DataFrame
        Output of :func:`extract_terms`.
    n_top : int, default=10
    reference : {"other periods", "general English"}, default="other periods"
    alpha0, minimum
        As in :func:`keyness` / :func:`keyness_vs_english` / :func:`count_terms`.
    english : pandas.Series, default=None
        :func:`english_frequencies` of the terms, if already computed.
    min_docs : int, default=5
        Documents every period needs before documents, not sentences, are resampled.
    n_resamples : int, default=2000
    random_state : int or numpy.random.Generator
        Required (see :func:`analysis.stats.check_random_state`).

    Returns
    -------
    pandas.DataFrame
        ``reference, period, rank, term, z, share_in_top, n_resamples, unit``.
    """
    if reference not in ("other periods", "general English"):
        raise ValueError(f"reference must be 'other periods' or 'general English', got {reference!r}")
    rng = check_random_state(random_state)
    used = terms
    counts = count_terms(used)
    periods = _periods_of(counts)
    if reference == "other periods":
        table = keyness(counts, alpha0=alpha0)
        pi = None
    else:
        pi = (english_frequencies(counts, minimum=minimum) if english is None
              else english.reindex(counts["term"])).to_numpy(float)
        table = keyness_vs_english(counts, alpha0=alpha0, reference=pd.Series(pi, index=counts["term"]))
    top = top_terms(table, n=n_top)
    top = top.loc[top["direction"] == "over"]
    vocab = pd.Index(counts["term"])
    unit = resampling_unit(used, by="period", min_docs=min_docs, unit="sentence")
    doc_code = pd.factorize(used["doc_id"])[0]
    sent_code = doc_code if unit == "document" else pd.factorize(_token_key(doc_code, used["sent_id"], 0))[0]
    X = sparse.csr_matrix((np.ones(len(used)), (sent_code, vocab.get_indexer(used["term"]))),
                          shape=(sent_code.max() + 1, len(vocab)))
    sent_period = pd.Series(used["period"].astype(str).to_numpy()).groupby(sent_code).first()
    show = display_mask(counts).to_numpy()
    hits = np.zeros((len(vocab), len(periods)))
    block = max(1, 2_000_000 // max(1, len(vocab) * len(periods)))
    pi32 = None if pi is None else pi.astype(np.float32)
    done = 0
    while done < n_resamples:
        b = min(block, n_resamples - done)
        Y = np.zeros((b, len(vocab), len(periods)), dtype=np.float32)  # ranks only: single precision suffices
        for k, p in enumerate(periods):
            rows = np.flatnonzero(sent_period.to_numpy() == p)
            W = bootstrap_weights(len(rows), n_resamples=b, random_state=rng)
            Y[:, :, k] = np.asarray((X[rows].T @ W.T).T)
        delta, var = _z_vs_rest(Y, alpha0) if pi is None else _z_vs_reference(Y, pi32, alpha0)
        z = np.nan_to_num(delta / np.sqrt(var), nan=-np.inf)
        z[:, ~show, :] = -np.inf
        kth = -np.partition(-z, min(n_top, len(vocab)) - 1, axis=1)[:, min(n_top, len(vocab)) - 1, :]
        hits += (z >= kth[:, None, :]).sum(axis=0)
        done += b
    col = {p: k for k, p in enumerate(periods)}
    res = top[["reference", "period", "rank", "term", "z"]].reset_index(drop=True)
    res["share_in_top"] = [hits[vocab.get_loc(t), col[p]] / n_resamples for t, p in zip(res["term"], res["period"])]
    res["n_resamples"] = n_resamples
    res["unit"] = unit
    return res
