"""Command line: ``python -m analysis {run,validate,add,figures,report}`` (also ``analysis ...``).

User errors (bad corpus, bad parameters, failing notebooks) print one line that
names the file and the fix, and exit with status 2; no traceback.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path

from . import config
from .errors import AnalysisError

DEFAULT_CORPUS = "corpus"
DEFAULT_OUT = "figures"


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", default=DEFAULT_CORPUS, metavar="DIR",
                        help="corpus directory with manifest.csv and raw/ (default: %(default)s)")
    parser.add_argument("--out", default=DEFAULT_OUT, metavar="DIR",
                        help="output directory for figures; tables go to DIR/tables (default: %(default)s)")


def _parallel_options(parser: argparse.ArgumentParser) -> None:
    # Passed to the notebooks' kernels as ANALYSIS_JOBS / ANALYSIS_SCHEDULER (analysis.parallel).
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="worker processes for the per-document work (segmentation, per-document "
                             "measures) and the topic-model refits; -1 = every core; results are identical "
                             "(default: $ANALYSIS_JOBS or 1)")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="run the per-document work on Dask: 'local' (a LocalCluster here) or an existing "
                             "scheduler's address, e.g. tcp://HOST:8786 (default: $DASK_SCHEDULER_ADDRESS)")
    parser.add_argument("--stage-jobs", type=int, default=None, metavar="N",
                        help="notebooks run side by side when they do not depend on each other (each is one "
                             "kernel); 1 = one after another; outputs are identical "
                             "(default: $ANALYSIS_STAGE_JOBS or 2)")


def _export_parallel(args) -> None:
    from . import parallel

    if args.jobs is not None:
        os.environ[parallel.JOBS_ENV] = str(parallel.check_jobs(args.jobs, source="--jobs"))
    if args.scheduler is not None:
        os.environ[parallel.SCHEDULER_ENV] = args.scheduler.strip()
    if getattr(args, "stage_jobs", None) is not None and args.stage_jobs < 1:
        raise AnalysisError(f"--stage-jobs {args.stage_jobs}: give 1 or more notebooks to run at once")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="analysis",
        description="Reproducible discourse analysis of opinion articles on Azerbaijan-Iran relations. "
                    "Relative paths are resolved from the current directory, else from the project root.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("run", help="run the whole pipeline (every notebook, in order) or one stage",
                       description="Execute the numbered notebooks in notebooks/ in place, deterministically, "
                                   "regenerating every figure and table.")
    _common(p)
    p.add_argument("--stage", action="append", metavar="NAME",
                   help="run only this stage (e.g. 03, framing or 03-framing); repeatable")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="override a name in the notebook's parameters cell for this run "
                        "(VALUE is a Python literal, else a string); repeatable")
    p.add_argument("--timeout", type=int, default=600, metavar="S", help="seconds allowed per cell")
    _parallel_options(p)

    p = sub.add_parser("figures", help="regenerate figures and tables only (notebooks are not rewritten)",
                       description="Execute the notebooks in memory to export figures and tables, "
                                   "leaving the notebooks on disk unchanged.")
    _common(p)
    p.add_argument("--stage", action="append", metavar="NAME", help="only this stage; repeatable")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="override a parameter for this run; repeatable")
    p.add_argument("--timeout", type=int, default=600, metavar="S", help="seconds allowed per cell")
    _parallel_options(p)

    p = sub.add_parser("report", help="write the HTML report, notebook pages and term explorer (OUT/report/)",
                       description="Write OUT/report/index.html (one self-contained page with every figure), one "
                                   "HTML page per executed notebook and explorer.html from the executed notebooks "
                                   "and tables already on disk; nothing is rerun. `run` does this at the end.")
    _common(p)
    p.add_argument("--gallery", metavar="FILE", default=None,
                   help="also write a Markdown figure gallery (thumbnails linking to the PDFs) to FILE, "
                        "e.g. docs/gallery.md")

    p = sub.add_parser("validate", help="check the corpus (exit 0 when valid)",
                       description="Check the manifest, every file's presence, encoding and checksum, and "
                                   "the body/boilerplate split. Exit 0 when valid, 2 with a one-line reason. "
                                   "Warnings (raw files the manifest does not list, leftovers of an interrupted "
                                   "add, end-matter longer than the body) are printed one per line.")
    _common(p)
    p.add_argument("--strict", action="store_true", help="exit 2 when there are warnings")

    p = sub.add_parser("add", help="add an article to the corpus (copies it verbatim, appends a manifest row)",
                       description="Copy FILE verbatim into CORPUS/raw/<doc-id>.txt, record its sha256, append "
                                   "its manifest row, validate, and print the body/boilerplate split it will "
                                   "use. Refuses to overwrite. Nothing is changed if anything fails.")
    _common(p)
    p.add_argument("file", metavar="FILE", help="the article as a UTF-8 text file, one paragraph per line")
    p.add_argument("--doc-id", required=True, help="unique id, e.g. 2019-jamestown-smith")
    p.add_argument("--period", required=True, help="comparison group, e.g. 2014, 2024 or 2019")
    p.add_argument("--outlet", required=True)
    p.add_argument("--author", required=True)
    p.add_argument("--title", required=True)
    p.add_argument("--date", required=True, help="YYYY-MM-DD, YYYY-MM or YYYY (sets date_precision)")
    p.add_argument("--body-end", default="", metavar="TEXT",
                   help="exact text where the end-matter (byline, bio, disclaimer) begins; "
                        "omit if the file holds the body only")
    p.add_argument("--language", default="en")
    p.add_argument("--url", default="")
    p.add_argument("--source-note", default="")
    return parser


def _params(items: list[str]) -> tuple[dict, dict]:
    """Parsed ``--param`` values and the texts as typed."""
    from .runner import parse_param

    params = dict(parse_param(i) for i in items)
    raw = {i.split("=", 1)[0].strip(): i.split("=", 1)[1] for i in items}
    return params, raw


def _run(args, *, write: bool) -> int:
    from . import runner
    from .corpus import load_corpus

    load_corpus(args.corpus)  # fail fast, with the corpus's own one-line error
    _export_parallel(args)  # the notebook kernels inherit the environment
    params, raw = _params(args.param)
    stages = args.stage
    if params and not stages:
        nb_dir = config.notebooks_dir()
        defined = set()
        for s in runner.list_stages(nb_dir):
            defined |= set(runner.parameter_names(runner.read_stage(s, nb_dir)))
        unknown = [k for k in params if k not in defined]
        if unknown:
            raise AnalysisError(f"--param {unknown[0]}: no notebook defines it in its parameters cell; "
                                f"use --stage NAME to target one notebook")
    shared = {}
    if args.corpus != DEFAULT_CORPUS:
        shared["CORPUS_DIR"] = str(config.resolve(args.corpus))
    if args.out != DEFAULT_OUT:
        shared["OUT_DIR"] = str(config.resolve(args.out))
    from .outputs import output_lock

    # Every stage and every parameter value is checked before anything runs or is locked.
    nb_dir = config.notebooks_dir()
    plan = []
    for s in stages or runner.list_stages(nb_dir):
        name = runner.find_stage(s)
        nb = runner.read_stage(name, nb_dir)
        known = set(runner.parameter_names(nb))
        own = {k: v for k, v in params.items() if k in known}
        stage_params = {**{k: v for k, v in shared.items() if k in known}, **(params if stages else own)}
        runner.check_stage_parameters(nb, stage_params, stage=name, raw=raw)
        plan.append((name, stage_params))
    with output_lock(config.resolve(args.out)):  # one run at a time per output folder
        if stages:
            results = []
            for i, (name, stage_params) in enumerate(plan, start=1):
                print(f"[{i}/{len(plan)}] {name} ...", end="", flush=True)
                try:
                    res = runner.run_stage(name, params=stage_params, write=write, timeout=args.timeout,
                                           raw_params=raw)
                except AnalysisError:
                    print(" failed", flush=True)
                    raise
                print(f" done in {res.seconds:.1f} s")
                results.append(res)
            runner.write_provenance(results, args.out)
        else:
            runner.run_all(params={**shared, **params}, write=write, out_dir=args.out, timeout=args.timeout,
                           raw_params=raw, stage_jobs=args.stage_jobs)
    out = config.resolve(args.out)
    print(f"figures: {out}")
    print(f"tables:  {out / 'tables'}")
    if write:
        print(f"notebooks (executed in place): {config.notebooks_dir()}")
    return 0


def _validate(args) -> int:
    from .corpus import validate_corpus

    summary = validate_corpus(args.corpus)
    warnings = summary.attrs.get("warnings", [])
    for line in warnings:
        print(f"warning: {line}", file=sys.stderr)
    if warnings and args.strict:
        raise AnalysisError(f"{config.resolve(args.corpus)}: {len(warnings)} warning(s) above; "
                            f"--strict treats them as errors")
    periods = summary.groupby("period").size()
    print(f"{config.resolve(args.corpus)}: valid -- {len(summary)} documents, "
          + ", ".join(f"period {p}: {n}" for p, n in periods.items())
          + "; all checksums match, every body/boilerplate split found"
          + (f"; {len(warnings)} warning(s)" if warnings else ""))
    return 0


def _add(args) -> int:
    from .ingest import add_article

    report = add_article(args.file, corpus_dir=args.corpus, doc_id=args.doc_id, period=args.period,
                         outlet=args.outlet, author=args.author, title=args.title, date=args.date,
                         body_end=args.body_end, language=args.language, url=args.url,
                         source_note=args.source_note)
    print(report)
    return 0


_INTERRUPT_MESSAGE = {signal.SIGINT: (130, "interrupted"), signal.SIGTERM: (143, "terminated")}


class _Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM outside a stage; remembers which, for the exit status."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _on_signal(signum, frame):  # pragma: no cover - exercised through a subprocess in tests
    """Ctrl-C / SIGTERM: roll back a running stage, kill its kernel, print one line, exit 128+N.

    The exit skips interpreter clean-up on purpose: the notebook client's clean-up is
    what printed tracebacks (ZMQError, DeadKernelError, AssertionError) after Ctrl-C.
    Outside a stage the usual KeyboardInterrupt path runs (``add`` undoes its writes).
    """
    from . import runner

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    stages = runner.abort_running() if "analysis.runner" in sys.modules else []
    if not stages:  # the usual path: `add` undoes its writes, main() prints one line
        signal.signal(signal.SIGINT, _on_signal)
        signal.signal(signal.SIGTERM, _on_signal)
        raise _Interrupted(signum)
    code, word = _INTERRUPT_MESSAGE.get(signum, (128 + signum, "stopped"))
    where = f"stage {', '.join(stages)} stopped; its outputs, notebook and provenance are as before" if stages \
        else "nothing was changed"
    try:
        sys.stdout.flush()
    except Exception:
        pass
    os.write(2, f"\n{word}: {where}; rerun to finish\n".encode())
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args = build_parser().parse_args(argv)
    previous = {}
    if threading.current_thread() is threading.main_thread():
        previous = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        return _dispatch(args)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _dispatch(args) -> int:
    try:
        if args.command == "run":
            return _run(args, write=True)
        if args.command == "figures":
            return _run(args, write=False)
        if args.command == "report":
            from .report import build_report

            index = build_report(args.out, corpus_dir=args.corpus)
            print(f"report: {index}\nexplorer: {index.parent / 'explorer.html'}")
            if args.gallery:
                from .report import write_gallery

                print(f"gallery: {write_gallery(args.gallery, out_dir=args.out)}")
            return 0
        if args.command == "validate":
            return _validate(args)
        if args.command == "add":
            return _add(args)
    except AnalysisError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:
        code, word = _INTERRUPT_MESSAGE.get(getattr(exc, "signum", signal.SIGINT), (130, "interrupted"))
        what = {"add": "the corpus is unchanged", "run": "no stage was running; stages that finished are kept",
                "figures": "no stage was running; stages that finished are kept"}.get(args.command, "nothing changed")
        print(f"\n{word}: {what}; rerun to finish", file=sys.stderr)
        return code
    return 1  # pragma: no cover - argparse enforces a command


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
