"""Benchmark stage 05-sentiment: the library calls behind notebooks/05-sentiment, in the same order.

Analysers and dictionaries are built once per call (never per sentence or per document). The
validation cells score the fixed hand-labelled sets and do not grow with the corpus; they are
timed too, so the stage is the notebook's work.
"""

from __future__ import annotations

import pandas as pd

from analysis import actors, config, sentiment, stats

#: The notebook's defaults.
N_RESAMPLES = 2000
MIN_DOCS = 5
ACTORS = ["Azerbaijan", "Iran", "Russia", "Israel", "United States", "Armenia", "Turkey", "IRGC"]


def run(corpus, *, random_state=0) -> None:
    """Score, validate, compare by period, word shift, relationship tone, actor tone, robustness run."""
    seed = random_state
    sentences = corpus.sentences()
    scorers = sentiment.build_scorers(sentiment.load_domain_patch())
    dictionary = sentiment.load_relationship_dictionary()
    tone = sentiment.relationship_tone(sentences, dictionary=dictionary, actors=actors.sentence_actors(sentences))
    scores = sentiment.score_sentences(sentences, scorers=scorers, dictionary=dictionary, tone=tone)
    validation = config.project_root() / "validation"
    gold = pd.read_csv(validation / "sentiment_sentences.csv", dtype={"period": str})
    held = pd.read_csv(validation / "sentiment_heldout3.csv")
    dev = pd.read_csv(validation / "sentiment_development.csv")
    dev_tone = sentiment.relationship_tone(dev, dictionary=dictionary)
    dev_scores = sentiment.score_sentences(dev, scorers=scorers, dictionary=dictionary, tone=dev_tone,
                                           keys=("item_id", "sent_index"))
    held_tone = sentiment.relationship_tone(held, dictionary=dictionary)
    held_scores = sentiment.score_sentences(held, scorers=scorers, dictionary=dictionary, tone=held_tone,
                                            keys=("item_id", "sent_index"))
    vopts = dict(n_resamples=N_RESAMPLES, random_state=stats.step_rng(seed, "sentiment-validation"))
    sentiment.validation_summary({
        "held-out": sentiment.validate_polarity(held_scores, held, on=["item_id", "sent_index"], **vopts),
        "development": sentiment.validate_polarity(dev_scores, dev, on=["item_id", "sent_index"], **vopts),
        "articles": sentiment.validate_polarity(scores, gold, on=["doc_id", "sent_id"], **vopts),
        "evaluation": sentiment.validate_polarity(scores, gold.assign(tone=sentiment.evaluation_labels(gold)),
                                                  on=["doc_id", "sent_id"], **vopts)})
    sentiment.validate_relation(tone, gold, on=["doc_id", "sent_id"], **vopts)
    sentiment.validate_relation(held_tone, held, on=["item_id", "sent_index"], **vopts)
    sentiment.validate_relation(dev_tone, dev, on=["item_id", "sent_index"], **vopts)
    sentiment.missed_by_all(scores, gold, on=["doc_id", "sent_id"], lexicons=["vader", "afinn", "hiv4", "vader-relations"])
    sentiment.period_means(scores, n_resamples=N_RESAMPLES, min_docs=MIN_DOCS,
                           random_state=stats.step_rng(seed, "sentiment-means"))
    sentiment.period_tests(scores, n_resamples=N_RESAMPLES, min_docs=MIN_DOCS,
                           random_state=stats.step_rng(seed, "sentiment-tests"))
    sentiment.aggregate(scores, level="document")
    sentiment.aggregate(scores, level="paragraph")
    sentiment.topic_negativity(scores, n_resamples=N_RESAMPLES, min_docs=MIN_DOCS,
                               random_state=stats.step_rng(seed, "sentiment-topic"))
    sentiment.method_agreement(scores)
    periods = list(corpus.periods)
    words = sentiment.sentence_words(sentences, lexicon="vader", scorers=scorers)
    sentiment.word_shift(words, reference=periods[0], comparison=periods[-1])
    sentiment.pair_tone(sentiment.actor_pairs(tone), n_resamples=N_RESAMPLES, min_docs=MIN_DOCS,
                        random_state=stats.step_rng(seed, "sentiment-pairs"))
    sentiment.actor_tone(scores, tone, actors_of_interest=ACTORS, n_resamples=N_RESAMPLES, min_docs=MIN_DOCS,
                         random_state=stats.step_rng(seed, "sentiment-actors"))
    kept = corpus.without_flagged().sentences()[["doc_id", "sent_id"]]
    clean = scores.merge(kept, on=["doc_id", "sent_id"])
    sentiment.period_means(clean, n_resamples=N_RESAMPLES, min_docs=MIN_DOCS,
                           random_state=stats.step_rng(seed, "sentiment-clean"))
