"""Benchmark stage 00-corpus: the library call behind notebooks/00-corpus.

Segmentation itself is timed by the harness's built-in ``segment+tokenise`` stage
(the Corpus caches it), so this stage times the summaries built on top of it -- the same
function the notebook calls, :func:`analysis.overview.run_overview`.
"""

from __future__ import annotations

from analysis import overview


def run(corpus, *, random_state=0) -> None:
    """Document and period summaries, paragraph lengths, end-matter lines, flagged sentences."""
    overview.run_overview(corpus)
