"""The English pipeline and the one-pass segmentation of many paragraphs into sentence and token tables."""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

import numpy as np
import pandas as pd
import spacy
from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, IS_SPACE, ORTH, SPACY

from .. import resources
from .lemmas import _clitic_s_lemma, _is_stop, _type_lemma
from .rules import _BULLETS, _CANDIDATE_LAST, SENTENCIZER_NAME, _sentence_starts


TOKEN_COLUMNS = ["token_id", "token", "lower", "lemma", "is_stop", "is_punct", "is_alpha"]
#: Distinct chunks the tokenizer memoises (spaCy's default is 10,000).
TOKENIZER_CACHE_SIZE = 1_000_000
# Pipeline components that only concern lemmas; segment_paragraphs computes lemmas
# per word type instead, so it runs without them.
_LEMMA_PIPES = ("lemmatizer", "lemma_fix")


def english_pipeline(*, abbreviations=None, lemma_patches=None) -> "spacy.language.Language":
    """Return the (cached, deterministic) blank English pipeline used everywhere.

    Parameters
    ----------
    abbreviations : str or Path, default=None
        Abbreviation list for the sentence-boundary rules (:func:`load_abbreviations`);
        ``None`` = the packaged ``resources/abbreviations_en.txt``.
    lemma_patches : str or Path, default=None
        Lemma corrections (:func:`load_lemma_patches`); ``None`` = the packaged file.

    Components: spaCy's English tokenizer, ``"rule_sentencizer"`` (sentence
    boundaries, see the module docstring), spaCy's lookup ``"lemmatizer"`` and
    ``"lemma_fix"``, which makes ``Token.lemma_`` the same lower-cased lemma as the
    ``lemma`` column of :func:`segment_paragraphs` (case-insensitive lookup, the
    possessive "'s" kept as "'s").

    Returns
    -------
    spacy.language.Language

    Examples
    --------
    >>> [t.lemma_ for t in english_pipeline()("Relations were Iran's priority.")]
    ['relation', 'be', 'iran', "'s", 'priority', '.']
    """
    return _pipeline(_resource_key(abbreviations), _resource_key(lemma_patches))


def _resource_key(path) -> str | None:
    return None if path is None else str(resources.resource_path("", path))


@lru_cache(maxsize=4)
def _pipeline(abbreviations: str | None, lemma_patches: str | None) -> "spacy.language.Language":
    nlp = spacy.blank("en")
    # spaCy caches the tokenisation of at most 10,000 distinct whitespace-separated
    # chunks by default, which a corpus of more than a few thousand words exceeds;
    # a larger cache (a pure memo: same tokens) makes re-occurring chunks cheap.
    nlp.tokenizer.max_cache_size = TOKENIZER_CACHE_SIZE
    nlp.add_pipe(SENTENCIZER_NAME, config={"abbreviations_path": abbreviations})
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.add_pipe("lemma_fix", config={"patches_path": lemma_patches})
    return nlp


def lookup_lemmas(forms: Iterable[str]) -> list[str]:
    """Lemmas of word forms out of context, by the rules of the ``lemma`` column.

    Each form is looked up as written (as inside a sentence: "States" stays
    "states", "relations" -> "relation"), with the corrections of
    ``resources/lemma_patches_en.csv``, and lower-cased. Use it to lemmatise word
    lists (e.g. a reference frequency list) the same way as the corpus tokens.

    Parameters
    ----------
    forms : iterable of str
        Word forms (one token each).

    Returns
    -------
    list of str
        One lemma per form, in order.

    Examples
    --------
    >>> lookup_lemmas(["relations", "does", "as", "Iran", "'s"])
    ['relation', 'do', 'as', 'iran', "'s"]
    """
    nlp = english_pipeline()
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    patches = nlp.get_pipe("lemma_fix").patches
    return ["'s" if f in ("'s", "’s") else _type_lemma(f, table, patches, initial=False) for f in forms]


def split_sentences(text: str) -> list[str]:
    """Split one paragraph into sentences.

    Parameters
    ----------
    text : str
        A paragraph (no newlines needed).

    Returns
    -------
    list of str
        The sentences, stripped, in reading order.

    Examples
    --------
    >>> split_sentences("Mr. Aliyev visited the U.S. in May. He met officials.")
    ['Mr. Aliyev visited the U.S. in May.', 'He met officials.']
    >>> split_sentences("It will be. Regarding the relationship between Azerbaijan and Iran.")
    ['It will be.', 'Regarding the relationship between Azerbaijan and Iran.']
    """
    doc = english_pipeline()(text, disable=list(_LEMMA_PIPES))
    return [s.text.strip() for s in doc.sents if s.text.strip()]


