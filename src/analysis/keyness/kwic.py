"""Keyword in context (quanteda's ``kwic``): every occurrence of a term with its surrounding tokens."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..errors import AnalysisError
from .terms import _token_key, extract_terms


_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}”’]|'s\b|’s\b|n't\b|'re\b|'ve\b|'ll\b|'d\b|'m\b)")
_NO_SPACE_AFTER = re.compile(r"([(\[{“‘]) ")
_HYPHEN_JOIN = re.compile(r"(?<=\w) - (?=\w)")


def _detokenize(tokens) -> str:
    text = " ".join(tokens)
    text = _HYPHEN_JOIN.sub("-", text)
    text = _NO_SPACE_BEFORE.sub(r"\1", text)
    return _NO_SPACE_AFTER.sub(r"\1", text)


def _positions(keys: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """``pd.Index(keys).get_indexer(wanted)`` (-1 when absent); a binary search when the token keys
    are in increasing order, as in a corpus's reading order (no hash table of every token)."""
    if len(keys) and np.all(keys[1:] > keys[:-1]):
        pos = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        return np.where(keys[pos] == wanted, pos, -1)
    return pd.Index(keys).get_indexer(wanted)


def kwic(corpus, term, window: int = 5, *, terms: pd.DataFrame | None = None, expressions=None,
         max_per_term: int | None = None) -> pd.DataFrame:
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
    # the context needs the tokens only, not their sentences' quality flags
    toks = (corpus if isinstance(corpus, pd.DataFrame) else corpus.tokens()).reset_index(drop=True)
    terms = extract_terms(corpus, expressions=expressions) if terms is None else terms
    # a query matches its lemma / expression term or its word form: one pass over the whole table
    # for all queries finds the rows any of them matches, each query then reads only those rows
    wanted = [(ql, re.sub(r"[\s\-]+", "_", ql)) for ql in (str(q).strip().lower() for q in queries)]
    rows = np.flatnonzero(terms["term"].isin([w for pair in wanted for w in pair]).to_numpy(bool)
                          | terms["form"].isin([ql for ql, _ in wanted]).to_numpy(bool))
    cand_terms = terms["term"].iloc[rows].to_numpy(object)
    cand_forms = terms["form"].iloc[rows].to_numpy(object)
    parts = []
    for q, (ql, joined) in zip(queries, wanted):
        found = terms.iloc[rows[(cand_terms == ql) | (cand_terms == joined) | (cand_forms == ql)]]
        if max_per_term is not None:
            found = found.head(max_per_term)
        parts.append(found.assign(query=str(q)))
    hits = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if hits.empty:
        return pd.DataFrame(columns=cols)
    doc_codes, docs = pd.factorize(toks["doc_id"])  # tokens are grouped by document, in order
    keys = _token_key(doc_codes, toks["sent_id"], toks["token_id"])
    hit_doc = docs.get_indexer(hits["doc_id"])
    start = _positions(keys, _token_key(hit_doc, hits["sent_id"], hits["token_id"]))
    end = _positions(keys, _token_key(hit_doc, hits["sent_id"], hits["end_token_id"]))
    if (hit_doc < 0).any() or (start < 0).any() or (end < 0).any():
        raise AnalysisError("kwic: terms do not come from this corpus's tokens; pass terms=None")
    first = np.searchsorted(doc_codes, doc_codes[start], side="left")
    last = np.searchsorted(doc_codes, doc_codes[end], side="right")
    # slices of the string column, per hit: converting every token to a Python string cost more
    words = toks["token"].astype(str).array
    rows = [(_detokenize(words[max(f, s - window): s]), _detokenize(words[s: e + 1]),
             _detokenize(words[e + 1: min(la, e + 1 + window)]))
            for s, e, f, la in zip(start, end, first, last)]  # one iteration per hit, not per token
    res = hits[["query", "doc_id", "period", "para_id", "sent_id"]].copy()
    res[["left", "keyword", "right"]] = pd.DataFrame(rows, columns=["left", "keyword", "right"])
    res["term"] = hits["term"].to_numpy()
    res["quality_issue"] = hits["quality_issue"].to_numpy()
    return res[cols]
