"""PLOVER events: who did what to whom, when and where (component ``kroniek_events``).

A trigger lexicon (``data/<lang>/plover_triggers.tsv``) names the words that
state an event (verbs, verb + object nouns such as *akkoord sluiten*, nouns
such as *aanval*) with their PLOVER type, mode and the grammatical roles that
hold source and target. The dependency parse (through ``clauses``) finds
those roles, the actor layer turns them into actors, the time and place
layers give date and location. Cues from ``negation.tsv`` mark events that
the text does not assert (negated, refused, possible, conditional, asked):
event data (POLECAT, ICEWS) codes asserted events only, so those are dropped
unless the component is configured with ``keep_unasserted=True``, in which
case they are kept with ``negated``/``modality`` set and a lower confidence.

Every missing upstream layer is treated as empty: the component still runs
on a bare parse (actors then carry the mention text and no country).
"""
from __future__ import annotations

import json
from typing import Optional

from spacy.attrs import LEMMA, LOWER, ORTH, POS
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc, Token

from ..document import ActorRef, Event
from ..lang import get_pack
from . import clauses
from .clauses import (  # Dutch grammar words and morphology
    ARTICLES,
    CLAUSE_COMPANIONS,
    FIRST_PERSON,
    INFLECTED_ENDINGS,
    PERSONAL,
    QUANTITY_NOUNS,
    POSSESSIVES,
    REFLEXIVE,
    THIRD_PERSON,
    TOPIC_PREPS,
    noun_matches,
    verb_forms,  # noqa: F401  (re-exported for callers of the rule coder)
)
from .event_context import (
    STATE_AGENTS,
    _actor_ref,
    _event_date,
    _event_location,
    _previous_person,
    _quote_at,
    _ref_key,
    _same,
    _same_name_actor,
    _speaker_ref,
    _with_country,
    imply_participants,
    main_country,
)
from .event_learned import LearnedCoder, dedupe, model_dir
from .event_lexicon import Agent, Lexicon, Trigger, load_agents, load_cues, load_nationality_words
from .extensions import doc_text, register, sent_bounds, sentence_index
from .mentions import actors_by_id, chain_at, resolve_chars

# types whose complement is not a fact: the content of a demand, refusal, threat or promise
NONFACTIVE_TYPES = {"REQUEST", "REJECT", "THREATEN", "AGREE"}
UNASSERTED = {"negated", "refused", "denied", "possible", "conditional", "question", "obligation"}
KEPT_MODALITY_FACTOR = {"future": 0.85, "intent": 0.85}
# quad classes whose events are acts of speech: an announced demand or promise is the act itself,
# an announced attack or meeting is not (yet) an event
SPEECH_QUADS = {"verbal_cooperation", "verbal_conflict"}
NOT_SPEECH_TYPES = {"CONSULT"}
UNASSERTED_FACTOR = 0.4
# actors the actor layer named from the text alone (no dictionary entry): 'per:…', 'org:…'
UNCODED_ACTOR_PREFIXES = ("per:", "org:")
_NOUN_TRIGGER_POS = frozenset(POS_IDS[p] for p in ("NOUN", "PROPN", "X", "VERB", "ADJ"))  # may carry a noun trigger
NEGATED_AS_REJECT = {"CONCEDE": "yield", "SUPPORT": None, "AGREE": None}


