"""The suite's per-document steps, and running them per partition of documents.

:data:`PER_DOCUMENT_STEPS` lists, by name, the library functions that are pure
functions of a document (rows of one document depend only on that document):
what runs in parallel and what the benchmark times. An analysis adds its own
per-document function with one line here; a step whose function is not (yet) in
the library is skipped by :func:`available_steps`.
"""

from __future__ import annotations

import dataclasses
import importlib
from functools import lru_cache, partial
from typing import Callable

import pandas as pd

from .run import map_documents

#: ``name -> (module, function, input, resources)``. ``input`` is ``"corpus"`` (the
#: function takes a Corpus of whole documents) or ``"sentences"`` (it takes
#: ``corpus.sentences()``); ``resources`` maps a keyword argument to the
#: ``(module, loader)`` that reads its default resource -- read once per process.
PER_DOCUMENT_STEPS = {
    "segmentation": ("analysis.parallel.steps", "segment_part", "corpus", {}),
    "keyness terms": ("analysis.keyness", "extract_terms", "corpus",
                      {"expressions": ("analysis.keyness", "load_expressions")}),
    "stance markers": ("analysis.style", "stance_counts", "corpus",
                       {"markers": ("analysis.style", "load_stance_markers")}),
    "frame coding": ("analysis.framing", "code_corpus", "corpus",
                     {"codebook": ("analysis.framing", "load_codebook")}),
    "Entman functions": ("analysis.framing", "frame_functions", "sentences",
                         {"cues": ("analysis.framing", "load_entman_cues")}),
    "actor mentions": ("analysis.actors", "actor_mentions", "sentences",
                       {"gazetteer": ("analysis.actors", "load_gazetteer")}),
    "drivers and risks": ("analysis.drivers", "extract_drivers", "sentences",
                          {"cues": ("analysis.drivers", "load_driver_cues"),
                           "gazetteer": ("analysis.actors", "load_gazetteer"),
                           "codebook": ("analysis.framing", "load_codebook")}),
    "relationship tone": ("analysis.sentiment", "relationship_tone", "sentences",
                          {"dictionary": ("analysis.sentiment", "load_relationship_dictionary")}),
    "sentence sentiment": ("analysis.sentiment", "score_sentences", "sentences",
                           {"scorers": ("analysis.sentiment", "build_scorers"),
                            "dictionary": ("analysis.sentiment", "load_relationship_dictionary")},
                           ("lexicon", "doc_id", "period", "para_id", "sent_id")),
}
# An optional fifth element names the sort keys of a step whose rows are not in document
# order (the long sentiment table is sorted by lexicon, then keys): the gathered parts are
# sorted by them again, stably -- the first key by order of appearance, the others by value.


def _sort_like_one_call(table: pd.DataFrame, keys) -> pd.DataFrame:
    keys = [k for k in keys if k in table.columns]
    if not keys or not len(table):
        return table
    first = pd.factorize(table[keys[0]], sort=False)[0]
    order = table.assign(_first=first).sort_values(["_first", *keys[1:]], kind="stable").index
    return table.loc[order].reset_index(drop=True)


def _resolve(module: str, name: str) -> Callable | None:
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


@lru_cache(maxsize=None)
def _resource(module: str, loader: str):
    """A default resource (codebook, marker list, gazetteer), read once per process."""
    return _resolve(module, loader)()


def available_steps(names=None) -> dict[str, Callable]:
    """The per-document steps present in the library: ``name -> fn(corpus)``.

    Parameters
    ----------
    names : list of str, optional
        Only these steps (default: every step of :data:`PER_DOCUMENT_STEPS` whose
        function and resource loaders exist).
    """
    out = {}
    for name in (names if names is not None else PER_DOCUMENT_STEPS):
        module, attr, kind, resources = PER_DOCUMENT_STEPS[name][:4]
        if _resolve(module, attr) is None or any(_resolve(*r) is None for r in resources.values()):
            continue
        out[name] = partial(_call_step, module, attr, kind, tuple(resources.items()))
    return out


def _call_step(module: str, attr: str, kind: str, resources: tuple, corpus):
    kwargs = {key: _resource(*loader) for key, loader in resources}
    data = corpus.sentences() if kind == "sentences" else corpus
    return _resolve(module, attr)(data, **kwargs)


def run_steps(corpus, names=None) -> dict:
    """Run the per-document steps on a corpus, in order: ``name -> table(s)`` (one process)."""
    return {name: fn(corpus) for name, fn in available_steps(names).items()}


def per_document_tables(corpus, names=None, *, jobs: int | None = None, scheduler=None,
                        partition_size: int | None = None) -> dict:
    """Every per-document step over partitions of documents, each partition segmenting its own text.

    Returns the same ``name -> table(s)`` as :func:`run_steps` on the whole corpus,
    gathered in document order. Options as in :func:`map_documents`.
    """
    names = list(available_steps(names))
    cache = {k: v for k, v in corpus._cache.items() if k != "segmented"}
    out = map_documents(partial(run_steps, names=names), dataclasses.replace(corpus, _cache=cache),
                        jobs=jobs, scheduler=scheduler, partition_size=partition_size)
    for name in names:
        spec = PER_DOCUMENT_STEPS[name]
        if len(spec) > 4 and isinstance(out[name], pd.DataFrame):
            out[name] = _sort_like_one_call(out[name], spec[4])
    return out


# --------------------------------------------------------------------------- segmentation
def segment_part(corpus) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(corpus.sentences(), corpus.tokens())`` -- serial inside a partition."""
    return corpus.sentences(), corpus.tokens()


def segment_corpus(corpus, *, jobs: int | None = None, scheduler=None,
                   partition_size: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sentences and tokens of a corpus, segmented per partition of documents.

    Each partition segments its documents' paragraphs with the corpus's own
    pipeline (built once per worker process); the tables are gathered in document
    order and equal ``corpus.sentences()`` and ``corpus.tokens()`` of a single
    process (sentence ids count within a document, so partitions need no renumbering).

    Parameters
    ----------
    corpus : analysis.corpus.Corpus
    jobs, scheduler, partition_size
        As in :func:`map_documents`.

    Returns
    -------
    sentences, tokens : pandas.DataFrame
    """
    cache = {k: v for k, v in corpus._cache.items() if k != "segmented"}
    parts_input = dataclasses.replace(corpus, _cache=cache)
    return map_documents(segment_part, parts_input, jobs=jobs, scheduler=scheduler,
                         partition_size=partition_size)

