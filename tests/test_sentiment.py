"""Sentiment and relationship tone: toy inputs checked by hand, VADER quirks, word shift, validation."""

from __future__ import annotations

import socket
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import config, sentiment
from analysis.errors import ResourceError

VALIDATION = config.project_root() / "validation"


@pytest.fixture(scope="module")
def scorers():
    return sentiment.build_scorers()


@pytest.fixture(scope="module")
def dictionary():
    return sentiment.load_relationship_dictionary()


def _sent(texts, period="p", doc="d"):
    return pd.DataFrame({"doc_id": doc, "period": period, "para_id": 1, "sent_id": range(1, len(texts) + 1),
                         "text": texts})


def _score(scores, lexicon, i=0):
    return scores.loc[scores["lexicon"] == lexicon].iloc[i]


# -- lexicon scoring ---------------------------------------------------------------------------------

def test_scoring_works_offline(monkeypatch):
    def refuse(*a, **k):
        raise OSError("network disabled in tests")
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    out = sentiment.score_sentences(_sent(["A good agreement was signed."]), scorers=sentiment.build_scorers())
    assert set(out["lexicon"]) == set(sentiment.LEXICONS)


def test_score_table_shape_and_columns(scorers):
    s = _sent(["The talks went well.", "The attack killed ten people.", "The ministry is in the capital."])
    out = sentiment.score_sentences(s, scorers=scorers)
    assert list(out.columns) == ["doc_id", "period", "para_id", "sent_id", "lexicon", "score", "polarity"]
    assert len(out) == 3 * len(sentiment.LEXICONS)
    assert list(dict.fromkeys(out["lexicon"])) == list(sentiment.LEXICONS)
    assert set(out["polarity"]) <= {"negative", "neutral", "positive"}


def test_domain_variant_neutralises_event_words_only(scorers):
    s = _sent(["The war continued.", "The war was a terrible, shameful failure.", "Peace talks were held.",
               "There was a war."])
    out = sentiment.score_sentences(s, scorers=scorers)
    assert _score(out, "vader", 0)["polarity"] == "negative"
    assert _score(out, "vader-domain", 0)["score"] == 0.0           # "war" is topic: neutral
    assert _score(out, "vader-domain", 1)["polarity"] == "negative"  # "terrible, shameful failure" is tone
    assert _score(out, "afinn", 2)["score"] > 0 and _score(out, "afinn-domain", 2)["score"] == 0
    assert _score(out, "hiv4", 3)["score"] < 0 and _score(out, "hiv4-domain", 3)["score"] == 0


def test_multiword_names_are_masked_in_domain_variant(scorers):
    out = sentiment.score_sentences(_sent(["The Supreme Leader met the United States envoy."]), scorers=scorers)
    assert _score(out, "vader", 0)["score"] > 0          # 'supreme', 'united' are positive in VADER
    assert _score(out, "vader-domain", 0)["score"] == 0.0


def test_three_way_call_uses_thresholds():
    s = pd.Series([-0.3, -0.05, 0.0, 0.05, 0.3])
    lex = pd.Series(["vader"] * 5)
    assert sentiment.call_polarity(s, lex).tolist() == ["negative", "negative", "neutral", "positive", "positive"]
    assert sentiment.call_polarity(s, lex, {"vader": (-0.5, 0.5)}).tolist() == ["neutral"] * 5
    with pytest.raises(ValueError, match="no thresholds"):
        sentiment.call_polarity(s, pd.Series(["nope"] * 5))


# -- VADER quirks the analysis relies on -----------------------------------------------------------------

def test_vader_negation(scorers):
    v = scorers.vader
    assert v.polarity_scores("The talks were good")["compound"] > 0
    assert v.polarity_scores("The talks were not good")["compound"] < 0
    # known vaderSentiment 3.3.2 quirk, pinned here: "not really so good" loses its negation
    assert v.polarity_scores("The talks were not really so good")["compound"] > 0


def test_vader_but_weights_the_second_clause(scorers):
    v = scorers.vader
    assert v.polarity_scores("The meeting was good, but the outcome was terrible")["compound"] < 0
    # whole-text scoring applies the rule to the first "but" only: sentence-by-sentence differs
    text = "It was bad but fine. It was good but awful."
    whole = v.polarity_scores(text)["compound"]
    by_sentence = [v.polarity_scores(t)["compound"] for t in ("It was bad but fine.", "It was good but awful.")]
    assert whole != pytest.approx(np.mean(by_sentence))


