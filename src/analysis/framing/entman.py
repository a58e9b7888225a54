"""Entman's (1993) frame functions: the sentences that define a problem, interpret causes,
evaluate morally and recommend a treatment, found by cue patterns."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import AnalysisError
from .codebook import Codebook, load_entman_cues
from .coding import _functions_table
from .matching import _as_texts, _hits_and_words


def frame_functions(sentences, cues: Codebook | None = None, *, min_hits: float = 1.0) -> pd.DataFrame:
    """Find the sentences that perform each of Entman's frame functions.

    Parameters
    ----------
    sentences : pandas.DataFrame, list or Series
        A DataFrame with a ``text`` column (other columns are kept as keys, e.g. ``doc_id,
        period, sent_id``) or plain strings (keyed by ``text_id``).
    cues : Codebook, default=None
        Default: :func:`load_entman_cues` ().
    min_hits : float, default=1.0
        Summed cue weight a sentence needs to perform a function.

    Returns
    -------
    pandas.DataFrame
        One row per sentence x function: the key columns, ``function, hits, present``,
        ``cues`` (the matched words, ``"; "``-separated).

    Examples
    --------
    >>> out = frame_functions(["Baku should reopen talks.", "Trade grew because prices fell."])
    >>> out.loc[out["present"], ["text_id", "function"]].values.tolist()
    [[0, 'treatment_recommendation'], [1, 'causal_interpretation']]
    """
    cues = load_entman_cues() if cues is None else cues
    if isinstance(sentences, pd.DataFrame):
        if "text" not in sentences.columns:
            raise AnalysisError("sentences needs a 'text' column")
        keys = sentences.drop(columns="text").reset_index(drop=True)
        texts = sentences["text"].tolist()
    else:
        texts = _as_texts(sentences)
        keys = pd.DataFrame({"text_id": np.arange(len(texts))})
    hits, n_words = _hits_and_words(_as_texts(texts), cues)
    return _functions_table(keys, hits, n_words, cues.labels, min_hits)


def entman_table(functions: pd.DataFrame, sentences: pd.DataFrame, *, by: str = "period",
                 id_col: str = "sent_id", max_chars: int | None = 160) -> pd.DataFrame:
    """Side-by-side table of the sentences doing each frame function, one column per group.

    Parameters
    ----------
    functions : pandas.DataFrame
        Output of :func:`frame_functions` on a sentence table (with ``by`` and ``id_col``).
    sentences : pandas.DataFrame
        The sentence table (``by``, ``doc_id``, ``id_col``, ``text``).
    by : str, default="period"
    id_col : str, default="sent_id"
    max_chars : int, default=160
        Shorten each sentence to this many characters (``None``: keep whole sentences).

    Returns
    -------
    pandas.DataFrame
        ``function``, ``n_<group>`` (sentences found), ``share_<group>`` (their share of the
        group's sentences: compare these, not the counts) and one column per group whose cells list
        ``[s<id>] sentence`` entries separated by ``" / "`` (``[<doc_id> s<id>]`` when a group
        has more than one document).
    """
    key = ["doc_id", id_col]
    present = functions.loc[functions["present"], [*key, "function"]].merge(
        sentences[[*key, by, "text"]], on=key, how="left")

    def _short(t):
        return t if max_chars is None or len(t) <= max_chars else t[:max_chars - 1].rstrip() + "…"

    several = sentences.groupby(sentences[by].astype(str))["doc_id"].nunique().gt(1)
    present["cell"] = [f"[{d + ' ' if several[str(g)] else ''}s{i}] {_short(t)}"
                       for d, g, i, t in zip(present["doc_id"], present[by], present[id_col], present["text"])]
    groups = sorted(sentences[by].astype(str).unique())
    n_sent = sentences.groupby(sentences[by].astype(str)).size()
    rows = []
    for func in dict.fromkeys(functions["function"]):
        row = {"function": func}
        for g in groups:
            sel = present.loc[(present["function"] == func) & (present[by].astype(str) == g)]
            row[f"n_{g}"] = len(sel)
        for g in groups:
            row[f"share_{g}"] = round(row[f"n_{g}"] / n_sent[g], 3)
        for g in groups:
            sel = present.loc[(present["function"] == func) & (present[by].astype(str) == g)]
            row[g] = " / ".join(sel.sort_values(key)["cell"])
        rows.append(row)
    return pd.DataFrame(rows)
