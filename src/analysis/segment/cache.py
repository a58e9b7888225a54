"""An on-disk cache of a corpus's sentence and token tables, shared by every notebook.

Segmentation is the one step every notebook repeats: each kernel loads the corpus and
segments it again (about 4 s per million words, 24 s for 10,000 articles). The first
run stores the two tables as Parquet; every later kernel -- the next notebook, a rerun
after a parameter change -- reads them back (about 0.5 s per million words).

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
atomically, so two notebooks running side by side may both write one; the last
:data:`MAX_ENTRIES` entries are kept. The corpus directory itself is never written to.
"""

from __future__ import annotations

import hashlib
import os
from importlib import metadata
from pathlib import Path

import pandas as pd

from .. import config, resources
from .._io import atomic_write_bytes

#: Bump when the stored layout changes.
FORMAT = 1
#: Entries kept per cache directory (the most recently used).
MAX_ENTRIES = 8
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
    return directory / f"{key}.sentences.parquet", directory / f"{key}.tokens.parquet"


def _to_bytes(table: pd.DataFrame) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = pa.Table.from_pandas(table, preserve_index=False)
    # Parquet has one string type: remember which columns were Python objects rather than
    # pandas' str dtype, so that the tables read back equal the computed ones, dtypes included.
    objects = ",".join(str(c) for c in table.columns if table[c].dtype == object)
    arrow = arrow.replace_schema_metadata({**(arrow.schema.metadata or {}), _OBJECT_COLUMNS: objects.encode()})
    sink = pa.BufferOutputStream()
    pq.write_table(arrow, sink, compression="zstd")
    return sink.getvalue().to_pybytes()


def _from_path(path: Path) -> pd.DataFrame:
    import pyarrow.parquet as pq

    arrow = pq.read_table(path)
    objects = (arrow.schema.metadata or {}).get(_OBJECT_COLUMNS, b"").decode()
    table = arrow.to_pandas()
    for column in filter(None, objects.split(",")):
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
        tables = _from_path(sent_path), _from_path(tok_path)
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
        atomic_write_bytes(tok_path, _to_bytes(tokens))
        atomic_write_bytes(sent_path, _to_bytes(sentences))
        _prune(directory)
    except OSError:
        return


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass


def _prune(directory: Path) -> None:
    entries = {}
    for path in directory.glob("*.sentences.parquet"):
        entries[path.name.split(".")[0]] = path.stat().st_mtime
    for key in sorted(entries, key=entries.get, reverse=True)[MAX_ENTRIES:]:
        for path in _paths(directory, key):
            path.unlink(missing_ok=True)
