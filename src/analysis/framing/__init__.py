"""Frame coding from an editable codebook, validation against hand coding, Entman's frame functions.

Pipeline: codebook -> cue matches -> frame scores per text -> shares by period (figures in
:mod:`analysis.plots.framing`).

- :func:`load_codebook` / :func:`load_entman_cues` read and check the YAML resources
  (through :mod:`analysis.resources`).
- :func:`frame_hits` finds every indicator in any list of strings (lemmas and multi-word
  expressions via spaCy ``PhraseMatcher``); :func:`code_frames` turns the hits into one
  score per text and frame; :func:`code_corpus` applies it to every paragraph and sentence of
  a corpus in one pass (:func:`code_paragraphs`, :func:`code_sentences` select one level;
  :func:`code_units` codes any table with a ``text`` column).
- :func:`frame_shares` and :func:`compare_frame_shares` give shares by period with
  bootstrap intervals and permutation tests (:func:`analysis.stats.group_intervals` and
  :func:`analysis.stats.group_tests`: documents resampled once every period has ``min_docs``
  of them, a ``unit`` column saying which).
- :func:`read_frame_codes`, :func:`evaluate_presence`, :func:`evaluate_primary` compare the
  rules with hand coding (thin wrappers of :mod:`analysis.validation`).
- :func:`frame_functions` and :func:`entman_table` find and tabulate the sentences that do
  Entman's problem definition, causal interpretation, moral evaluation and treatment
  recommendation.

Scoring
-------
With ``H`` the summed weights of a text's cues for a frame and ``n`` its number of words,
``score = H / (H + L)`` with length factor ``L = 1 - b + b * n / ref_words``: the saturating,
length-normalised term weight of BM25 (Robertson & Zaragoza 2009) with ``k1 = 1``. The score
lies in [0, 1), grows with more cues with diminishing returns, and is damped for long texts
(``b = length_norm``; 0 = no length normalisation, 1 = full), so long and short paragraphs
compare. A frame is *present* when ``score >= threshold`` **and** ``H >= min_hits``: with the
defaults a single weak (0.5) cue -- a country name -- never makes a frame present on its own.
The *primary* frame of a text is the one with the highest score; ties go to the frame whose
first cue comes earlier in the text, then to codebook order; a text with no cue has none.
Negation is not handled ("no military threat" counts as a security cue).

Modules: :mod:`.codebook`, :mod:`.matching`, :mod:`.coding`, :mod:`.summaries`,
:mod:`.agreement`, :mod:`.entman`, :mod:`.pipeline` (:func:`run_framing` and
:func:`validate_framing`, the calls notebook 03 and its benchmark stage share);
:mod:`.validity` (ablation without the cues taken from the articles, how much of each
article's coding rests on them, :func:`validity_report`), :mod:`.reliability` (inter-coder
kappa and alpha) and :mod:`.directions` (whether a shift keeps its direction across codings,
the closing sentences generated from the tables, Entman functions as shares of sentences).

References
----------
.. [1] Boydstun, A. E., Card, D., Gross, J. H., Resnik, P., & Smith, N. A. (2014). Tracking the
       development of media frames within and across policy issues. APSA Annual Meeting Paper.
.. [2] Entman, R. M. (1993). Framing: Toward clarification of a fractured paradigm.
       *Journal of Communication*, 43(4), 51-58.
.. [3] Matthes, J., & Kohring, M. (2008). The content analysis of media frames.
       *Journal of Communication*, 58(2), 258-279.
.. [4] Robertson, S., & Zaragoza, H. (2009). The probabilistic relevance framework: BM25 and
       beyond. *Foundations and Trends in Information Retrieval*, 3(4), 333-389.
.. [5] Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and
       Psychological Measurement*, 20(1), 37-46.
"""

from .agreement import agreement_line, evaluate_presence, evaluate_primary, gold_presence, read_frame_codes
from .codebook import (CODEBOOK_NAME, ENTMAN_FUNCTIONS, ENTMAN_NAME, MATCH_MODES, NO_FRAME, Codebook, codebook_table,
                       load_codebook, load_entman_cues)
from .coding import code_corpus, code_frames, code_paragraphs, code_sentences, code_units, primary_frames
from .entman import entman_table, frame_functions
from .matching import frame_hits
from .directions import direction_lines, direction_table, evidence_lines, function_shares
from .pipeline import run_framing, validate_framing
from .reliability import coder_reliability, reliability_wide, rules_as_coding
from .validity import ablation_wide, origin_ablation, origin_reliance, validity_report, without_origin
from .summaries import change_lines, compare_frame_shares, frame_shares, share_lines

__all__ = [
    "CODEBOOK_NAME", "ENTMAN_FUNCTIONS", "ENTMAN_NAME", "MATCH_MODES", "NO_FRAME", "Codebook", "agreement_line",
    "change_lines", "code_corpus", "code_frames", "code_paragraphs", "code_sentences", "code_units",
    "codebook_table", "compare_frame_shares", "entman_table", "evaluate_presence", "evaluate_primary",
    "frame_functions", "frame_hits", "frame_shares", "gold_presence", "load_codebook", "load_entman_cues",
    "primary_frames", "read_frame_codes", "run_framing", "share_lines", "validate_framing",
    "ablation_wide", "coder_reliability", "direction_lines", "direction_table", "evidence_lines", "function_shares",
    "origin_ablation", "origin_reliance", "reliability_wide", "rules_as_coding", "validity_report", "without_origin",
]
