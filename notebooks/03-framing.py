# %% [markdown]
# # 03 · Framing: how do the two articles frame Azerbaijan–Iran relations, and what changed?
#
# **Question.** Which frames -- diplomacy, security, economy, culture and identity,
# geopolitics, territorial conflict, extremism and terrorism, domestic politics -- organise each
# article, paragraph by paragraph, and did their weight shift between the 2014 and the 2024
# piece? Which sentences define the problem, interpret causes, evaluate morally and recommend a
# treatment (Entman 1993)?
#
# **Method.**
# - *Codebook* (`resources/frame_codebook.yaml`): eight frames, each with a definition,
#   inclusion and exclusion rules, two example sentences, its dimension in the Policy Frames
#   Codebook (Boydstun et al. 2014) and weighted indicators -- lemmas, variants, multi-word
#   expressions, named places and institutions.
# - *Coding*: indicators are matched on lemmas with spaCy's `PhraseMatcher`; the longest match
#   wins. Per text and frame, the summed cue weight `H` becomes a score `H / (H + L)` with a
#   length factor `L = 1 - b + b·words/100` (BM25's saturating term weight), so long and short
#   paragraphs compare. A frame is *present* when the score reaches the threshold and `H` is at
#   least one full cue; the *primary* frame has the highest score.
# - *Validation*: rules against one coder's hand coding (`validation/`), on the article
#   paragraphs (the set the codebook was tuned on) and on held-out paragraphs written for the
#   purpose, with per-frame precision, recall, F1 and Cohen's kappa.
# - *Shares by period*: the share of paragraphs (and of sentences) with each frame present,
#   with bootstrap intervals and permutation tests from `analysis.stats`.
# - *Entman's functions*: cue patterns (problem nouns, causal connectives, evaluative words,
#   modal recommendations) find the sentences doing each function, side by side by period.

# %% tags=["parameters"]
CORPUS_DIR = "corpus"          # relative to the project root
OUT_DIR = "figures"            # figures here, tables in OUT_DIR/tables
SEED = 20240511
N_RESAMPLES = 2000             # bootstrap resamples and permutations (range: >= 100)
CONFIDENCE = 0.95              # (range: > 0, < 1)
THRESHOLD = 0.5                # minimum frame score for "present" (range: 0..1)
MIN_HITS = 1.0                 # minimum summed cue weight for "present" (one full cue) (range: >= 0)
LENGTH_NORM = 0.5              # b of the length factor (0 = none, 1 = full) (range: 0..1)
REF_WORDS = 100                # text length at which the length factor is 1 (range: > 0)
ENTMAN_MIN_HITS = 1.0          # summed cue weight a sentence needs to perform a function (range: >= 0)
MIN_DIFFERENCE = 0.2           # share change named in the plain-language summary (range: >= 0)
ALPHA = 0.05                   # level at which a difference is called distinguishable (range: > 0, < 1)
CODEBOOK_PATH = None           # frame codebook YAML; None = packaged resources/frame_codebook.yaml
ENTMAN_CUES_PATH = None        # Entman cue YAML; None = packaged resources/entman_cues.yaml
VALIDATION_DIR = "validation"  # hand coding (frames_articles.csv, frames_heldout.csv, entman_*.csv)
VALIDATION_CORPUS_DIR = "corpus"  # the hand-coded articles; validation runs on them when CORPUS_DIR lacks them
MIN_DOCS = 5                   # documents per period before documents, not units, are resampled (range: >= 2)
HEATMAP_DOCS = 6               # documents drawn in the paragraph heat map, every period represented (range: >= 1)

# %%
import pandas as pd

from analysis import framing, hand_coded, overview, stats
from analysis.corpus import load_corpus
from analysis.figures import save_figure, save_table, setup_notebook
from analysis.plots import framing as framing_plots

