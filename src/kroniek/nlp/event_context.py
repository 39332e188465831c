"""Participants, countries, dates and places of an event: helpers shared by the rule coder and the
learned coder (``events``, ``event_learned``).
"""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc, Token

from ..document import Actor, ActorRef
from . import clauses
from .event_lexicon import Agent
from .extensions import doc_text, sentence_index
from .mentions import actors_by_id


def _actor_ref(actor: Actor, start: int, end: int) -> ActorRef:
    return ActorRef(name=actor.name, country=actor.country, actor=actor.id, role=actor.role, start=start, end=end)


def _same_name_actor(doc: Doc, tok: Token) -> Optional[Actor]:
    """An actor one of whose resolved mentions is this name (or this name without a genitive s)."""
    if tok.pos_ != "PROPN" and not tok.text[:1].isupper():
        return None
    names = {tok.text}
    if tok.text.endswith("'s"):
        names.add(tok.text[:-2])
    elif tok.text.endswith("s") and len(tok.text) > 3:
        names.add(tok.text[:-1])
    for a in doc._.actors or []:
        for s, e in a.mentions:
            if doc_text(doc)[s:e] in names or doc_text(doc)[s:e].split()[-1:] == [min(names, key=len)]:
                return a
    return None


def _previous_person(doc: Doc, tok: Token) -> Optional[Actor]:
    """The person mentioned last before ``tok`` in its own or the previous sentence."""
    sents = doc._.sent_starts or [s.start_char for s in doc.sents]
    si = sentence_index(doc, tok.idx)
    lo = sents[max(0, si - 1)]
    best, best_at = None, -1
    for a in doc._.actors or []:
        if a.type != "person":
            continue
        for s, _e in a.mentions:
            if lo <= s < tok.idx and s > best_at:
                best, best_at = a, s
    return best


def _quote_at(doc: Doc, char: int):
    for q in doc._.quotes or []:
        if q.start <= char < q.end:
            return q
    return None


def _speaker_ref(doc: Doc, quote) -> ActorRef:
    actor = actors_by_id(doc).get(quote.speaker_actor) if quote.speaker_actor else None
    if actor is not None:
        return _actor_ref(actor, quote.speaker_start, quote.speaker_end)
    return ActorRef(name=quote.speaker, start=quote.speaker_start, end=quote.speaker_end)


# agent codes of the state itself: they take the article's main country, not the place of the event
STATE_AGENTS = {"GOV", "LEG", "JUD", "MIL", "PTY", "OPP", "SPY"}
AGENT_ROLES = {"GOV": "government", "LEG": "legislature", "JUD": "judiciary", "MIL": "military", "COP": "police",
               "PTY": "party", "OPP": "opposition", "SPY": "intelligence", "MED": "media", "JRN": "media",
               "REB": "rebels", "CVL": "civilians", "LAB": "labour", "BUS": "business", "EDU": "education",
               "REL": "religion", "CRM": "criminals", "UAF": "armed group"}


# sources PLOVER assumes when the text names none: (name, role); country from the place or the article
IMPLIED_SOURCE = {"PROTEST": ("protesters", "civilians")}


def main_country(doc: Doc, share: float = 0.3, home: Optional[str] = None) -> Optional[str]:
    """The country the article is mainly about: mentions of actors the text itself ties to a country
    (confidence above 0.6, so not those the actor layer only assumed) and of places; ``home`` (the
    language pack's home country) when they name none or none stands out."""
    weight: dict[str, float] = {}
    for a in doc._.actors or []:
        if a.country and len(a.country) == 3 and a.confidence > 0.6:
            weight[a.country] = weight.get(a.country, 0) + len(a.mentions)
    for p in doc._.places or []:
        if p.country:
            weight[p.country] = weight.get(p.country, 0) + 0.5
    total = sum(weight.values())
    if not total:
        return home
    best = max(weight, key=weight.get)
    return best if weight[best] / total >= share else home


def _with_country(ref: ActorRef, country: str, agent: Optional[Agent]) -> ActorRef:
    update = {"country": country}
    if agent is not None and not ref.role:
        update["role"] = AGENT_ROLES.get(agent.code, agent.code.lower())
    return ref.model_copy(update=update)


def _ref_key(ref: Optional[ActorRef]):
    return None if ref is None else (ref.actor or ref.name, ref.country)


def _same(a: ActorRef, b: ActorRef) -> bool:
    if a.actor and b.actor:
        return a.actor == b.actor
    return bool(a.name) and a.name == b.name


