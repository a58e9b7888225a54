"""The pool of worker processes on this machine that every ``jobs > 1`` call shares (joblib, loky).

:func:`~analysis.parallel.map_documents` and the topic-model batches
(:mod:`analysis.topics.batch`) send their work here, with the same settings, so loky
keeps one pool of warm workers for a whole notebook: spaCy's pipeline, its vocabulary,
the matchers and the lexicons are built once per worker, not once per call.

Loky replaces a worker whose memory after a task exceeds its memory after its first
task by 300 MB, taking that for a leak. At 10,000 documents a partition of the corpus
alone is about 350 MB, so every call replaced both workers and the next call started
cold (imports, pipeline, vocabulary, matchers). Here a worker is replaced only past
:data:`WORKER_MEMORY_GROWTH` (stage 03 with two workers at 10,000 documents: 51.5 s before,
35.6 s after, benchmarks/results/before-after-session4.csv).
"""

from __future__ import annotations

#: Growth in memory (bytes) after which loky replaces a worker (loky's default: 300 MB).
WORKER_MEMORY_GROWTH = 4 * 2**30


def _start_worker() -> None:
    """Runs first in every new worker: raise loky's leak threshold in that process."""
    from joblib.externals.loky import process_executor

    # a private setting of loky's worker loop (read after every task); without it, the default stays
    if hasattr(process_executor, "_MAX_MEMORY_LEAK_SIZE"):
        process_executor._MAX_MEMORY_LEAK_SIZE = WORKER_MEMORY_GROWTH


def run_in_workers(tasks, n_jobs: int) -> list:
    """Run joblib ``delayed`` tasks on ``n_jobs`` loky workers of the shared pool; results in order.

    Parameters
    ----------
    tasks : iterable of joblib delayed calls
    n_jobs : int
        Worker processes.

    Returns
    -------
    list
        The tasks' results, in the order of ``tasks``.
    """
    from joblib import Parallel, parallel_config

    # the same backend settings on every call, so loky reuses its workers instead of starting new ones
    with parallel_config(backend="loky", initializer=_start_worker):
        return Parallel(n_jobs=n_jobs)(tasks)
