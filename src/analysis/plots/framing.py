"""Framing figures: frame shares by group and the paragraph-by-frame heat map."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..figures import new_figure, period_colors


def plot_frame_shares(shares: pd.DataFrame, *, by: str = "period", ax=None, title: str | None = None,
                      xlabel: str | None = "share with the frame present (95% CI)", legend: bool = True,
                      labels: dict | None = None):
    """Dot-and-whisker plot of frame shares by group (frames on the y axis, codebook order).

    Parameters
    ----------
    shares : pandas.DataFrame
        Output of :func:`frame_shares`.
    by : str, default="period"
    ax : matplotlib.axes.Axes, default=None
    title, xlabel : str, default=None
    legend : bool, default=True
    labels : dict, default=None
        Legend label per group (:func:`analysis.overview.period_labels`: what is in the group).

    Returns
    -------
    matplotlib.axes.Axes
    """
    labels = labels or {}

    if ax is None:
        _, ax = new_figure("single", aspect=0.9)
    frames = list(dict.fromkeys(shares["frame"]))
    groups = sorted(shares[by].astype(str).unique())
    colors = period_colors(groups)
    offsets = np.linspace(-0.18, 0.18, len(groups)) if len(groups) > 1 else [0.0]
    markers = "os^Dv"
    for k, (g, off) in enumerate(zip(groups, offsets)):
        s = shares.loc[shares[by].astype(str) == g].set_index("frame").reindex(frames)
        y = np.arange(len(frames)) + off
        ax.errorbar(s["share"], y, xerr=[s["share"] - s["ci_low"], s["ci_high"] - s["share"]],
                    fmt=markers[k % len(markers)], color=colors[g], ms=4, lw=1, capsize=1.5, label=labels.get(g, g))
    ax.set_yticks(np.arange(len(frames)), [f.replace("_", " ") for f in frames])
    ax.invert_yaxis()
    ax.set_xlim(-0.02, 1.02)
    if xlabel:
        ax.set_xlabel(xlabel)
    if legend:
        ax.legend(frameon=False, loc="lower right", fontsize=6.5)
    if title:
        ax.set_title(title)
    return ax


def plot_frame_heatmap(coded_paragraphs: pd.DataFrame, *, doc_ids=None, threshold: float | None = None,
                       labels: dict | None = None):
    """Paragraph-by-frame heat map for each document (reading order on the x axis).

    Shading is the frame score; a dot (white with a black rim, visible on light and dark cells)
    marks a frame that is present, a box the primary frame. ``threshold`` (the minimum score for
    "present") is drawn on the colour bar. ``labels`` names each document's period in its title
    (:func:`analysis.overview.period_labels`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.patches import Rectangle


    doc_ids = list(dict.fromkeys(coded_paragraphs["doc_id"])) if doc_ids is None else list(doc_ids)
    frames = list(dict.fromkeys(coded_paragraphs["frame"]))
    fig, axes = new_figure("double", aspect=0.32 * len(doc_ids), nrows=len(doc_ids), ncols=1, squeeze=False)
    im = None
    for ax, doc in zip(axes[:, 0], doc_ids):
        sub = coded_paragraphs.loc[coded_paragraphs["doc_id"] == doc]
        score = sub.pivot(index="frame", columns="para_id", values="score").reindex(frames)
        present = sub.pivot(index="frame", columns="para_id", values="present").reindex(frames)
        primary = sub.pivot(index="frame", columns="para_id", values="primary").reindex(frames)
        im = ax.imshow(score.to_numpy(float), cmap="Blues", vmin=0, vmax=1, aspect="auto")
        yy, xx = np.nonzero(present.to_numpy(bool))
        ax.scatter(xx, yy, s=14, facecolor="white", edgecolor="black", marker="o", linewidths=0.6, zorder=3)
        for y, x in zip(*np.nonzero(primary.to_numpy(bool))):
            ax.add_patch(Rectangle((x - 0.5, y - 0.5), 1, 1, fill=False, ec="#D55E00", lw=1.2))
        ax.set_yticks(np.arange(len(frames)), [f.replace("_", " ") for f in frames])
        ax.set_xticks(np.arange(score.shape[1]), [str(c) for c in score.columns])
        period = sub["period"].iloc[0]
        ax.set_title(f"{doc} ({(labels or {}).get(str(period), period)})", loc="left")
        ax.tick_params(length=0)
        for side in ("top", "right", "left", "bottom"):
            ax.spines[side].set_visible(False)
    axes[-1, 0].set_xlabel("paragraph (reading order)")
    if im is not None:
        cb = fig.colorbar(im, ax=axes[:, 0].tolist(), shrink=0.8, pad=0.01)
        cb.set_label("frame score (dot: present; box: primary)")
        if threshold is not None:
            cb.ax.axhline(threshold, color="#D55E00", lw=1.4)
            ticks = sorted({0.0, 0.25, 0.75, 1.0, float(threshold)} - ({0.5} - {float(threshold)}))
            cb.set_ticks(ticks, labels=[f"{t:.2f} present" if t == threshold else f"{t:.2f}" for t in ticks])
    return fig


def plot_frame_shares_panels(panels: dict, *, by: str = "period", confidence_level: float = 0.95,
                             labels: dict | None = None):
    """Frame shares side by side, one panel per table (e.g. paragraphs, sentences, hand coding).

    Parameters
    ----------
    panels : dict of str -> pandas.DataFrame
        Panel title -> output of :func:`analysis.framing.frame_shares` (same frames).
    by : str, default="period"
    confidence_level : float, default=0.95
        Named in the shared x label.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, axes = new_figure("double", aspect=0.5, ncols=len(panels), sharey=True, squeeze=False)
    axes = axes[0]
    for ax, (title, shares) in zip(axes, panels.items()):
        plot_frame_shares(shares, by=by, ax=ax, title=title, xlabel=None, legend=False, labels=labels)
    handles, names = axes[0].get_legend_handles_labels()
    fig.legend(handles, names, loc="outside upper center", ncols=len(names), frameon=False, fontsize=7)
    fig.supxlabel(f"share of units with the frame present ({confidence_level:.0%} bootstrap interval)", fontsize=8)
    return fig
