"""One paper style and one export path for every figure and table.

- :func:`paper_style` / :func:`apply_paper_style` -- journal-column sizes, 8-pt fonts,
  the colour-blind-safe palette of Okabe & Ito (2008) as used by seaborn's
  ``"colorblind"`` palette.
- :func:`new_figure` -- a figure sized for a single (3.5 in) or double (7 in) column.
- :func:`save_figure` -- PDF + SVG + 300-dpi PNG, byte-identical across runs.
- :func:`save_table` -- tidy CSV + Markdown (+ LaTeX), byte-identical across runs.

All writes are atomic (temporary file + rename). Computing lives in the analysis
modules, drawing in :mod:`analysis.plots`; this module holds the style and writes files.
Importing it configures nothing (no backend is chosen: matplotlib picks a non-interactive
one when there is no display, and notebooks use inline via :func:`setup_notebook`).

References
----------
.. [1] Okabe, M., & Ito, K. (2008). Color Universal Design (CUD): how to make figures
       and presentations that are friendly to colorblind people. https://jfly.uni-koeln.de/color/
"""

from __future__ import annotations

import io
import json
import re
from contextlib import contextmanager
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd

from . import config
from ._io import atomic_write_bytes, atomic_write_text

#: Figure widths in inches for a journal page.
WIDTHS = {"single": 3.5, "onehalf": 5.2, "double": 7.0}
#: seaborn's paper theme, stored: importing seaborn costs ~1.5 s in every notebook kernel and it
#: is used for nothing else (resources/paper_theme.json; tests/test_figures.py checks it against seaborn).
_THEME = json.loads((config.RESOURCES_DIR / "paper_theme.json").read_text(encoding="utf-8"))
#: Colour-blind-safe palette (Okabe-Ito order, seaborn's "colorblind").
PALETTE = list(_THEME["palette"])
DPI = 300
FORMATS = ("pdf", "svg", "png")

_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 8.5,
    "axes.labelsize": 8,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "legend.title_fontsize": 7.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.linewidth": 0.6,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "lines.linewidth": 1.2,
    "savefig.dpi": DPI,
    "figure.dpi": 150,
    "pdf.fonttype": 42,       # embed TrueType: text stays editable in the PDF
    "svg.fonttype": "none",   # text as text in SVG
    "svg.hashsalt": "azir-discourse",  # deterministic element ids in SVG
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
}
_METADATA = {
    "pdf": {"CreationDate": None, "Creator": None, "Producer": None},
    "svg": {"Date": None, "Creator": None},
    "png": {"Software": None},
}


def apply_paper_style() -> None:
    """Set the paper style for this session (call once at the top of a notebook)."""
    # = sns.set_theme(context="paper", style="ticks", palette=PALETTE, rc=_RC)
    matplotlib.rcParams.update(_THEME["rc"])
    matplotlib.rcParams.update(_RC)


@contextmanager
def paper_style():
    """Context manager form of :func:`apply_paper_style` that restores the old settings."""
    with matplotlib.rc_context():
        apply_paper_style()
        yield


def period_colors(periods) -> dict:
    """Map period labels (sorted) to palette colours, the same colour for a period everywhere."""
    labels = sorted({str(p) for p in periods})
    return {p: PALETTE[i % len(PALETTE)] for i, p in enumerate(labels)}


def new_figure(width: str | float = "single", *, aspect: float = 0.75, nrows: int = 1, ncols: int = 1,
               **subplots_kw):
    """Create a figure sized for a journal column.

    Parameters
    ----------
    width : {"single", "onehalf", "double"} or float, default="single"
        Column preset or width in inches.
    aspect : float, default=0.75
        Height / width.
    nrows, ncols : int
        Subplot grid.

    Returns
    -------
    fig, axes
    """
    if isinstance(width, str) and width not in WIDTHS:
        raise ValueError(f"width must be one of {list(WIDTHS)} or inches, got {width!r}")
    w = WIDTHS[width] if isinstance(width, str) else float(width)
    return plt.subplots(nrows, ncols, figsize=(w, w * aspect), layout="constrained", **subplots_kw)


def _out_dir(out_dir) -> Path:
    return config.resolve(out_dir) if out_dir is not None else config.figures_dir()


def save_figure(fig, name: str, *, out_dir=None, formats=FORMATS, close: bool = False) -> list[Path]:
    """Write ``fig`` as ``<out_dir>/<name>.{pdf,svg,png}``, deterministically and atomically.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    name : str
        File stem that says what the figure is, e.g. ``"frames-by-period"``.
    out_dir : str or Path, default=None
        Output directory (default: the project's ``figures/``).
    formats : tuple of str, default=("pdf", "svg", "png")
    close : bool, default=False
        Close the figure after saving.

    Returns
    -------
    list of Path
    """
    if not name or "/" in name or name.startswith("."):
        raise ValueError(f"figure name must be a plain file stem, got {name!r}")
    out = _out_dir(out_dir)
    paths = []
    with matplotlib.rc_context({"svg.hashsalt": _RC["svg.hashsalt"], "svg.fonttype": "none",
                                "pdf.fonttype": 42}):
        for fmt in formats:
            buf = io.BytesIO()
            fig.savefig(buf, format=fmt, dpi=DPI, metadata=_METADATA.get(fmt), bbox_inches="tight",
                        pad_inches=0.02)
            data = _stable_svg_ids(buf.getvalue()) if fmt == "svg" else buf.getvalue()
            paths.append(atomic_write_bytes(out / f"{name}.{fmt}", data))
    if close:
        plt.close(fig)
    return paths