def test_vader_punctuation(scorers):
    v = scorers.vader
    assert v.polarity_scores("The deal is good!")["compound"] > v.polarity_scores("The deal is good")["compound"]
    # documented quirk: a short token keeps its trailing period ("ok." is not "ok")
    assert v.polarity_scores("It was ok.")["compound"] == 0.0
    assert v.polarity_scores("It was ok")["compound"] > 0


def test_afinn_negation_only_through_listed_phrases(scorers):
    out = sentiment.score_sentences(_sent(["This is not great.", "This is not good."]), scorers=scorers)
    assert _score(out, "afinn", 0)["score"] > 0          # known limitation: AFINN ignores "not" ...
    assert _score(out, "afinn", 1)["score"] < 0          # ... except in phrases it lists ("not good")
    assert _score(out, "vader", 0)["score"] < 0


# -- word shift: hand-worked example ------------------------------------------------------------------

def test_word_shift_hand_worked():
    # reference a: good, good, bad (Phi1 = (2 + 2 - 2) / 3 = 2/3); comparison b: good, bad, bad (Phi2 = -2/3)
    # delta_good = (2 - 2/3) * (1/3 - 2/3) = -4/9 ; delta_bad = (-2 - 2/3) * (2/3 - 1/3) = -8/9 ; sum = -4/3
    w = pd.DataFrame({"period": list("aaabbb"), "word": ["good", "good", "bad", "good", "bad", "bad"],
                      "value": [2.0, 2.0, -2.0, 2.0, -2.0, -2.0]})
    s = sentiment.word_shift(w, reference="a", comparison="b").set_index("word")
    assert s.loc["good", "contribution"] == pytest.approx(-4 / 9)
    assert s.loc["bad", "contribution"] == pytest.approx(-8 / 9)
    assert s.loc["bad", "kind"] == "- up" and s.loc["good", "kind"] == "+ down"
    assert s["contribution"].sum() == pytest.approx(-4 / 3)
    assert s.attrs["phi_reference"] == pytest.approx(2 / 3) and s.attrs["phi_comparison"] == pytest.approx(-2 / 3)
    assert s["share"].sum() == pytest.approx(-1.0)
    # any reference value splits the same total differently
    s0 = sentiment.word_shift(w, reference="a", comparison="b", reference_value=0.0)
    assert s0["contribution"].sum() == pytest.approx(-4 / 3)
    assert s0.set_index("word").loc["good", "contribution"] == pytest.approx(2 * (1 / 3 - 2 / 3))


def test_word_shift_rejects_inconsistent_values():
    w = pd.DataFrame({"period": ["a", "b"], "word": ["x", "x"], "value": [1.0, 2.0]})
    with pytest.raises(ValueError, match="more than one value"):
        sentiment.word_shift(w, reference="a", comparison="b")


def test_sentence_words_match_lexicon(scorers):
    s = _sent(["A good deal, a bad war."])
    vw = sentiment.sentence_words(s, lexicon="vader", scorers=scorers).set_index("word")["value"]
    assert vw["good"] == scorers.vader.lexicon["good"] and "war" in vw.index
    vd = sentiment.sentence_words(s, lexicon="vader-domain", scorers=scorers)
    assert "war" not in set(vd["word"])


# -- relationship tone ---------------------------------------------------------------------------------

def test_relationship_tone_negation_modality_background(dictionary):
    s = _sent(["The two countries signed an agreement.",          # 0.8 + 0.35
               "Baku did not close the border.",                  # 'close' is not a cue (only 'closed')
               "Tehran has not closed the embassy.",             # negated: 0
               "The crisis could escalate.",                      # crisis -0.4 ; ?escalate -0.72*0.5
               "Relations returned to normal after the crisis.",  # +0.35 ; ^crisis -0.4*0.5
               "They avoided war."])                              # negated by avoid: 0
    t = sentiment.relationship_tone(s, dictionary=dictionary)
    assert t["score"].tolist() == pytest.approx([1.15, 0.0, 0.0, -0.76, 0.15, 0.0])
    assert t["relation"].tolist() == ["cooperation", "neutral", "neutral", "conflict", "cooperation", "neutral"]
    assert t.loc[3, "cues"] == "crisis; ?escalate"
    assert t.loc[2, "cues"].startswith("~")


