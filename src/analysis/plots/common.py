"""Plot primitives shared by every analysis.

:func:`interval_dotplot` draws any estimate-with-interval-by-group table -- frame
shares, stance rates, tone by actor, topic prevalence -- as dots with horizontal
interval bars, one row per category and one dodged dot per group.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..figures import new_figure, period_colors

__all__ = ["interval_dotplot"]


def interval_dotplot(table: pd.DataFrame, *, y: str, hue: str = "period", estimate: str = "estimate",
                     low: str = "ci_low", high: str = "ci_high", ax=None, labels: dict | None = None,
                     xlabel: str | None = None, order=None, flag: str | None = None, flag_label: str = "flagged",
                     colors: dict | None = None, legend: bool = True, width="single"):
    """Dots with interval bars: one row per ``y`` category, one dodged dot per ``hue`` group.

    Parameters
    ----------
    table : pandas.DataFrame
        Long table with ``y``, ``hue``, ``estimate``, ``low``, ``high`` columns.
    y : str
        Category column drawn on the vertical axis (frame, metric, actor, topic).
    hue : str, default="period"
        Group column (one colour per group; colours from :func:`analysis.figures.period_colors`).
    estimate, low, high : str
        Column names of the estimate and its interval. Rows whose interval is NaN are drawn
        as hollow dots without a bar (no interval available, not certainty).
    ax : matplotlib Axes, default=None
        Draw into this axes; ``None`` creates a single-column figure.
    labels : dict, default=None
        Display labels of the groups (e.g. :func:`analysis.overview.period_labels`).
    xlabel : str, default=None
    order : list, default=None
        Category order from top to bottom (default: order of first appearance).
    flag : str, default=None
        Boolean column; flagged rows are drawn in grey with a cross (e.g. unstable topics).
    flag_label : str, default="flagged"
        Legend text for flagged rows.
    colors : dict, default=None
        Group -> colour (default: the paper palette by sorted group).
    legend : bool, default=True
    width : str or float, default="single"
        Figure width when ``ax`` is None.

    Returns
    -------
    matplotlib.axes.Axes
    """
    missing = [c for c in (y, hue, estimate, low, high) if c not in table.columns]
    if missing:
        raise KeyError(f"interval_dotplot: column(s) {missing} not in the table (have {list(table.columns)})")
    labels = labels or {}
    cats = list(order) if order is not None else list(dict.fromkeys(table[y]))
    groups = list(dict.fromkeys(sorted(table[hue].astype(str))))
    colors = colors or period_colors(groups)
    if ax is None:
        _, ax = new_figure(width, aspect=max(0.35, 0.12 * len(cats) + 0.2))
    step = 0.7 / max(1, len(groups))
    offsets = {g: (i - (len(groups) - 1) / 2) * step for i, g in enumerate(groups)}
    flagged_drawn = False
    for g in groups:
        sub = table.loc[table[hue].astype(str) == g]
        pos = {c: i for i, c in enumerate(cats)}
        sub = sub.loc[sub[y].isin(pos)]
        ys = np.array([pos[c] for c in sub[y]], dtype=float) + offsets[g]
        est, lo, hi = (sub[c].to_numpy(dtype=float) for c in (estimate, low, high))
        is_flag = sub[flag].to_numpy(dtype=bool) if flag else np.zeros(len(sub), dtype=bool)
        has_ci = ~(np.isnan(lo) | np.isnan(hi))
        color = colors.get(g, "black")
        ok = has_ci & ~is_flag
        ax.errorbar(est[ok], ys[ok], xerr=[est[ok] - lo[ok], hi[ok] - est[ok]], fmt="o", ms=3.5, lw=1,
                    capsize=1.5, color=color, label=labels.get(g, g))
        nonci = ~has_ci & ~is_flag
        if nonci.any():
            ax.plot(est[nonci], ys[nonci], "o", ms=3.5, mfc="white", mec=color,
                    label=None if ok.any() else labels.get(g, g))
        if is_flag.any():
            fl = is_flag & has_ci
            ax.errorbar(est[fl], ys[fl], xerr=[est[fl] - lo[fl], hi[fl] - est[fl]], fmt="x", ms=3.5, lw=0.8,
                        capsize=1.5, color="0.6", label=None if flagged_drawn else flag_label)
            ax.plot(est[is_flag & ~has_ci], ys[is_flag & ~has_ci], "x", ms=3.5, color="0.6")
            flagged_drawn = True
    ax.set_yticks(range(len(cats)), [str(c) for c in cats])
    ax.set_ylim(len(cats) - 0.5, -0.5)
    ax.grid(axis="x", lw=0.3, color="0.85")
    ax.set_axisbelow(True)
    if xlabel:
        ax.set_xlabel(xlabel)
    if legend and len(groups) + int(flagged_drawn) > 1:
        # Above the axes, never over the data.
        ax.legend(frameon=False, loc="lower left", bbox_to_anchor=(0.0, 1.0), borderaxespad=0.2, handletextpad=0.3)
    return ax
