"""Frame coding from an editable codebook, validation against hand coding, Entman's frame functions.

Pipeline: codebook -> cue matches -> frame scores per text -> shares by period -> plots.

- :func:`load_codebook` / :func:`load_entman_cues` read and check the YAML resources.
- :func:`frame_hits` finds every indicator in any list of strings (lemmas and multi-word
  expressions via spaCy ``PhraseMatcher``); :func:`code_frames` turns the hits into one
  score per text and frame; :func:`code_corpus` applies it to every paragraph and sentence of
  a corpus in one pass (:func:`code_paragraphs`, :func:`code_sentences` select one level;
  :func:`code_units` codes any table with a ``text`` column).
- :func:`frame_shares` and :func:`compare_frame_shares` give shares by period with
  bootstrap intervals and permutation tests (through :mod:`analysis.stats`).
- :func:`read_frame_codes`, :func:`evaluate_presence`, :func:`evaluate_primary` compare the
  rules with hand coding (scikit-learn metrics).
- :func:`frame_functions` and :func:`entman_table` find and tabulate the sentences that do
  Entman's problem definition, causal interpretation, moral evaluation and treatment
  recommendation.

Scoring
-------
With ``H`` the summed weights of a text's cues for a frame and ``n`` its number of words,
``score = H / (H + L)`` with length factor ``L = 1 - b + b * n / ref_words``: the saturating,
length-normalised term weight of BM25 (Robertson & Zaragoza 2009) with ``k1 = 1``. The score
lies in [0, 1), grows with more cues with diminishing returns, and is damped for long texts
(``b = length_norm``; 0 = no length normalisation, 1 = full), so long and short paragraphs
compare. A frame is *present* when ``score >= threshold`` **and** ``H >= min_hits``: with the
defaults a single weak (0.5) cue -- a country name -- never makes a frame present on its own.
The *primary* frame of a text is the one with the highest score; ties go to the frame whose
first cue comes earlier in the text, then to codebook order; a text with no cue has none.
Negation is not handled ("no military threat" counts as a security cue).

References
----------
.. [1] Boydstun, A. E., Card, D., Gross, J. H., Resnik, P., & Smith, N. A. (2014). Tracking the
       development of media frames within and across policy issues. APSA Annual Meeting Paper.
.. [2] Entman, R. M. (1993). Framing: Toward clarification of a fractured paradigm.
       *Journal of Communication*, 43(4), 51-58.
.. [3] Matthes, J., & Kohring, M. (2008). The content analysis of media frames.
       *Journal of Communication*, 58(2), 258-279.
.. [4] Robertson, S., & Zaragoza, H. (2009). The probabilistic relevance framework: BM25 and
       beyond. *Foundations and Trends in Information Retrieval*, 3(4), 333-389.
.. [5] Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and
       Psychological Measurement*, 20(1), 37-46.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from . import config, stats
from .errors import AnalysisError, ResourceError
from .segment import english_pipeline

CODEBOOK_NAME = "frame_codebook.yaml"
ENTMAN_NAME = "entman_cues.yaml"
#: Entman's (1993) four frame functions, the names used in every table.
ENTMAN_FUNCTIONS = ("problem_definition", "causal_interpretation", "moral_evaluation",
                    "treatment_recommendation")
MATCH_MODES = ("lemma", "lower", "exact")
NO_FRAME = "none"

_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
# Same-length replacements, so character offsets stay valid: curly quotes, en and em dashes.
_NORMALISE = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-",
                            "\u201c": '"', "\u201d": '"'})


# --------------------------------------------------------------------------- codebook
@dataclass(frozen=True)
class Codebook:
    """A checked codebook (frames) or cue list (Entman functions).

    Attributes
    ----------
    name : str
    path : Path
    entries : dict
        Entry name -> its YAML mapping (``definition``, ``include``, ``exclude``, ...), in file order.
    indicators : pandas.DataFrame
        ``entry, term, weight, match`` -- one row per indicator (``entry`` is the frame or function).
    ignore : tuple of str
        Expressions matched and discarded.
    """

    name: str
    path: Path
    entries: dict
    indicators: pd.DataFrame
    ignore: tuple

    @property
    def labels(self) -> list[str]:
        """Entry names (frames or functions) in file order."""
        return list(self.entries)


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML loader that refuses duplicate keys (PyYAML silently keeps the last)."""


def _construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise ResourceError(f"{getattr(loader, 'name', 'codebook')}: line {key_node.start_mark.line + 1}: "
                                f"duplicate key {key!r}; list each entry and indicator once")
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(path: Path) -> dict:
    if not path.is_file():
        raise ResourceError(f"{path}: file not found; pass an existing YAML file or None for the packaged one")
    try:
        loader = _UniqueKeyLoader(path.read_text(encoding="utf-8"))
        loader.name = str(path)
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "parse error"
        raise ResourceError(f"{path}: {where}: not valid YAML ({getattr(exc, 'problem', exc)}); "
                            f"fix the indentation or quote the value") from None
    if not isinstance(data, dict):
        raise ResourceError(f"{path}: top level must be a mapping with a 'frames' or 'functions' section")
    return data