def segment_paragraphs(paragraphs: Iterable[str], *, batch_size: int = 256, abbreviations=None,
                       lemma_patches=None):
    """Segment and tokenise many paragraphs in one pass.

    Parameters
    ----------
    paragraphs : iterable of str
        Paragraph texts, in order.
    batch_size : int, default=256
        Texts per spaCy batch.
    abbreviations, lemma_patches : str or Path, default=None
        The user's abbreviation list and lemma corrections (see :func:`english_pipeline`);
        ``None`` = the packaged files.

    Returns
    -------
    sentences : pandas.DataFrame
        ``para_index, sent_index, text`` -- ``para_index`` is the position of the
        paragraph in the input, ``sent_index`` counts from 0 within it.
    tokens : pandas.DataFrame
        ``sent_pos`` (row position of the token's sentence in ``sentences``) and
        :data:`TOKEN_COLUMNS` (``token_id`` counts from 0 within the sentence;
        whitespace tokens are dropped). ``lemma`` is the lower-cased lookup lemma
        (tried as written, then lower-cased; possessive "'s" stays "'s");
        ``is_stop`` is spaCy's English stop list (acronyms in capitals such as "US"
        are not stop words); ``is_alpha`` is spaCy's (letters only, so "Shi'a",
        which stays one token, is not alphabetic).

    Examples
    --------
    >>> sents, toks = segment_paragraphs(["It will be. Regarding Iran's role."])
    >>> sents["text"].tolist()
    ['It will be.', "Regarding Iran's role."]
    >>> toks["lemma"].tolist()
    ['it', 'will', 'be', '.', 'regard', 'iran', "'s", 'role', '.']
    """
    nlp = english_pipeline(abbreviations=abbreviations, lemma_patches=lemma_patches)
    texts = paragraphs if isinstance(paragraphs, list) else list(paragraphs)
    # 1. Tokenise; keep only the token attributes as arrays (C-level, no Token objects).
    attrs = [ORTH, SPACY, IS_SPACE, IDX, IS_PUNCT, IS_ALPHA]
    parts, lengths = [], []
    for doc in nlp.tokenizer.pipe(texts, batch_size=batch_size):
        lengths.append(len(doc))
        parts.append(doc.to_array(attrs).reshape(len(doc), len(attrs)))
    arr = np.concatenate(parts) if parts else np.zeros((0, len(attrs)), dtype=np.uint64)
    del parts
    if not len(arr):
        return _empty_tables()
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    # 2. Word types: each distinct token text is looked at once.
    codes, uniques = pd.factorize(arr[:, 0])
    codes = codes.astype(np.int32)
    n_tok = len(arr)
    space_after, token_mask = arr[:, 1].astype(bool), arr[:, 2] == 0
    idx = arr[:, 3].astype(np.int64)
    is_punct, is_alpha = arr[token_mask, 4].astype(bool), arr[token_mask, 5].astype(bool)
    del arr
    strings = nlp.vocab.strings
    type_text = [strings[h] for h in uniques.tolist()]
    is_cand = np.fromiter((t[-1] in _CANDIDATE_LAST or t[0] in _BULLETS for t in type_text),
                          dtype=bool, count=len(type_text))
    # 3. Sentence boundaries per paragraph, with the "rule_sentencizer" rules.
    abbreviations = nlp.get_pipe(SENTENCIZER_NAME).abbreviations
    cand_tokens = np.flatnonzero(is_cand[codes])
    cand_cut = np.searchsorted(cand_tokens, offsets).tolist()
    starts = [offsets[:-1][np.asarray(lengths, dtype=np.int64) > 0]]   # every paragraph's first token
    for d in np.flatnonzero(np.diff(cand_cut)).tolist():              # paragraphs with candidates
        o, n = int(offsets[d]), lengths[d]
        words = [type_text[c] for c in codes[o:o + n].tolist()]
        cands = (cand_tokens[cand_cut[d]:cand_cut[d + 1]] - o).tolist()
        local = _sentence_starts(words, space_after[o:o + n], abbreviations, cands=cands)
        if len(local) > 1:
            starts.append(np.asarray(local[1:], dtype=np.int64) + o)
    start_tok = np.sort(np.concatenate(starts))
    # 4. Sentence texts (whitespace-only sentences dropped) and their paragraph positions.
    para_of_start = np.searchsorted(offsets, start_tok, side="right") - 1
    ends = np.append(start_tok[1:], n_tok)
    same_para = para_of_start == np.append(para_of_start[1:], -1)
    char_start = idx[start_tok]
    text_len = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    char_end = np.where(same_para, idx[np.minimum(ends, n_tok - 1)], text_len[para_of_start])
    sent_text = [texts[p][a:b].strip() for p, a, b in
                 zip(para_of_start.tolist(), char_start.tolist(), char_end.tolist())]
    keep = np.fromiter((bool(t) for t in sent_text), dtype=bool, count=len(sent_text))
    para_index = para_of_start[keep]
    first_of_para = np.ones(len(para_index), dtype=bool)
    first_of_para[1:] = para_index[1:] != para_index[:-1]
    sent_index = np.arange(len(para_index)) - np.maximum.accumulate(
        np.where(first_of_para, np.arange(len(para_index)), 0))
    sentences = pd.DataFrame({"para_index": para_index.astype(np.int64),
                              "sent_index": sent_index.astype(np.int64),
                              "text": pd.Series([t for t in sent_text if t], dtype=object)})
    # 5. Token table: non-space tokens, attributes per type.
    is_start = np.zeros(n_tok, dtype=np.int64)
    is_start[start_tok] = 1
    new_pos = np.cumsum(keep) - 1                      # sentence -> row in `sentences`
    sent_pos = new_pos[np.cumsum(is_start) - 1][token_mask]
    tok_para = (np.searchsorted(offsets, np.flatnonzero(token_mask), side="right") - 1)
    first_in_para = np.ones(len(tok_para), dtype=bool)
    first_in_para[1:] = tok_para[1:] != tok_para[:-1]
    tokens = _token_table(nlp, type_text, codes[token_mask], sent_pos, first_in_para,
                          is_punct=is_punct, is_alpha=is_alpha)
    return sentences, tokens


