"""Dutch news conventions on top of spaCy's Dutch tokenizer rules.

spaCy's defaults already split „…”, ‘…’, dashes, initials (``J.F.``) and
Dutch numbers (``1.500.000``, ``10.30``). News copy adds a few habits they
miss: the old double-comma opening quote (``,,Nee''``), a quote glued to a
colon (``zei:"Nee``), and slashes between names (``Kyiv/Washington``). The
rules are baked into the saved model's tokenizer, so ``spacy.load`` of the
model directory gets them without importing kroniek.
"""
from __future__ import annotations

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
