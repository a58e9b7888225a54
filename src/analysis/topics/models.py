"""Three topic models on one segment-term matrix, each seeded and single-threaded.

- **NMF** on TF-IDF weights (scikit-learn, ``init="nndsvda"``);
- **LDA** on counts (scikit-learn, batch variational Bayes, ``n_jobs=1``);
- **DMR** (tomotopy's Dirichlet-multinomial regression, Mimno & McCallum 2008): LDA whose
  document-topic prior depends on a document covariate -- here the period -- so
  prevalence by period comes from the model itself, in the spirit of stm's prevalence
  covariates (Roberts et al. 2014). One worker, fixed seed.

Every fit runs under ``threadpoolctl.threadpool_limits(1)``: NMF's last bits differ
between one and two BLAS threads (checked with the pinned scikit-learn). Every fit returns a :class:`TopicFit`
whose ``topic_term`` rows and ``doc_topic`` rows sum to one, so the models compare.
"""

from __future__ import annotations

import hashlib
import warnings
import weakref
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from ..stats import step_seed
from .segments import SegmentTermMatrix

#: Model names understood by :func:`fit_model`.
MODELS = ("nmf", "lda", "dmr")
#: Display names of the models.
MODEL_NAMES = {"nmf": "NMF (TF-IDF)", "lda": "LDA (counts)", "dmr": "DMR (period prior)"}


@dataclass(frozen=True)
class TopicFit:
    """A fitted topic model in a form every model shares.

    Attributes
    ----------
    model : str
        ``"nmf"``, ``"lda"`` or ``"dmr"``.
    k : int
    seed : int
    topic_term : numpy.ndarray, shape (k, n_terms)
        Term weights per topic, each row summing to 1.
    doc_topic : numpy.ndarray, shape (n_segments, k)
        Topic shares per segment, each row summing to 1 (rows of the segments fitted).
    vocabulary : numpy.ndarray of str
    rows : numpy.ndarray of int
        Positions (in the full matrix) of the segments fitted.
    covariate_prior : pandas.DataFrame or None
        DMR only: ``level, topic, prior`` -- the expected topic share of a segment with
        that covariate value under the model (``exp(lambda)`` normalised).
    """

    model: str
    k: int
    seed: int
    topic_term: np.ndarray = field(repr=False)
    doc_topic: np.ndarray = field(repr=False)
    vocabulary: np.ndarray = field(repr=False)
    rows: np.ndarray = field(repr=False)
    covariate_prior: pd.DataFrame | None = field(default=None, repr=False)


def derive_seeds(seed: int, name: str, n: int) -> list[int]:
    """``n`` independent seeds for the random step ``name`` (``analysis.stats.step_seed``).

    Run ``i`` gets ``step_seed(seed, f"{name} {i}")``, so adding runs or steps never shifts
    the seeds of the others.

    Examples
    --------
    >>> derive_seeds(1, "stability", 2) == derive_seeds(1, "stability", 3)[:2]
    True
    """
    return [step_seed(int(seed), f"{name} {i}") for i in range(n)]


_LIMITED: ContextVar[bool] = ContextVar("analysis_topics_single_thread", default=False)


@contextmanager
def single_thread():
    """Limit BLAS/OpenMP to one thread (``threadpoolctl``), once for nested calls.

    Entering ``threadpool_limits`` costs ~10 ms (it scans the loaded libraries); the
    stability and k-search loops enter this once around hundreds of fits.
    """
    if _LIMITED.get():
        yield
        return
    token = _LIMITED.set(True)
    try:
        with threadpool_limits(1):
            yield
    finally:
        _LIMITED.reset(token)


_FITS: ContextVar[dict | None] = ContextVar("analysis_topics_fit_cache", default=None)


@contextmanager
def reuse_fits():
    """Within this block, :func:`fit_model` computes each distinct fit once.

    A fit is the same when matrix (the same object), model, k, seed, rows and options
    are: the k search's reference fit and its first refits at the chosen k are then
    the chosen model's fit and its first stability refits (same seeds, same samples)
    instead of being fitted twice. Fits are deterministic, so reusing one changes no
    number. The cache lives as long as the block (:func:`run_topics`).
    """
    if _FITS.get() is not None:
        yield
        return
    token = _FITS.set({})
    try:
        yield
    finally:
        _FITS.reset(token)
        _forget_words()  # the block's matrices may outlive it (returned): not their term lists


def _normalise_rows(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a, dtype=float)
    tot = a.sum(axis=1, keepdims=True)
    out = np.divide(a, tot, out=np.full_like(a, 1.0 / a.shape[1]), where=tot > 0)
    return out


def _rows(dtm: SegmentTermMatrix, rows) -> np.ndarray:
    return np.arange(dtm.shape[0]) if rows is None else np.asarray(rows)


