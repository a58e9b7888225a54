"""Sentence segmentation, tokenisation and lemmatisation (offline).

Built on spaCy's blank English pipeline: its rule-based tokenizer (which already
keeps abbreviations such as "Mr." or "U.S." together), a sentence-boundary
component, and the lookup lemmatiser from ``spacy-lookups-data``. No model is
downloaded.

Text is processed paragraph by paragraph, so the cost is linear in corpus size.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

import pandas as pd
import spacy

TOKEN_COLUMNS = ["token_id", "token", "lower", "lemma", "is_stop", "is_punct", "is_alpha"]


@lru_cache(maxsize=1)
def english_pipeline() -> "spacy.language.Language":
    """Return the (cached, deterministic) blank English pipeline used everywhere."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


def _lemma(token) -> str:
    # The lookup table is case-sensitive: try the lower-cased form for words that
    # are only capitalised because they start a sentence.
    lemma = token.lemma_ or token.text
    if lemma == token.text and token.text[:1].isupper():
        lower = token.text.lower()
        lookup = token.vocab.lookups.get_table("lemma_lookup", {}) if token.vocab.lookups.has_table("lemma_lookup") else {}
        if lower in lookup:
            return lookup[lower]
    return lemma.lower()


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
    """
    doc = english_pipeline()(text)
    return [s.text.strip() for s in doc.sents if s.text.strip()]


def segment_paragraphs(paragraphs: Iterable[str], *, batch_size: int = 256):
    """Segment and tokenise many paragraphs in one pass.

    Parameters
    ----------
    paragraphs : iterable of str
        Paragraph texts, in order.
    batch_size : int, default=256
        Texts per spaCy batch.

    Returns
    -------
    sentences : pandas.DataFrame
        ``para_index, sent_index, text`` -- ``para_index`` is the position of the
        paragraph in the input, ``sent_index`` counts from 0 within it.
    tokens : pandas.DataFrame
        ``sent_pos`` (row position of the token's sentence in ``sentences``) and
        :data:`TOKEN_COLUMNS` (``token_id`` counts from 0 within the sentence;
        whitespace tokens are dropped).
    """
    nlp = english_pipeline()
    sent_rows: list[tuple] = []
    tok_cols: dict[str, list] = {c: [] for c in ["sent_pos", *TOKEN_COLUMNS]}
    for p_idx, doc in enumerate(nlp.pipe(paragraphs, batch_size=batch_size)):
        s_idx = 0
        for sent in doc.sents:
            text = sent.text.strip()
            if not text:
                continue
            sent_rows.append((p_idx, s_idx, text))
            t_idx = 0
            for tok in sent:
                if tok.is_space:
                    continue
                tok_cols["sent_pos"].append(len(sent_rows) - 1)
                tok_cols["token_id"].append(t_idx)
                tok_cols["token"].append(tok.text)
                tok_cols["lower"].append(tok.lower_)
                tok_cols["lemma"].append(_lemma(tok))
                tok_cols["is_stop"].append(tok.is_stop)
                tok_cols["is_punct"].append(tok.is_punct)
                tok_cols["is_alpha"].append(tok.is_alpha)
                t_idx += 1
            s_idx += 1
    sentences = pd.DataFrame(sent_rows, columns=["para_index", "sent_index", "text"])
    tokens = pd.DataFrame(tok_cols)
    return sentences, tokens
