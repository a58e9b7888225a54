"""Per-sentence counts the readability indices are built from, with textstat's rules (pure, per document)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..corpus import Corpus
from .syllables import _syllables, use_cmudict_syllables  # noqa: F401 (re-exported)
from .textstat_rules import LANG, _pyphen, easy_words, remove_punctuation  # noqa: F401 (re-exported)


#: Readability indices, in display order.
INDICES = ["flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
           "dale_chall", "coleman_liau_index"]
#: Human-readable names.
LABELS = {"flesch_reading_ease": "Flesch Reading Ease", "flesch_kincaid_grade": "Flesch-Kincaid grade",
          "gunning_fog": "Gunning fog", "smog_index": "SMOG", "dale_chall": "Dale-Chall",
          "coleman_liau_index": "Coleman-Liau", "words_per_sentence": "words / sentence",
          "syllables_per_word": "syllables / word", "letters_per_word": "letters / word",
          "mtld": "MTLD", "mattr": "MATTR", "msttr": "MSTTR", "ttr": "TTR"}
#: Per-sentence counts every index is computed from.
COMPONENTS = ["n_words", "n_syllables", "n_polysyllables", "n_fog_complex", "n_dale_chall_difficult",
              "n_letters"]
#: SMOG was calibrated on samples of 30 sentences (McLaughlin 1969).
SMOG_MIN_SENTENCES = 30
def memo(corpus, key, compute):
    """``compute()``, remembered in the corpus's cache under ``key`` (a corpus never changes).

    Per-document tables several analyses need (the readability sentence counts, the diversity
    token stream) are computed once per corpus object this way; objects without a cache
    (e.g. a plain DataFrame) are computed every time.
    """
    cache = getattr(corpus, "_cache", None)
    if not isinstance(cache, dict):
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def word_counts(corpus: Corpus) -> pd.DataFrame:
    """:meth:`Corpus.word_counts`, computed once per corpus.

    Notebook 01 needs it three times (sentence lengths, length summary, stance rates), and each
    call filters a copy of the whole token table (~100 MB per million tokens).
    """
    return memo(corpus, "corpus.word_counts", corpus.word_counts).copy(deep=False)


#: Sentences per block of textstat words: the per-word arrays (about 100 bytes a word with the
#: word strings) exist for one block at a time, so their memory does not grow with the corpus.
WORD_BLOCK = 5000


def _sentence_words(corpus: Corpus):
    """``(components, word_lengths)`` of a corpus, computed once (see :func:`_count_words`).

    Only these two tables are kept -- one row per sentence, one per document and word
    length -- not the per-word arrays they are summed from (~50 bytes a word: 0.5 GB at 10M words).
    """
    return memo(corpus, "readability.sentence_counts", lambda: _count_words(_selected_sentences(corpus)))


def _selected_sentences(corpus: Corpus) -> pd.DataFrame:
    return corpus.sentences().reset_index(drop=True)


def _count_words(sents: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-sentence :data:`COMPONENTS` and the per-document word-length table, block by block.

    Blocks of :data:`WORD_BLOCK` sentences give the same numbers as one pass over all of
    them: words never cross sentences, textstat's punctuation rule looks no further than the
    sentence (sentences are joined by newlines either way), and a word type's syllables do not
    depend on the block (they are computed once and reused, ``known``).
    """
    texts = sents["text"].tolist()
    sums = {c: np.zeros(len(texts), dtype=int) for c in COMPONENTS}
    # words per (document, period) group and letter count, accumulated over blocks on integer
    # codes: groups numbered in sorted (doc_id, period) order, as a sorted groupby numbers them
    # (no sentence, or a missing key: the words' own table is grouped instead)
    group = sents.groupby(["doc_id", "period"], sort=True).ngroup() if len(sents) else None
    codes = group is not None and not group.isna().any()
    group = group.to_numpy(dtype=np.int64) if codes else None
    counted, tables, known = [], [], {}
    for start in range(0, len(texts), WORD_BLOCK):
        stop = min(start + WORD_BLOCK, len(texts))
        row, feats = _word_table(texts[start:stop], known)
        sums["n_words"][start:stop] = np.bincount(row, minlength=stop - start)
        for col in COMPONENTS[1:]:
            sums[col][start:stop] = np.rint(np.bincount(row, weights=feats[col], minlength=stop - start))
        if codes:
            counted.append(np.unique(group[start + row].astype(np.int64) * _LETTER_SPAN
                                     + feats["n_letters"].astype(np.int64), return_counts=True))
        else:
            tables.append(_letter_counts(sents.iloc[start:stop], row, feats))
        del row, feats
    comp = sents[["doc_id", "period", "para_id", "sent_id", "quality_issue"]].copy()
    for col in COMPONENTS:
        comp[col] = sums[col]
    return comp, (_word_length_table(sents, group, counted) if codes else _word_length_from_tables(sents, tables))


