"""Topic models of segments pooled across the corpus, with model selection and stability.

Pipeline (:mod:`.pipeline`, what notebook 06 and its benchmark stage run):
:func:`prepare` (segments, matrix) -> :func:`search_k` (stability + coherence per k,
:func:`choose_k`) -> :func:`fit_models` (NMF, LDA, DMR) -> :func:`stability` (seeded
refits, per-topic stability) -> :func:`describe` (terms, FREX, labels, examples) ->
:func:`prevalence` (by period, with intervals from :mod:`analysis.stats`) ->
:func:`alignment_table` (do the models agree?). Every random step takes a seed; every
fit runs on one BLAS thread. The independent seeded fits run over ``jobs`` worker
processes (:mod:`.batch`, ``$ANALYSIS_JOBS``) with the same results. Embeddings (optional
extra) live in :mod:`.embeddings`.
"""

from .coherence import npmi, topic_coherence, umass
from .batch import fit_many, fit_pairs
from .compare import agreement_summary, alignment_table, topic_similarity
from .embeddings import embedding_check
from .labels import frex, frex_terms, representative_segments, reorder_topics, sort_by_prevalence, topic_labels, topic_terms
from .models import MODEL_NAMES, MODELS, TopicFit, derive_seeds, fit_dmr, fit_lda, fit_model, fit_nmf, reuse_fits
from .pipeline import (UNIT_NAMES, capacity, choose_unit, describe, fit_and_refit, fit_models, prepare, prevalence,
                       run_topics, search_k, search_sample, stability)
from .prevalence import model_prevalence, period_assignment, prevalence_tests, segment_topics, topic_prevalence
from .segments import UNITS, SegmentTermMatrix, load_stop_words, segment_table, segment_term_matrix, term_tokens
from .summary import agreement_lines, capacity_lines, prevalence_lines, stability_lines, window_lines
from .stability import (agreement, average_jaccard, choose_k, match_topics, select_k, similarity_matrix,
                        stability_runs, top_term_indices, topic_stability)

__all__ = [
    "MODEL_NAMES", "MODELS", "UNITS", "UNIT_NAMES", "SegmentTermMatrix", "TopicFit",
    "agreement", "agreement_summary", "alignment_table", "average_jaccard", "capacity", "choose_k",
    "choose_unit", "derive_seeds", "describe", "fit_dmr", "fit_lda", "fit_model", "fit_models", "fit_nmf",
    "frex", "frex_terms", "load_stop_words", "match_topics", "model_prevalence", "npmi", "period_assignment",
    "prepare", "prevalence", "prevalence_tests", "run_topics", "reorder_topics", "representative_segments", "search_k",
    "search_sample", "reuse_fits", "fit_many", "fit_pairs", "fit_and_refit",
    "segment_table", "segment_term_matrix", "segment_topics", "select_k", "similarity_matrix", "sort_by_prevalence",
    "term_tokens",
    "stability", "stability_runs", "top_term_indices", "topic_coherence", "topic_labels", "topic_prevalence",
    "topic_similarity", "topic_stability", "topic_terms", "umass",
    "embedding_check", "agreement_lines", "capacity_lines", "prevalence_lines", "stability_lines", "window_lines",
]
