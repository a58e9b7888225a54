"""Agreement between rule-based measures and hand coding, and between coders.

Every rule-based measure of the suite (frames, Entman functions, stance markers,
drivers, actors, tone) is checked here against hand coding kept in ``validation/``:

- :func:`presence_agreement` -- multi-label presence (a frame in a paragraph, an actor
  in a sentence): precision, recall, F1 and Cohen's kappa per label, micro and macro;
- :func:`classification_agreement` -- one label per unit (sentence polarity): accuracy,
  macro-F1, Cohen's kappa, and precision/recall/F1 per class;
- :func:`cohen_kappa` and :func:`krippendorff_alpha` -- agreement between two coders
  (or rules and a coder), the latter through the maintained ``krippendorff`` package;
- :func:`confusion_table`, :func:`agreement_line`, and :func:`read_hand_coding`
  (from :mod:`analysis.hand_coded`, which reads the hand-coding files).

Each figure comes with a percentile bootstrap interval over **units** (all labels of a
unit are resampled together), drawn from :func:`analysis.stats.bootstrap_weights`.
With tens of units these intervals are wide; that is the point of reporting them.

References
----------
.. [1] Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and
       Psychological Measurement*, 20(1), 37-46.
.. [2] Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School
       for Communication, University of Pennsylvania.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .hand_coded import read_hand_coding  # noqa: F401  (re-exported: part of this module's API)
from .stats import bootstrap_weights, check_random_state

__all__ = ["presence_agreement", "classification_agreement", "cohen_kappa", "krippendorff_alpha",
           "confusion_table", "read_hand_coding", "agreement_line"]

_METRICS = ("precision", "recall", "f1", "kappa")


def _div(a, b):
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(b > 0, a / np.where(b > 0, b, 1), np.nan)


def _binary_metrics(tp, fp, fn, tn):
    """Precision, recall, F1 and Cohen's kappa from (weighted) 2x2 counts; arrays broadcast."""
    n = tp + fp + fn + tn
    precision, recall = _div(tp, tp + fp), _div(tp, tp + fn)
    f1 = _div(2 * tp, 2 * tp + fp + fn)
    po = _div(tp + tn, n)
    pe = _div((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn), n * n)
    kappa = _div(po - pe, 1 - pe)
    return {"precision": precision, "recall": recall, "f1": f1, "kappa": kappa}


def _interval(boot, alpha):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanquantile(boot, alpha, axis=0), np.nanquantile(boot, 1 - alpha, axis=0)


