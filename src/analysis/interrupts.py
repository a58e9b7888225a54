"""Stopping a run cleanly: what is running, and how Ctrl-C undoes it.

The runner registers each stage's :class:`~analysis.outputs.StageJournal` and each
notebook client in :data:`RUNNING` while they are active. The command line's signal
handler calls :func:`abort_running`, which kills the kernels, rolls the stages back
and releases the output locks, then prints one line and exits 130.
"""

from __future__ import annotations

import os

import sys
from contextlib import contextmanager
from pathlib import Path

from .outputs import StageJournal, release_locks, remove_stale_temporary


#: What is running now (journals of stages, notebook clients), for :func:`abort_running`.
RUNNING: list = []


def abort_running() -> list[str]:
    """Stop what this process is running: kill notebook kernels, roll back stage journals.

    Called from a signal handler (Ctrl-C). Returns the names of the stages rolled back
    (empty when no stage was running).
    """
    stages = []
    for item in reversed(list(RUNNING)):
        if isinstance(item, StageJournal):
            item.rollback()
            stages.append(item.stage)
        else:
            _kill_kernel(item)
    RUNNING.clear()
    release_locks()
    return stages


def _kill_kernel(client) -> None:
    import signal

    prov = getattr(getattr(client, "km", None), "provisioner", None)
    pgid, pid = getattr(prov, "pgid", None), getattr(prov, "pid", None)
    try:
        if pgid:
            os.killpg(pgid, signal.SIGKILL)
        elif pid:
            os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def client_class(base):
    """``NotebookClient`` that leaves a Ctrl-C handler installed by the caller (the CLI) in place.

    nbclient replaces SIGINT/SIGTERM handling while a kernel runs with its own clean-up,
    which kills the kernel and then prints three tracebacks; when the caller has its own
    handler (the command line's: roll back, kill the kernel, one line, exit 130), that one stays.
    """
    import asyncio
    import signal
    import threading

    main = threading.current_thread() is threading.main_thread()
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)} if main else {}
    own = {sig: h for sig, h in saved.items()
           if callable(h) and h is not signal.default_int_handler and getattr(h, "__module__", "") == "analysis.cli"}

    class Client(base):
        async def async_start_new_kernel(self, **kwargs):
            loop = asyncio.get_event_loop()
            for sig, handler in own.items():
                loop.remove_signal_handler(sig)
                signal.signal(sig, handler)
            return await super().async_start_new_kernel(**kwargs)

    return Client


@contextmanager
def journaled(name: str, out_dir: Path, nb_files: list, nb_dir: Path):
    """Make the block one unit: on any failure, ``out_dir`` and ``nb_files`` are put back as they were.

    Call it while holding :func:`~analysis.outputs.output_lock` on ``out_dir``. A journal
    left by a run killed outright is rolled back first, and stale temporary files removed.
    """
    journal = StageJournal(name, out_dir, nb_files)
    recovered = journal.recover() if journal.dir.exists() else None
    if recovered:
        print(f"restored {out_dir} to before the unfinished run of stage {recovered}", file=sys.stderr)
    remove_stale_temporary(out_dir)
    remove_stale_temporary(nb_dir, recursive=False)
    journal.begin()
    RUNNING.append(journal)
    try:
        yield journal
        journal.commit()
    except BaseException:
        journal.rollback()
        raise
    finally:
        if journal in RUNNING:
            RUNNING.remove(journal)
