"""Corpus loading, segmentation into the DESIGN tables, and every bad-input error."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from analysis import config
from analysis.corpus import load_corpus, read_manifest, split_body, validate_corpus
from analysis.errors import CorpusError

GOOD = "First paragraph here. It has two sentences.\nSecond paragraph.\nBy A. Writer, a bio line."


def _doc(**kw):
    return {"doc_id": "d1", "period": "2014", "text": GOOD, "body_end": "By A. Writer", **kw}


# --------------------------------------------------------------------------- the bundled corpus
def test_bundled_raw_files_are_the_seed_bytes(corpus):
    seeds = config.project_root().parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("shared/seeds not beside the checkout")
    seed_hashes = {hashlib.sha256(p.read_bytes()).hexdigest() for p in seeds.glob("*.txt")}
    assert set(corpus.manifest["sha256"]) == seed_hashes


def test_bundled_manifest_facts(corpus):
    m = corpus.manifest.set_index("doc_id")
    assert list(m.index) == ["2014-eurasianet-mamedov", "2024-commonspace-mammadov"]
    assert m.loc["2014-eurasianet-mamedov", "author"] == "Eldar Mamedov"
    assert m.loc["2024-commonspace-mammadov", "outlet"] == "commonspace.eu"
    assert corpus.periods == ["2014", "2024"]


def test_boilerplate_never_in_body(corpus):
    for term in ["Sign up", "newsletter", "political adviser", "Brussels-based", "views expressed",
                 "Photo:", "Source: Mahamad"]:
        assert not corpus.paragraphs()["text"].str.contains(term, regex=False).any(), term
        assert not corpus.sentences()["text"].str.contains(term, regex=False).any(), term
    assert corpus.boilerplates["2014-eurasianet-mamedov"].startswith("Eldar Mamedov is a political adviser")
    assert corpus.boilerplates["2024-commonspace-mammadov"].startswith("Source: Mahamad Mammadov")


def test_design_table_columns(corpus):
    assert list(corpus.paragraphs().columns) == ["doc_id", "period", "para_id", "text"]
    assert list(corpus.sentences().columns)[:5] == ["doc_id", "period", "para_id", "sent_id", "text"]
    toks = corpus.tokens()
    for col in ["doc_id", "period", "para_id", "sent_id", "token_id", "token", "lemma", "is_stop"]:
        assert col in toks.columns


def test_ids_count_from_one_in_reading_order(corpus):
    paras = corpus.paragraphs()
    for _, d in paras.groupby("doc_id"):
        assert d["para_id"].tolist() == list(range(1, len(d) + 1))
    sents = corpus.sentences()
    for _, d in sents.groupby("doc_id"):
        assert d["sent_id"].tolist() == list(range(1, len(d) + 1))
        assert d["para_id"].is_monotonic_increasing
    assert paras.groupby("doc_id").size().tolist() == [10, 10]


def test_sentences_reassemble_paragraphs(corpus):
    """No text is lost or duplicated by segmentation (ignoring whitespace)."""
    paras = corpus.paragraphs().set_index(["doc_id", "para_id"])["text"]
    joined = corpus.sentences().groupby(["doc_id", "para_id"])["text"].apply(" ".join)
    for key, text in paras.items():
        assert "".join(joined[key].split()) == "".join(text.split())


def test_every_quality_flag_matches_a_sentence(corpus):
    sents = corpus.sentences()
    for rec in corpus.quality_flags.to_dict("records"):
        hits = sents["text"].str.contains(rec["excerpt"], regex=False) & (sents["doc_id"] == rec["doc_id"])
        assert hits.sum() >= 1, rec["excerpt"]
    flagged = sents.loc[sents["quality_issue"] != ""]
    assert set(flagged["doc_id"]) == {"2024-commonspace-mammadov"}
    assert flagged["text"].str.contains("China").sum() == 2


def test_tokens_and_lemmas(corpus):
    toks = corpus.tokens()
    row = toks.loc[toks["token"] == "talks"].iloc[0]
    assert row["lemma"] == "talk"
    assert toks.loc[toks["lower"] == "the", "is_stop"].all()
    wc = corpus.word_counts().groupby("doc_id")["n_words"].sum()
    assert wc.to_dict() == {"2014-eurasianet-mamedov": 783, "2024-commonspace-mammadov": 1186}


def test_corpus_files_untouched_by_loading(corpus):
    before = {p: p.read_bytes() for p in config.corpus_dir().rglob("*") if p.is_file()}
    c = load_corpus(config.corpus_dir())
    c.sentences(), c.tokens()
    after = {p: p.read_bytes() for p in config.corpus_dir().rglob("*") if p.is_file()}
    assert before == after


# --------------------------------------------------------------------------- toy corpora
def test_split_body():
    assert split_body("a\nb\nBio", "Bio") == ("a\nb", "Bio")
    assert split_body("a\nb", "") == ("a\nb", "")
    with pytest.raises(ValueError):
        split_body("a", "zzz")


def test_toy_corpus_loads(make_corpus):
    c = load_corpus(make_corpus([_doc(), _doc(doc_id="d2", period="2024")]))
    assert c.paragraphs()["text"].tolist()[:2] == ["First paragraph here. It has two sentences.",
                                                   "Second paragraph."]
    s = c.sentences()
    assert s.loc[s["doc_id"] == "d1", "text"].tolist() == [
        "First paragraph here.", "It has two sentences.", "Second paragraph."]
    assert c.periods == ["2014", "2024"]
    assert validate_corpus(c.path)["paragraphs"].tolist() == [2, 2]


def test_third_period_is_just_a_row(make_corpus):
    c = load_corpus(make_corpus([_doc(), _doc(doc_id="d2", period="2019"), _doc(doc_id="d3", period="2024")]))
    assert c.periods == ["2014", "2019", "2024"]


def _corrupt(make_corpus, mutate):
    root = make_corpus([_doc(), _doc(doc_id="d2", period="2024")])
    mutate(root)
    with pytest.raises(CorpusError) as info:
        load_corpus(root)
    msg = str(info.value)
    assert "\n" not in msg
    return msg


def _edit_manifest(root, old, new):
    p = root / "manifest.csv"
    p.write_text(p.read_text().replace(old, new, 1))


@pytest.mark.parametrize("mutate, expected", [
    (lambda r: (r / "raw" / "d1.txt").unlink(), "file not found"),
    (lambda r: (r / "raw" / "d1.txt").write_bytes(b"changed text\n"), "checksum changed"),
    (lambda r: _edit_manifest(r, "By A. Writer", "Not in the text"), "does not occur in the file"),
    (lambda r: _edit_manifest(r, "\nd2,2024,", "\nd1,2024,"), "duplicate doc_id"),
    (lambda r: _edit_manifest(r, "\nd2,2024,", "\nd2,,"), "empty period"),
    (lambda r: _edit_manifest(r, "\nd2,2024,", "\nd2,unknown,"), "unknown period"),
    (lambda r: _edit_manifest(r, "doc_id,", "id,"), "missing required column(s) doc_id"),
    (lambda r: (r / "manifest.csv").write_text('doc_id,period\n"unterminated,x\n'), "cannot be parsed"),
    (lambda r: (r / "manifest.csv").unlink(), "manifest not found"),
    (lambda r: (r / "manifest.csv").write_text(""), "manifest is empty"),
    (lambda r: _edit_manifest(r, ",2014,2014,2014,year,", ",2014,2014,2014-13,month,"), "not a valid YYYY-MM"),
    (lambda r: _edit_manifest(r, "raw/d1.txt", "../d1.txt"), "must be a path inside"),
])
def test_bad_input_gives_one_line_naming_the_file(make_corpus, mutate, expected):
    msg = _corrupt(make_corpus, mutate)
    assert expected in msg


def test_non_utf8_file(make_corpus):
    root = make_corpus([_doc(text="caf\xe9 text.\nBy A. Writer".encode("latin-1"))])
    with pytest.raises(CorpusError, match=r"d1\.txt.*not valid UTF-8"):
        load_corpus(root)


def test_empty_file(make_corpus):
    root = make_corpus([_doc(text=b"  \n", body_end="")])
    with pytest.raises(CorpusError, match="file is empty"):
        load_corpus(root)


def test_empty_body(make_corpus):
    root = make_corpus([_doc(text="By A. Writer only.", body_end="By A. Writer")])
    with pytest.raises(CorpusError, match="empty body"):
        load_corpus(root)


def test_quality_flag_must_match(make_corpus):
    root = make_corpus([_doc()])
    (root / "quality_flags.csv").write_text("doc_id,excerpt,issue,note\nd1,not in text,x,y\n")
    with pytest.raises(CorpusError, match="quality_flags.csv: row 2: excerpt not found"):
        load_corpus(root)


def test_read_manifest_types(make_corpus):
    m = read_manifest(make_corpus([_doc()]))
    assert m["year"].dtype.kind == "i"
    assert m.loc[0, "row"] == 2
    assert isinstance(m, pd.DataFrame)


def test_without_flagged_drops_flagged_sentences_everywhere():
    corpus = load_corpus("corpus")
    clean = corpus.without_flagged()
    sents, kept = corpus.sentences(), clean.sentences()
    flagged = sents.loc[sents["quality_issue"] != ""]
    assert len(flagged) > 0 and len(kept) == len(sents) - len(flagged)
    assert (kept["quality_issue"] == "").all()
    assert not set(zip(kept["doc_id"], kept["sent_id"])) & set(zip(flagged["doc_id"], flagged["sent_id"]))
    toks = clean.tokens()
    assert set(zip(toks["doc_id"], toks["sent_id"])) <= set(zip(kept["doc_id"], kept["sent_id"]))
    paras = clean.paragraphs()
    for text in flagged["text"]:
        assert not paras["text"].str.contains(text, regex=False).any()
        assert not any(text in body for body in clean.documents()["text"])
    assert clean.without_flagged().sentences().equals(kept)   # idempotent
