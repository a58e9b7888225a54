"""The frame codebook and the Entman cue list: reading, checking, tabulating.

Both are YAML resources read through :mod:`analysis.resources` (one path rule, duplicate
keys refused, one-line errors naming the file and the entry).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import resources
from ..errors import ResourceError


CODEBOOK_NAME = "frame_codebook.yaml"
ENTMAN_NAME = "entman_cues.yaml"
#: Entman's (1993) four frame functions, the names used in every table.
ENTMAN_FUNCTIONS = ("problem_definition", "causal_interpretation", "moral_evaluation",
                    "treatment_recommendation")
MATCH_MODES = ("lemma", "lower", "exact")
NO_FRAME = "none"
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Codebook:
    """A checked codebook (frames) or cue list (Entman functions).

    Attributes
    ----------
    name : str
    path : Path
    entries : dict
        Entry name -> its YAML mapping (``definition``, ``include``, ``exclude``, ...), in file order.
    indicators : pandas.DataFrame
        ``entry, term, weight, match`` -- one row per indicator (``entry`` is the frame or function).
    ignore : tuple of str
        Expressions matched and discarded.
    """

    name: str
    path: Path
    entries: dict
    indicators: pd.DataFrame
    ignore: tuple

    @property
    def labels(self) -> list[str]:
        """Entry names (frames or functions) in file order."""
        return list(self.entries)


def _check_entry(path: Path, section: str, name, entry) -> list[tuple]:
    where = f"{path}: {section[:-1] if section.endswith('s') else section} {name!r}"
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise ResourceError(f"{where}: names must be lower-case letters, digits and '_' (e.g. new_frame)")
    if not isinstance(entry, dict):
        raise ResourceError(f"{where}: must be a mapping with at least 'definition' and 'indicators'")
    if not isinstance(entry.get("definition"), str) or not entry["definition"].strip():
        raise ResourceError(f"{where}: missing 'definition' (a sentence saying what the entry covers)")
    for key in ("include", "exclude", "examples"):
        if key in entry and not isinstance(entry[key], list):
            raise ResourceError(f"{where}: '{key}' must be a list")
    if "pfc_dimension" in entry and not (isinstance(entry["pfc_dimension"], dict)
                                         and {"code", "name"} <= set(entry["pfc_dimension"])):
        raise ResourceError(f"{where}: 'pfc_dimension' must be a mapping with 'code' and 'name'")
    inds = entry.get("indicators")
    if not isinstance(inds, dict) or not inds:
        raise ResourceError(f"{where}: 'indicators' must be a non-empty mapping of term: weight")
    rows = []
    for term, spec in inds.items():
        spec = {"weight": spec} if not isinstance(spec, dict) else dict(spec)
        weight, match = spec.get("weight"), spec.get("match", "lemma")
        if not isinstance(term, str) or not term.strip():
            raise ResourceError(f"{where}: indicator {term!r} must be a non-empty string")
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= 10:
            raise ResourceError(f"{where}: indicator {term!r}: weight {weight!r} must be a number in (0, 10]")
        if match not in MATCH_MODES:
            raise ResourceError(f"{where}: indicator {term!r}: match {match!r} must be one of {', '.join(MATCH_MODES)}")
        rows.append((name, term.strip(), float(weight), match))
    return rows


def _load_entries(path, default_name: str, section: str) -> Codebook:
    data = resources.load_yaml(default_name, path)
    path = resources.resource_path(default_name, path)
    if not isinstance(data, dict):
        raise ResourceError(f"{path}: top level must be a mapping with a '{section}' section")
    entries = data.get(section)
    if not isinstance(entries, dict) or not entries:
        raise ResourceError(f"{path}: missing '{section}:' section (a mapping with one entry per {section[:-1]})")
    rows = []
    for name, entry in entries.items():
        rows.extend(_check_entry(path, section, name, entry))
    ignore = data.get("ignore", []) or []
    if not isinstance(ignore, list) or not all(isinstance(t, str) and t.strip() for t in ignore):
        raise ResourceError(f"{path}: 'ignore' must be a list of expressions")
    table = pd.DataFrame(rows, columns=["entry", "term", "weight", "match"])
    return Codebook(name=str(data.get("name", path.stem)), path=path, entries=dict(entries),
                    indicators=table, ignore=tuple(t.strip() for t in ignore))


def load_codebook(path=None) -> Codebook:
    """Read and check a frame codebook.

    Parameters
    ----------
    path : str or Path, default=None
        A YAML codebook; ``None`` reads the packaged ``resources/frame_codebook.yaml``.

    Returns
    -------
    Codebook
        ``.labels`` are the frame names in file order; ``.indicators`` has the columns
        ``entry, term, weight, match``.

    Raises
    ------
    ResourceError
        One line naming the file and the frame (or indicator) at fault.

    Examples
    --------
    >>> cb = load_codebook()
    >>> cb.labels[:3]
    ['diplomacy', 'security', 'economy']
    """
    return _load_entries(path, CODEBOOK_NAME, "frames")


def load_entman_cues(path=None) -> Codebook:
    """Read and check the cue list for Entman's frame functions (same format as the codebook).

    Parameters
    ----------
    path : str or Path, default=None
        A YAML file with a ``functions:`` section; ``None`` reads ``resources/entman_cues.yaml``.

    Returns
    -------
    Codebook
    """
    return _load_entries(path, ENTMAN_NAME, "functions")


def codebook_table(codebook: Codebook | None = None) -> pd.DataFrame:
    """One row per frame: ``frame, label, pfc_code, pfc_dimension, n_indicators, definition``."""
    codebook = load_codebook() if codebook is None else codebook
    n = codebook.indicators.groupby("entry").size()
    rows = []
    for name, e in codebook.entries.items():
        pfc = e.get("pfc_dimension") or {}
        rows.append({"frame": name, "label": e.get("label", name), "pfc_code": pfc.get("code"),
                     "pfc_dimension": pfc.get("name", ""), "n_indicators": int(n.get(name, 0)),
                     "definition": " ".join(e["definition"].split())})
    return pd.DataFrame(rows)
