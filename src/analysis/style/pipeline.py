"""The readability & style stage as one call: what notebook 01 shows and the benchmark times."""

from __future__ import annotations

from functools import partial

import pandas as pd

from .. import diversity, readability, stats
from ..parallel import map_documents
from ..heap import frozen_heap
from ..stats import step_seed
from .markers import load_stance_markers
from .stance import stance_balance, stance_counts, stance_matches, stance_rates, stance_tests, wide_counts
from .summaries import comparison_table, stance_table


def run_readability_style(corpus, *, markers=None, mattr_window: int = 50, mtld_threshold: float = 0.72,
                          segment_size: int = 50, negation_window: int = 3, min_docs: int = 5,
                          n_resamples: int = 2000, confidence_level: float = 0.95, seed: int) -> dict:
    """Every readability, diversity and stance table of notebook 01, from one corpus.

    Parameters
    ----------
    corpus : analysis.corpus.Corpus
    markers : pandas.DataFrame, str, Path or None, default=None
        Stance markers (:func:`load_stance_markers`) or their path; ``None`` = the packaged list.
    mattr_window, mtld_threshold, segment_size
        Diversity settings (:func:`analysis.diversity.lexical_diversity`).
    negation_window : int, default=3
    min_docs : int, default=5
        Documents every period needs before documents, not sentences, are the unit.
    n_resamples : int, default=2000
        Bootstrap resamples and permutations.
    confidence_level : float, default=0.95
    seed : int
        Each random step draws from its own named stream (:func:`analysis.stats.step_seed`).

    Returns
    -------
    dict of pandas.DataFrame
        ``indices`` (per document), ``components`` (per sentence, textstat's counts: the index
        inputs), ``sentence_words`` (words per sentence as everywhere in the suite: alphabetic
        tokens, :meth:`Corpus.word_counts`), ``length_tests`` (sentence length in those words
        and syllables per word between periods), ``lengths``, ``word_lengths``,
        ``ttr_curve``, ``ttr_common``, ``diversity``, ``msttr_test``, ``counts``, ``doc_rates``,
        ``rates``, ``tests``, ``stance``, ``balance``, ``matches``; on
        ``corpus.without_flagged()``: ``rates_without_flagged``, ``tests_without_flagged``,
        ``stance_without_flagged``, ``indices_without_flagged``; by period: ``indices_period``,
        ``diversity_period``, ``comparison``.
    """
    with frozen_heap():   # the corpus's objects stay out of the collector's full passes meanwhile
        return _run(corpus, markers=markers, mattr_window=mattr_window, mtld_threshold=mtld_threshold,
                    segment_size=segment_size, negation_window=negation_window, min_docs=min_docs,
                    n_resamples=n_resamples, confidence_level=confidence_level, seed=seed)


def _run(corpus, *, markers, mattr_window, mtld_threshold, segment_size, negation_window, min_docs, n_resamples,
         confidence_level, seed) -> dict:
    markers = markers if isinstance(markers, pd.DataFrame) else load_stance_markers(markers)
    kw = dict(min_docs=min_docs, n_resamples=n_resamples)
    ci = dict(kw, confidence_level=confidence_level)
    div = dict(mattr_window=mattr_window, mtld_threshold=mtld_threshold, segment_size=segment_size, **ci)
    out = {"indices": readability.readability(corpus, random_state=step_seed(seed, "readability documents"), **ci)}
    comp = out["components"] = readability.sentence_components(corpus)
    # words per sentence: the suite's one definition (alphabetic tokens, corpus.word_counts(), as in notebook 00);
    # textstat's own word count stays inside the readability indices only
    out["sentence_words"] = readability.counts.word_counts(corpus)  # computed once, reused below
    out["length_tests"] = pd.concat([
        stats.group_tests(out["sentence_words"], "n_words", unit="sentence",
                          random_state=step_seed(seed, "test words/sentence"), **kw)
        .assign(measure="words per sentence"),
        stats.group_tests(comp, "n_syllables", weight="n_words", unit="sentence",
                          random_state=step_seed(seed, "test syllables/word"), **kw)
        .assign(measure="syllables per word")], ignore_index=True)
    out["lengths"] = readability.length_summary(corpus, random_state=step_seed(seed, "lengths"), **ci)
    out["word_lengths"] = readability.word_lengths(corpus)
    out["ttr_curve"] = diversity.ttr_curve(corpus, step=10)
    out["ttr_common"] = diversity.ttr_at_common_length(corpus)
    out["diversity"] = diversity.lexical_diversity(corpus, random_state=step_seed(seed, "diversity documents"), **div)
    segments = diversity.corpus_segments(corpus, segment_size=segment_size)
    out["msttr_test"] = stats.group_tests(segments, "n_types", weight="n_tokens", unit="segment",
                                          random_state=step_seed(seed, "test msttr"), **kw)
    # period diversity here (its own named random stream: the order of steps changes no number), so the
    # token stream behind every diversity measure can be dropped before the stance matching needs memory
    div_period = diversity.lexical_diversity(corpus, level="period",
                                             random_state=step_seed(seed, "diversity periods"), **div)
    diversity.release_word_tokens(corpus)
    # per-document matching over partitions of documents when --jobs / --scheduler ask for it
    out["matches"] = map_documents(partial(stance_matches, markers=markers, negation_window=negation_window), corpus)
    counts = out["counts"] = stance_counts(corpus, markers=markers, negation_window=negation_window,
                                           matches=out["matches"])
    wide = wide_counts(counts)   # the per-sentence table all four use, pivoted once
    out["doc_rates"] = stance_rates(counts, level="document", random_state=step_seed(seed, "stance documents"),
                                    wide=wide, **ci)
    out["rates"] = stance_rates(counts, random_state=step_seed(seed, "stance periods"), wide=wide, **ci)
    out["tests"] = stance_tests(counts, random_state=step_seed(seed, "stance tests"), wide=wide, **kw)
    out["stance"] = stance_table(out["rates"], out["tests"])
    out["balance"] = stance_balance(counts, random_state=step_seed(seed, "stance balance"), wide=wide, **ci)
    clean = corpus.without_flagged()  # the corpus itself when nothing is flagged
    clean_counts = counts if clean is corpus else map_documents(
        partial(stance_counts, markers=markers, negation_window=negation_window), clean)
    if clean is corpus:  # nothing flagged: the same analysis, the same tables
        for name in ("rates", "tests", "stance", "indices"):
            out[f"{name}_without_flagged"] = out[name]
    else:
        out["rates_without_flagged"] = stance_rates(clean_counts, random_state=step_seed(seed, "stance clean"), **ci)
        out["tests_without_flagged"] = stance_tests(clean_counts, random_state=step_seed(seed, "stance tests clean"),
                                                    **kw)
        out["stance_without_flagged"] = stance_table(out["rates_without_flagged"], out["tests_without_flagged"])
        out["indices_without_flagged"] = readability.readability(
            clean, random_state=step_seed(seed, "readability clean"), **ci)
    out["indices_period"] = readability.readability(corpus, level="period",
                                                    random_state=step_seed(seed, "readability periods"), **ci)
    out["diversity_period"] = div_period
    out["comparison"] = comparison_table(out["indices_period"], out["diversity_period"], out["rates"])
    return out
