"""Topic models of segments pooled across the corpus, with model selection and stability.

Pipeline: :func:`segment_table` -> :func:`segment_term_matrix` -> :func:`fit_model`
(NMF, LDA, DMR) -> :func:`select_k` / :func:`stability_runs` -> :func:`topic_labels`,
:func:`topic_prevalence`, :func:`alignment_table`. Every random step takes a seed;
every fit runs on one BLAS thread.
"""

from .models import MODELS, TopicFit, derive_seeds, fit_dmr, fit_lda, fit_model, fit_nmf
from .segments import (UNITS, SegmentTermMatrix, load_stop_words, segment_table,
                       segment_term_matrix)

__all__ = ["MODELS", "UNITS", "SegmentTermMatrix", "TopicFit", "derive_seeds", "fit_dmr", "fit_lda",
           "fit_model", "fit_nmf", "load_stop_words", "segment_table", "segment_term_matrix"]
