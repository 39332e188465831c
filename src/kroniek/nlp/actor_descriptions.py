"""Titles, institutions and seats of power: *de premier*, *de Russische regering*, *het Kremlin*.

Mixed into ``ActorLinker`` (``kroniek.nlp.actors``). A title (``titles.tsv``) next to a name gives
that person an office and a country; a bare title links to the person the article gave that office,
else to the dictionary's office holder at the publication date; an institution word links to its
state (or the state's named institution); a seat of power (``seats_of_power.tsv``) stands for its
government.
"""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc, Span

from ..actors_dict import norm_text, slug
from .actor_base import DocActor, _in_actor_position, _token_words
from .extensions import doc_text


class Descriptions:
    def _title_at(self, doc: Doc, i: int) -> Optional[tuple[int, dict]]:
        """Longest title (``titles.tsv``) starting at token ``i``: (end token index, row)."""
        if _token_words(doc)[1][i] not in self.title_first:
            return None
        for n in range(min(self.dict.max_title_words, len(doc) - i), 0, -1):
            t = norm_text(doc[i : i + n].text)
            row = self.dict.titles.get(t)
            if row:
                return i + n, row
        return None

    def _nationality_before(self, doc: Doc, i: int) -> Optional[tuple[int, str]]:
        """A nationality adjective right before token ``i`` (skipping one other adjective): (token, country)."""
        for j in (i - 1, i - 2):
            if j < 0 or doc[j].is_punct:
                return None
            nat = self.dict.nationalities.get(norm_text(doc[j].text))
            if nat and not nat.people and nat.country != "-":
                return j, nat.country
            if doc[j].pos_ not in ("ADJ",):
                return None
        return None

    def _descriptions(self, doc, when, profile, actors, links, order, add, state_actor, chains) -> None:
        by_span_start = {}
        for key, a in actors.items():
            for s, e in a.mentions:
                by_span_start[s] = (e, key)
        firsts, title_first = _token_words(doc)[1], self.title_first
        i = 0
        while i < len(doc):
            tt = self._title_at(doc, i) if firsts[i] in title_first else None
            if not tt:
                i += 1
                continue
            end, row = tt
            nat = self._nationality_before(doc, i)
            country = nat[1] if nat else None
            start_tok = nat[0] if nat else i
            # "van Rusland" / "van de VS" (coref.tsv kind of) right after the title
            if country is None and end < len(doc) - 1 and doc[end].lower_ in self.of_words:
                nxt = by_span_start.get(doc[end + 1].idx) or (by_span_start.get(doc[end + 2].idx) if end + 2 < len(doc) else None)
                if nxt and actors[nxt[1]].type == "state":
                    country = actors[nxt[1]].country
            office = row["office"]
            span = (doc[start_tok].idx, doc[end - 1].idx + len(doc[end - 1].text))
            if row["kind"] == "person":
                # title + name: "president Poetin", "de Oekraïense president Volodymyr Zelensky"
                nxt = by_span_start.get(doc[end].idx) if end < len(doc) else None
                inside = next(((s, key) for (s, e2), key in links.items() if s <= doc[i].idx < e2), None)
                target_key = nxt[1] if nxt else (inside[1] if inside else None)
                if target_key and actors[target_key].type == "person":
                    a = actors[target_key]
                    a.offices.add((office, country))
                    if country and not a.country:
                        a.country, a.country_reason = country, f"description '{doc[start_tok:end].text}'"
                        if a.role is None:
                            a.role = row["role"]
                    if not inside:
                        add(a.key, lambda: a, span, f"title before name: {doc[i:end].text}", 0.8)
                    i = end
                    continue
                if any(s <= doc[i].idx < e2 for (s, e2) in links):
                    i = end
                    continue
                a = self._office_holder(office, country, when, profile, actors, span[0]) if office else None
                if a is not None:
                    add(a.key, lambda: a, span, f"description '{doc[start_tok:end].text}' -> {office}", 0.6)
                    seen = a.mentions[0] if a.mentions[0] != span else None
                    chains[span] = (f"'{doc[start_tok:end].text}' -> {a.name}: the {office}"
                                    + (f" named before ('{doc_text(doc)[seen[0]:seen[1]]}')" if seen and seen[0] < span[0] else " (per the actor dictionary)"))
                    if a.type == "person":
                        order.append((span[0], a.key))
                        order.sort()
            elif row["kind"] == "group" and not any(s <= doc[i].idx < e2 for (s, e2) in links):
                conf = 0.7
                if country is None and row.get("assume_country") == "yes":
                    country, conf = self._main_country(profile), 0.5
                g = self._group_actor(row, country)
                if g is not None:
                    why = "" if conf > 0.5 else " + article's main country"
                    add(g.key, lambda: g, span, f"institution '{doc[start_tok:end].text}'{why}", conf)
            i = end

    def _office_holder(self, office, country, when, profile, actors, before_char) -> Optional[DocActor]:
        """The person holding ``office`` (of ``country``): first as the article said, else per the dictionary."""
        # 1. someone the article introduced with that office (or whose dictionary office matches)
        cands = []
        for a in actors.values():
            if a.type != "person" or not a.mentions or min(s for s, _ in a.mentions) > before_char:
                continue
            said = any(o == office and (country is None or c in (None, country)) for o, c in a.offices)
            has = a.dict_actor is not None and a.dict_actor.office_at(office, country, when)
            if (said or has) and (country is None or a.country in (None, country)):
                cands.append(a)
        if len(cands) == 1:
            return cands[0]
        if cands:
            return None
        # 2. the dictionary's holder of that office in the named (or the article's main) country
        country = country or self._main_country(profile)
        if country is None:
            return None
        d = self.dict.office_holder(office, country, when)
        if d is None:
            return None
        existing = next((a for a in actors.values() if a.dict_actor is d), None)
        return existing or DocActor(d.id, d.name, d.type, d.country, d.role, d)

    def _institution(self, doc: Doc, e: Span, profile) -> Optional[DocActor]:
        """An ORG that is an institution word ('parlement', 'regering') of the article's main country."""
        row = self.dict.titles.get(norm_text(self._strip_determiner(e.text)))
        if not row or row["kind"] != "group":
            return None
        nat = self._nationality_before(doc, e.start)
        country = nat[1] if nat else self._main_country(profile)
        return self._group_actor(row, country)

    @staticmethod
    def _main_country(profile: dict[str, float], share: float = 0.35) -> Optional[str]:
        """The country the article is mainly about, if one clearly dominates."""
        if not profile:
            return None
        best = max(profile, key=profile.get)
        return best if profile[best] >= share else None

    def _group_actor(self, row: dict, country: Optional[str]) -> Optional[DocActor]:
        if not country:
            return None
        d = self.dict.state(country) or self.dict.actors.get(country)
        if d is None:
            return None
        own = [a for a in self.dict.candidates(row["word"]) if a.country == country and a.type != "state"]
        if own:  # the country's own institution ('parlement' in a British article: Parliament of the UK)
            o = own[0]
            return DocActor(o.id, o.name, o.type, o.country, o.role, o)
        if not row["name"]:
            return DocActor(d.id, d.name, d.type, d.country, d.role, d)
        c = self.dict.countries.get(country, {})
        name = row["name"].format(country=d.name, adj=c.get("adjective_en") or d.name)
        return DocActor(f"{row['role']}:{country}", name, "organisation", d.country, row["role"])

    def _seat_actor(self, seat: dict):
        country = seat["country"]
        name = seat["name"]
        if not name:
            d = self.dict.state(country) or self.dict.actors.get(country)
            return d.id, (lambda: DocActor(d.id, d.name, d.type, d.country, d.role, d))
        key = "seat:" + slug(name)
        return key, (lambda: DocActor(key, name, "state", country if len(country) == 3 else None, seat["role"] or "government"))

    def _strip_determiner(self, text: str) -> str:
        first, _, rest = text.partition(" ")
        return rest if rest and first.lower() in self.determiners else text

    @staticmethod
    def _acts(e: Span) -> bool:
        """Is this place name a grammatical subject or object (not inside a prepositional phrase)?"""
        return _in_actor_position(e.root, e.start, e.end)
