"""Load and validate the corpus; documents, paragraphs, sentences and tokens.

The corpus is a directory with ``manifest.csv`` (one row per document) and the raw
article files it names. Raw files are read, never written. Each file is split at
its manifest ``body_end`` marker: the text before the marker is the body, the rest
(bylines, author bios, disclaimers, newsletter sign-ups, photo captions) is
boilerplate and never enters an analysis.

Every problem found raises :class:`~analysis.errors.CorpusError` with one line that
names the file (and manifest row) and the fix.

Examples
--------
>>> from analysis.corpus import load_corpus
>>> corpus = load_corpus("corpus")                      # doctest: +SKIP
>>> corpus.sentences().head()                           # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import config, parallel, resources, segment
from ._io import read_csv_table
from .corpus_checks import (BodyEndError, check_control_characters, check_inside, check_manifest_rows,  # noqa: F401
                            corpus_warnings, locate_body_end)
from .corpus_checks import require_periods as _require_periods
from .errors import CorpusError
# the manifest's columns and reader (analysis.manifest), re-exported
from .manifest import (MANIFEST_NAME, NONEMPTY_COLUMNS, QUALITY_COLUMNS, QUALITY_NAME,  # noqa: F401
                       REQUIRED_COLUMNS, parse_manifest, read_manifest)
from .segment import cache as segment_cache


# --------------------------------------------------------------------------- documents
def sha256_of(path: str | Path) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def decode_text(data: bytes, path: Path) -> str:
    """Decode article bytes as UTF-8 (a leading BOM is dropped), normalising line ends."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not valid UTF-8 (byte {exc.start}); convert it with "
                          f"`iconv -f <encoding> -t UTF-8` and update its sha256 in the manifest") from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split_body(text: str, body_end: str) -> tuple[str, str]:
    """Split an article into body and end-matter where ``body_end`` starts.

    An empty ``body_end`` means the whole text is body. Returns ``(body, boilerplate)``
    with surrounding whitespace stripped. The marker must occur exactly once, at the start
    of a line (:func:`~analysis.corpus_checks.locate_body_end`); otherwise a
    :class:`~analysis.corpus_checks.BodyEndError` (a ``ValueError``) says which rule failed.

    Examples
    --------
    >>> split_body("Text.\\nBy A. Writer", "By A. Writer")
    ('Text.', 'By A. Writer')
    """
    if not body_end:
        return text.strip(), ""
    idx = locate_body_end(text, body_end)
    return text[:idx].strip(), text[idx:].strip()


def split_paragraphs(body: str) -> list[str]:
    """Body paragraphs: non-empty lines, stripped, in reading order."""
    return [line.strip() for line in body.split("\n") if line.strip()]


