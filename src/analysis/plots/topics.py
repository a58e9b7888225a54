"""Topic-model figures: k selection, per-topic stability, prevalence by period, alignment.

Every function draws a table it is given (from :mod:`analysis.topics`); unstable topics
are drawn in grey with a cross and labelled "(unstable)" wherever they appear.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle

from ..figures import PALETTE, new_figure, period_colors
from ..topics.models import MODEL_NAMES
from .common import interval_dotplot


def plot_k_selection(table: pd.DataFrame, *, chosen_k: int | None = None, model: str = "nmf"):
    """Stability (mean agreement over runs, ±1 SD) and NPMI coherence against k, chosen k marked.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`analysis.topics.select_k` output.
    chosen_k : int, optional
    model : str, default="nmf"

    Returns
    -------
    matplotlib.figure.Figure
    """
    t = table.loc[table["model"] == model].sort_values("k")
    fig, axes = new_figure("single", aspect=0.95, nrows=2, sharex=True)
    k = t["k"].to_numpy()
    ax = axes[0]
    ax.fill_between(k, t["stability"] - t["stability_sd"], t["stability"] + t["stability_sd"],
                    color=PALETTE[0], alpha=0.2, lw=0)
    ax.plot(k, t["stability"], "o-", color=PALETTE[0], ms=3, label="mean agreement (±1 SD over runs)")
    ax.plot(k, t["min_topic_stability"], "s--", color=PALETTE[2], ms=2.5, lw=0.9, label="least stable topic")
    ax.set_ylabel("stability (avg. Jaccard)")
    ax.set_ylim(0, 1.02)
    ax.legend(frameon=False, loc="lower left", fontsize=6)
    axes[1].plot(k, t["npmi"], "o-", color=PALETTE[1], ms=3)
    axes[1].set_ylabel("NPMI coherence")
    axes[1].set_xlabel("number of topics k")
    axes[1].set_xticks(k)
    if chosen_k is not None:
        for a in axes:
            a.axvline(chosen_k, color="0.4", lw=0.8, ls=":")
        axes[0].annotate(f"chosen k = {chosen_k}", (chosen_k, 1.0), xytext=(3, -2), textcoords="offset points",
                         fontsize=6.5, va="top", color="0.3")
    for a in axes:
        a.grid(axis="y", lw=0.3, color="0.85")
    return fig


def plot_stability(per_topic: pd.DataFrame, *, threshold: float = 0.5):
    """Per-topic stability of each model (mean AJ of the matched topic over the runs, with min-max).

    Parameters
    ----------
    per_topic : pandas.DataFrame
        :func:`analysis.topics.topic_stability` rows with a ``label`` column (topic labels).
    threshold : float, default=0.5

    Returns
    -------
    matplotlib.figure.Figure
    """
    models = list(dict.fromkeys(per_topic["model"]))
    n_max = per_topic.groupby("model").size().max()
    fig, axes = new_figure("double", aspect=0.12 + 0.045 * n_max, ncols=len(models), sharex=True)
    axes = np.atleast_1d(axes)
    for ax, m in zip(axes, models):
        s = per_topic.loc[per_topic["model"] == m].reset_index(drop=True)
        y = np.arange(len(s))
        ok = s["stable"].to_numpy(dtype=bool)
        ax.barh(y[ok], s["stability"][ok], color=PALETTE[0], height=0.6, edgecolor="none")
        ax.barh(y[~ok], s["stability"][~ok], color="0.8", height=0.6, hatch="xxx", edgecolor="0.5", lw=0)
        ax.errorbar(s["stability"], y, xerr=[s["stability"] - s["min"], np.zeros(len(s))], fmt="none",
                    ecolor="0.3", lw=0.6, capsize=1.5)
        ax.axvline(threshold, color="0.3", lw=0.8, ls="--")
        ax.set_yticks(y, s["label"])
        ax.set_ylim(len(s) - 0.5, -0.5)
        ax.set_xlim(0, 1)
        ax.set_title(MODEL_NAMES.get(m, m))
        ax.set_xlabel("stability (avg. Jaccard)")
        ax.tick_params(axis="y", labelsize=6)
    fig.suptitle(f"bars: mean over runs; whisker: worst run; dashed: threshold {threshold:g}; grey: unstable",
                 fontsize=6.5, color="0.3")
    return fig


def plot_prevalence(prevalence: pd.DataFrame, *, labels: dict | None = None, prior: pd.DataFrame | None = None,
                    xlabel: str | None = None):
    """The headline figure: topic share by period with intervals, one panel per model.

    Parameters
    ----------
    prevalence : pandas.DataFrame
        ``topic_prevalence.csv`` rows with ``label`` and ``stable`` columns.
    labels : dict, optional
        Period display labels.
    prior : pandas.DataFrame, optional
        DMR's model-based prevalence (``model, period, topic, prior, label``), drawn as
        open diamonds in the DMR panel.
    xlabel : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    models = list(dict.fromkeys(prevalence["model"]))
    k_max = prevalence.groupby("model")["topic"].nunique().max()
    fig, axes = new_figure("double", aspect=(0.09 + 0.045 * k_max) * len(models), nrows=len(models), sharex=True)
    axes = np.atleast_1d(axes)
    groups = sorted(prevalence["period"].astype(str).unique())
    colors = period_colors(groups)
    unit = prevalence["unit"].iloc[0]
    xmax = prevalence[["share", "ci_high"]].max().max()
    if prior is not None and len(prior):
        xmax = max(xmax, prior["prior"].max())
    for i, (ax, m) in enumerate(zip(axes, models)):
        sub = prevalence.loc[prevalence["model"] == m].assign(unstable=lambda d: ~d["stable"].astype(bool))
        order = list(dict.fromkeys(sub.sort_values("topic")["label"]))
        interval_dotplot(sub, y="label", estimate="share", ax=ax, labels=labels, order=order, flag="unstable",
                         flag_label="unstable: not interpreted", legend=i == 0)
        if prior is not None and m in set(prior["model"]):
            pr = prior.loc[prior["model"] == m]
            step = 0.7 / max(1, len(groups))
            handle = None
            for j, g in enumerate(groups):
                p = pr.loc[pr["period"].astype(str) == g]
                ys = [order.index(lab) + (j - (len(groups) - 1) / 2) * step for lab in p["label"]]
                (line,) = ax.plot(p["prior"], ys, "D", ms=3, mfc="none", mec=colors[g], mew=0.8)
                handle = handle or line
            ax.legend([handle], ["model prior of DMR (colour = period)"], frameon=False, loc="lower left",
                      fontsize=6, bbox_to_anchor=(0.0, 1.0), borderaxespad=0.2)
        ax.set_title(MODEL_NAMES.get(m, m), loc="right", fontsize=7.5)
        ax.tick_params(axis="y", labelsize=6.5)
    axes[-1].set_xlim(0, min(1.0, xmax * 1.04))
    order_note = ", ".join(labels.get(g, g) if labels else g for g in groups)
    fig.supxlabel((xlabel or f"share of the period's words in the topic (95% interval, {unit}s resampled)")
                  + f"\nwithin each topic, top to bottom: {order_note}", fontsize=7)
    return fig


