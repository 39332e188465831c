"""Entity repair from the actor layer: the NER model's blind spots, fixed with evidence.

The NER model was trained on Belgian news from 2000. It misses names that the
actor dictionary knows (*Trump* at the start of a sentence), sometimes gives a
known person a place label, and fuses titles into names (*Kamerlid X Y*).
After ``kroniek_actors`` has linked mentions to dictionary actors, this
component:

0. makes labels consistent within the article: a surname of a full person
   name is a person too, and a name tagged differently in different places
   takes its clear majority label;
1. adds an entity for every capitalised dictionary-name mention the NER missed
   (label from the actor type);
2. relabels an entity whose linked dictionary actor contradicts the label
   between person and non-person (a person tagged LOC becomes PER), or is an
   organisation tagged as a place;
3. trims a leading title word (``titles.tsv``) off a PER entity (a person
   title before a two-word name in a span tagged otherwise, *Kamerlid Sjoerd
   Sjoerdsma* as ORG, is cut off as a fused prefix in step 4);
4. fixes span boundaries: a fused prefix before a person name is cut, a
   trailing preposition or lower-case word (*EU-top van*, *Texas nipt*) is
   dropped, and a name split at an inner preposition (*Huis van* +
   *Afgevaardigden*) is joined again;
5. gives places their CoNLL label: a country actor or a gazetteer place
   (``kroniek_places``' offline gazetteer) tagged PER/ORG/MISC without person
   or dictionary evidence becomes LOC;
6. tags party-member plurals (*Democraten*, *Conservatieven*: a one-word alias
   of a dictionary party ending in a plural suffix, ``coref.tsv`` kind member_plural) MISC, as
   CoNLL-2002 does;
7. cuts spans to the CoNLL convention and adds nationality and party adjectives as MISC
   (``kroniek.nlp.entity_conll``).

Each repaired entity carries its own reason (``Span._.reason``) and a fixed
confidence, so users can tell model output from repairs.
"""
from __future__ import annotations

import csv
from collections import Counter, defaultdict
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..actors_dict import norm_text
from ..lang import get_pack
from . import extensions  # noqa: F401
from .entity_conll import ConllSpans

LABEL_OF_TYPE = {"person": "PER", "state": "LOC", "organisation": "ORG", "armed_group": "ORG", "media": "ORG"}
REPAIR_CONFIDENCE = 0.7

if not Span.has_extension("reason"):
    Span.set_extension("reason", default=None)


def repaired(ent: Span, label: str, reason: str, start: Optional[int] = None, end: Optional[int] = None) -> Span:
    """A copy of ``ent`` (optionally with new token bounds) under ``label``, carrying why it changed."""
    new = Span(ent.doc, ent.start if start is None else start, ent.end if end is None else end, label=label)
    new._.reason = reason
    return new


def _read_titles(path, kind: str | None = None) -> set[str]:
    with open(path, encoding="utf8") as f:
        rows = csv.DictReader((ln for ln in f if not ln.startswith("#")), delimiter="\t")
        return {r["word"].lower() for r in rows if r.get("word") and (kind is None or r.get("kind") == kind)}


# `nlp` unannotated: spaCy 3.8.7's config resolver cannot resolve postponed annotations of it
@Language.factory("kroniek_entities", default_config={"lang": "nl"})
def make_entities(nlp, name: str, lang: str):
    return EntityRepair(nlp, name, lang)


def _read_pronouns(path) -> set[str]:
    with open(path, encoding="utf8") as f:
        rows = csv.DictReader((ln for ln in f if not ln.startswith("#")), delimiter="\t")
        return {r["form"].lower() for r in rows if r.get("kind") == "pronoun" and r.get("form")}


