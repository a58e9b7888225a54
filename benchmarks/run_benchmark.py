"""Time every stage of the analysis on a synthetic corpus and record its peak memory.

Builds (or reuses) the synthetic corpus of ``make_corpus.py`` (default 1,000
articles, about 1 million words), then runs, in order:

1. ``load+validate``      -- ``load_corpus`` (manifest checks, checksums, body split)
                             and ``Corpus.paragraphs()``;
2. ``segment+tokenise``   -- ``Corpus.sentences()`` and ``Corpus.tokens()`` (sentence
                             boundaries, tokens, lemmas, stop flags);
3. every ``benchmarks/stages/*.py`` module, in file-name order, through its
   ``run(corpus, *, random_state=0)`` on the same ``Corpus`` (whose segmentation is
   cached, so these times exclude segmentation).

With ``--compare-pysbd`` two more rows segment the same paragraphs one at a time:
``split_sentences (ours, per paragraph)`` (on a freshly built pipeline, so the
tokenizer cache is cold again) and ``pysbd (per paragraph)``
(``pysbd.Segmenter(language="en", clean=False)``), sentences only.

Seconds are wall-clock (``time.perf_counter``) from a first pass in this process,
which starts cold (no tokenizer cache) -- with ``--repeat K`` the built-in and
comparison stages are timed K times, each time in a fresh process, and the fastest
run is kept (the usual way to filter out interference from other programs); ``cpu_seconds`` is the CPU time of the
process over the same stage (``time.process_time``), which, unlike wall-clock time,
does not count waiting for a core that other programs are using. ``peak_mb`` is the peak of memory allocated
through Python's allocators (``tracemalloc``: Python objects, NumPy/pandas buffers,
spaCy's pools) during the stage, above what was allocated when the stage started; it
comes from a second, separate run in a fresh subprocess, because tracing slows
allocation down. The whole-process peak resident set size (``resource.getrusage``)
of the timing run is printed at the end.

Results go to ``benchmarks/results/benchmark-<N>.csv`` (``stage, n_documents,
n_words, seconds, peak_mb, cpu_seconds``; ``n_words`` = alphabetic body tokens of
the corpus) and
are printed as a table. Never run by the test suite; ``make bench`` runs it.

Usage::

    python benchmarks/run_benchmark.py                      # 1,000 documents
    python benchmarks/run_benchmark.py --compare-pysbd
    python benchmarks/run_benchmark.py --n-docs 100 --stages '01*' '02*' --no-memory
"""

from __future__ import annotations

import argparse
import fnmatch
import gc
import importlib.util
import json
import math
import os
import platform
import resource
import signal
import subprocess
import sys
import time
import tracemalloc
import traceback
from datetime import date
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import make_corpus  # noqa: E402  (benchmarks/ is not a package)

RESULTS_DIR = BENCH_DIR / "results"
STAGES_DIR = BENCH_DIR / "stages"
COLUMNS = ["stage", "n_documents", "n_words", "seconds", "peak_mb", "cpu_seconds"]


# --------------------------------------------------------------------------- stages
def _module_stages(patterns: list[str] | None) -> list[tuple[str, object]]:
    """``(name, run)`` for every benchmarks/stages/*.py, sorted, filtered by glob patterns."""
    out = []
    for path in sorted(STAGES_DIR.glob("*.py")):
        if path.name.startswith("_"):
            continue
        if patterns and not any(fnmatch.fnmatch(path.stem, p) for p in patterns):
            continue
        spec = importlib.util.spec_from_file_location(f"bench_stage_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if not callable(getattr(module, "run", None)):
            raise SystemExit(f"{path}: a stage module must define run(corpus, *, random_state=0)")
        out.append((path.stem, module.run))
    return out


class _Timeout(Exception):
    pass


def _pysbd_segment(paragraphs: list[str], timeout: float) -> int:
    """Segment each paragraph with pysbd; return how many paragraphs hit ``timeout``.

    pysbd can take very long on some inputs (pySBD issues #76, #126); a per-paragraph
    alarm skips such a paragraph instead of hanging the benchmark.
    """
    import pysbd

    seg = pysbd.Segmenter(language="en", clean=False)

    def _alarm(signum, frame):
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, _alarm)
    timeouts = 0
    try:
        for p in paragraphs:
            signal.setitimer(signal.ITIMER_REAL, timeout)
            try:
                seg.segment(p)
            except _Timeout:
                timeouts += 1
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, previous)
    return timeouts


