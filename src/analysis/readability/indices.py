"""Readability indices per document or period, with intervals by the right unit."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .. import stats
from ..corpus import Corpus
from ..parallel import map_documents
from .counts import COMPONENTS, INDICES, LABELS, SMOG_MIN_SENTENCES, indices_from_sums, memo, sentence_components
from .textstat_rules import count_sentences


def _index_table(comp: pd.DataFrame, keys: list, ts_sentences: np.ndarray, *, unit: str, n_resamples,
                 confidence_level, rng) -> pd.DataFrame:
    """Indices with intervals for every group of ``comp`` (sorted by ``keys``).

    ``unit`` is what is resampled within each group: ``"sentence"`` (the rows), ``"document"``
    (the documents' summed rows) or ``"none"`` (no interval).
    """
    comp = comp.assign(n_sentences=1)
    cols = [*COMPONENTS, "n_sentences"]
    groups = comp.groupby(keys, sort=True).ngroup().to_numpy()
    totals = pd.DataFrame(comp[cols].to_numpy(dtype=np.int64), columns=cols).groupby(groups).sum()
    n = totals["n_sentences"].to_numpy().astype(int)
    point = indices_from_sums({c: totals[c].to_numpy() for c in cols})
    ts = indices_from_sums({**{c: totals[c].to_numpy() for c in COMPONENTS}, "n_sentences": ts_sentences})
    alpha = (1 - confidence_level) / 2
    if unit == "document":  # resample documents within each group: their summed counts
        docs = comp.groupby([*keys, "doc_id"], sort=True)[cols].sum().reset_index()
        rows, row_groups = docs[cols].to_numpy(dtype=np.int64), docs.groupby(keys, sort=True).ngroup().to_numpy()
    else:
        rows, row_groups = comp[cols].to_numpy(dtype=np.int64), groups
    n_units = np.bincount(row_groups, minlength=len(n))
    if unit == "none":
        sums = {c: totals[c].to_numpy()[None, :].astype(float) for c in cols}
    else:
        drawn = stats.bootstrap_sums(rows, row_groups, n_resamples=n_resamples, random_state=rng)
        sums = {c: drawn[:, :, j] for j, c in enumerate(cols)}
    boot = indices_from_sums(sums)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = 100 * sums["n_dale_chall_difficult"] / sums["n_words"]
        pct0 = 100 * totals["n_dale_chall_difficult"].to_numpy() / totals["n_words"].to_numpy()
    cross = np.mean((pct > 5) != (pct0 > 5), axis=0)
    ident = comp.groupby(keys, sort=True).size().reset_index()[keys]
    base = {"sentence": "sentence bootstrap; index recomputed from resampled sums",
            "document": "document bootstrap within period; index recomputed from resampled sums",
            "none": "no interval at document level: with enough documents per period the document is the "
                    "unit of inference (see the period table)"}[unit]
    frames = []
    for metric in [*INDICES, "words_per_sentence", "syllables_per_word", "letters_per_word"]:
        if unit == "none":  # no interval is reported: skip nanquantile's slow per-column path
            low = high = np.full(len(n), np.nan)
        else:
            with warnings.catch_warnings():  # all-NaN columns (e.g. zero words) give NaN, silently
                warnings.simplefilter("ignore", RuntimeWarning)
                low, high = np.nanquantile(boot[metric], [alpha, 1 - alpha], axis=0)
        method = np.full(len(n), base, dtype=object)
        none = (n_units < 2) | (unit == "none")
        if metric == "smog_index":
            few = n < SMOG_MIN_SENTENCES
            method[few] = f"no interval: SMOG needs >= {SMOG_MIN_SENTENCES} sentences (McLaughlin 1969)"
            none = none | few
        elif metric == "dale_chall":
            step = (cross > 0) & ~none
            method[step] = [f"{m}; {c:.0%} of resamples cross the 5% difficult-word step: interval unreliable"
                            for m, c in zip(method[step], cross[step])]
        method[(n_units < 2) & (unit != "none")] = f"no interval: fewer than 2 {unit}s"
        frames.append(ident.assign(metric=metric, value=point[metric], ci_low=np.where(none, np.nan, low),
                                   ci_high=np.where(none, np.nan, high), n_sentences=n,
                                   n_words=totals["n_words"].to_numpy().astype(int), method=method, unit=unit,
                                   textstat_value=ts.get(metric), n_sentences_textstat=ts_sentences.astype(int)))
    return pd.concat(frames, ignore_index=True)


def readability(corpus: Corpus, *, level: str = "document", min_docs: int = 5, n_resamples: int = 2000,
                confidence_level: float = 0.95, random_state) -> pd.DataFrame:
    """Readability indices per document (or per period) with bootstrap intervals by the right unit.

    Parameters
    ----------
    corpus : Corpus
    level : {"document", "period"}, default="document"
        ``"period"`` pools the sentences of all documents of a period.
    min_docs : int, default=5
        When every period has at least this many documents, the document is the unit
        (:func:`analysis.stats.resampling_unit`): period intervals resample documents
        within the period, and document rows get no within-text interval. Otherwise
        sentences are resampled (within the document, or within the period).
    n_resamples : int, default=2000
    confidence_level : float, default=0.95
    random_state : int or numpy.random.Generator
        Required.

    Returns
    -------
    pandas.DataFrame
        One row per group x metric: ``doc_id`` (document level only), ``period``,
        ``metric`` (:data:`INDICES` then ``words_per_sentence, syllables_per_word,
        letters_per_word``), ``value`` (from summed sentence counts, ``S`` = segmenter
        sentences), ``ci_low, ci_high`` (percentile bootstrap), ``n_sentences,
        n_words``, ``method`` (how the interval was obtained, or why there is none),
        ``unit`` (``sentence``, ``document``, or ``none``),
        ``textstat_value`` (textstat's result on the same text: the same sums with
        textstat's own regex sentence count -- equal to calling textstat on the text, as
        the tests check) and ``n_sentences_textstat``.

    Notes
    -----
    Where the segmenter and textstat find the same number of sentences, ``value`` equals
    ``textstat_value``. SMOG gets no interval below 30 sentences; Dale-Chall's interval is
    marked unreliable when resamples cross its 5 % difficult-word step. At period level
    textstat's sentence count is the sum over the period's documents.
    """
    if level not in ("document", "period"):
        raise ValueError(f"level must be 'document' or 'period', got {level!r}")
    if n_resamples < 1:
        raise ValueError(f"n_resamples must be positive, got {n_resamples}")
    if not 0 < confidence_level < 1:
        raise ValueError(f"confidence_level must be in (0, 1), got {confidence_level}")
    rng = stats.check_random_state(random_state)
    keys = ["doc_id", "period"] if level == "document" else ["period"]
    comp = sentence_components(corpus).sort_values(keys, kind="stable")
    many = stats.resampling_unit(comp, by="period", min_docs=min_docs) == "document"
    unit = ("none" if many else "sentence") if level == "document" else ("document" if many else "sentence")
    per_doc = memo(corpus, "readability.textstat_sentences", lambda: _textstat_sentences(corpus, count_sentences))
    docs = comp[["doc_id", "period"]].drop_duplicates()
    ts_sentences = (docs.assign(s=docs["doc_id"].map(per_doc)).groupby(keys, sort=True)["s"].sum().to_numpy())
    out = _index_table(comp.reset_index(drop=True), keys, ts_sentences, unit=unit, n_resamples=n_resamples,
                       confidence_level=confidence_level, rng=rng)
    return corpus_order(out, corpus, level)


def _textstat_sentences(corpus: Corpus, count_sentences) -> pd.Series:
    """textstat's sentence count of every document (by ``doc_id``), one document at a time.

    Per document and pure: through :func:`analysis.parallel.map_documents`, so ``--jobs`` /
    ``--scheduler`` spread it over processes (a plain loop otherwise).
    """
    texts = _group_texts(corpus)
    return pd.Series(dict(zip(texts, map_documents(count_sentences, list(texts.values())))), dtype=float)


def _group_texts(corpus: Corpus) -> dict:
    """The text textstat sees per document: the body."""
    return corpus.documents().set_index("doc_id")["text"].to_dict()


def corpus_order(df: pd.DataFrame, corpus: Corpus, level: str) -> pd.DataFrame:
    """Rows in manifest (``level="document"``) or chronological (``"period"``) order, metrics in order of appearance.

    Shared by the readability, length and diversity tables so they list documents and periods alike.
    """
    if df.empty:
        return df
    df = df.copy()
    metric_order = {m: i for i, m in enumerate(pd.unique(df["metric"]))}
    df["_m"] = df["metric"].map(metric_order)
    if level == "document":
        order = {d: i for i, d in enumerate(corpus.manifest["doc_id"])}
        df["_g"] = df["doc_id"].map(order)
    else:
        order = {p: i for i, p in enumerate(corpus.periods)}
        df["_g"] = df["period"].map(order)
    return df.sort_values(["_g", "_m"], kind="stable").drop(columns=["_g", "_m"]).reset_index(drop=True)


def readability_table(indices: pd.DataFrame, diversity: pd.DataFrame) -> pd.DataFrame:
    """Readability indices and lexical diversity in one tidy table (``readability.csv``).

    Parameters
    ----------
    indices : pandas.DataFrame
        From :func:`readability`.
    diversity : pandas.DataFrame
        From :func:`analysis.diversity.lexical_diversity` (same ``level``).

    Returns
    -------
    pandas.DataFrame
        ``doc_id`` (document level), ``period, metric, value, ci_low, ci_high, unit, method,
        n_sentences, n_words`` (textstat words), ``n_tokens, n_types`` (alphabetic tokens,
        diversity rows), ``textstat_value, n_sentences_textstat``.
    """
    keys = [c for c in ["doc_id", "period"] if c in indices.columns]
    cols = [*keys, "metric", "value", "ci_low", "ci_high", "unit", "method", "n_sentences", "n_words", "n_tokens",
            "n_types", "textstat_value", "n_sentences_textstat"]
    out = pd.concat([indices, diversity], ignore_index=True).reindex(columns=cols)
    for c in ["n_sentences", "n_words", "n_tokens", "n_types", "n_sentences_textstat"]:
        out[c] = out[c].astype("Float64").round().astype("Int64")
    order = {k: i for i, k in enumerate(pd.unique(indices[keys[0]]))}
    out = out.sort_values(keys[0], key=lambda s: s.map(order), kind="stable")
    return out.reset_index(drop=True)


def summary_lines(table: pd.DataFrame, *, metrics, by: str = "period", digits: int = 1,
                  value: str = "value", interval: bool = True) -> list[str]:
    """One line per metric: each group's value and interval, e.g. for printing in a notebook.

    Parameters
    ----------
    table : pandas.DataFrame
        Tidy table with ``metric``, ``by``, ``value`` and ``ci_low, ci_high``.
    metrics : list of str
    by : str, default="period"
    digits : int, default=1
    value : str, default="value"
        Column printed as the estimate.
    interval : bool, default=True
        Print ``[ci_low, ci_high]`` after it (set False when ``value`` is not the
        column the interval belongs to, e.g. ``textstat_value``).

    Returns
    -------
    list of str

    Examples
    --------
    >>> t = pd.DataFrame({"period": ["a", "b"], "metric": "fre", "value": [25.67, 23.6],
    ...                   "ci_low": [20.0, 19.0], "ci_high": [30.0, 28.0]})
    >>> summary_lines(t, metrics=["fre"])
    ['fre: a 25.7 [20.0, 30.0]; b 23.6 [19.0, 28.0]']
    """
    lines = []
    for metric in metrics:
        parts = []
        for rec in table.loc[table["metric"] == metric].to_dict("records"):
            ci = ("" if not interval or pd.isna(rec["ci_low"]) else
                  f" [{rec['ci_low']:.{digits}f}, {rec['ci_high']:.{digits}f}]")
            parts.append(f"{rec[by]} {rec[value]:.{digits}f}{ci}")
        lines.append(f"{LABELS.get(metric, metric)}: " + "; ".join(parts))
    return lines
