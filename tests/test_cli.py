"""The command line: validate, add (worked example), errors without tracebacks."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from analysis.cli import main
from analysis.corpus import load_corpus

BODY = "A third article on Baku and Tehran. It has two sentences.\nA second paragraph.\n"
BIO = "The author is a researcher.\nSubscribe to our newsletter."


@pytest.fixture
def corpus_dir(make_corpus):
    return make_corpus([{"doc_id": "a", "period": "2014", "text": "One. Two.\nBio line", "body_end": "Bio line"},
                        {"doc_id": "b", "period": "2024", "text": "Three. Four.\nBio line", "body_end": "Bio line"}])


def test_validate_ok(corpus_dir, capsys):
    assert main(["validate", "--corpus", str(corpus_dir)]) == 0
    assert "valid -- 2 documents" in capsys.readouterr().out


def test_validate_bundled_corpus(capsys):
    assert main(["validate"]) == 0
    assert "period 2014: 1, period 2024: 1" in capsys.readouterr().out


def test_validate_error_is_one_line(corpus_dir, capsys):
    (corpus_dir / "raw" / "a.txt").write_text("edited")
    assert main(["validate", "--corpus", str(corpus_dir)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "a.txt" in err and "checksum changed" in err


def test_add_worked_example(corpus_dir, tmp_path, capsys):
    article = tmp_path / "new.txt"
    article.write_text(BODY + BIO, encoding="utf-8")
    manifest_before = (corpus_dir / "manifest.csv").read_bytes()
    status = main(["add", str(article), "--corpus", str(corpus_dir), "--doc-id", "2019-test-writer",
                   "--period", "2019", "--outlet", "Test", "--author", "T. Writer", "--title", "A, title",
                   "--date", "2019-03", "--body-end", "The author is"])
    out = capsys.readouterr().out
    assert status == 0
    assert "last body paragraph: A second paragraph." in out
    assert "first boilerplate line: The author is a researcher." in out
    copied = corpus_dir / "raw" / "2019-test-writer.txt"
    assert copied.read_bytes() == article.read_bytes()
    manifest_after = (corpus_dir / "manifest.csv").read_bytes()
    assert manifest_after.startswith(manifest_before)  # appended, never rewritten
    c = load_corpus(corpus_dir)
    assert c.periods == ["2014", "2019", "2024"]
    row = c.manifest.set_index("doc_id").loc["2019-test-writer"]
    assert row["sha256"] == hashlib.sha256(article.read_bytes()).hexdigest()
    assert row["date_precision"] == "month" and row["title"] == "A, title"
    assert "newsletter" not in " ".join(c.sentences()["text"])


def test_add_refuses_overwrite_and_duplicates(corpus_dir, tmp_path, capsys):
    article = tmp_path / "new.txt"
    article.write_text(BODY)
    args = ["add", str(article), "--corpus", str(corpus_dir), "--period", "2019", "--outlet", "o",
            "--author", "a", "--title", "t", "--date", "2019"]
    assert main([*args, "--doc-id", "a"]) == 2
    assert "already exists" in capsys.readouterr().err
    (corpus_dir / "raw" / "c.txt").write_text("squatter")
    assert main([*args, "--doc-id", "c"]) == 2
    assert "refusing to overwrite" in capsys.readouterr().err
    assert (corpus_dir / "raw" / "c.txt").read_text() == "squatter"


def test_add_bad_body_end_changes_nothing(corpus_dir, tmp_path, capsys):
    article = tmp_path / "new.txt"
    article.write_text(BODY)
    before = sorted(p.name for p in (corpus_dir / "raw").iterdir()), (corpus_dir / "manifest.csv").read_bytes()
    status = main(["add", str(article), "--corpus", str(corpus_dir), "--doc-id", "n", "--period", "2019",
                   "--outlet", "o", "--author", "a", "--title", "t", "--date", "2019",
                   "--body-end", "not there"])
    assert status == 2 and "does not occur" in capsys.readouterr().err
    after = sorted(p.name for p in (corpus_dir / "raw").iterdir()), (corpus_dir / "manifest.csv").read_bytes()
    assert before == after


def test_add_rolls_back_when_corpus_invalid(corpus_dir, tmp_path, capsys):
    article = tmp_path / "new.txt"
    article.write_text(BODY)
    status = main(["add", str(article), "--corpus", str(corpus_dir), "--doc-id", "n", "--period", "unknown",
                   "--outlet", "o", "--author", "a", "--title", "t", "--date", "2019"])
    assert status == 2 and "unknown period" in capsys.readouterr().err
    assert not (corpus_dir / "raw" / "n.txt").exists()
    assert load_corpus(corpus_dir).manifest["doc_id"].tolist() == ["a", "b"]


def test_unknown_param_is_refused(capsys):
    assert main(["run", "--param", "NO_SUCH_PARAMETER=1"]) == 2
    assert "no notebook defines it" in capsys.readouterr().err


def test_unknown_stage_is_refused(capsys):
    assert main(["run", "--stage", "99-nothing"]) == 2
    assert "not found; choose one of" in capsys.readouterr().err


def test_subprocess_no_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "analysis", "validate", "--corpus", str(tmp_path / "none")],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().startswith("error: ") and proc.stderr.strip().count("\n") == 0


def test_help_documents_every_command():
    proc = subprocess.run([sys.executable, "-m", "analysis", "--help"], capture_output=True, text=True)
    for cmd in ["run", "figures", "validate", "add"]:
        assert cmd in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "analysis", "run", "--help"], capture_output=True, text=True)
    for opt in ["--stage", "--param", "--corpus", "--out"]:
        assert opt in proc.stdout


def test_validate_prints_warnings_and_strict_fails(corpus_dir, capsys):
    (corpus_dir / "raw" / "stray.txt").write_text("not listed")
    assert main(["validate", "--corpus", str(corpus_dir)]) == 0
    captured = capsys.readouterr()
    assert "valid -- 2 documents" in captured.out and "1 warning(s)" in captured.out
    assert captured.err.startswith("warning: ") and "stray.txt: not listed in manifest.csv" in captured.err
    assert main(["validate", "--strict", "--corpus", str(corpus_dir)]) == 2
    assert "--strict treats them as errors" in capsys.readouterr().err


# --------------------------------------------------------------------------- issue 15: add checks before writing
def _tree(root):
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None) for p in root.rglob("*")}


ADD = ["--outlet", "o", "--author", "a", "--title", "t"]


@pytest.mark.parametrize("args, expected", [
    (["--doc-id", "../../escaped_dir/x", "--period", "2019", "--date", "2019"], "--doc-id: doc_id '../../escaped_dir/x' may only use"),
    (["--doc-id", "a..b", "--period", "2019", "--date", "2019"], "may not contain '..'"),
    (["--doc-id", "sub/x", "--period", "2019", "--date", "2019"], "--doc-id: doc_id 'sub/x' may only use"),
    (["--doc-id", "n", "--period", "20 19", "--date", "2019"], "--period: unknown period '20 19'"),
    (["--doc-id", "n", "--period", "2019", "--date", "2019-02-30"], "--date '2019-02-30': not a valid date"),
    (["--doc-id", "n", "--period", "2019", "--date", "2019", "--body-end", "Baku"], "--body-end 'Baku' is found in the middle of line 1"),
    (["--doc-id", "n", "--period", "2019", "--date", "2019", "--body-end", "paragraph"], "--body-end 'paragraph' is found in the middle"),
    (["--doc-id", "n", "--period", "2019", "--date", "2019", "--body-end", "A"], "--body-end 'A' occurs 2 times (first on line 1)"),
    (["--doc-id", "n", "--period", "2019", "--date", "2019", "--language", "az"], "--language 'az': not supported"),
    (["--doc-id", "n", "--period", "2019", "--date", "2019", "--title", " "], "--title: empty"),
])
def test_add_checks_every_argument_before_writing(corpus_dir, tmp_path, capsys, args, expected):
    article = tmp_path / "new.txt"
    article.write_text(BODY)
    before, outside = _tree(corpus_dir), sorted(p.name for p in tmp_path.iterdir())
    assert main(["add", str(article), "--corpus", str(corpus_dir), *ADD, *args]) == 2
    err = capsys.readouterr().err.strip()
    assert expected in err and err.count("\n") == 0
    assert _tree(corpus_dir) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == outside     # no escaped_dir anywhere
    assert not (tmp_path.parent / "escaped_dir").exists()


def test_add_refuses_control_bytes_and_the_same_text_twice(corpus_dir, tmp_path, capsys):
    before = _tree(corpus_dir)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Fine line.\nNUL\x00 here.\n")
    assert main(["add", str(bad), "--corpus", str(corpus_dir), *ADD, "--doc-id", "n", "--period", "2019",
                 "--date", "2019"]) == 2
    assert "bad.txt: line 2, column 4 holds a NUL (U+0000)" in capsys.readouterr().err
    same = tmp_path / "same.txt"
    same.write_bytes((corpus_dir / "raw" / "a.txt").read_bytes())
    assert main(["add", str(same), "--corpus", str(corpus_dir), *ADD, "--doc-id", "a-again", "--period", "2014",
                 "--date", "2014"]) == 2
    assert "the same text is already in the corpus as a (" in capsys.readouterr().err
    assert _tree(corpus_dir) == before


def test_add_killed_before_the_manifest_write_leaves_a_retryable_corpus(corpus_dir, tmp_path, capsys):
    """A crash between the raw copy and the manifest rename: manifest untouched, validate names the file,
    and rerunning the same add finishes the job."""
    article = tmp_path / "new.txt"
    article.write_text(BODY)
    manifest = (corpus_dir / "manifest.csv").read_bytes()
    code = ("import os, analysis.ingest as ing\n"
            "ing.atomic_write_bytes = lambda *a, **k: os._exit(9)\n"
            "from analysis.cli import main\n"
            f"main(['add', {str(article)!r}, '--corpus', {str(corpus_dir)!r}, '--doc-id', 'n', '--period', '2019',"
            " '--outlet', 'o', '--author', 'a', '--title', 't', '--date', '2019'])\n")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 9
    assert (corpus_dir / "manifest.csv").read_bytes() == manifest
    assert sorted(p.name for p in (corpus_dir / "raw").iterdir()) == ["a.txt", "b.txt", "n.txt"]  # no temp file
    assert main(["validate", "--corpus", str(corpus_dir)]) == 0
    assert "n.txt: not listed in manifest.csv" in capsys.readouterr().err
    assert main(["add", str(article), "--corpus", str(corpus_dir), *ADD, "--doc-id", "n", "--period", "2019",
                 "--date", "2019"]) == 0
    assert "reusing the identical file left by an interrupted add" in capsys.readouterr().out
    assert load_corpus(corpus_dir).manifest["doc_id"].tolist() == ["a", "b", "n"]
    assert main(["validate", "--strict", "--corpus", str(corpus_dir)]) == 0


def test_add_interrupted_during_validation_undoes_both_writes(corpus_dir, tmp_path, monkeypatch):
    import analysis.ingest as ingest

    article = tmp_path / "new.txt"
    article.write_text(BODY)
    before = _tree(corpus_dir)

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(ingest, "load_corpus", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ingest.add_article(article, corpus_dir=corpus_dir, doc_id="n", period="2019", outlet="o", author="a",
                           title="t", date="2019")
    assert _tree(corpus_dir) == before


def test_add_warns_when_end_matter_is_longer_than_body(corpus_dir, tmp_path, capsys):
    article = tmp_path / "new.txt"
    article.write_text("Short body.\nAbout the author: " + "bio " * 40)
    assert main(["add", str(article), "--corpus", str(corpus_dir), *ADD, "--doc-id", "n", "--period", "2019",
                 "--date", "2019", "--body-end", "About the author"]) == 0
    assert "warning: " in capsys.readouterr().out


# --------------------------------------------------------------------------- issue 15: Ctrl-C, one period
SLOW = '''# %% [markdown]
# # Slow

# %% tags=["parameters"]
OUT_DIR = "figures"
MARKER = ""

# %%
import os, time
from analysis import config
from analysis._io import atomic_write_text
atomic_write_text(config.resolve(OUT_DIR) / "tables" / "t.csv", "new\\n")
atomic_write_text(config.resolve(OUT_DIR) / "added.csv", "new\\n")
open(MARKER, "w").write(str(os.getpid()))
time.sleep(60)
'''


def _scratch(tmp_path, source, name="00-slow"):
    import os

    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / f"{name}.py").write_text(source)
    (tmp_path / "figures" / "tables").mkdir(parents=True)
    return {**os.environ, "ANALYSIS_PROJECT_ROOT": str(tmp_path)}


def test_ctrl_c_during_a_stage_is_one_line_exit_130_and_undoes_the_stage(tmp_path):
    import os
    import signal
    import time

    from analysis import config

    env = _scratch(tmp_path, SLOW)
    (tmp_path / "figures" / "tables" / "t.csv").write_text("old\n")
    marker = tmp_path / "kernel.pid"
    proc = subprocess.Popen([sys.executable, "-m", "analysis", "run", "--stage", "00", "--corpus",
                             str(config.corpus_dir()), "--param", f"MARKER={marker}"],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not (marker.is_file() and marker.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.is_file(), proc.stderr.read() if proc.poll() is not None else "stage never started"
        os.killpg(proc.pid, signal.SIGINT)      # what Ctrl-C in a terminal does: the whole process group
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    lines = [line for line in err.splitlines() if line.strip()]
    assert proc.returncode == 130, err
    assert len(lines) == 1 and lines[0].startswith("interrupted: stage 00-slow stopped"), err
    assert "Traceback" not in err + out
    assert (tmp_path / "figures" / "tables" / "t.csv").read_text() == "old\n"     # the stage is undone
    assert sorted(p.name for p in (tmp_path / "figures").rglob("*")) == ["t.csv", "tables"]
    assert not (tmp_path / "notebooks" / "00-slow.ipynb").exists()
    kernel = int(marker.read_text())
    deadline = time.monotonic() + 10
    while os.path.exists(f"/proc/{kernel}") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not os.path.exists(f"/proc/{kernel}"), "the kernel outlived the run"


ONE_PERIOD = '''# %% [markdown]
# # Compare

# %% tags=["parameters"]
CORPUS_DIR = "corpus"

# %%
from analysis.corpus import load_corpus
load_corpus(CORPUS_DIR).require_periods(2, analysis="the toy comparison")
'''


def test_run_on_a_one_period_corpus_says_why_in_one_line(tmp_path, make_corpus, monkeypatch, capsys):
    _scratch(tmp_path, ONE_PERIOD, name="00-compare")
    monkeypatch.setenv("ANALYSIS_PROJECT_ROOT", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    corpus = make_corpus([{"doc_id": "a", "period": "2014", "text": "One. Two."},
                          {"doc_id": "b", "period": "2014", "text": "Three. Four."}], name="one")
    assert main(["validate", "--corpus", str(corpus)]) == 0         # valid: one period is a corpus ...
    capsys.readouterr()
    assert main(["run", "--stage", "00", "--corpus", str(corpus)]) == 2   # ... that a comparison refuses
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Traceback" not in err
    assert err.startswith("error: notebooks/00-compare.ipynb: cell 3: ")   # after the injected CORPUS_DIR cell
    assert "the toy comparison compares periods and needs 2 periods; the corpus has 2014 (2 documents)" in err
    assert "python -m analysis add FILE --period LABEL" in err


def test_bad_param_value_refused_before_any_stage_runs(capsys):
    assert main(["run", "--param", "N_RESAMPLES=many"]) == 2     # fails in the plan, before the lock and any stage
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "--param N_RESAMPLES='many': expected an integer like its default" in err
    assert main(["run", "--stage", "00", "--param", "OUT_DIR=" + "x" * 5000]) == 2
    assert "at most 2,000 are accepted" in capsys.readouterr().err


def test_sigterm_during_add_undoes_it_and_exits_143(corpus_dir, tmp_path):
    """Outside a stage a signal takes the usual path, so `add` rolls back before the one-line exit."""
    article = tmp_path / "new.txt"
    article.write_text(BODY)
    before = _tree(corpus_dir)
    code = ("import os, signal, analysis.ingest as ing\n"
            "ing.load_corpus = lambda *a, **k: os.kill(os.getpid(), signal.SIGTERM)\n"
            "from analysis.cli import main\n"
            f"raise SystemExit(main(['add', {str(article)!r}, '--corpus', {str(corpus_dir)!r}, '--doc-id', 'n',"
            " '--period', '2019', '--outlet', 'o', '--author', 'a', '--title', 't', '--date', '2019']))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 143
    assert proc.stderr.strip() == "terminated: the corpus is unchanged; rerun to finish"
    assert _tree(corpus_dir) == before
