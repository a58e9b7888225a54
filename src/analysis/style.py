"""Stance and metadiscourse: hedges, boosters, attitude markers, self-mention, future and conditionals.

Markers come from an editable word list (``resources/stance_markers.csv``; Hyland 2005's
interactional metadiscourse items plus project lists of future-oriented and conditional
expressions). Each marker is matched on the corpus tokens -- on lemma sequences by
default, or on lower-cased word forms where the lookup lemmatiser would merge forms
that mean different things (``could`` -> ``can``, ``might`` -> ``may``) -- with
multi-word phrases taking precedence over the single words inside them ("it is likely
that" counts once, as one hedge). Simple context rules from the same file keep out
non-stance uses (the month "May", the noun "will", the verb "appear" in "signs
appeared"), and a negation cue before the marker (or right after a modal) is recorded and
can move the match to another category ("not clear" is a hedge, not a booster).

Counting is vectorised over the token table: n-gram keys are built by shifting whole
columns, so the cost is linear in corpus size.

Rates are per 1,000 words (alphabetic tokens), per document and per period, with
bootstrap intervals over sentences and permutation tests of the difference between
periods, all from :mod:`analysis.stats`. Every count can be traced to its sentence with
:func:`stance_matches`.

References
----------
.. [1] Hyland, K. (2005). *Metadiscourse: Exploring Interaction in Writing*. Continuum
       (Appendix: metadiscourse items).
.. [2] Hyland, K. (2005). Stance and engagement: a model of interaction in academic
       discourse. *Discourse Studies*, 7(2), 173-192.
.. [3] Biber, D., Johansson, S., Leech, G., Conrad, S., & Finegan, E. (1999). *Longman Grammar
       of Spoken and Written English*. Longman.

Examples
--------
>>> from analysis.corpus import load_corpus                     # doctest: +SKIP
>>> from analysis import style                                   # doctest: +SKIP
>>> counts = style.stance_counts(load_corpus("corpus"))          # doctest: +SKIP
>>> style.stance_rates(counts, level="period", random_state=0)   # doctest: +SKIP
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from . import config, stats
from ._io import read_csv_table
from .corpus import Corpus
from .errors import ResourceError
from .figures import new_figure, period_colors

MARKERS_FILE = "stance_markers.csv"
MARKER_COLUMNS = ["category", "marker", "match", "case", "exclude_prev", "require_next", "exclude_next",
                  "negation", "when_negated", "source", "note"]
#: Categories counted, in display order (a user file may add others).
CATEGORIES = ["hedge", "booster", "attitude", "self_mention", "future", "conditional"]
CATEGORY_LABELS = {"hedge": "hedges", "booster": "boosters", "attitude": "attitude markers",
                   "self_mention": "self-mention", "future": "future-oriented", "conditional": "conditional"}
#: Rows of this category are negation cues, never counted.
NEGATOR = "negator"
NUM = "#num"
_NUM_RE = re.compile(r"^[\d.,:/%-]+$")


# --------------------------------------------------------------------------- resource
def load_stance_markers(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check the stance marker list.

    Parameters
    ----------
    path : str or Path, default=None
        A CSV with :data:`MARKER_COLUMNS`; ``None`` reads the packaged
        ``resources/stance_markers.csv``.

    Returns
    -------
    pandas.DataFrame
        The file's rows plus ``key`` (the marker as a space-joined sequence of lemmas, or
        of lower-cased forms when ``match == "form"``) and ``length`` (tokens).

    Raises
    ------
    ResourceError
        One line naming the file, the row and the fix.

    Notes
    -----
    Columns: ``category`` (hedge, booster, attitude, self_mention, future, conditional,
    any new label, or ``negator`` for negation cues); ``marker`` (a word or phrase, written
    naturally -- it is tokenised and lemmatised like the corpus); ``match`` (``lemma`` or
    ``form``); ``case`` (``lower``: the first token must be written in lower case);
    ``exclude_prev`` / ``exclude_next`` (``|``-separated lemmas that, as the previous /
    next token, rule the match out; ``#num`` stands for a number); ``require_next``
    (the next token's lemma must be one of these); ``negation`` (``before``: a negator in
    the few tokens before negates it; ``after``: a negator right after it, for modals;
    ``none``); ``when_negated`` (``same``, ``drop`` or another category); ``source``; ``note``.
    """
    from .segment import segment_paragraphs

    path = Path(path) if path is not None else config.RESOURCES_DIR / MARKERS_FILE
    if not path.is_file():
        raise ResourceError(f"{path}: stance marker list not found; pass path=None for the packaged list")
    df = read_csv_table(path, MARKER_COLUMNS, ResourceError)
    df = df[MARKER_COLUMNS].apply(lambda s: s.str.strip())
    cats = set(df["category"])
    for i, rec in enumerate(df.to_dict("records"), start=2):
        where = f"{path}: row {i} ({rec['marker']!r})"
        if not rec["category"] or not rec["marker"]:
            raise ResourceError(f"{where}: empty category or marker; fill both in")
        if rec["match"] not in ("lemma", "form"):
            raise ResourceError(f"{where}: match {rec['match']!r} must be 'lemma' or 'form'")
        if rec["case"] not in ("", "lower"):
            raise ResourceError(f"{where}: case {rec['case']!r} must be empty or 'lower'")
        if rec["negation"] not in ("before", "after", "none"):
            raise ResourceError(f"{where}: negation {rec['negation']!r} must be 'before', 'after' or 'none'")
        if rec["when_negated"] not in {"same", "drop"} | (cats - {NEGATOR}):
            raise ResourceError(f"{where}: when_negated {rec['when_negated']!r} must be 'same', 'drop' or a "
                                f"category of the file")
    dup = df.duplicated(["category", "marker", "match"], keep=False)
    if dup.any():
        rec = df.loc[dup].iloc[0]
        raise ResourceError(f"{path}: marker {rec['marker']!r} is listed twice in category {rec['category']!r}; "
                            f"keep one row")
    sents, toks = segment_paragraphs(df["marker"].tolist())
    toks["row"] = sents["para_index"].to_numpy()[toks["sent_pos"].to_numpy()]
    lemma_key = toks.groupby("row")["lemma"].agg(" ".join)
    form_key = toks.groupby("row")["lower"].agg(" ".join)
    length = toks.groupby("row").size()
    idx = np.arange(len(df))
    df["key"] = np.where(df["match"] == "lemma", lemma_key.reindex(idx).to_numpy(), form_key.reindex(idx).to_numpy())
    df["length"] = length.reindex(idx).to_numpy().astype(int)
    same = df.duplicated(["category", "match", "key"], keep=False)
    if same.any():
        key = df.loc[same, "key"].iloc[0]
        names = ", ".join(repr(m) for m in df.loc[same & (df["key"] == key), "marker"])
        raise ResourceError(f"{path}: markers {names} are the same after lemmatisation ({key!r}) and would "
                            f"be counted twice; keep one row")
    return df.reset_index(drop=True)


