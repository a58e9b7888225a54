"""Table helpers shared by the sentiment modules (no analysis of their own)."""

from __future__ import annotations

import numpy as np
import pandas as pd

#: dtypes a column keeps when rebuilt from its values as Python objects (pandas' inference)
_ROUND_TRIP = (np.dtype("int64"), np.dtype("float64"), np.dtype("bool"), pd.Series(["x"]).dtype)


def rows_repeat_like_records(frame: pd.DataFrame) -> bool:
    """True when repeating ``frame``'s rows (``iloc``) gives the table that rebuilding them from
    per-row Python records gives: every column's dtype survives the round trip."""
    return all(dt in _ROUND_TRIP for dt in frame.dtypes)
