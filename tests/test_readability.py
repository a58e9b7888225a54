"""Readability against textstat and hand computation; lexical diversity on hand-worked examples."""

from __future__ import annotations

import importlib
import socket

import nltk
import numpy as np
import pandas as pd
import pytest
import textstat
from textstat.backend.counts import (count_difficult_words, count_letters, count_polysyllable_words,
                                     count_syllables, count_words)

from analysis import diversity as dv
from analysis import readability as rd
from analysis.corpus import load_corpus

BOILERPLATE = ["newsletter", "disclaimer", "sign up", "views expressed", "political adviser",
               "personal capacity", "brussels-based", "source: mahamad", "photo:", "commonspace.eu or its partners"]


def _clear_textstat_caches():
    import sys

    for name, mod in list(sys.modules.items()):
        if name.startswith("textstat.backend") and mod is not None:
            for attr in vars(mod).values():
                if callable(getattr(attr, "cache_clear", None)):
                    attr.cache_clear()


@pytest.fixture
def offline(monkeypatch):
    """No sockets, no nltk.download, and textstat's original (nltk-based) dictionary lookup restored."""
    from textstat.backend.utils import get_cmudict as original

    module = importlib.import_module("textstat.backend.counts._count_syllables")
    monkeypatch.setattr(module, "get_cmudict", original)  # undo any earlier switch (restored afterwards)
    _clear_textstat_caches()

    def refuse(*args, **kwargs):
        raise OSError("network access attempted in an offline test")

    def no_download(*args, **kwargs):
        raise AssertionError("nltk.download was called")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(nltk, "download", no_download)
    yield module
    _clear_textstat_caches()


# --------------------------------------------------------------------------- offline syllables
def test_textstat_alone_needs_nltk_download(offline):
    """The pitfall itself: without the switch, textstat 0.7.13 tries to download cmudict."""
    try:
        nltk.data.find("corpora/cmudict")
    except LookupError:
        pass
    else:  # pragma: no cover - only on machines with NLTK's copy installed
        pytest.skip("NLTK's cmudict is installed here, so textstat does not try to download it")
    with pytest.raises((AssertionError, LookupError, OSError)):
        textstat.syllable_count("reading")


def test_readability_works_with_network_unavailable(offline, make_corpus):
    rd.use_cmudict_syllables()
    assert getattr(offline.get_cmudict, "_analysis_cmudict", False)
    # CMU: reading = R IY1 D IH0 NG (2 vowels with stress digits); "the" = 1
    assert textstat.syllable_count("reading the") == 3
    corpus = load_corpus(make_corpus([{"doc_id": "a", "period": "2014",
                                       "text": "The cat sat on the mat. It was happy."}]))
    out = rd.readability(corpus, n_resamples=50, random_state=0)
    fre = out.loc[out["metric"] == "flesch_reading_ease", "value"].item()
    assert fre == pytest.approx(206.835 - 1.015 * 9 / 2 - 84.6 * 10 / 9)


def test_switch_is_idempotent_and_keeps_other_languages_on_pyphen():
    rd.use_cmudict_syllables()
    module = importlib.import_module("textstat.backend.counts._count_syllables")
    first = module.get_cmudict
    rd.use_cmudict_syllables()
    assert module.get_cmudict is first
    assert module.get_cmudict("de_DE") is None
    assert module.get_cmudict("en_US")["reading"][0] == ["R", "IY1", "D", "IH0", "NG"]


# --------------------------------------------------------------------------- toy hand computations
def test_indices_from_sums_hand_values():
    r = rd.indices_from_sums({"n_sentences": 2, "n_words": 20, "n_syllables": 30, "n_polysyllables": 2,
                              "n_fog_complex": 2, "n_dale_chall_difficult": 4, "n_letters": 90})
    assert r["flesch_reading_ease"] == pytest.approx(206.835 - 1.015 * 10 - 84.6 * 1.5)
    assert r["flesch_kincaid_grade"] == pytest.approx(0.39 * 10 + 11.8 * 1.5 - 15.59)
    assert r["gunning_fog"] == pytest.approx(0.4 * (10 + 10))
    assert r["smog_index"] == pytest.approx(1.043 * np.sqrt(30 * 1) + 3.1291)
    assert r["dale_chall"] == pytest.approx(0.1579 * 20 + 0.0496 * 10 + 3.6365)  # 20% > 5%: step added
    assert r["coleman_liau_index"] == pytest.approx(0.058 * 450 - 0.296 * 10 - 15.8)
    low = rd.indices_from_sums({"n_sentences": 1, "n_words": 100, "n_syllables": 100, "n_polysyllables": 0,
                                "n_fog_complex": 0, "n_dale_chall_difficult": 4, "n_letters": 400})
    assert low["dale_chall"] == pytest.approx(0.1579 * 4 + 0.0496 * 100)  # 4% <= 5%: no step