def _check_entry(path: Path, section: str, name, entry) -> list[tuple]:
    where = f"{path}: {section[:-1] if section.endswith('s') else section} {name!r}"
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise ResourceError(f"{where}: names must be lower-case letters, digits and '_' (e.g. new_frame)")
    if not isinstance(entry, dict):
        raise ResourceError(f"{where}: must be a mapping with at least 'definition' and 'indicators'")
    if not isinstance(entry.get("definition"), str) or not entry["definition"].strip():
        raise ResourceError(f"{where}: missing 'definition' (a sentence saying what the entry covers)")
    for key in ("include", "exclude", "examples"):
        if key in entry and not isinstance(entry[key], list):
            raise ResourceError(f"{where}: '{key}' must be a list")
    if "pfc_dimension" in entry and not (isinstance(entry["pfc_dimension"], dict)
                                         and {"code", "name"} <= set(entry["pfc_dimension"])):
        raise ResourceError(f"{where}: 'pfc_dimension' must be a mapping with 'code' and 'name'")
    inds = entry.get("indicators")
    if not isinstance(inds, dict) or not inds:
        raise ResourceError(f"{where}: 'indicators' must be a non-empty mapping of term: weight")
    rows = []
    for term, spec in inds.items():
        spec = {"weight": spec} if not isinstance(spec, dict) else dict(spec)
        weight, match = spec.get("weight"), spec.get("match", "lemma")
        if not isinstance(term, str) or not term.strip():
            raise ResourceError(f"{where}: indicator {term!r} must be a non-empty string")
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= 10:
            raise ResourceError(f"{where}: indicator {term!r}: weight {weight!r} must be a number in (0, 10]")
        if match not in MATCH_MODES:
            raise ResourceError(f"{where}: indicator {term!r}: match {match!r} must be one of {', '.join(MATCH_MODES)}")
        rows.append((name, term.strip(), float(weight), match))
    return rows


def _load_entries(path, default_name: str, section: str) -> Codebook:
    path = config.resolve(path) if path is not None else config.RESOURCES_DIR / default_name
    data = _read_yaml(path)
    entries = data.get(section)
    if not isinstance(entries, dict) or not entries:
        raise ResourceError(f"{path}: missing '{section}:' section (a mapping with one entry per {section[:-1]})")
    rows = []
    for name, entry in entries.items():
        rows.extend(_check_entry(path, section, name, entry))
    ignore = data.get("ignore", []) or []
    if not isinstance(ignore, list) or not all(isinstance(t, str) and t.strip() for t in ignore):
        raise ResourceError(f"{path}: 'ignore' must be a list of expressions")
    table = pd.DataFrame(rows, columns=["entry", "term", "weight", "match"])
    return Codebook(name=str(data.get("name", path.stem)), path=path, entries=dict(entries),
                    indicators=table, ignore=tuple(t.strip() for t in ignore))


def load_codebook(path=None) -> Codebook:
    """Read and check a frame codebook.

    Parameters
    ----------
    path : str or Path, default=None
        A YAML codebook; ``None`` reads the packaged ``resources/frame_codebook.yaml``.

    Returns
    -------
    Codebook
        ``.labels`` are the frame names in file order; ``.indicators`` has the columns
        ``entry, term, weight, match``.

    Raises
    ------
    ResourceError
        One line naming the file and the frame (or indicator) at fault.

    Examples
    --------
    >>> cb = load_codebook()
    >>> cb.labels[:3]
    ['diplomacy', 'security', 'economy']
    """
    return _load_entries(path, CODEBOOK_NAME, "frames")


def load_entman_cues(path=None) -> Codebook:
    """Read and check the cue list for Entman's frame functions (same format as the codebook).

    Parameters
    ----------
    path : str or Path, default=None
        A YAML file with a ``functions:`` section; ``None`` reads ``resources/entman_cues.yaml``.

    Returns
    -------
    Codebook
    """
    return _load_entries(path, ENTMAN_NAME, "functions")


def codebook_table(codebook: Codebook | None = None) -> pd.DataFrame:
    """One row per frame: ``frame, label, pfc_code, pfc_dimension, n_indicators, definition``."""
    codebook = load_codebook() if codebook is None else codebook
    n = codebook.indicators.groupby("entry").size()
    rows = []
    for name, e in codebook.entries.items():
        pfc = e.get("pfc_dimension") or {}
        rows.append({"frame": name, "label": e.get("label", name), "pfc_code": pfc.get("code"),
                     "pfc_dimension": pfc.get("name", ""), "n_indicators": int(n.get(name, 0)),
                     "definition": " ".join(e["definition"].split())})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- matching
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


def _matchers(codebook: Codebook, nlp):
    """PhraseMatchers (LEMMA, LOWER, ORTH) and the indicator table they index into (key = row position)."""
    from spacy.matcher import PhraseMatcher

    inds = codebook.indicators
    ign = pd.DataFrame({"entry": "", "term": list(codebook.ignore), "weight": 0.0, "match": "lemma"})
    table = pd.concat([inds, ign], ignore_index=True)
    attrs = {"lemma": "LEMMA", "lower": "LOWER", "exact": "ORTH"}
    matchers = {}
    for mode, grp in table.groupby("match", sort=True):
        m = PhraseMatcher(nlp.vocab, attr=attrs[mode])
        for key, term in zip(grp.index, grp["term"]):
            variants = _variants(term)
            docs = _parse(variants, nlp)
            m.add(str(key), [d for d in docs if len(d)])
        matchers[mode] = m
    return matchers, table


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


def _hits_and_words(texts, codebook: Codebook, *, with_text: bool = True, with_tokens: bool = False):
    """Cue matches of every text, after overlap resolution, and its number of words.

    Returns ``(hits, n_words)``, plus with ``with_tokens`` a table of the alphabetic tokens
    (``text_id, char``: character offset) and the hits' character offsets (``char`` column).
    """
    from spacy.attrs import IDX, IS_ALPHA

    nlp = english_pipeline()
    docs = _parse(texts, nlp)
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


def _check_scoring(threshold, min_hits, length_norm, ref_words):
    if not 0 < threshold < 1:
        raise AnalysisError(f"threshold must be in (0, 1), got {threshold!r}")
    if min_hits < 0:
        raise AnalysisError(f"min_hits must be >= 0, got {min_hits!r}")
    if not 0 <= length_norm <= 1:
        raise AnalysisError(f"length_norm must be in [0, 1], got {length_norm!r}")
    if ref_words <= 0:
        raise AnalysisError(f"ref_words must be positive, got {ref_words!r}")


