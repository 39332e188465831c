"""Modality of the rule event coder (``events``): whether the text asserts an event, from the cues
of the language's ``negation.tsv`` (negated, refused, denied, question, conditional, possible,
obligation, future, intent)."""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from . import clauses
from .event_lexicon import Cue, EventWords
from .event_syntax import _is_te_infinitive

ORDER = ["negated", "refused", "denied", "question", "conditional", "possible", "obligation", "future", "intent"]


def find_modality(cues: list[Cue], w: EventWords, t: Token, stretch, comp, light) -> tuple[Optional[str], bool, str]:
    """(modality, negated, reason) of the event at ``t`` from the cues of ``negation.tsv`` in its
    clause, the clause opener before it and the clauses of the verbs that embed it."""
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
    for cue in cues:
        if cue.scope == "sentence":
            if t.sent.text.rstrip().endswith(cue.cue):
                found.append((cue.value, cue.cue))
        elif cue.scope == "govern":
            if cue.cue in gov_lemmas:
                found.append((cue.value, cue.cue))
        else:
            words = cue.cue.split()
            for i in at_word.get(words[0], ()):
                if len(words) > 1 and " ".join(x.lower_ for x in doc[i : i + len(words)]) != cue.cue:
                    continue
                nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
                if cue.value == "negated" and nxt in w.negation_exceptions:
                    continue
                if cue.value == "conditional" and (i > t.i or (doc[i].pos_ != "SCONJ" and doc[i].dep_ != "mark")):
                    continue  # 'als minister' after the verb is no condition
                found.append((cue.value, doc[i].text))
                break
    if w.purpose_marker and _is_te_infinitive(t, w) and any(doc[i].lower_ == w.purpose_marker for i in range(stretch[0], t.i) if i not in skip):
        found.append(("intent", f"{w.purpose_marker} … {w.infinitive_marker}"))  # a purpose: 'om verder te onderhandelen'
    if not found:
        return None, False, ""
    found.sort(key=lambda x: ORDER.index(x[0]) if x[0] in ORDER else 99)
    value, word = found[0]
    negated = value == "negated"
    return (None if negated else value), negated, f"cue '{word}' → {value}"