def _word_length_from_tables(sents: pd.DataFrame, lengths: list) -> pd.DataFrame:
    """The word-length table from per-block :func:`_letter_counts` (a document may span two blocks)."""
    if len(lengths) == 1:
        n = lengths[0]
    elif lengths:
        n = pd.concat(lengths).groupby(level=["doc_id", "period", "letters"], sort=True).sum()
    else:
        n = _letter_counts(sents, np.zeros(0, dtype=np.int64), {"n_letters": np.zeros(0)})
    wl = n.rename("n_words").reset_index()
    wl["share"] = wl["n_words"] / wl.groupby("doc_id")["n_words"].transform("sum")
    return wl


#: A token no text has after textstat's punctuation pass (neither a word character, whitespace
#: nor an apostrophe; not NUL, which numpy's string comparison would read as "").
BREAK_TOKEN = "\x01"
#: Group and letter count share one integer key, ``group * _LETTER_SPAN + letters`` (a word's
#: letters are fewer than 2**32).
_LETTER_SPAN = 1 << 32


def _word_length_table(sents: pd.DataFrame, group: np.ndarray, counted: list) -> pd.DataFrame:
    """``doc_id, period, letters, n_words, share`` from the per-block (key, count) pairs of
    :func:`_count_words` (the same rows, order and types as grouping the words' table)."""
    if counted:
        keys = np.concatenate([k for k, _ in counted])
        n = np.concatenate([c for _, c in counted])
        keys, inv = np.unique(keys, return_inverse=True)
        n = np.bincount(inv.reshape(-1), weights=n, minlength=len(keys)).astype(np.int64)
    else:
        keys, n = np.zeros(0, np.int64), np.zeros(0, np.int64)
    gid, letters = keys // _LETTER_SPAN, keys % _LETTER_SPAN
    first = np.unique(group, return_index=True)[1]  # first sentence of each group (ids 0..n-1)
    ident = sents[["doc_id", "period"]].iloc[first[gid]].reset_index(drop=True)
    wl = ident.assign(letters=letters.astype(np.int64), n_words=n)
    wl["share"] = wl["n_words"] / wl.groupby("doc_id")["n_words"].transform("sum")
    return wl


