"""Reliability of the frame coding: two hand codings of the same units, and the rules as a third coder.

:func:`coder_reliability` gives Cohen's kappa and Krippendorff's alpha per frame (presence,
0/1 per unit) and for the primary frame (nominal), each with a bootstrap interval over units
from :mod:`analysis.validation`; :func:`rules_as_coding` puts the rules' output in the
hand-coding form so the rules can be compared with each coder in the same table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import validation
from ..errors import AnalysisError
from ..stats import step_seed
from .codebook import NO_FRAME
from .coding import primary_frames


def _presence_matrix(codes: pd.DataFrame, labels, on) -> pd.DataFrame:
    wide = pd.DataFrame({lab: [lab in fr for fr in codes["frames"]] for lab in labels}, index=codes.index)
    return pd.concat([codes[on].reset_index(drop=True), wide.reset_index(drop=True).astype(int)], axis=1)


def coder_reliability(codings: dict, labels, *, on, n_resamples: int = 2000, seed: int) -> pd.DataFrame:
    """Cohen's kappa and Krippendorff's alpha between every pair of codings of the same units.

    Parameters
    ----------
    codings : dict
        Name -> table with the ``on`` key columns, ``primary`` and ``frames`` (a list per unit,
        as :func:`read_frame_codes` returns; rules: build it from :func:`primary_frames` and the
        present frames). At least two; every coding must cover the same units.
    labels : list of str
        The frames.
    on : str or list of str
    n_resamples : int, default=2000
    seed : int
        Each pair and label draws from its own stream.

    Returns
    -------
    pandas.DataFrame
        Tidy: ``coder_a, coder_b, label`` (a frame, or ``"primary"``), ``statistic``
        ("cohen_kappa" / "krippendorff_alpha" / "observed_agreement"), ``estimate, ci_low,
        ci_high, n, unit``. Presence per frame is a 0/1 rating per unit; the primary frame is
        nominal over the frames and ``"none"``. Undefined values (no variation) are NaN.
    """
    on = [on] if isinstance(on, str) else list(on)
    names = list(codings)
    if len(names) < 2:
        raise AnalysisError("coder_reliability needs at least two codings")
    tables = {}
    keys = None
    for n in names:
        t = codings[n].sort_values(on).reset_index(drop=True)
        k = t[on].astype(str).agg("|".join, axis=1).tolist()
        if keys is not None and k != keys:
            raise AnalysisError(f"coding {n!r} does not cover the same units as {names[0]!r}")
        keys = k
        tables[n] = t
    rows = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            ma, mb = _presence_matrix(tables[a], labels, on), _presence_matrix(tables[b], labels, on)
            items = [(lab, ma[lab].to_numpy(), mb[lab].to_numpy(), [0, 1]) for lab in labels]
            prim_labels = list(dict.fromkeys([*labels, NO_FRAME]))
            items.append(("primary", tables[a]["primary"].to_numpy(object), tables[b]["primary"].to_numpy(object),
                          prim_labels))
            for lab, x, y, allowed in items:
                rs = dict(n_resamples=n_resamples)
                kap = validation.cohen_kappa(x, y, labels=allowed, random_state=step_seed(seed, f"kappa {a} {b} {lab}"),
                                             **rs)
                alp = validation.krippendorff_alpha([list(x), list(y)],
                                                    random_state=step_seed(seed, f"alpha {a} {b} {lab}"), **rs)
                base = {"coder_a": a, "coder_b": b, "label": lab, "n": len(x), "unit": "paragraph"}
                rows.append({**base, "statistic": "cohen_kappa", "estimate": kap["estimate"], "ci_low": kap["ci_low"],
                             "ci_high": kap["ci_high"]})
                rows.append({**base, "statistic": "krippendorff_alpha", "estimate": alp["estimate"],
                             "ci_low": alp["ci_low"], "ci_high": alp["ci_high"]})
                rows.append({**base, "statistic": "observed_agreement", "estimate": kap["observed_agreement"],
                             "ci_low": np.nan, "ci_high": np.nan})
    out = pd.DataFrame(rows)
    return out[["coder_a", "coder_b", "label", "statistic", "estimate", "ci_low", "ci_high", "n", "unit"]]


def rules_as_coding(coded: pd.DataFrame, *, on) -> pd.DataFrame:
    """The rules' coding in hand-coding form: ``on`` keys, ``primary`` and ``frames`` (list of present frames)."""
    on = [on] if isinstance(on, str) else list(on)
    prim = primary_frames(coded, on=on)
    present = coded.loc[coded["present"]].groupby(on, sort=False)["frame"].agg(list)
    idx = pd.MultiIndex.from_frame(prim[on]) if len(on) > 1 else pd.Index(prim[on[0]])
    frames = present.reindex(idx)
    prim["frames"] = [f if isinstance(f, list) else [] for f in frames]
    return prim


def reliability_wide(reliability: pd.DataFrame, *, digits: int = 2) -> pd.DataFrame:
    """One row per label, one column per coder pair and statistic: ``estimate [low, high]`` strings."""
    r = reliability.loc[reliability["statistic"] != "observed_agreement"]
    cell = [f"{e:.{digits}f} [{lo:.{digits}f}, {hi:.{digits}f}]" if pd.notna(e) else "n/a"
            for e, lo, hi in zip(r["estimate"], r["ci_low"], r["ci_high"])]
    short = {"cohen_kappa": "kappa", "krippendorff_alpha": "alpha"}
    col = r["coder_a"] + " vs " + r["coder_b"] + ": " + r["statistic"].map(short)
    t = r.assign(cell=cell, column=col)
    wide = t.pivot_table(index="label", columns="column", values="cell", aggfunc="first", sort=False)
    return wide.reindex(index=list(dict.fromkeys(t["label"])), columns=list(dict.fromkeys(t["column"]))).reset_index()
