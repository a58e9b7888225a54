"""Stance markers against hand labels: precision and recall per category.

The hand labels (``validation/stance_matches.csv``) list every marker occurrence in every body
sentence -- each match of the marker list and each stance expression a reader finds that the
list misses -- with a label: ``writer`` (the writer's own stance in ``category``),
``attributed`` (stance reported from someone else, e.g. "Baku believes"; counted apart) or
``not_stance`` (a false match: "steps expected by", "who claim the poet").

:func:`stance_agreement` lines the rule matches (:func:`analysis.style.stance_matches`) up with
the labels -- a match and a labelled item are the same occurrence when their token spans
overlap in the same sentence -- and scores them with :func:`analysis.validation.presence_agreement`
(one unit per occurrence, one label per category plus ``attributed``), so precision, recall and
F1 come with bootstrap intervals over occurrences.
"""

from __future__ import annotations

import pandas as pd

from . import validation
from .errors import AnalysisError

LABEL_COLUMNS = ["doc_id", "sent_id", "token_id", "n_tokens", "text", "category", "label", "found_by", "note"]
LABELS = ("writer", "attributed", "not_stance")
ATTRIBUTED = "attributed"
NONE = "none"


def read_stance_labels(path="validation/stance_matches.csv", *, categories=None) -> pd.DataFrame:
    """Read the hand-labelled stance occurrences.

    Parameters
    ----------
    path : str or Path, default="validation/stance_matches.csv"
    categories : list of str, default=None
        Allowed categories (default: those of :data:`analysis.style.CATEGORIES`).

    Returns
    -------
    pandas.DataFrame
        :data:`LABEL_COLUMNS` with integer ``sent_id, token_id, n_tokens``.

    Raises
    ------
    ResourceError
        One line naming the file, the row and the fix.
    """
    if categories is None:
        from .style import CATEGORIES as categories
    df = validation.read_hand_coding(path, LABEL_COLUMNS, key=["doc_id", "sent_id", "token_id", "category"],
                                     allowed={"category": list(categories), "label": LABELS})
    for col in ("sent_id", "token_id", "n_tokens"):
        df[col] = df[col].astype(int)
    return df


def _gold_category(rec) -> str:
    return rec["category"] if rec["label"] == "writer" else ATTRIBUTED if rec["label"] == ATTRIBUTED else NONE


def align_matches(labels: pd.DataFrame, found: pd.DataFrame) -> pd.DataFrame:
    """One row per occurrence: the hand category and the rules' category (``"none"`` when absent).

    Parameters
    ----------
    labels : pandas.DataFrame
        From :func:`read_stance_labels`.
    found : pandas.DataFrame
        Rule matches with ``doc_id, sent_id, token_id, n_tokens, text, category``
        (:func:`analysis.style.stance_matches`); ``category`` may be ``"attributed"``.

    Returns
    -------
    pandas.DataFrame
        ``item, doc_id, sent_id, token_id, text, gold, predicted, labelled`` -- ``labelled`` is
        False for a rule match no hand label covers (label it before trusting the figures).
    """
    rows, used = [], set()
    lab = labels.reset_index(drop=True)
    by_sent = {k: g for k, g in lab.groupby(["doc_id", "sent_id"])}
    for m in found.itertuples(index=False):
        cand = by_sent.get((m.doc_id, m.sent_id))
        hit = None
        if cand is not None:
            lo, hi = m.token_id, m.token_id + int(m.n_tokens) - 1
            over = cand.loc[(cand["token_id"] <= hi) & (cand["token_id"] + cand["n_tokens"] - 1 >= lo)]
            over = over.loc[[i not in used for i in over.index]]
            if len(over):
                same = over.loc[over["category"] == m.category]
                hit = (same if len(same) else over).index[0]
        if hit is None:
            rows.append({"doc_id": m.doc_id, "sent_id": m.sent_id, "token_id": m.token_id, "text": m.text,
                         "gold": NONE, "predicted": m.category, "labelled": False})
        else:
            used.add(hit)
            rec = lab.loc[hit]
            rows.append({"doc_id": m.doc_id, "sent_id": m.sent_id, "token_id": m.token_id, "text": m.text,
                         "gold": _gold_category(rec), "predicted": m.category, "labelled": True})
    for i, rec in lab.iterrows():
        if i not in used:
            rows.append({"doc_id": rec["doc_id"], "sent_id": rec["sent_id"], "token_id": rec["token_id"],
                         "text": rec["text"], "gold": _gold_category(rec), "predicted": NONE, "labelled": True})
    out = pd.DataFrame(rows, columns=["doc_id", "sent_id", "token_id", "text", "gold", "predicted", "labelled"])
    out = out.sort_values(["doc_id", "sent_id", "token_id"], kind="stable").reset_index(drop=True)
    out.insert(0, "item", range(len(out)))
    return out