def code_frames(texts, codebook: Codebook | None = None, *, threshold: float = 0.5, min_hits: float = 1.0,
                length_norm: float = 0.5, ref_words: float = 100.0) -> pd.DataFrame:
    """Score every text on every frame of the codebook.

    Parameters
    ----------
    texts : list or Series of str
        Any texts (paragraphs, sentences, new articles).
    codebook : Codebook, default=None
        Default: the packaged codebook.
    threshold : float, default=0.5
        Minimum score for a frame to be present.
    min_hits : float, default=1.0
        Minimum summed cue weight for a frame to be present (one full cue or two weak ones).
    length_norm : float, default=0.5
        ``b`` of the length factor (0 = raw counts, 1 = full normalisation by length).
    ref_words : float, default=100
        Text length (words) at which the length factor is 1.

    Returns
    -------
    pandas.DataFrame
        One row per text x frame (texts in input order, frames in codebook order):
        ``text_id`` (input position), ``frame``, ``score`` in [0, 1), ``present`` (bool),
        ``hits`` (summed cue weights), ``n_words``, ``primary`` (True on the row of the
        text's primary frame).

    Examples
    --------
    >>> out = code_frames(["Iran and Azerbaijan held military drills near the border.",
    ...                    "Trade and gas exports grew."])
    >>> out.loc[out["primary"], ["text_id", "frame"]].values.tolist()
    [[0, 'security'], [1, 'economy']]
    """
    _check_scoring(threshold, min_hits, length_norm, ref_words)
    codebook = load_codebook() if codebook is None else codebook
    texts = _as_texts(texts)
    hits, n_words = _hits_and_words(texts, codebook, with_text=False)
    return _score(hits, n_words, codebook.labels, threshold=threshold, min_hits=min_hits,
                  length_norm=length_norm, ref_words=ref_words)


def _score(hits, n_words, labels, *, threshold, min_hits, length_norm, ref_words) -> pd.DataFrame:
    n_texts, n_frames = len(n_words), len(labels)
    pos = {f: j for j, f in enumerate(labels)}
    h = np.zeros((n_texts, n_frames))
    first = np.full((n_texts, n_frames), np.iinfo(np.int64).max)
    if len(hits):
        t = hits["text_id"].to_numpy()
        f = hits["frame"].map(pos).to_numpy()
        np.add.at(h, (t, f), hits["weight"].to_numpy())
        np.minimum.at(first, (t, f), hits["start"].to_numpy())
    length = 1 - length_norm + length_norm * n_words[:, None] / ref_words
    score = np.where(h > 0, h / (h + length), 0.0)
    present = (score >= threshold) & (h >= min_hits)
    # primary: highest score, then earliest first cue, then codebook order (lexsort: last key first)
    order = np.lexsort((np.broadcast_to(np.arange(n_frames), h.shape), first, -score), axis=1)
    best = order[:, 0]
    primary = np.zeros_like(present)
    has_cue = h.max(axis=1) > 0 if n_frames else np.zeros(n_texts, bool)
    primary[np.arange(n_texts)[has_cue], best[has_cue]] = True
    return pd.DataFrame({
        "text_id": np.repeat(np.arange(n_texts), n_frames),
        "frame": np.tile(np.array(labels, dtype=object), n_texts),
        "score": score.reshape(-1), "present": present.reshape(-1), "hits": h.reshape(-1),
        "n_words": np.repeat(n_words, n_frames), "primary": primary.reshape(-1),
    })


def primary_frames(coded: pd.DataFrame, *, on: str | list[str] = "text_id") -> pd.DataFrame:
    """One row per unit with its primary frame (``"none"`` when no cue matched).

    Parameters
    ----------
    coded : pandas.DataFrame
        Output of :func:`code_frames`, :func:`code_paragraphs` or :func:`code_sentences`.
    on : str or list of str, default="text_id"
        Unit key columns.

    Returns
    -------
    pandas.DataFrame
        The ``on`` columns and ``primary``.
    """
    on = [on] if isinstance(on, str) else list(on)
    units = coded[on].drop_duplicates()
    prim = coded.loc[coded["primary"], [*on, "frame"]].rename(columns={"frame": "primary"})
    out = units.merge(prim, on=on, how="left")
    out["primary"] = out["primary"].fillna(NO_FRAME)
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------- the corpus
def code_units(units: pd.DataFrame, codebook: Codebook | None = None, **scoring) -> pd.DataFrame:
    """Code a table of texts, keeping its other columns as keys.

    Parameters
    ----------
    units : pandas.DataFrame
        One row per unit with a ``text`` column (e.g. ``validation/frames_heldout.csv``).
    codebook : Codebook, default=None
    **scoring
        ``threshold, min_hits, length_norm, ref_words`` of :func:`code_frames`.

    Returns
    -------
    pandas.DataFrame
        The key columns (all but ``text``), then ``frame, score, present, hits, n_words, primary``.
    """
    if "text" not in units.columns:
        raise AnalysisError("units needs a 'text' column")
    coded = code_frames(units["text"].fillna("").tolist(), codebook, **scoring)
    keys = units.drop(columns="text").iloc[coded["text_id"].to_numpy()].reset_index(drop=True)
    return pd.concat([keys, coded.drop(columns="text_id")], axis=1)


def _sentence_spans(paras: pd.DataFrame, sents: pd.DataFrame) -> np.ndarray:
    """Character offset of each sentence in its paragraph (sentences are substrings, in order)."""
    text = dict(zip(zip(paras["doc_id"], paras["para_id"]), paras["text"]))
    cursor: dict = {}
    starts = np.empty(len(sents), dtype=np.int64)
    for i, (key, sent) in enumerate(zip(zip(sents["doc_id"], sents["para_id"]), sents["text"])):
        pos = text[key].find(sent, cursor.get(key, 0))
        if pos < 0:
            raise AnalysisError(f"sentence {i + 1} of {key[0]} is not part of paragraph {key[1]}; "
                                f"the corpus segmentation is inconsistent")
        starts[i] = pos
        cursor[key] = pos + len(sent)
    return starts


