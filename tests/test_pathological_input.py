"""No analysis step is super-linear in pathological input, and random Unicode never breaks it.

Long runs of quote marks or emoji, one enormous 'word' and thousands of tiny quotes used to take
minutes (spaCy's affix splitting of one long chunk, per-word scans over the whole sentence, quotes or
mentions). The timing checks are relative, not absolute: four times the input may take at most eight
times as long (a quadratic step takes sixteen), so they hold on a slow or busy machine too.
"""
from __future__ import annotations

import time
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kroniek.analyze import analyze
from kroniek.document import Article
from kroniek.nlp import pipeline

KINDS = {
    "quote marks": lambda n: '"' * n,
    "emoji": lambda n: "😀" * n,
    "one word": lambda n: "a" * (n * 10),
    "many tiny quotes": lambda n: '„Nee!" zei hij 😀' * (n // 16),
}


@lru_cache(maxsize=1)
def _nlp():
    return pipeline.load("nl")


def _seconds(text: str) -> float:
    t = time.perf_counter()
    a = analyze(Article(id="x", text=text), _nlp())
    assert a.text == text
    return time.perf_counter() - t


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_time_grows_linearly_with_pathological_input(kind):
    make = KINDS[kind]
    _seconds(make(2000))  # warm-up
    small = min(_seconds(make(5000)) for _ in range(2))
    large = _seconds(make(20000))
    assert large < 8 * small + 1.0, f"{kind}: 5,000 -> {small:.2f} s, 20,000 -> {large:.2f} s"


# random characters, the punctuation the quote finder and the tokenizer care about, and Dutch words
# that wake the layers up, in any mix
PIECE = st.one_of(
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
    st.sampled_from(list('"„“”‚‘’\'«»()[]-–—.,:;!?\n ') + ["😀", "\u200b", "\ufeff", "\x00"]),
    st.sampled_from(["Rutte", " zei ", " dat ", "Oekraïne", " viel ", " aan", " dinsdag", " de minister", " hij "]),
)
TEXT = st.lists(PIECE, max_size=150).map("".join)


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_random_unicode_never_breaks_the_analysis(text):
    if not text.strip():
        return
    a = analyze(Article(id="fuzz", text=text, published_at="2024-03-01"), _nlp())
    assert a.text == text
    for item in [*a.entities, *a.quotes, *a.timexes, *a.events]:
        assert 0 <= item.start <= item.end <= len(text)
        assert text[item.start:item.end] == item.text
        assert 0 <= item.sentence < len(a.sentences)
