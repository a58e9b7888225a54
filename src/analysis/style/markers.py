"""The stance marker list (an editable CSV resource) and matching it on a token table."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from .. import resources
from ..errors import ResourceError


MARKERS_FILE = "stance_markers.csv"
MARKER_COLUMNS = ["category", "marker", "match", "case", "exclude_prev", "require_next", "exclude_next",
                  "negation", "when_negated", "source", "note"]
#: Optional columns (empty when absent): ``require_prev`` (the previous token's lemma must be one of
#: these) and ``attribution`` (``subject``: a third-party subject right before the marker makes the
#: match attributed stance, counted in :data:`ATTRIBUTED` instead of the listed category).
OPTIONAL_COLUMNS = ["require_prev", "attribution"]
#: Category of stance attributed to someone else ("Baku believes"), counted apart from the writer's.
ATTRIBUTED = "attributed"
#: Subjects that make a cognition verb the writer's own or generic (the rest of a capitalised or
#: third-person subject makes it attributed).
WRITER_SUBJECTS = {"i", "we", "one", "it", "this", "that", "there", "nobody", "everybody", "everyone", "no", "few"}
THIRD_PARTY_SUBJECTS = {"he", "she", "they", "who", "official", "government", "expert", "analyst", "observer",
                        "leader", "critic", "diplomat", "minister", "president", "authority", "commentator", "many",
                        "some", "other", "side", "capital"}
#: Categories counted, in display order (a user file may add others).
CATEGORIES = ["hedge", "booster", "attitude", "self_mention", "future", "conditional", "attributed"]
CATEGORY_LABELS = {"hedge": "hedges", "booster": "boosters", "attitude": "attitude markers",
                   "self_mention": "self-mention", "future": "future-oriented", "conditional": "conditional",
                   "attributed": "attributed stance (others')"}
#: Rows of this category are negation cues, never counted.
NEGATOR = "negator"
NUM = "#num"
_NUM_RE = re.compile(r"^[\d.,:/%-]+$")


def load_stance_markers(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check the stance marker list.

    Parameters
    ----------
    path : str or Path, default=None
        A CSV with :data:`MARKER_COLUMNS`; ``None`` reads the packaged
        ``resources/stance_markers.csv``.

    Returns
    -------
    pandas.DataFrame
        The file's rows plus ``key`` (the marker as a space-joined sequence of lemmas, or
        of lower-cased forms when ``match == "form"``) and ``length`` (tokens).

    Raises
    ------
    ResourceError
        One line naming the file, the row and the fix.

    Notes
    -----
    Columns: ``category`` (hedge, booster, attitude, self_mention, future, conditional,
    any new label, or ``negator`` for negation cues); ``marker`` (a word or phrase, written
    naturally -- it is tokenised and lemmatised like the corpus); ``match`` (``lemma`` or
    ``form``); ``case`` (``lower``: the first token must be written in lower case;
    ``sentence``: in lower case unless it starts the sentence, so a capitalised "We" spliced
    into mid-sentence is left out); ``require_prev`` (optional: the previous token's lemma
    must be one of these); ``attribution`` (optional; ``subject``: a third-party subject
    right before the marker -- a capitalised name or a word such as *officials, they* --
    makes it attributed stance, counted as ``attributed``);
    ``exclude_prev`` / ``exclude_next`` (``|``-separated lemmas that, as the previous /
    next token, rule the match out; ``#num`` stands for a number); ``require_next``
    (the next token's lemma must be one of these); ``negation`` (``before``: a negator in
    the few tokens before negates it; ``after``: a negator right after it, for modals;
    ``none``); ``when_negated`` (``same``, ``drop`` or another category); ``source``; ``note``.
    """
    from ..segment import segment_paragraphs

    table = resources.load_csv(MARKERS_FILE, MARKER_COLUMNS, path, comment=None)
    path = resources.resource_path(MARKERS_FILE, path)
    for col in OPTIONAL_COLUMNS:
        if col not in table.columns:
            table[col] = ""
    df = table[[*MARKER_COLUMNS, *OPTIONAL_COLUMNS]].apply(lambda s: s.str.strip())
    cats = set(df["category"])
    for i, rec in zip(table["row"], df.to_dict("records")):
        where = f"{path}: row {i} ({rec['marker']!r})"
        if not rec["category"] or not rec["marker"]:
            raise ResourceError(f"{where}: empty category or marker; fill both in")
        if rec["match"] not in ("lemma", "form"):
            raise ResourceError(f"{where}: match {rec['match']!r} must be 'lemma' or 'form'")
        if rec["case"] not in ("", "lower", "sentence"):
            raise ResourceError(f"{where}: case {rec['case']!r} must be empty, 'lower' or 'sentence'")
        if rec["attribution"] not in ("", "subject"):
            raise ResourceError(f"{where}: attribution {rec['attribution']!r} must be empty or 'subject'")
        if rec["negation"] not in ("before", "after", "none"):
            raise ResourceError(f"{where}: negation {rec['negation']!r} must be 'before', 'after' or 'none'")
        if rec["when_negated"] not in {"same", "drop"} | (cats - {NEGATOR}):
            raise ResourceError(f"{where}: when_negated {rec['when_negated']!r} must be 'same', 'drop' or a "
                                f"category of the file")
    dup = df.duplicated(["category", "marker", "match"], keep=False)
    if dup.any():
        rec = df.loc[dup].iloc[0]
        raise ResourceError(f"{path}: marker {rec['marker']!r} is listed twice in category {rec['category']!r}; "
                            f"keep one row")
    sents, toks = segment_paragraphs(df["marker"].tolist())
    toks["row"] = sents["para_index"].to_numpy()[toks["sent_pos"].to_numpy()]
    lemma_key = toks.groupby("row")["lemma"].agg(" ".join)
    form_key = toks.groupby("row")["lower"].agg(" ".join)
    length = toks.groupby("row").size()
    idx = np.arange(len(df))
    df["key"] = np.where(df["match"] == "lemma", lemma_key.reindex(idx).to_numpy(), form_key.reindex(idx).to_numpy())
    df["length"] = length.reindex(idx).to_numpy().astype(int)
    same = df.duplicated(["category", "match", "key"], keep=False)
    if same.any():
        key = df.loc[same, "key"].iloc[0]
        names = ", ".join(repr(m) for m in df.loc[same & (df["key"] == key), "marker"])
        raise ResourceError(f"{path}: markers {names} are the same after lemmatisation ({key!r}) and would "
                            f"be counted twice; keep one row")
    return df.reset_index(drop=True)


