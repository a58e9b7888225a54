"""Topic models: segments, planted-topic recovery, matching, stability, coherence, prevalence."""

from __future__ import annotations

import socket

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from analysis import topics
from analysis.errors import ResourceError

PLANTED = {
    "energy": ["oil", "gas", "pipeline", "export", "energy", "field", "barrel", "refinery"],
    "military": ["army", "drill", "missile", "troop", "border", "weapon", "defense", "exercise"],
    "religion": ["mosque", "cleric", "shia", "faith", "pilgrim", "shrine", "prayer", "sermon"],
}
NOISE = ["say", "week", "report", "people", "official", "statement"]


def planted_segments(n_per_topic=30, *, seed=0, periods=None, n_docs=2, length=20, noise=0.1):
    """Segments each drawn from one planted topic (plus a little shared noise).

    ``periods`` maps topic name -> period (default: all topics in both periods, alternating).
    """
    rng = np.random.default_rng(seed)
    rows = []
    for t, (name, words) in enumerate(PLANTED.items()):
        for i in range(n_per_topic):
            period = periods[name] if periods else ("A" if i % 2 == 0 else "B")
            terms = [str(rng.choice(NOISE)) if rng.random() < noise else str(rng.choice(words))
                     for _ in range(length)]
            doc = f"{period}-doc{i % n_docs}"
            rows.append({"doc_id": doc, "period": period, "para_id": i + 1, "sent_start": 1, "sent_end": 1,
                         "text": " ".join(terms), "terms": terms, "planted": name})
    seg = pd.DataFrame(rows)
    seg.insert(0, "segment", np.arange(len(seg)))
    seg["n_terms"] = seg["terms"].str.len()
    return seg


@pytest.fixture(scope="module")
def planted():
    return topics.segment_term_matrix(planted_segments(), min_df=2)


def _recovered(fit, n=5):
    """For each planted topic, whether some fitted topic's top-n terms all come from it."""
    top = [{str(fit.vocabulary[j]) for j in row} for row in topics.top_term_indices(fit.topic_term, n)]
    return {name: any(t <= set(words) for t in top) for name, words in PLANTED.items()}


# --------------------------------------------------------------------------- segments
def test_segment_term_matrix_prunes_and_caps():
    seg = pd.DataFrame({"terms": [["a", "b", "b"], ["a", "c"], ["a", "b"], ["d"]]})
    m = topics.segment_term_matrix(seg, min_df=2)
    assert m.vocabulary.tolist() == ["a", "b"]
    assert m.counts.toarray().tolist() == [[1, 2], [1, 0], [1, 1]]  # segment 4 has no term left: dropped
    capped = topics.segment_term_matrix(seg, min_df=1, max_terms=2)
    assert capped.vocabulary.tolist() == ["a", "b"]  # most widespread first, ties alphabetical


def test_segments_of_the_bundled_corpus(corpus):
    paras = topics.segment_table(corpus)
    assert len(paras) == len(corpus.paragraphs())
    assert paras.groupby("period").size().to_dict() == {"2014": 10, "2024": 10}
    for doc_id, end in zip(corpus.manifest["doc_id"], corpus.manifest["body_end"]):
        assert not paras.loc[paras["doc_id"] == doc_id, "text"].str.contains(end, regex=False).any()
    stop = topics.load_stop_words()
    assert not any(t in stop for terms in paras["terms"] for t in terms)
    windows = topics.segment_table(corpus, unit="sentence_window", window=3)
    n_sent = corpus.sentences().groupby("doc_id").size()
    assert windows.groupby("doc_id").size().to_dict() == {d: int(np.ceil(n / 3)) for d, n in n_sent.items()}
    docs = topics.segment_table(corpus, unit="document")
    assert len(docs) == 2 and docs["n_terms"].sum() == paras["n_terms"].sum()


