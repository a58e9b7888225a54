"""Sentence-segmentation accuracy of our segmenter and pysbd, in the same run.

Two test sets:

- ``golden_rules_en``: the 48 English Golden Rules published with pySBD
  (``tests/data/golden_rules_en.json``, MIT licence, see the file's header); a case
  is correct when the stripped sentences equal the expected ones exactly;
- ``bundled_paragraphs``: the 20 body paragraphs of the two bundled articles with
  their hand-checked sentences (``tests/data/bundled_sentences.json``); a paragraph
  is correct when it is split exactly as hand-checked.

Segmenters: ``analysis.segment.split_sentences`` (spaCy tokenizer + the
``rule_sentencizer`` component), ``pysbd.Segmenter(language="en", clean=False)``,
and spaCy's plain ``sentencizer`` on the blank English pipeline (the previous
baseline). Writes ``benchmarks/results/segmentation-accuracy.csv`` (``test_set,
segmenter, n_cases, n_correct, accuracy, seconds, failed``; ``failed`` lists the
case ids, or ``doc_id:para_id``, that were wrong) and prints it.

Usage::

    python benchmarks/segmentation_accuracy.py
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
DATA_DIR = BENCH_DIR.parent / "tests" / "data"
RESULTS_DIR = BENCH_DIR / "results"


def _segmenters() -> dict:
    import pysbd
    import spacy

    from analysis.segment import split_sentences

    seg = pysbd.Segmenter(language="en", clean=False)
    baseline = spacy.blank("en")
    baseline.add_pipe("sentencizer")
    return {
        "analysis.segment (rule_sentencizer)": split_sentences,
        "pysbd 0.3.4 (clean=False)": lambda t: [s.strip() for s in seg.segment(t) if s.strip()],
        "spaCy sentencizer (previous baseline)": lambda t: [s.text.strip() for s in baseline(t).sents
                                                            if s.text.strip()],
    }


def _test_sets() -> dict:
    golden = json.loads((DATA_DIR / "golden_rules_en.json").read_text(encoding="utf-8"))["cases"]
    bundled = json.loads((DATA_DIR / "bundled_sentences.json").read_text(encoding="utf-8"))["documents"]
    from analysis import config
    from analysis.corpus import load_corpus

    paras = load_corpus(config.corpus_dir()).paragraphs()
    para_cases = []
    for rec in paras.to_dict("records"):
        expected = bundled[rec["doc_id"]][rec["para_id"] - 1]
        para_cases.append({"id": f"{rec['doc_id']}:{rec['para_id']}", "text": rec["text"], "expected": expected})
    return {"golden_rules_en": golden, "bundled_paragraphs": para_cases}


def evaluate():
    """Return the accuracy table (pandas.DataFrame) for every test set and segmenter."""
    import pandas as pd

    rows = []
    sets = _test_sets()
    for seg_name, fn in _segmenters().items():
        fn("Warm up. The first call builds caches.")  # not timed
        for set_name, cases in sets.items():
            t0 = time.perf_counter()
            failed = [str(c["id"]) for c in cases if fn(c["text"]) != c["expected"]]
            seconds = time.perf_counter() - t0
            n = len(cases)
            rows.append({"test_set": set_name, "segmenter": seg_name, "n_cases": n, "n_correct": n - len(failed),
                         "accuracy": round((n - len(failed)) / n, 4), "seconds": round(seconds, 3),
                         "failed": " ".join(failed)})
    return pd.DataFrame(rows).sort_values(["test_set", "segmenter"], kind="stable").reset_index(drop=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=RESULTS_DIR / "segmentation-accuracy.csv")
    args = ap.parse_args(argv)
    table = evaluate()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".csv.tmp")
    table.to_csv(tmp, index=False, lineterminator="\n")
    tmp.replace(args.out)
    print(table.to_string(index=False, max_colwidth=60))
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
