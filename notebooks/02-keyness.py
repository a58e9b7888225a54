# %% [markdown]
# # 02 · Keyness: which words set each article apart?
#
# **Question.** Which words does each period's article use distinctively -- compared with the
# other period, and compared with general English -- and how far can two short texts support
# such a claim?
#
# **Method.** Tokens are lemmatised (`analysis.corpus`), punctuation and the clitic *'s* are
# dropped, and multi-word expressions from an editable gazetteer
# (`resources/multiword_expressions.csv`: "South Caucasus", "Zangezur corridor", "nuclear
# deal", "Revolutionary Guards", …) are merged into single terms before counting. Distinctiveness
# is the log-odds ratio with an informative Dirichlet prior of Monroe, Colaresi & Quinn (2008,
# "Fightin' Words"), reported as a z-score:
#
# - **period against period** -- each period against all other periods pooled, with the pooled
#   counts of all periods, scaled to `ALPHA0` pseudo-counts, as the prior;
# - **period against general English** -- against wordfreq's English frequencies (Speer 2022),
#   treated as a reference of known frequencies; wordfreq counts word forms, so a lemma's
#   reference frequency is the sum over the forms the same lemmatiser maps to it.
#
# Stop words stay in the model (the prior handles them) and are only hidden from the lists and
# figures. Sentences flagged as machine-translation damage in the 2024 text are kept in the main
# analysis and dropped in the robustness run (`corpus.without_flagged()`); terms that occur in
# them are marked (†).

# %% tags=["parameters"]
CORPUS_DIR = "corpus"          # relative to the project root
OUT_DIR = "figures"            # figures here, tables in OUT_DIR/tables
SEED = 20240511
N_RESAMPLES = 2000             # resamples for the stability of the top terms (range: >= 100)
MIN_DOCS = 5                   # documents per period before documents, not sentences, are resampled (range: >= 2)
ALPHA0 = 1000.0                # prior size (pseudo-counts), period against period (range: > 0)
ALPHA0_ENGLISH = 1000.0        # prior size, period against general English (range: > 0)
WORDFREQ_MINIMUM = 1e-8        # frequency floor for words wordfreq does not know
N_TOP = 10                     # terms listed each way (range: >= 1)
Z_THRESHOLD = 1.96             # |z| beyond which a term is called distinctive (range: > 0)
FLAG_SHARE = 0.5               # mark a term (†) when this share of it is in flagged sentences (range: 0..1)
MWE_PATH = None                # multi-word expression gazetteer (None = packaged)
KWIC_WINDOW = 7                # tokens either side in the concordance (range: >= 1)
N_KWIC = 3                     # top terms per period and contrast shown in context (range: >= 0)
KWIC_MAX = 4                   # occurrences shown per term (first in reading order) (range: >= 1)

# %%
import pandas as pd

from analysis import keyness, overview
from analysis.corpus import load_corpus
from analysis.figures import save_figure, save_table, setup_notebook
from analysis.plots import keyness as keyness_plots

setup_notebook()
corpus = load_corpus(CORPUS_DIR)
res = keyness.run_keyness(corpus, expressions=MWE_PATH, alpha0=ALPHA0, alpha0_english=ALPHA0_ENGLISH,
                          minimum=WORDFREQ_MINIMUM, n_top=N_TOP, z_threshold=Z_THRESHOLD, kwic_window=KWIC_WINDOW,
                          n_kwic=N_KWIC, kwic_max=KWIC_MAX, min_docs=MIN_DOCS, n_resamples=N_RESAMPLES, seed=SEED)
table, top, counts = res["table"], res["top"], res["counts"]

# %% [markdown]
# ## Multi-word expressions found
# Gazetteer expressions that occur in the corpus, counted as one term each (their words are
# not counted again on their own).

# %%
count_cols = [c for c in counts.columns if c.startswith("count_")]
counts.loc[counts["is_mwe"], ["term", *count_cols, "n_flagged"]].sort_values("term").reset_index(drop=True)

# %% [markdown]
# ## How many terms are distinctive at all?
# One line per contrast and period, computed from the table below.

