"""Drivers figure: drivers and risks per period, grouped by frame (draws a table it is given)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..figures import PALETTE, new_figure

__all__ = ["plot_drivers_by_frame"]

#: Colours of the two roles (colour-blind palette: blue for drivers, vermilion for risks).
ROLE_COLORS = {"driver": PALETTE[0], "risk": PALETTE[3]}


def plot_drivers_by_frame(table: pd.DataFrame, *, by: str = "period", frames=None, labels: dict | None = None,
                          groups=None, width="double"):
    """Diverging bars: per group (one panel each), items per frame, risks to the left and
    drivers to the right.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`analysis.drivers.drivers_by_frame` (``<by>, frame, role, n``).
    frames : list, default=None
        Frame order from top to bottom (default: order of first appearance).
    labels : dict, default=None
        Panel titles per group (e.g. :func:`analysis.overview.period_labels`).
    groups : list, default=None
        Groups in panel order (default: sorted).

    Returns
    -------
    matplotlib.figure.Figure
    """
    labels = labels or {}
    groups = sorted(table[by].astype(str).unique()) if groups is None else [str(g) for g in groups]
    frames = list(dict.fromkeys(table["frame"])) if frames is None else [f for f in frames if f in set(table["frame"])]
    n_max = max(1, int(table["n"].max())) if len(table) else 1
    fig, axes = new_figure(width, aspect=0.12 + 0.05 * max(3, len(frames)), ncols=max(1, len(groups)),
                           sharey=True, squeeze=False)
    for ax, g in zip(axes[0], groups):
        sub = table.loc[table[by].astype(str) == g]
        y = np.arange(len(frames))
        for role, sign in (("risk", -1), ("driver", 1)):
            n = sub.loc[sub["role"] == role].set_index("frame")["n"].reindex(frames).fillna(0).to_numpy()
            ax.barh(y, sign * n, color=ROLE_COLORS[role], height=0.6, label=role if g == groups[0] else None)
            for yy, v in zip(y, n):
                if v:
                    ax.text(sign * (v + 0.1), yy, f"{int(v)}", va="center", ha="left" if sign > 0 else "right", fontsize=6)
        ax.axvline(0, color="0.3", lw=0.6)
        ax.set_xlim(-n_max - 0.9, n_max + 0.9)
        ticks = list(range(-n_max, n_max + 1, max(1, n_max // 3)))
        ax.set_xticks(ticks, [str(abs(t)) for t in ticks])
        ax.set_yticks(range(len(frames)), [f.replace("_", " ") for f in frames])
        ax.set_ylim(len(frames) - 0.5, -0.5)
        ax.set_title(labels.get(g, g), fontsize=8)
        ax.set_xlabel("items (risks left, drivers right)", fontsize=7)
    axes[0][0].legend(frameon=False, loc="lower left", bbox_to_anchor=(0.0, 1.08), ncol=2, fontsize=7)
    return fig
