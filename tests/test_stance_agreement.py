"""Tests for analysis.stance_agreement: stance markers against the hand labels of every occurrence."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import config, style
from analysis import stance_agreement as SA
from analysis.errors import AnalysisError, ResourceError

FOUND_COLUMNS = ["doc_id", "sent_id", "token_id", "n_tokens", "text", "category"]


def _labels(rows):
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "token_id", "n_tokens", "text", "category", "label"]).assign(
        found_by="", note="")


def test_alignment_and_scores_by_hand():
    lab = _labels([("d", 1, 0, 1, "may", "hedge", "writer"),
                   ("d", 1, 5, 3, "are reported to", "hedge", "writer"),       # a phrase: matched by overlap
                   ("d", 2, 3, 1, "expected", "attitude", "not_stance"),
                   ("d", 3, 1, 1, "believes", "booster", "attributed"),
                   ("d", 4, 2, 1, "smartly", "attitude", "writer")])          # missed by the rules
    found = pd.DataFrame([("d", 1, 0, 1, "may", "hedge"), ("d", 1, 6, 1, "reported", "hedge"),
                          ("d", 2, 3, 1, "expected", "attitude"), ("d", 3, 1, 1, "believes", "attributed")],
                         columns=FOUND_COLUMNS)
    items = SA.align_matches(lab, found)
    assert len(items) == 5 and items["labelled"].all()
    assert items.set_index("text").loc["smartly", "predicted"] == "none"
    r = SA.stance_agreement(lab, found, categories=["hedge", "attitude"], n_resamples=50, random_state=0)
    t = r.set_index("category")
    assert t.loc["hedge", ["precision", "recall", "n_gold", "n_coded"]].tolist() == [1.0, 1.0, 2, 2]
    # attitude: one match (expected, not stance) and one gold item (smartly, missed): P = 0, R = 0
    assert t.loc["attitude", ["precision", "recall"]].tolist() == [0.0, 0.0]
    assert t.loc["attributed", ["precision", "recall"]].tolist() == [1.0, 1.0]
    # micro: 3 right of 4 matches; 3 found of 4 gold stance items (writer + attributed)
    assert t.loc["micro", "precision"] == pytest.approx(3 / 4) and t.loc["micro", "recall"] == pytest.approx(3 / 4)
    for m in ("precision", "recall"):
        assert t.loc["micro", f"{m}_low"] <= t.loc["micro", m] <= t.loc["micro", f"{m}_high"]


def test_an_unlabelled_rule_match_is_an_error():
    lab = _labels([("d", 1, 0, 1, "may", "hedge", "writer")])
    found = pd.DataFrame([("d", 1, 0, 1, "may", "hedge"), ("d", 2, 4, 1, "clearly", "booster")], columns=FOUND_COLUMNS)
    with pytest.raises(AnalysisError, match=r"'clearly' \(d sentence 2, token 4\) has no hand label"):
        SA.stance_agreement(lab, found, categories=["hedge", "booster"], n_resamples=10, random_state=0)


def test_bad_label_file_is_a_one_line_error(tmp_path):
    p = tmp_path / "s.csv"
    p.write_text(",".join(SA.LABEL_COLUMNS) + "\nd,1,0,1,may,hedge,mine,hand,\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="row 2: label value"):
        SA.read_stance_labels(p)


def test_hand_labels_point_at_the_corpus_tokens(corpus):
    lab = SA.read_stance_labels(config.validation_dir() / "stance_matches.csv")
    tok = corpus.tokens().set_index(["doc_id", "sent_id", "token_id"])["token"]
    for rec in lab.to_dict("records"):
        words = [tok[(rec["doc_id"], rec["sent_id"], rec["token_id"] + k)] for k in range(rec["n_tokens"])]
        assert " ".join(words) == rec["text"], rec
    assert set(lab["label"]) == {"writer", "attributed", "not_stance"}
    # the false matches and misses named in the review are labelled
    labelled = dict(zip(lab["text"].str.lower() + "|" + lab["sent_id"].astype(str) + "|" + lab["doc_id"].str[:4],
                        lab["label"]))
    assert labelled["expected|3|2024"] == labelled["important|37|2024"] == labelled["claim|18|2024"] == "not_stance"
    assert labelled["we|24|2024"] == labelled["in general|30|2024"] == "not_stance"
    assert labelled["believes|15|2024"] == labelled["realizes|12|2014"] == "attributed"
    assert labelled["implacable|5|2014"] == labelled["smartly|24|2014"] == labelled["vital|30|2014"] == "writer"


def test_every_rule_match_on_the_articles_is_hand_labelled(corpus):
    lab = SA.read_stance_labels(config.validation_dir() / "stance_matches.csv")
    items = SA.align_matches(lab, style.stance_matches(corpus))
    assert items["labelled"].all(), items.loc[~items["labelled"]]


# Precision / recall per category on the article sentences (validation/README.md), v2 list, in-sample.
STANCE = {"hedge": (22, 25, 0.88, 1.0), "booster": (5, 4, 1.0, 0.8), "attitude": (12, 10, 1.0, 10 / 12),
          "future": (10, 13, 10 / 13, 1.0), "conditional": (5, 5, 1.0, 1.0), "attributed": (4, 2, 1.0, 0.5),
          "micro": (58, 59, 53 / 59, 53 / 58)}


def test_stance_precision_and_recall_per_category(corpus):
    lab = SA.read_stance_labels(config.validation_dir() / "stance_matches.csv")
    r = SA.stance_agreement(lab, style.stance_matches(corpus), n_resamples=200, random_state=0).set_index("category")
    for cat, (n_gold, n_coded, precision, recall) in STANCE.items():
        assert (r.loc[cat, "n_gold"], r.loc[cat, "n_coded"]) == (n_gold, n_coded), cat
        assert r.loc[cat, "precision"] == pytest.approx(precision) and r.loc[cat, "recall"] == pytest.approx(recall)
        for m in ("precision", "recall"):
            assert r.loc[cat, f"{m}_low"] <= r.loc[cat, m] <= r.loc[cat, f"{m}_high"], (cat, m)
    assert r.loc["self_mention", "n_coded"] == 0  # the spliced capital "We" is no longer counted
    assert r.loc["micro", "precision_high"] - r.loc["micro", "precision_low"] > 0.05  # intervals are not degenerate


def test_matches_in_documents_without_labels_are_left_out():
    lab = _labels([("d", 1, 0, 1, "may", "hedge", "writer")])
    found = pd.DataFrame([("d", 1, 0, 1, "may", "hedge"), ("new-article", 2, 4, 1, "would", "hedge")],
                         columns=FOUND_COLUMNS)
    r = SA.stance_agreement(lab, found, categories=["hedge"], n_resamples=10, random_state=0).set_index("category")
    assert r.loc["hedge", ["n_gold", "n_coded", "precision"]].tolist() == [1, 1, 1.0]