# --------------------------------------------------------------------------- matching
def _split(cell: str) -> set:
    return {x.strip().lower() for x in cell.split("|") if x.strip()}


def _ngram_keys(values: np.ndarray, sent: np.ndarray, pos: np.ndarray, length: int) -> tuple[np.ndarray, np.ndarray]:
    """Space-joined n-grams of ``length`` tokens starting at ``pos`` that stay inside one sentence."""
    pos = pos[pos + length - 1 < len(values)]
    pos = pos[sent[pos] == sent[pos + length - 1]]
    keys = values[pos].astype(object)
    for j in range(1, length):
        keys = keys + " " + values[pos + j]
    return pos, keys


def _neighbour(values: np.ndarray, sent: np.ndarray, pos: np.ndarray, offset: np.ndarray | int,
               fill="") -> np.ndarray:
    """values[pos + offset] where that position is inside the same sentence, else ``fill``."""
    j = pos + offset
    ok = (j >= 0) & (j < len(values))
    jj = np.where(ok, j, 0)
    ok &= sent[jj] == sent[pos]
    return np.where(ok, values[jj], fill)


def match_markers(tokens: pd.DataFrame, markers: pd.DataFrame, *, negation_window: int = 3) -> pd.DataFrame:
    """Find every marker occurrence in a token table.

    Parameters
    ----------
    tokens : pandas.DataFrame
        ``doc_id, period, para_id, sent_id, token_id, token, lower, lemma`` in reading
        order (as :meth:`analysis.corpus.Corpus.tokens` returns them).
    markers : pandas.DataFrame
        From :func:`load_stance_markers`.
    negation_window : int, default=3
        How many tokens before a marker (within its sentence) a negation cue may stand.

    Returns
    -------
    pandas.DataFrame
        One row per counted match: ``doc_id, period, para_id, sent_id, token_id`` (first
        token), ``n_tokens, text`` (the matched words), ``marker, listed_category,
        negated, category`` (the category counted: ``listed_category``, or
        ``when_negated`` when negated; negated matches with ``when_negated == "drop"``
        are left out). Negation cues themselves are not returned.

    Notes
    -----
    Overlaps are resolved longest first: a token that belongs to an accepted phrase is not
    counted again for a shorter marker ("no doubt" is one booster, not a negator and a
    hedge). Two rows with the same phrase in different categories both count.
    """
    cols = ["doc_id", "period", "para_id", "sent_id", "token_id", "n_tokens", "text", "marker",
            "listed_category", "negated", "category"]
    if tokens.empty:
        return pd.DataFrame(columns=cols)
    doc = tokens["doc_id"].to_numpy(dtype=object)
    sid = tokens["sent_id"].to_numpy()
    new_sent = np.r_[True, (doc[1:] != doc[:-1]) | (sid[1:] != sid[:-1])]
    sent = np.cumsum(new_sent) - 1
    sent_start = np.maximum.accumulate(np.where(new_sent, np.arange(len(sent)), 0))
    arrays = {"lemma": tokens["lemma"].to_numpy(dtype=object), "form": tokens["lower"].to_numpy(dtype=object)}
    tok = tokens["token"].to_numpy(dtype=object)

    # 1. candidates: positions whose first token starts some marker, then whole n-gram keys there
    cands = []
    for match, group in markers.groupby("match", sort=True):
        values = arrays[match]
        firsts = {k.split(" ")[0] for k in group["key"]}
        start = np.flatnonzero(pd.Series(values).isin(firsts).to_numpy())
        for length, rows in group.groupby("length", sort=True):
            pos, keys = _ngram_keys(values, sent, start, int(length))
            hit = pd.Series(keys, dtype=object).isin(set(rows["key"])).to_numpy()
            if hit.any():
                c = pd.DataFrame({"pos": pos[hit], "key": keys[hit]}).merge(
                    rows.reset_index().rename(columns={"index": "row"}), on="key")
                cands.append(c)
    if not cands:
        return pd.DataFrame(columns=cols)
    c = pd.concat(cands, ignore_index=True)
    pos = c["pos"].to_numpy()
    length = c["length"].to_numpy().astype(int)

    # 2. context rules of each marker row (loop over marker rows, vectorised over matches)
    keep = np.ones(len(c), dtype=bool)
    lower_rule = c["case"].to_numpy() == "lower"
    keep[lower_rule] = pd.Series(tok[pos[lower_rule]], dtype=object).str.islower().to_numpy(dtype=bool)
    prev = _neighbour(arrays["lemma"], sent, pos, -1)
    nxt = _neighbour(arrays["lemma"], sent, pos, length)
    nxt_tok = pd.Series(_neighbour(tok, sent, pos, length), dtype=object)
    is_num = (nxt_tok.str.match(_NUM_RE) & nxt_tok.str.contains(r"\d")).to_numpy(dtype=bool)
    nxt = np.where(is_num, NUM, nxt)
    for col, wanted in (("exclude_prev", False), ("exclude_next", False), ("require_next", True)):
        ctx = prev if col == "exclude_prev" else nxt
        for cell, idx in c.groupby(col).indices.items():
            if not cell:
                continue
            inside = np.isin(ctx[idx].astype(str), list(_split(cell)))
            keep[idx] &= inside if wanted else ~inside
    c = c.loc[keep].reset_index(drop=True)

    # 3. longest match first; same-length overlaps keep the earlier one
    accepted = np.zeros(len(c), dtype=bool)
    covered = np.zeros(len(tokens) + 1, dtype=np.int64)
    for L in sorted(c["length"].unique(), reverse=True):
        idx = np.flatnonzero(c["length"].to_numpy() == L)
        span = np.cumsum(np.concatenate([[0], covered[:-1] > 0]))
        p = c["pos"].to_numpy()[idx]
        free = (span[p + L] - span[p]) == 0
        starts = np.unique(p[free])
        clash = np.zeros(len(starts), dtype=bool)
        for k in range(1, L):  # a start within L-1 tokens after another start of this length
            clash |= np.isin(starts - k, starts)
        ok_starts = starts[~clash]
        accepted[idx] = free & np.isin(p, ok_starts)
        diff = np.zeros(len(tokens) + 1, dtype=np.int64)
        np.add.at(diff, ok_starts, 1)
        np.add.at(diff, ok_starts + L, -1)
        covered = covered + np.cumsum(diff)
    c = c.loc[accepted].reset_index(drop=True)

    # 4. negation
    is_neg = np.zeros(len(tokens), dtype=bool)
    neg_rows = c["category"].to_numpy() == NEGATOR
    is_neg[c.loc[neg_rows, "pos"].to_numpy()] = True
    c = c.loc[~neg_rows].reset_index(drop=True)
    pos = c["pos"].to_numpy()
    length = c["length"].to_numpy().astype(int)
    csum = np.concatenate([[0], np.cumsum(is_neg)])
    lo = np.maximum(pos - negation_window, sent_start[pos])
    before = (csum[pos] - csum[lo]) > 0
    after = _neighbour(is_neg, sent, pos, length, fill=False).astype(bool)
    mode = c["negation"].to_numpy()
    negated = np.where(mode == "before", before, np.where(mode == "after", after, False))
    wn = c["when_negated"].to_numpy()
    category = np.where(negated & (wn != "same"), wn, c["category"].to_numpy())
    c = c.assign(negated=negated, counted=category)
    c = c.loc[c["counted"] != "drop"].reset_index(drop=True)

    # 5. report
    pos = c["pos"].to_numpy()
    text = tok[pos].astype(object)
    for j in range(1, int(c["length"].max()) if len(c) else 1):
        more = c["length"].to_numpy() > j
        text = np.where(more, text + " " + tok[np.minimum(pos + j, len(tok) - 1)], text)
    meta = tokens[["doc_id", "period", "para_id", "sent_id", "token_id"]].iloc[pos].reset_index(drop=True)
    out = meta.assign(n_tokens=c["length"].to_numpy(), text=text, marker=c["marker"].to_numpy(),
                      listed_category=c["category"].to_numpy(), negated=c["negated"].to_numpy(),
                      category=c["counted"].to_numpy())
    return out.iloc[np.argsort(pos, kind="stable")].reset_index(drop=True)[cols]


