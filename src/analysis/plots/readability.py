"""Readability and diversity figures: TTR by text length, sentence and word length distributions."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from ..figures import new_figure, period_colors


def plot_ttr_curve(curve: pd.DataFrame, *, common: pd.DataFrame | None = None, labels: dict | None = None):
    """TTR against the number of tokens read, one line per document (colour = period).

    Parameters
    ----------
    curve : pandas.DataFrame
        From :func:`ttr_curve`.
    common : pandas.DataFrame, default=None
        From :func:`ttr_at_common_length`; marks the common length.

    Returns
    -------
    matplotlib.figure.Figure
    """
    colors = period_colors(curve["period"])
    fig, ax = new_figure("single", aspect=0.62)
    for (doc, period), grp in curve.groupby(["doc_id", "period"], sort=True):
        ax.plot(grp["n_tokens"], grp["ttr"], color=colors[str(period)], label=(labels or {}).get(str(period), str(period)))
        ax.plot(grp["n_tokens"].iloc[-1], grp["ttr"].iloc[-1], "o", color=colors[str(period)], ms=3)
    ax.set_xlabel("tokens read from the start of the text")
    ax.set_ylabel("type/token ratio")
    ax.set_ylim(bottom=max(0.0, float(curve.loc[curve["n_tokens"] >= 50, "ttr"].min()) - 0.05), top=1.0)
    if common is not None and len(common):
        n = int(common["n_common"].iloc[0])
        ax.axvline(n, color="0.5", lw=0.6, ls="--")
        ax.annotate(f"common length: {n} tokens", (n, ax.get_ylim()[0]), xytext=(-3, 3),
                    textcoords="offset points", ha="right", va="bottom", fontsize=6.5, color="0.35")
    _legend_per_period(ax)
    return fig


def plot_length_distributions(components: pd.DataFrame, word_len: pd.DataFrame, *, labels: dict | None = None,
                              max_docs: int = 12):
    """Sentence length (words) and word length (letters) per document, side by side.

    With more than ``max_docs`` documents, one row per period instead (sentences and words of
    its documents pooled), so the figure stays readable and quick on a large corpus.

    Parameters
    ----------
    components : pandas.DataFrame
        From :func:`sentence_components`.
    word_len : pandas.DataFrame
        From :func:`word_lengths` (``doc_id, period, letters, n_words, share``).
    labels : dict, optional
        Display labels of the periods.
    max_docs : int, default=12

    Returns
    -------
    matplotlib.figure.Figure
    """
    colors = period_colors(components["period"])
    fig, (ax1, ax2) = new_figure("double", aspect=0.3, ncols=2)
    docs = components[["doc_id", "period"]].drop_duplicates().sort_values(["period", "doc_id"])
    unit = "doc_id"
    if len(docs) > max_docs:  # pool by period
        unit = "period"
        docs = docs.drop_duplicates("period").assign(doc_id=lambda d: d["period"])
        pooled = word_len.groupby(["period", "letters"], as_index=False)["n_words"].sum()
        word_len = pooled.assign(doc_id=pooled["period"],
                                 share=pooled["n_words"] / pooled.groupby("period")["n_words"].transform("sum"))
    for i, (doc, period) in enumerate(docs.itertuples(index=False)):
        x = components.loc[components[unit] == doc, "n_words"].to_numpy()
        c = colors[str(period)]
        ax1.boxplot([x], positions=[i], orientation="horizontal", widths=0.5, showfliers=False,
                    medianprops={"color": c}, boxprops={"color": c}, whiskerprops={"color": c},
                    capprops={"color": c})
        if unit == "doc_id":  # every sentence as a dot only while there are few
            jitter = (np.arange(len(x)) % 7 - 3) * 0.04
            ax1.plot(x, i + jitter, "o", ms=2.2, alpha=0.6, color=c, mec="none")
        d = word_len.loc[word_len["doc_id"] == doc]
        ax2.plot(d["letters"], 100 * d["share"], "-o", ms=2.5, color=c, label=(labels or {}).get(str(period), str(period)))
    ax1.set_yticks(range(len(docs)), [(labels or {}).get(str(p), str(p)).replace(" · ", "\n") for p in docs["period"]])
    ax1.set_xlabel("sentence length (words)")
    ax1.set_title("Sentence length", loc="left")
    ax2.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax2.set_xlabel("word length (letters)")
    ax2.set_ylabel("% of words")
    ax2.set_title("Word length", loc="left")
    _legend_per_period(ax2)
    return fig


def _legend_per_period(ax) -> None:
    """One legend entry per label: lines are drawn per document but labelled by period."""
    handles = dict(zip(*reversed(ax.get_legend_handles_labels())))
    ax.legend(handles.values(), handles.keys(), frameon=False, loc="upper right", fontsize=6.5)