def code_corpus(corpus, codebook: Codebook | None = None, **scoring) -> dict:
    """Code every paragraph and every sentence of a corpus in one pass.

    The paragraphs are tokenised and matched once (as by :func:`code_frames`); each cue is
    then assigned to the sentence it starts in (sentences from ``corpus.sentences()``), so
    paragraph and sentence scores rest on the same matches. Paragraph scores equal
    :func:`code_frames` on the paragraph texts; sentence scores equal it on the sentence texts
    except for a cue spanning a sentence boundary.

    Parameters
    ----------
    corpus : analysis.corpus.Corpus
    codebook : Codebook, default=None
    **scoring
        ``threshold, min_hits, length_norm, ref_words`` of :func:`code_frames`.

    Returns
    -------
    dict of pandas.DataFrame
        ``"paragraphs"``: ``doc_id, period, para_id, frame, score, present, hits, n_words,
        primary`` (the ``frames_paragraphs.csv`` table); ``"sentences"``: ``doc_id, period,
        para_id, sent_id, quality_issue, frame, ...``; ``"paragraphs_without_flagged"``: the
        paragraphs re-scored without the cues and words of sentences with a known data-quality
        issue (``quality_issue`` not empty), as a robustness check.
    """
    scoring = {"threshold": 0.5, "min_hits": 1.0, "length_norm": 0.5, "ref_words": 100.0, **scoring}
    _check_scoring(**scoring)
    codebook = load_codebook() if codebook is None else codebook
    paras = corpus.paragraphs()
    sents = corpus.sentences()
    hits, n_words, tokens = _hits_and_words(paras["text"].tolist(), codebook, with_text=False, with_tokens=True)
    # global character positions: paragraph row * stride + offset, so one sorted key orders everything
    stride = int(paras["text"].str.len().max() or 0) + 1
    row = pd.MultiIndex.from_frame(paras[["doc_id", "para_id"]]).get_indexer(
        pd.MultiIndex.from_frame(sents[["doc_id", "para_id"]]))
    sent_key = row.astype(np.int64) * stride + _sentence_spans(paras, sents)
    tok_sent = np.searchsorted(sent_key, tokens["text_id"].to_numpy() * stride + tokens["char"].to_numpy(),
                               side="right") - 1
    hit_sent = np.searchsorted(sent_key, hits["text_id"].to_numpy() * stride + hits["char"].to_numpy(),
                               side="right") - 1
    sent_words = np.bincount(tok_sent[tok_sent >= 0], minlength=len(sents)).astype(np.int64)
    labels = codebook.labels
    keys_p = paras[["doc_id", "period", "para_id"]]
    keys_s = sents[["doc_id", "period", "para_id", "sent_id", "quality_issue"]]

    def _frame(keys, coded):
        coded = coded.drop(columns="text_id")
        return pd.concat([keys.iloc[np.repeat(np.arange(len(keys)), len(labels))].reset_index(drop=True), coded],
                         axis=1)

    out = {"paragraphs": _frame(keys_p, _score(hits, n_words, labels, **scoring)),
           "sentences": _frame(keys_s, _score(hits.assign(text_id=hit_sent), sent_words, labels, **scoring))}
    flagged = (sents["quality_issue"] != "").to_numpy()
    flag_words = np.bincount(row[flagged], weights=sent_words[flagged], minlength=len(paras)).astype(np.int64)
    clean_hits = hits.loc[~flagged[hit_sent]]
    out["paragraphs_without_flagged"] = _frame(keys_p, _score(clean_hits, n_words - flag_words, labels, **scoring))
    return out


def code_paragraphs(corpus, codebook: Codebook | None = None, *, exclude_flagged: bool = False,
                    **scoring) -> pd.DataFrame:
    """Code every body paragraph of a corpus (the ``frames_paragraphs.csv`` table).

    Parameters
    ----------
    corpus : analysis.corpus.Corpus
    codebook : Codebook, default=None
    exclude_flagged : bool, default=False
        Leave out sentences with a known data-quality issue (``corpus.sentences()["quality_issue"]``),
        as a robustness check; paragraphs left empty get no cues.
    **scoring
        ``threshold, min_hits, length_norm, ref_words`` of :func:`code_frames`.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, period, para_id, frame, score, present, hits, n_words, primary``.

    See Also
    --------
    code_corpus : paragraphs, sentences and the robustness run from one pass.
    """
    return code_corpus(corpus, codebook, **scoring)["paragraphs_without_flagged" if exclude_flagged else "paragraphs"]


def code_sentences(corpus, codebook: Codebook | None = None, **scoring) -> pd.DataFrame:
    """Code every body sentence of a corpus.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, period, para_id, sent_id, quality_issue, frame, score, present, hits,
        n_words, primary``.
    """
    return code_corpus(corpus, codebook, **scoring)["sentences"]


# --------------------------------------------------------------------------- shares and tests
def _frame_order(coded: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(coded["frame"]))


def _wide_presence(coded: pd.DataFrame, by: str) -> pd.DataFrame:
    """One row per unit (``by``, ``unit``), one 0/1 column per frame (codebook order).

    Units are numbered by their order within each group, so every frame must list the units of a
    group in the same order -- as the coding functions of this module do (unit-major rows).
    """
    frames = _frame_order(coded)
    if by in frames or "unit" in frames:
        raise AnalysisError(f"a frame may not be called {by!r} or 'unit'; rename it in the codebook")
    unit = coded.groupby([by, "frame"], sort=False).cumcount().to_numpy()
    wide = (coded.assign(unit=unit, present=coded["present"].astype(float))
            .pivot_table(index=[by, "unit"], columns="frame", values="present", sort=True)
            .reindex(columns=frames))
    if wide.isna().to_numpy().any():
        raise AnalysisError("every unit needs exactly one row per frame (as code_frames returns)")
    return wide