# --------------------------------------------------------------------------- counts and rates
def _markers(markers, path):
    return markers if markers is not None else load_stance_markers(path)


def _sentences_and_tokens(corpus: Corpus, drop_flagged: bool):
    sents = corpus.word_counts().merge(corpus.sentences()[["doc_id", "sent_id", "text", "quality_issue"]],
                                       on=["doc_id", "sent_id"], how="left")
    toks = corpus.tokens()
    if drop_flagged:
        sents = sents.loc[sents["quality_issue"] == ""]
        keys = pd.MultiIndex.from_frame(sents[["doc_id", "sent_id"]])
        toks = toks.loc[pd.MultiIndex.from_frame(toks[["doc_id", "sent_id"]]).isin(keys)]
    return sents.reset_index(drop=True), toks.reset_index(drop=True)


def stance_matches(corpus: Corpus, *, markers: pd.DataFrame | None = None, path=None,
                   negation_window: int = 3, drop_flagged: bool = False) -> pd.DataFrame:
    """Every counted stance marker with the sentence it stands in, for reading.

    Parameters
    ----------
    corpus : Corpus
    markers : pandas.DataFrame, default=None
        From :func:`load_stance_markers`; ``None`` loads ``path``.
    path : str or Path, default=None
        Marker file (``None``: the packaged list).
    negation_window : int, default=3
    drop_flagged : bool, default=False
        Leave out sentences with a known data-quality issue.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`match_markers` plus ``quality_issue`` and ``sentence``.
    """
    sents, toks = _sentences_and_tokens(corpus, drop_flagged)
    found = match_markers(toks, _markers(markers, path), negation_window=negation_window)
    return found.merge(sents[["doc_id", "sent_id", "quality_issue", "text"]].rename(columns={"text": "sentence"}),
                       on=["doc_id", "sent_id"], how="left")