def _empty_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    sentences = pd.DataFrame({"para_index": np.zeros(0, dtype=np.int64), "sent_index": np.zeros(0, dtype=np.int64),
                              "text": pd.Series([], dtype=object)})
    tokens = pd.DataFrame({"sent_pos": np.zeros(0, dtype=np.int64), "token_id": np.zeros(0, dtype=np.int64),
                           **{c: pd.Series([], dtype=object) for c in ["token", "lower", "lemma"]},
                           **{c: np.zeros(0, dtype=bool) for c in ["is_stop", "is_punct", "is_alpha"]}})
    return sentences, tokens


def _token_table(nlp, type_text, codes, sent_pos, first_in_para, *, is_punct, is_alpha) -> pd.DataFrame:
    """Token table: per-type strings, lemmas and stop flags indexed by ``codes``."""
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    patches = nlp.get_pipe("lemma_fix").patches
    n_types = len(type_text)
    lower_t = _object_array([t.lower() for t in type_text])
    lemma_t = _object_array([_type_lemma(t, table, patches, initial=False) for t in type_text])
    lemma_init_t = lemma_t.copy()
    for k, t in enumerate(type_text):  # capitalised types only: also tried in lower case
        if not t.islower():
            lemma_init_t[k] = _type_lemma(t, table, patches, initial=True)
    stop_t = np.fromiter((_is_stop(t) for t in type_text), dtype=bool, count=n_types)
    text_t = _object_array(type_text)
    n = len(codes)
    # token_id: position within the sentence
    new_sent = np.ones(n, dtype=bool)
    new_sent[1:] = sent_pos[1:] != sent_pos[:-1]
    first_idx = np.flatnonzero(new_sent)
    token_id = np.arange(n) - np.repeat(first_idx, np.diff(np.append(first_idx, n)))
    # sentence-initial word: the first non-punctuation token of each sentence
    word_pos = np.flatnonzero(~is_punct)
    _, first_word = np.unique(sent_pos[word_pos], return_index=True)
    initial = np.zeros(n, dtype=bool)
    initial[word_pos[first_word]] = True
    lower = lower_t[codes]
    lemma = lemma_t[codes]
    lemma[initial] = lemma_init_t[codes[initial]]
    for p in np.flatnonzero((lower == "'s") | (lower == "’s")).tolist():  # a few per thousand words
        lemma[p] = _clitic_s_lemma("" if first_in_para[p] else lower[p - 1])
    columns = {"sent_pos": sent_pos.astype(np.int64), "token_id": token_id.astype(np.int64),
               "token": text_t[codes], "lower": lower, "lemma": lemma,
               "is_stop": stop_t[codes], "is_punct": is_punct, "is_alpha": is_alpha}
    return pd.DataFrame(columns, copy=False)   # fresh private arrays: no need to copy them again


def _object_array(values: list) -> np.ndarray:
    # np.array would build a 2-D array from equal-length tuples; strings are safe, but be explicit.
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out
