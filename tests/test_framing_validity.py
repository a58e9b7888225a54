"""Tests for analysis.framing.validity: cue origins, the ablation without from-articles cues, how much
of each article's coding rests on them, the third held-out batch, and inter-coder reliability."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import config
from analysis import framing as F
from analysis.errors import ResourceError
from analysis.framing import reliability as R
from analysis.framing import validity as V

TINY = """\
name: tiny
frames:
  weather:
    definition: Talk about the weather.
    indicators:
      rain: {weight: 1, origin: general}
      storm: {weight: 2, origin: general}
      gale of doom: {weight: 2, origin: from-articles}
  money:
    definition: Talk about money.
    indicators:
      bank: {weight: 1, origin: general}
      "US": {weight: 0.5, match: exact, origin: from-articles}
"""
ON = ["doc_id", "para_id"]


@pytest.fixture
def tiny(tmp_path):
    p = tmp_path / "tiny.yaml"
    p.write_text(TINY, encoding="utf-8")
    return F.load_codebook(p)


@pytest.fixture(scope="module")
def sets(corpus):
    """The frame and Entman validation sets of validation/ as origin_ablation takes them."""
    folder = config.validation_dir()
    labels = F.load_codebook().labels
    art = F.read_frame_codes(folder / "frames_articles.csv", labels=labels)
    frame_sets = {"articles": (corpus.paragraphs()[[*ON, "text"]], art, ON)}
    held = F.read_frame_codes(folder / "frames_heldout.csv", labels=labels)
    for batch, codes in held.groupby("batch"):
        frame_sets[batch] = (codes[["item_id", "text"]], codes, ["item_id"])
    for n in (3, 4):
        h = F.read_frame_codes(folder / f"frames_heldout_{n}.csv", labels=labels)
        frame_sets[f"heldout-{n}"] = (h[["item_id", "text"]], h, ["item_id"])
    key = ["item_id", "sent_index"]
    ent = pd.read_csv(folder / "entman_heldout.csv")
    function_sets = {"articles": (corpus.sentences()[["doc_id", "sent_id", "text"]],
                                  pd.read_csv(folder / "entman_sentences.csv"), ["doc_id", "sent_id"])}
    for batch, t in ent.groupby("batch"):
        function_sets[batch] = (t, t, key)
    for n in (3, 4):
        e = pd.read_csv(folder / f"entman_heldout_{n}.csv")
        function_sets[f"heldout-{n}"] = (e, e, key)
    return frame_sets, function_sets


# --------------------------------------------------------------------------- origins
def test_every_packaged_cue_has_an_origin_and_the_article_names_are_tagged():
    cb, cues = V.cue_origins(F.load_codebook()), V.cue_origins(F.load_entman_cues())
    assert set(cb["origin"]) == set(cues["origin"]) == {"general", "from-articles"}
    tagged = set(cb.loc[cb["origin"] == "from-articles", "term"]) | set(cues.loc[cues["origin"] == "from-articles",
                                                                                "term"])
    for term in ["zangezur corridor", "araz corridor", "nakhchivan", "extraterritoriality", "ceasefire statement",
                 "salafist", "jaish al-adl", "baluchi", "change of guard", "good-neighborly", "balance of threat",
                 "geo-economic", "intercultural", "implacable", "stridency", "courtship", "smartly",
                 "now is the time", "alarm bells", "stalemated", "collision course", "bottleneck"]:
        assert term in tagged, term
    assert {"military", "trade", "visit", "russia", "because"} <= set(cb["term"]) | set(cues["term"])
    assert not {"military", "trade", "visit", "russia", "because"} & tagged
    assert (cb["origin"] == "from-articles").sum() == 56 and (cues["origin"] == "from-articles").sum() == 30


def test_without_origin_drops_only_the_tagged_cues(tiny):
    general = V.without_origin(tiny)
    assert general.labels == tiny.labels and set(general.indicators["term"]) == {"rain", "storm", "bank"}
    text = ["A gale of doom hit the US coast."]
    assert F.frame_hits(text, tiny)["term"].tolist() == ["gale of doom", "US"]
    assert F.frame_hits(text, general).empty
    assert set(V.without_origin(tiny, "general").indicators["term"]) == {"gale of doom", "US"}


def test_a_cue_without_a_valid_origin_is_a_one_line_error(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text(TINY.replace("bank: {weight: 1, origin: general}", "bank: {weight: 1, origin: article}"),
                 encoding="utf-8")
    with pytest.raises(ResourceError, match=r"bad.yaml: frame 'money': indicator 'bank': origin 'article'") as e:
        V.without_origin(F.load_codebook(p))
    assert "\n" not in str(e.value)


# --------------------------------------------------------------------------- reliance and ablation
def test_origin_reliance_counts_weight_and_lost_decisions_by_hand(tiny):
    units = pd.DataFrame({"doc_id": ["a", "b"], "para_id": [1, 1],
                          "text": ["A gale of doom.", "Rain and a storm hit the bank."]})
    r = V.origin_reliance(units, tiny, on=ON).set_index("doc_id")
    assert r.loc["a", "share_weight"] == 1.0 and r.loc["a", "n_present"] == 1 and r.loc["a", "n_lost"] == 1
    assert r.loc["a", "n_primary_changed"] == 1
    assert r.loc["b", "share_weight"] == 0.0 and r.loc["b", "n_lost"] == 0 and r.loc["b", "n_primary_changed"] == 0


def test_share_of_each_article_resting_on_from_articles_cues(corpus):
    paras, sents = corpus.paragraphs(), corpus.sentences()
    fr = V.origin_reliance(paras, F.load_codebook(), on=ON).set_index("doc_id")
    en = V.origin_reliance(sents, F.load_entman_cues(), on=["doc_id", "sent_id"], kind="entman").set_index("doc_id")
    d14, d24 = "2014-eurasianet-mamedov", "2024-commonspace-mammadov"
    assert fr.loc[d14, "share_weight"] == pytest.approx(23.0 / 114.5)
    assert fr.loc[d24, "share_weight"] == pytest.approx(47.0 / 204.5)
    assert (fr.loc[d14, ["n_present", "n_lost", "n_primary_changed"]].tolist() == [26, 1, 1])
    assert (fr.loc[d24, ["n_present", "n_lost", "n_primary_changed"]].tolist() == [31, 3, 2])
    assert en.loc[d14, ["n_present", "n_lost"]].tolist() == [30, 6]
    assert en.loc[d24, ["n_present", "n_lost"]].tolist() == [31, 7]


# Point estimates of the ablation (validation/README.md); intervals must contain them.
ABLATION = {  # (coding, set, cues, metric): estimate
    ("frames", "articles", "all", "micro_f1"): 0.90, ("frames", "articles", "general only", "micro_f1"): 0.87,
    ("frames", "articles", "all", "primary_kappa"): 0.88, ("frames", "articles", "general only", "primary_kappa"): 0.70,
    ("frames", "heldout-2", "all", "micro_kappa"): 0.58, ("frames", "heldout-2", "general only", "micro_kappa"): 0.58,
    ("frames", "heldout-3", "all", "micro_f1"): 0.64, ("frames", "heldout-3", "general only", "micro_f1"): 0.64,
    ("frames", "heldout-3", "all", "micro_kappa"): 0.53, ("frames", "heldout-3", "all", "primary_kappa"): 0.76,
    ("entman", "articles", "all", "micro_f1"): 0.82, ("entman", "articles", "general only", "micro_f1"): 0.70,
    ("entman", "heldout-3", "all", "micro_f1"): 0.54, ("entman", "heldout-3", "general only", "micro_f1"): 0.51,
    ("frames", "heldout-4", "all", "micro_f1"): 0.79, ("frames", "heldout-4", "all", "micro_kappa"): 0.72,
    ("frames", "heldout-4", "all", "primary_accuracy"): 1.0, ("frames", "heldout-4", "general only", "micro_f1"): 0.79,
    ("entman", "heldout-4", "all", "micro_f1"): 0.55, ("entman", "heldout-4", "all", "micro_kappa"): 0.43,
}


def test_ablation_table_on_every_validation_set(sets):
    ab = V.origin_ablation(*sets, F.load_codebook(), F.load_entman_cues(), n_resamples=50, seed=1)
    assert set(ab["set"]) == {"articles", "heldout-1", "heldout-2", "heldout-3", "heldout-4"}
    assert set(ab["cues"]) == {"all", "general only"} and set(ab["unit"]) == {"paragraph", "sentence"}
    t = ab.set_index(["coding", "set", "cues", "metric"])
    for key, value in ABLATION.items():
        assert t.loc[key, "estimate"] == pytest.approx(value, abs=0.005), key
    ok = ab.dropna(subset=["ci_low"])
    assert ((ok["ci_low"] <= ok["estimate"] + 1e-9) & (ok["estimate"] <= ok["ci_high"] + 1e-9)).all()
    assert t.loc[("frames", "heldout-3", "all", "micro_f1"), "n"] == 24
    assert t.loc[("entman", "heldout-3", "all", "micro_f1"), "n"] == 52
    wide = V.ablation_wide(ab)
    assert len(wide) == 10 and wide.filter(like="(general only)").shape[1] == 5


# --------------------------------------------------------------------------- batch 3
def test_third_heldout_batch_is_balanced_and_its_entman_sentences_are_its_text():
    folder = config.validation_dir()
    h3 = F.read_frame_codes(folder / "frames_heldout_3.csv")
    assert len(h3) == 24 and set(h3["batch"]) == {"heldout-3"} and h3["primary"].value_counts().tolist() == [3] * 8
    ent = pd.read_csv(folder / "entman_heldout_3.csv")
    joined = ent.groupby("item_id", sort=False)["text"].agg(" ".join)
    assert joined.to_dict() == h3.set_index("item_id")["text"].to_dict()
    earlier = set(pd.read_csv(folder / "frames_heldout.csv")["item_id"])
    assert not earlier & set(h3["item_id"])


# --------------------------------------------------------------------------- inter-coder
def test_coder_reliability_by_hand():
    a = pd.DataFrame({"u": [1, 2, 3, 4], "primary": ["x", "y", "x", "y"],
                      "frames": [["x"], ["y"], ["x", "y"], ["y"]]})
    b = pd.DataFrame({"u": [4, 3, 2, 1], "primary": ["x", "x", "y", "x"],
                      "frames": [["x", "y"], ["x", "y"], ["y"], ["x"]]})
    r = R.coder_reliability({"a": a, "b": b}, ["x", "y"], on="u", n_resamples=50, seed=0)
    t = r.set_index(["label", "statistic"])["estimate"]
    # primary: a = x y x y, b = x y x x -> po 3/4, pe (2*3 + 2*1)/16 = 1/2 -> kappa 0.5
    assert t["primary", "cohen_kappa"] == pytest.approx(0.5)
    assert t["primary", "observed_agreement"] == pytest.approx(0.75)
    # frame x present: a = 1 0 1 0, b = 1 0 1 1 -> same kappa 0.5; frame y: a = 0 1 1 1, b = 0 1 1 1 -> 1
    assert t["x", "cohen_kappa"] == pytest.approx(0.5) and t["y", "cohen_kappa"] == pytest.approx(1.0)
    assert t["y", "krippendorff_alpha"] == pytest.approx(1.0)
    assert set(r["unit"]) == {"paragraph"} and (r["n"] == 4).all()
    with pytest.raises(Exception, match="same units"):
        R.coder_reliability({"a": a, "b": b.iloc[:3]}, ["x", "y"], on="u", n_resamples=10, seed=0)


# Inter-coder figures reported in validation/README.md (point estimates).
RELIABILITY = {  # (coder_a, coder_b, label, statistic): estimate
    ("coder 1", "coder 2", "primary", "cohen_kappa"): 0.88, ("coder 1", "coder 2", "primary", "krippendorff_alpha"): 0.88,
    ("coder 1", "coder 2", "security", "cohen_kappa"): 0.52, ("coder 1", "coder 2", "geopolitics", "cohen_kappa"): 0.90,
    ("coder 1", "rules", "primary", "cohen_kappa"): 0.88, ("coder 2", "rules", "primary", "cohen_kappa"): 0.82,
    ("coder 2", "rules", "security", "cohen_kappa"): 0.60, ("coder 1", "rules", "diplomacy", "cohen_kappa"): 0.32,
}


def test_inter_coder_reliability_of_the_article_paragraphs(corpus):
    folder = config.validation_dir()
    labels = F.load_codebook().labels
    first = F.read_frame_codes(folder / "frames_articles.csv", labels=labels)
    second = F.read_frame_codes(folder / "second_coder_frames.csv", labels=labels)
    paras = corpus.paragraphs()
    assert [t.startswith(s) for t, s in zip(paras["text"], second["starts"])] == [True] * len(paras)
    rules = R.rules_as_coding(F.code_units(paras[[*ON, "text"]]), on=ON)
    r = R.coder_reliability({"coder 1": first, "coder 2": second, "rules": rules}, labels, on=ON,
                            n_resamples=50, seed=1)
    t = r.set_index(["coder_a", "coder_b", "label", "statistic"])
    for key, value in RELIABILITY.items():
        assert t.loc[key, "estimate"] == pytest.approx(value, abs=0.005), key
    assert len(r) == 3 * 9 * 3
    wide = R.reliability_wide(r)
    assert wide["label"].tolist() == [*labels, "primary"] and wide.shape[1] == 1 + 6


# --------------------------------------------------------------------------- directions
def test_direction_table_flags_a_shift_that_changes_sign_between_units():
    from analysis.framing.directions import direction_lines, direction_table

    def t(diffs, p=0.5):
        return pd.DataFrame({"frame": ["geo", "sec"], "reference": "2014", "group": "2024", "difference": diffs,
                             "p_value": p, "p_holm": p})

    d = direction_table({"paragraphs (rules)": t([0.1, 0.2]), "sentences (rules)": t([-0.02, 0.15], 0.01)})
    assert d.set_index(["frame", "coding"])["consistent"].to_dict() == {
        ("geo", "paragraphs (rules)"): False, ("geo", "sentences (rules)"): False,
        ("sec", "paragraphs (rules)"): True, ("sec", "sentences (rules)"): True}
    lines = direction_lines(d)
    assert lines[0] == ("geo, 2024 against 2014: the direction depends on the coding -- paragraphs (rules) higher "
                        "(+0.10), sentences (rules) lower (-0.02); distinguishable from chance in 1 of 2 codings.")
    assert lines[1].startswith("sec, 2024 against 2014: the same direction under every coding")


def test_evidence_lines_are_generated_from_the_tables():
    from analysis.framing.directions import evidence_lines

    main = pd.DataFrame({"frame": ["geo", "sec", "eco"], "reference": "2014", "group": "2024",
                         "share_reference": [0.4, 0.4, 0.1], "share_group": [0.7, 0.6, 0.2],
                         "difference": [0.3, 0.2, 0.1], "ci_low": [-0.1, -0.2, -0.2], "ci_high": [0.7, 0.6, 0.4],
                         "p_value": [0.38, 0.04, 0.6], "p_holm": [1.0, 0.12, 1.0], "unit": "paragraph"})
    sent = main.assign(difference=[-0.02, 0.23, 0.05], p_value=[0.9, 0.01, 0.7], p_holm=[1.0, 0.03, 1.0],
                       unit="sentence")
    lines = evidence_lines({"paragraphs": main, "sentences": sent}, labels={"2014": "2014 · A", "2024": "2024 · B"})
    assert lines[0].startswith("paragraphs: Share of paragraphs with geo present is higher in 2024 · B than in "
                               "2014 · A (0.40 → 0.70; difference +0.30 [-0.10, +0.70], p = 0.380")
    assert lines[1].startswith("paragraphs: Share of paragraphs with sec present is higher")  # 0.2 counts as large
    assert lines[2] == ("paragraphs: no difference is distinguishable from chance after Holm's adjustment for 3 "
                        "frames; p < 0.05 before adjustment only: sec.")
    assert lines[3] == "sentences: distinguishable from chance after Holm's adjustment for 3 frames: sec."
    assert any(s.startswith("geo, 2024 · B against 2014 · A: the direction depends on the coding") for s in lines)


def test_entman_functions_are_reported_as_shares_of_sentences(corpus):
    from analysis.framing.directions import function_shares

    sents = corpus.sentences()
    fn = F.frame_functions(sents[["doc_id", "period", "sent_id", "text"]])
    gold = pd.read_csv(config.validation_dir() / "entman_sentences.csv", dtype={"period": str})
    hand = F.gold_presence(gold, F.ENTMAN_FUNCTIONS, on=["doc_id", "period", "sent_id"], label="function")
    sh = function_shares(fn, hand, n_resamples=100, seed=0)
    assert set(sh["coding"]) == {"cues", "hand labels"} and set(sh["unit"]) == {"sentence"}
    assert (sh["share"] == sh["n_present"] / sh["n"]).all()
    assert sh.groupby("period")["n"].first().to_dict() == {"2014": 32, "2024": 42}
    t = sh.set_index(["coding", "function", "period"])
    # the counts the old table showed raw (11 of 32 vs 18 of 42 sentences with problem-definition cues)
    assert t.loc[("cues", "problem_definition", "2014"), "n_present"] == 11
    assert t.loc[("cues", "problem_definition", "2024"), "n_present"] == 18
    assert (sh["ci_low"] <= sh["share"]).all() and (sh["share"] <= sh["ci_high"]).all()


def test_notebook_03_measurement_claims_match_the_reliability_table(corpus):
    """03's closing: the coders agree on the primary frame about as well as rules and coder 1 do, and least on
    security and diplomacy."""
    folder = config.validation_dir()
    labels = F.load_codebook().labels
    first = F.read_frame_codes(folder / "frames_articles.csv", labels=labels)
    second = F.read_frame_codes(folder / "second_coder_frames.csv", labels=labels)
    rules = R.rules_as_coding(F.code_units(corpus.paragraphs()[[*ON, "text"]]), on=ON)
    r = R.coder_reliability({"coder 1": first, "coder 2": second, "rules": rules}, labels, on=ON, n_resamples=20,
                            seed=0)
    k = r.loc[r["statistic"] == "cohen_kappa"].set_index(["coder_a", "coder_b", "label"])["estimate"]
    assert abs(k["coder 1", "coder 2", "primary"] - k["coder 1", "rules", "primary"]) < 0.05
    per_frame = k["coder 1", "coder 2"].drop("primary").sort_values()
    assert set(per_frame.index[:2]) == {"security", "diplomacy"}


def test_notebook_03_overcoding_sentence_matches_batch_3(sets):
    """03: the rules code more frames than the hand coding on batch 3 (53 vs 35), economy and security above all."""
    units, codes, on = sets[0]["heldout-3"]
    pres, _ = V.frame_set_agreement(units, codes, F.load_codebook(), on=on, n_resamples=20, random_state=0)
    t = pres.set_index("frame")
    assert (t.loc["micro", "n_coded"], t.loc["micro", "n_gold"]) == (53, 35)
    extra = (t["n_coded"] - t["n_gold"]).drop(["micro", "macro"]).sort_values(ascending=False)
    assert list(extra.index[:2]) == ["economy", "security"]


def test_fourth_heldout_batch_is_balanced_and_brings_the_general_cues_into_held_out_text(corpus):
    folder = config.validation_dir()
    h4 = F.read_frame_codes(folder / "frames_heldout_4.csv")
    assert len(h4) == 16 and h4["primary"].value_counts().tolist() == [2] * 8
    ent = pd.read_csv(folder / "entman_heldout_4.csv")
    assert ent.groupby("item_id", sort=False)["text"].agg(" ".join).to_dict() == h4.set_index("item_id")["text"].to_dict()
    cb = F.load_codebook()
    a = F.frame_hits(corpus.paragraphs()["text"].tolist(), cb)
    fired = set(zip(a["frame"], a["term"]))
    seen = set()
    for name in ("frames_heldout.csv", "frames_heldout_3.csv", "frames_heldout_4.csv"):
        b = F.frame_hits(pd.read_csv(folder / name)["text"].tolist(), cb)
        seen |= set(zip(b["frame"], b["term"]))
    assert len(fired) == 157 and len(fired - seen) == 51  # was 88 before batches 3 and 4
