"""Features of the learned event layer, shared by training and analysis.

Three decisions are learned from the annotated event corpus (``training/events/``):

* **trigger**: is this word an event trigger, and of which PLOVER type (or none)?
* **factuality**: is a trigger's event asserted, negated, future or hypothetical?
* **role**: is this nominal the source, the target or neither of a trigger?

Each decision reads sparse string features of the parse (word, lemma, part of speech, dependency
relations, the path between trigger and candidate, the trigger lexicon's and the rule coder's opinion).
No word list of any language is written here: words enter as features and the weights say what they
mean. (The shared tok2vec's vectors were tried as features and lowered dev F1.)
"""
from __future__ import annotations

from typing import Callable, Optional

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, LEMMA, LOWER, MORPH, ORTH, POS, SENT_START
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc, Token

from . import clauses

TRIGGER_POS = frozenset({"VERB", "NOUN", "ADJ", "X"})
CANDIDATE_POS = frozenset({"NOUN", "PROPN", "PRON", "X"})
NAME_PART_DEPS = frozenset({"flat", "flat:name", "fixed", "compound"})
ARGUMENT_DEPS = frozenset({"nsubj", "nsubj:pass", "obj", "iobj", "obl", "obl:agent", "nmod", "nmod:poss", "csubj", "ccomp", "xcomp"})
MAX_PATH = 4
POS_NAMES = {v: k for k, v in POS_IDS.items()}


def _case(tok: Token) -> str:
    for c in tok.children:
        if c.dep_ == "case":
            return c.lower_
    return ""


class WordView:
    """The token attributes the trigger features read, as per-document lists.

    Building spaCy ``Token`` objects in a Python loop, ``Token.sent`` above all, is what made the
    features slow; one pass over the document builds these lists instead.
    """

    _strings: dict[int, str] = {}  # hash -> string, shared: a dict look-up is cheaper than the StringStore's

    def __init__(self, doc: Doc):
        self.doc = doc
        n = len(doc)
        arr = doc.to_array([ORTH, LOWER, LEMMA, POS, DEP, HEAD, IDX, MORPH, ENT_TYPE]) if n else np.zeros((0, 9), dtype=np.uint64)
        cache, strings = WordView._strings, doc.vocab.strings

        def names(col) -> list[str]:
            out = []
            for h in col:
                s = cache.get(h)
                if s is None:
                    s = cache[h] = strings[h] if h else ""
                out.append(s)
            return out

        self.text, self.lower, self.lemma = names(arr[:, 0].tolist()), names(arr[:, 1].tolist()), names(arr[:, 2].tolist())
        self.lemma_low = [x.lower() for x in self.lemma]
        self.pos = [POS_NAMES.get(x, "") for x in arr[:, 3].tolist()]
        self.dep = names(arr[:, 4].tolist())
        # HEAD is stored as an offset (unsigned in the array): the head's index is i + offset
        self.head = (arr[:, 5].astype(np.int64) + np.arange(n, dtype=np.int64)).tolist()
        self.idx = arr[:, 6].tolist()
        self._morph = arr[:, 7].tolist()
        self.ent = names(arr[:, 8].tolist())  # the named-entity label of each word ('' outside names)
        self.children: list[list[int]] = [[] for _ in range(n)]
        for i, h in enumerate(self.head):
            if h != i:
                self.children[h].append(i)
        self.sent_start, self.sent_end = [0] * n, [n] * n
        if n and doc.has_annotation("SENT_START"):
            # as doc.sents: a sentence starts at the first word and at every word marked as a start
            starts = doc.to_array([SENT_START]).reshape(-1) == 1
            starts[0] = True
            pos = np.arange(n)
            first = np.maximum.accumulate(np.where(starts, pos, 0))
            nxt = np.append(np.where(starts, pos, n)[1:], n)  # the next start after each word
            last = np.minimum.accumulate(nxt[::-1])[::-1]
            self.sent_start, self.sent_end = first.tolist(), last.tolist()

    _verbforms: dict[int, str] = {}  # morph hash -> its first VerbForm value ('' if none), shared

    def verbform(self, i: int) -> str:
        """The first VerbForm value of word ``i`` (as ``Token.morph.get('VerbForm')[0]``), or ''."""
        h = self._morph[i]
        vf = WordView._verbforms.get(h)
        if vf is None:
            vf = ""
            for field in (self.doc.vocab.strings[h] if h else "").split("|"):
                if field.startswith("VerbForm="):
                    vf = field[len("VerbForm="):].split(",")[0]
            WordView._verbforms[h] = vf
        return vf

    def candidates(self) -> list[int]:
        """The words that can be triggers: verbs, nouns, adjectives (and words the tagger left as X)."""
        return [i for i, p in enumerate(self.pos) if p in TRIGGER_POS]

    def child_with(self, i: int, dep: str) -> str:
        """The lower-cased first child of word ``i`` with relation ``dep`` ('' if none)."""
        for c in self.children[i]:
            if self.dep[c] == dep:
                return self.lower[c]
        return ""


