"""Distinctive vocabulary: period against period, period against general English, and KWIC.

Pipeline (quanteda's vocabulary): corpus -> :func:`extract_terms` (lemmas, with
multi-word expressions merged into single terms such as ``south_caucasus``) ->
:func:`count_terms` (one ``count_<period>`` column per period) -> :func:`keyness`
(each period against the pooled other periods) and :func:`keyness_vs_english`
(each period against ``wordfreq``'s general-English frequencies) -> :func:`top_terms`
(figures in :mod:`analysis.plots.keyness`). :func:`kwic` shows the contexts.

The statistic is the log-odds ratio with an informative Dirichlet prior of Monroe,
Colaresi & Quinn (2008, "Fightin' Words"), eqs. 16-22. For term ``w`` in group ``i``
against group ``j`` with counts ``y``, totals ``n`` and prior ``alpha_w``
(``alpha0 = sum_w alpha_w``)::

    delta_w = log((y_iw + a_w) / (n_i + a0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a0 - y_jw - a_w))
    var_w  ~= 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
    z_w     = delta_w / sqrt(var_w)

Choices (all parameters):

- *Terms* are lower-cased lemmas of word tokens (punctuation and the clitic ``'s``
  dropped -- the lemma table maps ``'s`` to "have", which would inflate that verb),
  stop words **kept** in the model (the prior handles them) and only hidden in
  display (``display`` column). Gazetteer expressions
  (``resources/multiword_expressions.csv``) are matched on lower-cased word forms
  (hyphens ignored, other punctuation blocks a match), longest first, and counted
  as one term.
- *Period against period*: the prior is the pooled counts of all periods scaled to
  ``alpha0`` pseudo-counts (``a_w = alpha0 * pooled_w / N``); each period is compared
  with all other periods pooled ("the rest"), so with two periods the two rows of a
  term are mirror images.
- *Period against general English*: the reference is wordfreq's frequency ``pi_w``
  (Speer 2022), treated as a corpus of known, effectively infinite size: its
  log-odds is ``log(pi_w / (1 - pi_w))`` and it adds no variance, the prior is
  ``a_w = alpha0 * pi_w``. wordfreq counts word *forms*; a lemma's reference
  frequency is the sum of the frequencies of all forms that the same spaCy lookup
  lemmatiser maps to it (so "relation" gets "relation" + "relations"). Forms absent
  from that table fall back to ``wordfreq.word_frequency`` of the term itself. For
  a multi-word term wordfreq returns a combination of its words' frequencies, which
  is an *upper bound* on the phrase's frequency: its z is conservative.
- Sentences flagged with a ``quality_issue`` (machine-translation garbling) are
  dropped by running the same functions on ``corpus.without_flagged()``; every table
  marks terms that occur in flagged sentences (``n_flagged``, ``flagged_share``, ``flagged``).

References
----------
.. [1] Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words: lexical
       feature selection and evaluation for identifying the content of political
       conflict. *Political Analysis*, 16(4), 372-403. https://doi.org/10.1093/pan/mpn018
.. [2] Speer, R. (2022). wordfreq (v3.0). Zenodo. https://doi.org/10.5281/zenodo.7199437
.. [3] Benoit, K. et al. (2018). quanteda. *JOSS*, 3(30), 774 (``textstat_keyness``, ``kwic``).

Modules: :mod:`.terms` (terms, counts, n-grams), :mod:`.statistics` (the z-scores),
:mod:`.summaries` (top lists and checks), :mod:`.kwic`, :mod:`.stability`,
:mod:`.pipeline` (:func:`run_keyness`, the notebook's and the benchmark's sequence).
"""

from .kwic import kwic
from .pipeline import run_keyness
from .power import detectable_counts, power_lines, shared_terms_line, stability_lines
from .stability import top_term_stabilities, top_term_stability
from .statistics import (display_mask, english_frequencies, keyness, keyness_table, keyness_vs_english,
                         log_odds_dirichlet)
from .summaries import (compare_top_terms, flag_sensitivity, prior_sensitivity, significance_summary,
                        summary_lines, term_label, top_terms)
from .terms import (CLITICS, EXPRESSIONS_FILE, TERM_COLUMNS, count_terms, extract_terms, load_expressions, ngrams,
                    terms_and_words)

__all__ = [
    "CLITICS", "EXPRESSIONS_FILE", "TERM_COLUMNS", "compare_top_terms", "count_terms", "display_mask",
    "english_frequencies", "extract_terms", "flag_sensitivity", "keyness", "keyness_table", "keyness_vs_english",
    "kwic", "load_expressions", "log_odds_dirichlet", "ngrams", "prior_sensitivity", "run_keyness",
    "significance_summary",
    "summary_lines", "term_label", "terms_and_words", "top_term_stabilities", "top_term_stability", "top_terms",
    "detectable_counts", "power_lines", "shared_terms_line", "stability_lines",
]
