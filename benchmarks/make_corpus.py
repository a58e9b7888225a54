"""Build a synthetic benchmark corpus by resampling the bundled articles.

Each synthetic article is made of body sentences drawn (with replacement) from the
bundled corpus -- from the real articles of the same period, or from all of them for
a period with no real article -- grouped into paragraphs whose sentence counts are
drawn from the real paragraphs, until a target length (800-1,200 words by default)
is reached. A share of the words (30% by default) is then swapped for words drawn
from wordfreq's 50,000 most frequent English words (uniformly over ranks by
default), so that the vocabulary is rich (tens of thousands of word types per
million words) and tokenizer or lemma caches do not flatter the timings.

The output is a valid corpus directory: ``raw/<doc_id>.txt`` files, each body
followed by an end-matter line (a fake author bio starting with ``body_end``),
and a ``manifest.csv`` with every column of ``analysis.corpus.REQUIRED_COLUMNS``
(correct sha256) over three periods (2014, 2019, 2024), plus ``synthetic.json``
recording the parameters. The build is seeded and deterministic.

Usage::

    python benchmarks/make_corpus.py                 # 1,000 documents -> benchmarks/out/corpus-1000/
    python benchmarks/make_corpus.py --n-docs 3 --seed 1 --out /tmp/tiny
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

from analysis import config
from analysis.corpus import REQUIRED_COLUMNS, load_corpus

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_SEED = 20240511
#: Marker that starts the end-matter of every synthetic article (the manifest's body_end).
BODY_END = "About the author (synthetic):"
#: Synthetic periods and their shares of the documents. Periods with real articles
#: resample those; the others resample all real articles.
PERIODS = {"2014": 0.4, "2019": 0.2, "2024": 0.4}
_WORD_RE = re.compile(r"^([^A-Za-z]*)([A-Za-z]+)([^A-Za-z]*)$")
_COUNT_RE = re.compile(r"[^\W\d_]+")


def default_out_dir(n_docs: int) -> Path:
    """``benchmarks/out/corpus-<n_docs>/`` (git-ignored)."""
    return BENCH_DIR / "out" / f"corpus-{n_docs}"


def _vocabulary(size: int) -> list[str]:
    import wordfreq

    return [w for w in wordfreq.top_n_list("en", size) if w.isascii() and w.isalpha()]


def _swap_words(sentence: str, rng: np.random.Generator, vocab: list[str], probs, share: float) -> str:
    chunks = sentence.split(" ")
    hits = rng.random(len(chunks)) < share
    if not hits.any():
        return sentence
    picks = rng.choice(len(vocab), size=int(hits.sum()), p=probs)
    out, k = [], 0
    for chunk, hit in zip(chunks, hits):
        if hit:
            m = _WORD_RE.match(chunk)
            new = vocab[picks[k]]
            k += 1
            if m:
                word = m.group(2)
                if word[0].isupper():
                    new = new[0].upper() + new[1:]
                chunk = m.group(1) + new + m.group(3)
        out.append(chunk)
    return " ".join(out)


def build_corpus(n_docs: int = 1000, *, seed: int = DEFAULT_SEED, out_dir: str | Path | None = None,
                 swap_share: float = 0.3, vocab_size: int = 50000, weighting: str = "uniform",
                 words_per_doc: tuple[int, int] = (800, 1200), source: str | Path | None = None,
                 force: bool = False) -> Path:
    """Write a synthetic corpus of ``n_docs`` articles and return its directory.

    Parameters
    ----------
    n_docs : int, default=1000
        Number of articles (about 1,000 words each).
    seed : int
        Seed of the random generator; the same arguments give the same bytes.
    out_dir : str or Path, optional
        Output directory; default ``benchmarks/out/corpus-<n_docs>/``. It is
        replaced atomically (built beside it, then renamed).
    swap_share : float, default=0.3
        Share of words replaced by words drawn from the general-English list.
    vocab_size : int, default=50000
        How many of wordfreq's most frequent English words to draw from.
    weighting : {"uniform", "frequency"}, default="uniform"
        Draw the replacement words uniformly over ranks (rich vocabulary) or in
        proportion to their frequency (realistic Zipf profile, fewer types).
    words_per_doc : (int, int), default=(800, 1200)
        Range of the target number of words per article.
    source : str or Path, optional
        Corpus to resample (default: the bundled ``corpus/``).
    force : bool, default=False
        Rebuild even if ``out_dir`` already holds a corpus built with the same
        parameters.

    Returns
    -------
    Path
        The corpus directory (loadable with ``analysis.corpus.load_corpus``).
    """
    if n_docs < 1:
        raise ValueError(f"n_docs must be >= 1, got {n_docs}")
    if weighting not in ("uniform", "frequency"):
        raise ValueError(f"weighting must be 'uniform' or 'frequency', got {weighting!r}")
    out_dir = Path(out_dir) if out_dir is not None else default_out_dir(n_docs)
    params = {"n_docs": n_docs, "seed": seed, "swap_share": swap_share, "vocab_size": vocab_size,
              "weighting": weighting, "words_per_doc": list(words_per_doc), "body_end": BODY_END,
              "periods": PERIODS, "generator": "benchmarks/make_corpus.py v1"}
    stamp = out_dir / "synthetic.json"
    if not force and stamp.is_file() and (out_dir / "manifest.csv").is_file():
        if json.loads(stamp.read_text(encoding="utf-8")) == params:
            return out_dir

    rng = np.random.default_rng(seed)
    real = load_corpus(source if source is not None else config.corpus_dir())
    sents = real.sentences()
    para_sizes = sents.groupby(["doc_id", "para_id"]).size().to_numpy()
    pools = {}
    for period in PERIODS:
        pool = sents.loc[sents["period"] == period, "text"].tolist() or sents["text"].tolist()
        pools[period] = (pool, np.array([len(_COUNT_RE.findall(s)) for s in pool]))
    vocab = _vocabulary(vocab_size)
    if weighting == "uniform":
        probs = None
    else:
        import wordfreq

        f = np.array([wordfreq.word_frequency(w, "en") for w in vocab])
        probs = f / f.sum()

    period_names = list(PERIODS)
    periods = rng.choice(len(period_names), size=n_docs, p=list(PERIODS.values()))
    rows = []
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        (tmp / "raw").mkdir()
        for k in range(n_docs):
            period = period_names[periods[k]]
            pool, pool_words = pools[period]
            target = rng.integers(words_per_doc[0], words_per_doc[1] + 1)
            paragraphs, n_words = [], 0
            while n_words < target:
                size = int(rng.choice(para_sizes))
                picks = rng.integers(0, len(pool), size=size)
                para = [_swap_words(pool[i], rng, vocab, probs, swap_share) for i in picks]
                paragraphs.append(" ".join(para))
                n_words += int(pool_words[picks].sum())
            doc_id = f"synth-{k + 1:05d}"
            author = f"Synthetic Author {k % 97 + 1}"
            body = "\n".join(paragraphs)
            if BODY_END in body:  # cannot happen with the bundled text; guard anyway
                raise RuntimeError(f"{doc_id}: body contains the body_end marker")
            text = (f"{body}\n{BODY_END} {author} is a fictional analyst; this line is end-matter "
                    f"and must never enter an analysis.\nSign up for our free weekly newsletter.\n")
            data = text.encode("utf-8")
            rel = f"raw/{doc_id}.txt"
            (tmp / rel).write_bytes(data)
            year = int(period)
            month, day = int(rng.integers(1, 13)), int(rng.integers(1, 29))
            rows.append({
                "doc_id": doc_id, "period": period, "year": str(year),
                "date": f"{year}-{month:02d}-{day:02d}", "date_precision": "day",
                "outlet": f"Synthetic Outlet {'ABC'[k % 3]}", "author": author,
                "title": f"Synthetic article {k + 1}", "language": "en", "file": rel,
                "sha256": hashlib.sha256(data).hexdigest(), "body_end": BODY_END,
                "url": "", "source_note": f"synthetic (benchmarks/make_corpus.py, seed {seed})",
            })
        with open(tmp / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=[*REQUIRED_COLUMNS, "url", "source_note"], lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        (tmp / "synthetic.json").write_text(json.dumps(params, indent=1) + "\n", encoding="utf-8")
        if out_dir.exists():
            shutil.rmtree(out_dir)
        tmp.rename(out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_dir


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n-docs", type=int, default=1000, help="number of articles (default 1000, ~1M words)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    ap.add_argument("--out", type=Path, default=None,
                    help="output directory (default benchmarks/out/corpus-N/, git-ignored)")
    ap.add_argument("--swap-share", type=float, default=0.3,
                    help="share of words swapped for general-English words (default 0.3)")
    ap.add_argument("--weighting", choices=["uniform", "frequency"], default="uniform",
                    help="draw swapped-in words uniformly over ranks (default) or by frequency")
    ap.add_argument("--force", action="store_true", help="rebuild even if an identical corpus exists")
    args = ap.parse_args(argv)
    out = build_corpus(args.n_docs, seed=args.seed, out_dir=args.out, swap_share=args.swap_share,
                       weighting=args.weighting, force=args.force)
    print(f"synthetic corpus: {args.n_docs} documents in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