setup_notebook()
corpus = load_corpus(CORPUS_DIR)
codebook = framing.load_codebook(CODEBOOK_PATH)
settings = dict(codebook=codebook, cues=ENTMAN_CUES_PATH, threshold=THRESHOLD, min_hits=MIN_HITS,
                length_norm=LENGTH_NORM, ref_words=REF_WORDS, entman_min_hits=ENTMAN_MIN_HITS, min_docs=MIN_DOCS,
                n_resamples=N_RESAMPLES, confidence_level=CONFIDENCE, seed=SEED)  # each random step: its own stream
res = framing.run_framing(corpus, **settings)

# %%
validated = hand_coded.hand_coded_corpus(corpus, VALIDATION_DIR, reference_dir=VALIDATION_CORPUS_DIR)
res_validated = res if validated is corpus else framing.run_framing(validated, **settings)
checks = framing.validate_framing(res_validated, validation_dir=VALIDATION_DIR, **settings)
print(hand_coded.describe(corpus, validated))
hand_label = hand_coded.label("paragraphs (hand coding)", corpus, validated)  # names the articles it covers

# %% [markdown]
# ## 1 · The codebook
# One row per frame: its Policy Frames Codebook dimension (for comparison with Media Frames
# Corpus work), the number of indicators and the definition. Edit the YAML (or pass your own
# with `CODEBOOK_PATH`) and rerun to add a frame or change indicators.

# %%
book = res["codebook"]
save_table(book, "frames_codebook", out_dir=OUT_DIR)
book[["frame", "pfc_code", "pfc_dimension", "n_indicators", "definition"]]

# %% [markdown]
# ## 2 · Coding the paragraphs
# Every body paragraph and every sentence is scored on every frame, from one pass over the
# text (`frames_paragraphs.csv`, one row per paragraph × frame). The primary frame of each
# paragraph, in reading order:

# %%
paragraphs, sentences, primary = res["paragraphs"], res["sentences"], res["primary"]
save_table(paragraphs, "frames_paragraphs", out_dir=OUT_DIR, markdown=False)
present = paragraphs.loc[paragraphs["present"]].groupby(["doc_id", "para_id"])["frame"].agg(", ".join)
primary.assign(present=primary.set_index(["doc_id", "para_id"]).index.map(present)).drop(columns="doc_id")

# %% [markdown]
# The heat map shows the score of every frame in every paragraph (darker = stronger cues); a
# white dot marks a frame that is present, an orange box the primary frame. The orange line on
# the colour bar is the score a frame needs to be present (`THRESHOLD`; it also needs one full cue).
# A larger corpus draws `HEATMAP_DOCS` documents, taken in turn from each period.

# %%
labels = overview.period_labels(corpus)  # group labels that say what is in each period
shown = overview.example_documents(paragraphs, max_docs=HEATMAP_DOCS)
print(f"heat map: {len(shown)} of {paragraphs['doc_id'].nunique()} documents")
fig = framing_plots.plot_frame_heatmap(paragraphs, doc_ids=shown, threshold=THRESHOLD, labels=labels)
save_figure(fig, "frames-heatmap", out_dir=OUT_DIR);

# %% [markdown]
# Which words drove the coding? The cues found in each paragraph of the heat map's documents, by
# frame (the full list with token positions is what `framing.frame_hits` returns):

# %%
all_paragraphs = corpus.paragraphs()
shown_paragraphs = all_paragraphs.loc[all_paragraphs["doc_id"].isin(shown)]  # the heat map's documents
hits = framing.frame_hits(shown_paragraphs["text"].tolist(), codebook)
keys = shown_paragraphs[["doc_id", "para_id"]]
hits = pd.concat([keys.iloc[hits["text_id"]].reset_index(drop=True), hits.drop(columns="text_id")], axis=1)
cue_words = hits.groupby(["doc_id", "para_id", "frame"], sort=False)["match_text"].agg(lambda s: ", ".join(s.str.lower()))
cue_words.unstack("frame").fillna("").reindex(columns=codebook.labels)

