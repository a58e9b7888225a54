"""Figures of the scale benchmark: time against corpus size on log-log axes.

Draw only; the tables come from ``benchmarks/run_benchmark.py --sizes`` (``scale.csv``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..figures import PALETTE, new_figure

__all__ = ["scale_lines", "scale_figure"]

_MARKERS = "osD^v<>ph*X"


def scale_lines(table: pd.DataFrame, *, ax, x: str = "n_words", y: str = "seconds", hue: str = "stage",
                order=None, guide: bool = True, title: str | None = None):
    """One line per ``hue`` value of ``y`` against ``x``, both on log scales.

    Parameters
    ----------
    table : pandas.DataFrame
        Long table with ``x``, ``y`` and ``hue`` columns (rows with a missing or
        non-positive ``y`` are left out: a log axis cannot show them).
    ax : matplotlib Axes
    x, y, hue : str
    order : list, optional
        Order of the ``hue`` values (legend order); default: order of appearance.
    guide : bool, default=True
        Draw a grey dashed line of slope 1 (time proportional to size) through the
        geometric mean of the points, for reading linearity off the plot.
    title : str, optional
    """
    data = table.loc[table[y].notna() & (table[y] > 0)]
    order = list(order) if order is not None else list(dict.fromkeys(data[hue]))
    for i, name in enumerate(order):
        rows = data.loc[data[hue] == name].sort_values(x)
        if rows.empty:
            continue
        ax.plot(rows[x], rows[y], marker=_MARKERS[i % len(_MARKERS)], markersize=3.5, linewidth=1.0,
                color=PALETTE[i % len(PALETTE)], label=str(name))
    if guide and len(data):
        gx, gy = np.exp(np.log(data[x]).mean()), np.exp(np.log(data[y]).mean())
        xs = np.array([data[x].min(), data[x].max()], dtype=float)
        ax.plot(xs, gy * xs / gx, linestyle="--", color="0.6", linewidth=0.8, label="slope 1 (linear)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("words in the corpus" if x == "n_words" else x)
    ax.set_ylabel("seconds (wall clock)" if y == "seconds" else y)
    if title:
        ax.set_title(title, loc="left")
    if ax.get_legend_handles_labels()[0]:   # below the axes: the lines stay visible
        ax.legend(fontsize="x-small", frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)
    return ax


def scale_figure(stages: pd.DataFrame, totals: pd.DataFrame, *, x: str = "n_words", y: str = "seconds"):
    """Two panels: every suite stage (left) and the totals compared (right).

    Parameters
    ----------
    stages : pandas.DataFrame
        ``stage, x, y`` rows of the suite's stages.
    totals : pandas.DataFrame
        ``stage, x, y`` rows of the totals (e.g. "suite, all stages", "usual tools, all steps").

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, (left, right) = new_figure("double", aspect=0.62, ncols=2)
    scale_lines(stages, ax=left, x=x, y=y, title="(a) each stage of the suite")
    scale_lines(totals, ax=right, x=x, y=y, title="(b) everything: suite vs usual tools")
    return fig