def frame_shares(coded: pd.DataFrame, *, by: str = "period", n_resamples: int = 2000,
                 confidence_level: float = 0.95, random_state) -> pd.DataFrame:
    """Share of units (paragraphs or sentences) in which each frame is present, by group.

    Parameters
    ----------
    coded : pandas.DataFrame
        One row per unit x frame with ``present`` (e.g. from :func:`code_corpus`), every
        unit listing every frame.
    by : str, default="period"
    n_resamples : int, default=2000
    confidence_level : float, default=0.95
    random_state : int or numpy.random.Generator

    Returns
    -------
    pandas.DataFrame
        ``period`` (the ``by`` column), ``frame, share, ci_low, ci_high, n`` (units), sorted by
        group then codebook order. Intervals are percentile bootstrap intervals: the units of
        each group are resampled with replacement (:func:`analysis.stats.bootstrap_sums`), the
        same resample serving every frame; NaN with fewer than two units.
    """
    if not 0 < confidence_level < 1:
        raise ValueError(f"confidence_level must be in (0, 1), got {confidence_level}")
    wide = _wide_presence(coded, by)
    frames = list(wide.columns)
    groups = wide.index.get_level_values(by).to_numpy()
    labels, sizes = np.unique(groups, return_counts=True)  # the group order of bootstrap_sums
    sums = stats.bootstrap_sums(wide.to_numpy(), groups, n_resamples=n_resamples, random_state=random_state)
    boot = sums / sizes[None, :, None]
    alpha = (1 - confidence_level) / 2
    low, high = np.nanquantile(boot, [alpha, 1 - alpha], axis=0)
    share = wide.groupby(level=by, sort=True).mean().reindex(labels).to_numpy()
    few = (sizes < 2)[:, None]
    out = pd.DataFrame({
        by: np.repeat(labels, len(frames)), "frame": np.tile(np.array(frames, dtype=object), len(labels)),
        "share": share.reshape(-1), "ci_low": np.where(few, np.nan, low).reshape(-1),
        "ci_high": np.where(few, np.nan, high).reshape(-1), "n": np.repeat(sizes, len(frames)),
    })
    return out


def _holm(p: np.ndarray) -> np.ndarray:
    """Holm (1979) step-down adjusted p-values."""
    p = np.asarray(p, dtype=float)
    m = len(p)
    order = np.argsort(p, kind="stable")
    adj = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out = np.empty(m)
    out[order] = np.minimum(adj, 1.0)
    return out


def compare_frame_shares(coded: pd.DataFrame, *, by: str = "period", reference: str | None = None,
                         n_resamples: int = 5000, random_state) -> pd.DataFrame:
    """Permutation test, frame by frame, of the difference in shares between groups.

    Units (paragraphs or sentences) are shuffled between groups
    (:func:`analysis.stats.compare_groups`, one set of permutations shared by all frames).
    With one article per period and ten paragraphs each, such a test has little power, and
    units of one article are not independent, so read p-values as descriptive.

    Returns
    -------
    pandas.DataFrame
        ``frame, reference, group, share_reference, share_group, difference`` (group minus
        reference), ``p_value`` (two-sided), ``p_holm`` (Holm-adjusted across frames within each
        comparison), ``n_a, n_b, n_resamples``.
    """
    wide = _wide_presence(coded, by)
    frames = list(wide.columns)
    flat = wide.reset_index()
    res = stats.compare_groups(flat, frames, by=by, reference=reference, n_resamples=n_resamples,
                               random_state=random_state)
    means = flat.groupby(flat[by].astype(str))[frames].mean()
    columns = ["frame", "reference", "group", "share_reference", "share_group", "difference", "p_value",
               "p_holm", "n_a", "n_b", "n_resamples"]
    if res.empty:
        return pd.DataFrame(columns=columns)
    res = res.rename(columns={"measure": "frame"})
    res["share_reference"] = [means.loc[r, f] for r, f in zip(res["reference"], res["frame"])]
    res["share_group"] = [means.loc[g, f] for g, f in zip(res["group"], res["frame"])]
    res["p_holm"] = np.nan
    for _, idx in res.groupby("group").groups.items():
        res.loc[idx, "p_holm"] = _holm(res.loc[idx, "p_value"].to_numpy())
    order = {f: i for i, f in enumerate(frames)}
    res = res.sort_values(["group", "frame"], key=lambda c: c.map(order) if c.name == "frame" else c, kind="stable")
    return res[columns].reset_index(drop=True)


# --------------------------------------------------------------------------- validation
def read_frame_codes(path, *, labels=None) -> pd.DataFrame:
    """Read hand coding: one row per unit with ``primary`` and ``frames`` (';'-separated).

    Parameters
    ----------
    path : str or Path
        A CSV such as ``validation/frames_articles.csv`` or ``validation/frames_heldout.csv``.
    labels : list of str, default=None
        Allowed frame names (default: those of the packaged codebook).

    Returns
    -------
    pandas.DataFrame
        The file's columns, with ``frames`` as a list of names.

    Raises
    ------
    ResourceError
        Unknown frame names, or a primary frame not among the unit's frames.
    """
    path = config.resolve(path)
    labels = load_codebook().labels if labels is None else list(labels)
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col in ("primary", "frames"):
        if col not in df.columns:
            raise ResourceError(f"{path}: missing column {col!r}")
    df["frames"] = [[f.strip() for f in s.split(";") if f.strip()] for s in df["frames"]]
    for i, (prim, frames) in enumerate(zip(df["primary"], df["frames"]), start=2):
        unknown = sorted(set(frames + [prim]) - set(labels))
        if unknown:
            raise ResourceError(f"{path}: row {i}: unknown frame(s) {', '.join(unknown)}; use {', '.join(labels)}")
        if prim not in frames:
            raise ResourceError(f"{path}: row {i}: primary frame {prim!r} is not listed in 'frames'")
    for col in ("para_id", "sent_id", "sent_index"):
        if col in df.columns:
            df[col] = df[col].astype(int)
    return df


