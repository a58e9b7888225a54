"""Terms: word lemmas with gazetteer expressions merged, counts per period, n-grams.

Per-document and pure: :func:`extract_terms` turns tokens (one document's or a whole corpus's)
into a term stream; :func:`count_terms` counts it per period; :func:`ngrams` counts word
sequences. The gazetteer is read by :func:`load_expressions` through :mod:`analysis.resources`.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .. import resources, segment
from ..errors import ResourceError


EXPRESSIONS_FILE = "multiword_expressions.csv"
#: Clitics dropped from the term stream (possessive / contracted "is"; not words).
CLITICS = frozenset({"'s", "’s", "'", "’"})
#: Tokens that join compound words; they do not block a multi-word match.
_HYPHENS = frozenset({"-", "‐", "‑"})
_TERM_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
TERM_COLUMNS = ["doc_id", "period", "para_id", "sent_id", "token_id", "end_token_id", "run_id",
                "term", "form", "is_stop", "is_mwe", "quality_issue"]


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
    cols = ["expression", "term", "source"]
    rows = resources.load_csv(EXPRESSIONS_FILE, cols, path, comment=None)
    path = resources.resource_path(EXPRESSIONS_FILE, path)
    seen = {}
    for line, expr, term in zip(rows["row"], rows["expression"].str.strip(), rows["term"].str.strip()):
        if not expr or not term:
            raise ResourceError(f"{path}: row {line}: empty expression or term; fill both in")
        if not _TERM_RE.match(term):
            raise ResourceError(f"{path}: row {line}: term {term!r} must be lower-case letters, digits and '_'")
        if expr.lower() in seen:
            raise ResourceError(f"{path}: row {line}: expression {expr!r} repeats row {seen[expr.lower()]}; "
                                f"keep one")
        seen[expr.lower()] = line
    df = pd.DataFrame({"expression": rows["expression"].str.strip().tolist(),
                       "term": rows["term"].str.strip().tolist(),
                       "source": rows["source"].str.strip().tolist()})
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


def _token_key(doc_code, sent_id, token_id) -> np.ndarray:
    """One int64 per token position: (document, sentence, token)."""
    return ((np.asarray(doc_code, np.int64) << 42) | (np.asarray(sent_id, np.int64) << 21)
            | np.asarray(token_id, np.int64))


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
    return toks, pd.Series(pd.array(sents["quality_issue"].to_numpy(object), dtype=str).take(pos))


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
        ``run_id`` (id of the punctuation-free run of words the term is in, 1, 2, ...
        in reading order; n-grams stay inside one run), ``term`` (lemma, or the expression's term),
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
    return _extract(corpus, expressions)[0]


def terms_and_words(corpus, *, expressions=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(extract_terms(corpus, expressions=expressions), extract_terms(corpus, expressions=False))`` in one pass.

    The word stream without merged expressions is what :func:`ngrams` counts; both streams share
    every step up to the gazetteer, so computing them together reads the tokens once.
    """
    return _extract(corpus, expressions, words_too=True)


