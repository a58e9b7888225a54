"""Figures of the sentiment analysis; each draws a table from :mod:`analysis.sentiment`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..figures import PALETTE, new_figure
from .common import interval_dotplot

__all__ = ["plot_period_means", "plot_word_shift", "plot_arcs", "plot_pair_tone", "plot_actor_tone"]


def plot_period_means(means: pd.DataFrame, *, labels: dict | None = None, confidence_level: float = 0.95):
    """Mean sentence score per lexicon and period with intervals; one panel per method family
    (scales differ: VADER compound, AFINN sum, HIV4 net count, Goldstein-weighted relationship score)."""
    families = list(dict.fromkeys(means["lexicon"].str.split("-").str[0]))
    sizes = [int((means["lexicon"].str.split("-").str[0] == f).sum() // max(1, means["period"].nunique()))
             for f in families]
    fig, axes = new_figure("onehalf", aspect=0.085 * sum(sizes) + 0.1 * len(families), nrows=len(families),
                           gridspec_kw={"height_ratios": sizes})
    axes = np.atleast_1d(axes)
    for ax, fam in zip(axes, families):
        sub = means.loc[means["lexicon"].str.split("-").str[0] == fam]
        interval_dotplot(sub, y="lexicon", ax=ax, labels=labels, legend=False)
        ax.axvline(0, color="0.6", lw=0.6)
        ax.tick_params(labelsize=7)
    _figure_legend(fig, axes[0])
    axes[-1].set_xlabel(f"mean sentence score ({confidence_level:.0%} interval); each panel has its own scale",
                        fontsize=7)
    return fig


def _figure_legend(fig, ax):
    handles, names = ax.get_legend_handles_labels()
    if len(handles) > 1:
        fig.legend(handles, names, frameon=False, loc="outside upper center", ncol=len(handles), fontsize=7)


def plot_word_shift(shift: pd.DataFrame, *, top_n: int = 20, labels: dict | None = None, lexicon: str = ""):
    """Word-shift bars: the ``top_n`` words by |contribution|, coloured by kind (Gallagher et al. 2021)."""
    top = shift.head(top_n).iloc[::-1]
    colors = {"+ up": PALETTE[2], "- down": PALETTE[0], "+ down": PALETTE[8 % len(PALETTE)], "- up": PALETTE[3]}
    fig, ax = new_figure("single", aspect=max(0.8, 0.055 * len(top) + 0.3))
    ax.barh(np.arange(len(top)), top["contribution"], color=[colors[k] for k in top["kind"]], height=0.7)
    ax.set_yticks(np.arange(len(top)), [f"{w} ({k})" for w, k in zip(top["word"], top["kind"])], fontsize=6)
    ax.axvline(0, color="0.3", lw=0.6)
    lab = labels or {}
    ref, comp = shift.attrs.get("reference", "reference"), shift.attrs.get("comparison", "comparison")
    ax.set_xlabel(f"contribution to mean word score\n{lab.get(comp, comp)} minus {lab.get(ref, ref)}", fontsize=7)
    total = shift.attrs.get("total", np.nan)
    ax.set_title(f"{lexicon} word shift, total {total:+.3f}\n(+/-: above/below the reference mean; "
                 "up/down: more/less frequent)", fontsize=6)
    return fig


def plot_arcs(scores: pd.DataFrame, *, lexicons, labels: dict | None = None, window: int = 3, doc_ids=None):
    """Sentence-by-sentence tone per document (rows) for the given lexicons, with a centred rolling
    mean of ``window`` sentences; dotted lines mark paragraph starts. ``doc_ids``: the documents
    drawn (default every one; pass a few on a large corpus, e.g. :func:`analysis.overview.example_documents`)."""
    docs = list(dict.fromkeys(scores["doc_id"])) if doc_ids is None else list(doc_ids)
    fig, axes = new_figure("double", aspect=0.22 * len(docs), nrows=len(docs), sharey=False)
    axes = np.atleast_1d(axes)
    lab = labels or {}
    for ax, doc in zip(axes, docs):
        d = scores.loc[scores["doc_id"] == doc]
        first = d.loc[d["lexicon"] == lexicons[0]].sort_values("sent_id")
        for pos in first.groupby("para_id")["sent_id"].min().iloc[1:]:
            ax.axvline(pos - 0.5, color="0.8", lw=0.6, ls=":")
        for i, lex in enumerate(lexicons):
            s = d.loc[d["lexicon"] == lex].sort_values("sent_id")
            v = s["score"].to_numpy(dtype=float)
            scale = np.nanmax(np.abs(v)) or 1.0
            ax.plot(s["sent_id"], v / scale, "o", ms=1.8, color=PALETTE[i], alpha=0.5)
            ax.plot(s["sent_id"], pd.Series(v / scale).rolling(window, center=True, min_periods=1).mean(),
                    color=PALETTE[i], lw=1, label=lex)
        ax.axhline(0, color="0.5", lw=0.5)
        ax.set_ylabel("score / max", fontsize=7)
        period = str(d["period"].iloc[0])
        ax.set_title(lab.get(period, doc), fontsize=7, loc="left")
    axes[0].legend(frameon=False, fontsize=6, ncol=len(lexicons), loc="lower left", bbox_to_anchor=(0.3, 1.0))
    axes[-1].set_xlabel(f"sentence (dotted: paragraph starts; line: rolling mean of {window})", fontsize=7)
    return fig


def plot_pair_tone(pairs: pd.DataFrame, *, labels: dict | None = None, min_n: int = 2):
    """Mean relationship score per actor pair and period (pairs with at least ``min_n`` sentences in
    some period), the Azerbaijan–Iran dyad first."""
    keep = pairs.groupby("pair")["n"].max()
    keep = keep[keep >= min_n].index
    sub = pairs.loc[pairs["pair"].isin(keep)]
    order = sorted(keep, key=lambda p: (not bool(sub.loc[sub["pair"] == p, "dyad"].any()),
                                        -int(sub.loc[sub["pair"] == p, "n"].sum()), p))
    _, ax = new_figure("single", aspect=max(0.5, 0.1 * len(order) + 0.35))
    interval_dotplot(sub, y="pair", order=order, ax=ax, labels=labels,
                     xlabel="relationship score (cooperation - conflict, Goldstein/10)")
    ax.axvline(0, color="0.6", lw=0.6)
    return ax.figure


def plot_actor_tone(table: pd.DataFrame, *, lexicons, labels: dict | None = None, order=None):
    """Actor-targeted tone: one panel per lexicon, one row per actor, dots per period."""
    fig, axes = new_figure("double", aspect=0.45, ncols=len(lexicons), sharey=True)
    axes = np.atleast_1d(axes)
    for i, (ax, lex) in enumerate(zip(axes, lexicons)):
        sub = table.loc[table["lexicon"] == lex]
        interval_dotplot(sub, y="actor", estimate="mean", ax=ax, labels=labels, order=order, legend=False)
        ax.axvline(0, color="0.6", lw=0.6)
        ax.set_title(lex, fontsize=8)
    _figure_legend(fig, axes[0])
    fig.supxlabel("mean score of the sentences naming the actor (interval over sentences; hollow: n < 2)",
                  fontsize=8)
    return fig

