"""Corpus overview figure: each article's paragraphs in reading order."""

from __future__ import annotations

import pandas as pd

from ..figures import new_figure, period_colors


def plot_composition(para_lengths: pd.DataFrame, *, doc_ids=None):
    """Paragraph lengths in reading order, one stacked bar per document.

    Each bar is a document; its segments are its paragraphs (in words), hatched
    where a paragraph holds a sentence flagged as garbled. ``doc_ids``: the documents drawn
    (default every one; pass a few on a large corpus, e.g.
    :func:`analysis.overview.example_documents`). Returns the figure.
    """
    docs = list(dict.fromkeys(para_lengths["doc_id"])) if doc_ids is None else list(doc_ids)
    colors = period_colors(para_lengths["period"])
    fig, ax = new_figure("double", aspect=0.07 * len(docs) + 0.18)
    for y, doc_id in enumerate(docs):
        d = para_lengths.loc[para_lengths["doc_id"] == doc_id]
        left = 0
        for rec in d.to_dict("records"):
            ax.barh(y, rec["words"], left=left, height=0.6, color=colors[str(rec["period"])],
                    edgecolor="white", linewidth=0.8, hatch="////" if rec["flagged_sentences"] else None)
            if rec["words"] >= 40:
                ax.text(left + rec["words"] / 2, y, str(rec["para_id"]), ha="center", va="center",
                        fontsize=6, color="white")
            left += rec["words"]
    ax.set_yticks(range(len(docs)), docs)
    ax.invert_yaxis()
    ax.set_xlabel("words (body only), paragraphs numbered in reading order; hatched = contains a flagged sentence")
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    return fig