# %% [markdown]
# ## 3 · Validation against hand coding
# The article paragraphs are the **tune set**: the codebook was adjusted on them, so agreement
# there is in-sample. Held-out batch 2 was written and hand-coded before it was first scored and
# nothing was changed afterwards; batch 1 was used to revise the codebook once and is reported
# as a development set; batch 3 (below) is the held-out figure (`validation/README.md` gives the
# order of work). These are rules-versus-coder figures, each with a 95 % bootstrap interval over
# units (`analysis.validation`); a second coder's frames for the article paragraphs follow.

# %%
print(checks["lines"])

# %% [markdown]
# Per frame, held-out batch 2 and the article paragraphs (precision, recall, F1, and Cohen's
# kappa of presence; NaN where a frame is never coded by either side):

# %%
per_frame = checks["per_frame"]  # saved with batch 3, the held-out figure, below (frames_validation.csv)
per_frame.loc[per_frame["set"] != "heldout-1"].pivot(index="frame", columns="set", values=[
    "precision", "recall", "f1", "kappa"]).reindex([*codebook.labels, "micro", "macro"]).round(2)

# %% [markdown]
# ### Held-out batches 3 and 4: the held-out figures
# The codebook was written after reading both articles, and some cues are their names and
# phrases (`origin: from-articles` in the YAML: *zangezur corridor, salafist, change of guard,
# implacable, alarm bells* ...). Batch 3 (24 paragraphs, 52 sentences) covers the topics those
# cues stand for **in other wording**; batch 4 (16 paragraphs, 38 sentences) puts the *general*
# cues that until then fired only in the articles (*thaw, rapprochement, delimitation, arms race,
# proxy, jihadist* ...) into new contexts. Each was hand-coded and committed before it was scored
# once. Agreement per frame (and for Entman's functions) with 95 % intervals:

# %%
validity = framing.validity_report(validated, validation_dir=VALIDATION_DIR, codebook=codebook,
                                   cues=framing.load_entman_cues(ENTMAN_CUES_PATH), entman_min_hits=ENTMAN_MIN_HITS,
                                   n_resamples=N_RESAMPLES, seed=SEED, threshold=THRESHOLD, min_hits=MIN_HITS,
                                   length_norm=LENGTH_NORM, ref_words=REF_WORDS)
print(validity["heldout_lines"])
save_table(pd.concat([per_frame, validity["heldout_per_frame"].loc[lambda d: d["set"] == "heldout-3"]]),
           "frames_validation", out_dir=OUT_DIR)
save_table(validity["heldout_per_frame"], "frames_validation_heldout3", out_dir=OUT_DIR)
validity["heldout_per_frame"].pivot(index="frame", columns="set", values=["f1", "f1_low", "f1_high", "kappa"]).reindex(
    [*codebook.labels, "micro", "macro"]).round(2)

# %% [markdown]
# **Ablation.** Every validation set scored with all cues and with the general cues only (the
# from-articles cues removed), estimate [95 % interval] (`frames_ablation.csv`):

# %%
save_table(validity["ablation"], "frames_ablation", out_dir=OUT_DIR)
validity["ablation_wide"]

# %% [markdown]
# How much of each article's coding rests on the from-articles cues: their share of the summed
# cue weight, the present frame (paragraphs) or function (sentences) decisions that disappear
# without them, and the primary frames that change:

# %%
save_table(validity["reliance"], "frames_reliance_from_articles", out_dir=OUT_DIR)
validity["reliance"].drop(columns=["cue_weight", "cue_weight_from_articles"]).round(2)

# %% [markdown]
# **Inter-coder reliability.** A second coder coded the 20 article paragraphs from the frame
# definitions alone (`validation/second_coder_frames.csv`; reliability evidence, never used to
# change the codebook). Cohen's kappa and Krippendorff's alpha of presence per frame and of the
# primary frame, between the coders and between the rules and each coder, with 95 % intervals
# over paragraphs:

# %%
save_table(validity["reliability"], "frames_reliability", out_dir=OUT_DIR)
validity["reliability_wide"]

