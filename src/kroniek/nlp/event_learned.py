"""The learned event coder: triggers, factuality and participants decided by trained models.

The models (``data/<lang>/event_model/``, trained by ``make events`` from the annotated corpus in
``training/events/``) make three decisions (see ``event_features``):

1. every content word gets a PLOVER type or none (the trigger model; the trigger lexicon is one of
   its features, not the decision);
2. each trigger's event is asserted, negated, future or hypothetical (the factuality model);
3. among the nominals of the sentence, the most probable source and target (the role model).

What a participant token stands for (an actor, a country, a pronoun's antecedent) and the event's
date and place come from the same helpers as the rule coder's, so the two coders differ only in
the decisions above. Each event's ``reason`` gives the probabilities and the participants' chains.
"""
from __future__ import annotations

import json
from bisect import bisect_right
from pathlib import Path
from typing import Optional

import numpy as np
from spacy.tokens import Doc, Token

from ..document import Event
from . import clauses
from .event_context import _event_date, _event_location, _quote_at, _ref_key, _same, imply_participants, main_country
from .event_features import (
    WordView,
    factuality_features,
    grammatical_functions,
    role_candidates,
    role_features,
    trigger_features,
)
from .extensions import doc_text, sentence_index
from .linear_model import LinearModel

NONE = "O"
MODALITY = {"future": "future", "hypothetical": "possible"}
# types whose participants are symmetric: a coordinated subject is source and target
RECIPROCAL = {"CONSULT", "AGREE", "COOPERATE"}
# types whose complement is not a fact: 'weigerde … te steunen', 'eist dat … vertrekken', 'dreigt … aan te vallen'
NONFACTIVE = {"REQUEST", "REJECT", "THREATEN", "AGREE"}


def model_dir(pack) -> Path:
    return pack.data_dir / "event_model"


