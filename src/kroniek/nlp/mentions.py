"""Look up which actor a stretch of text refers to.

The actor component (``kroniek_actors``) fills ``doc._.entity_actor`` with
every mention it resolved: named entities, but also pronouns (*hij*),
descriptions (*de premier*), seats of power used for governments (*Kyiv*,
*het Witte Huis*) and nationality phrases (*de Amerikaanse delegatie*).
Quotes and events ask this module, never the actor internals.
"""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc, Span

from ..document import Actor


def actors_by_id(doc: Doc) -> dict[str, Actor]:
    return {a.id: a for a in (doc._.actors or [])}


def resolve_chars(doc: Doc, start: int, end: int) -> Optional[Actor]:
    """Actor of the resolved mention that best covers ``[start, end)``.

    Prefers an exact match, then the mention with the largest overlap, then the
    one that starts last (the head of a Dutch NP is usually at its end).
    """
    links = doc._.entity_actor or {}
    if not links:
        return None
    by_id = actors_by_id(doc)
    exact = links.get((start, end))
    if exact is not None:
        return by_id.get(exact)
    best, best_key = None, None
    for (s, e), actor_id in links.items():
        ov = min(e, end) - max(s, start)
        if ov <= 0:
            continue
        key = (ov, s)
        if best_key is None or key > best_key:
            best, best_key = actor_id, key
    return by_id.get(best) if best is not None else None


def resolve_span(span: Span) -> Optional[Actor]:
    return resolve_chars(span.doc, span.start_char, span.end_char)


def chain_at(doc: Doc, start: int, end: int) -> Optional[str]:
    """How the actor layer resolved a description inside ``[start, end)`` ('het land' -> 'Rusland'), if it did."""
    for (s, e), chain in (doc._.entity_chain or {}).items():
        if s < end and start < e:
            return chain
    return None