class _Taken:
    """A string column's values as a numpy object array, materialised only at the positions asked for.

    ``Series.to_numpy(dtype=object)`` on a whole pyarrow-backed string column makes one Python
    string per token (about 70 MB per column per million tokens, four columns: the largest
    allocation of notebook 01); the matcher reads the values only at candidate positions.
    ``values[idx]`` (integer positions) and ``len(values)`` behave as on that array.
    """

    def __init__(self, column: pd.Series):
        self._values = column.array

    def __len__(self) -> int:
        return len(self._values)

    def __getitem__(self, idx) -> np.ndarray:
        taken = self._values.take(np.asarray(idx, dtype=np.intp))
        return np.asarray(taken, dtype=object)


def _split(cell: str) -> set:
    return {x.strip().lower() for x in cell.split("|") if x.strip()}


def _ngram_keys(values: np.ndarray, sent: np.ndarray, pos: np.ndarray, length: int,
                wanted: list | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Space-joined n-grams of ``length`` tokens starting at ``pos`` that stay inside one sentence.

    With ``wanted`` (one set per token of the n-gram, the words some key has there), positions
    whose tokens cannot form a key are dropped first, one token at a time, so keys are built
    only where one may match (the keys left out would have matched nothing).
    """
    pos = pos[pos + length - 1 < len(values)]
    pos = pos[sent[pos] == sent[pos + length - 1]]
    if wanted is not None:
        for j in range(1, length):
            if not len(pos):
                break
            pos = pos[pd.Series(values[pos + j], dtype=object).isin(wanted[j]).to_numpy(dtype=bool)]
    keys = values[pos].astype(object)
    for j in range(1, length):
        keys = keys + " " + values[pos + j]
    return pos, keys


def _neighbour(values: np.ndarray, sent: np.ndarray, pos: np.ndarray, offset: np.ndarray | int,
               fill="") -> np.ndarray:
    """values[pos + offset] where that position is inside the same sentence, else ``fill``."""
    j = pos + offset
    ok = (j >= 0) & (j < len(values))
    jj = np.where(ok, j, 0)
    ok &= sent[jj] == sent[pos]
    return np.where(ok, values[jj], fill)


def _attributed(c: pd.DataFrame, pos: np.ndarray, tok: np.ndarray, lemma: np.ndarray, sent: np.ndarray) -> np.ndarray:
    """Matches of ``attribution == "subject"`` markers whose subject (the token before) is a third party.

    A third party is a capitalised word ("the government in Baku realizes", "Baku believes"),
    or a word of :data:`THIRD_PARTY_SUBJECTS` ("officials think", "they claim that"); the
    writer's own and generic subjects (:data:`WRITER_SUBJECTS`: *I, we, it, nobody* ...) never
    are. No parser: a subject further away ("Baku, it seems, believes") is not seen.
    """
    rule = c["attribution"].to_numpy() == "subject"
    out = np.zeros(len(c), dtype=bool)
    if not rule.any():
        return out
    p = pos[rule] - 1
    inside = (p >= 0) & (sent[np.maximum(p, 0)] == sent[pos[rule]])
    pp = np.maximum(p, 0)
    word = pd.Series(tok[pp], dtype=object)
    low = word.str.lower().to_numpy(dtype=object)
    capital = word.str.match(r"^[A-Z]").to_numpy(dtype=bool)
    third = np.isin(lemma[pp].astype(str), list(THIRD_PARTY_SUBJECTS)) | capital
    out[rule] = inside & third & ~np.isin(low.astype(str), list(WRITER_SUBJECTS))
    return out


def match_markers(tokens: pd.DataFrame, markers: pd.DataFrame, *, negation_window: int = 3) -> pd.DataFrame:
    """Find every marker occurrence in a token table.

    Parameters
    ----------
    tokens : pandas.DataFrame
        ``doc_id, period, para_id, sent_id, token_id, token, lower, lemma`` in reading
        order (as :meth:`analysis.corpus.Corpus.tokens` returns them).
    markers : pandas.DataFrame
        From :func:`load_stance_markers`.
    negation_window : int, default=3
        How many tokens before a marker (within its sentence) a negation cue may stand.

    Returns
    -------
    pandas.DataFrame
        One row per counted match: ``doc_id, period, para_id, sent_id, token_id`` (first
        token), ``n_tokens, text`` (the matched words), ``marker, listed_category,
        negated, category`` (the category counted: ``listed_category``, or
        ``when_negated`` when negated; ``attributed`` when the marker's subject is a third
        party, see :func:`_attributed`; negated matches with ``when_negated == "drop"``
        are left out). Negation cues themselves are not returned.

    Notes
    -----
    Overlaps are resolved longest first: a token that belongs to an accepted phrase is not
    counted again for a shorter marker ("no doubt" is one booster, not a negator and a
    hedge). Two rows with the same phrase in different categories both count.
    """
    cols = ["doc_id", "period", "para_id", "sent_id", "token_id", "n_tokens", "text", "marker",
            "listed_category", "negated", "category"]
    if tokens.empty:
        return pd.DataFrame(columns=cols)
    # integer codes, not one Python string per token: the same boundaries, a fraction of the memory
    doc = pd.factorize(tokens["doc_id"])[0]
    sid = tokens["sent_id"].to_numpy()
    new_sent = np.r_[True, (doc[1:] != doc[:-1]) | (sid[1:] != sid[:-1])]
    del doc
    sent = np.cumsum(new_sent) - 1
    sent_start = np.maximum.accumulate(np.where(new_sent, np.arange(len(sent)), 0))
    columns = {"lemma": tokens["lemma"], "form": tokens["lower"]}
    arrays = {k: _Taken(v) for k, v in columns.items()}
    tok = _Taken(tokens["token"])

    # 1. candidates: positions whose first token starts some marker, then whole n-gram keys there
    cands = []
    for match, group in markers.groupby("match", sort=True):
        values = arrays[match]
        firsts = {k.split(" ")[0] for k in group["key"]}
        start = np.flatnonzero(columns[match].isin(firsts).to_numpy())
        for length, rows in group.groupby("length", sort=True):
            parts = [k.split(" ") for k in rows["key"]]
            # the words each key has at each place (unless a token holds a space: then no pre-filter)
            wanted = [set(p) for p in zip(*parts)] if all(len(p) == int(length) for p in parts) else None
            pos, keys = _ngram_keys(values, sent, start, int(length), wanted)
            hit = pd.Series(keys, dtype=object).isin(set(rows["key"])).to_numpy()
            if hit.any():
                c = pd.DataFrame({"pos": pos[hit], "key": keys[hit]}).merge(
                    rows.reset_index().rename(columns={"index": "row"}), on="key")
                cands.append(c)
    if not cands:
        return pd.DataFrame(columns=cols)
    c = pd.concat(cands, ignore_index=True)
    pos = c["pos"].to_numpy()
    length = c["length"].to_numpy().astype(int)

    # 2. context rules of each marker row (loop over marker rows, vectorised over matches)
    keep = np.ones(len(c), dtype=bool)
    lower_rule = c["case"].to_numpy() == "lower"
    keep[lower_rule] = pd.Series(tok[pos[lower_rule]], dtype=object).str.islower().to_numpy(dtype=bool)
    sent_rule = c["case"].to_numpy() == "sentence"
    keep[sent_rule] = (pd.Series(tok[pos[sent_rule]], dtype=object).str.islower().to_numpy(dtype=bool)
                       | (pos[sent_rule] == sent_start[pos[sent_rule]]))
    prev = _neighbour(arrays["lemma"], sent, pos, -1)
    nxt = _neighbour(arrays["lemma"], sent, pos, length)
    nxt_tok = pd.Series(_neighbour(tok, sent, pos, length), dtype=object)
    is_num = (nxt_tok.str.match(_NUM_RE) & nxt_tok.str.contains(r"\d")).to_numpy(dtype=bool)
    nxt = np.where(is_num, NUM, nxt)
    for col, wanted in (("exclude_prev", False), ("require_prev", True), ("exclude_next", False),
                        ("require_next", True)):
        ctx = prev if col.endswith("_prev") else nxt
        for cell, idx in c.groupby(col).indices.items():
            if not cell:
                continue
            inside = np.isin(ctx[idx].astype(str), list(_split(cell)))
            keep[idx] &= inside if wanted else ~inside
    c = c.loc[keep].reset_index(drop=True)

    # 3. longest match first; same-length overlaps keep the earlier one
    accepted = np.zeros(len(c), dtype=bool)
    # token-length work arrays as bool / int32 (< 2**31 tokens), not int64: several live at once
    covered = np.zeros(len(tokens), dtype=bool)
    for L in sorted(c["length"].unique(), reverse=True):
        idx = np.flatnonzero(c["length"].to_numpy() == L)
        span = np.zeros(len(tokens) + 1, dtype=np.int32)  # span[k]: covered tokens before position k
        np.cumsum(covered, dtype=np.int32, out=span[1:])
        p = c["pos"].to_numpy()[idx]
        free = (span[p + L] - span[p]) == 0
        starts = np.unique(p[free])
        clash = np.zeros(len(starts), dtype=bool)
        for k in range(1, L):  # a start within L-1 tokens after another start of this length
            clash |= np.isin(starts - k, starts)
        ok_starts = starts[~clash]
        accepted[idx] = free & np.isin(p, ok_starts)
        diff = np.zeros(len(tokens) + 1, dtype=np.int32)
        np.add.at(diff, ok_starts, 1)
        np.add.at(diff, ok_starts + L, -1)
        covered |= np.cumsum(diff, dtype=np.int32)[:-1] > 0
        del span, diff
    c = c.loc[accepted].reset_index(drop=True)

    # 4. negation
    is_neg = np.zeros(len(tokens), dtype=bool)
    neg_rows = c["category"].to_numpy() == NEGATOR
    is_neg[c.loc[neg_rows, "pos"].to_numpy()] = True
    c = c.loc[~neg_rows].reset_index(drop=True)
    pos = c["pos"].to_numpy()
    length = c["length"].to_numpy().astype(int)
    csum = np.zeros(len(tokens) + 1, dtype=np.int32)
    np.cumsum(is_neg, dtype=np.int32, out=csum[1:])
    lo = np.maximum(pos - negation_window, sent_start[pos])
    before = (csum[pos] - csum[lo]) > 0
    after = _neighbour(is_neg, sent, pos, length, fill=False).astype(bool)
    mode = c["negation"].to_numpy()
    negated = np.where(mode == "before", before, np.where(mode == "after", after, False))
    wn = c["when_negated"].to_numpy()
    category = np.where(negated & (wn != "same"), wn, c["category"].to_numpy())
    category = np.where(_attributed(c, pos, tok, arrays["lemma"], sent) & (category != "drop"),
                        ATTRIBUTED, category)
    c = c.assign(negated=negated, counted=category)
    c = c.loc[c["counted"] != "drop"].reset_index(drop=True)

    # 5. report
    pos = c["pos"].to_numpy()
    text = tok[pos].astype(object)
    for j in range(1, int(c["length"].max()) if len(c) else 1):
        more = c["length"].to_numpy() > j
        text = np.where(more, text + " " + tok[np.minimum(pos + j, len(tok) - 1)], text)
    meta = tokens[["doc_id", "period", "para_id", "sent_id", "token_id"]].iloc[pos].reset_index(drop=True)
    out = meta.assign(n_tokens=c["length"].to_numpy(), text=text, marker=c["marker"].to_numpy(),
                      listed_category=c["category"].to_numpy(), negated=c["negated"].to_numpy(),
                      category=c["counted"].to_numpy())
    return out.iloc[np.argsort(pos, kind="stable")].reset_index(drop=True)[cols]
