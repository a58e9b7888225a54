"""The synthesis: every dimension side by side, claims worded from it, limits stated per dimension."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from .. import claims
from . import measures as m

#: Tables the synthesis reads (DESIGN §6 and the notebooks' own tables), all optional.
TABLES = ["corpus_by_period", "corpus_summary", "frames_by_period", "frames_tests", "frames_validation",
          "frames_paragraphs", "stance", "keyness", "readability_by_period", "drivers", "actor_roles",
          "actor_roles_documents", "sentiment_sentences", "relationship_tone", "sentiment_actors", "topics", "topic_prevalence",
          "drivers_validation", "actors_validation", "sentiment_validation", "topics_stability",
          "topic_prevalence_tests", "sentiment_by_period", "sentiment_tests", "drivers_by_frame",
          "drivers_risk_share_tests", "relationship_tone_pairs", "relationship_validation",
          "stance_validation"]
#: Dimensions in reading order and the tables each needs.
DIMENSIONS = {"framing": ["frames_by_period"], "drivers and risks": ["drivers"], "actor roles": ["actor_roles"],
              "tone": ["sentiment_sentences"], "relationship tone": ["relationship_tone"], "stance": ["stance"],
              "keyness": ["keyness"], "topics": ["topic_prevalence"], "style": ["readability_by_period"]}


def read_tables(tables_dir: str | Path, names=TABLES) -> dict:
    """Read the named CSV tables that exist, ids as text; missing ones are absent from the dict."""
    out = {}
    for name in names:
        path = Path(tables_dir) / f"{name}.csv"
        if path.is_file():
            out[name] = pd.read_csv(path, dtype={"period": str, "doc_id": str, "reference": str, "group": str},
                                    keep_default_na=False, na_values=[""])
    return out


def available(tables: dict) -> pd.DataFrame:
    """``dimension, tables, available``: which dimensions can be summarised."""
    return pd.DataFrame([{"dimension": d, "tables": ", ".join(f"{t}.csv" for t in need),
                          "available": all(t in tables for t in need)} for d, need in DIMENSIONS.items()])


def synthesis_tables(tables: dict, *, paragraphs: pd.DataFrame | None = None, n_resamples: int = 2000,
                     seed: int = 0, topic_model: str | None = None, lexicons=None,
                     stance_categories=("hedge", "booster", "attitude"), conflict_roles=m.CONFLICT_ROLES,
                     cooperation_roles=m.COOPERATION_ROLES):
    """All dimensions' measures by period and their comparisons.

    Parameters
    ----------
    tables : dict
        From :func:`read_tables`.
    paragraphs : pandas.DataFrame, default=None
        :func:`analysis.synthesis.paragraph_units` of the corpus (for rates of drivers and risks).
    n_resamples : int, default=2000
    seed : int, default=0
        Each computed interval or test draws from its own named stream (:func:`analysis.stats.step_rng`).
    topic_model : str, default=None
        Topic model summarised (default: the first in ``topic_prevalence``).
    lexicons : list of str, default=None
        Tone lexicons summarised (default: all in ``sentiment_sentences``).
    stance_categories : tuple of str, default=("hedge", "booster", "attitude")
        Stance-marker categories summarised.
    conflict_roles, cooperation_roles : tuple of str
        Actor roles pooled into the conflict and cooperation shares.

    Returns
    -------
    summary, tests : pandas.DataFrame
        See :mod:`analysis.synthesis.measures`.
    """
    kw = {"n_resamples": n_resamples, "seed": seed}
    parts = [m.framing_measures(tables), m.drivers_measures(tables, paragraphs, **kw),
             m.actor_role_measures(tables, conflict_roles=conflict_roles, cooperation_roles=cooperation_roles, **kw), m.tone_measures(tables, lexicons=lexicons, **kw),
             m.relationship_measures(tables, **kw), m.stance_measures(tables, categories=stance_categories), m.keyness_measures(tables),
             m.topic_measures(tables, model=topic_model), m.readability_measures(tables)]
    summary = pd.concat([p[0] for p in parts if len(p[0])], ignore_index=True) if any(len(p[0]) for p in parts) \
        else pd.DataFrame(columns=m.SUMMARY_COLUMNS)
    tests = pd.concat([p[1] for p in parts if len(p[1])], ignore_index=True) if any(len(p[1]) for p in parts) \
        else pd.DataFrame(columns=m.TEST_COLUMNS)
    return summary, tests


def _fmt(x, digits) -> str:
    return "" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}"


def format_cell(estimate, low, high, *, digits: int = 2) -> str:
    """``"0.40 [0.10, 0.70]"``; no brackets when there is no interval.

    Examples
    --------
    >>> format_cell(0.4, 0.1, 0.7), format_cell(12.0, float("nan"), float("nan"), digits=0)
    ('0.40 [0.10, 0.70]', '12')
    """
    if estimate is None or (isinstance(estimate, float) and math.isnan(estimate)):
        return "–"
    cell = _fmt(float(estimate), digits)
    if not (low is None or high is None or (isinstance(low, float) and math.isnan(low))):
        cell += f" [{_fmt(float(low), digits)}, {_fmt(float(high), digits)}]"
    return cell


def wide_summary(summary: pd.DataFrame, *, labels: dict | None = None, digits: int = 2) -> pd.DataFrame:
    """Dimension × period: one column per period label, each cell "estimate [ci_low, ci_high]".

    Columns: ``dimension, measure, <period label>…, unit, source``; rows in the order given.
    """
    labels = labels or {}
    if summary.empty:
        return pd.DataFrame(columns=["dimension", "measure", "unit", "source"])
    periods = sorted(summary["period"].astype(str).unique())
    cells = summary.assign(cell=[format_cell(e, lo, hi, digits=0 if u == "term" else digits) for e, lo, hi, u in
                                 zip(summary["estimate"], summary["ci_low"], summary["ci_high"], summary["unit"])])
    order = cells[["dimension", "measure"]].drop_duplicates()
    wide = cells.pivot_table(index=["dimension", "measure"], columns="period", values="cell", aggfunc="first")
    wide = wide.reindex(columns=periods).fillna("–")
    meta = cells.drop_duplicates(["dimension", "measure"]).set_index(["dimension", "measure"])[["unit", "source"]]
    wide = order.merge(wide.reset_index(), on=["dimension", "measure"]).merge(meta.reset_index(),
                                                                               on=["dimension", "measure"])
    return wide.rename(columns={p: labels.get(p, p) for p in periods})


def _cap(text) -> str:
    """First letter upper-cased, the rest untouched (unlike ``str.capitalize``)."""
    text = str(text)
    return text[:1].upper() + text[1:]


def claim_lines(summary: pd.DataFrame, tests: pd.DataFrame, *, labels: dict | None = None, alpha: float = 0.05,
                per_dimension: int = 2) -> pd.DataFrame:
    """``dimension, claim``: sentences worded from the comparison rows (:func:`analysis.claims`).

    Per dimension: how many of its comparisons are distinguishable from chance, then the
    ``per_dimension`` comparisons with the largest standardised difference, each worded by
    :func:`analysis.claims.describe_difference`. Dimensions without tests are worded from
    their estimates with :func:`analysis.claims.describe_estimate`.
    """
    rows = []
    for dim in dict.fromkeys(summary["dimension"]):
        t = tests.loc[tests["dimension"] == dim]
        if len(t):
            k = sum(claims.is_distinguishable(r, alpha=alpha) for _, r in t.iterrows())
            rows.append({"dimension": dim, "claim": f"{dim.capitalize()}: {k} of {len(t)} comparison(s) between "
                         f"periods {'is' if k == 1 else 'are'} distinguishable from chance at the {alpha:g} level."})
            spread = (t["ci_high"] - t["ci_low"]).abs().replace(0, np.nan)
            size = (t["difference"].abs() / spread).fillna(t["difference"].abs())
            for idx in size.sort_values(ascending=False, kind="mergesort").index[:per_dimension]:
                r = t.loc[idx]
                if pd.isna(r["difference"]):
                    continue
                rows.append({"dimension": dim, "claim": claims.describe_difference(
                    r, quantity=_cap(r["measure"]), labels=labels, alpha=alpha)})
        else:
            s = summary.loc[summary["dimension"] == dim]
            top = s.sort_values("estimate", ascending=False, kind="mergesort").drop_duplicates("period")
            for _, r in top.sort_values("period").iterrows():
                digits = 0 if r["unit"] == "term" else 2
                text = claims.describe_estimate(r.drop(labels=["n"], errors="ignore"),
                                                quantity=_cap(r["measure"]), labels=labels, digits=digits)
                rows.append({"dimension": dim, "claim": ("Largest: " if dim == "topics" else "") + text})
    return pd.DataFrame(rows, columns=["dimension", "claim"])


def closing_text(summary: pd.DataFrame, tests: pd.DataFrame, limits: pd.DataFrame, *, labels: dict | None = None,
                 alpha: float = 0.05, n_largest: int = 3) -> str:
    """The closing section, "What the evidence does and does not show", worded from the tables (Markdown).

    Parameters
    ----------
    summary, tests : pandas.DataFrame
        From :func:`synthesis_tables`.
    limits : pandas.DataFrame
        From :func:`analysis.synthesis.limit_statements`.
    labels : dict, default=None
    alpha : float, default=0.05
    n_largest : int, default=3
        Comparisons (largest difference relative to its interval) worded under "Shows".

    Returns
    -------
    str
    """
    dims = list(dict.fromkeys(summary["dimension"]))
    missing = [d for d in limits["dimension"] if d not in dims]
    n_meas = summary[["dimension", "measure"]].drop_duplicates().shape[0]
    lines = [f"- **Shows.** {n_meas} measures in {len(dims)} dimensions ({', '.join(dims)}) compare the periods."]
    if len(tests):
        dist = [r for _, r in tests.iterrows() if claims.is_distinguishable(r, alpha=alpha)]
        lines[0] += (f" {len(dist)} of {len(tests)} comparisons are distinguishable from chance at the {alpha:g} level"
                     + (":" if dist else "; the largest differences relative to their intervals are:"))
        if dist:
            chosen = dist[:n_largest]
        else:
            spread = (tests["ci_high"] - tests["ci_low"]).abs().replace(0, np.nan)
            size = (tests["difference"].abs() / spread).fillna(0.0)
            chosen = [tests.loc[i] for i in size.sort_values(ascending=False, kind="mergesort").index[:n_largest]]
        lines += ["  - " + claims.describe_difference(r, quantity=f"{r['dimension']}: {r['measure']}", labels=labels,
                                                       alpha=alpha) for r in chosen]
    first = limits["statement"].iloc[0].split(";")[0] + "." if len(limits) else ""
    lines.append(f"- **Does not show.** {first} A difference here therefore describes these texts, not a change "
                 "in how the relationship is analysed in general; the limits of each dimension are listed above.")
    if missing:
        lines.append("- **Not summarised in this run** (table not available): " + ", ".join(missing) + ".")
    return "\n".join(lines)
