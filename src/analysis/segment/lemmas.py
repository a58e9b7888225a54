"""Lemmas: corrections on top of spaCy's English lookup table, and the ``"lemma_fix"`` component."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language

from .. import resources
from ..errors import ResourceError


#: Packaged corrections to the lookup lemma table (see ``resources/README.md``).
LEMMA_PATCHES_FILE = "lemma_patches_en.csv"
# Words after which "'s" is the verb ("it's", "there's"), not the possessive.
_S_IS_VERB_AFTER = frozenset(
    "it he she that there here what where who how when why this everyone everybody "
    "someone somebody something nothing everything nobody one".split())


def load_lemma_patches(path: str | Path | None = None) -> dict[str, str]:
    """Read the corrections applied on top of spaCy's English lookup lemma table.

    Parameters
    ----------
    path : str or Path, optional
        A CSV file with columns ``form, lemma, note`` like the packaged
        ``resources/lemma_patches_en.csv``; ``form`` is matched case-insensitively
        (a curly apostrophe counts as a straight one). ``None`` (default) reads the
        packaged file.

    Returns
    -------
    dict of str -> str
        Lower-case form -> lemma.

    Raises
    ------
    ResourceError
        Missing file or column, empty cell, repeated form.

    Examples
    --------
    >>> load_lemma_patches()["does"]
    'do'
    """
    table = resources.load_csv(LEMMA_PATCHES_FILE, ["form", "lemma"], path, comment=None)
    path = resources.resource_path(LEMMA_PATCHES_FILE, path)
    out: dict[str, str] = {}
    for line, form, lemma in zip(table["row"], table["form"], table["lemma"]):
        form = form.strip().replace("’", "'").lower()
        lemma = lemma.strip()
        if not form or not lemma:
            raise ResourceError(f"{path}: row {line}: empty form or lemma; fill both in")
        if form in out:
            raise ResourceError(f"{path}: row {line}: form {form!r} is listed twice; keep one row")
        out[form] = lemma
    return out


def _type_lemma(text: str, table, patches: dict[str, str], *, initial: bool) -> str:
    """Lower-cased lookup lemma of one word form.

    The lookup table is case-sensitive. The form is looked up as written; a
    capitalised word that starts a sentence (``initial``) is also tried in lower
    case ("Relations" -> "relation"), while a capitalised word inside a sentence is
    taken for a name and kept ("United States" -> "united", "states").
    """
    key = text.replace("’", "'")
    low = key.lower()
    if low in patches:
        return patches[low]
    lemma = table.get(key)
    if lemma is None and initial and low != key:
        lemma = table.get(low)
    return (lemma if lemma is not None else text).lower()


def _is_stop(text: str) -> bool:
    # spaCy's English stop list (case-insensitive), except acronyms written in
    # capitals ("US" the country, not "us").
    if len(text) > 1 and text.isupper() and text.isalpha():
        return False
    return text.lower() in STOP_WORDS


def _clitic_s_lemma(prev_lower: str) -> str:
    # "'s" after a pronoun or "there"/"here"/wh-word is the verb ("it's", "there's");
    # "let's" is "us"; everywhere else it is the possessive and stays "'s".
    prev = prev_lower.replace("’", "'")
    if prev == "let":
        return "us"
    return "be" if prev in _S_IS_VERB_AFTER else "'s"


class _LemmaFix:
    """spaCy component: make ``Token.lemma_`` equal to the ``lemma`` column of the token table."""

    def __init__(self, table, patches: dict[str, str]):
        self.table = table
        self.patches = patches

    def __call__(self, doc):
        prev = ""
        initial = True
        for tok in doc:
            if tok.is_sent_start:
                initial = True
            low = tok.lower_
            if low in ("'s", "’s"):
                tok.lemma_ = _clitic_s_lemma(prev)
            else:
                tok.lemma_ = _type_lemma(tok.text, self.table, self.patches, initial=initial)
            if not tok.is_space:
                prev = low
                if not tok.is_punct:
                    initial = False
        return doc


@Language.factory("lemma_fix", default_config={"patches_path": None})
def _make_lemma_fix(nlp, name: str, patches_path: Optional[str]):
    return _LemmaFix(nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup"),
                     load_lemma_patches(patches_path))