class EventExtractor:
    """Finds PLOVER events in a parsed ``Doc`` (see module docstring)."""

    def __init__(self, nlp: Language, name: str, lang: str, keep_unasserted: bool = False, coder: str = "learned"):
        register()
        pack = get_pack(lang)
        if coder not in ("learned", "rules"):
            raise ValueError(f"kroniek_events: coder must be 'learned' or 'rules', not {coder!r}")
        self.lexicon = Lexicon.load(pack.data("plover_triggers.tsv"))
        self.cues = load_cues(pack.data("negation.tsv"))
        self.agents = load_agents(pack.data("agents.tsv"))
        self.nationality = load_nationality_words(pack.data("nationalities.tsv"))
        self.keep_unasserted = keep_unasserted
        self.home_country = pack.home_country
        self._noun_heads = {t.head for t in self.lexicon.nouns}
        self._max_noun = max((len(h) for h in self._noun_heads), default=0)
        self._noun_memo: dict = {}
        self._agent_memo: dict = {}
        with open(pack.data("plover_types.json"), encoding="utf8") as fh:
            self.quads = {k: v.get("quad_class") for k, v in json.load(fh)["types"].items()}
        self.name = name
        # the learned coder decides triggers, factuality and roles when its models are there
        self.learned = None
        if coder == "learned" and (model_dir(pack) / "meta.json").exists():
            self.learned = LearnedCoder(self, model_dir(pack))

    # ------------------------------------------------------------------ matching
    def _verb_candidates(self, t: Token) -> list[tuple[Trigger, Optional[Token]]]:
        pos, lower = t.pos_, t.lower_
        if pos in ("DET", "ADP", "PRON", "PUNCT", "CCONJ", "SCONJ", "NUM", "SPACE"):
            return []
        # the lexicon lookup first: most words are no trigger, and the checks below walk the tree
        entries = list(self.lexicon.verbs.get(lower, []))
        lemma = t.lemma_.lower()
        # the lemmatizer of an early model invents lemmas (gevallen → aanvallen): trust a
        # lemma only for verb-tagged words that share their first letters with it
        if lemma != lower and pos in ("VERB", "AUX") and lemma[:2] == lower[:2]:
            entries += self.lexicon.verbs.get(lemma, [])
        if not entries:
            return []
        if pos == "ADJ" and lower not in self.lexicon.participles and not _lone_finite(t):
            return []  # a participle or a clause's only verb mis-tagged as adjective still counts
        verbal = lower in self.lexicon.participles or lower in self.lexicon.strong
        if not verbal and (
            _after_determiner(t) or (pos == "NOUN" and (_looks_nominal(t) or not lower.endswith(INFLECTED_ENDINGS)))
        ):
            return []  # 'de steun', 'steun bieden': the noun, not the verb stem
        stretch = clauses.clause_stretch(t)
        scope = _scope_tokens(t, stretch)
        prt = clauses.particle_of(t)
        with_comp, bare = [], []
        seen = set()
        for trig, joined in entries:
            if trig in seen:
                continue
            seen.add(trig)
            if trig.particle and not joined and not _has_particle(t, trig.particle, stretch):
                continue
            if not trig.particle and prt is not None and prt.lower_ not in (trig.companion or "",):
                continue  # 'vroeg zich af' is not 'vragen'
            if trig.companion:
                comp = _find_companion(trig.companion, t, scope)
                if comp is not None:
                    with_comp.append((trig, comp))
            else:
                bare.append((trig, None))
        # companions that are nouns are more specific than prepositions
        with_comp.sort(key=lambda x: 0 if x[1].pos_ in ("NOUN", "PROPN", "VERB") else 1)
        return with_comp[:1] or bare[:1]

    def _figurative(self, t: Token) -> bool:
        """A material verb whose *met*-phrase is a speech act noun (*bestookt met kritiek*,
        *gebombardeerd met beschuldigingen*) is used figuratively."""
        doc = t.doc
        nouns = [c for c in t.children if c.dep_ in ("obl", "obl:arg", "nmod") and clauses.case_of(c) == "met"]
        if not nouns and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "met":
            nouns = [u for u in doc[t.i + 2 : min(t.i + 5, t.sent.end)] if u.pos_ == "NOUN"][:1]
        for n in nouns:
            trig = self._noun_trigger(n.text, n.lemma_)
            if trig is not None and self.quads.get(trig.type) in SPEECH_QUADS:
                return True
        return False

    def _noun_candidate(self, t: Token) -> Optional[Trigger]:
        if t.pos not in _NOUN_TRIGGER_POS:
            return None
        if t.pos_ in ("VERB", "ADJ") and not any(c.dep_ == "det" for c in t.children):
            return None
        return self._noun_trigger(t.text, t.lemma_)

    def _noun_trigger(self, text: str, lemma: str) -> Optional[Trigger]:
        """First noun trigger (lexicon order) matching the word or its lemma; memoised per word."""
        key = (text, lemma)
        hit = self._noun_memo.get(key, False)
        if hit is not False:
            return hit
        heads = self._noun_heads
        cands = set()
        for w in {text.lower(), text.lower().replace("-", ""), (lemma or "").lower()} - {""}:
            # a match is <prefix><noun><suffix>: strip each possible suffix, then try every tail
            for r in {w, w[:-1], w[:-2], w[:-3]}:
                # only tails as long as a lexicon noun at most: linear in the word, even for a 1-MB 'word'
                cands.update(r[i:] for i in range(max(0, len(r) - self._max_noun), len(r)) if r[i:] in heads)
        hit = None
        for trig in self.lexicon.nouns:
            if trig.head in cands and (noun_matches(text, trig.head, trig.exact) or (lemma and noun_matches(lemma, trig.head, trig.exact))):
                hit = trig
                break
        if len(self._noun_memo) < 100_000:
            self._noun_memo[key] = hit
        return hit

    # ------------------------------------------------------------------ main
    def __call__(self, doc: Doc) -> Doc:
        doc._.events = self.extract(doc)
        return doc

    def extract(self, doc: Doc) -> list[Event]:
        if self.learned is not None:
            return dedupe(self.learned.extract(doc, self.keep_unasserted))
        return self.extract_by_rules(doc)

    def asserted(self, ev: Event) -> bool:
        """Whether the rule coder keeps this event when unasserted events are dropped (as ``_event`` decides)."""
        if ev.negated or ev.modality in UNASSERTED:
            return False
        if ev.modality in KEPT_MODALITY_FACTOR:
            return self.quads.get(ev.type) in SPEECH_QUADS and ev.type not in NOT_SPEECH_TYPES
        return True

    def extract_by_rules(self, doc: Doc, keep_unasserted: Optional[bool] = None) -> list[Event]:
        """The rule coder's events (``keep_unasserted`` overrides the component's setting)."""
        keep = self.keep_unasserted if keep_unasserted is None else keep_unasserted
        events: list[Event] = []
        used: set[int] = set()
        found: list[tuple[Token, Trigger, Optional[Token]]] = []
        # most words are no trigger: test the lexicons on the attribute arrays first and build
        # spaCy Token objects (costly in a Python loop) only for words that pass
        strings, verbs = doc.vocab.strings, self.lexicon.verbs
        rows = doc.to_array([ORTH, LOWER, LEMMA, POS]).tolist() if len(doc) else []
        for i, (_, low, lem, _) in enumerate(rows):
            if strings[low] in verbs or strings[lem].lower() in verbs:
                t = doc[i]
                cands = self._verb_candidates(t)
                if cands:
                    trig, comp = cands[0]
                    found.append((t, trig, comp))
                    if comp is not None:
                        used.add(comp.i)
        verb_trigger_ids = {t.i for t, _, _ in found}
        for i, (orth, _, lem, pos) in enumerate(rows):
            if i in used or i in verb_trigger_ids or pos not in _NOUN_TRIGGER_POS:
                continue
            if self._noun_trigger(strings[orth], strings[lem]) is None:
                continue
            t = doc[i]
            trig = self._noun_candidate(t)
            if trig is not None:
                found.append((t, trig, None))
        by_token = {t.i: trig for t, trig, _ in found}
        main = main_country(doc, home=self.home_country)
        best: dict[tuple, Event] = {}
        for t, trig, comp in sorted(found, key=lambda x: x[0].i):
            if trig.type == "-":
                continue  # a blocking entry: 'toegeven dat' (admit) is not 'toegeven' (yield)
            ev = self._event(doc, t, trig, comp, by_token, main, keep)
            if ev is None:
                continue
            key = (ev.sentence, ev.type, _ref_key(ev.source), _ref_key(ev.target))
            if key not in best or best[key].confidence < ev.confidence:
                best[key] = ev
        events = sorted(best.values(), key=lambda e: e.start)
        return events

    def _event(self, doc: Doc, t: Token, trig: Trigger, comp: Optional[Token], by_token: dict, main: Optional[str] = None,
               keep_unasserted: bool = False) -> Optional[Event]:
        sent = t.sent
        stretch = clauses.clause_stretch(t)
        is_noun = trig.kind in ("N", "n")
        light = None
        if is_noun:
            if clauses.case_of(t) in TOPIC_PREPS and t.dep_ not in ("obl", "obl:arg"):
                return None  # 'akkoord over een staakt-het-vuren', 'plan voor sancties': a topic
            light = _light_verb(t, self.lexicon.light)
            if trig.kind == "n" and light is None:
                return None
        # content of a demand, refusal, threat or promise is not itself a fact
        for gov in clauses.embedding_verbs(light or t):
            gt = by_token.get(gov.i)
            if gt is not None and (gt.type in NONFACTIVE_TYPES or gt.mode == "discontinue") and gov.i != t.i:
                return None
        for i in range(stretch[0], t.i):
            gt = by_token.get(i)
            if gt is not None and gt.kind == "V" and gt.type in NONFACTIVE_TYPES and gt.type != trig.type:
                return None  # 'eisten zijn aftreden', 'dreigde met opstappen'
        for i in range(t.i + 1, stretch[1]):
            gt = by_token.get(i)
            if gt is not None and gt.kind == "V" and gt.mode == "discontinue" and _nominalised(t):
                return None  # 'het delen van inlichtingen stopgezet': a stopped activity
        if not is_noun and trig.type == "ASSAULT" and self._figurative(t):
            return None  # 'gebombardeerd met beschuldigingen': the weapon is an act of speech
        passive = (not is_noun) and (
            clauses.is_passive(t, self.lexicon.participles)
            or ("obj" in trig.target and clauses.is_zijn_passive(t, self.lexicon.participles))
        )
        verb = light if light is not None else t
        obj = None
        if not is_noun:
            objs = clauses.children(t, clauses.PASS_SUBJ_DEPS) if passive else clauses.direct_objects(t)
            obj = objs[0] if objs else (comp if comp is not None and comp.pos_ in ("NOUN", "PROPN") else None)
        quote = _quote_at(doc, t.idx)

        src_tok, src_how = self._role(doc, trig.source, t, verb, obj, passive, stretch, is_noun, None, comp)
        if src_tok is not None and src_tok.i == t.i:
            # 'de aanvallen waren gericht op …': the subject found for a noun trigger is the trigger itself
            src_tok, src_how = None, f"{src_how}: the trigger itself, no participant"
        source, src_how = self._ref(doc, src_tok, src_how, quote)
        tgt_tok, tgt_how = self._role(doc, trig.target, t, verb, obj, passive, stretch, is_noun, src_tok)
        if tgt_tok is not None and tgt_tok.i == t.i:
            tgt_tok, tgt_how = None, f"{tgt_how}: the trigger itself, no participant"
        target, tgt_how = self._ref(doc, tgt_tok, tgt_how, None)
        if is_noun and source is None and target is None:
            return None  # a noun with no participants is a topic ('een voorstel voor een staakt-het-vuren')
        if target is not None and source is not None and _same(source, target):
            target, tgt_how = None, "same as source"

        modality, negated, cue_how = self._modality(t, stretch, comp, light)
        kind, mode = trig.type, trig.mode
        if (negated or modality == "refused") and kind in NEGATED_AS_REJECT:
            # 'gaf niet toe', 'steunt het plan niet': refusing to cooperate is itself a PLOVER REJECT
            cue_how += f"; negated {kind} → REJECT"
            kind, mode, negated, modality = "REJECT", NEGATED_AS_REJECT[kind], False, None
        location, loc_how = _event_location(doc, t, stretch, (src_tok, tgt_tok), self.quads.get(kind))
        place_country = next((p.country for p in doc._.places or [] if p.name == location and p.country), None)
        src_known = source is not None and bool(source.country)
        source, src_how = self._infer_country(doc, src_tok, source, src_how, main, place_country)
        target, tgt_how = self._infer_country(doc, tgt_tok, target, tgt_how, main, place_country)
        source, target, src_how, tgt_how, implied = imply_participants(
            kind, source, target, src_how, tgt_how, main, place_country, is_noun, trig.target != ("-",))
        if source is None and target is None:
            return None  # no participant at all: nothing to code ('Boycot hotels' in a headline)
        if doc._.actors is not None and not any(r is not None and (r.actor or r.country or r.role) for r in (source, target)):
            # the actor layer ran but no participant is an actor, a country or a known agent
            # ('Dat wordt hem verweten'): as in POLECAT, an event needs an identifiable actor
            return None
        conf = 0.7 if not is_noun else 0.55
        if implied:
            conf -= 0.1
        if trig.companion and comp is not None:
            conf += 0.1
        if src_known:
            conf += 0.1
        if source is None:
            conf -= 0.15
        if modality in UNASSERTED or negated:
            if not keep_unasserted:
                return None
            conf *= UNASSERTED_FACTOR
        elif modality in KEPT_MODALITY_FACTOR:
            if self.quads.get(kind) not in SPEECH_QUADS or kind in NOT_SPEECH_TYPES:
                if not keep_unasserted:
                    return None  # 'zal aanvallen': announced material acts did not happen yet
                conf *= UNASSERTED_FACTOR
            conf *= KEPT_MODALITY_FACTOR[modality]
        date, date_how = _event_date(doc, t, stretch, modality)
        trig_text = doc_text(doc)[t.idx : t.idx + len(t.text)]
        label = f"{trig.type}/{trig.mode}" if trig.mode else trig.type
        reason = (
            f"lexicon: {trig.pattern.replace('+', ' + ')} → {label}"
            f"; source: {src_how}; target: {tgt_how}"
            + ("; passive" if passive else "")
            + (f"; {cue_how}" if cue_how else "")
            + f"; date: {date_how}"
            + (f"; place: {loc_how}" if location else "")
        )
        return Event(
            start=t.idx,
            end=t.idx + len(t.text),
            text=trig_text,
            sentence=sentence_index(doc, t.idx),
            confidence=round(max(0.05, min(conf, 0.95)), 3),
            reason=reason,
            type=kind,
            mode=mode,
            source=source,
            target=target,
            date=date,
            location=location,
            sentence_text=sent.text.strip(),
            negated=negated,
            modality=modality,
        )

    # ------------------------------------------------------------------ roles
    def _role(self, doc, roles, t, verb, obj, passive, stretch, is_noun, src_tok, comp=None) -> tuple[Optional[Token], str]:
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
                    if tok is not None and (_in_timex(tok) or tok.lower_ in REFLEXIVE or tok.i in skip):
                        tok = None
                    if tok is not None and tok.pos_ in ("VERB", "AUX", "ADP", "SCONJ", "CCONJ"):
                        # no nominal: a word the parser mistagged ('stemden … tegen Mays deal' with
                        # 'deal' as a verb); the subject is found by word order
                        alt = _linear_subject(verb, stretch, skip | {tok.i})
                        if alt is not None:
                            return _antecedent(alt), "subject by word order (parse subject is no nominal)"
                    if tok is not None and not _resolves(doc, tok):
                        # a weak parse often makes the object the subject: prefer a word-order
                        # subject that is a known actor over a parse subject that is not
                        alt = _linear_subject(verb, stretch, skip)
                        if alt is not None and alt.i != tok.i and _resolves(doc, alt):
                            return alt, "subject by word order (parse subject is no actor)"
                    if tok is None and _is_te_infinitive(verb):
                        fin = _finite_before(verb, stretch)
                        if fin is not None:
                            tok = clauses.subject_of(fin) or _linear_subject(fin, clauses.clause_stretch(fin), skip)
                            if tok is not None:
                                return tok, "subject of the governing verb"
                    if tok is None:
                        tok = _linear_subject(verb, stretch, skip)
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
            if tok is not None and tok.lower_ not in REFLEXIVE and not _in_timex(tok):
                tok = _antecedent(clauses.nominal_head(tok))
                if tok.lower_ in QUANTITY_NOUNS:  # 'een aantal van haar ministers' → ministers
                    members = clauses.pp_objects(tok, "van") or clauses.pp_linear(tok, "van", (tok.i + 1, min(tok.i + 3, len(doc))))
                    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                    if members:
                        tok = members[0]
                    elif nxt is not None and nxt.pos_ in ("NOUN", "PROPN"):
                        tok = nxt  # 'miljoenen vrouwen' with the number as head
                if role in ("obj", "iobj") or role.startswith("pp:"):
                    # 'wees het voorstel van de Commissie af', 'stemden tegen Mays deal': the owner acts
                    # ... and the door-phrase of a nominalised act: 'protest tegen de onderdrukking door de regering'
                    owned = clauses.possessor_of(tok) + clauses.pp_objects(tok, "door")
                    owners = [o for o in owned if _resolves(doc, o) or o.lower_ in POSSESSIVES]
                    if owners and not _resolves(doc, tok):
                        o = owners[0] if owners[0].lower_ in POSSESSIVES else clauses.nominal_head(owners[0])
                        return o, f"owner of the {role} '{tok.text}'"
                return tok, role
        return None, "not found"

    def _ref(self, doc: Doc, tok: Optional[Token], how: str, quote) -> tuple[Optional[ActorRef], str]:
        if tok is None:
            return None, how
        if quote is not None and tok.lower_ in FIRST_PERSON and quote.speaker:
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
        for ent in doc.ents:
            if ent.start_char < span.end_char and span.start_char < ent.end_char and ent.label_ in ("PER", "ORG", "LOC", "MISC"):
                return ActorRef(name=ent.text, start=ent.start_char, end=ent.end_char), f"{how} '{ent.text}' (named entity, unresolved)"
        if tok.pos_ == "PRON" or tok.lower_ in POSSESSIVES:
            prev = _previous_person(doc, tok) if tok.lower_ in THIRD_PERSON else None
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
        if agent is None and tok.lower_ not in PERSONAL:
            return ref, how
        if agent is not None:
            for o in clauses.possessor_of(tok) + clauses.pp_objects(tok, "van"):
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

    # ------------------------------------------------------------------ modality
    def _modality(self, t: Token, stretch, comp, light) -> tuple[Optional[str], bool, str]:
        doc = t.doc
        skip = {t.i} | ({comp.i} if comp is not None else set()) | ({light.i} if light is not None else set())
        found: list[tuple[str, str]] = []
        govs = clauses.embedding_verbs(t)
        gov_lemmas = {g.lemma_.lower() for g in govs} | {g.lower_ for g in govs}
        window = set(range(*stretch))
        if stretch[0] > t.sent.start:
            window.add(stretch[0] - 1)  # the subordinator that opens the clause: 'als', 'indien'
        for v in [light] + govs if light is not None else govs:
            lo, hi = clauses.clause_stretch(v)
            window |= set(range(lo, hi))
        at_word: dict[str, list[int]] = {}  # word -> its offsets in the window, in order
        for i in sorted(window):
            if i not in skip:
                at_word.setdefault(doc[i].lower_, []).append(i)
        for cue in self.cues:
            if cue.scope == "sentence":
                if t.sent.text.rstrip().endswith(cue.cue):
                    found.append((cue.value, cue.cue))
            elif cue.scope == "govern":
                if cue.cue in gov_lemmas:
                    found.append((cue.value, cue.cue))
            else:
                words = cue.cue.split()
                for i in at_word.get(words[0], ()):
                    if len(words) > 1 and " ".join(w.lower_ for w in doc[i : i + len(words)]) != cue.cue:
                        continue
                    nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
                    if cue.value == "negated" and nxt in ("alleen", "enkel", "slechts", "zozeer", "meer", "minder"):
                        continue
                    if cue.value == "conditional" and (i > t.i or (doc[i].pos_ != "SCONJ" and doc[i].dep_ != "mark")):
                        continue  # 'als minister' after the verb is no condition
                    found.append((cue.value, doc[i].text))
                    break
        if _is_te_infinitive(t) and any(doc[i].lower_ == "om" for i in range(stretch[0], t.i) if i not in skip):
            found.append(("intent", "om … te"))  # a purpose: 'om verder te onderhandelen'
        if not found:
            return None, False, ""
        order = ["negated", "refused", "denied", "question", "conditional", "possible", "obligation", "future", "intent"]
        found.sort(key=lambda x: order.index(x[0]) if x[0] in order else 99)
        value, word = found[0]
        negated = value == "negated"
        return (None if negated else value), negated, f"cue '{word}' → {value}"


