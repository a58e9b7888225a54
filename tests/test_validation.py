"""analysis.validation: agreement figures equal scikit-learn's / hand computations; intervals bracket them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score, f1_score, precision_recall_fscore_support

from analysis import validation
from analysis.errors import ResourceError


def _long(gold, pred, labels):
    rows = []
    for u, (g, p) in enumerate(zip(gold, pred)):
        for j, lab in enumerate(labels):
            rows.append({"unit": u, "label": lab, "gold": bool(g[j]), "predicted": bool(p[j])})
    return pd.DataFrame(rows)


def test_presence_agreement_matches_sklearn():
    rng = np.random.default_rng(0)
    gold = rng.random((40, 3)) < 0.4
    pred = gold ^ (rng.random((40, 3)) < 0.2)
    out = validation.presence_agreement(_long(gold, pred, ["a", "b", "c"]), n_resamples=300,
                                        random_state=1).set_index("label")
    for j, lab in enumerate("abc"):
        p, r, f, _ = precision_recall_fscore_support(gold[:, j], pred[:, j], average="binary")
        assert out.loc[lab, ["precision", "recall", "f1"]].tolist() == pytest.approx([p, r, f])
        assert out.loc[lab, "kappa"] == pytest.approx(cohen_kappa_score(gold[:, j], pred[:, j]))
        assert out.loc[lab, "f1_low"] <= out.loc[lab, "f1"] <= out.loc[lab, "f1_high"]
    p, r, f, _ = precision_recall_fscore_support(gold.ravel(), pred.ravel(), average="binary")
    assert out.loc["micro", ["precision", "recall", "f1"]].tolist() == pytest.approx([p, r, f])
    assert out.loc["macro", "f1"] == pytest.approx(out.loc[["a", "b", "c"], "f1"].mean())
    assert "micro P" in validation.agreement_line("toy", out.reset_index())


def test_classification_agreement_matches_sklearn():
    rng = np.random.default_rng(2)
    labels = ["negative", "neutral", "positive"]
    gold = rng.choice(labels, 60)
    pred = np.where(rng.random(60) < 0.7, gold, rng.choice(labels, 60))
    out = validation.classification_agreement(gold, pred, labels=labels, n_resamples=300, random_state=0)
    get = out.set_index(["metric", "label"])["estimate"]
    assert get[("accuracy", "all")] == pytest.approx(np.mean(gold == pred))
    assert get[("macro_f1", "all")] == pytest.approx(f1_score(gold, pred, average="macro"))
    assert get[("kappa", "all")] == pytest.approx(cohen_kappa_score(gold, pred))
    row = out.loc[out["metric"] == "macro_f1"].iloc[0]
    assert row["ci_low"] < row["estimate"] < row["ci_high"]
    assert "macro-f1" in validation.agreement_line("toy", out)


def test_kappa_and_alpha_hand_worked():
    # 4 units, agreement on 3: po = 0.75, pe = (2*3 + 2*1)/16 = 0.5, kappa = 0.5.
    r = validation.cohen_kappa(["x", "y", "x", "y"], ["x", "y", "x", "x"], n_resamples=200, random_state=0)
    assert r["estimate"] == pytest.approx(0.5)
    # Krippendorff nominal, 2 coders, 4 units: coincidences o_aa = 4, o_ab = o_ba = 1, o_bb = 2;
    # n_a = 5, n_b = 3, n = 8: D_o = 2/8, D_e = 2*5*3/(8*7) -> alpha = 1 - (2/8)/(30/56) = 0.5333.
    a = validation.krippendorff_alpha([["a", "b", "a", "b"], ["a", "b", "a", "a"]], n_resamples=200, random_state=0)
    assert a["estimate"] == pytest.approx(1 - (2 / 8) / (30 / 56))
    assert np.isnan(validation.krippendorff_alpha([["a", "a"], ["a", "a"]], n_resamples=10, random_state=0)["estimate"])


def test_confusion_table():
    t = validation.confusion_table(["neg", "pos", "pos"], ["neg", "neg", "pos"], labels=["neg", "pos"])
    assert t.loc["pos", "neg"] == 1 and t.to_numpy().sum() == 3


def test_read_hand_coding_errors(tmp_path):
    p = tmp_path / "codes.csv"
    p.write_text("unit,label\n1,a\n1,b\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="row 3: duplicate unit"):
        validation.read_hand_coding(p, ["unit", "label"], key=["unit"])
    with pytest.raises(ResourceError, match="row 3: label value"):
        validation.read_hand_coding(p, ["unit", "label"], allowed={"label": ["a"]})
    with pytest.raises(ResourceError, match="missing column"):
        validation.read_hand_coding(p, ["unit", "gold"])
    assert len(validation.read_hand_coding(p, ["unit", "label"])) == 2


@pytest.mark.parametrize("trial", range(6))
def test_nominal_alpha_bootstrap_equals_the_krippendorff_package_on_each_resample(trial):
    """The vectorised nominal bootstrap draws the same resamples and gives the package's alpha."""
    import krippendorff

    rng = np.random.default_rng(trial)
    k, n = int(rng.integers(2, 6)), int(rng.integers(4, 50))
    data = rng.integers(0, k, size=(int(rng.integers(2, 4)), n)).astype(float)
    data[rng.random(data.shape) < 0.15] = np.nan                 # some units coded by one coder only
    draws = np.random.default_rng(99)
    expected = []
    for _ in range(300):
        d = data[:, draws.integers(0, n, n)]
        expected.append(np.nan if np.unique(d[~np.isnan(d)]).size < 2
                        else krippendorff.alpha(reliability_data=d, level_of_measurement="nominal"))
    draws = np.random.default_rng(99)
    weights = np.stack([np.bincount(draws.integers(0, n, n), minlength=n) for _ in range(300)])
    got = validation._nominal_alpha_weighted(data, weights)
    np.testing.assert_allclose(got, np.array(expected, dtype=float), rtol=0, atol=1e-12, equal_nan=True)
