"""Fightin' Words z-scores: period against period, and period against general English.

Compare functions over groups: they take term counts per period (:func:`~.terms.count_terms`)
and return one tidy row per period x term (see the package docstring for the model).
"""

from __future__ import annotations

from collections import OrderedDict
from functools import lru_cache

import numpy as np
import pandas as pd

from .. import segment
from ..errors import AnalysisError
from .terms import _is_terms, _periods_of, count_terms, extract_terms


def log_odds_dirichlet(y_i, y_j, alpha, *, n_i=None, n_j=None) -> pd.DataFrame:
    """Log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008, eqs. 16-22).

    Parameters
    ----------
    y_i, y_j : array-like of float, shape (n_terms,)
        Counts of each term in group i and group j.
    alpha : array-like of float, shape (n_terms,)
        Prior pseudo-counts ``a_w`` (``alpha0 = sum(alpha)``), all > 0.
    n_i, n_j : float, default=None
        Group totals (default: ``sum(y_i)``, ``sum(y_j)``).

    Returns
    -------
    pandas.DataFrame
        ``log_odds`` (delta, positive = more in group i), ``variance``, ``z``.

    Examples
    --------
    >>> r = log_odds_dirichlet([3, 1, 0], [1, 1, 2], [2, 1, 1])
    >>> round(float(r["log_odds"][0]), 4), round(float(r["z"][0]), 4)
    (1.0217, 1.399)
    """
    y_i, y_j, a = (np.asarray(v, dtype=float) for v in (y_i, y_j, alpha))
    if not (y_i.shape == y_j.shape == a.shape) or y_i.ndim != 1:
        raise ValueError(f"y_i, y_j and alpha must be 1-D of equal length, got {y_i.shape}, {y_j.shape}, {a.shape}")
    if np.any(a <= 0):
        raise ValueError("every prior pseudo-count alpha must be > 0")
    a0 = a.sum()
    n_i = y_i.sum() if n_i is None else float(n_i)
    n_j = y_j.sum() if n_j is None else float(n_j)
    delta = (np.log(y_i + a) - np.log(n_i + a0 - y_i - a)) - (np.log(y_j + a) - np.log(n_j + a0 - y_j - a))
    var = 1.0 / (y_i + a) + 1.0 / (y_j + a)
    return pd.DataFrame({"log_odds": delta, "variance": var, "z": delta / np.sqrt(var)})


def _z_vs_rest(Y: np.ndarray, alpha0: float):
    """delta, var for every period against the rest; Y has shape (..., n_terms, n_periods)."""
    pooled = Y.sum(-1, keepdims=True)
    N = pooled.sum(-2, keepdims=True)
    a = alpha0 * pooled / N
    n = Y.sum(-2, keepdims=True)
    yj, nj = pooled - Y, N - n
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = (np.log(Y + a) - np.log(n + alpha0 - Y - a)) - (np.log(yj + a) - np.log(nj + alpha0 - yj - a))
        var = 1.0 / (Y + a) + 1.0 / (yj + a)
    return delta, var


def _z_vs_reference(Y: np.ndarray, pi: np.ndarray, alpha0: float):
    """delta, var for every period against a known reference distribution ``pi`` (n_terms,)."""
    a = alpha0 * pi[:, None]
    n = Y.sum(-2, keepdims=True)
    delta = (np.log(Y + a) - np.log(n + alpha0 - Y - a)) - np.log(pi / (1 - pi))[:, None]
    return delta, 1.0 / (Y + a)


def _long(counts: pd.DataFrame, delta, var, reference: str, extra: dict | None = None) -> pd.DataFrame:
    periods = _periods_of(counts)
    parts = []
    for k, p in enumerate(periods):
        part = counts[["term", *[f"count_{q}" for q in periods]]].copy()
        part.insert(1, "period", p)
        part["log_odds"] = delta[:, k]
        part["z"] = delta[:, k] / np.sqrt(var[:, k])
        part["se"] = np.sqrt(var[:, k])
        part["reference"] = reference
        for name, values in (extra or {}).items():
            part[name] = values
        for col in ["form", "is_stop", "is_mwe"]:
            part[col] = counts[col].to_numpy()
        # flagged occurrences in the data this row compares: all periods against the
        # rest, only the period itself against an external reference
        own = reference != "other periods"
        nf = counts[f"n_flagged_{p}" if own else "n_flagged"].to_numpy()
        denom = counts[f"count_{p}"].to_numpy() if own else counts[[f"count_{q}" for q in periods]].sum(axis=1).to_numpy()
        part["n_flagged"] = nf
        part["flagged_share"] = np.where(denom > 0, nf / np.maximum(denom, 1), 0.0)
        parts.append(part)
    res = pd.concat(parts, ignore_index=True)
    res["flagged"] = res["n_flagged"] > 0
    res["display"] = np.tile(display_mask(counts).to_numpy(bool), len(periods))
    return res