def _event_date(doc: Doc, t: Token, stretch, modality, perfect_aux=frozenset()) -> tuple[Optional[str], str]:
    sent = t.sent
    lo_c, hi_c = doc[stretch[0]].idx, doc[stretch[1] - 1].idx + len(doc[stretch[1] - 1].text)
    dated = [
        x for x in (doc._.timexes or [])
        if x.type in ("DATE", "TIME") and x.value and x.value[:1].isdigit() and sent.start_char <= x.start < sent.end_char
    ]
    near = [x for x in dated if lo_c <= x.start < hi_c]
    if near:
        x = min(near, key=lambda x: abs(x.start - t.idx))
        return x.value[:10] if x.type == "TIME" else x.value, f"time expression '{x.text}' in the clause"
    if len(dated) == 1:
        x = dated[0]
        return x.value[:10] if x.type == "TIME" else x.value, f"time expression '{x.text}' in the sentence"
    pub = doc._.published_at
    if pub is None or modality in ("future", "intent"):
        return None, "none"
    tense = _tense(t, stretch, perfect_aux)
    if tense is None:
        return None, "none (no tense)"
    return pub.isoformat(), f"publication date ({tense}, no time expression)"


def _tense(t: Token, stretch, perfect_aux=frozenset()) -> Optional[str]:
    """``perfect_aux``: lemmas of the perfect's auxiliaries (``event_words.json``)."""
    doc = t.doc
    for x in doc[stretch[0] : stretch[1]]:
        if "Fin" in x.morph.get("VerbForm"):
            if "Past" in x.morph.get("Tense"):
                return "past tense"
            if x.lemma_.lower() in perfect_aux and x.i != t.i:
                return "present perfect"
            return "present tense"
    return None


def _event_location(doc: Doc, t: Token, stretch, arg_toks, quad: Optional[str], location_preps=frozenset()) -> tuple[Optional[str], str]:
    places = doc._.places or []
    if not places:
        return None, ""
    sent = t.sent
    lo_c = doc[stretch[0]].idx
    hi_c = doc[stretch[1] - 1].idx + len(doc[stretch[1] - 1].text)
    arg_spans = [(clauses.span_of(a).start_char, clauses.span_of(a).end_char) if a is not None else (-1, -1) for a in arg_toks]
    for p in places:
        if not (sent.start_char <= p.start < sent.end_char):
            continue
        span = doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is None:
            continue
        prev = doc[span.start - 1] if span.start > sent.start else None
        # skip determiners/adjectives between the preposition and the name: 'in de stad Jeddah'
        j = span.start - 1
        while j > sent.start and doc[j].pos_ in ("DET", "ADJ", "NOUN") and span.start - j < 4:
            j -= 1
        prep = doc[j] if j >= sent.start else prev
        in_clause = lo_c <= p.start < hi_c or (span.root.head.i == t.i)
        if in_clause and prep is not None and prep.lower_ in location_preps:
            return p.name, f"'{prep.text} {p.text}'"
    if quad in ("material_conflict",):
        for p in places:
            if sent.start_char <= p.start < sent.end_char and p.feature not in (None, "country"):
                if any(s <= p.start < e for s, e in arg_spans[1:]):
                    return p.name, f"target place '{p.text}'"
    return None, ""


def imply_participants(kind: str, source: Optional[ActorRef], target: Optional[ActorRef], src_how: str, tgt_how: str,
                       main: Optional[str], place_country: Optional[str], is_noun: bool, may_have_target: bool):
    """The coding conventions for participants the text leaves implicit (as PETRARCH and POLECAT code).

    A domestic actor's act with no stated target concerns its own state (never an attack: no state is
    implied to attack itself); a protest whose protesters go unnamed is by civilians of its place; a
    verb with no subject done to a domestic actor (a passive without agent) is by its own state.
    Returns source, target, their reasons and whether anything was implied.
    """
    implied = False
    if (main and may_have_target and kind != "ASSAULT" and (target is None or not target.country)
            and source is not None and source.country == main):
        target, tgt_how, implied = ActorRef(country=main), f"{tgt_how}; implied: the article's main country {main}", True
    if source is None and is_noun and kind in IMPLIED_SOURCE and (place_country or main):
        name, role = IMPLIED_SOURCE[kind]
        c = place_country or main
        source, src_how, implied = ActorRef(name=name, country=c, role=role), f"{src_how}; implied: {name} ({c})", True
    if main and not is_noun and source is None and target is not None and target.country == main:
        source, src_how, implied = ActorRef(country=main), f"{src_how}; implied: the article's main country {main}", True
    return source, target, src_how, tgt_how, implied
