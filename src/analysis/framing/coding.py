"""Frame scores per text (pure, per document) and for a whole corpus in one pass.

See the package docstring for the scoring rule.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import AnalysisError
from ..segment import english_pipeline
from .codebook import NO_FRAME, Codebook, load_codebook
from .matching import _as_texts, _hits_and_words, _parse


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


def _functions_table(keys: pd.DataFrame, hits: pd.DataFrame, n_words, labels, min_hits: float) -> pd.DataFrame:
    """Entman's functions per text from cue hits: the keys, ``function, hits, present, cues``."""
    coded = _score(hits, n_words, labels, threshold=0.5, min_hits=min_hits, length_norm=0.0, ref_words=100.0)
    coded["present"] = coded["hits"] >= min_hits
    words = hits.assign(match_text=hits["match_text"].str.lower()).drop_duplicates(["text_id", "frame", "match_text"])
    # the cue words of each (text, function), joined in reading order: one pass over plain lists
    # (a groupby with a Python aggregation iterates every group and string element-wise)
    found: dict = {}
    for key, word in zip(zip(words["text_id"].tolist(), words["frame"].tolist()), words["match_text"].tolist()):
        found.setdefault(key, []).append(word)
    coded["cues"] = ["; ".join(found[key]) if key in found else ""
                     for key in zip(coded["text_id"].tolist(), coded["frame"].tolist())]
    return pd.concat([keys.iloc[coded["text_id"].to_numpy()].reset_index(drop=True),
                      coded[["frame", "hits", "present", "cues"]].rename(columns={"frame": "function"})], axis=1)


def code_corpus(corpus, codebook: Codebook | None = None, *, cues: Codebook | None = None,
                entman_min_hits: float = 1.0, **scoring) -> dict:
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
    cues : Codebook, default=None
        Entman cue list: also find the sentences doing each frame function, from the same
        parse (as :func:`frame_functions` on the sentence texts, except for a cue spanning a
        sentence boundary).
    entman_min_hits : float, default=1.0
        Summed cue weight a sentence needs to perform a function.
    **scoring
        ``threshold, min_hits, length_norm, ref_words`` of :func:`code_frames`.

    Returns
    -------
    dict of pandas.DataFrame
        ``"paragraphs"``: ``doc_id, period, para_id, frame, score, present, hits, n_words,
        primary`` (the ``frames_paragraphs.csv`` table); ``"sentences"``: ``doc_id, period,
        para_id, sent_id, quality_issue, frame, ...``. For the robustness check without the
        flagged sentences, code ``corpus.without_flagged()``. With ``cues``: ``"functions"``
        (``doc_id, period, sent_id, function, hits, present, cues``).
    """
    scoring = {"threshold": 0.5, "min_hits": 1.0, "length_norm": 0.5, "ref_words": 100.0, **scoring}
    _check_scoring(**scoring)
    codebook = load_codebook() if codebook is None else codebook
    paras = corpus.paragraphs()
    sents = corpus.sentences()
    texts = paras["text"].tolist()
    docs = _parse(texts, english_pipeline())
    hits, n_words, tokens = _hits_and_words(texts, codebook, with_text=False, with_tokens=True, docs=docs)
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
    if cues is not None:
        c_hits = _hits_and_words(texts, cues, with_tokens=True, docs=docs)[0]
        c_sent = np.searchsorted(sent_key, c_hits["text_id"].to_numpy() * stride + c_hits["char"].to_numpy(),
                                 side="right") - 1
        out["functions"] = _functions_table(sents[["doc_id", "period", "sent_id"]],
                                            c_hits.drop(columns="char").assign(text_id=c_sent), sent_words,
                                            cues.labels, entman_min_hits)
    return out


def code_paragraphs(corpus, codebook: Codebook | None = None, **scoring) -> pd.DataFrame:
    """Code every body paragraph of a corpus (the ``frames_paragraphs.csv`` table).

    Parameters
    ----------
    corpus : analysis.corpus.Corpus
    codebook : Codebook, default=None
    **scoring
        ``threshold, min_hits, length_norm, ref_words`` of :func:`code_frames`.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, period, para_id, frame, score, present, hits, n_words, primary``.

    See Also
    --------
    code_corpus : paragraphs and sentences from one pass.
    """
    return code_corpus(corpus, codebook, **scoring)["paragraphs"]


def code_sentences(corpus, codebook: Codebook | None = None, **scoring) -> pd.DataFrame:
    """Code every body sentence of a corpus.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, period, para_id, sent_id, quality_issue, frame, score, present, hits,
        n_words, primary``.
    """
    return code_corpus(corpus, codebook, **scoring)["sentences"]
