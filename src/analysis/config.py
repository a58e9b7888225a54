"""Project paths, resolved from the project root in one place.

The root is the directory holding ``pyproject.toml`` above this file (the package
is installed in editable mode), or the value of the environment variable
``ANALYSIS_PROJECT_ROOT`` when set -- the test suite uses that to rerun the whole
pipeline in a scratch copy of the project. Nothing here reads or writes files at
import time.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
RESOURCES_DIR = PACKAGE_DIR / "resources"

#: Name of the Jupyter kernel registered by ``make env`` (see the Makefile).
KERNEL_NAME = "azir-discourse"

#: Environment given to notebook kernels so hashing and BLAS threading are deterministic.
KERNEL_ENV = {"PYTHONHASHSEED": "0", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
              "MKL_NUM_THREADS": "1", "SOURCE_DATE_EPOCH": "0"}


def project_root() -> Path:
    """Return the project root directory."""
    override = os.environ.get("ANALYSIS_PROJECT_ROOT")
    if override:
        return Path(override).resolve()
    return PACKAGE_DIR.parents[1]


def resolve(path: str | os.PathLike) -> Path:
    """Resolve a user-given path.

    Absolute paths are kept. A relative path is taken relative to the current
    directory when it exists there, otherwise relative to the project root, so
    that ``"corpus"`` works both from the shell and from a notebook running in
    ``notebooks/``.
    """
    p = Path(path)
    if p.is_absolute():
        return p
    if p.exists():
        return p.resolve()
    return project_root() / p


def corpus_dir() -> Path:
    return project_root() / "corpus"


def figures_dir() -> Path:
    return project_root() / "figures"


def tables_dir(out_dir: str | os.PathLike | None = None) -> Path:
    return (resolve(out_dir) if out_dir is not None else figures_dir()) / "tables"


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def validation_dir() -> Path:
    return project_root() / "validation"
