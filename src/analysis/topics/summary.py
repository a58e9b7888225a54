"""Sentences for notebook 06, generated from its tables (never typed by hand)."""

from __future__ import annotations

import pandas as pd

from .models import MODEL_NAMES


def capacity_lines(cap: dict, *, unit: str = "paragraph") -> list[str]:
    """What the segments can and cannot support, in numbers.

    Examples
    --------
    >>> cap = {"documents": 2, "segments": 20, "segments_per_period": {"2014": 10, "2024": 10},
    ...        "terms": 150, "tokens": 900, "k": 5, "segments_per_topic": 4.0, "tokens_per_topic": 180.0,
    ...        "parameters_nmf": 850, "cells": 3000, "nonzero": 600, "median_terms_per_segment": 40.0}
    >>> capacity_lines(cap)[0]
    'The models read 20 paragraphs from 2 documents (2014: 10, 2024: 10): 900 term tokens over 150 distinct terms, a median of 40 terms per paragraph.'
    """
    per = ", ".join(f"{p}: {n}" for p, n in cap["segments_per_period"].items())
    return [
        f"The models read {cap['segments']} {unit}s from {cap['documents']} documents ({per}): {cap['tokens']:,} "
        f"term tokens over {cap['terms']:,} distinct terms, a median of {cap['median_terms_per_segment']:.0f} terms "
        f"per {unit}.",
        f"With k = {cap['k']} that is {cap['segments_per_topic']:.1f} {unit}s and {cap['tokens_per_topic']:.0f} "
        f"term tokens per topic; NMF alone estimates {cap['parameters_nmf']:,} numbers from a matrix with "
        f"{cap['nonzero']:,} non-zero cells ({cap['nonzero'] / cap['cells']:.0%} of {cap['cells']:,}).",
        f"A prevalence interval per period rests on {min(cap['segments_per_period'].values())} {unit}s at the "
        f"least, all from one text when a period holds one article: it describes that text, not the period.",
    ]


def stability_lines(per_topic: pd.DataFrame, *, threshold: float) -> list[str]:
    """One line per model: how many topics survive refitting, and which do not."""
    lines = []
    for m, g in per_topic.groupby("model", sort=False):
        ok = g.loc[g["stable"]]
        bad = g.loc[~g["stable"]]
        line = (f"{MODEL_NAMES.get(m, m)}: {len(ok)} of {len(g)} topics stable (mean average Jaccard >= "
                f"{threshold:g} over {int(g['n_runs'].iloc[0])} refits; range {g['stability'].min():.2f}-"
                f"{g['stability'].max():.2f})")
        if len(bad):
            line += "; not interpreted: " + "; ".join(bad["label"])
        lines.append(line + ".")
    return lines


def agreement_lines(agreement: pd.DataFrame) -> list[str]:
    """Which one-to-one matched topic pairs two models agree on (cosine at least ``min_cosine``).

    Unstable topics keep their "(unstable)" mark: a pair with one is listed but not interpreted.
    """
    lines = []
    for (ma, mb), g in agreement.groupby(["model_a", "model_b"], sort=False):
        ok = g.loc[g["agree"]].sort_values("cosine", ascending=False)
        both = ok.loc[~ok["label_a"].str.endswith("(unstable)") & ~ok["label_b"].str.endswith("(unstable)")]
        pairs = "; ".join(f"{r.label_a} ≈ {r.label_b} ({r.cosine:.2f})" for r in ok.itertuples())
        lines.append(f"{MODEL_NAMES.get(ma, ma)} vs {MODEL_NAMES.get(mb, mb)}: {len(ok)} of {len(g)} matched pairs "
                     f"with cosine >= {g['min_cosine'].iloc[0]:g}, {len(both)} of them stable in both models"
                     + (f": {pairs}." if pairs else "."))
    return lines


def window_lines(window_alignment: pd.DataFrame, *, min_cosine: float = 0.5, unit: str = "paragraph",
                 other: str = "sentence-window") -> list[str]:
    """Sentence windows (or another variant) vs the main fits: how many main topics reappear."""
    lines = []
    if window_alignment.empty:
        return [f"No {other} variant: nothing to compare."]
    for m, g in window_alignment.groupby("model", sort=False):
        matched = g.loc[g["matched"]]
        n_ok = int((matched["cosine"] >= min_cosine).sum())
        lines.append(f"{MODEL_NAMES.get(m, m)}: {n_ok} of {len(matched)} {unit} topics have a {other} "
                     f"counterpart with cosine >= {min_cosine:g} (median matched cosine "
                     f"{matched['cosine'].median():.2f}).")
    return lines


def prevalence_lines(assignment: pd.DataFrame) -> list[str]:
    """Which topics belong to which period, per model (from :func:`period_assignment`).

    Examples
    --------
    >>> a = pd.DataFrame({"model": "nmf", "label": ["T1 war", "T2 trade", "T3 x (unstable)"],
    ...                   "belongs_to": ["leans 2024", "shared", "unstable"],
    ...                   "share_reference": [0.05, 0.3, 0.1], "share_group": [0.3, 0.25, 0.1]})
    >>> prevalence_lines(a)[0]
    'NMF (TF-IDF) -- leans 2024 (not distinguishable from chance): T1 war (0.05 → 0.30) | shared: T2 trade (0.30 → 0.25) | unstable, not interpreted: T3 x.'
    """
    names = {"shared": "shared", "unstable": "unstable, not interpreted"}
    lines = []
    several = "group" in assignment and assignment["group"].nunique() > 1
    keys = ["model", "reference", "group"] if several else ["model"]
    for key, g in assignment.groupby(keys, sort=False):
        m = key[0] if isinstance(key, tuple) else key
        head = MODEL_NAMES.get(m, m) + (f", {key[2]} vs {key[1]}" if several else "")
        groups: dict = {}
        for r in g.itertuples():
            key = r.belongs_to
            name = names.get(key, f"{key} (not distinguishable from chance)" if key.startswith("leans ")
                             else f"belongs to {key}")
            item = r.label.split(" (unstable)")[0]
            if key != "unstable":
                item += f" ({r.share_reference:.2f} → {r.share_group:.2f})"
            groups.setdefault(name, []).append(item)
        lines.append(f"{head} -- " + " | ".join(f"{k}: {', '.join(v)}" for k, v in groups.items()) + ".")
    return lines
