"""Data for the term explorer: every term's frequency per period, keyness, contexts, frames, actors.

The page itself (vanilla JavaScript + SVG, no library, nothing loaded from the network)
is in :mod:`analysis.report.explorer_page`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

#: Contexts kept per term and period: the first in reading order, one document at a time
#: (the first hit in each document before any second hit), so 1,000 articles stay small.
MAX_CONTEXTS = 3
#: Terms placed on the plot: the most frequent ones (all of them in the bundled corpus).
MAX_TERMS = 2000
#: Tokens of context on each side.
WINDOW = 8
_ACTOR_SPLIT = re.compile(r"\s*[;|,]\s*")
# Joining tokens back into text, as the keyness concordance does (keyness/kwic.py).
_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}\u201d\u2019]|'s\b|\u2019s\b|n't\b|'re\b|'ve\b|'ll\b|'d\b|'m\b)")
_NO_SPACE_AFTER = re.compile(r"([(\[{\u201c\u2018]) ")
_HYPHEN_JOIN = re.compile(r"(?<=\w) - (?=\w)")


def _detokenize(tokens) -> str:
    """Tokens back to readable text.

    Examples
    --------
    >>> _detokenize(["Iran", "'s", "neighbour", "(", "Baku", ")", ",", "pro", "-", "Western"])
    "Iran's neighbour (Baku), pro-Western"
    """
    text = _HYPHEN_JOIN.sub("-", " ".join(tokens))
    return _NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", text))


def term_table(keyness: pd.DataFrame, *, max_terms: int = MAX_TERMS) -> pd.DataFrame:
    """One row per term: ``term, form, count_<period>…, z_<period>…, display, total``.

    Parameters
    ----------
    keyness : pandas.DataFrame
        ``keyness.csv`` (``term, period, count_<p>…, z``; rows with ``reference`` "other
        periods" when that column is there).
    max_terms : int, default=MAX_TERMS
        Keep the most frequent terms (ties broken alphabetically).

    Returns
    -------
    pandas.DataFrame
    """
    kt = keyness
    if "reference" in kt.columns:
        kt = kt.loc[kt["reference"].astype(str) == "other periods"]
    count_cols = sorted(c for c in kt.columns if c.startswith("count_"))
    periods = [c[len("count_"):] for c in count_cols]
    first = kt.drop_duplicates("term").set_index("term")
    out = first[count_cols].astype(int).copy()
    out.insert(0, "form", first["form"].astype(str) if "form" in first.columns else out.index.astype(str))
    z = kt.pivot_table(index="term", columns=kt["period"].astype(str), values="z", aggfunc="first")
    for p in periods:
        out[f"z_{p}"] = z[p].reindex(out.index).fillna(0.0) if p in z.columns else 0.0
    disp = first["display"].astype(str).str.lower().isin(["true", "1"]) if "display" in first.columns else True
    out["display"] = disp if isinstance(disp, bool) else disp.reindex(out.index).to_numpy()
    out["total"] = out[count_cols].sum(axis=1)
    out = out.reset_index().sort_values(["total", "term"], ascending=[False, True], kind="mergesort")
    return out.head(max_terms).reset_index(drop=True)


def _split_context(left, keyword, right) -> tuple[str, str, str]:
    """Detokenize left + keyword + right as one text, then cut it at the keyword.

    Joining each part separately would put spaces in "Iran 's" or "Azerbaijani - Iran".

    Examples
    --------
    >>> _split_context(["Azerbaijani", "-"], ["Iran"], ["'s", "border"])
    ('Azerbaijani-', 'Iran', "'s border")
    """
    ak = _detokenize(list(left) + list(keyword))
    kw = _detokenize(list(keyword))
    full = _detokenize(list(left) + list(keyword) + list(right))
    if not (ak.endswith(kw) and full.startswith(ak)):  # pragma: no cover - joiner rules are local
        return _detokenize(list(left)) + " ", kw, " " + _detokenize(list(right))
    return ak[: len(ak) - len(kw)], kw, full[len(ak):]


def _contexts(tokens: pd.DataFrame, hits: pd.DataFrame, window: int) -> pd.DataFrame:
    doc_codes, docs = pd.factorize(tokens["doc_id"])
    key = (doc_codes.astype(np.int64) << 42) | (tokens["sent_id"].to_numpy(np.int64) << 21) \
        | tokens["token_id"].to_numpy(np.int64)
    index = pd.Index(key)
    hd = docs.get_indexer(hits["doc_id"]).astype(np.int64)
    start = index.get_indexer((hd << 42) | (hits["sent_id"].to_numpy(np.int64) << 21)
                              | hits["token_id"].to_numpy(np.int64))
    end = index.get_indexer((hd << 42) | (hits["sent_id"].to_numpy(np.int64) << 21)
                            | hits["end_token_id"].to_numpy(np.int64))
    first = np.searchsorted(doc_codes, doc_codes[start], side="left")
    last = np.searchsorted(doc_codes, doc_codes[end], side="right")
    words = tokens["token"].astype(str).to_numpy(object)
    rows = [_split_context(words[max(f, s - window): s], words[s: e + 1], words[e + 1: min(la, e + 1 + window)])
            for s, e, f, la in zip(start, end, first, last)]
    out = hits.reset_index(drop=True).copy()
    out[["left", "keyword", "right"]] = pd.DataFrame(rows, columns=["left", "keyword", "right"], index=out.index)
    return out


def select_contexts(terms: pd.DataFrame, keep, *, max_contexts: int = MAX_CONTEXTS) -> pd.DataFrame:
    """The occurrences shown per term and period: at most ``max_contexts``, spread over documents.

    Occurrences are ordered by their rank within their document (first hits first), then by
    document and position, and the first ``max_contexts`` per term and period are kept.

    Examples
    --------
    >>> t = pd.DataFrame({"term": ["a"] * 4, "period": "p", "doc_id": ["d1", "d1", "d2", "d2"],
    ...                   "sent_id": [1, 2, 1, 2], "token_id": 0})
    >>> select_contexts(t, ["a"], max_contexts=2)["doc_id"].tolist()
    ['d1', 'd2']
    """
    sel = terms.loc[terms["term"].isin(list(keep))].copy()
    sel["_order"] = np.arange(len(sel))
    sel["_rank"] = sel.groupby(["term", "doc_id"], sort=False).cumcount()
    sel = sel.sort_values(["term", "period", "_rank", "_order"], kind="mergesort")
    sel = sel.groupby(["term", "period"], sort=False).head(max_contexts)
    return sel.sort_values(["term", "period", "_order"], kind="mergesort").drop(columns=["_order", "_rank"])


def _counts_by(pairs: pd.DataFrame, key: str, periods: list[str]) -> dict:
    """``{term: [[key, [count per period]], …]}`` sorted by total count, then name."""
    if pairs.empty:
        return {}
    tab = pairs.groupby(["term", key, "period"]).size().unstack("period", fill_value=0)
    tab = tab.reindex(columns=periods, fill_value=0)
    tab["_total"] = tab.sum(axis=1)
    tab = tab.reset_index().sort_values(["term", "_total", key], ascending=[True, False, True], kind="mergesort")
    out = {}
    for rec in tab.itertuples(index=False):
        out.setdefault(rec[0], []).append([str(rec[1]), [int(v) for v in rec[2:2 + len(periods)]]])
    return out


def _frames_of(terms: pd.DataFrame, frames: pd.DataFrame | None, periods) -> dict:
    if frames is None or frames.empty:
        return {}
    present = frames.loc[frames["present"].astype(str).str.lower().isin(["true", "1"]), ["doc_id", "para_id", "frame"]]
    pairs = terms[["term", "doc_id", "period", "para_id"]].merge(present, on=["doc_id", "para_id"])
    return _counts_by(pairs, "frame", periods)


def actor_mentions(tables: dict) -> pd.DataFrame:
    """Sentence-level actor mentions from whichever tables name them: ``doc_id, sent_id, actor``.

    Reads ``actor_mentions`` (``doc_id, sent_id, actor``), else the ``actors`` column of
    ``relationship_tone`` and ``drivers`` (separated by ``;``, ``|`` or ``,``), when present.
    """
    parts = []
    for name in ("actor_mentions", "actor_sentences", "relationship_tone", "drivers"):
        df = tables.get(name)
        if df is None or "doc_id" not in df.columns:
            continue
        if "actor" in df.columns and "sent_id" in df.columns:
            parts.append(df[["doc_id", "sent_id", "actor"]])
        elif "actors" in df.columns and "sent_id" in df.columns:
            long = df[["doc_id", "sent_id", "actors"]].dropna()
            long = long.assign(actor=long["actors"].astype(str).map(
                lambda s: [a for a in _ACTOR_SPLIT.split(s) if a and a.lower() != "nan"])).explode("actor")
            parts.append(long.dropna(subset=["actor"])[["doc_id", "sent_id", "actor"]])
        if parts:
            break  # one source only, so a sentence is not counted twice
    if not parts:
        return pd.DataFrame(columns=["doc_id", "sent_id", "actor"])
    out = pd.concat(parts, ignore_index=True)
    out["sent_id"] = pd.to_numeric(out["sent_id"], errors="coerce")
    return out.dropna().astype({"sent_id": int}).drop_duplicates()


def explorer_data(corpus, keyness: pd.DataFrame, *, frames: pd.DataFrame | None = None,
                  actors: pd.DataFrame | None = None, labels: dict | None = None,
                  max_terms: int = MAX_TERMS, max_contexts: int = MAX_CONTEXTS, window: int = WINDOW) -> dict:
    """Everything the explorer page shows, as one JSON-ready dict.

    Parameters
    ----------
    corpus : Corpus
        The corpus the keyness table was computed on (for contexts).
    keyness : pandas.DataFrame
        ``keyness.csv``.
    frames : pandas.DataFrame, default=None
        ``frames_paragraphs.csv`` (``doc_id, para_id, frame, present``).
    actors : pandas.DataFrame, default=None
        Sentence-level mentions ``doc_id, sent_id, actor`` (see :func:`actor_mentions`).
    labels : dict, default=None
        Period -> label ("2014 · Mamedov, Eurasianet").
    max_terms, max_contexts, window : int
        Caps (see :data:`MAX_TERMS`, :data:`MAX_CONTEXTS`, :data:`WINDOW`).

    Returns
    -------
    dict
    """
    from ..keyness import extract_terms

    table = term_table(keyness, max_terms=max_terms)
    periods = [c[len("count_"):] for c in table.columns if c.startswith("count_")]
    occ = extract_terms(corpus)
    occ = occ.assign(period=occ["period"].astype(str))
    occ = occ.loc[occ["term"].isin(table["term"])]
    chosen = select_contexts(occ, table["term"], max_contexts=max_contexts)
    ctx = _contexts(corpus.tokens(), chosen, window)
    kwic = {}
    pidx = {p: i for i, p in enumerate(periods)}
    for rec in ctx.itertuples(index=False):
        kwic.setdefault(rec.term, []).append([pidx.get(rec.period, -1), rec.doc_id, int(rec.para_id), int(rec.sent_id),
                                              rec.left, rec.keyword, rec.right, 1 if rec.quality_issue else 0])
    actor_counts = {}
    if actors is not None and not actors.empty:
        pairs = occ[["term", "doc_id", "period", "sent_id"]].drop_duplicates().merge(actors, on=["doc_id", "sent_id"])
        actor_counts = _counts_by(pairs, "actor", periods)
    docs = corpus.documents()
    words = occ.groupby("period").size().reindex(periods, fill_value=0)
    terms = [[r.term, r.form, [int(getattr(r, f"count_{p}")) for p in periods],
              [round(float(getattr(r, f"z_{p}")), 2) for p in periods], int(bool(r.display))]
             for r in table.itertuples(index=False)]
    return {
        "periods": periods,
        "labels": {p: (labels or {}).get(p, p) for p in periods},
        "documents": {str(r.doc_id): f"{r.author}, {r.outlet} ({r.date})" for r in docs.itertuples(index=False)},
        "terms": terms,
        "kwic": kwic,
        "frames": _frames_of(occ, frames, periods),
        "actors": actor_counts,
        "caps": {"max_terms": int(max_terms), "max_contexts": int(max_contexts), "window": int(window),
                 "n_terms_total": int(keyness["term"].nunique()), "n_terms_shown": len(terms),
                 "term_occurrences_shown": {p: int(words[p]) for p in periods}},
    }


def data_json(data: dict) -> str:
    """JSON for embedding in a ``<script>`` element (``</`` escaped), stable across runs."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def load_tables(tables_dir: str | Path, names) -> dict:
    """Read the named CSV tables that exist (missing ones are simply absent)."""
    from .html import read_table

    out = {}
    for name in names:
        path = Path(tables_dir) / f"{name}.csv"
        if path.is_file():
            out[name] = read_table(path)
    return out