def test_toy_document_matches_textstat_and_hand_counts(make_corpus):
    text = "The cat sat on the mat. It was happy."
    corpus = load_corpus(make_corpus([{"doc_id": "toy", "period": "2014", "text": text}]))
    comp = rd.sentence_components(corpus)
    assert comp["n_words"].tolist() == [6, 3]
    assert comp["n_syllables"].tolist() == [6, 4]          # happy = 2 syllables
    assert comp["n_letters"].tolist() == [17, 10]
    assert comp["n_dale_chall_difficult"].sum() == 0        # all on the easy-word list
    out = rd.readability(corpus, n_resamples=50, random_state=0).set_index("metric")
    for metric in rd.INDICES:
        assert out.loc[metric, "value"] == pytest.approx(out.loc[metric, "textstat_value"]), metric
    assert out.loc["flesch_kincaid_grade", "value"] == pytest.approx(0.39 * 4.5 + 11.8 * 10 / 9 - 15.59)
    assert out.loc["coleman_liau_index", "value"] == pytest.approx(0.058 * 100 * 27 / 9 - 0.296 * 100 * 2 / 9 - 15.8)
    # two sentences (< 30): SMOG gets no interval and says why
    assert np.isnan(out.loc["smog_index", "ci_low"])
    assert "30 sentences" in out.loc["smog_index", "method"]


def test_departure_from_textstat_sentence_counter_is_the_only_difference(make_corpus):
    # textstat's regex drops the two-word "sentence" "Stay up."; the segmenter keeps it.
    text = "Relations between the two countries improved after the visit. Stay up. Trade grew quickly."
    corpus = load_corpus(make_corpus([{"doc_id": "d", "period": "2024", "text": text}]))
    out = rd.readability(corpus, n_resamples=50, random_state=0).set_index("metric")
    assert out.loc["flesch_reading_ease", "n_sentences"] == 3
    assert out.loc["flesch_reading_ease", "n_sentences_textstat"] == 2
    w, syl = count_words(text), count_syllables(text, rd.LANG)
    assert out.loc["flesch_reading_ease", "value"] == pytest.approx(206.835 - 1.015 * w / 3 - 84.6 * syl / w)
    assert out.loc["flesch_reading_ease", "textstat_value"] == pytest.approx(textstat.flesch_reading_ease(text))
    assert out.loc["syllables_per_word", "value"] == pytest.approx(out.loc["syllables_per_word", "textstat_value"])


def test_intervals_contain_estimate_and_are_reproducible(corpus):
    a = rd.readability(corpus, n_resamples=300, random_state=7)
    b = rd.readability(corpus, n_resamples=300, random_state=7)
    pd.testing.assert_frame_equal(a, b)
    ok = a.dropna(subset=["ci_low"])
    assert len(ok) == len(a)  # both texts have >= 30 sentences: every metric has an interval
    assert ((ok["ci_low"] <= ok["value"]) & (ok["value"] <= ok["ci_high"])).all()
    c = rd.readability(corpus, n_resamples=300, random_state=8)
    assert not np.allclose(a["ci_low"], c["ci_low"])


def test_single_sentence_has_no_interval(make_corpus):
    corpus = load_corpus(make_corpus([{"doc_id": "one", "period": "2014", "text": "Iran and Azerbaijan talk."}]))
    out = rd.readability(corpus, n_resamples=20, random_state=0)
    assert out["ci_low"].isna().all()
    assert out["method"].str.startswith("no interval").all()


