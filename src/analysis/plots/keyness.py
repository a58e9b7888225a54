"""Keyness figures: top terms as bars, and the Fightin'-Words scatter (they draw tables they are given)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import AnalysisError
from ..figures import new_figure, period_colors
from ..keyness import term_label, top_terms
from .labels import group_labels, place_labels


_GREY = "#9a9a9a"


def _dagger_handle(flag_share):
    from matplotlib.lines import Line2D

    return Line2D([], [], lw=0, label=f"† ≥{flag_share:.0%} in flagged sentences")


def _other_label(periods, p, reference):
    if reference != "other periods":
        return reference
    others = [q for q in periods if q != p]
    return others[0] if len(others) == 1 else "other periods"


def plot_keyness(table: pd.DataFrame, *, reference: str = "other periods", n: int = 10,
                 z_threshold: float = 1.96, flag_share: float = 0.5, width=None, labels: dict | None = None):
    """Bar chart of the most distinctive terms each way (terms vs z).

    With two periods and ``reference="other periods"`` one panel suffices (the two
    periods' rows are mirror images); otherwise one panel per period.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`keyness_table` (or :func:`keyness` / :func:`keyness_vs_english`).
    reference : {"other periods", "general English"}
    n : int, default=10
        Terms per direction.
    z_threshold : float, default=1.96
        Drawn as dashed lines.
    flag_share : float, default=0.5
        Mark terms with at least this share of occurrences in flagged sentences (†).
    width : str or float, default=None
        ``"single"`` for one panel, ``"double"`` for several.
    labels : dict, default=None
        Display label per period (:func:`analysis.overview.period_labels`) for the legend.

    Returns
    -------
    matplotlib.figure.Figure
        Bars of terms within ``|z| <= z_threshold`` are drawn pale; each panel's title says how
        many of its terms pass the threshold. Several panels share one x axis.
    """
    from matplotlib.colors import to_rgba
    from matplotlib.patches import Patch

    labels = labels or {}


    t = table.loc[table["reference"] == reference]
    if t.empty:
        raise AnalysisError(f"no rows with reference {reference!r} in the keyness table")
    periods = sorted(t["period"].astype(str).unique())
    colors = period_colors(periods)
    panels = [periods[-1]] if (reference == "other periods" and len(periods) == 2) else periods
    fig, axes = new_figure(width or ("single" if len(panels) == 1 else "double"),
                           aspect=(0.95 if len(panels) == 1 else 0.5) * (2 * n + 2) / 22,
                           ncols=len(panels), squeeze=False, sharex=True)
    top = top_terms(t, n=n)
    handles: dict = {}
    dagger = False
    for ax, p in zip(axes.ravel(), panels):
        other = _other_label(periods, p, reference)
        sel = top.loc[top["period"] == p]
        rows = pd.concat([sel.loc[sel["direction"] == "under"].sort_values(["z", "term"]),
                          sel.loc[sel["direction"] == "over"].sort_values(["z", "term"])])
        other_color = colors.get(other, _GREY)
        passes = rows["z"].abs() > z_threshold
        bar_colors = [to_rgba(colors[p] if z > 0 else other_color, 1.0 if ok else 0.3)
                      for z, ok in zip(rows["z"], passes)]
        y = np.arange(len(rows))
        ax.barh(y, rows["z"], color=bar_colors, height=0.72)
        names = term_label(rows, flag_share=flag_share)
        ax.set_yticks(y, names)
        ax.tick_params(axis="y", length=0)
        ax.axvline(0, color="black", lw=0.6)
        for s in (-z_threshold, z_threshold):
            ax.axvline(s, color="0.45", lw=0.6, ls="--")
        ax.set_ylim(-0.7, len(rows) - 0.3)
        ax.set_xlabel("z-score (log-odds ratio, informative Dirichlet prior)")
        n_pass = int(passes.sum())
        verdict = (f"none of these {len(rows)} terms passes |z| > {z_threshold:g}" if n_pass == 0 else
                   f"{n_pass} of these {len(rows)} terms pass |z| > {z_threshold:g}")
        ax.set_title(f"{p} vs {other}: {verdict}", fontsize=7.5)
        handles[f"more in {p}"] = Patch(color=colors[p], label=f"more in {labels.get(p, p)}")
        lab = (f"more in {labels.get(other, other)}" if reference == "other periods" else f"less than in {other}")
        handles[lab] = Patch(color=other_color, label=lab)
        handles["pale"] = Patch(color=to_rgba("0.4", 0.3), label=f"pale: |z| ≤ {z_threshold:g}, not distinguishable")
        dagger = dagger or names.str.endswith("†").any()
    if dagger:
        h = _dagger_handle(flag_share)
        handles[h.get_label()] = h
    order = sorted(handles, key=lambda k: (not k.startswith("more in"), k == "pale", k.startswith("†")))
    fig.legend(handles=[handles[k] for k in order], loc="outside lower center", frameon=False, handlelength=1,
               ncols=min(len(handles), 2 if len(panels) == 1 else 4), columnspacing=1.2)
    return fig


def plot_fightin_words(table: pd.DataFrame, *, period: str | None = None, n_labels: int = 10,
                       z_threshold: float = 1.96, flag_share: float = 0.5, width="single",
                       aspect: float = 0.9):
    """Fightin'-Words scatter: total frequency (log) against z for one period vs the rest.

    Points with ``z > 0`` take the period's colour, ``z < 0`` the other period's
    (grey when there are several); terms within ``|z| <= z_threshold`` are pale, those beyond
    it in full colour. Terms with the same counts share a position, so each position is drawn
    once with an area that grows with the number of terms there (a legend says so). The ``n_labels`` most extreme display terms each way are labelled, and
    stop words beyond the threshold in grey; terms at the same position share one label. Labels that cannot be placed
    without overlap are left out and listed in ``fig.dropped_labels``.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`keyness_table` or :func:`keyness`.
    period : str, default=None
        Target period (default: the latest).
    n_labels : int, default=10
    z_threshold : float, default=1.96
    flag_share : float, default=0.5
        Mark terms with at least this share of occurrences in flagged sentences (†).
    width : str or float, default="single"
    aspect : float, default=0.9

    Returns
    -------
    matplotlib.figure.Figure
    """

    t = table.loc[table["reference"] == "other periods"]
    if t.empty:
        raise AnalysisError("the Fightin'-Words plot needs period-against-period rows (two or more periods)")
    periods = sorted(t["period"].astype(str).unique())
    period = periods[-1] if period is None else str(period)
    if period not in periods:
        raise AnalysisError(f"period {period!r} not in the table (have {periods})")
    d = t.loc[t["period"] == period].copy()
    d["total"] = d[[f"count_{p}" for p in periods]].sum(axis=1)
    colors = period_colors(periods)
    other = _other_label(periods, period, "other periods")
    other_color = colors.get(other, _GREY)
    from matplotlib.colors import to_rgba
    from matplotlib.lines import Line2D

    fig, ax = new_figure(width, aspect=aspect)
    # many terms share a position (same counts -> same z): one marker per position, area ~ number of terms,
    # so no stacking of transparent dots; pale = within |z| <= threshold, full colour = beyond it
    spots = (d.assign(zr=d["z"].round(9)).groupby(["total", "zr"], sort=True).size().rename("n_terms").reset_index())
    spots["strong"] = spots["zr"].abs() > z_threshold
    face = [to_rgba(colors[period] if z > 0 else other_color, 1.0 if st else 0.35)
            for z, st in zip(spots["zr"], spots["strong"])]
    ax.scatter(spots["total"], spots["zr"], s=6 * np.sqrt(spots["n_terms"]), c=face, lw=0, zorder=2)
    ax.set_xscale("log")
    for s in (-z_threshold, z_threshold):
        ax.axhline(s, color="0.45", lw=0.6, ls="--")
    ax.axhline(0, color="black", lw=0.5)
    zmax = max(float(d["z"].abs().max()), z_threshold) * 1.6
    ax.set_ylim(-zmax, zmax)
    ax.set_xlim(0.7, float(d["total"].max()) * 1.6)
    ax.set_xlabel("frequency in all periods (count, log scale)")
    ax.set_ylabel(f"z-score ({period} vs {other})")
    top = top_terms(d.drop(columns="total"), n=n_labels)
    stops = d.loc[~d["display"] & (d["z"].abs() > z_threshold)].drop(columns="total")  # significant stop words, in grey
    # at most n_labels of them, the most extreme (a large corpus makes hundreds significant)
    stops = stops.loc[stops["z"].abs().sort_values(ascending=False, kind="stable").index[:n_labels]]
    top = pd.concat([top.assign(_c="black"), stops.assign(_c="0.4")], ignore_index=True)
    top = top.merge(d[["term", "total"]], on="term")
    ax.scatter(top["total"], top["z"], s=9, facecolor="none", edgecolor="black", lw=0.5)
    items = group_labels(top["total"], top["z"], term_label(top, flag_share=flag_share), top["_c"])
    items.sort(key=lambda it: (-abs(it[1]), it[2]))
    rest = np.unique(d.loc[~d["term"].isin(top["term"]), ["total", "z"]].to_numpy(float), axis=0)
    corners = [ax.text(0.01, 0.99, f"more in {period}", transform=ax.transAxes, va="top", ha="left",
                       fontsize=7, color=colors[period]),
               ax.text(0.99, 0.01, f"more in {other}", transform=ax.transAxes, va="bottom", ha="right",
                       fontsize=7, color=other_color)]
    dagger = any(it[2].count("†") for it in items)
    fig.dropped_labels = place_labels(ax, items, obstacles=rest, artists=corners)
    sizes = [k for k in (1, 10, 100) if k <= max(int(spots["n_terms"].max()), 1)]
    key = [Line2D([], [], ls="none", marker="o", ms=np.sqrt(6 * np.sqrt(k)), color="0.35", label=f"{k} term{'s' * (k > 1)}")
           for k in sizes]
    key += [Line2D([], [], ls="none", marker="o", ms=4, color=to_rgba("0.35", 0.35), label=f"pale: |z| ≤ {z_threshold:g}"),
            Line2D([], [], ls="none", marker="o", ms=4, mfc="none", mec="black", label="circled: labelled")]
    fig.legend(handles=key, loc="outside lower center", ncols=len(key), frameon=False, fontsize=6, handletextpad=0.2,
               columnspacing=0.8, title=f"{len(d)} terms on {len(spots)} distinct positions;\nmarker area grows "
                                        f"with the number of terms at a position"
                                        + (f"; † ≥{flag_share:.0%} in flagged sentences" if dagger else ""),
               title_fontsize=6)
    return fig
