"""Reproducible discourse analysis of opinion articles on Azerbaijan-Iran relations.

The package follows a corpus -> tokens -> features -> statistics -> plot pipeline:

- :mod:`analysis.corpus`   load and validate the corpus; documents, paragraphs, sentences, tokens
- :mod:`analysis.stats`    shared uncertainty tools (bootstrap intervals, permutation tests)
- :mod:`analysis.figures`  one paper style and one export function for every figure and table
- :mod:`analysis.runner`   execute the numbered notebooks deterministically
- :mod:`analysis.cli`      the ``analysis`` command line

Nothing is computed or configured at import time.
"""

__version__ = "0.1.0"
