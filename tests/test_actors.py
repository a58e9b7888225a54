"""Actor gazetteer, matching, counts, co-occurrence and roles (analysis.actors, analysis.actors_roles)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import actors, config, validation
from analysis.corpus import load_corpus
from analysis.errors import ResourceError

ROOT = config.PACKAGE_DIR.parents[1]


@pytest.fixture(scope="module")
def gaz():
    return actors.load_gazetteer()


@pytest.fixture(scope="module")
def corpus_sentences():
    return load_corpus(ROOT / "corpus").sentences()


def _toy(*texts, issue=None):
    return pd.DataFrame({"doc_id": "d", "period": "p", "para_id": 1, "sent_id": range(1, len(texts) + 1),
                         "text": list(texts), "quality_issue": issue or [""] * len(texts)})


# --------------------------------------------------------------------------- gazetteer
def test_packaged_gazetteer_loads(gaz):
    assert gaz.actors["Iran"] == "state" and gaz.actors["IRGC"] == "institution"
    assert set(gaz.aliases["type"]) <= set(actors.ACTOR_TYPES)
    table = actors.gazetteer_table(gaz)
    assert {"actor", "type", "aliases", "adjectives"} <= set(table.columns)


@pytest.mark.parametrize("body, needle", [
    ("actors:\n  A:\n    type: state\n    aliases: [Foo]\n  B:\n    type: state\n    aliases: [foo]\n",
     "also listed under 'A'"),
    ("actors:\n  A:\n    type: state\n    aliases: [Foo, '']\n", "empty or non-text alias"),
    ("actors:\n  A:\n    type: country\n    aliases: [Foo]\n", "unknown type 'country'"),
    ("actors:\n  A:\n    type: state\n    aliases: [Foo\n", "not valid YAML"),
    ("actors:\n  A:\n    type: state\n    aliases: []\n", "no aliases"),
])
def test_malformed_gazetteer_one_line_error(tmp_path, body, needle):
    p = tmp_path / "bad.yaml"
    p.write_text(body)
    with pytest.raises(ResourceError) as err:
        actors.load_gazetteer(p)
    msg = str(err.value)
    assert needle in msg and "\n" not in msg and str(p) in msg


# --------------------------------------------------------------------------- matching
def test_longest_match_case_and_adjectives(gaz):
    m = actors.actor_mentions(_toy("The OSCE Minsk Group and the OSCE met in Baku.",
                                   "Azerbaijani-Iranian ties worry us, and the US too.",
                                   "Revolutionary Guard Quds Force officers visited Moscow."), gaz)
    got = list(zip(m["sent_id"], m["actor"], m["alias"]))
    assert got == [(1, "OSCE Minsk Group", "OSCE Minsk Group"), (1, "OSCE", "OSCE"), (1, "Azerbaijan", "Baku"),
                   (2, "Azerbaijan", "Azerbaijani"), (2, "Iran", "Iranian"), (2, "United States", "US"),
                   (3, "IRGC", "Revolutionary Guard Quds Force"), (3, "Russia", "Moscow")]
    assert m.loc[m["alias"] == "Iranian", "form"].item() == "adjective"
    first = m.iloc[0]
    assert "The OSCE Minsk Group and the OSCE met in Baku."[first["start"]:first["end"]] == "OSCE Minsk Group"


def test_accepts_any_sentence_table(gaz):
    m = actors.actor_mentions(pd.DataFrame({"text": ["Ankara and Yerevan talk."]}), gaz)
    assert m["actor"].tolist() == ["Turkey", "Armenia"] and set(m["quality_issue"]) == {""}
    empty = actors.actor_mentions(_toy("Nothing here."), gaz)
    assert empty.empty and "actor" in empty.columns


def test_flagged_mentions_counted_apart(gaz):
    s = _toy("China and Baku agree.", "Iran and Baku agree.", issue=["mistranslated_entity", ""])
    m = actors.actor_mentions(s, gaz)
    counts = actors.mention_counts(m).set_index("actor")
    assert counts.loc["China", "n"] == 0 and counts.loc["China", "n_flagged"] == 1
    assert counts.loc["Azerbaijan", "n"] == 1 and counts.loc["Azerbaijan", "n_flagged"] == 1
    sa = actors.sentence_actors(s, gaz, mentions=m)
    assert sa["actors"].tolist() == ["", "Azerbaijan;Iran"]
    assert sa["actors_flagged"].tolist() == ["Azerbaijan;China", ""]


def test_cooccurrence_counts_sentences_together(gaz):
    s = _toy("Iran, Russia and Iran again.", "Russia and Iran.", "Armenia alone.")
    sa = actors.sentence_actors(s, gaz)
    edges = actors.cooccurrence(sa)
    assert edges[["source", "target", "weight"]].values.tolist() == [["Iran", "Russia", 2]]
    pos1 = actors.network_layout(edges, pd.DataFrame({"actor": ["Armenia", "Iran", "Russia"]}), seed=3)
    pos2 = actors.network_layout(edges, pd.DataFrame({"actor": ["Armenia", "Iran", "Russia"]}), seed=3)
    pd.testing.assert_frame_equal(pos1, pos2)
    assert pos1["actor"].tolist() == ["Armenia", "Iran", "Russia"]


# --------------------------------------------------------------------------- validation
def test_matching_against_hand_marked_mentions(gaz, corpus_sentences):
    gold = pd.read_csv(ROOT / "validation" / "actors_mentions.csv", keep_default_na=False)
    assert set(zip(gold["doc_id"], gold["sent_id"])) == set(zip(corpus_sentences["doc_id"], corpus_sentences["sent_id"]))
    m = actors.actor_mentions(corpus_sentences, gaz)
    ev = actors.evaluate_mentions(m, gold, corpus_sentences, gazetteer=gaz)
    sent = validation.presence_agreement(ev["sentence"], unit_keys=["doc_id", "sent_id"], n_resamples=300,
                                         random_state=0).set_index("label")
    ment = validation.presence_agreement(ev["mention"], unit_keys=["doc_id", "sent_id", "actor", "k"],
                                         n_resamples=300, random_state=0).set_index("label")
    assert sent.loc["micro", "precision"] >= 0.97 and sent.loc["micro", "recall"] >= 0.97
    assert ment.loc["micro", "precision"] >= 0.97 and ment.loc["micro", "recall"] >= 0.97
    assert ment.loc["adjective", "recall"] >= 0.95 and ment.loc["adjective", "n_gold"] >= 30
    assert sent.loc["micro", "precision_low"] <= sent.loc["micro", "precision"] <= sent.loc["micro", "precision_high"]
    # The machine-translated "China"s are found, and only in flagged sentences.
    china = m.loc[m["actor"] == "China"]
    assert len(china) == 2 and set(china["quality_issue"]) == {"mistranslated_entity"}
    assert actors.mention_counts(m).set_index(["period", "actor"]).loc[("2024", "China"), "n"] == 0


def test_parties_derived_from_data(gaz, corpus_sentences):
    counts = actors.mention_counts(actors.actor_mentions(corpus_sentences, gaz))
    assert actors.relationship_parties(counts) == ["Azerbaijan", "Iran"]


def test_role_cue_matches_equal_the_one_alternation(corpus, monkeypatch):
    """The literal-start search of actors_roles finds what ``finditer`` of the cues' alternation finds."""
    import re
    import sys

    from analysis import actors_roles

    cues = actors_roles.load_role_cues()
    combined = re.compile("|".join(f"(?P<{role}>{cues[role].pattern})" for role in cues))
    texts = [t.lower() for t in corpus.sentences()["text"]]
    texts += ["", "a", "é ü — “quoted” accused accused", "\u00e9" * 50, " ".join(texts[:40])]
    texts += [t[i:] for t in texts[:30] for i in (1, 2, 3)]           # cut mid-word: starts at odd places
    want = [[(m.start(), m.end(), m.lastgroup) for m in combined.finditer(t)] for t in texts]
    assert actors_roles._cue_matches(cues, texts) == want
    assert any(want)
    monkeypatch.setattr(actors_roles, "_CUE_BLOCK", 7)                  # many small blocks
    assert actors_roles._cue_matches(cues, texts) == want
    monkeypatch.delattr(re, "_parser")                                  # re's private parser gone: the alternation
    monkeypatch.setitem(sys.modules, "re._parser", None)
    assert actors_roles._cue_matches(cues, texts) == want