# %% [markdown]
# Out of sample the rules agree moderately with the hand coding: they code more frames than
# the hand coding does (batch 3: 53 rule decisions against 35 hand-coded ones), above all
# *economy* and *security* (a railway, a bridge, an army named in a paragraph about something
# else), and miss diplomacy or domestic politics described without the listed words. The period
# comparison below therefore also shows the shares from the hand coding itself, which does not
# depend on the rules.
#
# ## 4 · Frame shares by period
# The share of paragraphs in which each frame is present, with 95 % bootstrap intervals over
# paragraphs within each period (`frames_by_period.csv`), and the same at sentence level.
# Held out, the rules agree with the hand coding moderately (batch 3 above), so the shares from
# the hand coding are drawn beside them.

# %%
para_shares, sent_shares, hand_shares = res["para_shares"], res["sent_shares"], checks["hand_shares"]
save_table(para_shares.assign(level="paragraph", coding="rules"), "frames_by_period", out_dir=OUT_DIR)
save_table(sent_shares.assign(level="sentence", coding="rules"), "frames_by_period_sentences", out_dir=OUT_DIR)
save_table(hand_shares.assign(level="paragraph", coding="hand"), "frames_by_period_hand", out_dir=OUT_DIR)
fig = framing_plots.plot_frame_shares_panels({"paragraphs (rules)": para_shares, "sentences (rules)": sent_shares,
                                               hand_label: hand_shares}, confidence_level=CONFIDENCE,
                                              labels=labels)
save_figure(fig, "frames-by-period", out_dir=OUT_DIR);

# %% [markdown]
# Is a difference between the periods more than chance? A permutation test per frame shuffles
# the units between the periods (two-sided, with Holm's adjustment across the eight frames).
# **With ten paragraphs per text such a test has little power: only large differences could
# reach significance, and the paragraphs (or sentences) of one article are not independent
# draws -- they share an author, a topic and a moment -- so the p-values describe these two
# texts, not the discourse of 2014 and 2024.** Shares and intervals, then the tests:

# %%
para_tests, sent_tests, hand_tests = res["para_tests"], res["sent_tests"], checks["hand_tests"]
tests = pd.concat([para_tests.assign(level="paragraph", coding="rules"),
                   sent_tests.assign(level="sentence", coding="rules"),
                   hand_tests.assign(level="paragraph", coding="hand")], ignore_index=True)
save_table(tests, "frames_tests", out_dir=OUT_DIR)
print("\n  ".join(["Paragraphs (rules):", *framing.share_lines(para_shares, para_tests)]) + "\n"
      + "\n  ".join(["Sentences (rules):", *framing.share_lines(sent_shares, sent_tests, unit="sentences")]) + "\n"
      + "\n  ".join([hand_label.capitalize() + ":", *framing.share_lines(hand_shares, hand_tests)]))

# %% [markdown]
# ## 5 · Robustness: the machine-translation garbling of the 2024 text
# The 2024 text has flagged sentences (`corpus/quality_flags.csv`), two with a stray "China"
# where Armenia or the region is meant. Country names are weak cues (weight 0.5) and a frame
# needs at least one full cue, so "China" alone cannot make a frame present; the flagged
# sentences and what the rules coded in them:

# %%
flagged = sentences.loc[sentences["quality_issue"] != ""]
flag_frames = flagged.loc[flagged["present"]].groupby(["doc_id", "sent_id"])["frame"].agg(", ".join)
flag_view = corpus.sentences().loc[lambda d: d["quality_issue"] != "", ["doc_id", "sent_id", "quality_issue", "text"]]
flag_view.merge(flag_frames.rename("frames_present").reset_index(), how="left").fillna("").drop(columns="doc_id")

# %% [markdown]
# The shares again on `corpus.without_flagged()` (the same coding on the texts without those
# sentences), next to the full-text shares:

# %%
robust = res["without_flagged"]
save_table(robust, "frames_by_period_without_flagged", out_dir=OUT_DIR)
robust.pivot(index="frame", columns=["level", "period"], values=["share_all", "share_without_flagged"]).round(2)

