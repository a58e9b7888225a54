"""The report and the term explorer in a real browser (headless Chromium).

Chromium is installed by the session fixture when missing (``apt-get install -y chromium``,
as root or through passwordless sudo); the tests skip, naming the reason, only when that is
impossible. The browser runs with every host name unresolvable, so a figure or script that
needed the network would fail to load.

The report is built from a small temporary copy of the outputs (two figures, four tables, a
one-row actor table, one notebook) so the whole file runs in a few seconds.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess

import pytest

from analysis import config
from analysis.report import MAX_CONTEXTS, build_report, remote_references

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost", "--virtual-time-budget=5000"]
IMAGE_CHECK = """<script>
window.addEventListener("load", function () {
  var imgs = Array.prototype.slice.call(document.images);
  var broken = imgs.filter(function (i) { return !(i.complete && i.naturalWidth > 0); });
  document.body.setAttribute("data-images", String(imgs.length));
  document.body.setAttribute("data-broken", broken.map(function (i) { return i.alt || i.src.slice(0, 40); }).join("|"));
});
</script>"""


def _find_browser():
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


def _install_chromium() -> str:
    """Try to install Chromium with apt-get; return '' on success, else the reason."""
    apt = shutil.which("apt-get")
    if apt is None:
        return "apt-get not available on this machine"
    prefix = [] if os.geteuid() == 0 else (["sudo", "-n"] if shutil.which("sudo") else None)
    if prefix is None:
        return "not root and no sudo: install it with `apt-get install chromium`"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in ([*prefix, apt, "install", "-y", "chromium"], [*prefix, apt, "update"],
                [*prefix, apt, "install", "-y", "chromium"]):
        try:
            res = subprocess.run(cmd, capture_output=True, text=True, timeout=900, env=env)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"{' '.join(cmd)} failed: {exc}"
        if res.returncode == 0 and cmd[-1] == "chromium" and _find_browser():
            return ""
    tail = (res.stderr or res.stdout).strip().splitlines()[-1:] or [""]
    return f"apt-get install chromium failed: {tail[0]}"


@pytest.fixture(scope="session")
def browser():
    """Path of a headless-capable Chromium, installed on first use when missing."""
    path = _find_browser()
    if path is None:
        reason = _install_chromium()
        path = _find_browser()
        if path is None:
            pytest.skip(f"headless Chromium unavailable: {reason}")
    return path


def _run(browser, *args, timeout=90) -> str:
    res = subprocess.run([browser, *FLAGS, *args], capture_output=True, text=True, timeout=timeout)
    assert res.returncode == 0, res.stderr[-2000:]
    return res.stdout


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """A report built from a small copy of the outputs: figures, tables, one executed notebook."""
    root = tmp_path_factory.mktemp("report")
    src = config.figures_dir()
    out, nbs = root / "figures", root / "notebooks"
    (out / "tables").mkdir(parents=True)
    nbs.mkdir()
    for png in sorted(src.glob("*.png"))[:2]:  # any two figures (unclaimed ones go under "Further figures")
        shutil.copy(png, out / png.name)
    for name in ("corpus_summary", "frames_by_period", "frames_paragraphs", "keyness"):  # DESIGN §6 tables
        if (src / "tables" / f"{name}.csv").is_file():
            shutil.copy(src / "tables" / f"{name}.csv", out / "tables" / f"{name}.csv")
    # a sentence-level actor table as notebook 04 writes it (one hand-made row)
    (out / "tables" / "actor_mentions.csv").write_text(
        "doc_id,period,sent_id,actor\n2014-eurasianet-mamedov,2014,2,Iran\n", encoding="utf-8")
    shutil.copy(config.notebooks_dir() / "00-corpus.ipynb", nbs / "00-corpus.ipynb")
    index = build_report(out, notebooks_dir=nbs, corpus_dir=config.corpus_dir())
    return index.parent


def test_report_is_self_contained(report):
    text = (report / "index.html").read_text(encoding="utf-8")
    assert remote_references(text) == []
    assert not re.search(r"<(script|link)\b[^>]*(src|href)=", text)  # no external script or style
    assert text.count('src="data:image/png;base64,') == 2
    page = (report / "notebooks" / "00-corpus.html").read_text(encoding="utf-8")
    assert remote_references(page) == [] and "cdnjs" not in page


def test_every_figure_loads(browser, report):
    text = (report / "index.html").read_text(encoding="utf-8")
    check = report / "index-check.html"  # a copy with the image check; the report itself has no script
    check.write_text(text.replace("</body>", IMAGE_CHECK + "</body>"), encoding="utf-8")
    dom = _run(browser, "--dump-dom", check.as_uri())
    n = re.search(r'data-images="(\d+)"', dom)
    broken = re.search(r'data-broken="([^"]*)"', dom)
    assert n and int(n.group(1)) == 2, dom[:500]
    assert broken and broken.group(1) == "", f"images that did not load: {broken.group(1)}"
    page = (report / "notebooks" / "00-corpus.html").read_text(encoding="utf-8")
    check = report / "notebooks" / "00-check.html"
    check.write_text(page.replace("</body>", IMAGE_CHECK + "</body>"), encoding="utf-8")
    dom = _run(browser, "--dump-dom", check.as_uri())
    n = re.search(r'data-images="(\d+)"', dom)
    assert n and int(n.group(1)) >= 1 and 'data-broken=""' in dom  # the notebook page's own figures


def test_explorer_search_shows_contexts(browser, report):
    url = (report / "explorer.html").as_uri() + "#q=iran"
    dom = _run(browser, "--dump-dom", url)
    assert 'data-ready="1"' in dom, "the explorer script did not run"
    assert 'data-selected="iran"' in dom
    rows = re.findall(r'<div class="kwic" data-period="(\d+)">(.*?)</div>', dom)
    assert {p for p, _ in rows} == {"2014", "2024"}  # contexts from each article
    assert all("<b>iran</b>" in html.unescape(r).lower() for _, r in rows)
    assert len([p for p, _ in rows if p == "2014"]) <= MAX_CONTEXTS
    assert "diplomacy" in dom  # frames of the paragraphs it occurs in
    assert re.search(r"<td>Iran</td><td class=\"n\">1</td><td class=\"n\">0</td>", dom)  # actors
    missing = _run(browser, "--dump-dom", (report / "explorer.html").as_uri() + "#q=zzzqqq")
    assert "No term matches" in missing and 'data-selected=""' in missing
