"""Rule-built labels of drivers and risks from their key noun phrases. Re-exported by :mod:`analysis.drivers`."""

from __future__ import annotations

import re

import numpy as np

from .actors import normalise
from .drivers_cues import DriverCues, load_driver_cues

__all__ = ["item_labels"]

_COPULA_RE = re.compile(r"^[^,.;:]{0,60}?\b(?:is|are|was|were|lies in|remains)\b")
_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z\-']*[A-Za-z]|[A-Za-z]|[,;:.()\"]")
_LETTER_RE = re.compile(r"[a-z]")
_PARTICIPLE_RE = re.compile(r"(?:ing|ed)$")
_LINK = frozenset({"of", "in", "with", "for", "'s", "-", "on"})


def item_labels(clauses, markers, cues: DriverCues | None = None, *, max_words: int = 8) -> list[str]:
    """Short labels from each clause's key noun phrases (rule-built).

    The clause, without its marker (for a force cue inside the sentence: the 110 characters
    before the cue and the 90 after it), is split into runs of content words at punctuation and
    at stop words (spaCy's English list plus ``label_stopwords`` of the cue file); *of*,
    *in*, *with*, *for*, *'s* and *-* are kept inside a run between two content words. Each
    run scores the summed rarity of its words (``8 - wordfreq`` Zipf frequency); the label
    is the best run (runs of capitalised names only count half: places and countries are context,
    not forces), followed by the second best when it scores at least 60 % of the best.

    Examples
    --------
    >>> item_labels(["First, there has been a change of guard in Iran."], ["First"])
    ['change of guard in Iran']
    """
    from spacy.lang.en.stop_words import STOP_WORDS
    from wordfreq import get_frequency_dict

    cues = load_driver_cues() if cues is None else cues
    link = _LINK
    freq = get_frequency_dict("en")
    # word -> rarity and lower-cased token -> "is a content word", each decided once per call
    # (labels repeat the same few thousand words)
    rarity_of: dict = {}
    content_of: dict = {}

    def rarity(word: str) -> float:   # Zipf frequency: log10 of frequency per billion words
        r = rarity_of.get(word)
        if r is None:
            f = freq.get(word, 0.0)
            r = rarity_of[word] = float(np.log10(f) + 9) if f > 0 else 0.0
        return r

    def is_content(low: str) -> bool:
        c = content_of.get(low)
        if c is None:
            c = content_of[low] = bool(_LETTER_RE.match(low) and low not in STOP_WORDS
                                       and not cues.label_stop.match(low))
        return c

    out = []
    for clause, marker in zip(clauses, markers):
        text = normalise(clause)
        at = text.lower().find(str(marker).lower()) if marker else -1
        if at > 0:   # a force cue inside the sentence: the words around it name the force
            before, after = text[max(0, at - 110):at], text[at + len(marker):at + len(marker) + 90]
            before = before if at <= 110 else before.split(" ", 1)[-1]          # whole words only
            after = after if len(after) < 90 else after.rsplit(" ", 1)[0]
            text = before + " , " + after
        elif marker and text.lower().startswith(str(marker).lower()):
            text = text[len(marker):]
            # "One reason ... is money": the complement of a self-announcing phrase names the force
            cop = _COPULA_RE.match(text)
            if " " in str(marker).strip() and cop:
                text = text[cop.end():]
        toks = _TOKEN_RE.findall(text)
        toks = [t[:-2] if t.endswith("'s") else t for t in toks]
        runs, cur = [], []
        for t in toks:
            low = t.lower()
            if is_content(low):
                cur.append(t)
            elif low in link and cur:
                cur.append(t)
            else:
                runs.append(cur)
                cur = []
        runs.append(cur)
        cands = []
        for r in runs:
            r = r[:max_words]
            while r and (r[-1].lower() in link or _PARTICIPLE_RE.search(r[-1].lower())):
                r = r[:-1]
            if r:
                score = sum(8 - rarity(w.lower()) for w in r if w.lower() not in link)
                if all(w[:1].isupper() for w in r if w.lower() not in link):
                    score *= 0.5   # a run of names only (a place, a country) is context, not a force
                cands.append((score, len(cands), " ".join(r)))
        if not cands:
            out.append("")
            continue
        ranked = sorted(cands, key=lambda c: (-c[0], c[1]))
        keep = [ranked[0]] + ([ranked[1]] if len(ranked) > 1 and ranked[1][0] >= 0.6 * ranked[0][0] else [])
        out.append("; ".join(c[2] for c in sorted(keep, key=lambda c: c[1])))
    return out


