# %% [markdown]
# # 06 · Topics: which themes does each article spend its words on, and how sure can we be?
#
# **Question.** Which recurring themes (topics) run through the two articles, which belong to
# the 2014 piece, which to the 2024 piece and which are shared -- and which of these topics are
# real structure rather than an accident of one random seed?
#
# **Method.**
# - *Segments*: two articles are two documents, too few for a topic model, so the models read
#   body paragraphs pooled across the corpus (sentence windows as a sensitivity check; whole
#   documents once a corpus holds many articles). Terms are lemmas minus a documented stop list
#   (`resources/topic_stopwords.csv`); boilerplate never enters.
# - *Models*: NMF on TF-IDF and LDA on counts (scikit-learn), and tomotopy's DMR -- LDA with the
#   period as a prevalence covariate, in the spirit of stm -- so prevalence by period comes from
#   a model as well as from counting. Seeded, one BLAS thread, one worker.
# - *Choosing k* (2-10): stability of the top terms across refits on resampled segments (Greene,
#   O'Callaghan & Cunningham 2014: average Jaccard, Hungarian matching) and NPMI/UMass coherence
#   computed on the corpus itself.
# - *Stability*: each model refitted with 20 seeds on resamples; topics matched to the reference
#   fit; a topic whose mean agreement stays below the threshold is **unstable**: flagged in every
#   table and figure and not interpreted.
# - *Labels*: top terms by weight and by FREX (Roberts et al.), and the two most representative
#   paragraphs of each topic. *Prevalence by period* with intervals from `analysis.stats`.
# - *Robustness*: do NMF, LDA and DMR find the same topics? Do sentence windows give the same
#   topics as paragraphs? Do the topics survive dropping the machine-translation-garbled sentences?

# %% tags=["parameters"]
CORPUS_DIR = "corpus"          # relative to the project root
OUT_DIR = "figures"            # figures here, tables in OUT_DIR/tables
SEED = 20240511
UNIT = "paragraph"             # segments (choices: paragraph | sentence_window | document | auto)
DOC_UNIT_MIN_DOCS = 50         # "auto": documents are the unit once every period has this many (range: >= 1)
WINDOW = 3                     # sentences per window, sensitivity check (range: >= 1)
MIN_DF = 2                     # a term must occur in at least this many segments (range: >= 1)
MAX_TERMS = 2000               # vocabulary cap, most widespread terms kept (range: >= 10)
STOP_WORDS_PATH = None         # stop list CSV; None = packaged resources/topic_stopwords.csv
K_RANGE = [2, 3, 4, 5, 6, 7, 8, 9, 10]  # candidate numbers of topics
K = "auto"                     # "auto": most stable k, then NPMI (section 2); or an int to fix k
K_RUNS = 10                    # refits per k in the k search (range: >= 2)
K_TOLERANCE = 0.05             # k within this of the best stability compete on coherence (range: 0..1)
MIN_SEGMENTS_PER_TOPIC = 4     # "auto" considers only k leaving this many segments per topic (range: >= 1)
SEARCH_MAX_SEGMENTS = 2000     # k search on a seeded sample of this many segments, large corpora (range: >= 10, or None)
N_SEEDS = 20                   # refits per model for per-topic stability (range: >= 2)
SAMPLE_FRACTION = 0.8          # share of segments per refit (range: > 0, <= 1)
MAX_SEGMENTS = 1000            # cap on segments per refit, large corpora (range: >= 10)
TOP_N = 10                     # top terms compared and shown (range: >= 2)
STABLE_THRESHOLD = 0.5         # mean average Jaccard a topic needs to be interpreted (range: 0..1)
N_RESAMPLES = 2000             # bootstrap resamples and permutations (range: >= 100)
CONFIDENCE = 0.95              # (range: > 0, < 1)
ALPHA = 0.05                   # level at which a difference is distinguishable (range: > 0, < 1)
MIN_DOCS = 5                   # documents per period before documents, not segments, are resampled (range: >= 2)
EMBEDDINGS = False             # True: cluster segments with WordLlama (optional extra; offline)

# %%
from analysis import topics
from analysis.corpus import load_corpus
from analysis.figures import save_figure, save_table, setup_notebook
from analysis.overview import period_labels
from analysis.plots import topics as topic_plots

