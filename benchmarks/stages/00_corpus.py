"""Benchmark stage 00-corpus: the library computations behind notebooks/00-corpus.

Segmentation itself is timed by the harness's built-in ``segment+tokenise`` stage
(the Corpus caches it), so this stage times the summaries built on top of it.
"""

from __future__ import annotations

from analysis import overview


def run(corpus, *, random_state=0) -> None:
    """Document and period summaries, paragraph lengths, end-matter lines, flagged sentences."""
    docs = overview.document_summary(corpus)
    overview.period_summary(docs)
    overview.paragraph_lengths(corpus)
    overview.boilerplate_lines(corpus)
    sents = corpus.sentences()
    sents.loc[sents["quality_issue"] != "", ["doc_id", "sent_id", "quality_issue", "text"]]
