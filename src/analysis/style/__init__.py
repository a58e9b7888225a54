"""Stance and metadiscourse: hedges, boosters, attitude markers, self-mention, future and conditionals.

Markers come from an editable word list (``resources/stance_markers.csv``; Hyland 2005's
interactional metadiscourse items plus project lists of future-oriented and conditional
expressions). Each marker is matched on the corpus tokens -- on lemma sequences by
default, or on lower-cased word forms where the lookup lemmatiser would merge forms
that mean different things (``could`` -> ``can``, ``might`` -> ``may``) -- with
multi-word phrases taking precedence over the single words inside them ("it is likely
that" counts once, as one hedge). Simple context rules from the same file keep out
non-stance uses (the month "May", the noun "will", the verb "appear" in "signs
appeared"), and a negation cue before the marker (or right after a modal) is recorded and
can move the match to another category ("not clear" is a hedge, not a booster).

Counting is vectorised over the token table: n-gram keys are built by shifting whole
columns, so the cost is linear in corpus size.

Rates are per 1,000 words (alphabetic tokens), per document and per period, with
bootstrap intervals and permutation tests of the difference between periods from
:func:`analysis.stats.group_intervals` / :func:`analysis.stats.group_tests` (sentences
resampled, or documents once every period has ``min_docs`` of them; a ``unit`` column
says which). Every count can be traced to its sentence with :func:`stance_matches`.

Modules: :mod:`.markers` (the marker list and matching), :mod:`.stance` (counts, rates,
tests), :mod:`.summaries` (lines and tables), :mod:`.pipeline`
(:func:`run_readability_style`, the calls notebook 01 and its benchmark stage share);
the figure is in :mod:`analysis.plots.style`.

References
----------
.. [1] Hyland, K. (2005). *Metadiscourse: Exploring Interaction in Writing*. Continuum
       (Appendix: metadiscourse items).
.. [2] Hyland, K. (2005). Stance and engagement: a model of interaction in academic
       discourse. *Discourse Studies*, 7(2), 173-192.
.. [3] Biber, D., Johansson, S., Leech, G., Conrad, S., & Finegan, E. (1999). *Longman Grammar
       of Spoken and Written English*. Longman.

Examples
--------
>>> from analysis.corpus import load_corpus                     # doctest: +SKIP
>>> from analysis import style                                   # doctest: +SKIP
>>> counts = style.stance_counts(load_corpus("corpus"))          # doctest: +SKIP
>>> style.stance_rates(counts, level="period", random_state=0)   # doctest: +SKIP
"""

from .markers import (CATEGORIES, CATEGORY_LABELS, MARKER_COLUMNS, MARKERS_FILE, NEGATOR, load_stance_markers,
                      match_markers)
from .pipeline import run_readability_style
from .stance import stance_balance, stance_counts, stance_matches, stance_rates, stance_tests
from .summaries import comparison_table, describe_stance, stance_table, verdict_lines

__all__ = [
    "CATEGORIES", "CATEGORY_LABELS", "MARKER_COLUMNS", "MARKERS_FILE", "NEGATOR", "comparison_table",
    "describe_stance", "load_stance_markers", "match_markers", "run_readability_style", "stance_balance",
    "stance_counts", "stance_matches", "stance_rates", "stance_table", "stance_tests", "verdict_lines",
]
