"""The calls notebook 04 and its benchmark stage share: drivers, actors, roles and their validation.

:func:`run_drivers_actors` computes every table of the notebook from a corpus (per-document
extraction, then per-period comparison); :func:`validate_drivers_actors` scores the rules
against the hand coding in ``validation/``. Both take the resource paths the notebook's
parameters cell holds.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pandas as pd

from . import actors, actors_roles, drivers, validation
from .drivers_cues import load_driver_cues
from .parallel import map_documents
from .heap import frozen_heap

__all__ = ["run_drivers_actors", "validate_drivers_actors", "heldout_sentences", "validation_lines"]


def _per_document(sents: pd.DataFrame, *, gazetteer, cues, codebook) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Actor mentions and drivers/risks of some whole documents: the stage's per-document work."""
    mentions = actors.actor_mentions(sents, gazetteer)
    found = drivers.extract_drivers(sents, cues, gazetteer=gazetteer, codebook=codebook, mentions=mentions)
    return mentions, found


def run_drivers_actors(corpus, *, gazetteer_path=None, cues_path=None, role_cues_path=None, codebook_path=None,
                       parties=None, layout_seed: int = 0, role_window: int = 50, jobs: int | None = None,
                       scheduler=None) -> dict:
    """Every table of notebook 04.

    Parameters
    ----------
    corpus : analysis.corpus.Corpus
    gazetteer_path, cues_path, role_cues_path, codebook_path : str or Path, default=None
        Resource files (``None``: the packaged ones).
    parties : list of str, default=None
        The relationship's parties; ``None`` derives them (the two actors named in most
        sentences, :func:`analysis.actors.relationship_parties`).
    layout_seed : int, default=0
        Seed of the network layout.
    role_window : int, default=50
        See :func:`analysis.actors_roles.actor_roles`.
    jobs, scheduler : default=None
        Where the per-document work (actor mentions, drivers and risks with their frames) runs:
        see :func:`analysis.parallel.map_documents` (``None``: ``analysis run --jobs`` /
        ``--scheduler`` through the environment, else one process). The tables are the same.

    Returns
    -------
    dict of pandas.DataFrame (and ``"parties"``, a list)
        ``mentions, sentence_actors, counts, edges, positions, drivers, compare, by_frame,
        roles, roles_by_document`` (the role counts per document, which notebook 07 resamples),
        ``shift``.
    """
    with frozen_heap():   # the corpus's objects stay out of the collector's full passes meanwhile
        return _run(corpus, gazetteer_path=gazetteer_path, cues_path=cues_path, role_cues_path=role_cues_path,
                    codebook_path=codebook_path, parties=parties, layout_seed=layout_seed, role_window=role_window,
                    jobs=jobs, scheduler=scheduler)


def _run(corpus, *, gazetteer_path, cues_path, role_cues_path, codebook_path, parties, layout_seed, role_window,
         jobs, scheduler) -> dict:
    from .framing import load_codebook

    gaz = actors.load_gazetteer(gazetteer_path)
    cues = load_driver_cues(cues_path)
    role_cues = actors_roles.load_role_cues(role_cues_path)
    codebook = load_codebook(codebook_path)
    sents = corpus.sentences()
    mentions, found = map_documents(partial(_per_document, gazetteer=gaz, cues=cues, codebook=codebook), sents,
                                    jobs=jobs, scheduler=scheduler)
    sent_actors = actors.sentence_actors(sents, gaz, mentions=mentions)
    counts = actors.mention_counts(mentions)
    parties = actors.relationship_parties(counts) if parties is None else sorted(parties)
    edges = actors.cooccurrence(sent_actors)
    positions = actors.network_layout(edges, counts.loc[counts["n"] > 0], seed=layout_seed)
    by_frame = drivers.drivers_by_frame(found, frames=codebook.labels)
    assignments = actors_roles.role_assignments(mentions, sents, found, role_cues, window=role_window)
    roles = actors_roles.actor_roles(mentions, sents, found, role_cues, window=role_window, assignments=assignments)
    shift = actors_roles.role_shift(roles, counts, parties=parties, groups=corpus.periods)
    return {"mentions": mentions, "sentence_actors": sent_actors, "counts": counts, "parties": parties,
            "edges": edges, "positions": positions, "drivers": found,
            "compare": drivers.compare_drivers(found, corpus.documents()), "by_frame": by_frame,
            "roles": roles, "roles_by_document": actors_roles.document_roles(assignments), "shift": shift,
            "frames": codebook.labels}


def heldout_sentences(folder) -> pd.DataFrame:
    """Sentences of the held-out pieces listed in ``<folder>/manifest.csv`` (period ``heldout``)."""
    folder = Path(folder)
    man = pd.read_csv(folder / "manifest.csv", dtype=str)
    parts = [drivers.text_sentences((folder / f).read_text(encoding="utf-8"), doc_id=d, period="heldout",
                                    body_end="About the author:") for d, f in zip(man["doc_id"], man["file"])]
    return pd.concat(parts, ignore_index=True)