# ---------------------------------------------------------------------- helpers
def _scope_tokens(t: Token, stretch) -> list[Token]:
    doc = t.doc
    toks = {x.i: x for x in doc[stretch[0] : min(stretch[1] + 1, len(doc))]}
    for x in t.children:
        toks.setdefault(x.i, x)
    return [toks[i] for i in sorted(toks) if i != t.i]


def _looks_nominal(t: Token) -> bool:
    if any(c.dep_ in ("det", "amod", "nmod:poss") for c in t.children):
        return True
    prev = t.doc[t.i - 1] if t.i > 0 else None
    return prev is not None and (prev.pos_ in ("DET", "ADP") or (prev.pos_ == "ADJ" and t.i > 1 and t.doc[t.i - 2].pos_ == "DET"))


def _lone_finite(t: Token) -> bool:
    """``t`` looks like a past-tense verb and its clause has no other finite verb ('Gisteren beloofde minister X …')."""
    if _after_determiner(t) or not t.lower_.endswith(("de", "te", "den", "ten")):
        return False
    lo, hi = clauses.clause_stretch(t)
    return not any("Fin" in x.morph.get("VerbForm") for x in t.doc[lo:hi] if x.i != t.i)


def _after_determiner(t: Token) -> bool:
    prev = t.doc[t.i - 1] if t.i > 0 else None
    return prev is not None and (prev.lower_ in ARTICLES or prev.pos_ == "NUM")


