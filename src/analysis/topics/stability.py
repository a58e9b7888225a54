"""Topic stability across restarts and resamples, and the choice of k.

Greene, O'Callaghan & Cunningham (2014), *How many topics? Stability analysis for topic
models* (ECML PKDD): fit a reference model on all segments, refit on random samples
with new seeds, match each run's topics to the reference ones (Hungarian algorithm,
``scipy.optimize.linear_sum_assignment``) by the **average Jaccard** (AJ) of their
top-``t`` term lists -- the mean, over depths ``d = 1..t``, of the Jaccard index of the
top-``d`` sets -- and average the matched scores. Per topic, the mean AJ of its match
across runs is its stability; a topic below the threshold is *unstable*: flagged in
every table and figure and not interpreted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from .coherence import topic_coherence
from .batch import fit_many
from .models import TopicFit, derive_seeds
from .segments import SegmentTermMatrix


def top_term_indices(topic_term: np.ndarray, n: int = 10) -> np.ndarray:
    """Column positions of each topic's ``n`` heaviest terms (ties: lower position first)."""
    order = np.argsort(-np.asarray(topic_term), axis=1, kind="stable")
    return order[:, :n]


def average_jaccard(a, b) -> float:
    """Average Jaccard of two ranked lists (Greene et al. 2014): mean over depths 1..t.

    Examples
    --------
    >>> average_jaccard(["x", "y"], ["x", "z"])   # depth 1: 1; depth 2: 1/3
    0.6666666666666666
    >>> average_jaccard([1, 2, 3], [1, 2, 3])
    1.0
    """
    a, b = list(a), list(b)
    t = min(len(a), len(b))
    if t == 0:
        return float("nan")
    vals = []
    for d in range(1, t + 1):
        sa, sb = set(a[:d]), set(b[:d])
        vals.append(len(sa & sb) / len(sa | sb))
    return float(np.mean(vals))


def similarity_matrix(top_a, top_b) -> np.ndarray:
    """AJ between every topic of ``top_a`` (rows) and every topic of ``top_b`` (columns)."""
    return np.array([[average_jaccard(ra, rb) for rb in top_b] for ra in top_a])


def match_topics(similarity: np.ndarray) -> np.ndarray:
    """For each row topic, the column topic it is matched to (-1 if none), maximising total similarity.

    Examples
    --------
    >>> match_topics(np.array([[0.1, 0.9], [0.8, 0.7]])).tolist()
    [1, 0]
    """
    sim = np.asarray(similarity, dtype=float)
    rows, cols = linear_sum_assignment(sim, maximize=True)
    out = np.full(sim.shape[0], -1)
    out[rows] = cols
    return out


def agreement(top_ref, top_other) -> tuple[float, np.ndarray, np.ndarray]:
    """Greene et al.'s agreement: mean AJ of Hungarian-matched topics.

    Returns
    -------
    score : float
    per_topic : numpy.ndarray
        AJ of each reference topic with its match (0 when unmatched).
    matching : numpy.ndarray
        Matched topic of ``top_other`` for each reference topic.
    """
    sim = similarity_matrix(top_ref, top_other)
    match = match_topics(sim)
    per = np.array([sim[i, j] if j >= 0 else 0.0 for i, j in enumerate(match)])
    return float(per.mean()), per, match


def _sample_rows(n: int, fraction: float, max_segments: int | None, seed: int) -> np.ndarray:
    m = int(round(fraction * n))
    if max_segments is not None:
        m = min(m, max_segments)
    m = max(m, 1)
    if m >= n:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=m, replace=False))


