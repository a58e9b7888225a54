"""Small, deterministic HTML helpers: escaping, Markdown, embedded images, readable tables."""

from __future__ import annotations

import base64
import html
import io
import math
from pathlib import Path

import pandas as pd

#: Widest embedded PNG in pixels (7 in at 150 dpi: sharp on screen, a quarter of the 300-dpi file).
EMBED_WIDTH = 1050


def esc(text) -> str:
    """HTML-escape any value as text."""
    return html.escape("" if text is None else str(text), quote=True)


def markdown(text: str) -> str:
    """Markdown to HTML with mistune (the renderer nbconvert uses); raw HTML is escaped."""
    import mistune

    render = mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])
    return render(text or "")


def png_data_uri(path: str | Path, *, max_width: int = EMBED_WIDTH) -> str:
    """A PNG file as a ``data:`` URI, downscaled to ``max_width`` pixels (deterministic).

    Parameters
    ----------
    path : str or Path
        PNG file.
    max_width : int, default=EMBED_WIDTH
        Images wider than this are resized (Lanczos); ``0`` keeps the original bytes.

    Returns
    -------
    str
    """
    data = Path(path).read_bytes()
    if max_width:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as img:
            if img.width > max_width:
                height = max(1, round(img.height * max_width / img.width))
                small = img.convert("RGBA" if "A" in img.getbands() else "RGB").resize(
                    (max_width, height), Image.Resampling.LANCZOS)
                buf = io.BytesIO()
                small.save(buf, format="PNG", optimize=True)
                data = buf.getvalue()
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def _cell(value, digits: int) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value == int(value) and abs(value) < 1e6:
            return str(int(value))
        return f"{value:.{digits}g}"
    return esc(value)


def table_html(df: pd.DataFrame, *, max_rows: int = 30, digits: int = 3, caption: str | None = None,
               source: str | None = None, max_chars: int = 200) -> str:
    """Render a table readably: rounded numbers, long text shortened, at most ``max_rows`` rows.

    Parameters
    ----------
    df : pandas.DataFrame
    max_rows : int, default=30
        Rows shown; a note names how many were left out and where the full table is.
    digits : int, default=3
        Significant digits of floats.
    caption : str, default=None
    source : str, default=None
        Relative link to the full CSV, shown in the note.
    max_chars : int, default=200
        Text cells longer than this are shortened with an ellipsis.

    Returns
    -------
    str
    """
    shown = df.head(max_rows)
    head = "".join(f"<th>{esc(c)}</th>" for c in shown.columns)
    rows = []
    numeric = [pd.api.types.is_numeric_dtype(shown[c]) and not pd.api.types.is_bool_dtype(shown[c])
               for c in shown.columns]
    for rec in shown.itertuples(index=False):
        cells = []
        for value, is_num in zip(rec, numeric):
            if isinstance(value, str) and len(value) > max_chars:
                value = value[: max_chars - 1] + "…"
            cls = ' class="num"' if is_num else ""
            cells.append(f"<td{cls}>{_cell(value, digits)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    note = ""
    if len(df) > max_rows or source:
        left = f"first {max_rows} of {len(df)} rows. " if len(df) > max_rows else ""
        link = f'Full table: <a href="{esc(source)}">{esc(Path(source).name)}</a>' if source else ""
        note = f'<p class="note">{left}{link}</p>'
    return (f'<div class="table-wrap"><table>{cap}<thead><tr>{head}</tr></thead><tbody>'
            + "".join(rows) + f"</tbody></table></div>{note}")


def read_table(path: str | Path) -> pd.DataFrame:
    """Read an output CSV with every id-like column as text (periods stay ``"2014"``)."""
    return pd.read_csv(path, dtype={"period": str, "doc_id": str, "reference": str, "group": str},
                       keep_default_na=False, na_values=[""])
