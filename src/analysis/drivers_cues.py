"""Cue lists of :mod:`analysis.drivers`: loading, checking and compiling ``driver_cues.yaml``.

Each section of the YAML file is a list of entries ``{cue, origin, ...}``; cues are
lower-case words where ``*`` ends a stem, ``?`` stands for one letter, ``...`` is a gap
of up to six words and a token in parentheses is a regular-expression group
(``(is|was)``). :func:`load_driver_cues` checks every entry and returns a
:class:`DriverCues` with the compiled patterns the extractor uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .resources import load_yaml, resource_error, resource_path

__all__ = ["DriverCues", "load_driver_cues", "cue_table", "compile_cue", "cue_words", "WordMemo", "ORIGINS", "ROLES"]

CUES_NAME = "driver_cues.yaml"
ORIGINS = ("general", "from-articles")
ROLES = ("driver", "risk")
KINDS = ("causal", "conditional")
#: section -> extra keys each entry must carry.
SECTIONS = {
    "ordinals": ("order",), "marker_determiners": (), "marker_modifiers": ("order",),
    "marker_nouns": ("role",), "ordinal_pronouns": ("order",), "additive": ("start",),
    "summary": (), "relation_terms": (), "force_cues": ("role", "kind"), "label_stopwords": (),
}
_GAP = r"(?:\W+\w+){0,6}?"


def _word(tok: str) -> str:
    if tok.startswith("(") and tok.endswith(")"):
        return tok
    out = re.escape(tok).replace(r"\*", r"\w*").replace(r"\?", r"\w")
    return out


def _prefix(cue: str) -> str:
    """The literal start of a cue's first word ("gain*" -> "gain")."""
    return re.split(r"[*?(]", cue.split()[0])[0]


def _prefix_map(cues: list[str]) -> dict:
    """Literal prefix -> [(first-word pattern, cue index)], to find the cues a word can start."""
    out: dict = {}
    for i, cue in enumerate(cues):
        out.setdefault(_prefix(cue), []).append((re.compile(_word(cue.split()[0]) + "$"), i))
    return out


def compile_cue(cue: str) -> str:
    """Regular expression (a string) for one cue.

    Examples
    --------
    >>> bool(re.search(compile_cue("mak* ... possible"), "making a new era possible"))
    True
    >>> bool(re.search(compile_cue("source of friction"), "sources of friction"))
    False
    """
    parts, pending_gap = [], False
    for tok in cue.split():
        if tok == "...":
            pending_gap = True
            continue
        if parts:
            parts.append(_GAP + r"\W+" if pending_gap else r"[\s\-]+")
        parts.append(_word(tok))
        pending_gap = False
    return r"\b" + "".join(parts) + r"(?![\w])"


@dataclass(frozen=True)
class DriverCues:
    """Checked cue lists (``table``: ``section, cue, origin, order, role, kind, start``) and
    compiled patterns."""

    path: Path
    table: pd.DataFrame
    ordinal_start: re.Pattern
    inline_ordinal: re.Pattern
    marker_phrase: re.Pattern
    ordinal_pronoun: re.Pattern
    additive_start: re.Pattern
    additive_any: re.Pattern
    summary: re.Pattern
    relation: re.Pattern
    force: list
    force_first: re.Pattern
    force_prefix: dict
    force_lengths: tuple
    order: dict
    noun_role: dict
    label_stop: re.Pattern
    #: Fast paths of :mod:`analysis.drivers` (``None`` where the cues do not allow them, see
    #: :func:`_fast_paths`): relation terms as one word each, the ordinals' necessary substrings.
    relation_word: re.Pattern | None = None
    inline_keys: tuple | None = None
    force_words: bool = False

    def section(self, name: str) -> pd.DataFrame:
        return self.table.loc[self.table["section"] == name]


def _alt(cues) -> str:
    cues = sorted(cues, key=lambda c: (-len(c), c))
    return "|".join(compile_cue(c)[2:-len("(?![\\w])")] for c in cues)


_PLAIN_WORD = re.compile(r"[a-z]+")


