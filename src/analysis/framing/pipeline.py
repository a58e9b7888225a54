"""The framing stage as calls shared by notebook 03 and its benchmark stage.

:func:`run_framing` is everything computed from a corpus (coding, shares, tests, the
robustness run without flagged sentences, Entman's functions); :func:`validate_framing`
scores the rules against the hand coding in ``validation/`` (bundled articles only).
Each random step draws from its own named stream (:func:`analysis.stats.step_seed`).
"""

from __future__ import annotations

from functools import partial

import pandas as pd

from .. import config
from ..parallel import map_documents
from ..stats import step_seed
from .agreement import agreement_line, evaluate_presence, evaluate_primary, gold_presence, read_frame_codes
from .codebook import Codebook, codebook_table, load_codebook, load_entman_cues
from .coding import code_corpus, code_units, primary_frames
from .directions import function_shares
from .entman import entman_table, frame_functions
from .summaries import compare_frame_shares, frame_shares


def _book(book, loader):
    return book if isinstance(book, Codebook) else loader(book)


def run_framing(corpus, *, codebook=None, cues=None, threshold: float = 0.5, min_hits: float = 1.0,
                length_norm: float = 0.5, ref_words: float = 100.0, entman_min_hits: float = 1.0,
                min_docs: int = 5, n_resamples: int = 2000, confidence_level: float = 0.95, seed: int,
                jobs: int | None = None, scheduler=None) -> dict:
    """Every framing table of notebook 03 that is computed from the corpus.

    Parameters
    ----------
    corpus : analysis.corpus.Corpus
    codebook, cues : Codebook, str, Path or None
        The frame codebook and Entman cue list, or paths to them (``None``: packaged).
    threshold, min_hits, length_norm, ref_words
        Scoring (:func:`code_frames`).
    entman_min_hits : float, default=1.0
        Summed cue weight a sentence needs to perform a function.
    min_docs : int, default=5
        Documents every period needs before documents, not units, are resampled.
    n_resamples : int, default=2000
        Bootstrap resamples and permutations.
    confidence_level : float, default=0.95
    seed : int
    jobs, scheduler : default=None
        Where the per-document coding runs: see :func:`analysis.parallel.map_documents`
        (``None``: ``analysis run --jobs`` / ``--scheduler`` through the environment, else one
        process). The tables are the same.

    Returns
    -------
    dict of pandas.DataFrame
        ``codebook`` (one row per frame), ``paragraphs``, ``sentences`` (coded), ``primary``,
        ``para_shares``, ``sent_shares``, ``para_tests``, ``sent_tests``, ``without_flagged``
        (shares of ``corpus.without_flagged()`` next to the full-text shares, both levels),
        ``paragraphs_without_flagged`` and ``sentences_without_flagged`` (that corpus coded),
        ``functions`` (Entman, per sentence x function) and ``entman`` (side by side by period).
    """
    codebook, cues = _book(codebook, load_codebook), _book(cues, load_entman_cues)
    scoring = dict(threshold=threshold, min_hits=min_hits, length_norm=length_norm, ref_words=ref_words)
    stat = dict(min_docs=min_docs, n_resamples=n_resamples)
    where = dict(jobs=jobs, scheduler=scheduler)
    coded = map_documents(partial(code_corpus, codebook=codebook, cues=cues, entman_min_hits=entman_min_hits,
                                  **scoring), corpus, **where)
    clean_corpus = corpus.without_flagged()  # the corpus itself when nothing is flagged
    clean = coded if clean_corpus is corpus else map_documents(partial(code_corpus, codebook=codebook, **scoring),
                                                               clean_corpus, **where)
    out = {"codebook": codebook_table(codebook), "paragraphs": coded["paragraphs"], "sentences": coded["sentences"],
           "primary": primary_frames(coded["paragraphs"], on=["doc_id", "period", "para_id"])}
    shares = {}
    for level, key in (("paragraph", "paragraphs"), ("sentence", "sentences")):
        for name, table in (("all", coded[key]), ("without_flagged", clean[key])):
            shares[level, name] = frame_shares(table, confidence_level=confidence_level,
                                               random_state=step_seed(seed, f"frame shares {level} {name}"), **stat)
        out[f"{key[:4]}_tests"] = compare_frame_shares(coded[key], random_state=step_seed(seed, f"frame tests {level}"),
                                                       **stat)
    out["para_shares"], out["sent_shares"] = shares["paragraph", "all"], shares["sentence", "all"]
    full = pd.concat([shares[lv, "all"].assign(level=lv) for lv in ("paragraph", "sentence")])
    robust = pd.concat([shares[lv, "without_flagged"].assign(level=lv) for lv in ("paragraph", "sentence")])
    out["without_flagged"] = robust.merge(full[["level", "period", "frame", "share"]], on=["level", "period", "frame"],
                                          suffixes=("_without_flagged", "_all"))
    out["paragraphs_without_flagged"], out["sentences_without_flagged"] = clean["paragraphs"], clean["sentences"]
    out["functions"] = coded["functions"]  # = frame_functions on the sentence texts, from the same parse
    out["entman"] = entman_table(out["functions"], corpus.sentences())
    return out


