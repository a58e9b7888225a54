"""Benchmark stage 02-keyness: the library call behind notebooks/02-keyness.

The notebook and this stage call the same function, :func:`analysis.keyness.run_keyness`, with
the notebook's default parameters, so the benchmark cannot drift from what the notebook does.
"""

from __future__ import annotations

from analysis import keyness


def run(corpus, *, random_state=0) -> None:
    """Terms, both contrasts, top lists, prior sensitivity, stability, n-grams, KWIC, robustness run."""
    keyness.run_keyness(corpus, seed=random_state)
