"""The steps notebook 06 and its benchmark stage run, in order, with the same defaults.

:func:`prepare` (segments and matrix) -> :func:`search_k` (stability and coherence for
each k) -> :func:`fit_models` (the three models at the chosen k) -> :func:`stability`
(>= 20 seeded refits per model) -> :func:`describe` (terms, FREX, labels, examples) ->
:func:`prevalence` (by period, counted and model-based).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .labels import frex_terms, representative_segments, sort_by_prevalence, topic_labels, topic_terms
from .batch import fit_many, fit_pairs, worker_cpu_seconds
from .models import MODELS, derive_seeds, reuse_fits, single_thread
from .prevalence import model_prevalence, prevalence_tests, topic_prevalence
from .segments import SegmentTermMatrix, capacity, load_stop_words, segment_table, segment_term_matrix, term_tokens
from .stability import refit_specs, runs_table, select_k, topic_stability

#: Display names of the segment units (the ``unit`` column of interval tables).
UNIT_NAMES = {"paragraph": "paragraph", "sentence_window": "sentence window", "document": "document"}


def choose_unit(corpus, unit: str = "paragraph", *, min_docs: int = 50) -> str:
    """``unit`` itself, or for ``"auto"``: ``"document"`` when every period holds at least
    ``min_docs`` articles, else ``"paragraph"``."""
    if unit != "auto":
        return unit
    per_period = corpus.documents().groupby("period")["doc_id"].nunique()
    return "document" if (per_period >= min_docs).all() else "paragraph"


def prepare(corpus, *, unit: str = "paragraph", window: int = 3, min_df: int | float = 2,
            max_df: float = 1.0, max_terms: int | None = 2000, stop_words_path=None,
            tokens: pd.DataFrame | None = None) -> SegmentTermMatrix:
    """Segments of ``unit`` and their term matrix (see :func:`segment_table`, :func:`segment_term_matrix`).

    ``tokens``: :func:`~.segments.term_tokens` of ``corpus`` with the stop words of
    ``stop_words_path``, when already at hand (the units of one corpus share them).
    """
    stop = load_stop_words(stop_words_path) if tokens is None else None
    seg = segment_table(corpus, unit=unit, window=window, stop_words=stop, tokens=tokens)
    return segment_term_matrix(seg, min_df=min_df, max_df=max_df, max_terms=max_terms)


def search_sample(dtm: SegmentTermMatrix, *, seed: int, search_max_segments: int | None = 2000) -> np.ndarray:
    """Positions of the segments the k search reads: all, or a seeded sample of ``search_max_segments``.

    The sample is drawn once (``analysis.stats.step_rng(seed, "topics k search sample")``)
    and sorted, so the k search on a large corpus costs the same whatever its size.
    """
    if search_max_segments is not None and search_max_segments < 2:
        raise ValueError(f"search_max_segments must be None or >= 2, got {search_max_segments!r}")
    n = dtm.shape[0]
    if search_max_segments is None or n <= search_max_segments:
        return np.arange(n)
    from .. import stats

    rng = stats.step_rng(seed, "topics k search sample")
    return np.sort(rng.choice(n, int(search_max_segments), replace=False))


def search_k(dtm: SegmentTermMatrix, k_values, *, seed: int, models=("nmf",), n_runs: int = 10,
             sample_fraction: float = 0.8, max_segments: int | None = 1000, top_n: int = 10,
             search_max_segments: int | None = 2000, jobs: int | None = None) -> pd.DataFrame:
    """:func:`select_k` over ``k_values`` (capped at the number of segments minus one).

    Parameters
    ----------
    search_max_segments : int or None, default=2000
        Above this many segments, the whole search (reference fits, refits, coherence)
        reads one seeded sample of this many (:func:`search_sample`); ``n_segments`` of
        the table then says how many it read. Stability is itself measured on samples
        (``sample_fraction``, ``max_segments``), so a fixed-size sample keeps the search's
        cost constant in corpus size; the chosen models are still fitted on every
        segment. ``None``: always every segment.
    jobs : int, optional
        Worker processes for the fits (default ``$ANALYSIS_JOBS`` or 1; same table for any).
    """
    rows = search_sample(dtm, seed=seed, search_max_segments=search_max_segments)
    sub = dtm if len(rows) == dtm.shape[0] else dtm.subset(rows)
    ks = [k for k in k_values if 2 <= k < sub.shape[0]]
    return select_k(sub, ks, models=models, random_state=seed, n_runs=n_runs, sample_fraction=sample_fraction,
                    max_segments=max_segments, top_n=top_n, jobs=jobs)


def fit_models(dtm: SegmentTermMatrix, k: int, *, seed: int, models=MODELS, jobs: int | None = None) -> dict:
    """Reference fit of each model on all segments, topics numbered by prevalence.

    The seed of model ``m`` is ``derive_seeds(seed, f"{m}-k{k}-reference", 1)[0]``, the one
    :func:`stability_runs` uses, so the reference of the k search is this fit. The models
    are fitted side by side in ``jobs`` worker processes (default ``$ANALYSIS_JOBS`` or 1).
    """
    fits = fit_many(dtm, _reference_specs(k, seed, models), jobs=jobs)
    return {m: sort_by_prevalence(fit, dtm) for m, fit in zip(models, fits)}


def _reference_specs(k: int, seed: int, models) -> list[dict]:
    return [dict(k=k, model=m, random_state=derive_seeds(seed, f"{m}-k{k}-reference", 1)[0]) for m in models]


def stability(dtm: SegmentTermMatrix, fits: dict, *, seed: int, n_runs: int = 20, sample_fraction: float = 0.8,
              max_segments: int | None = 1000, top_n: int = 10, threshold: float = 0.5,
              refit_options: dict | None = None, jobs: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Refit every model ``n_runs`` times and match to its reference fit.

    The refits of all models run in one :func:`~.batch.fit_many` call over ``jobs``
    worker processes (default ``$ANALYSIS_JOBS`` or 1); the tables do not depend on it.
    ``refit_options``: see :func:`run_topics`.

    Returns
    -------
    runs : pandas.DataFrame
        :func:`stability_runs` rows of all models.
    per_topic : pandas.DataFrame
        :func:`topic_stability` of all models (``topic`` from 0, as in ``runs``).
    """
    plans = [refit_specs(dtm, fit.k, model=name, random_state=seed, n_runs=n_runs, sample_fraction=sample_fraction,
                         max_segments=max_segments, reference=False, **_refit_options(refit_options, name))
             for name, fit in fits.items()]
    refits = fit_many(dtm, [spec for plan in plans for spec in plan], jobs=jobs)
    return _match_refits(fits, plans, refits, top_n=top_n, threshold=threshold)


