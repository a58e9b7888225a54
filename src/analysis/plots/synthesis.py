"""The synthesis figure: frames, drivers and risks by frame, actor roles, tone, topics, stance.

Every panel draws one table from :func:`analysis.synthesis.figure_tables`; a panel
whose table is missing says so instead of failing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from ..figures import new_figure, period_colors
from .common import interval_dotplot

__all__ = ["plot_synthesis", "placeholder", "plot_drivers_by_frame", "plot_actor_roles"]

ROLE_ORDER = ["driver", "risk", "partner", "threat", "mediator", "bystander"]


def placeholder(ax, title: str, source: str):
    """Mark a panel whose table does not exist (yet)."""
    ax.set_title(title, loc="left")
    ax.text(0.5, 0.5, f"table not available\n({source})", ha="center", va="center", fontsize=7, color="0.4",
            transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(False)
    return ax


def _short(text: str, n: int = 28) -> str:
    text = str(text).replace("_", " ")
    return text if len(text) <= n else text[: n - 1] + "…"


def _wrap(text: str, width: int = 20, lines: int = 2) -> str:
    """Wrap a long label onto at most ``lines`` lines (the last one shortened)."""
    import textwrap

    parts = textwrap.wrap(str(text).replace("_", " "), width) or [""]
    if len(parts) > lines:
        parts = parts[: lines - 1] + [_short(" ".join(parts[lines - 1:]), width)]
    return "\n".join(parts)


def _tone_label(measure: str) -> str:
    """Short row names for the tone panel.

    Examples
    --------
    >>> _tone_label("mean sentence tone (vader)"), _tone_label("relationship tone, sentences naming Azerbaijan–Iran")
    ('vader', 'relations: Azerbaijan–Iran')
    """
    m = str(measure)
    if m.startswith("mean sentence tone (") and m.endswith(")"):
        return m[len("mean sentence tone ("):-1]
    if "sentences naming an actor" in m:
        return "relations: any actor"
    if "sentences naming " in m:
        return "relations: " + m.split("sentences naming ", 1)[1]
    return _short(m, 24)


def plot_drivers_by_frame(table: pd.DataFrame, *, ax, labels: dict | None = None, colors: dict | None = None):
    """Horizontal bars: per frame and period, drivers (solid) stacked with risks (hatched)."""
    periods = sorted(table["period"].astype(str).unique())
    colors = colors or period_colors(periods)
    totals = table.groupby("frame")["n"].sum().sort_values(ascending=False, kind="mergesort")
    frames = list(totals.index)
    step = 0.8 / max(1, len(periods))
    for i, p in enumerate(periods):
        sub = table.loc[table["period"].astype(str) == p]
        drv = sub.loc[sub["role"] == "driver"].groupby("frame")["n"].sum().reindex(frames, fill_value=0)
        rsk = sub.loc[sub["role"] == "risk"].groupby("frame")["n"].sum().reindex(frames, fill_value=0)
        y = np.arange(len(frames)) + (i - (len(periods) - 1) / 2) * step
        ax.barh(y, drv.to_numpy(), height=step * 0.9, color=colors[p])
        ax.barh(y, rsk.to_numpy(), left=drv.to_numpy(), height=step * 0.9, color="white", edgecolor=colors[p],
                hatch="/////", lw=0.6)
    from matplotlib.patches import Patch

    ax.set_yticks(range(len(frames)), [_short(f, 22) for f in frames])
    ax.set_ylim(len(frames) - 0.5, -0.5)
    ax.set_xlabel("markers named (count)")
    ax.legend(handles=[Patch(facecolor="0.4", label="driver"),
                       Patch(facecolor="white", edgecolor="0.4", hatch="/////", lw=0.6, label="risk")],
              frameon=False, fontsize=6, loc="lower right", handlelength=1.2)
    return ax


def plot_actor_roles(table: pd.DataFrame, *, ax, labels: dict | None = None, colors: dict | None = None):
    """Actor × role grid; one dot per period, area proportional to the count, count printed beside it."""
    periods = sorted(table["period"].astype(str).unique())
    colors = colors or period_colors(periods)
    actors = list(table.groupby("actor")["n"].sum().sort_values(ascending=False, kind="mergesort").index)
    roles = [r for r in ROLE_ORDER if r in set(table["role"])] + sorted(set(table["role"]) - set(ROLE_ORDER))
    step = 0.36
    nmax = max(1.0, float(table["n"].max()))
    for i, p in enumerate(periods):
        sub = table.loc[table["period"].astype(str) == p]
        x = np.array([roles.index(r) for r in sub["role"]], float) + (i - (len(periods) - 1) / 2) * step
        y = np.array([actors.index(a) for a in sub["actor"]], float)
        ax.scatter(x, y, s=8 + 60 * sub["n"].to_numpy(float) / nmax, color=colors[p], alpha=0.85, lw=0,
                   label=(labels or {}).get(p, p))
    ax.set_xticks(range(len(roles)), roles, rotation=90)
    ax.set_yticks(range(len(actors)), [_short(a, 18) for a in actors])
    ax.set_xlim(-0.6, len(roles) - 0.4)
    ax.set_ylim(len(actors) - 0.5, -0.5)
    ax.grid(lw=0.3, color="0.9")
    ax.set_axisbelow(True)
    return ax


def plot_synthesis(panels: dict, *, stance: pd.DataFrame | None = None, labels: dict | None = None,
                   confidence: float = 0.95):
    """Six panels at double-column width (7 in).

    Parameters
    ----------
    panels : dict
        :func:`analysis.synthesis.figure_tables` (``frames, drivers_by_frame, actor_roles,
        tone, topics``; ``None`` marks a missing table).
    stance : pandas.DataFrame, default=None
        Summary rows of the stance dimension (``period, measure, estimate, ci_low, ci_high``).
    labels : dict, default=None
        Period display labels.
    confidence : float, default=0.95

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, axes = new_figure("double", aspect=0.95, nrows=2, ncols=3)
    (a, b, c), (d, e, f) = axes
    groups = set()
    for key in ("frames", "drivers_by_frame", "actor_roles", "tone", "topics"):
        if panels.get(key) is not None:
            groups |= set(panels[key]["period"].astype(str))
    colors = period_colors(groups or ["2014", "2024"])
    if panels.get("frames") is not None:
        t = panels["frames"].assign(frame=panels["frames"]["frame"].map(_short))
        interval_dotplot(t, y="frame", ax=a, labels=labels, colors=colors, legend=False,
                         xlabel="share of paragraphs")
        a.set_xlim(-0.03, 1.03)
        a.set_title("a  Frames", loc="left")
    else:
        placeholder(a, "a  Frames", "frames_by_period.csv")
    if panels.get("drivers_by_frame") is not None and len(panels["drivers_by_frame"]):
        plot_drivers_by_frame(panels["drivers_by_frame"], ax=b, labels=labels, colors=colors)
        b.set_title("b  Drivers, risks by frame", loc="left")
    else:
        placeholder(b, "b  Drivers, risks by frame", "drivers.csv")
    if panels.get("actor_roles") is not None and len(panels["actor_roles"]):
        plot_actor_roles(panels["actor_roles"], ax=c, labels=labels, colors=colors)
        c.set_title("c  Actor roles (area = n)", loc="left")
    else:
        placeholder(c, "c  Actor roles", "actor_roles.csv")
    if panels.get("tone") is not None and len(panels["tone"]):
        t = panels["tone"].assign(measure=panels["tone"]["measure"].map(_tone_label))
        interval_dotplot(t, y="measure", ax=d, labels=labels, colors=colors, legend=False,
                         xlabel="mean per sentence")
        d.axvline(0, color="0.6", lw=0.6)
        d.set_title("d  Tone by lexicon; relations", loc="left")
    else:
        placeholder(d, "d  Tone", "sentiment_sentences.csv,\nrelationship_tone.csv")
    if panels.get("topics") is not None and len(panels["topics"]):
        t = panels["topics"].assign(topic=panels["topics"]["topic"].map(lambda s: _wrap(s, 18)))
        flag = "unstable" if "unstable" in t.columns and t["unstable"].any() else None
        interval_dotplot(t, y="topic", ax=e, labels=labels, colors=colors, legend=flag is not None, flag=flag,
                         flag_label="unstable topic", xlabel="share of paragraphs")
        model = panels.get("topic_model")
        e.set_title("e  Topics" + (f" ({model})" if model else ""), loc="left")
    else:
        placeholder(e, "e  Topics", "topic_prevalence.csv")
    if stance is not None and len(stance):
        t = stance.assign(measure=stance["measure"].str.replace(" markers per 1,000 words", "s", regex=False))
        interval_dotplot(t, y="measure", ax=f, labels=labels, colors=colors, legend=False,
                         xlabel="per 1,000 words")
        f.set_title("f  Stance markers", loc="left")
    else:
        placeholder(f, "f  Stance markers", "stance.csv")
    handles = [Line2D(
        [], [], marker="o", ls="", color=colors[g], label=(labels or {}).get(g, g)) for g in sorted(colors)]
    handles.append(Line2D(
        [], [], color="0.3", marker="|", ls="-", label=f"bars: {confidence:.0%} intervals"))
    fig.legend(handles=handles, loc="outside upper center", ncols=len(handles), frameon=False)
    return fig
