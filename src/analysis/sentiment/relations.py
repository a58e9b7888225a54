"""Relationship tone: do the parties a sentence names cooperate or conflict?

A dictionary of cooperative and conflictual actions and states
(``resources/relationship_cues.csv``), each weighted by the Goldstein (1992) conflict-cooperation
value of its CAMEO event category (divided by 10), is matched on lower-cased word forms (a
trailing ``*`` matches any ending; phrases allowed; longest match first). A cue preceded in the
same clause, within ``window`` words, by a negation (``resources/relationship_modifiers.csv``:
*not, never, avoid, prevent, yet to* …) counts ``negation_factor`` times (default 0), by a modality
cue (*could, may, if, unless, risk* …) ``modality_factor`` times (default 0.5). Per sentence:
``cooperation`` (sum of positive weights), ``conflict`` (sum of absolute negative weights),
``score = cooperation - conflict`` and the three-way ``relation`` call.

References
----------
Goldstein, J. S. (1992). A conflict-cooperation scale for WEIS events data. *Journal of Conflict
Resolution*, 36(2), 369-385.
Gerner, D. J., Schrodt, P. A., Yilmaz, O., & Abu-Jabr, R. (2002). Conflict and Mediation Event
Observations (CAMEO): A new event data framework. ISA Annual Convention.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import partial
from itertools import combinations

import pandas as pd

from ..parallel import map_sentences
from ..resources import load_csv, resource_error
from ._tables import rows_repeat_like_records

__all__ = ["load_relationship_dictionary", "relationship_tone", "actor_pairs", "RelationshipDictionary"]

CUES_FILE = "relationship_cues.csv"
MODIFIERS_FILE = "relationship_modifiers.csv"
_CLAUSE = re.compile(r"[,;:.!?()\u2013\u2014]|\s-\s")
_TOKEN = re.compile(r"n't|[a-z]+(?:-[a-z]+)*")


@dataclass(frozen=True)
class RelationshipDictionary:
    """Compiled cues and modifiers."""

    cues: pd.DataFrame
    pattern: re.Pattern
    lookup: tuple          # ((compiled fullmatch regex, cue, weight, relation), ...) longest first
    negations: tuple       # tuples of tokens
    modalities: tuple
    backgrounds: tuple
    contrast: re.Pattern | None = None
    _cue_of: dict = field(default_factory=dict, compare=False, repr=False)  # matched text -> lookup row

    def cue_of(self, hit: str):
        """The (regex, cue, weight, relation) row a matched text belongs to (longest cue first; memoised)."""
        row = self._cue_of.get(hit)
        if row is None:
            row = next(r for r in self.lookup if r[0].fullmatch(hit))
            self._cue_of[hit] = row
        return row


def _cue_regex(cue: str) -> str:
    parts = []
    for w in cue.split():
        star = w.endswith("*")
        w = re.escape(w.rstrip("*"))
        parts.append(w + (r"[a-z\-]*" if star else ""))
    return r"\s+".join(parts)


def load_relationship_dictionary(path=None, *, modifiers_path=None) -> RelationshipDictionary:
    """Read and check the cue and modifier files.

    Parameters
    ----------
    path : str or PathLike, default=None
        Cue CSV (``cue, relation, cameo, goldstein, origin, note``); default the packaged file.
    modifiers_path : str or PathLike, default=None
        Modifier CSV (``modifier, kind, origin, note``).

    Raises
    ------
    ResourceError
        One line naming the file, the row and the fix: empty or malformed cue, unknown
        relation or kind, a weight that is not a number in [-10, 10] or whose sign contradicts
        the relation, unknown origin, a duplicated cue.

    Examples
    --------
    >>> d = load_relationship_dictionary()
    >>> sorted(d.cues["relation"].unique())
    ['conflict', 'cooperation']
    """
    src = path if path is not None else CUES_FILE
    df = load_csv(CUES_FILE, ["cue", "relation", "cameo", "goldstein", "origin", "note"], path=path)
    seen, weights = set(), []
    for rec in df.itertuples():
        where, cue = f"row {rec.row}", rec.cue.strip().lower()
        if not re.fullmatch(r"[a-z][a-z'\-]*\*?( [a-z][a-z'\-]*\*?)*", cue):
            raise resource_error(src, where, f"cue {rec.cue!r} is not lower-case words (optional trailing *)",
                                 "write e.g. agree* or red line")
        if rec.relation not in ("cooperation", "conflict"):
            raise resource_error(src, where, f"relation {rec.relation!r} unknown", "use cooperation or conflict")
        try:
            w = float(rec.goldstein)
        except ValueError:
            raise resource_error(src, where, f"goldstein {rec.goldstein!r} is not a number",
                                 "give the Goldstein weight, -10..10") from None
        if not -10 <= w <= 10 or w == 0 or (w > 0) != (rec.relation == "cooperation"):
            raise resource_error(src, where, f"goldstein {w} does not fit relation {rec.relation!r}",
                                 "cooperation weights are in (0, 10], conflict weights in [-10, 0)")
        if rec.origin not in ("general", "from-articles"):
            raise resource_error(src, where, f"origin {rec.origin!r} unknown", "use general or from-articles")
        if cue in seen:
            raise resource_error(src, where, f"cue {cue!r} listed twice", "keep one row")
        seen.add(cue)
        weights.append(w / 10.0)
    cues = df.assign(cue=df["cue"].str.strip().str.lower(), weight=weights)
    msrc = modifiers_path if modifiers_path is not None else MODIFIERS_FILE
    mods = load_csv(MODIFIERS_FILE, ["modifier", "kind", "origin", "note"], path=modifiers_path)
    neg, mod, bg, con = [], [], [], []
    for rec in mods.itertuples():
        toks = tuple(_TOKEN.findall(rec.modifier.strip().lower()))
        if not toks:
            raise resource_error(msrc, f"row {rec.row}", f"modifier {rec.modifier!r} is empty", "write a word or phrase")
        if rec.kind not in ("negation", "modality", "background", "contrast"):
            raise resource_error(msrc, f"row {rec.row}", f"kind {rec.kind!r} unknown",
                                 "use negation, modality, background or contrast")
        {"negation": neg, "modality": mod, "background": bg, "contrast": con}[rec.kind].append(toks)
    order = sorted(range(len(cues)), key=lambda i: (-len(cues["cue"].iloc[i].rstrip("*")), i))
    lookup = tuple((re.compile(_cue_regex(cues["cue"].iloc[i])), cues["cue"].iloc[i], cues["weight"].iloc[i],
                    cues["relation"].iloc[i]) for i in order)
    pattern = re.compile(r"(?<![a-z\-])(?:" + _grouped_alternation([_cue_regex(c[1]) for c in lookup]) + r")(?![a-z\-])")
    return RelationshipDictionary(cues=cues, pattern=pattern, lookup=lookup, negations=tuple(neg),
                                  modalities=tuple(mod), backgrounds=tuple(bg),
                                  contrast=re.compile(r"(?<![a-z])(?:" + "|".join(r"\s+".join(map(re.escape, c))
                                                                                 for c in con) + r")(?![a-z])")
                                  if con else None)


def _grouped_alternation(alternatives: list[str]) -> str:
    """``"|".join(alternatives)`` with the alternatives grouped by their first letter: ``a(?:…|…)|b(?:…)``.

    Every alternative begins with a literal letter, and two that begin with different letters
    cannot both match at one position, so the group of the letter at hand holds every
    alternative that can; within it they keep their order (longest cue first). The matches are
    those of the plain alternation; the engine tries one group's alternatives per position
    instead of all of them.
    """
    groups: dict[str, list[str]] = {}
    for alt in alternatives:
        if not ("a" <= alt[:1] <= "z"):
            return "|".join(alternatives)
        groups.setdefault(alt[0], []).append(alt[1:])
    return "|".join(f"{c}(?:{'|'.join(rest)})" for c, rest in groups.items())


def _has(tokens: list[str], phrases, words=None) -> bool:
    words = set(tokens) if words is None else words
    for ph in phrases:
        if ph and ph[0] not in words:  # cannot match: skip the window scan
            continue
        n = len(ph)
        for i in range(len(tokens) - n + 1):
            if tuple(tokens[i:i + n]) == ph:
                return True
    return False


def _score_text(text: str, d: RelationshipDictionary, window: int, negation_factor: float,
                modality_factor: float, background_factor: float, contrast_factor: float):
    low = text.lower().replace("\u2019", "'").replace("n't", " n't")
    matches = list(d.pattern.finditer(low))
    if not matches:
        return 0.0, 0.0, ""
    coop = conf = 0.0
    found = []
    last_contrast = -1
    if d.contrast is not None:
        last_contrast = max((m.start() for m in d.contrast.finditer(low) if m.start() > 0), default=-1)
    # Clause boundaries found once per sentence: those ending at or before a cue are the ones a
    # search of the text before the cue finds (a boundary cannot straddle a cue's first letter).
    ends = [c.end() for c in _CLAUSE.finditer(low)]
    for m in matches:
        hit = m.group(0)
        _, cue, w, rel = d.cue_of(hit)
        k = bisect_right(ends, m.start())
        cut = ends[k - 1] if k else 0
        ctx = _TOKEN.findall(low[cut:m.start()])[-window:]
        factor, mark = 1.0, ""
        words = set(ctx)   # shared by the three look-ups
        if _has(ctx, d.negations, words):
            factor, mark = negation_factor, "~"
        elif _has(ctx, d.modalities, words):
            factor, mark = modality_factor, "?"
        elif _has(ctx, d.backgrounds, words):
            factor, mark = background_factor, "^"
        if m.end() <= last_contrast and mark != "~":
            factor, mark = factor * contrast_factor, mark + "<"
        if rel == "cooperation":
            coop += w * factor
        else:
            conf += -w * factor
        found.append(f"{mark}{hit}")
    return coop, conf, "; ".join(found)


def _score_part(sentences: pd.DataFrame, *, d: RelationshipDictionary, text: str, opts: tuple) -> pd.DataFrame:
    """``cooperation, conflict`` (rounded to 6 places) and ``cues`` of each sentence; a text that
    occurs more than once is matched once."""
    memo: dict = {}
    rows = []
    for t in sentences[text].astype(str).tolist():
        r = memo.get(t)
        if r is None:
            coop, conf, cues = _score_text(t, d, *opts)
            r = memo[t] = (round(coop, 6), round(conf, 6), cues)
        rows.append(r)
    return pd.DataFrame(rows, columns=["cooperation", "conflict", "cues"], index=sentences.index)


def relationship_tone(sentences: pd.DataFrame, *, dictionary: RelationshipDictionary | None = None,
                      actors: pd.DataFrame | None = None, window: int = 5, negation_factor: float = 0.0,
                      modality_factor: float = 0.5, background_factor: float = 0.5, contrast_factor: float = 0.5,
                      threshold: float = 0.0,
                      keys=("doc_id", "period", "para_id", "sent_id", "item_id", "sent_index"),
                      text: str = "text", jobs: int | None = None, scheduler=None) -> pd.DataFrame:
    """Cooperation vs conflict per sentence, with the actors it names.

    Parameters
    ----------
    sentences : pandas.DataFrame
        ``doc_id, period, para_id, sent_id, text`` (other key columns are kept).
    dictionary : RelationshipDictionary, default=None
        From :func:`load_relationship_dictionary` (default: the packaged files).
    actors : pandas.DataFrame, default=None
        ``doc_id, sent_id, actors`` (``;``-joined canonical names), e.g. from
        ``analysis.actors.sentence_actors``; ``None`` leaves ``actors`` empty.
    window : int, default=5
        Words before a cue searched for a negation or modality cue (same clause only).
    negation_factor, modality_factor, background_factor : float, default=0.0, 0.5, 0.5
        Multipliers of a negated / modalised cue, and of a cue in a background clause
        (*after a series of crises*, *following*, *despite*, *amid*: the clause dates or
        frames the main assertion rather than making it).
    contrast_factor : float, default=0.5
        Multiplier of a cue that comes before a contrast marker (*but*, *however*, *yet*)
        later in the sentence: the clause after the contrast carries the main assertion.
    keys : sequence of str
        Identifier columns kept (those present).
    threshold : float, default=0.0
        ``relation`` is ``cooperation`` when ``score > threshold``, ``conflict`` when
        ``score < -threshold``, else ``neutral``.
    jobs, scheduler : optional
        Where the per-sentence matching runs: as in :func:`analysis.parallel.map_documents`
        (default: the environment, else one process). The table is the same either way.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, period, para_id, sent_id, cooperation, conflict, score, relation, cues, actors``
        (``cues``: matched cues, ``~`` negated, ``?`` modalised, ``^`` background, ``<``
        before a contrast).

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["d"] * 3, "period": ["p"] * 3, "para_id": [1] * 3, "sent_id": [1, 2, 3],
    ...                   "text": ["They signed an agreement.", "They did not attack.", "They could attack."]})
    >>> relationship_tone(s)[["score", "relation"]].values.tolist()
    [[1.15, 'cooperation'], [0.0, 'neutral'], [-0.45, 'conflict']]
    """
    if window < 1:
        raise ValueError(f"window must be >= 1, got {window}")
    d = load_relationship_dictionary() if dictionary is None else dictionary
    keys = [k for k in keys if k in sentences.columns]
    fn = partial(_score_part, d=d, text=text, opts=(window, negation_factor, modality_factor, background_factor,
                                                    contrast_factor))
    scored = map_sentences(fn, sentences, jobs=jobs, scheduler=scheduler)
    out = sentences[keys].reset_index(drop=True).copy()
    out["cooperation"] = scored["cooperation"].tolist()
    out["conflict"] = scored["conflict"].tolist()
    out["score"] = (out["cooperation"] - out["conflict"]).round(6)
    out["relation"] = "neutral"
    out.loc[out["score"] > threshold, "relation"] = "cooperation"
    out.loc[out["score"] < -threshold, "relation"] = "conflict"
    out["cues"] = scored["cues"].tolist()
    if actors is not None:
        a = actors[["doc_id", "sent_id", "actors"]].drop_duplicates(["doc_id", "sent_id"])
        out = out.merge(a, on=["doc_id", "sent_id"], how="left")
        out["actors"] = out["actors"].fillna("").astype(str)
    else:
        out["actors"] = ""
    return out


def actor_pairs(tone: pd.DataFrame, *, sep: str = ";") -> pd.DataFrame:
    """One row per sentence and unordered pair of the actors it names (``pair`` = ``"A–B"``, sorted).

    Sentences naming fewer than two actors give no row. ``dyad`` is True when ``pair`` is
    the Azerbaijan–Iran pair.
    """
    rows = []
    # only a sentence whose actors hold a separator can name two actors
    several = tone.loc[[sep in str(a) for a in tone["actors"]]] if len(tone) else tone
    if len(several) and rows_repeat_like_records(several):
        # Columns whose values come back to the same dtype from Python objects: the sentence's
        # row repeated per pair gives the table the per-row dicts give, without building them.
        at, pairs = [], []
        for i, names in enumerate(several["actors"].tolist()):
            names = sorted({a.strip() for a in str(names).split(sep) if a.strip()})
            for a, b in combinations(names, 2):
                at.append(i)
                pairs.append(f"{a}\u2013{b}")
        if pairs:
            out = several.iloc[at].reset_index(drop=True)
            out["pair"] = pairs
            out["dyad"] = out["pair"].eq("Azerbaijan\u2013Iran")
            return out
    for rec in several.itertuples(index=False):
        names = sorted({a.strip() for a in str(rec.actors).split(sep) if a.strip()})
        for a, b in combinations(names, 2):
            rows.append({**rec._asdict(), "pair": f"{a}\u2013{b}"})
    out = pd.DataFrame(rows, columns=[*tone.columns, "pair"])
    out["dyad"] = out["pair"].eq("Azerbaijan\u2013Iran")
    return out
