"""Actor roles in each article's argument, and how the outside powers' roles shift.

Roles (``actor_roles.csv``: ``period, actor, role, n, evidence``; per document in
``actor_roles_documents.csv``: ``period, doc_id, actor, role, n``):

- ``driver`` / ``risk``: the actor is named in a driver / risk item (:mod:`analysis.drivers`);
  ``n`` counts items.
- ``partner`` / ``threat`` / ``mediator``: a sentence naming the actor carries a cue of that
  role (``resources/actor_role_cues.yaml``) within ``window`` characters of the mention (or,
  with no mention that close, the nearest one); ``n`` counts sentences.
- ``bystander``: a sentence naming the actor with no role cue near it and outside every
  driver/risk item.

Everything is derived from the texts and the cue lists; nothing is set per actor. Flagged
(machine-translated) sentences are left out: their mentions are counted apart by
:func:`analysis.actors.mention_counts`.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .drivers_cues import ORIGINS, compile_cue
from .resources import load_yaml, resource_error, resource_path

__all__ = ["ROLES", "load_role_cues", "role_assignments", "actor_roles", "document_roles", "primary_roles", "role_shift",
           "shift_lines"]

ROLE_CUES_NAME = "actor_role_cues.yaml"
#: Roles in the order that breaks ties for the primary role.
ROLES = ("driver", "risk", "threat", "partner", "mediator", "bystander")
CUE_ROLES = ("partner", "threat", "mediator")


def load_role_cues(path=None) -> dict:
    """Read and check the role cue lists: role -> compiled pattern.

    Raises
    ------
    ResourceError
        One line naming the file, the role or cue at fault and the fix.
    """
    p = resource_path(ROLE_CUES_NAME, path)
    data = load_yaml(ROLE_CUES_NAME, path)
    roles = data.get("roles") if isinstance(data, dict) else None
    if not isinstance(roles, dict):
        raise resource_error(p, "", "missing 'roles:' section", f"add a mapping with {', '.join(CUE_ROLES)}")
    out = {}
    for role, entries in roles.items():
        if role not in CUE_ROLES:
            raise resource_error(p, f"role {role!r}", "unknown role", f"use {', '.join(CUE_ROLES)}")
        if not isinstance(entries, list) or not entries:
            raise resource_error(p, f"role {role!r}", "needs a non-empty list of cues", "list {cue: ..., origin: ...}")
        pats = []
        for i, e in enumerate(entries):
            if not isinstance(e, dict) or not isinstance(e.get("cue"), str) or not e["cue"].strip():
                raise resource_error(p, f"{role}[{i}]", "needs a non-empty 'cue'", "write {cue: word, origin: general}")
            if e.get("origin") not in ORIGINS:
                raise resource_error(p, f"{role} cue {e['cue']!r}", f"origin {e.get('origin')!r} is not allowed",
                                     f"use one of {', '.join(ORIGINS)}")
            pats.append(compile_cue(" ".join(e["cue"].lower().split())))
        out[role] = re.compile("|".join(f"(?:{x})" for x in pats))
    return out


def _excerpt(doc, sent, text, multi, width=110) -> str:
    t = " ".join(str(text).split())
    t = t if len(t) <= width else t[:width - 1].rstrip() + "\u2026"
    return (f"{doc} " if multi else "") + f"s{sent}: {t}"


def role_assignments(mentions: pd.DataFrame, sentences: pd.DataFrame, drivers: pd.DataFrame,
                     cues: dict | None = None, *, by: str = "period", window: int = 50) -> pd.DataFrame:
    """Every role given to an actor, once: what :func:`actor_roles` and :func:`document_roles` count.

    Parameters are those of :func:`actor_roles`.

    Returns
    -------
    pandas.DataFrame
        ``<by>, actor, role, doc_id, sent_id, item``: one row per driver or risk item naming the
        actor (``item`` = its ``order``), per role cue near a mention, and per sentence naming
        the actor without either (``bystander``); ``item`` is empty for the last two.
    """
    cues = load_role_cues() if cues is None else cues
    m = mentions.loc[mentions["quality_issue"] == ""]
    # columns as plain lists: iterating Arrow-backed string columns element by element is slow
    def cols(frame, *names):
        return [frame[c].tolist() for c in names]

    text = _sentence_texts(sentences)
    hits = []   # (group, actor, role, doc, sent, item)
    item_sents = set()
    for g, acts, role, doc, sent, order in zip(*cols(drivers, by, "actors", "role", "doc_id", "sent_id", "order")):
        item_sents.add((doc, sent))
        hits.extend((g, a, role, doc, sent, order) for a in (acts.split(";") if acts else []))
    per_sent: dict = {}
    for doc, sent, g, a, st, en in zip(*cols(m, "doc_id", "sent_id", by, "actor", "start", "end")):
        per_sent.setdefault((doc, sent), (g, []))[1].append((a, int(st), int(en)))
    found = _cue_matches(cues, [str(text.get(key, "")).lower() for key in per_sent])
    for ((doc, sent), (g, ments)), matches in zip(per_sent.items(), found):
        cued = set()
        for c_start, c_end, c_role in matches:
            dist = [max(c_start - e, s - c_end, 0) for _, s, e in ments]
            near = [a for (a, _, _), d in zip(ments, dist) if d <= window] or [ments[dist.index(min(dist))][0]]
            for a in near:
                hits.append((g, a, c_role, doc, sent, None))
                cued.add(a)
        if (doc, sent) not in item_sents:
            hits.extend((g, a, "bystander", doc, sent, None) for a in sorted({a for a, _, _ in ments} - cued))
    h = pd.DataFrame(hits, columns=[by, "actor", "role", "doc_id", "sent_id", "item"])
    return h.drop_duplicates([by, "actor", "role", "doc_id", "sent_id", "item"])


def _literal_starts(tree) -> set | None:
    """Literal texts one of which starts every match of a parsed pattern (after ``\\b``), or None.

    Walks the leading ``\\b``, groups and alternatives of ``re``'s parse tree; anything else
    before the first literal (a character class, a repeat, a flag) gives None.
    """
    from re import _parser as sre

    seq, i = list(tree), 0
    while i < len(seq) and seq[i][0] is sre.AT and seq[i][1] is sre.AT_BOUNDARY:
        i += 1
    if i < len(seq) and seq[i][0] is sre.SUBPATTERN:
        _, add, drop, sub = seq[i][1]
        return _literal_starts(sub) if not (add or drop) else None
    if i < len(seq) and seq[i][0] is sre.BRANCH:
        out: set = set()
        for alt in seq[i][1][1]:
            got = _literal_starts(alt)
            if got is None:
                return None
            out |= got
        return out
    lit = []
    while i < len(seq) and seq[i][0] is sre.LITERAL:
        lit.append(chr(seq[i][1]))
        i += 1
    return {"".join(lit)} if lit else None


def _cue_matches(cues: dict, texts: list[str]) -> list[list[tuple]]:
    """``(start, end, role)`` of every match of the role cues in each text, as ``finditer`` of
    the cues combined into one alternation (``(?P<role>...)|...``, in ``cues`` order) finds them.

    Every match of a role's pattern starts with one of a few literal texts
    (:func:`_literal_starts`): their occurrences (overlapping ones too) are found over all
    texts at once on an array of code points, and at each such position, in order and past the
    end of the previous match, the roles that can start there are tried in ``cues`` order with
    ``pattern.match(text, pos)`` -- what the alternation does at every position (a role whose
    literal starts are absent cannot match there; ``\\b`` and look-arounds see the whole text
    either way). Cues of another shape (or ignoring case) are run as the one alternation.
    """
    try:
        from re import _parser as sre   # re's own parser: private, so its absence means the plain alternation
    except ImportError:
        sre = None

    roles = list(cues)
    pats = [re.compile(cues[r].pattern) for r in roles]
    starts = [None if sre is None or p.flags & re.IGNORECASE else _literal_starts(sre.parse(p.pattern, p.flags))
              for p in pats]
    if not roles or any(not st or any("\n" in x for x in st) for st in starts):
        combined = re.compile("|".join(f"(?P<{role}>{cues[role].pattern})" for role in roles))
        return [[(m.start(), m.end(), m.lastgroup) for m in combined.finditer(t)] for t in texts]
    out: list = []
    for lo in range(0, len(texts), _CUE_BLOCK):   # blocks of texts: the per-character arrays stay small
        block = texts[lo:lo + _CUE_BLOCK]
        out.extend(_block_cue_matches(block, pats, roles, starts))
    return out


#: Texts per block of :func:`_cue_matches` (about 0.6 MB of text: a few MB of per-character arrays).
_CUE_BLOCK = 5000


def _block_cue_matches(texts: list[str], pats: list, roles: list, starts: list) -> list[list[tuple]]:
    """:func:`_cue_matches` of some texts, with the compiled role patterns and their literal starts."""
    joined = "\n".join(texts)   # a start never spans the separator: none contains a newline
    chars = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)  # one per character
    # each position's first two characters as one small integer (0 = a character no start begins
    # with), looked up in a table of the starts' first two characters: the candidate positions
    lits = [(k, lit) for k, st in enumerate(starts) for lit in st]
    alphabet = sorted({ord(ch) for _, lit in lits for ch in lit[:2]})
    ids = np.zeros(alphabet[-1] + 2, dtype=np.int32)
    ids[alphabet] = np.arange(1, len(alphabet) + 1, dtype=np.int32)
    width = len(alphabet) + 1
    cid = ids[np.minimum(chars, len(ids) - 1)]          # the last entry is 0: every larger character
    pair = cid * width
    pair[:-1] += cid[1:]
    del cid
    wanted = np.zeros(width * width, dtype=bool)
    spans = []   # each start's range of pair values: one value, or any second character for a 1-character start
    for _, lit in lits:
        first = int(ids[ord(lit[0])]) * width
        lo_hi = (first, first + width) if len(lit) == 1 else (first + int(ids[ord(lit[1])]),
                                                                first + int(ids[ord(lit[1])]) + 1)
        wanted[lo_hi[0]:lo_hi[1]] = True
        spans.append(lo_hi)
    cand = np.flatnonzero(wanted[pair])
    at = pair[cand]
    del pair
    pos_parts, role_parts = [], []
    for (k, lit), (lo, hi) in zip(lits, spans):
        pos = cand[(at >= lo) & (at < hi)]
        for j in range(2, len(lit)):
            pos = pos[pos + j < len(chars)]
            pos = pos[chars[pos + j] == ord(lit[j])]
        pos_parts.append(pos)
        role_parts.append(np.full(len(pos), k, dtype=np.int64))
    pos = np.concatenate(pos_parts).astype(np.int64)
    role = np.concatenate(role_parts)
    order = np.lexsort((role, pos))           # by position, then role order
    pos, role = pos[order], role[order]
    bounds = np.cumsum([0] + [len(t) + 1 for t in texts])
    owner = np.searchsorted(bounds, pos, side="right") - 1
    local = pos - bounds[owner]
    out: list = [[] for _ in texts]
    last, end = -1, 0
    for o, p, k in zip(owner.tolist(), local.tolist(), role.tolist()):
        if o != last:
            last, end = o, 0
        if p < end:   # inside the previous match (or matched here already: never empty)
            continue
        m = pats[k].match(texts[o], p)
        if m is not None:
            out[o].append((m.start(), m.end(), roles[k]))
            end = m.end()
    return out


def _sentence_texts(sentences: pd.DataFrame) -> dict:
    return dict(zip(zip(sentences["doc_id"].tolist(), sentences["sent_id"].tolist()), sentences["text"].tolist()))


def actor_roles(mentions: pd.DataFrame, sentences: pd.DataFrame, drivers: pd.DataFrame, cues: dict | None = None, *,
                by: str = "period", window: int = 50, max_evidence: int = 2,
                assignments: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every actor's roles per group, with counts and evidence sentences.

    Parameters
    ----------
    mentions : pandas.DataFrame
        :func:`analysis.actors.actor_mentions` of ``sentences`` (flagged ones are skipped).
    sentences : pandas.DataFrame
        ``corpus.sentences()``.
    drivers : pandas.DataFrame
        :func:`analysis.drivers.extract_drivers` of the same sentences.
    cues : dict, default=None
        :func:`load_role_cues` (``None``: the packaged list).
    by : str, default="period"
    window : int, default=50
        Characters between a role cue and a mention for the cue to apply to that actor.
    max_evidence : int, default=2
        Evidence sentences kept per row (first in reading order).
    assignments : pandas.DataFrame, default=None
        :func:`role_assignments` of the same inputs (computed when ``None``; pass it when
        :func:`document_roles` needs it too).

    Returns
    -------
    pandas.DataFrame
        ``<by>, actor, role, n, evidence`` (roles with ``n`` > 0 only), sorted by group, actor
        and role order.
    """
    h = role_assignments(mentions, sentences, drivers, cues, by=by, window=window) if assignments is None \
        else assignments
    text = _sentence_texts(sentences)
    multi = sentences["doc_id"].nunique() > sentences[by].nunique()
    keys = [by, "actor", "role"]
    n = h.groupby(keys).size().rename("n")
    ev = h.drop_duplicates([*keys, "doc_id", "sent_id"]).sort_values([*keys, "doc_id", "sent_id"], kind="mergesort")
    ev = ev.loc[ev.groupby(keys).cumcount() < max_evidence]
    ev = ev.assign(e=[_excerpt(d, s, text.get((d, s), ""), multi) for d, s in zip(ev["doc_id"], ev["sent_id"])])
    evidence = ev.groupby(keys)["e"].agg(" | ".join).rename("evidence")
    out = pd.concat([n, evidence], axis=1).reset_index()[[by, "actor", "role", "n", "evidence"]]
    rank = {r: i for i, r in enumerate(ROLES)}
    return out.sort_values([by, "actor", "role"], key=lambda c: c.map(rank) if c.name == "role" else c,
                           kind="mergesort").reset_index(drop=True)