def _extract(corpus, expressions, *, words_too: bool = False) -> tuple:
    """The term stream (and, with ``words_too``, the same stream without merged expressions)."""
    toks, flags = _tokens_and_flags(corpus)
    # strings are factorized once; the rows are assembled from integer codes and built as
    # string columns once at the end (each Arrow <-> object round trip costs a pass over 1M rows)
    lower_codes, lower_uniques = pd.factorize(toks["lower"].astype(str))
    keep = _word_mask(toks, lower_codes, lower_uniques)
    lower_words = np.asarray(lower_uniques, dtype=object)
    hyphen = np.isin(lower_words, list(_HYPHENS))[lower_codes]
    sent = toks["sent_id"].to_numpy()
    doc_code = pd.factorize(toks["doc_id"])[0]
    new_sent = np.ones(len(toks), bool)
    if len(toks):  # a sentence starts where sent_id or doc_id changes
        new_sent[1:] = (sent[1:] != sent[:-1]) | (doc_code[1:] != doc_code[:-1])
    barrier = (~keep & ~hyphen) | new_sent
    run = np.cumsum(barrier)[keep]
    if len(run):  # numbered 1, 2, ... in reading order, so parts of a corpus number alike (parallel)
        run = np.cumsum(np.r_[True, run[1:] != run[:-1]])
    rows = np.flatnonzero(keep)
    lemma_codes, lemma_uniques = pd.factorize(toks["lemma"].astype(str))
    term_words = np.asarray([u.lower() for u in lemma_uniques], dtype=object)  # str.lower once per lemma
    term_code, form_code = lemma_codes[rows], lower_codes[rows]
    token_id = toks["token_id"].to_numpy()[rows]
    end_token_id = token_id
    is_stop = toks["is_stop"].to_numpy(bool)[rows]
    is_mwe = np.zeros(len(rows), bool)

    para = toks["para_id"].to_numpy()

    def frame(sel, term_code, form_code, end_token_id, is_stop, is_mwe, term_words, form_words):
        """The rows ``rows[sel]`` (``sel=None``: all) as a terms table."""
        at = rows if sel is None else rows[sel]
        # the integer columns are written straight into one 2-D block, which the DataFrame keeps
        # as it is: from a dict of columns, pandas copies them into such a block (0.4 GB at
        # 10,000 documents). Valid indices only, so "clip" never clips (it lets out be unbuffered).
        names = ["para_id", "sent_id", "token_id", "end_token_id", "run_id"]
        if all(v.dtype == np.int64 for v in (para, sent, token_id, end_token_id, run)):
            ints = np.empty((5, len(at)), dtype=np.int64)
            np.take(para, at, out=ints[0], mode="clip")
            np.take(sent, at, out=ints[1], mode="clip")
            for k, v in enumerate((token_id, end_token_id, run), start=2):
                if sel is None:
                    ints[k] = v
                else:
                    np.take(v, sel, out=ints[k], mode="clip")
            df = pd.DataFrame(ints.T, columns=names, copy=False)
        else:  # other integer types: each column keeps its own
            df = pd.DataFrame(dict(zip(names, [para[at], sent[at], *(v if sel is None else v[sel]
                                                                    for v in (token_id, end_token_id, run))])))
        df.insert(0, "doc_id", toks["doc_id"].astype(str).array.take(at))
        df.insert(1, "period", toks["period"].astype(str).array.take(at))
        df["term"] = pd.array(term_words, dtype=str).take(term_code)
        df["form"] = pd.array(form_words, dtype=str).take(form_code)
        df["is_stop"], df["is_mwe"] = is_stop, is_mwe
        df["quality_issue"] = flags.astype(str).array.take(at)
        return df

    # building the word frame costs a few Arrow takes: only when it is returned
    words = (frame(None, term_code, form_code, end_token_id, is_stop, is_mwe, term_words, lower_words)
             if words_too or expressions is False else None)
    if expressions is False:
        return (words, words) if words_too else (words,)
    exprs = expressions if isinstance(expressions, pd.DataFrame) else load_expressions(expressions)
    head, end_row, drop = _merge_expressions(exprs, form_code, run, lower_words)
    is_mwe = head >= 0
    # an expression's term is both its term and its form: appended after the words
    term_code = np.where(is_mwe, len(term_words) + head, term_code)
    form_code = np.where(is_mwe, len(lower_words) + head, form_code)
    expr_terms = exprs["term"].to_numpy(object)
    end_token_id = token_id[end_row]
    is_stop = is_stop & ~is_mwe
    sel = np.flatnonzero(~drop)
    terms = frame(sel, *(v[sel] for v in (term_code, form_code)), end_token_id, *(v[sel] for v in (is_stop, is_mwe)),
                  np.concatenate([term_words, expr_terms]), np.concatenate([lower_words, expr_terms]))
    return (terms, words) if words_too else (terms,)


