"""Execute the numbered notebooks deterministically.

Each stage is a notebook ``notebooks/NN-name.ipynb`` paired with a jupytext
``py:percent`` script ``NN-name.py``. A run:

1. reads the stage from whichever of the pair was edited last (they normally agree);
2. drops cells a previous ``--param`` run injected and, if parameters are given,
   injects a cell tagged ``injected-parameters`` after the cell tagged ``parameters``
   (the papermill convention, done here so no run-specific metadata is written);
3. executes it with nbclient in the project kernel, without timing metadata;
4. normalises what would vary between runs (cell ids, kernel version metadata);
5. writes the ``.ipynb`` and its ``.py`` twin atomically (unless ``write=False``).

A failing cell raises :class:`~analysis.errors.NotebookError` naming the notebook,
the cell and the error; the notebook on disk is left as it was.

A stage's outputs are one unit (:mod:`analysis.outputs`): parameter values are
checked against the parameters cell before anything runs (:mod:`analysis.parameters`),
the output folder is locked, its files and the notebook pair are journaled, and a
stage that fails or is interrupted leaves figures, tables, notebook and
``provenance.json`` exactly as they were; stale ``.*.tmp`` files are removed first.
"""

from __future__ import annotations

import ast
import json
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from . import config
from ._io import atomic_write_text
from .errors import AnalysisError, NotebookError
from .interrupts import RUNNING as _RUNNING
from .interrupts import abort_running, client_class, journaled  # noqa: F401  (journaled: used by stage_plan)
from .outputs import (PROVENANCE_NAME, PROVENANCE_PACKAGES, StageJournal, output_lock,  # noqa: F401
                      remove_stale_temporary, write_provenance)
from .parameters import check_parameters
from .parameters import parse_param as _parse_param

STAGE_RE = re.compile(r"^(\d{2})-[A-Za-z0-9_-]+$")
PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"


@dataclass(frozen=True)
class StageResult:
    """What one stage run produced."""

    stage: str
    seconds: float
    notebook: Path | None
    parameters: dict


# --------------------------------------------------------------------------- discovery
def list_stages(notebooks_dir: str | Path | None = None) -> list[str]:
    """Stage names (``NN-name``) found in ``notebooks_dir``, in numeric order."""
    nb_dir = Path(notebooks_dir) if notebooks_dir is not None else config.notebooks_dir()
    if not nb_dir.is_dir():
        raise NotebookError(f"{nb_dir}: notebooks directory not found")
    stems = {p.stem for p in nb_dir.iterdir() if p.suffix in (".py", ".ipynb") and STAGE_RE.match(p.stem)}
    return sorted(stems)


def find_stage(name: str, notebooks_dir: str | Path | None = None) -> str:
    """Resolve ``"03"``, ``"framing"`` or ``"03-framing"`` to a stage name."""
    stages = list_stages(notebooks_dir)
    matches = [s for s in stages if name in (s, s[:2], s[3:])]
    if len(matches) != 1:
        raise NotebookError(f"stage {name!r} not found; choose one of: {', '.join(stages)}")
    return matches[0]


# --------------------------------------------------------------------------- reading
def read_stage(stage: str, nb_dir: Path):
    """Read a stage from its .py/.ipynb pair (the one edited last wins when they differ)."""
    import jupytext
    import nbformat

    py, ipynb = nb_dir / f"{stage}.py", nb_dir / f"{stage}.ipynb"
    from_py = jupytext.read(py, fmt="py:percent") if py.is_file() else None
    from_nb = nbformat.read(ipynb, as_version=4) if ipynb.is_file() else None
    if from_nb is not None:
        from_nb.cells = [c for c in from_nb.cells if INJECTED_TAG not in c.get("metadata", {}).get("tags", [])]
    if from_py is None and from_nb is None:
        raise NotebookError(f"{nb_dir / stage}.py: stage not found")
    if from_py is None:
        return from_nb
    if from_nb is None:
        return from_py

    def sources(nb):  # what the .py keeps of a cell: its type, source and tags
        return [(c.cell_type, c.source.strip(), tuple(c.get("metadata", {}).get("tags", []))) for c in nb.cells]

    if sources(from_py) == sources(from_nb):
        return from_nb  # same content: keep the notebook (its cell ids, outputs are replaced anyway)
    # They disagree: like `jupytext --sync`, the file edited last wins.
    return from_py if py.stat().st_mtime >= ipynb.stat().st_mtime else from_nb