def _items(agreement: pd.DataFrame, name: str) -> pd.DataFrame:
    return agreement.loc[agreement["label"].isin(["item", "driver", "risk"])].assign(set=name)


def validate_drivers_actors(corpus, validation_dir, *, gazetteer_path=None, cues_path=None, codebook_path=None,
                            n_resamples: int = 2000, random_state) -> dict:
    """Agreement of the rules with the hand coding (``validation/drivers_*``, ``actors_*``).

    Returns
    -------
    dict of pandas.DataFrame
        ``"drivers"``: rows ``set`` (articles / heldout) x ``label`` (item = found at all,
        driver, risk = found with that role) with precision, recall, F1 and intervals from
        :func:`analysis.validation.presence_agreement` (bootstrap over items);
        ``"actors"``: ``level`` (sentence: actor named in a sentence; mention: each mention,
        by form) x label, same columns; ``"heldout_drivers"``: the items extracted from the
        held-out pieces.
    """
    from .framing import load_codebook

    vdir = Path(validation_dir)
    gaz = actors.load_gazetteer(gazetteer_path)
    cues = load_driver_cues(cues_path)
    codebook = load_codebook(codebook_path)
    sents = corpus.sentences()
    art_gold = pd.read_csv(vdir / "drivers_articles.csv", dtype={"doc_id": str})
    art_gold = art_gold.loc[art_gold["doc_id"].isin(set(sents["doc_id"]))]
    art_sents = sents.loc[sents["doc_id"].isin(set(art_gold["doc_id"]))]
    mentions = actors.actor_mentions(art_sents, gaz)
    art = drivers.extract_drivers(art_sents, cues, gazetteer=gaz, codebook=codebook, mentions=mentions)
    held_sents = heldout_sentences(vdir / "drivers_heldout")
    held = drivers.extract_drivers(held_sents, cues, gazetteer=gaz, codebook=codebook)
    held_gold = pd.read_csv(vdir / "drivers_heldout.csv", dtype={"doc_id": str})
    kw = dict(n_resamples=n_resamples, random_state=random_state)
    tabs = []
    for name, found, gold in (("articles (tune set)", art, art_gold), ("held-out pieces", held, held_gold)):
        ev = drivers.evaluate_drivers(found, gold).drop(columns="matched")
        tabs.append(_items(validation.presence_agreement(ev, unit_keys=["doc_id", "unit"], **kw), name))
    gold_m = pd.read_csv(vdir / "actors_mentions.csv", keep_default_na=False, dtype={"doc_id": str})
    gold_m = gold_m.loc[gold_m["doc_id"].isin(set(sents["doc_id"]))]
    marked = sents.merge(gold_m[["doc_id", "sent_id"]].drop_duplicates(), on=["doc_id", "sent_id"])
    ev = actors.evaluate_mentions(mentions.merge(marked[["doc_id", "sent_id"]], on=["doc_id", "sent_id"]),
                                  gold_m, marked, gazetteer=gaz)
    sent_t = validation.presence_agreement(ev["sentence"], unit_keys=["doc_id", "sent_id"], **kw)
    ment_t = validation.presence_agreement(ev["mention"], unit_keys=["doc_id", "sent_id", "actor", "k"], **kw)
    act = pd.concat([sent_t.loc[sent_t["label"].isin(["micro", "macro"])].assign(level="sentence x actor"),
                     ment_t.assign(level="mention")], ignore_index=True)
    return {"drivers": pd.concat(tabs, ignore_index=True), "actors": act, "heldout_drivers": held}


def _fmt(row, metric: str) -> str:
    v, lo, hi = row[metric], row[f"{metric}_low"], row[f"{metric}_high"]
    return "n/a" if pd.isna(v) else f"{v:.2f} [{lo:.2f}, {hi:.2f}]"


def validation_lines(agreement: dict) -> list[str]:
    """Sentences worded from :func:`validate_drivers_actors`: precision and recall (with
    intervals) of the items on each set, and of actor matching."""
    lines = []
    d = agreement["drivers"]
    for name, grp in d.groupby("set", sort=False):
        item = grp.loc[grp["label"] == "item"].iloc[0]
        roles = ", ".join(f"{r['label']}s P {_fmt(r, 'precision')}, R {_fmt(r, 'recall')}"
                          for _, r in grp.loc[grp["label"] != "item"].iterrows())
        lines.append(f"Drivers and risks, {name}: {int(item['n_coded'])} extracted, {int(item['n_gold'])} hand-coded; "
                     f"items found P {_fmt(item, 'precision')}, R {_fmt(item, 'recall')}; with the right role: {roles}.")
    a = agreement["actors"]
    for (level, label), row in a.set_index(["level", "label"]).iterrows():
        if label in ("micro", "adjective"):
            what = "adjectival forms" if label == "adjective" else "all"
            lines.append(f"Actor matching ({level}, {what}; {int(row['n_gold'])} hand-marked): "
                         f"P {_fmt(row, 'precision')}, R {_fmt(row, 'recall')}.")
    return lines
