"""Who said it: subjects of speech verbs and the actor behind a speaker mention.

Quotes need two things the parser does not reliably give on news copy: the
noun phrase that is the subject of a speech verb (Dutch puts it before the
verb, or right after it when something else is fronted: *Voor het eerst zei
May dat ...*), and the real-world actor that phrase refers to. The first is
done by word-order rules over POS tags and named entities, with the parser's
``nsubj`` only as a fallback; the second asks the actor component through
``kroniek.nlp.mentions.resolve_chars`` and, when that resolves nothing, uses a
small fallback kept in :class:`FallbackResolver` so it can be dropped once the
actor component covers pronouns and short names everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from spacy.tokens import Doc, Token

from .mentions import resolve_chars

NP_POS = {"DET", "ADJ", "NOUN", "PROPN", "NUM", "X"}
NAME_LABELS = ("PER", "ORG")


@dataclass
class Mention:
    """A speaker mention: token range, the head used for lookup, and its kind."""

    start: int  # token index (inclusive)
    end: int  # token index (exclusive)
    head_start: int
    head_end: int
    kind: str  # "name", "pronoun", "description"

    def chars(self, doc: Doc) -> tuple[int, int]:
        return doc[self.head_start].idx, doc[self.head_end - 1].idx + len(doc[self.head_end - 1])


@dataclass
class Speaker:
    name: Optional[str]
    actor: Optional[str]
    start: Optional[int]
    end: Optional[int]
    how: str


class NounPhrases:
    """Word-order rules for noun phrases and subjects inside one document."""

    def __init__(self, doc: Doc, pronoun_role: Callable[[str], Optional[str]], blocked: Callable[[int], bool]):
        self.doc = doc
        self.pronoun_role = pronoun_role
        self.blocked = blocked  # token inside a quotation: never part of a speaker phrase
        self.ent_of: dict[int, tuple[int, int, str]] = {}
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                self.ent_of[i] = (ent.start, ent.end, ent.label_)

    # -- noun phrases -------------------------------------------------------
    def _np_token(self, i: int) -> bool:
        t = self.doc[i]
        if self.blocked(i):
            return False
        if i in self.ent_of:
            return True
        if t.pos_ in NP_POS and not t.is_punct:
            return True
        return t.text == "-" and 0 < i < len(self.doc) - 1 and not self.doc[i - 1].whitespace_

    def np_right(self, i: int, limit: int, objects: bool = False) -> Optional[Mention]:
        """Noun phrase starting at token ``i`` (pronoun, name, or description).

        ``objects``: accept object pronouns (*volgens hem*)."""
        doc = self.doc
        if i >= limit or self.blocked(i):
            return None
        t = doc[i]
        role = self.pronoun_role(t.lower_)
        if role is not None and i not in self.ent_of:
            return self._pronoun(i, "3amb" if objects and role == "object" else role)
        j = i
        while j < limit and self._np_token(j):
            j += 1
            # "minister van Justitie Barr", "het ministerie van Defensie"
            if j + 1 < limit and doc[j].lower_ == "van" and self._np_token(j + 1) and j - i < 6:
                j += 1
        if j == i:
            return None
        return self._mention(i, j)

    def np_left(self, i: int, floor: int) -> Optional[Mention]:
        """Noun phrase ending just before token ``i``."""
        doc = self.doc
        j = i - 1
        if j < floor or self.blocked(j):
            return None
        role = self.pronoun_role(doc[j].lower_)
        if role is not None and j not in self.ent_of:
            return self._pronoun(j, role)
        k = i
        while k - 1 >= floor and (self._np_token(k - 1) or (doc[k - 1].lower_ == "van" and k - 2 >= floor and self._np_token(k - 2))):
            k -= 1
        if k == i:
            return None
        return self._mention(k, i)

    @staticmethod
    def _pronoun(i: int, role: str) -> Optional[Mention]:
        if role == "object":
            return None
        kind = "pronoun" if role in ("3sg", "3amb") else "anonymous"
        return Mention(i, i + 1, i, i + 1, kind)

    def _mention(self, s: int, e: int) -> Optional[Mention]:
        """Head of a phrase: its last PER name, else a trailing proper noun
        (*minister van Justitie Barr*), else an organisation name, else the
        phrase itself as a description."""
        doc = self.doc
        ents = [self.ent_of[k] for k in range(s, e) if k in self.ent_of]
        per = [x for x in ents if x[2] == "PER"]
        if per:
            hs, he, _ = per[-1]
            return Mention(s, e, max(hs, s), min(he, e), "name")
        k = e
        while k > s and doc[k - 1].pos_ == "PROPN" and not (k - 1 in self.ent_of and self.ent_of[k - 1][2] not in NAME_LABELS):
            k -= 1
        if k < e and (k == s or doc[k - 1].lower_ != "van"):
            return Mention(s, e, k, e, "name")
        org = [x for x in ents if x[2] == "ORG"]
        if org:
            hs, he, _ = org[0]
            return Mention(s, e, max(hs, s), min(he, e), "name")
        if not any(doc[k].pos_ in ("NOUN", "PROPN") for k in range(s, e)):
            return None
        return Mention(s, e, s, e, "description")

    def subject(self, verb: int, lo: int, hi: int) -> Optional[Mention]:
        """Subject of the verb at ``verb`` within the clause tokens ``[lo, hi)``.

        Dutch is verb-second: a noun phrase before the verb (adverbs and
        auxiliaries may stand between) that is not the object of a preposition
        is the subject; when something else is fronted (an adverb, a
        prepositional phrase) the subject follows the finite verb. Failing
        both, the first phrase of the clause (*Corbyn was positief, maar
        benadrukte dat ...*), then the parser's ``nsubj``.
        """
        doc = self.doc
        k = verb - 1
        while k >= lo and not self.blocked(k) and doc[k].pos_ in ("AUX", "ADV", "PART", "VERB") and k not in self.ent_of:
            k -= 1
        left = self.np_left(k + 1, lo)
        if left is not None and not (left.start - 1 >= lo and doc[left.start - 1].pos_ == "ADP"):
            return left
        right = self.np_right(verb + 1, hi)
        if right is not None:
            return right
        first = lo
        while first < verb and (doc[first].is_punct or doc[first].is_space or doc[first].pos_ in ("CCONJ", "ADV")):
            first += 1
        if first < verb and doc[first].pos_ != "ADP":
            m = self.np_right(first, verb)
            if m is not None:
                return m
        for child in doc[verb].children:
            if child.dep_.startswith("nsubj") and lo <= child.i < hi and not self.blocked(child.i):
                return self.np_right(child.i, hi) or self._mention(child.i, child.i + 1)
        return None


class FallbackResolver:
    """TEMPORARY fallback while ``kroniek_actors`` resolves nothing.

    A name becomes the longest PER (or ORG) entity of the article that contains
    its last word (*Zelensky* -> *Volodymyr Zelensky*); a third-person pronoun
    the most recent PER mention before it outside quotations; anything else
    (``de vrouwen``, ``veel Conservatieven``) stays unknown.
    """

    def __init__(self, doc: Doc, blocked: Callable[[int], bool]):
        self.doc = doc
        self.blocked = blocked
        self.ents = [e for e in doc.ents if e.label_ in NAME_LABELS]

    @staticmethod
    def _words(text: str) -> list[str]:
        return [w for w in text.replace("-", " ").split() if w]

    def canonical(self, text: str, labels: tuple[str, ...] = ("PER", "ORG")) -> str:
        """Longest entity of the article (first label that has one) containing
        the mention's last word, genitive *s* stripped if need be."""
        words = self._words(text)
        if not words:
            return text
        last = words[-1].lower()
        candidates = [last] + [last[: -len(x)] for x in ("'s", "’s", "s") if last.endswith(x) and len(last) > len(x) + 1]
        for label in labels:
            for cand in candidates:
                best = None
                for e in self.ents:
                    if e.label_ == label and cand in [w.lower() for w in self._words(e.text)]:
                        if best is None or len(e.text) > len(best):
                            best = e.text
                if best:
                    return best
        return text

    def name(self, m: Mention) -> Optional[str]:
        doc = self.doc
        if m.kind == "name":
            span = doc[m.head_start : m.head_end]
            labels = [e.label_ for e in span.ents]
            return self.canonical(span.text, ("ORG", "PER") if labels and labels[-1] == "ORG" else ("PER", "ORG"))
        if m.kind == "pronoun":
            before = [e for e in self.ents if e.label_ == "PER" and e.end <= m.start and not self.blocked(e.start)]
            if not before:
                return None
            sent_start = doc[m.start].sent.start
            recent = [e for e in before if e.start >= sent_start - 80]
            subjects = [e for e in recent if e.root.dep_.startswith("nsubj") or e.start == e.sent.start]
            return self.canonical((subjects or before)[-1].text, ("PER",))
        return None


def resolve(doc: Doc, m: Mention, fallback: FallbackResolver) -> Speaker:
    """Canonical name and actor id of a speaker mention."""
    hs, he = m.chars(doc)
    actor = resolve_chars(doc, hs, he)
    if actor is None and (m.head_start, m.head_end) != (m.start, m.end):
        actor = resolve_chars(doc, doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]))
    if actor is not None:
        return Speaker(actor.name, actor.id, hs, he, "actor")
    return Speaker(fallback.name(m), None, hs, he, "fallback")
