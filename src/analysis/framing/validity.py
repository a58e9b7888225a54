"""How far the frame and Entman codings rest on cues taken from the two articles, and how
reliable the hand coding itself is.

- :func:`without_origin` drops every indicator of one ``origin`` (``"from-articles"``) from a
  codebook or cue list, so any coding can be rerun on general cues only.
- :func:`origin_ablation` scores every validation set twice -- with all cues and with the
  general cues only -- and returns one tidy table (micro and macro F1, micro kappa, primary-frame
  accuracy and kappa, each with its bootstrap interval over units from :mod:`analysis.validation`).
- :func:`origin_reliance` says how much of each document's coding rests on the from-articles
  cues: their share of the summed cue weight, the share of present unit x label decisions that
  disappear without them, and the share of primary frames that change.
- :func:`validity_report` gathers these tables, the third held-out batch and the inter-coder
  reliability (:mod:`.reliability`) for notebook 03.

Every statistic comes from :mod:`analysis.validation`; this module only lines the codings up.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from .. import resources
from ..errors import AnalysisError, ResourceError
from ..stats import check_random_state, step_seed
from .agreement import evaluate_presence, evaluate_primary, gold_presence
from .codebook import Codebook
from .coding import code_units, primary_frames
from .entman import frame_functions
from .matching import frame_hits

ORIGINS = ("general", "from-articles")
_METRICS = ("micro_f1", "micro_kappa", "macro_f1", "primary_accuracy", "primary_kappa")


def cue_origins(codebook: Codebook) -> pd.DataFrame:
    """The indicator table of a codebook with the ``origin`` of every cue.

    The origin is read from the codebook's YAML file (``{weight: 2, origin: general}``).

    Returns
    -------
    pandas.DataFrame
        ``entry, term, weight, match, origin``.

    Raises
    ------
    ResourceError
        A cue without an origin, or with another value than ``general`` / ``from-articles``
        (one line naming the file, the entry and the cue).
    """
    ind = codebook.indicators
    if "origin" in ind.columns:
        return ind
    data = resources.load_yaml(Path(codebook.path).name, codebook.path)
    section = "frames" if isinstance(data.get("frames"), dict) else "functions"
    found = {}
    for entry, spec in data[section].items():
        for term, cue in spec["indicators"].items():
            origin = cue.get("origin") if isinstance(cue, dict) else None
            if origin not in ORIGINS:
                raise ResourceError(f"{codebook.path}: {section[:-1]} {entry!r}: indicator {str(term).strip()!r}: origin "
                                    f"{origin!r}; write {{weight: ..., origin: general}} or origin: from-articles")
            found[entry, str(term).strip()] = origin
    return ind.assign(origin=[found[e, t] for e, t in zip(ind["entry"], ind["term"])])


def without_origin(codebook: Codebook, origin: str = "from-articles") -> Codebook:
    """The same codebook without the indicators of one origin.

    Parameters
    ----------
    codebook : Codebook
        From :func:`load_codebook` or :func:`load_entman_cues`.
    origin : {"from-articles", "general"}, default="from-articles"

    Returns
    -------
    Codebook
        Same entries, ``ignore`` list and name; an entry left without cues never fires.

    Examples
    --------
    >>> from analysis.framing import load_codebook
    >>> cb = load_codebook()
    >>> general = without_origin(cb)
    >>> len(general.indicators) < len(cb.indicators), set(general.indicators["origin"])
    (True, {'general'})
    """
    if origin not in ORIGINS:
        raise AnalysisError(f"origin must be one of {', '.join(ORIGINS)}, got {origin!r}")
    ind = cue_origins(codebook)
    return replace(codebook, indicators=ind.loc[ind["origin"] != origin].reset_index(drop=True))


def _summary(presence: pd.DataFrame, primary: pd.DataFrame | None, label: str) -> list[dict]:
    rows = []
    pr = presence.set_index(label)
    for metric, (row, col) in {"micro_f1": ("micro", "f1"), "micro_kappa": ("micro", "kappa"),
                               "macro_f1": ("macro", "f1")}.items():
        r = pr.loc[row]
        rows.append({"metric": metric, "estimate": r[col], "ci_low": r[f"{col}_low"], "ci_high": r[f"{col}_high"],
                     "n": int(r["n_units"])})
    if primary is not None:
        allrows = primary.loc[primary["label"] == "all"].set_index("metric")
        for metric in ("accuracy", "kappa"):
            r = allrows.loc[metric]
            rows.append({"metric": f"primary_{metric}", "estimate": r["estimate"], "ci_low": r["ci_low"],
                         "ci_high": r["ci_high"], "n": int(r["n"])})
    return rows


def frame_set_agreement(units: pd.DataFrame, codes: pd.DataFrame, codebook: Codebook, *, on,
                        n_resamples: int = 2000, random_state, **scoring) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Code ``units`` (key columns + ``text``) and score them against hand ``codes``.

    Returns
    -------
    tuple of pandas.DataFrame
        :func:`evaluate_presence` and :func:`evaluate_primary` tables (with intervals).
    """
    on = [on] if isinstance(on, str) else list(on)
    coded = code_units(units[[*on, "text"]], codebook, **scoring)
    rng = check_random_state(random_state)
    presence = evaluate_presence(coded, gold_presence(codes, codebook.labels, on=on), on=on,
                                 n_resamples=n_resamples, random_state=rng)
    primary = evaluate_primary(coded, codes, on=on, n_resamples=n_resamples, random_state=rng)
    return presence, primary