def validate_framing(results: dict, *, validation_dir="validation", codebook=None, cues=None,
                     threshold: float = 0.5, min_hits: float = 1.0, length_norm: float = 0.5,
                     ref_words: float = 100.0, entman_min_hits: float = 1.0, min_docs: int = 5,
                     n_resamples: int = 2000, confidence_level: float = 0.95, seed: int) -> dict:
    """Rules against the hand coding of ``validation/``, and the shares of the hand coding itself.

    Parameters
    ----------
    results : dict
        Output of :func:`run_framing` on the bundled corpus (the articles that were hand-coded).
    validation_dir : str or Path, default="validation"
        Holds ``frames_articles.csv``, ``frames_heldout.csv``, ``entman_sentences.csv`` and
        ``entman_heldout.csv`` (see ``validation/README.md``).
    Other parameters
        As in :func:`run_framing` (use the same values).

    Returns
    -------
    dict
        ``lines`` (one agreement line per set, str), ``per_frame`` (presence agreement per
        frame and set, with intervals), ``hand`` (hand-coded presence per paragraph),
        ``hand_shares``, ``hand_tests``, ``entman_lines`` (str), ``entman_agreement`` and
        ``entman_shares`` (share of sentences doing each function, by period, from the cues and
        from the hand labels, with intervals: :func:`function_shares`; rates, not raw counts).
    """
    codebook, cues = _book(codebook, load_codebook), _book(cues, load_entman_cues)
    scoring = dict(threshold=threshold, min_hits=min_hits, length_norm=length_norm, ref_words=ref_words)
    folder = config.resolve(validation_dir)
    labels, paragraphs = codebook.labels, results["paragraphs"]

    def agree(step):
        return dict(n_resamples=n_resamples, random_state=step_seed(seed, f"framing agreement {step}"))

    on = ["doc_id", "para_id"]
    art_codes = read_frame_codes(folder / "frames_articles.csv", labels=labels)
    evals = {"articles": (evaluate_presence(paragraphs, gold_presence(art_codes, labels, on=on), on=on,
                                            **agree("articles")),
                          evaluate_primary(paragraphs, art_codes, on=on, **agree("articles primary")))}
    held = read_frame_codes(folder / "frames_heldout.csv", labels=labels)
    for batch, codes in held.groupby("batch"):
        coded = code_units(codes[["item_id", "text"]], codebook, **scoring)
        evals[batch] = (evaluate_presence(coded, gold_presence(codes, labels, on="item_id"), on="item_id",
                                          **agree(batch)),
                        evaluate_primary(coded, codes, on="item_id", **agree(f"{batch} primary")))
    names = {"articles": "article paragraphs (tune set)", "heldout-2": "heldout-2 (held out)",
             "heldout-1": "heldout-1 (development)"}
    sets = [s for s in ("articles", "heldout-2", "heldout-1") if s in evals]
    out = {"lines": "\n".join(agreement_line(names[s], *evals[s]) for s in sets)}
    out["per_frame"] = pd.concat({s: evals[s][0] for s in ("heldout-2", "heldout-1", "articles") if s in evals},
                                 names=["set"]).reset_index(level=0).reset_index(drop=True)
    hand = gold_presence(art_codes, labels, on=["doc_id", "period", "para_id"])
    stat = dict(min_docs=min_docs, n_resamples=n_resamples)
    shares = frame_shares(hand, confidence_level=confidence_level, random_state=step_seed(seed, "hand shares"), **stat)
    out["hand"] = hand
    out["hand_shares"] = results["para_shares"][["period", "frame"]].merge(shares, how="left").fillna({"n": 0})
    out["hand_tests"] = compare_frame_shares(hand, random_state=step_seed(seed, "hand tests"), **stat)
    functions = results["functions"]
    ent_gold = pd.read_csv(folder / "entman_sentences.csv", dtype={"period": str})
    key = ["doc_id", "sent_id"]
    ent_eval = evaluate_presence(functions, gold_presence(ent_gold, cues.labels, on=key, label="function"), on=key,
                                 label="function", **agree("entman articles"))
    ent_held = pd.read_csv(folder / "entman_heldout.csv").loc[lambda d: d["batch"] == "heldout-2"]
    found = frame_functions(ent_held[["item_id", "sent_index", "text"]], cues, min_hits=entman_min_hits)
    key = ["item_id", "sent_index"]
    held_eval = evaluate_presence(found, gold_presence(ent_held, cues.labels, on=key, label="function"), on=key,
                                  label="function", **agree("entman heldout-2"))
    out["entman_lines"] = "\n".join([agreement_line("Entman, article sentences (tune set)", ent_eval),
                                     agreement_line("Entman, held-out batch 2 sentences", held_eval)])
    out["entman_agreement"] = pd.concat({"articles": ent_eval, "heldout-2": held_eval},
                                        names=["set"]).reset_index(level=0).reset_index(drop=True)
    labelled = gold_presence(ent_gold, cues.labels, on=["doc_id", "period", "sent_id"], label="function")
    out["entman_shares"] = function_shares(functions, labelled, min_docs=min_docs, n_resamples=n_resamples,
                                           confidence_level=confidence_level, seed=seed)
    return out
