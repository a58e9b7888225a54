"""Named drivers and risks: what each author says moves the relationship and what threatens it.

Pipeline: cue lists -> per-document extraction -> per-period comparison -> plots
(:mod:`analysis.plots.drivers`).

- :func:`extract_document` reads one document's sentences in order and finds
  *enumerated* points -- ordinal adverbs ("First, ..."), self-announcing phrases ("One
  reason ...", "Another source of friction ...", "The greatest obstacle ..."), ordinal
  pronouns ("The second is ..."), lists inside one sentence ("first, ...; second, ...")
  and additive continuations that carry no ordinal (the first sentence of the next
  paragraph with "also", "as well", "Moreover" ...) -- and, in paragraphs without an
  enumerated point, *causal and conditional statements* whose force cue ("gained momentum
  after", "could put pressure on", "if not carefully handled") acts on the relationship
  (a relation word, or two of the document's main actors, in the sentence); at most one per
  paragraph, the one with most cues.
- Role: the head noun of a self-announcing phrase decides ("obstacle" -> risk, "reason" ->
  driver); else, for a numbered item, the sentence introducing its list, then its own cues,
  then the previous item; for a continuation its own cues, then the previous item; for a
  causal statement its cues.
- ``label``: the item's key noun phrase(s), built from its clause by splitting at stop words
  and keeping the runs of content words with the rarest words (``wordfreq``), never typed.
- ``actors`` from :mod:`analysis.actors`, ``frames`` from the framing codebook.
- :func:`extract_drivers` runs it over every document; :func:`compare_drivers`,
  :func:`side_by_side` and :func:`drivers_by_frame` compare periods;
  :func:`evaluate_drivers` scores against hand coding.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from . import actors as actors_mod
from .drivers_cues import DriverCues, load_driver_cues
from .errors import AnalysisError

__all__ = ["text_sentences", "extract_document", "extract_drivers", "item_labels", "compare_drivers", "side_by_side",
           "drivers_by_frame", "evaluate_drivers", "DRIVER_COLUMNS"]

DRIVER_COLUMNS = ["doc_id", "period", "para_id", "order", "marker", "role", "label", "actors", "frames",
                  "sentence", "sent_id", "kind", "position", "clause", "frame", "quality_issue"]
_NORMALISE = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-",
                            "\u201c": '"', "\u201d": '"'})


# --------------------------------------------------------------------------- roles and cues
def _force_score(text: str, cues: DriverCues) -> tuple[int, int, str, str]:
    """(driver hits, risk hits, first cue matched, kind of the first cue) in a lower-cased text.

    A cue is tried only where its first word occurs (one scan over all first words); where
    matches overlap the longest wins.
    """
    cand = set()
    lengths = cues.force_lengths
    for word in {m.group(0) for m in cues.force_first.finditer(text)}:
        for n in lengths:
            for pat, idx in cues.force_prefix.get(word[:n], ()):
                if pat.match(word):
                    cand.add(idx)
    hits = []
    for idx in cand:
        pat, cue, role, kind = cues.force[idx]
        hits.extend((m.start(), m.end(), m.group(0), role, kind) for m in pat.finditer(text))
    taken, kept = [], []
    for start, end, words, role, kind in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
        if not any(start < e and s < end for s, e in taken):
            taken.append((start, end))
            kept.append((start, words, role, kind))
    if not kept:
        return 0, 0, "", ""
    kept.sort()
    d = sum(1 for k in kept if k[2] == "driver")
    return d, len(kept) - d, kept[0][1], kept[0][3]


def _polarity(text: str, cues: DriverCues) -> str | None:
    d, r, _, _ = _force_score(text, cues)
    return "driver" if d > r else "risk" if r > d else None


def _order_of(word: str, cues: DriverCues, previous: int) -> int:
    o = cues.order.get(word.strip())
    return previous + 1 if o in (None, "next") else int(o)


# --------------------------------------------------------------------------- enumeration
def _enumerated(text: str, cues: DriverCues, previous: int):
    """Items announced in one sentence: list of ``(clause_start, clause_end, marker, position, noun_role)``."""
    low = text.lower()
    inline = list(cues.inline_ordinal.finditer(low))
    start = cues.ordinal_start.search(low)
    if len(inline) + (1 if start else 0) >= 2:          # a list inside one sentence
        marks = ([(start.start("ord"), start.group("ord"))] if start else []) + \
                [(m.start("ord"), m.group("ord")) for m in inline]
        out = []
        for i, (pos, word) in enumerate(marks):
            end = marks[i + 1][0] if i + 1 < len(marks) else len(text)
            previous = _order_of(word, cues, previous)
            out.append((pos, end, text[pos:pos + len(word)], previous, None))
        return out
    if start:
        return [(0, len(text), text[start.start("ord"):start.end("ord")], _order_of(start.group("ord"), cues, previous), None)]
    m = cues.marker_phrase.search(low)
    if m and (m.group("mods").strip() or m.group("det") not in ("a", "an", "the")):
        mods = m.group("mods").split()
        pos = _order_of(mods[0], cues, previous) if mods else previous + 1
        return [(0, len(text), text[m.start("det"):m.end("noun")], pos, cues.noun_role.get(m.group("noun")))]
    m = cues.ordinal_pronoun.search(low)
    if m:
        word = m.group("ord")
        marker = text[m.start("ord"):m.end("ord")].rsplit(" ", 1)[0]
        return [(0, len(text), marker, _order_of(word.split()[1], cues, previous), None)]
    return []


def _continuation(text: str, cues: DriverCues) -> str | None:
    low = text.lower()
    m = cues.additive_start.search(low) or cues.additive_any.search(low)
    return text[m.start():m.end()].strip(" ,") if m else None


# --------------------------------------------------------------------------- extraction
def _mention_index(mentions: pd.DataFrame) -> dict:
    """(doc_id, sent_id) -> list of (start, actor), unflagged and flagged alike."""
    index: dict = {}
    for key, start, actor in zip(zip(mentions["doc_id"], mentions["sent_id"]), mentions["start"], mentions["actor"]):
        index.setdefault(key, []).append((int(start), actor))
    return index


def _parties_by_doc(mentions: pd.DataFrame, k: int = 2) -> dict:
    """doc_id -> the ``k`` actors named in most of its unflagged sentences."""
    m = mentions.loc[mentions["quality_issue"] == ""].drop_duplicates(["doc_id", "sent_id", "actor"])
    n = m.groupby(["doc_id", "actor"]).size().rename("n").reset_index()
    n = n.sort_values(["doc_id", "n", "actor"], ascending=[True, False, True], kind="mergesort")
    return {d: set(g["actor"].head(k)) for d, g in n.groupby("doc_id", sort=False)}


_ITEM_COLUMNS = [c for c in DRIVER_COLUMNS if c not in ("label", "frames", "frame")]


def _extract(rec: dict, cues: DriverCues, index: dict, parties: set) -> list[dict]:
    """Items of one document; ``rec`` holds its columns as lists (reading order)."""
    doc_ids, paras, sent_ids = rec["doc_id"], rec["para_id"], rec["sent_id"]
    texts = [str(t).translate(_NORMALISE) for t in rec["text"]]
    lows = [t.lower() for t in texts]
    items = []
    position, list_open, last_para, list_role = 0, False, None, None
    for i, (text, para) in enumerate(zip(texts, paras)):
        if last_para is not None and para > last_para + 1:
            list_open, position = False, 0
        found = _enumerated(text, cues, position)
        kind = "enumerated"
        first_in_para = i == 0 or paras[i - 1] != para
        if not found and list_open and first_in_para and para == last_para + 1:
            marker = _continuation(text, cues)
            if marker:
                found, kind = [(0, len(text), marker, position + 1, None)], "continuation"
        for cs, ce, marker, pos, noun_role in found:
            clause = text[cs:ce].strip(" ;,")
            own = _polarity(clause.lower(), cues)
            if not list_open or kind == "enumerated" and pos == 1:
                head = text[:cs] if cs > 0 else (texts[i - 1] if i > 0 else "")
                list_role = _polarity(head.lower(), cues)
            prev = items[-1]["role"] if items and list_open else None
            if noun_role:
                role = noun_role
            elif kind == "continuation":
                role = own or prev or list_role or "driver"
            else:
                role = list_role or own or prev or "driver"
            items.append({"i": i, "cs": cs, "ce": ce, "clause": clause, "marker": marker, "kind": kind,
                          "position": pos, "role": role})
            position, list_open, last_para = pos, True, para
    first_item: dict = {}
    for it in items:
        first_item.setdefault(paras[it["i"]], it["i"])
    best: dict = {}
    for i, (low, para) in enumerate(zip(lows, paras)):
        if i >= first_item.get(para, len(texts)) or cues.summary.search(low):
            continue
        if not cues.relation.search(low):
            named = {a for _, a in index.get((doc_ids[i], sent_ids[i]), ())}
            if len(named & parties) < 2:
                continue
        d, r, cue, kind = _force_score(low, cues)
        if d + r == 0:
            continue
        if para not in best or d + r > best[para][0]:
            role = "driver" if d > r else "risk" if r > d else ("risk" if kind == "conditional" else "driver")
            best[para] = (d + r, {"i": i, "cs": 0, "ce": len(texts[i]), "clause": texts[i].strip(), "marker": cue,
                                  "kind": kind, "position": None, "role": role})
    items += [v[1] for v in best.values()]
    items.sort(key=lambda it: (it["i"], it["cs"]))
    rows = []
    for n, it in enumerate(items, start=1):
        i = it["i"]
        ment = index.get((doc_ids[i], sent_ids[i]), ())
        acts = ";".join(sorted({a for st, a in ment if it["cs"] <= st < it["ce"]}))
        rows.append({"doc_id": doc_ids[i], "period": rec["period"][i], "para_id": int(paras[i]), "order": n,
                     "marker": it["marker"], "role": it["role"], "actors": acts, "sentence": str(rec["text"][i]),
                     "sent_id": int(sent_ids[i]), "kind": it["kind"], "position": it["position"],
                     "clause": it["clause"], "quality_issue": rec["quality_issue"][i]})
    return rows


def _as_records(s: pd.DataFrame) -> dict:
    if "quality_issue" not in s.columns:
        s = s.assign(quality_issue="")
    return {c: s[c].tolist() for c in ("doc_id", "period", "para_id", "sent_id", "text", "quality_issue")}


def _items_frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=_ITEM_COLUMNS).astype({"position": "Int64"})


def extract_document(sentences: pd.DataFrame, cues: DriverCues | None = None, *,
                     mentions: pd.DataFrame | None = None, gazetteer=None, parties=None) -> pd.DataFrame:
    """Drivers and risks of one document.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The document's sentences in reading order: ``doc_id, period, para_id, sent_id,
        text`` (``quality_issue`` optional), e.g. one document of ``corpus.sentences()``.
    cues : DriverCues, default=None
        ``None`` loads the packaged ``resources/driver_cues.yaml``.
    mentions : pandas.DataFrame, default=None
        :func:`analysis.actors.actor_mentions` of these sentences (computed when ``None``).
    gazetteer : analysis.actors.Gazetteer, default=None
    parties : iterable of str, default=None
        The relationship's parties; ``None`` = the two actors named in most of the
        document's sentences.

    Returns
    -------
    pandas.DataFrame
        One row per item in reading order, the columns of :data:`DRIVER_COLUMNS` except
        ``frames``/``frame``/``label`` (added by :func:`extract_drivers`): ``order`` (1, 2 ...
        in the document), ``position`` (the author's ordinal where there is one), ``marker``
        (the words that announce the item or the force cue), ``kind`` (enumerated,
        continuation, causal, conditional), ``clause`` (the item's own text).
    """
    cues = load_driver_cues() if cues is None else cues
    s = sentences.reset_index(drop=True)
    if mentions is None:
        mentions = actors_mod.actor_mentions(s, gazetteer)
    if parties is None:
        parties = next(iter(_parties_by_doc(mentions).values()), set())
    return _items_frame(_extract(_as_records(s), cues, _mention_index(mentions), set(parties)))


# --------------------------------------------------------------------------- labels
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
    link = {"of", "in", "with", "for", "'s", "-", "on"}
    freq = get_frequency_dict("en")

    def rarity(word: str) -> float:   # Zipf frequency: log10 of frequency per billion words
        f = freq.get(word, 0.0)
        return float(np.log10(f) + 9) if f > 0 else 0.0

    out = []
    for clause, marker in zip(clauses, markers):
        text = clause.translate(_NORMALISE)
        at = text.lower().find(str(marker).lower()) if marker else -1
        if at > 0:   # a force cue inside the sentence: the words around it name the force
            before, after = text[max(0, at - 110):at], text[at + len(marker):at + len(marker) + 90]
            before = before if at <= 110 else before.split(" ", 1)[-1]          # whole words only
            after = after if len(after) < 90 else after.rsplit(" ", 1)[0]
            text = before + " , " + after
        elif marker and text.lower().startswith(str(marker).lower()):
            text = text[len(marker):]
            # "One reason ... is money": the complement of a self-announcing phrase names the force
            cop = re.match(r"^[^,.;:]{0,60}?\b(?:is|are|was|were|lies in|remains)\b", text)
            if " " in str(marker).strip() and cop:
                text = text[cop.end():]
        toks = re.findall(r"[A-Za-z][A-Za-z\-']*[A-Za-z]|[A-Za-z]|[,;:.()\"]", text)
        toks = [t[:-2] if t.endswith("'s") else t for t in toks]
        runs, cur = [], []
        for t in toks:
            low = t.lower()
            content = re.match(r"[a-z]", low) and low not in STOP_WORDS and not cues.label_stop.match(low)
            if content:
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
            while r and (r[-1].lower() in link or re.search(r"(?:ing|ed)$", r[-1].lower())):
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


# --------------------------------------------------------------------------- corpus level
def extract_drivers(sentences: pd.DataFrame, cues: DriverCues | None = None, *, gazetteer=None,
                    codebook=None, mentions: pd.DataFrame | None = None, parties=None) -> pd.DataFrame:
    """Drivers and risks of every document (``drivers.csv``), with labels and frames.

    Parameters
    ----------
    sentences : pandas.DataFrame
        ``corpus.sentences()`` or any table with its columns, several documents.
    cues, gazetteer, codebook : default=None
        Driver cues, actor gazetteer, frame codebook (the packaged ones when ``None``).
    mentions : pandas.DataFrame, default=None
        :func:`analysis.actors.actor_mentions` of ``sentences`` (computed when ``None``).
    parties : iterable of str, default=None
        Passed to :func:`extract_document` (``None``: per document, from its mentions).

    Returns
    -------
    pandas.DataFrame
        :data:`DRIVER_COLUMNS`: ``frames`` the frames present in the item's sentence
        (``;``-joined, codebook order), ``frame`` its primary frame (``none`` without cues).
    """
    from . import framing

    cues = load_driver_cues() if cues is None else cues
    if not {"doc_id", "period", "para_id", "sent_id", "text"} <= set(sentences.columns):
        raise AnalysisError("sentences need the columns doc_id, period, para_id, sent_id, text (corpus.sentences())")
    if mentions is None:
        mentions = actors_mod.actor_mentions(sentences, gazetteer)
    index = _mention_index(mentions)
    doc_parties = _parties_by_doc(mentions) if parties is None else None
    rec = _as_records(sentences.reset_index(drop=True))
    docs = rec["doc_id"]
    cuts = [0] + [k for k in range(1, len(docs)) if docs[k] != docs[k - 1]] + [len(docs)]
    rows = []
    for a, b in zip(cuts[:-1], cuts[1:]):
        part = {c: v[a:b] for c, v in rec.items()}
        who = set(parties) if parties is not None else doc_parties.get(docs[a], set())
        rows.extend(_extract(part, cues, index, who))
    out = _items_frame(rows)
    out["label"] = item_labels(out["clause"].tolist(), out["marker"].tolist(), cues)
    if (out["label"] == "").any():   # nothing left after the marker: label from the next sentence
        nxt = sentences.assign(key=list(zip(sentences["doc_id"], sentences["para_id"], sentences["sent_id"] - 1)))
        follow = dict(zip(nxt["key"], nxt["text"]))
        empty = out.index[out["label"] == ""]
        texts = [follow.get((d, p, k), "") for d, p, k in zip(out.loc[empty, "doc_id"], out.loc[empty, "para_id"],
                                                            out.loc[empty, "sent_id"])]
        out.loc[empty, "label"] = item_labels(texts, [""] * len(texts), cues)
    if len(out):
        coded = framing.code_frames(out["sentence"].tolist(), codebook)
        present = coded.loc[coded["present"]].groupby("text_id", sort=False)["frame"].agg(";".join)
        primary = coded.loc[coded["primary"]].set_index("text_id")["frame"]
        out["frames"] = [present.get(i, "") for i in range(len(out))]
        out["frame"] = [primary.get(i, "none") for i in range(len(out))]
    else:
        out["frames"], out["frame"] = pd.Series(dtype=str), pd.Series(dtype=str)
    return out[DRIVER_COLUMNS]


def compare_drivers(drivers: pd.DataFrame, documents: pd.DataFrame, *, by: str = "period") -> pd.DataFrame:
    """Drivers and risks per group: ``<by>, role, n_items, n_documents, per_document``.

    ``documents`` (``corpus.documents()``) supplies every group's document count, so a
    group without items shows 0.
    """
    docs = documents.groupby(by)["doc_id"].nunique().rename("n_documents")
    grid = pd.MultiIndex.from_product([docs.index, ["driver", "risk"]], names=[by, "role"])
    n = drivers.groupby([by, "role"]).size().reindex(grid, fill_value=0).rename("n_items").reset_index()
    n = n.merge(docs.reset_index(), on=by)
    return n.assign(per_document=(n["n_items"] / n["n_documents"]).round(2))


def drivers_by_frame(drivers: pd.DataFrame, *, by: str = "period", frames=None) -> pd.DataFrame:
    """Items per group, role and frame (an item counts under every frame present in its
    sentence, under its primary frame when none is present): ``<by>, frame, role, n``."""
    rows = []
    for rec in drivers.itertuples(index=False):
        fr = rec.frames.split(";") if rec.frames else [rec.frame]
        rows.extend((getattr(rec, by), f, rec.role) for f in fr)
    t = pd.DataFrame(rows, columns=[by, "frame", "role"])
    out = t.groupby([by, "frame", "role"]).size().rename("n").reset_index()
    if frames is not None:
        order = {f: i for i, f in enumerate([*frames, "none"])}
        out = out.sort_values([by, "frame", "role"], key=lambda c: c.map(order) if c.name == "frame" else c,
                              kind="mergesort").reset_index(drop=True)
    return out


def side_by_side(drivers: pd.DataFrame, *, by: str = "period", labels: dict | None = None,
                 groups=None) -> pd.DataFrame:
    """The driver table, groups side by side: one row per role and rank, one column per group.

    Each cell reads ``label [marker] (actors)``, with the document id in front when a group
    holds several documents.
    """
    labels = labels or {}
    groups = list(groups) if groups is not None else sorted(drivers[by].unique())
    cols = {}
    for g in groups:
        d = drivers.loc[drivers[by] == g]
        multi = d["doc_id"].nunique() > 1
        for role in ("driver", "risk"):
            cells = [(f"{r.doc_id}: " if multi else "") + f"{r.label} [{r.marker}]" + (f" ({r.actors.replace(';', ', ')})" if r.actors else "")
                     for r in d.loc[d["role"] == role].itertuples()]
            cols[(labels.get(g, g), role)] = cells
    rows = []
    for role in ("driver", "risk"):
        depth = max([len(v) for (g, r), v in cols.items() if r == role] + [0])
        for k in range(depth):
            row = {"role": role, "rank": k + 1}
            for g in groups:
                cell = cols[(labels.get(g, g), role)]
                row[labels.get(g, g)] = cell[k] if k < len(cell) else ""
            rows.append(row)
    return pd.DataFrame(rows, columns=["role", "rank", *[labels.get(g, g) for g in groups]])


# --------------------------------------------------------------------------- validation
def text_sentences(text: str, *, doc_id: str, period: str = "", body_end: str = "") -> pd.DataFrame:
    """A raw article (one paragraph per line) as a sentence table like ``corpus.sentences()``.

    Everything from ``body_end`` on is dropped; sentences come from
    :func:`analysis.segment.split_sentences`, paragraph by paragraph.
    """
    from .corpus import split_body, split_paragraphs
    from .segment import split_sentences

    body = split_body(text, body_end)[0] if body_end else text.strip()
    rows, k = [], 0
    for p, para in enumerate(split_paragraphs(body), start=1):
        for sent in split_sentences(para):
            k += 1
            rows.append((doc_id, period, p, k, sent, ""))
    return pd.DataFrame(rows, columns=["doc_id", "period", "para_id", "sent_id", "text", "quality_issue"])


def _norm(t: str) -> str:
    return " ".join(str(t).translate(_NORMALISE).lower().split())


def evaluate_drivers(extracted: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Align extracted items with hand-coded ones (pass to :func:`analysis.validation.presence_agreement`).

    An extracted item matches a hand-coded item of the same document when one of the
    item's ``scope`` excerpts (`` | ``-separated) occurs in the extracted ``clause``; each
    hand-coded item is matched once, in reading order (a second extracted item inside a
    matched scope counts as a false positive).

    Returns
    -------
    pandas.DataFrame
        One row per unit x label: units are the hand-coded items and the unmatched extracted
        ones (``doc_id, unit``); labels ``item`` (found at all), ``driver`` and ``risk``
        (found with that role); ``gold``, ``predicted`` booleans; ``matched`` the extracted
        clause.
    """
    units = []
    gold = gold.assign(scope_list=[[_norm(x) for x in str(sc).split(" | ") if x.strip()] for sc in gold["scope"]])
    used = set()
    for rec in extracted.itertuples(index=False):
        clause = _norm(rec.clause)
        hit = None
        for g in gold.loc[gold["doc_id"] == rec.doc_id].itertuples():
            if g.Index not in used and any(x in clause for x in g.scope_list):
                hit = g
                break
        if hit is not None:
            used.add(hit.Index)
            units.append((rec.doc_id, f"gold-{hit.item}", hit.role, rec.role, rec.clause))
        else:
            units.append((rec.doc_id, f"extracted-{rec.order}", None, rec.role, rec.clause))
    for g in gold.itertuples():
        if g.Index not in used:
            units.append((g.doc_id, f"gold-{g.item}", g.role, None, ""))
    rows = []
    for doc, unit, grole, prole, clause in units:
        rows.append((doc, unit, "item", grole is not None, prole is not None, clause))
        for role in ("driver", "risk"):
            rows.append((doc, unit, role, grole == role, prole == role, clause))
    return pd.DataFrame(rows, columns=["doc_id", "unit", "label", "gold", "predicted", "matched"])