def document_roles(assignments: pd.DataFrame, *, by: str = "period") -> pd.DataFrame:
    """The counts of :func:`actor_roles` per document: what a statistic resampling documents needs.

    Parameters
    ----------
    assignments : pandas.DataFrame
        :func:`role_assignments`.
    by : str, default="period"

    Returns
    -------
    pandas.DataFrame
        ``<by>, doc_id, actor, role, n`` (``n`` > 0 only), sorted by group, actor, role order
        and document; summed over documents, ``n`` equals :func:`actor_roles`' ``n``.
    """
    out = assignments.groupby([by, "doc_id", "actor", "role"]).size().rename("n").reset_index()
    rank = {r: i for i, r in enumerate(ROLES)}
    return out.sort_values([by, "actor", "role", "doc_id"], key=lambda c: c.map(rank) if c.name == "role" else c,
                           kind="mergesort").reset_index(drop=True)[[by, "doc_id", "actor", "role", "n"]]


def primary_roles(roles: pd.DataFrame, *, by: str = "period") -> pd.DataFrame:
    """Each actor's main role per group: the role with the largest ``n`` (ties in the order
    of :data:`ROLES`): ``<by>, actor, primary_role, n_primary``."""
    rank = {r: i for i, r in enumerate(ROLES)}
    r = roles.assign(_rank=roles["role"].map(rank)).sort_values([by, "actor", "n", "_rank"],
                                                               ascending=[True, True, False, True], kind="mergesort")
    first = r.drop_duplicates([by, "actor"])
    return first.rename(columns={"role": "primary_role", "n": "n_primary"})[[by, "actor", "primary_role", "n_primary"]] \
        .reset_index(drop=True)


