"""Uncertainty for every comparison in the suite: the one place that computes an interval or a test.

- :mod:`.bootstrap` -- percentile bootstrap intervals and permutation tests over units
  (ratios of sums: means, rates per word, shares).
- :mod:`.exact` -- exact intervals for counts and proportions (a zero count still has an
  upper bound) and Holm's adjustment.
- :mod:`.units` -- statistics by the right unit (DESIGN §2): documents within a period
  when every period has at least ``min_docs`` documents, otherwise the sentences or
  paragraphs of the texts, named in a ``unit`` column.
- :mod:`.seeds` -- one independent random stream per named step.
"""

from .bootstrap import (bootstrap_by_group, bootstrap_ci, bootstrap_sums, bootstrap_weights,
                        check_random_state, compare_groups, permutation_test)
from .exact import exact_binomial_ci, exact_poisson_ci, holm
from .seeds import step_rng, step_seed
from .units import group_intervals, group_tests, resampling_unit

__all__ = [
    "bootstrap_by_group", "bootstrap_ci", "bootstrap_sums", "bootstrap_weights", "check_random_state",
    "compare_groups", "permutation_test", "exact_binomial_ci", "exact_poisson_ci", "holm",
    "step_rng", "step_seed", "group_intervals", "group_tests", "resampling_unit",
]
