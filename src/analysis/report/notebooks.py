"""Each executed notebook as one offline HTML page (nbconvert, images embedded, no CDN)."""

from __future__ import annotations

import re
from pathlib import Path

from .._io import atomic_write_text

# The lab template loads require.js, MathJax and Mermaid from a CDN; none is needed for these
# notebooks (no widgets, no LaTeX output, no diagrams), so the blocks that load them are emptied.
_OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""
_REMOTE_SCRIPT = re.compile(r"<script[^>]*\ssrc=[\"']https?://[^>]*>\s*</script>|"
                            r"<link[^>]*\shref=[\"']https?://[^>]*>", re.I)
_REMOTE_IMPORT = re.compile(r"import\s+[^;]*?from\s+[\"']https?://[^\"']+[\"'];?")


def _exporter():
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="lab", template_file="offline.html.j2", embed_images=True,
                        extra_loaders=[DictLoader({"offline.html.j2": _OFFLINE_TEMPLATE})],
                        exclude_anchor_links=False)


def remote_references(text: str) -> list[str]:
    """``src``/``href`` attributes and module imports that point at the network (should be none)."""
    found = re.findall(r"(?:src|href)=[\"'](https?://[^\"']+)[\"']", text)
    found += re.findall(r"from\s+[\"'](https?://[^\"']+)[\"']", text)
    return sorted(set(found))


def notebook_html(path: str | Path) -> str:
    """Render one executed notebook to a self-contained HTML page.

    Parameters
    ----------
    path : str or Path
        An executed ``.ipynb``.

    Returns
    -------
    str
        HTML with images embedded and no script, style or font loaded from the network.
    """
    import nbformat

    nb = nbformat.read(Path(path), as_version=4)
    body, _ = _exporter().from_notebook_node(nb, resources={"metadata": {"name": Path(path).stem}})
    body = _REMOTE_SCRIPT.sub("", body)
    body = _REMOTE_IMPORT.sub("", body)
    return body if body.endswith("\n") else body + "\n"


def write_notebook_pages(notebooks: list[Path], out_dir: str | Path) -> list[Path]:
    """Write ``<out_dir>/notebooks/<stage>.html`` for each notebook, atomically; return the paths."""
    out = Path(out_dir) / "notebooks"
    return [atomic_write_text(out / f"{Path(p).stem}.html", notebook_html(p)) for p in notebooks]