def role_shift(roles: pd.DataFrame, counts: pd.DataFrame, *, parties, by: str = "period", groups=None,
               types=("state", "alliance", "international_body")) -> pd.DataFrame:
    """How each outside power's role changes between groups.

    Parameters
    ----------
    roles : pandas.DataFrame
        :func:`actor_roles`.
    counts : pandas.DataFrame
        :func:`analysis.actors.mention_counts` (for sentence counts and flagged mentions).
    parties : iterable of str
        The relationship's parties (e.g. :func:`analysis.actors.relationship_parties`);
        every other actor of the given ``types`` named in any group is an outside power.
    groups : list, default=None
        Groups in display order (default: sorted).

    Returns
    -------
    pandas.DataFrame
        One row per outside power and group: ``actor, <by>, primary_role, n_sentences,
        n_flagged`` and ``n_<role>`` for every role. ``primary_role`` is ``not named`` when the
        group's texts do not name the actor, ``flagged only`` when only flagged sentences do.
    """
    groups = sorted(counts[by].unique()) if groups is None else list(groups)
    outside = counts.loc[~counts["actor"].isin(list(parties)) & counts["type"].isin(types)]
    actors = sorted(outside["actor"].unique(), key=lambda a: (-outside.loc[outside["actor"] == a, "n_sentences"].sum(), a))
    wide = roles.pivot_table(index=[by, "actor"], columns="role", values="n", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=list(ROLES), fill_value=0)
    prim = primary_roles(roles, by=by).set_index([by, "actor"])["primary_role"]
    c = counts.set_index([by, "actor"])
    rows = []
    for a in actors:
        for g in groups:
            ns = int(c["n_sentences"].get((g, a), 0))
            nf = int(c["n_flagged"].get((g, a), 0))
            primary = prim.get((g, a), None) if ns else None
            primary = primary or ("flagged only" if nf else "not named")
            row = {"actor": a, by: g, "primary_role": primary, "n_sentences": ns, "n_flagged": nf}
            row.update({f"n_{r}": int(wide[r].get((g, a), 0)) if (g, a) in wide.index else 0 for r in ROLES})
            rows.append(row)
    return pd.DataFrame(rows, columns=["actor", by, "primary_role", "n_sentences", "n_flagged", *[f"n_{r}" for r in ROLES]])


