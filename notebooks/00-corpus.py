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
# article, so "period" and "article" coincide until more articles are added):

# %%
by_period = res["periods"]
by_period

# %% [markdown]
# ## What was cut as boilerplate
# Everything from each document's `body_end` marker on. None of these lines reaches any analysis.

# %%
res["boilerplate"]

# %% [markdown]
# ## Paragraph structure
# Each bar is one article, each segment one body paragraph in reading order; hatched
# paragraphs contain a sentence flagged as machine-translation damage.

# %%
para_lengths = res["paragraphs"]
fig = overview_plots.plot_composition(para_lengths)
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
# - The two texts differ in length and sentence structure (table above); every later
#   comparison therefore uses rates (per 1,000 words, shares of sentences or paragraphs),
#   never raw counts.
# - Each period is represented by **one** article. Differences between periods are
#   differences between two authors, outlets and translation histories as much as between
#   2014 and 2024; intervals computed later by resampling sentences describe the stability of
#   a figure within a text, not the variation between articles of a period.
# - The 2024 text is a machine translation with flagged sentences (count in the period
#   table); its vocabulary (e.g. a stray "China") and sentence lengths are partly artefacts.
