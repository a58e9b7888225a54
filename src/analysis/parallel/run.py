"""Run a function over parts of documents: serially, with joblib, or on Dask."""

from __future__ import annotations

import atexit
from contextlib import contextmanager
from functools import lru_cache
from typing import Callable

import pandas as pd

from ..errors import AnalysisError
from .partitions import _is_corpus, _n_parts, _n_units, combine, partition
from .settings import _IN_PARTITION, LOCAL_WORKERS, check_jobs, default_jobs, default_scheduler, wants_parallel
from .workers import run_in_workers


# --------------------------------------------------------------------------- running
def _run_partition(fn: Callable, part, setup: Callable | None, per_item: bool):
    """Run ``fn`` on one partition, serially (environment defaults off), with its own setup."""
    token = _IN_PARTITION.set(True)
    try:
        context = setup() if setup is not None else {}
        if per_item:
            return [fn(item, **context) for item in part]
        return fn(part, **context)
    finally:
        _IN_PARTITION.reset(token)


def _run_bag_partition(part, fn, setup, per_item):
    # dask.bag.map passes the bag element first
    return _run_partition(fn, part, setup, per_item)


def map_documents(fn: Callable, data, *, jobs: int | None = None, scheduler=None,
                  partition_size: int | None = None, setup: Callable[[], dict] | None = None,
                  doc: str = "doc_id"):
    """Run a per-document function over partitions of documents, in parallel, in document order.

    Parameters
    ----------
    fn : callable
        For a Corpus or a table: ``fn(part, **setup())`` where ``part`` is a Corpus
        (or table) of whole, consecutive documents; it returns a DataFrame, Series,
        tuple or dict of them, or a list, whose rows depend only on each document.
        For a plain sequence: ``fn(item, **setup())`` per item. Must be picklable
        for ``jobs > 1`` or Dask (a module-level function or a ``functools.partial``
        of one; joblib and Dask also accept lambdas via cloudpickle).
    data : Corpus, pandas.DataFrame or sequence
        A corpus, a table with a ``doc`` column whose rows are grouped by document
        (sentences, tokens, paragraphs...), or a list of items.
    jobs : int, optional
        Worker processes (-1: every core). Default ``$ANALYSIS_JOBS`` or 1.
    scheduler : {"local", "sync"}, str or distributed.Client, optional
        Use Dask: ``"sync"`` runs the same partitions in this process (Dask's
        synchronous scheduler: for debugging and tests); ``"local"`` starts (once per process) a ``LocalCluster`` of
        ``max(jobs, 2)`` single-threaded workers; an address such as
        ``"tcp://HOST:8786"`` connects to an existing cluster; a ``Client`` is used
        as is. Default ``$ANALYSIS_SCHEDULER``, else ``$DASK_SCHEDULER_ADDRESS``, else
        no Dask.
    partition_size : int, optional
        Documents (items) per partition. Default: about
        :data:`PARTITIONS_PER_WORKER` partitions per worker.
    setup : callable, optional
        Called once per partition (in the worker); returns a dict of keyword
        arguments for ``fn`` -- build analysers or matchers there.
    doc : str, default="doc_id"
        Document column of a table.

    Returns
    -------
    The combined result (see :func:`combine`): for a Corpus or a table, what
    ``fn(data)`` returns; for a sequence, the list ``[fn(item) for item in data]``.
    With one job and no scheduler the function is simply called on the whole
    input, so the serial result is the reference the parallel ones equal.
    """
    jobs = default_jobs() if jobs is None else check_jobs(jobs)
    scheduler = default_scheduler() if scheduler is None else scheduler
    per_item = not (_is_corpus(data) or isinstance(data, pd.DataFrame))
    if scheduler is None and jobs == 1:
        return _run_partition(fn, data, setup, per_item)
    n_units = _n_units(data, doc)
    if n_units == 0:
        return _run_partition(fn, data, setup, per_item)
    if scheduler is None:
        from joblib import delayed

        parts = partition(data, _n_parts(n_units, jobs, partition_size), doc=doc)
        results = run_in_workers([delayed(_run_partition)(fn, p, setup, per_item) for p in parts],
                                 min(jobs, len(parts)))
    elif scheduler == "sync":   # Dask's synchronous scheduler: the same partitions, in this process
        import dask.bag as db

        parts = partition(data, _n_parts(n_units, max(jobs, LOCAL_WORKERS), partition_size), doc=doc)
        bag = db.from_sequence(parts, npartitions=len(parts))
        results = bag.map(_run_bag_partition, fn, setup, per_item).compute(scheduler="synchronous")
    else:
        import dask
        import dask.bag as db

        client = _client(scheduler, max(jobs, LOCAL_WORKERS))
        workers = max(1, sum(client.ncores().values()))
        parts = partition(data, _n_parts(n_units, workers, partition_size), doc=doc)
        # One bag partition per part of documents; the parts travel to the workers
        # directly (scatter), not inside the task graph.
        scattered = client.scatter([[p] for p in parts])
        bag = db.from_delayed([dask.delayed(f) for f in scattered])
        results = client.compute(bag.map(_run_bag_partition, fn, setup, per_item)).result()
    return combine(results)


