"""Tagging a document: candidates from every rule, longest first, handled in text order."""
from __future__ import annotations

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from ...document import Timex
from ..extensions import doc_text, sentence_index
from .gate import _Gate, _rule_matches
from .gate import build_gate
from .lexicon import Lexicon, load_lexicon
from .rules import Rule, build_rules
from .run import _as_date, _Run, _span


def find_timexes(doc: Doc, lex: Lexicon, rules: list[Rule], published_at=None,
                 gate: Optional[_Gate] = None) -> list[Timex]:
    """All time expressions of ``doc``, normalised against ``published_at``."""
    text = doc_text(doc)
    starts = gate.starts(text) if gate is not None else None
    cands = []
    for order, rule in enumerate(rules):
        for m in _rule_matches(rule, text, starts):
            s, e = _span(m)
            if e > s:
                cands.append((s, e, order, rule, m))
    run = _Run(doc, lex, _as_date(published_at), [(c[0], c[1]) for c in cands])
    cands.sort(key=lambda c: (c[0], -(c[1] - c[0]), c[2]))
    out: list[Timex] = []
    covered = 0
    for s, e, _, rule, m in cands:
        if s < covered:
            continue
        results = rule.handler(run, m)
        if not results:
            continue
        for r in results:
            if r.start < covered:
                continue
            try:
                sent = sentence_index(doc, r.start)
            except ValueError:  # a doc without sentence boundaries
                sent = 0
            out.append(
                Timex(
                    start=r.start,
                    end=r.end,
                    text=text[r.start:r.end],
                    sentence=sent,
                    confidence=round(r.confidence, 2),
                    reason=f"{rule.name}: {r.reason}",
                    type=r.type,
                    value=r.value,
                )
            )
            covered = max(covered, r.end)
            if r.point is not None and r.value is not None:
                run.ref, run.ref_start, run.ref_end, run.ref_abs = r.point, r.start, r.end, r.absolute
    return out


class TimexTagger:
    """spaCy component: fills ``doc._.timexes`` with ``kroniek.document.Timex`` records."""

    def __init__(self, lang: str = "nl") -> None:
        self.lang = lang
        self.lex = load_lexicon(lang)
        self.rules = build_rules(self.lex)
        self.gate = build_gate(self.rules)

    def __call__(self, doc: Doc) -> Doc:
        doc._.timexes = find_timexes(doc, self.lex, self.rules, doc._.published_at, self.gate)
        return doc


# `nlp` unannotated: spaCy 3.8.7's config resolver cannot resolve postponed annotations of it
@Language.factory("kroniek_timex", default_config={"lang": "nl"})
def make_timex(nlp, name: str, lang: str) -> TimexTagger:
    return TimexTagger(lang)
