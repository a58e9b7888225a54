# %% [markdown]
# # 07 · Synthesis: how did the analysis of the relationship change from 2014 to 2024?
#
# **Question.** Taking every measure of the suite together -- framing, the drivers and risks the
# authors name, the roles they give actors, tone and the tone of the relationship, stance,
# distinctive vocabulary and topics -- how does the 2024 analysis of Azerbaijan–Iran relations
# differ from the 2014 one, and on which dimensions is the evidence too thin to say?
#
# **Method.** No new measurement: this notebook reads the tables the other notebooks wrote
# (`figures/tables/`). Measures whose source table carries an interval keep it; for tables of
# units (paragraphs, sentences, actor-role assignments) the interval and the test between
# periods come from `analysis.stats` (documents resampled within a period once every period has
# five, otherwise the units of the texts -- the `unit` column says which). Every sentence of
# interpretation below is worded from those rows by `analysis.claims`; the limits are filled in
# from the corpus, validation and interval tables. A dimension whose table does not exist yet is
# listed as "table not available".

# %% tags=["parameters", "needs-earlier-stages"]
CORPUS_DIR = "corpus"        # relative to the project root
OUT_DIR = "figures"          # figures here; tables read from and written to OUT_DIR/tables
SEED = 20240511              # named streams per step (analysis.stats.step_rng)
N_RESAMPLES = 2000           # bootstrap resamples and permutations for intervals computed here (range: >= 100)
ALPHA = 0.05                 # level at which a difference is called distinguishable from chance (range: > 0, < 1)
TOPIC_MODEL = None           # topic model summarised; None = the first in topic_prevalence.csv
LEXICONS = ["vader", "afinn", "hiv4", "vader-relations"]  # tone lexicons summarised; None = all
LEAD_LEXICON = "vader-relations"  # lexicon whose validation the limits quote
STANCE_CATEGORIES = ["hedge", "booster", "attitude"]  # stance markers summarised
CONFLICT_ROLES = ["threat", "risk"]        # actor roles pooled as "cast as a danger"
COOPERATION_ROLES = ["partner", "mediator"]  # actor roles pooled as "cast as a partner"
CLAIMS_PER_DIMENSION = 2     # comparisons worded per dimension (largest standardised difference) (range: >= 1)

# %%
from IPython.display import Markdown

from analysis import config, synthesis
from analysis.corpus import load_corpus
from analysis.figures import save_figure, save_table, setup_notebook
from analysis.overview import period_labels
from analysis.plots.synthesis import plot_synthesis

setup_notebook()
corpus = load_corpus(CORPUS_DIR)
labels = period_labels(corpus)
tables = synthesis.read_tables(config.tables_dir(OUT_DIR))
synthesis.available(tables)

# %% [markdown]
# ## 1 · The summary table
# One row per measure, one column per period; each cell is the measured value with its 95 %
# interval, and the last column names the table it comes from (`synthesis_summary.csv` holds the
# same in tidy form with the `unit` of each interval).

# %%
summary, tests = synthesis.synthesis_tables(tables, paragraphs=synthesis.paragraph_units(corpus),
                                            n_resamples=N_RESAMPLES, seed=SEED, topic_model=TOPIC_MODEL,
                                            lexicons=LEXICONS, stance_categories=STANCE_CATEGORIES,
                                            conflict_roles=CONFLICT_ROLES, cooperation_roles=COOPERATION_ROLES)
wide = synthesis.wide_summary(summary, labels=labels)
save_table(summary, "synthesis_summary", out_dir=OUT_DIR, markdown=False)
save_table(tests, "synthesis_tests", out_dir=OUT_DIR)
save_table(wide, "synthesis_summary_wide", out_dir=OUT_DIR, latex=True,
           caption="The two periods side by side: each measure with its 95% interval and source table")
wide

# %% [markdown]
# ## 2 · The paper figure
# Frames (a), drivers and risks by frame (b), actor roles (c), tone with intervals (d), topic
# prevalence (e) and stance markers (f), at double-column width.

# %%
panels = synthesis.figure_tables(tables, summary, topic_model=TOPIC_MODEL)
fig = plot_synthesis(panels, stance=summary.loc[summary["dimension"] == "stance"], labels=labels)
save_figure(fig, "synthesis-2014-vs-2024", out_dir=OUT_DIR);

# %% [markdown]
# ## 3 · What differs, dimension by dimension
# For each dimension: how many of its comparisons are distinguishable from chance, then the
# comparisons with the largest difference relative to their interval, worded from the rows of
# `synthesis_tests.csv` (dimensions without tests: from their estimates).

# %%
claim_table = synthesis.claim_lines(summary, tests, labels=labels, alpha=ALPHA, per_dimension=CLAIMS_PER_DIMENSION)
save_table(claim_table, "synthesis_claims", out_dir=OUT_DIR)
print("\n".join(claim_table["claim"]))

# %% [markdown]
# ## 4 · Where the evidence is too thin
# Dimension by dimension: who wrote the texts, what the intervals resample and how wide they
# are, how many comparisons the tests can separate from chance, how the measure agrees with
# hand coding, and how much of each period's text is flagged machine translation.

# %%
limits = synthesis.limit_statements(summary, tests, tables, labels=labels, alpha=ALPHA,
                                    dimensions=list(synthesis.DIMENSIONS), prefer={"lexicon": LEAD_LEXICON})
save_table(limits, "synthesis_limits", out_dir=OUT_DIR)
print("\n\n".join(f"{r.dimension}: {r.statement}" for r in limits.itertuples()))

# %% [markdown]
# ## What the evidence does and does not show
# Generated from the tables above: first what the measures show, then what they cannot show.

# %%
Markdown(synthesis.closing_text(summary, tests, limits, labels=labels, alpha=ALPHA))

# %% [markdown]
# - **Measurement.** Every number above is read from the other notebooks' tables: the synthesis adds
#   no measurement of its own and inherits their validation and their flagged-sentence checks
#   (section 4 quotes both). A dimension listed as "table not available" appears once its notebook
#   has run (`python -m analysis run --stage NN`, then this notebook); the HTML report
#   (`figures/report/index.html`) and the term explorer are rebuilt by `make all` or
#   `python -m analysis report`.
