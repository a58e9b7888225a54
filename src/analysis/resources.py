"""The one loader of editable resources: codebooks, gazetteers, lexicons, word lists.

Every resource ships as package data in ``src/analysis/resources/`` (sources and
licences in that folder's ``README.md``) and every loader takes ``path=`` so a user
can point it at their own copy. One path rule for all of them:

- ``path=None`` -> the packaged file ``resources/<name>``;
- otherwise ``path`` as given: absolute, or relative to the current directory when it
  exists there, else to the project root (:func:`analysis.config.resolve`).

A missing or malformed file raises :class:`~analysis.errors.ResourceError` with one
line naming the file (and line or row) and the fix; the command line prints that line
without a traceback. YAML mappings may not repeat a key (PyYAML would silently keep
the last one, dropping an indicator without a word).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import yaml

from . import config
from .errors import ResourceError

__all__ = ["resource_path", "load_yaml", "load_csv", "resource_error"]


def resource_path(name: str, path: str | os.PathLike | None = None) -> Path:
    """Where the resource ``name`` is read from (``path`` if given, else the packaged file).

    Raises
    ------
    ResourceError
        If the file does not exist.

    Examples
    --------
    >>> resource_path("frame_codebook.yaml").name
    'frame_codebook.yaml'
    """
    p = config.RESOURCES_DIR / name if path is None else config.resolve(path)
    if not p.is_file():
        hint = "reinstall the package" if path is None else f"pass an existing file, or path=None for the packaged {name}"
        raise ResourceError(f"{p}: file not found; {hint}")
    return p


def resource_error(path, where, problem: str, fix: str) -> ResourceError:
    """A one-line error ``"<path>: <where>: <problem>; <fix>"`` (``where`` e.g. ``"row 3"``)."""
    return ResourceError(f"{path}: {where}: {problem}; {fix}" if where else f"{path}: {problem}; {fix}")


# libyaml's C parser when PyYAML was built with it (about 10x faster on the larger codebooks);
# the pure-Python one otherwise. Both raise the same errors with the same marks.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_BaseLoader):
    """YAML loader that refuses duplicate keys."""


def _construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise resource_error(getattr(loader, "name", "resource"), f"line {key_node.start_mark.line + 1}",
                                 f"duplicate key {key!r}", "list each entry once")
        seen.add(key)
    return yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(name: str, path: str | os.PathLike | None = None):
    """Parse a YAML resource, refusing duplicate keys.

    Parameters
    ----------
    name : str
        File name of the packaged resource (e.g. ``"actors.yaml"``).
    path : str or PathLike, default=None
        The user's own copy; ``None`` reads the packaged one.

    Returns
    -------
    object
        The parsed document (usually a dict).

    Raises
    ------
    ResourceError
        File missing, not UTF-8, not valid YAML (with its line), a duplicate key, or empty.
    """
    p = resource_path(name, path)
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise resource_error(p, "", "not UTF-8 text", "save the file as UTF-8") from None
    loader = _UniqueKeyLoader(text)
    loader.name = str(p)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "parse error"
        raise resource_error(p, where, f"not valid YAML ({getattr(exc, 'problem', None) or exc})",
                             "fix the indentation or quote the value") from None
    finally:
        loader.dispose()
    if data is None:
        raise resource_error(p, "", "the file is empty", "restore its entries")
    return data


def load_csv(name: str, columns, path: str | os.PathLike | None = None, *, comment: str | None = "#",
             allow_empty: bool = False) -> pd.DataFrame:
    """Read a CSV resource as strings and check its columns.

    Parameters
    ----------
    name : str
        File name of the packaged resource.
    columns : list of str
        Columns the file must have (others are kept).
    path : str or PathLike, default=None
        The user's own copy.
    comment : str, default="#"
        Lines starting with this are notes, not rows.
    allow_empty : bool, default=False
        Accept a file with a header and no rows.

    Returns
    -------
    pandas.DataFrame
        All values as ``str`` (empty cells as ``""``), with a ``row`` column holding each
        row's line number in the file, for error messages.

    Raises
    ------
    ResourceError
        File missing, unreadable, not UTF-8, missing columns, or no rows.
    """
    p = resource_path(name, path)
    try:
        df = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8", comment=comment)
    except UnicodeDecodeError:
        raise resource_error(p, "", "not UTF-8 text", "save the file as UTF-8") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise resource_error(p, "", f"cannot be read ({str(exc).splitlines()[0]})", "fix the CSV") from None
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise resource_error(p, "header", f"missing column(s) {', '.join(missing)}",
                             f"the columns are {', '.join(columns)}")
    if df.empty and not allow_empty:
        raise resource_error(p, "", "no rows", "restore its entries")
    lines = _data_line_numbers(p, comment, len(df))
    df.insert(0, "row", lines)
    return df


def _data_line_numbers(path: Path, comment: str | None, n: int) -> list[int]:
    """Line numbers (1-based) of the data rows, skipping the header, notes and blank lines."""
    out = []
    header_seen = False
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if not stripped or (comment and stripped.startswith(comment)):
            continue
        if not header_seen:
            header_seen = True
            continue
        out.append(i)
    # Quoted fields spanning lines make the count differ; fall back to row order then.
    return out[:n] if len(out) >= n else list(range(2, n + 2))
