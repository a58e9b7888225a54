"""Benchmark stage 03-framing: the library computations behind notebooks/03-framing."""

from __future__ import annotations

from analysis import framing, stats

#: The notebook's defaults.
N_RESAMPLES = 2000


def run(corpus, *, random_state=0) -> None:
    """Code paragraphs and sentences (one pass), shares and tests by period, robustness run, Entman."""
    rng = stats.check_random_state(random_state)
    codebook = framing.load_codebook()
    cues = framing.load_entman_cues()
    coded = framing.code_corpus(corpus, codebook)
    framing.primary_frames(coded["paragraphs"], on=["doc_id", "period", "para_id"])
    for level in ("paragraphs", "sentences"):
        framing.frame_shares(coded[level], n_resamples=N_RESAMPLES, random_state=rng)
        framing.compare_frame_shares(coded[level], n_resamples=N_RESAMPLES, random_state=rng)
    framing.frame_shares(coded["paragraphs_without_flagged"], n_resamples=N_RESAMPLES, random_state=rng)
    clean = coded["sentences"].loc[coded["sentences"]["quality_issue"] == ""]
    framing.frame_shares(clean, n_resamples=N_RESAMPLES, random_state=rng)
    sent_table = corpus.sentences()
    functions = framing.frame_functions(sent_table[["doc_id", "period", "sent_id", "text"]], cues)
    framing.entman_table(functions, sent_table)
