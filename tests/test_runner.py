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
def nb_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_PROJECT_ROOT", str(tmp_path))  # outputs, lock and journal under tmp_path
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


# --------------------------------------------------------------------------- issue 15: parameters
CELL = '''CORPUS_DIR = "corpus"
N_RESAMPLES = 2000        # bootstrap resamples (range: >= 1)
CONFIDENCE = 0.95         # (range: > 0, < 1)
THRESHOLD = 0.5           # minimum score (range: 0..1)
METHOD = "nmf"            # (choices: nmf | lda)
FLAG = True
SEED = 7
PATH = None
WORDS = ["a", "b"]
'''


def _check(**params):
    from analysis.parameters import check_parameters

    return check_parameters(CELL, params, where="notebooks/03-toy", raw={k: str(v) for k, v in params.items()})


@pytest.mark.parametrize("params, expected", [
    ({"N_RESAMPLES": -5}, "--param N_RESAMPLES=-5 is out of range (>= 1)"),
    ({"N_RESAMPLES": "many"}, "--param N_RESAMPLES='many': expected an integer like its default 2000"),
    ({"N_RESAMPLES": 2.5}, "expected an integer"),
    ({"SEED": True}, "expected an integer"),
    ({"CONFIDENCE": 1}, "out of range (> 0, < 1)"),
    ({"THRESHOLD": 1.5}, "out of range (0..1)"),
    ({"METHOD": "lsa"}, "must be one of 'nmf', 'lda'"),
    ({"FLAG": 1}, "expected True or False"),
    ({"WORDS": "a"}, "expected a list"),
    ({"NOPE": 1}, "unknown parameter 'NOPE'"),
])
def test_bad_parameter_values_are_refused_in_one_line(params, expected):
    with pytest.raises(NotebookError) as info:
        _check(**params)
    assert expected in str(info.value) and str(info.value).startswith("notebooks/03-toy: ")
    assert "\n" not in str(info.value)


def test_good_parameter_values_pass_and_are_normalised():
    assert _check(N_RESAMPLES=10, CONFIDENCE=0.9, THRESHOLD=1, METHOD="lda", PATH="x.yaml", FLAG=False,
                  WORDS=["c"]) == {"N_RESAMPLES": 10, "CONFIDENCE": 0.9, "THRESHOLD": 1.0, "METHOD": "lda",
                                   "PATH": "x.yaml", "FLAG": False, "WORDS": ["c"]}
    assert _check(CORPUS_DIR=2019) == {"CORPUS_DIR": "2019"}     # text parameter: the value as typed


def test_param_value_length_is_bounded_and_parsing_never_explodes():
    from analysis.parameters import MAX_VALUE_CHARS

    with pytest.raises(NotebookError, match=r"the value is 100,001 characters long; at most 2,000"):
        runner.parse_param("SEED=" + "-" * 100_000 + "1")
    name, value = runner.parse_param("SEED=" + "-" * (MAX_VALUE_CHARS - 1) + "1")
    assert name == "SEED" and isinstance(value, str)            # kept as text: the type check refuses it
    name, value = runner.parse_param("K=" + "[" * 1000 + "]" * 1000)
    assert name == "K"


def test_unreadable_rule_is_reported():
    from analysis.parameters import check_parameters

    with pytest.raises(NotebookError, match="unreadable rule"):
        check_parameters("N = 1  # (range: about ten)\n", {"N": 2}, where="nb")


# --------------------------------------------------------------------------- issue 15: a stage is one unit
WRITER = '''# %% [markdown]
# # Writer

# %% tags=["parameters"]
OUT_DIR = "figures"
N = 1  # (range: >= 1)
FAIL = False

# %%
from pathlib import Path
from analysis._io import atomic_write_text
from analysis import config
out = config.resolve(OUT_DIR)
atomic_write_text(out / "a.csv", f"a,{N}\\n")
atomic_write_text(out / "tables" / "new.csv", f"new,{N}\\n")
(out / "b.csv").unlink(missing_ok=True)

# %%
assert not FAIL, "asked to fail"
'''


