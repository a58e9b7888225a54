"""Where the evidence is too thin, dimension by dimension -- every statement filled from the tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Validation tables per dimension (any that exist are read; the first overall row is quoted).
VALIDATION = {"framing": "frames_validation", "stance": "stance_validation", "drivers and risks": "drivers_validation",
              "actor roles": "actors_validation", "tone": "sentiment_validation",
              "relationship tone": "relationship_validation"}
#: What each measure reads, for the machine-translation caveat.
READS = {"framing": "cue words", "drivers and risks": "cue phrases", "actor roles": "cue phrases and names",
         "tone": "lexicon words", "relationship tone": "cue words", "stance": "marker words",
         "keyness": "word counts", "topics": "word co-occurrence", "style": "sentence and word lengths"}
_SCORES = ("f1", "macro_f1", "kappa", "accuracy", "alpha")
_OVERALL = ("micro", "overall", "all", "total", "item", "macro")


def corpus_facts(tables: dict) -> dict:
    """Documents, authors, sentences and flagged sentences per period (from the corpus tables)."""
    facts = {}
    cs, cp = tables.get("corpus_summary"), tables.get("corpus_by_period")
    if cs is not None:
        for p, g in cs.groupby(cs["period"].astype(str)):
            facts.setdefault(p, {}).update(docs=len(g), authors=g["author"].nunique() if "author" in g else np.nan)
    if cp is not None:
        for r in cp.itertuples(index=False):
            facts.setdefault(str(r.period), {}).update(
                sentences=int(getattr(r, "sentences", 0)), flagged=int(getattr(r, "flagged_sentences", 0)))
    return facts


def _interval(r, name: str, table) -> str:
    for lo, hi in ((f"{name}_low", f"{name}_high"), ("ci_low", "ci_high")):
        if lo in table.columns and hi in table.columns and pd.notna(r[lo]) and pd.notna(r[hi]):
            return f" [{float(r[lo]):.2f}, {float(r[hi]):.2f}]"
    return ""


def validation_line(table: pd.DataFrame | None, *, prefer: dict | None = None) -> str:
    """One overall agreement figure from a validation table, preferring held-out rows ('' if none).

    Quotes F1 (or kappa, accuracy) when the table has it, else precision and recall, each with
    its interval (``<score>_low/_high`` or ``ci_low/ci_high``).

    Examples
    --------
    >>> t = pd.DataFrame({"set": ["tune", "held-out"], "label": ["item", "item"], "precision": [1.0, 0.9],
    ...                   "recall": [0.9, 0.8], "recall_low": [0.8, 0.6], "recall_high": [1.0, 1.0]})
    >>> validation_line(t)
    'agreement with hand coding (held-out, item): precision = 0.90, recall = 0.80 [0.60, 1.00]'
    >>> t = pd.DataFrame({"set": ["heldout-2", "heldout-1"], "frame": "micro", "f1": [0.7, 0.9]})
    >>> validation_line(t)
    'agreement with hand coding (heldout-2, micro): f1 = 0.70'
    """
    if table is None or table.empty:
        return ""
    t = table
    for col, value in (prefer or {}).items():
        if col in t.columns and (t[col].astype(str) == str(value)).any():
            t = t.loc[t[col].astype(str) == str(value)]
    if {"metric", "estimate"} <= set(t.columns):  # long format: one row per metric
        if "label" in t.columns and t["label"].astype(str).str.lower().isin(_OVERALL).any():
            t = t.loc[t["label"].astype(str).str.lower().isin(_OVERALL)]
        metric = next((m for m in _SCORES if (t["metric"].astype(str) == m).any()), None)
        if metric is None:
            return ""
        t = t.loc[t["metric"].astype(str) == metric].rename(columns={"estimate": metric}).drop(columns="metric")
    scores = [c for c in _SCORES if c in t.columns][:1] or [c for c in ("precision", "recall") if c in t.columns]
    if not scores:
        return ""
    for col in ("set", "split", "batch"):
        if col in t.columns:
            held = t.loc[t[col].astype(str).str.contains("held", case=False)]
            if len(held):  # the latest held-out batch (earlier ones may have been used for development)
                t = held.loc[held[col].astype(str) == max(held[col].astype(str))]
            break
    label = next((c for c in ("frame", "label", "class", "role", "measure", "metric") if c in t.columns), None)
    if label is not None:
        overall = t.loc[t[label].astype(str).str.lower().isin(_OVERALL)]
        t = overall if len(overall) else t
    r = t.iloc[0]
    values = []
    for sc in scores:
        v = pd.to_numeric(pd.Series([r[sc]]), errors="coerce").iloc[0]
        if pd.notna(v):
            values.append(f"{sc} = {v:.2f}{_interval(r, sc, t)}")
    if not values:
        return ""
    where = [str(r[c]) for c in ("set", "split", "batch", "level", "lexicon") if c in t.columns]
    where += [str(r[label])] if label is not None else []
    return f"agreement with hand coding ({', '.join(where)}): " + ", ".join(values)


def stability_line(table: pd.DataFrame | None, summary: pd.DataFrame) -> str:
    """How many of the summarised model's topics recur across reruns (``topics_stability``)."""
    if table is None or table.empty or "stable" not in table.columns:
        return ""
    model = summary["measure"].str.extract(r"\[(.+?)\]")[0].dropna()
    t = table.loc[table["model"].astype(str) == model.iloc[0]] if len(model) and "model" in table.columns else table
    if t.empty:
        return ""
    stable = t["stable"].astype(str).str.lower().isin(["true", "1"])
    runs = f" over {int(t['n_runs'].iloc[0])} reruns" if "n_runs" in t.columns else ""
    mean = f" (mean stability {pd.to_numeric(t['stability'], errors='coerce').mean():.2f})" if "stability" in t else ""
    return f"{int(stable.sum())} of {len(t)} topics are stable{runs}{mean}; a topic model of so few texts is fragile"


