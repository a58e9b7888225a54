"""Comparing drivers and risks between groups, reading raw texts, and scoring against hand
coding. Re-exported by :mod:`analysis.drivers`."""

from __future__ import annotations

import pandas as pd

__all__ = ["compare_drivers", "drivers_by_frame", "side_by_side", "text_sentences", "evaluate_drivers"]

_NORMALISE = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-",
                            "\u201c": '"', "\u201d": '"'})


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