# --------------------------------------------------------------------------- bundled corpus vs textstat
def test_bundled_corpus_against_textstat_called_directly(corpus):
    rd.use_cmudict_syllables()
    docs = corpus.documents().set_index("doc_id")["text"]
    out = rd.readability(corpus, n_resamples=100, random_state=0)
    comp = rd.sentence_components(corpus)
    for doc_id, body in docs.items():
        rows = out.loc[out["doc_id"] == doc_id].set_index("metric")
        # textstat_value is textstat itself on the body
        assert rows.loc["flesch_reading_ease", "textstat_value"] == pytest.approx(textstat.flesch_reading_ease(body))
        assert rows.loc["smog_index", "textstat_value"] == pytest.approx(textstat.smog_index(body))
        assert rows.loc["dale_chall", "textstat_value"] == pytest.approx(textstat.dale_chall_readability_score(body))
        direct = rd.textstat_indices(body)
        for metric in [*rd.INDICES, "words_per_sentence", "syllables_per_word", "letters_per_word"]:
            assert rows.loc[metric, "textstat_value"] == pytest.approx(direct[metric]), metric
        assert rows.loc["gunning_fog", "n_sentences_textstat"] == direct["n_sentences"]
        # per-sentence counts add up to textstat's whole-text counts
        sums = comp.loc[comp["doc_id"] == doc_id, rd.COMPONENTS].sum()
        assert sums["n_words"] == count_words(body)
        assert sums["n_syllables"] == count_syllables(body, rd.LANG)
        assert sums["n_polysyllables"] == count_polysyllable_words(body, rd.LANG)
        assert sums["n_fog_complex"] == count_difficult_words(body, rd.LANG, 3)
        assert sums["n_dale_chall_difficult"] == count_difficult_words(body, rd.LANG, 0)
        assert sums["n_letters"] == count_letters(body)
        # value: the same sums with the segmenter's sentence count (hand formula)
        s = int((comp["doc_id"] == doc_id).sum())
        assert rows.loc["flesch_reading_ease", "n_sentences"] == s
        fre = 206.835 - 1.015 * sums["n_words"] / s - 84.6 * sums["n_syllables"] / sums["n_words"]
        assert rows.loc["flesch_reading_ease", "value"] == pytest.approx(fre)
        if s == textstat.sentence_count(body):
            for metric in rd.INDICES:
                assert rows.loc[metric, "value"] == pytest.approx(rows.loc[metric, "textstat_value"]), metric


def test_pitfalls_reference_flesch_values(corpus):
    """FRE with cmudict syllables on these bodies, measured when the suite was built: 25.67 (2014), 23.60 (2024)."""
    out = rd.readability(corpus, level="period", n_resamples=20, random_state=0)
    fre = out.loc[out["metric"] == "flesch_reading_ease"].set_index("period")["textstat_value"]
    assert fre["2014"] == pytest.approx(25.67, abs=0.005)
    assert fre["2024"] == pytest.approx(23.60, abs=0.005)


# --------------------------------------------------------------------------- lengths
def test_length_summary_hand_values(make_corpus):
    corpus = load_corpus(make_corpus([{"doc_id": "d", "period": "2014",
                                       "text": "Cats sleep. Big dogs bark loudly."}]))
    out = rd.length_summary(corpus, n_resamples=50, random_state=0).set_index("measure")
    assert out.loc["sentence_length_words", "mean"] == pytest.approx(3.0)   # (2 + 4) / 2
    assert out.loc["sentence_length_words", "max"] == 4
    assert out.loc["word_length_letters", "mean"] == pytest.approx((4 + 5 + 3 + 4 + 4 + 6) / 6)
    wl = rd.word_lengths(corpus).set_index("letters")["n_words"]
    assert wl.to_dict() == {3: 1, 4: 3, 5: 1, 6: 1}


