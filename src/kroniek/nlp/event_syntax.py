"""Word-level helpers of the rule event coder (``events``): word order, particles, companions,
subjects found by position when the parse has none. The grammar words come from the language's
``event_words.json`` (an ``EventWords`` passed in as ``w``)."""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc, Token

from . import clauses
from .clauses import noun_matches
from .event_features import WordView
from .event_lexicon import EventWords
from .extensions import sent_bounds
from .mentions import resolve_chars


def _looks_nominal(t: Token) -> bool:
    if any(c.dep_ in ("det", "amod", "nmod:poss") for c in t.children):
        return True
    prev = t.doc[t.i - 1] if t.i > 0 else None
    return prev is not None and (prev.pos_ in ("DET", "ADP") or (prev.pos_ == "ADJ" and t.i > 1 and t.doc[t.i - 2].pos_ == "DET"))


def _lone_finite(t: Token, w: EventWords) -> bool:
    """``t`` looks like a past-tense verb and its clause has no other finite verb ('Gisteren beloofde minister X …')."""
    if _after_determiner(t, w) or not w.past_endings or not t.lower_.endswith(w.past_endings):
        return False
    lo, hi = clauses.clause_stretch(t)
    return not any("Fin" in x.morph.get("VerbForm") for x in t.doc[lo:hi] if x.i != t.i)


def _after_determiner(t: Token, w: EventWords) -> bool:
    prev = t.doc[t.i - 1] if t.i > 0 else None
    return prev is not None and (prev.lower_ in w.articles or prev.pos_ == "NUM")


def _is_te_infinitive(t: Token, w: EventWords) -> bool:
    """An infinitive with its marker (*te*, *to*) right before it."""
    return "Inf" in t.morph.get("VerbForm") and t.i > 0 and t.doc[t.i - 1].lower_ == w.infinitive_marker


def _finite_before(t: Token, stretch) -> Optional[Token]:
    for x in reversed(t.doc[stretch[0] : t.i]):
        if "Fin" in x.morph.get("VerbForm"):
            return x
    return None


def _has_particle(t: Token, particle: str, stretch, w: EventWords) -> bool:
    doc = t.doc
    if any(c.lower_ == particle for c in t.children if c.dep_ == "compound:prt"):
        return True
    if t.i >= 1 and doc[t.i - 1].lower_ == particle:
        return True
    if t.i >= 2 and doc[t.i - 1].lower_ == w.infinitive_marker and doc[t.i - 2].lower_ == particle:
        return True
    # main clause: particle at the end of the clause (rukten … op); an early parser may
    # end the sentence before it, so look up to the next full stop
    end = stretch[1]
    if end == sent_bounds(t)[1] and doc[end - 1].text not in (".", "!", "?"):
        while end < len(doc) and doc[end].text not in (".", "!", "?", ";", ",") and not doc[end].is_space and end - t.i < 25:
            end += 1
    # a preposition with its noun phrase after it is no particle: 'zei hij op een persconferentie'
    # (its noun attached to this verb); 'riep iedereen op de resultaten te respecteren' keeps the particle,
    # and so does one right before another preposition ('viel steden aan met drones', parsed as 'aan met drones')
    return any(x.lower_ == particle and not (x.dep_ == "case" and x.head.i > x.i and x.head.head.i == t.i
                                             and not (x.i + 1 < len(doc) and doc[x.i + 1].dep_ == "case"))
               for x in doc[t.i + 1 : end])


COMPANION_POS = frozenset({"NOUN", "PROPN", "VERB", "X"})  # a companion matched as (part of) a noun
_NOUN_MATCH_MEMO: dict[tuple[str, str], bool] = {}
_MEMO_LIMIT = 200_000


class Companions:
    """The companion words of a trigger's lexicon entries (*meet* + *talks*, *give* + *weapons*,
    *wil* + *dat*), looked up in the trigger's scope: its clause stretch (and the word after it) and
    its dependents. A verb may have dozens of entries (*give* has 55 in the English lexicon), so the
    scope is indexed once per trigger word, from the document's attribute lists (``WordView``), and each
    entry's companion is a dictionary look-up instead of a walk over the scope's tokens."""

    def __init__(self, t: Token, stretch, view: WordView, w: EventWords):
        self.t, self.view, self.w = t, view, w
        ids = set(range(stretch[0], min(stretch[1] + 1, len(view.text))))
        ids.update(view.children[t.i])
        ids.discard(t.i)
        lower, lemma_low, pos = view.lower, view.lemma_low, view.pos
        self.first: dict[str, int] = {}  # word or lemma -> its first position in the scope
        self.after: dict[str, int] = {}  # word -> its first position after the trigger
        self.nominal: list[int] = []
        for i in sorted(ids):
            self.first.setdefault(lower[i], i)
            self.first.setdefault(lemma_low[i], i)
            if i > t.i:
                self.after.setdefault(lower[i], i)
            if pos[i] in COMPANION_POS:
                self.nominal.append(i)
        self._haystack: Optional[str] = None

    def find(self, comp: str) -> Optional[Token]:
        """The first word of the scope that is ``comp`` (as word or lemma), else (for companions of 4+
        letters) the first noun-like word that is ``comp``, its plural or a compound ending in it."""
        t, view = self.t, self.view
        if comp in self.w.clause_companions:  # 'wil dat …', 'vragen … te': the clause follows the verb
            i = self.after.get(comp)
            if i is None:
                return None
            # 'wil voorkomen dat': the clause belongs to the verb in between
            return None if any(view.pos[b] in ("VERB", "AUX") for b in range(t.i + 1, i)) else t.doc[i]
        i = self.first.get(comp)
        if i is not None:
            return t.doc[i]
        if len(comp) < 4 or comp not in self._nominal_text():
            return None  # a noun match has the companion inside the word
        for i in self.nominal:
            key = (view.text[i], comp)
            hit = _NOUN_MATCH_MEMO.get(key)
            if hit is None:
                if len(_NOUN_MATCH_MEMO) > _MEMO_LIMIT:
                    _NOUN_MATCH_MEMO.clear()
                hit = _NOUN_MATCH_MEMO[key] = noun_matches(key[0], comp, False)
            if hit:
                return t.doc[i]
        return None

    def _nominal_text(self) -> str:
        """The scope's noun-like words, lower-cased, with and without hyphens, in one string."""
        if self._haystack is None:
            low = [self.view.text[i].lower() for i in self.nominal]
            self._haystack = "\n".join(low + [x.replace("-", "") for x in low])
        return self._haystack