def stance_counts(corpus: Corpus, *, markers: pd.DataFrame | None = None, path=None,
                  negation_window: int = 3, drop_flagged: bool = False) -> pd.DataFrame:
    """Marker counts per sentence and category (zeros included): the units for intervals and tests.

    Parameters
    ----------
    corpus : Corpus
    markers, path, negation_window, drop_flagged
        As in :func:`stance_matches`.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, period, para_id, sent_id, quality_issue, n_words, category, count`` --
        one row per sentence x category; ``n_words`` are the sentence's alphabetic tokens.
    """
    markers = _markers(markers, path)
    sents, toks = _sentences_and_tokens(corpus, drop_flagged)
    found = match_markers(toks, markers, negation_window=negation_window)
    cats = [c for c in CATEGORIES if c in set(markers["category"])]
    cats += sorted(set(markers["category"]) - set(cats) - {NEGATOR})
    base = sents[["doc_id", "period", "para_id", "sent_id", "quality_issue", "n_words"]]
    grid = base.merge(pd.DataFrame({"category": cats}), how="cross")
    n = found.groupby(["doc_id", "sent_id", "category"]).size().rename("count")
    grid = grid.join(n, on=["doc_id", "sent_id", "category"])
    grid["count"] = grid["count"].fillna(0).astype(int)
    return grid


