"""Benchmark stage 01-readability-style: the library call behind notebooks/01-readability-style.

The notebook and this stage call the same function, :func:`analysis.style.run_readability_style`,
with the notebook's default parameters, so the benchmark cannot drift from what the notebook does.
"""

from __future__ import annotations

from analysis import style


def run(corpus, *, random_state=0) -> None:
    """Readability, lengths, diversity, stance (rates, tests, balance), robustness run, period comparison."""
    style.run_readability_style(corpus, seed=random_state)
