"""Doc extensions through which kroniek's components hand results to each other.

Each kroniek component reads what earlier components left on the ``Doc`` and
adds its own records (models from ``kroniek.document``) under one attribute.
Registering them in one place keeps the contract visible:

=====================  ===========================  ==========================
attribute              written by                   read by
=====================  ===========================  ==========================
``published_at``       ``analyze`` (before the nlp)  timex, events
``timexes``            ``kroniek_timex``             events, analyze
``actors``             ``kroniek_actors``            quotes, events, analyze
``entity_actor``       ``kroniek_actors``            quotes, events, analyze
``entity_canonical``   ``kroniek_actors``            analyze (English form of a mention)
``entity_chain``       ``kroniek_actors``            quotes, events (how a description was resolved)
``places``             ``kroniek_places``            events, analyze
``quotes``             ``kroniek_quotes``            events, analyze
``events``             ``kroniek_events``            analyze
=====================  ===========================  ==========================

``entity_actor`` maps an entity's ``(start_char, end_char)`` to the id of its
``Actor``; mentions that are not named entities (``hij``, ``de premier``,
``Kyiv`` used for the government) are resolved by the actor component and
listed in ``Actor.mentions``.
"""
from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc

_DEFAULTS = {
    "published_at": None,
    "timexes": None,
    "actors": None,
    "entity_actor": None,
    "entity_canonical": None,
    "entity_chain": None,
    "places": None,
    "quotes": None,
    "events": None,
    "sent_starts": None,
    "sent_token_bounds": None,
    "text_cache": None,
}


def register() -> None:
    """Idempotent: safe to call from every component factory."""
    for name, default in _DEFAULTS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per doc (spaCy rebuilds the string on every access)."""
    t = doc._.text_cache
    if t is None:
        t = doc._.text_cache = doc.text
    return t


def sent_bounds(tok) -> tuple[int, int]:
    """Token range (start, end) of ``tok``'s sentence, from one pass over the doc: ``Token.sent`` walks
    the whole sentence each time, which is quadratic when a component asks for every word of a long one."""
    doc = tok.doc
    bounds = doc._.sent_token_bounds
    if bounds is None:
        starts, ends = [0] * len(doc), [len(doc)] * len(doc)
        if len(doc) and doc.has_annotation("SENT_START"):
            for s in doc.sents:
                for i in range(s.start, s.end):
                    starts[i], ends[i] = s.start, s.end
        bounds = doc._.sent_token_bounds = (starts, ends)
    return bounds[0][tok.i], bounds[1][tok.i]


def sentence_index(doc: Doc, char_offset: int) -> int:
    """Index of the sentence containing ``char_offset`` (cached per doc)."""
    starts = doc._.sent_starts
    if starts is None:
        starts = [s.start_char for s in doc.sents]
        doc._.sent_starts = starts
    return max(0, bisect_right(starts, char_offset) - 1)


register()