setup_notebook()
corpus = load_corpus(CORPUS_DIR)
labels = period_labels(corpus)

# %% [markdown]
# Every step below runs in `topics.run_topics` (also what the benchmark stage times); the cells
# that follow show, save and draw its tables.

# %%
res = topics.run_topics(
    corpus, seed=SEED, unit=UNIT, doc_unit_min_docs=DOC_UNIT_MIN_DOCS, window=WINDOW, min_df=MIN_DF,
    max_terms=MAX_TERMS, stop_words_path=STOP_WORDS_PATH, k_values=K_RANGE, k=K, k_runs=K_RUNS,
    k_tolerance=K_TOLERANCE, min_segments_per_topic=MIN_SEGMENTS_PER_TOPIC,
    search_max_segments=SEARCH_MAX_SEGMENTS, n_seeds=N_SEEDS,
    sample_fraction=SAMPLE_FRACTION, max_segments=MAX_SEGMENTS, top_n=TOP_N, stable_threshold=STABLE_THRESHOLD,
    min_docs=MIN_DOCS, n_resamples=N_RESAMPLES, confidence_level=CONFIDENCE, alpha=ALPHA, period_labels=labels)
unit = topics.UNIT_NAMES[res["unit"]]

# %% [markdown]
# ## 1 · What the data can and cannot support
# Topic models were built for thousands of documents. The numbers below say how little there is
# here; every result that follows should be read against them.

# %%
print("\n".join(topics.capacity_lines(res["capacity"], unit=unit)))

# %% [markdown]
# ## 2 · Choosing k
# For each k, a reference NMF fit on all segments is compared with refits on random 80 % samples
# (new seed each): *stability* is the mean agreement of their Hungarian-matched top-term lists
# (1 = identical). *NPMI* is the mean normalised pointwise mutual information of each topic's
# top-term pairs across segments (-1 never together, 1 always together); UMass is shown too.

# %%
save_table(res["k_table"], "topics_k_selection", out_dir=OUT_DIR)
fig = topic_plots.plot_k_selection(res["k_table"], chosen_k=res["k"])
save_figure(fig, "topics-k-selection", out_dir=OUT_DIR);
print(res["k_reason"])
res["k_table"].drop(columns=["model", "n_segments"]).round(3)

# %% [markdown]
# ## 3 · Stability of each topic
# Every model refitted with `N_SEEDS` seeds, each on a new 80 % sample of the segments. A topic's
# stability is the mean average Jaccard of its matched topic over the refits; the whisker shows
# the worst refit. Topics below the threshold are greyed and marked *(unstable)* everywhere.

# %%
save_table(res["stability"], "topics_stability", out_dir=OUT_DIR)
save_table(res["runs"], "topics_stability_runs", out_dir=OUT_DIR, markdown=False)
fig = topic_plots.plot_stability(res["stability"], threshold=STABLE_THRESHOLD)
save_figure(fig, "topics-stability", out_dir=OUT_DIR);
print("\n".join(topics.stability_lines(res["stability"], threshold=STABLE_THRESHOLD)))

# %% [markdown]
# ## 4 · What the topics are about
# Top terms by weight (`topics.csv`) and by FREX, which favours terms both frequent in the topic
# and exclusive to it, for every model:

# %%
save_table(res["topics"], "topics", out_dir=OUT_DIR)
save_table(res["frex"], "topics_frex", out_dir=OUT_DIR)
save_table(res["labels"], "topics_labels", out_dir=OUT_DIR)
res["labels"].drop(columns=["stable"]).round(2)

# %% [markdown]
# The two paragraphs with the highest share of each topic (shortened), so a reader can name it:

# %%
save_table(res["examples"], "topics_examples", out_dir=OUT_DIR)
examples = res["examples"].merge(res["labels"][["model", "topic", "label"]], on=["model", "topic"])
examples[["model", "label", "rank", "period", "para_id", "share", "text"]].round(2)

# %% [markdown]
# ## 5 · Prevalence by period (the headline figure)
# The share of each period's words that a model assigns to each topic, with 95 % bootstrap
# intervals; DMR's own period prior as open diamonds. Unstable topics are grey crosses.