def stability_runs(dtm: SegmentTermMatrix, k: int, *, model: str, random_state: int, n_runs: int = 20,
                   sample_fraction: float = 0.8, max_segments: int | None = 1000, top_n: int = 10,
                   reference: TopicFit | None = None, jobs: int | None = None,
                   **options) -> tuple[TopicFit, pd.DataFrame]:
    """Refit ``model`` ``n_runs`` times (new seed, new random sample) and match to the reference.

    Parameters
    ----------
    dtm : SegmentTermMatrix
    k : int
    model : {"nmf", "lda", "dmr"}
    random_state : int
        Derives the reference seed and one seed per run (the seed of the model *and* of
        its sample), independently per model and k.
    n_runs : int, default=20
    sample_fraction : float, default=0.8
        Share of segments each run fits (1.0: restarts only).
    max_segments : int or None, default=1000
        Cap on the segments of a run (keeps large corpora fast).
    top_n : int, default=10
        Depth of the ranked term lists compared.
    reference : TopicFit, optional
        A reference fit on all segments; fitted here (seeded) if not given.
    jobs : int, optional
        Worker processes for the fits (:func:`~.batch.fit_many`); default ``$ANALYSIS_JOBS``
        or 1. The results do not depend on it.
    **options
        Passed to the model's ``fit_*`` function.

    Returns
    -------
    reference : TopicFit
    runs : pandas.DataFrame
        ``model, k, run, seed, n_segments, topic, matched_topic, similarity`` (one row per
        run and reference topic; ``similarity`` is the AJ of the match).
    """
    specs = refit_specs(dtm, k, model=model, random_state=random_state, n_runs=n_runs,
                        sample_fraction=sample_fraction, max_segments=max_segments, reference=reference is None,
                        **options)
    fits = fit_many(dtm, specs, jobs=jobs)
    if reference is None:
        reference, fits = fits[0], fits[1:]
    return reference, runs_table(reference, fits, top_n=top_n)


def refit_specs(dtm: SegmentTermMatrix, k: int, *, model: str, random_state: int, n_runs: int = 20,
                sample_fraction: float = 0.8, max_segments: int | None = 1000, reference: bool = True,
                **options) -> list[dict]:
    """The fits of :func:`stability_runs` as :func:`~.batch.fit_many` specs, seeds and samples drawn.

    With ``reference=True`` the first spec is the reference fit on all segments, the
    ``n_runs`` refits follow (run ``i`` has seed ``derive_seeds(random_state,
    f"{model}-k{k}-runs", n_runs)[i]``, which also draws its sample).
    """
    specs = []
    if reference:
        ref_seed = derive_seeds(random_state, f"{model}-k{k}-reference", 1)[0]
        specs.append(dict(k=k, model=model, random_state=ref_seed, **options))
    run_opts = dict(options)
    if model in ("lda", "dmr"):  # a refit's topics are matched, its segments' shares never read
        run_opts.setdefault("transform", False)
    for seed in derive_seeds(random_state, f"{model}-k{k}-runs", n_runs):
        rows = _sample_rows(dtm.shape[0], sample_fraction, max_segments, seed)
        specs.append(dict(k=k, model=model, random_state=seed, rows=rows, **run_opts))
    return specs


def runs_table(reference: TopicFit, fits: list[TopicFit], *, top_n: int = 10) -> pd.DataFrame:
    """:func:`stability_runs` rows: each refit in ``fits`` matched to ``reference``."""
    top_ref = top_term_indices(reference.topic_term, top_n)
    frames = []
    for run, fit in enumerate(fits):
        _, per, match = agreement(top_ref, top_term_indices(fit.topic_term, top_n))
        frames.append(pd.DataFrame({"model": fit.model, "k": fit.k, "run": run, "seed": fit.seed,
                                    "n_segments": len(fit.rows), "topic": np.arange(fit.k), "matched_topic": match,
                                    "similarity": per}))
    return pd.concat(frames, ignore_index=True)


def topic_stability(runs: pd.DataFrame, *, threshold: float = 0.5) -> pd.DataFrame:
    """Per-topic stability from :func:`stability_runs` rows.

    Returns
    -------
    pandas.DataFrame
        ``model, k, topic, stability`` (mean AJ with its match), ``sd``, ``min``,
        ``share_runs_above`` (runs whose match reaches ``threshold``), ``n_runs``,
        ``stable`` (``stability >= threshold``).
    """
    g = runs.groupby(["model", "k", "topic"], sort=False)["similarity"]
    out = g.agg(stability="mean", sd="std", min="min", n_runs="size").reset_index()
    out["share_runs_above"] = g.apply(lambda s: float((s >= threshold).mean())).to_numpy()
    out["stable"] = out["stability"] >= threshold
    return out[["model", "k", "topic", "stability", "sd", "min", "share_runs_above", "n_runs", "stable"]]


