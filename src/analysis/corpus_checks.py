"""Checks behind :mod:`analysis.corpus` and :mod:`analysis.ingest`: what may enter the corpus.

Each check raises :class:`~analysis.errors.CorpusError` with one line naming the file
(and manifest row or document) and the fix, or returns warnings -- one line each --
for things that do not change any result but that a user should see (raw files the
manifest does not list, leftovers of an interrupted ``add``, boilerplate longer than
the body).

- :func:`check_manifest_rows` -- ids, periods, dates, checksums, paths, duplicates
  (the same ``doc_id``, the same file however written, the same bytes twice).
- :func:`locate_body_end` -- the ``body_end`` marker must occur exactly once and start a line.
- :func:`check_control_characters` -- NUL and other control bytes are refused.
- :func:`check_inside` -- a raw file's *real* path (symlinks resolved) must lie in the corpus.
- :func:`stray_files`, :func:`split_warnings`, :func:`corpus_warnings` -- warnings for ``validate`` and ``add``.
- :func:`require_periods` -- one-line refusal for an analysis that needs several periods.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from datetime import date as _date
from pathlib import Path

from .errors import CorpusError

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
PERIOD_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
PLACEHOLDER_PERIODS = {"nan", "na", "n/a", "none", "null", "unknown", "tbd", "?", "-", "period"}
SHA_RE = re.compile(r"^[0-9a-f]{64}$")
DATE_FORMATS = {"day": (r"^\d{4}-\d{2}-\d{2}$", "YYYY-MM-DD"),
                "month": (r"^\d{4}-\d{2}$", "YYYY-MM"),
                "year": (r"^\d{4}$", "YYYY")}
SUPPORTED_LANGUAGES = {"en"}
#: Suffix of every temporary file this package writes (``.NAME.XXXX.tmp``).
TMP_SUFFIX = ".tmp"
#: Longest ``doc_id`` accepted (it becomes a file name).
MAX_ID_CHARS = 120

#: Unicode category Cc (U+0000-U+001F, U+007F-U+009F) except tab and line feed.
_CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_NAMES = {0: "NUL", 7: "BEL", 8: "backspace", 11: "vertical tab", 12: "form feed", 27: "ESC",
                  127: "DEL"}


# --------------------------------------------------------------------------- single values
def doc_id_problem(doc_id: str) -> str | None:
    """Why ``doc_id`` cannot name a document (it becomes ``raw/<doc_id>.txt``), or ``None``.

    Examples
    --------
    >>> doc_id_problem("2019-jamestown-smith") is None
    True
    >>> doc_id_problem("../x")
    "doc_id '../x' may only use letters, digits, '.', '_' and '-' and must start with a letter or digit"
    """
    if not ID_RE.match(doc_id):
        return (f"doc_id {doc_id!r} may only use letters, digits, '.', '_' and '-' and must start with a "
                f"letter or digit")
    if ".." in doc_id:
        return f"doc_id {doc_id!r} may not contain '..'"
    if len(doc_id) > MAX_ID_CHARS:
        return f"doc_id is {len(doc_id)} characters long; use at most {MAX_ID_CHARS}"
    return None


def period_problem(period: str) -> str | None:
    """Why ``period`` is not a usable group label, or ``None``."""
    if not period:
        return "empty period; use a group label such as 2014 or 2024"
    if period.lower() in PLACEHOLDER_PERIODS or not PERIOD_RE.match(period):
        return (f"unknown period {period!r}; use a group label of letters, digits, '_' or '-' such as "
                f"2014 or 2024")
    return None


def date_precision(value: str) -> str | None:
    """``"day"``, ``"month"`` or ``"year"`` for a valid date of that shape, else ``None``."""
    for prec, (pattern, _) in DATE_FORMATS.items():
        if re.fullmatch(pattern, value):
            parts = [int(p) for p in value.split("-")] + [1, 1]
            try:
                _date(parts[0], parts[1], parts[2])
            except ValueError:
                return None
            return prec
    return None


# --------------------------------------------------------------------------- manifest rows
def check_manifest_rows(df, path: Path) -> None:
    """Check every manifest row and the uniqueness of ids, files and contents.

    Parameters
    ----------
    df : pandas.DataFrame
        Manifest rows as strings, with the 1-based CSV line in ``row``.
    path : Path
        The manifest (named in messages).

    Raises
    ------
    CorpusError
        On the first problem, naming the row.
    """
    for rec in df.to_dict("records"):
        where = f"{path}: row {rec['row']}"
        for col in ("doc_id", "period", "year", "date", "date_precision", "outlet", "author", "title",
                    "language", "file", "sha256"):
            if not rec[col]:
                raise CorpusError(f"{where}: empty {col}; fill it in")
        problem = doc_id_problem(rec["doc_id"]) or period_problem(rec["period"])
        if problem:
            raise CorpusError(f"{where}: {problem}")
        if not re.fullmatch(r"\d{4}", rec["year"]):
            raise CorpusError(f"{where}: year {rec['year']!r} is not a 4-digit year")
        prec = rec["date_precision"]
        if prec not in DATE_FORMATS:
            raise CorpusError(f"{where}: date_precision {prec!r} must be one of {', '.join(DATE_FORMATS)}")
        if date_precision(rec["date"]) != prec:
            raise CorpusError(f"{where}: date {rec['date']!r} is not a valid {DATE_FORMATS[prec][1]} date "
                              f"(date_precision is {prec})")
        if rec["date"][:4] != rec["year"]:
            raise CorpusError(f"{where}: date {rec['date']} does not fall in year {rec['year']}")
        if rec["language"] not in SUPPORTED_LANGUAGES:
            raise CorpusError(f"{where}: language {rec['language']!r} is not supported; the pipeline is "
                              f"English-only (use 'en')")
        if not SHA_RE.match(rec["sha256"]):
            raise CorpusError(f"{where}: sha256 must be 64 lower-case hex digits; "
                              f"compute it with `sha256sum {rec['file']}`")
        f = Path(rec["file"])
        if f.is_absolute() or ".." in f.parts or "\\" in rec["file"]:
            raise CorpusError(f"{where}: file {rec['file']!r} must be a path inside the corpus directory "
                              f"such as raw/{rec['doc_id']}.txt")
    _check_unique(df, "doc_id", df["doc_id"], path, "doc_id {v!r} is on rows {rows}; doc_id must be unique",
                  prefix="duplicate ")
    files = df["file"].map(posixpath.normpath)
    _check_unique(df, "file", files, path,
                  "file {v!r} is listed on rows {rows} ({ids}); one row per file -- remove the extra row",
                  prefix="")
    _check_unique(df, "sha256", df["sha256"], path,
                  "rows {rows} ({ids}) have the same sha256: the same article twice would count twice "
                  "in its period; remove the extra row and its raw file", prefix="duplicate document: ")


def _check_unique(df, col, values, path, template, *, prefix):
    dup = values[values.duplicated(keep=False)]
    if len(dup):
        v = dup.iloc[0]
        hit = df.loc[values == v]
        rows = ", ".join(str(r) for r in hit["row"])
        ids = ", ".join(hit["doc_id"])
        raise CorpusError(f"{path}: {prefix}" + template.format(v=v, rows=rows, ids=ids))


# --------------------------------------------------------------------------- file contents
class BodyEndError(ValueError):
    """The ``body_end`` marker is missing, repeated or not at the start of a line."""

    def __init__(self, kind: str, marker: str, *, count: int = 0, line: int = 0):
        super().__init__(marker)
        self.kind, self.marker, self.count, self.line = kind, marker, count, line

    def describe(self, flag: str = "body_end") -> str:
        """One clause saying what is wrong and how to fix it."""
        m = self.marker
        if self.kind == "missing":
            return (f"{flag} {m!r} does not occur in the file; copy the exact text where the end-matter "
                    f"(byline, bio, disclaimer) starts")
        if self.kind == "repeated":
            return (f"{flag} {m!r} occurs {self.count} times (first on line {self.line}), so the cut would be "
                    f"ambiguous; use a longer text that occurs only where the end-matter starts")
        return (f"{flag} {m!r} is found in the middle of line {self.line}; it must be the text at the start "
                f"of the line where the end-matter starts")


def locate_body_end(text: str, marker: str) -> int:
    """Index where the end-matter starts: the one occurrence of ``marker``, at the start of a line.

    Spaces or tabs before the marker on its line are allowed.

    Raises
    ------
    BodyEndError
        ``kind`` is ``"missing"``, ``"repeated"`` or ``"mid-line"``.

    Examples
    --------
    >>> locate_body_end("Body.\\nBy A. Writer", "By A. Writer")
    6
    >>> locate_body_end("Body. By A. Writer.\\nBy A. Writer", "By A. Writer")
    Traceback (most recent call last):
    ...
    analysis.corpus_checks.BodyEndError: By A. Writer
    """
    idx = text.find(marker)
    if idx < 0:
        raise BodyEndError("missing", marker)
    count = text.count(marker)
    line = text.count("\n", 0, idx) + 1
    if count > 1:
        raise BodyEndError("repeated", marker, count=count, line=line)
    start = text.rfind("\n", 0, idx) + 1
    if text[start:idx].strip(" \t"):
        raise BodyEndError("mid-line", marker, line=line)
    return idx


def check_control_characters(text: str, where: str) -> None:
    """Refuse NUL and other control characters (tabs and line ends are fine).

    They come from broken conversions (a PDF or Word export) and would otherwise end
    up as words in the tables.
    """
    if _CONTROL_CHARACTER.search(text) is None:  # the usual case: one C-level scan, no per-character loop
        return
    for line_no, line in enumerate(text.split("\n"), start=1):
        for col, ch in enumerate(line, start=1):
            if ch != "\t" and unicodedata.category(ch) == "Cc":
                code = ord(ch)
                name = _CONTROL_NAMES.get(code, "control character")
                raise CorpusError(
                    f"{where}: line {line_no}, column {col} holds a {name} (U+{code:04X}); this is not article "
                    f"text -- remove it from a copy of the article (e.g. `tr -d '\\{code:03o}' < FILE > CLEAN`) "
                    f"and add the clean copy (or edit the file and update its sha256 in the manifest)")


def check_inside(path: Path, corpus_dir: Path, where: str, *, resolved: dict | None = None) -> Path:
    """Return the real path of a raw file; refuse one that resolves outside the corpus.

    The manifest's ``file`` text is checked elsewhere; this catches a symbolic link
    in ``raw/`` that points out of the corpus.

    ``resolved`` (a dict kept by the caller for one pass over the corpus) remembers the real
    paths of the corpus and of the folders already seen: a file that is not itself a link is
    then its folder's real path plus its name, one ``lstat`` instead of resolving every
    component of every path (2 s of loading 10,000 articles).
    """
    if resolved is None:
        resolved = {}
    if corpus_dir not in resolved:
        resolved[corpus_dir] = corpus_dir.resolve()
    root = resolved[corpus_dir]
    if path.is_symlink():
        real = path.resolve()
    else:
        if path.parent not in resolved:
            resolved[path.parent] = path.parent.resolve()
        real = resolved[path.parent] / path.name
    if root != real and root not in real.parents:
        raise CorpusError(f"{where}: the file resolves to {real}, outside the corpus {root} (a symbolic "
                          f"link?); copy the article into the corpus with `python -m analysis add` instead")
    return real


# --------------------------------------------------------------------------- warnings
def is_temporary(name: str) -> bool:
    """True for this package's temporary files (``.NAME.XXXX.tmp``)."""
    return name.startswith(".") and name.endswith(TMP_SUFFIX)


