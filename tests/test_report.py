"""Report pieces on toy inputs: notebook summaries, the page, explorer data (no browser, no corpus)."""

from __future__ import annotations

import io

import nbformat
import pandas as pd
from PIL import Image

from analysis.report import explorer, index_html, read_notebook, remote_references
from analysis.report.html import png_data_uri, table_html
from analysis.report.sources import list_notebooks


def _notebook(path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 09 · Toy: a question?\n\n**Question.** Does it work?"),
        nbformat.v4.new_code_cell('save_figure(fig, "toy-figure", out_dir=OUT_DIR);\nsave_table(t, "toy_table")'),
        nbformat.v4.new_markdown_cell("## What the evidence does and does not show\n- **Shows.** little."),
        nbformat.v4.new_code_cell("print(lines)", outputs=[nbformat.v4.new_output("stream", name="stdout",
                                                                                   text="X is higher in 2024.\n")]),
    ]
    nbformat.write(nb, path)
    return path


def _png(path, width=2000):
    Image.new("RGB", (width, 500), "white").save(path)
    return path


def test_read_notebook(tmp_path):
    s = read_notebook(_notebook(tmp_path / "09-toy.ipynb"))
    assert s.title == "09 · Toy: a question?" and s.intro.startswith("**Question.**")
    assert s.figures == ["toy-figure"] and s.tables == ["toy_table"] and s.executed
    assert s.closing == [("markdown", "- **Shows.** little."), ("text", "X is higher in 2024.")]
    (tmp_path / "notes.ipynb").write_text("{}")
    assert [p.name for p in list_notebooks(tmp_path)] == ["09-toy.ipynb"]


def test_index_page_embeds_and_is_stable(tmp_path):
    out = tmp_path / "figures"
    (out / "tables").mkdir(parents=True)
    _png(out / "toy-figure.png")
    _png(out / "unclaimed.png", width=300)
    pd.DataFrame({"period": ["2014"], "estimate": [0.123456], "ci_low": [0.1], "ci_high": [0.2]}).to_csv(
        out / "tables" / "toy_table.csv", index=False)
    summ = [read_notebook(_notebook(tmp_path / "09-toy.ipynb"))]
    page = index_html(summ, out)
    assert page == index_html(summ, out)  # byte-identical
    assert remote_references(page) == [] and "<script" not in page
    assert page.count("data:image/png;base64,") == 2  # the notebook's figure and the unclaimed one
    assert "0.123" in page and "X is higher in 2024." in page and "Further figures" in page
    uri = png_data_uri(out / "toy-figure.png")
    with Image.open(io.BytesIO(__import__("base64").b64decode(uri.split(",", 1)[1]))) as img:
        assert img.width == 1050  # downscaled for the page


def test_table_html_caps_rows():
    html = table_html(pd.DataFrame({"x": range(50)}), max_rows=10, source="../tables/x.csv")
    assert html.count("<tr>") == 11 and "first 10 of 50 rows" in html


def test_explorer_term_table_and_contexts():
    kt = pd.DataFrame({"term": ["iran", "iran", "baku", "baku", "the", "the"],
                       "period": ["2014", "2024"] * 3, "count_2014": [14, 14, 8, 8, 40, 40],
                       "count_2024": [22, 22, 5, 5, 60, 60], "z": [-0.1, 0.1, 1.2, -1.2, 0.0, 0.0],
                       "reference": "other periods", "form": ["iran", "iran", "baku", "baku", "the", "the"],
                       "display": [True, True, True, True, False, False]})
    t = explorer.term_table(kt, max_terms=2)
    assert t["term"].tolist() == ["the", "iran"]  # most frequent first, capped
    assert t.loc[1, "z_2014"] == -0.1 and not t.loc[0, "display"]
    occ = pd.DataFrame({"term": "iran", "period": ["2014"] * 5, "doc_id": ["a", "a", "a", "b", "c"],
                        "sent_id": range(5), "token_id": 0})
    picked = explorer.select_contexts(occ, ["iran"], max_contexts=3)
    assert picked["doc_id"].tolist() == ["a", "b", "c"]  # one per document before a second
    assert explorer._split_context(["near", "the"], ["border"], [".", "Then"]) == ("near the ", "border", ". Then")


def test_actor_mentions_from_any_table():
    rt = pd.DataFrame({"doc_id": ["a", "a"], "sent_id": [1, 2], "actors": ["Iran; Azerbaijan", ""]})
    got = explorer.actor_mentions({"relationship_tone": rt})
    assert sorted(got["actor"]) == ["Azerbaijan", "Iran"]


def test_gallery_links_thumbnails_to_pdfs(tmp_path):
    from analysis.report import gallery_markdown

    out = tmp_path / "figures"
    out.mkdir()
    _png(out / "toy-figure.png", width=50)
    _png(out / "stray.png", width=50)
    md = gallery_markdown([read_notebook(_notebook(tmp_path / "09-toy.ipynb"))], out, prefix="figures/")
    assert '<a href="figures/toy-figure.pdf"><img src="figures/toy-figure.png"' in md
    assert "**Other figures**" in md and "figures/stray.pdf" in md


def test_citation_file():
    import yaml

    from analysis import config

    cff = yaml.safe_load((config.PACKAGE_DIR.parents[1] / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert {"message", "title", "authors", "version", "license"} <= set(cff)
    assert all(r["type"] == "newspaper-article" and r["authors"] for r in cff["references"])


def test_write_gallery_links_relative_to_its_folder(tmp_path):
    from analysis.report import write_gallery

    out = tmp_path / "figures"
    out.mkdir()
    _png(out / "toy-figure.png", width=50)
    _notebook(tmp_path / "09-toy.ipynb")
    path = write_gallery(tmp_path / "docs" / "gallery.md", out_dir=out, notebooks_dir=tmp_path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("## Figure gallery") and 'href="../figures/toy-figure.pdf"' in text