def _mentions_roles(table: pd.DataFrame | None) -> bool:
    """Whether a validation table has rows about roles (any text cell naming a role)."""
    if table is None:
        return False
    text = table.select_dtypes(exclude="number").astype(str)
    return bool(text.apply(lambda c: c.str.contains(r"\brole", case=False)).to_numpy().any())


def limit_statements(summary: pd.DataFrame, tests: pd.DataFrame, tables: dict, *, labels: dict | None = None,
                     alpha: float = 0.05, dimensions=None, prefer: dict | None = None) -> pd.DataFrame:
    """``dimension, statement``: why each dimension's comparison is or is not strong evidence.

    Parameters
    ----------
    summary, tests : pandas.DataFrame
        From :func:`analysis.synthesis.synthesis_tables`.
    tables : dict
        From :func:`analysis.synthesis.read_tables` (corpus, validation tables).
    labels : dict, default=None
        Period display labels.
    alpha : float, default=0.05
    dimensions : list of str, default=None
        Dimensions to cover (default: those in ``summary``, plus any listed that are missing,
        which get "table not available").
    prefer : dict, default=None
        Rows of the validation tables to quote, e.g. ``{"lexicon": "vader"}``.

    Returns
    -------
    pandas.DataFrame
    """
    labels = labels or {}
    facts = corpus_facts(tables)
    dims = list(dict.fromkeys([*(dimensions or []), *summary["dimension"]])) if dimensions else \
        list(dict.fromkeys(summary["dimension"]))
    one_each = facts and all(f.get("docs", 0) == 1 for f in facts.values())
    docs_text = ("each period is one article by one author, so a difference between periods is also a "
                 "difference between two writers and outlets" if one_each else
                 "; ".join(f"{labels.get(p, p)}: {f.get('docs', '?')} article(s) by {f.get('authors', '?')} author(s)"
                           for p, f in sorted(facts.items())))
    flagged = [(p, f["flagged"], f["sentences"]) for p, f in sorted(facts.items()) if f.get("flagged")]
    rows = []
    for dim in dims:
        s = summary.loc[summary["dimension"] == dim]
        if s.empty:
            rows.append({"dimension": dim, "statement": "table not available: not summarised in this run."})
            continue
        parts = [docs_text[0].upper() + docs_text[1:]] if docs_text else []
        units = sorted(set(s["unit"].dropna().astype(str)))
        width = (s["ci_high"] - s["ci_low"]).dropna()
        if len(width):
            parts.append(f"intervals resample {' and '.join(u + 's' for u in units)} within the texts and span a "
                         f"median of {width.median():.2f} on the measure's scale; they describe how stable a figure "
                         "is inside one text, not how 2014 and 2024 writing varies")
        else:
            parts.append(f"the measure ({', '.join(units)} counts) has no interval")
        t = tests.loc[tests["dimension"] == dim]
        if len(t):
            p = t["p_holm"].where(t["p_holm"].notna(), t["p_value"]) if "p_holm" in t else t["p_value"]
            k = int((p < alpha).sum())
            parts.append(f"{k} of {len(t)} comparison(s) distinguishable from chance at {alpha:g}"
                         + (", so no conclusion about change rests on this dimension alone" if k == 0 else ""))
        vtable = tables.get(VALIDATION.get(dim, ""))
        val = stability_line(tables.get("topics_stability"), s) if dim == "topics" else \
            validation_line(vtable, prefer=prefer)
        if val and dim == "actor roles" and not _mentions_roles(vtable):
            val += " (actor mentions; the role assignments themselves have no hand coding)"
        if val:
            parts.append(val)
        elif dim in VALIDATION:
            parts.append("no validation table found for this measure")
        for p, k, n in flagged:
            parts.append(f"{k} of {n} sentences of {labels.get(p, p)} are flagged machine-translation problems "
                         f"and this measure reads {READS.get(dim, 'the wording')}")
        rows.append({"dimension": dim, "statement": "; ".join(parts) + "."})
    return pd.DataFrame(rows, columns=["dimension", "statement"])