def stray_files(corpus_dir: Path, listed) -> list[str]:
    """Warnings for raw files the manifest does not list and for temporary files left behind.

    Parameters
    ----------
    corpus_dir : Path
    listed : iterable of Path
        Real paths of the files the manifest lists.
    """
    corpus_dir = Path(corpus_dir)
    listed = {Path(p) for p in listed}
    out = []
    for p in sorted(corpus_dir.iterdir()):
        if p.is_file() and is_temporary(p.name):
            out.append(f"{p}: temporary file left by an interrupted `add`; the manifest was not changed by "
                       f"it -- delete the file")
    raw = corpus_dir / "raw"
    if not raw.is_dir():
        return out
    for p in sorted(raw.rglob("*")):
        if not (p.is_file() or p.is_symlink()) or p.resolve() in listed:
            continue
        if is_temporary(p.name):
            out.append(f"{p}: temporary file left by an interrupted `add`; delete it, then rerun the add")
        else:
            out.append(f"{p}: not listed in manifest.csv, so it is not analysed (left by an interrupted "
                       f"`add`?); add it with `python -m analysis add` or delete it")
    return out


def split_warnings(doc_id: str, body: str, boilerplate: str, where: str) -> list[str]:
    """Warn when the end-matter is longer than the body (``body_end`` probably cuts too early)."""
    if len(boilerplate) > len(body):
        return [f"{where}: the end-matter ({len(boilerplate)} characters) is longer than the body "
                f"({len(body)} characters) of {doc_id}; check that body_end marks where the article ends"]
    return []


