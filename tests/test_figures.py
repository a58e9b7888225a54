"""Export: three formats, byte-identical reruns, atomic writes, tidy tables."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import figures


def _figure():
    fig, ax = figures.new_figure("single")
    ax.plot([0, 1, 2], [1, 3, 2], label="x")
    ax.set_title("test")
    return fig


def test_save_figure_writes_three_formats_identically(tmp_path):
    with figures.paper_style():
        fig = _figure()
        first = {p.name: p.read_bytes() for p in figures.save_figure(fig, "demo", out_dir=tmp_path)}
        second = {p.name: p.read_bytes() for p in figures.save_figure(_figure(), "demo", out_dir=tmp_path / "b")}
    assert sorted(first) == ["demo.pdf", "demo.png", "demo.svg"]
    assert first == second
    assert b"CreationDate" not in first["demo.pdf"]
    assert b"<dc:date>" not in first["demo.svg"]


def test_png_is_300_dpi_and_column_width(tmp_path):
    from PIL import Image

    with figures.paper_style():
        path = figures.save_figure(_figure(), "w", out_dir=tmp_path, formats=("png",))[0]
    img = Image.open(path)
    assert img.info["dpi"][0] == pytest.approx(300, abs=1)
    assert img.size[0] <= 3.5 * 300 + 10


def test_no_temp_files_left(tmp_path):
    figures.save_figure(_figure(), "t", out_dir=tmp_path)
    figures.save_table(pd.DataFrame({"a": [1.0]}), "t", out_dir=tmp_path, latex=True)
    assert not [p for p in tmp_path.rglob("*") if p.name.startswith(".")]


def test_save_table(tmp_path):
    df = pd.DataFrame({"period": ["2014", "2024"], "share": [1 / 3, 0.5]})
    paths = figures.save_table(df, "shares", out_dir=tmp_path, latex=True)
    assert [p.name for p in paths] == ["shares.csv", "shares.md", "shares.tex"]
    assert (tmp_path / "tables" / "shares.csv").read_text() == "period,share\n2014,0.333333\n2024,0.5\n"
    md = (tmp_path / "tables" / "shares.md").read_text().splitlines()
    assert md[0] == "| period | share |" and md[2] == "| 2014 | 0.333 |"


def test_bad_names_refused(tmp_path):
    with pytest.raises(ValueError):
        figures.save_figure(_figure(), "../x", out_dir=tmp_path)
    with pytest.raises(ValueError):
        figures.new_figure("triple")


def test_period_colors_stable():
    assert figures.period_colors(["2024", "2014"]) == figures.period_colors(["2014", "2024", "2014"])


def test_latex_column_format(tmp_path):
    df = pd.DataFrame({"function": ["problem"], "2014": ["A long sentence."], "2024": ["Another one."]})
    figures.save_table(df, "entman", out_dir=tmp_path, latex=True, column_format="lp{5cm}p{5cm}")
    assert "\\begin{tabular}{lp{5cm}p{5cm}}" in (tmp_path / "tables" / "entman.tex").read_text()


def test_svg_ids_do_not_depend_on_float_noise():
    a = b'<path clip-path="url(#p2f853a2650)"/><clipPath id="p2f853a2650"><rect/></clipPath>'
    b = b'<path clip-path="url(#p60f2d280f4)"/><clipPath id="p60f2d280f4"><rect/></clipPath>'
    assert figures._stable_svg_ids(a) == figures._stable_svg_ids(b)
    assert b'url(#id00000)' in figures._stable_svg_ids(a)


# --------------------------------------------------------------------------- computing vs drawing
COMPUTING_MODULES = ["analysis.corpus", "analysis.segment", "analysis.overview", "analysis.readability",
                     "analysis.diversity", "analysis.style", "analysis.keyness", "analysis.framing",
                     "analysis.stats", "analysis.validation", "analysis.resources"]
PLOT_MODULES = ["analysis.figures", "analysis.plots.keyness", "analysis.plots.framing", "analysis.plots.readability",
                "analysis.plots.style", "analysis.plots.overview", "analysis.plots.labels"]


def test_computing_modules_import_no_matplotlib_and_plots_configure_nothing():
    """In a fresh process: computing modules never import matplotlib (drawing lives in analysis.plots),
    and importing the drawing modules chooses no backend."""
    import os
    import subprocess
    import sys

    code = (f"import sys\nfor m in {COMPUTING_MODULES!r}:\n    __import__(m)\n"
            "    assert 'matplotlib' not in sys.modules, m\n"
            f"for m in {PLOT_MODULES!r}:\n    __import__(m)\n"
            "import matplotlib\nprint(matplotlib.rcParams._get_backend_or_none())")
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr.strip().splitlines()[-1:]
    assert out.stdout.strip() == "None"   # no backend chosen at import


@pytest.mark.parametrize("start", ["defaults", "changed"])
def test_stored_paper_theme_equals_seaborns(start):
    """apply_paper_style reads seaborn's theme from resources/paper_theme.json; it must equal seaborn's."""
    import matplotlib as mpl
    import seaborn as sns

    from analysis import figures

    assert figures.PALETTE == sns.color_palette("colorblind").as_hex()
    states = []
    for way in ("seaborn", "stored"):
        with mpl.rc_context():
            mpl.rcdefaults()
            if start == "changed":  # e.g. what a notebook backend or a user set before
                mpl.rcParams.update({"axes.grid": True, "font.size": 13, "xtick.direction": "in",
                                     "axes.labelcolor": "red", "patch.facecolor": "green"})
            if way == "seaborn":
                sns.set_theme(context="paper", style="ticks", palette=figures.PALETTE, rc=figures._RC)
                mpl.rcParams.update(figures._RC)
            else:
                figures.apply_paper_style()
            states.append(dict(mpl.rcParams))
    # image.cmap: seaborn's "rocket" exists only once seaborn is imported; every figure names its map
    assert {k for k in states[0] if states[0][k] != states[1][k]} <= {"image.cmap"}