def stance_rates(counts: pd.DataFrame, *, level: str = "period", n_resamples: int = 2000,
                 confidence_level: float = 0.95, random_state) -> pd.DataFrame:
    """Rates per 1,000 words with bootstrap intervals over sentences (:mod:`analysis.stats`).

    Parameters
    ----------
    counts : pandas.DataFrame
        From :func:`stance_counts`.
    level : {"period", "document"}, default="period"
    n_resamples, confidence_level, random_state
        As in :func:`analysis.stats.bootstrap_by_group`.

    Returns
    -------
    pandas.DataFrame
        ``doc_id`` (document level only), ``period, category, count, n_words,
        n_sentences, rate_per_1000, ci_low, ci_high``.
    """
    if level not in ("document", "period"):
        raise ValueError(f"level must be 'document' or 'period', got {level!r}")
    keys = ["doc_id", "period"] if level == "document" else ["period"]
    ci = stats.bootstrap_by_group(counts, "count", by=[*keys, "category"], weight="n_words", scale=1000.0,
                                  n_resamples=n_resamples, confidence_level=confidence_level,
                                  random_state=random_state)
    tot = counts.groupby([*keys, "category"]).agg(count=("count", "sum"), n_words=("n_words", "sum"),
                                                  n_sentences=("sent_id", "size")).reset_index()
    out = tot.merge(ci.drop(columns="n"), on=[*keys, "category"]).rename(columns={"estimate": "rate_per_1000"})
    order = {c: i for i, c in enumerate(pd.unique(counts["category"]))}
    return out.sort_values([*keys[:-1], "period", "category"], key=lambda s: s.map(order) if s.name == "category"
                           else s, kind="stable").reset_index(drop=True)


def stance_tests(counts: pd.DataFrame, *, reference: str | None = None, n_resamples: int = 5000,
                 random_state) -> pd.DataFrame:
    """Permutation test, per category, of each period's rate against the reference period.

    Sentences are the permuted units; the statistic is the difference in rate per 1,000
    words (:func:`analysis.stats.compare_groups`).

    Parameters
    ----------
    counts : pandas.DataFrame
        From :func:`stance_counts`.
    reference : str, default=None
        Reference period (default: the first in sorted order, i.e. the earliest).
    n_resamples : int, default=5000
        Permutations per test.
    random_state : int or numpy.random.Generator
        Required; the categories share one set of permutations.

    Returns
    -------
    pandas.DataFrame
        ``category, reference, group, difference, p_value, n_a, n_b, n_resamples``
        (``difference`` = group minus reference, per 1,000 words; ``n_a, n_b`` sentences).
    """
    categories = list(pd.unique(counts["category"]))
    wide = counts.pivot_table(index=["doc_id", "period", "sent_id", "n_words"], columns="category",
                              values="count", fill_value=0, observed=True).reset_index()
    # One set of permutations serves every category (analysis.stats.compare_groups).
    out = stats.compare_groups(wide, categories, by="period", weight="n_words", reference=reference,
                               scale=1000.0, n_resamples=n_resamples, random_state=random_state)
    out = out.rename(columns={"measure": "category"})
    return out[["category", *[c for c in out.columns if c != "category"]]]