def function_set_agreement(sentences: pd.DataFrame, labels: pd.DataFrame, cues: Codebook, *, on,
                           min_hits: float = 1.0, n_resamples: int = 2000, random_state) -> pd.DataFrame:
    """Find Entman's functions in ``sentences`` (keys + ``text``) and score them against 0/1 ``labels``."""
    on = [on] if isinstance(on, str) else list(on)
    found = frame_functions(sentences[[*on, "text"]], cues, min_hits=min_hits)
    gold = gold_presence(labels, cues.labels, on=on, label="function")
    return evaluate_presence(found, gold, on=on, label="function", n_resamples=n_resamples, random_state=random_state)


def origin_ablation(frame_sets: dict, function_sets: dict, codebook: Codebook, cues: Codebook, *,
                    n_resamples: int = 2000, seed: int, entman_min_hits: float = 1.0, **scoring) -> pd.DataFrame:
    """Agreement with hand coding on every validation set, with all cues and with general cues only.

    Parameters
    ----------
    frame_sets : dict
        Set name -> ``(units, codes, on)``: the texts to code (key columns + ``text``), the hand
        codes (:func:`read_frame_codes`) and the unit key column(s).
    function_sets : dict
        Set name -> ``(sentences, labels, on)`` for Entman's functions (0/1 label columns).
    codebook, cues : Codebook
        With an ``origin`` on every indicator.
    n_resamples : int, default=2000
    seed : int
        Each set and cue selection draws from its own stream (:func:`analysis.stats.step_seed`),
        so adding a set changes no other interval.
    entman_min_hits : float, default=1.0
    **scoring
        ``threshold, min_hits, length_norm, ref_words`` of the frame coder.

    Returns
    -------
    pandas.DataFrame
        Tidy: ``coding`` ("frames" or "entman"), ``set``, ``cues`` ("all" or "general only"),
        ``metric`` (micro_f1, micro_kappa, macro_f1 and, for frames, primary_accuracy and
        primary_kappa), ``estimate, ci_low, ci_high, n, unit``, and ``n_cues`` (indicators used).
    """
    books = {"all": (codebook, cues), "general only": (without_origin(codebook), without_origin(cues))}
    rows = []
    for which, (cb, cu) in books.items():
        for name, (units, codes, on) in frame_sets.items():
            pres, prim = frame_set_agreement(units, codes, cb, on=on, n_resamples=n_resamples,
                                             random_state=step_seed(seed, f"ablation frames {name} {which}"), **scoring)
            rows += [{"coding": "frames", "set": name, "cues": which, **r, "unit": "paragraph",
                      "n_cues": len(cb.indicators)} for r in _summary(pres, prim, "frame")]
        for name, (sents, labels, on) in function_sets.items():
            pres = function_set_agreement(sents, labels, cu, on=on, min_hits=entman_min_hits, n_resamples=n_resamples,
                                          random_state=step_seed(seed, f"ablation entman {name} {which}"))
            rows += [{"coding": "entman", "set": name, "cues": which, **r, "unit": "sentence",
                      "n_cues": len(cu.indicators)} for r in _summary(pres, None, "function")]
    out = pd.DataFrame(rows)
    return out[["coding", "set", "cues", "metric", "estimate", "ci_low", "ci_high", "n", "unit", "n_cues"]]


def ablation_wide(ablation: pd.DataFrame, *, digits: int = 2) -> pd.DataFrame:
    """One row per coding x set, one ``"<metric> (<cues>)"`` column each: ``estimate [low, high]`` strings."""
    cell = [f"{e:.{digits}f} [{lo:.{digits}f}, {hi:.{digits}f}]" if pd.notna(e) else "n/a"
            for e, lo, hi in zip(ablation["estimate"], ablation["ci_low"], ablation["ci_high"])]
    t = ablation.assign(cell=cell, column=ablation["metric"] + " (" + ablation["cues"] + ")")
    order = list(dict.fromkeys(t["column"]))
    wide = t.pivot_table(index=["coding", "set", "n"], columns="column", values="cell", aggfunc="first", sort=False)
    return wide.reindex(columns=order).reset_index()


