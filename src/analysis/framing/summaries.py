"""Frame shares by group with intervals, tests between groups, and the sentences that report them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import stats
from ..errors import AnalysisError


def _frame_order(coded: pd.DataFrame) -> list[str]:
    return [str(f) for f in pd.unique(coded["frame"])]


def _wide_presence(coded: pd.DataFrame, by: str) -> pd.DataFrame:
    """One row per unit, one 0/1 column per frame (codebook order), with ``by`` and ``doc_id``.

    Units are numbered by their order within each group, so every frame must list the units of a
    group in the same order -- as the coding functions of this package do (unit-major rows).
    Rows are sorted by group, then unit order (reading order).
    """
    frames = _frame_order(coded)
    if by in frames or "unit" in frames or "doc_id" in frames:
        raise AnalysisError(f"a frame may not be called {by!r}, 'unit' or 'doc_id'; rename it in the codebook")
    doc = coded["doc_id"] if "doc_id" in coded.columns else pd.Series("", index=coded.index)
    n_frames = len(frames)
    frame_col = coded["frame"].astype(str).to_numpy(dtype=object)
    if n_frames and len(coded) % n_frames == 0 and (frame_col.reshape(-1, n_frames) == np.array(frames, dtype=object)).all():
        # unit-major rows, every unit listing every frame (as the coding functions return): reshape
        present = coded["present"].to_numpy(dtype=float).reshape(-1, n_frames)
        wide = pd.DataFrame(present, columns=frames)
        wide.insert(0, "doc_id", doc.astype(str).to_numpy()[::n_frames])
        wide.insert(0, by, coded[by].to_numpy()[::n_frames])
        return wide.sort_values(by, kind="stable").reset_index(drop=True)
    unit = coded.groupby([by, "frame"], sort=False).cumcount().to_numpy()
    long = coded.assign(unit=unit, present=coded["present"].astype(float), doc_id=doc.astype(str))
    wide = (long.pivot_table(index=[by, "unit"], columns="frame", values="present", sort=True)
            .reindex(columns=frames))
    if wide.isna().to_numpy().any():
        raise AnalysisError("every unit needs exactly one row per frame (as code_frames returns)")
    docs = long.drop_duplicates([by, "unit"]).set_index([by, "unit"])["doc_id"]
    wide.insert(0, "doc_id", docs.reindex(wide.index).to_numpy())
    return wide.reset_index()


def _unit_name(coded: pd.DataFrame) -> str:
    return "sentence" if "sent_id" in coded.columns else "paragraph" if "para_id" in coded.columns else "text"


def frame_shares(coded: pd.DataFrame, *, by: str = "period", min_docs: int = 5, n_resamples: int = 2000,
                 confidence_level: float = 0.95, random_state) -> pd.DataFrame:
    """Share of units (paragraphs or sentences) in which each frame is present, by group.

    Parameters
    ----------
    coded : pandas.DataFrame
        One row per unit x frame with ``present`` (e.g. from :func:`code_corpus`), every
        unit listing every frame; with ``doc_id`` for the document rule.
    by : str, default="period"
    min_docs : int, default=5
        Documents every group needs before documents, not units, are resampled.
    n_resamples : int, default=2000
    confidence_level : float, default=0.95
    random_state : int or numpy.random.Generator

    Returns
    -------
    pandas.DataFrame
        ``period`` (the ``by`` column), ``frame, share, ci_low, ci_high, n, unit, method``,
        sorted by group then codebook order. Intervals come from
        :func:`analysis.stats.group_intervals`: documents resampled within each group when
        every group has ``min_docs`` of them, else the units (``unit``: paragraph or
        sentence), the same resample serving every frame; an exact Clopper-Pearson interval
        when a share is 0 or 1; NaN with fewer than two units. ``n`` counts the resampled units.
    """
    wide = _wide_presence(coded, by)
    frames = _frame_order(coded)
    res = stats.group_intervals(wide, frames, by=by, unit=_unit_name(coded), min_docs=min_docs,
                                n_resamples=n_resamples, confidence_level=confidence_level,
                                random_state=random_state)
    if len(frames) == 1:
        res.insert(1, "measure", frames[0])
    res = res.rename(columns={"measure": "frame", "estimate": "share"})
    order = {f: i for i, f in enumerate(frames)}
    res = res.sort_values([by, "frame"], key=lambda c: c.map(order) if c.name == "frame" else c, kind="stable")
    if (res["unit"] == "document").any():  # n = units of the table, not resampled documents
        res["n_documents"] = res["n"]
    res["n"] = res[by].map(wide.groupby(by).size()).to_numpy()
    return res.reset_index(drop=True)


def compare_frame_shares(coded: pd.DataFrame, *, by: str = "period", reference: str | None = None,
                         min_docs: int = 5, n_resamples: int = 5000, random_state) -> pd.DataFrame:
    """Permutation test, frame by frame, of the difference in shares between groups.

    Through :func:`analysis.stats.group_tests`: units (paragraphs or sentences) -- or documents,
    when every group has ``min_docs`` of them -- are shuffled between groups, one set of
    permutations shared by all frames; the difference gets a bootstrap interval. With one
    article per period and ten paragraphs each, such a test has little power, and units of one
    article are not independent, so read p-values as descriptive.

    Returns
    -------
    pandas.DataFrame
        ``frame, reference, group, share_reference, share_group, difference`` (group minus
        reference), ``ci_low, ci_high`` (of the difference), ``p_value`` (two-sided),
        ``p_holm`` (Holm-adjusted across frames within each comparison), ``unit,
        n_reference, n_group, n_resamples``.
    """
    wide = _wide_presence(coded, by)
    frames = _frame_order(coded)
    res = stats.group_tests(wide, frames, by=by, reference=reference, unit=_unit_name(coded), min_docs=min_docs,
                            n_resamples=n_resamples, random_state=random_state)
    columns = ["frame", "reference", "group", "share_reference", "share_group", "difference", "ci_low", "ci_high",
               "p_value", "p_holm", "unit", "n_reference", "n_group", "n_resamples"]
    res = res.rename(columns={"measure": "frame", "estimate_reference": "share_reference",
                              "estimate_group": "share_group"})
    if res.empty:
        return pd.DataFrame(columns=columns)
    order = {f: i for i, f in enumerate(frames)}
    res = res.sort_values(["group", "frame"], key=lambda c: c.map(order) if c.name == "frame" else c, kind="stable")
    return res[columns].reset_index(drop=True)


def share_lines(shares: pd.DataFrame, tests: pd.DataFrame, *, by: str = "period", unit: str = "paragraphs",
                digits: int = 2) -> list[str]:
    """One line per frame: share [interval] in each group, difference and permutation p-values.

    Parameters
    ----------
    shares : pandas.DataFrame
        Output of :func:`frame_shares`.
    tests : pandas.DataFrame
        Output of :func:`compare_frame_shares` on the same units.
    unit : str, default="paragraphs"
        Word for the units in the text.
    """
    lines = []
    for frame in dict.fromkeys(shares["frame"]):
        sh = shares.loc[shares["frame"] == frame]
        parts = [f"{g} no {unit}" if not r["n"] > 0 or pd.isna(r["share"]) else
                 f"{g} {r['share']:.{digits}f} [{r['ci_low']:.{digits}f}, {r['ci_high']:.{digits}f}] "
                 f"({int(round(r['share'] * r['n']))}/{int(r['n'])} {unit})" for g, r in zip(sh[by], sh.to_dict("records"))]
        line = f"{frame}: " + " vs ".join(parts)
        for t in tests.loc[tests["frame"] == frame].to_dict("records"):
            line += (f"; {t['group']} - {t['reference']} = {t['difference']:+.{digits}f}, "
                     f"p = {t['p_value']:.{digits + 1}f} (Holm {t['p_holm']:.{digits + 1}f})")
        lines.append(line)
    return lines


def change_lines(tests: pd.DataFrame, *, unit: str = "paragraphs", min_difference: float = 0.2,
                 alpha: float = 0.05, digits: int = 2) -> list[str]:
    """Plain sentences on which frames gained or lost ground between groups.

    A frame is named when its share changed by at least ``min_difference``; each sentence says
    whether the permutation test (Holm-adjusted across frames) distinguishes the change from
    chance at level ``alpha``.
    """
    lines = []
    for t in tests.sort_values("difference", ascending=False, kind="stable").to_dict("records"):
        if abs(t["difference"]) < min_difference:
            continue
        verb = "more" if t["difference"] > 0 else "fewer"
        verdict = ("distinguishable from chance" if t["p_holm"] < alpha else
                   "not distinguishable from chance" + (" after Holm adjustment" if t["p_value"] < alpha else ""))
        lines.append(f"{t['frame']} is present in {verb} {unit} in {t['group']} than in {t['reference']} "
                     f"({t['share_reference']:.{digits}f} -> {t['share_group']:.{digits}f}); the change is {verdict} "
                     f"(p = {t['p_value']:.{digits + 1}f}, Holm {t['p_holm']:.{digits + 1}f}).")
    if not lines:
        lines.append(f"No frame's share of {unit} changed by {min_difference:.{digits}f} or more.")
    return lines
