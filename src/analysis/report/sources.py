"""Read what the executed notebooks say and save: titles, questions, figures, tables, closing text.

Nothing here is specific to one stage: a new numbered notebook is picked up by
its file name, its figures and tables by the literal names it passes to
``save_figure`` / ``save_table``, and its closing section by its heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

#: Heading of the last section every notebook ends with (STYLE / TEAM rules).
CLOSING_HEADING = "What the evidence does and does not show"
_STAGE_RE = re.compile(r"^(\d{2})-[A-Za-z0-9_-]+$")
_SAVE_RE = re.compile(r"save_(figure|table)\(\s*[^,()]+?,\s*[\"']([A-Za-z0-9_.-]+)[\"']")
_ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass
class NotebookSummary:
    """What the report needs from one executed notebook.

    Attributes
    ----------
    stage : str
        ``NN-name``.
    title : str
        Text of the first level-1 heading (the stage name if there is none).
    intro : str
        Markdown of the first markdown cell without its title line (question and method).
    figures, tables : list of str
        Names passed literally to ``save_figure`` / ``save_table``, in order of appearance.
    closing : list of tuple
        The closing section as ``("markdown", text)`` and ``("text", printed output)`` items.
    executed : bool
        Whether the notebook on disk holds outputs.
    """

    stage: str
    title: str
    intro: str = ""
    figures: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    closing: list = field(default_factory=list)
    executed: bool = False


def list_notebooks(notebooks_dir: str | Path) -> list[Path]:
    """Executed notebooks ``NN-name.ipynb`` in ``notebooks_dir``, in stage order."""
    nb_dir = Path(notebooks_dir)
    if not nb_dir.is_dir():
        return []
    return sorted(p for p in nb_dir.glob("*.ipynb") if _STAGE_RE.match(p.stem))


def _outputs(cell) -> list[tuple[str, str]]:
    """A code cell's printed text (``"text"``) and Markdown displays (``"markdown"``), in order."""
    items = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stdout":
            items.append(("text", out.get("text", "")))
        elif out.get("output_type") in ("execute_result", "display_data"):
            data = out.get("data", {})
            if "text/markdown" in data:
                items.append(("markdown", data["text/markdown"]))
            elif "text/plain" in data and "text/html" not in data and "image/png" not in data:
                items.append(("text", data["text/plain"]))
    return [(kind, _ANSI_RE.sub("", text).strip("\n")) for kind, text in items if text.strip()]


def _closing_items(cells) -> list[tuple[str, str]]:
    """Markdown and printed output from the closing heading to the end of the notebook."""
    start = None
    for i, cell in enumerate(cells):
        if cell.cell_type == "markdown" and CLOSING_HEADING.lower() in cell.source.lower():
            start = i
    if start is None:
        return []
    items = []
    for k, cell in enumerate(cells[start:]):
        if cell.cell_type == "markdown":
            text = cell.source
            if k == 0:  # drop the heading line itself; the report prints its own
                text = "\n".join(line for line in text.splitlines()
                                 if CLOSING_HEADING.lower() not in line.lower() or not line.lstrip().startswith("#"))
            if text.strip():
                items.append(("markdown", text.strip()))
        elif cell.cell_type == "code":
            items += _outputs(cell)
    return items


def read_notebook(path: str | Path) -> NotebookSummary:
    """Summarise one executed notebook for the report.

    Parameters
    ----------
    path : str or Path
        ``notebooks/NN-name.ipynb``.

    Returns
    -------
    NotebookSummary
    """
    import nbformat

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    cells = nb.cells
    title, intro = path.stem, ""
    first_md = next((c for c in cells if c.cell_type == "markdown"), None)
    if first_md is not None:
        lines = first_md.source.splitlines()
        heads = [i for i, line in enumerate(lines) if line.startswith("# ")]
        if heads:
            title = lines[heads[0]][2:].strip()
            lines = lines[: heads[0]] + lines[heads[0] + 1:]
        intro = "\n".join(lines).strip()
    figures, tables = [], []
    for cell in cells:
        if cell.cell_type != "code":
            continue
        for kind, name in _SAVE_RE.findall(cell.source):
            target = figures if kind == "figure" else tables
            if name not in target:
                target.append(name)
    executed = any(c.get("outputs") for c in cells if c.cell_type == "code")
    return NotebookSummary(stage=path.stem, title=title, intro=intro, figures=figures, tables=tables,
                           closing=_closing_items(cells), executed=executed)
