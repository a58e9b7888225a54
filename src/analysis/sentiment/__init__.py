"""Sentiment and relationship tone (issue 11)."""
from .lexicons import (DEFAULT_THRESHOLDS, METHODS, build_scorers, call_polarity, load_domain_patch,
                       score_sentences, sentence_words)
