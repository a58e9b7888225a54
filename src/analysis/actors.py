"""Actors: who the players are -- gazetteer matching, mention counts and co-occurrence.

Pipeline: gazetteer -> mentions per sentence -> actors per sentence -> counts and
co-occurrence network per period (roles are in :mod:`analysis.actors_roles`).

- :func:`load_gazetteer` reads and checks ``resources/actors.yaml`` (canonical actors with a
  type, aliases and adjectival forms).
- :func:`actor_mentions` finds every mention in any table of sentences with spaCy's
  ``PhraseMatcher`` on a blank English pipeline (case-insensitive, except aliases written in
  capitals such as *US*; the longest match wins). :func:`sentence_actors` gives one row per
  sentence with its actors.
- Mentions in sentences flagged in ``corpus/quality_flags.csv`` (machine-translation errors,
  such as a stray "China" where Armenia is meant) are **counted apart**: their sentence's
  ``quality_issue`` is kept on every mention, :func:`mention_counts` reports them in
  ``n_flagged`` and :func:`sentence_actors` in ``actors_flagged``, not in ``actors``.
- :func:`cooccurrence` (sentence window: edge weight = number of sentences naming both
  actors), :func:`network_layout` (one set of node positions for every period, networkx).
- :func:`evaluate_mentions` compares the matches with hand-marked mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import AnalysisError
from .parallel import map_sentences
from .resources import load_yaml, resource_error, resource_path

__all__ = ["Gazetteer", "ACTOR_TYPES", "load_gazetteer", "gazetteer_table", "actor_mentions",
           "sentence_actors", "mention_counts", "relationship_parties", "cooccurrence",
           "network_layout", "evaluate_mentions"]

GAZETTEER_NAME = "actors.yaml"
#: Allowed actor types.
ACTOR_TYPES = ("state", "armed_group", "institution", "international_body", "alliance")
FORMS = ("name", "adjective")
KEYS = ["doc_id", "period", "para_id", "sent_id"]
MENTION_COLUMNS = [*KEYS, "actor", "alias", "start", "end", "quality_issue", "type", "form", "text"]
# Same-length replacements, so character offsets stay valid.
_NORMALISE = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-",
                            "\u201c": '"', "\u201d": '"'})
_NORMALISE_PAIRS = tuple((chr(k), v) for k, v in _NORMALISE.items())


def normalise(text: str) -> str:
    """``text.translate(_NORMALISE)`` (curly quotes and dashes made plain, one character for one).

    A ``str.replace`` per character present: most texts are ASCII and hold none, and
    ``translate`` with a dict looks every character up (several times slower on a corpus).
    """
    for old, new in _NORMALISE_PAIRS:
        if old in text:
            text = text.replace(old, new)
    return text


@dataclass(frozen=True)
class Gazetteer:
    """A checked actor gazetteer.

    Attributes
    ----------
    path : Path
    actors : dict
        Canonical actor -> type, in file order.
    aliases : pandas.DataFrame
        ``actor, type, alias, form, match`` -- one row per alias (``form``: name or adjective;
        ``match``: ``lower`` or ``exact``).
    """

    path: Path
    actors: dict
    aliases: pd.DataFrame


def _alias_list(p, actor, key, value) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise resource_error(p, f"actor {actor!r}", f"'{key}' must be a list", f"write {key}: [Name, Other name]")
    out = []
    for a in value:
        if not isinstance(a, str) or not a.strip():
            raise resource_error(p, f"actor {actor!r}", f"empty or non-text alias {a!r} in '{key}'",
                                 "delete it or write the name")
        out.append(" ".join(a.split()))
    return out


def load_gazetteer(path=None) -> Gazetteer:
    """Read and check an actor gazetteer.

    Parameters
    ----------
    path : str or Path, default=None
        A YAML file with an ``actors:`` mapping; ``None`` reads ``resources/actors.yaml``.

    Returns
    -------
    Gazetteer

    Raises
    ------
    ResourceError
        One line naming the file and the entry at fault: YAML error, unknown or missing type,
        empty alias, an alias listed under two actors.

    Examples
    --------
    >>> g = load_gazetteer()
    >>> g.actors["Iran"], g.actors["IRGC"]
    ('state', 'institution')
    """
    p = resource_path(GAZETTEER_NAME, path)
    data = load_yaml(GAZETTEER_NAME, path)
    actors = data.get("actors") if isinstance(data, dict) else None
    if not isinstance(actors, dict) or not actors:
        raise resource_error(p, "", "missing 'actors:' section", "add a mapping with one entry per actor")
    rows, types, owner = [], {}, {}
    for actor, entry in actors.items():
        if not isinstance(actor, str) or not actor.strip():
            raise resource_error(p, f"actor {actor!r}", "actor names must be non-empty text", "name the actor")
        if not isinstance(entry, dict):
            raise resource_error(p, f"actor {actor!r}", "must be a mapping", "give it type:, aliases: and adjectives:")
        typ = entry.get("type")
        if typ not in ACTOR_TYPES:
            raise resource_error(p, f"actor {actor!r}", f"unknown type {typ!r}", f"use one of {', '.join(ACTOR_TYPES)}")
        types[actor] = typ
        names = _alias_list(p, actor, "aliases", entry.get("aliases"))
        adjectives = _alias_list(p, actor, "adjectives", entry.get("adjectives"))
        if not names:
            raise resource_error(p, f"actor {actor!r}", "no aliases", "list at least the actor's name under aliases:")
        for form, values in (("name", names), ("adjective", adjectives)):
            for alias in values:
                key = alias.lower().translate(_NORMALISE)
                if key in owner and owner[key] != actor:
                    raise resource_error(p, f"actor {actor!r}", f"alias {alias!r} is also listed under {owner[key]!r}",
                                         "an alias may name one actor only: keep it under one of them")
                if key in owner:
                    continue
                owner[key] = actor
                match = "exact" if alias.upper() == alias and any(c.isalpha() for c in alias) else "lower"
                rows.append((actor, typ, alias, form, match))
    table = pd.DataFrame(rows, columns=["actor", "type", "alias", "form", "match"])
    return Gazetteer(path=p, actors=types, aliases=table)


def gazetteer_table(gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """One row per actor: ``actor, type, n_aliases, aliases, adjectives``."""
    g = load_gazetteer() if gazetteer is None else gazetteer
    rows = []
    for actor, typ in g.actors.items():
        a = g.aliases.loc[g.aliases["actor"] == actor]
        rows.append({"actor": actor, "type": typ, "n_aliases": len(a),
                     "aliases": ", ".join(a.loc[a["form"] == "name", "alias"]),
                     "adjectives": ", ".join(a.loc[a["form"] == "adjective", "alias"])})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- matching
#: Word pieces the matcher compares: runs of letters/digits, and single punctuation marks
#: ("Azerbaijani-Iranian" -> Azerbaijani, -, Iranian; "Iran's" -> Iran, ', s; "U.S." -> U, ., S, .).
_TOKEN_RE = re.compile(r"\w+|[^\w\s]")
# Splitting on captured pieces gives [gap, piece, gap, piece, ..., gap]: gaps are whitespace only
# (every other character is a piece), so lengths alone give every piece's offset.
_PIECE_SPLIT_RE = re.compile(r"(\w+|[^\w\s])")
#: Matchers built per process, keyed on the gazetteer's alias rows (a blank pipeline and two
#: PhraseMatchers cost more than matching a few hundred sentences; each partition and call reuses them).
_MATCHER_CACHE: dict = {}
_MATCHER_CACHE_SIZE = 8


def _matcher(gazetteer: Gazetteer):
    """A blank English vocabulary, one ``PhraseMatcher`` per match mode (LOWER, ORTH), and the
    lower-cased word pieces of every alias; built once per process and alias list."""
    al = gazetteer.aliases
    key = tuple(zip(al.index.tolist(), al["alias"].tolist(), al["match"].tolist()))
    if key not in _MATCHER_CACHE:
        if len(_MATCHER_CACHE) >= _MATCHER_CACHE_SIZE:
            _MATCHER_CACHE.pop(next(iter(_MATCHER_CACHE)))
        _MATCHER_CACHE[key] = _build_matcher(al)
    return _MATCHER_CACHE[key]


def _build_matcher(aliases: pd.DataFrame):
    import spacy
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    nlp = spacy.blank("en")
    matchers = {}
    for mode, attr in (("lower", "LOWER"), ("exact", "ORTH")):
        m = PhraseMatcher(nlp.vocab, attr=attr)
        grp = aliases.loc[aliases["match"] == mode]
        for key, alias in zip(grp.index, grp["alias"]):
            m.add(str(key), [Doc(nlp.vocab, words=_TOKEN_RE.findall(alias.translate(_NORMALISE)))])
        matchers[mode] = m
    vocab = frozenset(w.lower() for a in aliases["alias"] for w in _TOKEN_RE.findall(a.translate(_NORMALISE)))
    return nlp, matchers, vocab


def _longest(spans: list[tuple]) -> list[tuple]:
    """Keep non-overlapping spans, longest first, then leftmost (``(key, start, end)`` tokens)."""
    spans = sorted(set(spans), key=lambda s: (s[1], s[2]))
    if all(a[2] <= b[1] for a, b in zip(spans, spans[1:])):
        return spans
    spans.sort(key=lambda s: (s[1] - s[2], s[1]))
    taken, kept = set(), []
    for key, start, end in spans:
        if not taken.intersection(range(start, end)):
            kept.append((key, start, end))
            taken.update(range(start, end))
    return sorted(kept, key=lambda s: s[1])


def _match_texts(texts: list[str], gazetteer: Gazetteer):
    """``(text index, alias row, start char, end char)`` of every match, longest first.

    All texts are split into word pieces by one regular expression; pieces that occur in no
    alias are collapsed, run by run, into one placeholder (they can never be part of a match
    but still separate the words around them), and the rest is matched as one spaCy ``Doc``
    built from words (no tokenizer rules to run). Matches that would cross two texts are
    dropped.
    """
    from spacy.tokens import Doc

    nlp, matchers, vocab = _matcher(gazetteer)
    strings = nlp.vocab.strings
    joined = "\n".join(texts)
    bounds = np.cumsum([0] + [len(t) + 1 for t in texts])
    parts = _PIECE_SPLIT_RE.split(joined)
    words = parts[1::2]
    if not words:
        return []
    # lengths and membership through C-level map(...), no Python loop per piece
    lengths = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
    tl, ws = lengths[1::2], lengths[0:-1:2]
    ends = np.cumsum(ws + tl)
    starts = ends - tl
    owner = np.searchsorted(bounds, starts, side="right") - 1
    keep = np.fromiter(map(vocab.__contains__, map(str.lower, words)), dtype=bool, count=len(words))
    run_start = ~keep & np.r_[True, keep[:-1]]
    idx = np.nonzero(keep | run_start)[0]
    reduced = np.array(words, dtype=object)[idx]
    reduced[~keep[idx]] = "_"
    doc = Doc(nlp.vocab, words=reduced.tolist())
    spans = [(int(strings[k]), s, e) for m in matchers.values() for k, s, e in m(doc)]
    out = []
    for key, s, e in _longest(spans) if spans else []:
        a, b = idx[s], idx[e - 1]
        if owner[a] == owner[b]:
            t = int(owner[a])
            out.append((t, key, int(starts[a] - bounds[t]), int(ends[b] - bounds[t])))
    return out


def _sentence_frame(sentences) -> pd.DataFrame:
    if not isinstance(sentences, pd.DataFrame) or "text" not in sentences.columns:
        raise AnalysisError("sentences must be a DataFrame with a 'text' column (e.g. corpus.sentences())")
    df = sentences.reset_index(drop=True)
    if "quality_issue" not in df.columns:
        df = df.assign(quality_issue="")
    return df.assign(quality_issue=df["quality_issue"].fillna("").astype(str))


def actor_mentions(sentences: pd.DataFrame, gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """Every actor mention in a table of sentences, one row per mention.

    Parameters
    ----------
    sentences : pandas.DataFrame
        A ``text`` column and any of ``doc_id, period, para_id, sent_id, quality_issue``
        (``corpus.sentences()``, or any table with those columns).
    gazetteer : Gazetteer, default=None
        ``None`` loads the packaged gazetteer.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, period, para_id, sent_id, actor, alias, start, end, quality_issue, type,
        form, text`` (key columns the input lacks are left out): ``alias`` is the gazetteer
        alias matched, ``text`` the words as written, ``start``/``end`` character offsets in
        the sentence, ``quality_issue`` the sentence's flag ("" when not flagged).

    Examples
    --------
    >>> s = pd.DataFrame({"sent_id": [1], "text": ["Tehran and the Kremlin disagree with Azerbaijani officials."]})
    >>> actor_mentions(s)[["actor", "alias", "form"]].values.tolist()
    [['Iran', 'Tehran', 'name'], ['Russia', 'Kremlin', 'name'], ['Azerbaijan', 'Azerbaijani', 'adjective']]
    """
    g = load_gazetteer() if gazetteer is None else gazetteer
    df = _sentence_frame(sentences)
    keys = [k for k in KEYS if k in df.columns]
    texts = [normalise(t) for t in df["text"].astype(str).tolist()]
    found = _match_texts(texts, g)
    rows = np.array([f[0] for f in found], dtype=np.int64)
    key = np.array([f[1] for f in found], dtype=np.int64)
    start = np.array([f[2] for f in found], dtype=np.int64)
    end = np.array([f[3] for f in found], dtype=np.int64)
    al = g.aliases
    out = df.iloc[rows][[*keys, "quality_issue"]].reset_index(drop=True)
    out["actor"] = al["actor"].to_numpy()[key]
    out["alias"] = al["alias"].to_numpy()[key]
    out["start"], out["end"] = start, end
    out["type"] = al["type"].to_numpy()[key]
    out["form"] = al["form"].to_numpy()[key]
    out["text"] = [texts[r][a:b] for r, a, b in zip(rows, start, end)]
    return out[[c for c in MENTION_COLUMNS if c in out.columns]]


def _join(values) -> str:
    return ";".join(sorted(set(values)))


def sentence_actors(sentences: pd.DataFrame, gazetteer: Gazetteer | None = None, *,
                    mentions: pd.DataFrame | None = None, jobs: int | None = None, scheduler=None) -> pd.DataFrame:
    """One row per sentence with the actors it names.

    Parameters
    ----------
    sentences : pandas.DataFrame
        As for :func:`actor_mentions`.
    gazetteer : Gazetteer, default=None
    mentions : pandas.DataFrame, default=None
        The output of :func:`actor_mentions` for these sentences (computed when ``None``).
    jobs, scheduler : optional
        Where the mentions are found when computed here, per partition of documents
        (:func:`analysis.parallel.map_sentences`; default: the environment, else one process).
        The table is the same either way.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, period, para_id, sent_id, actors, actors_flagged, n_actors, quality_issue``
        in sentence order: ``actors`` the sorted, ``;``-joined canonical actors of an unflagged
        sentence ("" if none); a flagged sentence's actors go to ``actors_flagged`` instead
        (counted apart), and its ``actors`` is "".
    """
    df = _sentence_frame(sentences)
    keys = [k for k in KEYS if k in df.columns]
    if mentions is None:
        g = load_gazetteer() if gazetteer is None else gazetteer
        mentions = map_sentences(partial(actor_mentions, gazetteer=g), df, jobs=jobs, scheduler=scheduler,
                                 same_index=False)
    m = mentions
    if len(m):
        if not keys:
            raise AnalysisError("sentence_actors needs key columns (doc_id, sent_id ...) to join the mentions")
        named: dict = {}
        for key, actor in zip(zip(*(m[k].tolist() for k in keys)), m["actor"].tolist()):
            named.setdefault(key, set()).add(actor)
        found = pd.Series([";".join(sorted(named.get(key, ()))) for key in zip(*(df[k].tolist() for k in keys))],
                          index=df.index, dtype=object)
    else:
        found = pd.Series("", index=df.index, dtype=object)
    flagged = df["quality_issue"] != ""
    out = df[[*keys, "quality_issue"]].assign(actors=found.where(~flagged, ""),
                                              actors_flagged=found.where(flagged, ""))
    out["n_actors"] = out["actors"].map(lambda s: len(s.split(";")) if s else 0)
    return out[[*keys, "actors", "actors_flagged", "n_actors", "quality_issue"]].reset_index(drop=True)


def mention_counts(mentions: pd.DataFrame, *, by: str = "period") -> pd.DataFrame:
    """Mentions per group and actor, flagged sentences counted apart.

    Returns
    -------
    pandas.DataFrame
        ``<by>, actor, type, n, n_sentences, n_flagged``: ``n`` mentions and ``n_sentences``
        sentences naming the actor among unflagged sentences; ``n_flagged`` mentions in
        flagged sentences. Sorted by group, then ``n`` descending, then actor.
    """
    m = mentions.assign(flagged=mentions["quality_issue"] != "")
    clean, dirty = m.loc[~m["flagged"]], m.loc[m["flagged"]]
    n = clean.groupby([by, "actor", "type"]).size().rename("n")
    ns = clean.drop_duplicates(["doc_id", "sent_id", "actor"]).groupby([by, "actor", "type"]).size().rename("n_sentences")
    nf = dirty.groupby([by, "actor", "type"]).size().rename("n_flagged")
    out = pd.concat([n, ns, nf], axis=1).fillna(0).astype(int).reset_index()
    return out.sort_values([by, "n", "actor"], ascending=[True, False, True], kind="mergesort").reset_index(drop=True)


def relationship_parties(counts: pd.DataFrame, *, k: int = 2) -> list[str]:
    """The ``k`` actors named in most sentences over all groups: the relationship's parties.

    Derived from the data (the actors the texts are about), so the suite needs no list of
    parties; pass your own to the functions that take ``parties=`` to override.
    """
    tot = counts.groupby("actor")["n_sentences"].sum()
    return sorted(tot.sort_values(ascending=False, kind="mergesort").index[:k].tolist())


# The network and validation verbs live in their own modules; re-exported here.
from .actors_network import cooccurrence, network_layout  # noqa: E402
from .actors_validation import evaluate_mentions  # noqa: E402