# %% [markdown]
# ## 6 · Entman's frame functions
# Each sentence is searched for cues of the four functions. First, how well the cues match the
# hand labels -- in-sample on the article sentences they were tuned on, and out of sample on the
# held-out sentences:

# %%
print(checks["entman_lines"])
checks["entman_agreement"].round(2)

# %% [markdown]
# Out of sample the cues find modal recommendations reasonably but miss most causal and moral
# statements, which are rarely made with a fixed word. The table below is therefore a reading
# aid: the sentences *with cues* for each function, side by side for the two periods
# (`entman_table.md` / `.tex`), with the number of such sentences and their **share** of the
# period's sentences (the texts differ in length: compare the shares, not the counts).

# %%
save_table(res["functions"], "entman_functions", out_dir=OUT_DIR, markdown=False)
entman = res["entman"]  # sentences shortened to 160 characters
save_table(entman, "entman_table", out_dir=OUT_DIR, latex=True,
           caption="Sentences doing Entman's frame functions, found by cue patterns, by period")
entman

# %% [markdown]
# The share of sentences doing each function, from the cues and from the hand labels, with 95 %
# intervals (an exact interval where a share is 0 or 1; periods without hand labels have none):

# %%
ent_shares = checks["entman_shares"]
save_table(ent_shares, "entman_shares", out_dir=OUT_DIR)
ent_shares.pivot(index="function", columns=["coding", "period"], values="share").reindex(
    framing.ENTMAN_FUNCTIONS).round(2)

# %% [markdown]
# ## 7 · What changed between 2014 and 2024
# The same permutation tests on `corpus.without_flagged()`, so that every coding and unit can be
# set side by side:

# %%
clean = {level: res[f"{level}_without_flagged"] for level in ("paragraphs", "sentences")}  # coded by run_framing
all_tests = {"paragraphs (rules)": para_tests, hand_label: hand_tests, "sentences (rules)": sent_tests}
for level in ("paragraphs", "sentences"):
    all_tests[f"{level} without flagged sentences (rules)"] = framing.compare_frame_shares(
        clean[level], min_docs=MIN_DOCS, n_resamples=N_RESAMPLES,
        random_state=stats.step_seed(SEED, f"frame tests {level} without flagged"))
directions = framing.direction_table(all_tests, alpha=ALPHA)
save_table(directions, "frames_directions", out_dir=OUT_DIR);

# %% [markdown]
# ## What the evidence does and does not show
# **Shows** -- every sentence below is generated from the tables above (`analysis.claims`): the
# frames whose paragraph share moved by at least `MIN_DIFFERENCE`, worded with the estimate, its
# interval and the test; what survives Holm's adjustment in each coding; and, for those frames and
# any frame whose direction is not the same in every coding and unit, the direction in each.

# %%
print("\n".join(framing.evidence_lines(all_tests, min_difference=MIN_DIFFERENCE, alpha=ALPHA, labels=labels)))

# %% [markdown]
# - **Does not show.** That framing of Azerbaijan–Iran relations changed between 2014 and 2024
#   in general: each period is one article by one author, ten paragraphs each. The intervals are
#   wide, the permutation tests have little power and treat paragraphs of one text as
#   independent, which they are not; sentences of one text are the least independent units of
#   all. A shift whose direction differs between paragraphs and sentences (listed above) is not
#   a finding about the texts but about the unit.
# - **Measurement.** The held-out figure is batch 3 (section 3); the rules over-code some frames
#   (its per-frame precision), so absolute shares of those frames are likely inflated in both
#   periods alike. The from-articles cues barely matter out of sample but carry part of the
#   articles' own coding (the ablation and reliance tables); the second coder agrees with the
#   first on the primary frame about as well as the rules do, and least on security and
#   diplomacy. The Entman table lists cue-bearing sentences; the cues' held-out recall is low, so
#   the shares of functions are not evidence of how much each author diagnoses, blames or
#   prescribes.