def _fast_paths(relation: list[str], ordinals: list[str], force: list[str]) -> dict:
    """What lets :mod:`analysis.drivers` test words instead of scanning a sentence with a pattern.

    - ``relation_word``: when every relation term is one word that starts with a letter (``*``
      and ``?`` inside only), ``\\b(?:terms)\\b`` matches a text exactly where one of its
      ``\\w+`` runs matches ``(?:terms)`` whole.
    - ``inline_keys``: when every ordinal is plain words, the longest word of each (keeping
      only those no other key contains): a sentence with none of them has no inline ordinal.
    - ``force_words``: when every force cue's literal start is plain letters, the first words
      ``force_first`` finds are the ``\\w+`` runs starting with one of them.
    """
    out: dict = {}
    if all(re.fullmatch(r"[a-z\u00c0-\u024f][\w*?]*", c) for c in relation):
        out["relation_word"] = re.compile("(?:" + _alt(relation) + ")")
    if all(_PLAIN_WORD.fullmatch(w) for c in ordinals for w in c.split()):
        longest = {max(c.split(), key=len) for c in ordinals}
        out["inline_keys"] = tuple(sorted(k for k in longest if not any(o != k and o in k for o in longest)))
    out["force_words"] = all(_PLAIN_WORD.fullmatch(_prefix(c)) for c in force)
    return out


def _check(p, section, i, entry) -> dict:
    where = f"{section}[{i}]"
    if not isinstance(entry, dict) or not isinstance(entry.get("cue"), str) or not entry["cue"].strip():
        raise resource_error(p, where, "needs a non-empty 'cue'", "write {cue: words, origin: general}")
    cue = " ".join(entry["cue"].lower().split())
    where = f"{section} cue {cue!r}"
    if entry.get("origin") not in ORIGINS:
        raise resource_error(p, where, f"origin {entry.get('origin')!r} is not allowed", f"use one of {', '.join(ORIGINS)}")
    for key in SECTIONS[section]:
        if key not in entry:
            raise resource_error(p, where, f"missing '{key}'", f"every {section} entry needs {', '.join(SECTIONS[section])}")
    if "role" in entry and entry["role"] not in ROLES:
        raise resource_error(p, where, f"role {entry['role']!r} is not allowed", f"use one of {', '.join(ROLES)}")
    if "kind" in entry and entry["kind"] not in KINDS:
        raise resource_error(p, where, f"kind {entry['kind']!r} is not allowed", f"use one of {', '.join(KINDS)}")
    if "order" in entry and not (entry["order"] == "next" or (isinstance(entry["order"], int) and entry["order"] > 0)):
        raise resource_error(p, where, f"order {entry['order']!r} is not allowed", "use a positive number or next")
    try:
        re.compile(compile_cue(cue))
    except re.error as exc:
        raise resource_error(p, where, f"not a valid pattern ({exc})", "check the parentheses") from None
    return {"section": section, "cue": cue, "origin": entry["origin"], "order": entry.get("order"),
            "role": entry.get("role"), "kind": entry.get("kind"), "start": bool(entry.get("start", False))}


