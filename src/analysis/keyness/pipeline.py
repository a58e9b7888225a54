"""The keyness stage as one call: what notebook 02 shows and the benchmark times."""

from __future__ import annotations

from functools import partial

import pandas as pd

from ..parallel import map_documents
from .kwic import kwic
from .stability import top_term_stabilities
from .statistics import english_frequencies, keyness_table
from .summaries import compare_top_terms, flag_sensitivity, prior_sensitivity, top_terms
from .terms import _ngram_inputs, _ngrams, count_terms, extract_terms, load_expressions, terms_and_words


def run_keyness(corpus, *, expressions=None, alpha0: float = 1000.0, alpha0_english: float = 1000.0,
                minimum: float = 1e-8, n_top: int = 10, z_threshold: float = 1.96, kwic_window: int = 7,
                n_kwic: int = 3, kwic_max: int = 4, min_docs: int = 5, n_resamples: int = 2000,
                seed: int, jobs: int | None = 1, scheduler=None) -> dict:
    """Every keyness table of notebook 02, from one corpus.

    Parameters
    ----------
    corpus : analysis.corpus.Corpus
    expressions : pandas.DataFrame, str, Path or None, default=None
        The gazetteer (:func:`load_expressions`) or its path; ``None`` = the packaged one.
    alpha0, alpha0_english, minimum
        Prior sizes and the wordfreq floor (:func:`keyness_table`).
    n_top, z_threshold
        Length of the top lists; ``|z|`` called distinctive.
    kwic_window, n_kwic, kwic_max
        Concordance: tokens either side, top terms per list shown, occurrences per term.
    min_docs : int, default=5
        Documents every period needs before documents (not sentences) are resampled.
    n_resamples : int, default=2000
        Resamples of the top-list stability.
    seed : int
        Seed of the stability resamples (each of the two runs starts from it).
    jobs, scheduler : optional
        Where the terms of each document are extracted (:func:`analysis.parallel.map_documents`).
        ``jobs`` defaults to one process, whatever ``analysis run --jobs`` says: the step reads
        the token table, and sending its partitions to worker processes on this machine cost
        more than it saved at every size measured (1,000 documents: 4.3 s in one process,
        5.7 s with 2 workers; 10,000: 24 s and 47 s). A Dask scheduler (``--scheduler``, or
        ``scheduler=``) is followed: on a cluster the corpus may not fit one machine.
        ``jobs=None`` follows ``--jobs`` too. The tables are the same either way.

    Returns
    -------
    dict of pandas.DataFrame
        ``terms, counts, table`` (both contrasts), ``top``, ``prior_sensitivity``,
        ``stability`` (both references), ``bigrams, trigrams, kwic``, and the robustness run
        on ``corpus.without_flagged()``: ``table_without_flagged``, ``top_change`` (terms that
        leave or enter the top lists), ``flag_sensitivity``.
    """
    exprs = expressions if isinstance(expressions, pd.DataFrame) else load_expressions(expressions)
    settings = dict(alpha0=alpha0, alpha0_english=alpha0_english, minimum=minimum)
    # the per-document step (terms of each document) runs over partitions of documents when
    # jobs / scheduler ask for it (a plain call otherwise); the statistics pool all documents
    where = dict(jobs=jobs, scheduler=scheduler)
    with_exprs = partial(extract_terms, expressions=exprs)
    # the terms and the plain word stream (n-grams) come from one pass over the tokens
    terms, raw = map_documents(partial(terms_and_words, expressions=exprs), corpus, **where)
    counts = count_terms(terms)
    english = english_frequencies(counts, minimum=minimum)  # once: the slow part of both English contrasts
    table = keyness_table(terms, english=english, counts=counts, **settings)
    clean_corpus = corpus.without_flagged()  # the corpus itself when nothing is flagged
    clean = table if clean_corpus is corpus else \
        keyness_table(map_documents(with_exprs, clean_corpus, **where), **settings)
    top = top_terms(table, n=n_top)
    # both references from the same seed: one pass over the resamples (top_term_stability twice, concatenated)
    stability = top_term_stabilities(terms, n_top=n_top, alpha0=alpha0, alpha0_english=alpha0_english,
                                     minimum=minimum, english=english, min_docs=min_docs, n_resamples=n_resamples,
                                     counts=counts, table=table, random_state=seed)
    words = _ngram_inputs(raw)  # ngrams(raw, n=2) and ngrams(raw, n=3), the word stream factorized once
    kwic_terms = top.loc[(top["direction"] == "over") & (top["rank"] <= n_kwic), "term"].unique().tolist()
    return {
        "terms": terms, "counts": counts, "table": table, "top": top,
        "prior_sensitivity": prior_sensitivity(counts, alpha0s=(10.0, 100.0, alpha0, 10 * alpha0), n=5,
                                               z_threshold=z_threshold),
        "stability": stability,
        "bigrams": _ngrams(words, n=2, min_count=2), "trigrams": _ngrams(words, n=3, min_count=2),
        "kwic": kwic(corpus, kwic_terms, kwic_window, terms=terms, max_per_term=kwic_max),
        "table_without_flagged": clean,
        "top_change": compare_top_terms(table, clean, n=n_top),
        "flag_sensitivity": flag_sensitivity(table, clean),
    }
