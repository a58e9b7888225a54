"""Execute every notebook in a scratch copy of the project and compare with what is committed.

One session-scoped run of the whole pipeline (``runner.run_all``) in a temporary
project root (``ANALYSIS_PROJECT_ROOT``) checks that

- every notebook runs top to bottom without error;
- every figure, table and executed notebook it writes is byte-identical to the
  committed one, i.e. ``make all`` on a clean checkout leaves ``git status``
  clean. The committed files come from an earlier run, so this compares two
  independent runs. If it fails after a code change, run ``make all`` and commit.
"""

from __future__ import annotations

import json

import pytest

from analysis import config, runner
from conftest import run_pipeline, scratch_project

ROOT = config.PACKAGE_DIR.parents[1]


@pytest.fixture(scope="module")
def scratch_run(tmp_path_factory):
    root = scratch_project(tmp_path_factory.mktemp("project"))
    run_pipeline(root)
    return root


def _files(base):
    return {p.relative_to(base).as_posix(): p for p in base.rglob("*") if p.is_file()}


def test_every_notebook_executes(scratch_run):
    stages = runner.list_stages(ROOT / "notebooks")
    assert stages[0] == "00-corpus"
    for stage in stages:
        nb = json.loads((scratch_run / "notebooks" / f"{stage}.ipynb").read_text())
        errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors, stage


def test_outputs_byte_identical_to_committed(scratch_run):
    for sub in ["figures", "notebooks"]:
        produced, committed = _files(scratch_run / sub), _files(ROOT / sub)
        committed = {k: v for k, v in committed.items() if not k.startswith(".")}
        missing = sorted(set(committed) - set(produced))
        extra = sorted(set(produced) - set(committed))
        assert not extra, f"{sub}: produced but not committed (run make all and commit): {extra}"
        assert not missing, f"{sub}: committed but no longer produced: {missing}"
        differ = sorted(k for k in produced if produced[k].read_bytes() != committed[k].read_bytes())
        assert not differ, f"{sub}: differ from the committed files (stale? run make all): {differ}"


def test_no_machine_specific_text_in_executed_notebooks():
    # A cell ending in a call that returns paths would print this machine's absolute paths.
    for stage in runner.list_stages(ROOT / "notebooks"):
        text = (ROOT / "notebooks" / f"{stage}.ipynb").read_text()
        for needle in ("PosixPath(", str(ROOT), "/tmp/", " at 0x"):
            assert needle not in text, f"{stage}: executed notebook contains {needle!r}"


def test_corpus_not_written_by_the_analysis(scratch_run):
    for rel, path in _files(ROOT / "corpus").items():
        assert (scratch_run / "corpus" / rel).read_bytes() == path.read_bytes(), rel


def test_notebooks_are_thin_and_parameterised():
    for stage in runner.list_stages(ROOT / "notebooks"):
        nb = json.loads((ROOT / "notebooks" / f"{stage}.ipynb").read_text())
        cells = nb["cells"]
        assert cells[0]["cell_type"] == "markdown", stage
        assert cells[-1]["cell_type"] == "markdown", stage
        tagged = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1, f"{stage}: needs exactly one cell tagged parameters"
        for c in cells:
            # The parameters cell is data (one tunable per line, so --param can override each), not logic.
            if c["cell_type"] != "code" or "parameters" in c.get("metadata", {}).get("tags", []):
                continue
            src = "".join(c["source"])
            code = [l for l in src.splitlines() if l.strip() and not l.strip().startswith("#")]
            assert len(code) <= 15, f"{stage}: a code cell has {len(code)} lines; move logic to src/analysis"
            assert "def " not in src and "class " not in src, f"{stage}: def/class belongs in the library"