def fit_and_refit(dtm: SegmentTermMatrix, k: int, *, seed: int, models=MODELS, n_runs: int = 20,
                  sample_fraction: float = 0.8, max_segments: int | None = 1000, top_n: int = 10,
                  threshold: float = 0.5, others=(), refit_options: dict | None = None,
                  jobs: int | None = None) -> tuple:
    """:func:`fit_models` then :func:`stability` (and :func:`fit_models` on ``others``) in one batch of fits.

    A refit does not need its reference fit (only the matching does), so with ``jobs > 1``
    the long reference fits on every segment run beside the refits instead of before
    them (:func:`~.batch.fit_pairs`). Same seeds, samples and results as the separate calls.

    Parameters
    ----------
    others : sequence of SegmentTermMatrix
        Further matrices (the robustness checks') on which to fit the same models.
    refit_options : dict, optional
        See :func:`run_topics`.

    Returns
    -------
    fits : dict
        :func:`fit_models` on ``dtm``.
    runs, per_topic : pandas.DataFrame
        :func:`stability`.
    other_fits : list of dict
        :func:`fit_models` on each of ``others``.
    """
    refs = _reference_specs(k, seed, models)
    plans = [refit_specs(dtm, k, model=m, random_state=seed, n_runs=n_runs, sample_fraction=sample_fraction,
                         max_segments=max_segments, reference=False, **_refit_options(refit_options, m))
             for m in models]
    refits = [spec for plan in plans for spec in plan]
    pairs = [(d, spec) for d, specs in [(dtm, refs + refits), *[(o, refs) for o in others]] for spec in specs]
    every = fit_pairs(pairs, jobs=jobs)
    fits = {m: sort_by_prevalence(fit, dtm) for m, fit in zip(models, every)}
    runs, per_topic = _match_refits(fits, plans, every[len(refs):len(refs) + len(refits)], top_n=top_n,
                                    threshold=threshold)
    rest = every[len(refs) + len(refits):]
    other_fits = [{m: sort_by_prevalence(fit, o) for m, fit in zip(models, rest[i * len(refs):])}
                  for i, o in enumerate(others)]
    return fits, runs, per_topic, other_fits