def _plan(corpus_dir: Path, patterns, compare_pysbd: bool, pysbd_timeout: float, *, modules: bool = True):
    """The ordered stages ``(name, callable(state), untimed setup(state) or None)``.

    ``state`` carries the loaded corpus and its paragraphs from stage to stage.
    """
    from analysis import segment
    from analysis.corpus import load_corpus

    def load(state):
        state["corpus"] = load_corpus(corpus_dir)
        state["paragraphs"] = state["corpus"].paragraphs()["text"].tolist()

    def seg(state):
        state["corpus"].sentences()
        state["corpus"].tokens()

    plan = [("load+validate", load, None), ("segment+tokenise", seg, None)]
    if compare_pysbd:
        def fresh_pipeline(state):
            # a new pipeline, so its tokenizer cache is cold as in segment+tokenise
            segment.english_pipeline.cache_clear()
            segment.english_pipeline()

        def ours(state):
            for p in state["paragraphs"]:
                segment.split_sentences(p)

        def theirs(state):
            state["pysbd_timeouts"] = _pysbd_segment(state["paragraphs"], pysbd_timeout)

        plan += [("split_sentences (ours, per paragraph)", ours, fresh_pipeline),
                 ("pysbd (per paragraph)", theirs, None)]
    for name, run in (_module_stages(patterns) if modules else []):
        plan.append((name, lambda state, run=run: run(state["corpus"], random_state=0), None))
    return plan


def _run_plan(plan, *, trace: bool) -> tuple[dict, dict]:
    """Run the stages in order; return ``{stage: (seconds, peak_mb)}`` and the state."""
    state: dict = {}
    results = {}
    for name, fn, setup in plan:
        if setup is not None:
            setup(state)
        gc.collect()
        if trace:
            tracemalloc.start()
            tracemalloc.reset_peak()
            base = tracemalloc.get_traced_memory()[0]
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            fn(state)
            seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        except Exception:  # report and go on with the other stages
            traceback.print_exc()
            print(f"!! stage {name} failed", file=sys.stderr)
            seconds = cpu = math.nan
            state.setdefault("failed", []).append(name)
        peak = math.nan
        if trace:
            peak = (tracemalloc.get_traced_memory()[1] - base) / 2**20
        results[name] = (seconds, peak, cpu)
        if not trace:
            print(f"  {name:<40} {seconds:8.2f} s  (cpu {cpu:.2f} s)", flush=True)
    if trace:
        tracemalloc.stop()
    return results, state


