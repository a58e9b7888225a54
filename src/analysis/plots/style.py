"""Style figure: the periods side by side on readability, lexical diversity and stance."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..figures import new_figure, period_colors


def plot_period_comparison(table: pd.DataFrame, *, labels: dict | None = None):
    """Periods side by side on readability, lexical diversity and stance, with intervals.

    Each metric gets its own row of dots (one per period, horizontal bar = interval),
    grouped in sub-panels that share a scale: reading ease, grade-level indices, the
    Dale-Chall score (not a grade level), MTLD (axis from zero; no interval), TTR-type measures,
    and stance rates (a rate of zero is drawn as a cross with its exact upper bound).

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`comparison_table`.
    labels : dict, default=None
        Legend label per period (:func:`analysis.overview.period_labels`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    groups = [
        ("a  Reading ease (higher = easier)", ["flesch_reading_ease"]),
        ("b  Grade-level indices (US school grade)", ["flesch_kincaid_grade", "gunning_fog", "smog_index",
                                                      "coleman_liau_index"]),
        ("c  Dale-Chall score (a score, not a grade: 10+ = college graduate)", ["dale_chall"]),
        ("d  MTLD (tokens per factor; no interval: resampling repeats text)", ["mtld"]),
        ("e  Moving / segmental TTR (MATTR: no interval)", ["mattr", "msttr"]),
        ("f  Stance markers per 1,000 words", [c for c in pd.unique(table.loc[table["panel"].str.startswith(
            "stance"), "metric"])]),
    ]
    groups = [(t, [m for m in ms if m in set(table["metric"])]) for t, ms in groups]
    groups = [(t, ms) for t, ms in groups if ms]
    periods = [p for p in pd.unique(table["period"])]
    colors = period_colors(periods)
    heights = [len(ms) + 0.9 for _, ms in groups]
    left = [g for g in groups if not g[0].startswith("f")]
    right = [g for g in groups if g[0].startswith("f")]
    fig = new_figure("double", aspect=0.68)[0]
    fig.clf()
    sub = fig.subfigures(1, 2, width_ratios=[1.0, 0.9], wspace=0.04)
    axes_l = sub[0].subplots(len(left), 1, gridspec_kw={"height_ratios": [len(ms) + 0.9 for _, ms in left]})
    axes_r = sub[1].subplots(len(right), 1, squeeze=False)[:, 0] if right else []
    axes_l = np.atleast_1d(axes_l)
    offsets = np.linspace(-0.18, 0.18, len(periods)) if len(periods) > 1 else np.zeros(1)
    for ax, (title, metrics) in zip([*axes_l, *axes_r], [*left, *right]):
        for i, metric in enumerate(metrics):
            d = table.loc[table["metric"] == metric]
            for off, period in zip(offsets, periods):
                r = d.loc[d["period"] == period]
                if r.empty:
                    continue
                r = r.iloc[0]
                y = i + off
                if pd.notna(r["ci_low"]):
                    ax.plot([r["ci_low"], r["ci_high"]], [y, y], color=colors[str(period)], lw=1.4,
                            solid_capstyle="butt")
                zero = title.startswith("f") and r["value"] == 0
                ax.plot(r["value"], y, "x" if zero else "o", color=colors[str(period)], ms=4.2 if zero else 3.6,
                        mfc=colors[str(period)] if pd.notna(r["ci_low"]) else "white")
        if title.startswith("d"):
            ax.set_xlim(left=0, right=float(table.loc[table["metric"].isin(metrics), "value"].max()) * 1.15)
        ax.set_yticks(range(len(metrics)), [table.loc[table["metric"] == m, "label"].iloc[0] for m in metrics])
        ax.set_ylim(len(metrics) - 0.5, -0.5)
        ax.set_title(title, loc="left", fontsize=7.5)
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="x", lw=0.3, color="0.85")
    labels = labels or {}
    handles = [_legend_handle(colors[str(p)], labels.get(str(p), str(p))) for p in periods]
    hollow = _legend_handle("0.3", "no interval", hollow=True)
    from matplotlib.lines import Line2D
    zero = Line2D([], [], marker="x", ls="none", color="0.3", ms=4.2, label="none found (exact upper bound)")
    fig.legend(handles=[*handles, hollow, zero], loc="outside lower center", ncol=2, frameon=False,
               title="dot: estimate; bar: 95% bootstrap interval over sentences (MSTTR: over segments)",
               title_fontsize=6.5, fontsize=6.5)
    return fig


def _legend_handle(color, label, *, hollow: bool = False):
    """Legend handle: a dot with an interval bar (or a hollow dot for 'no interval')."""
    from matplotlib.lines import Line2D

    if hollow:
        return Line2D([], [], marker="o", ls="none", color=color, mfc="white", ms=3.6, label=label)
    return Line2D([], [], marker="o", color=color, lw=1.4, ms=3.6, label=label)