def fit_nmf(dtm: SegmentTermMatrix, k: int, *, random_state: int, rows=None, max_iter: int = 500,
            tol: float = 1e-3) -> TopicFit:
    """NMF on TF-IDF (l2-normalised rows, smooth idf) with ``init="nndsvda"``.

    ``topic_term`` is ``H`` with rows normalised; ``doc_topic`` is ``W`` with rows normalised
    (a segment with ``W = 0`` gets equal shares). scikit-learn's ``ConvergenceWarning``
    is silenced: on a few dozen segments coordinate descent can oscillate in the last
    digits until ``max_iter`` without changing the top terms.
    """
    from sklearn.decomposition import NMF
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.feature_extraction.text import TfidfTransformer

    rows = _rows(dtm, rows)
    with single_thread(), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        x = TfidfTransformer().fit_transform(dtm.counts[rows].astype(float))
        est = NMF(n_components=k, init="nndsvda", random_state=int(random_state), max_iter=max_iter, tol=tol)
        w = est.fit_transform(x)
    return TopicFit("nmf", k, int(random_state), _normalise_rows(est.components_), _normalise_rows(w),
                    dtm.vocabulary, rows)


def fit_lda(dtm: SegmentTermMatrix, k: int, *, random_state: int, rows=None, max_iter: int | None = None,
            learning_method: str = "auto", online_above: int = 500, doc_topic_prior: float | None = None,
            topic_word_prior: float | None = None, transform: bool = True) -> TopicFit:
    """LDA on counts (variational Bayes, ``n_jobs=1``); priors default to ``1/k``.

    ``learning_method="auto"`` uses batch updates (25 passes) up to ``online_above``
    segments and online updates above (mini-batches of 1024, 2 passes, at most 20
    inner updates per segment): on ~10,000 paragraphs batch updates take minutes, online
    ones seconds, with the same topics.
    ``transform=False`` skips the extra pass that computes ``doc_topic`` (left empty):
    stability runs need only the topics.

    Online updates run as ``max_iter`` calls of ``partial_fit`` (with ``total_samples``
    the number of segments), which is exactly what ``fit`` does in online mode minus
    its last step: ``fit`` always ends with one more E-step over every segment to
    compute the variational bound (``bound_``, used for perplexity), which nothing
    here reads -- a third of an online fit's time on 10,000 paragraphs. Batch updates
    (small matrices) still call ``fit``, which has no public way to skip that step.
    """
    from sklearn.decomposition import LatentDirichletAllocation

    rows = _rows(dtm, rows)
    if learning_method == "auto":
        learning_method = "batch" if len(rows) <= online_above else "online"
    if max_iter is None:
        max_iter = 25 if learning_method == "batch" else 2
    inner = 100 if learning_method == "batch" else 20
    with single_thread():
        est = LatentDirichletAllocation(n_components=k, learning_method=learning_method, max_iter=max_iter,
                                        batch_size=1024, max_doc_update_iter=inner,
                                        random_state=int(random_state), n_jobs=1,
                                        doc_topic_prior=doc_topic_prior, topic_word_prior=topic_word_prior,
                                        total_samples=len(rows))
        x = dtm.counts[rows].astype(np.float64)  # converted once, not in every partial_fit call
        if learning_method == "online":
            for _ in range(max_iter):
                est.partial_fit(x)
        else:
            est.fit(x)
        theta = est.transform(x) if transform else np.zeros((0, k))
    return TopicFit("lda", k, int(random_state), _normalise_rows(est.components_), _normalise_rows(theta),
                    dtm.vocabulary, rows)


def fit_dmr(dtm: SegmentTermMatrix, k: int, *, random_state: int, rows=None, covariate: str = "period",
            iterations: int | None = None, alpha: float = 0.1, eta: float = 0.01, sigma: float = 1.0,
            transform: bool = True) -> TopicFit:
    """tomotopy ``DMRModel`` with ``covariate`` (a column of ``dtm.segments``) as metadata.

    Gibbs sampling with one worker and a fixed seed, so a rerun gives the same model;
    ``iterations=None``: 100 sweeps up to 2,000 segments, 50 beyond (each sweep then
    samples many more tokens).
    ``doc_topic`` is each segment's topic distribution; ``covariate_prior`` the model's
    expected topic shares for each covariate value. ``transform=False`` leaves
    ``doc_topic`` empty (stability runs need only the topics; reading it back from
    tomotopy does not change the model).
    """
    import tomotopy as tp

    rows = _rows(dtm, rows)
    words, starts = segment_words(dtm)
    meta = dtm.segments[covariate].astype(str).to_numpy()[rows]
    mdl = tp.DMRModel(k=k, alpha=alpha, eta=eta, sigma=sigma, seed=int(random_state))
    vocab = dtm.vocabulary
    for r, m in zip(rows.tolist(), meta.tolist()):
        mdl.add_doc(words[starts[r]:starts[r + 1]], metadata=str(m))
    if iterations is None:
        iterations = 100 if len(rows) <= 2000 else 50
    mdl.train(iterations, workers=1, parallel=tp.ParallelScheme.NONE)
    pos = pd.Index(vocab).get_indexer(list(mdl.used_vocabs))
    topic_term = np.zeros((k, len(vocab)))
    for t in range(k):
        topic_term[t, pos] = mdl.get_topic_word_dist(t)
    doc_topic = np.array([d.get_topic_dist() for d in mdl.docs]) if transform else np.zeros((0, k))
    levels = list(mdl.metadata_dict)
    prior = np.array([mdl.get_topic_prior(metadata=lev) for lev in levels])
    prior = _normalise_rows(prior)
    cov = pd.DataFrame({"level": np.repeat(levels, k), "topic": np.tile(np.arange(k), len(levels)),
                        "prior": prior.ravel()})
    return TopicFit("dmr", k, int(random_state), _normalise_rows(topic_term), _normalise_rows(doc_topic),
                    vocab, rows, cov)


