"""Cue matching: every codebook indicator found in any list of texts (spaCy ``PhraseMatcher``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import AnalysisError
from ..segment import english_pipeline
from .codebook import Codebook, load_codebook


# Same-length replacements, so character offsets stay valid: curly quotes, en and em dashes.
_NORMALISE = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-",
                            "\u201c": '"', "\u201d": '"'})


def _as_texts(texts) -> list[str]:
    if isinstance(texts, str):
        raise AnalysisError("texts must be a list or Series of strings, not a single string; wrap it in [...]")
    out = list(texts)
    bad = [i for i, t in enumerate(out) if not isinstance(t, str)]
    if bad:
        raise AnalysisError(f"texts[{bad[0]}] is {type(out[bad[0]]).__name__}, not a string; "
                            f"fill missing texts with '' first")
    return out


def _lemma_keys(docs, nlp) -> None:
    """Set each token's lemma to a lower-cased lookup lemma (vectorised over word types).

    spaCy's lookup table is case-sensitive; a capitalised word missing from it is looked up
    lower-cased, so "Drills" at the start of a sentence becomes "drill".
    """
    from spacy.attrs import LEMMA, ORTH

    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    strings = nlp.vocab.strings
    orths = [d.to_array([ORTH]).reshape(-1) for d in docs]
    if not orths:
        return
    uniq, inverse = np.unique(np.concatenate(orths), return_inverse=True)
    keys = np.empty(len(uniq), dtype=np.uint64)
    for i, h in enumerate(uniq):
        w = strings[int(h)]
        lemma = table.get(w) or table.get(w.lower()) or w
        keys[i] = strings.add(lemma.lower())
    mapped = keys[inverse]
    start = 0
    for d, o in zip(docs, orths):
        if len(o):
            d.from_array([LEMMA], mapped[start:start + len(o)].reshape(-1, 1))
        start += len(o)


def _parse(texts, nlp):
    # Only the tokenizer runs (no sentence or lemma components): lemmas are set per word type below.
    docs = list(nlp.tokenizer.pipe((t.translate(_NORMALISE) for t in texts), batch_size=1000))
    _lemma_keys(docs, nlp)
    return docs


def _variants(term: str) -> list[str]:
    out = [term]
    if "-" in term:
        out += [term.replace("-", " "), term.replace("-", "")]
    return list(dict.fromkeys(" ".join(v.split()) for v in out))


#: Built matchers, keyed on the pipeline and the (term, match mode) rows they index: building
#: them parses every indicator, which costs more than coding a few hundred sentences, and the
#: same codebook is matched many times per process (per stage, per partition, per call).
_MATCHER_CACHE: dict = {}
_MATCHER_CACHE_SIZE = 8


def _matcher_table(codebook: Codebook) -> pd.DataFrame:
    inds = codebook.indicators
    ign = pd.DataFrame({"entry": "", "term": list(codebook.ignore), "weight": 0.0, "match": "lemma"})
    return pd.concat([inds, ign], ignore_index=True)


def _build_matchers(table: pd.DataFrame, nlp) -> dict:
    from spacy.matcher import PhraseMatcher

    attrs = {"lemma": "LEMMA", "lower": "LOWER", "exact": "ORTH"}
    # every variant of every term parsed in one batch (lemmas are set per word type, so a
    # batch gives each variant the same tokens and lemmas as parsing it alone)
    variants = [_variants(term) for term in table["term"].tolist()]
    docs = iter(_parse([v for vs in variants for v in vs], nlp))
    parsed = [[next(docs) for _ in vs] for vs in variants]
    matchers = {}
    for mode, grp in table.groupby("match", sort=True):
        m = PhraseMatcher(nlp.vocab, attr=attrs[mode])
        for key in grp.index:
            m.add(str(key), [d for d in parsed[key] if len(d)])
        matchers[mode] = m
    return matchers


def _matchers(codebook: Codebook, nlp):
    """PhraseMatchers (LEMMA, LOWER, ORTH) and the indicator table they index into (key = row position).

    Built once per pipeline and codebook content in a process (see :data:`_MATCHER_CACHE`).
    """
    table = _matcher_table(codebook)
    key = (id(nlp), tuple(zip(table["term"].tolist(), table["match"].tolist())))
    hit = _MATCHER_CACHE.get(key)
    if hit is None or hit[0] is not nlp:
        if len(_MATCHER_CACHE) >= _MATCHER_CACHE_SIZE:
            _MATCHER_CACHE.pop(next(iter(_MATCHER_CACHE)))
        hit = _MATCHER_CACHE[key] = (nlp, _build_matchers(table, nlp))
    return hit[1], table


def _resolve(spans: list[tuple]) -> list[tuple]:
    """Longest match wins; spans identical in extent all survive (same cue in two frames)."""
    spans.sort(key=lambda s: (s[1] - s[2], s[1]))
    taken = np.zeros(max(s[2] for s in spans), dtype=bool)
    kept_extent = set()
    kept = []
    for key, start, end in spans:
        if (start, end) in kept_extent or not taken[start:end].any():
            kept.append((key, start, end))
            kept_extent.add((start, end))
            taken[start:end] = True
    return kept


_HIT_COLUMNS = ["text_id", "frame", "term", "weight", "start", "end", "match_text"]


def _hits_and_words(texts, codebook: Codebook, *, with_text: bool = True, with_tokens: bool = False, docs=None):
    """Cue matches of every text, after overlap resolution, and its number of words.

    Returns ``(hits, n_words)``, plus with ``with_tokens`` a table of the alphabetic tokens
    (``text_id, char``: character offset) and the hits' character offsets (``char`` column).
    ``docs`` are the texts already parsed by :func:`_parse` (several codebooks, one parse).
    """
    from spacy.attrs import IDX, IS_ALPHA

    nlp = english_pipeline()
    docs = _parse(texts, nlp) if docs is None else docs
    matchers, table = _matchers(codebook, nlp)
    vocab = nlp.vocab.strings
    arrays = [d.to_array([IDX, IS_ALPHA]) if len(d) else np.zeros((0, 2), dtype=np.uint64) for d in docs]
    n_words = np.array([int(a[:, 1].sum()) for a in arrays], dtype=np.int64)
    rows = {c: [] for c in ["text_id", "key", "start", "end"]}
    for i, doc in enumerate(docs):
        spans = [(int(vocab[mid]), s, e) for m in matchers.values() for mid, s, e in m(doc)]
        if not spans:
            continue
        for key, s, e in _resolve(spans):
            rows["text_id"].append(i)
            rows["key"].append(key)
            rows["start"].append(s)
            rows["end"].append(e)
    hits = pd.DataFrame(rows)
    info = table.iloc[hits["key"].to_numpy()].reset_index(drop=True) if len(hits) else table.iloc[:0]
    hits = pd.concat([hits.drop(columns="key"), info[["entry", "term", "weight"]]], axis=1)
    hits = hits.rename(columns={"entry": "frame"})
    hits = hits.loc[hits["frame"] != ""]  # ignored expressions
    # one cue per span and frame (two indicators with the same lemmas count once, at the larger weight)
    hits = (hits.sort_values(["text_id", "start", "frame", "weight"], ascending=[True, True, True, False],
                             kind="stable")
            .drop_duplicates(["text_id", "start", "end", "frame"]).reset_index(drop=True))
    if with_text:
        hits["match_text"] = [docs[t][s:e].text for t, s, e in zip(hits["text_id"], hits["start"], hits["end"])]
    else:
        hits["match_text"] = ""
    hits = hits[_HIT_COLUMNS]
    if not with_tokens:
        return hits, n_words
    lengths = np.array([len(a) for a in arrays], dtype=np.int64)
    idx = np.concatenate([a[:, 0] for a in arrays]).astype(np.int64) if len(arrays) else np.zeros(0, np.int64)
    alpha = np.concatenate([a[:, 1] for a in arrays]).astype(bool) if len(arrays) else np.zeros(0, bool)
    text_of = np.repeat(np.arange(len(docs)), lengths)
    offset = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if len(lengths) else lengths
    hits = hits.assign(char=idx[offset[hits["text_id"].to_numpy()] + hits["start"].to_numpy()]
                       if len(hits) else np.zeros(0, np.int64))
    tokens = pd.DataFrame({"text_id": text_of[alpha], "char": idx[alpha]})
    return hits, n_words, tokens


def frame_hits(texts, codebook: Codebook | None = None) -> pd.DataFrame:
    """Every indicator found in each text, after overlap resolution.

    Parameters
    ----------
    texts : list or Series of str
    codebook : Codebook, default=None
        Default: :func:`load_codebook` ().

    Returns
    -------
    pandas.DataFrame
        ``text_id`` (input position), ``frame``, ``term`` (the indicator), ``weight``,
        ``start, end`` (token offsets), ``match_text`` (the words matched), in reading order.

    Examples
    --------
    >>> h = frame_hits(["Both armies held drills near the border."])
    >>> h[["frame", "term", "match_text"]].values.tolist()[:2]
    [['security', 'army', 'armies'], ['security', 'drill', 'drills']]
    """
    codebook = load_codebook() if codebook is None else codebook
    return _hits_and_words(_as_texts(texts), codebook)[0]