def stance_balance(counts: pd.DataFrame, *, numerator: str = "booster", denominator=("hedge", "booster"),
                   reference: str | None = None, n_resamples: int = 2000, confidence_level: float = 0.95,
                   random_state) -> pd.DataFrame:
    """Share of one category among several, per period: e.g. boosters / (hedges + boosters).

    A share above 0.5 means the text commits more often than it hedges. Interval: bootstrap
    over sentences; p-value: permutation test against the reference period (both from
    :mod:`analysis.stats`).

    Parameters
    ----------
    counts : pandas.DataFrame
        From :func:`stance_counts`.
    numerator : str, default="booster"
    denominator : tuple of str, default=("hedge", "booster")
    reference : str, default=None
        Reference period (default: the earliest).
    n_resamples, confidence_level, random_state
        As in :func:`analysis.stats.bootstrap_by_group`.

    Returns
    -------
    pandas.DataFrame
        ``period, measure, share, ci_low, ci_high, n_markers, difference, p_value``
        (``difference`` and ``p_value`` against the reference period; NaN on its own row).
    """
    rng = stats.check_random_state(random_state)
    wide = counts.pivot_table(index=["doc_id", "period", "sent_id"], columns="category", values="count",
                              fill_value=0).reset_index()
    for c in [numerator, *denominator]:
        if c not in wide.columns:
            raise ValueError(f"category {c!r} not in counts (have {sorted(counts['category'].unique())})")
    wide["_num"] = wide[numerator]
    wide["_den"] = wide[list(denominator)].sum(axis=1)
    ci = stats.bootstrap_by_group(wide, "_num", by="period", weight="_den", n_resamples=n_resamples,
                                  confidence_level=confidence_level, random_state=rng)
    test = stats.compare_groups(wide, "_num", by="period", weight="_den", reference=reference,
                                n_resamples=n_resamples, random_state=rng)
    out = ci.rename(columns={"estimate": "share"}).drop(columns="n")
    out.insert(1, "measure", f"{numerator} / ({' + '.join(denominator)})")
    out["n_markers"] = out["period"].map(wide.groupby("period")["_den"].sum()).astype(int)
    t = test.set_index("group")
    out["difference"] = out["period"].map(t["difference"]) if len(t) else np.nan
    out["p_value"] = out["period"].map(t["p_value"]) if len(t) else np.nan
    return out


# --------------------------------------------------------------------------- reporting
def describe_stance(rates: pd.DataFrame, tests: pd.DataFrame, *, digits: int = 1) -> list[str]:
    """One line per category: rates per 1,000 words with intervals, difference and p-value.

    Parameters
    ----------
    rates : pandas.DataFrame
        :func:`stance_rates` at period level.
    tests : pandas.DataFrame
        :func:`stance_tests`.
    digits : int, default=1

    Returns
    -------
    list of str

    Examples
    --------
    >>> rates = pd.DataFrame({"period": ["a", "b"], "category": "hedge", "count": [3, 9],
    ...     "rate_per_1000": [4.0, 8.0], "ci_low": [1.0, 5.0], "ci_high": [7.0, 11.0]})
    >>> tests = pd.DataFrame({"category": ["hedge"], "reference": ["a"], "group": ["b"],
    ...     "difference": [4.0], "p_value": [0.12]})
    >>> describe_stance(rates, tests)
    ['hedges: a 4.0 [1.0, 7.0] (n=3), b 8.0 [5.0, 11.0] (n=9); b - a = +4.0 per 1,000 words, p = 0.12']
    """
    lines = []
    for cat in pd.unique(rates["category"]):
        r = rates.loc[rates["category"] == cat]
        parts = [f"{rec['period']} {rec['rate_per_1000']:.{digits}f} [{rec['ci_low']:.{digits}f}, "
                 f"{rec['ci_high']:.{digits}f}] (n={rec['count']})" for rec in r.to_dict("records")]
        line = f"{CATEGORY_LABELS.get(cat, cat)}: " + ", ".join(parts)
        for rec in tests.loc[tests["category"] == cat].to_dict("records"):
            line += (f"; {rec['group']} - {rec['reference']} = {rec['difference']:+.{digits}f} per 1,000 words, "
                     f"p = {rec['p_value']:.2g}")
        lines.append(line)
    return lines


