# %% [markdown]
# # 00 · The corpus: what is being compared
#
# **Question.** What exactly goes into every later analysis: which documents, how long they
# are, what was cut as end-matter, and where the text itself is unreliable?
#
# **Method.** The corpus is loaded through `analysis.corpus.load_corpus`, which checks every
# file against its manifest checksum, splits it at the manifest's `body_end` marker (bylines,
# bios, disclaimers and sign-ups are never analysed), and segments the body into paragraphs
# (one per line), sentences and tokens. Known machine-translation damage in the 2024 text is
# listed in `corpus/quality_flags.csv` and flagged per sentence; the text is never edited.

# %% tags=["parameters"]
CORPUS_DIR = "corpus"   # relative to the project root
OUT_DIR = "figures"     # figures here, tables in OUT_DIR/tables
COMPOSITION_DOCS = 12   # articles drawn in the paragraph-structure figure, every period represented (range: >= 1)

# %%
from analysis import overview
from analysis.corpus import load_corpus
from analysis.figures import save_figure, save_table, setup_notebook
from analysis.plots import overview as overview_plots

setup_notebook()
corpus = load_corpus(CORPUS_DIR)
res = overview.run_overview(corpus)

# %% [markdown]
# ## The documents
# One row per document, from the manifest (dates carry their precision: the 2024 article is
# dated to the month only).

# %%
corpus.documents()[["doc_id", "period", "date", "date_precision", "outlet", "author", "title"]]

# %% [markdown]
# ## How long they are
# Words are alphabetic tokens of the body; sentences come from the project's segmenter
# (`analysis.segment`), not from textstat's regex counter.

# %%
doc_summary = res["documents"]
doc_summary.drop(columns=["outlet", "author", "date"]).round(3)

# %% [markdown]
# Per period (a period is a group of documents; with the bundled corpus each period holds one
# article, so "period" and "article" coincide until more articles are added; `label` says what
# is in the group, as every later figure does). Words per sentence are alphabetic tokens per
# sentence -- the one definition every notebook uses (01 too):

# %%
labels = overview.period_labels(corpus)
by_period = res["periods"].assign(label=lambda d: d["period"].astype(str).map(labels),
                                  words_per_sentence=lambda d: (d["words"] / d["sentences"]).round(2))
by_period

# %% [markdown]
# ## What was cut as boilerplate
# Everything from each document's `body_end` marker on. None of these lines reaches any analysis.

# %%
res["boilerplate"]

# %% [markdown]
# ## Paragraph structure
# Each bar is one article, each segment one body paragraph in reading order; hatched
# paragraphs contain a sentence flagged as machine-translation damage. A larger corpus draws
# `COMPOSITION_DOCS` articles, taken in turn from each period.

# %%
para_lengths = res["paragraphs"]
shown = overview.example_documents(para_lengths, max_docs=COMPOSITION_DOCS)
print(f"{len(shown)} of {para_lengths['doc_id'].nunique()} articles drawn")
fig = overview_plots.plot_composition(para_lengths, doc_ids=shown)
save_figure(fig, "corpus-composition", out_dir=OUT_DIR);

# %% [markdown]
# ## Data quality: flagged sentences
# The sentences matched by `corpus/quality_flags.csv`. Later notebooks report their key
# results with and without these sentences.

# %%
res["flagged"]

# %%
save_table(doc_summary, "corpus_summary", out_dir=OUT_DIR, latex=True,
           caption="Corpus: documents, length and end-matter cut")
save_table(para_lengths, "corpus_paragraphs", out_dir=OUT_DIR, markdown=False)
save_table(by_period, "corpus_by_period", out_dir=OUT_DIR);

# %% [markdown]
# ## What the evidence does and does not show
# The size of each period, read off the period table:

# %%
print("\n".join(f"{r['label']}: {r['words']:,} words in {r['sentences']} sentences and {r['paragraphs']} paragraphs "
                 f"({r['words_per_sentence']:.2f} words per sentence); {r['flagged_sentences']} flagged sentences."
                 for r in by_period.to_dict("records")))

# %% [markdown]
# - Because the texts are not the same length, the comparisons between periods in notebooks
#   01-03 are made on rates (per 1,000 words, shares of sentences or paragraphs) with their
#   intervals; where a count is shown (matches, cue-bearing sentences) it is for reading and is
#   given beside its share.
# - Each period is represented by **one** article. Differences between periods are
#   differences between two authors, outlets and translation histories as much as between
#   2014 and 2024; intervals computed later by resampling sentences describe the stability of
#   a figure within a text, not the variation between articles of a period.
# - The 2024 text is a machine translation with flagged sentences (count in the period
#   table); its vocabulary (e.g. a stray "China") and sentence lengths are partly artefacts.