class LearnedCoder:
    """Codes events with the trained models; ``rules`` supplies lexicon, actor and context helpers."""

    def __init__(self, rules, path: Path):
        self.rules = rules
        self.trigger = LinearModel.load(path / "trigger.npz")
        self.role = LinearModel.load(path / "role.npz")
        self.factuality = LinearModel.load(path / "factuality.npz")
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        self.trigger_threshold = float(meta["trigger_threshold"])
        self.source_threshold = float(meta["source_threshold"])
        self.target_threshold = float(meta["target_threshold"])
        # per-type trigger thresholds chosen on dev where a type has enough dev events (else the global one)
        self.type_thresholds = {k: float(v) for k, v in (meta.get("type_thresholds") or {}).items()}
        self.version = meta.get("version", "")
        self._lex_memo: dict = {}

    # ------------------------------------------------------------------ lexicon as a feature
    def lexicon_hits(self, tok: Token) -> list[tuple[str, Optional[str]]]:
        """(type, mode) of the trigger lexicon's entries for this word, blocking entries left out."""
        prt = next((c.lower_ for c in tok.children if c.dep_ == "compound:prt"), "")
        return self._hits((tok.lower_, tok.lemma_.lower(), prt, tok.pos_), tok.text, tok.lemma_)

    def lexicon_hits_at(self, view: WordView, i: int) -> list[tuple[str, Optional[str]]]:
        key = (view.lower[i], view.lemma_low[i], view.child_with(i, "compound:prt"), view.pos[i])
        return self._hits(key, view.text[i], view.lemma[i])

    def _hits(self, key: tuple, text: str, lemma: str) -> list[tuple[str, Optional[str]]]:
        hit = self._lex_memo.get(key)
        if hit is None:
            low, lem, prt, pos = key
            verbs = self.rules.lexicon.verbs
            rows = verbs.get(low, []) + verbs.get(lem, []) + (verbs.get(prt + lem, []) if prt else [])
            out = {(t.type, t.mode) for t, _ in rows if t.type != "-"}
            if pos != "VERB" or not out:
                noun = self.rules._noun_trigger(text, lemma)
                if noun is not None and noun.type != "-":
                    out.add((noun.type, noun.mode))
            hit = sorted(out, key=lambda x: (x[0], x[1] or ""))
            self._lex_memo[key] = hit
        return hit

    def lexicon_targets(self, tok: Token, etype: str) -> bool:
        """False when every lexicon entry of this word and type says its event has no target."""
        low, lem = tok.lower_, tok.lemma_.lower()
        rows = [t for t, _ in self.rules.lexicon.verbs.get(low, []) + self.rules.lexicon.verbs.get(lem, []) if t.type == etype]
        if not rows and tok.pos_ != "VERB":
            noun = self.rules._noun_trigger(tok.text, tok.lemma_)
            rows = [noun] if noun is not None and noun.type == etype else []
        return not rows or any(t.target != ("-",) for t in rows)

    def lexicon_types_at(self, view: WordView, i: int) -> list[str]:
        return sorted({t for t, _ in self.lexicon_hits_at(view, i)})

    # ------------------------------------------------------------------ decisions
    def rule_events(self, doc: Doc, rule_list: Optional[list[Event]] = None) -> dict[int, Event]:
        """The rule coder's events (asserted or not) by trigger token: features of the decisions."""
        out = {}
        for ev in self.rules.extract_by_rules(doc, keep_unasserted=True) if rule_list is None else rule_list:
            span = doc.char_span(ev.start, ev.end, alignment_mode="expand")
            if span is not None and len(span):
                out[span.root.i] = ev
        return out

    def fallback(self, rule_list: list[Event], learned: list[Event], keep_unasserted: bool) -> list[Event]:
        """The rule coder's events where the learned coder found nothing: a trigger word it did not take
        and a (sentence, type) it did not code. On the 2019 dev gold this raised type F1 from 0.564 to
        0.607 and (type, countries) from 0.339 to 0.408; on the corpus dev split it changed neither."""
        starts = {e.start for e in learned}
        coded = {(e.sentence, e.type) for e in learned}
        out = []
        for ev in rule_list:
            if ev.start in starts or (ev.sentence, ev.type) in coded:
                continue
            if not keep_unasserted and not self.rules.asserted(ev):
                continue
            out.append(ev.model_copy(update={"reason": f"rule coder (no learned event here): {ev.reason}"}))
        return out

    def trigger_rows(self, doc: Doc, view: WordView, cands: list[int], rule_at: dict[int, Event]) -> list[list[str]]:
        """The trigger model's rows for the candidate words (training builds them with this too)."""
        quotes = sorted((q.start, q.end) for q in (doc._.quotes or []))
        starts = [q[0] for q in quotes]
        memo: dict[int, list[str]] = {}

        def types(j: int) -> list[str]:
            t = memo.get(j)
            if t is None:
                t = memo[j] = self.lexicon_types_at(view, j)
            return t

        rows = []
        for i in cands:
            idx = view.idx[i]
            k = bisect_right(starts, idx) - 1  # quotes do not overlap: only the last one starting before can hold it
            in_quote = k >= 0 and quotes[k][0] <= idx < quotes[k][1]
            rows.append(trigger_features(view, i, types, in_quote, rule_at.get(i), self.agent_codes))
        return rows

    @property
    def agent_codes(self) -> dict[str, str]:
        """One-word agent nouns of the language (*troops*, *militants*, *police*) → their agent code."""
        codes = getattr(self, "_agent_codes", None)
        if codes is None:
            codes = self._agent_codes = {a.noun: a.code for a in getattr(self.rules, "agents", []) if " " not in a.noun}
        return codes

    @property
    def lowest_threshold(self) -> float:
        return min([self.trigger_threshold, *self.type_thresholds.values()])

    def triggers(self, doc: Doc, rule_at: dict[int, Event], view: Optional[WordView] = None) -> list[tuple[Token, str, float]]:
        view = view if view is not None else WordView(doc)
        cands = view.candidates()
        if not cands:
            return []
        rows = self.trigger_rows(doc, view, cands, rule_at)
        probs = self.trigger.predict_proba(rows)
        out = []
        none = self.trigger.labels.index(NONE)
        for k, i in enumerate(cands):
            p_event = 1.0 - float(probs[k, none])
            if p_event < self.lowest_threshold:
                continue
            row = probs[k].copy()
            row[none] = -1
            j = int(np.argmax(row))
            label = self.trigger.labels[j]
            if p_event < self.type_thresholds.get(label, self.trigger_threshold):
                continue
            out.append((doc[i], label, p_event))
        return one_per_construction(out)

    def factuality_features(self, tok: Token, etype: str, types_at: dict[int, str], rule) -> tuple[list[str], str]:
        govs = clauses.embedding_verbs(tok)
        modality, negated, cue = self.rules._modality(tok, clauses.clause_stretch(tok), None, None)
        state = "negated" if negated else modality or "none"
        return factuality_features(tok, etype, govs, [types_at.get(g.i, "-") for g in govs], state, rule), cue

    def factualities(self, found, types_at: dict[int, str], rule_at: dict[int, Event]) -> list[tuple[str, float, list[str]]]:
        """Factuality and its probability for each trigger (one model call for the document)."""
        rows, cues = [], []
        for tok, etype, _ in found:
            feats, cue = self.factuality_features(tok, etype, types_at, rule_at.get(tok.i))
            rows.append(feats)
            cues.append([cue] if cue else [])
        probs = self.factuality.predict_proba(rows)
        best = probs.argmax(axis=1)
        return [(self.factuality.labels[j], float(probs[k, j]), cues[k]) for k, j in enumerate(best)]

    def role_rows(self, tok: Token, etype: str, passive: bool, actor_chars: set[int], rule) -> tuple[list[Token], list[list[str]]]:
        cands = role_candidates(tok)
        spans = {}
        if rule is not None and rule.type == etype:
            for role in ("source", "target"):
                ref = getattr(rule, role)
                if ref is not None and ref.start is not None:
                    spans[role] = (ref.start, ref.end)
        gfs = grammatical_functions(tok)
        rows = []
        for c in cands:
            rr = "noevent" if rule is None or rule.type != etype else "none"
            for role, (s, e) in spans.items():
                if s <= c.idx < e:
                    rr = role
            rows.append(role_features(tok, etype, c, c.idx in actor_chars, passive, rr, gfs.get(c.i, "-")))
        return cands, rows

    def _choose(self, cands: list[Token], probs: np.ndarray):
        """The most probable source and (another) target among a trigger's candidates, above thresholds."""
        labels = self.role.labels
        si, ti = labels.index("source"), labels.index("target")
        src = tgt = None
        order = np.argsort(-probs[:, si])
        if probs[order[0], si] >= self.source_threshold:
            src = (cands[int(order[0])], float(probs[order[0], si]))
        for k in np.argsort(-probs[:, ti]):
            if probs[k, ti] < self.target_threshold:
                break
            if src is None or cands[int(k)].i != src[0].i:
                tgt = (cands[int(k)], float(probs[k, ti]))
                break
        return src, tgt

    # ------------------------------------------------------------------ events
    def extract(self, doc: Doc, keep_unasserted: bool) -> list[Event]:
        """The learned coder's events, then the rule coder's where it found none (``fallback``)."""
        view = WordView(doc)  # one for both coders
        rule_list = self.rules.extract_by_rules(doc, keep_unasserted=True, view=view)  # one run: features and fallback
        events = self._learned_events(doc, keep_unasserted, self.rule_events(doc, rule_list), view)
        return events + self.fallback(rule_list, events, keep_unasserted)

    def _learned_events(self, doc: Doc, keep_unasserted: bool, rule_at: dict[int, Event],
                        view: Optional[WordView] = None) -> list[Event]:
        found = self.triggers(doc, rule_at, view)
        if not found:
            return []
        types_at = {t.i: ty for t, ty, _ in found}
        actor_chars = {s for a in (doc._.actors or []) for s, _ in a.mentions}
        main = main_country(doc, home=self.rules.home_country)
        kept = []
        for (tok, etype, p_trig), (fact, p_fact, cues) in zip(found, self.factualities(found, types_at, rule_at)):
            gov = next((g for g in clauses.embedding_verbs(tok) if types_at.get(g.i) in NONFACTIVE), None)
            if gov is not None and fact == "asserted":
                # the content of a demand, refusal, threat or promise did not (yet) happen
                fact, cues = "hypothetical", cues + [f"content of {types_at[gov.i]} '{gov.text}'"]
            if fact != "asserted" and not keep_unasserted:
                continue
            passive = tok.pos_ == "VERB" and clauses.is_passive(tok, self.rules.lexicon.participles)
            cands, rows = self.role_rows(tok, etype, passive, actor_chars, rule_at.get(tok.i))
            kept.append((tok, etype, p_trig, fact, p_fact, cues, passive, cands, rows))
        # one role-model call for all triggers of the document
        probs = self.role.predict_proba([r for *_, rows in kept for r in rows])
        events: list[Event] = []
        at = 0
        for tok, etype, p_trig, fact, p_fact, cues, passive, cands, rows in kept:
            src, tgt = self._choose(cands, probs[at:at + len(rows)]) if cands else (None, None)
            at += len(rows)
            sources = [src] if src is not None else [None]
            if src is not None and etype not in RECIPROCAL:
                # 'Frankrijk en Duitsland veroordelen …': one event per coordinated source
                sources += [(c, src[1]) for c in clauses.conjuncts(src[0]) if c.pos_ in ("PROPN", "NOUN")]
            if (src is not None and tgt is None and etype in RECIPROCAL):
                conj = [c for c in clauses.conjuncts(src[0]) if c.pos_ in ("PROPN", "NOUN")]
                if conj:
                    tgt = (conj[0], src[1])
            rule = rule_at.get(tok.i)
            for s in sources:
                ev = self._event(doc, tok, etype, p_trig, fact, p_fact, cues, s, tgt, passive, main,
                                 rule if rule is not None and rule.type == etype else None)
                if ev is not None:
                    events.append(ev)
        return events

    def _event(self, doc, tok, etype, p_trig, fact, p_fact, cues, src, tgt, passive, main, rule) -> Optional[Event]:
        rules = self.rules
        quote = _quote_at(doc, tok.idx)
        src_tok = src[0] if src else None
        tgt_tok = tgt[0] if tgt else None
        source, src_how = rules._ref(doc, src_tok, f"learned source (p={src[1]:.2f})" if src else "no source", quote)
        target, tgt_how = rules._ref(doc, tgt_tok, f"learned target (p={tgt[1]:.2f})" if tgt else "no target", None)
        source, src_how, target, tgt_how = rule_participants(rule, source, src_how, target, tgt_how)
        if source is not None and target is not None and _same(source, target):
            target, tgt_how = None, "same as source"
        stretch = clauses.clause_stretch(tok)
        location, loc_how = _event_location(doc, tok, stretch, (src_tok, tgt_tok), rules.quads.get(etype), rules.words.location_preps)
        place_country = next((p.country for p in doc._.places or [] if p.name == location and p.country), None)
        source, src_how = rules._infer_country(doc, src_tok, source, src_how, main, place_country)
        target, tgt_how = rules._infer_country(doc, tgt_tok, target, tgt_how, main, place_country)
        # the lexicon's entries for the word say whether its event can have a target at all (aftreden: no)
        lex_targets = self.lexicon_targets(tok, etype)
        source, target, src_how, tgt_how, _ = imply_participants(
            etype, source, target, src_how, tgt_how, main, place_country, tok.pos_ != "VERB", lex_targets)
        modality = MODALITY.get(fact)
        date, date_how = _event_date(doc, tok, stretch, modality, rules.words.perfect_auxiliaries)
        lex = self.lexicon_hits(tok)
        mode = next((m for t, m in lex if t == etype and m), None)
        conf = p_trig * p_fact if fact == "asserted" else p_trig * (1 - p_fact) * 0.5
        lex_txt = ", ".join(f"{t}/{m}" if m else t for t, m in lex) or "no entry"
        reason = (
            f"learned trigger: {etype} p={p_trig:.2f} (lexicon: {lex_txt}); {fact} p={p_fact:.2f}"
            + (f" ({'; '.join(cues)})" if cues else "")
            + f"; source: {src_how}; target: {tgt_how}" + ("; passive" if passive else "")
            + f"; date: {date_how}" + (f"; place: {loc_how}" if location else "")
        )
        return Event(
            start=tok.idx, end=tok.idx + len(tok.text), text=doc_text(doc)[tok.idx : tok.idx + len(tok.text)],
            sentence=sentence_index(doc, tok.idx), confidence=round(max(0.05, min(conf, 0.95)), 3), reason=reason,
            type=etype, mode=mode, source=source, target=target, date=date, location=location,
            sentence_text=tok.sent.text.strip(), negated=fact == "negated", modality=modality,
        )


