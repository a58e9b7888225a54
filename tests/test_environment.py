"""environment.yml, pyproject.toml and requirements.lock agree; nothing downloads at run time."""

from __future__ import annotations

import re
import tomllib

import yaml

from analysis import config

ROOT = config.PACKAGE_DIR.parents[1]


def _pins(lines):
    return {re.split(r"==", l)[0].strip().lower().replace("_", "-"): l.split("==")[1].strip()
            for l in lines if "==" in l}


def test_environment_yml_matches_pyproject():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert _pins(deps) == _pins(pip)
    assert "python=3.11" in env["dependencies"]


def test_lock_pins_every_direct_dependency_at_the_same_version():
    deps = _pins(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"])
    lock = _pins((ROOT / "requirements.lock").read_text().splitlines())
    for name, version in deps.items():
        assert lock.get(name) == version, name


def test_required_packages_present():
    deps = _pins(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"])
    for name in ["jupyterlab", "pandas", "scikit-learn", "seaborn", "textstat"]:
        assert name in deps


def test_no_runtime_download_calls_in_library():
    pattern = re.compile(r"nltk\.download|spacy\.cli\.download|urlopen|requests\.(get|post)|hf_hub_download")
    for path in (ROOT / "src" / "analysis").rglob("*.py"):
        assert not pattern.search(path.read_text()), path
