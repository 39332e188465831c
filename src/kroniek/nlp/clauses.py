"""Clause and argument finding on a (possibly wrong) UD parse.

Events need "who did it" and "to whom". The parse gives that most of the
time (``nsubj``, ``obj``, ``obl`` + case, ``obl:agent`` in passives), but an
early parser mislabels plenty, so every lookup here has a fallback on the
word order inside the clause: the stretch of the sentence around the trigger
bounded by punctuation and subordinators. Nothing here knows event types; the
functions only answer grammatical questions about tokens. The few words
they need (conjunctions that end a clause, auxiliaries, the agent and
possessor prepositions) are the language's ``data/<lang>/clauses.json``,
chosen by the document's language (``doc.lang_``).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

import numpy

from spacy.attrs import DEP, MORPH, ORTH, POS
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Span, Token

from ..lang import LanguagePack

SUBJ_DEPS = {"nsubj", "csubj"}
PASS_SUBJ_DEPS = {"nsubj:pass", "csubj:pass"}
OBJ_DEPS = {"obj"}
IOBJ_DEPS = {"iobj"}
PP_DEPS = {"obl", "obl:arg", "obl:agent", "nmod", "obl:tmod", "nmod:arg"}
POSS_DEPS = {"nmod:poss"}
# dependents that belong to a noun phrase's own words (not its modifiers' clauses)
PHRASE_DEPS = {"det", "amod", "compound", "flat", "flat:name", "fixed", "nummod", "nmod:poss", "appos", "case"}
CLAUSE_BREAK_POS = {"SCONJ"}
CLAUSE_BREAK_PUNCT = {",", ";", ":", "(", ")", "–", "—", '"', "„", "”", "“", "'", "‘", "’"}
COMPLEMENT_DEPS = {"xcomp", "ccomp", "advcl", "acl", "acl:relcl"}


@dataclass(frozen=True)
class ClauseWords:
    """The words of ``data/<lang>/clauses.json`` (what each list is: its ``_comment``)."""

    clause_breaks: frozenset
    passive_auxiliaries: frozenset
    passive_lemma: str
    perfect_auxiliaries: frozenset
    be_forms: frozenset
    complement_markers: frozenset
    agent_prepositions: frozenset
    possessive_prepositions: frozenset


@lru_cache(maxsize=8)
def clause_words(lang: str) -> ClauseWords:
    p = LanguagePack(lang).data("clauses.json")
    d = json.loads(p.read_text(encoding="utf8")) if p.exists() else {}
    return ClauseWords(
        CLAUSE_BREAK_PUNCT | frozenset(d.get("clause_break_words", ())),
        frozenset(d.get("passive_auxiliaries", ())), d.get("passive_lemma", ""),
        frozenset(d.get("perfect_auxiliaries", ())), frozenset(d.get("be_forms", ())),
        frozenset(d.get("complement_markers", ())), frozenset(d.get("agent_prepositions", ())),
        frozenset(d.get("possessive_prepositions", ())),
    )


def words_of(obj) -> ClauseWords:
    """The clause words of the language of ``obj`` (a Doc, Span or Token)."""
    doc = obj.doc if hasattr(obj, "doc") else obj
    return clause_words(doc.lang_)


_STRETCH_KEY = "kroniek.clause_stretches"


def clause_stretch(tok: Token) -> tuple[int, int]:
    """Token index range [lo, hi) of the clause stretch around ``tok`` within its sentence:
    from just after the nearest clause break before it to the nearest break after it."""
    lo, hi = _stretches(tok.doc)
    return lo[tok.i], hi[tok.i]


def _stretches(doc) -> tuple[list[int], list[int]]:
    """Clause stretch bounds of every token, computed in one pass per doc and kept in
    ``doc.user_data`` (the rule components ask for them tens of thousands of times)."""
    cached = doc.user_data.get(_STRETCH_KEY)
    if cached is not None and len(cached[0]) == len(doc):
        return cached
    n = len(doc)
    lo, hi = [0] * n, [0] * n
    breaks = _breaks(doc)
    for sent in doc.sents:
        s, e = sent.start, sent.end
        brk = breaks[s:e]
        cur = s
        for k in range(s, e):
            if k > s and brk[k - 1 - s]:
                cur = k
            lo[k] = cur
        cur = e
        for k in range(e - 1, s - 1, -1):
            if k < e - 1 and brk[k + 1 - s]:
                cur = k + 1
            hi[k] = cur
    doc.user_data[_STRETCH_KEY] = (lo, hi)
    return lo, hi


def _breaks(doc) -> list[bool]:
    """``_is_break`` for every token of ``doc``, from its attribute arrays at once (column-wise:
    turning the rows into Python lists cost more than the test itself)."""
    if not len(doc):
        return []
    strings = doc.vocab.strings
    arr = doc.to_array([ORTH, POS, MORPH, DEP])
    break_orth = numpy.array([strings.add(w) for w in words_of(doc).clause_breaks], dtype=arr.dtype)
    break_pos = numpy.array([POS_IDS[p] for p in CLAUSE_BREAK_POS], dtype=arr.dtype)
    morphs = numpy.unique(arr[:, 2])
    rel_morphs = numpy.array([m for m in morphs.tolist() if m and _relative(strings[m])], dtype=arr.dtype)
    out = numpy.isin(arr[:, 0], break_orth) | numpy.isin(arr[:, 1], break_pos)
    out |= numpy.isin(arr[:, 2], rel_morphs) & (arr[:, 3] != strings.add("det"))
    return out.tolist()


def _relative(morph: str) -> bool:
    feats = dict(f.split("=", 1) for f in morph.split("|") if "=" in f)
    return "Rel" in feats.get("PronType", "").split(",")


def _is_break(t: Token) -> bool:
    if t.text in words_of(t).clause_breaks or t.pos_ in CLAUSE_BREAK_POS:
        return True
    return "Rel" in t.morph.get("PronType") and t.dep_ != "det"


def governing_verb(tok: Token) -> Token:
    """The verb whose clause ``tok`` belongs to when ``tok`` is itself an auxiliary or copula."""
    if tok.dep_ in ("aux", "aux:pass", "cop") and tok.head is not tok:
        return tok.head
    return tok


def children(tok: Token, deps: Iterable[str]) -> list[Token]:
    deps = set(deps)
    return [c for c in tok.children if c.dep_ in deps]


def particle_of(tok: Token) -> Optional[Token]:
    for c in tok.children:
        if c.dep_ == "compound:prt":
            return c
    return None


def is_passive(tok: Token, participle_forms: set[str] | None = None) -> bool:
    """``tok`` heads a passive clause (worden + participle, or a door-agent)."""
    cw = words_of(tok)
    lo, hi = clause_stretch(tok)
    words = {t.lower_ for t in tok.doc[lo:hi]}
    if words & cw.perfect_auxiliaries and not words & cw.passive_auxiliaries:
        return False  # 'hadden … opgeschort' is a perfect, whatever the parser says
    if any(c.dep_ in ("aux:pass", "nsubj:pass", "obl:agent") for c in tok.children):
        return True
    part = "Part" in tok.morph.get("VerbForm") or bool(participle_forms and tok.lower_ in participle_forms)
    if not part:
        return False
    lo, hi = clause_stretch(tok)
    doc = tok.doc
    for t in doc[lo:hi]:
        if t.lemma_.lower() == cw.passive_lemma or t.lower_ in cw.passive_auxiliaries:
            return True
    return agent_phrase(tok) is not None


def is_zijn_passive(tok: Token, participle_forms: set[str] | None = None) -> bool:
    """*zijn* + participle of a transitive verb (*zijn opgepakt*): a passive perfect."""
    part = "Part" in tok.morph.get("VerbForm") or bool(participle_forms and tok.lower_ in participle_forms)
    if not part or children(tok, OBJ_DEPS):
        return False
    lo, hi = clause_stretch(tok)
    be = words_of(tok).be_forms
    return any(t.lower_ in be for t in tok.doc[lo:hi] if t.i != tok.i)


def complement_subject(tok: Token, stretch: tuple[int, int]) -> Optional[Token]:
    """Subject of the *dat*/*om*-clause that follows ``tok`` (wil dat *het kabinet* …)."""
    for c in tok.children:
        if c.dep_ in ("ccomp", "xcomp", "advcl"):
            subs = children(c, SUBJ_DEPS | PASS_SUBJ_DEPS)
            if subs:
                return subs[0]
    doc = tok.doc
    end = min(len(doc), stretch[1] + 2, tok.sent.end + 2)
    for i in range(tok.i + 1, end):
        if doc[i].lower_ in words_of(doc).complement_markers and (doc[i].pos_ == "SCONJ" or doc[i].dep_ == "mark"):
            for u in doc[i + 1 : min(len(doc), i + 8)]:
                if u.pos_ in ("PROPN", "NOUN", "PRON"):
                    while u.i + 1 < len(doc) and u.pos_ == "PROPN" and doc[u.i + 1].pos_ == "PROPN":
                        u = doc[u.i + 1]
                    return u
                if u.pos_ in ("VERB", "AUX", "PUNCT"):
                    break
            break
    return None


def case_of(tok: Token) -> Optional[str]:
    """The preposition introducing a nominal (its ``case`` child), lower-cased."""
    for c in tok.children:
        if c.dep_ == "case" and c.i < tok.i:
            return c.lower_
    prev = tok.doc[tok.i - 1] if tok.i > tok.sent.start else None
    # early parsers often attach the case marker to a determiner or adjective instead
    left = tok.left_edge
    if left.i < tok.i and left.pos_ == "ADP":
        return left.lower_
    if prev is not None and prev.pos_ == "ADP":
        return prev.lower_
    return None


def pp_objects(tok: Token, prep: str) -> list[Token]:
    """Nominals attached to ``tok`` with preposition ``prep`` (parse first, then word order)."""
    out = [c for c in tok.children if c.dep_ in PP_DEPS | {"obj", "iobj", "nsubj"} and case_of(c) == prep]
    return out


def pp_linear(tok: Token, prep: str, stretch: tuple[int, int]) -> list[Token]:
    """Word-order fallback: the head noun after ``prep`` inside the clause stretch."""
    doc = tok.doc
    out = []
    for t in doc[stretch[0] : stretch[1]]:
        if t.lower_ != prep or t.i == tok.i:
            continue
        for u in doc[t.i + 1 : stretch[1]]:
            if u.pos_ in ("PROPN", "NOUN", "PRON"):
                # take the last noun of a compact noun group (de Russische president Poetin → Poetin)
                v = u
                while v.i + 1 < stretch[1] and doc[v.i + 1].pos_ in ("PROPN",) and v.pos_ == "PROPN":
                    v = doc[v.i + 1]
                out.append(v)
                break
            if u.pos_ in ("VERB", "AUX", "ADP") and u.i > t.i + 1:
                break
    return out


def agent_phrase(tok: Token) -> Optional[Token]:
    for c in tok.children:
        if c.dep_ == "obl:agent" or (c.dep_ in PP_DEPS and case_of(c) in words_of(tok).agent_prepositions):
            return c
    return None


def subject_of(tok: Token) -> Optional[Token]:
    """Grammatical subject of ``tok``'s clause, climbing through control and coordination."""
    seen = 0
    cur = tok
    while seen < 4:
        subs = children(cur, SUBJ_DEPS)
        if subs:
            # 'de peilingen die Cohen had laten vervalsen': a parse that gives the clause two
            # subjects has taken the relative pronoun (the object) for one of them
            full = [s for s in subs if "Rel" not in s.morph.get("PronType")]
            return full[0] if len(subs) > 1 and full else subs[0]
        if cur is tok:
            inverted = _inverted_subject(cur)
            if inverted is not None:
                return inverted
        if cur.dep_ in ("xcomp", "conj") and cur.head is not cur:
            cur = cur.head
            seen += 1
            continue
        break
    return None


def _inverted_subject(tok: Token) -> Optional[Token]:
    """A clause parsed with two direct objects and no subject (*voerde Rusland een aanval uit*):
    the parser took the subject after the finite verb (Dutch inversion) for an object; the first
    of them, a name or pronoun right after the verb, is the subject."""
    objs = children(tok, {"obj"})
    if len(objs) < 2 or children(tok, PASS_SUBJ_DEPS):
        return None
    first = min(objs, key=lambda o: o.i)
    if first.i > tok.i and first.pos_ in ("PROPN", "PRON") and first.i - tok.i <= 2:
        return first
    return None


def direct_objects(tok: Token) -> list[Token]:
    """Direct objects of ``tok``, mending the two inverted-order parses of a Dutch main clause:
    two objects and no subject (the first is the subject, see ``_inverted_subject``), and two
    subjects and no object (*beschuldigde Hamas ervan*: the later one, right after the verb,
    is the object)."""
    objs = children(tok, OBJ_DEPS)
    inverted = _inverted_subject(tok)
    if inverted is not None:
        return [o for o in objs if o is not inverted]
    if objs:
        return objs
    subs = children(tok, SUBJ_DEPS)
    if len(subs) >= 2:
        later = max(subs, key=lambda s: s.i)
        if 0 < later.i - tok.i <= 2 and later.pos_ in ("PROPN", "NOUN", "PRON"):
            return [later]
    return []


def passive_subject_of(tok: Token) -> Optional[Token]:
    subs = children(tok, PASS_SUBJ_DEPS) or children(tok, SUBJ_DEPS)
    return subs[0] if subs else None


def possessor_of(tok: Token) -> list[Token]:
    """Possessor-like dependents of a noun: *Mays* deal, *haar* akkoord, de *Russische* aanval, de aanval *van Rusland*."""
    out = []
    for c in tok.children:
        if c.dep_ in POSS_DEPS or (c.dep_ == "det" and "Yes" in c.morph.get("Poss")):
            out.append(c)
        elif c.dep_ == "amod" and c.pos_ == "ADJ" and c.text[:1].isupper():
            out.append(c)
        elif c.dep_ in ("nmod",) and case_of(c) in words_of(tok).possessive_prepositions and (c.pos_ in ("PROPN", "PRON") or c.ent_type_):
            out.append(c)
    if not out:
        # genitive/proper-name modifiers an early parser leaves flat: "Mays belofte", "Russische aanval"
        prev = tok.doc[tok.i - 1] if tok.i > tok.sent.start else None
        if prev is not None and prev.text[:1].isupper() and prev.pos_ in ("PROPN", "ADJ") and prev.i != tok.sent.start:
            out.append(prev)
        elif prev is not None and prev.text[:1].isupper() and prev.pos_ in ("PROPN", "ADJ") and prev.text.endswith("s"):
            out.append(prev)
    return out


def conjuncts(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ == "conj"]


def phrase_bounds(tok: Token) -> tuple[int, int]:
    """Token range of ``tok``'s own noun phrase: its determiners, adjectives and name parts,
    not its prepositional modifiers, relative clauses or conjuncts."""
    keep = {tok.i}
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in PHRASE_DEPS and c.dep_ != "case" and c.pos_ != "PUNCT" and abs(c.i - tok.i) <= 8:
                keep.add(c.i)
                stack.append(c)
    lo = hi = tok.i
    while lo - 1 in keep:
        lo -= 1
    while hi + 1 in keep:
        hi += 1
    return lo, hi + 1


def span_of(tok: Token) -> Span:
    lo, hi = phrase_bounds(tok)
    return tok.doc[lo:hi]


def nominal_head(tok: Token) -> Token:
    """A nominal when ``tok`` is a case marker or determiner misattached by the parser."""
    if tok.pos_ in ("ADP", "DET") and tok.head is not tok and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return tok.head
    return tok


def embedding_verbs(tok: Token, max_up: int = 3) -> list[Token]:
    """Verbs that govern ``tok`` through complement relations (weigert … te sluiten)."""
    out = []
    cur = tok
    for _ in range(max_up):
        if cur.head is cur or cur.dep_ not in COMPLEMENT_DEPS | {"obj", "obl", "conj", "csubj"}:
            break
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            out.append(cur)
    return out


# ---- Dutch verb morphology for the event lexicon (an algorithm, not a word list)
VOWELS = set("aeiouy")


def verb_forms(inf: str, particle: Optional[str], extra: tuple[str, ...]) -> tuple[set[str], set[str], set[str]]:
    """Inflected forms of a Dutch verb: (forms standing alone, forms with the particle joined, participles).

    Regular (weak) forms are generated, over-generating on purpose (a non-word never
    matches); strong verbs list their past forms and participle in the lexicon.
    """
    raw = inf[:-2] if inf.endswith("en") else inf[:-1] if inf.endswith("n") else inf
    stems = {raw}
    if len(raw) >= 2 and raw[-1] == raw[-2] and raw[-1] not in VOWELS:
        stems = {raw[:-1]}
    elif len(raw) >= 3 and raw[-1] not in VOWELS and raw[-2] in "aeou" and raw[-3] not in VOWELS:
        stems.add(raw[:-1] + raw[-2] + raw[-1])
    stems = {s[:-1] + "f" if s.endswith("v") else s[:-1] + "s" if s.endswith("z") else s for s in stems}
    finite = {inf}
    parts = set()
    for s in stems:
        finite |= {s, s + "t", s + "te", s + "ten", s + "de", s + "den"}
        for pre in ("ge", ""):
            parts |= {pre + s + "t", pre + s + "d"} | ({pre + s} if s.endswith(("t", "d")) else set())
    given_parts = {f for f in extra if f.startswith("ge") or (particle and f.startswith(particle))}
    finite |= {f for f in extra if f not in given_parts}
    if particle:
        parts = {particle + p for p in parts} | given_parts
        joined = {particle + f for f in finite} | parts
        return finite, joined, parts
    parts |= given_parts
    return finite | parts, set(), parts




def noun_matches(word: str, noun: str, exact: bool) -> bool:
    """``word`` is ``noun``, its plural, or (unless exact, for nouns of 5+ letters) a compound ending in it."""
    word = word.lower()
    for w in (word, word.replace("-", "")):
        if w.startswith(noun) and w[len(noun):] in ("", "en", "s", "'s", "n", noun[-1:] + "en"):
            return True
        if exact or len(noun) < 5:
            continue
        i = w.rfind(noun)
        if i >= 3 and w[i + len(noun):] in ("", "en", "s", "n", noun[-1:] + "en"):
            return True
    return False