def presence_agreement(table: pd.DataFrame, *, label: str = "label", gold: str = "gold",
                       predicted: str = "predicted", unit_keys=None, n_resamples: int = 2000,
                       confidence_level: float = 0.95, random_state) -> pd.DataFrame:
    """Per-label agreement of predicted with hand-coded presence (multi-label).

    Parameters
    ----------
    table : pandas.DataFrame
        Long form: one row per unit x label, with the unit key column(s), ``label``,
        ``gold`` and ``predicted`` (bool or 0/1). Every unit must list every label.
    label, gold, predicted : str
        Column names.
    unit_keys : list of str, default=None
        Columns identifying a unit (default: all columns but the three above).
    n_resamples : int, default=2000
    confidence_level : float, default=0.95
    random_state : int or numpy.random.Generator

    Returns
    -------
    pandas.DataFrame
        One row per label, then ``micro`` and ``macro``: ``<label>, n_units, n_gold,
        n_coded, precision, recall, f1, kappa`` and ``<metric>_low, <metric>_high`` for each
        metric. Undefined values (no positives) are NaN.

    Examples
    --------
    >>> t = pd.DataFrame({"unit": [1, 1, 2, 2], "label": ["a", "b"] * 2,
    ...                   "gold": [1, 0, 1, 1], "predicted": [1, 0, 0, 1]})
    >>> r = presence_agreement(t, n_resamples=200, random_state=0)
    >>> r.set_index("label").loc["micro", ["precision", "recall"]].tolist()
    [1.0, 0.6666666666666666]
    """
    unit_keys = [c for c in table.columns if c not in (label, gold, predicted)] if unit_keys is None else list(unit_keys)
    if not unit_keys:
        raise ValueError("presence_agreement needs unit key column(s)")
    labels = list(dict.fromkeys(table[label]))
    g = table.pivot_table(index=unit_keys, columns=label, values=gold, aggfunc="first", sort=True)
    p = table.pivot_table(index=unit_keys, columns=label, values=predicted, aggfunc="first", sort=True)
    g, p = g.reindex(columns=labels), p.reindex(columns=labels).reindex(g.index)
    if g.isna().any().any() or p.isna().any().any():
        raise ValueError("every unit must have a gold and a predicted value for every label")
    G, P = g.to_numpy(dtype=bool), p.to_numpy(dtype=bool)
    cells = np.stack([G & P, ~G & P, G & ~P, ~G & ~P]).astype(float)  # tp, fp, fn, tn: (4, U, L)
    n_units = len(g)
    counts = cells.sum(axis=1)                                         # (4, L)
    point = _binary_metrics(*counts)
    micro_point = _binary_metrics(*counts.sum(axis=1))
    rng = check_random_state(random_state)
    alpha = (1 - confidence_level) / 2
    if n_units >= 2:
        w = bootstrap_weights(n_units, n_resamples=n_resamples, random_state=rng).astype(float)
        boot_counts = np.einsum("ru,kul->krl", w, cells)               # (4, R, L)
        boot = _binary_metrics(*boot_counts)
        boot_micro = _binary_metrics(*boot_counts.sum(axis=2))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            boot_macro = {m: np.nanmean(boot[m], axis=1) for m in _METRICS}
    rows = []
    for j, lab in enumerate(labels):
        row = {label: lab, "n_units": n_units, "n_gold": int(G[:, j].sum()), "n_coded": int(P[:, j].sum())}
        for m in _METRICS:
            row[m] = float(point[m][j])
            lo, hi = (_interval(boot[m][:, [j]], alpha) if n_units >= 2 else (np.array([np.nan]),) * 2)
            row[f"{m}_low"], row[f"{m}_high"] = float(lo[0]), float(hi[0])
        rows.append(row)
    micro = {label: "micro", "n_units": n_units, "n_gold": int(G.sum()), "n_coded": int(P.sum())}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        macro = {label: "macro", "n_units": n_units, "n_gold": int(G.sum()), "n_coded": int(P.sum()),
                 **{m: float(np.nanmean(point[m])) for m in _METRICS}}
    for m in _METRICS:
        micro[m] = float(micro_point[m])
        for target, b in ((micro, boot_micro if n_units >= 2 else None), (macro, boot_macro if n_units >= 2 else None)):
            lo, hi = _interval(b[m], alpha) if b is not None else (np.nan, np.nan)
            target[f"{m}_low"], target[f"{m}_high"] = float(lo), float(hi)
    order = [label, "n_units", "n_gold", "n_coded", *_METRICS, *[f"{m}_{s}" for m in _METRICS for s in ("low", "high")]]
    return pd.DataFrame([*rows, micro, macro])[order]


def _codes(gold, predicted, labels):
    gold, predicted = np.asarray(gold, dtype=object), np.asarray(predicted, dtype=object)
    if gold.shape != predicted.shape or gold.ndim != 1:
        raise ValueError(f"gold and predicted must be 1-D of equal length, got {gold.shape} and {predicted.shape}")
    labels = list(labels) if labels is not None else sorted(set(gold) | set(predicted), key=str)
    index = {lab: i for i, lab in enumerate(labels)}
    unknown = sorted({str(v) for v in [*gold, *predicted] if v not in index})
    if unknown:
        raise ValueError(f"labels {unknown} not among {labels}")
    return np.array([index[v] for v in gold]), np.array([index[v] for v in predicted]), labels


