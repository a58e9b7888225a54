"""Run per-document work in parallel: joblib on one machine, Dask beyond it.

Every per-document function of the suite is a pure function of a document's
units (one or several documents' paragraphs, sentences or tokens in, tidy rows
out). :func:`map_documents` runs such a function over *partitions* of documents
and gathers the results **in document order**, so the tables are equal, value
for value and byte for byte once written, to a single call on the whole corpus.

Where the work runs is chosen by two keyword options, whose defaults come from
the environment so that ``analysis run --jobs 2`` / ``--scheduler ADDRESS``
reach the library inside every notebook without changing a notebook:

========================  ===================================================
``jobs=1`` (default)      one process, no partitioning: ``fn(corpus)``
``jobs=N``                N worker processes on this machine (joblib, loky;
                          one warm pool per process: :mod:`.workers`)
``scheduler="local"``     a ``distributed.LocalCluster`` of ``jobs`` (at least
                          2) single-threaded worker processes, no dashboard
``scheduler="tcp://…"``   an existing Dask cluster (its scheduler's address)
``scheduler=client``      a ``distributed.Client`` you already hold
========================  ===================================================

Environment (read when the option is ``None``): ``ANALYSIS_JOBS`` (an integer),
``ANALYSIS_SCHEDULER`` (``local`` or an address) and, failing that, Dask's own
``DASK_SCHEDULER_ADDRESS``. The command line sets the first two.

What uses them: ``Corpus.sentences()`` / ``.tokens()`` segment per partition of
documents when more than one process is asked for (:func:`segment_corpus`), and
:func:`per_document_tables` runs every per-document step of the suite
(:data:`PER_DOCUMENT_STEPS`: segmentation, keyness terms, stance markers, frame
coding, Entman functions, actor mentions, drivers and risks, relationship tone,
sentence sentiment) in one pass per partition, each partition segmenting its own text.
A new analysis plugs in with one line in :data:`PER_DOCUMENT_STEPS`, or calls
:func:`map_documents` on its own function.

Each partition builds its pipelines once: spaCy's pipeline is cached per
process (:func:`analysis.segment.english_pipeline`), the steps' default resources
(codebook, marker lists, gazetteer, lexicons) are read once per process, and
``setup`` -- a callable returning keyword arguments, e.g.
``lambda: {"analyser": SentimentIntensityAnalyzer()}`` -- is called once per
partition. Inside a partition everything runs serially (the environment defaults
are ignored there), so nothing nests. Columns that number rows across a whole
table rather than within a document (``run_id`` of the keyness terms) continue
their numbering from part to part (:func:`combine`).

Memory: partitions hold only their documents; the gathered tables are as large as
a single process's. What grows with the corpus is the sentence and token tables
(about 1.2 million token rows per million words) and every per-unit table built
from them; spaCy's vocabulary and tokenizer cache grow with the number of distinct
word forms, slower than the corpus; pipelines and resources do not grow.

Examples
--------
>>> from analysis import parallel, style
>>> counts = parallel.map_documents(style.stance_counts, corpus, jobs=2)   # doctest: +SKIP
>>> sents, toks = parallel.segment_corpus(corpus, scheduler="local")      # doctest: +SKIP
>>> tables = parallel.per_document_tables(corpus, scheduler="tcp://HOST:8786")  # doctest: +SKIP
"""

from __future__ import annotations

from .partitions import combine, partition, split_corpus, split_frame
from .run import dask_client, map_documents, map_sentences
from .settings import (DASK_ADDRESS_ENV, JOBS_ENV, LOCAL_WORKERS, PARTITIONS_PER_WORKER, SCHEDULER_ENV, check_jobs,
                       default_jobs, default_scheduler, in_partition, serial_section,
                       wants_parallel)
from .steps import PER_DOCUMENT_STEPS, available_steps, per_document_tables, run_steps, segment_corpus

__all__ = ["JOBS_ENV", "SCHEDULER_ENV", "DASK_ADDRESS_ENV", "LOCAL_WORKERS", "PARTITIONS_PER_WORKER",
           "default_jobs", "default_scheduler", "check_jobs", "wants_parallel", "in_partition", "serial_section", "map_documents", "map_sentences", "partition",
           "split_corpus", "split_frame", "combine", "segment_corpus", "dask_client",
           "PER_DOCUMENT_STEPS", "available_steps", "run_steps", "per_document_tables"]