def shift_lines(shift: pd.DataFrame, *, by: str = "period", labels: dict | None = None, groups=None) -> list[str]:
    """One sentence per outside power, worded from :func:`role_shift`: its primary role (with
    the number of sentences naming it) in each group, and whether that role changed."""
    labels = labels or {}
    groups = sorted(shift[by].astype(str).unique()) if groups is None else [str(g) for g in groups]
    lines = []
    for actor, grp in shift.groupby("actor", sort=False):
        g = grp.assign(_k=grp[by].astype(str)).set_index("_k").reindex(groups)
        parts = []
        for k, row in g.iterrows():
            role, where = row["primary_role"], labels.get(k, k)
            if role in ROLES:
                parts.append(f"{role} in {where} (n = {int(row[f'n_{role}'])}; named in {int(row['n_sentences'])} "
                             f"sentence{'s' if row['n_sentences'] != 1 else ''})")
            elif role == "flagged only":
                parts.append(f"named only in flagged sentences in {where} ({int(row['n_flagged'])} mentions counted apart)")
            else:
                parts.append(f"not named in {where}")
        roles = [r for r in g["primary_role"] if r in ROLES]
        verdict = ("same main role" if len(set(roles)) == 1 and len(roles) == len(groups) else
                   "main role changes" if len(set(roles)) > 1 else "named in one group only")
        lines.append(f"{actor}: " + "; ".join(parts) + f" -- {verdict}.")
    return lines
