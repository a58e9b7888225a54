"""Scale measurement behind ``run_benchmark.py --sizes``: passes, memory sampling, table, slopes, plot.

Each pass runs in a fresh subprocess (``run_benchmark.py --scale-pass KIND --corpus DIR``)
and prints one JSON line of rows:

- ``suite``: ``load+validate``, ``segment+tokenise`` and every ``benchmarks/stages/*.py``
  module's ``run(corpus, random_state=0)`` (the library calls of each notebook);
- ``usual``: every step of ``usual_way.py`` (the field's usual tools);
- ``parallel``: the per-document steps of ``analysis.parallel`` (segmentation, keyness
  terms, stance, frames, Entman functions, actors...) in one process, with joblib and on a
  Dask ``LocalCluster`` (2 workers each), tables compared for equality.

Memory is sampled (every 20 ms, in a thread) from ``/proc``: ``peak_rss_mb`` is the highest
resident set size of the process (plus its worker processes in the parallel pass) while
the stage ran -- what the machine must hold at that point, everything loaded before
included -- and ``added_mb`` is that peak minus the resident size when the stage started.
"""

from __future__ import annotations

import cProfile
import fnmatch
import gc
import io
import json
import math
import os
import pstats
import resource
import threading
import time
import traceback
from contextlib import ExitStack
from pathlib import Path

import numpy as np
import pandas as pd

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
SCALE_COLUMNS = ["run", "stage", "n_documents", "n_words", "seconds", "cpu_seconds", "s_per_million_words",
                 "peak_rss_mb", "added_mb", "note"]
SUITE, USUAL, PARALLEL = "suite", "usual tools", "per-document steps"
#: A row beside the stages, not one of them: left out of the totals.
CACHED_SEGMENTATION = "segment+tokenise (cached)"
#: The wall time of every stage of a side-by-side pass, first start to last finish: its total.
SIDE_BY_SIDE = "(stages side by side)"


def suite_run(jobs: int) -> str:
    """Run label of the suite pass with ``jobs`` worker processes for per-document work."""
    return SUITE if jobs <= 1 else f"suite, {jobs} workers"


def side_by_side_run(jobs: int) -> str:
    """Run label of the pass that runs the stages ``jobs`` at a time, each in its own process."""
    return f"{SUITE}, {jobs} stages at a time"


def _is_suite(run: str) -> bool:
    return run == SUITE or run.startswith(SUITE + ",")
_PAGE = os.sysconf("SC_PAGE_SIZE")


# --------------------------------------------------------------------------- memory
def _rss(pid: int | str = "self") -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return 0


def _tree_rss(children: bool) -> int:
    total = _rss()
    if children:
        import psutil

        for child in psutil.Process().children(recursive=True):
            total += _rss(child.pid)
    return total


class RssSampler:
    """Peak resident set size (bytes) while the ``with`` block runs, sampled in a thread."""

    def __init__(self, *, children: bool = False, interval: float = 0.02):
        self.children, self.interval = children, interval
        self.start = self.peak = 0
        self._stop = threading.Event()

    def _loop(self):
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, _tree_rss(self.children))

    def __enter__(self):
        self.start = self.peak = _tree_rss(self.children)
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _tree_rss(self.children))
        return False


def _children_cpu() -> float:
    import psutil

    total = 0.0
    for child in psutil.Process().children(recursive=True):
        try:
            t = child.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def timed(name: str, fn, *, children: bool = False, profile_dir: Path | None = None, tag: str = "") -> dict:
    """Run ``fn()`` once: wall and CPU seconds, peak and added RSS (MB); a traceback on failure.

    With ``children``, CPU seconds and memory include the worker processes (CPU of
    workers that exit during the stage is not counted).
    """
    gc.collect()
    child_cpu0 = _children_cpu() if children else 0.0
    prof = cProfile.Profile() if profile_dir is not None else None
    with RssSampler(children=children) as mem:
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            if prof is not None:
                prof.enable()
            value = fn()
            ok = True
        except Exception:  # report and go on with the other stages
            traceback.print_exc()
            value, ok = None, False
        finally:
            if prof is not None:
                prof.disable()
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        if children:
            cpu += _children_cpu() - child_cpu0
    if prof is not None and ok:
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(30)
        stem = "".join(ch if ch.isalnum() else "-" for ch in f"profile-{name}-{tag}").strip("-")
        (profile_dir / f"{stem}.txt").write_text(_strip_paths(out.getvalue()), encoding="utf-8")
    return {"stage": name, "seconds": seconds if ok else math.nan, "cpu_seconds": cpu,
            "peak_rss_mb": mem.peak / 2**20, "added_mb": (mem.peak - mem.start) / 2**20,
            "note": "" if ok else "failed", "_value": value}