def rule_state(ev) -> str:
    """The rule coder's factuality of an event it found: asserted, negated or its modality."""
    return "negated" if ev.negated else ev.modality or "asserted"


def trigger_features(view: WordView, i: int, lexicon_types: Callable[[int], list[str]], in_quote: bool, rule=None,
                     agent_codes: Optional[dict[str, str]] = None) -> list[str]:
    """What word ``i`` and its place in the parse say about it being a trigger; ``rule`` is the rule
    coder's event at this word, if any (its lexicon, role and modality checks in one feature);
    ``agent_codes`` maps the language's one-word agent nouns (``agents.tsv``: *troops* → MIL) to their code."""
    low, lem, pos, dep = view.lower[i], view.lemma_low[i], view.pos[i], view.dep[i]
    h = view.head[i]
    f = [
        "bias", f"w={low}", f"l={lem}", f"s4={low[-4:]}", f"s6={low[-6:]}", f"p={pos}", f"d={dep}",
        f"hl={view.lemma_low[h]}", f"hp={view.pos[h]}", f"dp={dep}>{view.pos[h]}", f"pl={pos}|{lem}",
    ]
    prt = view.child_with(i, "compound:prt")
    if prt:
        f.append(f"prt={prt}{lem}")
    for c in view.children[i]:
        cdep = view.dep[c]
        if cdep in ARGUMENT_DEPS:
            f.append(f"c={cdep}")
            case = view.child_with(c, "case")
            if case:
                f.append(f"cc={cdep}/{case}")
            if cdep in ("obj", "obl"):
                f.append(f"cl={cdep}/{view.lemma_low[c]}")
            if view.ent[c]:
                # who acts on whom: a state attacks (ASSAULT), a politician attacks a rival (ACCUSE)
                f += [f"ce={cdep}/{view.ent[c]}", f"lce={lem}|{cdep}/{view.ent[c]}"]
            elif agent_codes:
                code = agent_codes.get(view.lower[c]) or agent_codes.get(view.lemma_low[c])
                if code:
                    f += [f"ce={cdep}/{code}", f"lce={lem}|{cdep}/{code}"]
        elif cdep in ("aux", "aux:pass", "advmod", "det", "amod", "mark", "cop"):
            f.append(f"ca={cdep}/{view.lower[c]}")
    if view.pos[h] in ("VERB", "AUX"):  # the head verb; a root verb is its own head
        f.append(f"hv={view.lemma_low[h]}")
        for t in lexicon_types(h):
            f.append(f"hx={t}")
    if i > view.sent_start[i]:
        f.append(f"l-1={view.lemma_low[i - 1]}")
    if i + 1 < view.sent_end[i]:
        f.append(f"l+1={view.lemma_low[i + 1]}")
    types = lexicon_types(i)
    for t in types:
        f += [f"x={t}", f"xp={t}|{pos}"]
    if not types:
        f.append("x=none")
    if in_quote:
        f.append("q")
    vf = view.verbform(i)
    if vf:
        f.append(f"vf={vf}")
    if i == view.sent_start[i]:
        f.append("first")
    if rule is not None:
        f += [f"rule={rule.type}", f"rulem={rule_state(rule)}", f"rulet={rule.type}|{rule_state(rule)}"]
    else:
        f.append("rule=none")
    return f


def _path(a: Token, b: Token) -> Optional[str]:
    """Dependency path from trigger ``a`` to candidate ``b``: up-arcs then down-arcs, or None if long."""
    up_a = [a] + list(a.ancestors)
    idx = {t.i: k for k, t in enumerate(up_a)}
    chain_b = [b]
    cur = b
    while cur.i not in idx:
        if cur.head.i == cur.i or len(chain_b) > MAX_PATH + 1:
            return None
        cur = cur.head
        chain_b.append(cur)
    k = idx[cur.i]
    ups = [f"^{t.dep_}" for t in up_a[:k]]
    downs = [f"v{t.dep_}" for t in reversed(chain_b[:-1])]
    if len(ups) + len(downs) > MAX_PATH:
        return None
    return "".join(ups + downs) or "self"