def _is_te_infinitive(t: Token) -> bool:
    return "Inf" in t.morph.get("VerbForm") and t.i > 0 and t.doc[t.i - 1].lower_ == "te"


def _finite_before(t: Token, stretch) -> Optional[Token]:
    for x in reversed(t.doc[stretch[0] : t.i]):
        if "Fin" in x.morph.get("VerbForm"):
            return x
    return None


def _has_particle(t: Token, particle: str, stretch) -> bool:
    doc = t.doc
    if any(c.lower_ == particle for c in t.children if c.dep_ == "compound:prt"):
        return True
    if t.i >= 1 and doc[t.i - 1].lower_ == particle:
        return True
    if t.i >= 2 and doc[t.i - 1].lower_ == "te" and doc[t.i - 2].lower_ == particle:
        return True
    # main clause: particle at the end of the clause (rukten … op); an early parser may
    # end the sentence before it, so look up to the next full stop
    end = stretch[1]
    if end == sent_bounds(t)[1] and doc[end - 1].text not in (".", "!", "?"):
        while end < len(doc) and doc[end].text not in (".", "!", "?", ";", ",") and not doc[end].is_space and end - t.i < 25:
            end += 1
    # a preposition with its noun phrase after it is no particle: 'zei hij op een persconferentie'
    # (its noun attached to this verb); 'riep iedereen op de resultaten te respecteren' keeps the particle,
    # and so does one right before another preposition ('viel steden aan met drones', parsed as 'aan met drones')
    return any(x.lower_ == particle and not (x.dep_ == "case" and x.head.i > x.i and x.head.head.i == t.i
                                             and not (x.i + 1 < len(doc) and doc[x.i + 1].dep_ == "case"))
               for x in doc[t.i + 1 : end])


