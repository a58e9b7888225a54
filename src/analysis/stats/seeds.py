"""One independent random stream per named step.

A notebook passes its single ``SEED`` and a step name (``"frame shares"``,
``"lda k=5 restart 3"``); the stream depends only on the two, so adding a random
step does not shift the intervals of any other (unlike drawing from one shared
generator in order). Streams come from NumPy's ``SeedSequence``, whose spawned
streams are designed to be independent.
"""

from __future__ import annotations

import zlib

import numpy as np


def _sequence(seed: int, step: str) -> np.random.SeedSequence:
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    if not isinstance(step, str) or not step:
        raise ValueError(f"step must be a non-empty string naming the random step, got {step!r}")
    # crc32 of the name: stable across runs and Python versions (unlike hash()).
    return np.random.SeedSequence([int(seed), zlib.crc32(step.encode("utf-8"))])


def step_rng(seed: int, step: str) -> np.random.Generator:
    """A NumPy Generator for the random step ``step`` of a run seeded with ``seed``.

    Examples
    --------
    >>> a = step_rng(7, "bootstrap").random()
    >>> b = step_rng(7, "bootstrap").random()
    >>> c = step_rng(7, "permutation").random()
    >>> a == b, a == c
    (True, False)
    """
    return np.random.default_rng(_sequence(seed, step))


def step_seed(seed: int, step: str) -> int:
    """An int seed (0 <= s < 2**31) for libraries that take one (scikit-learn, tomotopy).

    Examples
    --------
    >>> step_seed(7, "lda") == step_seed(7, "lda") != step_seed(7, "nmf")
    True
    """
    return int(_sequence(seed, step).generate_state(1, dtype=np.uint32)[0] >> 1)
