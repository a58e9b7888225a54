"""Add an article to the corpus: the only code that writes to ``corpus/``.

:func:`add_article` checks everything first -- every argument, the article's bytes
and the manifest it would write -- and writes nothing when a check fails. Then it
makes the change in an order a crash cannot half-finish:

1. the article goes to a temporary file in ``raw/`` (``.<doc_id>.txt.XXXX.tmp``),
   which is then linked to ``raw/<doc_id>.txt`` (never overwriting) and removed;
2. the new manifest goes to a temporary file that replaces ``manifest.csv`` in one
   rename -- the commit point: before it the corpus is unchanged (at most a raw file
   the manifest does not list, which ``validate`` reports and a rerun of the same
   ``add`` reuses), after it the article is in;
3. the corpus is loaded; if that fails, both writes are undone, last first.

``validate`` names any temporary file left by a crash.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from pathlib import Path

from . import config
from ._io import atomic_write_bytes, synced_temp_file
from .corpus import MANIFEST_NAME, decode_text, load_corpus, parse_manifest, read_manifest, split_body, split_paragraphs
from .corpus_checks import (SUPPORTED_LANGUAGES, BodyEndError, check_control_characters, check_inside,
                            date_precision, doc_id_problem, period_problem, split_warnings)
from .errors import CorpusError


def _check_arguments(*, doc_id, period, date, language, outlet, author, title) -> str:
    """Check the command-line values; return the date precision."""
    problem = doc_id_problem(doc_id)
    if problem:
        raise CorpusError(f"--doc-id: {problem}, e.g. 2019-jamestown-smith")
    problem = period_problem(period)
    if problem:
        raise CorpusError(f"--period: {problem}")
    precision = date_precision(date)
    if precision is None:
        raise CorpusError(f"--date {date!r}: not a valid date; use YYYY-MM-DD, YYYY-MM or YYYY")
    if language not in SUPPORTED_LANGUAGES:
        raise CorpusError(f"--language {language!r}: not supported; the pipeline is English-only (use 'en')")
    for flag, value in (("--outlet", outlet), ("--author", author), ("--title", title)):
        if not value.strip():
            raise CorpusError(f"{flag}: empty; give the {flag[2:]} as it appears with the article")
    return precision


def add_article(file: str | Path, *, corpus_dir: str | Path = "corpus", doc_id: str, period: str,
                outlet: str, author: str, title: str, date: str, body_end: str = "",
                language: str = "en", url: str = "", source_note: str = "") -> str:
    """Copy an article into the corpus and append its manifest row.

    Parameters
    ----------
    file : str or Path
        The article, UTF-8 text, one paragraph per line.
    corpus_dir : str or Path, default="corpus"
    doc_id, period, outlet, author, title, date : str
        Manifest fields (``date`` as YYYY-MM-DD, YYYY-MM or YYYY; its form sets
        ``date_precision`` and its year sets ``year``). ``doc_id`` names the file
        ``raw/<doc_id>.txt``: letters, digits, ``.``, ``_``, ``-``, no ``..``.
    body_end : str, default=""
        Exact text at which the end-matter begins ("" = the file is all body); it must
        occur once, at the start of a line.
    language, url, source_note : str
        Further manifest fields (``url`` and ``source_note`` only if the manifest has them).

    Returns
    -------
    str
        A report of what was added and of the body/boilerplate split.

    Raises
    ------
    CorpusError
        A bad argument; the source is missing, not UTF-8, empty, holds control
        characters or a bad ``body_end``; the id, the file or the same text is already
        in the corpus; or the corpus does not validate afterwards. Nothing is written
        in the first cases, and everything is undone in the last.
    """
    precision = _check_arguments(doc_id=doc_id, period=period, date=date, language=language, outlet=outlet,
                                 author=author, title=title)
    src = Path(file)
    corpus = config.resolve(corpus_dir)
    if not src.is_file():
        raise CorpusError(f"{src}: file not found; give the path of the article text file")
    data = src.read_bytes()
    text = decode_text(data, src)
    if not text.strip():
        raise CorpusError(f"{src}: file is empty")
    check_control_characters(text, str(src))
    try:
        body, boilerplate = split_body(text, body_end)
    except BodyEndError as exc:
        raise CorpusError(f"{src}: {exc.describe('--body-end')}") from None
    if not body:
        raise CorpusError(f"{src}: --body-end {body_end!r} is at the start of the file, leaving no body")

    manifest = read_manifest(corpus)
    manifest_path = corpus / MANIFEST_NAME
    if doc_id in set(manifest["doc_id"]):
        raise CorpusError(f"{manifest_path}: doc_id {doc_id!r} already exists; choose another --doc-id")
    digest = hashlib.sha256(data).hexdigest()
    same = manifest.loc[manifest["sha256"] == digest]
    if len(same):
        raise CorpusError(f"{src}: the same text is already in the corpus as {same.iloc[0]['doc_id']} "
                          f"({manifest_path} row {same.iloc[0]['row']}); adding it twice would count it twice")
    rel = f"raw/{doc_id}.txt"
    target = corpus / rel
    check_inside(target.parent, corpus, f"{target}")
    leftover = False
    if target.exists() or target.is_symlink():
        listed = {(corpus / f).resolve() for f in manifest["file"]}
        leftover = (target.resolve() not in listed and target.is_file() and target.read_bytes() == data)
        if not leftover:
            raise CorpusError(f"{target}: already exists; refusing to overwrite -- choose another --doc-id")

    old_manifest = manifest_path.read_bytes()
    header = next(csv.reader(io.StringIO(old_manifest.decode("utf-8-sig"))))
    row = {"doc_id": doc_id, "period": period, "year": date[:4], "date": date, "date_precision": precision,
           "outlet": outlet.strip(), "author": author.strip(), "title": title.strip(), "language": language,
           "file": rel, "sha256": digest, "body_end": body_end, "url": url, "source_note": source_note}
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([row.get(col.strip(), "") for col in header])
    sep = b"" if old_manifest.endswith(b"\n") else b"\n"
    new_manifest = old_manifest + sep + buf.getvalue().encode("utf-8")
    parse_manifest(new_manifest, manifest_path)  # the row as it will be read back; nothing written yet

    if not leftover:
        _copy_new(data, target)
    try:
        atomic_write_bytes(manifest_path, new_manifest)  # the commit point
        load_corpus(corpus)
    except BaseException:
        # Undo last-in-first-out: the manifest first, then the raw file it would list.
        if manifest_path.read_bytes() != old_manifest:
            atomic_write_bytes(manifest_path, old_manifest)
        target.unlink(missing_ok=True)
        raise
    paras = split_paragraphs(body)
    tail = boilerplate.splitlines()[0] if boilerplate else "(none: the whole file is body)"
    lines = [
        f"added {doc_id} (period {period}) as {target}"
        + (" (reusing the identical file left by an interrupted add)" if leftover else ""),
        f"sha256 {digest}",
        f"body: {len(paras)} paragraphs, {len(body.split())} words",
        f"last body paragraph: {_clip(paras[-1])}",
        f"first boilerplate line: {_clip(tail)}",
    ]
    lines += [f"warning: {w}" for w in split_warnings(doc_id, body, boilerplate, str(target))]
    lines.append("check that the split is right; if not, fix body_end in the manifest row (the text is never edited)")
    return "\n".join(lines)


def _copy_new(data: bytes, target: Path) -> None:
    """Write ``data`` to a new file ``target`` (never replacing one), via a synced temporary file."""
    tmp = synced_temp_file(data, target)
    try:
        try:
            os.link(tmp, target)  # fails if the target appeared meanwhile: nothing is overwritten
        except FileExistsError:
            raise CorpusError(f"{target}: already exists; refusing to overwrite -- choose another --doc-id") from None
        except OSError:  # a file system without hard links
            if target.exists():
                raise CorpusError(f"{target}: already exists; refusing to overwrite") from None
            os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _clip(s: str, n: int = 160) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"
