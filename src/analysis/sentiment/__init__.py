"""Sentiment and relationship tone of sentences, paragraphs and documents (issue 11).

Corpus -> sentences -> per-sentence scores -> comparison between groups -> plot:

- :mod:`.lexicons` -- VADER, AFINN and Harvard IV-4 scores per sentence, each plain and
  domain-adjusted (event vocabulary neutralised), plus the relationship-augmented
  ``vader-relations``; every lexicon value makes its own three-way call.
- :mod:`.scorers` -- the domain patch and the analysers of every lexicon, built once.
- :mod:`.relations` -- cooperation vs conflict between the parties a sentence names
  (Goldstein-weighted dictionary, negation, modality), and actor pairs.
- :mod:`.wordshift` -- word-shift contributions (Gallagher et al. 2021).
- :mod:`.compare` -- paragraph/document aggregation, period means and tests, method
  agreement, topic-vs-evaluation negativity, actor-targeted tone, validation.

Drawing lives in :mod:`analysis.plots.sentiment`.
"""

from .compare import (actor_tone, aggregate, closing_lines, evaluation_labels, method_agreement, missed_by_all,
                      pair_tone, period_means, period_tests, topic_negativity, validate_polarity, validate_relation,
                      validation_summary)
from .lexicons import (DEFAULT_THRESHOLDS, LEXICONS, METHODS, build_scorers, call_polarity, load_domain_patch,
                       score_sentences, sentence_words)
from .relations import actor_pairs, load_relationship_dictionary, relationship_tone
from .wordshift import word_shift

__all__ = ["validate_relation", "closing_lines", "validation_summary", "actor_tone", "aggregate", "evaluation_labels", "method_agreement", "missed_by_all", "pair_tone",
           "period_means", "period_tests", "topic_negativity", "validate_polarity", "DEFAULT_THRESHOLDS",
           "LEXICONS", "METHODS", "build_scorers", "call_polarity", "load_domain_patch", "score_sentences",
           "sentence_words", "actor_pairs", "load_relationship_dictionary", "relationship_tone", "word_shift"]
