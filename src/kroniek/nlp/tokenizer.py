"""Dutch news conventions on top of spaCy's Dutch tokenizer rules.

spaCy's defaults already split „…”, ‘…’, dashes, initials (``J.F.``) and
Dutch numbers (``1.500.000``, ``10.30``). News copy adds a few habits they
miss: the old double-comma opening quote (``,,Nee''``), a quote glued to a
colon (``zei:"Nee``), and slashes between names (``Kyiv/Washington``). The
rules are baked into the saved model's tokenizer, so ``spacy.load`` of the
model directory gets them without importing kroniek.
"""
from __future__ import annotations

import re

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.util import compile_infix_regex, compile_prefix_regex

EXTRA_PREFIXES = [r",,", r"''"]
EXTRA_INFIXES = [
    r"(?<=[\w.!?]),,(?=\w)",  # word,,Quote -> word ,, Quote
    r"(?<=\w):(?=[\"“„'‘«])",  # zei:"Nee -> zei : "Nee
    r"(?<=[:])[\"“„'‘«](?=\w)",
    r"(?<=[A-Za-zÀ-ÿ]{2})/(?=[A-Za-zÀ-ÿ]{2})",  # Kyiv/Washington
]


def customize(nlp: Language) -> Language:
    """Add kroniek's Dutch news rules to ``nlp.tokenizer`` in place."""
    prefixes = EXTRA_PREFIXES + list(nlp.Defaults.prefixes or [])
    infixes = list(nlp.Defaults.infixes or []) + EXTRA_INFIXES
    nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return nlp


def keep_cache(tokenizer) -> None:
    """Drop the special cases that only restate a whitespace chunk as itself (``\\n``, ``\\t``, a second
    space): the tokenizer gives that chunk the same single token without them, but a special case hit
    stops spaCy (3.8) from caching the rest of the document's chunks (its ``has_special`` flag is set
    once per text and never reset), so one line break early in an article sent every later word
    through the affix regexes again. English news text breaks its lines more (title, date line),
    and its tokenizer took 2.6 times as long per word as the Dutch one for that reason.
    A special case is dropped only if it is one token equal to its own text, the text is
    whitespace, and no prefix, suffix or infix rule applies to it (so the tokens stay exactly the same;
    ``tests/test_tokenizer.py`` checks it). In place; the model files are unchanged."""
    rules = tokenizer.rules or {}
    noop = {
        key for key, tokens in rules.items()
        if key.isspace() and tokens == [{ORTH: key}]
        and not (tokenizer.find_prefix(key) or tokenizer.find_suffix(key) or tokenizer.find_infix(key))
    }
    if noop:
        tokenizer.rules = {key: tokens for key, tokens in rules.items() if key not in noop}


LONG_RUN = 100  # characters: no real word or punctuation run is longer


class LongRunGuard:
    """spaCy's tokenizer strips affixes from a whitespace-free chunk one at a time, searching the
    rest of the chunk each time: quadratic in the chunk's length (100,000 quote marks or emoji took
    minutes). Chunks longer than ``LONG_RUN`` characters are cut into pieces of that length and the rest
    is tokenised as usual; the document's text stays exactly the input."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, text: str):
        if not _LONG.search(text):
            return self.tokenizer(text)
        from spacy.tokens import Doc

        vocab = self.tokenizer.vocab
        docs, pos = [], 0
        for m in _LONG.finditer(text):
            if m.start() > pos:
                docs.append(self.tokenizer(text[pos:m.start()]))
            run = m.group()
            words = [run[i:i + LONG_RUN] for i in range(0, len(run), LONG_RUN)]
            docs.append(Doc(vocab, words=words, spaces=[False] * len(words)))
            pos = m.end()
        if pos < len(text):
            docs.append(self.tokenizer(text[pos:]))
        doc = Doc.from_docs(docs, ensure_whitespace=False)
        return doc if doc.text == text else self.tokenizer(text)

    def __getattr__(self, name):
        return getattr(self.tokenizer, name)


_LONG = re.compile(r"\S{%d,}" % (LONG_RUN + 1))
