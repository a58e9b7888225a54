"""Sentence segmentation, tokenisation and lemmas (analysis.segment)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import spacy

from analysis import segment
from analysis.errors import ResourceError
from analysis.segment import (TOKEN_COLUMNS, english_pipeline, load_abbreviations, load_lemma_patches,
                              segment_paragraphs, split_sentences)

DATA = Path(__file__).parent / "data"


def _golden_cases():
    return json.loads((DATA / "golden_rules_en.json").read_text(encoding="utf-8"))["cases"]


# --------------------------------------------------------------------------- Golden Rules
def test_golden_rules_accuracy():
    """pySBD's 48 English Golden Rules: >= 90% exact (pysbd itself gets 47/48)."""
    cases = _golden_cases()
    assert len(cases) == 48
    sents, _ = segment_paragraphs([c["text"] for c in cases])
    got = sents.groupby("para_index")["text"].agg(list)
    correct = {c["id"]: got.get(i, []) == c["expected"] for i, c in enumerate(cases)}
    accuracy = sum(correct.values()) / len(cases)
    assert accuracy >= 0.90
    # The one known failure is rule 18 ("At 5 a.m. Mr. Smith ... at 6 P.M. Mr. Smith"),
    # which pysbd fails too; anything else failing is a regression.
    assert {i for i, ok in correct.items() if not ok} <= {18}


def test_split_sentences_agrees_with_segment_paragraphs():
    texts = [c["text"] for c in _golden_cases()]
    sents, _ = segment_paragraphs(texts)
    batched = sents.groupby("para_index")["text"].agg(list)
    for i, text in enumerate(texts):
        assert split_sentences(text) == batched.get(i, []), text


# --------------------------------------------------------------------------- tricky cases
@pytest.mark.parametrize("text, expected", [
    # abbreviations
    ("Mr. Aliyev visited the U.S. in May. He met officials.",
     ["Mr. Aliyev visited the U.S. in May.", "He met officials."]),
    ("They met at the U.S. Embassy. It was closed.", ["They met at the U.S. Embassy.", "It was closed."]),
    ("It happened at 5 p.m. The talks ended.", ["It happened at 5 p.m.", "The talks ended."]),
    ("Prices rose, e.g. for bread, etc. and more.", ["Prices rose, e.g. for bread, etc. and more."]),
    ("It was approx. 5 km away. They walked.", ["It was approx. 5 km away.", "They walked."]),
    # initials
    ("J. R. R. Tolkien wrote it. He was British.", ["J. R. R. Tolkien wrote it.", "He was British."]),
    ("Ilham H. Aliyev spoke.", ["Ilham H. Aliyev spoke."]),
    # numbers and dates
    ("Growth was 3.9 percent. It fell to No. 5 in the list.",
     ["Growth was 3.9 percent.", "It fell to No. 5 in the list."]),
    ("The answer was no. Iran agreed.", ["The answer was no.", "Iran agreed."]),
    ("On March 15, 2024, the minister arrived. On Jan. 5 he left.",
     ["On March 15, 2024, the minister arrived.", "On Jan. 5 he left."]),
    ("Talks began in 1991. Then they stopped.", ["Talks began in 1991.", "Then they stopped."]),
    # quotes and brackets
    ('He said "Stop." Then he left. "Why?" she asked.', ['He said "Stop."', "Then he left.", '"Why?" she asked.']),
    ("“The new normal.” It has arrived.", ["“The new normal.”", "It has arrived."]),
    ("The costs (about $5 bn.) were high.", ["The costs (about $5 bn.) were high."]),
    ("As two Shi'a-majority countries, they agree. Shi'a clerics met.",
     ["As two Shi'a-majority countries, they agree.", "Shi'a clerics met."]),
    ("Azeris have joined \"the jihad\" in Syria. Nobody knows.",
     ['Azeris have joined "the jihad" in Syria.', "Nobody knows."]),
    # punctuation runs, ellipses, URLs, whitespace
    ("Really?! Yes. Wow!! Great.", ["Really?!", "Yes.", "Wow!!", "Great."]),
    ("She works at Yahoo! in Baku.", ["She works at Yahoo! in Baku."]),
    ("I paused… Then I spoke.", ["I paused…", "Then I spoke."]),
    ("Email a.b@example.com. See https://example.com/a.html. Thanks.",
     ["Email a.b@example.com.", "See https://example.com/a.html.", "Thanks."]),
    ("Two  spaces.  Here too.", ["Two  spaces.", "Here too."]),
    ("A heading\n\nA new paragraph", ["A heading", "A new paragraph"]),
    # list items
    ("1) Withdraw troops 2) Hold talks", ["1) Withdraw troops", "2) Hold talks"]),
])
def test_tricky_cases(text, expected):
    assert split_sentences(text) == expected