def display_mask(table: pd.DataFrame) -> pd.Series:
    """Terms shown in tables and figures: not a stop word and containing a letter.

    Stop words stay in the model (the prior handles them); this only hides them,
    and bare numbers, from what a reader sees.
    """
    return (~table["is_stop"].astype(bool)) & table["term"].astype(str).str.contains("[a-z]", regex=True)


def _check_contrast(periods: list, alpha0: float) -> None:
    """The checks of :func:`keyness` (two or more periods, a positive prior)."""
    if len(periods) < 2:
        raise AnalysisError(f"keyness needs at least two periods to compare, found {periods}; add an "
                            f"article of another period or use keyness_vs_english")
    if alpha0 <= 0:
        raise ValueError(f"alpha0 must be > 0, got {alpha0}")


def keyness(counts: pd.DataFrame, *, alpha0: float = 1000.0) -> pd.DataFrame:
    """Each period against all other periods pooled (Fightin' Words, informative prior).

    Parameters
    ----------
    counts : pandas.DataFrame
        Output of :func:`count_terms` (at least two ``count_<period>`` columns).
    alpha0 : float, default=1000.0
        Prior size in pseudo-counts. The prior is the pooled counts of all periods
        scaled to ``alpha0`` (``a_w = alpha0 * pooled_w / N``); larger values shrink
        more towards "no difference". 1,000 is about half the two bundled articles.

    Returns
    -------
    pandas.DataFrame
        One row per period x term: ``term, period, count_<period>...`` (all periods),
        ``log_odds`` (delta: positive = more in ``period`` than in the rest),
        ``z``, ``se``, ``reference`` ("other periods"), ``prior`` (``a_w``),
        ``form, is_stop, is_mwe``, ``n_flagged`` (occurrences in sentences with a
        ``quality_issue``, in all periods), ``flagged_share`` (their share of the
        term's count), ``flagged`` (``n_flagged > 0``), ``display``.

    References
    ----------
    Monroe, Colaresi & Quinn (2008), eqs. 16-22.
    """
    periods = _periods_of(counts)
    _check_contrast(periods, alpha0)
    Y = counts[[f"count_{p}" for p in periods]].to_numpy(float)
    delta, var = _z_vs_rest(Y, alpha0)
    prior = alpha0 * Y.sum(1) / Y.sum()
    return _long(counts, delta, var, "other periods", {"prior": prior})


@lru_cache(maxsize=2)
def _frequency_dict(lang: str) -> dict:
    """wordfreq's word list with frequencies (cached; read-only use)."""
    import wordfreq

    return wordfreq.get_frequency_dict(lang)


@lru_cache(maxsize=2)
def _lemma_reference(lang: str) -> pd.Series:
    """wordfreq frequencies summed over forms per lemma (spaCy lookup lemmatiser); cached, read-only use."""
    freqs = _frequency_dict(lang)
    table = segment.english_pipeline().get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    forms = list(freqs)
    # Table.get(f, f) is OrderedDict.get(table, get_string_id(f), f): called directly, without
    # the method's own Python frame per form (300,000 forms)
    from spacy.lookups import Table
    from spacy.strings import get_string_id

    if type(table).get is Table.get:
        get = OrderedDict.get
        lemmas = [str(get(table, get_string_id(f), f)).lower() for f in forms]
    else:  # another table class: its own lookup
        lemmas = [str(table.get(f, f)).lower() for f in forms]
    code, uniques = pd.factorize(np.asarray(lemmas, dtype=object))
    total = np.bincount(code, weights=np.fromiter(freqs.values(), float, len(forms)), minlength=len(uniques))
    return pd.Series(total, index=pd.Index(uniques, name="lemma"), name="freq")


