"""The in-house MTLD equals lexicalrichness' exactly (same arithmetic, same floats)."""

from __future__ import annotations

import numpy as np
import pytest

from analysis import diversity


@pytest.mark.parametrize("threshold", [0.72, 0.66, 0.9])
def test_mtld_equals_lexicalrichness_bit_for_bit(threshold):
    from lexicalrichness import LexicalRichness

    rng = np.random.default_rng(0)
    for n, vocab in [(1, 5), (2, 1), (7, 3), (50, 20), (300, 80), (1000, 400), (40, 1000)]:
        words = [f"w{i}" for i in rng.integers(0, vocab, size=n)]
        expected = LexicalRichness(words, preprocessor=None, tokenizer=None).mtld(threshold=threshold)
        assert diversity.mtld(words, threshold=threshold) == float(expected)


def test_mtld_of_text_without_a_full_factor():
    # TTR never falls to the threshold: one partial factor from the whole text's TTR
    from lexicalrichness import LexicalRichness

    for words in (["a", "b", "c"], ["a", "b", "a"], ["a"]):
        assert diversity.mtld(words) == float(LexicalRichness(words, preprocessor=None, tokenizer=None).mtld())
