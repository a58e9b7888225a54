"""Synthesis: framing, drivers and risks, actor roles, tone, relationship tone, stance, keyness and
topics side by side, 2014 vs 2024 (notebook ``07-synthesis``).

- :func:`read_tables` -- the other notebooks' tables that exist;
- :func:`synthesis_tables` -- one tidy summary (``dimension, measure, period, estimate,
  ci_low, ci_high, unit, source``) and the comparisons between periods;
- :func:`wide_summary` -- dimension × period, each cell "estimate [interval]";
- :func:`claim_lines` -- sentences worded from those rows by :mod:`analysis.claims`;
- :func:`limit_statements` -- where the evidence is too thin, dimension by dimension;
- :func:`closing_text` -- the closing section, worded from the tables;
- :func:`figure_tables` -- the tables the paper figure draws (:mod:`analysis.plots.synthesis`).
"""

from .figure_data import figure_tables
from .limits import corpus_facts, limit_statements, validation_line
from .measures import SUMMARY_COLUMNS, TEST_COLUMNS, paragraph_units, topic_labels
from .summary import (DIMENSIONS, TABLES, available, claim_lines, closing_text, format_cell, read_tables,
                      synthesis_tables, wide_summary)

__all__ = ["read_tables", "available", "synthesis_tables", "wide_summary", "claim_lines", "limit_statements",
           "figure_tables", "closing_text", "paragraph_units", "format_cell", "corpus_facts", "validation_line", "topic_labels",
           "SUMMARY_COLUMNS", "TEST_COLUMNS", "DIMENSIONS", "TABLES"]