def rule_participants(rule: Optional[Event], source, src_how: str, target, tgt_how: str):
    """Where the role model chose no participant but the rule coder coded the same event at this
    trigger with one, the rule coder's participant (its parse-path rules know constructions the role
    model saw too rarely: *de steun aan Oekraïne stopgezet*, where the support's recipient is the target)."""
    if rule is None:
        return source, src_how, target, tgt_how
    if source is None and rule.source is not None and rule.source != target:
        source, src_how = rule.source, f"rule coder's source (the role model chose none): {_role_reason(rule.reason, 'source')}"
    if target is None and rule.target is not None and rule.target != source:
        target, tgt_how = rule.target, f"rule coder's target (the role model chose none): {_role_reason(rule.reason, 'target')}"
    return source, src_how, target, tgt_how


def _role_reason(reason: str, role: str) -> str:
    """The rule coder's explanation of one participant (its reason reads '...; source: ...; target: ...')."""
    for part in reason.split("; "):
        if part.startswith(role + ":"):
            return part[len(role) + 1:].strip()
    return "see the rule coder"


# a verb of these types acts on the noun it governs ('steun opgeschort', 'het voorstel afgewezen'): the
# noun names what was stopped or rejected, not an event of its own
GOVERNING_TYPES = {"SANCTION", "REJECT"}
CONSTRUCTION_DEPS = {"obj", "nsubj", "nsubj:pass", "obl"}  # how an event noun hangs on its verb