def _find_companion(comp: str, t: Token, scope: list[Token]) -> Optional[Token]:
    if comp in CLAUSE_COMPANIONS:  # 'wil dat …', 'vragen … te': the clause follows the verb
        doc = t.doc
        for x in scope:
            if x.i > t.i and x.lower_ == comp:
                # 'wil voorkomen dat': the clause belongs to the verb in between
                between = doc[t.i + 1 : x.i]
                return None if any(b.pos_ in ("VERB", "AUX") for b in between) else x
        return None
    for x in scope:
        if x.lower_ == comp or x.lemma_.lower() == comp:
            return x
    if len(comp) >= 4:
        for x in scope:
            if x.pos_ in ("NOUN", "PROPN", "VERB", "X") and noun_matches(x.text, comp, False):
                return x
    return None


def _light_verb(t: Token, light: set[str]) -> Optional[Token]:
    h = t.head
    if h is t:
        return None
    if t.dep_ in ("obj", "nsubj:pass", "nsubj", "obl", "obl:arg") and (h.lower_ in light or h.lemma_.lower() in light):
        return h
    # separable light verb written apart: 'voerde … uit'
    if t.dep_ in ("obj", "nsubj:pass") and h.pos_ in ("VERB", "AUX"):
        prt = clauses.particle_of(h)
        if prt is not None and (prt.lower_ + h.lower_) in light:
            return h
    return None


