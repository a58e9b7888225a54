"""Actor matching against hand-marked mentions. Re-exported by :mod:`analysis.actors`."""

from __future__ import annotations

import pandas as pd

__all__ = ["evaluate_mentions"]

FORMS = ("name", "adjective")


def _form_of(text: str, gazetteer) -> str:
    hit = gazetteer.aliases.loc[gazetteer.aliases["alias"].str.lower() == str(text).lower(), "form"]
    return hit.iloc[0] if len(hit) else "name"


def evaluate_mentions(mentions: pd.DataFrame, gold: pd.DataFrame, sentences: pd.DataFrame, *,
                      gazetteer=None) -> dict:
    """Tables to score matched against hand-marked mentions (pass them to
    :func:`analysis.validation.presence_agreement`).

    Parameters
    ----------
    mentions : pandas.DataFrame
        :func:`actor_mentions` of ``sentences``.
    gold : pandas.DataFrame
        ``doc_id, sent_id, actor, mention`` (one row per hand-marked mention; a row with an
        empty actor marks a sentence with none), e.g. ``validation/actors_mentions.csv``.
    sentences : pandas.DataFrame
        The sentences that were hand-marked (``doc_id, sent_id``).

    Returns
    -------
    dict
        ``"sentence"``: one row per sentence x actor (``doc_id, sent_id, label, gold,
        predicted``: the actor named in the sentence or not); ``"mention"``: one row per
        aligned mention x form (``doc_id, sent_id, actor, k, label, gold, predicted``, label
        = the form, name or adjective), mentions of one actor in one sentence aligned by
        their text first, then in order.
    """
    from .actors import load_gazetteer

    g = load_gazetteer() if gazetteer is None else gazetteer
    keys = ["doc_id", "sent_id"]
    sents = sentences[keys].drop_duplicates()
    gold = gold.loc[gold["actor"].fillna("") != ""].assign(form=lambda d: [_form_of(t, g) for t in d["mention"]])
    pred = mentions.merge(sents, on=keys)
    labels = sorted(set(gold["actor"]) | set(pred["actor"]))
    grid = sents.merge(pd.DataFrame({"label": labels}), how="cross")
    gs = set(zip(gold["doc_id"], gold["sent_id"], gold["actor"]))
    ps = set(zip(pred["doc_id"], pred["sent_id"], pred["actor"]))
    trip = list(zip(grid["doc_id"], grid["sent_id"], grid["label"]))
    sentence = grid.assign(gold=[t in gs for t in trip], predicted=[t in ps for t in trip])
    rows = []
    gg = {k: list(v) for k, v in gold.groupby(["doc_id", "sent_id", "actor"])[["mention", "form"]]
          .apply(lambda d: list(zip(d["mention"].str.lower(), d["form"]))).items()}
    pp = {k: list(v) for k, v in pred.groupby(["doc_id", "sent_id", "actor"])[["text", "form"]]
          .apply(lambda d: list(zip(d["text"].str.lower(), d["form"]))).items()}
    for key in sorted(set(gg) | set(pp)):
        a, b = list(gg.get(key, [])), list(pp.get(key, []))
        pairs = []
        for item in list(a):
            same = [x for x in b if x[0] == item[0]]
            if same:
                pairs.append((item, same[0]))
                a.remove(item)
                b.remove(same[0])
        pairs += list(zip(a, b)) + [(x, None) for x in a[len(b):]] + [(None, x) for x in b[len(a):]]
        for k, (x, y) in enumerate(pairs):
            for form in FORMS:
                rows.append((*key, k, form, x is not None and x[1] == form, y is not None and y[1] == form))
    mention = pd.DataFrame(rows, columns=["doc_id", "sent_id", "actor", "k", "label", "gold", "predicted"])
    return {"sentence": sentence, "mention": mention}
