"""The tables the synthesis figure draws, one per panel (``None`` when the source table is missing)."""

from __future__ import annotations

import re

import pandas as pd

from .measures import choose_topic_model, topic_names

_SPLIT = re.compile(r"\s*[;|,]\s*")


def drivers_by_frame(drivers: pd.DataFrame) -> pd.DataFrame:
    """``period, frame, role, n``: drivers and risks counted under each frame they are coded with.

    A marker with several frames counts once under each; one with none under ``"no frame"``.

    Examples
    --------
    >>> d = pd.DataFrame({"period": ["2014", "2014"], "role": ["risk", "driver"], "frames": ["security; economy", ""]})
    >>> drivers_by_frame(d).to_dict("records")[0]
    {'period': '2014', 'frame': 'economy', 'role': 'risk', 'n': 1}
    """
    frames = drivers["frames"].fillna("").astype(str).map(lambda s: [f for f in _SPLIT.split(s) if f] or ["no frame"])
    long = drivers.assign(frame=frames, period=drivers["period"].astype(str)).explode("frame")
    out = long.groupby(["period", "frame", "role"]).size().rename("n").reset_index()
    return out.sort_values(["period", "frame", "role"], kind="mergesort").reset_index(drop=True)


def figure_tables(tables: dict, summary: pd.DataFrame, *, topic_model: str | None = None, n_actors: int = 8,
                  level: str = "paragraph", coding: str = "rules") -> dict:
    """One tidy table per panel of the synthesis figure.

    Parameters
    ----------
    tables : dict
        From :func:`analysis.synthesis.read_tables`.
    summary : pandas.DataFrame
        From :func:`analysis.synthesis.synthesis_tables` (tone rows are taken from it).
    topic_model : str, default=None
    n_actors : int, default=8
        Actors shown (most often assigned a role over all periods).

    Returns
    -------
    dict
        ``frames, drivers_by_frame, actor_roles, tone, topics`` -> DataFrame or ``None``
        (``topics`` has an ``unstable`` column), and ``topic_model``, the model shown.
    """
    out = dict.fromkeys(["frames", "drivers_by_frame", "actor_roles", "tone", "topics", "topic_model"])
    fb = tables.get("frames_by_period")
    if fb is not None:
        for col, val in (("level", level), ("coding", coding)):
            if col in fb.columns:
                fb = fb.loc[fb[col].astype(str) == val]
        out["frames"] = fb[["period", "frame", "share", "ci_low", "ci_high"]].rename(columns={"share": "estimate"})
    dbf = tables.get("drivers_by_frame")
    if dbf is not None and {"period", "frame", "role", "n"} <= set(dbf.columns):
        out["drivers_by_frame"] = dbf.assign(period=dbf["period"].astype(str))[["period", "frame", "role", "n"]]
    elif tables.get("drivers") is not None and not tables["drivers"].empty:
        out["drivers_by_frame"] = drivers_by_frame(tables["drivers"])
    ar = tables.get("actor_roles")
    if ar is not None and not ar.empty:
        ar = ar.assign(period=ar["period"].astype(str), n=pd.to_numeric(ar["n"], errors="coerce").fillna(0))
        totals = ar.groupby("actor")["n"].sum().sort_values(ascending=False, kind="mergesort")
        top = totals.index[:n_actors]
        out["actor_roles"] = ar.loc[ar["actor"].isin(top), ["period", "actor", "role", "n"]].reset_index(drop=True)
    tone = summary.loc[summary["dimension"].isin(["tone", "relationship tone"])
                       & summary["measure"].str.contains("tone", regex=False)]
    if len(tone):
        out["tone"] = tone[["period", "measure", "estimate", "ci_low", "ci_high", "unit"]].reset_index(drop=True)
    tp = tables.get("topic_prevalence")
    if tp is not None and not tp.empty:
        chosen = choose_topic_model(tp, topic_model)
        tp = tp.loc[tp["model"].astype(str) == chosen]
        names = topic_names(tp, tables.get("topics"), chosen)
        stable = (tp["stable"].astype(str).str.lower().isin(["true", "1"]) if "stable" in tp.columns
                  else pd.Series(True, index=tp.index))
        out["topics"] = pd.DataFrame({"period": tp["period"].astype(str),
                                      "topic": tp["topic"].astype(str).map(names).str.replace(" (unstable)", "",
                                                                                              regex=False),
                                      "estimate": tp["share"], "ci_low": tp["ci_low"], "ci_high": tp["ci_high"],
                                      "unstable": ~stable}).reset_index(drop=True)
        out["topic_model"] = chosen
    return out