def _linear_subject(verb: Token, stretch, skip: set[int] = frozenset()) -> Optional[Token]:
    """Dutch word order: the nominal right before the finite verb, else the first one after it (V2 inversion)."""
    doc = verb.doc
    if "Fin" not in verb.morph.get("VerbForm"):
        verb = _finite_before(verb, stretch) or verb

    def ok(x: Token) -> bool:
        if x.pos_ not in ("PROPN", "NOUN", "PRON") or x.lower_ in REFLEXIVE or x.dep_ in ("obj", "iobj") or x.i in skip:
            return False
        if x.pos_ == "NOUN" and not _looks_nominal(x) and not x.text.endswith("en"):
            return False  # a bare singular noun is rarely a subject; more often a mis-tagged word
        if x.pos_ == "PRON" and x.lower_ in ("het", "dat", "dit", "er", "wat", "die", "u") and x.dep_ != "nsubj":
            return False
        j = x.i - 1
        while j >= stretch[0] and doc[j].pos_ in ("DET", "ADJ", "NUM", "PROPN") and doc[j].i != x.i:
            j -= 1
        return not (j >= stretch[0] and doc[j].pos_ == "ADP")

    for x in reversed(doc[stretch[0] : verb.i]):
        if ok(x) and not _in_timex(x) and "Rel" not in x.morph.get("PronType"):
            # coordinated subject 'Kyiv en Washington': the first conjunct acts, the other is its partner
            left = doc[x.i - 2] if x.i - 2 >= stretch[0] else None
            if left is not None and doc[x.i - 1].pos_ == "CCONJ" and (ok(left) or _resolves(doc, left) or left.text[:1].isupper()):
                return left
            return x
    for x in doc[verb.i + 1 : stretch[1]]:
        if x.pos_ in ("VERB",):
            break
        if ok(x) and not _in_timex(x):
            return x
    return None