def gold_presence(codes: pd.DataFrame, labels, *, on, label: str = "frame") -> pd.DataFrame:
    """Long form of hand codes: one row per unit x label with ``present`` (bool).

    ``codes`` has either a ``frames`` list column (frame coding) or one 0/1 column per label
    (Entman labels); the label column of the result is named ``label``.
    """
    on = [on] if isinstance(on, str) else list(on)
    rows = []
    for rec in codes.to_dict("records"):
        for lab in labels:
            present = lab in rec["frames"] if "frames" in rec else bool(int(rec[lab]))
            rows.append({**{k: rec[k] for k in on}, label: lab, "present": present})
    return pd.DataFrame(rows)


def evaluate_presence(coded: pd.DataFrame, gold: pd.DataFrame, *, on, label: str = "frame") -> pd.DataFrame:
    """Per-label agreement of rule-based presence with hand coding (multi-label).

    Parameters
    ----------
    coded, gold : pandas.DataFrame
        Long tables with the ``on`` key columns, ``label`` and ``present``.
    on : str or list of str
        Unit key columns.
    label : str, default="frame"
        The label column (``"function"`` for Entman's frame functions).

    Returns
    -------
    pandas.DataFrame
        ``<label>, n_units, n_gold, n_coded, precision, recall, f1, kappa`` (Cohen's kappa of
        presence; NaN when undefined), one row per label, then ``micro`` and ``macro`` rows.
    """
    from sklearn.metrics import cohen_kappa_score, precision_recall_fscore_support

    on = [on] if isinstance(on, str) else list(on)
    m = gold.merge(coded[[*on, label, "present"]], on=[*on, label], how="left", suffixes=("_gold", "_coded"))
    if m["present_coded"].isna().any():
        raise AnalysisError("coded output lacks some hand-coded units; code the same texts as the gold file")
    m["present_coded"] = m["present_coded"].astype(bool)
    rows = []
    for frame in dict.fromkeys(m[label]):
        s = m.loc[m[label] == frame]
        y, p = s["present_gold"].to_numpy(bool), s["present_coded"].to_numpy(bool)
        prec, rec, f1, _ = precision_recall_fscore_support(y, p, average="binary", zero_division=np.nan)
        kappa = cohen_kappa_score(y, p) if len(set(y)) > 1 or len(set(p)) > 1 else np.nan
        rows.append({"frame": frame, "n_units": len(s), "n_gold": int(y.sum()), "n_coded": int(p.sum()),
                     "precision": prec, "recall": rec, "f1": f1, "kappa": kappa})
    out = pd.DataFrame(rows)
    y, p = m["present_gold"].to_numpy(bool), m["present_coded"].to_numpy(bool)
    prec, rec, f1, _ = precision_recall_fscore_support(y, p, average="binary", zero_division=np.nan)
    micro = {"frame": "micro", "n_units": len(m), "n_gold": int(y.sum()), "n_coded": int(p.sum()),
             "precision": prec, "recall": rec, "f1": f1, "kappa": cohen_kappa_score(y, p)}
    macro = {"frame": "macro", "n_units": len(m), "n_gold": int(y.sum()), "n_coded": int(p.sum()),
             **{k: out[k].mean() for k in ("precision", "recall", "f1", "kappa")}}
    return pd.concat([out, pd.DataFrame([micro, macro])], ignore_index=True).rename(columns={"frame": label})


def evaluate_primary(coded: pd.DataFrame, codes: pd.DataFrame, *, on) -> pd.DataFrame:
    """Agreement of the rule-based primary frame with the hand-coded one.

    Returns
    -------
    pandas.DataFrame
        One row: ``n_units, accuracy, kappa`` (Cohen's kappa over all frame labels, with
        ``"none"`` as a category when the rules found no cue).
    """
    from sklearn.metrics import cohen_kappa_score

    on = [on] if isinstance(on, str) else list(on)
    m = codes[[*on, "primary"]].merge(primary_frames(coded, on=on), on=on, suffixes=("_gold", "_coded"))
    y, p = m["primary_gold"].to_numpy(), m["primary_coded"].to_numpy()
    return pd.DataFrame([{"n_units": len(m), "accuracy": float(np.mean(y == p)),
                          "kappa": float(cohen_kappa_score(y, p))}])


def agreement_line(name: str, presence: pd.DataFrame, primary: pd.DataFrame | None = None, *,
                   digits: int = 2) -> str:
    """One line summarising agreement with hand coding (for printing in a notebook).

    Parameters
    ----------
    name : str
        What was evaluated, e.g. ``"held-out batch 2"``.
    presence : pandas.DataFrame
        Output of :func:`evaluate_presence`.
    primary : pandas.DataFrame, default=None
        Output of :func:`evaluate_primary`.
    """
    label = presence.columns[0]
    mi = presence.loc[presence[label] == "micro"].iloc[0]
    ma = presence.loc[presence[label] == "macro"].iloc[0]
    n = int(mi["n_units"]) // max(1, len(presence) - 2)
    line = (f"{name} ({n} units): presence micro P = {mi['precision']:.{digits}f}, R = {mi['recall']:.{digits}f}, "
            f"F1 = {mi['f1']:.{digits}f}, kappa = {mi['kappa']:.{digits}f}; macro F1 = {ma['f1']:.{digits}f}")
    if primary is not None:
        pr = primary.iloc[0]
        line += f"; primary frame accuracy = {pr['accuracy']:.{digits}f}, kappa = {pr['kappa']:.{digits}f}"
    return line