def _word_table(texts, known: dict | None = None) -> tuple[np.ndarray, dict]:
    """textstat's words of each text, with per-word counts.

    Returns ``row`` (the text each word belongs to) and a dict of per-word arrays
    (:data:`COMPONENTS` except ``n_words``). Words are split as textstat's ``list_words`` does;
    syllables follow textstat's ``count_syllables`` rule (CMUdict's first pronunciation, else
    pyphen), once per lower-cased word type (:func:`_syllables`; ``known`` maps types already
    counted to their syllables and receives the new ones); fog-complex and Dale-Chall
    difficult words follow textstat's ``is_difficult_word`` (not on its easy-word list, and
    >= 3 or >= 0 syllables); letters are word characters as in textstat's ``count_letters``.
    """
    texts = list(texts)
    if not texts:
        return np.zeros(0, dtype=np.int64), {c: np.zeros(0) for c in COMPONENTS[1:]}
    # textstat's list_words(text) is remove_punctuation(text, rm_apostrophe=False).split();
    # the punctuation pass runs once over all sentences joined by newlines (uncached).
    joined = "\n".join(t.replace("\n", " ") for t in texts)
    cleaned = remove_punctuation(joined)
    del joined
    # one whitespace split of everything, each sentence break a token of its own (BREAK_TOKEN:
    # the punctuation pass has removed it from the texts), instead of a split per sentence:
    # the words between two breaks are the sentence's ``seg.split()``
    codes, types = pd.factorize(pd.Series(cleaned.replace("\n", f" {BREAK_TOKEN} ").split(), dtype=object))
    del cleaned
    types = np.asarray(types, dtype=object)
    brk = np.flatnonzero(types == BREAK_TOKEN)
    if len(brk):
        is_brk = codes == brk[0]
        row = np.cumsum(is_brk)[~is_brk]
        codes = codes[~is_brk]
        codes = codes - (codes > brk[0])
        types = np.delete(types, brk[0])
    else:
        row = np.zeros(len(codes), dtype=np.int64)
    # letters = word characters: the words keep only word characters and contraction apostrophes
    # (plain str methods per word type: the same counts as the .str accessor, without its overhead)
    letters = np.fromiter((len(t) - t.count("'") for t in types), dtype=float, count=len(types))
    lcodes, ltypes = pd.factorize(np.asarray([t.lower() for t in types], dtype=object))
    ltypes = np.asarray(ltypes, dtype=object)
    known = {} if known is None else known
    new = np.asarray([w for w in ltypes if w not in known], dtype=object)
    if len(new):
        known.update(zip(new, _syllables(new)))
    syl_l = np.fromiter(map(known.__getitem__, ltypes), dtype=float, count=len(ltypes))
    easy_l = pd.Series(ltypes, dtype=object).isin(easy_words(LANG)).to_numpy()
    syl, easy = syl_l[lcodes][codes], easy_l[lcodes][codes]
    feats = {"n_syllables": syl,
             "n_polysyllables": (syl >= 3).astype(float),
             "n_fog_complex": (~easy & (syl >= 3)).astype(float),
             "n_dale_chall_difficult": (~easy).astype(float),
             "n_letters": letters[codes]}
    return row, feats


def sentence_components(corpus: Corpus) -> pd.DataFrame:
    """Per-sentence counts that the readability indices are built from.

    Words are textstat's (whitespace-separated after punctuation removal, so "non-issue"
    is one word and "42" is a word); syllables, polysyllables (>= 3 syllables), fog-complex
    words (>= 3 syllables and not on textstat's easy-word list), Dale-Chall difficult
    words (not on the easy-word list) and letters (word characters) follow textstat's own
    functions, so that summing a document's sentences reproduces textstat's whole-text
    counts (checked in the tests).

    Parameters
    ----------
    corpus : Corpus
        (``corpus.without_flagged()`` leaves out the flagged sentences.)

    Returns
    -------
    pandas.DataFrame
        ``doc_id, period, para_id, sent_id, quality_issue`` and :data:`COMPONENTS`
        (``n_words, n_syllables, n_polysyllables, n_fog_complex, n_dale_chall_difficult,
        n_letters``), one row per sentence.
    """
    return _sentence_words(corpus)[0].copy(deep=False)  # copy on write: the cached table stays intact


def _letter_counts(sents: pd.DataFrame, row: np.ndarray, feats: dict) -> pd.Series:
    """Words per ``doc_id, period, letters`` (sorted) of the words in ``row`` / ``feats``."""
    words = pd.DataFrame({"doc_id": sents["doc_id"].to_numpy()[row], "period": sents["period"].to_numpy()[row],
                          "letters": feats["n_letters"].astype(int)})
    return words.groupby(["doc_id", "period", "letters"], sort=True).size()


