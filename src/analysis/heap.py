"""Memory-management helpers shared by the analysis stages (no analysis of their own)."""

from __future__ import annotations

import gc
from contextlib import contextmanager

__all__ = ["frozen_heap"]


@contextmanager
def frozen_heap():
    """Keep the objects that exist now out of the garbage collector's full passes, for a while.

    A stage builds many container objects next to the corpus's large tables; each full
    collection would walk everything alive (a second or so per stage at a million words). Inside
    the block the objects older than it are frozen (:func:`gc.freeze`), so collections walk the
    stage's own objects only; they are unfrozen on leaving, and nothing is computed differently.
    Does nothing when something else has frozen objects already.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