def share_lines(shares: pd.DataFrame, tests: pd.DataFrame, *, by: str = "period", unit: str = "paragraphs",
                digits: int = 2) -> list[str]:
    """One line per frame: share [interval] in each group, difference and permutation p-values.

    Parameters
    ----------
    shares : pandas.DataFrame
        Output of :func:`frame_shares`.
    tests : pandas.DataFrame
        Output of :func:`compare_frame_shares` on the same units.
    unit : str, default="paragraphs"
        Word for the units in the text.
    """
    lines = []
    for frame in dict.fromkeys(shares["frame"]):
        sh = shares.loc[shares["frame"] == frame]
        parts = [f"{g} no {unit}" if not r["n"] > 0 or pd.isna(r["share"]) else
                 f"{g} {r['share']:.{digits}f} [{r['ci_low']:.{digits}f}, {r['ci_high']:.{digits}f}] "
                 f"({int(round(r['share'] * r['n']))}/{int(r['n'])} {unit})" for g, r in zip(sh[by], sh.to_dict("records"))]
        line = f"{frame}: " + " vs ".join(parts)
        for t in tests.loc[tests["frame"] == frame].to_dict("records"):
            line += (f"; {t['group']} - {t['reference']} = {t['difference']:+.{digits}f}, "
                     f"p = {t['p_value']:.{digits + 1}f} (Holm {t['p_holm']:.{digits + 1}f})")
        lines.append(line)
    return lines


def change_lines(tests: pd.DataFrame, *, unit: str = "paragraphs", min_difference: float = 0.2,
                 alpha: float = 0.05, digits: int = 2) -> list[str]:
    """Plain sentences on which frames gained or lost ground between groups.

    A frame is named when its share changed by at least ``min_difference``; each sentence says
    whether the permutation test (Holm-adjusted across frames) distinguishes the change from
    chance at level ``alpha``.
    """
    lines = []
    for t in tests.sort_values("difference", ascending=False, kind="stable").to_dict("records"):
        if abs(t["difference"]) < min_difference:
            continue
        verb = "more" if t["difference"] > 0 else "fewer"
        verdict = ("distinguishable from chance" if t["p_holm"] < alpha else
                   "not distinguishable from chance" + (" after Holm adjustment" if t["p_value"] < alpha else ""))
        lines.append(f"{t['frame']} is present in {verb} {unit} in {t['group']} than in {t['reference']} "
                     f"({t['share_reference']:.{digits}f} -> {t['share_group']:.{digits}f}); the change is {verdict} "
                     f"(p = {t['p_value']:.{digits + 1}f}, Holm {t['p_holm']:.{digits + 1}f}).")
    if not lines:
        lines.append(f"No frame's share of {unit} changed by {min_difference:.{digits}f} or more.")
    return lines


# --------------------------------------------------------------------------- Entman
def frame_functions(sentences, cues: Codebook | None = None, *, min_hits: float = 1.0) -> pd.DataFrame:
    """Find the sentences that perform each of Entman's frame functions.

    Parameters
    ----------
    sentences : pandas.DataFrame, list or Series
        A DataFrame with a ``text`` column (other columns are kept as keys, e.g. ``doc_id,
        period, sent_id``) or plain strings (keyed by ``text_id``).
    cues : Codebook, default=None
        Default: :func:`load_entman_cues` ().
    min_hits : float, default=1.0
        Summed cue weight a sentence needs to perform a function.

    Returns
    -------
    pandas.DataFrame
        One row per sentence x function: the key columns, ``function, hits, present``,
        ``cues`` (the matched words, ``"; "``-separated).

    Examples
    --------
    >>> out = frame_functions(["Baku should reopen talks.", "Trade grew because prices fell."])
    >>> out.loc[out["present"], ["text_id", "function"]].values.tolist()
    [[0, 'treatment_recommendation'], [1, 'causal_interpretation']]
    """
    cues = load_entman_cues() if cues is None else cues
    if isinstance(sentences, pd.DataFrame):
        if "text" not in sentences.columns:
            raise AnalysisError("sentences needs a 'text' column")
        keys = sentences.drop(columns="text").reset_index(drop=True)
        texts = sentences["text"].tolist()
    else:
        texts = _as_texts(sentences)
        keys = pd.DataFrame({"text_id": np.arange(len(texts))})
    hits, n_words = _hits_and_words(_as_texts(texts), cues)
    coded = _score(hits, n_words, cues.labels, threshold=0.5, min_hits=min_hits, length_norm=0.0,
                   ref_words=100.0)
    coded["present"] = coded["hits"] >= min_hits
    words = hits.assign(match_text=hits["match_text"].str.lower()).drop_duplicates(["text_id", "frame", "match_text"])
    found = words.groupby(["text_id", "frame"], sort=False)["match_text"].agg("; ".join)
    idx = pd.MultiIndex.from_frame(coded[["text_id", "frame"]])
    coded["cues"] = found.reindex(idx, fill_value="").to_numpy()
    out = pd.concat([keys.iloc[coded["text_id"].to_numpy()].reset_index(drop=True),
                     coded[["frame", "hits", "present", "cues"]].rename(columns={"frame": "function"})], axis=1)
    return out