def map_sentences(fn, sentences: pd.DataFrame, *, jobs: int | None = None, scheduler=None,
                  same_index: bool = True) -> pd.DataFrame:
    """``fn(sentences)`` run per partition of documents by :func:`map_documents`.

    Sentences are split on ``doc_id`` (or ``item_id`` in the validation sets). A table
    without either column, or whose documents' rows are not consecutive, cannot be split
    by document and is passed to ``fn`` whole. With ``same_index`` (one row out per sentence in)
    the result's index is ``sentences``' index, as with a single call.
    """
    doc = next((c for c in ("doc_id", "item_id") if c in sentences.columns), None)
    if doc is not None and wants_parallel(jobs=jobs, scheduler=scheduler):
        codes = pd.factorize(sentences[doc])[0]   # numbered by first appearance: consecutive iff non-decreasing
        if (codes[1:] < codes[:-1]).any():
            doc = None
    if doc is None:
        return fn(sentences)
    out = map_documents(fn, sentences, jobs=jobs, scheduler=scheduler, doc=doc)
    if same_index:
        out.index = sentences.index
    return out


# --------------------------------------------------------------------------- Dask clients
def _client(scheduler, n_workers: int):
    if hasattr(scheduler, "compute") and hasattr(scheduler, "ncores"):
        return scheduler                                  # a distributed.Client
    if not isinstance(scheduler, str) or not scheduler.strip():
        raise AnalysisError(f"scheduler: {scheduler!r} is neither 'local', an address such as "
                            f"tcp://host:8786, nor a distributed.Client")
    return _shared_client(scheduler.strip(), n_workers)


@lru_cache(maxsize=None)
def _shared_client(scheduler: str, n_workers: int):
    """One client per scheduler and process (a LocalCluster takes seconds to start); closed at exit."""
    client = _open_client(scheduler, n_workers)
    atexit.register(_close, client)
    return client


def _open_client(scheduler: str, n_workers: int):
    import logging

    from distributed import Client, LocalCluster

    if scheduler == "local":
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        return Client(cluster, set_as_default=False)
    try:
        return Client(scheduler, set_as_default=False, timeout="20s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise AnalysisError(f"scheduler {scheduler!r}: cannot connect ({exc.__class__.__name__}); start the "
                            f"cluster (`dask scheduler`, `dask worker ADDRESS`) or use --scheduler local") from None


def _close(client) -> None:
    cluster = getattr(client, "cluster", None)
    try:
        client.close()
        if cluster is not None:
            cluster.close()
    except Exception:  # noqa: BLE001 - already closed, or shutting down at exit
        pass


@contextmanager
def dask_client(scheduler: str = "local", *, n_workers: int = LOCAL_WORKERS):
    """A ``distributed.Client`` for ``scheduler`` (``"local"`` or an address), closed on exit.

    Examples
    --------
    >>> with dask_client("local") as client:                       # doctest: +SKIP
    ...     counts = map_documents(style.stance_counts, corpus, scheduler=client)
    """
    client = _open_client(scheduler, n_workers)
    try:
        yield client
    finally:
        _close(client)