def _strip_paths(text: str) -> str:
    root = str(BENCH_DIR.parent) + "/"
    return text.replace(root, "").replace(str(Path.home()), "~")


# --------------------------------------------------------------------------- passes
def emit(row: dict) -> dict:
    """Print one finished row at once (``ROW {json}``), so a pass stopped midway keeps its rows."""
    clean = {k: v for k, v in row.items() if k != "_value"}
    print("ROW " + to_json([clean])[1:-1], flush=True)
    return row


def suite_pass(corpus_dir: Path, stage_modules, *, profile: list[str] | None = None) -> list[dict]:
    """``load+validate``, ``segment+tokenise``, then each stage module, on one corpus."""
    from analysis import parallel
    from analysis.corpus import load_corpus

    state = {}
    prof_dir = RESULTS_DIR if profile else None

    def want(name):
        return prof_dir if profile and any(fnmatch.fnmatch(name, p) for p in profile) else None

    rows = [emit(timed("load+validate", lambda: state.setdefault("c", load_corpus(corpus_dir)).paragraphs(),
                       profile_dir=want("load+validate"), tag=corpus_dir.name))]
    corpus = state["c"]
    # Cold segmentation (the on-disk cache is off in this pass); what every later notebook pays
    # instead, reading the tables back from analysis.segment.cache, is timed after the stages.
    os.environ["ANALYSIS_CACHE_DIR"] = "off"
    # with worker processes (ANALYSIS_JOBS), their CPU time and memory count too
    workers = parallel.default_jobs() > 1
    rows.append(emit(timed("segment+tokenise", lambda: (corpus.sentences(), corpus.tokens()),
                           profile_dir=want("segment+tokenise"), tag=corpus_dir.name, children=workers)))
    if not (corpus_dir / "n_words.txt").is_file():
        (corpus_dir / "n_words.txt").write_text(f"{int(corpus.word_counts()['n_words'].sum())}\n")
    for name, run in stage_modules:
        rows.append(emit(timed(name, lambda run=run: run(corpus, random_state=0), profile_dir=want(name),
                               tag=corpus_dir.name, children=workers)))
    # last: reading the tables back holds a second copy for a moment, and the memory freed
    # afterwards stays with the process (Arrow's pool), which would inflate the stages' peaks
    rows.append(emit(_timed_cached_segmentation(corpus, want(CACHED_SEGMENTATION), corpus_dir.name)))
    return rows


def _timed_cached_segmentation(corpus, want, tag: str) -> dict:
    """Time what a later notebook pays for segmentation: the cache key and reading the two tables back."""
    import tempfile

    from analysis.segment import cache as segment_cache

    def key():
        return segment_cache.segmentation_key(corpus.paragraphs(), quality_flags=corpus.quality_flags,
                                              abbreviations=corpus.abbreviations, lemma_patches=corpus.lemma_patches)

    with tempfile.TemporaryDirectory(prefix="segcache-") as tmp:
        os.environ["ANALYSIS_CACHE_DIR"] = tmp
        try:
            segment_cache.store(key(), corpus.sentences(), corpus.tokens())
            return timed(CACHED_SEGMENTATION, lambda: segment_cache.load(key()), profile_dir=want, tag=tag)
        finally:
            os.environ["ANALYSIS_CACHE_DIR"] = "off"


def stage_process_row(corpus_dir: Path, name: str, run) -> dict:
    """One stage as a notebook kernel runs it: a fresh process loads the corpus, reads the cached
    segmentation (``ANALYSIS_CACHE_DIR``) and runs the stage; wall and CPU seconds of all of it."""
    from analysis.corpus import load_corpus

    corpus = load_corpus(corpus_dir)
    corpus.sentences(), corpus.tokens()
    run(corpus, random_state=0)
    usage = resource.getrusage(resource.RUSAGE_SELF)   # the whole process: start and imports included
    return {"stage": name, "seconds": math.nan, "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "peak_rss_mb": usage.ru_maxrss / 1024, "added_mb": math.nan,
            "note": "own process (start, imports, load, cached segmentation, stage)"}