@pytest.mark.parametrize("text, expected", [
    # The garbled machine-translated passages of the 2024 article, source punctuation kept.
    ("have put Azerbaijan in a difficult situation. . The situation was further exacerbated.",
     ["have put Azerbaijan in a difficult situation. .", "The situation was further exacerbated."]),
    ("will soon be brought to Armenia. – There is a possibility that it will resurface.",
     ["will soon be brought to Armenia.", "– There is a possibility that it will resurface."]),
    ("the two countries' adversaries are now , operating within a new reality.",
     ["the two countries' adversaries are now , operating within a new reality."]),
    ("has already appeared on various occasions to disrupt the process on social media. stay up.",
     ["has already appeared on various occasions to disrupt the process on social media.", "stay up."]),
    ("by interested parties on the other. It will be. Regarding the relationship between Azerbaijan and Iran.",
     ["by interested parties on the other.", "It will be.", "Regarding the relationship between Azerbaijan and Iran."]),
    ("a topic that both countries have long cherished. announced the launch of a joint film project.",
     ["a topic that both countries have long cherished.", "announced the launch of a joint film project."]),
    ("in the fall of 2021-2022. It might happen.", ["in the fall of 2021-2022.", "It might happen."]),
    ("for various power centers; It would give the country a tool.",
     ["for various power centers; It would give the country a tool."]),
])
def test_garbled_2024_passages(text, expected):
    assert split_sentences(text) == expected


# --------------------------------------------------------------------------- bundled corpus
# Sentences per body paragraph, counted by reading corpus/raw/* (see
# tests/data/bundled_sentences.json for the exact sentences and the decisions taken).
EXPECTED_COUNTS = {
    "2014-eurasianet-mamedov": [1, 2, 2, 6, 5, 4, 4, 4, 2, 2],
    "2024-commonspace-mammadov": [4, 5, 2, 5, 4, 4, 8, 4, 4, 2],
}


def test_bundled_sentence_counts_per_paragraph(corpus):
    sents = corpus.sentences()
    for doc_id, counts in EXPECTED_COUNTS.items():
        got = sents.loc[sents["doc_id"] == doc_id].groupby("para_id").size().tolist()
        assert got == counts, doc_id
    assert sents.groupby("doc_id").size().to_dict() == {"2014-eurasianet-mamedov": 32,
                                                         "2024-commonspace-mammadov": 42}


def test_bundled_sentences_exact(corpus):
    expected = json.loads((DATA / "bundled_sentences.json").read_text(encoding="utf-8"))["documents"]
    assert {k: [len(p) for p in v] for k, v in expected.items()} == EXPECTED_COUNTS
    sents = corpus.sentences()
    for doc_id, paragraphs in expected.items():
        d = sents.loc[sents["doc_id"] == doc_id]
        got = [g["text"].tolist() for _, g in d.groupby("para_id", sort=True)]
        assert got == paragraphs, doc_id


# --------------------------------------------------------------------------- tables
def test_segment_paragraphs_tables():
    sents, toks = segment_paragraphs(["First one. Second  one.", "", "Third."])
    assert list(sents.columns) == ["para_index", "sent_index", "text"]
    assert sents.values.tolist() == [[0, 0, "First one."], [0, 1, "Second  one."], [2, 0, "Third."]]
    assert list(toks.columns) == ["sent_pos", *TOKEN_COLUMNS]
    assert toks["token"].tolist() == ["First", "one", ".", "Second", "one", ".", "Third", "."]  # no spaces
    assert toks["sent_pos"].tolist() == [0, 0, 0, 1, 1, 1, 2, 2]
    assert toks["token_id"].tolist() == [0, 1, 2, 0, 1, 2, 0, 1]
    assert toks["is_punct"].tolist() == [False, False, True] * 2 + [False, True]
    assert toks["is_alpha"].tolist() == [True, True, False] * 2 + [True, False]


def test_segment_paragraphs_empty_input():
    sents, toks = segment_paragraphs([])
    assert sents.empty and list(sents.columns) == ["para_index", "sent_index", "text"]
    assert toks.empty and list(toks.columns) == ["sent_pos", *TOKEN_COLUMNS]


def _lemmas(text):
    _, toks = segment_paragraphs([text])
    return dict(zip(toks["token"], toks["lemma"]))


