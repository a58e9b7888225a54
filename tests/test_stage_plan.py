"""Independent stages run side by side: same files as one after another; a failure undoes the run."""

from __future__ import annotations

import pytest

from analysis import runner, stage_plan
from analysis.errors import AnalysisError, NotebookError

STAGE = '''# %% [markdown]
# # Stage {n}

# %% tags=["parameters"{extra}]
OUT_DIR = "figures"
FAIL = False

# %%
import time
from analysis._io import atomic_write_text
from analysis import config
out = config.resolve(OUT_DIR)
{body}
print("stage {n} wrote its table")

# %%
assert not FAIL, "asked to fail"
'''
WRITE = 'time.sleep(0.5)\natomic_write_text(out / "tables" / "t{n}.csv", "stage,{n}\\n")'
READ = ('seen = sorted(p.name for p in (out / "tables").glob("t*.csv"))\n'
        'atomic_write_text(out / "tables" / "summary.csv", "\\n".join(seen) + "\\n")')


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_PROJECT_ROOT", str(tmp_path))
    nb = tmp_path / "notebooks"
    nb.mkdir()
    for n in range(3):
        (nb / f"0{n}-s{n}.py").write_text(STAGE.format(n=n, extra="", body=WRITE.format(n=n)))
    (nb / "07-sum.py").write_text(STAGE.format(n=7, extra=', "needs-earlier-stages"', body=READ))
    out = tmp_path / "figures"
    (out / "tables").mkdir(parents=True)
    (out / "tables" / "t0.csv").write_text("old\n")
    return nb, out


def _snapshot(*dirs):
    return {p.relative_to(d.parent): p.read_bytes() for d in dirs for p in sorted(d.rglob("*")) if p.is_file()}


def test_a_stage_reading_earlier_ones_starts_a_new_wave(project):
    nb, _ = project
    assert stage_plan.waves(runner.list_stages(nb), nb) == [["00-s0", "01-s1", "02-s2"], ["07-sum"]]


def test_side_by_side_writes_the_same_files_as_one_after_another(project):
    nb, out = project
    lines = []
    runner.run_all(notebooks_dir=nb, out_dir=out, report=False, stage_jobs=1, progress=lambda *a, **k: None)
    one = _snapshot(out, nb)
    runner.run_all(notebooks_dir=nb, out_dir=out, report=False, stage_jobs=2,
                   progress=lambda *a, **k: lines.append(a[0] if a else ""))
    assert _snapshot(out, nb) == one
    assert (out / "tables" / "summary.csv").read_text() == "t0.csv\nt1.csv\nt2.csv\n"  # 07 saw every table
    assert any("2 at a time" in x for x in lines) and sum("done in" in x for x in lines) == 4


def test_a_failing_stage_puts_every_stage_of_the_run_back(project):
    nb, out = project
    runner.run_all(notebooks_dir=nb, out_dir=out, report=False, stage_jobs=2, progress=lambda *a, **k: None)
    before = _snapshot(out, nb)
    (nb / "01-s1.py").write_text(STAGE.format(n=1, extra="", body=WRITE.format(n=1)).replace(
        "FAIL = False", "FAIL = True"))
    before = {k: v for k, v in before.items() if k.name != "01-s1.py"}
    with pytest.raises(NotebookError, match="asked to fail"):
        runner.run_all(notebooks_dir=nb, out_dir=out, report=False, stage_jobs=2, progress=lambda *a, **k: None)
    after = {k: v for k, v in _snapshot(out, nb).items() if k.name != "01-s1.py"}
    assert after == before                                   # stages 00 and 02 succeeded, and are undone too
    assert sorted(p.name for p in out.iterdir()) == ["provenance.json", "tables"]   # no lock, no journal


def test_stage_jobs_from_the_environment_is_checked(monkeypatch):
    monkeypatch.setenv("ANALYSIS_STAGE_JOBS", "two")
    with pytest.raises(AnalysisError, match="ANALYSIS_STAGE_JOBS='two'"):
        stage_plan.default_stage_jobs()
    monkeypatch.setenv("ANALYSIS_STAGE_JOBS", "3")
    assert stage_plan.default_stage_jobs() == 3


def test_side_by_side_only_while_the_kernels_fit_in_memory(tmp_path, monkeypatch):
    monkeypatch.delenv("ANALYSIS_STAGE_JOBS", raising=False)
    monkeypatch.setattr(stage_plan.os, "cpu_count", lambda: 8)
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a.txt").write_bytes(b"x" * 2**20 * 10)           # 10 MB of text
    per_kernel = stage_plan.KERNEL_BASE_MB + 10 * stage_plan.KERNEL_MB_PER_TEXT_MB
    monkeypatch.setattr(stage_plan, "_available_mb", lambda: 1.5 * per_kernel)
    assert stage_plan.default_stage_jobs(tmp_path) == 1                      # a second kernel would not fit
    monkeypatch.setattr(stage_plan, "_available_mb", lambda: 10 * per_kernel)
    assert stage_plan.default_stage_jobs(tmp_path) == stage_plan.DEFAULT_STAGE_JOBS