def test_relationship_tone_actors_and_pairs(dictionary):
    s = _sent(["Azerbaijan and Iran signed a treaty.", "Iran accused Israel.", "Rain fell."])
    actors = pd.DataFrame({"doc_id": "d", "sent_id": [1, 2, 3], "actors": ["Azerbaijan;Iran", "Iran;Israel", ""]})
    t = sentiment.relationship_tone(s, dictionary=dictionary, actors=actors)
    assert list(t.columns[:8]) == ["doc_id", "period", "para_id", "sent_id", "cooperation", "conflict", "score",
                                   "relation"]
    p = sentiment.actor_pairs(t)
    assert p["pair"].tolist() == ["Azerbaijan\u2013Iran", "Iran\u2013Israel"]
    assert p["dyad"].tolist() == [True, False]


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


CUE_HEADER = "cue,relation,cameo,goldstein,origin,note\n"


@pytest.mark.parametrize("row, message", [
    ("attack*,conflict,18,9.0,general,x\n", "goldstein 9.0 does not fit relation 'conflict'"),
    ("attack*,hostile,18,-9.0,general,x\n", "relation 'hostile' unknown"),
    ("attack*,conflict,18,lots,general,x\n", "goldstein 'lots' is not a number"),
    ("Attack!,conflict,18,-9.0,general,x\n", "is not lower-case words"),
    ("attack*,conflict,18,-9.0,article,x\n", "origin 'article' unknown"),
])
def test_malformed_relationship_dictionary_one_line_error(tmp_path, row, message):
    p = _write(tmp_path, "cues.csv", CUE_HEADER + "agree*,cooperation,05,3.5,general,ok\n" + row)
    with pytest.raises(ResourceError) as exc:
        sentiment.load_relationship_dictionary(p)
    text = str(exc.value)
    assert "\n" not in text and "cues.csv" in text and "row 3" in text and message in text


def test_malformed_modifier_and_patch_one_line_error(tmp_path):
    m = _write(tmp_path, "mods.csv", "modifier,kind,origin,note\nnot,negation,general,\nmaybe,hedge,general,\n")
    with pytest.raises(ResourceError, match=r"mods.csv: row 3: kind 'hedge' unknown"):
        sentiment.load_relationship_dictionary(modifiers_path=m)
    p = _write(tmp_path, "patch.csv", "term,category,origin,reason\nwar,event,general,topic\nwar,event,general,x\n")
    with pytest.raises(ResourceError, match=r"patch.csv: row 3: term 'war' listed twice"):
        sentiment.load_domain_patch(p)


def test_packaged_resources_have_origin_tags():
    patch = sentiment.load_domain_patch()
    cues = sentiment.load_relationship_dictionary().cues
    assert set(patch["origin"]) <= {"general", "from-articles"}
    assert set(cues["origin"]) <= {"general", "from-articles"}


# -- comparison helpers -------------------------------------------------------------------------------

def test_aggregate_and_actor_tone_toy(scorers, dictionary):
    s = pd.concat([_sent(["Iran signed a treaty.", "Iran attacked."], period="2014", doc="a"),
                   _sent(["Iran praised Baku."], period="2024", doc="b")], ignore_index=True)
    sc = sentiment.score_sentences(s, scorers=scorers, dictionary=dictionary)
    doc = sentiment.aggregate(sc, level="document")
    assert doc.loc[(doc["doc_id"] == "a") & (doc["lexicon"] == "relations"), "n_sentences"].item() == 2
    tone = sentiment.relationship_tone(s, dictionary=dictionary,
                                       actors=s[["doc_id", "sent_id"]].assign(actors="Iran"))
    at = sentiment.actor_tone(sc.loc[sc["lexicon"] == "vader"], tone, n_resamples=200, random_state=0)
    assert list(at.columns) == ["period", "actor", "lexicon", "mean", "ci_low", "ci_high", "n", "unit", "method"]
    rel = at.loc[(at["lexicon"] == "relationship") & (at["period"] == "2014")].iloc[0]
    assert rel["mean"] == pytest.approx((0.8 + 0.8 - 0.9) / 2) and rel["n"] == 2 and rel["unit"] == "sentence"