def test_lemmas_lower_case_and_possessive():
    _, toks = segment_paragraphs(["Relations were Iran's priority. It's the United States, as Baku does."])
    assert toks["lemma"].tolist() == ["relation", "be", "iran", "'s", "priority", ".",
                                      "it", "be", "the", "united", "states", ",", "as", "baku", "do", "."]
    assert _lemmas("Azerbaijan’s role.")["’s"] == "'s"          # curly possessive
    assert _lemmas("Let's talk.")["'s"] == "us"
    assert _lemmas("Tensions rose.")["Tensions"] == "tension"    # capitalised only because sentence-initial
    assert _lemmas("the Revolutionary Guards met.")["Guards"] == "guards"  # a name inside the sentence


def test_stop_words():
    _, toks = segment_paragraphs(["The US told us that Iran was ready."])
    stop = dict(zip(toks["token"], toks["is_stop"]))
    assert stop["The"] and stop["us"] and stop["that"] and stop["was"]
    assert not stop["US"] and not stop["Iran"] and not stop["ready"]


def test_pipeline_lemmas_match_token_table():
    text = "Relations were Iran's priority. It's the United States, as Baku does. Let's see."
    doc = english_pipeline()(text)
    _, toks = segment_paragraphs([text])
    assert [t.lemma_ for t in doc if not t.is_space] == toks["lemma"].tolist()
    assert [s.text for s in doc.sents] == split_sentences(text)


# --------------------------------------------------------------------------- resources
def test_load_abbreviations_packaged():
    abbr = load_abbreviations()
    assert abbr["co"] == "general" and abbr["st"] == "general" and abbr["no"] == "number"
    assert "is" not in abbr and "may" not in abbr   # common words were removed
    assert all(not a.endswith(".") and a == a.lower() for a in abbr)


@pytest.mark.parametrize("content, message", [
    ("co\n", "expected 'abbreviation kind'"),
    ("co general\nco number\n", "listed twice"),
    ("co always\n", "unknown kind"),
    ("co. general\n", "without its final period"),
    ("# only a comment\n", "no abbreviations"),
])
def test_load_abbreviations_errors(tmp_path, content, message):
    path = tmp_path / "abbr.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ResourceError, match=message):
        load_abbreviations(path)
    with pytest.raises(ResourceError, match="not found"):
        load_abbreviations(tmp_path / "missing.txt")


def test_custom_abbreviation_list(tmp_path):
    path = tmp_path / "abbr.txt"
    path.write_text("# test list\nzz general\n", encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe(segment.SENTENCIZER_NAME, config={"abbreviations_path": str(path)})
    text = "See zz. below. Then stop."
    assert [s.text for s in nlp(text).sents] == ["See zz. below.", "Then stop."]
    assert split_sentences(text) == ["See zz.", "below.", "Then stop."]   # packaged list: a full stop


def test_load_lemma_patches(tmp_path):
    patches = load_lemma_patches()
    assert patches["does"] == "do" and patches["as"] == "as" and patches["'re"] == "be"
    path = tmp_path / "p.csv"
    path.write_text("form,lemma,note\nDoes,do,x\ndoes,do,y\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="listed twice"):
        load_lemma_patches(path)
    path.write_text("form,lemma\nfoo,\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="empty form or lemma"):
        load_lemma_patches(path)
    path.write_text("word,lemma\nfoo,bar\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"missing column\(s\) form"):
        load_lemma_patches(path)


def test_bundled_tokens_shia_and_possessives(corpus):
    toks = corpus.tokens()
    assert isinstance(toks, pd.DataFrame)
    assert toks.loc[toks["token"] == "Shi'a", "lemma"].tolist() == ["shi'a"]   # one token, not a quote
    poss = toks.loc[toks["lower"].isin(["'s", "’s"])]
    assert (poss["lemma"] == "'s").sum() >= 15 and set(poss["lemma"]) <= {"'s", "be"}


def test_lookup_lemmas_match_token_lemmas():
    from analysis.segment import lookup_lemmas

    text = "the relations of Iran's neighbours, as the United States does"
    _, toks = segment_paragraphs([text])
    assert lookup_lemmas(toks["token"].tolist()) == toks["lemma"].tolist()
    assert lookup_lemmas([]) == []


def test_load_corpus_passes_user_resources_to_segmentation(tmp_path):
    from analysis.corpus import load_corpus

    abbr = tmp_path / "abbr.txt"
    abbr.write_text("zz general\n", encoding="utf-8")
    patches = tmp_path / "patches.csv"
    patches.write_text("form,lemma,note\nrelations,relationship,test\n", encoding="utf-8")
    corpus = load_corpus("corpus", abbreviations=abbr, lemma_patches=patches)
    toks = corpus.tokens()
    assert "relationship" in set(toks.loc[toks["lower"] == "relations", "lemma"])
    assert corpus.abbreviations == abbr and corpus.lemma_patches == patches
    with pytest.raises(ResourceError, match="file not found"):
        load_corpus("corpus", abbreviations=tmp_path / "missing.txt")
