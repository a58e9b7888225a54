"""Benchmark stage 04-drivers-actors: the library computations behind notebooks/04-drivers-actors.

The validation cell of the notebook scores the rules on the fixed hand-coded set in
``validation/`` (the same work whatever the corpus), so it is not part of this stage.
"""

from __future__ import annotations

from analysis import drivers, drivers_pipeline, stats
from analysis.overview import period_labels

#: The notebook's defaults.
N_RESAMPLES = 2000
LAYOUT_SEED = 3


def run(corpus, *, random_state=0) -> None:
    """Actor mentions, co-occurrence, layout, per-document drivers and risks, roles, role shift,
    the side-by-side table and the risk-share test."""
    res = drivers_pipeline.run_drivers_actors(corpus, layout_seed=LAYOUT_SEED)
    drivers.side_by_side(res["drivers"], labels=period_labels(corpus), groups=corpus.periods)
    units = res["drivers"].assign(is_risk=res["drivers"]["role"].eq("risk").astype(int))
    stats.group_tests(units, "is_risk", unit="item", n_resamples=N_RESAMPLES,
                      random_state=stats.step_seed(random_state, "risk-share"))