def test_stop_list_errors_name_file_and_row(tmp_path):
    bad = tmp_path / "stop.csv"
    bad.write_text("word,source,origin,note\nthe,spacy,general,\nthe,spacy,general,\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"stop.csv: row 3: word 'the' is listed twice"):
        topics.load_stop_words(bad)
    bad.write_text("word,source,origin,note\nthe,spacy,nowhere,\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="origin 'nowhere' unknown"):
        topics.load_stop_words(bad)


# --------------------------------------------------------------------------- models
@pytest.mark.parametrize("model", ["nmf", "lda", "dmr"])
def test_models_recover_planted_topics(planted, model):
    fit = topics.fit_model(planted, 3, model=model, random_state=1)
    assert _recovered(fit) == {name: True for name in PLANTED}
    assert np.allclose(fit.topic_term.sum(axis=1), 1) and np.allclose(fit.doc_topic.sum(axis=1), 1)
    # each segment's dominant topic is the topic planted in it (up to relabelling)
    dominant = fit.doc_topic.argmax(axis=1)
    table = pd.crosstab(planted.segments["planted"], dominant)
    assert (table.max(axis=1) / table.sum(axis=1)).min() >= 0.9


@pytest.mark.parametrize("model", ["nmf", "lda", "dmr"])
def test_refits_with_the_same_seed_are_identical(planted, model):
    a = topics.fit_model(planted, 3, model=model, random_state=7)
    b = topics.fit_model(planted, 3, model=model, random_state=7)
    assert np.array_equal(a.topic_term, b.topic_term) and np.array_equal(a.doc_topic, b.doc_topic)


# --------------------------------------------------------------------------- matching and stability
def test_average_jaccard_hand_worked():
    # depth 1: {a} vs {b} = 0; depth 2: {a,b} vs {b,a} = 1; depth 3: {a,b,c} vs {b,a,d} = 2/4
    assert topics.average_jaccard(["a", "b", "c"], ["b", "a", "d"]) == pytest.approx((0 + 1 + 0.5) / 3)


def test_matching_recovers_a_permutation():
    rng = np.random.default_rng(0)
    ref = np.array([rng.permutation(50)[:10] for _ in range(4)])
    perm = np.array([2, 0, 3, 1])
    other = ref[perm]  # topic i of `other` is topic perm[i] of `ref`
    score, per, match = topics.agreement(ref, other)
    assert score == 1.0 and per.tolist() == [1.0] * 4
    assert [int(np.flatnonzero(perm == i)[0]) for i in range(4)] == match.tolist()


def test_stability_high_for_planted_low_for_noise(planted):
    _, runs = topics.stability_runs(planted, 3, model="nmf", random_state=3, n_runs=20)
    per = topics.topic_stability(runs, threshold=0.5)
    assert len(runs) == 60 and per["stable"].all() and per["stability"].min() > 0.8
    rng = np.random.default_rng(1)
    vocab = [f"w{i}" for i in range(60)]
    noise = pd.DataFrame({"terms": [list(rng.choice(vocab, 15)) for _ in range(90)]})
    noise = topics.segment_term_matrix(noise.assign(period="A", doc_id="d"), min_df=2)
    _, runs_n = topics.stability_runs(noise, 3, model="nmf", random_state=3, n_runs=20)
    assert runs_n["similarity"].mean() < per["stability"].mean() - 0.3


def test_k_search_finds_the_planted_k(planted):
    table = topics.select_k(planted, [2, 3, 4, 5], random_state=0, n_runs=5)
    k, reason = topics.choose_k(table)
    assert k == 3 and reason.startswith("k = 3 (NMF)")
    assert table.loc[table["k"] == 3, "npmi"].item() > 0.3


# --------------------------------------------------------------------------- coherence
def test_npmi_and_umass_hand_worked():
    # segments: {a,b}, {a,b}, {a,c}, {c}
    x = sparse.csr_matrix([[1, 1, 0], [1, 1, 0], [1, 0, 1], [0, 0, 1]])
    # NPMI(a,b) = log(0.5 / (0.75 * 0.5)) / -log(0.5) = log(4/3) / log 2
    assert topics.npmi(x, [0, 1]) == pytest.approx(np.log(4 / 3) / np.log(2))
    # b and c never co-occur: -1
    assert topics.npmi(x, [1, 2]) == -1.0
    # UMass over (a,b), (a,c), (b,c): log(3/3), log(2/3), log(1/2)
    assert topics.umass(x, [0, 1, 2]) == pytest.approx((0 + np.log(2 / 3) + np.log(1 / 2)) / 3)
    coh = topics.topic_coherence(np.array([[0, 1], [1, 2]]), x)
    assert coh["npmi"].round(4).tolist() == [round(np.log(4 / 3) / np.log(2), 4), -1.0]


# --------------------------------------------------------------------------- prevalence
def test_prevalence_recovers_planted_period_shares():
    seg = planted_segments(20, periods={"energy": "A", "military": "B", "religion": "A"})
    dtm = topics.segment_term_matrix(seg, min_df=2)
    fit = topics.fit_model(dtm, 3, model="nmf", random_state=0)
    prev = topics.topic_prevalence(fit, dtm, unit="paragraph", n_resamples=500, random_state=0)
    assert list(prev.columns[:7]) == ["model", "period", "topic", "share", "ci_low", "ci_high", "unit"]
    assert (prev["unit"] == "paragraph").all()
    assert np.allclose(prev.groupby("period")["share"].sum(), 1)
    top = [{str(fit.vocabulary[j]) for j in row} for row in topics.top_term_indices(fit.topic_term, 3)]
    military = 1 + next(i for i, t in enumerate(top) if t <= set(PLANTED["military"]))
    row = prev.set_index(["period", "topic"])
    assert row.loc[("B", military), "share"] > 0.85 and row.loc[("A", military), "share"] < 0.1
    assert row.loc[("B", military), "ci_low"] <= row.loc[("B", military), "share"] <= row.loc[("B", military), "ci_high"]
    # many documents per period: the article becomes the resampled unit
    many = planted_segments(20, periods={"energy": "A", "military": "B", "religion": "A"}, n_docs=10)
    dtm_m = topics.segment_term_matrix(many, min_df=2)
    fit_m = topics.fit_model(dtm_m, 3, model="nmf", random_state=0)
    prev_m = topics.topic_prevalence(fit_m, dtm_m, unit="paragraph", min_docs=5, n_resamples=200, random_state=0)
    assert (prev_m["unit"] == "document").all()


def test_dmr_prior_recovers_period_effect():
    seg = planted_segments(20, periods={"energy": "A", "military": "B", "religion": "B"})
    dtm = topics.segment_term_matrix(seg, min_df=2)
    fit = topics.fit_model(dtm, 3, model="dmr", random_state=0, iterations=200)
    top = [{str(fit.vocabulary[j]) for j in row} for row in topics.top_term_indices(fit.topic_term, 3)]
    energy = next(i for i, t in enumerate(top) if t <= set(PLANTED["energy"]))
    prior = topics.model_prevalence(fit).set_index(["period", "topic"])["prior"]
    assert prior[("A", energy + 1)] > 2 * prior[("B", energy + 1)]


def test_alignment_matches_the_same_topics_across_models(planted):
    fits = topics.fit_models(planted, 3, seed=0)
    al = topics.alignment_table(fits)
    matched = al.loc[al["matched"]]
    assert len(matched) == 9 and matched["cosine"].min() > 0.8


# --------------------------------------------------------------------------- embeddings (optional)
def test_wordllama_clusters_offline(planted, monkeypatch):
    pytest.importorskip("wordllama")

    def no_network(*args, **kwargs):
        raise OSError("network blocked in tests")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    fit = topics.fit_model(planted, 3, model="nmf", random_state=0)
    out = topics.embedding_check(planted, fit, seed=0)
    assert out["table"]["n"].sum() == planted.shape[0]
    assert -1 <= out["ari"] <= 1 and "adjusted Rand index" in out["summary"]


def test_documents_become_the_unit_when_periods_have_many(corpus):
    assert topics.choose_unit(corpus, "auto") == "paragraph"  # one article per period
    assert topics.choose_unit(corpus, "auto", min_docs=1) == "document"
    assert topics.choose_unit(corpus, "sentence_window") == "sentence_window"


# --------------------------------------------------------------------------- scale
def test_online_lda_equals_sklearn_fit(planted):
    """``partial_fit`` passes (no final bound) give exactly ``fit``'s online model."""
    from sklearn.decomposition import LatentDirichletAllocation

    fit = topics.fit_lda(planted, 3, random_state=5, learning_method="online", max_iter=3)
    est = LatentDirichletAllocation(n_components=3, learning_method="online", max_iter=3, batch_size=1024,
                                    max_doc_update_iter=20, random_state=5, n_jobs=1)
    theta = est.fit(planted.counts).transform(planted.counts)
    np.testing.assert_array_equal(fit.topic_term, est.components_ / est.components_.sum(axis=1, keepdims=True))
    np.testing.assert_array_equal(fit.doc_topic, theta / theta.sum(axis=1, keepdims=True))


def test_k_search_sample_cap(planted):
    n = planted.shape[0]
    assert topics.search_sample(planted, seed=1, search_max_segments=None).tolist() == list(range(n))
    assert topics.search_sample(planted, seed=1, search_max_segments=n).tolist() == list(range(n))
    rows = topics.search_sample(planted, seed=1, search_max_segments=60)
    assert len(rows) == 60 and (np.diff(rows) > 0).all()
    assert rows.tolist() == topics.search_sample(planted, seed=1, search_max_segments=60).tolist()
    full = topics.search_k(planted, [2, 3, 4], seed=0, n_runs=3, search_max_segments=None)
    pd.testing.assert_frame_equal(topics.search_k(planted, [2, 3, 4], seed=0, n_runs=3, search_max_segments=n), full)
    capped = topics.search_k(planted, [2, 3, 4], seed=0, n_runs=3, search_max_segments=60)
    assert (capped["n_segments"] == 60).all() and topics.choose_k(capped)[0] == 3
    with pytest.raises(ValueError, match="search_max_segments"):
        topics.search_sample(planted, seed=1, search_max_segments=1)


def test_identical_fits_are_computed_once_within_a_run(planted):
    n = planted.shape[0]
    with topics.reuse_fits():
        a = topics.fit_model(planted, 3, model="nmf", random_state=1)
        b = topics.fit_model(planted, 3, model="nmf", random_state=1, rows=np.arange(n))
        c = topics.fit_model(planted, 3, model="nmf", random_state=2)
        topics.select_k(planted, [3], random_state=0, n_runs=3)
        _, reused = topics.stability_runs(planted, 3, model="nmf", random_state=0, n_runs=5)
    assert a is b and c is not a
    np.testing.assert_array_equal(a.topic_term, topics.fit_model(planted, 3, model="nmf", random_state=1).topic_term)
    _, fresh = topics.stability_runs(planted, 3, model="nmf", random_state=0, n_runs=5)
    pd.testing.assert_frame_equal(reused, fresh)


# --------------------------------------------------------------------------- worker processes
def test_fits_in_worker_processes_equal_serial_fits(planted, monkeypatch):
    from analysis.topics import batch
    from analysis.topics.batch import fit_many, worker_cpu_seconds

    n = planted.shape[0]
    specs = [dict(k=3, model="nmf", random_state=1), dict(k=2, model="lda", random_state=2, rows=np.arange(0, n, 2)),
             dict(k=3, model="dmr", random_state=3, iterations=20), dict(k=3, model="nmf", random_state=1),
             dict(k=4, model="lda", random_state=4, transform=False, rows=np.arange(1, n, 2))]
    before = worker_cpu_seconds()
    serial = fit_many(planted, specs, jobs=1)
    fit_many(planted, specs, jobs=2)
    assert worker_cpu_seconds() == before  # too small to be worth starting workers: fitted here
    monkeypatch.setattr(batch, "MIN_PARALLEL_SECONDS", 0.0)
    monkeypatch.setenv("ANALYSIS_JOBS", "2")  # jobs=None reads it, as `analysis run --jobs 2` sets it
    before = worker_cpu_seconds()
    with topics.reuse_fits():
        parallel = fit_many(planted, specs)
        assert parallel[0] is parallel[3]  # listed twice, fitted once
        assert topics.fit_model(planted, 3, model="nmf", random_state=1) is parallel[0]  # and cached
    assert worker_cpu_seconds() > before
    for a, b in zip(serial, parallel):
        assert (a.model, a.k, a.seed) == (b.model, b.k, b.seed) and b.vocabulary is planted.vocabulary
        for name in ("topic_term", "doc_topic", "rows"):
            np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    pd.testing.assert_frame_equal(serial[2].covariate_prior, parallel[2].covariate_prior, check_exact=True)


def test_run_topics_tables_do_not_depend_on_jobs(corpus, monkeypatch):
    from analysis.topics import batch

    monkeypatch.setattr(batch, "MIN_PARALLEL_SECONDS", 0.0)  # send even the bundled corpus's small fits
    light = dict(k_values=[2, 3, 4], k_runs=3, n_seeds=4, n_resamples=200)
    one, two = (topics.run_topics(corpus, seed=1, jobs=jobs, **light) for jobs in (1, 2))
    tables = [key for key, value in one.items() if isinstance(value, pd.DataFrame)]
    assert len(tables) >= 15
    for key in tables:
        pd.testing.assert_frame_equal(one[key], two[key], check_exact=True, obj=key)
    assert (one["k"], one["k_reason"], one["capacity"]) == (two["k"], two["k_reason"], two["capacity"])
    for m, fit in one["fits"].items():
        np.testing.assert_array_equal(fit.topic_term, two["fits"][m].topic_term)
        np.testing.assert_array_equal(fit.doc_topic, two["fits"][m].doc_topic)


# --------------------------------------------------------------------------- work done once
def test_dmr_refit_on_rows_equals_fit_on_subset_and_skips_doc_topic(planted):
    rows = np.arange(1, planted.shape[0], 3)
    sub = planted.subset(rows)
    a = topics.fit_model(planted, 3, model="dmr", random_state=5, rows=rows, iterations=20)   # slices cached terms
    b = topics.fit_model(sub, 3, model="dmr", random_state=5, iterations=20)                  # expands its own
    c = topics.fit_model(planted, 3, model="dmr", random_state=5, rows=rows, iterations=20, transform=False)
    np.testing.assert_array_equal(a.topic_term, b.topic_term)
    np.testing.assert_array_equal(a.doc_topic, b.doc_topic)
    np.testing.assert_array_equal(a.topic_term, c.topic_term)
    assert c.doc_topic.shape == (0, 3)
    pd.testing.assert_frame_equal(a.covariate_prior, c.covariate_prior, check_exact=True)


def test_segment_tables_from_shared_term_tokens(corpus):
    toks = topics.term_tokens(corpus, topics.load_stop_words())
    for unit in topics.UNITS:
        pd.testing.assert_frame_equal(topics.segment_table(corpus, unit=unit),
                                      topics.segment_table(corpus, unit=unit, tokens=toks))


def test_refit_options_reach_only_that_models_refits(planted):
    fits = topics.fit_models(planted, 3, seed=0, models=("nmf", "lda"))
    base_runs, _ = topics.stability(planted, fits, seed=0, n_runs=3)
    runs, _ = topics.stability(planted, fits, seed=0, n_runs=3, refit_options={"nmf": {"max_iter": 1}})
    same = runs["model"] == "lda"
    pd.testing.assert_frame_equal(runs[same], base_runs[same], check_exact=True)
    assert not runs.loc[~same, "similarity"].equals(base_runs.loc[~same, "similarity"])
    with pytest.raises(ValueError, match="refit_options"):
        topics.stability(planted, fits, seed=0, n_runs=3, refit_options={"stm": {}})