def word_lengths(corpus: Corpus) -> pd.DataFrame:
    """Distribution of word length (letters per textstat word) per document.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, period, letters, n_words, share`` -- ``n_words`` words of ``letters``
        letters; ``share`` of the document's words.
    """
    return _sentence_words(corpus)[1].copy(deep=False)


def indices_from_sums(sums: dict) -> dict:
    """The readability indices as functions of summed counts (textstat 0.7.13's formulas).

    Parameters
    ----------
    sums : dict of str -> float or numpy.ndarray
        ``n_sentences`` and :data:`COMPONENTS` totals (arrays broadcast, e.g. one value per
        bootstrap resample).

    Returns
    -------
    dict of str -> float or numpy.ndarray
        One entry per name in :data:`INDICES`, plus ``words_per_sentence``,
        ``syllables_per_word`` and ``letters_per_word``.

    Examples
    --------
    >>> r = indices_from_sums({"n_sentences": 2, "n_words": 20, "n_syllables": 30,
    ...     "n_polysyllables": 2, "n_fog_complex": 2, "n_dale_chall_difficult": 4, "n_letters": 90})
    >>> round(float(r["flesch_reading_ease"]), 3)   # 206.835 - 1.015*10 - 84.6*1.5
    69.785
    """
    s = np.asarray(sums["n_sentences"], dtype=float)
    w = np.asarray(sums["n_words"], dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        wps = w / s
        spw = np.asarray(sums["n_syllables"], dtype=float) / w
        lpw = np.asarray(sums["n_letters"], dtype=float) / w
        pct_fog = 100 * np.asarray(sums["n_fog_complex"], dtype=float) / w
        pct_dc = 100 * np.asarray(sums["n_dale_chall_difficult"], dtype=float) / w
        poly_per_s = np.asarray(sums["n_polysyllables"], dtype=float) / s
        out = {
            "flesch_reading_ease": 206.835 - 1.015 * wps - 84.6 * spw,
            "flesch_kincaid_grade": 0.39 * wps + 11.8 * spw - 15.59,
            "gunning_fog": 0.4 * (wps + pct_fog),
            "smog_index": 1.043 * np.sqrt(30 * poly_per_s) + 3.1291,
            "dale_chall": 0.1579 * pct_dc + 0.0496 * wps + np.where(pct_dc > 5, 3.6365, 0.0),
            "coleman_liau_index": 0.058 * 100 * lpw - 0.296 * 100 * s / w - 15.8,
            "words_per_sentence": wps,
            "syllables_per_word": spw,
            "letters_per_word": lpw,
        }
    return {k: (float(v) if np.ndim(v) == 0 else v) for k, v in out.items()}


def textstat_indices(text: str) -> dict:
    """textstat 0.7.13 called directly on ``text`` (cmudict syllables), for comparison.

    Returns
    -------
    dict of str -> float
        One entry per name in :data:`INDICES`, plus ``words_per_sentence,
        syllables_per_word, letters_per_word``, ``n_sentences`` (textstat's regex count)
        and ``n_words``.
    """
    import textstat
    from textstat.backend import metrics

    use_cmudict_syllables()
    return {"flesch_reading_ease": textstat.flesch_reading_ease(text),
            "flesch_kincaid_grade": textstat.flesch_kincaid_grade(text),
            "gunning_fog": textstat.gunning_fog(text),
            "smog_index": textstat.smog_index(text),
            "dale_chall": textstat.dale_chall_readability_score(text),
            "coleman_liau_index": textstat.coleman_liau_index(text),
            "words_per_sentence": metrics.words_per_sentence(text),
            "syllables_per_word": metrics.syllables_per_word(text, LANG),
            "letters_per_word": metrics.letters_per_word(text),
            "n_sentences": float(textstat.sentence_count(text)),
            "n_words": float(textstat.lexicon_count(text))}