def stance_agreement(labels: pd.DataFrame, found: pd.DataFrame, *, categories=None, n_resamples: int = 2000,
                     random_state) -> pd.DataFrame:
    """Precision, recall and F1 of the stance rules per category, with bootstrap intervals.

    Parameters
    ----------
    labels : pandas.DataFrame
        From :func:`read_stance_labels`.
    found : pandas.DataFrame
        Rule matches (:func:`analysis.style.stance_matches`); matches in documents without
        any hand label (an article added later) are left out.
    categories : list of str, default=None
        Categories scored (default: :data:`analysis.style.CATEGORIES`); ``attributed`` is
        always added.
    n_resamples : int, default=2000
    random_state : int or numpy.random.Generator
        Of the bootstrap over occurrences.

    Returns
    -------
    pandas.DataFrame
        :func:`analysis.validation.presence_agreement` with ``category`` as the label column:
        ``n_gold`` is the hand-labelled occurrences of the category, ``n_coded`` the rule
        matches counted in it. Kappa is reported but not meaningful here (the negatives are the
        other categories' occurrences).

    Raises
    ------
    AnalysisError
        When a rule match is not covered by any hand label.

    Examples
    --------
    >>> lab = pd.DataFrame({"doc_id": ["d"] * 3, "sent_id": [1, 1, 2], "token_id": [0, 4, 2],
    ...                     "n_tokens": [1, 1, 1], "text": ["may", "expected", "smartly"],
    ...                     "category": ["hedge", "attitude", "attitude"],
    ...                     "label": ["writer", "not_stance", "writer"], "found_by": "", "note": ""})
    >>> found = lab.iloc[:2][["doc_id", "sent_id", "token_id", "n_tokens", "text", "category"]]
    >>> r = stance_agreement(lab, found, categories=["hedge", "attitude"], n_resamples=50, random_state=0)
    >>> r.set_index("category").loc[["hedge", "attitude"], ["precision", "recall"]].values.tolist()
    [[1.0, 1.0], [0.0, 0.0]]
    """
    if categories is None:
        from .style import CATEGORIES as categories
    cats = list(dict.fromkeys([*categories, ATTRIBUTED]))
    found = found.loc[found["doc_id"].isin(set(labels["doc_id"]))]  # only documents that were hand-labelled
    items = align_matches(labels, found)
    if not items["labelled"].all():
        first = items.loc[~items["labelled"]].iloc[0]
        raise AnalysisError(f"rule match {first['text']!r} ({first['doc_id']} sentence {first['sent_id']}, token "
                            f"{first['token_id']}) has no hand label; add it to the labels file")
    long = pd.DataFrame([{"item": i, "category": c, "gold": g == c, "predicted": p == c}
                         for i, g, p in zip(items["item"], items["gold"], items["predicted"]) for c in cats])
    return validation.presence_agreement(long, label="category", gold="gold", predicted="predicted",
                                         unit_keys=["item"], n_resamples=n_resamples, random_state=random_state)
