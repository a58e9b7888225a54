"""The fast paths of analysis.keyness give what the plain computations give, value for value.

Top lists ranked on arrays against a pandas sort of the grouped table; prior sensitivity against
``keyness`` + ``top_terms`` per prior; top-list stability (candidates bounded per period, pooled
counts by additions) against z-scoring every display term in every period.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import keyness
from analysis.corpus import load_corpus
from analysis.keyness import stability as stab
from conftest import synthetic_corpus


def _top_terms_by_sorting(table: pd.DataFrame, *, n: int, display_only: bool = True) -> pd.DataFrame:
    """top_terms as a groupby and a full sort_values (the definition the fast version must match)."""
    t = table.loc[table["display"]] if display_only else table
    out = []
    for _, grp in t.groupby(["reference", "period"], sort=True):
        for direction, sign in (("over", -1), ("under", 1)):
            k = sign * grp["z"].to_numpy(float)
            if len(k) > n:  # the n smallest keys and their ties
                keep = grp.loc[k <= np.partition(k, n - 1)[n - 1]]
            else:
                keep = grp
            g = keep.assign(_k=sign * keep["z"]).sort_values(["_k", "term"]).head(n)
            g = g.loc[(g["z"] > 0) if direction == "over" else (g["z"] < 0)].drop(columns="_k")
            g.insert(0, "rank", np.arange(1, len(g) + 1))
            g.insert(0, "direction", direction)
            out.append(g)
    res = pd.concat(out, ignore_index=True)
    lead = ["reference", "period", "direction", "rank", "term"]
    return res[lead + [c for c in res.columns if c not in lead]]


@pytest.fixture(scope="module")
def three_periods(tmp_path_factory):
    """A small synthetic corpus: three periods, a few thousand words each."""
    corpus = load_corpus(synthetic_corpus(tmp_path_factory.mktemp("exact") / "corpus-30", 30, seed=7,
                                          words_per_doc=(200, 300)))
    terms = keyness.extract_terms(corpus)
    return terms, keyness.count_terms(terms), keyness.keyness_table(terms)


@pytest.fixture(scope="module")
def bundled():
    terms = keyness.extract_terms(load_corpus("corpus"))
    return terms, keyness.count_terms(terms), keyness.keyness_table(terms)


@pytest.mark.parametrize("which", ["bundled", "three_periods"])
def test_top_terms_equal_the_sorted_groups(which, request):
    _, _, table = request.getfixturevalue(which)
    odd = table.copy()  # ties, zeros and missing z as well
    odd.loc[odd.index[::7], "z"] = np.nan
    odd.loc[odd.index[::11], "z"] = 0.0
    odd.loc[odd.index[::5], "z"] = odd["z"].round(0)
    for tab in (table, odd):
        for n in (1, 3, 10, 40):
            for display_only in (True, False):
                pd.testing.assert_frame_equal(keyness.top_terms(tab, n=n, display_only=display_only),
                                              _top_terms_by_sorting(tab, n=n, display_only=display_only),
                                              check_exact=True)


@pytest.mark.parametrize("which", ["bundled", "three_periods"])
def test_prior_sensitivity_equals_the_keyness_tables(which, request):
    _, counts, _ = request.getfixturevalue(which)
    alpha0s, n, threshold = (10.0, 100.0, 1000.0, 10000.0), 5, 1.96
    rows = []
    for a0 in alpha0s:
        tab = keyness.keyness(counts, alpha0=a0)
        top = _top_terms_by_sorting(tab, n=n)
        for p, grp in tab.groupby("period", sort=True):
            over = grp["z"] > threshold
            names = top.loc[(top["period"] == p) & (top["direction"] == "over"), "term"]
            rows.append({"alpha0": a0, "period": p, "n_significant": int(over.sum()),
                         "n_significant_display": int((over & grp["display"]).sum()),
                         "max_z": float(grp["z"].max()), "top": ", ".join(names)})
    pd.testing.assert_frame_equal(keyness.prior_sensitivity(counts, alpha0s=alpha0s, n=n, z_threshold=threshold),
                                  pd.DataFrame(rows), check_exact=True)


@pytest.mark.parametrize("which", ["bundled", "three_periods"])
def test_stability_equals_z_scoring_every_term(which, request, monkeypatch):
    terms, counts, table = request.getfixturevalue(which)
    opts = dict(n_top=5, n_resamples=60, counts=counts, table=table, random_state=4)
    fast = keyness.top_term_stabilities(terms, **opts)

    def every_term(n, extremes, kth, show, first, **_):  # no bound: every display term, every period
        return [np.union1d(first, np.flatnonzero(show))] * kth.shape[1]

    monkeypatch.setattr(stab, "_reachable", every_term)
    pd.testing.assert_frame_equal(fast, keyness.top_term_stabilities(terms, **opts), check_exact=True)


def test_ngram_codes_number_n_grams_as_word_by_word_factorizing():
    from analysis.keyness import terms as terms_mod

    rng = np.random.default_rng(0)
    forms = rng.integers(0, 40, 6000)
    for n in (2, 3, 4):
        start = np.flatnonzero(rng.random(len(forms) - n + 1) < 0.7)
        key = forms[start].astype(np.int64)  # the definition: factorize word by word, first starts by sorting
        for k in range(1, n):
            key, _ = pd.factorize(key * 40 + forms[start + k])
        first = np.unique(key, return_index=True)[1]
        for n_forms in (40, 2 ** 40):  # one integer per n-gram, and too many forms for one (word by word)
            got_key, got_first = terms_mod._ngram_keys(forms, start, n, n_forms)
            np.testing.assert_array_equal(got_key, key)
            np.testing.assert_array_equal(got_first, first)
