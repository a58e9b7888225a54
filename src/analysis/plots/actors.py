"""Actor figures: co-occurrence networks side by side, and the role shift of outside powers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..figures import PALETTE, new_figure

__all__ = ["plot_networks", "plot_role_shift"]

ROLE_ORDER = ("driver", "risk", "threat", "partner", "mediator", "bystander")


def plot_networks(edges: pd.DataFrame, nodes: pd.DataFrame, positions: pd.DataFrame, *, by: str = "period",
                  labels: dict | None = None, groups=None, parties=(), width="double"):
    """Co-occurrence network per group, side by side, every node at the same position.

    Parameters
    ----------
    edges : pandas.DataFrame
        :func:`analysis.actors.cooccurrence` (``<by>, source, target, weight``).
    nodes : pandas.DataFrame
        :func:`analysis.actors.mention_counts` (``<by>, actor, n``): node size = mentions.
    positions : pandas.DataFrame
        :func:`analysis.actors.network_layout` (``actor, x, y``).
    parties : iterable of str
        Drawn in a darker colour (the relationship's parties).

    Returns
    -------
    matplotlib.figure.Figure
    """
    labels = labels or {}
    groups = sorted(nodes[by].astype(str).unique()) if groups is None else [str(g) for g in groups]
    pos = {a: (x, y) for a, x, y in positions[["actor", "x", "y"]].itertuples(index=False)}
    w_max = max(1.0, float(edges["weight"].max())) if len(edges) else 1.0
    n_max = max(1.0, float(nodes["n"].max())) if len(nodes) else 1.0
    fig, axes = new_figure(width, aspect=0.5, ncols=max(1, len(groups)), squeeze=False)
    xs, ys = positions["x"].to_numpy(dtype=float), positions["y"].to_numpy(dtype=float)
    pad = 0.25
    for ax, g in zip(axes[0], groups):
        e = edges.loc[edges[by].astype(str) == g]
        for s, t, w in e[["source", "target", "weight"]].itertuples(index=False):
            if s in pos and t in pos:
                ax.plot([pos[s][0], pos[t][0]], [pos[s][1], pos[t][1]], color="0.55",
                        lw=0.4 + 2.6 * w / w_max, alpha=0.8, zorder=1, solid_capstyle="round")
        nd = nodes.loc[(nodes[by].astype(str) == g) & (nodes["n"] > 0) & nodes["actor"].isin(pos)]
        for a, n in nd[["actor", "n"]].itertuples(index=False):
            color = PALETTE[0] if a in set(parties) else PALETTE[2]
            ax.scatter([pos[a][0]], [pos[a][1]], s=12 + 110 * n / n_max, color=color, edgecolor="white",
                       linewidth=0.5, zorder=2)
            ax.annotate(a, pos[a], xytext=(0, 5), textcoords="offset points", ha="center", va="bottom",
                        fontsize=6, zorder=3, bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8})
        ax.set_xlim(xs.min() - pad, xs.max() + pad)
        ax.set_ylim(ys.min() - pad, ys.max() + pad)
        ax.set_xticks([])
        ax.set_yticks([])
        for sp in ax.spines.values():
            sp.set_visible(False)
        ax.set_title(labels.get(g, g), fontsize=8)
    return fig


def plot_role_shift(shift: pd.DataFrame, *, by: str = "period", labels: dict | None = None, groups=None,
                    width="double"):
    """Dot matrix per group: outside powers (rows) by role (columns), dot area = count;
    the primary role is ringed. Actors named only in flagged sentences are marked "flagged
    only"; actors not named, "not named".

    Parameters
    ----------
    shift : pandas.DataFrame
        :func:`analysis.actors_roles.role_shift`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    labels = labels or {}
    groups = sorted(shift[by].astype(str).unique()) if groups is None else [str(g) for g in groups]
    actors = list(dict.fromkeys(shift["actor"]))
    cols = [f"n_{r}" for r in ROLE_ORDER]
    n_max = max(1, int(shift[cols].to_numpy().max())) if len(shift) else 1
    fig, axes = new_figure(width, aspect=0.1 + 0.045 * max(4, len(actors)), ncols=max(1, len(groups)),
                           sharey=True, squeeze=False)
    for ax, g in zip(axes[0], groups):
        sub = shift.loc[shift[by].astype(str) == g].set_index("actor").reindex(actors)
        for i, a in enumerate(actors):
            row = sub.loc[a]
            for j, r in enumerate(ROLE_ORDER):
                n = row[f"n_{r}"]
                if n and not np.isnan(n):
                    ax.scatter([j], [i], s=10 + 90 * n / n_max, color=PALETTE[j % len(PALETTE)], zorder=2)
            if row["primary_role"] in ROLE_ORDER:
                ax.scatter([ROLE_ORDER.index(row["primary_role"])], [i], s=10 + 90 * row[f"n_{row['primary_role']}"] / n_max + 40,
                           facecolor="none", edgecolor="black", linewidth=0.7, zorder=3)
            else:
                ax.text(len(ROLE_ORDER) / 2 - 0.5, i, str(row["primary_role"]), ha="center", va="center",
                        fontsize=6, color="0.45", style="italic")
        ax.set_xticks(range(len(ROLE_ORDER)), ROLE_ORDER, rotation=40, ha="right", fontsize=7)
        ax.set_yticks(range(len(actors)), actors, fontsize=7)
        ax.set_xlim(-0.6, len(ROLE_ORDER) - 0.4)
        ax.set_ylim(len(actors) - 0.5, -0.5)
        ax.grid(lw=0.3, color="0.9")
        ax.set_axisbelow(True)
        ax.set_title(labels.get(g, g), fontsize=8)
    return fig