def plot_alignment(alignment: pd.DataFrame, *, labels: pd.DataFrame | None = None, value: str = "cosine"):
    """Heat maps of topic similarity between pairs of models; matched pairs boxed.

    Parameters
    ----------
    alignment : pandas.DataFrame
        :func:`analysis.topics.alignment_table` output.
    labels : pandas.DataFrame, optional
        ``model, topic, label`` to name the rows and columns.
    value : {"cosine", "jaccard"}

    Returns
    -------
    matplotlib.figure.Figure
    """
    pairs = list(dict.fromkeys(zip(alignment["model_a"], alignment["model_b"])))
    fig, axes = new_figure("double", aspect=0.36, ncols=len(pairs))
    axes = np.atleast_1d(axes)
    lab = labels.set_index(["model", "topic"])["label"] if labels is not None else None

    def name(m, t):
        if lab is None or (m, t) not in lab.index:
            return f"T{t}"
        text = lab[(m, t)]
        return "T" + text[1:].split(" ", 1)[0] + ("*" if text.endswith("(unstable)") else "")

    im = None
    for ax, (ma, mb) in zip(axes, pairs):
        sub = alignment.loc[(alignment["model_a"] == ma) & (alignment["model_b"] == mb)]
        mat = sub.pivot(index="topic_a", columns="topic_b", values=value)
        im = ax.imshow(mat.to_numpy(), vmin=0, vmax=1, cmap="Blues")
        for r in sub.loc[sub["matched"]].itertuples():
            i, j = mat.index.get_loc(r.topic_a), mat.columns.get_loc(r.topic_b)
            ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, ec=PALETTE[1], lw=1.2))
            ax.text(j, i, f"{getattr(r, value):.2f}", ha="center", va="center", fontsize=5.5,
                    color="white" if getattr(r, value) > 0.6 else "black")
        ax.set_xticks(range(len(mat.columns)), [name(mb, t) for t in mat.columns], fontsize=6)
        ax.set_yticks(range(len(mat.index)), [name(ma, t) for t in mat.index], fontsize=6)
        ax.set_xlabel(MODEL_NAMES.get(mb, mb), fontsize=7)
        ax.set_ylabel(MODEL_NAMES.get(ma, ma), fontsize=7)
    fig.colorbar(im, ax=list(axes), shrink=0.8, label=f"{value} similarity of topics")
    fig.suptitle("boxed: one-to-one match (Hungarian); * unstable topic", fontsize=6.5, color="0.3")
    return fig
