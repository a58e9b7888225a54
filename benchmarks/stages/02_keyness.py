"""Benchmark stage 02-keyness: the library computations behind notebooks/02-keyness."""

from __future__ import annotations

from analysis import keyness


def run(corpus, *, random_state=0) -> None:
    """Terms, both keyness contrasts (with and without flagged sentences), n-grams, KWIC, stability."""
    terms = keyness.extract_terms(corpus)
    table = keyness.keyness_table(terms)
    excluded = keyness.keyness_table(terms, exclude_flagged=True)
    keyness.flag_sensitivity(table, excluded)
    top = keyness.top_terms(table, n=10)
    keyness.significance_summary(table)
    keyness.prior_sensitivity(keyness.count_terms(terms))
    raw = keyness.extract_terms(corpus, expressions=False)
    keyness.ngrams(raw, n=2)
    keyness.ngrams(raw, n=3)
    keyness.kwic(corpus, top.loc[top["rank"] <= 3, "term"].unique().tolist(), 6, terms=terms, max_per_term=20)
    keyness.top_term_stability(terms, n_top=10, n_resamples=200, random_state=random_state)
    keyness.top_term_stability(terms, n_top=10, reference="general English", n_resamples=200,
                               random_state=random_state)
