"""Frame coding against hand coding: thin framing-specific wrappers of :mod:`analysis.validation`.

The statistics (precision, recall, F1, Cohen's kappa, accuracy, each with a bootstrap
interval over units) come from :mod:`analysis.validation`; this module only reads the frame
hand-coding format (a primary frame and a ``;``-separated list of frames per unit) and lines
up rules and hand codes.
"""

from __future__ import annotations

import pandas as pd

from .. import validation
from ..errors import AnalysisError, ResourceError
from .codebook import NO_FRAME, load_codebook
from .coding import primary_frames


def read_frame_codes(path, *, labels=None) -> pd.DataFrame:
    """Read hand coding: one row per unit with ``primary`` and ``frames`` (';'-separated).

    Parameters
    ----------
    path : str or Path
        A CSV such as ``validation/frames_articles.csv`` or ``validation/frames_heldout.csv``.
    labels : list of str, default=None
        Allowed frame names (default: those of the packaged codebook).

    Returns
    -------
    pandas.DataFrame
        The file's columns, with ``frames`` as a list of names and integer ``para_id``,
        ``sent_id``, ``sent_index`` where present.

    Raises
    ------
    ResourceError
        Unknown frame names, or a primary frame not among the unit's frames (one line naming
        the file and row).
    """
    labels = load_codebook().labels if labels is None else list(labels)
    df = validation.read_hand_coding(path, ["primary", "frames"], allowed={"primary": labels, "frames": labels})
    df["frames"] = [[f.strip() for f in s.split(";") if f.strip()] for s in df["frames"]]
    for i, (prim, frames) in enumerate(zip(df["primary"], df["frames"]), start=2):
        if prim not in frames:
            raise ResourceError(f"{path}: row {i}: primary frame {prim!r} is not listed in 'frames'; add it there")
    for col in ("para_id", "sent_id", "sent_index"):
        if col in df.columns:
            df[col] = df[col].astype(int)
    return df


def gold_presence(codes: pd.DataFrame, labels, *, on, label: str = "frame") -> pd.DataFrame:
    """Long form of hand codes: one row per unit x label with ``present`` (bool).

    ``codes`` has either a ``frames`` list column (frame coding) or one 0/1 column per label
    (Entman labels); the label column of the result is named ``label``.
    """
    on = [on] if isinstance(on, str) else list(on)
    rows = []
    for rec in codes.to_dict("records"):
        for lab in labels:
            present = lab in rec["frames"] if "frames" in rec else bool(int(rec[lab]))
            rows.append({**{k: rec[k] for k in on}, label: lab, "present": present})
    return pd.DataFrame(rows)


def evaluate_presence(coded: pd.DataFrame, gold: pd.DataFrame, *, on, label: str = "frame",
                      n_resamples: int = 2000, random_state) -> pd.DataFrame:
    """Per-label agreement of rule-based presence with hand coding (multi-label).

    Parameters
    ----------
    coded, gold : pandas.DataFrame
        Long tables with the ``on`` key columns, ``label`` and ``present``.
    on : str or list of str
        Unit key columns.
    label : str, default="frame"
        The label column (``"function"`` for Entman's frame functions).
    n_resamples : int, default=2000
    random_state : int or numpy.random.Generator
        Of the bootstrap over units.

    Returns
    -------
    pandas.DataFrame
        :func:`analysis.validation.presence_agreement`: ``<label>, n_units, n_gold, n_coded,
        precision, recall, f1, kappa`` and ``<metric>_low, <metric>_high``, one row per label,
        then ``micro`` and ``macro``.
    """
    on = [on] if isinstance(on, str) else list(on)
    m = gold.merge(coded[[*on, label, "present"]], on=[*on, label], how="left", suffixes=("_gold", "_coded"))
    if m["present_coded"].isna().any():
        raise AnalysisError("coded output lacks some hand-coded units; code the same texts as the gold file")
    m = m.assign(present_gold=m["present_gold"].astype(bool), present_coded=m["present_coded"].astype(bool))
    return validation.presence_agreement(m[[*on, label, "present_gold", "present_coded"]], label=label,
                                         gold="present_gold", predicted="present_coded", unit_keys=on,
                                         n_resamples=n_resamples, random_state=random_state)


def evaluate_primary(coded: pd.DataFrame, codes: pd.DataFrame, *, on, n_resamples: int = 2000,
                     random_state) -> pd.DataFrame:
    """Agreement of the rule-based primary frame with the hand-coded one.

    Returns
    -------
    pandas.DataFrame
        :func:`analysis.validation.classification_agreement` (``metric, label, estimate,
        ci_low, ci_high, n``): accuracy, macro-F1 and Cohen's kappa over all frame labels
        (``"none"`` is a category when the rules found no cue), then per-frame P/R/F1.
    """
    on = [on] if isinstance(on, str) else list(on)
    m = codes[[*on, "primary"]].merge(primary_frames(coded, on=on), on=on, suffixes=("_gold", "_coded"))
    labels = list(dict.fromkeys([*coded["frame"], NO_FRAME]))
    return validation.classification_agreement(m["primary_gold"].to_numpy(), m["primary_coded"].to_numpy(),
                                               labels=labels, n_resamples=n_resamples, random_state=random_state)


def agreement_line(name: str, presence: pd.DataFrame, primary: pd.DataFrame | None = None, *,
                   digits: int = 2) -> str:
    """One line summarising agreement with hand coding, each figure with its interval.

    Parameters
    ----------
    name : str
        What was evaluated, e.g. ``"held-out batch 2"``.
    presence : pandas.DataFrame
        Output of :func:`evaluate_presence`.
    primary : pandas.DataFrame, default=None
        Output of :func:`evaluate_primary`.
    """
    line = validation.agreement_line(name, presence, digits=digits)
    if primary is not None:
        rows = primary.loc[primary["label"] == "all"].set_index("metric")

        def fmt(m):
            r = rows.loc[m]
            return "n/a" if pd.isna(r["estimate"]) else (
                f"{r['estimate']:.{digits}f} [{r['ci_low']:.{digits}f}, {r['ci_high']:.{digits}f}]")

        line += f"; primary frame accuracy {fmt('accuracy')}, kappa {fmt('kappa')}"
    return line
