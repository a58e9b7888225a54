"""Time the notebook suite itself on a corpus, and the peak memory of every process it starts.

``analysis figures`` executes every notebook (in memory: the notebooks on disk are not
rewritten) on ``--corpus`` and writes figures and tables to ``--out``. This script runs it,
samples the resident memory of the whole process tree (the command and every notebook
kernel and worker, summed) every 100 ms, and appends one row per run to
``results/notebook-runs.csv``:

``corpus, n_documents, n_words, stage_jobs, seconds, peak_tree_rss_mb, peak_process_rss_mb,
stage_seconds`` -- the last is ``stage=seconds`` pairs as the runner reported them.

Examples
--------
.venv/bin/python benchmarks/notebook_run.py --corpus benchmarks/out/corpus-10000 --stage-jobs 1
.venv/bin/python benchmarks/notebook_run.py --corpus corpus --stage-jobs 2
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd
import psutil

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "notebook-runs.csv"
DONE = re.compile(r"\[\d+/\d+\] (\S+)(?: \.\.\.)? done in ([\d.]+) s")


def _tree(pid: int) -> tuple[int, int]:
    """Summed and largest RSS (bytes) of ``pid`` and its descendants."""
    try:
        procs = [psutil.Process(pid)]
        procs += procs[0].children(recursive=True)
    except psutil.NoSuchProcess:
        return 0, 0
    sizes = []
    for p in procs:
        try:
            sizes.append(p.memory_info().rss)
        except psutil.NoSuchProcess:
            pass
    return sum(sizes), max(sizes, default=0)


def run(corpus: Path, out: Path, stage_jobs: int, timeout: int) -> dict:
    """Run ``analysis figures`` once; return the row."""
    cmd = [sys.executable, "-m", "analysis", "figures", "--corpus", str(corpus), "--out", str(out),
           "--stage-jobs", str(stage_jobs), "--timeout", str(timeout)]
    peak = {"tree": 0, "one": 0}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            tree, one = _tree(proc.pid)
            peak["tree"], peak["one"] = max(peak["tree"], tree), max(peak["one"], one)
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    lines = []
    for line in proc.stdout:
        print(line, end="", flush=True)
        lines.append(line)
    proc.wait()
    stop.set()
    sampler.join()
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"analysis figures exited {proc.returncode}")
    stages = ";".join(f"{m.group(1)}={m.group(2)}" for line in lines for m in [DONE.search(line)] if m)
    words = corpus / "n_words.txt"
    manifest = pd.read_csv(corpus / "manifest.csv")
    return {"corpus": corpus.name, "n_documents": len(manifest),
            "n_words": int(words.read_text()) if words.is_file() else None, "stage_jobs": stage_jobs,
            "seconds": round(seconds, 1), "peak_tree_rss_mb": round(peak["tree"] / 2**20),
            "peak_process_rss_mb": round(peak["one"] / 2**20), "stage_seconds": stages}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--stage-jobs", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=3600, help="seconds per cell (default 3600)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: a temporary one)")
    args = parser.parse_args(argv)
    os.environ.setdefault("PYTHONHASHSEED", "0")
    with tempfile.TemporaryDirectory(prefix="notebook-run-") as tmp:
        # a fresh segmentation cache: the first notebook segments, the others read its tables
        os.environ["ANALYSIS_CACHE_DIR"] = str(Path(tmp) / "segmentation-cache")
        row = run(args.corpus.resolve(), (args.out or Path(tmp)).resolve(), args.stage_jobs, args.timeout)
    print(row)
    table = pd.read_csv(RESULTS) if RESULTS.is_file() else pd.DataFrame()
    table = pd.concat([table, pd.DataFrame([row])], ignore_index=True)
    RESULTS.parent.mkdir(exist_ok=True)
    table.to_csv(RESULTS, index=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
