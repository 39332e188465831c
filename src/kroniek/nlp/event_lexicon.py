"""The trigger lexicon and the word lists of the event layer, read from the language pack.

``plover_triggers.tsv`` (trigger words with type, mode and argument roles), ``negation.tsv``
(cues of unasserted events), ``agents.tsv`` (agent nouns) and ``nationalities.tsv``. The rule coder
(``events``) matches with them; the learned coder (``event_learned``) reads the lexicon's opinion as
one feature among others.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
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
    def load(cls, path) -> "Lexicon":
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
            standalone, joined, parts = verb_forms(base, particle or None, trig.forms)
            lex.participles |= parts
            lex.strong |= set(trig.forms) | {(particle or "") + f for f in trig.forms}
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
    with open(path, encoding="utf8") as fh:
        rows = [r for r in csv.reader(fh, delimiter="\t") if r and not r[0].startswith("#")]
    out = [Agent(r[0].strip().lstrip("="), r[1].strip(), r[2].strip(), r[0].startswith("=")) for r in rows if len(r) >= 3]
    return sorted(out, key=lambda a: -len(a.noun))


def load_nationality_words(path) -> dict[str, str]:
    """Nationality adjectives and people nouns (``nationalities.tsv``) → the country they denote."""
    out: dict[str, str] = {}
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