def role_candidates(tok: Token) -> list[Token]:
    """Nominal heads in the trigger's sentence: the words that can name a participant."""
    out = []
    for c in tok.sent:
        if c.i == tok.i or c.pos_ not in CANDIDATE_POS:
            continue
        if c.dep_ in NAME_PART_DEPS and c.head.pos_ in CANDIDATE_POS and abs(c.head.i - c.i) <= 3:
            continue  # 'Bill Clinton': the name's head stands for it
        out.append(c)
    return out


def grammatical_functions(trig: Token) -> dict[int, str]:
    """The trigger's subject, objects, agent and possessors as the clause finder reads them (it mends
    Dutch inverted word order and subjects the parser hangs on an auxiliary)."""
    out: dict[int, str] = {}
    for o in clauses.possessor_of(trig) if trig.pos_ != "VERB" else ():
        out[o.i] = "poss"
    for o in clauses.direct_objects(trig):
        out[o.i] = "obj"
    agent = clauses.agent_phrase(trig)
    if agent is not None:
        out[agent.i] = "agent"
    subj = clauses.subject_of(trig)
    if subj is None:
        for aux in trig.children:  # 'hadden de Verenigde Staten … opgeschort': subject on the auxiliary
            if aux.dep_ in ("aux", "aux:pass", "cop"):
                subj = next((c for c in aux.children if c.dep_ in ("nsubj", "nsubj:pass")), None) or subj
    if subj is not None:
        out[subj.i] = "subj"
    return out


def role_features(trig: Token, etype: str, cand: Token, is_actor: bool, passive: bool, rule_role: str = "noevent",
                  gf: str = "-") -> list[str]:
    """``rule_role``: what the rule coder's event at this trigger made of the candidate (source,
    target, none) or ``noevent``; ``gf``: its grammatical function (``grammatical_functions``)."""
    path = _path(trig, cand) or "far"
    before = cand.i < trig.i
    dist = abs(cand.i - trig.i)
    bucket = "1" if dist == 1 else "2-3" if dist <= 3 else "4-7" if dist <= 7 else "8+"
    case = _case(cand)
    pas = "pass" if passive else "act"
    tpos = trig.pos_
    return [
        "bias", f"path={path}", f"tp={etype}|{path}", f"pp={pas}|{path}", f"pt={tpos}|{path}",
        f"cp={cand.pos_}", f"cd={cand.dep_}", f"case={case}", f"tc={etype}|{case}", f"tpc={tpos}|{case}",
        f"dir={'L' if before else 'R'}", f"dd={'L' if before else 'R'}{bucket}", f"tdir={etype}|{'L' if before else 'R'}",
        f"ent={cand.ent_type_ or '-'}", f"act={is_actor}", f"tact={etype}|{is_actor}",
        f"pron={cand.lower_ if cand.pos_ == 'PRON' else '-'}", f"cl={cand.lemma_.lower()}",
        f"ptd={pas}|{'L' if before else 'R'}|{cand.dep_}", f"rr={rule_role}", f"rrt={etype}|{rule_role}",
        f"gf={gf}", f"gft={etype}|{gf}", f"gfp={pas}|{gf}", f"gfc={gf}|{case}",
    ]


def factuality_features(tok: Token, etype: str, governors: list[Token], gov_types: list[str], cue: str, rule=None) -> list[str]:
    """What the clause says about whether the event took place; ``cue`` is the rule coder's
    modality cue in the clause (``negation.tsv``), ``rule`` its event at this word."""
    f = ["bias", f"ty={etype}", f"p={tok.pos_}", f"d={tok.dep_}", f"cue={cue}", f"cuet={cue}|{etype}",
         f"rulef={rule_state(rule) if rule is not None else 'none'}"]
    for c in tok.children:
        if c.dep_ in ("aux", "aux:pass", "advmod", "mark", "det", "cop", "case"):
            f.append(f"c={c.dep_}/{c.lower_}")
    head = tok.head  # a root is its own head (the models were trained so)
    f.append(f"h={head.lemma_.lower()}")
    for c in head.children:
        if c.dep_ in ("aux", "advmod", "mark") and c.i != tok.i:
            f.append(f"hc={c.dep_}/{c.lower_}")
    for g, gt in zip(governors, gov_types):
        f += [f"g={g.lemma_.lower()}", f"gt={gt}", f"gtt={gt}|{etype}"]
    for key in ("Tense", "VerbForm", "Mood"):
        for v in tok.morph.get(key):
            f.append(f"m={key}={v}")
    sent = tok.sent
    if sent.text.rstrip().endswith("?"):
        f.append("question")
    return f
