"""Drawing, kept apart from computing: every function here draws a table it is given.

One module per analysis (``plots.keyness``, ``plots.framing``, ``plots.sentiment`` …)
plus :mod:`.common`, the primitives every analysis shares (the estimate-with-interval
dot plot). Computing modules never import this package or matplotlib; notebooks call
``analysis.<analysis>`` for tables and ``analysis.plots.<analysis>`` to draw them, then
``analysis.figures.save_figure`` to export. Importing this package configures nothing.
"""
