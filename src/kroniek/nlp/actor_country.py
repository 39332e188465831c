"""Countries of actors: how much the article is about each country, evidence about one actor's
country (a nationality word or party in its own phrase or apposition), and the output record.

Mixed into ``ActorLinker`` (``kroniek.nlp.actors``).
"""
from __future__ import annotations

from collections import Counter
from typing import Optional

from spacy.tokens import Doc, Span

from ..actors_dict import norm_text
from ..document import Actor
from .actor_base import NO_COUNTRY, DocActor


class CountryEvidence:
    def _country_profile(self, doc: Doc) -> dict[str, float]:
        """How strongly the article is about each country (share of country/nationality mentions)."""
        c: Counter = Counter()
        for e in doc.ents:
            t = norm_text(e.text)
            if e.label_ == "LOC":
                for a in self.dict.candidates(e.text):
                    if a.type == "state":
                        c[a.country] += 1
                if t in self.capitals:
                    c[self.capitals[t]] += 0.5
            elif e.label_ == "MISC":
                nat = self.dict.nationalities.get(t)
                if nat and nat.country != "-":
                    c[nat.country] += 1
        total = sum(c.values()) or 1
        return {k: v / total for k, v in c.items()}

    def _country_evidence(self, doc: Doc, actors, when, profile) -> None:
        """A country for an actor outside the dictionary, from evidence about that actor only: a
        nationality word in its own phrase (*de Franse journalist X*, *het Duitse Siemens*), in its
        apposition (*X, een Franse journalist*), or its party (*FvD-leider X*, *X (FvD)*)."""
        for a in actors.values():
            if a.type not in ("person", "organisation") or a.country or a.dict_actor is not None:
                continue
            for s, e in sorted(a.mentions):
                span = doc.char_span(s, e, alignment_mode="expand")
                found = self._evidence_near(doc, span, when, profile) if span is not None and len(span) else None
                if found:
                    a.country, a.country_reason = found
                    break

    def _evidence_near(self, doc: Doc, span: Span, when, profile) -> Optional[tuple[str, str]]:
        sent = span.sent
        # the words before the name in its own phrase: determiner, adjectives, a title noun
        j = span.start - 1
        while j >= sent.start and span.start - j <= 4 and doc[j].pos_ in ("DET", "ADJ", "NOUN", "PROPN", "X"):
            w = doc[j].text
            nat = self.dict.nationalities.get(norm_text(w))
            if nat and not nat.people and nat.country not in ("-", ""):
                return nat.country, f"nationality word '{w}' in its phrase"
            if "-" in w:  # 'FvD-leider', 'CDA-Kamerlid'
                party = self._party(w.split("-")[0], when, profile)
                if party:
                    return party.country, f"its party {party.name} ('{w}')"
            j -= 1
        # an apposition or parenthesis right after the name: ', een Franse journalist,' / '(FvD)'
        k = span.end
        if k < sent.end and doc[k].text in (",", "("):
            close = ")" if doc[k].text == "(" else ","
            words = []
            for t in doc[k + 1 : min(sent.end, k + 7)]:
                if t.text == close:
                    break
                words.append(t)
            for t in words:
                nat = self.dict.nationalities.get(norm_text(t.text))
                if nat and not nat.people and nat.country not in ("-", ""):
                    return nat.country, f"nationality word '{t.text}' in its apposition"
            if close == ")" and words:
                party = self._party(" ".join(t.text for t in words), when, profile)
                if party:
                    return party.country, f"its party {party.name} (in parentheses)"
        return None

    def _party(self, text: str, when, profile):
        d = self.dict.best(text, when, profile, types=("organisation",)) if text else None
        return d if d is not None and d.country and d.role == "party" else None

    def _finish(self, actors, profile) -> None:
        for a in actors.values():
            if a.dict_actor is not None and a.dict_actor.country and not a.country:
                a.country = a.dict_actor.country
            if a.type in ("person", "organisation") and a.country is None and a.dict_actor is None:
                # nothing in the text says whom this actor acts for: its country stays open, so that
                # cross-article linking never splits one name on a guess (the event layer may still code
                # its acts as the article's main country's, marked 'implied')
                a.country_reason = NO_COUNTRY

    def _record(self, a: DocActor) -> Actor:
        reason = "; ".join(a.reasons[:3])
        if a.country_reason == NO_COUNTRY:
            reason += f"; country: none stated ({NO_COUNTRY})"
        elif a.country_reason:
            reason += f"; country from {a.country_reason}"
        return Actor(
            id=a.key, name=a.name, type=a.type, country=a.country, role=a.role,
            mentions=sorted(a.mentions), confidence=round(min(1.0, a.confidence), 2), reason=reason,
        )
