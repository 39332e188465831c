"""Per-document state of the rules (publication date, reference time, tense) and match helpers."""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Callable, Optional

from spacy.tokens import Doc

from ..extensions import doc_text
from .lexicon import Lexicon
from .points import Point
from .tense import TenseFinder

# --------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------


@dataclass
class Result:
    start: int
    end: int
    type: str
    value: Optional[str]
    confidence: float
    reason: str
    point: Optional[Point] = None  # calendar point, becomes the reference time
    absolute: bool = False  # stated with its year (not resolved against the publication date)


@dataclass
class Rule:
    name: str
    regex: re.Pattern
    handler: Callable


class _Run:
    """State of one document: publication date, reference time, tense finder."""

    def __init__(self, doc: Doc, lex: Lexicon, dct: Optional[dt.date], cand_spans: list[tuple[int, int]]):
        self.doc, self.text, self.lex, self.dct = doc, doc_text(doc), lex, dct
        self.tf = TenseFinder(doc, lex, cand_spans)
        self.ref: Optional[Point] = None
        self.ref_start = self.ref_end = -1
        self.last_shift: Optional[tuple] = None  # (point, amount, unit code, direction word) of the last shift
        self.ref_abs = False
        self.sent_starts = self._sentence_starts()

    def _sentence_starts(self) -> list[int]:
        starts = [0]
        for m in re.finditer(r"[.!?]+['\"”’]?\s+|\n+", self.text):
            starts.append(m.end())
        return starts

    def sent_no(self, char: int) -> int:
        return bisect_right(self.sent_starts, char) - 1

    # -- helpers --------------------------------------------------------
    def tokens(self, s: int, e: int) -> tuple[int, int]:
        sp = self.doc.char_span(s, e, alignment_mode="expand")
        return (sp.start, sp.end) if sp is not None else (0, 0)

    def tense(self, s: int, e: int) -> tuple[Optional[str], str]:
        a, b = self.tokens(s, e)
        if b <= a:
            return None, "no tokens"
        return self.tf.tense(a, b)

    def same_clause(self, other: int, s: int, e: int) -> bool:
        """Whether the text offset ``other`` lies in the clause of ``[s, e)`` (*in July 1997, will
        join on March 12*: no; the comma and the clause words of the lexicon bound clauses)."""
        if other < 0:
            return False
        cs, ce = self.tf.clause(*self.tokens(s, e))
        return cs <= self.tokens(other, other + 1)[0] < ce

    def futurate(self, s: int, e: int) -> bool:
        """Whether a present tense here reads as a plan: the expression stands right next
        to its finite verb (*stemt dinsdag*, *Dinsdag stemt*), not inside a noun phrase
        (*de beelden van zaterdag vormen ...*)."""
        a, b = self.tokens(s, e)
        if a > 0 and self.doc[a - 1].lower_ in self.lex.words("not_futurate_after"):
            return False
        if b < len(self.doc) and self.doc[b].lower_ in self.lex.words("not_futurate_before"):
            return False  # *follows Tuesday's declaration*: a possessive names a day, not a plan
        near = [i for i in (a - 1, b) if 0 <= i < len(self.doc)]
        return any(self.tf.kind(i) in ("PRES", "FUT") for i in near)

    def anchor(self) -> tuple[Optional[Point], str]:
        """Reference time for anaphora: the last date mentioned, else the publication date."""
        if self.ref is not None:
            return self.ref, f"reference time {self.ref.value()}"
        if self.dct is not None:
            return Point("day", self.dct), "publication date"
        return None, ""

    def day_anchor(self, start: int) -> tuple[Optional[dt.date], str]:
        """Day for a clock time or part of day: a day mentioned in this or the previous sentence."""
        if self.ref is not None and self.ref.gran in ("day", "time") and self.sent_no(start) - self.sent_no(self.ref_end) <= 1:
            return self.ref.date, f"day of {self.ref.value()}"
        if self.dct is not None:
            return self.dct, "publication date"
        return None, ""

    def no_dct(self, s: int, e: int, typ: str, what: str) -> Result:
        return Result(s, e, typ, None, 0.5, f"{what}; no publication date, relative value left unresolved")


def _g(m: re.Match, name: str) -> Optional[str]:
    """Group ``name`` lower-cased; None when it did not take part or the rule has no such group."""
    try:
        v = m.group(name)
    except IndexError:
        return None
    return v.lower() if v else None


def _span(m: re.Match) -> tuple[int, int]:
    try:
        if m.group("t") is not None:
            return m.span("t")
    except IndexError:
        pass
    return m.span()


def _norm(s: Optional[str]) -> Optional[str]:
    return " ".join(s.split()) if s else s


# -- handlers (each returns a list of Result, or None to reject the match) --

class _Alias:
    """A match whose group names are remapped (for alternations with twin groups)."""

    def __init__(self, m: re.Match, names: dict, fixed: Optional[dict] = None):
        self.m, self.names, self.fixed = m, names, fixed or {}

    def group(self, name=0):
        if name in self.fixed:  # a literal stand-in for a group this regex lacks
            return self.fixed[name]
        return self.m.group(self.names.get(name, name))

    def span(self, name=0):
        return self.m.span(self.names.get(name, name))

    def start(self, name=0):
        return self.m.start(self.names.get(name, name))

    def end(self, name=0):
        return self.m.end(self.names.get(name, name))




def _as_date(v) -> Optional[dt.date]:
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v)[:10])
    except ValueError:
        return None