# %%
print(keyness.summary_lines(table, z_threshold=Z_THRESHOLD))

# %% [markdown]
# **What the test can detect.** With two short texts, few terms passing is a statement about
# power, not similarity. The smallest number of occurrences a term needs in one text, given how
# often it occurs in the other, to reach `|z| > Z_THRESHOLD` (same prior, same totals):

# %%
power = keyness.detectable_counts(counts, alpha0=ALPHA0, z_threshold=Z_THRESHOLD)
labels = overview.period_labels(corpus)  # group labels that say what is in each period
save_table(power, "keyness_power", out_dir=OUT_DIR)
print("\n".join(keyness.power_lines(power.loc[power["base_count"] == 0], z_threshold=Z_THRESHOLD, labels=labels)))
power.pivot(index="base_count", columns="period", values="min_count")

# %% [markdown]
# ## 2014 against 2024 (each period against the rest)
# The most distinctive content words each way; `z > 0` means more frequent in `period` than in
# the other period(s). `form` is the commonest word form of the lemma.

# %%
show = ["period", "direction", "rank", "term", "form", *count_cols, "log_odds", "z", "n_flagged"]
top_periods = top.loc[(top["reference"] == "other periods") & (top["direction"] == "over"), show]
top_periods.round(2)

# %% [markdown]
# The same contrast as bars (with two periods one side is the mirror of the other), and as a
# Fightin'-Words scatter of frequency against z; dashed lines mark `|z| = Z_THRESHOLD`.

# %%
fig = keyness_plots.plot_keyness(table, reference="other periods", n=N_TOP, z_threshold=Z_THRESHOLD,
                                 flag_share=FLAG_SHARE, labels=labels)
save_figure(fig, "keyness-periods", out_dir=OUT_DIR);

# %%
fig = keyness_plots.plot_fightin_words(table, n_labels=N_TOP, z_threshold=Z_THRESHOLD, flag_share=FLAG_SHARE)
save_figure(fig, "keyness-fightin-words", out_dir=OUT_DIR);

# %% [markdown]
# With one short article per period the z-scores are small. How much does that depend on the
# prior size? Smaller `alpha0` trusts the raw counts more.

# %%
res["prior_sensitivity"].round(2)

# %% [markdown]
# How stable is each period's top list? Sentences (documents, once every period has `MIN_DOCS`
# of them; see `unit`) are resampled within each period and the share of resamples in which
# each observed top term is again in the top `N_TOP` is recorded (a selection frequency within
# these texts, not evidence about other articles).

# %%
stability = res["stability"]
stability.loc[stability["reference"] == "other periods"].round(2)

# %% [markdown]
# ## Each period against general English
# What each article is about: the terms it uses far more often than English at large, and the
# (few) words it uses less.

# %%
top_english = top.loc[top["reference"] == "general English",
                      [*show, "english_per_million"]]
top_english.round(2)

# %%
fig = keyness_plots.plot_keyness(table, reference="general English", n=N_TOP, z_threshold=Z_THRESHOLD,
                                 flag_share=FLAG_SHARE, labels=labels)
save_figure(fig, "keyness-english", out_dir=OUT_DIR);

# %%
stability.loc[stability["reference"] == "general English"].round(2)

# %% [markdown]
# ## Recurring word sequences
# Bigrams and trigrams counted on word forms without merging the gazetteer, so that its
# expressions show up here too; sequences starting or ending with a stop word are hidden.

# %%
bigrams, trigrams = res["bigrams"], res["trigrams"]
bigrams.loc[bigrams["display"]].head(15).reset_index(drop=True)

# %%
trigrams.loc[trigrams["display"]].head(10).reset_index(drop=True)

# %% [markdown]
# ## The top terms in context
# The `N_KWIC` most distinctive terms of each period in each contrast, up to `KWIC_MAX`
# occurrences each (in reading order) with `KWIC_WINDOW` tokens either side.

# %%
concordance = res["kwic"]
concordance[["query", "period", "sent_id", "left", "keyword", "right", "quality_issue"]]