def entman_table(functions: pd.DataFrame, sentences: pd.DataFrame, *, by: str = "period",
                 id_col: str = "sent_id", max_chars: int | None = 160) -> pd.DataFrame:
    """Side-by-side table of the sentences doing each frame function, one column per group.

    Parameters
    ----------
    functions : pandas.DataFrame
        Output of :func:`frame_functions` on a sentence table (with ``by`` and ``id_col``).
    sentences : pandas.DataFrame
        The sentence table (``by``, ``doc_id``, ``id_col``, ``text``).
    by : str, default="period"
    id_col : str, default="sent_id"
    max_chars : int, default=160
        Shorten each sentence to this many characters (``None``: keep whole sentences).

    Returns
    -------
    pandas.DataFrame
        ``function``, ``n_<group>`` (sentences found) and one column per group whose cells list
        ``[s<id>] sentence`` entries separated by ``" / "`` (``[<doc_id> s<id>]`` when a group
        has more than one document).
    """
    key = ["doc_id", id_col]
    present = functions.loc[functions["present"], [*key, "function"]].merge(
        sentences[[*key, by, "text"]], on=key, how="left")

    def _short(t):
        return t if max_chars is None or len(t) <= max_chars else t[:max_chars - 1].rstrip() + "…"

    several = sentences.groupby(sentences[by].astype(str))["doc_id"].nunique().gt(1)
    present["cell"] = [f"[{d + ' ' if several[str(g)] else ''}s{i}] {_short(t)}"
                       for d, g, i, t in zip(present["doc_id"], present[by], present[id_col], present["text"])]
    groups = sorted(sentences[by].astype(str).unique())
    rows = []
    for func in dict.fromkeys(functions["function"]):
        row = {"function": func}
        for g in groups:
            sel = present.loc[(present["function"] == func) & (present[by].astype(str) == g)]
            row[f"n_{g}"] = len(sel)
        for g in groups:
            sel = present.loc[(present["function"] == func) & (present[by].astype(str) == g)]
            row[g] = " / ".join(sel.sort_values(key)["cell"])
        rows.append(row)
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- figures
def plot_frame_shares(shares: pd.DataFrame, *, by: str = "period", ax=None, title: str | None = None,
                      xlabel: str | None = "share with the frame present (95% CI)", legend: bool = True):
    """Dot-and-whisker plot of frame shares by group (frames on the y axis, codebook order).

    Parameters
    ----------
    shares : pandas.DataFrame
        Output of :func:`frame_shares`.
    by : str, default="period"
    ax : matplotlib.axes.Axes, default=None
    title, xlabel : str, default=None
    legend : bool, default=True

    Returns
    -------
    matplotlib.axes.Axes
    """
    from .figures import new_figure, period_colors

    if ax is None:
        _, ax = new_figure("single", aspect=0.9)
    frames = list(dict.fromkeys(shares["frame"]))
    groups = sorted(shares[by].astype(str).unique())
    colors = period_colors(groups)
    offsets = np.linspace(-0.18, 0.18, len(groups)) if len(groups) > 1 else [0.0]
    markers = "os^Dv"
    for k, (g, off) in enumerate(zip(groups, offsets)):
        s = shares.loc[shares[by].astype(str) == g].set_index("frame").reindex(frames)
        y = np.arange(len(frames)) + off
        ax.errorbar(s["share"], y, xerr=[s["share"] - s["ci_low"], s["ci_high"] - s["share"]],
                    fmt=markers[k % len(markers)], color=colors[g], ms=4, lw=1, capsize=1.5, label=g)
    ax.set_yticks(np.arange(len(frames)), [f.replace("_", " ") for f in frames])
    ax.invert_yaxis()
    ax.set_xlim(-0.02, 1.02)
    if xlabel:
        ax.set_xlabel(xlabel)
    if legend:
        ax.legend(title=by, frameon=False, loc="lower right")
    if title:
        ax.set_title(title)
    return ax


def plot_frame_heatmap(coded_paragraphs: pd.DataFrame, *, doc_ids=None):
    """Paragraph-by-frame heat map for each document (reading order on the x axis).

    Shading is the frame score; a dot marks a frame that is present, a box the primary frame.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.patches import Rectangle

    from .figures import new_figure

    doc_ids = list(dict.fromkeys(coded_paragraphs["doc_id"])) if doc_ids is None else list(doc_ids)
    frames = list(dict.fromkeys(coded_paragraphs["frame"]))
    fig, axes = new_figure("double", aspect=0.32 * len(doc_ids), nrows=len(doc_ids), ncols=1, squeeze=False)
    im = None
    for ax, doc in zip(axes[:, 0], doc_ids):
        sub = coded_paragraphs.loc[coded_paragraphs["doc_id"] == doc]
        score = sub.pivot(index="frame", columns="para_id", values="score").reindex(frames)
        present = sub.pivot(index="frame", columns="para_id", values="present").reindex(frames)
        primary = sub.pivot(index="frame", columns="para_id", values="primary").reindex(frames)
        im = ax.imshow(score.to_numpy(float), cmap="Blues", vmin=0, vmax=1, aspect="auto")
        yy, xx = np.nonzero(present.to_numpy(bool))
        ax.scatter(xx, yy, s=7, color="black", marker="o", linewidths=0)
        for y, x in zip(*np.nonzero(primary.to_numpy(bool))):
            ax.add_patch(Rectangle((x - 0.5, y - 0.5), 1, 1, fill=False, ec="#D55E00", lw=1.2))
        ax.set_yticks(np.arange(len(frames)), [f.replace("_", " ") for f in frames])
        ax.set_xticks(np.arange(score.shape[1]), [str(c) for c in score.columns])
        period = sub["period"].iloc[0]
        ax.set_title(f"{doc} ({period})", loc="left")
        ax.tick_params(length=0)
        for side in ("top", "right", "left", "bottom"):
            ax.spines[side].set_visible(False)
    axes[-1, 0].set_xlabel("paragraph (reading order)")
    if im is not None:
        cb = fig.colorbar(im, ax=axes[:, 0].tolist(), shrink=0.8, pad=0.01)
        cb.set_label("frame score (dot: present; box: primary)")
    return fig