def _refit_options(refit_options: dict | None, model: str) -> dict:
    """The fit options of ``model``'s stability refits in ``refit_options`` (none: its defaults)."""
    unknown = set(refit_options or {}) - set(MODELS)
    if unknown:
        raise ValueError(f"refit_options: models must be among {MODELS}, got {sorted(unknown)}")
    return dict((refit_options or {}).get(model, {}))


def _match_refits(fits: dict, plans: list, refits: list, *, top_n: int, threshold: float):
    """``runs`` and ``per_topic`` of :func:`stability` from refits listed model by model (``plans``)."""
    frames, start = [], 0
    for fit, plan in zip(fits.values(), plans):
        frames.append(runs_table(fit, refits[start:start + len(plan)], top_n=top_n))
        start += len(plan)
    runs = pd.concat(frames, ignore_index=True)
    return runs, topic_stability(runs, threshold=threshold)


def describe(fits: dict, dtm: SegmentTermMatrix, per_topic: pd.DataFrame, *, n_terms: int = 10,
             n_examples: int = 2) -> dict:
    """Terms by weight (``topics``), by FREX (``frex``), ``labels`` and ``examples`` of every model.

    Stability columns are joined from ``per_topic``; output topics count from 1.
    """
    terms, fx, examples = [], [], []
    for name, fit in fits.items():
        st = per_topic.loc[per_topic["model"] == name]
        terms.append(topic_terms(fit, n=n_terms, stability=st))
        fx.append(frex_terms(fit, n=n_terms, stability=st))
        examples.append(representative_segments(fit, dtm, n=n_examples))
    terms, fx = pd.concat(terms, ignore_index=True), pd.concat(fx, ignore_index=True)
    return {"topics": terms, "frex": fx, "labels": topic_labels(terms, fx),
            "examples": pd.concat(examples, ignore_index=True)}


def prevalence(fits: dict, dtm: SegmentTermMatrix, labels: pd.DataFrame, *, seed: int, unit: str = "paragraph",
               min_docs: int = 5, n_resamples: int = 2000, confidence_level: float = 0.95) -> dict:
    """Counted prevalence with intervals and tests for every model; DMR's model-based prior.

    Returns
    -------
    dict
        ``prevalence`` (``topic_prevalence.csv`` with ``label`` and ``stable``), ``tests``
        (:func:`prevalence_tests` rows) and ``prior`` (:func:`model_prevalence` of the DMR fit,
        empty when there is none).
    """
    from .. import stats

    name = UNIT_NAMES.get(unit, unit)
    prev, tests, prior = [], [], []
    for m, fit in fits.items():
        prev.append(topic_prevalence(fit, dtm, unit=name, min_docs=min_docs, n_resamples=n_resamples,
                                     confidence_level=confidence_level,
                                     random_state=stats.step_rng(seed, f"topic prevalence {m}")))
        tests.append(prevalence_tests(fit, dtm, unit=name, min_docs=min_docs, n_resamples=n_resamples,
                                      random_state=stats.step_rng(seed, f"topic tests {m}")))
        if fit.covariate_prior is not None:
            prior.append(model_prevalence(fit))
    lab = labels[["model", "topic", "label", "stable"]]
    prev = pd.concat(prev, ignore_index=True).merge(lab, on=["model", "topic"], how="left")
    prior = (pd.concat(prior, ignore_index=True).merge(lab, on=["model", "topic"], how="left") if prior
             else pd.DataFrame(columns=["model", "period", "topic", "prior", "label", "stable"]))
    return {"prevalence": prev, "tests": pd.concat(tests, ignore_index=True), "prior": prior}


