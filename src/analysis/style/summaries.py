"""Reading the stance tables: one line per category, the verdicts, and the period comparison table."""

from __future__ import annotations

import pandas as pd

from .markers import CATEGORY_LABELS


def describe_stance(rates: pd.DataFrame, tests: pd.DataFrame, *, digits: int = 1) -> list[str]:
    """One line per category: rates per 1,000 words with intervals, difference and p-value.

    Parameters
    ----------
    rates : pandas.DataFrame
        :func:`stance_rates` at period level.
    tests : pandas.DataFrame
        :func:`stance_tests`.
    digits : int, default=1

    Returns
    -------
    list of str

    Examples
    --------
    >>> rates = pd.DataFrame({"period": ["a", "b"], "category": "hedge", "count": [3, 9],
    ...     "rate_per_1000": [4.0, 8.0], "ci_low": [1.0, 5.0], "ci_high": [7.0, 11.0]})
    >>> tests = pd.DataFrame({"category": ["hedge"], "reference": ["a"], "group": ["b"],
    ...     "difference": [4.0], "p_value": [0.12]})
    >>> describe_stance(rates, tests)
    ['hedges: a 4.0 [1.0, 7.0] (n=3), b 8.0 [5.0, 11.0] (n=9); b - a = +4.0 per 1,000 words, p = 0.12']
    """
    lines = []
    for cat in pd.unique(rates["category"]):
        r = rates.loc[rates["category"] == cat]
        parts = [f"{rec['period']} {rec['rate_per_1000']:.{digits}f} [{rec['ci_low']:.{digits}f}, "
                 f"{rec['ci_high']:.{digits}f}] (n={rec['count']})" for rec in r.to_dict("records")]
        line = f"{CATEGORY_LABELS.get(cat, cat)}: " + ", ".join(parts)
        for rec in tests.loc[tests["category"] == cat].to_dict("records"):
            line += (f"; {rec['group']} - {rec['reference']} = {rec['difference']:+.{digits}f} per 1,000 words, "
                     f"p = {rec['p_value']:.2g}")
        lines.append(line)
    return lines


def stance_table(rates: pd.DataFrame, tests: pd.DataFrame) -> pd.DataFrame:
    """Period rates with each period's permutation test against the reference (``stance.csv``).

    Parameters
    ----------
    rates : pandas.DataFrame
        :func:`stance_rates` at period level.
    tests : pandas.DataFrame
        :func:`stance_tests`.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`stance_rates` (period level) plus ``reference, difference,
        p_value, p_holm, n_resamples`` (NaN on the reference period's rows).
    """
    t = tests.rename(columns={"group": "period"})[["category", "period", "reference", "difference", "p_value",
                                                    "p_holm", "n_resamples"]]
    out = rates.merge(t, on=["category", "period"], how="left")
    out["reference"] = out["reference"].fillna(tests["reference"].iloc[0] if len(tests) else "")
    return out


def verdict_lines(rates: pd.DataFrame, tests: pd.DataFrame, balance: pd.DataFrame, *,
                  alpha: float = 0.05) -> list[str]:
    """Plain-language answers to "more or less certain?" and "more or less predictive?".

    One line per comparison group and question, built only from the tables passed in:
    the direction of each difference, its size per 1,000 words and its permutation
    p-value, and whether any of them reaches ``alpha``.

    Parameters
    ----------
    rates : pandas.DataFrame
        :func:`stance_rates` at period level.
    tests : pandas.DataFrame
        :func:`stance_tests`.
    balance : pandas.DataFrame
        :func:`stance_balance`.
    alpha : float, default=0.05

    Returns
    -------
    list of str
    """
    lines = []
    rate = rates.set_index(["period", "category"])["rate_per_1000"]
    share = balance.set_index("period")
    questions = [("Certainty", ["hedge", "booster"], True), ("Prediction", ["future", "conditional"], False)]
    for group, t in tests.groupby("group", sort=False):
        ref = t["reference"].iloc[0]
        t = t.set_index("category")
        for title, cats, with_share in questions:
            cats = [c for c in cats if c in t.index]
            if not cats:
                continue
            parts, ps = [], []
            for c in cats:
                diff, p = t.loc[c, "difference"], t.loc[c, "p_value"]
                word = "higher" if diff > 0 else "lower" if diff < 0 else "unchanged"
                parts.append(f"{CATEGORY_LABELS.get(c, c)} {word} ({rate[(ref, c)]:.1f} -> {rate[(group, c)]:.1f} "
                             f"per 1,000 words, p = {p:.2g})")
                ps.append(p)
            if with_share and group in share.index and ref in share.index:
                s_ref, s_g, p = share.loc[ref, "share"], share.loc[group, "share"], share.loc[group, "p_value"]
                parts.append(f"boosters' share of hedges + boosters {s_ref:.0%} -> {s_g:.0%} (p = {p:.2g})")
                ps.append(p)
            sig = [p for p in ps if p < alpha]
            tail = (f"{len(sig)} of {len(ps)} differences reach p < {alpha}" if sig else
                    f"None of these differences is distinguishable from a random split of sentences "
                    f"(all p >= {alpha})")
            lines.append(f"{title}, {group} vs {ref}: " + "; ".join(parts) + f". {tail}.")
    return lines


def comparison_table(readability_by_period: pd.DataFrame, diversity_by_period: pd.DataFrame,
                     stance_by_period: pd.DataFrame) -> pd.DataFrame:
    """Stack the period-level results into one tidy table for :func:`analysis.plots.style.plot_period_comparison`.

    Parameters
    ----------
    readability_by_period : pandas.DataFrame
        ``readability.readability(..., level="period")``.
    diversity_by_period : pandas.DataFrame
        ``diversity.lexical_diversity(..., level="period")``.
    stance_by_period : pandas.DataFrame
        :func:`stance_rates` at period level.

    Returns
    -------
    pandas.DataFrame
        ``panel, metric, label, period, value, ci_low, ci_high``.
    """
    from ..readability import INDICES, LABELS

    read = readability_by_period.loc[readability_by_period["metric"].isin(INDICES)]
    div = diversity_by_period.loc[diversity_by_period["metric"].isin(["mtld", "mattr", "msttr"])]
    st = stance_by_period.rename(columns={"category": "metric", "rate_per_1000": "value"})
    parts = [read.assign(panel="readability"), div.assign(panel="lexical diversity"),
             st.assign(panel="stance (per 1,000 words)")]
    cols = ["panel", "metric", "period", "value", "ci_low", "ci_high"]
    out = pd.concat([p[cols] for p in parts], ignore_index=True)
    labels = {**LABELS, **{k: v for k, v in CATEGORY_LABELS.items()}}
    out.insert(2, "label", out["metric"].map(labels).fillna(out["metric"]))
    return out
