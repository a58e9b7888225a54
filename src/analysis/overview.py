"""What is in the corpus: counts per document and period, boilerplate cut, data quality.

Computing functions return tidy DataFrames; :func:`analysis.plots.overview.plot_composition`
draws them; :func:`run_overview` is what notebook 00 and its benchmark stage call.
"""

from __future__ import annotations

import pandas as pd

from .corpus import Corpus


def document_summary(corpus: Corpus) -> pd.DataFrame:
    """Counts per document.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, period, outlet, author, date, paragraphs, sentences, words,
        words_per_sentence, body_chars, boilerplate_chars, boilerplate_share,
        flagged_sentences`` -- ``words`` are alphabetic tokens of the body;
        ``boilerplate_share`` is the share of the file's characters cut as end-matter.
    """
    docs = corpus.documents()
    wc = corpus.word_counts()
    sents = corpus.sentences()
    per_doc = wc.groupby("doc_id", sort=False).agg(paragraphs=("para_id", "nunique"),
                                                   sentences=("sent_id", "size"),
                                                   words=("n_words", "sum"))
    flagged = sents.loc[sents["quality_issue"] != ""].groupby("doc_id").size()
    out = docs[["doc_id", "period", "outlet", "author", "date"]].copy()
    out = out.join(per_doc, on="doc_id")
    out["words_per_sentence"] = out["words"] / out["sentences"]
    out["body_chars"] = docs["text"].str.len()
    out["boilerplate_chars"] = docs["boilerplate"].str.len()
    out["boilerplate_share"] = out["boilerplate_chars"] / (out["body_chars"] + out["boilerplate_chars"])
    out["flagged_sentences"] = out["doc_id"].map(flagged).fillna(0).astype(int)
    return out


def period_summary(doc_summary: pd.DataFrame) -> pd.DataFrame:
    """Totals per period from :func:`document_summary`.

    Returns
    -------
    pandas.DataFrame
        ``period, documents, paragraphs, sentences, words, flagged_sentences``.
    """
    return (doc_summary.groupby("period", sort=True)
            .agg(documents=("doc_id", "size"), paragraphs=("paragraphs", "sum"),
                 sentences=("sentences", "sum"), words=("words", "sum"),
                 flagged_sentences=("flagged_sentences", "sum"))
            .reset_index())


def paragraph_lengths(corpus: Corpus) -> pd.DataFrame:
    """Words and sentences per body paragraph in reading order.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, period, para_id, sentences, words, flagged_sentences``.
    """
    wc = corpus.word_counts()
    sents = corpus.sentences()
    wc["flagged"] = (sents["quality_issue"] != "").to_numpy()
    return (wc.groupby(["doc_id", "period", "para_id"], sort=False)
            .agg(sentences=("sent_id", "size"), words=("n_words", "sum"), flagged_sentences=("flagged", "sum"))
            .reset_index())


def boilerplate_lines(corpus: Corpus) -> pd.DataFrame:
    """The end-matter cut from each document, one row per line: ``doc_id, line, text``."""
    rows = []
    for doc_id, text in corpus.boilerplates.items():
        for i, line in enumerate((ln.strip() for ln in text.split("\n") if ln.strip()), start=1):
            rows.append((doc_id, i, line))
    return pd.DataFrame(rows, columns=["doc_id", "line", "text"])


def period_labels(corpus: Corpus) -> dict:
    """A label per period that says what is in the group (DESIGN §5).

    ``"2014 · Mamedov, Eurasianet"`` while a period holds one article (author's surname,
    outlet); ``"2014 (12 articles)"`` once it holds several. Every figure and table that
    names a group uses these labels.

    Returns
    -------
    dict of str -> str
        Period -> label, in the corpus's period order.
    """
    docs = corpus.documents()
    labels = {}
    for period in corpus.periods:
        rows = docs.loc[docs["period"] == period]
        if len(rows) == 1:
            rec = rows.iloc[0]
            surname = str(rec["author"]).split()[-1] if str(rec["author"]).strip() else "unknown author"
            labels[period] = f"{period} · {surname}, {rec['outlet']}"
        else:
            labels[period] = f"{period} ({len(rows)} articles)"
    return labels


def flagged_sentences(corpus: Corpus) -> pd.DataFrame:
    """The sentences matched by ``quality_flags.csv``: ``doc_id, sent_id, quality_issue, text``."""
    sents = corpus.sentences()
    return sents.loc[sents["quality_issue"] != "", ["doc_id", "sent_id", "quality_issue", "text"]]


def run_overview(corpus: Corpus) -> dict:
    """Every table of notebook 00, from one corpus.

    Returns
    -------
    dict of pandas.DataFrame
        ``documents`` (:func:`document_summary`), ``periods`` (:func:`period_summary`),
        ``boilerplate`` (:func:`boilerplate_lines`), ``paragraphs``
        (:func:`paragraph_lengths`), ``flagged`` (:func:`flagged_sentences`).
    """
    docs = document_summary(corpus)
    return {"documents": docs, "periods": period_summary(docs), "boilerplate": boilerplate_lines(corpus),
            "paragraphs": paragraph_lengths(corpus), "flagged": flagged_sentences(corpus)}


def example_documents(table: pd.DataFrame, *, max_docs: int = 6, doc: str = "doc_id",
                      period: str = "period") -> list[str]:
    """At most ``max_docs`` documents for per-document figures, every period represented.

    Documents are taken round-robin over the periods (in sorted order), each period's in
    order of appearance: the first document of every period, then the second, and so on.
    A corpus with at most ``max_docs`` documents gives all of them, in order of appearance.

    Parameters
    ----------
    table : pandas.DataFrame
        Any table with ``doc`` and ``period`` columns (paragraphs, sentences, documents).
    max_docs : int, default=6

    Returns
    -------
    list of str

    Examples
    --------
    >>> t = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "period": ["2014", "2014", "2014", "2024"]})
    >>> example_documents(t, max_docs=2)
    ['a', 'd']
    """
    docs = table[[doc, period]].drop_duplicates(doc)
    if len(docs) <= max_docs:
        return docs[doc].astype(str).tolist()
    by_period = [g[doc].astype(str).tolist() for _, g in docs.groupby(period, sort=True)]
    out: list[str] = []
    for i in range(max(len(d) for d in by_period)):
        out += [d[i] for d in by_period if i < len(d)]
    chosen = set(out[:max_docs])
    return [d for d in docs[doc].astype(str) if d in chosen]
