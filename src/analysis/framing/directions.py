"""Does a shift keep its direction across codings and units? Sentences generated from the test tables.

A claim such as "the direction of these shifts is the same under the rules and under the hand
coding" must be checked frame by frame against every table it summarises. :func:`direction_table`
lines up the differences of several comparison tables (:func:`compare_frame_shares` on
paragraphs, sentences, hand coding, the text without flagged sentences ...) and
:func:`direction_lines` words the result, saying where the direction differs.
"""

from __future__ import annotations

import pandas as pd

from ..claims import difference_direction, is_distinguishable


def direction_table(tests: dict, *, key: str = "frame", alpha: float = 0.05) -> pd.DataFrame:
    """One row per label x comparison x coding, with the direction of the difference.

    Parameters
    ----------
    tests : dict
        Coding name (e.g. ``"paragraphs (rules)"``) -> a comparison table with ``key,
        reference, group, difference, p_value`` (and ``p_holm``), as from
        :func:`compare_frame_shares`.
    key : str, default="frame"
    alpha : float, default=0.05

    Returns
    -------
    pandas.DataFrame
        ``<key>, reference, group, coding, difference, direction`` ("higher", "lower",
        "equal"), ``distinguishable`` (Holm-adjusted p < alpha), and ``consistent`` (True when
        every coding of this label and comparison has the same direction).
    """
    parts = []
    for name, table in tests.items():
        t = table[[key, "reference", "group", "difference"]].copy()
        t.insert(3, "coding", name)
        t["direction"] = [difference_direction(r) for r in table.to_dict("records")]
        t["distinguishable"] = [is_distinguishable(r, alpha=alpha) for r in table.to_dict("records")]
        parts.append(t)
    out = pd.concat(parts, ignore_index=True)
    n_dir = out.groupby([key, "reference", "group"], sort=False)["direction"].transform("nunique")
    out["consistent"] = n_dir.eq(1)
    return out


def direction_lines(table: pd.DataFrame, *, key: str = "frame", digits: int = 2, labels: dict | None = None) -> list[str]:
    """Plain sentences from :func:`direction_table`, one per label and comparison.

    Examples
    --------
    >>> t = direction_table({"paragraphs": pd.DataFrame({"frame": ["geo"], "reference": ["2014"], "group": ["2024"],
    ...                                                  "difference": [0.1], "p_value": [0.6]}),
    ...                      "sentences": pd.DataFrame({"frame": ["geo"], "reference": ["2014"], "group": ["2024"],
    ...                                                 "difference": [-0.03], "p_value": [0.8]})})
    >>> direction_lines(t)[0]
    'geo, 2024 against 2014: the direction depends on the coding -- paragraphs higher (+0.10), sentences lower (-0.03); no difference is distinguishable from chance.'
    """
    labels = labels or {}
    words = {"higher": "higher", "lower": "lower", "equal": "no change"}
    lines = []
    for (lab, ref, grp), sub in table.groupby([key, "reference", "group"], sort=False):
        ref_l, grp_l = labels.get(str(ref), str(ref)), labels.get(str(grp), str(grp))
        parts = [f"{c} {words[d]} ({v:+.{digits}f})" for c, d, v in zip(sub["coding"], sub["direction"], sub["difference"])]
        head = ("the same direction under every coding" if sub["consistent"].iloc[0]
                else "the direction depends on the coding")
        n_dist = int(sub["distinguishable"].sum())
        tail = ("no difference is distinguishable from chance" if n_dist == 0 else
                f"distinguishable from chance in {n_dist} of {len(sub)} codings")
        lines.append(f"{lab}, {grp_l} against {ref_l}: {head} -- {', '.join(parts)}; {tail}.")
    return lines