def _antecedent(tok: Token) -> Token:
    """A relative pronoun stands for the noun its clause modifies: 'Mueller, die onderzocht' → Mueller."""
    if "Rel" in tok.morph.get("PronType") and tok.head.dep_.startswith("acl") and tok.head.head is not tok.head:
        ante = tok.head.head
        if ante.pos_ in ("NOUN", "PROPN", "PRON") and ante.i < tok.i:
            return ante
    return tok


def _linear_conj(tok: Token) -> list[Token]:
    doc = tok.doc
    lo, hi = clauses.phrase_bounds(tok)
    if hi + 1 < len(doc) and doc[hi].pos_ == "CCONJ" and doc[hi + 1].pos_ in ("PROPN", "NOUN", "DET", "ADJ"):
        for u in doc[hi + 1 : hi + 5]:
            if u.pos_ in ("PROPN", "NOUN"):
                return [u]
    return []


def _nominalised(t: Token) -> bool:
    """An infinitive used as a noun: 'het delen van inlichtingen'."""
    return t.i > 0 and t.doc[t.i - 1].lower_ in ("het", "dat") and "Fin" not in t.morph.get("VerbForm")


def _resolves(doc: Doc, tok: Token) -> bool:
    span = clauses.span_of(tok)
    if resolve_chars(doc, span.start_char, span.end_char) is not None:
        return True
    return any(e.start_char < span.end_char and span.start_char < e.end_char for e in doc.ents)


def _in_timex(tok: Token) -> bool:
    return any(x.start <= tok.idx < x.end for x in (tok.doc._.timexes or []))


# `nlp` unannotated: spaCy 3.8.7's config resolver cannot resolve postponed annotations of it
@Language.factory("kroniek_events", default_config={"lang": "nl", "keep_unasserted": False, "coder": "learned"})
def make_events(nlp, name: str, lang: str, keep_unasserted: bool, coder: str) -> EventExtractor:
    return EventExtractor(nlp, name, lang, keep_unasserted, coder)
