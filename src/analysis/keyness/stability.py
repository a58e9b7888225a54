"""How stable each period's top list is when the units of each period are resampled."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from ..stats import bootstrap_weights, check_random_state, resampling_unit
from .statistics import display_mask, english_frequencies, keyness, keyness_vs_english
from .summaries import top_terms
from .terms import _periods_of, _token_key, count_terms


REFERENCES = ("other periods", "general English")


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
    if reference not in REFERENCES:
        raise ValueError(f"reference must be 'other periods' or 'general English', got {reference!r}")
    return _stability(terms, [(reference, alpha0)], n_top=n_top, minimum=minimum, english=english,
                      min_docs=min_docs, n_resamples=n_resamples, random_states=[check_random_state(random_state)])


def top_term_stabilities(terms: pd.DataFrame, *, n_top: int = 10, alpha0: float = 1000.0,
                         alpha0_english: float = 1000.0, minimum: float = 1e-8, english: pd.Series | None = None,
                         min_docs: int = 5, n_resamples: int = 2000, counts: pd.DataFrame | None = None,
                         table: pd.DataFrame | None = None, random_state) -> pd.DataFrame:
    """:func:`top_term_stability` against the other periods, then against general English, in one pass.

    Equal to concatenating the two calls, each started from ``random_state``: with an int seed both
    draw the same resamples, so the resampled counts -- the costly part -- are computed once and
    z-scored against both references. A Generator is consumed by the two runs in turn, as two
    separate calls would.

    Parameters
    ----------
    terms : pandas.DataFrame
        Output of :func:`extract_terms`.
    n_top, minimum, english, min_docs, n_resamples
        As in :func:`top_term_stability`.
    alpha0, alpha0_english : float, default=1000.0
        Prior sizes against the other periods and against general English.
    counts, table : pandas.DataFrame, default=None
        ``count_terms(terms)`` and ``keyness_table(terms, alpha0=alpha0, alpha0_english=alpha0_english,
        minimum=minimum, english=english)``, if already computed (the observed top lists come from them).
    random_state : int or numpy.random.Generator

    Returns
    -------
    pandas.DataFrame
        The rows of both references (as :func:`top_term_stability`), other periods first.
    """
    specs = [("other periods", alpha0), ("general English", alpha0_english)]
    opts = dict(n_top=n_top, minimum=minimum, english=english, min_docs=min_docs, n_resamples=n_resamples,
                counts=counts, table=table)
    if isinstance(random_state, np.random.Generator):  # sequential draws: no sharing possible
        return pd.concat([_stability(terms, [spec], random_states=[random_state], **opts) for spec in specs],
                         ignore_index=True)
    return _stability(terms, specs, random_states=[check_random_state(random_state) for _ in specs], **opts)


def _stability(terms, specs, *, n_top, minimum, english, min_docs, n_resamples, random_states, counts=None,
               table=None) -> pd.DataFrame:
    """The rows of every ``(reference, alpha0)`` of ``specs``; resamples drawn from the first state
    (the others must be fresh generators of the same seed: they would draw the same)."""
    used = terms
    counts = count_terms(used) if counts is None else counts
    given = table
    periods = _periods_of(counts)
    vocab = pd.Index(counts["term"].to_numpy(object))  # object index: hashing Arrow strings costs more
    show = display_mask(counts).to_numpy()
    tops, firsts, pis = [], [], []
    for reference, alpha0 in specs:
        if reference == "other periods":
            pi = None
            table = keyness(counts, alpha0=alpha0) if given is None else given.loc[given["reference"] == reference]
        else:
            pi = (english_frequencies(counts, minimum=minimum) if english is None
                  else english.reindex(counts["term"])).to_numpy(float)
            table = (keyness_vs_english(counts, alpha0=alpha0, reference=pd.Series(pi, index=counts["term"]))
                     if given is None else given.loc[given["reference"] == reference])
        top = top_terms(table, n=n_top)
        top = top.loc[top["direction"] == "over"]
        tops.append(top)
        pis.append(pi)
        firsts.append(_observed_candidates(table, vocab, show, periods, n_top=n_top, keep=top["term"]))
    # string columns are factorized as they are (Arrow) and only their distinct values looked up:
    # turning a million strings into Python objects cost more than the lookups themselves
    doc_code = pd.factorize(used["doc_id"])[0]
    per_code, per_uniques = pd.factorize(used["period"])
    # the unit rule counts distinct documents per period: one row per (period, document) tells the same
    pair_rows = np.unique(doc_code.astype(np.int64) * max(1, len(per_uniques)) + per_code, return_index=True)[1]
    unit = resampling_unit(used.iloc[pair_rows], by="period", min_docs=min_docs, unit="sentence")
    sent_code = doc_code if unit == "document" else pd.factorize(_token_key(doc_code, used["sent_id"], 0))[0]
    term_code, term_uniques = pd.factorize(used["term"])
    X = sparse.csr_matrix((np.ones(len(used)), (sent_code, vocab.get_indexer(term_uniques)[term_code])),
                          shape=(sent_code.max() + 1, len(vocab)))
    first_row = np.empty(sent_code.max() + 1, dtype=np.int64)
    first_row[sent_code[::-1]] = np.arange(len(used))[::-1]  # reversed: the first row of a unit writes last
    sent_period = np.asarray(per_uniques, dtype=object)[per_code[first_row]].astype(str)
    parts = [X[np.flatnonzero(sent_period == p)].tocsc() for p in periods]
    block = max(1, 2_000_000 // max(1, len(vocab) * len(periods)))
    hits = _hits(parts, firsts, show, block=block, n_resamples=n_resamples, rng=random_states[0], n_top=n_top,
                 alphas=[a for _, a in specs], pis=pis)
    col = {p: k for k, p in enumerate(periods)}
    out = []
    for top, h in zip(tops, hits):
        res = top[["reference", "period", "rank", "term", "z"]].reset_index(drop=True)
        res["share_in_top"] = [h[vocab.get_loc(t), col[p]] / n_resamples for t, p in zip(res["term"], res["period"])]
        res["n_resamples"] = n_resamples
        res["unit"] = unit
        out.append(res)
    return out[0] if len(out) == 1 else pd.concat(out, ignore_index=True)


def _observed_candidates(table, vocab, show, periods, *, n_top, keep) -> np.ndarray:
    """Indices of the observed top terms plus, per period, the ``20 * n_top`` display terms of highest z."""
    picked = [vocab.get_indexer(pd.Index(keep))]
    for p in periods:
        part = table.loc[table["period"] == p]
        ix = vocab.get_indexer(part["term"])
        z = part["z"].to_numpy(float)
        ok = show[ix] & np.isfinite(z)
        ix, z = ix[ok], z[ok]
        picked.append(ix[np.argsort(-z, kind="stable")[:20 * n_top]])
    return np.unique(np.concatenate(picked))


def _z_rest(Y, n, N, alpha0, pooled=None):
    """As :func:`~.statistics._z_vs_rest`, with the period sizes ``n`` and total ``N`` of the whole vocabulary.

    ``pooled`` (the terms' counts summed over all periods) is given when ``Y`` and ``n`` hold only
    some periods; every element is then computed exactly as with all periods.
    """
    pooled = Y.sum(-1, keepdims=True) if pooled is None else pooled
    a = alpha0 * pooled / N
    yj, nj = pooled - Y, N - n
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = (np.log(Y + a) - np.log(n + alpha0 - Y - a)) - (np.log(yj + a) - np.log(nj + alpha0 - yj - a))
        var = 1.0 / (Y + a) + 1.0 / (yj + a)
    return delta, var


def _z_reference(Y, n, pi, alpha0):
    """As :func:`~.statistics._z_vs_reference`, with the period sizes ``n`` of the whole vocabulary."""
    a = alpha0 * pi[:, None]
    delta = (np.log(Y + a) - np.log(n + alpha0 - Y - a)) - np.log(pi / (1 - pi))[:, None]
    return delta, 1.0 / (Y + a)


def _draws(units, *, block, n_resamples, rng, width):
    """Bootstrap weights per period, drawn ``block`` resamples at a time in the original order
    (period by period within a block), yielded in groups of about ``width`` resamples."""
    done = 0
    while done < n_resamples:
        group = [[] for _ in units]
        taken = 0
        while done < n_resamples and (taken == 0 or taken + block <= width):
            b = min(block, n_resamples - done)
            for k, n_units in enumerate(units):
                group[k].append(bootstrap_weights(n_units, n_resamples=b, random_state=rng))
            done, taken = done + b, taken + b
        yield [np.vstack(g) for g in group]


def _z_top(Y, n, N, cols, show, *, pi, alpha0, n_top, n_vocab, pooled=None):
    """z of the terms ``cols`` (shape resamples x terms x periods) and each resample's ``n_top``-th largest.

    ``Y`` and ``n`` may hold one period (last axis of length 1), with ``pooled`` the counts summed
    over all periods (needed against the other periods): the same values as that period's slice.
    """
    delta, var = (_z_rest(Y, n, N, alpha0, pooled) if pi is None
                  else _z_reference(Y, n, pi.astype(np.float32)[cols], alpha0))
    z = np.nan_to_num(delta / np.sqrt(var), nan=-np.inf)
    z[:, ~show[cols], :] = -np.inf
    nt = min(n_top, n_vocab)
    if len(cols) < nt:
        return z, np.full((len(z), z.shape[2]), -np.inf, dtype=np.float32)
    return z, -np.partition(-z, nt - 1, axis=1)[:, nt - 1, :]


def _hits(parts, firsts, show, *, block, n_resamples, rng, n_top, alphas, pis) -> list:
    """How often each term is in its period's top ``n_top`` (terms x periods), over the resamples.

    One array per reference (``firsts``, ``alphas``, ``pis``: its candidates, prior size and
    English frequencies, ``None`` against the other periods); the resamples are shared.
    The units of each period are resampled (drawn ``block`` resamples at a time, period by
    period, as the full computation would) and processed about a hundred resamples at a time:
    the counts of every term, the ``n_top``-th z among the ``first`` candidates, then the exact
    z, period by period, only of the terms whose bound in that period (:func:`_reachable`) could
    reach it -- the same hits as z-scoring every term, since no other term can enter that
    period's top list or move its cut-off.
    """
    n_vocab, n_per = parts[0].shape[1], len(parts)
    totals = [np.asarray(part.sum(axis=1)).ravel() for part in parts]
    hits = [np.zeros((n_vocab, n_per)) for _ in firsts]
    width = max(block, 4_000_000 // max(1, n_vocab))
    # counts are integers: below 2**24 single precision holds every partial sum exactly, and
    # the sparse product then moves half the bytes (same values as in double precision)
    parts32 = [part.astype(np.float32).T.tocsr() for part in parts]
    for weights in _draws([part.shape[0] for part in parts], block=block, n_resamples=n_resamples, rng=rng,
                          width=width):
        n64 = np.column_stack([W @ t for W, t in zip(weights, totals)])
        if n64.max() < 2 ** 24:
            counts = [part @ W.T.astype(np.float32) for part, W in zip(parts32, weights)]  # (terms, resamples)
        else:
            counts = [np.asarray(part.T @ W.T) for part, W in zip(parts, weights)]
        n = n64.astype(np.float32)[:, None, :]
        N = n64.sum(axis=1).astype(np.float32)[:, None, None]

        # integer counts whose grand total is below 2**24 add up exactly in single precision in any
        # order: the pooled counts are then plain additions (a reduction over an axis of length
        # P is an order of magnitude slower); otherwise the reduction the full computation does
        exact = float(N.max()) < 2 ** 24

        def z_of(cols, opts, period):
            """z of period ``period`` (resamples x terms x 1) and its ``n_top``-th largest per resample."""
            if opts["pi"] is not None:  # against English a period needs only its own counts
                Yk = np.ascontiguousarray(counts[period][cols].T, dtype=np.float32)[:, :, None]
                return _z_top(Yk, n[:, :, period:period + 1], N, cols, show, **opts)
            Ys = [np.ascontiguousarray(c[cols].T, dtype=np.float32) for c in counts]  # ranks only: single precision
            if exact:
                pooled = Ys[0].copy()
                for y in Ys[1:]:
                    pooled += y
                pooled = pooled[:, :, None]
            else:
                pooled = np.stack(Ys, axis=-1).sum(-1, keepdims=True)
            return _z_top(Ys[period][:, :, None], n[:, :, period:period + 1], N, cols, show, pooled=pooled, **opts)

        extremes = (np.column_stack([c.min(axis=1) for c in counts]).astype(float),
                    np.column_stack([c.max(axis=1) for c in counts]).astype(float))
        for h, first, alpha0, pi in zip(hits, firsts, alphas, pis):
            opts = dict(pi=pi, alpha0=alpha0, n_top=n_top, n_vocab=n_vocab)
            kth0 = np.column_stack([z_of(first, opts, k)[1][:, 0] for k in range(n_per)])
            # candidates per period: a term that can reach one period's top list (often the period
            # with the lowest cut-off) need not be z-scored in the others
            for k, cand in enumerate(_reachable(n64, extremes, kth0, show, first, alpha0=alpha0, pi=pi)):
                z, kth = z_of(cand, opts, k)
                h[cand, k] += (z[:, :, 0] >= kth[:, None, 0]).sum(axis=0)
    return hits


def _reachable(n, extremes, kth, show, first, *, alpha0, pi) -> list:
    """Per period, ``first`` plus every display term whose z could reach the smallest ``kth`` of that period.

    Upper bound of a term's z over the resamples at hand: its count in a period lies between
    its smallest and largest resampled counts there (``extremes``); the period sizes lie
    between their smallest and largest resampled values (``n``); for the contrast with the other periods,
    ``1 / var <= min(y_i + a, y_j + a)``, so with ``s = y_j + a`` and ``C`` the largest ``y_i + a``,
    ``z <= (A - log s) sqrt(min(C, s))``, maximised at ``s = exp(A - 2)`` clipped to the feasible range.
    Terms below the bound cannot enter the period's top list nor move its ``n_top``-th value.
    Returns one array of term indices per period.
    """
    small, big = extremes
    nmin = n.min(axis=0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if pi is None:
            total = n.sum(axis=1)
            njmax = (total[:, None] - n).max(axis=0)
            other = big.sum(axis=1, keepdims=True) - big
            other_low = small.sum(axis=1, keepdims=True) - small
            amax = alpha0 * (big + other) / total.min()
            amin = alpha0 * (small + other_low) / total.max()
            cap, low, high = big + amax, other_low + amin, other + amax
            A = np.log(cap) - np.log(nmin + alpha0 - cap) + np.log(njmax + alpha0 - low)
            s = np.clip(np.exp(A - 2), low, np.maximum(low, np.minimum(cap, high)))
            bound = (A - np.log(s)) * np.sqrt(np.minimum(cap, s))
            bound = _harmonic_bound(bound, A, cap, low, high, floor=_floor(kth))
        else:
            a = alpha0 * pi[:, None]
            D = np.log(big + a) - np.log(nmin + alpha0 - big - a) - np.log(pi / (1 - pi))[:, None]
            bound = np.maximum(D, 0) * np.sqrt(big + a)
        bound = np.maximum(bound, 0)
        safe = bound <= _floor(kth)
    return [np.union1d(first, np.flatnonzero(show & ~safe[:, k])) for k in range(safe.shape[1])]


def _floor(kth):
    """Smallest ``n_top``-th z of each period, less a margin for single-precision z."""
    floor = kth.astype(float).min(axis=0)
    return floor - (0.01 * np.abs(floor) + 0.01)


def _harmonic_bound(bound, A, cap, low, high, *, floor, n_grid=48):
    """Tighter bound where ``bound`` passes ``floor``: ``1 / var <= C s / (C + s)`` exactly.

    ``(A - log s) sqrt(C s / (C + s))`` is bounded on each cell ``[s_i, s_i+1]`` of a geometric
    grid over ``[low, high]`` by ``(A - log s_i) sqrt(C s_i+1 / (C + s_i+1))``; the bound is the
    largest cell value (never below the true maximum).
    """
    # per (term, period): a period whose bound is already below its floor needs no grid (the
    # terms that pass in one period rarely pass in the others)
    loose = bound > floor
    if not loose.any():
        return bound
    A_, cap_, lo, hi = (v[loose][..., None] for v in (A, cap, low, high))
    lo = np.maximum(lo, 1e-12)
    t = np.linspace(0.0, 1.0, n_grid + 1)
    s = np.exp(np.log(lo) + t * (np.log(np.maximum(hi, lo)) - np.log(lo)))
    s = np.concatenate([s[..., :1], s], axis=-1)  # s_0 = low exactly
    cell = np.maximum(A_ - np.log(s[..., :-1]), 0) * np.sqrt(cap_ * s[..., 1:] / (cap_ + s[..., 1:]))
    out = bound.copy()
    out[loose] = np.minimum(bound[loose], cell.max(axis=-1))
    return out