# %% [markdown]
# ## With and without the flagged sentences
# The 2024 text is a machine translation; `corpus/quality_flags.csv` flags damaged sentences (a
# stray "China" stands where Armenia or the region is meant). The summary with those sentences
# dropped (the same analysis on `corpus.without_flagged()`):

# %%
print(keyness.summary_lines(res["table_without_flagged"], z_threshold=Z_THRESHOLD))

# %% [markdown]
# Which top-`N_TOP` terms leave or enter each list when the flagged sentences are dropped:

# %%
top_change = res["top_change"]
top_change.loc[top_change["change"] != "kept"].round(2).reset_index(drop=True)

# %% [markdown]
# Content words that occur *only* in flagged sentences (they vanish without them), by their z
# with them:

# %%
flag_check = res["flag_sensitivity"]
only_flagged = flag_check.loc[flag_check["z_excluded"].isna() & flag_check["display"]].drop(columns="display")
only_flagged.groupby(["reference", "period"], sort=True).head(6).round(2).reset_index(drop=True)

# %%
save_table(table, "keyness", out_dir=OUT_DIR, markdown=False)
save_table(top, "keyness_top", out_dir=OUT_DIR)
save_table(pd.concat([bigrams, trigrams], ignore_index=True), "keyness_ngrams", out_dir=OUT_DIR,
           markdown=False)
save_table(concordance, "keyness_kwic", out_dir=OUT_DIR)
save_table(stability, "keyness_stability", out_dir=OUT_DIR)
save_table(flag_check, "keyness_flag_sensitivity", out_dir=OUT_DIR)
save_table(top_change, "keyness_top_flagged", out_dir=OUT_DIR)
save_table(res["prior_sensitivity"], "keyness_prior_sensitivity", out_dir=OUT_DIR);

# %% [markdown]
# ## What the evidence does and does not show
# Generated from the tables above: how many terms pass the threshold, what the test could have
# detected, and how stable each top list is under resampling.

# %%
print("\n".join([keyness.summary_lines(table, z_threshold=Z_THRESHOLD), keyness.shared_terms_line(counts),
                 *keyness.power_lines(power.loc[power["base_count"] == 0], z_threshold=Z_THRESHOLD, labels=labels),
                 *keyness.stability_lines(stability, reference="general English", labels=labels),
                 *keyness.stability_lines(stability, reference="other periods", labels=labels)]))

# %% [markdown]
# - **Against general English** both articles are about the same core -- the names of the two
#   states, their capitals and neighbours -- and the lists separate them by what surrounds it:
#   the 2014 piece by the actors and threats of its moment (Rouhani, Rafsanjani, Salafist
#   extremism), the 2024 piece by the corridor and territorial agenda (the Zangezur corridor,
#   Nakhchivan) and cultural diplomacy (Nizami). How often each of these stays in the top list
#   when sentences are resampled is printed above: only the terms listed as kept in at least 90 %
#   of resamples are a stable part of the list; read the others as themes of the texts, not as a
#   ranking.
# - **Against each other** the test can say little: the lines above give how few terms pass
#   `|z| > Z_THRESHOLD` and how large a count difference it would take to pass (a term absent
#   from one text needs the printed number of occurrences in the other). Differences smaller
#   than that go undetected; this is lack of power, **not evidence that the two texts use the
#   same words** -- the line on content terms above says how few occur in both texts at all.
#   The prior-size table shows the cut-off depends on `ALPHA0`.
# - Each period is one article by one author. A "2014 vs 2024" difference here is a difference
#   between two texts -- author, outlet and translation history included -- not between periods.
# - The flagged 2024 sentences are a large part of a short text: dropping them reshuffles the
#   period-against-period top list (terms that leave or enter it are listed above) and removes
#   single terms that exist only there (the stray "china"). Every table marks terms that occur
#   in flagged sentences.
# - Counts are lemma-based with a lookup lemmatiser that makes mistakes (the `form` column shows
#   the word as written), wordfreq does not separate "US" from "us", and its estimate for a
#   multi-word term is an upper bound, so the z of gazetteer terms against English is
#   conservative.