def run_topics(corpus, *, seed: int, unit: str = "paragraph", doc_unit_min_docs: int = 50, window: int = 3,
               min_df: int | float = 2, max_df: float = 1.0, max_terms: int | None = 2000, stop_words_path=None,
               k_values=range(2, 11), k="auto", k_models=("nmf",), k_runs: int = 10, k_tolerance: float = 0.05,
               min_segments_per_topic: int = 4, search_max_segments: int | None = 2000, models=MODELS,
               n_seeds: int = 20, sample_fraction: float = 0.8, max_segments: int | None = 1000,
               top_n: int = 10, stable_threshold: float = 0.5, n_examples: int = 2, min_docs: int = 5,
               n_resamples: int = 2000, confidence_level: float = 0.95, alpha: float = 0.05,
               robustness: bool = True, robustness_max_segments: int | None = 5000,
               refit_options: dict | None = None, period_labels: dict | None = None, jobs: int | None = None) -> dict:
    """Every step of notebook 06, in order (its benchmark stage calls this too).

    Parameters mirror the notebook's parameters cell; ``k="auto"`` applies :func:`choose_k`
    to the k search of ``k_models[0]`` among the k that leave at least
    ``min_segments_per_topic`` segments per topic; an int fixes k (the search still runs).
    The k search reads a seeded sample of at most ``search_max_segments`` segments
    (:func:`search_k`; all of them on the bundled corpus, and ``k_reason`` says when
    the sample applied); the chosen models and everything after read every segment
    (stability refits: samples of at most ``max_segments`` drawn from all of them).
    The sentence-window robustness fits use a seeded sample of at most
    ``robustness_max_segments`` windows (all of them on the bundled corpus).

    ``refit_options`` (default ``None``: none) maps a model name to options of its
    ``fit_*`` function for the stability refits only, e.g. ``{"dmr": {"iterations": 50}}``.
    That example is a method choice, not the default: DMR refits (at most
    ``max_segments`` segments) get 100 Gibbs sweeps while a reference on more than 2,000
    segments gets 50; giving the refits 50 too cut stage 06's CPU time at 1,000 documents
    by about 2-3 s (of about 19 s) and moved each DMR topic's stability by at most 0.006
    (same stable flags). ``None`` keeps every table as before.

    ``jobs`` worker processes (default :func:`analysis.parallel.settings.default_jobs`:
    ``$ANALYSIS_JOBS``, set by ``analysis run --jobs``, else 1) run the independent
    seeded fits -- the k search, the chosen models, the stability refits, the robustness
    fits -- side by side (:func:`~.batch.fit_many`); every table is the same for any
    ``jobs``, and ``jobs=1`` fits everything in this process.

    Returns
    -------
    dict
        ``unit, dtm, k_table, k, k_reason, fits, runs, stability`` (per topic, topics from 1,
        with labels), ``topics, frex, labels, examples, prevalence, tests, prior,
        assignment, alignment, agreement, window_dtm, window_alignment, flagged_alignment`` (the
        fits without the machine-translation sentences flagged in the corpus, against the main
        fits), ``capacity`` and
        ``seconds`` and ``cpu_seconds`` (time of each step; not outputs, for the benchmark;
        ``cpu_seconds`` adds the CPU time of the worker processes to this process's).
    """
    from ..parallel.settings import check_jobs, default_jobs

    jobs = default_jobs() if jobs is None else check_jobs(jobs)
    with single_thread(), reuse_fits():
        return _run(corpus, seed=seed, unit=unit, doc_unit_min_docs=doc_unit_min_docs, window=window, min_df=min_df,
                    max_df=max_df, max_terms=max_terms, stop_words_path=stop_words_path, k_values=k_values, k=k,
                    k_models=k_models, k_runs=k_runs, k_tolerance=k_tolerance,
                    min_segments_per_topic=min_segments_per_topic, search_max_segments=search_max_segments,
                    models=models, n_seeds=n_seeds,
                    sample_fraction=sample_fraction, max_segments=max_segments, top_n=top_n,
                    stable_threshold=stable_threshold, n_examples=n_examples, min_docs=min_docs,
                    n_resamples=n_resamples, confidence_level=confidence_level, alpha=alpha,
                    robustness=robustness, robustness_max_segments=robustness_max_segments,
                    refit_options=refit_options, period_labels=period_labels, jobs=jobs)


