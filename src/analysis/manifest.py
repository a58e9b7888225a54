"""The corpus manifest: its required columns, reading and checking it.

``manifest.csv`` has one row per document (DESIGN.md §1). :func:`read_manifest` reads
and checks its structure (not the files it names); :func:`parse_manifest` checks bytes
before they are written (``analysis add``). Both raise
:class:`~analysis.errors.CorpusError` with one line naming the file and the fix. The
names are re-exported by :mod:`analysis.corpus`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from . import config
from .corpus_checks import check_manifest_rows
from .errors import CorpusError

MANIFEST_NAME = "manifest.csv"
QUALITY_NAME = "quality_flags.csv"

#: Columns every manifest must have (DESIGN.md §1).
REQUIRED_COLUMNS = ["doc_id", "period", "year", "date", "date_precision", "outlet", "author",
                    "title", "language", "file", "sha256", "body_end"]
#: Columns that may not be empty.
NONEMPTY_COLUMNS = ["doc_id", "period", "year", "date", "date_precision", "outlet", "author",
                    "title", "language", "file", "sha256"]
QUALITY_COLUMNS = ["doc_id", "excerpt", "issue", "note"]

def read_manifest(corpus_dir: str | Path = "corpus") -> pd.DataFrame:
    """Read and validate ``manifest.csv`` (structure only, not the files).

    Parameters
    ----------
    corpus_dir : str or Path, default="corpus"
        The corpus directory.

    Returns
    -------
    pandas.DataFrame
        One row per document, all columns as strings except ``year`` (int), in
        manifest order, plus ``row`` (the 1-based line of the row in the CSV file,
        counting the header as line 1).

    Raises
    ------
    CorpusError
        Missing or unparseable manifest, missing columns, empty required cells,
        duplicate ``doc_id``, unknown or empty ``period``, bad dates or checksums.
    """
    corpus_dir = config.resolve(corpus_dir)
    path = corpus_dir / MANIFEST_NAME
    if not corpus_dir.is_dir():
        raise CorpusError(f"{corpus_dir}: corpus directory not found; pass --corpus DIR pointing at a "
                          f"directory with {MANIFEST_NAME} and the raw files")
    if not path.is_file():
        raise CorpusError(f"{path}: manifest not found; create it (see corpus/README.md) or add articles "
                          f"with `python -m analysis add`")
    return parse_manifest(path.read_bytes(), path)


def parse_manifest(raw: bytes, path: Path) -> pd.DataFrame:
    """Parse and check manifest bytes (what :func:`read_manifest` does after reading the file).

    ``add`` uses it to check the manifest it is about to write before writing anything.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not valid UTF-8 (byte {exc.start}); re-save the manifest as UTF-8") from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise CorpusError(f"{path}: cannot be parsed as CSV ({exc}); fix the quoting in the manifest") from None
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise CorpusError(f"{path}: manifest is empty; it needs a header row and one row per document")
    header = [h.strip() for h in rows[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise CorpusError(f"{path}: missing required column(s) {', '.join(missing)}; the header must "
                          f"include {', '.join(REQUIRED_COLUMNS)}")
    if len(set(header)) != len(header):
        dup = sorted({h for h in header if header.count(h) > 1})
        raise CorpusError(f"{path}: duplicate column name(s) {', '.join(dup)}; each column once")
    records = []
    for line_no, r in enumerate(rows[1:], start=2):
        if len(r) != len(header):
            raise CorpusError(f"{path}: row {line_no} has {len(r)} fields, the header has {len(header)}; "
                              f"quote cells that contain commas")
        records.append(dict(zip(header, r), row=line_no))
    if not records:
        raise CorpusError(f"{path}: manifest has a header but no documents; add a row per document")
    df = pd.DataFrame.from_records(records, columns=[*header, "row"])
    for col in header:
        if col != "body_end":  # body_end is exact text: keep its spaces
            df[col] = df[col].str.strip()
    check_manifest_rows(df, path)
    df["year"] = df["year"].astype(int)
    return df.reset_index(drop=True)