def load_driver_cues(path=None) -> DriverCues:
    """Read, check and compile the driver cue lists.

    Parameters
    ----------
    path : str or Path, default=None
        A YAML file with the sections of ``resources/driver_cues.yaml``; ``None`` reads that file.

    Returns
    -------
    DriverCues

    Raises
    ------
    ResourceError
        One line naming the file, the section and cue at fault and the fix.
    """
    p = resource_path(CUES_NAME, path)
    data = load_yaml(CUES_NAME, path)
    if not isinstance(data, dict):
        raise resource_error(p, "", "top level must be a mapping of sections", f"sections: {', '.join(SECTIONS)}")
    rows = []
    for section in SECTIONS:
        entries = data.get(section)
        if not isinstance(entries, list) or not entries:
            raise resource_error(p, section, "missing or empty section", "list at least one {cue: ..., origin: ...}")
        rows.extend(_check(p, section, i, e) for i, e in enumerate(entries))
    t = pd.DataFrame(rows)

    def cues(section, **where):
        sel = t.loc[t["section"] == section]
        for k, v in where.items():
            sel = sel.loc[sel[k] == v]
        return sel["cue"].tolist()

    ords = _alt(cues("ordinals"))
    opener = r"^\W*(?:(?:and|but|yet|still|so)\W+)?"
    order = {r["cue"]: r["order"] for r in rows if r["section"] in ("ordinals", "marker_modifiers", "ordinal_pronouns")}
    marker = (opener + rf"(?P<det>{_alt(cues('marker_determiners'))})\s+"
              rf"(?P<mods>(?:(?:{_alt(cues('marker_modifiers'))})\s+){{0,2}})"
              rf"(?P<noun>{_alt(cues('marker_nouns'))})s?\b")
    force = [(re.compile(compile_cue(r["cue"])), r["cue"], r["role"], r["kind"]) for r in rows
             if r["section"] == "force_cues"]
    return DriverCues(
        path=p, table=t,
        ordinal_start=re.compile(opener + rf"(?P<ord>{ords})\s*,"),
        inline_ordinal=re.compile(rf"(?:[:;,]\s*(?:and\s+)?|\band\s+)(?P<ord>{ords})\s*,"),
        marker_phrase=re.compile(marker),
        ordinal_pronoun=re.compile(opener + rf"(?P<ord>{_alt(cues('ordinal_pronouns'))})\b"),
        additive_start=re.compile(opener + rf"(?:{_alt(cues('additive', start=True))})\b"),
        additive_any=re.compile(rf"\b(?:{_alt(cues('additive', start=False))})\b"),
        summary=re.compile(opener + rf"(?:{_alt(cues('summary'))})\b"),
        relation=re.compile(rf"\b(?:{_alt(cues('relation_terms'))})\b"),
        force=force, order=order,
        force_first=re.compile(r"\b(?:" + "|".join(sorted({re.escape(_prefix(r["cue"])) for r in rows
                                                            if r["section"] == "force_cues"}, key=lambda x: (-len(x), x)))
                               + r")\w*"),
        force_prefix=_prefix_map([r["cue"] for r in rows if r["section"] == "force_cues"]),
        force_lengths=tuple(sorted({len(_prefix(r["cue"])) for r in rows if r["section"] == "force_cues"})),
        noun_role={c: r for c, r in zip(cues("marker_nouns"), t.loc[t["section"] == "marker_nouns", "role"])},
        label_stop=re.compile(rf"^(?:{_alt(cues('label_stopwords'))})$"),
        **_fast_paths(cues("relation_terms"), cues("ordinals"), cues("force_cues")),
    )


# --------------------------------------------------------------------------- word-type lookups
#: Bytes of an ASCII text that are not ``\w`` (as ``re`` reads a str) -> space: its words by ``split``.
_NON_WORD = bytes(b if (chr(b).isalnum() or b == 0x5F) else 0x20 for b in range(128)) + b" " * 128


def cue_words(low: str):
    """The ``\\w+`` runs of an ASCII text as a set of bytes (``None`` for other texts).

    ``bytes.translate`` and ``split`` run in C: several times faster than a pattern scanning
    every position, and the runs serve the force cues' first words and the relation terms.
    """
    return set(low.encode("ascii").translate(_NON_WORD).split()) if low.isascii() else None


class WordMemo:
    """Answers per word type (:func:`cue_words`) for one :class:`DriverCues`, kept over many sentences.

    ``force``: word -> the force cues whose first word it is (only words with some);
    ``relation``: the words a relation term matches whole; ``seen_*``: the words decided so
    far. A sentence is then compared with them by set operations (in C) instead of a Python
    step per word; only its new words are looked at.
    """

    def __init__(self, cues: DriverCues):
        self.cues = cues
        self.force, self.seen_force, self.relation, self.seen_relation = {}, set(), set(), set()
        # the literal starts as bytes: most new words start none of them
        self.starts = tuple(p.encode("ascii") for p in cues.force_prefix) if cues.force_words else ()

    def force_cues(self, words: set) -> set:
        """Indices of the force cues whose first word is one of ``words``."""
        cues = self.cues
        for word in words - self.seen_force:
            if word.startswith(self.starts):
                w = word.decode("ascii")
                ids = tuple(idx for n in cues.force_lengths for pat, idx in cues.force_prefix.get(w[:n], ())
                            if pat.match(w))
                if ids:
                    self.force[word] = ids
            self.seen_force.add(word)
        cand = set()
        for word in self.force.keys() & words:
            cand.update(self.force[word])
        return cand

    def has_relation(self, words: set) -> bool:
        """Whether a relation term matches one of ``words`` whole."""
        if not self.relation.isdisjoint(words):
            return True
        for word in words - self.seen_relation:
            if self.cues.relation_word.fullmatch(word.decode("ascii")):
                self.relation.add(word)
            self.seen_relation.add(word)
        return not self.relation.isdisjoint(words)


def cue_table(cues: DriverCues | None = None) -> pd.DataFrame:
    """Number of cues per section and origin: ``section, origin, n``."""
    c = load_driver_cues() if cues is None else cues
    return c.table.groupby(["section", "origin"], sort=False).size().rename("n").reset_index()