def select_k(dtm: SegmentTermMatrix, k_values, *, models=("nmf",), random_state: int, n_runs: int = 10,
             sample_fraction: float = 0.8, max_segments: int | None = 1000, top_n: int = 10,
             jobs: int | None = None, **options) -> pd.DataFrame:
    """Stability and coherence for each k (Greene et al. 2014 plus NPMI/UMass).

    Every fit of every k (reference and refits, :func:`stability_runs`) runs in one
    :func:`~.batch.fit_many` call over ``jobs`` worker processes (default
    ``$ANALYSIS_JOBS`` or 1); the table does not depend on ``jobs``.

    Returns
    -------
    pandas.DataFrame
        ``model, k, stability`` (mean agreement over runs), ``stability_sd``,
        ``min_topic_stability`` (least stable topic's mean AJ), ``npmi``, ``umass`` (mean over
        the reference model's topics, on all segments), ``n_runs``, ``n_segments``.
    """
    binary = dtm.binary()
    grid = [(model, k) for model in models for k in k_values]
    plans = [refit_specs(dtm, k, model=model, random_state=random_state, n_runs=n_runs,
                         sample_fraction=sample_fraction, max_segments=max_segments, **options) for model, k in grid]
    # one batch for the whole grid: its fits are independent, so workers never wait for a k
    fits = fit_many(dtm, [spec for plan in plans for spec in plan], jobs=jobs)
    rows, start = [], 0
    for (model, k), plan in zip(grid, plans):
        ref, refits = fits[start], fits[start + 1:start + len(plan)]
        start += len(plan)
        runs = runs_table(ref, refits, top_n=top_n)
        per_run = runs.groupby("run")["similarity"].mean()
        coh = topic_coherence(top_term_indices(ref.topic_term, top_n), binary)
        rows.append({"model": model, "k": k, "stability": per_run.mean(), "stability_sd": per_run.std(),
                     "min_topic_stability": runs.groupby("topic")["similarity"].mean().min(),
                     "npmi": coh["npmi"].mean(), "umass": coh["umass"].mean(), "n_runs": n_runs,
                     "n_segments": dtm.shape[0]})
    return pd.DataFrame(rows)


def choose_k(table: pd.DataFrame, *, model: str = "nmf", tolerance: float = 0.05,
             max_k: int | None = None) -> tuple[int, str]:
    """Pick k from a :func:`select_k` table and say why.

    Rule: only k up to ``max_k`` compete (e.g. at least four segments per topic); among
    them, the k whose stability is within ``tolerance`` of the most stable one compete on
    NPMI coherence, the highest wins (ties: the smaller k).

    Returns
    -------
    k : int
    reason : str
        One sentence built from the table.

    Examples
    --------
    >>> t = pd.DataFrame({"model": "nmf", "k": [2, 3, 4, 5], "stability": [0.9, 0.88, 0.6, 0.9],
    ...                   "npmi": [0.05, 0.2, 0.3, 0.4]})
    >>> choose_k(t, max_k=4)[0]
    3
    """
    t = table.loc[table["model"] == model].sort_values("k")
    allowed = t if max_k is None else t.loc[t["k"] <= max_k]
    if allowed.empty:
        allowed = t.head(1)
    best = allowed["stability"].max()
    near = allowed.loc[allowed["stability"] >= best - tolerance]
    pick = near.sort_values(["npmi", "k"], ascending=[False, True]).iloc[0]
    k = int(pick["k"])
    top = allowed.loc[allowed["stability"].idxmax()]
    others = [str(int(x)) for x in near["k"] if int(x) != k]
    cap = f"k up to {max_k} considered; " if max_k is not None and max_k < t["k"].max() else ""
    among = f" ({', '.join(others)} and {k})" if others else " (only this one)"
    reason = (f"k = {k} ({model.upper()}): {cap}stability {pick['stability']:.2f} (highest: {top['stability']:.2f} at "
              f"k = {int(top['k'])}); among the k within {tolerance:.2f} of the highest stability{among}, it has "
              f"the highest NPMI coherence, {pick['npmi']:.2f}.")
    return k, reason