def parameter_names(nb) -> list[str]:
    """Names assigned in the cell tagged ``parameters``."""
    cell = _parameters_cell(nb)
    if cell is None:
        return []
    names = []
    for node in ast.parse(cell.source).body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        names += [t.id for t in targets if isinstance(t, ast.Name)]
    return names


def parameter_values(nb) -> dict:
    """Literal values of the parameters cell (non-literal expressions are kept as source text)."""
    cell = _parameters_cell(nb)
    values = {}
    if cell is None:
        return values
    for node in ast.parse(cell.source).body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                value = ast.unparse(node.value)
            for t in targets:
                if isinstance(t, ast.Name):
                    values[t.id] = value
    return values


def _parameters_cell(nb):
    for cell in nb.cells:
        if cell.cell_type == "code" and PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []):
            return cell
    return None


def parse_param(text: str) -> tuple[str, object]:
    """Parse ``NAME=VALUE``; VALUE is a Python literal, or a plain string if it is not one.

    The value's length is bounded (see :func:`analysis.parameters.parse_param`).
    """
    return _parse_param(text)


def check_stage_parameters(nb, params: dict, *, stage: str, raw: dict | None = None) -> dict:
    """Check overrides against the stage's parameters cell (names, types, declared ranges)."""
    if not params:
        return {}
    cell = _parameters_cell(nb)
    if cell is None:
        raise NotebookError(f"notebooks/{stage}: no cell tagged 'parameters'; tag the cell holding the tunables")
    return check_parameters(cell.source, params, where=f"notebooks/{stage}", raw=raw)


def stage_out_dir(values: dict, nb_dir: Path) -> Path:
    """The folder a stage writes to: its ``OUT_DIR`` as the kernel (running in ``nb_dir``) resolves it."""
    out = values.get("OUT_DIR")
    if not isinstance(out, str) or not out:
        return config.figures_dir()
    p = Path(out)
    if p.is_absolute():
        return p
    return (nb_dir / p).resolve() if (nb_dir / p).exists() else config.project_root() / p


def inject_parameters(nb, params: dict, *, stage: str = "notebook"):
    """Insert a cell tagged ``injected-parameters`` after the parameters cell."""
    import nbformat

    if not params:
        return nb
    cell = _parameters_cell(nb)
    if cell is None:
        raise NotebookError(f"{stage}: no cell tagged 'parameters'; tag the cell holding the tunables")
    known = parameter_names(nb)
    unknown = [k for k in params if k not in known]
    if unknown:
        raise NotebookError(f"{stage}: unknown parameter {unknown[0]!r}; the parameters cell defines "
                            f"{', '.join(known)}")
    lines = ["# Parameters injected for this run (analysis run --param / --corpus / --out)"]
    lines += [f"{k} = {v!r}" for k, v in params.items()]
    new = nbformat.v4.new_code_cell("\n".join(lines), metadata={"tags": [INJECTED_TAG]})
    idx = nb.cells.index(cell)
    nb.cells.insert(idx + 1, new)
    return nb


# --------------------------------------------------------------------------- executing
def ensure_kernel() -> str:
    """Register the project kernel in this environment if it is missing; return its name."""
    from jupyter_client.kernelspec import KernelSpecManager

    if config.KERNEL_NAME not in KernelSpecManager().find_kernel_specs():
        from ipykernel.kernelspec import install

        install(kernel_name=config.KERNEL_NAME, display_name="Python (azir-discourse)",
                prefix=sys.prefix, env=dict(config.KERNEL_ENV))
        print(f"registered Jupyter kernel {config.KERNEL_NAME!r} in this environment", file=sys.stderr)
    return config.KERNEL_NAME


