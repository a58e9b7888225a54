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
    'geo: the direction depends on the coding -- higher in 2024 than in 2014 in paragraphs (+0.10), lower in sentences (-0.03); no difference is distinguishable from chance.'
    """
    labels = labels or {}
    lines = []
    for (lab, ref, grp), sub in table.groupby([key, "reference", "group"], sort=False):
        ref_l, grp_l = labels.get(str(ref), str(ref)), labels.get(str(grp), str(grp))
        parts = [f"{d} in {c} ({v:+.{digits}f})" if i else f"{d} in {grp_l} than in {ref_l} in {c} ({v:+.{digits}f})"
                 for i, (c, d, v) in enumerate(zip(sub["coding"], sub["direction"], sub["difference"]))]
        head = ("the same direction under every coding -- " if sub["consistent"].iloc[0]
                else "the direction depends on the coding -- ")
        n_dist = int(sub["distinguishable"].sum())
        tail = ("no difference is distinguishable from chance" if n_dist == 0 else
                f"distinguishable from chance in {n_dist} of {len(sub)} codings")
        lines.append(f"{lab}: {head}{', '.join(parts)}; {tail}.")
    return lines
