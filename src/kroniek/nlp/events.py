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

from ..document import Event
from ..lang import get_pack
from . import clauses
from .clauses import noun_matches, verb_forms  # noqa: F401  (re-exported for callers of the rule coder)
from .event_context import _event_date, _event_location, _quote_at, _ref_key, _same, imply_participants, main_country
from .event_features import WordView
from .event_learned import LearnedCoder, dedupe, model_dir
from .event_lexicon import Lexicon, Trigger, load_agents, load_cues, load_nationality_words, load_words
from .event_modality import find_modality
from .event_roles import UNCODED_ACTOR_PREFIXES, RoleFinder  # noqa: F401
from .event_syntax import (
    Companions,
    _after_determiner,
    _has_particle,
    _light_verb,
    _lone_finite,
    _looks_nominal,
    _nominalised,
)
from .extensions import doc_text, register, sentence_index

# types whose complement is not a fact: the content of a demand, refusal, threat or promise
NONFACTIVE_TYPES = {"REQUEST", "REJECT", "THREATEN", "AGREE"}
UNASSERTED = {"negated", "refused", "denied", "possible", "conditional", "question", "obligation"}
KEPT_MODALITY_FACTOR = {"future": 0.85, "intent": 0.85}
# quad classes whose events are acts of speech: an announced demand or promise is the act itself,
# an announced attack or meeting is not (yet) an event
SPEECH_QUADS = {"verbal_cooperation", "verbal_conflict"}
NOT_SPEECH_TYPES = {"CONSULT"}
UNASSERTED_FACTOR = 0.4
_NOUN_TRIGGER_POS = frozenset(POS_IDS[p] for p in ("NOUN", "PROPN", "X", "VERB", "ADJ"))  # may carry a noun trigger
NEGATED_AS_REJECT = {"CONCEDE": "yield", "SUPPORT": None, "AGREE": None}
COMPANION_FIRST = ("NOUN", "PROPN", "VERB")  # companions more specific than a preposition or clause word


class EventExtractor(RoleFinder):
    """Finds PLOVER events in a parsed ``Doc`` (see module docstring; participants: ``event_roles``)."""

    def __init__(self, nlp: Language, name: str, lang: str, keep_unasserted: bool = False, coder: str = "learned"):
        register()
        pack = get_pack(lang)
        if coder not in ("learned", "rules"):
            raise ValueError(f"kroniek_events: coder must be 'learned' or 'rules', not {coder!r}")
        self.words = load_words(pack.data("event_words.json"))
        self.lexicon = Lexicon.load(pack.data("plover_triggers.tsv"), self.words.morphology)
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
    def _verb_candidates(self, t: Token, view: WordView) -> list[tuple[Trigger, Optional[Token]]]:
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
        w = self.words
        if pos == "ADJ" and lower not in self.lexicon.participles and not _lone_finite(t, w):
            return []  # a participle or a clause's only verb mis-tagged as adjective still counts
        verbal = lower in self.lexicon.participles or lower in self.lexicon.strong
        if not verbal and (
            _after_determiner(t, w) or (pos == "NOUN" and (_looks_nominal(t) or not lower.endswith(w.inflected_endings)))
        ):
            return []  # 'de steun', 'steun bieden': the noun, not the verb stem
        stretch = clauses.clause_stretch(t)
        companions = None  # indexed when the first entry with a companion comes up
        prt = clauses.particle_of(t)
        with_comp, bare = [], []
        seen = set()
        for trig, joined in entries:
            if trig in seen:
                continue
            seen.add(trig)
            if trig.particle and not joined and not _has_particle(t, trig.particle, stretch, w):
                continue
            if not trig.particle and prt is not None and prt.lower_ not in (trig.companion or "",):
                continue  # 'vroeg zich af' is not 'vragen'
            if trig.companion:
                companions = companions or Companions(t, stretch, view, w)
                comp = companions.find(trig.companion)
                if comp is not None:
                    with_comp.append((trig, comp))
                    if comp.pos_ in COMPANION_FIRST:
                        break  # no later entry can come before this one (see the sort below)
            else:
                bare.append((trig, None))
        # companions that are nouns are more specific than prepositions
        with_comp.sort(key=lambda x: 0 if x[1].pos_ in COMPANION_FIRST else 1)
        return with_comp[:1] or bare[:1]

    def _figurative(self, t: Token) -> bool:
        """A material verb whose *met*-phrase is a speech act noun (*bestookt met kritiek*,
        *gebombardeerd met beschuldigingen*) is used figuratively."""
        doc = t.doc
        prep = self.words.instrument_prep
        nouns = [c for c in t.children if c.dep_ in ("obl", "obl:arg", "nmod") and clauses.case_of(c) == prep]
        if not nouns and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == prep:
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

    def extract_by_rules(self, doc: Doc, keep_unasserted: Optional[bool] = None, view: Optional[WordView] = None) -> list[Event]:
        """The rule coder's events (``keep_unasserted`` overrides the component's setting; ``view``: the
        doc's ``WordView`` where the caller has one)."""
        keep = self.keep_unasserted if keep_unasserted is None else keep_unasserted
        events: list[Event] = []
        used: set[int] = set()
        found: list[tuple[Token, Trigger, Optional[Token]]] = []
        # most words are no trigger: test the lexicons on the attribute arrays first and build
        # spaCy Token objects (costly in a Python loop) only for words that pass
        strings, verbs = doc.vocab.strings, self.lexicon.verbs
        rows = doc.to_array([ORTH, LOWER, LEMMA, POS]).tolist() if len(doc) else []
        view = view if view is not None else WordView(doc)
        for i, (_, low, lem, _) in enumerate(rows):
            if strings[low] in verbs or strings[lem].lower() in verbs:
                t = doc[i]
                cands = self._verb_candidates(t, view)
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
            if clauses.case_of(t) in self.words.topic_preps and t.dep_ not in ("obl", "obl:arg"):
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
            if gt is not None and gt.kind == "V" and gt.mode == "discontinue" and _nominalised(t, self.words):
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
        location, loc_how = _event_location(doc, t, stretch, (src_tok, tgt_tok), self.quads.get(kind), self.words.location_preps)
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
        date, date_how = _event_date(doc, t, stretch, modality, self.words.perfect_auxiliaries)
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

    # ------------------------------------------------------------------ modality
    def _modality(self, t: Token, stretch, comp, light) -> tuple[Optional[str], bool, str]:
        return find_modality(self.cues, self.words, t, stretch, comp, light)


# `nlp` unannotated: spaCy 3.8.7's config resolver cannot resolve postponed annotations of it
@Language.factory("kroniek_events", default_config={"lang": "nl", "keep_unasserted": False, "coder": "learned"})
def make_events(nlp, name: str, lang: str, keep_unasserted: bool, coder: str) -> EventExtractor:
    return EventExtractor(nlp, name, lang, keep_unasserted, coder)