# the last matrix segment_words read: (weak reference to it, words, starts)
_WORDS: list = [None]


def segment_words(dtm: SegmentTermMatrix) -> tuple[list, list]:
    """Every segment as the list of terms tomotopy reads, built once per matrix.

    Returns ``words`` (each segment's terms, a term repeated by its count, in the
    column order of its row of ``dtm.counts``, segment after segment) and ``starts``
    (segment ``i`` is ``words[starts[i]:starts[i + 1]]``). The stability refits of
    :func:`fit_dmr` read samples of the same matrix: they slice these lists instead of
    expanding their rows again. Only the last matrix is kept, and only while it lives
    (and, within :func:`reuse_fits`, only until the block ends).
    """
    hit = _WORDS[0]
    if hit is not None and hit[0]() is dtm:
        return hit[1], hit[2]
    counts = dtm.counts.tocsr()
    words = np.repeat(dtm.vocabulary[counts.indices], counts.data).tolist()
    starts = np.concatenate([[0], np.cumsum(counts.data)])[counts.indptr].tolist()
    _WORDS[0] = (weakref.ref(dtm, _forget_words), words, starts)
    return words, starts


def _forget_words(ref=None) -> None:
    """Drop the lists of :func:`segment_words` (of the matrix ``ref`` points to, if given)."""
    if ref is None or (_WORDS[0] is not None and _WORDS[0][0] is ref):
        _WORDS[0] = None


def fit_model(dtm: SegmentTermMatrix, k: int, *, model: str, random_state: int, rows=None,
              **options) -> TopicFit:
    """Fit ``model`` (one of :data:`MODELS`) with ``k`` topics; options go to its ``fit_*``."""
    if model not in FITTERS:
        raise ValueError(f"model must be one of {MODELS}, got {model!r}")
    key = fit_key(dtm, k, model=model, random_state=random_state, rows=rows, **options)
    hit = cached_fit(dtm, key)
    if hit is not None:
        return hit
    fit = FITTERS[model](dtm, k, random_state=random_state, rows=rows, **options)
    remember_fit(dtm, key, fit)
    return fit


def fit_key(dtm: SegmentTermMatrix, k: int, *, model: str, random_state: int, rows=None, **options):
    """The :func:`reuse_fits` cache key of a fit, or ``None`` (no cache active, or an unhashable option)."""
    if _FITS.get() is None:
        return None
    rows_digest = hashlib.sha1(np.ascontiguousarray(_rows(dtm, rows), dtype=np.int64)).hexdigest()
    key = (id(dtm), model, int(k), int(random_state), rows_digest, tuple(sorted(options.items())))
    try:
        hash(key)
    except TypeError:  # an unhashable option: fit without the cache
        return None
    return key


def cached_fit(dtm: SegmentTermMatrix, key) -> TopicFit | None:
    """The fit cached under ``key`` (from :func:`fit_key`) for this very matrix, else ``None``."""
    cache = _FITS.get()
    hit = None if cache is None or key is None else cache.get(key)
    # the matrix is kept with its fit, so its id cannot have been reused by another matrix
    return hit[1] if hit is not None and hit[0] is dtm else None


def remember_fit(dtm: SegmentTermMatrix, key, fit: TopicFit) -> None:
    """Cache ``fit`` under ``key`` while a :func:`reuse_fits` block is open (no-op otherwise)."""
    cache = _FITS.get()
    if cache is not None and key is not None:
        cache[key] = (dtm, fit)


#: The ``fit_*`` function of each model name.
FITTERS = {"nmf": fit_nmf, "lda": fit_lda, "dmr": fit_dmr}
