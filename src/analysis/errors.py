"""User-facing error types.

An :class:`AnalysisError` carries a one-line message that names the file (and row
or entry) at fault and says how to fix it. The command line prints that line and
exits non-zero without a traceback; anything else is a bug and keeps its traceback.
"""


class AnalysisError(Exception):
    """A problem with the user's input (corpus, manifest, resource file, parameters)."""


class CorpusError(AnalysisError):
    """The corpus (manifest or a raw file) is missing, malformed or has changed."""


class ResourceError(AnalysisError):
    """A codebook, word list or other editable resource file is malformed."""


class NotebookError(AnalysisError):
    """A notebook could not be run (missing, bad parameter, failing cell)."""