def origin_reliance(units: pd.DataFrame, codebook: Codebook, *, on, by: str = "doc_id",
                    kind: str = "frames", entman_min_hits: float = 1.0, **scoring) -> pd.DataFrame:
    """How much of each document's coding rests on the from-articles cues.

    Parameters
    ----------
    units : pandas.DataFrame
        Key columns (including ``by``) and ``text``: paragraphs for frames, sentences for Entman.
    codebook : Codebook
        Frame codebook (``kind="frames"``) or Entman cue list (``kind="entman"``).
    on : str or list of str
        Unit key columns.
    by : str, default="doc_id"
    kind : {"frames", "entman"}

    Returns
    -------
    pandas.DataFrame
        One row per ``by`` group: ``kind, n_units, cue_weight, cue_weight_from_articles,
        share_weight`` (share of the summed cue weight), ``n_present`` (unit x label decisions
        present with all cues), ``n_lost`` (present with all cues, absent with general cues
        only), ``share_lost``, and for frames ``n_primary_changed, share_primary_changed``.
    """
    on = [on] if isinstance(on, str) else list(on)
    if kind not in ("frames", "entman"):
        raise AnalysisError(f"kind must be 'frames' or 'entman', got {kind!r}")
    units = units.reset_index(drop=True)
    ind = cue_origins(codebook)
    hits = frame_hits(units["text"].tolist(), codebook)
    origin = ind.drop_duplicates(["entry", "term"]).set_index(["entry", "term"])["origin"]
    hits["origin"] = origin.reindex(pd.MultiIndex.from_frame(hits[["frame", "term"]])).to_numpy()
    hits[by] = units[by].to_numpy()[hits["text_id"].to_numpy()]
    general = without_origin(codebook)
    if kind == "frames":
        full, gen = code_units(units[[*on, "text"]], codebook, **scoring), code_units(units[[*on, "text"]], general,
                                                                                      **scoring)
        label = "frame"
    else:
        full = frame_functions(units[[*on, "text"]], codebook, min_hits=entman_min_hits)
        gen = frame_functions(units[[*on, "text"]], general, min_hits=entman_min_hits)
        label = "function"
    both = full[[*on, label, "present"]].merge(gen[[*on, label, "present"]], on=[*on, label],
                                                suffixes=("_all", "_general"))
    both = both.merge(units[list(dict.fromkeys([*on, by]))], on=on, how="left") if by not in on else both
    rows = []
    for g, sub in both.groupby(by, sort=True):
        h = hits.loc[hits[by] == g]
        total, art = float(h["weight"].sum()), float(h.loc[h["origin"] == "from-articles", "weight"].sum())
        present = int(sub["present_all"].sum())
        lost = int((sub["present_all"] & ~sub["present_general"]).sum())
        row = {by: g, "kind": kind, "n_units": int(sub[on].drop_duplicates().shape[0]), "cue_weight": total,
               "cue_weight_from_articles": art, "share_weight": art / total if total else np.nan,
               "n_present": present, "n_lost": lost, "share_lost": lost / present if present else np.nan}
        if kind == "frames":
            keys = units.loc[units[by] == g, on]
            pa = primary_frames(full.merge(keys, on=on), on=on)
            pg = primary_frames(gen.merge(keys, on=on), on=on)
            changed = int((pa.merge(pg, on=on, suffixes=("_all", "_general"))
                           .eval("primary_all != primary_general")).sum())
            row.update(n_primary_changed=changed, share_primary_changed=changed / len(pa) if len(pa) else np.nan)
        rows.append(row)
    return pd.DataFrame(rows)


