"""Stance marker counting on sentences written for the test, rates, tests and the resource file."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import style
from analysis.corpus import load_corpus
from analysis.errors import ResourceError

#: Text of the end-matter (bylines, bios, disclaimers, sign-ups) that must never reach a table.
BOILERPLATE = ["newsletter", "disclaimer", "sign up", "views expressed", "political adviser",
               "personal capacity", "brussels-based", "source: mahamad", "photo:", "commonspace.eu or its partners"]

#: (sentence, expected counts per category)
CASES = [
    ("Iran may reopen the embassy.", {"hedge": 1}),
    ("In May 2023, the talks resumed in Baku.", {}),                                  # the month
    ("On May 3, the ministers met.", {}),
    ("It is likely that the talks will resume.", {"hedge": 1, "future": 1}),          # phrase counted once
    ("Baku will not accept this.", {"future": 1}),                                     # negated modal
    ("In fact, the deal is clearly important.", {"booster": 2, "attitude": 1}),
    ("The political will of the leaders is weak.", {}),                                # noun will
    ("Their will to fight is strong.", {}),                                            # noun will
    ("This will change the region.", {"future": 1}),                                   # modal after this
    ("It is not clear whether Tehran agrees.", {"hedge": 1}),                          # negated booster
    ("There is no doubt that relations improved.", {"booster": 1}),                    # phrase beats doubt + no
    ("If talks fail, the region could suffer.", {"conditional": 1, "hedge": 1}),
    ("Even if the talks fail, Baku can wait.", {"conditional": 1}),                    # even if once; can is no hedge
    ("Officials appeared in Baku on Monday.", {}),                                     # literal appear
    ("The deal appears to hold.", {"hedge": 1}),
    ("We believe US forces will stay.", {"self_mention": 1, "booster": 1, "future": 1}),  # US is no self-mention
    ("Nobody knows how many fighters returned.", {"hedge": 1}),                        # negated booster
    ("This would not only strengthen ties but also trade.", {"hedge": 1}),             # not only: no negation
    ("Iran won't wait much longer.", {"future": 1}),
    ("It is an interesting point of common interest.", {"attitude": 1}),               # interest is not attitude
    ("Such an outcome is not possible now.", {"booster": 1}),                          # negated hedge -> booster
    ("It might happen.", {"hedge": 1}),
    # issue 9: attributed stance apart, general context rules against false matches
    ("Baku believes the talks can work.", {"attributed": 1}),
    ("Officials in Tehran think the deal is dead.", {"attributed": 1}),
    ("They claim that the border is closed.", {"attributed": 1}),
    ("Iranians who claim the poet disagree.", {}),                                     # claim ownership: no hedge
    ("The steps expected by Baku were taken.", {}),                                    # passive expected
    ("It is important to act.", {"attitude": 1}),
    ("He was removed from important decision-making.", {}),                            # classifying adjective
    ("Both sides could easily We could fail.", {"hedge": 2}),                          # spliced capital We
    ("If Baku plays its cards smartly, it gains.", {"conditional": 1, "attitude": 1}),
    ("Russia in general and Armenia in particular matter.", {}),                       # scope, not a hedge
]


@pytest.fixture(scope="module")
def case_corpus(tmp_path_factory):
    from conftest import write_corpus

    text = "\n".join(s for s, _ in CASES)  # one sentence per paragraph
    return load_corpus(write_corpus(tmp_path_factory.mktemp("stance") / "corpus",
                                    [{"doc_id": "cases", "period": "2014", "text": text}]))


@pytest.fixture(scope="module")
def case_matches(case_corpus):
    return style.stance_matches(case_corpus)


def test_sentences_segment_one_per_case(case_corpus):
    assert case_corpus.sentences()["text"].tolist() == [s for s, _ in CASES]


@pytest.mark.parametrize("i", range(len(CASES)), ids=[s[:32] for s, _ in CASES])
def test_counts_on_written_sentences(case_matches, i):
    sentence, expected = CASES[i]
    got = case_matches.loc[case_matches["sent_id"] == i + 1].groupby("category").size().to_dict()
    assert got == expected, case_matches.loc[case_matches["sent_id"] == i + 1,
                                             ["text", "listed_category", "negated", "category"]]


def test_negation_and_phrase_details(case_matches):
    m = case_matches.set_index("sent_id")
    will_not = m.loc[[5]]
    assert will_not["text"].tolist() == ["will"] and will_not["negated"].tolist() == [True]
    unclear = m.loc[[10]].iloc[0]
    assert (unclear["listed_category"], unclear["negated"], unclear["category"]) == ("booster", True, "hedge")
    likely = m.loc[[4]]
    assert "It is likely that" in likely["text"].tolist()
    assert likely.loc[likely["category"] == "hedge", "n_tokens"].tolist() == [4]
    no_doubt = m.loc[[11]].iloc[0]
    assert (no_doubt["text"], no_doubt["negated"]) == ("no doubt", False)
    wont = m.loc[[19]].iloc[0]
    assert (wont["text"], wont["negated"], wont["category"]) == ("wo", True, "future")
    not_only = m.loc[[18]].iloc[0]
    assert (not_only["text"], not_only["negated"]) == ("would", False)


def test_counts_table_has_zeros_and_words(case_corpus):
    counts = style.stance_counts(case_corpus)
    assert len(counts) == len(CASES) * len(style.CATEGORIES)
    assert set(counts["category"]) == set(style.CATEGORIES)
    first = counts.loc[counts["sent_id"] == 1].set_index("category")["count"]
    assert first["hedge"] == 1 and first.drop("hedge").eq(0).all()
    assert counts.loc[counts["sent_id"] == 1, "n_words"].iloc[0] == 5   # Iran may reopen the embassy


def test_rates_and_permutation_test_hand_values(make_corpus):
    docs = [{"doc_id": "old", "period": "2014",
             "text": "Iran may act. Baku might wait. Tehran could move. Trade grew fast."},
            {"doc_id": "new", "period": "2024",
             "text": "Iran will act. Baku clearly waits. Tehran moved on. Trade grew fast."}]
    counts = style.stance_counts(load_corpus(make_corpus(docs)))
    rates = style.stance_rates(counts, n_resamples=500, random_state=0).set_index(["period", "category"])
    # 3 hedges in 12 words = 250 per 1,000 words; 0 in 2024
    assert rates.loc[("2014", "hedge"), "rate_per_1000"] == pytest.approx(250.0)
    assert rates.loc[("2014", "hedge"), "n_words"] == 12
    assert rates.loc[("2024", "hedge"), "rate_per_1000"] == 0.0
    assert rates.loc[("2024", "booster"), "rate_per_1000"] == pytest.approx(1000 / 12)
    r = rates.loc[("2014", "hedge")]
    assert r["ci_low"] <= r["rate_per_1000"] <= r["ci_high"]
    tests = style.stance_tests(counts, n_resamples=2000, random_state=0).set_index("category")
    assert tests.loc["hedge", "difference"] == pytest.approx(-250.0)
    assert tests.loc["hedge", "reference"] == "2014" and tests.loc["hedge", "group"] == "2024"
    # 8 sentences, 3 hedged: all 3 land in one period's 4 sentences in 2 * C(5,1) / C(8,4) = 10/70 of labelings
    assert tests.loc["hedge", "p_value"] == pytest.approx(10 / 70, abs=0.03)
    again = style.stance_tests(counts, n_resamples=2000, random_state=0)
    pd.testing.assert_frame_equal(tests.reset_index(), again)
    per_doc = style.stance_rates(counts, level="document", n_resamples=100, random_state=0)
    assert set(per_doc["doc_id"]) == {"old", "new"}
    bal = style.stance_balance(counts, n_resamples=200, random_state=0).set_index("period")
    assert bal.loc["2014", "share"] == 0.0 and bal.loc["2024", "share"] == 1.0


def test_describe_stance_line():
    rates = pd.DataFrame({"period": ["a", "b"], "category": "future", "count": [1, 4],
                          "rate_per_1000": [2.0, 8.0], "ci_low": [0.0, 3.0], "ci_high": [5.0, 12.0]})
    tests = pd.DataFrame({"category": ["future"], "reference": ["a"], "group": ["b"],
                          "difference": [6.0], "p_value": [0.031]})
    assert style.describe_stance(rates, tests) == [
        "future-oriented: a 2.0 [0.0, 5.0] (n=1), b 8.0 [3.0, 12.0] (n=4); b - a = +6.0 per 1,000 words, p = 0.031"]


# --------------------------------------------------------------------------- resource file
def test_packaged_markers_load_with_sources():
    m = style.load_stance_markers()
    # attributed stance is not listed: a match with a third-party subject moves there
    assert (set(style.CATEGORIES) - {"attributed"}) | {style.NEGATOR} == set(m["category"])
    assert set(m["attribution"]) == {"", "subject"} and "require_prev" in m.columns
    assert (m["source"] != "").all()
    assert m.loc[m["marker"] == "it is likely that", "key"].item() == "it be likely that"
    assert m.loc[m["marker"] == "could", "key"].item() == "could"   # form: the lemmatiser says "can"


def _write(tmp_path, rows):
    path = tmp_path / "markers.csv"
    pd.DataFrame(rows, columns=style.MARKER_COLUMNS).to_csv(path, index=False)
    return path


def _row(**kw):
    base = dict(category="hedge", marker="may", match="form", case="", exclude_prev="", require_next="",
                exclude_next="", negation="none", when_negated="same", source="test", note="")
    return {**base, **kw}


def test_bad_marker_files_raise_one_line_errors(tmp_path):
    with pytest.raises(ResourceError, match=r"row 2 .*match 'stem'"):
        style.load_stance_markers(_write(tmp_path, [_row(match="stem")]))
    with pytest.raises(ResourceError, match="when_negated 'flip'"):
        style.load_stance_markers(_write(tmp_path, [_row(when_negated="flip")]))
    with pytest.raises(ResourceError, match="same after lemmatisation"):
        style.load_stance_markers(_write(tmp_path, [_row(marker="provided that", match="lemma"),
                                                    _row(marker="providing that", match="lemma")]))
    with pytest.raises(ResourceError, match="missing column"):
        path = tmp_path / "short.csv"
        path.write_text("category,marker\nhedge,may\n")
        style.load_stance_markers(path)


def test_user_marker_file_adds_a_category(tmp_path, case_corpus):
    path = _write(tmp_path, [_row(category="regional", marker="region", match="lemma")])
    counts = style.stance_counts(case_corpus, path=path)
    assert set(counts["category"]) == {"regional"}
    assert counts["count"].sum() == 2   # "the region" in two of the cases


def test_no_boilerplate_in_any_stance_table(corpus):
    counts = style.stance_counts(corpus)
    tables = [style.stance_matches(corpus), counts,
              style.stance_rates(counts, level="document", n_resamples=20, random_state=0),
              style.stance_tests(counts, n_resamples=20, random_state=0),
              style.stance_balance(counts, n_resamples=20, random_state=0)]
    for table in tables:
        for col in table.select_dtypes(include=["object", "string"]).columns:
            text = " ".join(table[col].astype(str)).lower()
            for term in BOILERPLATE:
                assert term not in text, (term, col)
    # the sentences behind the counts are body sentences
    matches = tables[0]
    assert matches["sentence"].notna().all() and len(matches) > 0


def test_verdict_lines_read_direction_and_significance():
    rates = pd.DataFrame({"period": ["a"] * 4 + ["b"] * 4,
                          "category": ["hedge", "booster", "future", "conditional"] * 2,
                          "rate_per_1000": [10.0, 5.0, 2.0, 4.0, 12.0, 1.0, 9.0, 4.0]})
    tests = pd.DataFrame({"category": ["hedge", "booster", "future", "conditional"], "reference": "a",
                          "group": "b", "difference": [2.0, -4.0, 7.0, 0.0], "p_value": [0.5, 0.2, 0.01, 1.0]})
    balance = pd.DataFrame({"period": ["a", "b"], "share": [1 / 3, 1 / 13], "p_value": [float("nan"), 0.3]})
    certainty, prediction = style.verdict_lines(rates, tests, balance, alpha=0.05)
    assert certainty == ("Certainty, b vs a: hedges higher (10.0 -> 12.0 per 1,000 words, p = 0.5); boosters lower "
                         "(5.0 -> 1.0 per 1,000 words, p = 0.2); boosters' share of hedges + boosters 33% -> 8% "
                         "(p = 0.3). None of these differences is distinguishable from a random split of sentences "
                         "(all p >= 0.05).")
    assert prediction == ("Prediction, b vs a: future-oriented higher (2.0 -> 9.0 per 1,000 words, p = 0.01); "
                          "conditional unchanged (4.0 -> 4.0 per 1,000 words, p = 1). 1 of 2 differences reach "
                          "p < 0.05.")


def test_zero_count_gets_an_exact_upper_bound(make_corpus):
    docs = [{"doc_id": "old", "period": "2014", "text": "Iran may act. Trade grew fast. Prices rose."},
            {"doc_id": "new", "period": "2024", "text": "Iran will act. Trade grew fast. Prices rose."}]
    rates = style.stance_rates(style.stance_counts(load_corpus(make_corpus(docs))), n_resamples=200,
                               random_state=0).set_index(["period", "category"])
    zero = rates.loc[("2024", "hedge")]
    assert zero["rate_per_1000"] == 0.0 and zero["ci_high"] > 0 and zero["method"] == "exact Garwood"
    assert zero["unit"] == "sentence"


def test_rates_resample_documents_once_every_period_has_enough(make_corpus):
    """Hand-worked document rule: 3 documents per period, min_docs=3 -> documents are the unit."""
    texts = {"2014": ["Iran may act now.", "Baku waits here.", "Tehran might move."],
             "2024": ["Iran acts now.", "Baku waits there.", "Tehran moves on."]}
    docs = [{"doc_id": f"{p}-{i}", "period": p, "text": t} for p, ts in texts.items() for i, t in enumerate(ts)]
    counts = style.stance_counts(load_corpus(make_corpus(docs)))
    rates = style.stance_rates(counts, min_docs=3, n_resamples=400, random_state=0).set_index(["period", "category"])
    hedge = rates.loc[("2014", "hedge")]
    assert hedge["unit"] == "document" and hedge["rate_per_1000"] == pytest.approx(1000 * 2 / 10)
    # each resample draws 3 of the documents (4, 3, 3 words; 1, 0, 1 hedges): the rate lies between 0
    # (the hedge-free document thrice) and 1000 / 3 (the 3-word hedged document thrice)
    assert 0 <= hedge["ci_low"] < 200 < hedge["ci_high"] <= 1000 / 3 + 1e-9
    per_doc = style.stance_rates(counts, level="document", min_docs=3, n_resamples=50, random_state=0)
    assert set(per_doc["unit"]) == {"none"} and per_doc["ci_low"].isna().all()   # no within-text interval
    assert set(style.stance_rates(counts, n_resamples=50, random_state=0)["unit"]) == {"sentence"}  # min_docs=5
    tests = style.stance_tests(counts, min_docs=3, n_resamples=200, random_state=0)
    assert set(tests["unit"]) == {"document"} and (tests["n_reference"] == 3).all()


def test_run_readability_style_uses_the_flag_free_corpus_for_robustness(corpus):
    res = style.run_readability_style(corpus, n_resamples=50, seed=1)
    clean = corpus.without_flagged()
    expected = style.stance_counts(clean)
    got = res["rates_without_flagged"].set_index(["period", "category"])["count"]
    assert got.to_dict() == expected.groupby(["period", "category"])["count"].sum().to_dict()
    assert res["indices_without_flagged"]["n_sentences"].max() <= res["indices"]["n_sentences"].max()
    assert {"unit"} <= set(res["indices"].columns) and {"unit"} <= set(res["rates"].columns)


def test_frozen_heap_unfreezes_on_leaving_and_leaves_an_outer_freeze_alone():
    import gc

    from analysis.heap import frozen_heap

    assert gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError):
        with frozen_heap():
            assert gc.get_freeze_count() > 0
            raise RuntimeError("stage failed")
    assert gc.get_freeze_count() == 0       # unfrozen even when the stage fails
    gc.freeze()
    try:
        outer = gc.get_freeze_count()
        with frozen_heap():
            pass
        assert gc.get_freeze_count() == outer   # somebody else's freeze is kept
    finally:
        gc.unfreeze()
