"""Benchmark stage 01-readability-style: the library computations behind notebooks/01-readability-style."""

from __future__ import annotations

from analysis import readability as rd
from analysis import stats, style

#: The notebook's defaults.
N_RESAMPLES = 2000


def run(corpus, *, random_state=0) -> None:
    """Readability (document and period, with and without flagged sentences), lengths, diversity, stance."""
    rng = stats.check_random_state(random_state)
    indices = rd.readability(corpus, n_resamples=N_RESAMPLES, random_state=rng)
    rd.readability(corpus, n_resamples=N_RESAMPLES, random_state=rng, drop_flagged=True)
    components = rd.sentence_components(corpus)
    stats.compare_groups(components, "n_words", by="period", n_resamples=N_RESAMPLES, random_state=rng)
    stats.compare_groups(components, "n_syllables", by="period", weight="n_words", n_resamples=N_RESAMPLES,
                         random_state=rng)
    rd.length_summary(corpus, n_resamples=N_RESAMPLES, random_state=rng)
    rd.word_lengths(corpus)
    rd.ttr_curve(corpus, step=10)
    rd.ttr_at_common_length(corpus)
    diversity = rd.lexical_diversity(corpus, n_resamples=N_RESAMPLES, random_state=rng)
    segments = rd.diversity_segments(rd.word_tokens(corpus))
    stats.compare_groups(segments, "n_types", by="period", weight="n_tokens", n_resamples=N_RESAMPLES,
                         random_state=rng)
    rd.readability_table(indices, diversity)
    markers = style.load_stance_markers()
    counts = style.stance_counts(corpus, markers=markers)
    style.stance_rates(counts, level="document", n_resamples=N_RESAMPLES, random_state=rng)
    rates = style.stance_rates(counts, level="period", n_resamples=N_RESAMPLES, random_state=rng)
    tests = style.stance_tests(counts, n_resamples=N_RESAMPLES, random_state=rng)
    balance = style.stance_balance(counts, n_resamples=N_RESAMPLES, random_state=rng)
    style.stance_table(rates, tests)
    style.verdict_lines(rates, tests, balance)
    style.stance_matches(corpus, markers=markers)
    clean = style.stance_counts(corpus, markers=markers, drop_flagged=True)
    style.stance_tests(clean, n_resamples=N_RESAMPLES, random_state=rng)
    periods = rd.readability(corpus, level="period", n_resamples=N_RESAMPLES, random_state=rng)
    div_periods = rd.lexical_diversity(corpus, level="period", n_resamples=N_RESAMPLES, random_state=rng)
    style.comparison_table(periods, div_periods, rates)
