"""A definite description as speaker (*de landbouwminister*, *the senator*, *de fabrikant*): the named actor it
was used for before.

News copy introduces a person or body once with a description next to the name — as a title in front of it
(*landbouwminister Jaak Gabriëls*, *Senator Richard Shelby*, *de fabrikant Airbus*) or as an apposition
(*Inès Wouters, de advocate van ...*; *Nick Merrill, a spokesman for ...*) — and then quotes it by the
description alone. The same head noun, or a compound ending in it (*landbouwminister* for *de minister*), next
to a name earlier in the article points to that name; the most recent one wins. A description followed by an
apposition with a name (*volgens de voorzitter, mr. C. Baron de Vos van Steenwijk*) is that name. The chain
(description -> the mention it was used with) goes into the quote's ``reason``.

Descriptions the actor layer resolved already (offices of ``titles.tsv``, ``anaphora.tsv``) keep that answer;
this is for those it left open.
"""
from __future__ import annotations

from typing import Callable, Optional

from spacy.tokens import Doc, Span

NAME_LABELS = ("PER", "ORG")
LOOKBACK_TOKENS = 1500  # about the length of a long news article


def _name_at(doc: Doc, i: int, titles: frozenset) -> Optional[Span]:
    """The PER/ORG entity starting at token ``i``, title words (*mr.*, *prof.*, *dr.*) skipped."""
    k = i
    while k < len(doc) and k - i < 3 and doc[k].ent_type_ not in NAME_LABELS and doc[k].lower_.rstrip(".") in titles:
        k += 1
    if k >= len(doc) or doc[k].ent_type_ not in NAME_LABELS or doc[k].ent_iob_ != "B":
        return None
    return next((e for e in doc.ents if e.start == k), None)


def _proper_run(doc: Doc, i: int, titles: frozenset, blocked: Callable[[int], bool]) -> Optional[Span]:
    """A person's name written out from token ``i`` (titles skipped) up to the next punctuation: proper nouns and
    the lower-case particles between them (*C. Baron de Vos van Steenwijk*), with a person's name in it or at least
    two capitalised words; the NER often cuts such names up."""
    k = i
    while k < len(doc) and k - i < 3 and doc[k].lower_.rstrip(".") in titles:
        k += 1
    e = k
    while e < len(doc) and not blocked(e) and (doc[e].pos_ == "PROPN" or doc[e].ent_type_ == "PER") and not doc[e].is_punct:
        e += 1
    while e > k and not doc[e - 1].text[:1].isupper():
        e -= 1
    caps = sum(1 for t in doc[k:e] if t.text[:1].isupper())
    if e == k or not (any(t.ent_type_ == "PER" for t in doc[k:e]) or caps >= 2):
        return None
    if e < len(doc) and not (doc[e].is_punct or doc[e].is_space):
        return None  # the run goes on into the sentence: not a name standing in apposition
    return doc[k:e]


def _name_before(doc: Doc, j: int, floor: int) -> Optional[Span]:
    """A name, a comma and the phrase up to token ``j`` (*Inès Wouters, de advocate*): the name."""
    k = j - 1
    while k > floor and doc[k].pos_ in ("DET", "ADJ", "NOUN", "PROPN", "NUM") and doc[k].ent_type_ not in NAME_LABELS and j - k < 6:
        k -= 1
    if k <= floor or doc[k].text != ",":
        return None
    e = doc[k - 1]
    if e.ent_type_ not in NAME_LABELS:
        return None
    return next((x for x in doc.ents if x.start <= e.i < x.end), None)


def _personal(word: str, person_words: frozenset) -> bool:
    """A noun for a person: a person noun or title (``speaker_cues.tsv``, ``titles.tsv``), or a compound ending in a
    title (*landbouwminister*)."""
    return word in person_words or any(len(t) >= 4 and word.endswith(t) for t in person_words)


def described_name(doc: Doc, start: int, end: int, head: int, blocked: Callable[[int], bool],
                   titles: frozenset = frozenset(), person_words: frozenset = frozenset()) -> Optional[tuple[Span, str]]:
    """(name span, chain) for the definite description at tokens ``[start, end)`` with head noun ``head``: a
    person noun (``person_words``) stands for a person's name, any other noun (*de fabrikant*) for an organisation's."""
    word = doc[head].lower_
    if len(word) < 3:
        return None
    label = "PER" if _personal(word, person_words) else "ORG"
    # words of the description before its head must stand there too ("the vice president" is not "President Obama")
    mods = [doc[k].lower_ for k in range(start, head) if doc[k].pos_ in ("NOUN", "ADJ", "PROPN")]
    # an apposition right after the description: "de voorzitter, mr. C. Baron de Vos van Steenwijk"
    if label == "PER" and end + 1 < len(doc) and doc[end].text == "," and not blocked(end + 1):
        name = _proper_run(doc, end + 1, titles, blocked)
        if name is not None:
            return name, f"'{doc[start:end].text}' -> '{name.text}', the name in apposition"
    floor = max(0, start - LOOKBACK_TOKENS)
    for j in range(start - 1, floor - 1, -1):
        t = doc[j]
        if blocked(j) or t.pos_ not in ("NOUN", "PROPN") or t.ent_type_ in NAME_LABELS:
            continue
        low = t.lower_
        if not (low == word or (low.endswith(word) and len(low) > len(word) + 2)):
            continue
        if mods and [doc[k].lower_ for k in range(max(0, j - len(mods)), j)] != mods:
            continue
        name = _name_at(doc, j + 1, titles) or _name_before(doc, j, floor)
        if name is None or name.label_ != label or any(blocked(k) for k in range(name.start, name.end)):
            continue
        return name, f"'{doc[start:end].text}' -> '{t.text} {name.text}', the name it was used with before"
    return None