def _merge_expressions(exprs: pd.DataFrame, codes, run, uniques) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gazetteer matches in a stream of word codes (longest expression first, then alphabetical).

    Returns ``head`` (the expression's row in ``exprs`` at a match's first word, else -1),
    ``end_row`` (a match's last word, else the row itself) and ``drop`` (the other words of a match).
    """
    lookup = {w: i for i, w in enumerate(uniques)}
    n_rows = len(codes)
    consumed = np.zeros(n_rows, bool)
    head = np.full(n_rows, -1, dtype=np.int64)
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
        head[starts] = i
        end_row[starts] = starts + n - 1
    return head, end_row, consumed & (head < 0)


def count_terms(terms: pd.DataFrame) -> pd.DataFrame:
    """Count terms per period.

    Parameters
    ----------
    terms : pandas.DataFrame
        Output of :func:`extract_terms`.

    Returns
    -------
    pandas.DataFrame
        One row per term (sorted): ``term``, one ``count_<period>`` per period
        (periods sorted), ``form`` (its most frequent word form), ``is_stop``,
        ``is_mwe``, ``n_flagged`` (occurrences in flagged sentences) and
        ``n_flagged_<period>`` (the same per period). To leave the flagged sentences
        out, extract the terms of ``corpus.without_flagged()``.
    """
    flagged = terms["quality_issue"].astype(str).to_numpy(object) != ""
    t_code, vocab = pd.factorize(terms["term"], sort=True)
    p_code, periods = pd.factorize(terms["period"].astype(str), sort=True)
    V, P = len(vocab), len(periods)
    cell = t_code * P + p_code
    counts = np.bincount(cell, minlength=V * P).reshape(V, P)
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
    return res.loc[counts.sum(axis=1) > 0].reset_index(drop=True)


def _is_terms(obj) -> bool:
    return isinstance(obj, pd.DataFrame) and {"term", "run_id", "end_token_id"} <= set(obj.columns)


def _periods_of(counts: pd.DataFrame) -> list[str]:
    return [c[len("count_"):] for c in counts.columns if c.startswith("count_")]


def ngrams(terms: pd.DataFrame, *, n: int = 2, min_count: int = 2) -> pd.DataFrame:
    """Count word n-grams per period (inside punctuation-free runs of one sentence).

    Parameters
    ----------
    terms : pandas.DataFrame
        Output of :func:`extract_terms`, usually with ``expressions=False`` so that
        the gazetteer's expressions show up as n-grams too.
    n : int, default=2
    min_count : int, default=2
        Keep n-grams seen at least this often in all periods together.

    Returns
    -------
    pandas.DataFrame
        ``ngram`` (word forms joined by spaces), ``n``, ``count_<period>...``, ``total``,
        ``display`` (first and last word are not stop words), sorted by ``total``
        (descending) then ``ngram``.
    """
    if n < 2:
        raise ValueError(f"n must be >= 2, got {n}")
    return _ngrams(_ngram_inputs(terms), n=n, min_count=min_count)


def _ngram_inputs(terms: pd.DataFrame) -> dict:
    """What :func:`ngrams` reads from a terms table, factorized once for every ``n``."""
    periods = sorted(terms["period"].astype(str).unique())
    f_code, f_uniques = pd.factorize(terms["form"].astype(str))
    # periods looked up once per distinct value, not per row (a million Python strings otherwise)
    per_code, per_uniques = pd.factorize(terms["period"].astype(str))
    return {"periods": periods, "run": terms["run_id"].to_numpy(), "f_code": f_code, "f_uniques": f_uniques,
            "p_code": pd.Index(periods).get_indexer(per_uniques)[per_code], "stop": terms["is_stop"].to_numpy(bool)}


def _ngram_keys(f_code: np.ndarray, start: np.ndarray, n: int, n_forms: int) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the n-grams starting at ``start``, 0, 1, ... in order of first appearance, and each code's first start.

    With few enough forms one exact integer per n-gram is factorized once (not once per word);
    the first appearances are where the running largest code grows (no sort of all the codes).
    """
    if n_forms ** n < 2 ** 63 and (len(f_code) == 0 or f_code.min() >= 0):
        raw = f_code[start].astype(np.int64)
        for k in range(1, n):
            raw = raw * n_forms + f_code[start + k]
        key = pd.factorize(raw)[0]
    else:
        key = f_code[start].astype(np.int64)
        for k in range(1, n):
            key, _ = pd.factorize(key * n_forms + f_code[start + k])
    if len(key) == 0:
        return key, np.zeros(0, dtype=np.intp)
    highest = np.maximum.accumulate(key)
    return key, np.flatnonzero(np.r_[True, highest[1:] > highest[:-1]])


def _ngrams(inputs: dict, *, n: int, min_count: int) -> pd.DataFrame:
    """:func:`ngrams` from :func:`_ngram_inputs`."""
    if n < 2:
        raise ValueError(f"n must be >= 2, got {n}")
    periods, run, f_code, f_uniques, stop = (inputs[k] for k in ("periods", "run", "f_code", "f_uniques", "stop"))
    cols = [f"count_{p}" for p in periods]
    m = len(run) - n + 1
    if m <= 0:
        return pd.DataFrame(columns=["ngram", "n", *cols, "total", "display"])
    start = np.flatnonzero(run[: m] == run[n - 1:])
    p_code = inputs["p_code"][start]
    # one integer per distinct n-gram, built word by word (strings only for distinct n-grams)
    key, g_first = _ngram_keys(f_code, start, n, len(f_uniques))
    G, P = len(g_first), len(periods)
    counts = np.bincount(key * P + p_code, minlength=G * P).reshape(G, P)
    total = counts.sum(axis=1)
    # only the n-grams seen min_count times get a name and a row (most are seen once)
    sel = np.flatnonzero(total >= min_count)
    words = np.asarray(f_uniques, dtype=object)
    pos = start[g_first[sel]]
    names = words[f_code[pos]].astype(object)
    for k in range(1, n):
        names = names + " " + words[f_code[pos + k]]
    # string column as a table of every n-gram filtered down would have (object when there is no n-gram)
    res = pd.DataFrame({"ngram": pd.array(names, dtype=str) if G else names, "n": n})
    for k, c in enumerate(cols):
        res[c] = counts[sel, k]
    res["total"] = total[sel]
    res["display"] = ~stop[pos] & ~stop[pos + n - 1]
    return res.sort_values(["total", "ngram"], ascending=[False, True]).reset_index(drop=True)
