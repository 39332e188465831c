"""Sentence boundaries that respect paragraphs and headings.

The trained parser splits sentences inside a paragraph; it must never join
text across a line break. This component runs before the parser and marks
the first token after any newline as a sentence start (the parser keeps
preset starts). A heading (a line without final punctuation) thus becomes a
sentence of its own, and the ``n - Tekst`` kicker of Dutch news stays with
its line.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .extensions import doc_text


@Language.component("kroniek_paragraphs")
def mark_paragraphs(doc: Doc) -> Doc:
    after_break = False
    for i, tok in enumerate(doc):
        if tok.is_space:
            if i > 0:
                tok.is_sent_start = False  # whitespace closes the previous sentence
            after_break = after_break or "\n" in tok.text
        elif i == 0 or after_break:
            tok.is_sent_start = True
            after_break = False
    return doc


def paragraph_starts(doc: Doc) -> list[int]:
    """End offsets of the blank lines (``\\n\\n``, counted as ``str.count`` does) of a doc, in order:
    the paragraph of offset ``o`` is ``bisect_right(starts, o)``, one pass per doc."""
    text = doc_text(doc)
    out, i = [], text.find("\n\n")
    while i >= 0:
        out.append(i + 2)
        i = text.find("\n\n", i + 2)
    return out