@pytest.fixture
def writer(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_PROJECT_ROOT", str(tmp_path))
    nb = tmp_path / "notebooks"
    nb.mkdir()
    (nb / "00-writer.py").write_text(WRITER)
    out = tmp_path / "figures"
    (out / "tables").mkdir(parents=True)
    (out / "a.csv").write_text("a,old\n")
    (out / "b.csv").write_text("b,old\n")
    return nb, out


def _snapshot(*dirs):
    return {p: p.read_bytes() for d in dirs for p in sorted(d.rglob("*")) if p.is_file()}


def test_failing_stage_leaves_outputs_notebook_and_provenance_as_they_were(writer):
    nb, out = writer
    runner.run_stage("00", notebooks_dir=nb)
    assert (out / "a.csv").read_text() == "a,1\n" and not (out / "b.csv").exists()
    assert runner.parameter_values(runner.read_stage("00-writer", nb))["N"] == 1
    (out / ".a.csv.x8y9.tmp").write_bytes(b"left by a killed writer")
    before = _snapshot(out, nb)
    with pytest.raises(NotebookError, match="AssertionError: asked to fail"):
        runner.run_stage("00", params={"N": 9, "FAIL": True}, notebooks_dir=nb)
    assert _snapshot(out, nb) == {p: v for p, v in before.items() if not p.name.endswith(".tmp")}
    assert sorted(p.name for p in out.iterdir()) == ["a.csv", "provenance.json", "tables"]   # no lock, journal
    assert '"N": 1' in (out / "provenance.json").read_text()


def test_bad_parameter_refused_before_anything_runs(writer):
    nb, out = writer
    before = _snapshot(out, nb)
    with pytest.raises(NotebookError, match=r"N=-5 is out of range \(>= 1\)"):
        runner.run_stage("00", params={"N": -5}, notebooks_dir=nb)
    assert _snapshot(out, nb) == before


def test_journal_left_by_a_killed_run_is_rolled_back(writer, capsys):
    from analysis.outputs import JOURNAL_NAME, StageJournal

    nb, out = writer
    StageJournal("00-writer", out).begin()          # a run that was killed after its backup ...
    (out / "a.csv").write_text("a,half\n")          # ... and after writing part of its outputs
    (out / "tables" / "half.csv").write_text("x\n")
    with pytest.raises(NotebookError):
        runner.run_stage("00", params={"FAIL": True}, notebooks_dir=nb)
    assert "restored" in capsys.readouterr().err
    assert (out / "a.csv").read_text() == "a,old\n" and not (out / "tables" / "half.csv").exists()
    assert not (out / JOURNAL_NAME).exists()


def test_second_run_on_the_same_output_folder_is_refused(tmp_path, capsys):
    import subprocess
    import sys
    import time

    from analysis.cli import main

    out = tmp_path / "figs"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from analysis.outputs import output_lock\n"
        f"with output_lock({str(out)!r}):\n    print('held', flush=True); time.sleep(30)\n")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        start = time.perf_counter()
        assert main(["run", "--stage", "00", "--out", str(out)]) == 2
        assert time.perf_counter() - start < 10
        err = capsys.readouterr().err.strip()
        assert err.count("\n") == 0 and f"{out}: another analysis run is writing here (pid {holder.pid})" in err
    finally:
        holder.kill()
        holder.wait()
    from analysis.outputs import output_lock

    with output_lock(out):                        # free again once the holder is gone
        pass
    assert list(out.iterdir()) == []


def test_out_dir_holding_the_notebooks_is_refused(writer):
    nb, out = writer
    with pytest.raises(NotebookError, match="which holds the notebooks"):
        runner.run_stage("00", params={"OUT_DIR": str(nb.parent)}, notebooks_dir=nb)


def test_kernel_killed_mid_write_leaves_no_partial_outputs(writer):
    """As the out-of-memory killer would: the kernel dies with a temporary file half written."""
    nb, out = writer
    before = _snapshot(out, nb)
    (nb / "00-writer.py").write_text(WRITER + '''
# %%
import os, signal
(out / ".a.csv.k1ll.tmp").write_text("half")
os.kill(os.getpid(), signal.SIGKILL)
''')
    before[nb / "00-writer.py"] = (nb / "00-writer.py").read_bytes()
    with pytest.raises(NotebookError, match="the kernel died"):
        runner.run_stage("00", notebooks_dir=nb)
    assert _snapshot(out, nb) == before


def test_split_stream_outputs_are_joined():
    # One print may reach the notebook as one or several stream messages, depending on timing.
    import nbformat

    from analysis.runner import _normalise

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print('a'); print('b')")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="line a\n"),
                    nbformat.v4.new_output("stream", name="stdout", text="line b\n"),
                    nbformat.v4.new_output("stream", name="stderr", text="warn\n")]
    nb.cells = [cell]
    out = _normalise(nb).cells[0].outputs
    assert [(o["name"], o["text"]) for o in out] == [("stdout", "line a\nline b\n"), ("stderr", "warn\n")]
