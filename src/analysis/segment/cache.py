"""An on-disk cache of a corpus's sentence and token tables, shared by every notebook.

Segmentation is the one step every notebook repeats: each kernel loads the corpus and
segments it again (about 4 s per million words, 24 s for 10,000 articles). The first
run stores the two tables as uncompressed Arrow IPC files (Feather v2); every later
kernel -- the next notebook, a rerun after a parameter change -- maps them into memory
and reads them back in about 0.03 s of CPU per million words (0.25 s for 10,000
articles, 12M token rows, against 4.5 s for the zstd Parquet of format 1, nearly all
of it Parquet decoding). The string columns are not copied: pandas' ``str`` columns
point into the mapped file, whose pages the operating system shares between the
kernels that run side by side. The price is disk: about 120 MB per million words
(1.2 GB for 10,000 articles, against 90 MB as Parquet), which is why old entries are
pruned by size as well as by number.

The cache cannot go stale: its key is a SHA-256 of everything the tables depend on --
the paragraphs (document ids, periods, text), the quality flags, the abbreviation list
and lemma corrections (the files' bytes, packaged or the user's), the source of the
segmentation code (``analysis/segment/*.py`` and ``analysis/corpus.py``) and the
versions of spaCy, spacy-lookups-data, pandas and pyarrow. Change any of them and the
key changes. An entry that cannot be read (a truncated file, another version's format)
is recomputed, never trusted. Tables read back equal the computed ones exactly,
dtypes included (a test checks this).

Where: ``$ANALYSIS_CACHE_DIR``, else ``.cache/segmentation`` under the project root
(git-ignored). ``ANALYSIS_CACHE_DIR=off`` turns the cache off. Entries are written
atomically (a new file renamed into place, never rewritten in place: a mapped file
is never truncated under a reader), so two notebooks running side by side may both
write one; the most recently used entries are kept, at most :data:`MAX_ENTRIES` of
them and :data:`MAX_BYTES` together. The corpus directory itself is never written to.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from importlib import metadata
from pathlib import Path

import pandas as pd

from .. import config, resources

#: Bump when the stored layout changes (1: zstd Parquet; 2: uncompressed Arrow IPC files).
FORMAT = 2
#: Entries kept per cache directory (the most recently used).
MAX_ENTRIES = 8
#: Bytes the kept entries may take together; the newest entry is kept whatever its size.
MAX_BYTES = 4 * 1024**3
_SUFFIXES = (".sentences.arrow", ".tokens.arrow")
_OLD_SUFFIXES = (".sentences.parquet", ".tokens.parquet")   # format 1, removed when pruning
_OFF = {"off", "0", "no", "false", "none"}
_OBJECT_COLUMNS = b"analysis.object_columns"
_VERSIONED = ("spacy", "spacy-lookups-data", "pandas", "pyarrow")


def cache_dir() -> Path | None:
    """The cache directory, or ``None`` when ``ANALYSIS_CACHE_DIR`` turns the cache off."""
    value = os.environ.get("ANALYSIS_CACHE_DIR", "").strip()
    if value.lower() in _OFF:
        return None
    return Path(value) if value else config.project_root() / ".cache" / "segmentation"


def _code_digest() -> bytes:
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for path in [*sorted(here.glob("*.py")), here.parent / "corpus.py"]:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    for name in _VERSIONED:
        try:
            h.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=absent".encode())
    return h.digest()


def _file_bytes(default_name: str, path) -> bytes:
    return resources.resource_path(default_name, path).read_bytes()


def segmentation_key(paragraphs: pd.DataFrame, *, quality_flags: pd.DataFrame, abbreviations=None,
                     lemma_patches=None) -> str:
    """The cache key of a corpus's segmentation: a SHA-256 hex digest.

    Parameters
    ----------
    paragraphs : pandas.DataFrame
        ``doc_id, period, para_id, text`` (:meth:`Corpus.paragraphs`).
    quality_flags : pandas.DataFrame
        The corpus's known data-quality problems (they set ``quality_issue``).
    abbreviations, lemma_patches : Path or None
        The segmentation resources (``None``: the packaged files).
    """
    from .lemmas import LEMMA_PATCHES_FILE
    from .rules import ABBREVIATIONS_FILE

    h = hashlib.sha256(f"segmentation cache {FORMAT}".encode())
    h.update(_code_digest())
    h.update(_file_bytes(ABBREVIATIONS_FILE, abbreviations))
    h.update(_file_bytes(LEMMA_PATCHES_FILE, lemma_patches))
    h.update(quality_flags.to_csv(index=False).encode("utf-8"))
    for column in ("doc_id", "period", "para_id", "text"):
        h.update(column.encode() + b"\0")
        # \x1f (unit separator) cannot occur in corpus text: control characters are refused on load
        h.update("\x1f".join(map(str, paragraphs[column].tolist())).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _paths(directory: Path, key: str) -> tuple[Path, Path]:
    return directory / f"{key}{_SUFFIXES[0]}", directory / f"{key}{_SUFFIXES[1]}"


def _write(path: Path, table: pd.DataFrame) -> None:
    """Write ``table`` to ``path`` atomically as an uncompressed Arrow IPC file."""
    import pyarrow as pa

    arrow = pa.Table.from_pandas(table, preserve_index=False)
    # Arrow has one string type: remember which columns were Python objects rather than
    # pandas' str dtype, so that the tables read back equal the computed ones, dtypes included.
    objects = ",".join(str(c) for c in table.columns if table[c].dtype == object)
    arrow = arrow.replace_schema_metadata({**(arrow.schema.metadata or {}), _OBJECT_COLUMNS: objects.encode()})
    # Streamed to a temporary file, then renamed into place: no second copy of a 1 GB table
    # in memory (_io.atomic_write_bytes takes the bytes whole), and a reader that has mapped
    # the old file keeps it intact. Uncompressed on purpose: lz4 or zstd make the file 3-7x
    # smaller but reading 12M rows back costs 1.5-4 CPU s instead of 0.25 s (and the pages
    # are no longer shared between kernels).
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            with pa.ipc.new_file(fh, arrow.schema) as writer:
                writer.write_table(arrow)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _read(path: Path) -> pd.DataFrame:
    import pyarrow as pa

    # Memory-mapped: the Arrow string columns become pandas str columns without a copy (they
    # keep the mapping alive after the file is closed); integers and booleans are copied.
    with pa.memory_map(str(path), "r") as source:
        arrow = pa.ipc.open_file(source).read_all()
    # Buffer sizes against lengths (cheap); a full check of every offset and UTF-8 byte
    # would cost 0.4-0.7 CPU s at 12M rows, more than the read itself.
    arrow.validate()
    objects = (arrow.schema.metadata or {}).get(_OBJECT_COLUMNS)
    if objects is None:
        raise ValueError(f"{path}: not a segmentation cache entry")
    table = arrow.to_pandas()
    for column in filter(None, objects.decode().split(",")):
        table[column] = table[column].astype(object)
    return table


def load(key: str) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The cached ``(sentences, tokens)`` of ``key``, or ``None`` (no entry, unreadable, cache off)."""
    directory = cache_dir()
    if directory is None:
        return None
    sent_path, tok_path = _paths(directory, key)
    if not (sent_path.is_file() and tok_path.is_file()):
        return None
    try:
        tables = _read(sent_path), _read(tok_path)
    except Exception:  # noqa: BLE001 - a damaged or foreign entry is recomputed, never trusted
        return None
    import pyarrow as pa

    pa.default_memory_pool().release_unused()   # the Arrow tables converted to pandas are freed: return the memory
    for path in (sent_path, tok_path):
        _touch(path)
    return tables