def test_topic_negativity_counts_domain_change(scorers):
    s = _sent(["The war went on.", "It was a terrible failure.", "Nice day."])
    sc = sentiment.score_sentences(s, scorers=scorers)
    t = sentiment.topic_negativity(sc, n_resamples=200, random_state=0).set_index("method")
    assert t.loc["vader", "share_negative_plain"] == pytest.approx(2 / 3)
    assert t.loc["vader", "share_negative_domain"] == pytest.approx(1 / 3)
    assert t.loc["vader", "topic_fraction"] == pytest.approx(0.5)


# -- validation against hand labels --------------------------------------------------------------------

@pytest.fixture(scope="module")
def validation_tables(corpus, scorers, dictionary):
    gold = pd.read_csv(VALIDATION / "sentiment_sentences.csv", dtype={"period": str})
    sets = {name: pd.read_csv(VALIDATION / f"sentiment_{name}.csv") for name in ("development", "heldout3")}
    art = sentiment.score_sentences(corpus.sentences(), scorers=scorers, dictionary=dictionary)
    tabs = {"tune": sentiment.validate_polarity(art, gold, on=["doc_id", "sent_id"], n_resamples=200, random_state=0)}
    for name, d in sets.items():
        sc = sentiment.score_sentences(d, scorers=scorers, dictionary=dictionary, keys=("item_id", "sent_index"))
        tabs[name] = sentiment.validate_polarity(sc, d, on=["item_id", "sent_index"], n_resamples=200, random_state=0)
    return sentiment.validation_summary(tabs).set_index(["set", "lexicon"]), gold, sets


def test_hand_labels_match_corpus(corpus, validation_tables):
    _, gold, sets = validation_tables
    s = corpus.sentences()
    m = gold.merge(s, on=["doc_id", "sent_id"], suffixes=("", "_corpus"))
    assert len(m) == len(s) == len(gold)
    assert (m["text"] == m["text_corpus"]).all()
    for g in (gold, *sets.values()):
        assert set(g["tone"]) == {"negative", "neutral", "positive"}
        assert set(g["mode"]) == {"evaluates", "reports"}
        assert set(g["relation"]) == {"conflict", "neutral", "cooperation"}
    assert len(sets["development"]) == 147 and len(sets["heldout3"]) == 58


def test_validation_levels(validation_tables):
    """Levels recorded in validation/README.md (fail if a change makes agreement drop)."""
    v, _, _ = validation_tables
    # tune set (in-sample): the best method reaches the target; plain VADER ~0.5 as expected
    assert v.loc[("tune", "vader-relations"), "macro_f1"] >= 0.65
    assert v.loc[("tune", "vader"), "macro_f1"] == pytest.approx(0.55, abs=0.03)
    # development set (used once to revise the relationship dictionary)
    assert v.loc[("development", "vader-relations"), "macro_f1"] >= 0.57
    # held-out batch 3 (scored once, frozen methods): recorded levels
    assert v.loc[("heldout3", "vader"), "macro_f1"] >= 0.64
    assert v.loc[("heldout3", "vader-relations"), "macro_f1"] >= 0.62
    assert (v.xs("heldout3")["kappa"] > 0.15).all()
    # the notebook's closing claim: the relationship augmentation helps in-sample and on the development
    # set, and the gain is gone on the held-out sentences
    gain = {k: v.loc[(k, "vader-relations"), "macro_f1"] - v.loc[(k, "vader"), "macro_f1"]
            for k in ("tune", "development", "heldout3")}
    assert gain["tune"] > 0.1 and gain["development"] > 0.03 and gain["heldout3"] <= 0.0


def test_relationship_call_levels(corpus, dictionary):
    gold = pd.read_csv(VALIDATION / "sentiment_sentences.csv", dtype={"period": str})
    t = sentiment.relationship_tone(corpus.sentences(), dictionary=dictionary)
    r = sentiment.validate_relation(t, gold, on=["doc_id", "sent_id"], n_resamples=200, random_state=0)
    assert r.loc[r["metric"] == "macro_f1", "estimate"].item() >= 0.68


def test_afinn_matching_equals_the_package(corpus, scorers):
    """Our AFINN lookup returns exactly what ``Afinn.find_all`` returns (it is only faster)."""
    from afinn import Afinn

    ref = Afinn(language="en")
    texts = [*corpus.sentences()["text"], *pd.read_csv(VALIDATION / "sentiment_development.csv")["text"],
             "I can't stand it, not good at all; well-being is great.", "Self-deluded  fools", "cashing in!"]
    assert [scorers.afinn.find_all(t) for t in texts] == [ref.find_all(t) for t in texts]
