"""The trigger lexicon and the word lists of the event layer, read from the language pack.

``plover_triggers.tsv`` (trigger words with type, mode and argument roles), ``negation.tsv``
(cues of unasserted events), ``agents.tsv`` (agent nouns), ``nationalities.tsv`` and
``event_words.json`` (the grammar words the coder reads: articles, pronouns, prepositions). The rule coder
(``events``) matches with them; the learned coder (``event_learned``) reads the lexicon's opinion as
one feature among others.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .clauses import verb_forms


@dataclass(frozen=True)
class Trigger:
    kind: str  # V verb, N noun, n weak noun, L light verb
    pattern: str
    head: str
    particle: Optional[str]
    companion: Optional[str]
    type: str
    mode: Optional[str]
    source: tuple[str, ...]
    target: tuple[str, ...]
    forms: tuple[str, ...]
    exact: bool = False


@dataclass
class Lexicon:
    """Trigger rows indexed by word form (verbs, with generated Dutch inflections) and by noun."""

    verbs: dict[str, list[tuple[Trigger, bool]]] = field(default_factory=dict)
    nouns: list[Trigger] = field(default_factory=list)
    light: set[str] = field(default_factory=set)
    participles: set[str] = field(default_factory=set)
    strong: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, path, morphology: str = "generate") -> "Lexicon":
        """``morphology`` (``event_words.json``): ``generate`` inflects verbs by Dutch rules
        (``clauses.verb_forms``); ``listed`` takes the forms column as every form (3rd singular,
        past, past participle, -ing form)."""
        lex = cls()
        with open(path, encoding="utf8") as fh:
            rows = [r for r in csv.reader(fh, delimiter="\t") if r and not r[0].startswith("#")]
        for r in rows:
            r = r + [""] * (8 - len(r))
            kind, pattern = r[0].strip(), r[1].strip()
            exact = pattern.startswith("=")
            pattern = pattern.lstrip("=")
            head, _, companion = pattern.partition("+")
            particle, _, base = head.rpartition("|")
            trig = Trigger(
                kind=kind,
                pattern=pattern.replace("|", ""),
                head=base,
                particle=particle or None,
                companion=companion or None,
                type=r[2].strip(),
                mode=r[3].strip() or None,
                source=tuple(x for x in r[4].strip().split("|") if x),
                target=tuple(x for x in r[5].strip().split("|") if x),
                forms=tuple(f.strip() for f in r[6].split(",") if f.strip()),
                exact=exact,
            )
            if kind in ("N", "n"):
                lex.nouns.append(trig)
                continue
            if morphology == "listed":
                standalone, joined = {base, *trig.forms}, set()
                parts = set(trig.forms[2:3])
                lex.strong |= set(trig.forms[1:3])  # past and participle: surely the verb
            else:
                standalone, joined, parts = verb_forms(base, particle or None, trig.forms)
                lex.strong |= set(trig.forms) | {(particle or "") + f for f in trig.forms}
            lex.participles |= parts
            if kind == "L":
                lex.light |= standalone | joined
                continue
            for f in standalone:
                lex.verbs.setdefault(f, []).append((trig, False))
            for f in joined:
                lex.verbs.setdefault(f, []).append((trig, True))
        lex.nouns.sort(key=lambda t: -len(t.head))
        return lex

    def event_types(self) -> set[str]:
        """The PLOVER types the lexicon codes (blocking entries, type ``-``, are no event type)."""
        rows = [t for ts in self.verbs.values() for t, _ in ts] + self.nouns
        return {t.type for t in rows if t.type != "-"}


@dataclass(frozen=True)
class Cue:
    cue: str
    scope: str
    value: str


@dataclass(frozen=True)
class Agent:
    """A kind of actor named by a common noun (``agents.tsv``): *de demonstranten*, *de kiesraad*."""

    noun: str
    code: str
    english: str
    exact: bool = False


def load_agents(path) -> list[Agent]:
    if not Path(path).exists():
        return []
    with open(path, encoding="utf8") as fh:
        rows = [r for r in csv.reader(fh, delimiter="\t") if r and not r[0].startswith("#")]
    out = [Agent(r[0].strip().lstrip("="), r[1].strip(), r[2].strip(), r[0].startswith("=")) for r in rows if len(r) >= 3]
    return sorted(out, key=lambda a: -len(a.noun))


def load_nationality_words(path) -> dict[str, str]:
    """Nationality adjectives and people nouns (``nationalities.tsv``) → the country they denote."""
    out: dict[str, str] = {}
    if not Path(path).exists():
        return out
    with open(path, encoding="utf8") as fh:
        rows = [r for r in csv.reader(fh, delimiter="\t") if r and not r[0].startswith("#")]
    for r in rows[1:] if rows and rows[0][0] == "country" else rows:
        if len(r) < 2 or r[0].strip() in ("", "-"):
            continue
        for w in "|".join(r[1:3]).split("|"):
            if w.strip():
                out[w.strip().lower()] = r[0].strip()
    return out


def load_cues(path) -> list[Cue]:
    with open(path, encoding="utf8") as fh:
        rows = [r for r in csv.reader(fh, delimiter="\t") if r and not r[0].startswith("#")]
    return [Cue(r[0].strip().lower(), r[1].strip(), r[2].strip()) for r in rows if len(r) >= 3]


@dataclass(frozen=True)
class EventWords:
    """The grammar words of ``event_words.json`` (see the file for what each is for)."""

    morphology: str = "generate"
    articles: frozenset = frozenset()
    reflexive: frozenset = frozenset()
    topic_preps: frozenset = frozenset()
    inflected_endings: tuple = ()
    past_endings: tuple = ()
    clause_companions: frozenset = frozenset()
    third_person: frozenset = frozenset()
    possessives: frozenset = frozenset()
    first_person: frozenset = frozenset()
    personal: frozenset = frozenset()
    quantity_nouns: frozenset = frozenset()
    member_prep: Optional[str] = None
    agent_prep: Optional[str] = None
    instrument_prep: Optional[str] = None
    infinitive_marker: Optional[str] = None
    purpose_marker: Optional[str] = None
    nominalisers: frozenset = frozenset()
    negation_exceptions: frozenset = frozenset()
    non_subject_pronouns: frozenset = frozenset()
    plural_endings: tuple = ()
    subject_after_verb: bool = False
    location_preps: frozenset = frozenset()
    perfect_auxiliaries: frozenset = frozenset()


def load_words(path) -> EventWords:
    """``event_words.json``; a missing file gives empty word sets (the coder then relies on the parse)."""
    p = Path(path)
    d = json.loads(p.read_text(encoding="utf8")) if p.exists() else {}

    def fs(key):
        return frozenset(w.lower() for w in d.get(key) or ())

    def tup(key):
        return tuple(d.get(key) or ())

    third, first = fs("third_person"), fs("first_person")
    return EventWords(
        morphology=d.get("verb_morphology", "generate"), articles=fs("articles"), reflexive=fs("reflexive"),
        topic_preps=fs("topic_preps"), inflected_endings=tup("inflected_endings"), past_endings=tup("past_endings"),
        clause_companions=fs("clause_companions"), third_person=third, possessives=fs("possessives"), first_person=first,
        personal=third | first | fs("other_personal"), quantity_nouns=fs("quantity_nouns"),
        member_prep=d.get("member_prep"), agent_prep=d.get("agent_prep"), instrument_prep=d.get("instrument_prep"),
        infinitive_marker=d.get("infinitive_marker"), purpose_marker=d.get("purpose_marker"),
        nominalisers=fs("nominalisers"), negation_exceptions=fs("negation_exceptions"),
        non_subject_pronouns=fs("non_subject_pronouns"), plural_endings=tup("plural_endings"),
        subject_after_verb=bool(d.get("subject_after_verb", False)), location_preps=fs("location_preps"),
        perfect_auxiliaries=fs("perfect_auxiliaries"),
    )
