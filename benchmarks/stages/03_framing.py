"""Benchmark stage 03-framing: the library call behind notebooks/03-framing.

The notebook and this stage call the same function, :func:`analysis.framing.run_framing`, with
the notebook's default parameters. (The notebook also calls ``framing.validate_framing``, which
scores the rules against the hand coding of the two bundled articles and so cannot run on the
synthetic benchmark corpus.)
"""

from __future__ import annotations

from analysis import framing


def run(corpus, *, random_state=0) -> None:
    """Code paragraphs and sentences, shares and tests by period, robustness run, Entman's functions."""
    framing.run_framing(corpus, seed=random_state)