# --------------------------------------------------------------------------- diversity
def test_mtld_hand_worked_examples():
    # McCarthy & Jarvis (2010) procedure. Forward: of the people by the people -> TTR 4/6 = .667
    # <= .72 closes factor 1; "for the people" has TTR 1, partial factor 0 -> 9 / 1 = 9.
    # Backward: people the for people(.75) the(.60) closes factor 1; rest TTR 1 -> 9. Mean 9.
    assert dv.mtld("of the people by the people for the people".split()) == pytest.approx(9.0)
    # Forward: a b a (2/3) = 1 factor; p q r s p: TTR .8, partial (1 - .8) / .28 -> 8 / 1.714286.
    # Backward: p s r q p a b a never reaches .72; end TTR 6/8 = .75, partial .25 / .28 -> 8 / .892857.
    fwd, bwd = 8 / (1 + 0.2 / 0.28), 8 / (0.25 / 0.28)
    assert dv.mtld("a b a p q r s p".split()) == pytest.approx((fwd + bwd) / 2)
    assert np.isnan(dv.mtld([]))


def test_mattr_hand_worked_examples():
    # Covington & McFall (2010): the mean TTR over all windows of w consecutive tokens.
    assert dv.mattr("a b a c".split(), window=2) == pytest.approx(1.0)          # ab ba ac
    assert dv.mattr("a a b b".split(), window=2) == pytest.approx((0.5 + 1 + 0.5) / 3)
    assert dv.mattr("a a b b".split(), window=3) == pytest.approx(2 / 3)        # aab abb
    assert dv.mattr("a a b b".split(), window=4) == pytest.approx(0.5)          # = TTR
    assert np.isnan(dv.mattr("a b".split(), window=3))


def test_ttr_depends_on_length_but_mattr_does_not(make_corpus):
    # Doc b is doc a repeated: same vocabulary, same local variety, twice as long.
    a = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu"
    corpus = load_corpus(make_corpus([{"doc_id": "a", "period": "2014", "text": a + "."},
                                      {"doc_id": "b", "period": "2024", "text": f"{a}. {a}."}]))
    common = dv.ttr_at_common_length(corpus).set_index("doc_id")
    assert common.loc["a", "ttr_full"] == pytest.approx(1.0)
    assert common.loc["b", "ttr_full"] == pytest.approx(0.5)      # TTR halves with length ...
    assert common.loc["b", "ttr_common"] == pytest.approx(1.0)    # ... over the first 12 tokens it is 1
    assert common["n_common"].tolist() == [12, 12]
    div = dv.lexical_diversity(corpus, mattr_window=4, segment_size=4, n_resamples=50, random_state=0)
    m = div.set_index(["doc_id", "metric"])["value"]
    assert m[("a", "mattr")] == pytest.approx(1.0) and m[("b", "mattr")] == pytest.approx(1.0)
    assert m[("a", "msttr")] == pytest.approx(1.0) and m[("b", "msttr")] == pytest.approx(1.0)


def test_msttr_segments_and_interval(make_corpus):
    corpus = load_corpus(make_corpus([{"doc_id": "d", "period": "2014", "text": "a a b b c d e f g"}]))
    seg = dv.diversity_segments(dv.word_tokens(corpus), segment_size=2)
    assert seg["n_types"].tolist() == [1, 1, 2, 2]                 # aa bb cd ef; g dropped
    div = dv.lexical_diversity(corpus, mattr_window=2, segment_size=2, n_resamples=200, random_state=0)
    ms = div.loc[div["metric"] == "msttr"].iloc[0]
    assert ms["value"] == pytest.approx(6 / 8)
    assert 0.5 <= ms["ci_low"] <= ms["value"] <= ms["ci_high"] <= 1.0
    assert div.loc[div["metric"].isin(["mtld", "mattr", "ttr"]), "ci_low"].isna().all()


def test_diversity_on_bundled_corpus_uses_lexicalrichness(corpus):
    from lexicalrichness import LexicalRichness

    words = dv.word_tokens(corpus)
    div = dv.lexical_diversity(corpus, n_resamples=50, random_state=0)
    for doc_id, grp in words.groupby("doc_id"):
        lex = LexicalRichness(grp["word"].tolist(), preprocessor=None, tokenizer=None)
        row = div.loc[div["doc_id"] == doc_id].set_index("metric")
        assert row.loc["mtld", "value"] == pytest.approx(lex.mtld(threshold=0.72))
        assert row.loc["mattr", "value"] == pytest.approx(lex.mattr(window_size=50))
        assert row.loc["ttr", "value"] == pytest.approx(lex.ttr)


