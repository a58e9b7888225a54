"""Benchmark stage 06-topics: the library computations behind notebooks/06-topics.

Calls :func:`analysis.topics.run_topics` with the notebook's default parameters and
prints the time of each step (the stage total is what the harness records): preparing
the segments, the k search (on a seeded sample of at most ``search_max_segments``
segments), the robustness checks' matrices, one batch of fits (the chosen models, the
seeded stability refits, the robustness fits), labels/prevalence/alignment, and the
robustness alignment. With ``ANALYSIS_JOBS=N`` the fits run in N worker processes
(same results); a step's printed CPU seconds then include the workers', which the
harness's ``cpu_seconds`` column (this process only) does not.
"""

from __future__ import annotations

from analysis import topics

#: The notebook's defaults (notebooks/06-topics.py, parameters cell).
SETTINGS = dict(unit="paragraph", doc_unit_min_docs=50, window=3, min_df=2, max_terms=2000,
                k_values=range(2, 11), k="auto", k_runs=10, k_tolerance=0.05, min_segments_per_topic=4,
                search_max_segments=2000,
                n_seeds=20, sample_fraction=0.8,
                max_segments=1000, top_n=10, stable_threshold=0.5, min_docs=5, n_resamples=2000,
                confidence_level=0.95, alpha=0.05)


def run(corpus, *, random_state=0) -> None:
    """Every step of notebook 06 on ``corpus``; prints the seconds of each step."""
    res = topics.run_topics(corpus, seed=int(random_state), **SETTINGS)
    steps = ", ".join(f"{name} {sec:.2f} s (cpu {res['cpu_seconds'][name]:.2f} s)"
                      for name, sec in res["seconds"].items())
    print(f"    06_topics: {res['dtm'].shape[0]} {res['unit']} segments, k = {res['k']}; {steps}", flush=True)
