"""Tokens for the search index and for queries: the same folding and stemming on both sides.

Accents are folded (NFKD without combining marks, case-folded: "Oekraïne" and "oekraine" are one
word) before Snowball stemming, so a query typed without accents finds accented text.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterator

import snowballstemmer

TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
STEMMERS = {"nl": "dutch", "en": "english"}


def fold(word: str) -> str:
    """Lower case without diacritics ('Oekraïne' -> 'oekraine', 'Straße' -> 'strasse')."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=4)
def _stemmer(lang: str):
    return snowballstemmer.stemmer(STEMMERS[lang]) if lang in STEMMERS else None


@lru_cache(maxsize=200_000)
def stem(folded: str, lang: str) -> str:
    """The Snowball stem of a folded word in ``lang`` (the folded word itself for other languages)."""
    s = _stemmer(lang)
    return s.stemWord(folded) if s is not None else folded


def tokens(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, folded word) of every word in ``text``; offsets index the original text."""
    for m in TOKEN.finditer(text or ""):
        yield m.start(), m.end(), fold(m.group())


def query_terms(folded: str) -> list[str]:
    """Stems a query word may have in the index: one per supported language, plus the word itself."""
    return sorted({folded, *(stem(folded, lang) for lang in STEMMERS)})
