"""Sentences generated from numbers: every claim about a difference is worded from its table.

A notebook never types "the 2024 text has longer sentences": it passes the row of the
comparison table (:func:`analysis.stats.group_tests`) to :func:`describe_difference`,
which states the direction, the size with its interval, the test and the verdict --
and says "not distinguishable from chance" instead of "similar" when the test cannot
tell, because lack of power is not evidence of similarity.
"""

from __future__ import annotations

import math

__all__ = ["describe_difference", "describe_estimate", "difference_direction", "is_distinguishable",
           "format_p"]


def format_p(p: float) -> str:
    """``p = 0.037`` style, ``p < 0.001`` for tiny values.

    Examples
    --------
    >>> format_p(0.0371), format_p(0.0001)
    ('p = 0.037', 'p < 0.001')
    """
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "p n/a"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _get(row, key, default=None):
    try:
        value = row[key]
    except (KeyError, IndexError):
        return default
    return default if value is None or (isinstance(value, float) and math.isnan(value)) else value


def is_distinguishable(row, *, alpha: float = 0.05, adjusted: bool = True) -> bool:
    """Whether the difference in ``row`` is distinguishable from chance at level ``alpha``.

    Uses ``p_holm`` when present and ``adjusted`` is true, else ``p_value``.
    """
    p = _get(row, "p_holm") if adjusted else None
    p = _get(row, "p_value") if p is None else p
    return p is not None and p < alpha


def difference_direction(row) -> str:
    """``"higher"``, ``"lower"`` or ``"equal"``: the sign of ``row["difference"]`` (group - reference)."""
    d = float(row["difference"])
    return "higher" if d > 0 else "lower" if d < 0 else "equal"


def describe_difference(row, *, quantity: str, digits: int = 2, alpha: float = 0.05,
                        labels: dict | None = None, unit_word: str | None = None) -> str:
    """Word one row of a comparison table as a sentence.

    Parameters
    ----------
    row : mapping
        A row of :func:`analysis.stats.group_tests` (``reference, group, difference,
        ci_low, ci_high, p_value`` and optionally ``p_holm, estimate_reference,
        estimate_group, unit``).
    quantity : str
        What is compared, e.g. ``"Words per sentence"``.
    digits : int, default=2
    alpha : float, default=0.05
        Level at which the difference is called distinguishable (on ``p_holm`` when given).
    labels : dict, default=None
        Display labels for the groups (e.g. from :func:`analysis.overview.period_labels`).
    unit_word : str, default=None
        Overrides the resampled unit named in the sentence.

    Returns
    -------
    str

    Examples
    --------
    >>> row = {"reference": "2014", "group": "2024", "estimate_reference": 24.0,
    ...        "estimate_group": 28.3, "difference": 4.3, "ci_low": -1.2, "ci_high": 9.9,
    ...        "p_value": 0.125, "unit": "sentence"}
    >>> describe_difference(row, quantity="Words per sentence", digits=1)
    'Words per sentence is higher in 2024 than in 2014 (24.0 → 28.3; difference +4.3 [-1.2, +9.9], p = 0.125, sentences resampled): not distinguishable from chance at these sample sizes, which is not evidence that the two are alike.'
    """
    labels = labels or {}
    ref, grp = str(row["reference"]), str(row["group"])
    ref_l, grp_l = labels.get(ref, ref), labels.get(grp, grp)
    direction = difference_direction(row)
    f = f"{{:+.{digits}f}}"
    diff = f.format(float(row["difference"]))
    lo, hi = _get(row, "ci_low"), _get(row, "ci_high")
    interval = f" [{f.format(lo)}, {f.format(hi)}]" if lo is not None and hi is not None else ""
    est = ""
    if _get(row, "estimate_reference") is not None and _get(row, "estimate_group") is not None:
        est = f"{float(row['estimate_reference']):.{digits}f} → {float(row['estimate_group']):.{digits}f}; "
    p = format_p(_get(row, "p_value"))
    p_holm = _get(row, "p_holm")
    if p_holm is not None and abs(p_holm - _get(row, "p_value", p_holm)) > 1e-12:
        p += f", Holm-adjusted {format_p(p_holm).replace('p ', '', 1).replace('= ', '').strip()}"
    unit = unit_word or (f"{row['unit']}s resampled" if _get(row, "unit") else "")
    unit = f", {unit}" if unit else ""
    head = (f"{quantity} is the same in {grp_l} as in {ref_l}" if direction == "equal" else
            f"{quantity} is {direction} in {grp_l} than in {ref_l}")
    body = f" ({est}difference {diff}{interval}, {p}{unit})"
    if is_distinguishable(row, alpha=alpha):
        verdict = f": distinguishable from chance at the {alpha:g} level."
    else:
        verdict = (": not distinguishable from chance at these sample sizes, which is not evidence "
                   "that the two are alike.")
    return head + body + verdict


def describe_estimate(row, *, quantity: str, digits: int = 2, labels: dict | None = None,
                      group_column: str = "period") -> str:
    """Word one row of an interval table (:func:`analysis.stats.group_intervals`).

    Examples
    --------
    >>> describe_estimate({"period": "2014", "estimate": 0.4, "ci_low": 0.1, "ci_high": 0.7,
    ...                    "n": 10, "unit": "paragraph"}, quantity="Security share")
    'Security share in 2014: 0.40 [0.10, 0.70] (10 paragraphs resampled).'
    """
    labels = labels or {}
    g = str(row[group_column])
    lo, hi = _get(row, "ci_low"), _get(row, "ci_high")
    interval = f" [{lo:.{digits}f}, {hi:.{digits}f}]" if lo is not None and hi is not None else " (no interval)"
    unit = _get(row, "unit")
    n = _get(row, "n")
    tail = f" ({int(n)} {unit}s resampled)" if unit and n is not None else ""
    return f"{quantity} in {labels.get(g, g)}: {float(row['estimate']):.{digits}f}{interval}{tail}."
