"""Corpus loading, segmentation into the DESIGN tables, and every bad-input error."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from analysis import config
from analysis.corpus import corpus_warnings, load_corpus, read_manifest, split_body, validate_corpus
from analysis.corpus_checks import BodyEndError
from analysis.errors import CorpusError

GOOD = "First paragraph here. It has two sentences.\nSecond paragraph.\nBy A. Writer, a bio line."


def _doc(**kw):
    doc = {"doc_id": "d1", "period": "2014", "text": GOOD, "body_end": "By A. Writer", **kw}
    if doc["doc_id"] != "d1" and "text" not in kw:  # the same bytes twice would be a duplicate document
        doc["text"] = GOOD.replace("Second paragraph.", f"Second paragraph of {doc['doc_id']}.")
    return doc


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


def test_flags_are_matched_within_their_own_document_and_joined_in_flag_order():
    from analysis.corpus import _flag_sentences

    sents = pd.DataFrame({"doc_id": ["a", "a", "b", "b"],
                          "text": ["Same words here.", "Other words.", "Same words here.", "Else."]})
    flags = pd.DataFrame({"doc_id": ["a", "b", "a", "c"], "excerpt": ["Same words", "Else", "words here", "x"],
                          "issue": ["one", "two", "three", "four"]})
    got = _flag_sentences(sents, flags)
    assert got.tolist() == ["one; three", "", "", "two"]   # doc b's copy of the sentence is not flagged
    assert got.index.equals(sents.index) and _flag_sentences(sents, flags.iloc[:0]).tolist() == [""] * 4


# --------------------------------------------------------------------------- issue 15: inputs that used to pass
def test_split_body_marker_rules():
    assert split_body("a\n  Bio line", "Bio") == ("a", "Bio line")        # indented start of a line is fine
    with pytest.raises(BodyEndError) as info:
        split_body("By A. Writer said so.\nBody.\nBy A. Writer", "By A. Writer")
    assert info.value.kind == "repeated" and info.value.count == 2 and info.value.line == 1
    with pytest.raises(BodyEndError) as info:
        split_body("A line that mentions Source: here.\nBody.", "Source:")
    assert info.value.kind == "mid-line" and info.value.line == 1


@pytest.mark.parametrize("text, body_end, expected", [
    ("Intro by A. Writer here.\n" + GOOD, "By A. Writer", None),      # case differs: occurs once, fine
    ("Intro. By A. Writer said so.\n" + GOOD, "By A. Writer", "occurs 2 times (first on line 1)"),
    ("One line with the word Source: inside.\nMore body.\nSource: bio", "Source:", "occurs 2 times"),
    ("One line with the word Source: inside.\nMore body.", "Source:", "middle of line 1"),
])
def test_body_end_must_be_unique_and_start_a_line(make_corpus, text, body_end, expected):
    root = make_corpus([_doc(text=text, body_end=body_end)])
    if expected is None:
        assert load_corpus(root).bodies["d1"].startswith("Intro by A. Writer here.")
        return
    with pytest.raises(CorpusError) as info:
        load_corpus(root)
    msg = str(info.value)
    assert expected in msg and "d1.txt" in msg and "doc_id d1" in msg and "\n" not in msg


def test_boilerplate_longer_than_body_warns(make_corpus):
    root = make_corpus([_doc(text="Short body.\nBy A. Writer " + "bio " * 50), _doc(doc_id="d2", period="2024")])
    summary = validate_corpus(root)
    (warning,) = summary.attrs["warnings"]
    assert "d1.txt" in warning and "longer than the body" in warning and "\n" not in warning
    ok = make_corpus([_doc(), _doc(doc_id="d2", period="2024")], name="ok")
    assert corpus_warnings(load_corpus(ok)) == []


def test_one_period_corpus_is_valid_with_a_warning(make_corpus):
    (warning,) = validate_corpus(make_corpus([_doc(), _doc(doc_id="d2")])).attrs["warnings"]
    assert "one period (2014): the analyses that compare periods will refuse to run" in warning


def test_same_bytes_twice_is_a_duplicate(make_corpus):
    msg = _corrupt_docs(make_corpus, [_doc(), _doc(doc_id="d2", text=GOOD)])
    assert "duplicate document: rows 2, 3 (d1, d2) have the same sha256" in msg


def test_same_file_written_two_ways_is_a_duplicate(make_corpus):
    root = make_corpus([_doc(), _doc(doc_id="d2", period="2024")])
    _edit_manifest(root, "raw/d2.txt", "raw/./d1.txt")
    _edit_manifest(root, ",2024,2024,2024,", ",2014,2014,2014,")
    with pytest.raises(CorpusError, match=r"file 'raw/d1.txt' is listed on rows 2, 3 \(d1, d2\)"):
        read_manifest(root)


def test_symlink_out_of_the_corpus_is_refused(make_corpus, tmp_path):
    outside = tmp_path / "elsewhere.txt"
    outside.write_text(GOOD)
    root = make_corpus([_doc()])
    (root / "raw" / "d1.txt").unlink()
    (root / "raw" / "d1.txt").symlink_to(outside)
    with pytest.raises(CorpusError) as info:
        load_corpus(root)
    assert "outside the corpus" in str(info.value) and str(outside) in str(info.value)
    (root / "raw" / "d1.txt").unlink()                      # a link inside the corpus is fine
    (root / "store").mkdir()
    (root / "store" / "d1.txt").write_text(GOOD)
    (root / "raw" / "d1.txt").symlink_to(root / "store" / "d1.txt")
    assert load_corpus(root).manifest["doc_id"].tolist() == ["d1"]


def test_a_linked_folder_out_of_the_corpus_is_refused(make_corpus, tmp_path):
    # the file itself is no link, its folder is: the folder's real path is what counts
    root = make_corpus([_doc()])
    (root / "raw" / "sub").mkdir()
    (root / "raw" / "d1.txt").rename(root / "raw" / "sub" / "d1.txt")
    manifest = (root / "manifest.csv").read_text().replace("raw/d1.txt", "raw/sub/d1.txt")
    (root / "manifest.csv").write_text(manifest)
    assert load_corpus(root).manifest["doc_id"].tolist() == ["d1"]
    outside = tmp_path / "elsewhere"
    (root / "raw" / "sub").rename(outside)
    (root / "raw" / "sub").symlink_to(outside, target_is_directory=True)
    with pytest.raises(CorpusError) as info:
        load_corpus(root)
    assert "outside the corpus" in str(info.value) and str(outside) in str(info.value)


def test_unlisted_raw_files_and_add_leftovers_are_reported(make_corpus):
    root = make_corpus([_doc(), _doc(doc_id="d2", period="2024")])
    (root / "raw" / "stray.txt").write_text("not in the manifest")
    (root / "raw" / ".d9.txt.k2j3abcd.tmp").write_text("half an add")
    (root / ".manifest.csv.x1y2.tmp").write_text("half a manifest")
    warnings = validate_corpus(root).attrs["warnings"]
    assert len(warnings) == 3
    assert any("manifest.csv.x1y2.tmp: temporary file left by an interrupted `add`" in w for w in warnings)
    assert any(".d9.txt.k2j3abcd.tmp: temporary file left by an interrupted `add`" in w for w in warnings)
    assert any("stray.txt: not listed in manifest.csv" in w for w in warnings)


@pytest.mark.parametrize("bad, name", [("\x00", "NUL (U+0000)"), ("\x1b", "ESC (U+001B)"), ("\x0c", "form feed"),
                                       ("\x85", "control character (U+0085)")])
def test_control_characters_are_refused_with_line_and_fix(make_corpus, bad, name):
    root = make_corpus([_doc(text=f"First line.\nSecond{bad} line.\nBy A. Writer")])
    with pytest.raises(CorpusError) as info:
        load_corpus(root)
    msg = str(info.value)
    assert "d1.txt" in msg and f"line 2, column 7 holds a {name}" in msg and "tr -d" in msg and "\n" not in msg


def test_tabs_are_not_control_errors(make_corpus):
    assert load_corpus(make_corpus([_doc(text="A\ttabbed line.\nBy A. Writer")])).bodies["d1"] == "A\ttabbed line."


def test_require_periods_is_one_line(make_corpus):
    c = load_corpus(make_corpus([_doc(), _doc(doc_id="d2")]))
    with pytest.raises(CorpusError) as info:
        c.require_periods(2, analysis="keyness (each period against the others)")
    msg = str(info.value)
    assert msg.endswith("`python -m analysis add FILE --period LABEL ...`") and "\n" not in msg
    assert "keyness (each period against the others) compares periods and needs 2 periods" in msg
    assert "the corpus has 2014 (2 documents)" in msg and "manifest.csv" in msg
    c.require_periods(1, analysis="x")
    two = load_corpus(make_corpus([_doc(), _doc(doc_id="d2", period="2024")], name="two"))
    two.require_periods(2, analysis="x")
    with pytest.raises(CorpusError, match="needs 2 periods with at least 2 documents each"):
        two.require_periods(2, analysis="x", min_documents=2)


def _corrupt_docs(make_corpus, docs):
    root = make_corpus(docs)
    with pytest.raises(CorpusError) as info:
        load_corpus(root)
    assert "\n" not in str(info.value)
    return str(info.value)
