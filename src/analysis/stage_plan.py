"""Run many stages: independent ones side by side, in waves.

Stages ``00`` to ``06`` each read only the corpus and their resources, so they can
run at the same time; a stage that reads the tables of earlier ones (``07-synthesis``)
says so with the cell tag :data:`NEEDS_EARLIER_TAG` and starts a new wave once every
earlier stage has finished. Each stage still runs in its own kernel and writes only its
own figures, tables and notebook pair, so the files are byte-identical to a run one
stage after another.

With ``stage_jobs=1`` every stage is its own unit (locked, journaled, rolled back on
failure), as :func:`analysis.runner.run_stage` does. With more, the whole run is one
unit: one lock on the output folder, one journal over it and every notebook pair; if
any stage fails (or Ctrl-C), all of them are put back as they were.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from pathlib import Path

from . import config
from .errors import AnalysisError
from .outputs import output_lock, write_provenance

#: Cell tag marking a stage that reads what earlier stages wrote.
NEEDS_EARLIER_TAG = "needs-earlier-stages"

#: Stages run side by side by default; each is one kernel process (mostly one core).
DEFAULT_STAGE_JOBS = 2
#: Peak memory of one notebook kernel per MB of raw corpus text, plus a fixed part (MB), measured
#: on the 10,000-article synthetic corpus (benchmarks/results/notebook-runs.csv).
KERNEL_MB_PER_TEXT_MB, KERNEL_BASE_MB = 100.0, 600.0


def _available_mb() -> float | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _text_mb(corpus_dir) -> float:
    raw = Path(corpus_dir) / "raw"
    return sum(p.stat().st_size for p in raw.rglob("*") if p.is_file()) / 2**20 if raw.is_dir() else 0.0


def default_stage_jobs(corpus_dir=None) -> int:
    """``$ANALYSIS_STAGE_JOBS``, else :data:`DEFAULT_STAGE_JOBS` capped by cores and by memory.

    Each kernel holds its own copy of the segmented corpus: stages run side by side only
    while that many kernels fit in the memory available now (estimated from the size of
    ``corpus_dir``'s raw text, :data:`KERNEL_MB_PER_TEXT_MB`).
    """
    value = os.environ.get("ANALYSIS_STAGE_JOBS", "").strip()
    if value:
        try:
            jobs = int(value)
        except ValueError:
            raise AnalysisError(f"ANALYSIS_STAGE_JOBS={value!r}: give a whole number of stages "
                                f"to run at once, e.g. 2") from None
        if jobs < 1:
            raise AnalysisError(f"ANALYSIS_STAGE_JOBS={value!r}: give 1 or more")
        return jobs
    jobs = max(1, min(DEFAULT_STAGE_JOBS, os.cpu_count() or 1))
    available = _available_mb()
    if corpus_dir is not None and available is not None:
        per_kernel = KERNEL_BASE_MB + KERNEL_MB_PER_TEXT_MB * _text_mb(corpus_dir)
        jobs = max(1, min(jobs, int(available // per_kernel)))
    return jobs


def needs_earlier(nb) -> bool:
    """Whether a stage notebook tags a cell :data:`NEEDS_EARLIER_TAG`."""
    return any(NEEDS_EARLIER_TAG in c.get("metadata", {}).get("tags", []) for c in nb.cells)


def waves(names: list[str], nb_dir: Path) -> list[list[str]]:
    """Split stages (in order) into waves; a stage needing earlier ones starts a new wave.

    Examples
    --------
    >>> waves(["00-a", "01-b", "07-c"], nb_dir)     # doctest: +SKIP
    [['00-a', '01-b'], ['07-c']]
    """
    from .runner import read_stage

    out: list[list[str]] = [[]]
    for name in names:
        if needs_earlier(read_stage(name, nb_dir)):
            out += [[name], []]  # alone, after every earlier stage; later ones wait for it
        else:
            out[-1].append(name)
    return [w for w in out if w]


def run_all(stages: list[str] | None = None, *, params: dict | None = None, write: bool = True,
            notebooks_dir: str | Path | None = None, out_dir: str | Path | None = None,
            timeout: int = 600, progress=print, report: bool = True,
            raw_params: dict | None = None, stage_jobs: int | None = None) -> list:
    """Run the given stages (default: all), independent ones side by side, and record provenance.

    Parameters
    ----------
    stages : list of str, optional
        Stage names; default every stage in ``notebooks_dir``.
    params : dict, optional
        Applied to every stage whose parameters cell defines them (``CORPUS_DIR``, ``OUT_DIR``).
    write : bool, default=True
        Write the executed notebooks (and their ``.py`` twins) in place.
    notebooks_dir, out_dir : path, optional
        Default: the project's ``notebooks/`` and ``figures/``.
    timeout : int, default=600
        Seconds allowed per cell.
    progress : callable, default=print
        Receives one line per finished stage.
    report : bool, default=True
        A full run that writes the notebooks ends with the HTML report
        (:func:`analysis.report.build_report`).
    raw_params : dict, optional
        The values as typed on the command line.
    stage_jobs : int, optional
        Stages run at once (default :func:`default_stage_jobs`). ``1``: one after
        another, each its own unit.

    Returns
    -------
    list of StageResult
        In stage order.
    """
    from . import runner

    nb_dir = Path(notebooks_dir) if notebooks_dir is not None else config.notebooks_dir()
    names = [runner.find_stage(s, nb_dir) for s in stages] if stages else runner.list_stages(nb_dir)
    corpus_dir = config.resolve((params or {}).get("CORPUS_DIR") or config.corpus_dir())
    jobs = default_stage_jobs(corpus_dir) if stage_jobs is None else stage_jobs
    total = time.perf_counter()
    own, plans = {}, []
    for stage in names:  # every parameter is checked before anything runs
        known = set(runner.parameter_names(runner.read_stage(stage, nb_dir)))
        own[stage] = {k: v for k, v in (params or {}).items() if k in known}
        plans.append(runner.prepare_stage(stage, params=own[stage], nb_dir=nb_dir, write=write,
                                          raw_params=raw_params))
    out = config.resolve(out_dir) if out_dir is not None else config.figures_dir()
    one_folder = all(p.out_dir.resolve() == out.resolve() for p in plans)
    want_report = report and write and not stages
    rendered: set = set()
    if jobs == 1 or len(plans) == 1 or not one_folder:
        results = _one_by_one(own, write, nb_dir, timeout, progress, raw_params)
    else:
        def page(result):  # in the stage's thread, while other stages run: its report page
            from .report.notebooks import write_notebook_pages

            write_notebook_pages([result.notebook], out / "report")
            rendered.add(result.stage)

        results = _side_by_side(plans, nb_dir, out, jobs, timeout, progress, after=page if want_report else None)
    write_provenance(results, out_dir)
    if want_report:
        from .report import build_report

        progress("report ...", end="", flush=True)
        index = build_report(out_dir, corpus_dir=(params or {}).get("CORPUS_DIR"), notebooks_dir=nb_dir,
                             rendered=rendered)
        progress(f" {index.parent}")
    progress(f"{len(results)} stage(s) in {time.perf_counter() - total:.1f} s")
    return results


def _one_by_one(own: dict, write, nb_dir, timeout, progress, raw_params) -> list:
    """Each stage its own unit (:func:`analysis.runner.run_stage`), in order; ``own``: stage -> its parameters."""
    from . import runner

    results = []
    for i, (stage, stage_params) in enumerate(own.items(), start=1):
        progress(f"[{i}/{len(own)}] {stage} ...", end="", flush=True)
        try:
            res = runner.run_stage(stage, params=stage_params, write=write, notebooks_dir=nb_dir, timeout=timeout,
                                   raw_params=raw_params)
        except AnalysisError:
            progress(" failed")
            raise
        progress(f" done in {res.seconds:.1f} s")
        results.append(res)
    return results


def _side_by_side(plans, nb_dir: Path, out: Path, jobs: int, timeout: int, progress, *, after=None) -> list:
    """Run the prepared stages in waves, ``jobs`` at a time, as one journaled unit.

    ``after(result)``, if given, runs in the stage's thread once the stage has run.
    """
    from . import runner

    def one(plan):
        result = runner.execute_stage(plan, timeout=timeout)
        if after is not None:
            after(result)
        return result

    by_name = {p.stage: p for p in plans}
    files = [f for p in plans for f in p.nb_files]
    done: dict = {}
    n = len(plans)
    label = ", ".join(by_name)
    with output_lock(out), runner.journaled(label, out, files, nb_dir), \
            ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="stage") as pool:
        for wave in waves(list(by_name), nb_dir):
            progress(f"running {', '.join(wave)} ({min(jobs, len(wave))} at a time) ...")
            futures = {pool.submit(one, by_name[s]): s for s in wave}
            pending = set(futures)
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                failed = sorted((f for f in finished if f.exception() is not None), key=futures.get)
                if failed:
                    for f in pending:
                        f.cancel()
                    wait(pending)  # a stage already running finishes; the journal then undoes every stage
                    progress(f"{futures[failed[0]]} failed; every stage of this run is put back as it was")
                    raise failed[0].exception()
                for f in sorted(finished, key=futures.get):
                    done[futures[f]] = f.result()
                    progress(f"[{len(done)}/{n}] {futures[f]} done in {done[futures[f]].seconds:.1f} s")
    return [done[s] for s in by_name]