class EntityRepair:
    def __init__(self, nlp: Language, name: str, lang: str = "nl") -> None:
        self.name = name
        self.lang = lang
        pack = get_pack(lang)
        self.titles = _read_titles(pack.data("titles.tsv"))
        self.person_titles = _read_titles(pack.data("titles.tsv"), kind="person")
        self.pronouns = _read_pronouns(pack.data("coref.tsv"))
        self._geocoder = None
        rows = list(csv.DictReader((ln for ln in open(pack.data("coref.tsv"), encoding="utf8") if not ln.startswith("#")), delimiter="\t"))
        self.determiners = {r["form"].lower() for r in rows if r.get("kind") == "determiner" and r.get("form")}
        self.honorifics = {r["form"].lower() for r in rows if r.get("kind") == "honorific" and r.get("form")}
        self.legal_forms = {r["form"].lower() for r in rows if r.get("kind") == "legal_form" and r.get("form")}
        self.org_words = {r["form"].lower() for r in rows if r.get("kind") == "org_word" and r.get("form")}
        # plural endings of party-member nouns (Democraten, Democrats): such a one-word party alias is MISC
        self.member_plurals = tuple(r["form"].lower() for r in rows if r.get("kind") == "member_plural" and r.get("form"))
        self.conll = ConllSpans(self, pack)  # 7. spans in the CoNLL convention (kroniek.nlp.entity_conll)
        try:  # the actor component's dictionary (loaded once there)
            self.dict = nlp.get_pipe("kroniek_actors").dict
        except Exception:
            from ..actors_dict import ActorDictionary
            self.dict = ActorDictionary(pack)

    def _person_cut(self, e: Span, other: set, persons: set, titles: set = frozenset(),
                    honorifics: set = frozenset()) -> tuple[int, str]:
        """Number of leading tokens to drop when a person name follows a fused prefix (0 if none),
        and the reason for the cut span. The prefix is a header in capitals, a non-person name of
        this article, or (in a span the model did not tag PER) a person title before a two-word name
        (*Kamerlid Sjoerd Sjoerdsma*, *Australian Prime Minister John Howard*)."""
        if len(e) < 2 or not all(t.text[:1].isupper() for t in e if t.is_alpha):
            return 0, ""
        for k in range(1, len(e)):
            head, tail = e[:k], e[k:]
            if any(t.is_upper for t in tail) or not all(t.is_alpha for t in tail):
                continue
            caps_header = all(t.is_upper and len(t) > 1 for t in head)
            known_other = k == 1 and head.text in other and len(tail) >= 2
            address = e.label_ != "PER" and head[-1].lower_.rstrip(".") in honorifics  # "Ms Bauchtman"
            title_word = e.label_ != "PER" and head[-1].lower_ in titles or address
            title = title_word and (len(tail) >= 2 or address) and not (
                tail[-1].lower_ in self.org_words or tail[-1].lower_.rstrip(".") in self.legal_forms)
            tail_person = tail.text in persons or len(tail) >= 2 or tail.text in {p.split()[-1] for p in persons}
            if (caps_header or known_other or title) and tail_person:
                why = (f"NER {e.label_} span of person title '{head.text}' and a name" if title_word
                       else f"NER span minus fused prefix '{head.text}' (person name kept)")
                return k, why
        return 0, ""

    def _nationality(self, text: str, people: bool = False) -> bool:
        """A nationality word (*Russians*, *the Americans*; with ``people`` only a people noun) that is no
        name in the actor dictionary."""
        first, _, rest = text.partition(" ")
        text = rest if rest and first.lower() in self.determiners else text
        nat = self.dict.nationalities.get(norm_text(text))
        return nat is not None and (nat.people or not people) and not self.dict.candidates(text)

    def _known_name(self, text: str) -> bool:
        """A name of the actor dictionary or a place of the gazetteer."""
        return bool(self.dict.candidates(text)) or self._is_place(text)

    def _legal_form(self, tok) -> bool:
        """A company's legal form (``coref.tsv`` kind legal_form: Company, Inc., Ltd)."""
        return tok.text[:1].isupper() and tok.lower_.rstrip(".") in self.legal_forms

    def _title_cut(self, ent: Span) -> int:
        """Number of leading tokens of a PER span that are titles or forms of address, through the last
        one before the name (*Australian Prime Minister John Howard*, *Professor Eastman*,
        ``titles.tsv`` and ``coref.tsv`` honorifics); 0 if none."""
        if len(ent) < 2:
            return 0
        words = [t.lower_ for t in ent]
        cut = 0
        for i in range(len(ent) - 1):
            nxt = ent[i + 1]
            starts_name = (nxt.text[:1].isupper() and (nxt.is_alpha or "'" in nxt.text[1:3] and nxt.text[-1:].isalpha())
                           or (len(nxt.text) == 2 and nxt.text.endswith(".")))  # "O'Neill", "J."
            if not starts_name:
                continue
            if i == 0 and words[0] in self.titles:
                cut = 1
            if (words[i].rstrip(".") in self.honorifics
                    or any(" ".join(words[j:i + 1]) in self.titles for j in range(max(0, i - 4), i + 1))):
                cut = i + 1
        return cut

    def _party(self, text: str) -> bool:
        return any(a.type == "organisation" and a.role == "party" for a in self.dict.candidates(text))

    @property
    def geocoder(self):
        if self._geocoder is None:
            from .places import PlaceGeocoder
            self._geocoder = PlaceGeocoder(None, "entity_places", self.lang)
        return self._geocoder

    def _is_place(self, text: str) -> bool:
        """A country, US state, hand-listed place or city of 100,000+ in the offline gazetteer."""
        for r in self.geocoder.candidates(text):
            if r.source != "GeoNames city" or r.base >= 3.0:
                return True
        return False

    def fix_boundaries(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """Drop a trailing function or lower-case word; join a name split at an inner preposition;
        cut a person name off a fused prefix that is a header in capitals or a non-person name of
        this article (*Kamer Mark Rutte*)."""
        other = {e.text for e in ents if e.label_ != "PER" and len(e) == 1}
        persons = {e.text for e in ents if e.label_ == "PER"}
        timexes = [(t.start, t.end) for t in doc._.timexes or []]
        out: list[Span] = []
        i = 0
        while i < len(ents):
            e = ents[i]
            a, b = e.start, e.end
            while a < b and doc[a].is_space:
                a += 1
            while b > a and doc[b - 1].is_space:
                b -= 1
            if a == b:  # white space only
                i += 1
                continue
            if (a, b) != (e.start, e.end):  # a paragraph break inside the NER span: "Dreamliner\n\n"
                e = repaired(e, e.label_, "NER span minus surrounding white space", a, b)
            person = e.label_ == "PER" and bool(self.dict.candidates(e.text, person=True))  # "Theresa May"
            while b - a > 1 and not person and any(s <= doc[b - 1].idx < t for s, t in timexes):  # "Asia Monday"
                b -= 1
            if b != e.end:
                e = repaired(e, e.label_, f"NER span minus the time expression '{doc[b:e.end].text}'", a, b)
            nxt = ents[i + 1] if i + 1 < len(ents) else None
            # two names the NER joined at a conjunction, both known: "Kyiv and Washington"
            cc = [t for t in e if t.pos_ == "CCONJ"]
            if len(cc) == 1 and e.label_ != "MISC" and e.start < cc[0].i < e.end - 1:
                parts = [doc[e.start:cc[0].i], doc[cc[0].i + 1:e.end]]
                # a PER span only where the actor layer read both parts as places
                linked = [(x.start_char, x.end_char) in (doc._.entity_actor or {}) for x in parts]
                label = "LOC" if e.label_ == "PER" else e.label_
                if all(linked) if e.label_ == "PER" else all(self._known_name(x.text) for x in parts):
                    why = f"NER span '{e.text}' split at '{cc[0].text}' (two known names)"
                    out += [repaired(e, label, why, x.start, x.end) for x in parts]
                    i += 1
                    continue
            # a company name split before its legal form: "Ford" + "Motor Company"
            if (nxt is not None and nxt.start == e.end and self._legal_form(nxt[-1])
                    and all(t.text[:1].isupper() for t in doc[e.start:nxt.end] if t.is_alpha)):
                out.append(repaired(e, "ORG", f"NER spans '{e.text}' + '{nxt.text}' joined (a name ending in a legal form)",
                                    e.start, nxt.end))
                i += 2
                continue
            if (len(e) > 1 and e.label_ != "ORG" and (self._legal_form(e[-1]) or e[-1].lower_ in self.org_words)
                    and all(t.text[:1].isupper() for t in e if t.is_alpha)):
                e = repaired(e, "ORG", f"NER label {e.label_} corrected: a name ending in '{e[-1].text}' is an organisation")
            last = e[-1]
            cut, why = self._person_cut(e, other, persons, self.person_titles, self.honorifics)
            if cut:
                new = Span(doc, e.start + cut, e.end, label="PER")
                new._.reason = why
                out.append(new)
                i += 1
                continue
            if len(e) > 1 and e[0].lower_ in self.determiners and self.dict.candidates(e[1:].text):
                new = Span(doc, e.start + 1, e.end, label=e.label_)
                new._.reason = f"NER span minus article '{e[0].text}' (the rest is a dictionary name)"
                out.append(new)
                i += 1
                continue
            if (len(e) > 1 and last.is_lower and last.is_alpha and last.pos_ == "NOUN" and e[-2].text[:1].isupper()
                    and self.dict.candidates(doc[e.start:e.end - 1].text)):
                out.append(repaired(e, e.label_, f"NER span minus trailing common noun '{last.text}' (the rest is a "
                                                  "dictionary name)", e.start, e.end - 1))
                i += 1
                continue
            if len(e) > 1 and last.is_lower and last.is_alpha and (last.is_stop or last.pos_ not in ("NOUN", "PROPN")):
                if ((last.pos_ in ("ADP", "DET") or last.is_stop) and nxt is not None and nxt.start == e.end
                        and nxt[0].text[:1].isupper() and nxt[0].is_sent_start is not True):
                    new = Span(doc, e.start, nxt.end, label=nxt.label_)
                    new._.reason = f"NER spans '{e.text}' + '{nxt.text}' joined (name split at a preposition)"
                    out.append(new)
                    i += 2
                    continue
                j = e.end
                while j > e.start and doc[j - 1].is_lower and (doc[j - 1].is_stop or doc[j - 1].pos_ not in ("NOUN", "PROPN")):
                    j -= 1
                if j > e.start:
                    new = Span(doc, e.start, j, label=e.label_)
                    new._.reason = f"NER span minus trailing lower-case '{doc[j:e.end].text}'"
                    out.append(new)
                    i += 1
                    continue
            out.append(e)
            i += 1
        return out

    def _actor_label(self, doc: Doc, actor_types: dict, span: tuple[int, int]) -> Optional[str]:
        aid = (doc._.entity_actor or {}).get(span)
        return LABEL_OF_TYPE.get(actor_types.get(aid)) if aid else None

    @staticmethod
    def consistent_labels(doc: Doc) -> list[Span]:
        """Label consistency within one article (a standard NER post-process)."""
        ents = list(doc.ents)
        surnames = {e[-1].text for e in ents if e.label_ == "PER" and len(e) > 1}
        votes: dict[str, Counter] = defaultdict(Counter)
        for e in ents:
            votes[e.text][e.label_] += 1
        out = []
        for e in ents:
            label, reason = e.label_, None
            if len(e) == 1 and e.text in surnames and label != "PER":
                label, reason = "PER", "surname of a person named in full in this article"
            else:
                (top, n), total = votes[e.text].most_common(1)[0], sum(votes[e.text].values())
                if top != label and total >= 3 and n * 3 >= total * 2:
                    label, reason = top, f"majority label of '{e.text}' in this article ({n} of {total})"
            out.append(repaired(e, label, reason) if reason else e)
        return out

    def __call__(self, doc: Doc) -> Doc:
        doc.ents = filter_spans(self.fix_boundaries(doc, self.consistent_labels(doc)))
        links = doc._.entity_actor or {}
        if not links:
            doc.ents = self.conll(doc, list(doc.ents))
            return doc
        actor_types = {a.id: a.type for a in (doc._.actors or [])}
        from_dict = {a.id for a in (doc._.actors or []) if "dictionary" in (a.reason or "")}  # reasons of listed actors name it
        ents = list(doc.ents)
        out: list[Span] = []
        for ent in ents:
            span = (ent.start_char, ent.end_char)
            # 3. a title word fused into a person name (a non-PER span of title and name is cut
            #    in fix_boundaries)
            cut = self._title_cut(ent) if ent.label_ == "PER" else 0
            if cut:
                new = Span(doc, ent.start + cut, ent.end, label="PER")
                new._.reason = f"NER span minus title '{ent[:cut].text}'"
                out.append(new)
                continue
            # 2. person vs non-person (or organisation tagged as place) contradiction with a dictionary actor
            want = self._actor_label(doc, actor_types, span)
            exact_org = (want == "ORG" and ent.label_ == "MISC" and len(ent) > 1
                         and any(a.id == links.get(span) and a.type != "state" for a in self.dict.candidates(ent.text)))
            if want and links.get(span) in from_dict and (ent.label_ != "MISC" or exact_org) and \
                    ((want == "PER") != (ent.label_ == "PER") or (want, ent.label_) in (("ORG", "LOC"), ("ORG", "MISC"))):
                new = Span(doc, ent.start, ent.end, label=want)
                new._.reason = f"NER label {ent.label_} corrected by actor dictionary"
                out.append(new)
                continue
            out.append(ent)
        # 1. dictionary names the NER missed
        covered = [(e.start_char, e.end_char) for e in out]
        for (s, e), aid in links.items():
            if aid not in from_dict or any(s < b and a < e for a, b in covered):
                continue
            span = doc.char_span(s, e)
            label = LABEL_OF_TYPE.get(actor_types.get(aid))
            if span is None or label is None or not all(t.text[:1].isupper() for t in span if t.is_alpha):
                continue
            if span[0].lower_ in self.titles or not span[0].text[:1].isupper():
                continue
            if len(span) == 1 and (span[0].lower_ in self.pronouns or span[0].pos_ == "PRON"):
                continue  # a resolved pronoun is a mention of the actor, not a name
            new = Span(doc, span.start, span.end, label=label)
            new._.reason = "actor dictionary name not tagged by NER"
            out.append(new)
            covered.append((s, e))
        doc.ents = self.conll(doc, self.place_and_member_labels(doc, filter_spans(out), links, actor_types, from_dict))
        self.keep_links(doc, actor_types)
        self.drop_place_persons(doc, from_dict)
        return doc

    @staticmethod
    def keep_links(doc: Doc, actor_types: dict) -> None:
        """An entity cut out of a linked span (*Volodymyr Zelenskyy* out of *Ukrainian President Volodymyr
        Zelenskyy*) keeps that span's actor, when the actor's type fits the entity's label."""
        links = doc._.entity_actor or {}
        added = {}
        for e in doc.ents:
            span = (e.start_char, e.end_char)
            if span in links:
                continue
            outer = [(s, end) for (s, end) in links if s <= span[0] and span[1] <= end and (s, end) != span]
            if len(outer) == 1 and LABEL_OF_TYPE.get(actor_types.get(links[outer[0]])) == e.label_:
                added[span] = links[outer[0]]
        if added:
            doc._.entity_actor = dict(sorted({**links, **added}.items()))

    @staticmethod
    def drop_place_persons(doc: Doc, from_dict: set) -> None:
        """A within-article 'person' whose every name mention is now a place (*havenstad Jeddah*
        tagged PER by the NER) is no actor: unlink those mentions, drop it if nothing is left."""
        places = {(e.start_char, e.end_char) for e in doc.ents if e.label_ == "LOC"}
        links = dict(doc._.entity_actor or {})
        gone = {span for span, aid in links.items() if span in places and aid not in from_dict
                and any(a.id == aid and a.type == "person" for a in doc._.actors or [])}
        if not gone:
            return
        for span in gone:
            del links[span]
        actors = []
        for a in doc._.actors or []:
            if a.type == "person" and a.id not in from_dict and any(tuple(m) in gone for m in a.mentions):
                left = [m for m in a.mentions if tuple(m) not in gone and tuple(m) in links]
                if not left:
                    continue
                a = a.model_copy(update={"mentions": left})
            actors.append(a)
        doc._.actors = actors
        doc._.entity_actor = links

    def place_and_member_labels(self, doc: Doc, ents: list[Span], links: dict, actor_types: dict, from_dict: set) -> list[Span]:
        person_words: dict[str, set] = defaultdict(set)  # word -> texts of PER entities holding it
        for x in ents:
            if x.label_ == "PER" and not (len(x) > 1 and self._is_place(x.text)):  # "St. Thomas" of "St. Louis"
                for t in x:
                    person_words[t.lower_].add(x.text)
        roles = {a.id: a.role for a in (doc._.actors or [])}
        surnames = {x[-1].text for x in ents if x.label_ == "PER" and len(x) > 1}
        out = []
        for e in ents:
            aid = links.get((e.start_char, e.end_char))
            atype = actor_types.get(aid) if aid else None
            label, reason = e.label_, None
            if (e.label_ in ("ORG", "LOC") or e.label_ == "PER" and len(e) == 1 and e.text not in surnames) \
                    and self._nationality(e.text, people=e.label_ == "PER"):
                label, reason = "MISC", "nationality word (nationalities.tsv) is MISC in CoNLL"
            elif e.label_ != "LOC" and e.label_ != "MISC" and atype == "state" and aid in from_dict:
                label, reason = "LOC", "country (actor dictionary state) is LOC in CoNLL"
            elif (e.label_ in ("PER", "ORG") or (e.label_ == "MISC" and aid is None)) and (atype is None or aid not in from_dict) and (
                    not any(person_words.get(t.lower_, set()) - {e.text} for t in e) and e.text[:1].isupper()
                    and not e.text.isupper() and self._is_place(e.text)):
                label, reason = "LOC", f"NER label {e.label_} corrected: a place in the gazetteer, no person or dictionary evidence"
            elif (len(e) == 1 and e.label_ != "MISC" and not e.text.isupper() and self.member_plurals
                  and e.text.lower().endswith(self.member_plurals)
                    and ((aid in from_dict and roles.get(aid) == "party") or (aid is None and self._party(e.text)))):
                label, reason = "MISC", "party-member noun (CoNLL-2002 MISC)"
            out.append(repaired(e, label, reason) if reason else e)
        return out
