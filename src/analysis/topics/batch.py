"""Many independent topic-model fits at once: serially, or over worker processes with the same results.

The k search, the chosen models, the stability refits and the robustness fits are
independent seeded fits (a model, k, seed and sample each): :func:`fit_many` runs a
list of them. With one job it is a plain loop over :func:`~.models.fit_model`, the
serial path. With ``jobs > 1`` it splits the fits into ``jobs`` batches of about equal
estimated cost, sends each batch with the matrix once to a loky worker process (joblib),
and gathers the fits in the order they were listed. A fit depends only on its own
spec -- its seed and rows are fixed here, before any worker starts -- and every worker
runs single-threaded (:func:`~.models.single_thread`), so the fits equal the serial ones
bit for bit whatever the scheduling.

:func:`fit_pairs` does the same for fits on several matrices (the robustness fits
join the stability refits). The :func:`~.models.reuse_fits` cache works across both
paths: fits already cached are not sent, a fit listed twice is sent once, and the fits
that come back are cached.
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

from ..parallel.settings import check_jobs, default_jobs, serial_section
from ..parallel.workers import run_in_workers
from .models import TopicFit, _rows, cached_fit, fit_key, fit_model, remember_fit, single_thread
from .segments import SegmentTermMatrix

# CPU seconds spent in worker processes by this process's fit_many calls: the parent's
# time.process_time() does not see them, and run_topics reports each step's total CPU.
_WORKER_CPU = [0.0]
#: Estimated seconds of fitting below which a batch runs in this process even with ``jobs > 1``:
#: starting a worker and importing the models there takes about a second (the bundled
#: corpus's fits never leave the process; those at 1,000 documents do).
MIN_PARALLEL_SECONDS = 1.0


def worker_cpu_seconds() -> float:
    """CPU seconds the workers of :func:`fit_many` have spent so far for this process."""
    return _WORKER_CPU[0]


def fit_many(dtm: SegmentTermMatrix, specs: list[dict], *, jobs: int | None = None) -> list[TopicFit]:
    """Fit every spec on ``dtm``; ``jobs > 1`` spreads them over worker processes.

    Parameters
    ----------
    dtm : SegmentTermMatrix
    specs : list of dict
        Keyword arguments of :func:`~.models.fit_model` (``k``, ``model``,
        ``random_state``, optional ``rows`` and model options), one dict per fit.
    jobs : int, optional
        Worker processes (-1: every core). Default
        :func:`analysis.parallel.settings.default_jobs` (``$ANALYSIS_JOBS`` or 1).
        Fits estimated to take less than :data:`MIN_PARALLEL_SECONDS` in all run here.

    Returns
    -------
    list of TopicFit
        In the order of ``specs``, equal to ``[fit_model(dtm, **s) for s in specs]``.
    """
    return fit_pairs([(dtm, spec) for spec in specs], jobs=jobs)


def fit_pairs(pairs: list[tuple[SegmentTermMatrix, dict]], *, jobs: int | None = None) -> list[TopicFit]:
    """:func:`fit_many` for fits on several matrices: ``(dtm, spec)`` pairs, fits in their order.

    A worker receives each matrix its batch needs once.
    """
    jobs = default_jobs() if jobs is None else check_jobs(jobs)
    if jobs == 1 or len(pairs) < 2:
        with single_thread():  # entered once for the loop, not once per fit
            return [fit_model(dtm, **spec) for dtm, spec in pairs]
    out: list[TopicFit | None] = [None] * len(pairs)
    todo: dict = {}  # cache key (or position) -> positions of the pairs that ask for that fit
    for i, (dtm, spec) in enumerate(pairs):
        key = fit_key(dtm, **spec)
        hit = cached_fit(dtm, key)
        if hit is not None:
            out[i] = hit
        else:
            todo.setdefault(i if key is None else key, []).append(i)
    first = [pairs[where[0]] for where in todo.values()]
    if sum(_cost(dtm, spec) for dtm, spec in first) < MIN_PARALLEL_SECONDS:  # all cached, or too small to send
        with single_thread():
            return [fit_model(dtm, **spec) for dtm, spec in pairs]
    for (key, where), fit in zip(todo.items(), _run_batches(first, jobs)):
        dtm, spec = pairs[where[0]]
        # the workers drop vocabulary and rows (the parent holds them): put them back
        fit = replace(fit, vocabulary=dtm.vocabulary, rows=_rows(dtm, spec.get("rows")))
        remember_fit(dtm, None if isinstance(key, int) else key, fit)
        for i in where:
            out[i] = fit
    return out


def _run_batches(pairs: list[tuple[SegmentTermMatrix, dict]], jobs: int) -> list[TopicFit]:
    """Fit ``pairs`` in at most ``jobs`` worker processes, one batch per worker, each matrix once per batch."""
    from joblib import delayed

    batches = balance([_cost(dtm, spec) for dtm, spec in pairs], jobs)
    tasks = []
    for batch in batches:
        matrices: list = []
        where: dict = {}  # id of a matrix -> its position in this batch's list
        specs = []
        for i in batch:
            dtm, spec = pairs[i]
            if id(dtm) not in where:
                where[id(dtm)] = len(matrices)
                matrices.append(dtm)
            specs.append((where[id(dtm)], spec))
        slim = [_slim(m, [spec for j, spec in specs if j == n]) for n, m in enumerate(matrices)]
        tasks.append(delayed(_fit_batch)(slim, specs))
    done = run_in_workers(tasks, len(batches))   # the pool map_documents uses: warm workers, no restarts
    out: list = [None] * len(pairs)
    for batch, (fits, cpu) in zip(batches, done):
        _WORKER_CPU[0] += cpu
        for i, fit in zip(batch, fits):
            out[i] = fit
    return out


def _fit_batch(matrices: list[SegmentTermMatrix], specs: list[tuple[int, dict]]) -> tuple[list[TopicFit], float]:
    """In a worker: fit each ``(matrix position, spec)`` in turn on one thread; the fits and the CPU seconds."""
    start = time.process_time()
    with serial_section(), single_thread():   # nothing inside may start workers of its own
        # vocabulary and rows are the parent's already: not pickled back with every fit
        fits = [replace(fit_model(matrices[j], **spec), vocabulary=None, rows=None) for j, spec in specs]
    return fits, time.process_time() - start


def _slim(dtm: SegmentTermMatrix, specs: list[dict]) -> SegmentTermMatrix:
    """``dtm`` with only the segment columns a fit reads (DMR's covariate): less to pickle."""
    cols = sorted({s.get("covariate", "period") for s in specs if s["model"] == "dmr"})
    return SegmentTermMatrix(dtm.counts, dtm.vocabulary, dtm.segments[cols])


def _cost(dtm: SegmentTermMatrix, spec: dict) -> float:
    """Rough seconds of a fit, only to balance the batches (measured at 1,000 documents)."""
    n = len(_rows(dtm, spec.get("rows"))) / 1000
    if spec["model"] == "nmf":
        return 0.01 * spec["k"] * n
    if spec["model"] == "dmr":
        iterations = spec.get("iterations") or (100 if n <= 2 else 50)
        return 0.0024 * iterations * n * spec["k"] ** 0.5
    return 0.25 * n * spec["k"] ** 0.5


def balance(costs, n_batches: int) -> list[list[int]]:
    """Split positions into at most ``n_batches`` batches of about equal total cost.

    Longest first, each to the batch with the least cost so far (ties: the lower
    batch); positions within a batch in their original order. Deterministic.

    Examples
    --------
    >>> balance([5, 1, 1, 3, 2], 2)
    [[0, 1], [2, 3, 4]]
    """
    costs = np.asarray(costs, dtype=float)
    n_batches = max(1, min(int(n_batches), len(costs)))
    totals = np.zeros(n_batches)
    batches: list[list[int]] = [[] for _ in range(n_batches)]
    for i in np.argsort(-costs, kind="stable"):
        b = int(np.argmin(totals))
        batches[b].append(int(i))
        totals[b] += costs[i]
    return [sorted(b) for b in batches if b]
