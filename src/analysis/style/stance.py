"""Stance markers per sentence, rates per 1,000 words by group, and tests between groups.

Per document: :func:`stance_counts` (one row per sentence x category; any corpus, e.g.
``corpus.without_flagged()``). Compare: :func:`stance_rates`, :func:`stance_tests`,
:func:`stance_balance` -- intervals and tests from :mod:`analysis.stats` by the right unit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import stats
from ..corpus import Corpus
from ..readability.counts import memo, word_counts
from .markers import ATTRIBUTED, CATEGORIES, NEGATOR, load_stance_markers, match_markers


def _markers(markers, path):
    return markers if markers is not None else load_stance_markers(path)


def _sentences_and_tokens(corpus: Corpus):
    def sentences():
        return word_counts(corpus).merge(corpus.sentences()[["doc_id", "sent_id", "text", "quality_issue"]],
                                          on=["doc_id", "sent_id"], how="left").reset_index(drop=True)

    return memo(corpus, "style.sentences", sentences), corpus.tokens().reset_index(drop=True)


def stance_matches(corpus: Corpus, *, markers: pd.DataFrame | None = None, path=None,
                   negation_window: int = 3) -> pd.DataFrame:
    """Every counted stance marker with the sentence it stands in, for reading.

    Parameters
    ----------
    corpus : Corpus
        Any corpus (``corpus.without_flagged()`` leaves out the flagged sentences).
    markers : pandas.DataFrame, default=None
        From :func:`load_stance_markers`; ``None`` loads ``path``.
    path : str or Path, default=None
        Marker file (``None``: the packaged list).
    negation_window : int, default=3

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`match_markers` plus ``quality_issue`` and ``sentence``.
    """
    sents, toks = _sentences_and_tokens(corpus)
    found = match_markers(toks, _markers(markers, path), negation_window=negation_window)
    return found.merge(sents[["doc_id", "sent_id", "quality_issue", "text"]].rename(columns={"text": "sentence"}),
                       on=["doc_id", "sent_id"], how="left")


def stance_counts(corpus: Corpus, *, markers: pd.DataFrame | None = None, path=None,
                  negation_window: int = 3, matches: pd.DataFrame | None = None) -> pd.DataFrame:
    """Marker counts per sentence and category (zeros included): the units for intervals and tests.

    Pure per document: the counts of a document depend on its sentences only.

    Parameters
    ----------
    corpus : Corpus
    markers, path, negation_window
        As in :func:`stance_matches`.
    matches : pandas.DataFrame, default=None
        :func:`stance_matches` of the same corpus and settings, if already computed.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, period, para_id, sent_id, quality_issue, n_words, category, count`` --
        one row per sentence x category; ``n_words`` are the sentence's alphabetic tokens.
    """
    markers = _markers(markers, path)
    sents, toks = _sentences_and_tokens(corpus)
    found = match_markers(toks, markers, negation_window=negation_window) if matches is None else matches
    listed = set(markers["category"])
    if "attribution" in markers.columns and (markers["attribution"] == "subject").any():
        listed.add(ATTRIBUTED)  # attributed stance is counted apart from the writer's
    cats = [c for c in CATEGORIES if c in listed]
    cats += sorted(listed - set(cats) - {NEGATOR})
    base = sents[["doc_id", "period", "para_id", "sent_id", "quality_issue", "n_words"]]
    grid = base.merge(pd.DataFrame({"category": cats}), how="cross")
    n = found.groupby(["doc_id", "sent_id", "category"]).size().rename("count")
    grid = grid.join(n, on=["doc_id", "sent_id", "category"])
    grid["count"] = grid["count"].fillna(0).astype(int)
    return grid


def wide_counts(counts: pd.DataFrame) -> tuple[pd.DataFrame, list]:
    """``(wide, categories)``: one row per sentence, one count column per category (in the order
    of ``counts``), as :func:`stance_rates`, :func:`stance_tests` and :func:`stance_balance` use
    it; compute it once and pass it as their ``wide=`` when calling several on the same counts."""
    return _wide(counts)


def _given_wide(counts: pd.DataFrame, wide) -> tuple[pd.DataFrame, list]:
    """``wide_counts(counts)``, or a shallow copy of the one given (a caller's table is never changed)."""
    return _wide(counts) if wide is None else (wide[0].copy(deep=False), list(wide[1]))


def _wide(counts: pd.DataFrame) -> tuple[pd.DataFrame, list]:
    """One row per sentence, one count column per category (in the order of ``counts``)."""
    categories = list(pd.unique(counts["category"]))
    wide = counts.pivot_table(index=["doc_id", "period", "sent_id", "n_words"], columns="category",
                              values="count", fill_value=0, observed=True).reset_index()
    wide.columns.name = None
    return wide, categories


def stance_rates(counts: pd.DataFrame, *, level: str = "period", min_docs: int = 5, n_resamples: int = 2000,
                 confidence_level: float = 0.95, random_state, wide=None) -> pd.DataFrame:
    """Rates per 1,000 words with intervals by the right unit (:func:`analysis.stats.group_intervals`).

    Parameters
    ----------
    counts : pandas.DataFrame
        From :func:`stance_counts`.
    level : {"period", "document"}, default="period"
    min_docs : int, default=5
        When every period has this many documents, period intervals resample documents and
        document rows get no within-text interval (``unit`` ``none``); otherwise sentences
        are resampled.
    n_resamples, confidence_level, random_state
        As in :func:`analysis.stats.group_intervals` (one resample serves every category).
    wide : tuple, default=None
        :func:`wide_counts` of ``counts``, if already computed.

    Returns
    -------
    pandas.DataFrame
        ``doc_id`` (document level only), ``period, category, count, n_words, n_sentences,
        rate_per_1000, ci_low, ci_high, unit, method``. A zero count gets an exact (Garwood)
        upper bound, not ``[0, 0]``.
    """
    if level not in ("document", "period"):
        raise ValueError(f"level must be 'document' or 'period', got {level!r}")
    keys = ["doc_id", "period"] if level == "document" else ["period"]
    wide, categories = _given_wide(counts, wide)
    many = stats.resampling_unit(wide, by="period", min_docs=min_docs) == "document"
    tot = counts.groupby([*keys, "category"]).agg(count=("count", "sum"), n_words=("n_words", "sum"),
                                                  n_sentences=("sent_id", "size")).reset_index()
    if level == "document" and many:
        ci = tot[[*keys, "category"]].assign(ci_low=np.nan, ci_high=np.nan, unit="none",
                                             method="no interval at document level: documents are the unit "
                                                    "(see the period table)")
        ci["estimate"] = 1000.0 * tot["count"] / tot["n_words"].where(tot["n_words"] > 0)
    else:
        ci = stats.group_intervals(wide, categories, by=keys, weight="n_words", scale=1000.0, unit="sentence",
                                   min_docs=min_docs, n_resamples=n_resamples, confidence_level=confidence_level,
                                   random_state=random_state)
        if len(categories) == 1:
            ci.insert(len(keys), "measure", categories[0])
        ci = ci.rename(columns={"measure": "category"}).drop(columns="n")
    out = tot.merge(ci, on=[*keys, "category"]).rename(columns={"estimate": "rate_per_1000"})
    out = out[[*keys, "category", "count", "n_words", "n_sentences", "rate_per_1000", "ci_low", "ci_high", "unit",
               "method"]]
    order = {c: i for i, c in enumerate(categories)}
    return out.sort_values([*keys[:-1], "period", "category"], key=lambda s: s.map(order) if s.name == "category"
                           else s, kind="stable").reset_index(drop=True)


def stance_tests(counts: pd.DataFrame, *, reference: str | None = None, min_docs: int = 5, n_resamples: int = 5000,
                 random_state, wide=None) -> pd.DataFrame:
    """Permutation test, per category, of each period's rate against the reference period.

    Through :func:`analysis.stats.group_tests`: sentences -- or documents, once every period
    has ``min_docs`` of them -- are the permuted units (one set of permutations for all
    categories), the difference in rate per 1,000 words gets a bootstrap interval, and
    ``p_holm`` adjusts across categories.

    Parameters
    ----------
    counts : pandas.DataFrame
        From :func:`stance_counts`.
    reference : str, default=None
        Reference period (default: the first in sorted order, i.e. the earliest).
    min_docs : int, default=5
    n_resamples : int, default=5000
        Permutations per test.
    random_state : int or numpy.random.Generator
    wide : tuple, default=None
        :func:`wide_counts` of ``counts``, if already computed.

    Returns
    -------
    pandas.DataFrame
        ``category, reference, group, estimate_reference, estimate_group, difference`` (group
        minus reference, per 1,000 words), ``ci_low, ci_high`` (of the difference), ``p_value,
        p_holm, unit, n_reference, n_group, n_resamples``.
    """
    wide, categories = _given_wide(counts, wide)
    out = stats.group_tests(wide, categories, by="period", weight="n_words", reference=reference, scale=1000.0,
                            unit="sentence", min_docs=min_docs, n_resamples=n_resamples, random_state=random_state)
    out = out.rename(columns={"measure": "category"})
    return out[["category", *[c for c in out.columns if c != "category"]]]


def stance_balance(counts: pd.DataFrame, *, numerator: str = "booster", denominator=("hedge", "booster"),
                   reference: str | None = None, min_docs: int = 5, n_resamples: int = 2000,
                   confidence_level: float = 0.95, random_state, wide=None) -> pd.DataFrame:
    """Share of one category among several, per period: e.g. boosters / (hedges + boosters).

    A share above 0.5 means the text commits more often than it hedges. Interval and
    permutation test against the reference period from :func:`analysis.stats.group_intervals`
    and :func:`analysis.stats.group_tests` (sentences, or documents once every period has
    ``min_docs``).

    Parameters
    ----------
    counts : pandas.DataFrame
        From :func:`stance_counts`.
    numerator : str, default="booster"
    denominator : tuple of str, default=("hedge", "booster")
    reference : str, default=None
        Reference period (default: the earliest).
    min_docs, n_resamples, confidence_level, random_state, wide
        As in :func:`stance_rates`.

    Returns
    -------
    pandas.DataFrame
        ``period, measure, share, ci_low, ci_high, unit, n_markers, difference, p_value``
        (``difference`` and ``p_value`` against the reference period; NaN on its own row).
    """
    rng = stats.check_random_state(random_state)
    wide, _ = _given_wide(counts, wide)
    for c in [numerator, *denominator]:
        if c not in wide.columns:
            raise ValueError(f"category {c!r} not in counts (have {sorted(counts['category'].unique())})")
    wide["_num"] = wide[numerator]
    wide["_den"] = wide[list(denominator)].sum(axis=1)
    kw = dict(by="period", weight="_den", unit="sentence", min_docs=min_docs, n_resamples=n_resamples)
    ci = stats.group_intervals(wide, "_num", confidence_level=confidence_level, random_state=rng, **kw)
    test = stats.group_tests(wide, "_num", reference=reference, random_state=rng, **kw)
    out = ci.rename(columns={"estimate": "share"}).drop(columns=["n", "method"])
    out.insert(1, "measure", f"{numerator} / ({' + '.join(denominator)})")
    out["n_markers"] = out["period"].map(wide.groupby("period")["_den"].sum()).astype(int)
    t = test.set_index("group")
    out["difference"] = out["period"].map(t["difference"]) if len(t) else np.nan
    out["p_value"] = out["period"].map(t["p_value"]) if len(t) else np.nan
    return out