def _light_verb(t: Token, light: set[str]) -> Optional[Token]:
    h = t.head
    if h is t:
        return None
    if t.dep_ in ("obj", "nsubj:pass", "nsubj", "obl", "obl:arg") and (h.lower_ in light or h.lemma_.lower() in light):
        return h
    # separable light verb written apart: 'voerde … uit'
    if t.dep_ in ("obj", "nsubj:pass") and h.pos_ in ("VERB", "AUX"):
        prt = clauses.particle_of(h)
        if prt is not None and (prt.lower_ + h.lower_) in light:
            return h
    return None


def _linear_subject(verb: Token, stretch, w: EventWords, skip: set[int] = frozenset()) -> Optional[Token]:
    """Word order: the nominal right before the finite verb, else (where the language inverts, Dutch V2:
    ``subject_after_verb``) the first one after it."""
    doc = verb.doc
    if "Fin" not in verb.morph.get("VerbForm"):
        verb = _finite_before(verb, stretch) or verb

    def ok(x: Token) -> bool:
        if x.pos_ not in ("PROPN", "NOUN", "PRON") or x.lower_ in w.reflexive or x.dep_ in ("obj", "iobj") or x.i in skip:
            return False
        if x.pos_ == "NOUN" and not _looks_nominal(x) and not x.text.endswith(w.plural_endings):
            return False  # a bare singular noun is rarely a subject; more often a mis-tagged word
        if x.pos_ == "PRON" and x.lower_ in w.non_subject_pronouns and x.dep_ != "nsubj":
            return False
        j = x.i - 1
        while j >= stretch[0] and doc[j].pos_ in ("DET", "ADJ", "NUM", "PROPN") and doc[j].i != x.i:
            j -= 1
        return not (j >= stretch[0] and doc[j].pos_ == "ADP")

    for x in reversed(doc[stretch[0] : verb.i]):
        if ok(x) and not _in_timex(x) and "Rel" not in x.morph.get("PronType"):
            # coordinated subject 'Kyiv en Washington': the first conjunct acts, the other is its partner
            left = doc[x.i - 2] if x.i - 2 >= stretch[0] else None
            if left is not None and doc[x.i - 1].pos_ == "CCONJ" and (ok(left) or _resolves(doc, left) or left.text[:1].isupper()):
                return left
            return x
    if not w.subject_after_verb:
        return None
    for x in doc[verb.i + 1 : stretch[1]]:
        if x.pos_ in ("VERB",):
            break
        if ok(x) and not _in_timex(x):
            return x
    return None


def _antecedent(tok: Token) -> Token:
    """A relative pronoun stands for the noun its clause modifies: 'Mueller, die onderzocht' → Mueller."""
    if "Rel" in tok.morph.get("PronType") and tok.head.dep_.startswith("acl") and tok.head.head is not tok.head:
        ante = tok.head.head
        if ante.pos_ in ("NOUN", "PROPN", "PRON") and ante.i < tok.i:
            return ante
    return tok


def _linear_conj(tok: Token) -> list[Token]:
    doc = tok.doc
    lo, hi = clauses.phrase_bounds(tok)
    if hi + 1 < len(doc) and doc[hi].pos_ == "CCONJ" and doc[hi + 1].pos_ in ("PROPN", "NOUN", "DET", "ADJ"):
        for u in doc[hi + 1 : hi + 5]:
            if u.pos_ in ("PROPN", "NOUN"):
                return [u]
    return []


def _nominalised(t: Token, w: EventWords) -> bool:
    """An infinitive used as a noun: 'het delen van inlichtingen'."""
    return t.i > 0 and t.doc[t.i - 1].lower_ in w.nominalisers and "Fin" not in t.morph.get("VerbForm")


def _resolves(doc: Doc, tok: Token) -> bool:
    span = clauses.span_of(tok)
    if resolve_chars(doc, span.start_char, span.end_char) is not None:
        return True
    return any(e.start_char < span.end_char and span.start_char < e.end_char for e in doc.ents)


def _in_timex(tok: Token) -> bool:
    return any(x.start <= tok.idx < x.end for x in (tok.doc._.timexes or []))
