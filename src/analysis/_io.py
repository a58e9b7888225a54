"""Atomic file writes: a temporary file in the target directory, then a rename.

An interrupted run therefore never leaves a half-written output behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def synced_temp_file(data: bytes, target: Path) -> str:
    """Write ``data`` to a new hidden temporary file beside ``target``, flushed to disk.

    The name is ``.<target name>.XXXX.tmp`` (ignored by git; stale ones are removed at the
    start of a run). The caller renames or links it into place, or removes it.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically and return the path."""
    path = Path(path)
    tmp = synced_temp_file(data, path)
    try:
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def atomic_write_text(path: str | os.PathLike, text: str) -> Path:
    """Write UTF-8 ``text`` (with ``\\n`` line ends) to ``path`` atomically."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def read_csv_table(path: str | os.PathLike, columns: list[str], error: type[Exception]):
    """Read a UTF-8 CSV as strings, check it has ``columns``; raise ``error`` with one line otherwise.

    Shared by the loaders of user-editable CSV files (quality flags, word lists), so a
    malformed file always gets the same kind of message naming the file and the fix.
    """
    import pandas as pd

    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot be read ({str(exc).splitlines()[0]}); fix the CSV") from None
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise error(f"{path}: missing column(s) {', '.join(missing)}; expected {', '.join(columns)}")
    return df
