"""Which corpus holds the hand-coded articles, whatever corpus is analysed.

The rule-based measures are validated against hand coding of the two bundled articles
(``validation/*.csv`` files keyed by ``doc_id``). That validation is a property of the rules,
not of the corpus being analysed: a corpus of a user's own articles, or a synthetic one of
thousands, does not hold those two articles, and its notebooks must still run and still
report the same validation. :func:`hand_coded_corpus` returns the analysed corpus when it
holds every hand-coded document, else the corpus that does (by default the bundled
``corpus/``), loaded and checked like any other. :func:`read_hand_coding` reads one
hand-coding file with its checks (also exported as ``analysis.validation.read_hand_coding``).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from . import config
from .errors import AnalysisError, ResourceError

#: Hand-coding files keyed by the bundled articles' ``doc_id`` (held-out pieces have their own texts).
ARTICLE_FILES = ("frames_articles.csv", "second_coder_frames.csv", "entman_sentences.csv", "actors_mentions.csv",
                 "drivers_articles.csv", "sentiment_sentences.csv", "stance_matches.csv")


def hand_coded_documents(validation_dir: str | os.PathLike = "validation") -> list[str]:
    """``doc_id`` of every article named in the article-level hand coding, sorted.

    Parameters
    ----------
    validation_dir : str or Path, default="validation"

    Returns
    -------
    list of str
    """
    folder = config.resolve(validation_dir)
    ids: set[str] = set()
    for name in ARTICLE_FILES:
        path = folder / name
        if path.is_file():
            try:
                ids |= set(pd.read_csv(path, usecols=["doc_id"], dtype=str)["doc_id"].dropna())
            except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
                raise AnalysisError(f"{path}: cannot read its doc_id column ({str(exc).splitlines()[0]}); "
                                    f"fix the file (see validation/README.md)") from None
    return sorted(ids)


def hand_coded_corpus(corpus, validation_dir: str | os.PathLike = "validation", *,
                      reference_dir: str | os.PathLike | None = None):
    """The corpus to validate on: ``corpus`` if it holds every hand-coded article, else the reference.

    Parameters
    ----------
    corpus : analysis.corpus.Corpus
        The corpus being analysed.
    validation_dir : str or Path, default="validation"
    reference_dir : str or Path, optional
        The corpus whose articles were hand-coded. Default: the bundled ``corpus/``.

    Returns
    -------
    analysis.corpus.Corpus
        ``corpus`` itself (same object, same cached results) or the reference corpus.

    Raises
    ------
    AnalysisError
        When the reference corpus does not hold them either: one line naming them and the fix.
    """
    from .corpus import load_corpus

    ids = hand_coded_documents(validation_dir)
    if set(ids) <= set(corpus.manifest["doc_id"]):
        return corpus
    ref_path = config.resolve(reference_dir) if reference_dir is not None else config.corpus_dir()
    if Path(ref_path).resolve() == Path(corpus.path).resolve():
        reference = corpus
    else:
        reference = load_corpus(ref_path)
    missing = sorted(set(ids) - set(reference.manifest["doc_id"]))
    if missing:
        raise AnalysisError(f"{config.resolve(validation_dir)}: the hand coding names {', '.join(missing[:3])}, "
                            f"which {ref_path} does not hold; pass the corpus whose articles were hand-coded "
                            f"(VALIDATION_CORPUS_DIR)")
    return reference


def describe(corpus, validated) -> str:
    """One sentence saying which articles the validation below is computed on."""
    if validated is corpus:
        return "Validation is computed on the hand-coded articles of the analysed corpus."
    n = len(validated.manifest)
    return (f"The analysed corpus ({len(corpus.manifest):,} articles) does not hold the hand-coded articles: "
            f"validation is computed on the {n} hand-coded article{'s' if n != 1 else ''} of "
            f"{Path(validated.path).name}/, with the same rules and parameters.")


def label(name: str, corpus, validated) -> str:
    """``name`` of a result from the hand coding, saying so when it is not the analysed corpus's.

    Examples
    --------
    >>> label("paragraphs (hand coding)", "a corpus", "another corpus")
    'paragraphs (hand coding, hand-coded articles only)'
    """
    if validated is corpus:
        return name
    return name[:-1] + ", hand-coded articles only)" if name.endswith(")") else name + " (hand-coded articles only)"


def read_hand_coding(path: str | os.PathLike, columns, *, key=None, allowed: dict | None = None) -> pd.DataFrame:
    """Read a hand-coding CSV from ``validation/`` (strings), checking columns, keys and values.

    Parameters
    ----------
    path : str or PathLike
        E.g. ``"validation/frames_articles.csv"`` (relative paths resolve from the project root).
    columns : list of str
        Required columns.
    key : list of str, default=None
        Columns that must identify each row uniquely.
    allowed : dict of str -> collection, default=None
        Allowed values per column (a ``;``-separated cell is checked item by item).

    Returns
    -------
    pandas.DataFrame
        The file as strings (empty cells ``""``).

    Raises
    ------
    ResourceError
        One line naming the file, the row and the fix.
    """
    p = config.resolve(path)
    if not p.is_file():
        raise ResourceError(f"{p}: file not found; pass the path of a hand-coding CSV (see validation/README.md)")
    try:
        df = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError:
        raise ResourceError(f"{p}: not UTF-8 text; save the file as UTF-8") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ResourceError(f"{p}: cannot be read ({str(exc).splitlines()[0]}); fix the CSV") from None
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ResourceError(f"{p}: missing column(s) {', '.join(missing)}; expected {', '.join(columns)}")
    if key:
        dup = df.duplicated(list(key), keep="first")
        if dup.any():
            i = int(np.flatnonzero(dup.to_numpy())[0]) + 2
            raise ResourceError(f"{p}: row {i}: duplicate {'/'.join(key)}; code each unit once")
    for col, values in (allowed or {}).items():
        allowed_set = {str(v) for v in values}
        for i, cell in enumerate(df[col], start=2):
            bad = [v for v in (s.strip() for s in cell.split(";")) if v and v not in allowed_set]
            if bad:
                raise ResourceError(f"{p}: row {i}: {col} value(s) {', '.join(bad)} not allowed; "
                                    f"use {', '.join(sorted(allowed_set))}")
    return df