def _normalise(nb):
    """Make the executed notebook independent of the run (ids, versions, timings)."""
    import nbformat

    nb.nbformat, nb.nbformat_minor = 4, 5
    lang = dict(nb.metadata.get("language_info", {}))
    lang.pop("version", None)
    nb.metadata = nbformat.NotebookNode({
        "kernelspec": {"display_name": "Python (azir-discourse)", "language": "python",
                       "name": config.KERNEL_NAME},
        "language_info": lang or {"name": "python"},
    })
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i:03d}"
        tags = cell.get("metadata", {}).get("tags")
        cell.metadata = nbformat.NotebookNode({"tags": tags} if tags else {})
        # The kernel may flush one print in one or several messages, depending on timing:
        # adjacent pieces of the same stream are joined so the notebook does not depend on it.
        merged = []
        for out in cell.get("outputs", []):
            prev = merged[-1] if merged else None
            if (out.get("output_type") == "stream" and prev is not None and prev.get("output_type") == "stream"
                    and prev.get("name") == out.get("name")):
                prev["text"] = "".join(prev["text"]) + "".join(out["text"])
            else:
                merged.append(out)
        if "outputs" in cell:
            cell.outputs = merged
    return nb


def _execute(nb, *, stage: str, nb_dir: Path, timeout: int):
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    os.environ.update(config.KERNEL_ENV)  # the kernel process inherits these
    # The kernel listens on loopback TCP; its start-up warning about unencrypted
    # transport would break the progress line, so only errors are logged.
    client = client_class(NotebookClient)(nb, kernel_name=ensure_kernel(), timeout=timeout, record_timing=False,
                            allow_errors=False, extra_arguments=["--IPKernelApp.log_level=ERROR"],
                            resources={"metadata": {"path": str(nb_dir)}})
    _RUNNING.append(client)
    try:
        client.execute()
    except CellExecutionError as exc:
        index, cell = _failed_cell(nb)
        first = cell.source.strip().splitlines()[0] if cell is not None and cell.source.strip() else ""
        if exc.ename in _USER_ERRORS and exc.evalue:  # already one line naming the file and the fix
            raise NotebookError(f"notebooks/{stage}.ipynb: cell {index}: {str(exc.evalue).splitlines()[0]}") from None
        raise NotebookError(f"notebooks/{stage}.ipynb: cell {index} ({first[:60]!r}) failed: "
                            f"{exc.ename}: {str(exc.evalue).splitlines()[0] if exc.evalue else ''}; open it "
                            f"in JupyterLab (make lab) to see the traceback") from None
    except CellTimeoutError:
        raise NotebookError(f"notebooks/{stage}.ipynb: a cell ran longer than {timeout} s; "
                            f"raise --timeout or make the cell cheaper") from None
    except DeadKernelError as exc:
        raise NotebookError(f"notebooks/{stage}.ipynb: the kernel died ({exc}); check memory use") from None
    except RuntimeError as exc:  # e.g. "Kernel didn't respond in 60 seconds"
        raise NotebookError(f"notebooks/{stage}.ipynb: the kernel did not start ({exc}); "
                            f"recreate the environment with `make clean-env env`") from None
    finally:
        _RUNNING.remove(client)
    return nb


#: Errors raised in a cell that already carry a one-line message for the user.
_USER_ERRORS = {"AnalysisError", "CorpusError", "ResourceError", "NotebookError"}
def _failed_cell(nb):
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return i, cell
    return -1, None


@dataclass
class PreparedStage:
    """A stage ready to execute: parameters checked and injected, outputs cleared."""

    stage: str
    nb: object
    source_nb: object
    values: dict
    out_dir: Path
    nb_dir: Path
    nb_files: list


