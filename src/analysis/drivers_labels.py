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
    # token -> its facts, decided once per call (labels repeat the same few thousand words):
    # (the word without 's, content word, link word, trimmed from a run's end, lower-cased,
    # capitalised); the loop below then costs one dict lookup per token. Rarities are looked
    # up only for the words of scored runs, also once each.
    facts_of: dict = {}
    weight_of: dict = {}

    def facts(tok: str) -> tuple:
        word = tok[:-2] if tok.endswith("'s") else tok
        low = word.lower()
        is_link = low in link
        out = facts_of[tok] = (word, bool(_LETTER_RE.match(low) and low not in STOP_WORDS
                                          and not cues.label_stop.match(low)),
                               is_link, is_link or bool(_PARTICIPLE_RE.search(low)), low, word[:1].isupper())
        return out

    def weight(low: str) -> float:   # 8 - Zipf frequency (log10 of frequency per billion words)
        w = weight_of.get(low)
        if w is None:
            f = freq.get(low, 0.0)
            w = weight_of[low] = 8 - (float(np.log10(f) + 9) if f > 0 else 0.0)
        return w

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
        runs, cur = [], []
        for t in _TOKEN_RE.findall(text):
            f = facts_of.get(t) or facts(t)
            if f[1] or (f[2] and cur):   # a content word, or a link word inside a run
                cur.append(f)
            elif cur:
                runs.append(cur)
                cur = []
        if cur:
            runs.append(cur)
        cands = []
        for r in runs:
            n = min(len(r), max_words)
            while n and r[n - 1][3]:
                n -= 1
            if n:
                fs = [f for f in r[:n] if not f[2]]
                score = sum([weight(f[4]) for f in fs])   # a list, in order: the same float sum as word by word
                if all(f[5] for f in fs):
                    score *= 0.5   # a run of names only (a place, a country) is context, not a force
                cands.append((score, len(cands), " ".join([f[0] for f in r[:n]])))
        if not cands:
            out.append("")
            continue
        ranked = sorted(cands, key=lambda c: (-c[0], c[1]))
        keep = [ranked[0]] + ([ranked[1]] if len(ranked) > 1 and ranked[1][0] >= 0.6 * ranked[0][0] else [])
        out.append("; ".join(c[2] for c in sorted(keep, key=lambda c: c[1])))
    return out


