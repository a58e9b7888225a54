"""Distinctive vocabulary: period against period, period against general English, and KWIC.

Pipeline (quanteda's vocabulary): corpus -> :func:`extract_terms` (lemmas, with
multi-word expressions merged into single terms such as ``south_caucasus``) ->
:func:`count_terms` (one ``count_<period>`` column per period) -> :func:`keyness`
(each period against the pooled other periods) and :func:`keyness_vs_english`
(each period against ``wordfreq``'s general-English frequencies) -> :func:`top_terms`,
:func:`plot_keyness`, :func:`plot_fightin_words`. :func:`kwic` shows the contexts.

The statistic is the log-odds ratio with an informative Dirichlet prior of Monroe,
Colaresi & Quinn (2008, "Fightin' Words"), eqs. 16-22. For term ``w`` in group ``i``
against group ``j`` with counts ``y``, totals ``n`` and prior ``alpha_w``
(``alpha0 = sum_w alpha_w``)::

    delta_w = log((y_iw + a_w) / (n_i + a0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a0 - y_jw - a_w))
    var_w  ~= 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
    z_w     = delta_w / sqrt(var_w)

Choices (all parameters):

- *Terms* are lower-cased lemmas of word tokens (punctuation and the clitic ``'s``
  dropped -- the lemma table maps ``'s`` to "have", which would inflate that verb),
  stop words **kept** in the model (the prior handles them) and only hidden in
  display (``display`` column). Gazetteer expressions
  (``resources/multiword_expressions.csv``) are matched on lower-cased word forms
  (hyphens ignored, other punctuation blocks a match), longest first, and counted
  as one term.
- *Period against period*: the prior is the pooled counts of all periods scaled to
  ``alpha0`` pseudo-counts (``a_w = alpha0 * pooled_w / N``); each period is compared
  with all other periods pooled ("the rest"), so with two periods the two rows of a
  term are mirror images.
- *Period against general English*: the reference is wordfreq's frequency ``pi_w``
  (Speer 2022), treated as a corpus of known, effectively infinite size: its
  log-odds is ``log(pi_w / (1 - pi_w))`` and it adds no variance, the prior is
  ``a_w = alpha0 * pi_w``. wordfreq counts word *forms*; a lemma's reference
  frequency is the sum of the frequencies of all forms that the same spaCy lookup
  lemmatiser maps to it (so "relation" gets "relation" + "relations"). Forms absent
  from that table fall back to ``wordfreq.word_frequency`` of the term itself. For
  a multi-word term wordfreq returns a combination of its words' frequencies, which
  is an *upper bound* on the phrase's frequency: its z is conservative.
- Sentences flagged with a ``quality_issue`` (machine-translation garbling) can be
  excluded (``exclude_flagged=True``); every table marks terms that occur in
  flagged sentences (``n_flagged``, ``flagged_share``, ``flagged``).

References
----------
.. [1] Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words: lexical
       feature selection and evaluation for identifying the content of political
       conflict. *Political Analysis*, 16(4), 372-403. https://doi.org/10.1093/pan/mpn018
.. [2] Speer, R. (2022). wordfreq (v3.0). Zenodo. https://doi.org/10.5281/zenodo.7199437
.. [3] Benoit, K. et al. (2018). quanteda. *JOSS*, 3(30), 774 (``textstat_keyness``, ``kwic``).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from . import config, segment
from .errors import AnalysisError, ResourceError
from .stats import bootstrap_weights, check_random_state

EXPRESSIONS_FILE = "multiword_expressions.csv"
#: Clitics dropped from the term stream (possessive / contracted "is"; not words).
CLITICS = frozenset({"'s", "’s", "'", "’"})
#: Tokens that join compound words; they do not block a multi-word match.
_HYPHENS = frozenset({"-", "‐", "‑"})
_TERM_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
TERM_COLUMNS = ["doc_id", "period", "para_id", "sent_id", "token_id", "end_token_id", "run_id",
                "term", "form", "is_stop", "is_mwe", "quality_issue"]


# --------------------------------------------------------------------------- resources
def load_expressions(path=None) -> pd.DataFrame:
    """Read the multi-word-expression gazetteer.

    Parameters
    ----------
    path : str or Path, default=None
        A CSV with columns ``expression, term, source``; ``None`` reads the packaged
        ``resources/multiword_expressions.csv``. ``term`` is the single term the
        expression is counted as (lower case, digits, ``_``); several expressions
        may share one term (variants).

    Returns
    -------
    pandas.DataFrame
        ``expression, term, source, words`` -- ``words`` is the tuple of lower-cased
        word forms matched (tokenised like the corpus, punctuation dropped).

    Raises
    ------
    ResourceError
        Missing file or column, empty cell, bad term name, duplicate expression.
    """
    path = Path(path) if path is not None else config.RESOURCES_DIR / EXPRESSIONS_FILE
    if not path.is_file():
        raise ResourceError(f"{path}: expression gazetteer not found; pass path=None for the packaged one")
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    cols = ["expression", "term", "source"]
    if not rows or any(c not in rows[0] for c in cols):
        raise ResourceError(f"{path}: needs a header with columns {', '.join(cols)} and at least one row")
    seen = {}
    for line, rec in enumerate(rows, start=2):
        expr, term = (rec["expression"] or "").strip(), (rec["term"] or "").strip()
        if not expr or not term:
            raise ResourceError(f"{path}: row {line}: empty expression or term; fill both in")
        if not _TERM_RE.match(term):
            raise ResourceError(f"{path}: row {line}: term {term!r} must be lower-case letters, digits and '_'")
        if expr.lower() in seen:
            raise ResourceError(f"{path}: row {line}: expression {expr!r} repeats row {seen[expr.lower()]}; "
                                f"keep one")
        seen[expr.lower()] = line
    df = pd.DataFrame({"expression": [r["expression"].strip() for r in rows],
                       "term": [r["term"].strip() for r in rows],
                       "source": [(r["source"] or "").strip() for r in rows]})
    sents, toks = segment.segment_paragraphs(df["expression"].tolist())
    toks["expr"] = sents["para_index"].to_numpy()[toks["sent_pos"].to_numpy()]
    words = toks.loc[_word_mask(toks)].groupby("expr")["lower"].agg(tuple)
    df["words"] = [words.get(i, ()) for i in range(len(df))]
    return df


def _word_mask(toks: pd.DataFrame, lower_codes=None, lower_uniques=None) -> np.ndarray:
    """Word tokens: not punctuation, not a clitic, containing a letter or digit."""
    if lower_codes is None:
        lower_codes, lower_uniques = pd.factorize(toks["lower"].astype(str))
    uniques = pd.Series(lower_uniques, dtype=object)
    wordlike = (~uniques.isin(CLITICS) & uniques.str.contains(r"[^\W_]", regex=True)).to_numpy(bool)
    return ~toks["is_punct"].to_numpy(bool) & wordlike[lower_codes]


def _lower_unique(values: pd.Series) -> np.ndarray:
    """``str.lower`` computed once per distinct value."""
    codes, uniques = pd.factorize(values.astype(str))
    return np.asarray([u.lower() for u in uniques], dtype=object)[codes]


# --------------------------------------------------------------------------- terms
def _tokens_and_flags(corpus) -> tuple[pd.DataFrame, pd.Series]:
    if isinstance(corpus, pd.DataFrame):
        toks = corpus
        flags = toks["quality_issue"] if "quality_issue" in toks else pd.Series("", index=toks.index)
        return toks.reset_index(drop=True), flags.reset_index(drop=True).astype(str)
    toks = corpus.tokens().reset_index(drop=True)
    sents = corpus.sentences()
    doc_code, docs = pd.factorize(sents["doc_id"])
    key = pd.Index(_token_key(doc_code, sents["sent_id"], 0))
    pos = key.get_indexer(_token_key(docs.get_indexer(toks["doc_id"]), toks["sent_id"], 0))
    return toks, pd.Series(sents["quality_issue"].to_numpy(object)[pos], dtype=str)


def extract_terms(corpus, *, expressions=None) -> pd.DataFrame:
    """Turn a corpus into a stream of terms: word lemmas, with gazetteer expressions merged.

    Parameters
    ----------
    corpus : Corpus or pandas.DataFrame
        A :class:`~analysis.corpus.Corpus`, or a tokens table as returned by
        ``Corpus.tokens()`` (optionally with a ``quality_issue`` column).
    expressions : pandas.DataFrame, str, Path or None, default=None
        Gazetteer (see :func:`load_expressions`), a path to one, ``None`` for the
        packaged gazetteer, or ``False`` to merge nothing.

    Returns
    -------
    pandas.DataFrame
        One row per term occurrence, in reading order: ``doc_id, period, para_id,
        sent_id, token_id`` (first token), ``end_token_id`` (last token),
        ``run_id`` (id of the punctuation-free run of words the term is in; n-grams
        stay inside one run), ``term`` (lemma, or the expression's term),
        ``form`` (lower-cased word form, or the expression's term), ``is_stop``,
        ``is_mwe``, ``quality_issue`` ("" unless the sentence is flagged).

    Examples
    --------
    >>> import pandas as pd
    >>> toks = pd.DataFrame({"doc_id": "d", "period": "p", "para_id": 1, "sent_id": 1,
    ...     "token_id": range(4), "token": ["The", "South", "Caucasus", "."],
    ...     "lower": ["the", "south", "caucasus", "."], "lemma": ["the", "south", "caucasus", "."],
    ...     "is_stop": [True, False, False, False], "is_punct": [False, False, False, True],
    ...     "is_alpha": [True, True, True, False]})
    >>> extract_terms(toks)["term"].tolist()
    ['the', 'south_caucasus']
    """
    toks, flags = _tokens_and_flags(corpus)
    lower_codes, lower_uniques = pd.factorize(toks["lower"].astype(str))  # once; reused below
    keep = _word_mask(toks, lower_codes, lower_uniques)
    hyphen = np.isin(np.asarray(lower_uniques, dtype=object), list(_HYPHENS))[lower_codes]
    sent = toks["sent_id"].to_numpy()
    new_sent = np.ones(len(toks), bool)
    if len(toks):  # a sentence starts where sent_id or doc_id changes
        new_sent[1:] = (sent[1:] != sent[:-1]) | (toks["doc_id"].to_numpy(object)[1:]
                                                  != toks["doc_id"].to_numpy(object)[:-1])
    barrier = (~keep & ~hyphen) | new_sent
    run = np.cumsum(barrier)[keep]
    stream = toks.loc[keep, ["doc_id", "period", "para_id", "sent_id", "token_id", "lower", "lemma", "is_stop"]]
    stream = stream.reset_index(drop=True)
    out = pd.DataFrame({
        "doc_id": stream["doc_id"], "period": stream["period"].astype(str), "para_id": stream["para_id"],
        "sent_id": stream["sent_id"], "token_id": stream["token_id"], "end_token_id": stream["token_id"],
        "run_id": run, "term": _lower_unique(stream["lemma"]), "form": stream["lower"].astype(str),
        "is_stop": stream["is_stop"].astype(bool), "is_mwe": False,
        "quality_issue": flags.to_numpy(object)[keep]})
    if expressions is False:
        return out
    exprs = expressions if isinstance(expressions, pd.DataFrame) else load_expressions(expressions)
    return _merge_expressions(out, exprs, lower_codes[keep], lower_uniques)


def _merge_expressions(out: pd.DataFrame, exprs: pd.DataFrame, codes, uniques) -> pd.DataFrame:
    lookup = {w: i for i, w in enumerate(uniques)}
    run = out["run_id"].to_numpy()
    n_rows = len(out)
    consumed = np.zeros(n_rows, bool)
    head_term = np.full(n_rows, None, dtype=object)
    end_row = np.arange(n_rows)
    order = sorted(range(len(exprs)), key=lambda i: (-len(exprs["words"].iat[i]), exprs["expression"].iat[i]))
    for i in order:
        words = exprs["words"].iat[i]
        if not words or any(w not in lookup for w in words):
            continue
        c = [lookup[w] for w in words]
        n = len(c)
        cand = np.flatnonzero(codes[: n_rows - n + 1] == c[0]) if n_rows >= n else np.array([], int)
        ok = ~consumed[cand]
        for k in range(1, n):
            ok &= (codes[cand + k] == c[k]) & (run[cand + k] == run[cand]) & ~consumed[cand + k]
        starts = cand[ok]
        if n > 1 and len(starts) > 1 and np.any(np.diff(starts) < n):  # self-overlap: keep leftmost
            kept, last = [], -n
            for s in starts:
                if s >= last + n:
                    kept.append(s)
                    last = s
            starts = np.asarray(kept, int)
        for k in range(n):
            consumed[starts + k] = True
        head_term[starts] = exprs["term"].iat[i]
        end_row[starts] = starts + n - 1
    is_head = head_term != None  # noqa: E711 (element-wise)
    drop = consumed & ~is_head
    res = out.copy()
    res["end_token_id"] = out["token_id"].to_numpy()[end_row]
    res.loc[is_head, "term"] = head_term[is_head]
    res.loc[is_head, "form"] = head_term[is_head]
    res.loc[is_head, "is_stop"] = False
    res.loc[is_head, "is_mwe"] = True
    return res.loc[~drop].reset_index(drop=True)


def count_terms(terms: pd.DataFrame, *, exclude_flagged: bool = False) -> pd.DataFrame:
    """Count terms per period.

    Parameters
    ----------
    terms : pandas.DataFrame
        Output of :func:`extract_terms`.
    exclude_flagged : bool, default=False
        Leave out terms in sentences with a ``quality_issue``.

    Returns
    -------
    pandas.DataFrame
        One row per term (sorted): ``term``, one ``count_<period>`` per period
        (periods sorted), ``form`` (its most frequent word form), ``is_stop``,
        ``is_mwe``, ``n_flagged`` (occurrences in flagged sentences, counted even
        when they are excluded), ``n_flagged_<period>`` (the same per period) and
        ``flagged_excluded`` (the ``exclude_flagged`` setting).
    """
    flagged = terms["quality_issue"].astype(str).to_numpy(object) != ""
    t_code, vocab = pd.factorize(terms["term"], sort=True)
    p_code, periods = pd.factorize(terms["period"].astype(str), sort=True)
    V, P = len(vocab), len(periods)
    cell = t_code * P + p_code
    used = ~flagged if exclude_flagged else np.ones(len(terms), bool)
    counts = np.bincount(cell[used], minlength=V * P).reshape(V, P)
    n_flag = np.bincount(cell[flagged], minlength=V * P).reshape(V, P)
    # most frequent form per term (ties: alphabetically first form)
    f_code, f_uniques = pd.factorize(terms["form"], sort=True)
    pair, pair_n = np.unique(t_code.astype(np.int64) * len(f_uniques) + f_code, return_counts=True)
    pair_t, pair_f = pair // len(f_uniques), pair % len(f_uniques)
    order = np.lexsort((pair_f, -pair_n, pair_t))
    first = order[np.r_[True, pair_t[order][1:] != pair_t[order][:-1]]]
    res = pd.DataFrame({"term": np.asarray(vocab, dtype=object)})
    for k, p in enumerate(periods):
        res[f"count_{p}"] = counts[:, k]
    res["form"] = np.asarray(f_uniques, dtype=object)[pair_f[first]]
    res["is_stop"] = np.bincount(t_code, weights=terms["is_stop"].to_numpy(bool), minlength=V) > 0
    res["is_mwe"] = np.bincount(t_code, weights=terms["is_mwe"].to_numpy(bool), minlength=V) > 0
    res["n_flagged"] = n_flag.sum(axis=1)
    for k, p in enumerate(periods):
        res[f"n_flagged_{p}"] = n_flag[:, k]
    res["flagged_excluded"] = exclude_flagged
    return res.loc[counts.sum(axis=1) > 0].reset_index(drop=True)


def _is_terms(obj) -> bool:
    return isinstance(obj, pd.DataFrame) and {"term", "run_id", "end_token_id"} <= set(obj.columns)


def _periods_of(counts: pd.DataFrame) -> list[str]:
    return [c[len("count_"):] for c in counts.columns if c.startswith("count_")]


# --------------------------------------------------------------------------- statistics
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
        if counts["flagged_excluded"].any():
            denom = denom + nf
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
    if len(periods) < 2:
        raise AnalysisError(f"keyness needs at least two periods to compare, found {periods}; add an "
                            f"article of another period or use keyness_vs_english")
    if alpha0 <= 0:
        raise ValueError(f"alpha0 must be > 0, got {alpha0}")
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
                  minimum: float = 1e-8, exclude_flagged: bool = False) -> pd.DataFrame:
    """Both contrasts in one tidy table (the ``keyness.csv`` of DESIGN.md §6).

    Parameters
    ----------
    corpus : Corpus or pandas.DataFrame
        As in :func:`extract_terms`, or its output (a terms table), which is used as is.
    expressions, alpha0, alpha0_english, minimum, exclude_flagged
        See :func:`extract_terms`, :func:`keyness`, :func:`keyness_vs_english`, :func:`count_terms`.

    Returns
    -------
    pandas.DataFrame
        Rows of :func:`keyness` (when there are two or more periods) then of
        :func:`keyness_vs_english`, with ``exclude_flagged`` recorded.
    """
    terms = corpus if _is_terms(corpus) else extract_terms(corpus, expressions=expressions)
    counts = count_terms(terms, exclude_flagged=exclude_flagged)
    parts = []
    if len(_periods_of(counts)) >= 2:
        parts.append(keyness(counts, alpha0=alpha0))
    parts.append(keyness_vs_english(counts, alpha0=alpha0_english, minimum=minimum))
    res = pd.concat(parts, ignore_index=True)
    res["exclude_flagged"] = exclude_flagged
    return res


def top_terms(table: pd.DataFrame, *, n: int = 10, display_only: bool = True) -> pd.DataFrame:
    """The ``n`` most distinctive terms each way, per reference and period.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`keyness`, :func:`keyness_vs_english` or :func:`keyness_table`.
    n : int, default=10
    display_only : bool, default=True
        Skip stop words and bare numbers (``display`` column).

    Returns
    -------
    pandas.DataFrame
        ``reference, period, direction`` ("over" = z > 0: more in the period;
        "under" = z < 0), ``rank`` (1 = most extreme), then the table's columns.
        Ties in z are broken by term.
    """
    t = table.loc[table["display"]] if display_only else table
    out = []
    for (ref, period), grp in t.groupby(["reference", "period"], sort=True):
        for direction, sign in (("over", -1), ("under", 1)):
            k = sign * grp["z"].to_numpy(float)
            if len(k) > n:  # keep the n smallest keys and their ties, then sort only those
                cut = np.partition(k, n - 1)[n - 1]
                grp_n = grp.loc[k <= cut]
            else:
                grp_n = grp
            g = grp_n.assign(_k=sign * grp_n["z"]).sort_values(["_k", "term"]).head(n)
            g = g.loc[(g["z"] > 0) if direction == "over" else (g["z"] < 0)].drop(columns="_k")
            g.insert(0, "rank", np.arange(1, len(g) + 1))
            g.insert(0, "direction", direction)
            out.append(g)
    res = pd.concat(out, ignore_index=True)
    lead = ["reference", "period", "direction", "rank", "term"]
    return res[lead + [c for c in res.columns if c not in lead]]


def significance_summary(table: pd.DataFrame, *, z_threshold: float = 1.96) -> pd.DataFrame:
    """How many terms pass ``|z| > z_threshold`` per reference and period.

    Returns
    -------
    pandas.DataFrame
        ``reference, period, n_terms, n_over, n_under, n_over_display, n_under_display``.
    """
    t = table.assign(over=table["z"] > z_threshold, under=table["z"] < -z_threshold)
    t = t.assign(over_d=t["over"] & t["display"], under_d=t["under"] & t["display"])
    g = t.groupby(["reference", "period"], sort=True)
    return pd.DataFrame({"n_terms": g.size(), "n_over": g["over"].sum(), "n_under": g["under"].sum(),
                         "n_over_display": g["over_d"].sum(), "n_under_display": g["under_d"].sum()}).reset_index()


def flag_sensitivity(with_flagged: pd.DataFrame, without_flagged: pd.DataFrame) -> pd.DataFrame:
    """How z changes for terms found in flagged sentences when those sentences are dropped.

    Parameters
    ----------
    with_flagged, without_flagged : pandas.DataFrame
        :func:`keyness_table` with ``exclude_flagged=False`` and ``True``.

    Returns
    -------
    pandas.DataFrame
        ``reference, period, term, form, display, n_flagged, count_all, count_excluded,
        z_all, z_excluded, z_change`` -- one row per contrast and period whose own count
        of the term drops when the flagged sentences are left out (with two periods
        the mirrored "other periods" row is not repeated); ``z_excluded`` is NaN when
        the term occurs only in flagged sentences. Largest change first (a vanished
        term counts as a change of ``|z_all|``).
    """
    key = ["reference", "period", "term"]
    periods = _periods_of(with_flagged)

    def own_count(tab):
        cols = tab[[f"count_{p}" for p in periods]].to_numpy()
        return cols[np.arange(len(tab)), pd.Index(periods).get_indexer(tab["period"])]

    a = with_flagged.loc[with_flagged["flagged"], [*key, "form", "display", "n_flagged", "z"]]
    a = a.rename(columns={"z": "z_all"})
    a.insert(a.columns.get_loc("z_all"), "count_all", own_count(with_flagged.loc[with_flagged["flagged"]]))
    b = without_flagged[key].assign(count_excluded=own_count(without_flagged), z_excluded=without_flagged["z"])
    res = a.merge(b, on=key, how="left")
    res["count_excluded"] = res["count_excluded"].fillna(0).astype(int)
    res = res[[*key, "form", "display", "n_flagged", "count_all", "count_excluded", "z_all", "z_excluded"]]
    res["z_change"] = res["z_excluded"] - res["z_all"]
    size = res["z_change"].abs().fillna(res["z_all"].abs())
    res = res.loc[res["count_all"] > res["count_excluded"]].assign(_k=-size)
    return res.sort_values(["reference", "period", "_k", "term"]).drop(columns="_k").reset_index(drop=True)


def compare_top_terms(table_a: pd.DataFrame, table_b: pd.DataFrame, *, n: int = 10,
                      labels=("all", "excluded")) -> pd.DataFrame:
    """Side-by-side top-``n`` lists ("over" direction) of two keyness tables.

    Parameters
    ----------
    table_a, table_b : pandas.DataFrame
        E.g. :func:`keyness_table` with and without the flagged sentences.
    n : int, default=10
    labels : tuple of str, default=("all", "excluded")
        Suffixes of the ``rank_`` and ``z_`` columns.

    Returns
    -------
    pandas.DataFrame
        ``reference, period, term, rank_<a>, rank_<b>, z_<a>, z_<b>, change`` --
        ``change`` is "kept", "left" (only in a's list) or "entered" (only in b's);
        sorted by reference, period, then rank in a (terms that entered last).
    """
    a_lab, b_lab = labels
    key = ["reference", "period", "term"]

    def top(tab, lab):
        t = top_terms(tab, n=n)
        return t.loc[t["direction"] == "over", [*key, "rank", "z"]].rename(
            columns={"rank": f"rank_{a_lab if lab == 0 else b_lab}", "z": f"z_{a_lab if lab == 0 else b_lab}"})

    res = top(table_a, 0).merge(top(table_b, 1), on=key, how="outer")
    ra, rb = res[f"rank_{a_lab}"], res[f"rank_{b_lab}"]
    res["change"] = np.where(ra.notna() & rb.notna(), "kept", np.where(ra.notna(), "left", "entered"))
    res = res.assign(_k=ra.fillna(n + 1 + rb.fillna(0))).sort_values(["reference", "period", "_k", "term"])
    return res.drop(columns="_k").reset_index(drop=True)


def prior_sensitivity(counts: pd.DataFrame, *, alpha0s=(10.0, 100.0, 1000.0, 10000.0), n: int = 10,
                      z_threshold: float = 1.96) -> pd.DataFrame:
    """How the period-against-period result depends on the prior size ``alpha0``.

    Parameters
    ----------
    counts : pandas.DataFrame
        Output of :func:`count_terms`.
    alpha0s : sequence of float
        Prior sizes to try.
    n : int, default=10
        Length of the top list compared across priors.
    z_threshold : float, default=1.96

    Returns
    -------
    pandas.DataFrame
        ``alpha0, period, n_significant`` (terms with ``z > z_threshold``, stop words
        included), ``n_significant_display``, ``max_z``, ``top`` (the top ``n``
        display terms, comma-separated).
    """
    rows = []
    for a0 in alpha0s:
        tab = keyness(counts, alpha0=a0)
        top = top_terms(tab, n=n)
        for p, grp in tab.groupby("period", sort=True):
            over = grp["z"] > z_threshold
            names = top.loc[(top["period"] == p) & (top["direction"] == "over"), "term"]
            rows.append({"alpha0": a0, "period": p, "n_significant": int(over.sum()),
                         "n_significant_display": int((over & grp["display"]).sum()),
                         "max_z": float(grp["z"].max()), "top": ", ".join(names)})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- n-grams
def ngrams(terms: pd.DataFrame, *, n: int = 2, min_count: int = 2, exclude_flagged: bool = False) -> pd.DataFrame:
    """Count word n-grams per period (inside punctuation-free runs of one sentence).

    Parameters
    ----------
    terms : pandas.DataFrame
        Output of :func:`extract_terms`, usually with ``expressions=False`` so that
        the gazetteer's expressions show up as n-grams too.
    n : int, default=2
    min_count : int, default=2
        Keep n-grams seen at least this often in all periods together.
    exclude_flagged : bool, default=False

    Returns
    -------
    pandas.DataFrame
        ``ngram`` (word forms joined by spaces), ``n``, ``count_<period>...``, ``total``,
        ``display`` (first and last word are not stop words), sorted by ``total``
        (descending) then ``ngram``.
    """
    if n < 2:
        raise ValueError(f"n must be >= 2, got {n}")
    periods = sorted(terms["period"].astype(str).unique())
    cols = [f"count_{p}" for p in periods]
    t = terms.loc[terms["quality_issue"].astype(str) == ""] if exclude_flagged else terms
    m = len(t) - n + 1
    if m <= 0:
        return pd.DataFrame(columns=["ngram", "n", *cols, "total", "display"])
    run = t["run_id"].to_numpy()
    start = np.flatnonzero(run[: m] == run[n - 1:])
    f_code, f_uniques = pd.factorize(t["form"].astype(str))
    p_code = pd.Index(periods).get_indexer(t["period"].astype(str))[start]
    stop = t["is_stop"].to_numpy(bool)
    # one integer per distinct n-gram, built word by word (strings only for distinct n-grams)
    key = f_code[start].astype(np.int64)
    for k in range(1, n):
        key, _ = pd.factorize(key * len(f_uniques) + f_code[start + k])
    g_code, g_first = np.unique(key, return_index=True)
    G, P = len(g_code), len(periods)
    counts = np.bincount(key * P + p_code, minlength=G * P).reshape(G, P)
    words = np.asarray(f_uniques, dtype=object)
    pos = start[g_first]
    names = words[f_code[pos]].astype(object)
    for k in range(1, n):
        names = names + " " + words[f_code[pos + k]]
    res = pd.DataFrame({"ngram": names, "n": n})
    for k, c in enumerate(cols):
        res[c] = counts[:, k]
    res["total"] = counts.sum(axis=1)
    res["display"] = ~stop[pos] & ~stop[pos + n - 1]
    res = res.loc[res["total"] >= min_count]
    return res.sort_values(["total", "ngram"], ascending=[False, True]).reset_index(drop=True)


# --------------------------------------------------------------------------- KWIC
_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}”’]|'s\b|’s\b|n't\b|'re\b|'ve\b|'ll\b|'d\b|'m\b)")
_NO_SPACE_AFTER = re.compile(r"([(\[{“‘]) ")
_HYPHEN_JOIN = re.compile(r"(?<=\w) - (?=\w)")


def _detokenize(tokens) -> str:
    text = " ".join(tokens)
    text = _HYPHEN_JOIN.sub("-", text)
    text = _NO_SPACE_BEFORE.sub(r"\1", text)
    return _NO_SPACE_AFTER.sub(r"\1", text)


def _token_key(doc_code, sent_id, token_id) -> np.ndarray:
    """One int64 per token position: (document, sentence, token)."""
    return ((np.asarray(doc_code, np.int64) << 42) | (np.asarray(sent_id, np.int64) << 21)
            | np.asarray(token_id, np.int64))


def kwic(corpus, term, window: int = 5, *, terms: pd.DataFrame | None = None, expressions=None,
         exclude_flagged: bool = False, max_per_term: int | None = None) -> pd.DataFrame:
    """Keyword in context: every occurrence of a term with ``window`` tokens either side.

    Parameters
    ----------
    corpus : Corpus or pandas.DataFrame
        A corpus or its tokens table, as in :func:`extract_terms` (the context comes
        from its tokens, punctuation included).
    term : str or list of str
        A lemma ("relation"), a word form ("relations") or a gazetteer term /
        expression ("south_caucasus" or "South Caucasus"); case is ignored. A list
        gives the hits of every term, in the order of the list.
    window : int, default=5
        Tokens (punctuation included) shown on each side, within the document.
    terms : pandas.DataFrame, default=None
        :func:`extract_terms` of the same corpus, if already computed.
    expressions : see :func:`extract_terms` (ignored when ``terms`` is given)
    exclude_flagged : bool, default=False
        Leave out hits in sentences with a ``quality_issue``.
    max_per_term : int, default=None
        Keep at most this many hits per term (the first in reading order).

    Returns
    -------
    pandas.DataFrame
        ``query, doc_id, period, para_id, sent_id, left, keyword, right, term,
        quality_issue``, one row per hit, in reading order within each query.

    Examples
    --------
    >>> import pandas as pd
    >>> words = ["Iran", "and", "Azerbaijan", "met", "."]
    >>> toks = pd.DataFrame({"doc_id": "d", "period": "p", "para_id": 1, "sent_id": 1,
    ...     "token_id": range(5), "token": words, "lower": [w.lower() for w in words],
    ...     "lemma": ["iran", "and", "azerbaijan", "meet", "."], "is_stop": [False, True, False, False, False],
    ...     "is_punct": [False] * 4 + [True], "is_alpha": [True] * 4 + [False]})
    >>> kwic(toks, "meet", 2, expressions=False)[["left", "keyword", "right"]].values.tolist()
    [['and Azerbaijan', 'met', '.']]
    """
    if not isinstance(window, (int, np.integer)) or isinstance(window, bool) or window < 0:
        raise ValueError(f"window must be a non-negative int, got {window!r}")
    cols = ["query", "doc_id", "period", "para_id", "sent_id", "left", "keyword", "right", "term", "quality_issue"]
    queries = [term] if isinstance(term, str) else list(term)
    toks, _ = _tokens_and_flags(corpus)
    terms = extract_terms(corpus, expressions=expressions) if terms is None else terms
    t_code, t_uniq = pd.factorize(terms["term"])
    f_code, f_uniq = pd.factorize(terms["form"])
    t_idx, f_idx = pd.Index(t_uniq), pd.Index(f_uniq)
    keep = (terms["quality_issue"].astype(str) == "").to_numpy() if exclude_flagged else None
    parts = []
    for q in queries:  # integer comparisons, one pass per query
        ql = str(q).strip().lower()
        tc = t_idx.get_indexer([ql, re.sub(r"[\s\-]+", "_", ql)])
        fc = f_idx.get_indexer([ql])
        mask = np.isin(t_code, tc[tc >= 0]) | np.isin(f_code, fc[fc >= 0])
        if keep is not None:
            mask &= keep
        found = terms.loc[mask]
        if max_per_term is not None:
            found = found.head(max_per_term)
        parts.append(found.assign(query=str(q)))
    hits = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if hits.empty:
        return pd.DataFrame(columns=cols)
    doc_codes, docs = pd.factorize(toks["doc_id"])  # tokens are grouped by document, in order
    index = pd.Index(_token_key(doc_codes, toks["sent_id"], toks["token_id"]))
    hit_doc = docs.get_indexer(hits["doc_id"])
    start = index.get_indexer(_token_key(hit_doc, hits["sent_id"], hits["token_id"]))
    end = index.get_indexer(_token_key(hit_doc, hits["sent_id"], hits["end_token_id"]))
    if (hit_doc < 0).any() or (start < 0).any() or (end < 0).any():
        raise AnalysisError("kwic: terms do not come from this corpus's tokens; pass terms=None")
    first = np.searchsorted(doc_codes, doc_codes[start], side="left")
    last = np.searchsorted(doc_codes, doc_codes[end], side="right")
    words = toks["token"].astype(str).to_numpy(object)
    rows = [(_detokenize(words[max(f, s - window): s]), _detokenize(words[s: e + 1]),
             _detokenize(words[e + 1: min(la, e + 1 + window)]))
            for s, e, f, la in zip(start, end, first, last)]  # one iteration per hit, not per token
    res = hits[["query", "doc_id", "period", "para_id", "sent_id"]].copy()
    res[["left", "keyword", "right"]] = pd.DataFrame(rows, columns=["left", "keyword", "right"])
    res["term"] = hits["term"].to_numpy()
    res["quality_issue"] = hits["quality_issue"].to_numpy()
    return res[cols]


# --------------------------------------------------------------------------- stability
def top_term_stability(terms: pd.DataFrame, *, n_top: int = 10, reference: str = "other periods",
                       alpha0: float = 1000.0, minimum: float = 1e-8, exclude_flagged: bool = False,
                       n_resamples: int = 2000, random_state) -> pd.DataFrame:
    """How often each observed top term stays in the top ``n_top`` when sentences are resampled.

    Sentences are drawn with replacement within each period (a nonparametric
    bootstrap over sentences), the counts and z-scores are recomputed, and for each
    term in the observed top ``n_top`` (``direction="over"``, display terms) we
    record the share of resamples in which it is again in the top ``n_top``. This
    is a selection frequency, not an interval; it measures stability *within the
    texts*, not across articles of a period.

    Parameters
    ----------
    terms : pandas.DataFrame
        Output of :func:`extract_terms`.
    n_top : int, default=10
    reference : {"other periods", "general English"}, default="other periods"
    alpha0, minimum, exclude_flagged
        As in :func:`keyness` / :func:`keyness_vs_english` / :func:`count_terms`.
    n_resamples : int, default=2000
    random_state : int or numpy.random.Generator
        Required (see :func:`analysis.stats.check_random_state`).

    Returns
    -------
    pandas.DataFrame
        ``reference, period, rank, term, z, share_in_top, n_resamples``.
    """
    if reference not in ("other periods", "general English"):
        raise ValueError(f"reference must be 'other periods' or 'general English', got {reference!r}")
    rng = check_random_state(random_state)
    used = terms.loc[terms["quality_issue"].astype(str) == ""] if exclude_flagged else terms
    counts = count_terms(used)
    periods = _periods_of(counts)
    if reference == "other periods":
        table = keyness(counts, alpha0=alpha0)
        pi = None
    else:
        pi = english_frequencies(counts, minimum=minimum).to_numpy(float)
        table = keyness_vs_english(counts, alpha0=alpha0, reference=pd.Series(pi, index=counts["term"]))
    top = top_terms(table, n=n_top)
    top = top.loc[top["direction"] == "over"]
    vocab = pd.Index(counts["term"])
    sent_code, _ = pd.factorize(_token_key(pd.factorize(used["doc_id"])[0], used["sent_id"], 0))
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
    return res


# --------------------------------------------------------------------------- figures
_GREY = "#9a9a9a"


def term_label(table: pd.DataFrame, *, flag_share: float = 0.5) -> pd.Series:
    """Display labels for terms.

    The most frequent word form of a lemma (``"relations"``), a gazetteer term with
    spaces (``"south caucasus"``), and a dagger when at least ``flag_share`` of the
    term's occurrences are in sentences flagged as machine-translation damage.
    """
    base = np.where(table["is_mwe"].to_numpy(bool), table["term"].str.replace("_", " "), table["form"])
    dagger = np.where(table["flagged_share"].to_numpy(float) >= flag_share, "†", "")
    return pd.Series([f"{b}{d}" for b, d in zip(base, dagger)], index=table.index)


def _dagger_handle(flag_share):
    from matplotlib.lines import Line2D

    return Line2D([], [], lw=0, label=f"† ≥{flag_share:.0%} in flagged sentences")


def _other_label(periods, p, reference):
    if reference != "other periods":
        return reference
    others = [q for q in periods if q != p]
    return others[0] if len(others) == 1 else "other periods"


def plot_keyness(table: pd.DataFrame, *, reference: str = "other periods", n: int = 10,
                 z_threshold: float = 1.96, flag_share: float = 0.5, width=None):
    """Bar chart of the most distinctive terms each way (terms vs z).

    With two periods and ``reference="other periods"`` one panel suffices (the two
    periods' rows are mirror images); otherwise one panel per period.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`keyness_table` (or :func:`keyness` / :func:`keyness_vs_english`).
    reference : {"other periods", "general English"}
    n : int, default=10
        Terms per direction.
    z_threshold : float, default=1.96
        Drawn as dashed lines.
    flag_share : float, default=0.5
        Mark terms with at least this share of occurrences in flagged sentences (†).
    width : str or float, default=None
        ``"single"`` for one panel, ``"double"`` for several.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.patches import Patch

    from .figures import new_figure, period_colors

    t = table.loc[table["reference"] == reference]
    if t.empty:
        raise AnalysisError(f"no rows with reference {reference!r} in the keyness table")
    periods = sorted(t["period"].astype(str).unique())
    colors = period_colors(periods)
    panels = [periods[-1]] if (reference == "other periods" and len(periods) == 2) else periods
    fig, axes = new_figure(width or ("single" if len(panels) == 1 else "double"),
                           aspect=(0.95 if len(panels) == 1 else 0.5) * (2 * n + 2) / 22,
                           ncols=len(panels), squeeze=False)
    top = top_terms(t, n=n)
    handles: dict = {}
    dagger = False
    for ax, p in zip(axes.ravel(), panels):
        other = _other_label(periods, p, reference)
        sel = top.loc[top["period"] == p]
        rows = pd.concat([sel.loc[sel["direction"] == "under"].sort_values(["z", "term"]),
                          sel.loc[sel["direction"] == "over"].sort_values(["z", "term"])])
        other_color = colors.get(other, _GREY)
        bar_colors = [colors[p] if z > 0 else other_color for z in rows["z"]]
        y = np.arange(len(rows))
        ax.barh(y, rows["z"], color=bar_colors, height=0.72)
        labels = term_label(rows, flag_share=flag_share)
        ax.set_yticks(y, labels)
        ax.tick_params(axis="y", length=0)
        ax.axvline(0, color="black", lw=0.6)
        for s in (-z_threshold, z_threshold):
            ax.axvline(s, color="0.45", lw=0.6, ls="--")
        ax.set_ylim(-0.7, len(rows) - 0.3)
        ax.set_xlabel("z-score (log-odds ratio, informative Dirichlet prior)")
        ax.set_title(f"{p} vs {other}")
        handles[f"more in {p}"] = Patch(color=colors[p], label=f"more in {p}")
        lab = f"more in {other}" if reference == "other periods" else f"less than in {other}"
        handles[lab] = Patch(color=other_color, label=lab)
        dagger = dagger or labels.str.endswith("†").any()
    if dagger:
        h = _dagger_handle(flag_share)
        handles[h.get_label()] = h
    order = sorted(handles, key=lambda k: (not k.startswith("more in"), k.startswith("†")))
    fig.legend(handles=[handles[k] for k in order], loc="outside lower center", frameon=False, handlelength=1,
               ncols=min(len(handles), 2 if len(panels) == 1 else 4), columnspacing=1.2)
    return fig


def _group_labels(xs, ys, labels, colors, per_line=2):
    """Join labels of points at the same position into one multi-line label."""
    groups: dict = {}
    for x, y, lab, col in zip(xs, ys, labels, colors):
        groups.setdefault((round(float(x), 9), round(float(y), 9), col), []).append(lab)
    out = []
    for (x, y, col), labs in groups.items():
        labs = sorted(labs)
        lines = [", ".join(labs[i:i + per_line]) for i in range(0, len(labs), per_line)]
        out.append((x, y, "\n".join(lines), col))
    return out


def _place_labels(ax, items, *, obstacles=(), artists=(), fontsize=6.5):
    """Greedy, deterministic label placement: first candidate offset that overlaps nothing.

    ``items`` are ``(x, y, text, color)``; ``obstacles`` are ``(x, y)`` points labels
    must not cover, ``artists`` texts already drawn. Returns the labels that could not
    be placed (they are left out).
    """
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax_box = ax.get_window_extent(renderer)
    h = 2.0 * fig.dpi / 72.0

    def point_boxes(points):
        return [_bbox(px - h, py - h, px + h, py + h) for px, py in
                (ax.transData.transform((x, y)) for x, y in points)]

    labelled = point_boxes([(it[0], it[1]) for it in items])
    others = point_boxes(list(obstacles))
    placed: list = [a.get_window_extent(renderer).expanded(1.03, 1.06) for a in artists]
    dropped = []
    for x, y, text, color in items:
        # first try to avoid every point; failing that, cover only unlabelled points
        for avoid in (labelled + others, labelled):
            ann = _try_place(ax, renderer, ax_box, x, y, text, color, fontsize, placed + avoid)
            if ann is not None:
                placed.append(_text_box(ann, renderer))
                break
        else:
            dropped.append(text)
    return dropped


def _try_place(ax, renderer, ax_box, x, y, text, color, fontsize, avoid):
    zero_y = ax.transData.transform((x, 0.0))[1]
    multiline = "\n" in text
    for r in (3, 7, 12, 18, 26, 36, 48, 62, 80, 100, 125, 150):
        if multiline and r < 7:
            continue
        for dx, dy in ((r, 0), (-r, 0), (0, r), (0, -r), (r, r), (-r, r), (r, -r), (-r, -r),
                       (r, r // 2), (-r, r // 2), (r, -r // 2), (-r, -r // 2)):
            ha = "left" if dx > 0 else "right" if dx < 0 else "center"
            va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
            arrow = dict(arrowstyle="-", lw=0.4, color="0.4", shrinkA=0, shrinkB=1.5) if r > 7 or multiline else None
            ann = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                              fontsize=fontsize, color=color, arrowprops=arrow, linespacing=1.0)
            ann.set_in_layout(False)
            box = _text_box(ann, renderer)
            inside = (box.x0 >= ax_box.x0 and box.x1 <= ax_box.x1 and box.y0 >= ax_box.y0
                      and box.y1 <= ax_box.y1)
            # a label stays on its point's side of y = 0 (the side says which period)
            same_side = box.y0 >= zero_y if y > 0 else box.y1 <= zero_y if y < 0 else True
            if inside and same_side and not any(box.overlaps(b) for b in avoid):
                return ann
            ann.remove()
    return None


def _text_box(ann, renderer):
    """Extent of an annotation's text alone (its leader line excluded), slightly padded."""
    from matplotlib.text import Text

    ann.get_window_extent(renderer)  # updates the text position for this renderer
    return Text.get_window_extent(ann, renderer).expanded(1.03, 1.06)


def _bbox(x0, y0, x1, y1):
    """A matplotlib Bbox from corners (display coordinates)."""
    from matplotlib.transforms import Bbox

    return Bbox([[x0, y0], [x1, y1]])


def plot_fightin_words(table: pd.DataFrame, *, period: str | None = None, n_labels: int = 10,
                       z_threshold: float = 1.96, flag_share: float = 0.5, width="single",
                       aspect: float = 0.9):
    """Fightin'-Words scatter: total frequency (log) against z for one period vs the rest.

    Points with ``z > 0`` take the period's colour, ``z < 0`` the other period's
    (grey when there are several), and terms beyond ``|z| > z_threshold`` are drawn
    darker. The ``n_labels`` most extreme display terms each way are labelled, and
    stop words beyond the threshold in grey; terms at the same position share one label. Labels that cannot be placed
    without overlap are left out and listed in ``fig.dropped_labels``.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`keyness_table` or :func:`keyness`.
    period : str, default=None
        Target period (default: the latest).
    n_labels : int, default=10
    z_threshold : float, default=1.96
    flag_share : float, default=0.5
        Mark terms with at least this share of occurrences in flagged sentences (†).
    width : str or float, default="single"
    aspect : float, default=0.9

    Returns
    -------
    matplotlib.figure.Figure
    """
    from .figures import new_figure, period_colors

    t = table.loc[table["reference"] == "other periods"]
    if t.empty:
        raise AnalysisError("the Fightin'-Words plot needs period-against-period rows (two or more periods)")
    periods = sorted(t["period"].astype(str).unique())
    period = periods[-1] if period is None else str(period)
    if period not in periods:
        raise AnalysisError(f"period {period!r} not in the table (have {periods})")
    d = t.loc[t["period"] == period].copy()
    d["total"] = d[[f"count_{p}" for p in periods]].sum(axis=1)
    colors = period_colors(periods)
    other = _other_label(periods, period, "other periods")
    other_color = colors.get(other, _GREY)
    fig, ax = new_figure(width, aspect=aspect)
    pos = d["z"] > 0
    strong = d["z"].abs() > z_threshold
    for mask, col, alpha in ((pos & ~strong, colors[period], 0.35), (~pos & ~strong, other_color, 0.35),
                             (pos & strong, colors[period], 1.0), (~pos & strong, other_color, 1.0)):
        ax.scatter(d.loc[mask, "total"], d.loc[mask, "z"], s=7, color=col, alpha=alpha, lw=0)
    ax.set_xscale("log")
    for s in (-z_threshold, z_threshold):
        ax.axhline(s, color="0.45", lw=0.6, ls="--")
    ax.axhline(0, color="black", lw=0.5)
    zmax = max(float(d["z"].abs().max()), z_threshold) * 1.35
    ax.set_ylim(-zmax, zmax)
    ax.set_xlim(0.7, float(d["total"].max()) * 1.6)
    ax.set_xlabel("frequency in all periods (count, log scale)")
    ax.set_ylabel(f"z-score ({period} vs {other})")
    top = top_terms(d.drop(columns="total"), n=n_labels)
    stops = d.loc[~d["display"] & strong].drop(columns="total")  # significant stop words, in grey
    top = pd.concat([top.assign(_c="black"), stops.assign(_c="0.4")], ignore_index=True)
    top = top.merge(d[["term", "total"]], on="term")
    ax.scatter(top["total"], top["z"], s=9, facecolor="none", edgecolor="black", lw=0.5)
    items = _group_labels(top["total"], top["z"], term_label(top, flag_share=flag_share), top["_c"])
    items.sort(key=lambda it: (-abs(it[1]), it[2]))
    rest = d.loc[~d["term"].isin(top["term"]), ["total", "z"]].to_numpy()
    corners = [ax.text(0.01, 0.99, f"more in {period}", transform=ax.transAxes, va="top", ha="left",
                       fontsize=7, color=colors[period]),
               ax.text(0.01, 0.01, f"more in {other}", transform=ax.transAxes, va="bottom", ha="left",
                       fontsize=7, color=other_color)]
    if any(it[2].count("†") for it in items):
        corners.append(ax.text(0.99, 0.01, f"† ≥{flag_share:.0%} in flagged sentences", transform=ax.transAxes,
                               va="bottom", ha="right", fontsize=6.5))
    fig.dropped_labels = _place_labels(ax, items, obstacles=[tuple(r) for r in rest], artists=corners)
    return fig


def summary_lines(table: pd.DataFrame, *, z_threshold: float = 1.96) -> str:
    """One line per reference and period: how many terms pass the threshold, and the largest z.

    Returns
    -------
    str
        Lines such as ``"2024 vs other periods: 1 of 690 terms with z > 1.96 (0 content
        words); largest z 2.05 ('on')"``, for printing in a notebook.
    """
    lines = []
    summ = significance_summary(table, z_threshold=z_threshold).set_index(["reference", "period"])
    for (ref, period), grp in table.groupby(["reference", "period"], sort=True):
        row = summ.loc[(ref, period)]
        best = grp.sort_values(["z", "term"], ascending=[False, True]).iloc[0]
        lines.append(f"{period} vs {ref}: {row['n_over']} of {row['n_terms']} terms with z > {z_threshold:g} "
                     f"({row['n_over_display']} content words), {row['n_under']} with z < -{z_threshold:g}; "
                     f"largest z {best['z']:.2f} ({best['term']!r})")
    return "\n".join(lines)
