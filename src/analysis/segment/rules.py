"""Sentence-boundary rules: the abbreviation list and the ``"rule_sentencizer"`` spaCy component.

See the package docstring for how boundaries are decided.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

import numpy as np
from spacy.attrs import ORTH, SENT_START, SPACY
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language

from .. import resources
from ..errors import ResourceError

# Next-word categories.
_END, _LOWER, _UPPER, _DIGIT, _CONT, _OTHER = range(6)


#: Packaged abbreviation list (see ``resources/README.md``).
ABBREVIATIONS_FILE = "abbreviations_en.txt"
#: Allowed values of the second column of the abbreviation list.
ABBREVIATION_KINDS = ("general", "number")
#: Name of the sentence-boundary component in :func:`english_pipeline`.
SENTENCIZER_NAME = "rule_sentencizer"
_TERMINAL = frozenset(".!?…")
_BULLETS = frozenset("•‣◦⁃∙▪●")
# Last characters of tokens that may end a sentence or close a list marker, plus
# newline (blank lines); tokens starting with a bullet are candidates too.
_CANDIDATE_LAST = frozenset(".!?…)\n")
_CLOSERS = frozenset(['"', "'", "”", "’", "»", "›", ")", "]", "}"])
_OPENERS = frozenset(['"', "'", "“", "‘", "„", "«", "‹", "(", "[", "{", "-", "–", "—", "―", "*"]) | _BULLETS
_CONTINUATION_FIRST = frozenset(",;:)]}%'’")
_MARKER_RE = re.compile(r"[•‣◦⁃∙▪●]?(\d{1,3})")


def load_abbreviations(path: str | Path | None = None) -> dict[str, str]:
    """Read the abbreviation list used by the sentence-boundary rules.

    Parameters
    ----------
    path : str or Path, optional
        A file in the format of the packaged ``resources/abbreviations_en.txt``
        (one abbreviation per line, lower case, without the final period, then its
        kind ``general`` or ``number``; ``#`` starts a comment). ``None`` (default)
        reads the packaged list.

    Returns
    -------
    dict of str -> str
        Abbreviation (lower case) -> kind.

    Raises
    ------
    ResourceError
        Missing file, a line without a kind, an unknown kind, a trailing period or
        a repeated entry.

    Examples
    --------
    >>> load_abbreviations()["co"]
    'general'
    >>> load_abbreviations()["no"]
    'number'
    """
    path = resources.resource_path(ABBREVIATIONS_FILE, path)
    out: dict[str, str] = {}
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        where = f"{path}: line {line_no}"
        if len(fields) != 2:
            raise ResourceError(f"{where}: expected 'abbreviation kind' (kind one of "
                                f"{', '.join(ABBREVIATION_KINDS)}), got {line.strip()!r}")
        abbr, kind = fields[0].lower(), fields[1]
        if kind not in ABBREVIATION_KINDS:
            raise ResourceError(f"{where}: unknown kind {kind!r}; use one of {', '.join(ABBREVIATION_KINDS)}")
        if abbr.endswith("."):
            raise ResourceError(f"{where}: write {abbr!r} without its final period ({abbr[:-1]!r})")
        if abbr in out:
            raise ResourceError(f"{where}: {abbr!r} is listed twice; keep one line")
        out[abbr] = kind
    if not out:
        raise ResourceError(f"{path}: no abbreviations found; list one per line or pass path=None")
    return out


def _sentence_starts(words, space_after, abbreviations, *, cands=None, stop_words=STOP_WORDS) -> list[int]:
    """Token indices that start a sentence (always including 0), in order.

    ``words`` are the token texts (a sequence), ``space_after`` whether each token is
    followed by whitespace, ``abbreviations`` maps lower-case abbreviations (no final
    period) to their kind; ``cands`` optionally lists, in order, the tokens that can
    end a sentence or start a list item (computed from ``words`` when None). Pure
    function of its inputs (see the module docstring for the rules).
    """
    n = len(words)
    if cands is None:
        cands = [i for i, w in enumerate(words) if w[-1] in _CANDIDATE_LAST or w[0] in _BULLETS]
    if not cands:
        return [0]
    in_marker, marker_starts = _list_markers(words, space_after, cands)
    starts = set(marker_starts)
    skip_to = -1
    for i in cands:
        if i <= skip_to or i in in_marker:
            continue
        w = words[i]
        if w[0] in _BULLETS:
            starts.add(i)
            continue
        last = w[-1]
        if last == "\n":
            if w.count("\n") >= 2:
                starts.add(_next_non_space(words, i + 1))
            continue
        if last not in _TERMINAL:
            continue
        pure = all(ch in _TERMINAL for ch in w)
        if not pure and (last != "." or not any(ch.isalpha() for ch in w)):
            continue
        # The run of terminal punctuation, then closing quotes/brackets attached to it.
        j = i
        if pure:
            while j + 1 < n and all(ch in _TERMINAL for ch in words[j + 1]):
                j += 1
        k = j + 1
        closed = False
        while k < n and words[k] in _CLOSERS and not space_after[k - 1]:
            k += 1
            closed = True
        skip_to = k - 1
        cat, nxt = _next_word(words, k)
        if cat == _END:
            continue
        split_at = k
        if not pure:  # a token spaCy keeps with its period: "U.S.", "co.", "E.", "a.m."
            boundary = _after_abbreviation(cat, nxt, stop_words)
        else:
            run = words[i:j + 1]
            if any("?" in t or "!" in t for t in run):
                boundary = cat not in (_LOWER, _CONT)
            else:
                n_dots = sum(3 if t == "…" else len(t) for t in run)
                attached = i > 0 and not space_after[i - 1] and not words[i - 1].isspace()
                if i > 0 and words[i - 1] == "[":          # "[...]": an omission, not an end
                    boundary = False
                elif n_dots == 1 and attached and (kind := _abbreviation_kind(words, space_after, i, abbreviations)):
                    if kind == "number" and cat != _DIGIT:
                        boundary = _after_period(cat, closed)
                    else:
                        boundary = _after_abbreviation(cat, nxt, stop_words)
                elif n_dots <= 2:                           # "." or a stray ". ."
                    boundary = _after_period(cat, closed)
                elif n_dots == 3:                           # ellipsis
                    boundary = j == i and cat == _UPPER     # spaced ". . ." never ends
                elif j > i and attached and words[i] == ".":
                    boundary = cat == _UPPER                # "word. . . . Next": the period ends it
                    split_at = i + 1
                else:                                       # ". . . ." or "....": ellipsis + period
                    boundary = cat not in (_LOWER, _CONT)
        if boundary:
            starts.add(_next_non_space(words, split_at))
    starts.discard(n)
    starts.add(0)
    return _merge_punctuation_only(words, sorted(starts))


def _next_non_space(words, k: int) -> int:
    n = len(words)
    while k < n and words[k].isspace():
        k += 1
    return k


def _next_word(words, k: int) -> tuple[int, str]:
    """Category and text of the first word at or after ``k`` (skipping spaces and openers)."""
    n = len(words)
    while k < n and (words[k].isspace() or words[k] in _OPENERS):
        k += 1
    if k >= n:
        return _END, ""
    w = words[k]
    first = w[0]
    if first in _CONTINUATION_FIRST:
        return _CONT, w
    if first.islower():
        return _LOWER, w
    if first.isupper():
        return _UPPER, w
    if first.isdigit():
        return _DIGIT, w
    return _OTHER, w


def _after_period(cat: int, closed: bool) -> bool:
    # Ordinary full stop: ends the sentence unless a comma etc. follows, or a
    # lower-case word follows a closing quote/bracket ("'This is great.' she said").
    if cat == _CONT:
        return False
    if cat == _LOWER:
        return not closed
    return True


def _after_abbreviation(cat: int, nxt: str, stop_words) -> bool:
    # Only a capitalised function word ("It", "The", "How", "Did") starts a new
    # sentence after an abbreviation; names, numbers and lower case continue it.
    return cat == _UPPER and nxt.lower() in stop_words


def _abbreviation_kind(words, space_after, i: int, abbreviations) -> str | None:
    """Kind of the abbreviation a period at ``i`` is attached to ("st" + ".", "N" + "°" + "."), or None."""
    prev = words[i - 1].lower()
    kind = abbreviations.get(prev)
    if kind is None and i >= 2 and not space_after[i - 2] and not words[i - 2].isspace():
        kind = abbreviations.get(words[i - 2].lower() + prev)
    return kind


def _list_markers(words, space_after, cands) -> tuple[set[int], set[int]]:
    """Tokens inside confirmed list markers, and the tokens that start list items.

    A marker is a number (1-3 digits, optionally glued to a bullet: "⁃9") followed
    by "." / ")" / ".)", or a lower-case letter followed by "." or ")", preceded by
    whitespace (or the start, or a bullet) and followed by a capitalised word. It is
    confirmed when the previous or next value of the same style also occurs in the
    paragraph ("1. ... 2. ...", "a. ... b. ..."), or when it opens the paragraph or
    follows a bullet.
    """
    n = len(words)
    found = []
    for i in cands:
        w = words[i]
        if len(w) == 2 and w[1] == "." and "a" <= w[0] <= "z":       # "a." is one token
            m, end, group, value = i, i, ("letter", "."), ord(w[0])
        elif w in (".", ")") and i > 0:
            m = i - 1
            prev = words[m]
            mt = _MARKER_RE.fullmatch(prev)
            if mt:
                value, kind = int(mt.group(1)), "number"
            elif len(prev) == 1 and "a" <= prev <= "z" and w == ")":
                value, kind = ord(prev), "letter"
            else:
                continue
            if space_after[m]:
                continue
            end, style = i, w
            if w == "." and i + 1 < n and words[i + 1] == ")" and not space_after[i]:
                end, style = i + 1, ".)"
            group = (kind, style)
        else:
            continue
        if not space_after[end]:
            continue
        before = m - 1
        while before >= 0 and words[before].isspace():
            before -= 1
        bullet_before = before >= 0 and words[before][0] in _BULLETS   # "• 9." (the bullet starts the item)
        if before >= 0 and not bullet_before and not space_after[before] and not words[before + 1].isspace():
            continue                                                   # "(1)", "x1."
        cat, _ = _next_word(words, end + 1)
        if cat != _UPPER:
            continue
        anchored = before < 0 or bullet_before or words[m][0] in _BULLETS
        found.append((m, end, group, value, anchored, bullet_before))
    if not found:
        return set(), set()
    values = {(f[2], f[3]) for f in found}
    inside, item_starts = set(), set()
    for m, end, group, value, anchored, bullet_before in found:
        if anchored or (group, value - 1) in values or (group, value + 1) in values:
            inside.update(range(m, end + 1))
            if m > 0 and not bullet_before:
                item_starts.add(m)
    return inside, item_starts


def _merge_punctuation_only(words, starts: list[int]) -> list[int]:
    """Drop boundaries that would leave a sentence without a letter or digit."""
    n = len(words)
    out = []
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else n
        if e - s <= 6 and not any(ch.isalnum() for t in words[s:e] for ch in t):
            if out:            # merge into the sentence before
                continue
            # the first sentence: let the next sentence absorb it
            if k + 1 < len(starts):
                starts[k + 1] = s
                continue
        out.append(s)
    return out or [0]


class RuleSentencizer:
    """spaCy component: sets ``Token.is_sent_start`` for every token by the rules above.

    Parameters
    ----------
    abbreviations : dict of str -> str
        Output of :func:`load_abbreviations`.
    """

    def __init__(self, abbreviations: dict[str, str]):
        self.abbreviations = abbreviations

    def __call__(self, doc):
        n = len(doc)
        if n == 0:
            return doc
        arr = doc.to_array([ORTH, SPACY])
        strings = doc.vocab.strings
        words = [strings[h] for h in arr[:, 0].tolist()]
        starts = _sentence_starts(words, arr[:, 1].tolist(), self.abbreviations)
        flags = np.full(n, -1, dtype=np.int64)
        flags[starts] = 1
        doc.from_array([SENT_START], flags.view(np.uint64))
        return doc


@Language.factory(SENTENCIZER_NAME, default_config={"abbreviations_path": None})
def _make_rule_sentencizer(nlp, name: str, abbreviations_path: Optional[str]):
    return RuleSentencizer(load_abbreviations(abbreviations_path))
