"""Reading a keyness table: top lists, counts of distinctive terms, sensitivity checks, labels."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .statistics import _check_contrast, _z_vs_rest, display_mask
from .terms import _periods_of


def top_terms(table: pd.DataFrame, *, n: int = 10, display_only: bool = True) -> pd.DataFrame:
    """The ``n`` most distinctive terms each way, per reference and period.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`keyness`, :func:`keyness_vs_english` or :func:`keyness_table`.
    n : int, default=10
    display_only : bool, default=True
        Skip stop words and bare numbers (``display`` column).

    Returns
    -------
    pandas.DataFrame
        ``reference, period, direction`` ("over" = z > 0: more in the period;
        "under" = z < 0), ``rank`` (1 = most extreme), then the table's columns.
        Ties in z are broken by term.
    """
    # Works on the z, term and group columns as arrays and takes from the table only the rows
    # listed: filtering and grouping the whole table copied every string column (9 calls per run).
    z = table["z"].to_numpy(float)
    ref_code, _ = pd.factorize(table["reference"], sort=True)  # on the Arrow column: no Python strings
    per_code, pers = pd.factorize(table["period"], sort=True)
    shown = table["display"].to_numpy(bool) if display_only else np.ones(len(table), bool)
    group = ref_code.astype(np.int64) * max(1, len(pers)) + per_code
    group[~shown] = -1
    rows_of = pd.Series(np.arange(len(table))).groupby(group, sort=True).indices  # rows in table order
    out = []
    for key in sorted(k for k in rows_of if k >= 0):  # groupby(["reference", "period"], sort=True)
        for direction in ("over", "under"):
            pick = _ranked(z, rows_of[key], lambda pos: table["term"].iloc[pos].to_numpy(object), n=n,
                           direction=direction)
            g = table.iloc[pick]
            g.insert(0, "rank", np.arange(1, len(g) + 1))
            g.insert(0, "direction", direction)
            out.append(g)
    res = pd.concat(out, ignore_index=True)
    lead = ["reference", "period", "direction", "rank", "term"]
    return res[lead + [c for c in res.columns if c not in lead]]


def _ranked(z: np.ndarray, rows: np.ndarray, terms_at, *, n: int, direction: str) -> np.ndarray:
    """Rows of one group's top-``n`` list, in rank order (the sort of :func:`top_terms`).

    ``z`` holds every row's z, ``rows`` the group's rows in table order, ``terms_at(rows)`` their terms.
    """
    k = (-1 if direction == "over" else 1) * z[rows]
    if len(k) > n:  # keep the n smallest keys and their ties, then sort only those
        cut = np.partition(k, n - 1)[n - 1]
        cand, kc = rows[k <= cut], k[k <= cut]
    else:
        cand, kc = rows, k
    # sort_values(["_k", "term"]): NaN keys last, ties by term; sorted() is stable like it
    terms = terms_at(cand)
    order = sorted(range(len(cand)), key=lambda i: (bool(np.isnan(kc[i])), 0.0 if np.isnan(kc[i]) else float(kc[i]),
                                                     terms[i]))[:n]
    pick = cand[np.asarray(order, dtype=np.int64)]
    return pick[(z[pick] > 0) if direction == "over" else (z[pick] < 0)]


def significance_summary(table: pd.DataFrame, *, z_threshold: float = 1.96) -> pd.DataFrame:
    """How many terms pass ``|z| > z_threshold`` per reference and period.

    Returns
    -------
    pandas.DataFrame
        ``reference, period, n_terms, n_over, n_under, n_over_display, n_under_display``.
    """
    t = table.assign(over=table["z"] > z_threshold, under=table["z"] < -z_threshold)
    t = t.assign(over_d=t["over"] & t["display"], under_d=t["under"] & t["display"])
    g = t.groupby(["reference", "period"], sort=True)
    return pd.DataFrame({"n_terms": g.size(), "n_over": g["over"].sum(), "n_under": g["under"].sum(),
                         "n_over_display": g["over_d"].sum(), "n_under_display": g["under_d"].sum()}).reset_index()


def flag_sensitivity(with_flagged: pd.DataFrame, without_flagged: pd.DataFrame) -> pd.DataFrame:
    """How z changes for terms found in flagged sentences when those sentences are dropped.

    Parameters
    ----------
    with_flagged, without_flagged : pandas.DataFrame
        :func:`keyness_table` of ``corpus`` and of ``corpus.without_flagged()``.

    Returns
    -------
    pandas.DataFrame
        ``reference, period, term, form, display, n_flagged, count_all, count_excluded,
        z_all, z_excluded, z_change`` -- one row per contrast and period whose own count
        of the term drops when the flagged sentences are left out (with two periods
        the mirrored "other periods" row is not repeated); ``z_excluded`` is NaN when
        the term occurs only in flagged sentences. Largest change first (a vanished
        term counts as a change of ``|z_all|``).
    """
    key = ["reference", "period", "term"]
    periods = _periods_of(with_flagged)

    def own_count(tab):
        cols = tab[[f"count_{p}" for p in periods]].to_numpy()
        return cols[np.arange(len(tab)), pd.Index(periods).get_indexer(tab["period"])]

    a = with_flagged.loc[with_flagged["flagged"], [*key, "form", "display", "n_flagged", "z"]]
    a = a.rename(columns={"z": "z_all"})
    a.insert(a.columns.get_loc("z_all"), "count_all", own_count(with_flagged.loc[with_flagged["flagged"]]))
    b = without_flagged[key].assign(count_excluded=own_count(without_flagged), z_excluded=without_flagged["z"])
    res = a.merge(b, on=key, how="left")
    res["count_excluded"] = res["count_excluded"].fillna(0).astype(int)
    res = res[[*key, "form", "display", "n_flagged", "count_all", "count_excluded", "z_all", "z_excluded"]]
    res["z_change"] = res["z_excluded"] - res["z_all"]
    size = res["z_change"].abs().fillna(res["z_all"].abs())
    res = res.loc[res["count_all"] > res["count_excluded"]].assign(_k=-size)
    return res.sort_values(["reference", "period", "_k", "term"]).drop(columns="_k").reset_index(drop=True)


def compare_top_terms(table_a: pd.DataFrame, table_b: pd.DataFrame, *, n: int = 10,
                      labels=("all", "excluded")) -> pd.DataFrame:
    """Side-by-side top-``n`` lists ("over" direction) of two keyness tables.

    Parameters
    ----------
    table_a, table_b : pandas.DataFrame
        E.g. :func:`keyness_table` with and without the flagged sentences.
    n : int, default=10
    labels : tuple of str, default=("all", "excluded")
        Suffixes of the ``rank_`` and ``z_`` columns.

    Returns
    -------
    pandas.DataFrame
        ``reference, period, term, rank_<a>, rank_<b>, z_<a>, z_<b>, change`` --
        ``change`` is "kept", "left" (only in a's list) or "entered" (only in b's);
        sorted by reference, period, then rank in a (terms that entered last).
    """
    a_lab, b_lab = labels
    key = ["reference", "period", "term"]

    def top(tab, lab):
        t = top_terms(tab, n=n)
        return t.loc[t["direction"] == "over", [*key, "rank", "z"]].rename(
            columns={"rank": f"rank_{a_lab if lab == 0 else b_lab}", "z": f"z_{a_lab if lab == 0 else b_lab}"})

    res = top(table_a, 0).merge(top(table_b, 1), on=key, how="outer")
    ra, rb = res[f"rank_{a_lab}"], res[f"rank_{b_lab}"]
    res["change"] = np.where(ra.notna() & rb.notna(), "kept", np.where(ra.notna(), "left", "entered"))
    res = res.assign(_k=ra.fillna(n + 1 + rb.fillna(0))).sort_values(["reference", "period", "_k", "term"])
    return res.drop(columns="_k").reset_index(drop=True)


def prior_sensitivity(counts: pd.DataFrame, *, alpha0s=(10.0, 100.0, 1000.0, 10000.0), n: int = 10,
                      z_threshold: float = 1.96) -> pd.DataFrame:
    """How the period-against-period result depends on the prior size ``alpha0``.

    Parameters
    ----------
    counts : pandas.DataFrame
        Output of :func:`count_terms`.
    alpha0s : sequence of float
        Prior sizes to try.
    n : int, default=10
        Length of the top list compared across priors.
    z_threshold : float, default=1.96

    Returns
    -------
    pandas.DataFrame
        ``alpha0, period, n_significant`` (terms with ``z > z_threshold``, stop words
        included), ``n_significant_display``, ``max_z``, ``top`` (the top ``n``
        display terms, comma-separated).
    """
    # the z of each prior straight from the counts: the same values as keyness(counts, alpha0=a0)
    # and top_terms of it, without building the long table four times
    periods = _periods_of(counts)
    Y = counts[[f"count_{p}" for p in periods]].to_numpy(float)
    show = display_mask(counts).to_numpy(bool)
    terms = counts["term"].to_numpy(object)
    rows = []
    for a0 in alpha0s:
        _check_contrast(periods, a0)
        delta, var = _z_vs_rest(Y, a0)
        for k in sorted(range(len(periods)), key=lambda k: periods[k]):  # groupby("period", sort=True)
            z = delta[:, k] / np.sqrt(var[:, k])  # as keyness() stores it
            over = z > z_threshold
            top = _ranked(z, np.flatnonzero(show), terms.__getitem__, n=n, direction="over")
            rows.append({"alpha0": a0, "period": periods[k], "n_significant": int(over.sum()),
                         "n_significant_display": int((over & show).sum()),
                         "max_z": float(pd.Series(z).max()), "top": ", ".join(terms[top])})
    return pd.DataFrame(rows)


def summary_lines(table: pd.DataFrame, *, z_threshold: float = 1.96) -> str:
    """One line per reference and period: how many terms pass the threshold, and the largest z.

    Returns
    -------
    str
        Lines such as ``"2024 vs other periods: 1 of 690 terms with z > 1.96 (0 content
        words); largest z 2.05 ('on')"``, for printing in a notebook.
    """
    lines = []
    summ = significance_summary(table, z_threshold=z_threshold).set_index(["reference", "period"])
    for (ref, period), grp in table.groupby(["reference", "period"], sort=True):
        row = summ.loc[(ref, period)]
        best = grp.sort_values(["z", "term"], ascending=[False, True]).iloc[0]
        lines.append(f"{period} vs {ref}: {row['n_over']} of {row['n_terms']} terms with z > {z_threshold:g} "
                     f"({row['n_over_display']} content words), {row['n_under']} with z < -{z_threshold:g}; "
                     f"largest z {best['z']:.2f} ({best['term']!r})")
    return "\n".join(lines)


def term_label(table: pd.DataFrame, *, flag_share: float = 0.5) -> pd.Series:
    """Display labels for terms.

    The most frequent word form of a lemma (``"relations"``), a gazetteer term with
    spaces (``"south caucasus"``), and a dagger when at least ``flag_share`` of the
    term's occurrences are in sentences flagged as machine-translation damage.
    """
    base = np.where(table["is_mwe"].to_numpy(bool), table["term"].str.replace("_", " "), table["form"])
    dagger = np.where(table["flagged_share"].to_numpy(float) >= flag_share, "†", "")
    return pd.Series([f"{b}{d}" for b, d in zip(base, dagger)], index=table.index)