def side_by_side_pass(corpus_dir: Path, stage_names: list[str], stage_command, *, jobs: int = 2) -> list[dict]:
    """The stages ``jobs`` at a time, each in a fresh process, as ``analysis run`` runs the notebooks.

    This process loads and segments the corpus once and stores the tables in a segmentation
    cache (what the first notebook does); then ``stage_command(name)`` (a command line that
    prints one :func:`stage_process_row` as JSON) runs per stage, ``jobs`` at a time, in stage
    order. The :data:`SIDE_BY_SIDE` row is the wall time from the first stage's start to the
    last one's end, the CPU seconds of all of them, and the peak memory of the process tree.
    """
    import subprocess
    import tempfile
    from concurrent.futures import ThreadPoolExecutor

    from analysis.corpus import load_corpus

    state = {}
    rows = [emit(timed("load+validate", lambda: state.setdefault("c", load_corpus(corpus_dir)).paragraphs()))]
    corpus = state["c"]
    with tempfile.TemporaryDirectory(prefix="segcache-") as tmp:
        os.environ["ANALYSIS_CACHE_DIR"] = tmp   # the corpus stores its segmentation; the stages read it
        rows.append(emit(timed("segment+tokenise", lambda: (corpus.sentences(), corpus.tokens()))))
        if not (corpus_dir / "n_words.txt").is_file():
            (corpus_dir / "n_words.txt").write_text(f"{int(corpus.word_counts()['n_words'].sum())}\n")
        del corpus, state["c"]
        gc.collect()

        def one(name):
            t0 = time.perf_counter()
            proc = subprocess.run(stage_command(name), capture_output=True, text=True, env=dict(os.environ))
            if proc.returncode != 0:
                print(proc.stderr[-3000:], flush=True)
                return {"stage": name, "seconds": math.nan, "cpu_seconds": math.nan, "peak_rss_mb": math.nan,
                        "added_mb": math.nan, "note": "failed"}
            return {**json.loads(proc.stdout.strip().splitlines()[-1])[0], "seconds": time.perf_counter() - t0}

        def all_stages():
            with ThreadPoolExecutor(max_workers=jobs) as pool:
                return list(pool.map(one, stage_names))

        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        whole = timed(SIDE_BY_SIDE, all_stages, children=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        os.environ["ANALYSIS_CACHE_DIR"] = "off"
    stage_rows = whole.pop("_value")
    rows += [emit(r) for r in stage_rows]
    # the stage processes have ended: their CPU is in RUSAGE_CHILDREN, not in the live-children count
    whole["cpu_seconds"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    whole["note"] = f"{jobs} at a time, each stage in its own process; wall from the first start to the last end"
    rows.append(emit(whole))
    return rows


def usual_pass(corpus_dir: Path) -> list[dict]:
    """Every step of ``usual_way.py`` (its untimed setup first)."""
    import usual_way

    state = usual_way.setup(corpus_dir)
    rows = []
    for name, fn in usual_way.STEPS.items():
        rows.append(timed(name, lambda fn=fn: fn(state)))
        if name == "pysbd sentences" and state.get("pysbd_timeouts"):
            rows[-1]["note"] = f"{state['pysbd_timeouts']} paragraphs over the pysbd timeout"
        emit(rows[-1])
    return rows


def _same_tables(a: dict, b: dict) -> bool:
    def flat(x, key=""):
        if isinstance(x, pd.DataFrame):
            return {key: x}
        if isinstance(x, tuple):
            return {k: v for i, y in enumerate(x) for k, v in flat(y, f"{key}[{i}]").items()}
        return {k: v for name, y in x.items() for k, v in flat(y, f"{key}/{name}").items()}

    fa, fb = flat(a), flat(b)
    return list(fa) == list(fb) and all(
        fa[k].equals(fb[k]) and fa[k].to_csv(index=False) == fb[k].to_csv(index=False) for k in fa)


def parallel_pass(corpus_dir: Path, jobs: int = 2) -> list[dict]:
    """Per-document steps: one process, joblib (``jobs`` workers), Dask LocalCluster (``jobs`` workers)."""
    from analysis import parallel
    from analysis.corpus import load_corpus

    steps = list(parallel.available_steps())
    rows = [timed("1 process", lambda: parallel.run_steps(load_corpus(corpus_dir), steps))]
    reference = rows[0].pop("_value")
    rows[0]["note"] = "steps: " + "; ".join(steps)
    small = parallel.split_corpus(load_corpus(corpus_dir), max(1, len(load_corpus(corpus_dir).manifest) // 4))[0]
    rows.append(timed(f"joblib start ({jobs} workers)",
                      lambda: parallel.per_document_tables(small, steps, jobs=jobs), children=True))
    rows.append(timed(f"joblib, {jobs} workers",
                      lambda: parallel.per_document_tables(load_corpus(corpus_dir), steps, jobs=jobs), children=True))
    rows[-1]["note"] = "tables equal to 1 process: " + ("yes" if _same_tables(reference, rows[-1]["_value"]) else "NO")
    with ExitStack() as stack:
        rows.append(timed(f"Dask LocalCluster start ({jobs} workers)",
                          lambda: stack.enter_context(parallel.dask_client("local", n_workers=jobs)), children=True))
        client = rows[-1].pop("_value")
        parallel.per_document_tables(small, steps, scheduler=client)          # workers import + build pipelines
        rows.append(timed(f"Dask, {jobs} workers",
                          lambda: parallel.per_document_tables(load_corpus(corpus_dir), steps, scheduler=client),
                          children=True))
        rows[-1]["note"] = ("tables equal to 1 process: "
                            + ("yes" if _same_tables(reference, rows[-1]["_value"]) else "NO"))
    return rows


def pass_rows(kind: str, corpus_dir: Path, stage_modules=None, *, profile=None, jobs: int = 2,
              stage_command=None) -> list[dict]:
    """Rows of one pass, JSON-ready (the computed values dropped)."""
    if kind == "suite":
        rows = suite_pass(corpus_dir, stage_modules or [], profile=profile)
    elif kind == "stages":
        rows = side_by_side_pass(corpus_dir, [name for name, _ in stage_modules or []], stage_command, jobs=jobs)
    elif kind == "usual":
        rows = usual_pass(corpus_dir)
    elif kind == "parallel":
        rows = parallel_pass(corpus_dir, jobs=jobs)
    else:
        raise ValueError(kind)
    for r in rows:
        r.pop("_value", None)
    rows.append({"stage": "(whole pass)", "seconds": math.nan, "cpu_seconds": math.nan,
                 "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                 "added_mb": math.nan, "note": "peak RSS of the process (getrusage)"})
    return rows


# --------------------------------------------------------------------------- table
def merge_rows(out: Path, new: pd.DataFrame) -> pd.DataFrame:
    """Merge ``new`` into the CSV at ``out`` (rows with the same run, stage and size are replaced)."""
    key = ["run", "stage", "n_documents"]
    if out.is_file():
        old = pd.read_csv(out, keep_default_na=False, na_values=[""])
        old = old.loc[~old.set_index(key).index.isin(new.set_index(key).index)]
        new = pd.concat([old, new], ignore_index=True)
    order = {SUITE: 0, USUAL: 1, PARALLEL: 2}
    rank = new["run"].map(lambda r: order.get(r, 0.5 if _is_suite(r) else 9))
    new = new.assign(_o=rank).sort_values(["_o", "n_documents"], kind="stable")
    new = new.drop(columns="_o")[SCALE_COLUMNS].reset_index(drop=True)
    tmp = out.with_suffix(".csv.tmp")
    new.to_csv(tmp, index=False, lineterminator="\n", float_format="%.3f")
    tmp.replace(out)
    return new


def totals(table: pd.DataFrame) -> pd.DataFrame:
    """Per run and size: total seconds of the suite's stages and of the usual tools' steps."""
    rows = []
    runs = [r for r in dict.fromkeys(table["run"]) if _is_suite(r)] + [USUAL]
    for run in runs:
        label = "usual tools, all steps" if run == USUAL else f"{run}, all stages"
        t = table.loc[table["run"] == run]
        t = t.loc[t["stage"] != CACHED_SEGMENTATION]
        ran = t.loc[t["stage"] != "(whole pass)"].groupby("n_documents")["seconds"].apply(lambda x: x.notna().all())
        if (t["stage"] == SIDE_BY_SIDE).any():   # the stages overlap: their total is the side-by-side row
            t = t.loc[t["stage"].isin(["load+validate", "segment+tokenise", SIDE_BY_SIDE, "(whole pass)"])]
        n_stages = t.loc[t["stage"] != "(whole pass)"].groupby("n_documents")["stage"].nunique()
        for n, g in t.groupby("n_documents"):
            partial = n_stages.get(n, 0) < n_stages.max()   # a size run with fewer stages is not a total
            whole = g.loc[g["stage"] == "(whole pass)", "note"].astype(str)
            g = g.loc[g["stage"] != "(whole pass)"]
            rows.append({"run": run, "stage": label, "n_documents": n, "n_words": g["n_words"].iloc[0],
                         "seconds": g["seconds"].sum(min_count=1), "cpu_seconds": g["cpu_seconds"].sum(min_count=1),
                         "peak_rss_mb": g["peak_rss_mb"].max(),
                         "complete": bool(g["seconds"].notna().all()) and bool(ran.get(n, False)) and not partial
                         and not whole.str.contains("stopped").any()})
    return pd.DataFrame(rows, columns=["run", "stage", "n_documents", "n_words", "seconds", "cpu_seconds",
                                       "peak_rss_mb", "complete"])


def slopes(table: pd.DataFrame) -> pd.DataFrame:
    """Slope of log(seconds) on log(words) per run and stage (1 = linear), with s per 1M words by size."""
    rows = []
    data = pd.concat([table, totals(table).drop(columns="complete")], ignore_index=True)
    data = data.loc[data["seconds"].notna() & (data["seconds"] > 0) & (data["stage"] != "(whole pass)")]
    for (run, stage), g in data.groupby(["run", "stage"], sort=False):
        g = g.sort_values("n_words")
        slope = np.polyfit(np.log(g["n_words"]), np.log(g["seconds"]), 1)[0] if len(g) >= 2 else math.nan
        last2 = (np.log(g["seconds"].iloc[-1] / g["seconds"].iloc[-2]) / np.log(g["n_words"].iloc[-1] / g["n_words"].iloc[-2])
                 if len(g) >= 2 else math.nan)
        row = {"run": run, "stage": stage, "sizes": " / ".join(str(int(n)) for n in g["n_documents"]),
               "slope": round(slope, 2), "slope_two_largest": round(last2, 2)}
        for n, s in zip(g["n_documents"], g["seconds"] / g["n_words"] * 1e6):
            row[f"s_per_1M_words_{int(n)}"] = round(s, 2)
        rows.append(row)
    return pd.DataFrame(rows)


def draw(table: pd.DataFrame, out_dir: Path) -> list[Path]:
    """``scale.{png,pdf,svg}``: each suite stage, and suite vs usual tools totals, log-log."""
    from analysis.figures import paper_style, save_figure
    from analysis.plots.scale import scale_figure

    stages = table.loc[(table["run"] == SUITE) & (table["stage"] != "(whole pass)")]
    tot = totals(table)
    with paper_style():
        fig = scale_figure(stages, tot.loc[tot["complete"]])
        return save_figure(fig, "scale", out_dir=out_dir, close=True)


def to_json(rows: list[dict]) -> str:
    return json.dumps([{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
                       for r in rows])


def markdown_table(table: pd.DataFrame, run: str = SUITE) -> str:
    """Stages x sizes: ``wall s (CPU s), peak MB`` per cell, as a Markdown table."""
    t = table.loc[(table["run"] == run)]
    sizes = sorted(t["n_documents"].unique())
    words = {n: int(t.loc[t["n_documents"] == n, "n_words"].iloc[0]) for n in sizes}
    head = "| stage | " + " | ".join(f"{n:,} docs ({words[n] / 1e6:.2f}M words): s (CPU s), peak MB" for n in sizes) + " |"
    lines = [head, "|---" * (len(sizes) + 1) + "|"]
    for stage in dict.fromkeys(t["stage"]):
        cells = []
        for n in sizes:
            r = t.loc[(t["stage"] == stage) & (t["n_documents"] == n)]
            if r.empty:
                cells.append("not run")
                continue
            r = r.iloc[0]
            sec = "failed" if pd.isna(r["seconds"]) and stage != "(whole pass)" else (
                "" if pd.isna(r["seconds"]) else f"{r['seconds']:.2f} ({r['cpu_seconds']:.2f})")
            cells.append(f"{sec}, {r['peak_rss_mb']:,.0f} MB".lstrip(", "))
        lines.append(f"| {stage} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