_SVG_HASH_ID = re.compile(rb'id="([a-z][0-9a-f]{10})"')


def _stable_svg_ids(svg: bytes) -> bytes:
    """Rename matplotlib's hash-based SVG ids by order of appearance.

    matplotlib derives a clip-path id from the full-precision clip box, so a last-bit
    difference in layout between runs changes the id (and nothing visible). Sequential
    ids make the file depend only on what is drawn.
    """
    mapping = {}
    for match in _SVG_HASH_ID.finditer(svg):
        mapping.setdefault(match.group(1), f"id{len(mapping):05d}".encode())
    if not mapping:
        return svg
    pattern = re.compile(rb"\b(" + b"|".join(re.escape(k) for k in mapping) + rb")\b")
    return pattern.sub(lambda m: mapping[m.group(1)], svg)


def save_table(df: pd.DataFrame, name: str, *, out_dir=None, markdown: bool = True, latex: bool = False,
               float_format: str = "%.6g", caption: str | None = None,
               column_format: str | None = None) -> list[Path]:
    """Write a tidy table as CSV (+ Markdown, + LaTeX) under ``<out_dir>/tables/``.

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy: one row per observation, explicit column names with units.
    name : str
        File stem, e.g. ``"readability"``.
    out_dir : str or Path, default=None
        Output root (tables go to its ``tables/`` subdirectory).
    markdown, latex : bool
        Also write ``.md`` / ``.tex`` for humans and papers.
    float_format : str, default="%.6g"
        Float format of the CSV (fixed so reruns are byte-identical).
    caption : str, default=None
        Caption for the LaTeX table.
    column_format : str, default=None
        LaTeX column specification, e.g. ``"lp{6cm}p{6cm}"``. By default numbers are
        right-aligned and text columns with cells longer than 60 characters wrap in
        ``p{}`` columns sharing a 15 cm text width (see :func:`latex_column_format`).

    Returns
    -------
    list of Path
    """
    if not name or "/" in name or name.startswith("."):
        raise ValueError(f"table name must be a plain file stem, got {name!r}")
    out = config.tables_dir(out_dir)
    paths = [atomic_write_text(out / f"{name}.csv",
                               df.to_csv(index=False, float_format=float_format, lineterminator="\n"))]
    if markdown:
        paths.append(atomic_write_text(out / f"{name}.md", to_markdown(df) + "\n"))
    if latex:
        tex = df.to_latex(index=False, float_format=lambda v: f"{v:.3g}", caption=caption,
                          label=f"tab:{name}", escape=True,
                          column_format=column_format or latex_column_format(df))
        paths.append(atomic_write_text(out / f"{name}.tex", tex))
    return paths


def latex_column_format(df: pd.DataFrame, *, text_width_cm: float = 15.0, wrap_above: int = 60) -> str:
    """LaTeX column spec: ``r`` for numbers, ``l`` for short text, ``p{..cm}`` for long text.

    Examples
    --------
    >>> latex_column_format(pd.DataFrame({"n": [1], "s": ["x" * 80]}))
    'rp{15cm}'
    """
    long = [c for c in df.columns if not pd.api.types.is_numeric_dtype(df[c]) and df[c].astype(str).str.len().max() > wrap_above]
    width = text_width_cm / max(len(long), 1)
    spec = []
    for c in df.columns:
        if c in long:
            spec.append(f"p{{{width:.3g}cm}}")
        elif pd.api.types.is_numeric_dtype(df[c]):
            spec.append("r")
        else:
            spec.append("l")
    return "".join(spec)


def to_markdown(df: pd.DataFrame, float_digits: int = 3) -> str:
    """Render a DataFrame as a GitHub-flavoured Markdown table (floats to ``float_digits`` significant digits)."""
    def cell(v):
        if isinstance(v, float):
            return "" if pd.isna(v) else f"{v:.{float_digits}g}"
        return str(v).replace("|", "\\|").replace("\n", " ")
    header = "| " + " | ".join(str(c) for c in df.columns) + " |"
    rule = "| " + " | ".join("---" for _ in df.columns) + " |"
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join([header, rule, *body])


def setup_notebook() -> None:
    """Configure a notebook: paper style, deterministic inline PNGs, tidy pandas display."""
    apply_paper_style()
    pd.set_option("display.max_colwidth", 120)
    pd.set_option("display.precision", 3)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency
        return
    ip = get_ipython()
    if ip is None:
        return
    ip.run_line_magic("matplotlib", "inline")
    ip.run_line_magic("config", 'InlineBackend.figure_formats = ["png"]')
    ip.run_line_magic("config", 'InlineBackend.print_figure_kwargs = '
                                '{"bbox_inches": "tight", "metadata": {"Software": None}}')
    apply_paper_style()  # %matplotlib inline resets some rcParams