def evidence_lines(tests: dict, *, key: str = "frame", quantity: str = "share of {unit}s with {label} present",
                   min_difference: float = 0.2, alpha: float = 0.05, labels: dict | None = None,
                   digits: int = 2) -> list[str]:
    """The sentences of a closing section, each generated from the comparison tables.

    Parameters
    ----------
    tests : dict
        Coding name -> comparison table (:func:`compare_frame_shares`); the first is the main one.
    key : str, default="frame"
    quantity : str
        Template naming the compared quantity (``{unit}`` and ``{label}`` are filled in).
    min_difference : float, default=0.2
        Frames whose difference reaches this size in the main table are worded one by one
        (:func:`analysis.claims.describe_difference`).
    alpha : float, default=0.05
    labels : dict, default=None
        Display labels of the groups (:func:`analysis.overview.period_labels`).

    Returns
    -------
    list of str
        One sentence per large difference in the main table, one per coding on what survives
        Holm's adjustment, and the direction lines (:func:`direction_lines`) of those frames.
    """
    from ..claims import describe_difference

    names = list(tests)
    main = tests[names[0]]
    out = []
    big = main.loc[main["difference"].abs() >= min_difference - 1e-9]
    for row in big.sort_values("difference", ascending=False, kind="stable").to_dict("records"):
        row = {"estimate_reference": row.get("share_reference"), "estimate_group": row.get("share_group"), **row}
        q = quantity.format(unit=row.get("unit", "unit"), label=str(row[key]).replace("_", " "))
        out.append(f"{names[0]}: " + describe_difference(row, quantity=q[0].upper() + q[1:], digits=digits,
                                                         alpha=alpha, labels=labels))
    if big.empty:
        out.append(f"{names[0]}: no {key}'s difference reaches {min_difference:.{digits}f}.")
    for name in names:
        t = tests[name]
        holm = t.loc[t["p_holm"] < alpha, key].tolist()
        raw = t.loc[(t["p_value"] < alpha) & ~(t["p_holm"] < alpha), key].tolist()
        verdict = (f"distinguishable from chance after Holm's adjustment for {len(t)} {key}s: {', '.join(holm)}"
                   if holm else f"no difference is distinguishable from chance after Holm's adjustment for "
                                f"{len(t)} {key}s")
        if raw:
            verdict += f"; p < {alpha:g} before adjustment only: {', '.join(raw)}"
        out.append(f"{name}: {verdict}.")
    table = direction_table(tests, key=key, alpha=alpha)
    keep = table.loc[table[key].isin(big[key]) | ~table["consistent"]]
    out += direction_lines(keep, key=key, digits=digits, labels=labels)
    return out


def function_shares(functions: pd.DataFrame, hand: pd.DataFrame | None = None, *, by: str = "period",
                    min_docs: int = 5, n_resamples: int = 2000, confidence_level: float = 0.95,
                    seed: int) -> pd.DataFrame:
    """Share of sentences doing each Entman function, by group: rates, not raw counts.

    Parameters
    ----------
    functions : pandas.DataFrame
        :func:`frame_functions` on the corpus sentences (``doc_id, period, sent_id, function,
        present``).
    hand : pandas.DataFrame, default=None
        Hand labels in the same long form (:func:`gold_presence` with ``label="function"``).
    by, min_docs, n_resamples, confidence_level
        As in :func:`frame_shares` (an exact interval where a share is 0 or 1).
    seed : int

    Returns
    -------
    pandas.DataFrame
        ``coding`` ("cues" / "hand labels"), ``function, period, share, ci_low, ci_high, n,
        n_present, unit, method``.
    """
    from ..stats import step_seed
    from .summaries import frame_shares

    parts = []
    for coding, table in (("cues", functions), ("hand labels", hand)):
        if table is None:
            continue
        t = table.rename(columns={"function": "frame"})
        sh = frame_shares(t, by=by, min_docs=min_docs, n_resamples=n_resamples, confidence_level=confidence_level,
                          random_state=step_seed(seed, f"function shares {coding}"))
        sh = sh.rename(columns={"frame": "function"})
        counts = t.groupby([by, "frame"], sort=False)["present"].sum()
        sh["n_present"] = [int(counts.get((p, f), 0)) for p, f in zip(sh[by], sh["function"])]
        parts.append(sh.assign(coding=coding))
    out = pd.concat(parts, ignore_index=True)
    first = ["coding", "function", by, "share", "ci_low", "ci_high", "n", "n_present"]
    return out[[*first, *[c for c in out.columns if c not in first]]]