def english_frequencies(counts: pd.DataFrame, *, minimum: float = 1e-8, lang: str = "en") -> pd.Series:
    """General-English reference frequency of every term (wordfreq, lemma-summed).

    Parameters
    ----------
    counts : pandas.DataFrame
        Output of :func:`count_terms` (uses ``term``, ``form`` and ``is_mwe``).
    minimum : float, default=1e-8
        Floor for words wordfreq does not know (it returns 0 for them), so that
        logs stay finite; 1e-8 is about the rarest frequency wordfreq lists.
    lang : str, default="en"

    Returns
    -------
    pandas.Series
        Frequency (share of all English tokens) indexed by ``term``. Single-word
        terms: sum over all word forms the lookup lemmatiser maps to the lemma;
        if none, wordfreq's frequency of the term. Multi-word terms: wordfreq's
        combined estimate for the phrase (an upper bound).
    """
    import wordfreq

    ref = _lemma_reference(lang)
    listed = _frequency_dict(lang)
    freq = ref.reindex(counts["term"]).to_numpy(float, copy=True)
    missing = np.isnan(freq) | (freq <= 0) | counts["is_mwe"].to_numpy(bool)
    # a plain lower-case word wordfreq does not list gets 0 from it: use the floor directly
    plain = counts["term"].str.fullmatch("[a-z]+").to_numpy(bool)
    unlisted = np.fromiter((t not in listed for t in counts["term"]), bool, len(counts))
    freq[missing & plain & unlisted] = minimum
    missing &= ~(plain & unlisted)
    names = counts["term"].to_numpy(object)
    for k in np.flatnonzero(missing):  # once per unique type, never per token
        freq[k] = wordfreq.word_frequency(names[k].replace("_", " "), lang, minimum=minimum)
    return pd.Series(np.clip(freq, minimum, 1 - 1e-9), index=counts["term"].to_numpy(), name="english_freq")


def keyness_vs_english(counts: pd.DataFrame, *, alpha0: float = 1000.0, minimum: float = 1e-8,
                       reference: pd.Series | None = None) -> pd.DataFrame:
    """Each period against general English (log-odds with informative Dirichlet prior).

    The reference is treated as a corpus of known frequencies ``pi_w`` and infinite
    size: Monroe et al.'s formula with group ``j`` = general English, whose
    log-odds is ``log(pi_w / (1 - pi_w))`` and whose variance term vanishes.

    Parameters
    ----------
    counts : pandas.DataFrame
        Output of :func:`count_terms` (one or more periods).
    alpha0 : float, default=1000.0
        Prior size; ``a_w = alpha0 * pi_w``.
    minimum : float, default=1e-8
        Frequency floor for unknown words (see :func:`english_frequencies`).
    reference : pandas.Series, default=None
        Reference frequencies indexed by term (default: :func:`english_frequencies`).

    Returns
    -------
    pandas.DataFrame
        As :func:`keyness` with ``reference`` = "general English", ``prior`` and
        ``english_per_million`` (the reference frequency per million words).
    """
    if alpha0 <= 0:
        raise ValueError(f"alpha0 must be > 0, got {alpha0}")
    pi = (english_frequencies(counts, minimum=minimum) if reference is None
          else reference.reindex(counts["term"]).astype(float))
    if pi.isna().any():
        raise AnalysisError(f"reference has no frequency for {pi.index[pi.isna()][:5].tolist()}")
    pi = pi.to_numpy(float)
    Y = counts[[f"count_{p}" for p in _periods_of(counts)]].to_numpy(float)
    delta, var = _z_vs_reference(Y, pi, alpha0)
    return _long(counts, delta, var, "general English",
                 {"prior": alpha0 * pi, "english_per_million": pi * 1e6})


def keyness_table(corpus, *, expressions=None, alpha0: float = 1000.0, alpha0_english: float = 1000.0,
                  minimum: float = 1e-8, english: pd.Series | None = None,
                  counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Both contrasts in one tidy table (the ``keyness.csv`` of DESIGN.md §6).

    Parameters
    ----------
    corpus : Corpus or pandas.DataFrame
        As in :func:`extract_terms`, or its output (a terms table), which is used as is.
    expressions, alpha0, alpha0_english, minimum
        See :func:`extract_terms`, :func:`keyness`, :func:`keyness_vs_english`, :func:`count_terms`.
    english : pandas.Series, default=None
        :func:`english_frequencies` of these terms, if already computed (it is the slow part).
    counts : pandas.DataFrame, default=None
        :func:`count_terms` of these terms, if already computed (only with a terms table).

    Returns
    -------
    pandas.DataFrame
        Rows of :func:`keyness` (when there are two or more periods) then of
        :func:`keyness_vs_english`. For the table without the flagged sentences, pass
        ``corpus.without_flagged()`` (or its terms).
    """
    if counts is None:
        counts = count_terms(corpus if _is_terms(corpus) else extract_terms(corpus, expressions=expressions))
    elif not _is_terms(corpus):
        raise ValueError("counts= goes with a terms table (the output of extract_terms), not a corpus")
    parts = []
    if len(_periods_of(counts)) >= 2:
        parts.append(keyness(counts, alpha0=alpha0))
    parts.append(keyness_vs_english(counts, alpha0=alpha0_english, minimum=minimum, reference=english))
    return pd.concat(parts, ignore_index=True)
