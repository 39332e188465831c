"""The antecedent of a third-person pronoun speaker (*zei hij*, *Ze zegt:*, *he said*).

Split from :mod:`kroniek.nlp.speakers`, which re-exports :class:`Salience`. Which words are pronouns, their
gender and the indefinite words are data (``speaker_cues.tsv``, ``coref.tsv``), read through
:class:`kroniek.nlp.speakers.SpeakerCues`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Optional

from spacy.tokens import Doc

from .mentions import actors_by_id

if TYPE_CHECKING:
    from .speakers import SpeakerCues


class Salience:
    """The antecedent of a third-person pronoun speaker (*zei hij*, *Ze zegt:*).

    News copy refers back with *hij*/*zij* to the person the last sentences are
    about: the most recent person named as subject (outside quotations, not the
    object of a preposition, gender-compatible), reached through a chain of
    pronouns. Names inside quotations, organisations and persons named only
    after *van*/*met* are not candidates. An unnamed person introduced with an
    indefinite description (*een vriendin*) blocks the chain: the quote then has
    no named speaker.
    """

    def __init__(self, doc: Doc, blocked: Callable[[int], bool], units: list[tuple[int, int]], tok_unit: list[int],
                 cues: SpeakerCues, pronoun_role: Callable[[str], Optional[str]], source_words: frozenset = frozenset()):
        self.doc, self.blocked, self.units, self.tok_unit, self.cues = doc, blocked, units, tok_unit, cues
        self.source_words = source_words  # "volgens": the name after it is a source, not an object
        self.pronoun_role = pronoun_role
        by_id = actors_by_id(doc)
        cands: dict[tuple[int, int], Optional[str]] = {}
        for (cs, ce), aid in (doc._.entity_actor or {}).items():
            a = by_id.get(aid)
            span = doc.char_span(cs, ce, alignment_mode="expand")
            if a is None or a.type != "person" or span is None:
                continue
            if len(span) == 1 and pronoun_role(span[0].lower_) is not None:
                continue  # the actor layer's own pronoun links are not evidence
            cands[(span.start, span.end)] = a.name
        taken = {k for s, e in cands for k in range(s, e)}
        for ent in doc.ents:
            if ent.label_ == "PER" and not any(k in taken for k in range(ent.start, ent.end)):
                cands[(ent.start, ent.end)] = None
                taken.update(range(ent.start, ent.end))
        for k in range(1, len(doc)):
            # a name after a form of address is a person whatever the NER made of it (*de heer Brussel*)
            if doc[k - 1].lower_.rstrip(".") in cues.address and doc[k].text[:1].isupper() and k not in taken and not blocked(k):
                e = k + 1
                while e < len(doc) and doc[e].pos_ == "PROPN" and doc[e].text[:1].isupper() and e not in taken:
                    e += 1
                cands[(k, e)] = None
        self.cands = sorted(c for c in cands.items() if not self._plural_subject(*c[0]) and not self._name_line(*c[0]))

    def _name_line(self, s: int, e: int) -> bool:
        """A name on a line of its own, without a verb (a byline, a caption: *John Vandaele* above the article's
        text) is no one the text refers back to with *hij*."""
        lo, hi = self.units[self.tok_unit[s]]
        return not any(self.doc[k].pos_ in ("VERB", "AUX") for k in range(lo, hi)) and all(
            self.doc[k].is_punct or self.doc[k].is_space or s <= k < e for k in range(lo, hi))

    def _plural_subject(self, s: int, e: int) -> bool:
        """A "person" that is a plural noun or the subject of a plural verb is a group (*De Democraten wachten*)."""
        if self.doc[e - 1].pos_ == "NOUN" and "Plur" in self.doc[e - 1].morph.get("Number"):
            return True
        for k in range(s, e):
            t = self.doc[k]
            if t.dep_.startswith("nsubj"):
                verbs = [t.head] + [c for c in t.head.children if c.dep_.startswith("aux") or c.dep_ == "cop"]
                return any("Plur" in v.morph.get("Number") for v in verbs)
        return False

    def _after_preposition(self, s: int) -> bool:
        k = s - 1
        while k >= 0 and self.doc[k].pos_ in ("DET", "ADJ", "NOUN") and s - k < 4:
            k -= 1
        return k >= 0 and self.doc[k].pos_ == "ADP" and self.doc[k].lower_ not in self.source_words

    def _pronoun_subject(self, lo: int, hi: int, gender: str) -> Optional[int]:
        """First third-person subject pronoun of the same gender in ``[lo, hi)``: the sentence is
        about the pronoun's referent, so names after it are objects (*trouwde hij met X*)."""
        for k in range(lo, hi):
            g = self.cues.pronoun_gender.get(self.doc[k].lower_)
            if g is None or self.pronoun_role(self.doc[k].lower_) not in ("3sg", "3amb"):
                continue
            if not self.blocked(k) and (not gender or not g or g == gender):
                return k
        return None

    def _fits(self, c, gender: str) -> bool:
        (s, e), name = c
        g = self.cues.person_gender(self.doc, s, e, name)
        return not (gender and g and g != gender)

    def _unnamed(self, lo: int, hi: int, gender: str) -> Optional[int]:
        """Token of an indefinite person description (*een vriendin*) in ``[lo, hi)``."""
        doc = self.doc
        pron = self._pronoun_subject(lo, hi, gender)
        for k in range(lo, hi - 1 if pron is None else pron):
            if self.blocked(k) or doc[k].lower_ not in self.cues.indefinite or self._after_preposition(k + 1):
                continue
            for j in (k + 1, k + 2):
                if j < hi and not self.blocked(j) and doc[j].lower_ in self.cues.person_nouns:
                    g = self.cues.person_nouns[doc[j].lower_]
                    if not (gender and g and g != gender):
                        return j
                    break
        return None

    def in_range(self, lo: int, hi: int, gender: str):
        """Best person candidate in tokens ``[lo, hi)``: a subject-like one, else any."""
        ok = [c for c in self.cands if lo <= c[0][0] and c[0][1] <= hi and not self.blocked(c[0][0]) and self._fits(c, gender)]
        pron = self._pronoun_subject(lo, hi, gender)
        if pron is not None:
            ok = [c for c in ok if c[0][0] < pron]
        strong = [c for c in ok if not self._after_preposition(c[0][0])]
        if strong:
            subj = [c for c in strong if any(self.doc[k].dep_.startswith("nsubj") for k in range(*c[0]))]
            return (subj or strong)[0], True
        return (ok[-1], False) if ok else (None, False)

    def antecedent(self, i: int, gender: str, max_units: int = 5):
        """("person", (start, end)) | ("unnamed", (start, end)) | (None, None) for the pronoun at token ``i``."""
        u = self.tok_unit[i]
        weak = None
        budget = max_units
        for back in range(u, max(-1, u - 3 * max_units), -1):
            lo, hi = self.units[back]
            if back == u:
                hi = i
            if self._pronoun_subject(lo, hi, gender) is None or back == u:
                budget -= 1  # a sentence that refers back with the same pronoun continues the chain
                if budget < 0:
                    break
            c, strong = self.in_range(lo, hi, gender)
            un = self._unnamed(lo, hi, gender)
            if un is not None and (not strong or un < c[0][0]):
                return "unnamed", (un, un + 1)
            if c is not None and strong:
                return "person", c[0]
            if c is not None and weak is None:
                weak = c[0]
        return ("person", weak) if weak else (None, None)
