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
  :func:`evaluate_drivers` scores against hand coding (these, :func:`text_sentences` and
  :func:`item_labels` live in :mod:`.drivers_compare` and :mod:`.drivers_labels`).
"""

from __future__ import annotations

import pandas as pd

from . import actors as actors_mod
from .drivers_cues import DriverCues, WordMemo, cue_words, load_driver_cues
from .errors import AnalysisError

__all__ = ["text_sentences", "extract_document", "extract_drivers", "item_labels", "compare_drivers", "side_by_side",
           "drivers_by_frame", "evaluate_drivers", "DRIVER_COLUMNS"]

DRIVER_COLUMNS = ["doc_id", "period", "para_id", "order", "marker", "role", "label", "actors", "frames",
                  "sentence", "sent_id", "kind", "position", "clause", "frame", "quality_issue"]


# --------------------------------------------------------------------------- roles and cues
def _force_score(text: str, cues: DriverCues, words=None, memo: WordMemo | None = None) -> tuple[int, int, str, str]:
    """(driver hits, risk hits, first cue matched, kind of the first cue) in a lower-cased text.

    A cue is tried only where its first word occurs (one scan over all first words); where
    matches overlap the longest wins. With ``memo`` (a :class:`~analysis.drivers_cues.WordMemo`
    of ``cues``) and an ASCII text the first words are looked up per word type among ``words``
    (:func:`~analysis.drivers_cues.cue_words` of ``text``, computed when ``None``) instead.
    """
    if cues.force_words and memo is not None and (words := cue_words(text) if words is None else words) is not None:
        # the runs starting with a cue's literal start are exactly what force_first finds;
        # other runs start no cue
        cand = memo.force_cues(words)
    else:
        cand = set()
        lengths = cues.force_lengths
        for word in set(cues.force_first.findall(text)):   # the pattern has no groups: whole matches
            for n in lengths:
                for pat, idx in cues.force_prefix.get(word[:n], ()):
                    if pat.match(word):
                        cand.add(idx)
    if not cand:
        return 0, 0, "", ""
    hits = []
    for idx in sorted(cand):   # file order: two cues matching the very same words keep the first
        pat, cue, role, kind = cues.force[idx]
        hits.extend((m.start(), m.end(), m.group(0), role, kind) for m in pat.finditer(text))
    if not hits:
        return 0, 0, "", ""
    taken, kept = [], []
    for start, end, words_, role, kind in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
        if not any(start < e and s < end for s, e in taken):
            taken.append((start, end))
            kept.append((start, words_, role, kind))
    kept.sort()
    d = sum(1 for k in kept if k[2] == "driver")
    return d, len(kept) - d, kept[0][1], kept[0][3]


def _polarity(text: str, cues: DriverCues, memo: WordMemo | None = None) -> str | None:
    d, r, _, _ = _force_score(text, cues, memo=memo)
    return "driver" if d > r else "risk" if r > d else None


def _order_of(word: str, cues: DriverCues, previous: int) -> int:
    o = cues.order.get(word.strip())
    return previous + 1 if o in (None, "next") else int(o)


# --------------------------------------------------------------------------- enumeration
def _enumerated(text: str, cues: DriverCues, previous: int, low: str | None = None):
    """Items announced in one sentence: list of ``(clause_start, clause_end, marker, position, noun_role)``."""
    low = text.lower() if low is None else low
    keys = cues.inline_keys
    # an inline ordinal needs one of the keys as a substring: most sentences skip the scan
    inline = []
    if keys is None or "," in low and any([k in low for k in keys]):   # the pattern ends in a comma
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
    # plain lists first: iterating Arrow-backed string columns element by element is slow
    cols = (mentions[c].tolist() for c in ("doc_id", "sent_id", "start", "actor"))
    for doc, sent, start, actor in zip(*cols):
        got = index.get((doc, sent))   # get first: setdefault would build a new list per mention
        if got is None:
            index[(doc, sent)] = [(int(start), actor)]
        else:
            got.append((int(start), actor))
    return index


def _parties_by_doc(mentions: pd.DataFrame, k: int = 2) -> dict:
    """doc_id -> the ``k`` actors named in most of its unflagged sentences."""
    m = mentions.loc[mentions["quality_issue"] == ""].drop_duplicates(["doc_id", "sent_id", "actor"])
    n = m.groupby(["doc_id", "actor"]).size().rename("n").reset_index()
    n = n.sort_values(["doc_id", "n", "actor"], ascending=[True, False, True], kind="mergesort")
    top = n.groupby("doc_id", sort=False).head(k)   # each document's first k rows, in order
    out: dict = {}
    for d, a in zip(top["doc_id"].tolist(), top["actor"].tolist()):
        out.setdefault(d, set()).add(a)
    return out


_ITEM_COLUMNS = [c for c in DRIVER_COLUMNS if c not in ("label", "frames", "frame")]


def _relation(low: str, words, cues: DriverCues, memo: WordMemo) -> bool:
    """Whether ``cues.relation.search(low)`` finds something; by word type where ``words`` (see
    :func:`~analysis.drivers_cues.cue_words`) are given."""
    if words is None or cues.relation_word is None:
        return cues.relation.search(low) is not None
    return memo.has_relation(words)


def _extract(rec: dict, cues: DriverCues, index: dict, parties: set, memo: WordMemo | None = None) -> list[dict]:
    """Items of one document; ``rec`` holds its columns as lists (reading order); ``memo``: per
    word type answers kept over documents (a new one when ``None``)."""
    memo = WordMemo(cues) if memo is None else memo
    doc_ids, paras, sent_ids = rec["doc_id"], rec["para_id"], rec["sent_id"]
    texts = [actors_mod.normalise(str(t)) for t in rec["text"]]
    lows = [t.lower() for t in texts]
    items = []
    position, list_open, last_para, list_role = 0, False, None, None
    for i, (text, para) in enumerate(zip(texts, paras)):
        if last_para is not None and para > last_para + 1:
            list_open, position = False, 0
        found = _enumerated(text, cues, position, lows[i])
        kind = "enumerated"
        first_in_para = i == 0 or paras[i - 1] != para
        if not found and list_open and first_in_para and para == last_para + 1:
            marker = _continuation(text, cues)
            if marker:
                found, kind = [(0, len(text), marker, position + 1, None)], "continuation"
        for cs, ce, marker, pos, noun_role in found:
            clause = text[cs:ce].strip(" ;,")
            own = _polarity(clause.lower(), cues, memo)
            if not list_open or kind == "enumerated" and pos == 1:
                head = text[:cs] if cs > 0 else (texts[i - 1] if i > 0 else "")
                list_role = _polarity(head.lower(), cues, memo)
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
        words = cue_words(low)
        if not _relation(low, words, cues, memo):
            named = {a for _, a in index.get((doc_ids[i], sent_ids[i]), ())}
            if len(named & parties) < 2:
                continue
        d, r, cue, kind = _force_score(low, cues, words, memo)
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
    memo = WordMemo(cues)   # per word type, over all documents
    for a, b in zip(cuts[:-1], cuts[1:]):
        part = {c: v[a:b] for c, v in rec.items()}
        who = set(parties) if parties is not None else doc_parties.get(docs[a], set())
        rows.extend(_extract(part, cues, index, who, memo))
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
        # plain dicts: a groupby joining strings and a Series.get per item cost more than the loop
        present: dict = {}
        pres = coded.loc[coded["present"]]
        for i, f in zip(pres["text_id"].tolist(), pres["frame"].tolist()):   # codebook order within a text
            present.setdefault(i, []).append(f)
        prim = coded.loc[coded["primary"]]
        primary = dict(zip(prim["text_id"].tolist(), prim["frame"].tolist()))
        out["frames"] = [";".join(present.get(i, ())) for i in range(len(out))]
        out["frame"] = [primary.get(i, "none") for i in range(len(out))]
    else:
        out["frames"], out["frame"] = pd.Series(dtype=str), pd.Series(dtype=str)
    return out[DRIVER_COLUMNS]


# Labels, comparisons and validation live in their own modules; re-exported here.
from .drivers_compare import (compare_drivers, drivers_by_frame, evaluate_drivers, side_by_side,  # noqa: E402
                              text_sentences)
from .drivers_labels import item_labels  # noqa: E402
