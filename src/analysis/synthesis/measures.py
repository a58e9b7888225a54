"""One function per dimension: its measures by period (with intervals) and its comparisons.

Each gatherer reads the tables the other notebooks wrote (DESIGN §6) and returns two
tidy frames: ``summary`` (``dimension, measure, period, estimate, ci_low, ci_high,
unit, source``) and ``tests`` (the columns of :func:`analysis.stats.group_tests` plus
``dimension, measure, source``). A missing table gives empty frames, so the synthesis
works with whatever stages have run. Intervals and tests either come from the source
table or are computed here with :mod:`analysis.stats` by the right unit.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .. import stats

SUMMARY_COLUMNS = ["dimension", "measure", "period", "estimate", "ci_low", "ci_high", "unit", "source"]
TEST_COLUMNS = ["dimension", "measure", "reference", "group", "estimate_reference", "estimate_group",
                "difference", "ci_low", "ci_high", "p_value", "p_holm", "unit", "source"]
#: Default actor roles pooled as conflict (the author casts the actor as a danger) or as cooperation
#: (DESIGN §6 role names; notebook 07 passes its own from its parameters cell).
CONFLICT_ROLES = ("threat", "risk")
COOPERATION_ROLES = ("partner", "mediator")
_SPLIT = re.compile(r"\s*[;|,]\s*")


def _empty():
    return pd.DataFrame(columns=SUMMARY_COLUMNS), pd.DataFrame(columns=TEST_COLUMNS)


def _is_true(s: pd.Series) -> pd.Series:
    return s.astype(str).str.lower().isin(["true", "1", "1.0", "yes"])


def _finish(summary: pd.DataFrame, tests: pd.DataFrame):
    summary = summary.reindex(columns=SUMMARY_COLUMNS)
    tests = tests.reindex(columns=TEST_COLUMNS) if len(tests) else pd.DataFrame(columns=TEST_COLUMNS)
    summary["period"] = summary["period"].astype(str)
    return summary.reset_index(drop=True), tests.reset_index(drop=True)


def _computed(units, values: dict, *, dimension, source, weight=None, unit, scale=1.0, n_resamples, seed, step,
              min_docs=5):
    """Intervals and tests of ``values`` ({column: measure name}) with :mod:`analysis.stats`."""
    cols = list(values)
    iv = stats.group_intervals(units, cols, weight=weight, unit=unit, scale=scale, n_resamples=n_resamples,
                               min_docs=min_docs, random_state=stats.step_rng(seed, f"synthesis-{step}-intervals"))
    if len(cols) == 1:
        iv = iv.assign(measure=cols[0])
    iv = iv.assign(dimension=dimension, source=source, measure=iv["measure"].map(values))
    ts = stats.group_tests(units, cols, weight=weight, unit=unit, scale=scale, n_resamples=n_resamples,
                           min_docs=min_docs, random_state=stats.step_rng(seed, f"synthesis-{step}-tests"))
    ts = ts.assign(dimension=dimension, source=source, measure=ts["measure"].map(values))
    return _finish(iv, ts)


def framing_measures(tables: dict, *, level: str = "paragraph", coding: str = "rules"):
    """Frame shares per period from ``frames_by_period`` and their tests from ``frames_tests``."""
    fb = tables.get("frames_by_period")
    if fb is None:
        return _empty()

    def pick(df):
        for col, val in (("level", level), ("coding", coding)):
            if col in df.columns:
                df = df.loc[df[col].astype(str) == val]
        return df

    fb = pick(fb)
    summary = pd.DataFrame({"dimension": "framing", "measure": "share of paragraphs with frame: " + fb["frame"],
                            "period": fb["period"], "estimate": fb["share"], "ci_low": fb["ci_low"],
                            "ci_high": fb["ci_high"], "unit": fb.get("unit", level), "source": "frames_by_period.csv"})
    ft = tables.get("frames_tests")
    tests = pd.DataFrame(columns=TEST_COLUMNS)
    if ft is not None:
        ft = pick(ft)
        tests = ft.rename(columns={"share_reference": "estimate_reference", "share_group": "estimate_group"})
        tests = tests.assign(dimension="framing", measure="share of paragraphs with frame: " + ft["frame"],
                             source="frames_tests.csv", unit=ft.get("unit", level))
    return _finish(summary, tests)


def stance_measures(tables: dict, *, categories=("hedge", "booster", "attitude")):
    """Stance-marker rates per 1,000 words from ``stance`` (intervals and tests as computed there)."""
    st = tables.get("stance")
    if st is None:
        return _empty()
    st = st.loc[st["category"].isin(categories)]
    est = "estimate" if "estimate" in st.columns else "rate_per_1000"
    measure = st["category"].astype(str) + " markers per 1,000 words"
    summary = pd.DataFrame({"dimension": "stance", "measure": measure, "period": st["period"],
                            "estimate": st[est], "ci_low": st["ci_low"], "ci_high": st["ci_high"],
                            "unit": st.get("unit", "sentence"), "source": "stance.csv"})
    tests = pd.DataFrame(columns=TEST_COLUMNS)
    if {"reference", "difference", "p_value"} <= set(st.columns):
        rows = st.loc[st["difference"].notna() & (st["period"].astype(str) != st["reference"].astype(str))]
        ref = st.set_index(["period", "category"])[est]
        tests = pd.DataFrame({
            "dimension": "stance", "measure": measure.loc[rows.index], "reference": rows["reference"].astype(str),
            "group": rows["period"].astype(str),
            "estimate_reference": [ref.get((r, c), np.nan) for r, c in zip(rows["reference"].astype(str), rows["category"])],
            "estimate_group": rows[est], "difference": rows["difference"], "p_value": rows["p_value"],
            "p_holm": rows.get("p_holm", np.nan), "unit": rows.get("unit", "sentence"), "source": "stance.csv"})
    return _finish(summary, tests)


def keyness_measures(tables: dict, *, z_threshold: float = 1.96):
    """Number of terms distinctive of each period (|z| at least ``z_threshold`` against the others)."""
    kt = tables.get("keyness")
    if kt is None:
        return _empty()
    if "reference" in kt.columns:
        kt = kt.loc[kt["reference"].astype(str) == "other periods"]
    if "display" in kt.columns:
        kt = kt.loc[_is_true(kt["display"])]
    n = kt.loc[kt["z"] >= z_threshold].groupby("period").size()
    periods = sorted(kt["period"].astype(str).unique())
    summary = pd.DataFrame({"dimension": "keyness", "measure": f"content terms with keyness z ≥ {z_threshold:g}",
                            "period": periods, "estimate": [float(n.get(p, 0)) for p in periods],
                            "ci_low": np.nan, "ci_high": np.nan, "unit": "term", "source": "keyness.csv"})
    return _finish(summary, pd.DataFrame(columns=TEST_COLUMNS))


def paragraph_units(corpus) -> pd.DataFrame:
    """``doc_id, period, para_id, n_words`` for every body paragraph (alphabetic tokens)."""
    tok = corpus.tokens()
    words = tok.loc[tok["is_alpha"]].groupby(["doc_id", "para_id"]).size().rename("n_words")
    paras = corpus.paragraphs()[["doc_id", "period", "para_id"]].copy()
    paras["period"] = paras["period"].astype(str)
    return paras.merge(words.reset_index(), how="left").fillna({"n_words": 0})


def drivers_measures(tables: dict, paragraphs: pd.DataFrame, *, n_resamples: int = 2000, seed: int = 0):
    """Drivers and risks named per 1,000 words (paragraphs resampled) and the share of risks among them.

    Rates come from ``drivers`` with :mod:`analysis.stats`; the test of the risk share is
    notebook 04's ``drivers_risk_share_tests`` when it exists.
    """
    dr = tables.get("drivers")
    if dr is None or paragraphs is None:
        return _empty()
    counts = dr.assign(role=dr["role"].astype(str)).groupby(["doc_id", "para_id", "role"]).size().unstack(fill_value=0)
    units = paragraphs.merge(counts.reset_index(), how="left", on=["doc_id", "para_id"]).fillna(0)
    values = {}
    for role, name in (("driver", "drivers named per 1,000 words"), ("risk", "risks named per 1,000 words")):
        if role not in units.columns:
            units[role] = 0.0
        values[role] = name
    s1, t1 = _computed(units, values, dimension="drivers and risks", source="drivers.csv", weight="n_words",
                       unit="paragraph", scale=1000.0, n_resamples=n_resamples, seed=seed, step="drivers")
    items = dr.assign(period=dr["period"].astype(str), is_risk=(dr["role"].astype(str) == "risk").astype(float))
    name = "share of risks among named drivers and risks"
    s2, t2 = _computed(items, {"is_risk": name}, dimension="drivers and risks", source="drivers.csv",
                       unit="item", n_resamples=n_resamples, seed=seed, step="risk-share")
    rt = tables.get("drivers_risk_share_tests")
    if rt is not None and "difference" in rt.columns and len(rt):
        t2 = rt.assign(dimension="drivers and risks", measure=name, source="drivers_risk_share_tests.csv")
    return _finish(pd.concat([s1, s2], ignore_index=True), pd.concat([t1, t2], ignore_index=True))


def actor_role_measures(tables: dict, *, conflict_roles=CONFLICT_ROLES, cooperation_roles=COOPERATION_ROLES,
                        n_resamples: int = 2000, seed: int = 0):
    """Shares of actor-role assignments that cast an actor as a danger or as a partner.

    ``conflict_roles`` and ``cooperation_roles`` name the roles pooled into each share. The
    counts come from ``actor_roles_documents`` (notebook 04's counts per document) when it
    exists, so that documents are resampled once every period has ``min_docs`` of them (the
    role assignments of one article are not independent); else from ``actor_roles``, whose
    counts per period leave only the assignments to resample.
    """
    per_doc = tables.get("actor_roles_documents")
    ar = per_doc if per_doc is not None and not per_doc.empty else tables.get("actor_roles")
    if ar is None or ar.empty:
        return _empty()
    n = pd.to_numeric(ar["n"], errors="coerce").fillna(0).astype(int)
    doc = "doc_id" if "doc_id" in ar.columns else "period"   # the period: no document is known
    units = ar.loc[ar.index.repeat(n), list(dict.fromkeys(["period", doc, "role"]))].reset_index(drop=True)
    units["period"] = units["period"].astype(str)
    units["doc_id"] = units[doc].astype(str)
    units["conflict"] = units["role"].isin(list(conflict_roles)).astype(float)
    units["cooperation"] = units["role"].isin(list(cooperation_roles)).astype(float)
    values = {"conflict": "share of actor roles: " + " or ".join(conflict_roles),
              "cooperation": "share of actor roles: " + " or ".join(cooperation_roles)}
    source = "actor_roles_documents.csv" if doc == "doc_id" else "actor_roles.csv"
    return _computed(units, values, dimension="actor roles", source=source, unit="actor-role assignment",
                     n_resamples=n_resamples, seed=seed, step="actor-roles")


def tone_measures(tables: dict, *, lexicons=None, n_resamples: int = 2000, seed: int = 0):
    """Mean sentence tone per lexicon and period.

    From ``sentiment_by_period`` and ``sentiment_tests`` (notebook 05's own intervals and tests)
    when they exist, else computed from ``sentiment_sentences`` with :mod:`analysis.stats`.
    """
    by, tt = tables.get("sentiment_by_period"), tables.get("sentiment_tests")
    if by is not None and {"lexicon", "estimate", "ci_low", "ci_high"} <= set(by.columns):
        names = sorted(by["lexicon"].astype(str).unique()) if lexicons is None else list(lexicons)
        by = by.loc[by["lexicon"].astype(str).isin(names)]
        measure = "mean sentence tone (" + by["lexicon"].astype(str) + ")"
        summary = pd.DataFrame({"dimension": "tone", "measure": measure, "period": by["period"],
                                "estimate": by["estimate"], "ci_low": by["ci_low"], "ci_high": by["ci_high"],
                                "unit": by.get("unit", "sentence"), "source": "sentiment_by_period.csv"})
        tests = pd.DataFrame(columns=TEST_COLUMNS)
        if tt is not None and "lexicon" in tt.columns and "difference" in tt.columns:
            tt = tt.loc[tt["lexicon"].astype(str).isin(names)]
            tests = tt.assign(dimension="tone", source="sentiment_tests.csv",
                              measure="mean sentence tone (" + tt["lexicon"].astype(str) + ")")
        return _finish(summary, tests)
    ss = tables.get("sentiment_sentences")
    if ss is None or ss.empty:
        return _empty()
    names = sorted(ss["lexicon"].astype(str).unique()) if lexicons is None else list(lexicons)
    parts_s, parts_t = [], []
    for lex in names:
        units = ss.loc[ss["lexicon"].astype(str) == lex].copy()
        units["score"] = pd.to_numeric(units["score"], errors="coerce")
        units = units.dropna(subset=["score"])
        if units.empty:
            continue
        s, t = _computed(units, {"score": f"mean sentence tone ({lex})"}, dimension="tone",
                         source="sentiment_sentences.csv", unit="sentence", n_resamples=n_resamples, seed=seed,
                         step=f"tone-{lex}")
        parts_s.append(s)
        parts_t.append(t)
    if not parts_s:
        return _empty()
    return _finish(pd.concat(parts_s, ignore_index=True), pd.concat(parts_t, ignore_index=True))


def _names_both(actors: pd.Series, parties) -> pd.Series:
    sets = actors.fillna("").astype(str).map(lambda a: {x for x in _SPLIT.split(a) if x})
    return sets.map(lambda found: all(p in found for p in parties))


def relationship_measures(tables: dict, *, n_resamples: int = 2000, seed: int = 0):
    """Cooperation vs conflict in the sentences that name the parties (``relationship_tone``).

    Measures: the mean score of sentences naming the dyad marked in ``relationship_tone_pairs``
    (``dyad`` true; the first pair otherwise absent), the mean score of sentences naming any
    actor, and the share of those with conflict cues -- intervals and tests from
    :mod:`analysis.stats` over sentences.
    """
    rt = tables.get("relationship_tone")
    if rt is None or rt.empty:
        return _empty()
    units = rt.copy()
    for c in ("score", "cooperation", "conflict"):
        units[c] = pd.to_numeric(units[c], errors="coerce").fillna(0.0)
    named = units.loc[units["actors"].fillna("").astype(str).str.strip() != ""].copy() if "actors" in units else units
    named["has_conflict"] = (named["conflict"] > 0).astype(float)
    values = {"score": "relationship tone (cooperation − conflict), sentences naming an actor",
              "has_conflict": "share of sentences naming an actor with conflict cues"}
    parts = [_computed(named, values, dimension="relationship tone", source="relationship_tone.csv",
                       unit="sentence", n_resamples=n_resamples, seed=seed, step="relationship")]
    pairs = tables.get("relationship_tone_pairs")
    if pairs is not None and {"pair", "dyad"} <= set(pairs.columns) and "actors" in units:
        dyads = pairs.loc[pairs["dyad"].astype(str).str.lower().isin(["true", "1"]), "pair"].astype(str).unique()
        if len(dyads):
            parties = [p.strip() for p in re.split(r"[–—-]", dyads[0]) if p.strip()]
            both = units.loc[_names_both(units["actors"], parties)]
            if both["period"].nunique() >= 1 and len(both):
                parts.append(_computed(both, {"score": f"relationship tone, sentences naming {dyads[0]}"},
                                       dimension="relationship tone", source="relationship_tone.csv",
                                       unit="sentence", n_resamples=n_resamples, seed=seed, step="dyad"))
    return _finish(pd.concat([p[0] for p in parts], ignore_index=True),
                   pd.concat([p[1] for p in parts if len(p[1])], ignore_index=True) if any(len(p[1]) for p in parts)
                   else pd.DataFrame(columns=TEST_COLUMNS))


def topic_labels(topics: pd.DataFrame, *, n_terms: int = 3) -> pd.DataFrame:
    """``model, topic, label``: each topic named by its top ``n_terms`` terms.

    Examples
    --------
    >>> t = pd.DataFrame({"model": "m", "topic": 0, "rank": [2, 1, 3], "term": ["b", "a", "c"], "weight": 1.0})
    >>> topic_labels(t, n_terms=2)["label"].tolist()
    ['a, b']
    """
    t = topics.sort_values(["model", "topic", "rank"], kind="mergesort")
    t = t.groupby(["model", "topic"], sort=False).head(n_terms)
    return t.groupby(["model", "topic"], sort=False)["term"].agg(", ".join).rename("label").reset_index()


def choose_topic_model(prevalence: pd.DataFrame, model: str | None = None) -> str | None:
    """The model summarised: ``model`` if given and present, else the first in table order."""
    models = list(dict.fromkeys(prevalence["model"].astype(str)))
    if not models:
        return None
    return model if model in models else models[0]


def topic_measures(tables: dict, *, model: str | None = None):
    """Topic prevalence per period for one model (``topic_prevalence``), tests from ``topic_prevalence_tests``.

    Topics are named by the ``label`` column when the table has one, else by their top terms in
    ``topics``; a topic flagged unstable (``stable`` false) says so in its name.
    """
    tp = tables.get("topic_prevalence")
    if tp is None or tp.empty:
        return _empty()
    chosen = choose_topic_model(tp, model)
    tp = tp.loc[tp["model"].astype(str) == chosen].copy()
    names = topic_names(tp, tables.get("topics"), chosen)
    measure = f"topic prevalence [{chosen}]: " + tp["topic"].astype(str).map(names)
    summary = pd.DataFrame({"dimension": "topics", "measure": measure,
                            "period": tp["period"], "estimate": tp["share"], "ci_low": tp["ci_low"],
                            "ci_high": tp["ci_high"], "unit": tp.get("unit", "document"),
                            "source": "topic_prevalence.csv"})
    tt = tables.get("topic_prevalence_tests")
    tests = pd.DataFrame(columns=TEST_COLUMNS)
    if tt is not None and not tt.empty and "model" in tt.columns:
        tt = tt.loc[tt["model"].astype(str) == chosen]
        tests = tt.assign(dimension="topics", source="topic_prevalence_tests.csv",
                          measure=f"topic prevalence [{chosen}]: " + tt["topic"].astype(str).map(names))
    return _finish(summary, tests)


def topic_names(prevalence: pd.DataFrame, topics: pd.DataFrame | None, model: str) -> dict:
    """Topic id (as text) -> display name: its ``label``, else its top terms; "(unstable)" when flagged."""
    ids = prevalence["topic"].astype(str)
    if "label" in prevalence.columns:
        names = dict(zip(ids, prevalence["label"].astype(str)))
    elif topics is not None:
        lab = topic_labels(topics.assign(model=topics["model"].astype(str)))
        lab = lab.loc[lab["model"] == model]
        found = dict(zip(lab["topic"].astype(str), lab["label"]))
        names = {i: f"topic {i} ({found.get(i, '')})" for i in ids}
    else:
        names = {i: f"topic {i}" for i in ids}
    if "stable" in prevalence.columns:
        unstable = set(ids[~prevalence["stable"].astype(str).str.lower().isin(["true", "1"])])
        names = {i: n + (" (unstable)" if i in unstable else "") for i, n in names.items()}
    return names


def readability_measures(tables: dict, *, metrics=("flesch_reading_ease",)):
    """Readability indices per period with their intervals (``readability_by_period``)."""
    rb = tables.get("readability_by_period")
    if rb is None:
        return _empty()
    rb = rb.loc[rb["metric"].isin(metrics)]
    summary = pd.DataFrame({"dimension": "style", "measure": rb["metric"].str.replace("_", " "), "period": rb["period"],
                            "estimate": rb["value"], "ci_low": rb["ci_low"], "ci_high": rb["ci_high"],
                            "unit": rb.get("unit", "sentence"), "source": "readability_by_period.csv"})
    return _finish(summary, pd.DataFrame(columns=TEST_COLUMNS))
