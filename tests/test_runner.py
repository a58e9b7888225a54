"""The notebook runner on tiny notebooks: parameters, determinism, failures."""

from __future__ import annotations

import pytest

from analysis import runner
from analysis.errors import NotebookError

TOY = '''# %% [markdown]
# # Toy

# %% tags=["parameters"]
N = 2
LABEL = "x"

# %%
print(LABEL * N)
'''


@pytest.fixture
def nb_dir(tmp_path):
    d = tmp_path / "notebooks"
    d.mkdir()
    (d / "00-toy.py").write_text(TOY)
    return d


def _stream(nb_path):
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    return [o["text"] for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.get("name") == "stdout"]


def test_stage_discovery(nb_dir):
    (nb_dir / "notes.py").write_text("x = 1")
    assert runner.list_stages(nb_dir) == ["00-toy"]
    assert runner.find_stage("toy", nb_dir) == runner.find_stage("00", nb_dir) == "00-toy"


def test_run_writes_deterministic_pair(nb_dir):
    runner.run_stage("00-toy", notebooks_dir=nb_dir)
    first = (nb_dir / "00-toy.ipynb").read_bytes()
    assert _stream(nb_dir / "00-toy.ipynb") == ["xx\n"]
    runner.run_stage("00-toy", notebooks_dir=nb_dir)
    assert (nb_dir / "00-toy.ipynb").read_bytes() == first
    assert b'"execution"' not in first and b"papermill" not in first
    assert (nb_dir / "00-toy.py").read_text() == TOY


def test_param_override_is_injected_not_saved_in_script(nb_dir):
    res = runner.run_stage("00-toy", params={"N": 3}, notebooks_dir=nb_dir)
    assert res.parameters == {"N": 3, "LABEL": "x"}
    assert _stream(nb_dir / "00-toy.ipynb") == ["xxx\n"]
    assert "N = 3" not in (nb_dir / "00-toy.py").read_text()
    runner.run_stage("00-toy", notebooks_dir=nb_dir)  # a plain rerun drops the injected cell
    assert _stream(nb_dir / "00-toy.ipynb") == ["xx\n"]


def test_unknown_param(nb_dir):
    with pytest.raises(NotebookError, match="unknown parameter 'M'"):
        runner.run_stage("00-toy", params={"M": 1}, notebooks_dir=nb_dir)


def test_parse_param():
    assert runner.parse_param("SEED=7") == ("SEED", 7)
    assert runner.parse_param("PATH=some/dir") == ("PATH", "some/dir")
    assert runner.parse_param("K=[2, 3]") == ("K", [2, 3])
    with pytest.raises(NotebookError):
        runner.parse_param("novalue")


def test_failing_cell_named_and_notebook_kept(nb_dir):
    runner.run_stage("00-toy", notebooks_dir=nb_dir)
    good = (nb_dir / "00-toy.ipynb").read_bytes()
    (nb_dir / "00-toy.py").write_text(TOY + "\n# %%\nraise ValueError('broken input')\n")
    with pytest.raises(NotebookError) as info:
        runner.run_stage("00-toy", notebooks_dir=nb_dir)
    msg = str(info.value)
    assert "00-toy.ipynb: cell 3" in msg and "ValueError: broken input" in msg and "\n" not in msg
    assert (nb_dir / "00-toy.ipynb").read_bytes() == good