def _multiclass(onehot_g, onehot_p, w):
    """Accuracy, macro-F1, kappa and per-class P/R/F1 from one-hot arrays and unit weights (R, U)."""
    cm = np.einsum("ru,uk,ul->rkl", w, onehot_g, onehot_p)             # (R, K, K) confusion matrices
    n = cm.sum(axis=(1, 2))
    diag = np.einsum("rkk->rk", cm)
    row, col = cm.sum(axis=2), cm.sum(axis=1)                          # gold totals, predicted totals
    precision, recall = _div(diag, col), _div(diag, row)
    f1 = _div(2 * diag, row + col)
    po = _div(diag.sum(axis=1), n)
    pe = _div((row * col).sum(axis=1), n * n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        present = row > 0                                              # classes present in the gold sample
        macro = np.nanmean(np.where(present, np.nan_to_num(f1), np.nan), axis=1)
    return {"accuracy": po, "macro_f1": macro, "kappa": _div(po - pe, 1 - pe)}, precision, recall, f1


def classification_agreement(gold, predicted, *, labels=None, n_resamples: int = 2000,
                             confidence_level: float = 0.95, random_state) -> pd.DataFrame:
    """Agreement of one predicted label per unit with the hand label (e.g. sentence polarity).

    Parameters
    ----------
    gold, predicted : array-like of shape (n_units,)
        Hand labels and predicted labels.
    labels : list, default=None
        The label set in display order (default: sorted union).
    n_resamples, confidence_level, random_state
        Bootstrap over units.

    Returns
    -------
    pandas.DataFrame
        Tidy: ``metric, label, estimate, ci_low, ci_high, n`` -- rows ``accuracy``,
        ``macro_f1`` and ``kappa`` (label ``"all"``), then ``precision``, ``recall`` and
        ``f1`` per label. Macro-F1 averages over the classes present in the gold labels
        (a class never predicted counts as F1 = 0).

    Examples
    --------
    >>> r = classification_agreement(["neg", "pos", "pos", "neu"], ["neg", "pos", "neu", "neu"],
    ...                              n_resamples=100, random_state=0)
    >>> float(r.loc[r["metric"] == "accuracy", "estimate"].iloc[0])
    0.75
    """
    g, p, labels = _codes(gold, predicted, labels)
    k, n = len(labels), len(g)
    if n == 0:
        raise ValueError("classification_agreement needs at least one unit (got none)")
    eye = np.eye(k)
    og, op = eye[g], eye[p]
    overall, prec, rec, f1 = _multiclass(og, op, np.ones((1, n)))
    rng = check_random_state(random_state)
    alpha = (1 - confidence_level) / 2
    if n >= 2:
        w = bootstrap_weights(n, n_resamples=n_resamples, random_state=rng).astype(float)
        b_overall, b_prec, b_rec, b_f1 = _multiclass(og, op, w)
    rows = []
    for metric in ("accuracy", "macro_f1", "kappa"):
        lo, hi = _interval(b_overall[metric], alpha) if n >= 2 else (np.nan, np.nan)
        rows.append({"metric": metric, "label": "all", "estimate": float(overall[metric][0]),
                     "ci_low": float(lo), "ci_high": float(hi), "n": n})
    for metric, point, boot in (("precision", prec, b_prec if n >= 2 else None),
                                ("recall", rec, b_rec if n >= 2 else None), ("f1", f1, b_f1 if n >= 2 else None)):
        lo, hi = _interval(boot, alpha) if boot is not None else (np.full(k, np.nan),) * 2
        for j, lab in enumerate(labels):
            rows.append({"metric": metric, "label": lab, "estimate": float(point[0, j]),
                         "ci_low": float(lo[j]), "ci_high": float(hi[j]), "n": int((g == j).sum())})
    return pd.DataFrame(rows, columns=["metric", "label", "estimate", "ci_low", "ci_high", "n"])


def cohen_kappa(a, b, *, labels=None, n_resamples: int = 2000, confidence_level: float = 0.95,
                random_state) -> dict:
    """Cohen's kappa between two codings of the same units, with a bootstrap interval over units.

    Returns
    -------
    dict
        ``estimate, ci_low, ci_high, n, observed_agreement``.

    Examples
    --------
    >>> r = cohen_kappa(["x", "y", "x", "y"], ["x", "y", "x", "x"], n_resamples=100, random_state=0)
    >>> r["estimate"], r["observed_agreement"]
    (0.5, 0.75)
    """
    tab = classification_agreement(a, b, labels=labels, n_resamples=n_resamples,
                                   confidence_level=confidence_level, random_state=random_state)
    kap = tab.loc[tab["metric"] == "kappa"].iloc[0]
    acc = tab.loc[tab["metric"] == "accuracy"].iloc[0]
    return {"estimate": float(kap["estimate"]), "ci_low": float(kap["ci_low"]), "ci_high": float(kap["ci_high"]),
            "n": int(kap["n"]), "observed_agreement": float(acc["estimate"])}


def krippendorff_alpha(ratings, *, level: str = "nominal", n_resamples: int = 2000,
                       confidence_level: float = 0.95, random_state) -> dict:
    """Krippendorff's alpha for coders x units ratings, with a bootstrap interval over units.

    Parameters
    ----------
    ratings : array-like of shape (n_coders, n_units)
        Labels (any hashable; ``None``/NaN = not coded). Nominal labels are mapped to codes.
    level : {"nominal", "ordinal", "interval", "ratio"}, default="nominal"
    n_resamples, confidence_level, random_state
        Bootstrap over units (columns).

    Returns
    -------
    dict
        ``estimate, ci_low, ci_high, n`` (units).

    Examples
    --------
    >>> r = krippendorff_alpha([["a", "b", "a", "b"], ["a", "b", "a", "a"]], n_resamples=100, random_state=0)
    >>> round(r["estimate"], 3)
    0.533
    """
    import krippendorff

    arr = np.asarray(ratings, dtype=object)
    if arr.ndim != 2 or arr.shape[0] < 2:
        raise ValueError(f"ratings must be coders x units with at least two coders, got shape {arr.shape}")
    missing = np.vectorize(lambda v: v is None or (isinstance(v, float) and np.isnan(v)))(arr)
    if level == "nominal":
        values = sorted({str(v) for v in arr[~missing]})
        codes = {v: float(i) for i, v in enumerate(values)}
        data = np.where(missing, np.nan, np.vectorize(lambda v: codes.get(str(v), np.nan))(arr)).astype(float)
    else:
        data = np.where(missing, np.nan, arr).astype(float)

    def alpha_of(d):
        if np.unique(d[~np.isnan(d)]).size < 2:
            return np.nan   # one value everywhere: alpha undefined
        return float(krippendorff.alpha(reliability_data=d, level_of_measurement=level))

    n = data.shape[1]
    estimate = alpha_of(data)
    rng = check_random_state(random_state)
    if n < 2:
        boot = np.array([np.nan])
    elif level == "nominal":  # the same resamples, from per-unit coincidences (one matrix product)
        weights = np.stack([np.bincount(rng.integers(0, n, n), minlength=n) for _ in range(n_resamples)])
        boot = _nominal_alpha_weighted(data, weights)
    else:
        boot = np.array([alpha_of(data[:, rng.integers(0, n, n)]) for _ in range(n_resamples)])
    lo, hi = _interval(boot, (1 - confidence_level) / 2)
    return {"estimate": estimate, "ci_low": float(lo), "ci_high": float(hi), "n": n}


def _nominal_alpha_weighted(data: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Nominal alpha of each resample given as unit weights (Krippendorff 2011, coincidences).

    Unit ``u`` with ``m_u >= 2`` values adds ``(n_uc n_uk - [c = k] n_uc) / (m_u - 1)`` to the
    coincidence ``o_ck``; then ``alpha = 1 - (n - 1) sum_{c != k} o_ck / sum_{c != k} n_c n_k``.
    A resample is undefined (NaN) where its ratings hold fewer than two distinct values, as
    :func:`krippendorff_alpha` treats the full data.
    """
    codes = np.unique(data[~np.isnan(data)])
    counts = np.stack([(data == c).sum(axis=0) for c in codes], axis=1).astype(float)   # units x values
    m = counts.sum(axis=1)
    pairable = m >= 2
    per_unit = np.einsum("uc,uk->uck", counts, counts)
    per_unit[:, np.arange(len(codes)), np.arange(len(codes))] -= counts
    per_unit[pairable] /= (m[pairable] - 1)[:, None, None]
    per_unit[~pairable] = 0.0
    o = (weights @ per_unit.reshape(len(m), -1)).reshape(len(weights), len(codes), len(codes))
    n_c = o.sum(axis=2)
    n_tot = n_c.sum(axis=1)
    off = ~np.eye(len(codes), dtype=bool)
    observed = o[:, off].sum(axis=1)
    expected = np.einsum("bc,bk->bck", n_c, n_c)[:, off].sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = 1.0 - (n_tot - 1.0) * observed / expected
    distinct = ((weights @ (counts > 0)) > 0).sum(axis=1)
    return np.where((distinct < 2) | (expected == 0), np.nan, alpha)


def confusion_table(gold, predicted, *, labels=None) -> pd.DataFrame:
    """Counts of hand label (rows, ``gold``) against predicted label (columns).

    Examples
    --------
    >>> confusion_table(["a", "b", "b"], ["a", "a", "b"]).to_dict()
    {'a': {'a': 1, 'b': 1}, 'b': {'a': 0, 'b': 1}}
    """
    g, p, labels = _codes(gold, predicted, labels)
    cm = np.zeros((len(labels), len(labels)), dtype=int)
    np.add.at(cm, (g, p), 1)
    out = pd.DataFrame(cm, index=pd.Index(labels, name="gold"), columns=pd.Index(labels, name="predicted"))
    return out


def agreement_line(name: str, table: pd.DataFrame, *, digits: int = 2) -> str:
    """One line summarising an agreement table (from :func:`presence_agreement` or
    :func:`classification_agreement`), each figure with its interval."""
    def fmt(v, lo, hi):
        return "n/a" if pd.isna(v) else f"{v:.{digits}f} [{lo:.{digits}f}, {hi:.{digits}f}]"

    if "metric" in table.columns:
        rows = table.loc[table["label"] == "all"].set_index("metric")
        parts = [f"{m.replace('_', '-')} {fmt(r['estimate'], r['ci_low'], r['ci_high'])}" for m, r in rows.iterrows()]
        return f"{name} ({int(rows['n'].iloc[0])} units): " + ", ".join(parts)
    lab = table.columns[0]
    mi = table.loc[table[lab] == "micro"].iloc[0]
    ma = table.loc[table[lab] == "macro"].iloc[0]
    parts = [f"{m[0].upper() if m != 'kappa' else 'kappa'} {fmt(mi[m], mi[m + '_low'], mi[m + '_high'])}"
             for m in _METRICS]
    return (f"{name} ({int(mi['n_units'])} units): micro " + ", ".join(parts) +
            f"; macro F1 {fmt(ma['f1'], ma['f1_low'], ma['f1_high'])}")