# --------------------------------------------------------------------------- boilerplate
def test_no_boilerplate_in_any_readability_table(corpus):
    tables = [rd.readability(corpus, n_resamples=20, random_state=0),
              rd.readability(corpus, level="period", n_resamples=20, random_state=0),
              dv.lexical_diversity(corpus, n_resamples=20, random_state=0),
              rd.length_summary(corpus, n_resamples=20, random_state=0),
              dv.word_tokens(corpus), dv.ttr_curve(corpus)]
    for table in tables:
        for col in table.select_dtypes(include=["object", "string"]).columns:
            text = " ".join(table[col].astype(str)).lower()
            for term in BOILERPLATE:
                assert term not in text, (term, col)
    # the words of the end-matter never reach the word counts either
    words = set(dv.word_tokens(corpus)["word"])
    assert not {"newsletter", "disclaimer", "adviser"} & words


def test_linear_time_mattr_equals_lexicalrichness(corpus, make_corpus):
    rng = np.random.default_rng(0)
    text = " ".join(rng.choice(list("abcdefghij"), size=300)) + " " + " ".join(f"z{'abcdefghij'[i % 10]}{'abcdefghij'[i // 10]}" for i in range(40))
    toy = load_corpus(make_corpus([{"doc_id": "r", "period": "2014", "text": text + "."},
                                   {"doc_id": "s", "period": "2024", "text": "a b a c."}]))
    for c, windows in [(toy, [1, 2, 3, 50, 339]), (corpus, [25, 50, 100])]:
        words = dv.word_tokens(c)
        for w in windows:
            fast = dv.mattr_by_document(words, window=w)
            assert len(words) > 0 and (c is corpus or len(words.loc[words["doc_id"] == "r"]) == 340)
            for doc_id, grp in words.groupby("doc_id"):
                assert fast[doc_id] == pytest.approx(dv.mattr(grp["word"].tolist(), window=w), nan_ok=True), (doc_id, w)


def test_one_definition_of_words_per_sentence_in_notebooks_00_and_01(corpus):
    """Sentence length in 01 (table, test, figure) counts words as 00 and every rate do: alphabetic tokens."""
    from analysis import overview, style

    doc = overview.document_summary(corpus).set_index("doc_id")["words_per_sentence"]
    res = style.run_readability_style(corpus, n_resamples=20, seed=0)
    lengths = res["lengths"].loc[lambda d: d["measure"] == "sentence_length_words"].set_index("doc_id")["mean"]
    assert lengths.to_dict() == pytest.approx(doc.to_dict())
    assert doc["2014-eurasianet-mamedov"] == pytest.approx(783 / 32)
    t = res["length_tests"].set_index("measure").loc["words per sentence"]
    assert (t["estimate_reference"], t["estimate_group"]) == pytest.approx((783 / 32, 1186 / 42))


def test_ttr_sentence_of_notebook_01_matches_the_common_length_table(corpus):
    """01: "the longer text looks much less diverse; cut to the shorter text's length, part of that gap disappears"."""
    from analysis import diversity

    t = diversity.ttr_at_common_length(corpus).set_index("period")
    longer = t["n_tokens"].idxmax()
    shorter = t["n_tokens"].idxmin()
    full_gap = t.loc[shorter, "ttr_full"] - t.loc[longer, "ttr_full"]
    common_gap = t.loc[shorter, "ttr_common"] - t.loc[longer, "ttr_common"]
    assert full_gap > 0 and 0 < common_gap < full_gap  # less diverse over its full length; the gap shrinks, not vanishes


def test_word_blocks_do_not_change_counts(monkeypatch):
    """Counting textstat words in blocks of sentences gives the one-pass tables (words never cross sentences)."""
    from analysis.readability import counts

    corpus = load_corpus("corpus")
    assert len(corpus.sentences()) < counts.WORD_BLOCK  # one block: the one-pass tables
    whole = rd.sentence_components(corpus), rd.word_lengths(corpus)
    monkeypatch.setattr(counts, "WORD_BLOCK", 7)  # many blocks, documents split across them
    blocks = load_corpus("corpus")
    assert len(blocks.sentences()) > 3 * counts.WORD_BLOCK
    pd.testing.assert_frame_equal(rd.sentence_components(blocks), whole[0], check_exact=True)
    pd.testing.assert_frame_equal(rd.word_lengths(blocks), whole[1], check_exact=True)