def store(key: str, sentences: pd.DataFrame, tokens: pd.DataFrame) -> None:
    """Write ``(sentences, tokens)`` under ``key`` atomically; drop the oldest entries past :data:`MAX_ENTRIES`.

    A cache that cannot be written (read-only checkout, full disk) is skipped silently:
    the tables were computed and the run goes on.
    """
    directory = cache_dir()
    if directory is None:
        return
    sent_path, tok_path = _paths(directory, key)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        # tokens first: an entry counts only once its sentences file exists
        _write(tok_path, tokens)
        _write(sent_path, sentences)
        _prune(directory)
    except OSError:
        return


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass


def _prune(directory: Path) -> None:
    for suffix in _OLD_SUFFIXES:   # another format's entries are never read again
        for path in directory.glob(f"*{suffix}"):
            path.unlink(missing_ok=True)
    entries = {}
    for path in directory.glob(f"*{_SUFFIXES[0]}"):
        key = path.name[: -len(_SUFFIXES[0])]
        sizes = [p.stat().st_size for p in _paths(directory, key) if p.is_file()]
        entries[key] = (path.stat().st_mtime, sum(sizes))
    total = 0
    for rank, key in enumerate(sorted(entries, key=lambda k: entries[k][0], reverse=True)):
        total += entries[key][1]
        if rank >= MAX_ENTRIES or (rank > 0 and total > MAX_BYTES):
            for path in _paths(directory, key):
                path.unlink(missing_ok=True)
