"""Add an article to the corpus: the only code that writes to ``corpus/``.

:func:`add_article` copies the file in byte for byte (refusing to overwrite),
appends one manifest row, validates the whole corpus, and reports the
body/boilerplate split so the user can check it. Both writes are atomic, and if
validation fails both are undone, so a failed ``add`` leaves the corpus as it was.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
from pathlib import Path

from . import config
from ._io import atomic_write_bytes
from .corpus import (MANIFEST_NAME, decode_text, load_corpus, read_manifest, split_body,
                     split_paragraphs)
from .errors import CorpusError


def _precision(date: str) -> str:
    for prec, pattern in (("day", r"\d{4}-\d{2}-\d{2}"), ("month", r"\d{4}-\d{2}"), ("year", r"\d{4}")):
        if re.fullmatch(pattern, date):
            return prec
    raise CorpusError(f"--date {date!r}: use YYYY-MM-DD, YYYY-MM or YYYY")


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
        ``date_precision`` and its year sets ``year``).
    body_end : str, default=""
        Exact text at which the end-matter begins ("" = the file is all body).
    language, url, source_note : str
        Further manifest fields (``url`` and ``source_note`` only if the manifest has them).

    Returns
    -------
    str
        A report of what was added and of the body/boilerplate split.

    Raises
    ------
    CorpusError
        The source is missing, not UTF-8, empty, lacks ``body_end``; the id or
        target file exists; or the corpus does not validate afterwards.
    """
    src = Path(file)
    corpus = config.resolve(corpus_dir)
    if not src.is_file():
        raise CorpusError(f"{src}: file not found; give the path of the article text file")
    data = src.read_bytes()
    text = decode_text(data, src)
    if not text.strip():
        raise CorpusError(f"{src}: file is empty")
    try:
        body, boilerplate = split_body(text, body_end)
    except ValueError:
        raise CorpusError(f"{src}: --body-end {body_end!r} does not occur in the file; copy the exact "
                          f"text where the byline or disclaimer starts") from None
    if not body:
        raise CorpusError(f"{src}: --body-end {body_end!r} is at the start of the file, leaving no body")
    manifest = read_manifest(corpus)
    if doc_id in set(manifest["doc_id"]):
        raise CorpusError(f"{corpus / MANIFEST_NAME}: doc_id {doc_id!r} already exists; choose another --doc-id")
    rel = f"raw/{doc_id}.txt"
    target = corpus / rel
    if target.exists():
        raise CorpusError(f"{target}: already exists; refusing to overwrite -- choose another --doc-id")

    manifest_path = corpus / MANIFEST_NAME
    old_manifest = manifest_path.read_bytes()
    header = next(csv.reader(io.StringIO(old_manifest.decode("utf-8-sig"))))
    row = {"doc_id": doc_id, "period": period, "year": date[:4], "date": date,
           "date_precision": _precision(date), "outlet": outlet, "author": author, "title": title,
           "language": language, "file": rel, "sha256": hashlib.sha256(data).hexdigest(),
           "body_end": body_end, "url": url, "source_note": source_note}
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([row.get(col.strip(), "") for col in header])
    sep = b"" if old_manifest.endswith(b"\n") else b"\n"
    new_manifest = old_manifest + sep + buf.getvalue().encode("utf-8")

    tmp_copy = target.with_name(f".{target.name}.tmp")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, tmp_copy)
    tmp_copy.replace(target)
    try:
        atomic_write_bytes(manifest_path, new_manifest)
        load_corpus(corpus)
    except BaseException:
        atomic_write_bytes(manifest_path, old_manifest)
        target.unlink(missing_ok=True)
        raise
    paras = split_paragraphs(body)
    tail = boilerplate.splitlines()[0] if boilerplate else "(none: the whole file is body)"
    return "\n".join([
        f"added {doc_id} (period {period}) as {target}",
        f"sha256 {row['sha256']}",
        f"body: {len(paras)} paragraphs, {len(body.split())} words",
        f"last body paragraph: {_clip(paras[-1])}",
        f"first boilerplate line: {_clip(tail)}",
        "check that the split is right; if not, fix body_end in the manifest row (the text is never edited)",
    ])


def _clip(s: str, n: int = 160) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"