@dataclass(frozen=True)
class Corpus:
    """A validated corpus. Build it with :func:`load_corpus`.

    Attributes
    ----------
    path : Path
        The corpus directory.
    manifest : pandas.DataFrame
        The manifest rows (see :func:`read_manifest`).
    bodies, boilerplates : dict of str -> str
        Body and end-matter text per ``doc_id``.
    quality_flags : pandas.DataFrame
        Known data-quality problems (``doc_id, excerpt, issue, note``).
    abbreviations, lemma_patches : Path or None
        The user's abbreviation list and lemma corrections used in segmentation
        (``None``: the packaged resources).
    """

    path: Path
    manifest: pd.DataFrame
    bodies: dict
    boilerplates: dict
    quality_flags: pd.DataFrame
    _cache: dict = field(default_factory=dict, repr=False, compare=False)
    abbreviations: Path | None = None
    lemma_patches: Path | None = None

    @property
    def periods(self) -> list[str]:
        """Period labels in chronological order (by earliest year, then label)."""
        first = self.manifest.groupby("period")["year"].min()
        return sorted(first.index, key=lambda p: (first[p], p))

    def require_periods(self, n: int = 2, *, analysis: str, min_documents: int = 1) -> None:
        """Raise a one-line :class:`CorpusError` when fewer than ``n`` periods are present.

        For an analysis that compares periods and cannot run on fewer: the message names
        the manifest, the periods present and what to add
        (see :func:`analysis.corpus_checks.require_periods`).

        Examples
        --------
        >>> corpus.require_periods(2, analysis="keyness (each period vs the others)")  # doctest: +SKIP
        """
        _require_periods(self, n, analysis=analysis, min_documents=min_documents)

    def documents(self) -> pd.DataFrame:
        """One row per document: manifest metadata, ``text`` (body) and ``boilerplate``."""
        df = self.manifest.drop(columns=["row"]).copy()
        df["text"] = df["doc_id"].map(self.bodies)
        df["boilerplate"] = df["doc_id"].map(self.boilerplates)
        return df

    def paragraphs(self) -> pd.DataFrame:
        """``doc_id, period, para_id, text``; ``para_id`` counts body paragraphs from 1."""
        if "paragraphs" not in self._cache:
            rows = []
            for doc_id, period in zip(self.manifest["doc_id"], self.manifest["period"]):
                for i, para in enumerate(split_paragraphs(self.bodies[doc_id]), start=1):
                    rows.append((doc_id, period, i, para))
            self._cache["paragraphs"] = pd.DataFrame(rows, columns=["doc_id", "period", "para_id", "text"])
        return self._cache["paragraphs"].copy()

    def _segmented(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        # Segmentation and tokenisation run once, together, on all paragraphs -- split over
        # worker processes by document when `analysis run --jobs/--scheduler` (ANALYSIS_JOBS,
        # ANALYSIS_SCHEDULER, DASK_SCHEDULER_ADDRESS) ask for it: same tables (analysis.parallel).
        # The tables are kept on disk for the next notebook (analysis.segment.cache), except
        # inside a partition of a parallel run, whose parent keeps the whole corpus's.
        if "segmented" not in self._cache:
            use_disk = not parallel.in_partition()
            key = segment_cache.segmentation_key(self.paragraphs(), quality_flags=self.quality_flags,
                                                 abbreviations=self.abbreviations,
                                                 lemma_patches=self.lemma_patches) if use_disk else None
            tables = segment_cache.load(key) if use_disk else None
            if tables is None:
                tables = self._segment()
                if use_disk:
                    segment_cache.store(key, *tables)
            self._cache["segmented"] = tables
        return self._cache["segmented"]

    def _segment(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        if len(self.manifest) > 1 and parallel.wants_parallel():
            return parallel.segment_corpus(self)
        paras = self.paragraphs()
        sents, toks = segment.segment_paragraphs(paras["text"].tolist(), abbreviations=self.abbreviations,
                                                 lemma_patches=self.lemma_patches)
        keys = paras[["doc_id", "period", "para_id"]].iloc[sents["para_index"].to_numpy()]
        sents = pd.concat([keys.reset_index(drop=True), sents[["text"]]], axis=1)
        # sent_id counts from 1 within a document, across its paragraphs.
        sents.insert(3, "sent_id", sents.groupby("doc_id", sort=False).cumcount() + 1)
        sents["quality_issue"] = _flag_sentences(sents, self.quality_flags)
        tok_keys = sents[["doc_id", "period", "para_id", "sent_id"]].iloc[toks["sent_pos"].to_numpy()]
        toks = pd.concat([tok_keys.reset_index(drop=True), toks.drop(columns="sent_pos")], axis=1)
        return sents, toks

    def sentences(self) -> pd.DataFrame:
        """``doc_id, period, para_id, sent_id, text, quality_issue``.

        ``sent_id`` counts sentences from 1 within a document; ``quality_issue``
        names a known data-quality problem of the sentence (listed in
        ``corpus/quality_flags.csv``) or is the empty string.
        """
        return self._segmented()[0].copy(deep=False)   # pandas >= 3 copies on write: the cache stays intact

    def tokens(self) -> pd.DataFrame:
        """One row per token (whitespace dropped).

        Columns: ``doc_id, period, para_id, sent_id`` and ``token_id`` (from 0
        within the sentence), ``token``, ``lower``, ``lemma`` (lower-cased),
        ``is_stop``, ``is_punct``, ``is_alpha``.
        """
        return self._segmented()[1].copy(deep=False)   # no second ~1 GB token table per call at 10M words

    def without_flagged(self) -> "Corpus":
        """The same corpus without the sentences flagged in ``quality_flags.csv``.

        The one way every robustness check drops them: run any analysis on
        ``corpus.without_flagged()`` instead of ``corpus``. Sentences and tokens keep their
        ids (``para_id``, ``sent_id``); a paragraph's text is its kept sentences joined by a
        space (a paragraph left without sentences is dropped), a document's body its kept
        paragraphs joined by newlines. The result has no flags left; a corpus without
        flagged sentences returns itself.

        Returns
        -------
        Corpus
        """
        sents, toks = self._segmented()
        bad = sents["quality_issue"] != ""
        if not bad.any():  # nothing to drop: the corpus itself (and its cached results)
            return self
        kept = sents.loc[~bad].reset_index(drop=True)
        bad_keys = pd.MultiIndex.from_frame(sents.loc[bad, ["doc_id", "sent_id"]])
        kept_toks = toks.loc[~pd.MultiIndex.from_frame(toks[["doc_id", "sent_id"]]).isin(bad_keys)]
        paras = (kept.groupby(["doc_id", "period", "para_id"], sort=False)["text"].agg(" ".join)
                 .reset_index())
        joined = paras.groupby("doc_id", sort=False)["text"].agg("\n".join)
        bodies = {d: joined.get(d, "") for d in self.bodies}
        out = Corpus(path=self.path, manifest=self.manifest, bodies=bodies, boilerplates=self.boilerplates,
                     quality_flags=self.quality_flags.iloc[:0], abbreviations=self.abbreviations,
                     lemma_patches=self.lemma_patches)
        out._cache["paragraphs"] = paras[["doc_id", "period", "para_id", "text"]]
        out._cache["segmented"] = (kept, kept_toks.reset_index(drop=True))
        return out

    def word_counts(self) -> pd.DataFrame:
        """Words (alphabetic tokens) per sentence: ``doc_id, period, para_id, sent_id, n_words``."""
        if "word_counts" not in self._cache:   # one sentence-sized table, asked for by most notebooks
            toks = self._segmented()[1]
            # the two key columns only: filtering the whole token table copied every column (~1.4 GB at 10M words)
            n = toks.loc[toks["is_alpha"].to_numpy(), ["doc_id", "sent_id"]].groupby(["doc_id", "sent_id"],
                                                                                   sort=False).size()
            sents = self._segmented()[0][["doc_id", "period", "para_id", "sent_id"]]
            idx = pd.MultiIndex.from_frame(sents[["doc_id", "sent_id"]])
            out = sents.copy()
            out["n_words"] = n.reindex(idx, fill_value=0).to_numpy()
            self._cache["word_counts"] = out
        return self._cache["word_counts"].copy()


def _flag_sentences(sents: pd.DataFrame, flags: pd.DataFrame) -> pd.Series:
    """Each sentence's quality issues (``"; "``-joined, in the order of ``flags``), or ``""``.

    A flag is looked for only in its own document's sentences: one pass over the flags and
    their documents, not over every sentence per flag (thousands of flags on a large corpus).
    """
    out = [""] * len(sents)
    if len(flags):
        texts = sents["text"].tolist()
        rows_of: dict = {}
        for i, doc_id in enumerate(sents["doc_id"].tolist()):
            rows_of.setdefault(doc_id, []).append(i)
        for doc_id, excerpt, issue in zip(flags["doc_id"], flags["excerpt"], flags["issue"]):
            for i in rows_of.get(doc_id, ()):
                if excerpt in texts[i]:
                    out[i] = f"{out[i]}; {issue}" if out[i] else issue
    return pd.Series(out, index=sents.index, dtype=object)
# --------------------------------------------------------------------------- loading
def read_document(corpus_dir: Path, rec: dict, *, resolved: dict | None = None) -> tuple[str, str]:
    """Read, verify and split one manifest row's file; return ``(body, boilerplate)``.

    ``resolved``: real paths of folders already seen in this pass (:func:`check_inside`).
    """
    path = corpus_dir / rec["file"]
    where = f"{path} (manifest row {rec['row']}, doc_id {rec['doc_id']})"
    if not path.is_file():
        raise CorpusError(f"{where}: file not found; restore it or fix the file column in {MANIFEST_NAME}")
    check_inside(path, corpus_dir, where, resolved=resolved)
    data = path.read_bytes()
    if not data.strip():
        raise CorpusError(f"{where}: file is empty; restore the article text or remove its manifest row")
    digest = hashlib.sha256(data).hexdigest()
    if digest != rec["sha256"]:
        raise CorpusError(f"{where}: checksum changed (manifest {rec['sha256'][:12]}…, file {digest[:12]}…); "
                          f"raw files are never edited -- restore the original, or if the new text is "
                          f"intended, set sha256 to {digest} in {MANIFEST_NAME}")
    text = decode_text(data, path)
    check_control_characters(text, where)
    try:
        body, boilerplate = split_body(text, rec["body_end"])
    except BodyEndError as exc:
        raise CorpusError(f"{where}: {exc.describe()}; fix body_end in {MANIFEST_NAME} (empty if the file "
                          f"holds the body only)") from None
    if not body:
        raise CorpusError(f"{where}: empty body (body_end {rec['body_end']!r} is at the start of the file); "
                          f"set body_end to where the end-matter starts")
    return body, boilerplate


def read_quality_flags(corpus_dir: Path, bodies: dict) -> pd.DataFrame:
    """Read ``quality_flags.csv`` if present; each excerpt must occur in its document's body."""
    path = corpus_dir / QUALITY_NAME
    if not path.is_file():
        return pd.DataFrame(columns=QUALITY_COLUMNS)
    flags = read_csv_table(path, QUALITY_COLUMNS, CorpusError)
    for i, rec in enumerate(flags.to_dict("records"), start=2):
        if rec["doc_id"] not in bodies:
            raise CorpusError(f"{path}: row {i}: doc_id {rec['doc_id']!r} is not in the manifest")
        if not rec["excerpt"] or rec["excerpt"] not in bodies[rec["doc_id"]]:
            raise CorpusError(f"{path}: row {i}: excerpt not found in the body of {rec['doc_id']}; "
                              f"copy the exact text of the affected sentence")
    return flags[QUALITY_COLUMNS]


def load_corpus(path: str | Path = "corpus", *, abbreviations=None, lemma_patches=None) -> Corpus:
    """Load, verify and split the corpus.

    Parameters
    ----------
    path : str or Path, default="corpus"
        Corpus directory (relative paths resolve from the current directory, else
        from the project root).
    abbreviations, lemma_patches : str or Path, default=None
        Your own abbreviation list (format of ``resources/abbreviations_en.txt``) and lemma
        corrections (``resources/lemma_patches_en.csv``) for the segmentation; ``None``
        uses the packaged files.

    Returns
    -------
    Corpus
        With ``.documents()``, ``.paragraphs()``, ``.sentences()`` and
        ``.tokens()`` as tidy DataFrames.

    Raises
    ------
    CorpusError
        On the first problem found, with a one-line message naming the file and the fix.
    """
    corpus_dir = config.resolve(path)
    manifest = read_manifest(corpus_dir)
    bodies, boilerplates, resolved = {}, {}, {}
    for rec in manifest.to_dict("records"):
        bodies[rec["doc_id"]], boilerplates[rec["doc_id"]] = read_document(corpus_dir, rec, resolved=resolved)
    flags = read_quality_flags(corpus_dir, bodies)
    abbreviations = None if abbreviations is None else resources.resource_path("", abbreviations)
    lemma_patches = None if lemma_patches is None else resources.resource_path("", lemma_patches)
    return Corpus(path=corpus_dir, manifest=manifest, bodies=bodies, boilerplates=boilerplates,
                  quality_flags=flags, abbreviations=abbreviations, lemma_patches=lemma_patches)


def validate_corpus(path: str | Path = "corpus") -> pd.DataFrame:
    """Validate the corpus and return a one-row-per-document summary.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, period, file, paragraphs, body_chars, boilerplate_chars``; the
        warnings of :func:`corpus_warnings` are in ``.attrs["warnings"]``.
    """
    corpus = load_corpus(path)
    paras = corpus.paragraphs().groupby("doc_id").size()
    docs = corpus.documents()
    summary = pd.DataFrame({
        "doc_id": docs["doc_id"], "period": docs["period"], "file": docs["file"],
        "paragraphs": docs["doc_id"].map(paras).fillna(0).astype(int),
        "body_chars": docs["text"].str.len(), "boilerplate_chars": docs["boilerplate"].str.len(),
    })
    summary.attrs["warnings"] = corpus_warnings(corpus)
    return summary
