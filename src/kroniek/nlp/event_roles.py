"""Participants of the rule event coder (``events``): which word of the clause holds the source and
the target a trigger's lexicon row asks for, the actor it names, and the country of an actor the
actor layer left without one (PETRARCH-style agent coding). A mixin of ``EventExtractor``; the
grammar words come from the language's ``event_words.json`` (``self.words``).
"""
from __future__ import annotations

from typing import Optional

from spacy.attrs import ENT_IOB, ENT_TYPE
from spacy.tokens import Doc, Token

from ..document import ActorRef
from . import clauses
from .clauses import noun_matches
from .event_context import (
    STATE_AGENTS,
    _actor_ref,
    _previous_person,
    _same_name_actor,
    _speaker_ref,
    _with_country,
)
from .event_lexicon import Agent, EventWords
from .event_syntax import _antecedent, _in_timex, _is_te_infinitive, _finite_before, _linear_conj, _linear_subject, _resolves
from .extensions import doc_text
from .mentions import actors_by_id, chain_at, resolve_chars

# actors the actor layer named from the text alone (no dictionary entry): 'per:…', 'org:…'
UNCODED_ACTOR_PREFIXES = ("per:", "org:")


class RoleFinder:
    """Role finding for ``EventExtractor`` (which sets ``words``, ``lexicon``, ``agents``,
    ``nationality`` and ``_agent_memo``)."""

    words: EventWords
    agents: list[Agent]
    nationality: dict[str, str]
    _agent_memo: dict

    def _role(self, doc, roles, t, verb, obj, passive, stretch, is_noun, src_tok, comp=None) -> tuple[Optional[Token], str]:
        """The first of ``roles`` (a lexicon row's source or target column) that the clause fills."""
        w = self.words
        skip = {comp.i} if comp is not None else set()
        for role in roles:
            tok = None
            if role == "-":
                return None, "none by lexicon"
            if role == "subj":
                if passive:
                    tok = clauses.agent_phrase(t)
                else:
                    tok = clauses.subject_of(clauses.governing_verb(verb))
                    if tok is not None and (_in_timex(tok) or tok.lower_ in w.reflexive or tok.i in skip):
                        tok = None
                    if tok is not None and tok.pos_ in ("VERB", "AUX", "ADP", "SCONJ", "CCONJ"):
                        # no nominal: a word the parser mistagged ('stemden … tegen Mays deal' with
                        # 'deal' as a verb); the subject is found by word order
                        alt = _linear_subject(verb, stretch, w, skip | {tok.i})
                        if alt is not None:
                            return _antecedent(alt), "subject by word order (parse subject is no nominal)"
                    if tok is not None and not _resolves(doc, tok):
                        # a weak parse often makes the object the subject: prefer a word-order
                        # subject that is a known actor over a parse subject that is not
                        alt = _linear_subject(verb, stretch, w, skip)
                        if alt is not None and alt.i != tok.i and _resolves(doc, alt):
                            return alt, "subject by word order (parse subject is no actor)"
                    if tok is None and _is_te_infinitive(verb, w):
                        fin = _finite_before(verb, stretch)
                        if fin is not None:
                            tok = clauses.subject_of(fin) or _linear_subject(fin, clauses.clause_stretch(fin), w, skip)
                            if tok is not None:
                                return tok, "subject of the governing verb"
                    if tok is None:
                        tok = _linear_subject(verb, stretch, w, skip)
                        if tok is not None:
                            return tok, "subject by word order"
            elif role == "agent":
                tok = clauses.agent_phrase(t)
            elif role == "obj":
                if passive:
                    tok = clauses.passive_subject_of(t)
                else:
                    objs = clauses.direct_objects(t)
                    tok = objs[0] if objs else None
                    if tok is None:
                        # a bare noun phrase the parser attached as obl (no preposition, not a time
                        # expression) is the direct object: 'viel … Oekraïense steden aan'
                        bare = [c for c in t.children if c.dep_ == "obl" and c.pos_ in ("NOUN", "PROPN")
                                and not any(g.dep_ == "case" for g in c.children) and not _in_timex(c)]
                        if bare:
                            return bare[0], "bare noun phrase parsed as obl"
            elif role == "iobj":
                objs = clauses.children(t, clauses.IOBJ_DEPS)
                tok = objs[0] if objs else None
            elif role.startswith("pp:"):
                prep = role[3:]
                found = clauses.pp_objects(t, prep)
                if not found and obj is not None:
                    found = clauses.pp_objects(obj, prep)
                if not found and verb is not t:
                    found = clauses.pp_objects(verb, prep)
                if not found:
                    lo, hi = (t.i, min(t.i + 6, t.sent.end)) if is_noun else stretch
                    found = [x for x in clauses.pp_linear(t, prep, (lo, hi)) if x.i != t.i]
                tok = found[0] if found else None
            elif role == "poss":
                owner = t if is_noun else obj
                if owner is not None:
                    found = clauses.possessor_of(owner)
                    tok = found[0] if found else None
            elif role == "verbsubj":
                if verb is not t:
                    tok = clauses.agent_phrase(verb) if clauses.is_passive(verb, self.lexicon.participles) else clauses.subject_of(verb)
            elif role == "compsubj":
                tok = clauses.complement_subject(t, stretch)
            elif role == "conj":
                if src_tok is not None:
                    cj = clauses.conjuncts(src_tok) or _linear_conj(src_tok)
                    tok = cj[0] if cj else None
            if tok is not None and tok.lower_ not in w.reflexive and not _in_timex(tok):
                tok = _antecedent(clauses.nominal_head(tok))
                if tok.lower_ in w.quantity_nouns:  # 'een aantal van haar ministers' → ministers
                    members = clauses.pp_objects(tok, w.member_prep) or clauses.pp_linear(tok, w.member_prep, (tok.i + 1, min(tok.i + 3, len(doc))))
                    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                    if members:
                        tok = members[0]
                    elif nxt is not None and nxt.pos_ in ("NOUN", "PROPN"):
                        tok = nxt  # 'miljoenen vrouwen' with the number as head
                if role in ("obj", "iobj") or role.startswith("pp:"):
                    # 'wees het voorstel van de Commissie af', 'stemden tegen Mays deal': the owner acts
                    # ... and the door-phrase of a nominalised act: 'protest tegen de onderdrukking door de regering'
                    owned = clauses.possessor_of(tok) + clauses.pp_objects(tok, w.agent_prep)
                    owners = [o for o in owned if _resolves(doc, o) or o.lower_ in w.possessives]
                    if owners and not _resolves(doc, tok):
                        o = owners[0] if owners[0].lower_ in w.possessives else clauses.nominal_head(owners[0])
                        return o, f"owner of the {role} '{tok.text}'"
                return tok, role
        return None, "not found"

    def _ref(self, doc: Doc, tok: Optional[Token], how: str, quote) -> tuple[Optional[ActorRef], str]:
        if tok is None:
            return None, how
        if quote is not None and tok.lower_ in self.words.first_person and quote.speaker:
            return _speaker_ref(doc, quote), f"{how} '{tok.text}' = speaker of the quote"
        span = clauses.span_of(tok)
        # the mention at the phrase's head first: in 'minister Hoekstra van Buitenlandse Zaken' the
        # phrase also holds the ministry, which is longer but is not who acts
        actor = resolve_chars(doc, tok.idx, tok.idx + len(tok.text)) or resolve_chars(doc, span.start_char, span.end_char)
        if actor is not None:
            chain = chain_at(doc, span.start_char, span.end_char)
            return _actor_ref(actor, span.start_char, span.end_char), (
                f"{how} '{span.text}' = {actor.name} (actor layer{': description ' + chain if chain else ''})")
        named = _same_name_actor(doc, tok)
        if named is not None:
            s, e = tok.idx, tok.idx + len(tok.text)
            return _actor_ref(named, s, e), f"{how} '{tok.text}' = {named.name} (same name as a resolved mention)"
        for ent in self._ents(doc):
            if ent.start_char < span.end_char and span.start_char < ent.end_char and ent.label_ in ("PER", "ORG", "LOC", "MISC"):
                return ActorRef(name=ent.text, start=ent.start_char, end=ent.end_char), f"{how} '{ent.text}' (named entity, unresolved)"
        if tok.pos_ == "PRON" or tok.lower_ in self.words.possessives:
            prev = _previous_person(doc, tok) if tok.lower_ in self.words.third_person else None
            if prev is not None:
                return _actor_ref(prev, tok.idx, tok.idx + len(tok.text)), (
                    f"{how} '{tok.text}' = {prev.name} (nearest preceding person; not resolved by the actor layer)"
                )
            return ActorRef(name=None, start=tok.idx, end=tok.idx + len(tok.text)), f"{how} '{tok.text}' (pronoun, unresolved)"
        words = [w for w in span if w.dep_ != "det" and w.pos_ not in ("ADP", "PUNCT")]
        if not words:
            return None, how
        s, e = words[0].idx, words[-1].idx + len(words[-1].text)
        return ActorRef(name=doc_text(doc)[s:e], start=s, end=e), f"{how} '{doc_text(doc)[s:e]}' (phrase, unresolved)"

    _ents_memo: tuple = (None, b"", ())

    def _ents(self, doc: Doc) -> tuple:
        """``doc.ents``, built once for the participants of a document while its entity annotation stays
        the same (spaCy builds the spans anew at each access, with a ``Token`` per word of the document)."""
        sig = doc.to_array([ENT_IOB, ENT_TYPE]).tobytes()
        memo = self._ents_memo
        if memo[0] is doc and memo[1] == sig:
            return memo[2]
        ents = doc.ents
        self._ents_memo = (doc, sig, ents)
        return ents

    # ------------------------------------------------------------------ countries
    def _infer_country(self, doc: Doc, tok: Optional[Token], ref: Optional[ActorRef], how: str,
                       main: Optional[str], place_country: Optional[str]) -> tuple[Optional[ActorRef], str]:
        """A country for a participant the actor layer left without one (PETRARCH-style agent coding).

        In order: a nationality word in its phrase (*Britse parlementariërs*); its owner (*haar
        ministers*, *leden van de AKP*); for an agent noun (``agents.tsv``: *de kiesraad*,
        *demonstranten*) or an unresolved pronoun, the place of the event (non-state agents) or the
        article's main country. Each step is named in ``how``.
        """
        if tok is not None and ref is not None and not ref.country and ref.actor:
            actor = actors_by_id(doc).get(ref.actor)
            if actor is not None and actor.type == "person":
                # a 'person' without country whose name the place layer knows as a capital ('Kyiv
                # sloot …' with a mis-tagged name): the capital stands for its government
                for p in doc._.places or []:
                    if p.country and p.feature in ("capital", "city") and (p.start, p.end) == (ref.start, ref.end):
                        return ref.model_copy(update={"country": p.country}), f"{how}; country {p.country} of the place '{p.text}'"
            if actor is not None and main and actor.type in ("person", "organisation") and not actor.country and \
                    actor.id.startswith(UNCODED_ACTOR_PREFIXES):
                # a named actor of whom the text gives no country: the actor record keeps none (one name is
                # one actor across articles), the event codes it as acting for the article's main country
                return ref.model_copy(update={"country": main}), f"{how}; implied: the article's main country {main} (no country stated for {actor.name})"
        if tok is None or ref is None or ref.country or ref.actor:
            return ref, how  # an actor the actor layer resolved without a country is international
        span = clauses.span_of(tok)
        for p in doc._.places or []:
            # a city or region the place layer knows ('een raketaanval op Odesa'), named but no actor
            if p.country and p.start < span.end_char and span.start_char < p.end and (ref.name or "") in doc_text(doc)[p.start:p.end]:
                return ref.model_copy(update={"country": p.country}), f"{how}; country {p.country} of the place '{p.text}'"
        for w in span:
            c = self.nationality.get(w.lower_)
            if c and c.isupper():
                agent = self._agent(span)
                return _with_country(ref, c, agent), f"{how}; country {c} from '{w.text}' in the phrase"
        agent = self._agent(span)
        if agent is None and tok.lower_ not in self.words.personal:
            return ref, how
        if agent is not None:
            for o in clauses.possessor_of(tok) + clauses.pp_objects(tok, self.words.member_prep):
                o = clauses.nominal_head(o)
                if o.i == tok.i:
                    continue
                owner, _ = self._ref(doc, o, "owner", None)
                if owner is not None and owner.country:
                    return _with_country(ref, owner.country, agent), f"{how}; country {owner.country} from its owner '{o.text}'"
        c, where = main, "the article's main country"
        if agent is not None and agent.code not in STATE_AGENTS and place_country:
            c, where = place_country, "the place of the event"
        if c is None:
            return ref, how
        what = f"agent '{agent.noun}' ({agent.code})" if agent is not None else "unresolved pronoun"
        return _with_country(ref, c, agent), f"{how}; {what} + {where}: {c}"

    def _agent(self, span) -> Optional[Agent]:
        text = " ".join(w.lower_ for w in span if w.pos_ not in ("DET", "PUNCT"))
        last = span[-1].text if len(span) else ""
        key = (text, last)
        if key not in self._agent_memo:
            self._agent_memo[key] = self._find_agent(text, last)
        return self._agent_memo[key]

    def _find_agent(self, text: str, last: str) -> Optional[Agent]:
        for a in self.agents:
            if " " in a.noun:
                if text.endswith(a.noun):
                    return a
            elif noun_matches(last, a.noun, a.exact):
                return a
        return None
