"""Word shift (Gallagher et al. 2021): which words make one text's average tone differ from another's.

For a dictionary of word scores ``h`` and the relative frequencies ``p`` of the scored words
in a reference text (1) and a comparison text (2), the difference of average tone
``Phi2 - Phi1 = sum_w h_w (p2_w - p1_w)`` is split into one contribution per word:

    delta_w = (h_w - Phi_ref) * (p2_w - p1_w)

with ``Phi_ref`` the reference text's average (shifterator's default). Because both ``p``
sum to one, the contributions sum exactly to ``Phi2 - Phi1`` whatever ``Phi_ref`` is. The
sign of ``h_w - Phi_ref`` (``+`` / ``-``: more / less positive than the reference average) and
of ``p2_w - p1_w`` (``up`` / ``down``: used more / less) name the four kinds: ``+ up`` and
``- down`` raise the comparison text's tone, ``+ down`` and ``- up`` lower it.

Reference: Gallagher, R. J., Frank, M. R., Mitchell, L., Schwartz, A. J., Reagan, A. J.,
Danforth, C. M., & Dodds, P. S. (2021). Generalized word shift graphs: a method for visualizing
and explaining pairwise comparisons between texts. *EPJ Data Science*, 10(1), 4.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["word_shift"]


def word_shift(words: pd.DataFrame, *, reference, comparison, by: str = "period", word: str = "word",
               value: str = "value", reference_value: float | None = None) -> pd.DataFrame:
    """Per-word contributions to the difference in average tone between two groups.

    Parameters
    ----------
    words : pandas.DataFrame
        One row per scored token: ``by``, ``word``, ``value`` (e.g. from
        :func:`~analysis.sentiment.sentence_words`).
    reference, comparison : str
        Groups of ``by`` compared (comparison minus reference).
    reference_value : float, default=None
        ``Phi_ref``; default the reference group's average.

    Returns
    -------
    pandas.DataFrame
        ``word, value, count_reference, count_comparison, p_reference, p_comparison,
        contribution, share, kind`` sorted by ``|contribution|`` (ties by word), where ``share``
        = contribution / |Phi2 - Phi1|; ``attrs`` carry ``phi_reference``, ``phi_comparison``,
        ``reference_value`` and ``total``.

    Examples
    --------
    >>> w = pd.DataFrame({"period": ["a", "a", "a", "b", "b", "b"],
    ...                   "word": ["good", "good", "bad", "good", "bad", "bad"],
    ...                   "value": [2.0, 2.0, -2.0, 2.0, -2.0, -2.0]})
    >>> s = word_shift(w, reference="a", comparison="b")
    >>> s[["word", "contribution", "kind"]].round(4).values.tolist()
    [['bad', -0.8889, '- up'], ['good', -0.4444, '+ down']]
    """
    for col in (by, word, value):
        if col not in words.columns:
            raise KeyError(f"word_shift: column {col!r} missing (have {list(words.columns)})")
    g = words[by].astype(str)
    ref, comp = words.loc[g == str(reference)], words.loc[g == str(comparison)]
    if ref.empty or comp.empty:
        raise ValueError(f"word_shift: no scored words for {reference!r} or {comparison!r}")
    vals = words.groupby(word)[value].agg(["min", "max"])
    clash = vals.index[vals["min"] != vals["max"]]
    if len(clash):
        raise ValueError(f"word_shift: words with more than one value: {list(clash[:5])}")
    c1, c2 = ref[word].value_counts(), comp[word].value_counts()
    t = pd.DataFrame({"count_reference": c1, "count_comparison": c2}).fillna(0)
    t.index.name = word
    t["value"] = vals["min"].reindex(t.index)
    t["p_reference"] = t["count_reference"] / t["count_reference"].sum()
    t["p_comparison"] = t["count_comparison"] / t["count_comparison"].sum()
    phi1 = float((t["value"] * t["p_reference"]).sum())
    phi2 = float((t["value"] * t["p_comparison"]).sum())
    phi_ref = phi1 if reference_value is None else float(reference_value)
    t["contribution"] = (t["value"] - phi_ref) * (t["p_comparison"] - t["p_reference"])
    total = phi2 - phi1
    t["share"] = t["contribution"] / abs(total) if total != 0 else np.nan
    sign = np.where(t["value"] >= phi_ref, "+", "-")
    updown = np.where(t["p_comparison"] >= t["p_reference"], "up", "down")
    t["kind"] = [f"{s} {u}" for s, u in zip(sign, updown)]
    t = t.reset_index().rename(columns={word: "word"})
    t["_abs"] = t["contribution"].abs().round(12)
    t = t.sort_values(["_abs", "word"], ascending=[False, True], kind="stable").drop(columns="_abs")
    t = t[["word", "value", "count_reference", "count_comparison", "p_reference", "p_comparison",
           "contribution", "share", "kind"]].reset_index(drop=True)
    t[["count_reference", "count_comparison"]] = t[["count_reference", "count_comparison"]].astype(int)
    t.attrs.update(phi_reference=phi1, phi_comparison=phi2, reference_value=phi_ref, total=total,
                   reference=str(reference), comparison=str(comparison))
    return t