def _pass_in_subprocess(args, corpus_dir: Path, flag: str, *, with_stages: bool, on_failure: str) -> dict:
    """Run this script again in a fresh process with ``flag`` (``--repeat-pass`` or
    ``--memory-pass``) and return the JSON dict it prints last ({} if it fails)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), flag, "--corpus", str(corpus_dir),
           "--pysbd-timeout", str(args.pysbd_timeout)]
    if args.compare_pysbd:
        cmd.append("--compare-pysbd")
    if with_stages and args.stages:
        cmd += ["--stages", *args.stages]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        print(f"!! {on_failure}", file=sys.stderr)
        return {}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _versions() -> str:
    from importlib.metadata import version

    pkgs = ["spacy", "pysbd", "pandas", "numpy"]
    return ", ".join(f"{p} {version(p)}" for p in pkgs)


# --------------------------------------------------------------------------- scale mode
def _scale_main(args) -> int:
    """Build each corpus, run the passes in fresh processes, merge into results/scale.csv, fit slopes, plot."""
    import pandas as pd

    import scale

    out = args.out or RESULTS_DIR / "scale.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    failed = False
    for extra in args.merge or []:   # rows measured by another invocation (e.g. a size run apart)
        scale.merge_rows(out, pd.read_csv(extra, keep_default_na=False, na_values=[""]))
    for n in args.sizes or []:
        corpus_dir = make_corpus.build_corpus(n, seed=args.seed, force=args.rebuild)
        for part in args.parts:
            if part == "parallel" and n not in args.speedup_sizes:
                continue
            env = dict(os.environ)
            if part == "suite-jobs":   # the suite with ANALYSIS_JOBS workers for its per-document work
                env["ANALYSIS_JOBS"] = str(args.jobs)
            else:                      # one process per stage (the stages pass runs --jobs of them at a time)
                env.pop("ANALYSIS_JOBS", None)
            cmd = [sys.executable, str(Path(__file__).resolve()), "--scale-pass", part.removesuffix("-jobs"),
                   "--corpus", str(corpus_dir), "--jobs", str(args.jobs)]
            if args.stages:
                cmd += ["--stages", *args.stages]
            if args.profile:
                cmd += ["--profile", *args.profile]
            print(f"[{n} documents] {part} pass (load {os.getloadavg()[0]:.1f}) ...", flush=True)
            t0 = time.perf_counter()
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=args.pass_timeout, env=env)
                stdout, stderr, stopped = proc.stdout, proc.stderr, proc.returncode != 0
            except subprocess.TimeoutExpired as exc:   # keep the stages that finished
                stdout, stderr, stopped = _text(exc.stdout), _text(exc.stderr), True
                print(f"!! {part} pass stopped after --pass-timeout {args.pass_timeout:.0f} s", file=sys.stderr)
            streamed = [json.loads(line[4:]) for line in stdout.splitlines() if line.startswith("ROW ")]
            if stopped and not streamed:
                sys.stderr.write(stderr[-5000:])
                print(f"!! {part} pass failed at {n} documents", file=sys.stderr)
                failed = True
                continue
            last = stdout.strip().splitlines()[-1] if stdout.strip() else ""
            rows = json.loads(last) if not stopped and last.startswith("[") else streamed
            if stopped:
                rows.append({"stage": "(whole pass)", "seconds": None, "cpu_seconds": None, "peak_rss_mb": None,
                             "added_mb": None, "note": f"pass stopped after {time.perf_counter() - t0:.0f} s; "
                                                       f"later stages not measured"})
            n_words = _n_words(corpus_dir)   # the suite pass leaves it next to the corpus
            if "Traceback" in stderr:
                sys.stderr.write(stderr[-5000:])
            for r in rows:
                print(f"    {r['stage']:<44} {r['seconds'] if r['seconds'] is not None else float('nan'):9.2f} s"
                      f"  {r['peak_rss_mb'] if r['peak_rss_mb'] is not None else float('nan'):8.0f} MB"
                      f"  {r.get('note') or ''}")
            print(f"    pass done in {time.perf_counter() - t0:.0f} s", flush=True)
            if args.profile:
                continue  # profiled times are not recorded
            run = {"suite": scale.SUITE, "suite-jobs": scale.suite_run(args.jobs), "usual": scale.USUAL,
                   "parallel": scale.PARALLEL, "stages": scale.side_by_side_run(args.jobs)}[part]
            table = pd.DataFrame(rows).assign(run=run, n_documents=n, n_words=n_words)
            table["s_per_million_words"] = table["seconds"] / n_words * 1e6
            scale.merge_rows(out, table)
    if args.profile:
        return 1 if failed else 0
    table = pd.read_csv(out, keep_default_na=False, na_values=[""])
    slopes = scale.slopes(table)
    slopes.to_csv(out.with_name("scale-slopes.csv"), index=False, lineterminator="\n")
    scale.draw(table, out.parent)
    pd.set_option("display.width", 200)
    print(slopes.to_string(index=False))
    tot = scale.totals(table)
    tot = tot.loc[tot["complete"]]
    for col in ("seconds", "cpu_seconds"):
        wide = tot.pivot(index="n_documents", columns="stage", values=col)
        usual = "usual tools, all steps"
        for suite in [c for c in wide.columns if c != usual and usual in wide.columns]:
            wide[f"usual / {suite}"] = wide[usual] / wide[suite]
        print(f"{col} (complete passes only):\n{wide.round(2).to_string()}")
    for run in dict.fromkeys(table["run"]):
        if (table["run"] == run).any():
            print(f"\n{run}:\n" + scale.markdown_table(table, run))
    print(f"written: {out}, {out.with_name('scale-slopes.csv')}, {out.parent / 'scale.png'}")
    return 1 if failed else 0


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else (value or "")


def _n_words(corpus_dir: Path) -> int:
    """Alphabetic words of the bodies, counted as the suite counts them -- cached next to the corpus."""
    stamp = corpus_dir / "n_words.txt"
    if stamp.is_file():
        return int(stamp.read_text())
    from analysis.corpus import load_corpus

    n = int(load_corpus(corpus_dir).word_counts()["n_words"].sum())
    stamp.write_text(f"{n}\n")
    return n


# --------------------------------------------------------------------------- main
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--n-docs", type=int, default=1000, help="synthetic documents (default 1000, ~1M words)")
    ap.add_argument("--seed", type=int, default=make_corpus.DEFAULT_SEED,
                    help=f"seed of the synthetic corpus (default {make_corpus.DEFAULT_SEED})")
    ap.add_argument("--stages", nargs="+", metavar="GLOB",
                    help="only the stage modules whose file stem matches a glob (e.g. '02*'); "
                         "load+validate and segment+tokenise always run")
    ap.add_argument("--compare-pysbd", action="store_true",
                    help="also segment the same paragraphs with pysbd and with split_sentences, one at a time")
    ap.add_argument("--pysbd-timeout", type=float, default=10.0,
                    help="seconds allowed per paragraph for pysbd (default 10)")
    ap.add_argument("--no-memory", action="store_true", help="skip the (slower) tracemalloc pass")
    ap.add_argument("--corpus", type=Path, default=None,
                    help="use this corpus directory instead of building the synthetic one")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the synthetic corpus even if present")
    ap.add_argument("--out", type=Path, default=None,
                    help="CSV to write (default benchmarks/results/benchmark-<N>.csv)")
    ap.add_argument("--wait-idle", type=float, default=None, metavar="LOAD",
                    help="before timing, wait (up to --wait-max seconds) until the 1-minute load "
                         "average is below LOAD, so other programs do not inflate the times")
    ap.add_argument("--wait-max", type=float, default=1800.0, help="longest wait for --wait-idle (default 1800 s)")
    ap.add_argument("--repeat", type=int, default=1, metavar="K",
                    help="time the built-in and pysbd-comparison stages K times, each in a cold process, "
                         "and report the fastest (module stages run once; default 1)")
    ap.add_argument("--sizes", type=int, nargs="+", metavar="N",
                    help="scale mode: build corpora of these sizes (e.g. 100 1000 10000) and time every stage, "
                         "the usual tools and the parallel per-document steps on each; writes "
                         "results/scale.csv, scale-slopes.csv and scale.png (see benchmarks/scale.py)")
    ap.add_argument("--parts", nargs="+", choices=["suite", "suite-jobs", "stages", "usual", "parallel"],
                    default=["suite", "suite-jobs", "stages", "usual", "parallel"],
                    help="scale mode: which passes to run (default all; suite-jobs is the suite with --jobs "
                         "worker processes for its per-document work, as `analysis run --jobs N`; stages runs "
                         "--jobs stages at a time, each in its own process, as `analysis run` runs notebooks)")
    ap.add_argument("--speedup-sizes", type=int, nargs="+", default=[1000], metavar="N",
                    help="scale mode: sizes at which the parallel pass runs (default 1000)")
    ap.add_argument("--jobs", type=int, default=2,
                    help="scale mode: workers of the parallel and suite-jobs passes, stages at a time of the "
                         "stages pass (default 2)")
    ap.add_argument("--profile", nargs="+", metavar="GLOB",
                    help="scale mode: cProfile the suite stages matching these globs (written to "
                         "results/profile-<stage>-corpus-<N>.txt; their times are then not recorded)")
    ap.add_argument("--merge", type=Path, nargs="+", metavar="CSV",
                    help="scale mode: merge the rows of these scale CSVs (other runs) into --out, then redraw")
    ap.add_argument("--pass-timeout", type=float, default=None, metavar="SECONDS",
                    help="scale mode: stop a pass after this long and keep the stages it finished")
    ap.add_argument("--scale-pass", choices=["suite", "usual", "parallel", "stages"], help=argparse.SUPPRESS)
    ap.add_argument("--stage-process", metavar="STAGE", help=argparse.SUPPRESS)
    ap.add_argument("--memory-pass", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--repeat-pass", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.stage_process:  # grandchild of the stages pass: one stage in its own process, one JSON row
        import scale

        (name, run), = _module_stages([args.stage_process])
        print(scale.to_json([scale.stage_process_row(args.corpus, name, run)]))
        return 0

    if args.scale_pass:  # child process of scale mode: one pass, rows as JSON on the last line
        import scale

        def stage_command(name):
            return [sys.executable, str(Path(__file__).resolve()), "--stage-process", name, "--corpus", str(args.corpus)]

        rows = scale.pass_rows(args.scale_pass, args.corpus, _module_stages(args.stages)
                               if args.scale_pass in ("suite", "stages") else None, profile=args.profile,
                               jobs=args.jobs, stage_command=stage_command)
        print(scale.to_json(rows))
        return 0

    if args.sizes or args.merge:
        return _scale_main(args)

    if args.memory_pass:  # child process: traced run, print JSON
        results, _ = _run_plan(_plan(args.corpus, args.stages, args.compare_pysbd, args.pysbd_timeout),
                               trace=True)
        print(json.dumps({k: v[1] for k, v in results.items()}))
        return 0

    if args.repeat_pass:  # child process: built-in stages only, untraced, print JSON
        results, _ = _run_plan(_plan(args.corpus, None, args.compare_pysbd, args.pysbd_timeout, modules=False),
                               trace=False)
        print(json.dumps({k: [v[0], v[2]] for k, v in results.items()}))
        return 0

    import pandas as pd

    if args.corpus is not None:
        corpus_dir = args.corpus
    else:
        t0 = time.perf_counter()
        corpus_dir = make_corpus.build_corpus(args.n_docs, seed=args.seed, force=args.rebuild)
        print(f"corpus: {corpus_dir} (ready in {time.perf_counter() - t0:.1f} s)")
    if args.wait_idle is not None:
        deadline = time.monotonic() + args.wait_max
        while os.getloadavg()[0] > args.wait_idle and time.monotonic() < deadline:
            time.sleep(10)
    load_before = f"{os.getloadavg()[0]:.2f}"
    print(f"timing pass (cores: {os.cpu_count()}; load {load_before}; {_versions()})", flush=True)
    plan = _plan(corpus_dir, args.stages, args.compare_pysbd, args.pysbd_timeout)
    results, state = _run_plan(plan, trace=False)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    corpus = state.get("corpus")
    n_docs = len(corpus.manifest) if corpus is not None else args.n_docs
    n_words = int(corpus.word_counts()["n_words"].sum()) if corpus is not None else 0
    for r in range(1, args.repeat):
        print(f"repeat {r + 1}/{args.repeat} of the built-in stages (fresh process) ...", flush=True)
        for name, (sec, cpu) in _pass_in_subprocess(args, corpus_dir, "--repeat-pass", with_stages=False,
                                                     on_failure="repeat pass failed; ignored").items():
            if name in results and sec == sec and not sec >= results[name][0]:
                results[name] = (sec, results[name][1], cpu)
    peaks = {}
    if not args.no_memory:
        print("memory pass (tracemalloc, fresh process) ...", flush=True)
        peaks = _pass_in_subprocess(args, corpus_dir, "--memory-pass", with_stages=True,
                                    on_failure="memory pass failed; peak_mb left empty")
    rows = [{"stage": name, "n_documents": n_docs, "n_words": n_words, "seconds": round(sec, 3),
             "peak_mb": round(peaks[name], 1) if name in peaks and peaks[name] == peaks[name] else math.nan,
             "cpu_seconds": round(cpu, 3)}
            for name, (sec, _, cpu) in results.items()]
    table = pd.DataFrame(rows, columns=COLUMNS)
    out = args.out or RESULTS_DIR / f"benchmark-{n_docs}.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".csv.tmp")
    table.to_csv(tmp, index=False, lineterminator="\n")
    tmp.replace(out)

    print()
    print(f"{n_docs} documents, {n_words:,} words; {date.today().isoformat()}, {platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}")
    print(table.to_string(index=False))
    print(f"load average before/after: {load_before} / {os.getloadavg()[0]:.2f} (1 min)")
    seg_s = results.get("segment+tokenise", (math.nan,))[0]
    print(f"segment+tokenise: {n_words / seg_s:,.0f} words/s (wall clock)" if seg_s == seg_s else "")
    if args.compare_pysbd:
        ours_s = results["split_sentences (ours, per paragraph)"][0]
        theirs_s = results["pysbd (per paragraph)"][0]
        print(f"sentences only, per paragraph: ours {ours_s:.2f} s vs pysbd {theirs_s:.2f} s "
              f"({theirs_s / ours_s:.1f}x); pysbd timeouts: {state.get('pysbd_timeouts', 0)}")
    print(f"peak RSS of the timing process: {rss_mb:.0f} MB (resource.getrusage)")
    print(f"written: {out}")
    return 1 if state.get("failed") else 0


if __name__ == "__main__":
    sys.exit(main())
