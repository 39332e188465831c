"""Tense of the clause around a time expression, from the morphologizer and the lexicon's verb lists."""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc

from .lexicon import Lexicon

# Tense of the clause around an expression
# --------------------------------------------------------------------------

CLAUSE_PUNCT = set(",;:()[]\"“”„«»–—")
SENT_END = {".", "!", "?"}


class TenseFinder:
    """Tense of the clause a span stands in, from the morphologizer's ``Tense``.

    Returns ``"PAST"``, ``"PRESENT"``, ``"FUTURE"`` or ``None`` (no finite verb,
    a conditional, or a *te*-infinitive governing the expression).
    """

    def __init__(self, doc: Doc, lex: Lexicon, skip_chars: list[tuple[int, int]]) -> None:
        self.doc = doc
        self.t = lex.tense
        self.clause_words = lex.clause_words
        skip = set()
        for s, e in skip_chars:
            sp = doc.char_span(s, e, alignment_mode="expand")
            if sp is not None:
                skip.update(range(sp.start, sp.end))
        self.skip = skip
        self._kind: dict[int, Optional[str]] = {}

    def kind(self, i: int) -> Optional[str]:
        if i in self._kind:
            return self._kind[i]
        k = None if i in self.skip else self._verb_kind(self.doc[i])
        self._kind[i] = k
        return k

    def _verb_kind(self, tok) -> Optional[str]:
        w, t, pos = tok.lower_, self.t, tok.pos_
        if w in t["future"]:
            return "FUT"
        if w in t["conditional"]:
            return "COND"
        if w in t.get("not_verbs_unless_tagged", ()) and pos not in ("VERB", "AUX"):
            return None  # *zijn* possessive, *de was*
        if w in t["past"]:
            if tok.i > 0 and self.doc[tok.i - 1].lower_ in t.get("participle_after", ()):
                return "PART"  # *would be paid*, *has been sold*: a participle, not a finite past
            return "PAST"
        if w in t["present"]:
            if tok.i > 0 and self.doc[tok.i - 1].lower_ in t.get("infinitive_markers", ()):
                return "INF"  # *te hebben*
            return "PRES"
        if not pos and w.endswith(tuple(t.get("past_suffixes_untagged", ()))):
            return "PAST"  # no tagger in the pipeline: a regular past form by its ending
        if pos not in ("VERB", "AUX"):
            return None
        vf, tense = tok.morph.get("VerbForm"), tok.morph.get("Tense")
        if "Inf" not in vf and any(c.dep_ == "aux" and c.lower_ in t["perfect_aux"] for c in tok.children):
            return "PART"  # *hebben … bereikt*: a form that is also a present (bereikt, gebeurt) heads a perfect
        prev = self.doc[tok.i - 1] if tok.i > 0 else None
        infl = t.get("inflected_participle_suffix")
        if infl and w.endswith(infl) and ("Part" in vf or (prev is not None and (prev.pos_ == "DET" or "Yes" in prev.morph.get("Poss")))):
            return None  # inflected participle = adjective: *uitgebreide bevoegdheden*, *haar veelbekritiseerde deal*
        if "Past" in tense:
            if t.get("strong_past_endings") and w.endswith("t") and not w.endswith(tuple(t["strong_past_endings"])):
                return "PRES"  # *heet*, *kunt*: tagged past, present by form
            plural = t.get("plural_suffix")
            if plural and w.endswith(plural):  # plural: present = infinitive, past = -den/-ten or a strong form
                lemma = tok.lemma_.lower()
                if lemma == w:
                    return "PRES"  # *verwijten* (lemma = form): present plural
                if not lemma.endswith(plural):
                    return None  # the lemmatizer failed too: no evidence either way
            return "PAST"
        if "Pres" in tense or "Fin" in vf:
            return "PRES"
        if "Part" in vf:
            return "PART"
        if "Inf" in vf:
            return "INF"
        return None

    def _is_boundary(self, i: int) -> bool:
        tok = self.doc[i]
        return tok.text in CLAUSE_PUNCT or tok.text in SENT_END or "\n" in tok.text

    def _sent_end(self, i: int) -> bool:
        tok = self.doc[i]
        return tok.text in SENT_END or "\n" in tok.text

    def sentence(self, a: int, b: int) -> tuple[int, int]:
        s = a
        while s > 0 and not self._sent_end(s - 1):
            s -= 1
        e = b
        while e < len(self.doc) and not self._sent_end(e):
            e += 1
        return s, e

    def clause(self, a: int, b: int) -> tuple[int, int]:
        s0, e0 = self.sentence(a, b)
        s = a
        while s > s0:
            if self._is_boundary(s - 1):
                break
            if self.doc[s - 1].lower_ in self.clause_words:
                s -= 1
                break
            s -= 1
        e = b
        while e < e0 and not self._is_boundary(e) and self.doc[e].lower_ not in self.clause_words:
            e += 1
        return s, e

    def _combine(self, idx: list[int]) -> Optional[str]:
        kinds = {self.kind(i) for i in idx}
        words = {self.doc[i].lower_ for i in idx}
        if "FUT" in kinds or (words & self.t["go_future"] and "INF" in kinds):
            return "FUTURE"
        if "PAST" in kinds:
            return "PAST"
        if "PART" in kinds and {self.doc[i].lower_ for i in idx if self.kind(i) == "PRES"} & self.t["perfect_aux"]:
            return "PAST"  # Dutch perfect: *heeft besloten*, *is afgewezen*
        if "COND" in kinds:
            return None
        if "PRES" in kinds:
            return "PRESENT"
        return None

    def simple_past(self, a: int, b: int) -> bool:
        """Whether the clause of ``[a, b)`` has a finite past verb (not a perfect)."""
        cs, ce = self.clause(a, b)
        kinds = [self.kind(i) for i in self.verbs(cs, ce)]
        if not any(k in ("FUT", "COND", "PAST", "PRES") for k in kinds):
            ss, se = self.sentence(a, b)
            finite = [i for i in self.verbs(ss, se) if self.kind(i) in ("FUT", "COND", "PAST", "PRES")]
            if not finite:
                return False
            kinds = [self.kind(min(finite, key=lambda i: (min(abs(i - a), abs(i - b + 1)), i)))]
        return "PAST" in kinds

    def pluperfect(self, a: int, b: int) -> bool:
        """Whether the clause of ``[a, b)`` is in the past perfect (an auxiliary of the lexicon's
        ``pluperfect_aux``, *had*, before a participle): a past seen from a later past."""
        words = self.t.get("pluperfect_aux", ())
        cs, ce = self.clause(a, b)
        if not any(self.kind(i) in ("FUT", "COND", "PAST", "PRES") for i in range(cs, ce)):
            cs, ce = self.sentence(a, b)  # *Until Thursday, they had not called ...*: the clause has no verb
        return any(self.doc[i].lower_ in words and any(self.kind(j) in ("PART", "PAST") or self.doc[j].lower_ in self.t["past"]
                                                      for j in range(i + 1, min(ce, i + 4)))
                   for i in range(cs, ce))

    def verbs(self, a: int, b: int) -> list[int]:
        return [i for i in range(a, b) if self.kind(i)]

    def tense(self, a: int, b: int) -> tuple[Optional[str], str]:
        """Tense for tokens ``[a, b)``; also a few words on how it was found."""
        cs, ce = self.clause(a, b)
        verbs = self.verbs(cs, ce)
        if verbs:
            gov = None
            head = self.doc[a:b].root
            for _ in range(4):  # the parser's governing verb, if it lies in the clause
                head = head.head
                if head.i in verbs:
                    gov = head.i
                    break
                if head.head == head:
                    break
            if gov is None:
                gov = min(verbs, key=lambda i: (abs(i - a) if i < a else abs(i - b + 1), i))
            if self.kind(gov) == "INF" and gov > 0 and self.doc[gov - 1].lower_ in self.t.get("infinitive_markers", ()):
                if gov > 1 and self.doc[gov - 2].lower_ in self.t.get("future_before_infinitive", ()):
                    return "FUTURE", f"'{self.doc[gov - 2].text} to {self.doc[gov].text}': a plan"  # *is to resume*
                return None, f"governed by an infinitive '{self.doc[gov].text}'"
            t = self._combine(verbs)
            if t:
                return t, f"tense of the clause of '{self.doc[gov].text}'"
            if any(self.kind(i) == "COND" for i in verbs):
                return None, "conditional"
        ss, se = self.sentence(a, b)
        finite = [i for i in self.verbs(ss, se) if self.kind(i) in ("FUT", "PAST", "PRES", "COND")]
        if not finite:
            return None, "no finite verb"
        near = min(finite, key=lambda i: (min(abs(i - a), abs(i - b + 1)), i))
        group = [near] + [i for i in self.verbs(ss, se) if self.kind(i) in ("PART", "INF")]
        t = self._combine(group)
        return t, f"tense of nearest finite verb '{self.doc[near].text}'"