def corpus_warnings(corpus) -> list[str]:
    """Problems that change no result but that the user should see, one line each.

    Raw files (and temporary files of an interrupted ``add``) that the manifest does not
    list, documents whose end-matter is longer than their body, and a corpus with one
    period (valid, but the comparisons refuse it).
    """
    root = Path(corpus.path)
    warnings = stray_files(root, [(root / f).resolve() for f in corpus.manifest["file"]])
    for rec in corpus.manifest.to_dict("records"):
        where = f"{root / rec['file']} (manifest row {rec['row']})"
        warnings += split_warnings(rec["doc_id"], corpus.bodies[rec["doc_id"]],
                                   corpus.boilerplates[rec["doc_id"]], where)
    if len(corpus.periods) < 2:
        warnings.append(f"{Path(corpus.path) / 'manifest.csv'}: one period ({corpus.periods[0]}): the analyses that "
                        f"compare periods will refuse to run; add an article from another period")
    return warnings


# --------------------------------------------------------------------------- analyses
def require_periods(corpus, n: int = 2, *, analysis: str, min_documents: int = 1) -> None:
    """Refuse, in one line, an analysis that needs ``n`` periods when the corpus has fewer.

    Parameters
    ----------
    corpus : Corpus
    n : int, default=2
        Periods the analysis needs (a comparison needs two).
    analysis : str
        What the analysis is, for the message (e.g. ``"keyness (period vs other periods)"``).
    min_documents : int, default=1
        Documents each counted period needs.

    Raises
    ------
    CorpusError
        Naming the manifest, the periods present and what to add.
    """
    docs = corpus.manifest.groupby("period").size()
    have = [p for p in corpus.periods if docs.get(p, 0) >= min_documents]
    if len(have) >= n:
        return
    present = ", ".join(f"{p} ({docs[p]} document{'s' if docs[p] != 1 else ''})" for p in corpus.periods)
    need = f"{n} periods" + (f" with at least {min_documents} documents each" if min_documents > 1 else "")
    raise CorpusError(f"{Path(corpus.path) / 'manifest.csv'}: {analysis} compares periods and needs {need}; "
                      f"the corpus has {present or 'none'} -- add articles from another period with "
                      f"`python -m analysis add FILE --period LABEL ...`")
