"""The HTML report, the notebook pages and the term explorer (``figures/report/``).

:func:`build_report` writes, atomically and byte-identically across reruns:

- ``index.html`` -- one self-contained page (figures embedded as PNG data URIs, tables as
  HTML, no script or style from the network) that reads as the study: per executed notebook,
  its question and method, key figures, key tables and its closing section
  "What the evidence does and does not show";
- ``notebooks/<stage>.html`` -- each executed notebook rendered by nbconvert with images
  embedded and the CDN scripts of the template removed;
- ``explorer.html`` -- the term explorer (see :mod:`analysis.report.explorer`).

New notebooks, figures and tables are picked up from the files on disk; nothing is
listed by hand except which tables to prefer as a stage's key table.
"""

from __future__ import annotations

from pathlib import Path

from .. import config
from .._io import atomic_write_text
from .explorer import MAX_CONTEXTS, MAX_TERMS, WINDOW, actor_mentions, data_json, explorer_data, load_tables
from .explorer_page import explorer_html
from .notebooks import notebook_html, remote_references, write_notebook_pages
from .page import gallery_markdown, index_html
from .sources import NotebookSummary, list_notebooks, read_notebook

__all__ = ["build_report", "gallery_markdown", "write_gallery", "build_explorer", "index_html", "explorer_data", "explorer_html", "notebook_html",
           "read_notebook", "list_notebooks", "remote_references", "NotebookSummary", "MAX_CONTEXTS", "MAX_TERMS"]


def build_explorer(out_dir=None, *, corpus_dir=None, max_terms: int = MAX_TERMS,
                   max_contexts: int = MAX_CONTEXTS, window: int = WINDOW) -> Path | None:
    """Write ``<out_dir>/report/explorer.html``; ``None`` when ``keyness.csv`` is missing.

    Parameters
    ----------
    out_dir : str or Path, default=None
        Output root (default ``figures/``); reads ``tables/keyness.csv``,
        ``tables/frames_paragraphs.csv`` and a sentence-level actor table when present.
    corpus_dir : str or Path, default=None
        The corpus the tables were computed on (default ``corpus/``).
    max_terms, max_contexts, window : int
        Terms placed, contexts kept per term and period, tokens of context each side.

    Returns
    -------
    Path or None
    """
    from ..corpus import load_corpus
    from ..overview import period_labels

    out = config.resolve(out_dir) if out_dir is not None else config.figures_dir()
    tables = load_tables(out / "tables", ["keyness", "frames_paragraphs", "actor_mentions", "actor_sentences",
                                          "relationship_tone", "drivers"])
    if "keyness" not in tables:
        return None
    corpus = load_corpus(config.resolve(corpus_dir) if corpus_dir is not None else config.corpus_dir())
    data = explorer_data(corpus, tables["keyness"], frames=tables.get("frames_paragraphs"),
                         actors=actor_mentions(tables), labels=period_labels(corpus), max_terms=max_terms,
                         max_contexts=max_contexts, window=window)
    caps = data["caps"]
    note = (f"{caps['n_terms_shown']:,} of {caps['n_terms_total']:,} terms placed (at most {max_terms:,}, the most "
            f"frequent). Contexts: at most {max_contexts} per term and period, {window} tokens either side, the first "
            "occurrence in each document before any second one, in reading order. Frames: the frames present in the "
            "paragraphs a term occurs in (frames_paragraphs.csv). Actors: actors named in the sentences it occurs in.")
    return atomic_write_text(out / "report" / "explorer.html",
                             explorer_html(data_json(data), title="Term explorer: Azerbaijan–Iran articles by period",
                                           caps_note=note))


def build_report(out_dir=None, *, corpus_dir=None, notebooks_dir=None, explorer: bool = True,
                 max_figures: int = 4, progress=None, rendered=()) -> Path:
    """Write the report, the notebook pages and the explorer under ``<out_dir>/report/``.

    Parameters
    ----------
    out_dir : str or Path, default=None
        Output root holding the figures and ``tables/`` (default ``figures/``).
    corpus_dir : str or Path, default=None
        Corpus for the explorer's contexts (default ``corpus/``).
    notebooks_dir : str or Path, default=None
        Executed notebooks (default ``notebooks/``).
    explorer : bool, default=True
        Also write ``explorer.html``.
    max_figures : int, default=4
        Figures shown inline per notebook; the rest appear under "Further figures".
    progress : callable, default=None
        Called with a short message per step.
    rendered : collection of str, default=()
        Stages whose page was already written by this run (the runner renders each page as
        soon as its notebook has run); they are not rendered again.

    Returns
    -------
    Path
        ``<out_dir>/report/index.html``.
    """
    say = progress or (lambda msg: None)
    out = config.resolve(out_dir) if out_dir is not None else config.figures_dir()
    nb_dir = config.resolve(notebooks_dir) if notebooks_dir is not None else config.notebooks_dir()
    notebooks = list_notebooks(nb_dir)
    summaries = [read_notebook(p) for p in notebooks]
    say(f"report: {len(notebooks)} notebook page(s)")
    write_notebook_pages([p for p, s in zip(notebooks, summaries) if s.executed and p.stem not in set(rendered)],
                         out / "report")
    has_explorer = False
    if explorer:
        say("report: term explorer")
        has_explorer = build_explorer(out, corpus_dir=corpus_dir) is not None
    say("report: index.html")
    return atomic_write_text(out / "report" / "index.html",
                             index_html(summaries, out, explorer=has_explorer, max_figures=max_figures))


def write_gallery(path, *, out_dir=None, notebooks_dir=None, title: str = "Figure gallery") -> Path:
    """Write a Markdown figure gallery (thumbnails linking to the PDFs) to ``path``, atomically.

    Links are relative to ``path``'s folder, so ``docs/gallery.md`` links ``../figures/…`` and a
    gallery next to the README links ``figures/…``.
    """
    import os

    out = config.resolve(out_dir) if out_dir is not None else config.figures_dir()
    nb_dir = config.resolve(notebooks_dir) if notebooks_dir is not None else config.notebooks_dir()
    path = Path(path).resolve()
    prefix = Path(os.path.relpath(out, path.parent)).as_posix() + "/"
    summaries = [read_notebook(p) for p in list_notebooks(nb_dir)]
    return atomic_write_text(path, f"## {title}\n\n" + gallery_markdown(summaries, out, prefix=prefix))