def validity_report(corpus, *, validation_dir="validation", codebook: Codebook, cues: Codebook,
                    entman_min_hits: float = 1.0, n_resamples: int = 2000, seed: int, **scoring) -> dict:
    """Everything notebook 03 reports on the validity of the coding beyond the older held-out batches.

    Parameters
    ----------
    corpus : analysis.corpus.Corpus
        The bundled corpus (the articles that were hand-coded).
    validation_dir : str or Path, default="validation"
        Holds the hand coding (``frames_articles.csv``, ``frames_heldout.csv``,
        ``frames_heldout_<n>.csv`` (batches 3, 4 ...), ``entman_sentences.csv``,
        ``entman_heldout.csv``, ``entman_heldout_<n>.csv``, ``second_coder_frames.csv``; see
        ``validation/README.md``).
    codebook, cues : Codebook
    entman_min_hits : float, default=1.0
    n_resamples : int, default=2000
    seed : int
    **scoring
        ``threshold, min_hits, length_norm, ref_words``.

    Returns
    -------
    dict
        ``heldout`` (batch -> ``presence``, ``primary``, ``entman`` agreement tables, with
        intervals, for every ``frames_heldout_<n>.csv``), ``heldout_per_frame`` (their presence
        tables stacked, ``set`` column), ``heldout_lines`` (str), ``heldout3``,
        ``heldout3_primary``, ``heldout3_entman`` (batch 3), ``ablation`` (tidy) and ``ablation_wide``,
        ``reliance`` (frames and Entman, per document), ``reliability`` (tidy) and
        ``reliability_wide``.
    """
    from .. import config
    from .agreement import agreement_line, read_frame_codes

    folder = config.resolve(validation_dir)
    labels = codebook.labels
    on = ["doc_id", "para_id"]
    paras, sents = corpus.paragraphs(), corpus.sentences()
    art = read_frame_codes(folder / "frames_articles.csv", labels=labels)
    frame_sets = {"articles": (paras[[*on, "text"]], art, on)}
    held = read_frame_codes(folder / "frames_heldout.csv", labels=labels)
    for batch, codes in held.groupby("batch"):
        frame_sets[batch] = (codes[["item_id", "text"]], codes, ["item_id"])
    later = sorted(folder.glob("frames_heldout_[0-9]*.csv"))  # batches 3, 4, ...: one file each, scored once
    for path in later:
        codes = read_frame_codes(path, labels=labels)
        frame_sets[str(codes["batch"].iloc[0])] = (codes[["item_id", "text"]], codes, ["item_id"])
    key = ["item_id", "sent_index"]
    function_sets = {"articles": (sents[["doc_id", "sent_id", "text"]],
                                  pd.read_csv(folder / "entman_sentences.csv", dtype={"period": str}),
                                  ["doc_id", "sent_id"])}
    for batch, table in pd.read_csv(folder / "entman_heldout.csv").groupby("batch"):
        function_sets[batch] = (table, table, key)
    for path in sorted(folder.glob("entman_heldout_[0-9]*.csv")):
        table = pd.read_csv(path)
        function_sets[str(table["batch"].iloc[0])] = (table, table, key)

    out, lines = {"heldout": {}}, []
    for batch in [b for b in frame_sets if b not in ("articles", "heldout-1", "heldout-2")]:
        units, codes, _ = frame_sets[batch]
        pres, prim = frame_set_agreement(units, codes, codebook, on="item_id", n_resamples=n_resamples,
                                         random_state=step_seed(seed, f"ablation frames {batch} all"), **scoring)
        ent = None
        if batch in function_sets:
            table = function_sets[batch][0]
            ent = function_set_agreement(table, table, cues, on=key, min_hits=entman_min_hits,
                                         n_resamples=n_resamples,
                                         random_state=step_seed(seed, f"ablation entman {batch} all"))
        out["heldout"][batch] = {"presence": pres, "primary": prim, "entman": ent}  # same streams as the ablation
        lines.append(agreement_line(f"{batch} (held out, scored once)", pres, prim))
        if ent is not None:
            lines.append(agreement_line(f"Entman, {batch} sentences (held out, scored once)", ent))
    if "heldout-3" in out["heldout"]:
        h3 = out["heldout"]["heldout-3"]
        out.update(heldout3=h3["presence"], heldout3_primary=h3["primary"], heldout3_entman=h3["entman"])
    out["heldout_lines"] = "\n".join(lines)
    out["heldout_per_frame"] = pd.concat({b: h["presence"] for b, h in out["heldout"].items()},
                                         names=["set"]).reset_index(level=0).reset_index(drop=True)
    out["ablation"] = origin_ablation(frame_sets, function_sets, codebook, cues, n_resamples=n_resamples, seed=seed,
                                      entman_min_hits=entman_min_hits, **scoring)
    out["ablation_wide"] = ablation_wide(out["ablation"])
    out["reliance"] = pd.concat([
        origin_reliance(paras, codebook, on=on, **scoring),
        origin_reliance(sents, cues, on=["doc_id", "sent_id"], kind="entman", entman_min_hits=entman_min_hits)],
        ignore_index=True)
    from .reliability import coder_reliability, reliability_wide, rules_as_coding

    second = read_frame_codes(folder / "second_coder_frames.csv", labels=labels)
    coded_units = paras.merge(art[on], on=on)[[*on, "text"]]  # the paragraphs both coders coded
    rules = rules_as_coding(code_units(coded_units, codebook, **scoring), on=on)
    out["reliability"] = coder_reliability({"coder 1": art, "coder 2": second, "rules": rules}, labels, on=on,
                                           n_resamples=n_resamples, seed=seed)
    out["reliability_wide"] = reliability_wide(out["reliability"])
    return out
