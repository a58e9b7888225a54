"""The report page: the study from question to limits, on one self-contained HTML page."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .html import esc, markdown, png_data_uri, read_table, table_html
from .sources import CLOSING_HEADING, NotebookSummary

TITLE = "Azerbaijan–Iran relations in opinion writing, 2014 and 2024: what changed"

#: Tables shown as a stage's key table when the stage saves them, in order of preference, with the
#: columns to show (``None``: the first ``MAX_COLUMNS``). Other stages fall back to their first
#: table with an interval, then their first table.
KEY_TABLES = {
    "synthesis_summary_wide": None,
    "corpus_summary": ["doc_id", "period", "outlet", "author", "date", "paragraphs", "sentences", "words",
                       "flagged_sentences"],
    "readability_by_period": ["period", "metric", "value", "ci_low", "ci_high"],
    "stance": ["period", "category", "count", "rate_per_1000", "ci_low", "ci_high", "difference", "p_value"],
    "keyness_top": ["reference", "period", "rank", "term", "count_2014", "count_2024", "z"],
    "frames_by_period": ["period", "frame", "share", "ci_low", "ci_high", "n", "unit"],
    "drivers_by_frame": ["period", "frame", "role", "n"],
    "actor_role_shift": None,
    "actor_roles": ["period", "actor", "role", "n"],
    "sentiment_by_period": ["period", "lexicon", "estimate", "ci_low", "ci_high", "n", "unit"],
    "relationship_tone_pairs": ["pair", "period", "estimate", "ci_low", "ci_high", "n", "cooperation", "conflict"],
    "sentiment_actors": ["period", "actor", "lexicon", "mean", "ci_low", "ci_high", "n"],
    "topics_labels": ["model", "topic", "label", "top_weight", "stability", "stable"],
    "topic_prevalence": ["model", "period", "topic", "share", "ci_low", "ci_high", "unit", "label"],
}
MAX_COLUMNS = 10
#: Rows shown of a key table (default 30); the summary table is shown whole up to this many.
KEY_TABLE_ROWS = {"synthesis_summary_wide": 100}
MAX_TABLES_PER_STAGE = 2

CSS = """
body{font:16px/1.5 Georgia,'DejaVu Serif',serif;color:#222;max-width:62rem;margin:0 auto;padding:1rem 1.5rem 4rem}
h1{font-size:1.7rem;line-height:1.25;margin-bottom:.2rem} h2{margin-top:2.5rem;border-top:1px solid #ccc;padding-top:1rem}
h3{font-size:1.05rem;margin-top:1.6rem} nav ol{columns:2;column-gap:3rem;font-size:.95rem} nav li{break-inside:avoid}
.sub{color:#555;margin-top:0} .note{font-size:.85rem;color:#555;margin:.2rem 0 1rem}
figure{margin:1.2rem 0;text-align:center} figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.85rem;color:#444;margin-top:.3rem}
.table-wrap{overflow-x:auto} table{border-collapse:collapse;font:13px/1.35 'DejaVu Sans',Arial,sans-serif;margin:.5rem 0}
th,td{border-bottom:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top} th{background:#f4f4f4}
td.num{text-align:right;font-variant-numeric:tabular-nums} caption{text-align:left;font-weight:bold;padding:.3rem 0}
pre.out{white-space:pre-wrap;background:#f7f7f7;border-left:3px solid #0072b2;padding:.5rem .8rem;font-size:.85rem}
.closing{background:#fbfaf5;border:1px solid #e6e0c8;padding:.2rem 1rem;margin-top:1rem}
details{margin:.5rem 0} summary{cursor:pointer;color:#0072b2}
a{color:#0060a0} .missing{color:#a33}
"""


#: Screen pixels per inch of figure: a double-column (7 in) figure shows 910 px wide, a single-column one half that.
DISPLAY_PPI = 130
SOURCE_DPI = 300


def _figure_html(name: str, out_dir: Path) -> str:
    from PIL import Image

    png = out_dir / f"{name}.png"
    pdf = f"../{name}.pdf"
    caption = name.replace("-", " ").replace("_", " ")
    with Image.open(png) as img:
        width = round(img.width / SOURCE_DPI * DISPLAY_PPI)
    return (f'<figure id="fig-{esc(name)}"><img src="{png_data_uri(png)}" width="{width}" alt="{esc(caption)}">'
            f'<figcaption>{esc(caption)} (<a href="{esc(pdf)}">PDF</a>, '
            f'<a href="../{esc(name)}.svg">SVG</a>)</figcaption></figure>')


def key_tables(summary: NotebookSummary, tables_dir: Path) -> list[str]:
    """Names of the tables shown for a stage (see :data:`KEY_TABLES`)."""
    saved = [t for t in summary.tables if (tables_dir / f"{t}.csv").is_file()]
    chosen = [t for t in KEY_TABLES if t in saved][:MAX_TABLES_PER_STAGE]
    if chosen:
        return chosen
    for t in saved:
        cols = pd.read_csv(tables_dir / f"{t}.csv", nrows=0).columns
        if "ci_low" in cols:
            return [t]
    return saved[:1]


def _table_block(name: str, tables_dir: Path) -> str:
    df = read_table(tables_dir / f"{name}.csv")
    cols = KEY_TABLES.get(name)
    cols = [c for c in cols if c in df.columns] if cols else list(df.columns[:MAX_COLUMNS])
    return table_html(df[cols], caption=f"{name}.csv", source=f"../tables/{name}.csv",
                      max_rows=KEY_TABLE_ROWS.get(name, 30))


def _closing_html(summary: NotebookSummary) -> str:
    if not summary.closing:
        return ""
    parts = []
    for kind, text in summary.closing:
        parts.append(markdown(text) if kind == "markdown" else f'<pre class="out">{esc(text)}</pre>')
    return f'<div class="closing"><h3>{esc(CLOSING_HEADING)}</h3>{"".join(parts)}</div>'


def stage_section(summary: NotebookSummary, out_dir: Path, *, max_figures: int = 4) -> str:
    """One section of the report and the figures left for "Further figures".

    Returns
    -------
    tuple of (str, list of str)
        The section's HTML (question and method, key figures, key tables, closing text) and
        the names of the stage's figures beyond ``max_figures``.
    """
    tables_dir = out_dir / "tables"
    figs = [f for f in summary.figures if (out_dir / f"{f}.png").is_file()][:max_figures]
    more = [f for f in summary.figures if (out_dir / f"{f}.png").is_file()][max_figures:]
    body = [f'<section id="{esc(summary.stage)}"><h2>{esc(summary.title)}</h2>',
            f'<p class="note">Notebook <a href="notebooks/{esc(summary.stage)}.html">{esc(summary.stage)}</a>'
            + ("" if summary.executed else ' <span class="missing">(not executed yet)</span>') + "</p>"]
    if summary.intro:
        body.append(f"<details><summary>Question and method</summary>{markdown(summary.intro)}</details>")
    body += [_figure_html(f, out_dir) for f in figs]
    if more:
        body.append('<p class="note">More figures from this notebook: '
                    + ", ".join(f'<a href="#fig-{esc(f)}">{esc(f)}</a>' for f in more) + ".</p>")
    body += [_table_block(t, tables_dir) for t in key_tables(summary, tables_dir)]
    body.append(_closing_html(summary))
    body.append("</section>")
    return "\n".join(body), more


def _corpus_block(tables_dir: Path) -> str:
    path = tables_dir / "corpus_summary.csv"
    if not path.is_file():
        return ""
    df = read_table(path)
    n_docs = len(df)
    periods = sorted(df["period"].astype(str).unique())
    lines = [f"The corpus holds {n_docs} article{'s' if n_docs != 1 else ''} in {len(periods)} periods "
             f"({', '.join(periods)}). Every comparison below is between these groups of documents."]
    return "<p>" + esc(" ".join(lines)) + "</p>"


QUESTION = ("How did the way opinion writers analyse Azerbaijan–Iran relations change between 2014 and 2024? "
            "The suite compares the articles of each period on their style and stance, distinctive vocabulary, "
            "frames, the drivers and risks they name, the roles they give actors, their tone and the tone of the "
            "relationship they describe, and their topics; the synthesis puts the measures side by side and says "
            "where the evidence is too thin to carry a conclusion.")


def _limits_block(tables_dir: Path) -> str:
    """The limits, dimension by dimension, from ``synthesis_limits.csv`` (written by the synthesis)."""
    path = tables_dir / "synthesis_limits.csv"
    if not path.is_file():
        return ""
    df = read_table(path)
    if not {"dimension", "statement"} <= set(df.columns):
        return ""
    items = "".join(f"<li><b>{esc(r.dimension)}.</b> {esc(r.statement)}</li>" for r in df.itertuples(index=False))
    return (f'<section id="limits"><h2>Limits: where the evidence is too thin</h2><ul>{items}</ul>'
            '<p class="note">Generated from the synthesis tables (synthesis_limits.csv).</p></section>')


def _provenance_block(out_dir: Path) -> str:
    path = out_dir / "provenance.json"
    if not path.is_file():
        return ""
    data = json.loads(path.read_text(encoding="utf-8"))
    pkgs = ", ".join(f"{k} {v}" for k, v in sorted(data.get("packages", {}).items()) if v)
    return f'<p class="note">Python {esc(data.get("python", ""))}; {esc(pkgs)}.</p>'


def index_html(summaries: list[NotebookSummary], out_dir: str | Path, *, title: str = TITLE,
               explorer: bool = True, max_figures: int = 4) -> str:
    """Assemble the report page.

    Parameters
    ----------
    summaries : list of NotebookSummary
        One per executed notebook, in stage order.
    out_dir : str or Path
        The output root (``figures/``): figures there, tables in ``tables/``.
    title : str
    explorer : bool, default=True
        Link the term explorer.
    max_figures : int, default=4
        Figures shown inline per stage; further ones are shown under "Further figures".

    Returns
    -------
    str
    """
    out_dir = Path(out_dir)
    sections, extra = [], []
    for s in summaries:
        html, more = stage_section(s, out_dir, max_figures=max_figures)
        sections.append(html)
        extra += more
    claimed = {f for s in summaries for f in s.figures}
    unclaimed = sorted(p.stem for p in out_dir.glob("*.png") if p.stem not in claimed)
    further = extra + unclaimed
    nav = "".join(f'<li><a href="#{esc(s.stage)}">{esc(s.title)}</a></li>' for s in summaries)
    if further:
        nav += '<li><a href="#further">Further figures</a></li>'
    if (out_dir / "tables" / "synthesis_limits.csv").is_file():
        nav += '<li><a href="#limits">Limits</a></li>'
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{esc(title)}</title><style>{CSS}</style></head><body>",
             f"<header><h1>{esc(title)}</h1>",
             '<p class="sub">A reproducible discourse analysis: every number, figure and sentence of '
             "interpretation below is regenerated by <code>make all</code>. Each section links to its "
             "executed notebook.</p></header>",
             f'<section id="question"><h2>The question</h2><p>{esc(QUESTION)}</p>',
             _corpus_block(out_dir / "tables"),
             (f'<p>Explore the vocabulary term by term in the <a href="explorer.html">term explorer</a> '
              "(frequency in each period, keyness, keywords in context, frames and actors).</p>"
              if explorer else ""), "</section>",
             f"<nav><h2>Contents</h2><ol>{nav}</ol></nav>", *sections]
    if further:
        parts.append('<section id="further"><h2>Further figures</h2>')
        parts += [_figure_html(f, out_dir) for f in further]
        parts.append("</section>")
    parts.append(_limits_block(out_dir / "tables"))
    parts.append(f"<footer><h2>Software</h2>{_provenance_block(out_dir)}</footer></body></html>")
    return "\n".join(p for p in parts if p) + "\n"


def gallery_markdown(summaries: list[NotebookSummary], out_dir: str | Path, *, prefix: str = "figures/",
                     width: int = 220, per_row: int = 3) -> str:
    """A Markdown figure gallery: per notebook, thumbnails (the PNGs) linking to the PDFs.

    Parameters
    ----------
    summaries : list of NotebookSummary
    out_dir : str or Path
        Where the figures are (only figures that exist are listed).
    prefix : str, default="figures/"
        Path from the Markdown file to the figures.
    width : int, default=220
        Thumbnail width in pixels.
    per_row : int, default=3

    Returns
    -------
    str
    """
    out_dir = Path(out_dir)
    lines = ["Click a thumbnail for the PDF (vector, journal-column size); SVG and 300-dpi PNG sit beside it.", ""]
    for s in summaries:
        figs = [f for f in s.figures if (out_dir / f"{f}.png").is_file()]
        if not figs:
            continue
        lines += [f"**{s.title}**", "", "<p>"]
        for i, f in enumerate(figs):
            lines.append(f'<a href="{prefix}{f}.pdf"><img src="{prefix}{f}.png" width="{width}" alt="{esc(f)}" '
                         f'title="{esc(f)}"></a>' + ("<br>" if (i + 1) % per_row == 0 and i + 1 < len(figs) else ""))
        lines += ["</p>", ""]
    claimed = {f for s in summaries for f in s.figures}
    other = sorted(p.stem for p in out_dir.glob("*.png") if p.stem not in claimed)
    if other:
        lines += ["**Other figures**", "", "<p>"]
        lines += [f'<a href="{prefix}{f}.pdf"><img src="{prefix}{f}.png" width="{width}" alt="{esc(f)}" '
                  f'title="{esc(f)}"></a>' for f in other]
        lines += ["</p>", ""]
    return "\n".join(lines).rstrip() + "\n"