# %%
prev = res["prevalence"]
save_table(prev, "topic_prevalence", out_dir=OUT_DIR)
save_table(res["prior"], "topic_prevalence_dmr_prior", out_dir=OUT_DIR)
save_table(res["tests"], "topic_prevalence_tests", out_dir=OUT_DIR)
fig = topic_plots.plot_prevalence(prev, labels=labels, prior=res["prior"])
save_figure(fig, "topics-prevalence-by-period", out_dir=OUT_DIR);
prev.pivot_table(index=["model", "label"], columns="period", values=["share", "ci_low", "ci_high"], sort=False).round(2)

# %% [markdown]
# Which topics belong to which period -- a topic belongs to a period when its share there is
# distinguishable from chance after Holm's adjustment across topics; otherwise it is shared or
# indistinct. Generated from the tests:

# %%
save_table(res["assignment"], "topics_by_period", out_dir=OUT_DIR)
print("\n".join(topics.prevalence_lines(res["assignment"])))
print("\n".join(res["assignment"]["sentence"]))

# %% [markdown]
# ## 6 · Robustness: do the models, and the segmentations, agree?
# Cosine similarity of every topic of one model with every topic of another (term distributions
# over the shared vocabulary); boxes mark the one-to-one match.

# %%
save_table(res["alignment"], "topics_alignment", out_dir=OUT_DIR)
fig = topic_plots.plot_alignment(res["alignment"], labels=res["labels"])
save_figure(fig, "topics-alignment", out_dir=OUT_DIR);
print("\n".join(topics.agreement_lines(res["agreement"])))
res["agreement"].drop(columns=["min_cosine"]).round(2)

# %% [markdown]
# The same models on windows of `WINDOW` sentences instead of paragraphs (same k, same seeds):

# %%
save_table(res["window_alignment"], "topics_window_alignment", out_dir=OUT_DIR)
print("\n".join(topics.window_lines(res["window_alignment"], unit=unit)))

# %% [markdown]
# And without the sentences flagged as machine-translation garbling (`corpus/quality_flags.csv`;
# the corpus's `without_flagged()`), refitted with the same k and seeds:

# %%
save_table(res["flagged_alignment"], "topics_without_flagged_alignment", out_dir=OUT_DIR)
print("\n".join(topics.window_lines(res["flagged_alignment"], unit=unit, other="without-flagged-sentences")))

# %% [markdown]
# ## 7 · Embeddings (optional extra, off by default)
# With `EMBEDDINGS = True` and the `embeddings` extra installed (`pip install -e .[embeddings]`),
# segments are embedded with WordLlama (weights inside the wheel, loaded offline), clustered with
# k-means at the same k, and the clusters compared with the NMF topics (adjusted Rand index).

# %%
if EMBEDDINGS:
    emb = topics.embedding_check(res["dtm"], res["fits"]["nmf"], seed=SEED)
    save_table(emb["table"], "topics_embedding_clusters", out_dir=OUT_DIR)
    print(emb["summary"])

# %% [markdown]
# ## What the evidence does and does not show
# Generated from the tables above:

# %%
print("\n".join(["Shows (stable topics only):", *topics.prevalence_lines(res["assignment"]),
                 "Stability:", *topics.stability_lines(res["stability"], threshold=STABLE_THRESHOLD),
                 "Agreement between models:", *topics.agreement_lines(res["agreement"]),
                 "Robustness:", *topics.window_lines(res["window_alignment"], unit=unit),
                 *topics.window_lines(res["flagged_alignment"], unit=unit, other="without-flagged-sentences"),
                 "Does not show:", *topics.capacity_lines(res["capacity"], unit=unit)]))

# %% [markdown]
# Read these lines with section 1 in mind. Each period is one article, so every interval above
# says how evenly a topic is spread over the paragraphs of one text, not how a period's discourse
# is composed; a topic that "leans" to a period is a description of these two texts. Topics
# marked unstable change with the seed or with which paragraphs a refit sees, and are not
# interpreted. With a corpus of many articles per period, the same notebook resamples articles
# (`MIN_DOCS`) and can model whole documents (`UNIT = "auto"`).
