"""Where per-document work runs: options, their environment defaults, and the no-nesting guard."""

from __future__ import annotations

import contextvars
import os
from contextlib import contextmanager

from ..errors import AnalysisError

#: Environment variable: number of worker processes (``analysis run --jobs``).
JOBS_ENV = "ANALYSIS_JOBS"
#: Environment variable: ``local`` or a Dask scheduler address (``analysis run --scheduler``).
SCHEDULER_ENV = "ANALYSIS_SCHEDULER"
#: Dask's own variable for the address of an existing cluster (read after :data:`SCHEDULER_ENV`).
DASK_ADDRESS_ENV = "DASK_SCHEDULER_ADDRESS"
#: Partitions per worker when ``partition_size`` is not given (balances uneven documents).
PARTITIONS_PER_WORKER = 2
#: Worker processes of the default ``LocalCluster``.
LOCAL_WORKERS = 2

# True while a partition runs: inside it, the environment defaults are ignored (no nesting).
_IN_PARTITION: contextvars.ContextVar[bool] = contextvars.ContextVar("analysis_in_partition", default=False)


# --------------------------------------------------------------------------- settings
def default_jobs() -> int:
    """Worker processes to use when ``jobs=None``: ``$ANALYSIS_JOBS``, else 1 (always 1 inside a partition).

    Raises
    ------
    AnalysisError
        When ``ANALYSIS_JOBS`` is not a positive integer (or -1 for every core).
    """
    if _IN_PARTITION.get():
        return 1
    raw = os.environ.get(JOBS_ENV, "").strip()
    return check_jobs(raw, source=f"environment variable {JOBS_ENV}") if raw else 1


def default_scheduler() -> str | None:
    """Dask scheduler to use when ``scheduler=None``.

    ``$ANALYSIS_SCHEDULER`` (``local`` or an address), else ``$DASK_SCHEDULER_ADDRESS``,
    else ``None`` (no Dask). Always ``None`` inside a partition.
    """
    if _IN_PARTITION.get():
        return None
    for name in (SCHEDULER_ENV, DASK_ADDRESS_ENV):
        value = os.environ.get(name, "").strip()
        if value:
            return value
    return None


def check_jobs(value, *, source: str = "jobs") -> int:
    """``value`` as a number of worker processes (-1: every core); one-line ``AnalysisError`` if invalid."""
    try:
        jobs = int(value)
    except (TypeError, ValueError):
        raise AnalysisError(f"{source}: {value!r} is not a whole number; use e.g. 2 (or -1 for every core)") from None
    if jobs == -1:
        return os.cpu_count() or 1
    if jobs < 1:
        raise AnalysisError(f"{source}: {jobs} must be at least 1 (or -1 for every core)")
    return jobs


def in_partition() -> bool:
    """Whether this code runs inside a partition of :func:`~analysis.parallel.map_documents`."""
    return _IN_PARTITION.get()


@contextmanager
def serial_section():
    """Run the ``with`` block as a partition does: environment defaults ignored, nothing nested.

    For code that runs inside a worker process of its own making (e.g. the topic-model
    batches of :mod:`analysis.topics.batch`), so that nothing in it starts workers again.
    """
    token = _IN_PARTITION.set(True)
    try:
        yield
    finally:
        _IN_PARTITION.reset(token)


def wants_parallel(*, jobs: int | None = None, scheduler=None) -> bool:
    """Whether the options (or the environment defaults) ask for more than one process."""
    jobs = default_jobs() if jobs is None else check_jobs(jobs)
    scheduler = default_scheduler() if scheduler is None else scheduler
    return scheduler is not None or jobs > 1