def one_per_construction(found: list[tuple[Token, str, float]]) -> list[tuple[Token, str, float]]:
    """One trigger per verb + noun construction, as the annotation guidelines mark them: a light verb
    and its event noun (*sloten een akkoord*, *voerde een aanval uit*) give the more probable of the
    two; a stopping or rejecting verb and the activity it governs give the verb."""
    at = {t.i: (t, ty, p) for t, ty, p in found}
    drop = set()
    for t, ty, p in found:
        head = t.head
        if head.i == t.i or head.i not in at or t.dep_ not in CONSTRUCTION_DEPS or t.pos_ == "VERB":
            continue
        _, hty, hp = at[head.i]
        if hty in GOVERNING_TYPES:
            drop.add(t.i)
        else:
            drop.add(t.i if p < hp else head.i)
    return [x for x in found if x[0].i not in drop]


def dedupe(events: list[Event]) -> list[Event]:
    """One event per (sentence, type, source, target), the most confident: two triggers of one
    sentence that code the same act between the same actors (*akkoord … bereikt*) are one event."""
    best: dict[tuple, Event] = {}
    for ev in events:
        key = (ev.sentence, ev.type, _ref_key(ev.source), _ref_key(ev.target))
        if key not in best or best[key].confidence < ev.confidence:
            best[key] = ev
    return sorted(best.values(), key=lambda e: (e.start, e.type))