def _run(corpus, *, seed, unit, doc_unit_min_docs, window, min_df, max_df, max_terms, stop_words_path, k_values, k,
         k_models, k_runs, k_tolerance, min_segments_per_topic, search_max_segments, models, n_seeds, sample_fraction,
         max_segments, top_n, stable_threshold,
         n_examples, min_docs, n_resamples, confidence_level, alpha, robustness, robustness_max_segments,
         refit_options, period_labels, jobs) -> dict:
    import time

    from .compare import agreement_summary, alignment_table, topic_similarity
    from .prevalence import period_assignment
    from .stability import choose_k

    from .. import stats

    seconds, cpu, res = {}, {}, {}
    # the workers' CPU time counts too: with jobs > 1 most of a step's CPU is spent there
    clock = [time.perf_counter(), time.process_time() + worker_cpu_seconds()]

    def lap(name):
        now = [time.perf_counter(), time.process_time() + worker_cpu_seconds()]
        seconds[name], cpu[name] = now[0] - clock[0], now[1] - clock[1]
        clock[:] = now

    res["unit"] = unit = choose_unit(corpus, unit, min_docs=doc_unit_min_docs)
    opts = dict(window=window, min_df=min_df, max_df=max_df, max_terms=max_terms, stop_words_path=stop_words_path)
    # the paragraphs and the robustness check's sentence windows read the same term tokens
    toks = term_tokens(corpus, load_stop_words(stop_words_path))
    res["dtm"] = dtm = prepare(corpus, unit=unit, tokens=toks, **opts)
    lap("prepare")
    stab_opts = dict(sample_fraction=sample_fraction, max_segments=max_segments, top_n=top_n)
    res["k_table"] = search_k(dtm, k_values, seed=seed, models=k_models, n_runs=k_runs,
                              search_max_segments=search_max_segments, jobs=jobs, **stab_opts)
    auto_k, reason = choose_k(res["k_table"], model=k_models[0], tolerance=k_tolerance,
                              max_k=max(2, dtm.shape[0] // min_segments_per_topic))
    n_read = int(res["k_table"]["n_segments"].iloc[0]) if len(res["k_table"]) else dtm.shape[0]
    if n_read < dtm.shape[0]:  # said only when the cap applied, so small corpora read as before
        reason += (f" The k search read a seeded sample of {n_read:,} of the {dtm.shape[0]:,} {UNIT_NAMES[unit]}s "
                   f"(SEARCH_MAX_SEGMENTS); the models below are fitted on all of them.")
    res["k"] = k = auto_k if k == "auto" else int(k)
    res["k_reason"] = reason if k == auto_k else f"k = {k} fixed by the K parameter (the rule would pick: {reason})"
    lap("k search")
    others = []  # the robustness checks' matrices: their fits join the batch below
    if robustness:
        res["window_dtm"] = wdtm = prepare(corpus, unit="sentence_window", tokens=toks, **opts)
        if robustness_max_segments is not None and wdtm.shape[0] > robustness_max_segments:
            rows = stats.step_rng(seed, "topics window sample").choice(wdtm.shape[0], robustness_max_segments,
                                                                       replace=False)
            wdtm = wdtm.subset(np.sort(rows))
        clean = corpus.without_flagged()
        others = [wdtm] if clean is corpus else [wdtm, prepare(clean, unit=unit, **opts)]  # nothing flagged: no refit
        lap("robustness matrices (sentence windows, flagged sentences)")
    del toks  # not held through the fits
    # one batch: the stability refits and robustness fits run beside the chosen models' fits
    res["fits"], res["runs"], per_topic, other_fits = fit_and_refit(
        dtm, k, seed=seed, models=models, n_runs=n_seeds, threshold=stable_threshold, others=others,
        refit_options=refit_options, jobs=jobs, **stab_opts)
    fits = res["fits"]
    lap("fit chosen models, stability, robustness fits")
    desc = describe(fits, dtm, per_topic, n_terms=top_n, n_examples=n_examples)
    res.update(desc)
    res["stability"] = per_topic.assign(topic=per_topic["topic"] + 1).merge(
        desc["labels"][["model", "topic", "label"]], on=["model", "topic"], how="left")
    res.update(prevalence(fits, dtm, desc["labels"], seed=seed, unit=unit, min_docs=min_docs,
                          n_resamples=n_resamples, confidence_level=confidence_level))
    res["assignment"] = pd.concat(
        [period_assignment(res["tests"].loc[res["tests"]["model"] == m], desc["labels"].loc[desc["labels"]["model"] == m],
                           alpha=alpha, period_labels=period_labels) for m in fits], ignore_index=True)
    stable = desc["labels"].set_index(["model", "topic"])["stable"]

    def flag(models, tops):  # the stable flag of (model, topic) pairs, for every table
        return [bool(stable.get((m, t), False)) for m, t in zip(models, tops)]

    res["examples"] = res["examples"].assign(stable=lambda d: flag(d["model"], d["topic"]))
    res["tests"] = res["tests"].assign(stable=lambda d: flag(d["model"], d["topic"]))
    al = alignment_table(fits, top_n=top_n)
    res["alignment"] = al.assign(stable_a=flag(al["model_a"], al["topic_a"]),
                                 stable_b=flag(al["model_b"], al["topic_b"]))
    res["agreement"] = agreement_summary(res["alignment"], desc["labels"])
    lap("describe, prevalence, alignment")
    if robustness:
        wfits = other_fits[0]
        res["window_alignment"] = pd.concat(
            [topic_similarity(fits[m], wfits[m], top_n=top_n).assign(model=m) for m in fits], ignore_index=True)
        wal = res["window_alignment"]
        res["window_alignment"] = wal.assign(stable_paragraph_topic=flag(wal["model"], wal["topic_a"]))
        if len(other_fits) == 1:  # nothing flagged: the same fits
            res["flagged_alignment"] = pd.DataFrame(columns=[*res["window_alignment"].columns])
        else:
            cfits = other_fits[1]
            fal = pd.concat([topic_similarity(fits[m], cfits[m], top_n=top_n).assign(model=m) for m in fits],
                            ignore_index=True)
            res["flagged_alignment"] = fal.assign(stable_paragraph_topic=flag(fal["model"], fal["topic_a"]))
        lap("robustness alignment")
    res["capacity"] = capacity(dtm, k)
    res["seconds"], res["cpu_seconds"] = seconds, cpu
    return res