def stance_table(rates: pd.DataFrame, tests: pd.DataFrame) -> pd.DataFrame:
    """Period rates with each period's permutation test against the reference (``stance.csv``).

    Parameters
    ----------
    rates : pandas.DataFrame
        :func:`stance_rates` at period level.
    tests : pandas.DataFrame
        :func:`stance_tests`.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`stance_rates` (period level) plus ``reference, difference,
        p_value, n_resamples`` (NaN on the reference period's rows).
    """
    t = tests.rename(columns={"group": "period"})[["category", "period", "reference", "difference", "p_value",
                                                    "n_resamples"]]
    out = rates.merge(t, on=["category", "period"], how="left")
    out["reference"] = out["reference"].fillna(tests["reference"].iloc[0] if len(tests) else "")
    return out


def verdict_lines(rates: pd.DataFrame, tests: pd.DataFrame, balance: pd.DataFrame, *,
                  alpha: float = 0.05) -> list[str]:
    """Plain-language answers to "more or less certain?" and "more or less predictive?".

    One line per comparison group and question, built only from the tables passed in:
    the direction of each difference, its size per 1,000 words and its permutation
    p-value, and whether any of them reaches ``alpha``.

    Parameters
    ----------
    rates : pandas.DataFrame
        :func:`stance_rates` at period level.
    tests : pandas.DataFrame
        :func:`stance_tests`.
    balance : pandas.DataFrame
        :func:`stance_balance`.
    alpha : float, default=0.05

    Returns
    -------
    list of str
    """
    lines = []
    rate = rates.set_index(["period", "category"])["rate_per_1000"]
    share = balance.set_index("period")
    questions = [("Certainty", ["hedge", "booster"], True), ("Prediction", ["future", "conditional"], False)]
    for group, t in tests.groupby("group", sort=False):
        ref = t["reference"].iloc[0]
        t = t.set_index("category")
        for title, cats, with_share in questions:
            cats = [c for c in cats if c in t.index]
            if not cats:
                continue
            parts, ps = [], []
            for c in cats:
                diff, p = t.loc[c, "difference"], t.loc[c, "p_value"]
                word = "higher" if diff > 0 else "lower" if diff < 0 else "unchanged"
                parts.append(f"{CATEGORY_LABELS.get(c, c)} {word} ({rate[(ref, c)]:.1f} -> {rate[(group, c)]:.1f} "
                             f"per 1,000 words, p = {p:.2g})")
                ps.append(p)
            if with_share and group in share.index and ref in share.index:
                s_ref, s_g, p = share.loc[ref, "share"], share.loc[group, "share"], share.loc[group, "p_value"]
                parts.append(f"boosters' share of hedges + boosters {s_ref:.0%} -> {s_g:.0%} (p = {p:.2g})")
                ps.append(p)
            sig = [p for p in ps if p < alpha]
            tail = (f"{len(sig)} of {len(ps)} differences reach p < {alpha}" if sig else
                    f"None of these differences is distinguishable from a random split of sentences "
                    f"(all p >= {alpha})")
            lines.append(f"{title}, {group} vs {ref}: " + "; ".join(parts) + f". {tail}.")
    return lines


def comparison_table(readability_by_period: pd.DataFrame, diversity_by_period: pd.DataFrame,
                     stance_by_period: pd.DataFrame) -> pd.DataFrame:
    """Stack the period-level results into one tidy table for :func:`plot_period_comparison`.

    Parameters
    ----------
    readability_by_period : pandas.DataFrame
        ``readability.readability(..., level="period")``.
    diversity_by_period : pandas.DataFrame
        ``readability.lexical_diversity(..., level="period")``.
    stance_by_period : pandas.DataFrame
        :func:`stance_rates` at period level.

    Returns
    -------
    pandas.DataFrame
        ``panel, metric, label, period, value, ci_low, ci_high``.
    """
    from .readability import INDICES, LABELS

    read = readability_by_period.loc[readability_by_period["metric"].isin(INDICES)]
    div = diversity_by_period.loc[diversity_by_period["metric"].isin(["mtld", "mattr", "msttr"])]
    st = stance_by_period.rename(columns={"category": "metric", "rate_per_1000": "value"})
    parts = [read.assign(panel="readability"), div.assign(panel="lexical diversity"),
             st.assign(panel="stance (per 1,000 words)")]
    cols = ["panel", "metric", "period", "value", "ci_low", "ci_high"]
    out = pd.concat([p[cols] for p in parts], ignore_index=True)
    labels = {**LABELS, **{k: v for k, v in CATEGORY_LABELS.items()}}
    out.insert(2, "label", out["metric"].map(labels).fillna(out["metric"]))
    return out


