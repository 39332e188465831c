"""What the actor component's steps share: the per-article actor record and token helpers.

``DocActor`` is one real-world actor as the article builds it up (its mentions, surface names,
offices, country and why); the helpers give each token's words once per doc and tell whether a
name stands in an actor position (subject or object, not inside a prepositional phrase).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from spacy.attrs import IDX, ORTH
from spacy.tokens import Doc, Token

from ..actors_dict import DictActor, norm_text

SUBJ_OBJ = {"nsubj", "nsubj:pass", "obj", "iobj", "obl:agent", "csubj"}
ACTOR_TYPES_ORG = ("organisation", "armed_group", "media", "state")


# what an actor's reason says when the text gives no evidence of its country (the country stays null)
NO_COUNTRY = "no nationality word or party of its own in the text, and not a listed actor"


@dataclass
class DocActor:
    key: str
    name: str
    type: str
    country: Optional[str] = None
    role: Optional[str] = None
    dict_actor: Optional[DictActor] = None
    mentions: list[tuple[int, int]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # surface names seen (for clustering)
    offices: set[tuple[str, Optional[str]]] = field(default_factory=set)
    confidence: float = 0.7
    reasons: list[str] = field(default_factory=list)
    country_reason: str = ""


_INITIAL = re.compile(r"[A-Z]\.")


def _abbreviates(short: str, full: str, forms: frozenset = frozenset()) -> bool:
    """``short`` (2-5 capitals) is the initials of ``full``'s capitalised words, a legal form at its
    end (``forms``: Corporation, Inc) left out or not: GM, General Motors (Corporation)."""
    if not (2 <= len(short) <= 5 and short.isupper() and short.isalpha()) or " " not in full:
        return False
    words = [w for w in full.replace("-", " ").split() if w[:1].isupper()]
    while len(words) > 2 and words[-1].lower().rstrip(".") in forms:
        if "".join(w[0] for w in words) == short:
            return True
        words = words[:-1]
    return "".join(w[0] for w in words) == short  # an initial of a name: 'A.' in 'Kamerlid A. J. Lems'


def _in_actor_position(root: Token, start: int, end: int, depth: int = 0) -> bool:
    """A name (tokens ``[start, end)``, head ``root``) is a subject or object, not inside a prepositional
    phrase: by the parse, or, where an early parser gets the name wrong (a capital at the start of a
    sentence tagged as a verb), by word order: it opens its clause and a verb follows the name (or
    the name and its conjunct: 'Kyiv en Washington sloten')."""
    doc = root.doc
    if any(c.dep_ == "case" for c in root.children) and root.dep_ != "obl:agent":
        return False
    prev = doc[start - 1] if start > root.sent.start else None
    if prev is not None and prev.pos_ == "ADP":
        return False
    if root.dep_ in SUBJ_OBJ:
        return True
    if root.dep_ == "conj" and root.head is not root and depth < 2 and root.head.i < start:
        head = root.head
        return _in_actor_position(head, head.i, head.i + 1, depth + 1)
    if prev is not None and prev.text not in (",", ";", ":", "„", '"', "(") and prev.pos_ != "SCONJ":
        return False
    j = end
    if j + 1 < root.sent.end and doc[j].pos_ == "CCONJ" and doc[j + 1].text[:1].isupper():
        j += 2
        while j < root.sent.end and doc[j].pos_ == "PROPN":
            j += 1
    return j < root.sent.end and (doc[j].pos_ in ("VERB", "AUX") or "Fin" in doc[j].morph.get("VerbForm"))


_WORDS_KEY = "kroniek.token_words"


def _token_starts(doc: Doc) -> list[int]:
    return doc.to_array([IDX]).tolist()


def _token_words(doc: Doc) -> tuple[list[str], list[str]]:
    """Each token's text and the first word of its normalised form (``norm_text``), computed once
    per doc: the title and gazetteer scans test every token against their first-word sets."""
    cached = doc.user_data.get(_WORDS_KEY)
    if cached is None or len(cached[0]) != len(doc):
        strings = doc.vocab.strings
        texts = [strings[o] for o in doc.to_array([ORTH]).tolist()]
        cached = (texts, [_first_norm_word(x) for x in texts])
        doc.user_data[_WORDS_KEY] = cached
    return cached


@lru_cache(maxsize=200_000)
def _first_norm_word(text: str) -> str:
    return (norm_text(text).split() or [""])[0]
