"""The speech-cue lexicon of the quote layer (``data/<lang>/speech_verbs.tsv``).

Speech verbs and nouns with the complements that make them introduce reported
speech, source phrases (*volgens X*, *according to X*) and the closed-class
words the rules need (complementizers, infinitive markers, pronouns and their
roles, negation, anaphors), so that no rule names a word of one language.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from typing import Optional


@dataclass(frozen=True)
class Cue:
    lemma: str
    kind: str
    complements: frozenset
    particle: tuple[str, ...]

    def needs_particle(self, form: str) -> bool:
        return bool(self.particle) and not form.startswith(self.particle[0])


@dataclass
class Lexicon:
    """Speech cues and the function words the rules need, from ``speech_verbs.tsv``."""

    forms: dict[str, list[Cue]] = field(default_factory=dict)
    phrases: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    not_source: set = field(default_factory=set)
    function: dict[str, dict[str, str]] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path) -> "Lexicon":
        lex = cls()
        with open(path, encoding="utf8") as f:
            rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
            for r in rows:
                kind = r["kind"]
                comps = frozenset(c for c in r["complements"].split("|") if c and c != "-")
                forms = [x.strip().lower() for x in r["forms"].split(",") if x.strip()]
                if kind in ("verb", "noun"):
                    particle = tuple(r["particle"].split()) if r["particle"] not in ("", "-") else ()
                    cue = Cue(r["lemma"], kind, comps, particle)
                    for form in forms:
                        lex.forms.setdefault(form, []).append(cue)
                elif kind in ("source_before", "source_after", "own", "anonymous"):
                    lex.phrases.setdefault(kind, []).append(tuple(r["lemma"].lower().split()))
                elif kind == "not_source":
                    lex.not_source.add(r["lemma"].lower())
                elif kind == "setting":
                    lex.settings[r["lemma"]] = r["complements"]
                else:
                    role = r["complements"]
                    for form in forms:
                        lex.function.setdefault(kind, {})[form] = role
        return lex

    def role(self, kind: str, word: str) -> Optional[str]:
        return self.function.get(kind, {}).get(word.lower())

    def setting(self, name: str) -> bool:
        return self.settings.get(name, "no") == "yes"

    def sure_verb(self, word: str) -> bool:
        """A form that is a speech verb whatever the tagger says (*zei*, *said*)."""
        return self.role("sure_verb", word) is not None

    def fronting_adverb(self, word: str) -> bool:
        """An adverb between a quote and its inverted reporting verb (*"...", zo zei hij*)."""
        return self.role("fronting_adverb", word) is not None

    @property
    def source_phrases(self) -> list[tuple[str, ...]]:
        """Phrases followed by their source: *volgens X*, *aldus X*, *according to X*."""
        return self.phrases.get("source_before", []) + self.phrases.get("source_after", [])
