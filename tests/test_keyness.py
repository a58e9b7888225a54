"""Tests for analysis.keyness: hand-worked log-odds, MWEs, flags, KWIC, boilerplate, figures."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import keyness
from analysis.corpus import load_corpus
from analysis.errors import AnalysisError, ResourceError


def _counts(table: dict, periods=("A", "B")) -> pd.DataFrame:
    """A count_terms-shaped table from {term: (count_A, count_B, ...)}."""
    df = pd.DataFrame({"term": list(table)})
    for k, p in enumerate(periods):
        df[f"count_{p}"] = [v[k] for v in table.values()]
    df["form"] = df["term"]
    df["is_stop"] = df["term"].isin(["the", "of"])
    df["is_mwe"] = df["term"].str.contains("_")
    df["n_flagged"] = 0
    for p in periods:
        df[f"n_flagged_{p}"] = 0
    return df


# --------------------------------------------------------------------------- log-odds by hand
def test_log_odds_hand_worked_example():
    """Two groups, three terms.

    counts        a  b  c   n
      group i     3  1  0   4
      group j     1  1  2   4
      pooled      4  2  2   8
    prior: pooled counts scaled to alpha0 = 4 -> alpha = 4 * (4, 2, 2) / 8 = (2, 1, 1)

    term a:
      delta = log((3 + 2) / (4 + 4 - 3 - 2)) - log((1 + 2) / (4 + 4 - 1 - 2))
            = log(5/3) - log(3/5) = 2 log(5/3) = 1.021651
      var   = 1/(3 + 2) + 1/(1 + 2) = 1/5 + 1/3 = 0.533333
      z     = 1.021651 / sqrt(0.533333) = 1.021651 / 0.730297 = 1.398954
    term b: delta = log(2/6) - log(2/6) = 0, z = 0
    term c:
      delta = log(1/7) - log(3/5) = -1.435085;  var = 1/1 + 1/3 = 1.333333
      z     = -1.435085 / 1.154701 = -1.242820
    """
    r = keyness.log_odds_dirichlet([3, 1, 0], [1, 1, 2], [2, 1, 1])
    assert r["log_odds"].tolist() == pytest.approx([2 * math.log(5 / 3), 0.0, math.log(1 / 7) - math.log(3 / 5)])
    assert r["variance"].tolist() == pytest.approx([1 / 5 + 1 / 3, 1 / 2 + 1 / 2, 1 + 1 / 3])
    assert r["z"].tolist() == pytest.approx([1.398954, 0.0, -1.242820], abs=1e-6)


def test_keyness_builds_the_pooled_prior_and_mirrors_two_periods():
    # Same numbers as the hand-worked example, through the table API.
    counts = _counts({"a": (3, 1), "b": (1, 1), "c": (0, 2)})
    tab = keyness.keyness(counts, alpha0=4)
    a = tab.set_index(["period", "term"])
    assert a.loc[("A", "a"), "prior"] == pytest.approx(2.0)
    assert a.loc[("A", "c"), "prior"] == pytest.approx(1.0)
    assert a.loc[("A", "a"), "z"] == pytest.approx(1.398954, abs=1e-6)
    assert a.loc[("A", "a"), "se"] == pytest.approx(math.sqrt(1 / 5 + 1 / 3))
    # period B against the rest (= A) is the mirror image
    assert a.loc[("B", "a"), "z"] == pytest.approx(-1.398954, abs=1e-6)
    assert a.loc[("B", "c"), "log_odds"] == pytest.approx(-(math.log(1 / 7) - math.log(3 / 5)))
    assert list(tab.columns[:6]) == ["term", "period", "count_A", "count_B", "log_odds", "z"]
    assert set(tab["reference"]) == {"other periods"}


def test_each_period_is_compared_with_the_pooled_rest():
    counts = _counts({"x": (5, 1, 0), "y": (1, 4, 2), "z": (2, 2, 6)}, periods=("A", "B", "C"))
    tab = keyness.keyness(counts, alpha0=10).set_index(["period", "term"])
    Y = counts[["count_A", "count_B", "count_C"]].to_numpy(float)
    alpha = 10 * Y.sum(1) / Y.sum()
    expect = keyness.log_odds_dirichlet(Y[:, 1], Y.sum(1) - Y[:, 1], alpha)  # B vs A+C
    assert [tab.loc[("B", t), "z"] for t in "xyz"] == pytest.approx(expect["z"].tolist())


def test_keyness_needs_two_periods():
    with pytest.raises(AnalysisError, match="two periods"):
        keyness.keyness(_counts({"a": (1,), "b": (2,)}, periods=("A",)))


def test_vs_english_hand_worked_example():
    """One period, two terms, a known reference distribution.

    counts y = (a: 3, b: 1), n = 4; reference pi = (0.1, 0.01); alpha0 = 10 -> alpha = (1, 0.1)
    term a:
      delta = log((3 + 1) / (4 + 10 - 3 - 1)) - log(0.1 / 0.9) = log(0.4) - log(1/9) = log(3.6) = 1.280934
      var   = 1 / (3 + 1) = 0.25 (the reference is known exactly: no variance term)
      z     = 1.280934 / 0.5 = 2.561868
    term b:
      delta = log(1.1 / 12.9) - log(0.01 / 0.99) = -2.461917 + 4.595120 = 2.133203
      var   = 1 / 1.1;  z = 2.133203 * sqrt(1.1) = 2.237322
    """
    counts = _counts({"a": (3,), "b": (1,)}, periods=("A",))
    ref = pd.Series([0.1, 0.01], index=["a", "b"])
    tab = keyness.keyness_vs_english(counts, alpha0=10, reference=ref).set_index("term")
    assert tab.loc["a", "log_odds"] == pytest.approx(math.log(3.6))
    assert tab.loc["a", "z"] == pytest.approx(2.561868, abs=1e-6)
    assert tab.loc["b", "z"] == pytest.approx(2.237322, abs=1e-6)
    assert tab.loc["a", "english_per_million"] == pytest.approx(1e5)
    assert set(tab["reference"]) == {"general English"}


def test_english_frequencies_sum_word_forms_per_lemma():
    import wordfreq

    counts = _counts({"relation": (2, 1), "south_caucasus": (1, 1), "zzqxv": (1, 0)})
    freq = keyness.english_frequencies(counts, minimum=1e-8)
    forms = wordfreq.word_frequency("relation", "en") + wordfreq.word_frequency("relations", "en")
    assert freq["relation"] == pytest.approx(forms, rel=0.02)
    assert freq["relation"] > wordfreq.word_frequency("relation", "en")
    assert freq["south_caucasus"] == pytest.approx(wordfreq.word_frequency("south caucasus", "en"))
    assert freq["zzqxv"] == 1e-8  # unknown word -> the floor, not 0


# --------------------------------------------------------------------------- terms and MWEs
def test_multiword_expressions_are_merged(make_corpus):
    text = ("The North-South Transport Corridor crosses the South Caucasus. "
            "South, Caucasus is not a match. The Revolutionary Guards and the Revolutionary Guard.")
    corpus = load_corpus(make_corpus([{"doc_id": "d1", "period": "2020", "text": text}]))
    terms = keyness.extract_terms(corpus)
    got = terms.loc[terms["is_mwe"], "term"].tolist()
    assert got == ["north_south_transport_corridor", "south_caucasus", "revolutionary_guards",
                   "revolutionary_guards"]
    assert "transport" not in terms["term"].tolist()
    # the comma blocks a match: both words stay single terms
    assert terms["term"].tolist().count("south") == 1 and terms["term"].tolist().count("caucasus") == 1
    # punctuation and the possessive clitic are not terms; stop words are
    assert "," not in terms["term"].tolist() and "the" in terms["term"].tolist()
    assert not keyness.extract_terms(corpus, expressions=False)["is_mwe"].any()


def test_gazetteer_loader_and_errors(tmp_path):
    exprs = keyness.load_expressions()
    row = exprs.set_index("expression").loc["North-South Transport Corridor"]
    assert row["words"] == ("north", "south", "transport", "corridor")
    assert exprs["source"].str.len().gt(0).all()
    bad = tmp_path / "mwe.csv"
    bad.write_text("expression,term,source\nSouth Caucasus,South Caucasus,x\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="row 2"):
        keyness.load_expressions(bad)
    bad.write_text("expression,term,source\nred line,red_line,x\nRed line,red_line,y\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="repeats row 2"):
        keyness.load_expressions(bad)
    bad.write_text("phrase,term\nred line,red_line\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="columns"):
        keyness.load_expressions(bad)


def test_count_terms_and_display_filter(make_corpus):
    corpus = load_corpus(make_corpus([
        {"doc_id": "a", "period": "2014", "text": "The thaw. The thaw is real."},
        {"doc_id": "b", "period": "2024", "text": "The corridor and the corridors in 2023."},
    ]))
    counts = keyness.count_terms(keyness.extract_terms(corpus)).set_index("term")
    assert counts.loc["thaw", ["count_2014", "count_2024"]].tolist() == [2, 0]
    assert counts.loc["corridor", ["count_2014", "count_2024"]].tolist() == [0, 2]  # lemma joins the forms
    assert counts.loc["the", ["count_2014", "count_2024"]].tolist() == [2, 2]       # stop word kept
    tab = keyness.keyness(counts.reset_index(), alpha0=10).set_index(["period", "term"])
    assert not tab.loc[("2014", "the"), "display"]                                 # ... but hidden
    assert not tab.loc[("2024", "2023"), "display"]                                # bare number hidden
    assert tab.loc[("2024", "corridor"), "display"]


def test_flagged_sentences_are_marked_and_can_be_excluded(make_corpus):
    root = make_corpus([
        {"doc_id": "a", "period": "2014", "text": "Armenia talks. Armenia waits."},
        {"doc_id": "b", "period": "2024", "text": "Pressure on China grows. Armenia talks."},
    ])
    (root / "quality_flags.csv").write_text(
        "doc_id,excerpt,issue,note\nb,Pressure on China,mistranslated_entity,China for Armenia\n", encoding="utf-8")
    corpus = load_corpus(root)
    terms = keyness.extract_terms(corpus)
    counts = keyness.count_terms(terms).set_index("term")
    assert counts.loc["china", "n_flagged"] == 1 and counts.loc["china", "n_flagged_2024"] == 1
    assert counts.loc["armenia", "n_flagged"] == 0
    excluded = keyness.count_terms(keyness.extract_terms(corpus.without_flagged())).set_index("term")
    assert "china" not in excluded.index and "pressure" not in excluded.index
    with_f = keyness.keyness_table(corpus, alpha0=10)
    without = keyness.keyness_table(corpus.without_flagged(), alpha0=10)
    marked = with_f.loc[with_f["flagged"], "term"].unique().tolist()
    assert sorted(marked) == ["china", "grow", "on", "pressure"]
    china = with_f.set_index(["reference", "period", "term"]).loc[("general English", "2024", "china")]
    assert china["flagged_share"] == 1.0
    sens = keyness.flag_sensitivity(with_f, without)
    china = sens.loc[sens["term"] == "china"]
    assert china[["reference", "period", "count_all", "count_excluded"]].values.tolist() == [
        ["general English", "2024", 1, 0], ["other periods", "2024", 1, 0]]  # no mirrored 2014 row
    assert china["z_excluded"].isna().all()  # vanishes without the flagged text
    labels = keyness.term_label(with_f.loc[with_f["term"] == "china"].set_index(["reference", "period"]))
    assert labels.to_dict() == {("other periods", "2014"): "china†", ("other periods", "2024"): "china†",
                                ("general English", "2014"): "china",  # no flagged text in 2014 itself
                                ("general English", "2024"): "china†"}


def test_ngrams_stay_inside_punctuation_free_runs(make_corpus):
    corpus = load_corpus(make_corpus([
        {"doc_id": "a", "period": "2014", "text": "Red line drawn. Red, line again; red line."},
        {"doc_id": "b", "period": "2024", "text": "A red line."},
    ]))
    raw = keyness.extract_terms(corpus, expressions=False)
    bi = keyness.ngrams(raw, n=2, min_count=1).set_index("ngram")
    assert bi.loc["red line", ["count_2014", "count_2024", "total"]].tolist() == [2, 1, 3]
    assert "drawn red" not in bi.index and "line again" in bi.index
    assert not bi.loc["a red", "display"]  # starts with a stop word
    tri = keyness.ngrams(raw, n=3, min_count=1)
    assert "red line drawn" in tri["ngram"].tolist() and (tri["n"] == 3).all()


# --------------------------------------------------------------------------- KWIC
def test_kwic_on_a_toy_corpus(make_corpus):
    corpus = load_corpus(make_corpus([
        {"doc_id": "a", "period": "2014", "text": "Baku and Tehran met. Tehran's envoy praised the South Caucasus."},
        {"doc_id": "b", "period": "2024", "text": "Tehran waits."},
    ]))
    k = keyness.kwic(corpus, "Tehran", 2)
    assert list(k.columns) == ["query", "doc_id", "period", "para_id", "sent_id", "left", "keyword", "right",
                               "term", "quality_issue"]
    assert k[["doc_id", "sent_id"]].values.tolist() == [["a", 1], ["a", 2], ["b", 1]]
    assert k["left"].tolist() == ["Baku and", "met.", ""]            # window crosses sentences, not documents
    assert k["right"].tolist() == ["met.", "'s envoy", "waits."]
    mwe = keyness.kwic(corpus, "south caucasus", 3)
    assert mwe[["keyword", "left", "right", "term"]].values.tolist() == [
        ["South Caucasus", "envoy praised the", ".", "south_caucasus"]]
    both = keyness.kwic(corpus, ["meet", "waits"], 1)  # lemma and word form
    assert both[["query", "keyword"]].values.tolist() == [["meet", "met"], ["waits", "waits"]]
    assert keyness.kwic(corpus, "Moscow", 3).empty
    with pytest.raises(ValueError, match="window"):
        keyness.kwic(corpus, "Tehran", -1)


# --------------------------------------------------------------------------- bundled corpus
BOILERPLATE = ["newsletter", "sign up", "adviser", "brussels", "views expressed", "socialists",
               "parliament", "journalism", "khudaferin", "photo", "commonspace", "eurasianet", "mammadov",
               "mamedov", "necessarily", "weekly"]


@pytest.fixture(scope="module")
def bundled():
    corpus = load_corpus("corpus")
    terms = keyness.extract_terms(corpus)
    return corpus, terms, keyness.keyness_table(terms)


def test_no_boilerplate_term_in_any_table(bundled):
    corpus, terms, table = bundled
    docs = corpus.documents()
    end_matter = " ".join(docs["boilerplate"]).lower()
    assert all(w in end_matter for w in BOILERPLATE)  # the words exist -- in the end-matter only
    raw = keyness.extract_terms(corpus, expressions=False)
    top = keyness.top_terms(table, n=50)
    kw = keyness.kwic(corpus, top["term"].unique().tolist(), 8, terms=terms)
    texts = [" ".join(table["term"].str.replace("_", " ")), " ".join(table["form"]),
             " ".join(keyness.ngrams(raw, n=2, min_count=1)["ngram"]),
             " ".join(keyness.ngrams(raw, n=3, min_count=1)["ngram"]),
             " ".join(kw["left"] + " " + kw["keyword"] + " " + kw["right"]).lower()]
    for w in BOILERPLATE + ["disclaimer", "brussels-based"]:
        for text in texts:
            assert f" {w} " not in f" {text} ", w


def test_keyness_csv_contract_on_bundled_corpus(bundled):
    _, _, table = bundled
    assert list(table.columns[:6]) == ["term", "period", "count_2014", "count_2024", "log_odds", "z"]
    assert {"se", "reference", "flagged", "display"} <= set(table.columns)
    assert set(table["reference"]) == {"other periods", "general English"}
    assert table["z"].notna().all()
    row = table.set_index(["reference", "period", "term"]).loc[("other periods", "2024", "zangezur_corridor")]
    assert (row["count_2014"], row["count_2024"]) == (0, 4)
    # honest size of the two-text contrast: almost nothing passes |z| > 1.96 with the default prior
    summary = keyness.significance_summary(table)
    periods_rows = summary.loc[summary["reference"] == "other periods"]
    assert periods_rows["n_over"].sum() <= 5
    english = summary.loc[summary["reference"] == "general English"]
    assert (english["n_over_display"] > 50).all()


def test_top_terms_and_stability_are_deterministic(bundled):
    _, terms, table = bundled
    top = keyness.top_terms(table, n=10)
    assert set(top["direction"]) == {"over", "under"}
    assert (top.groupby(["reference", "period", "direction"]).size() <= 10).all()
    assert top.loc[top["direction"] == "over", "z"].gt(0).all()
    assert top["display"].all()
    s1 = keyness.top_term_stability(terms, n_top=5, n_resamples=50, random_state=3)
    s2 = keyness.top_term_stability(terms, n_top=5, n_resamples=50, random_state=3)
    pd.testing.assert_frame_equal(s1, s2)
    assert s1["share_in_top"].between(0, 1).all()
    with pytest.raises(ValueError, match="random_state"):
        keyness.top_term_stability(terms, n_resamples=5, random_state=None)


def test_stability_finds_a_planted_term(make_corpus):
    corpus = load_corpus(make_corpus([
        {"doc_id": "a", "period": "2014", "text": " ".join(["Pipeline talks resumed today."] * 12)},
        {"doc_id": "b", "period": "2024", "text": " ".join(["Corridor talks resumed today."] * 12)},
    ]))
    s = keyness.top_term_stability(keyness.extract_terms(corpus), n_top=1, n_resamples=40, random_state=0)
    assert s.set_index("period")["term"].to_dict() == {"2014": "pipeline", "2024": "corridor"}
    assert s["share_in_top"].tolist() == [1.0, 1.0]


def test_figures_label_without_overlap(bundled):
    import matplotlib.pyplot as plt

    _, _, table = bundled
    from analysis.plots import keyness as keyness_plots
    from analysis.plots import labels

    fig = keyness_plots.plot_fightin_words(table, n_labels=10)
    assert fig.dropped_labels == []
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    boxes = [labels._text_box(t, renderer) for t in ax.texts if hasattr(t, "xyann")]
    assert len(boxes) >= 5
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    plt.close(fig)
    fig = keyness_plots.plot_keyness(table, reference="general English", n=5)
    assert len(fig.axes) == 2
    plt.close(fig)


def test_stability_resamples_documents_when_every_period_has_enough(make_corpus):
    docs = [{"doc_id": f"{p}{i}", "period": p, "text": f"{w} talks resumed {when}. {w} plans grew."}
            for p, w in (("2014", "Pipeline"), ("2024", "Corridor")) for i, when in enumerate(["today", "again", "now"])]
    terms = keyness.extract_terms(load_corpus(make_corpus(docs)))
    few = keyness.top_term_stability(terms, n_top=1, n_resamples=20, random_state=0, min_docs=5)
    many = keyness.top_term_stability(terms, n_top=1, n_resamples=20, random_state=0, min_docs=3)
    assert set(few["unit"]) == {"sentence"} and set(many["unit"]) == {"document"}
    assert many.set_index("period")["term"].to_dict() == {"2014": "pipeline", "2024": "corridor"}


def test_run_keyness_is_the_notebook_sequence(bundled):
    corpus, terms, table = bundled
    res = keyness.run_keyness(corpus, n_resamples=20, seed=1)
    pd.testing.assert_frame_equal(res["table"], keyness.keyness_table(terms))
    clean = keyness.keyness_table(corpus.without_flagged())
    pd.testing.assert_frame_equal(res["table_without_flagged"], clean)
    assert set(res["stability"]["reference"]) == {"other periods", "general English"}
