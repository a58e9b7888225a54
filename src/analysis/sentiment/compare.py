"""Aggregation, comparison between groups, agreement, validation and actor-targeted tone.

Every interval and test comes from :mod:`analysis.stats` (``group_intervals`` /
``group_tests``: sentences within a text while a period holds fewer than ``min_docs``
articles, documents otherwise; the ``unit`` column says which).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import stats
from ..validation import classification_agreement

__all__ = ["aggregate", "period_means", "period_tests", "method_agreement", "topic_negativity",
           "actor_tone", "pair_tone", "validate_polarity", "evaluation_labels", "missed_by_all",
           "validation_summary", "closing_lines", "validate_relation"]

POLARITY_LABELS = ["negative", "neutral", "positive"]


def aggregate(scores: pd.DataFrame, *, level: str = "paragraph") -> pd.DataFrame:
    """Mean sentence score per paragraph or document and lexicon.

    Returns ``doc_id, period, [para_id,] lexicon, score, share_negative, share_positive, n_sentences``.
    """
    if level not in ("paragraph", "document"):
        raise ValueError(f"level must be 'paragraph' or 'document', got {level!r}")
    keys = ["doc_id", "period", *(["para_id"] if level == "paragraph" else []), "lexicon"]
    d = scores.assign(_neg=scores["polarity"].eq("negative"), _pos=scores["polarity"].eq("positive"))
    out = d.groupby(keys, sort=False).agg(score=("score", "mean"), share_negative=("_neg", "mean"),
                                          share_positive=("_pos", "mean"), n_sentences=("score", "size"))
    return out.reset_index()


def period_means(scores: pd.DataFrame, *, n_resamples: int = 2000, confidence_level: float = 0.95,
                 min_docs: int = 5, random_state) -> pd.DataFrame:
    """Mean sentence score per period and lexicon with intervals (``lexicon, period, estimate, ci_low, ci_high, n, unit, method``)."""
    rng = stats.check_random_state(random_state)
    out = [stats.group_intervals(d, "score", by="period", unit="sentence", min_docs=min_docs,
                                 n_resamples=n_resamples, confidence_level=confidence_level,
                                 random_state=rng).assign(lexicon=lex)
           for lex, d in scores.groupby("lexicon", sort=False)]
    out = pd.concat(out, ignore_index=True)
    return out[["lexicon", *[c for c in out.columns if c != "lexicon"]]]


def period_tests(scores: pd.DataFrame, *, n_resamples: int = 5000, min_docs: int = 5, random_state) -> pd.DataFrame:
    """Every period against the first, per lexicon: difference of mean sentence score, interval, permutation p.

    ``p_holm`` adjusts across the lexicons of each comparison.
    """
    rng = stats.check_random_state(random_state)
    wide = scores.pivot_table(index=["doc_id", "period", "sent_id"], columns="lexicon", values="score",
                              sort=False).reset_index()
    lexicons = scores["lexicon"].unique().tolist()
    t = stats.group_tests(wide, lexicons, by="period", unit="sentence", min_docs=min_docs,
                          n_resamples=n_resamples, random_state=rng)
    return t.rename(columns={"measure": "lexicon"})


def method_agreement(scores: pd.DataFrame, *, method: str = "spearman") -> pd.DataFrame:
    """Sentence-level correlation between every pair of lexicon values (tidy: ``lexicon_a, lexicon_b, r, n``)."""
    wide = scores.pivot_table(index=["doc_id", "sent_id"], columns="lexicon", values="score", sort=False)
    lex = scores["lexicon"].unique().tolist()
    corr = wide[lex].corr(method=method)
    rows = [{"lexicon_a": a, "lexicon_b": b, "r": float(corr.loc[a, b]), "n": int(len(wide)), "method": method}
            for i, a in enumerate(lex) for b in lex[i + 1:]]
    return pd.DataFrame(rows)


def topic_negativity(scores: pd.DataFrame, *, n_resamples: int = 2000, min_docs: int = 5, random_state) -> pd.DataFrame:
    """How much of each period's negativity is topic: negative sentences under the plain lexicon
    that the domain-adjusted variant (event vocabulary neutralised) no longer calls negative.

    Returns
    -------
    pandas.DataFrame
        ``period, method, share_negative_plain, share_negative_domain, topic_share`` (the
        difference, with ``ci_low, ci_high`` from :func:`analysis.stats.group_intervals`),
        ``topic_fraction`` (topic_share / share_negative_plain), ``n, unit``.
    """
    rng = stats.check_random_state(random_state)
    rows = []
    present = scores["lexicon"].unique().tolist()  # order of appearance, as dict.fromkeys
    methods = [m for m in present if f"{m}-domain" in set(present)]
    for m in methods:
        plain = scores.loc[scores["lexicon"] == m].set_index(["doc_id", "period", "sent_id"])["polarity"]
        dom = scores.loc[scores["lexicon"] == f"{m}-domain"].set_index(["doc_id", "period", "sent_id"])["polarity"]
        d = pd.DataFrame({"plain": plain.eq("negative").astype(float),
                          "domain": dom.reindex(plain.index).eq("negative").astype(float)}).reset_index()
        d["topic"] = d["plain"] - d["domain"]
        iv = stats.group_intervals(d, "topic", by="period", min_docs=min_docs, n_resamples=n_resamples,
                                   random_state=rng)
        sh = d.groupby("period", sort=True)[["plain", "domain"]].mean()
        for rec in iv.itertuples(index=False):
            p_plain = float(sh.loc[rec.period, "plain"])
            rows.append({"period": rec.period, "method": m, "share_negative_plain": p_plain,
                         "share_negative_domain": float(sh.loc[rec.period, "domain"]),
                         "topic_share": rec.estimate, "ci_low": rec.ci_low, "ci_high": rec.ci_high,
                         "topic_fraction": rec.estimate / p_plain if p_plain > 0 else np.nan,
                         "n": rec.n, "unit": rec.unit})
    return pd.DataFrame(rows)


def _explode_actors(table: pd.DataFrame, sep: str = ";") -> pd.DataFrame:
    t = table.assign(actor=table["actors"].fillna("").astype(str).str.split(sep)).explode("actor")
    t["actor"] = t["actor"].str.strip()
    return t.loc[t["actor"] != ""]


def actor_tone(scores: pd.DataFrame, tone: pd.DataFrame, *, actors_of_interest=None, n_resamples: int = 2000,
               confidence_level: float = 0.95, min_docs: int = 5, random_state) -> pd.DataFrame:
    """Mean tone of the sentences that name each actor, per period and lexicon (``sentiment_actors.csv``).

    Parameters
    ----------
    scores : pandas.DataFrame
        :func:`~analysis.sentiment.score_sentences` output.
    tone : pandas.DataFrame
        :func:`~analysis.sentiment.relationship_tone` output with its ``actors`` column; its
        ``score`` enters as lexicon ``relationship``.
    actors_of_interest : list of str, default=None
        Keep these actors only (in this order); default every actor named.

    Returns
    -------
    pandas.DataFrame
        ``period, actor, lexicon, mean, ci_low, ci_high, n, unit, method``.
    """
    rng = stats.check_random_state(random_state)
    act = tone[["doc_id", "sent_id", "actors"]]
    # A sentence naming no actor gives no row after the explode; leaving it out before the merge
    # keeps every other row, in the same order (an inner merge keeps the order of the left rows).
    act = act.loc[act["actors"].fillna("").astype(str).ne("").to_numpy()]
    # The actors are split once per sentence (not once per sentence and lexicon) and the actors
    # not of interest dropped before the merge: an inner merge keeps the order of the left rows
    # and, for each, its matches in the order of the right rows -- the rows and order of
    # exploding after the merge.
    act = _explode_actors(act)[["doc_id", "sent_id", "actor"]]
    if actors_of_interest is not None:
        act = act.loc[act["actor"].isin(list(actors_of_interest))]
    long = pd.concat([scores[["doc_id", "period", "sent_id", "lexicon", "score"]],
                      tone[["doc_id", "period", "sent_id", "score"]].assign(lexicon="relationship")])
    long = long.merge(act, on=["doc_id", "sent_id"], how="inner")
    cols = ["period", "actor", "lexicon", "mean", "ci_low", "ci_high", "n", "unit", "method"]
    if long.empty:
        return pd.DataFrame(columns=cols)
    out = stats.group_intervals(long, "score", by=["lexicon", "actor", "period"], unit="sentence",
                                min_docs=min_docs, n_resamples=n_resamples, confidence_level=confidence_level,
                                random_state=rng).rename(columns={"estimate": "mean"})
    order = {a: i for i, a in enumerate(actors_of_interest or sorted(long["actor"].unique()))}
    lex_order = {x: i for i, x in enumerate(long["lexicon"].unique().tolist())}
    out = out.sort_values(["lexicon", "actor", "period"], key=lambda s: s.map(
        lex_order if s.name == "lexicon" else order if s.name == "actor" else lambda v: v), kind="stable")
    return out[cols].reset_index(drop=True)


def pair_tone(pairs: pd.DataFrame, *, n_resamples: int = 2000, min_docs: int = 5, random_state) -> pd.DataFrame:
    """Mean relationship score per actor pair and period (from :func:`~analysis.sentiment.actor_pairs`).

    Returns ``pair, period, estimate, ci_low, ci_high, n, unit, method, cooperation, conflict, dyad``.
    """
    rng = stats.check_random_state(random_state)
    cols = ["pair", "period", "estimate", "ci_low", "ci_high", "n", "unit", "method", "cooperation", "conflict", "dyad"]
    if pairs.empty:
        return pd.DataFrame(columns=cols)
    out = stats.group_intervals(pairs, "score", by=["pair", "period"], min_docs=min_docs, n_resamples=n_resamples,
                                random_state=rng)
    extra = pairs.groupby(["pair", "period"]).agg(cooperation=("cooperation", "mean"), conflict=("conflict", "mean"),
                                                  dyad=("dyad", "first")).reset_index()
    return out.merge(extra, on=["pair", "period"])[cols]


def evaluation_labels(gold: pd.DataFrame) -> pd.Series:
    """Evaluation-only hand label: ``tone`` where the author ``evaluates``, ``neutral`` where it ``reports``."""
    return gold["tone"].where(gold["mode"] == "evaluates", "neutral")


def validate_polarity(scores: pd.DataFrame, gold: pd.DataFrame, *, on, gold_column: str = "tone",
                      n_resamples: int = 2000, random_state) -> pd.DataFrame:
    """Accuracy, macro-F1 and kappa (with intervals) of every lexicon's three-way call against hand labels.

    Returns the :func:`analysis.validation.classification_agreement` rows with a ``lexicon``
    column in front.
    """
    rng = stats.check_random_state(random_state)
    on = [on] if isinstance(on, str) else list(on)
    m = scores.merge(gold[[*on, gold_column]], on=on, how="inner")
    if m.empty:
        return pd.DataFrame(columns=["lexicon", "metric", "label", "estimate", "ci_low", "ci_high", "n"])
    out = [classification_agreement(d[gold_column], d["polarity"], labels=POLARITY_LABELS, n_resamples=n_resamples,
                                    random_state=rng).assign(lexicon=lex)
           for lex, d in m.groupby("lexicon", sort=False)]
    out = pd.concat(out, ignore_index=True)
    return out[["lexicon", *[c for c in out.columns if c != "lexicon"]]]


def missed_by_all(scores: pd.DataFrame, gold: pd.DataFrame, *, on, lexicons=None, gold_column: str = "tone") -> pd.DataFrame:
    """Sentences that every lexicon in ``lexicons`` labels differently from the hand label."""
    on = [on] if isinstance(on, str) else list(on)
    lexicons = list(lexicons) if lexicons is not None else scores["lexicon"].unique().tolist()
    m = scores.loc[scores["lexicon"].isin(lexicons)].merge(gold, on=on, how="inner")
    if m.empty:
        return pd.DataFrame(columns=[*gold.columns, *lexicons])
    wrong = m.assign(_w=m["polarity"] != m[gold_column]).groupby(on, sort=False)["_w"].all()
    calls = m.pivot_table(index=on, columns="lexicon", values="polarity", aggfunc="first")[lexicons]
    keep = wrong[wrong].index
    out = gold.set_index(on).loc[keep].join(calls)
    return out.reset_index()


def validation_summary(tables: dict) -> pd.DataFrame:
    """One row per set and lexicon: accuracy, macro-F1 and kappa with intervals (from :func:`validate_polarity`)."""
    rows = []
    for name, t in tables.items():
        for lex, d in t.loc[t["label"] == "all"].groupby("lexicon", sort=False):
            rec = {"set": name, "lexicon": lex, "n": int(d["n"].iloc[0]), "unit": "sentence"}
            for r in d.itertuples(index=False):
                rec[r.metric], rec[f"{r.metric}_low"], rec[f"{r.metric}_high"] = r.estimate, r.ci_low, r.ci_high
            rows.append(rec)
    return pd.DataFrame(rows)


def closing_lines(tests: pd.DataFrame, summary: pd.DataFrame, topic: pd.DataFrame, *, lead: str,
                  heldout_set: str, labels: dict | None = None, alpha: float = 0.05, digits: int = 2) -> list[str]:
    """Plain-language findings generated from the tables (every number comes from them).

    ``tests`` from :func:`period_tests`, ``summary`` from :func:`validation_summary`, ``topic``
    from :func:`topic_negativity`; ``lead`` the lexicon the notebook leads with.
    """
    from ..claims import describe_difference

    labels = labels or {}
    lines = []
    best = summary.loc[summary["set"] == heldout_set].sort_values("macro_f1", ascending=False).iloc[0]
    lines.append(f"Best agreement with the hand labels on the held-out sentences: {best['lexicon']} "
                 f"(macro-F1 {best['macro_f1']:.{digits}f} [{best['macro_f1_low']:.{digits}f}, "
                 f"{best['macro_f1_high']:.{digits}f}], n = {best['n']}).")
    for rec in summary.loc[summary["lexicon"] == lead].itertuples(index=False):
        lines.append(f"{lead} on the {rec.set}: macro-F1 {rec.macro_f1:.{digits}f} "
                     f"[{rec.macro_f1_low:.{digits}f}, {rec.macro_f1_high:.{digits}f}], "
                     f"accuracy {rec.accuracy:.{digits}f}, kappa {rec.kappa:.{digits}f}.")
    for _, row in tests.iterrows():
        lines.append(describe_difference(row, quantity=f"Mean sentence tone ({row['lexicon']})", digits=digits,
                                         alpha=alpha, labels=labels))
    for rec in topic.itertuples(index=False):
        frac = "n/a" if pd.isna(rec.topic_fraction) else f"{rec.topic_fraction:.0%}"
        lines.append(f"{labels.get(str(rec.period), rec.period)}, {rec.method}: {rec.share_negative_plain:.0%} of "
                     f"sentences negative with the plain lexicon, {rec.share_negative_domain:.0%} once event "
                     f"vocabulary is neutralised: a net {frac} of the plain negative calls rest on topic words "
                     f"(difference {rec.topic_share:.{digits}f} [{rec.ci_low:.{digits}f}, {rec.ci_high:.{digits}f}]).")
    return lines


def validate_relation(tone: pd.DataFrame, gold: pd.DataFrame, *, on, n_resamples: int = 2000,
                      random_state) -> pd.DataFrame:
    """Agreement of the relationship call (conflict / neutral / cooperation) with the hand-coded ``relation``."""
    on = [on] if isinstance(on, str) else list(on)
    m = tone[[*on, "relation"]].merge(gold[[*on, "relation"]], on=on, suffixes=("", "_gold"))
    if m.empty:
        return pd.DataFrame(columns=["metric", "label", "estimate", "ci_low", "ci_high", "n", "unit"])
    return classification_agreement(m["relation_gold"], m["relation"], labels=["conflict", "neutral", "cooperation"],
                                    n_resamples=n_resamples,
                                    random_state=stats.check_random_state(random_state)).assign(unit="sentence")