def plot_period_comparison(table: pd.DataFrame):
    """Periods side by side on readability, lexical diversity and stance, with intervals.

    Each metric gets its own row of dots (one per period, horizontal bar = interval),
    grouped in sub-panels that share a scale: reading ease, grade-level indices, MTLD,
    TTR-type measures, and stance rates.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`comparison_table`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    groups = [
        ("a  Reading ease (higher = easier)", ["flesch_reading_ease"]),
        ("b  Grade-level indices", ["flesch_kincaid_grade", "gunning_fog", "smog_index", "coleman_liau_index",
                                    "dale_chall"]),
        ("c  MTLD (tokens per factor)", ["mtld"]),
        ("d  Moving / segmental TTR", ["mattr", "msttr"]),
        ("e  Stance markers per 1,000 words", [c for c in pd.unique(table.loc[table["panel"].str.startswith(
            "stance"), "metric"])]),
    ]
    groups = [(t, [m for m in ms if m in set(table["metric"])]) for t, ms in groups]
    groups = [(t, ms) for t, ms in groups if ms]
    periods = [p for p in pd.unique(table["period"])]
    colors = period_colors(periods)
    heights = [len(ms) + 0.9 for _, ms in groups]
    left = [g for g in groups if not g[0].startswith("e")]
    right = [g for g in groups if g[0].startswith("e")]
    fig = new_figure("double", aspect=0.52)[0]
    fig.clf()
    sub = fig.subfigures(1, 2, width_ratios=[1.0, 0.9], wspace=0.04)
    axes_l = sub[0].subplots(len(left), 1, gridspec_kw={"height_ratios": [len(ms) + 0.9 for _, ms in left]})
    axes_r = sub[1].subplots(len(right), 1, squeeze=False)[:, 0] if right else []
    axes_l = np.atleast_1d(axes_l)
    offsets = np.linspace(-0.18, 0.18, len(periods)) if len(periods) > 1 else np.zeros(1)
    for ax, (title, metrics) in zip([*axes_l, *axes_r], [*left, *right]):
        for i, metric in enumerate(metrics):
            d = table.loc[table["metric"] == metric]
            for off, period in zip(offsets, periods):
                r = d.loc[d["period"] == period]
                if r.empty:
                    continue
                r = r.iloc[0]
                y = i + off
                if pd.notna(r["ci_low"]):
                    ax.plot([r["ci_low"], r["ci_high"]], [y, y], color=colors[str(period)], lw=1.4,
                            solid_capstyle="butt")
                ax.plot(r["value"], y, "o", color=colors[str(period)], ms=3.6,
                        mfc=colors[str(period)] if pd.notna(r["ci_low"]) else "white")
        ax.set_yticks(range(len(metrics)), [table.loc[table["metric"] == m, "label"].iloc[0] for m in metrics])
        ax.set_ylim(len(metrics) - 0.5, -0.5)
        ax.set_title(title, loc="left", fontsize=7.5)
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="x", lw=0.3, color="0.85")
    handles = [_legend_handle(colors[str(p)], str(p)) for p in periods]
    hollow = _legend_handle("0.3", "no interval", hollow=True)
    fig.legend(handles=[*handles, hollow], loc="outside lower center", ncol=len(handles) + 1, frameon=False,
               title="dot: estimate; bar: 95% bootstrap interval over sentences (MSTTR: over segments)",
               title_fontsize=6.5, fontsize=6.5)
    return fig


def _legend_handle(color, label, *, hollow: bool = False):
    """Legend handle: a dot with an interval bar (or a hollow dot for 'no interval')."""
    from matplotlib.lines import Line2D

    if hollow:
        return Line2D([], [], marker="o", ls="none", color=color, mfc="white", ms=3.6, label=label)
    return Line2D([], [], marker="o", color=color, lw=1.4, ms=3.6, label=label)