def prepare_stage(stage: str, *, params: dict | None, nb_dir: Path, write: bool = True,
                  raw_params: dict | None = None) -> PreparedStage:
    """Read a stage, check and inject its parameters and find its output folder (nothing runs)."""
    import nbformat

    stage = find_stage(stage, nb_dir)
    nb = _normalise(read_stage(stage, nb_dir))  # before injection: the .py twin never holds injected cells
    source_nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    params = check_stage_parameters(nb, params or {}, stage=stage, raw=raw_params)  # before anything runs
    values = {**parameter_values(nb), **params}
    nb = inject_parameters(nb, params, stage=f"notebooks/{stage}")
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    out_dir = stage_out_dir(values, nb_dir)
    if out_dir.resolve() in (nb_dir.resolve(), *nb_dir.resolve().parents):
        raise NotebookError(f"notebooks/{stage}: OUT_DIR {values.get('OUT_DIR')!r} is {out_dir}, which holds the "
                            f"notebooks; give a folder for outputs only, e.g. figures")
    nb_files = [nb_dir / f"{stage}.ipynb", nb_dir / f"{stage}.py"] if write else []
    return PreparedStage(stage, nb, source_nb, values, out_dir, nb_dir, nb_files)


def execute_stage(plan: PreparedStage, *, timeout: int = 600) -> StageResult:
    """Execute a prepared stage and write its notebook pair (when ``plan.nb_files``); no lock, no journal."""
    start = time.perf_counter()
    nb = _execute(plan.nb, stage=plan.stage, nb_dir=plan.nb_dir, timeout=timeout)
    seconds = time.perf_counter() - start
    path = _write_pair(nb, plan.source_nb, plan.stage, plan.nb_dir) if plan.nb_files else None
    return StageResult(stage=plan.stage, seconds=seconds, notebook=path, parameters=plan.values)


def run_stage(stage: str, *, params: dict | None = None, write: bool = True,
              notebooks_dir: str | Path | None = None, timeout: int = 600,
              raw_params: dict | None = None) -> StageResult:
    """Execute one stage notebook.

    Parameters
    ----------
    stage : str
        ``"03"``, ``"framing"`` or ``"03-framing"``.
    params : dict, default=None
        Overrides for names in the parameters cell.
    write : bool, default=True
        Write the executed notebook (and its ``.py`` twin) back in place.
    notebooks_dir : str or Path, default=None
        Default: the project's ``notebooks/``.
    timeout : int, default=600
        Seconds allowed per cell.
    raw_params : dict, default=None
        The values as typed on the command line (a text parameter keeps ``2019`` as text).

    Returns
    -------
    StageResult

    Raises
    ------
    NotebookError
        A bad parameter (before anything runs), a failing cell or a dead kernel; the
        stage's outputs, notebook pair and provenance are then as they were before.
    AnalysisError
        Another run holds the output folder.
    """
    nb_dir = Path(notebooks_dir) if notebooks_dir is not None else config.notebooks_dir()
    plan = prepare_stage(stage, params=params, nb_dir=nb_dir, write=write, raw_params=raw_params)
    stage, out_dir, nb_files = plan.stage, plan.out_dir, plan.nb_files
    with output_lock(out_dir), journaled(stage, out_dir, nb_files, nb_dir):
        result = execute_stage(plan, timeout=timeout)
        write_provenance([result], out_dir)
    return result


def _write_pair(nb, source_nb, stage: str, nb_dir: Path) -> Path:
    import jupytext
    import nbformat

    nb = _normalise(nb)
    path = nb_dir / f"{stage}.ipynb"
    text = nbformat.writes(nb)
    atomic_write_text(path, text if text.endswith("\n") else text + "\n")
    source_nb.metadata["jupytext"] = {"notebook_metadata_filter": "-all",
                                      "cell_metadata_filter": "tags,-all"}
    py_text = jupytext.writes(source_nb, fmt="py:percent")
    py_path = nb_dir / f"{stage}.py"
    if not py_path.is_file() or py_path.read_text(encoding="utf-8") != py_text:
        atomic_write_text(py_path, py_text)
    else:
        # Jupytext refuses a pair whose .ipynb is newer than its .py: keep the script newest.
        os.utime(py_path)
    return path


# ``run_all`` runs many stages, independent ones side by side: see analysis.stage_plan.
from .stage_plan import run_all  # noqa: E402,F401  (re-exported: runner.run_all is the documented entry)
