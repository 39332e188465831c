"""Time expressions (TIMEX3): detection and normalisation for Dutch news.

The component ``kroniek_timex`` finds time expressions with regular
expressions built from the language's lexicon (``data/<lang>/timex.json``)
and normalises each against the article's publication date
(``doc._.published_at``), following the TIMEX3 conventions of
``shared/eval/GOLD_FORMAT.md``: ``2019-03-06``, ``2019-W10``,
``2019-W12-WE``, ``2019-03``, ``2019``, ``2019-SU``, ``199`` (a decade),
``P2W``, ``PT9H``, ``PXY``, ``2019-03-06TMO``, ``2019-03-06T10:00``,
``PRESENT_REF``/``PAST_REF``/``FUTURE_REF`` and SETs (``P1Y``, ``XXXX-WXX-2``).

How a value is chosen (the rules, in short; ``docs/timex.md`` has them all):

* deictic words count from the publication date: *gisteren* is the day
  before, *vorige week* the ISO week before, *vorig weekend* the weekend of
  that week, *twee weken geleden* the ISO week two weeks back;
* a weekday, a month or a day and month without a year are resolved by the
  tense of the clause they stand in (the morphologizer's ``Tense`` of its
  finite verbs, a perfect *heeft/is* + participle counting as past, *zal* as
  future): past picks the last occurrence, future (and, for weekdays, the
  present, which Dutch news uses for plans) the next; without a tense the
  nearest occurrence wins. *vorige*, *afgelopen*, *komende*, *volgende*,
  *aanstaande*, *jl.* override the tense;
* anaphoric expressions (*zes jaar later*, *die dinsdag*, *de volgende
  ochtend*, *het eind van de dag*) count from the last date the article
  mentioned (the reference time), or from the publication date if none;
* without a publication date a relative expression gets ``value=None`` and
  its ``reason`` says so; absolute ones (*12 maart 2019*, *1987*), durations,
  sets and ``*_REF`` values still get a value.

The trained parser of this project is weak (UAS about 0.6), so the governing
verb is looked for in the clause around the expression (bounded by
punctuation, conjunctions and relative pronouns) rather than only along the
dependency arc; the dependency head is preferred when it lies in that clause.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Callable, Iterable, Optional

from spacy.language import Language
from spacy.tokens import Doc

try:  # the regex parser of CPython's ``re`` (3.11+), used to find the rules' first characters
    import re._constants as _sre
    from re._parser import parse as _sre_parse
except ImportError:  # pragma: no cover - other Pythons: the gate is off, every rule scans the text
    _sre = _sre_parse = None

from ..document import Timex
from ..lang import get_pack
from . import extensions  # noqa: F401  (registers doc._.published_at / doc._.timexes)
from .extensions import doc_text, sentence_index

# --------------------------------------------------------------------------
# Lexicon and patterns
# --------------------------------------------------------------------------


def _alt(words: Iterable[str]) -> str:
    """Regex alternation of literal words, longest first (so *dagen* beats *dag*)."""
    ws = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ws) + ")"


B = r"(?<![\w'’])"  # word start
E = r"(?![\w])"  # word end


@dataclass
class Lexicon:
    raw: dict
    weekdays: dict = field(init=False)
    months: dict = field(init=False)
    numbers: dict = field(init=False)
    units: dict = field(init=False)

    def __post_init__(self) -> None:
        r = self.raw
        self.weekdays = r["weekdays"]
        self.months = {**r["months"], **r["month_abbreviations"]}
        self.numbers = r["numbers"]
        self.units = r["units"]
        self.tense = {k: set(v) if isinstance(v, list) else v for k, v in r["tense"].items()}
        self.clause_words = set(r["clause_words"])
        self.vague = set(r["vague_quantities"])
        self.halves = r["halves"]
        self.ref_words = {w: k for k, ws in r["ref_words"].items() for w in ws}
        self.deictic = {w: k for k, ws in r["deictic"].items() for w in ws}
        self.seasons = r["seasons"]
        self.holidays = r["holidays"]
        self.year_cues = set(r["year_cues"])
        self.not_year_before = set(r["not_year_before"])
        self.decades = r["decades"]

    def number(self, s: str) -> Optional[float]:
        """Value of a Dutch number (digits, *twaalf*, *vijfentwintig*, *anderhalf*)."""
        s = " ".join(s.lower().split())
        if s in self.halves:
            return self.halves[s]
        if re.fullmatch(r"\d+([.,]\d+)?", s):
            return float(s.replace(",", "."))
        if s in self.numbers:
            return self.numbers[s]
        m = re.fullmatch(r"(\w+?)(?:en|ën)(\w+)", s)
        if m and m.group(1) in self.raw["number_units"] and m.group(2) in self.raw["number_tens"]:
            return self.raw["number_units"][m.group(1)] + self.raw["number_tens"][m.group(2)]
        return None


@lru_cache(maxsize=4)
def load_lexicon(lang: str = "nl") -> Lexicon:
    with open(get_pack(lang).data("timex.json"), encoding="utf8") as f:
        return Lexicon(json.load(f))


class Patterns:
    """The sub-patterns every rule is written with, filled from the lexicon."""

    def __init__(self, lex: Lexicon) -> None:
        r = lex.raw
        nu, nt = r["number_units"], r["number_tens"]
        compound = f"(?:{'|'.join(nu)})(?:en|ën)(?:{'|'.join(nt)})"
        self.NUM = f"(?:\\d{{1,4}}(?:[.,]5)?|{compound}|{_alt(r['numbers'])})"
        self.HALF = _alt(r["halves"])
        self.VAGUE = _alt(r["vague_quantities"])
        self.APX = _alt(w for w in r["approximators"] if w not in ("al", "nog", "zeker"))
        self.ADJ = _alt(r["duration_adjectives"])
        self.UNIT = _alt(r["units"])
        self.SG_UNIT = _alt(w for w in r["units"] if w not in r["plural_units"])
        self.PL_UNIT = _alt(r["plural_units"])
        self.LONG = _alt(r["long_units"])
        self.AGE = _alt(r["age_suffixes"])
        self.WD = _alt(r["weekdays"])
        self.WD_ADV = _alt(r["weekday_adverbs"])
        self.MONTH = _alt(r["months"])
        self.MON_ABBR = _alt(r["month_abbreviations"])
        self.POD = _alt(r["parts_of_day"])
        self.PREV = _alt(r["deictic"]["previous"])
        self.NEXT = _alt(r["deictic"]["next"])
        self.ANA = _alt(r["deictic"]["anaphoric"])
        self.DEICTIC = _alt(r["deictic"]["previous"] + r["deictic"]["current"] + r["deictic"]["next"])
        self.MOD = _alt(r["period_modifiers"])
        self.SEASON = _alt(r["seasons"])
        self.SET = _alt(r["set_markers"])
        self.SET_ADJ = _alt(r["set_adjectives"])
        self.HOLIDAY = _alt(r["holidays"])
        self.ORD = _alt(r["ordinals"])
        self.DECADE = _alt(r["decades"])
        self.REF = _alt(w for w in lex.ref_words if w != "nu")
        self.RELDAY = _alt(r["relative_days"])
        self.RELDAY_PRE = _alt(r["relative_day_prefixes"])
        self.YEAR = r"(?<![\d.,])(?:1\d{3}|20\d{2})(?![\d]|[.,]\d)"
        self.DAY = r"(?:[0-2]?\d|3[01])(?:e|ste|de)?"
        self.CLOCK_PREP = _alt(r["clock_prepositions"])

    def __getitem__(self, k: str) -> str:  # for str.format_map
        return getattr(self, k)


# --------------------------------------------------------------------------
# Calendar points and arithmetic
# --------------------------------------------------------------------------

GRAN_ORDER = ["time", "day", "week", "weekend", "month", "quarter", "season", "year", "decade", "century"]
UNIT_GRAN = {"S": "day", "MIN": "day", "QH": "day", "H": "day", "D": "day", "NI": "day", "W": "week",
             "M": "month", "Q": "quarter", "Y": "year", "DE": "year", "CE": "year"}
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


@dataclass(frozen=True)
class Point:
    """A calendar period at some granularity; ``date`` is its first day (or the day)."""

    gran: str
    date: dt.date
    extra: str = ""  # part of day / clock time for 'time', season code for 'season'

    def value(self) -> str:
        d, g = self.date, self.gran
        if g == "time":
            return f"{d.isoformat()}T{self.extra}"
        if g == "day":
            return d.isoformat()
        if g in ("week", "weekend"):
            y, w, _ = d.isocalendar()
            return f"{y}-W{w:02d}" + ("-WE" if g == "weekend" else "")
        if g == "month":
            return f"{d.year:04d}-{d.month:02d}"
        if g == "quarter":
            return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
        if g == "season":
            return f"{d.year:04d}-{self.extra}"
        if g == "year":
            return f"{d.year:04d}"
        if g == "decade":
            return f"{d.year // 10:03d}"
        return f"{d.year // 100:02d}"  # century


def coarser(a: str, b: str) -> str:
    norm = {"time": "day", "weekend": "week", "season": "month"}
    a, b = norm.get(a, a), norm.get(b, b)
    return a if GRAN_ORDER.index(a) >= GRAN_ORDER.index(b) else b


def add_months(d: dt.date, n: int) -> dt.date:
    m = d.month - 1 + n
    y = d.year + m // 12
    m = m % 12 + 1
    last = [31, 29 if (y % 4 == 0 and (y % 100 or y % 400 == 0)) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return dt.date(y, m, min(d.day, last))


def shift(d: dt.date, n: float, unit: str) -> dt.date:
    if unit in ("D", "NI"):
        return d + dt.timedelta(days=round(n))
    if unit == "W":
        return d + dt.timedelta(days=round(7 * n))
    if unit == "M":
        return add_months(d, round(n))
    if unit == "Q":
        return add_months(d, round(3 * n))
    if unit == "Y":
        return add_months(d, round(12 * n))
    if unit == "DE":
        return add_months(d, round(120 * n))
    if unit == "CE":
        return add_months(d, round(1200 * n))
    return d  # hours and smaller: the day stays


def start_of(gran: str, d: dt.date) -> dt.date:
    if gran in ("week", "weekend"):
        return d - dt.timedelta(days=d.weekday())
    if gran == "month":
        return d.replace(day=1)
    if gran == "quarter":
        return dt.date(d.year, (d.month - 1) // 3 * 3 + 1, 1)
    if gran == "year":
        return dt.date(d.year, 1, 1)
    if gran == "decade":
        return dt.date(d.year // 10 * 10, 1, 1)
    if gran == "century":
        return dt.date(max(1, d.year // 100 * 100), 1, 1)
    return d


def easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def holiday_date(spec: dict, year: int) -> Optional[dt.date]:
    if "easter" in spec:
        return easter(year) + dt.timedelta(days=spec["easter"])
    if "nth_weekday" in spec:
        n, wd = spec["nth_weekday"]
        d = dt.date(year, spec["month"], 1)
        d += dt.timedelta(days=(wd - d.isoweekday()) % 7)
        return d + dt.timedelta(weeks=n - 1)
    try:
        return dt.date(year, spec["month"], spec["day"])
    except ValueError:
        return None


def pick(prev: dt.date, nxt: dt.date, dct: dt.date, tense: Optional[str], present: str = "nearest") -> tuple[dt.date, str]:
    """Choose between the last occurrence (``prev``) and the next (``nxt``) by tense."""
    if prev == nxt:
        return prev, "current"
    if tense == "PAST":
        return prev, "past tense: last occurrence"
    if tense == "FUTURE":
        return nxt, "future: next occurrence"
    if tense == "PRESENT" and present == "next":
        return nxt, "present tense (plans): next occurrence"
    why = f"{'present tense' if tense == 'PRESENT' else 'no tense'}: nearest occurrence"
    return (prev, why) if (dct - prev) <= (nxt - dct) else (nxt, why)


# --------------------------------------------------------------------------
# Tense of the clause around an expression
# --------------------------------------------------------------------------

CLAUSE_PUNCT = set(",;:()[]\"“”„«»–—")
SENT_END = {".", "!", "?"}


class TenseFinder:
    """Tense of the clause a span stands in, from the morphologizer's ``Tense``.

    Returns ``"PAST"``, ``"PRESENT"``, ``"FUTURE"`` or ``None`` (no finite verb,
    a conditional, or a *te*-infinitive governing the expression).
    """

    def __init__(self, doc: Doc, lex: Lexicon, skip_chars: list[tuple[int, int]]) -> None:
        self.doc = doc
        self.t = lex.tense
        self.clause_words = lex.clause_words
        skip = set()
        for s, e in skip_chars:
            sp = doc.char_span(s, e, alignment_mode="expand")
            if sp is not None:
                skip.update(range(sp.start, sp.end))
        self.skip = skip
        self._kind: dict[int, Optional[str]] = {}

    def kind(self, i: int) -> Optional[str]:
        if i in self._kind:
            return self._kind[i]
        k = None if i in self.skip else self._verb_kind(self.doc[i])
        self._kind[i] = k
        return k

    def _verb_kind(self, tok) -> Optional[str]:
        w, t, pos = tok.lower_, self.t, tok.pos_
        if w in t["future"]:
            return "FUT"
        if w in t["conditional"]:
            return "COND"
        if w in ("zijn", "was", "had") and pos not in ("VERB", "AUX"):
            return None  # *zijn* possessive, *de was*
        if w in t["past"]:
            return "PAST"
        if w in t["present"]:
            if tok.i > 0 and self.doc[tok.i - 1].lower_ == "te":
                return "INF"  # *te hebben*
            return "PRES"
        if pos not in ("VERB", "AUX"):
            return None
        vf, tense = tok.morph.get("VerbForm"), tok.morph.get("Tense")
        if "Inf" not in vf and any(c.dep_ == "aux" and c.lower_ in t["perfect_aux"] for c in tok.children):
            return "PART"  # *hebben … bereikt*: a form that is also a present (bereikt, gebeurt) heads a perfect
        prev = self.doc[tok.i - 1] if tok.i > 0 else None
        if w.endswith("e") and ("Part" in vf or (prev is not None and (prev.pos_ == "DET" or "Yes" in prev.morph.get("Poss")))):
            return None  # inflected participle = adjective: *uitgebreide bevoegdheden*, *haar veelbekritiseerde deal*
        if "Past" in tense:
            if w.endswith("t") and not w.endswith(tuple(t["strong_past_endings"])):
                return "PRES"  # *heet*, *kunt*: tagged past, present by form
            if w.endswith("en"):  # plural: present = infinitive, past = -den/-ten or a strong form
                lemma = tok.lemma_.lower()
                if lemma == w:
                    return "PRES"  # *verwijten* (lemma = form): present plural
                if not lemma.endswith("en"):
                    return None  # the lemmatizer failed too: no evidence either way
            return "PAST"
        if "Pres" in tense or "Fin" in vf:
            return "PRES"
        if "Part" in vf:
            return "PART"
        if "Inf" in vf:
            return "INF"
        return None

    def _is_boundary(self, i: int) -> bool:
        tok = self.doc[i]
        return tok.text in CLAUSE_PUNCT or tok.text in SENT_END or "\n" in tok.text

    def _sent_end(self, i: int) -> bool:
        tok = self.doc[i]
        return tok.text in SENT_END or "\n" in tok.text

    def sentence(self, a: int, b: int) -> tuple[int, int]:
        s = a
        while s > 0 and not self._sent_end(s - 1):
            s -= 1
        e = b
        while e < len(self.doc) and not self._sent_end(e):
            e += 1
        return s, e

    def clause(self, a: int, b: int) -> tuple[int, int]:
        s0, e0 = self.sentence(a, b)
        s = a
        while s > s0:
            if self._is_boundary(s - 1):
                break
            if self.doc[s - 1].lower_ in self.clause_words:
                s -= 1
                break
            s -= 1
        e = b
        while e < e0 and not self._is_boundary(e) and self.doc[e].lower_ not in self.clause_words:
            e += 1
        return s, e

    def _combine(self, idx: list[int]) -> Optional[str]:
        kinds = {self.kind(i) for i in idx}
        words = {self.doc[i].lower_ for i in idx}
        if "FUT" in kinds or (words & self.t["go_future"] and "INF" in kinds):
            return "FUTURE"
        if "PAST" in kinds:
            return "PAST"
        if "PART" in kinds and {self.doc[i].lower_ for i in idx if self.kind(i) == "PRES"} & self.t["perfect_aux"]:
            return "PAST"  # Dutch perfect: *heeft besloten*, *is afgewezen*
        if "COND" in kinds:
            return None
        if "PRES" in kinds:
            return "PRESENT"
        return None

    def simple_past(self, a: int, b: int) -> bool:
        """Whether the clause of ``[a, b)`` has a finite past verb (not a perfect)."""
        cs, ce = self.clause(a, b)
        kinds = [self.kind(i) for i in self.verbs(cs, ce)]
        if not any(k in ("FUT", "COND", "PAST", "PRES") for k in kinds):
            ss, se = self.sentence(a, b)
            finite = [i for i in self.verbs(ss, se) if self.kind(i) in ("FUT", "COND", "PAST", "PRES")]
            if not finite:
                return False
            kinds = [self.kind(min(finite, key=lambda i: (min(abs(i - a), abs(i - b + 1)), i)))]
        return "PAST" in kinds

    def verbs(self, a: int, b: int) -> list[int]:
        return [i for i in range(a, b) if self.kind(i)]

    def tense(self, a: int, b: int) -> tuple[Optional[str], str]:
        """Tense for tokens ``[a, b)``; also a few words on how it was found."""
        cs, ce = self.clause(a, b)
        verbs = self.verbs(cs, ce)
        if verbs:
            gov = None
            head = self.doc[a:b].root
            for _ in range(4):  # the parser's governing verb, if it lies in the clause
                head = head.head
                if head.i in verbs:
                    gov = head.i
                    break
                if head.head == head:
                    break
            if gov is None:
                gov = min(verbs, key=lambda i: (abs(i - a) if i < a else abs(i - b + 1), i))
            if self.kind(gov) == "INF" and gov > 0 and self.doc[gov - 1].lower_ == "te":
                return None, f"governed by te-infinitive '{self.doc[gov].text}'"
            t = self._combine(verbs)
            if t:
                return t, f"tense of the clause of '{self.doc[gov].text}'"
            if any(self.kind(i) == "COND" for i in verbs):
                return None, "conditional"
        ss, se = self.sentence(a, b)
        finite = [i for i in self.verbs(ss, se) if self.kind(i) in ("FUT", "PAST", "PRES", "COND")]
        if not finite:
            return None, "no finite verb"
        near = min(finite, key=lambda i: (min(abs(i - a), abs(i - b + 1)), i))
        group = [near] + [i for i in self.verbs(ss, se) if self.kind(i) in ("PART", "INF")]
        t = self._combine(group)
        return t, f"tense of nearest finite verb '{self.doc[near].text}'"


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
        self.ref_end = -1
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

    def futurate(self, s: int, e: int) -> bool:
        """Whether a present tense here reads as a plan: the expression stands right next
        to its finite verb (*stemt dinsdag*, *Dinsdag stemt*), not inside a noun phrase
        (*de beelden van zaterdag vormen ...*)."""
        a, b = self.tokens(s, e)
        if a > 0 and self.doc[a - 1].lower_ == "van":
            return False
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


def h_ref(run: _Run, m: re.Match):
    s, e = _span(m)
    phrase = _norm(m.group(0).lower())
    phrase = re.sub(r"^in\s+", "", phrase)
    val = run.lex.ref_words.get(phrase) or run.lex.ref_words.get(f"in {phrase}")
    if val is None:
        return None
    return [Result(s, e, "DATE", val, 0.85, f"vague reference '{phrase}' → {val}")]


NU_SKIP_NEXT = {"al", "nog", "ook", "dus", "weer", "even", "zelfs", "eindelijk", "pas", "echter", "toch", "ineens", "opeens", "wel", "niet"}
SUBJ_PRONOUNS = {"hij", "zij", "ze", "we", "wij", "ik", "je", "jij", "u", "het", "er", "men", "jullie", "dat", "dit", "die"}


def h_nu(run: _Run, m: re.Match):
    s, e = _span(m)
    a, b = run.tokens(s, e)
    doc, tf = run.doc, run.tf
    after = run.text[e:e + 12].lower()
    if any(after.lstrip().startswith(w) for w in run.lex.raw["nu_not_time_after"]):
        return None
    prev = doc[a - 1] if a > 0 else None
    if prev is not None and prev.lower_ == "tot" and b < len(doc) and doc[b].lower_ == "toe":
        return [Result(s, e, "DATE", "PRESENT_REF", 0.8, "'tot nu toe' → PRESENT_REF")]
    initial = prev is None or tf._is_boundary(a - 1) or prev.lower_ in ("en", "maar", "want", "dus", "of", "-")
    if initial:
        j = b
        while j < len(doc) and doc[j].lower_ in NU_SKIP_NEXT:
            j += 1
        nxt = doc[j] if j < len(doc) else None
        after2 = doc[j + 1] if j + 1 < len(doc) else None
        if nxt is None:
            return None
        is_verb = tf.kind(j) in ("FUT", "COND", "PAST", "PRES")
        inverted = after2 is not None and after2.lower_ in SUBJ_PRONOUNS and nxt.lower_ not in SUBJ_PRONOUNS
        if not (is_verb or inverted):
            return None  # conjunction *nu* ('now that'): *Nu Mueller klaar is, ...*
    cs, ce = tf.clause(a, b)
    if any(doc[k].lower_ == "of" for k in range(max(cs, a - 4), a)):
        return None  # particle: *of het nu strategie is of ...*
    if tf.simple_past(a, b):
        return None  # *werd Trump nu overmoedig?*: particle, not the present
    return [Result(s, e, "DATE", "PRESENT_REF", 0.7, "'nu' as time adverb in a clause that is not in the past tense → PRESENT_REF")]


def h_relday(run: _Run, m: re.Match):
    s, e = _span(m)
    w = _g(m, "w")
    if w == "morgen":
        before = run.text[max(0, s - 12):s].lower()
        if re.search(r"(?:'s|’s|\bde|\bdeze|\bdie|\belke|\biedere|\been|\bgoede|\bop)\s*$", before):
            return None  # *'s morgens*, *de morgen* (morning), not *tomorrow*
    off = run.lex.raw["relative_days"][w]
    if run.dct is None:
        return [run.no_dct(s, e, "DATE", f"'{w}' is relative to the publication date")]
    d = run.dct + dt.timedelta(days=off)
    p = Point("day", d)
    return [Result(s, e, "DATE", p.value(), 0.95, f"'{w}' = publication date {off:+d} day(s)", p)]


def h_relday_pod(run: _Run, m: re.Match):
    s, e = _span(m)
    pre, pod = _g(m, "pre"), _g(m, "pod")
    code = run.lex.raw["parts_of_day"][pod]
    if pre in ("deze", "die"):
        if pre == "die":  # anaphoric: the day last mentioned, however far back
            if run.ref is not None and run.ref.gran in ("day", "time"):
                d, why = run.ref.date, f"day of {run.ref.value()}"
            else:
                d, why = run.day_anchor(s)
        else:
            d, why = run.dct, "publication date"
        if d is None:
            return [run.no_dct(s, e, "TIME", f"'{pre} {pod}'")]
        p = Point("time", d, code)
        return [Result(s, e, "TIME", p.value(), 0.85, f"'{pre} {pod}' → {code} of {why}", p)]
    off = run.lex.raw["relative_day_prefixes"][pre]
    if run.dct is None:
        return [run.no_dct(s, e, "TIME", f"'{pre}{pod}' is relative to the publication date")]
    p = Point("time", run.dct + dt.timedelta(days=off), code)
    return [Result(s, e, "TIME", p.value(), 0.9, f"'{pre}{pod}' = publication date {off:+d} day(s), part of day {code}", p)]


def h_weekday(run: _Run, m: re.Match):
    s, e = _span(m)
    wd = run.lex.weekdays[_g(m, "wd")]
    pod = _g(m, "pod")
    code = run.lex.raw["parts_of_day"].get(pod) if pod else None
    typ = "TIME" if code else "DATE"
    pre, post, wk = _g(m, "pre"), _g(m, "post"), _g(m, "wk") or _g(m, "wk2")
    name = _norm(m.group(0))
    dct = run.dct
    if not (pre or post or wk) and re.search(r"\b(?:de|elke|iedere)\s+$", run.text[max(0, s - 8):s].lower()):
        val = f"XXXX-WXX-{wd}" + (f"T{code}" if code else "")
        return [Result(s, e, "SET", val, 0.6, f"'de {name}': a weekday in general → {val}")]
    cls = run.lex.deictic.get(post or "") or run.lex.deictic.get(pre or "")
    # anaphoric *die dinsdag*: the Tuesday just mentioned
    if pre and run.lex.deictic.get(pre) == "anaphoric" and run.ref is not None and run.ref.gran in ("day", "time") \
            and run.ref.date.isoweekday() == wd:
        p = Point("time", run.ref.date, code) if code else Point("day", run.ref.date)
        return [Result(s, e, typ, p.value(), 0.85, f"'{name}': the {_g(m, 'wd')} just mentioned ({run.ref.value()})", p)]
    if dct is None:
        return [run.no_dct(s, e, typ, f"weekday '{name}'")]
    if wk:
        k = {"previous": -1, "current": 0, "next": 1}.get(run.lex.deictic.get(wk), 0)
        monday = dct - dt.timedelta(days=dct.weekday()) + dt.timedelta(weeks=k)
        d, why = monday + dt.timedelta(days=wd - 1), f"'{wk} week' {k:+d}"
        conf = 0.9
    else:
        back = (dct.isoweekday() - wd) % 7
        fwd = (wd - dct.isoweekday()) % 7
        prev, nxt = dct - dt.timedelta(days=back or 7), dct + dt.timedelta(days=fwd or 7)
        if cls == "previous":
            d, why, conf = prev, f"'{pre or post}': last occurrence", 0.9
        elif cls == "next":
            d, why, conf = nxt, f"'{pre or post}': next occurrence", 0.9
        elif cls == "current":
            d, why, conf = dct - dt.timedelta(days=dct.weekday()) + dt.timedelta(days=wd - 1), "'deze': this week", 0.85
        elif back == 0:
            d, why, conf = dct, "weekday of publication: that day", 0.6
        else:
            tense, twhy = run.tense(s, e)
            # the present means a plan only when it is the expression's own clause
            d, why = pick(prev, nxt, dct, tense, present="next" if run.futurate(s, e) else "nearest")
            why = f"{twhy}; {why}"
            conf = 0.8 if tense else 0.6
    p = Point("time", d, code) if code else Point("day", d)
    return [Result(s, e, typ, p.value(), conf, f"weekday '{name}' ({why}) from publication date {dct}", p)]


def _year_for(run: _Run, s: int, e: int, month: int, day: Optional[int]) -> tuple[Optional[int], str, float]:
    """Year of a month (and day) given without one: tense, else the nearest."""
    dct = run.dct
    # a year stated in the same sentence wins (*In 2016 ... in juli*)
    if run.ref is not None and run.ref_abs and run.ref.gran in ("year", "month", "day", "time", "season", "quarter") \
            and run.sent_no(run.ref_end) == run.sent_no(s) and (dct is None or run.ref.date.year != dct.year):
        return run.ref.date.year, f"year of {run.ref.value()} in the same sentence", 0.75
    if dct is None:
        return None, "", 0.0
    try:
        this = dt.date(dct.year, month, day or 1)
    except ValueError:
        this = dt.date(dct.year, month, 28)
    if day is None:
        cur = dct.replace(day=1)
        if this == cur:
            return dct.year, "month of publication", 0.85
    if this <= dct:
        prev, nxt = this, this.replace(year=this.year + 1) if not (this.month == 2 and this.day == 29) else this
    else:
        prev, nxt = this.replace(year=this.year - 1) if not (this.month == 2 and this.day == 29) else this, this
    if day is None and this <= dct.replace(day=1):
        nxt = prev.replace(year=prev.year + 1)
    tense, twhy = run.tense(s, e)
    d, why = pick(prev, nxt, dct if day else dct.replace(day=1), tense, present="next" if run.futurate(s, e) else "nearest")
    return d.year, f"{twhy}; {why}", 0.85 if tense else 0.75


def h_date(run: _Run, m: re.Match):
    s, e = _span(m)
    mon = run.lex.months.get(_g(m, "m").rstrip("."))
    day = int(re.match(r"\d+", m.group("d")).group())
    y = _g(m, "y")
    name = _norm(m.group(0))
    if not mon or not 1 <= day <= 31:
        return None
    rel = _g(m, "rel")
    if y:
        year, why, conf = int(y), "explicit year", 0.97
    elif rel in ("dat", "datzelfde") and run.anchor()[0] is not None:
        anchor, awhy = run.anchor()
        year, why, conf = anchor.date.year, f"'{rel} jaar' = year of {awhy}", 0.7
    elif rel and run.dct is not None:
        k = {"previous": -1, "current": 0, "next": 1}[run.lex.deictic[rel]]
        year, why, conf = run.dct.year + k, f"'{rel} jaar'", 0.92
    else:
        year, why, conf = _year_for(run, s, e, mon, day)
        if year is None:
            return [run.no_dct(s, e, "DATE", f"'{name}' has no year")]
    try:
        d = dt.date(year, mon, day)
    except ValueError:
        return None
    p = Point("day", d)
    if m.group("d0"):
        s = m.start("d")
    out = [Result(s, e, "DATE", p.value(), conf, f"date '{name}' ({why})", p, absolute=bool(y))]
    if m.group("d0"):  # *12 en 13 maart*
        d0 = int(m.group("d0"))
        try:
            p0 = Point("day", dt.date(year, mon, d0))
            out.insert(0, Result(m.start("d0"), m.end("d0"), "DATE", p0.value(), conf, f"day '{d0}' of '{name}'", p0))
        except ValueError:
            pass
    return out


def h_numeric_date(run: _Run, m: re.Match):
    s, e = _span(m)
    if m.group("iy"):
        y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
    else:
        d, mo, y = int(m.group("nd")), int(m.group("nm")), int(m.group("ny"))
        if y < 100:
            y += 2000 if y <= 50 else 1900
    try:
        p = Point("day", dt.date(y, mo, d))
    except ValueError:
        return None
    return [Result(s, e, "DATE", p.value(), 0.95, f"numeric date '{m.group(0)}' (day-month-year)", p, absolute=True)]


def h_month(run: _Run, m: re.Match):
    s, e = _span(m)
    mon = run.lex.months[_g(m, "m")]
    y, rel, pre = _g(m, "y"), _g(m, "rel"), _g(m, "pre")
    post = _g(m, "post")
    mod = _g(m, "mod")
    name = _norm(m.group(0))
    dct = run.dct
    cls = run.lex.deictic.get(pre or "") or run.lex.deictic.get(post or "")
    if y:
        year, why, conf = int(y), "explicit year", 0.95
    elif rel in ("dat", "datzelfde"):
        anchor, awhy = run.anchor()
        if anchor is None:
            return [run.no_dct(s, e, "DATE", f"'{name}'")]
        year, why, conf = anchor.date.year, f"'{rel} jaar' = year of {awhy}", 0.7
    elif rel:
        if dct is None:
            return [run.no_dct(s, e, "DATE", f"'{name}'")]
        k = {"previous": -1, "current": 0, "next": 1}[run.lex.deictic[rel]]
        year, why, conf = dct.year + k, f"'{rel} jaar'", 0.9
    elif cls in ("previous", "next") and dct is not None:
        this = dt.date(dct.year, mon, 1)
        cur = dct.replace(day=1)
        if cls == "previous":
            year = dct.year if this < cur else dct.year - 1
        else:
            year = dct.year if this > cur else dct.year + 1
        why, conf = f"'{pre or post}'", 0.9
    else:
        year, why, conf = _year_for(run, s, e, mon, None)
        if year is None:
            return [run.no_dct(s, e, "DATE", f"month '{name}' has no year")]
    p = Point("month", dt.date(year, mon, 1))
    modtxt = f", modifier '{mod}' not in value" if mod else ""
    return [Result(s, e, "DATE", p.value(), conf, f"month '{name}' ({why}{modtxt})", p, absolute=bool(y))]


def h_year(run: _Run, m: re.Match):
    s, e = _span(m)
    y = int(m.group("y"))
    a, b = run.tokens(m.start("y"), m.end("y"))
    doc = run.doc
    prev = doc[a - 1] if a > 0 else None
    nxt = doc[b] if b < len(doc) else None
    mod, season = _g(m, "mod"), _g(m, "season")
    cue = mod or season or (prev is not None and prev.lower_ in run.lex.year_cues)
    if prev is not None and prev.lower_ in run.lex.not_year_before:
        return None
    if y < 1900 and not cue:
        return None
    hi = (run.dct.year if run.dct else dt.date.today().year) + 50
    if y > hi:
        return None
    if not cue and nxt is not None and nxt.is_lower and nxt.pos_ in ("NOUN", "ADJ") \
            and nxt.lower_ not in run.lex.months and nxt.lower_ not in run.lex.units:
        return None  # *1500 belangstellenden*, *2000 mensen*
    if nxt is not None and nxt.lower_ in ("euro", "dollar", "mensen", "procent", "keer", "stemmen", "kilometer", "meter"):
        return None
    if season:
        code = run.lex.seasons[season]
        p = Point("season", dt.date(y, SEASON_START[code], 1), code)
        return [Result(s, e, "DATE", p.value(), 0.9, f"season '{season}' of {y}", p, absolute=True)]
    p = Point("year", dt.date(y, 1, 1))
    return [Result(s, e, "DATE", p.value(), 0.95 if cue else 0.85, f"year {y}" + (f" (modifier '{mod}' not in value)" if mod else ""), p, absolute=True)]


def h_decade(run: _Run, m: re.Match):
    s, e = _span(m)
    d = _g(m, "d").strip("'’")
    if d.isdigit():
        if len(d) == 4:
            decade = int(d) // 10
        else:
            decade = 190 + int(d) // 10 if int(d) >= 20 else 200 + int(d) // 10
    else:
        n = run.lex.decades[d]
        decade = 200 + n if n <= 1 else 190 + n
    p = Point("decade", dt.date(decade * 10, 1, 1))
    return [Result(s, e, "DATE", p.value(), 0.85, f"decade '{_norm(m.group(0))}'", p)]


def h_century(run: _Run, m: re.Match):
    s, e = _span(m)
    n, o, rel = _g(m, "n"), _g(m, "ord"), _g(m, "rel")
    if rel:
        if run.dct is None:
            return [run.no_dct(s, e, "DATE", f"'{rel} eeuw'")]
        k = {"previous": -1, "current": 0, "next": 1}[run.lex.deictic[rel]]
        c = run.dct.year // 100 + k
    else:
        num = int(n) if n else run.lex.raw["ordinals"].get(o)
        if not num or num < 1:
            return None
        c = num - 1
    p = Point("century", dt.date(max(1, c * 100), 1, 1))
    return [Result(s, e, "DATE", f"{c:02d}", 0.85, f"century '{_norm(m.group(0))}' (TIMEX3: 19th century = 18)", p)]


def _relative_period(run: _Run, unit: str, k: int, s: int, e: int, name: str):
    """*vorige week*, *dit jaar*, *volgend weekend*, *afgelopen zomer* ..."""
    dct = run.dct
    if dct is None:
        return [run.no_dct(s, e, "DATE", f"'{name}'")]
    if unit == "week":
        d, gran = dct + dt.timedelta(weeks=k), "week"
    elif unit == "weekend":
        d, gran = dct + dt.timedelta(weeks=k), "weekend"
        if k == 1 and dct.isoweekday() <= 5:  # *komend weekend* on a Wednesday: this week's
            d = dct
    elif unit == "maand":
        d, gran = add_months(dct.replace(day=1), k), "month"
    elif unit == "kwartaal":
        d, gran = add_months(start_of("quarter", dct), 3 * k), "quarter"
    elif unit == "jaar":
        d, gran = dt.date(dct.year + k, 1, 1), "year"
    elif unit == "decennium":
        d, gran = dt.date(dct.year + 10 * k, 1, 1), "decade"
    elif unit == "eeuw":
        d, gran = dt.date(dct.year + 100 * k, 1, 1), "century"
    elif unit in run.lex.seasons:
        code = run.lex.seasons[unit]
        p = _season(dct, code, k)
        return [Result(s, e, "DATE", p.value(), 0.85, f"'{name}' ({k:+d} season from publication date)", p)]
    else:
        return None
    p = Point(gran, start_of(gran, d))
    return [Result(s, e, "DATE", p.value(), 0.92, f"'{name}' = {k:+d} {unit} from publication date {dct}", p)]


def _season_occ(code: str, label_year: int) -> tuple[dt.date, dt.date]:
    """First and last day of a season (astronomical, about the 21st: *komend voorjaar* on 6 March is 2019's)."""
    start = dt.date(label_year, SEASON_START[code], 21)
    return start, add_months(start, 3) - dt.timedelta(days=1)


def _season(dct: dt.date, code: str, k: int, tense: Optional[str] = None) -> Point:
    """k = -1 last, 0 this (the one of this year / the current one), 1 next; tense for k None."""
    y = dct.year
    occ = [(ly, *_season_occ(code, ly)) for ly in range(y - 2, y + 2)]
    current = [o for o in occ if o[1] <= dct <= o[2]]
    if k == -1:
        ly = max(o[0] for o in occ if o[2] < dct)
    elif k == 1:
        ly = min(o[0] for o in occ if o[1] > dct)
    elif k == 0:
        ly = current[0][0] if current else y
    else:  # bare season: tense
        if current:
            ly = current[0][0]
        else:
            prev = max((o for o in occ if o[2] < dct), key=lambda o: o[0])
            nxt = min((o for o in occ if o[1] > dct), key=lambda o: o[0])
            d, _ = pick(prev[1], nxt[1], dct, tense)
            ly = prev[0] if d == prev[1] else nxt[0]
    return Point("season", dt.date(ly, SEASON_START[code], 1), code)


def h_relative(run: _Run, m: re.Match):
    s, e = _span(m)
    rel, unit, art = _g(m, "rel"), _g(m, "u"), _g(m, "art")
    name = _norm(m.group(0))
    cls = run.lex.deictic[rel]
    if art == "de" and rel in ("volgende", "vorige") and unit in ("week", "maand") or art == "het" and rel in ("volgende", "vorige") and unit == "jaar":
        anchor, why = run.anchor()
        if anchor is None:
            return [run.no_dct(s, e, "DATE", f"'{name}'")]
        k = 1 if rel == "volgende" else -1
        code = run.lex.units[unit]
        d = shift(anchor.date, k, code)
        gran = UNIT_GRAN[code]
        p = Point(gran, start_of(gran, d))
        return [Result(s, e, "DATE", p.value(), 0.7, f"'{name}' relative to {why}", p)]
    k = {"previous": -1, "current": 0, "next": 1}[cls]
    return _relative_period(run, unit, k, s, e, name)


def h_season(run: _Run, m: re.Match):
    s, e = _span(m)
    season = _g(m, "season")
    code = run.lex.seasons[season]
    if run.dct is None:
        return [run.no_dct(s, e, "DATE", f"season '{season}'")]
    tense, twhy = run.tense(s, e)
    p = _season(run.dct, code, None, tense)
    return [Result(s, e, "DATE", p.value(), 0.7, f"season '{season}' ({twhy})", p)]


def h_weekend(run: _Run, m: re.Match):
    s, e = _span(m)
    dct = run.dct
    if dct is None:
        return [run.no_dct(s, e, "DATE", "'het weekend'")]
    sat_prev = dct - dt.timedelta(days=(dct.isoweekday() - 6) % 7)
    if dct.isoweekday() == 7:
        sat_prev = dct - dt.timedelta(days=1)
    sat_next = dct + dt.timedelta(days=(6 - dct.isoweekday()) % 7)
    if dct.isoweekday() == 7:
        sat_next = dct + dt.timedelta(days=6)
    tense, twhy = run.tense(s, e)
    d, why = pick(sat_prev, sat_next, dct, tense, present="next" if run.futurate(s, e) else "nearest")
    p = Point("weekend", start_of("week", d))
    return [Result(s, e, "DATE", p.value(), 0.7, f"'het weekend' ({twhy}; {why})", p)]


def _dur_value(n: Optional[float], code: str) -> str:
    """ISO-8601 duration for n units (None = unspecified, ``X``)."""
    if code == "DE":
        return "PXDE" if n is None else f"P{_num(n * 10)}Y"
    if code == "CE":
        return "PXCE" if n is None else f"P{_num(n * 100)}Y"
    if code == "Q":
        return "PXQ" if n is None else f"P{_num(n * 3)}M"
    if code == "QH":
        return "PTXM" if n is None else f"PT{_num(n * 15)}M"
    if code == "NI":
        return "PTXNI" if n is None else f"PT{_num(n)}NI"
    timeish = code in ("H", "MIN", "S")
    letter = {"MIN": "M"}.get(code, code)
    if n is None:
        return f"PTX{letter}" if timeish else f"PX{letter}"
    if n != int(n):  # halves: go one unit down where that is exact
        down = {"Y": (12, "M", False), "D": (24, "H", True), "H": (60, "M", True), "MIN": (60, "S", True)}
        if code in down:
            f, l2, t2 = down[code]
            return f"P{'T' if t2 else ''}{_num(n * f)}{l2}"
    return f"P{'T' if timeish else ''}{_num(n)}{letter}"


def _num(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:g}"


def _quantity(run: _Run, q: str) -> Optional[float]:
    q = _norm(q.lower())
    if q in run.lex.vague:
        return None
    return run.lex.number(q)


def h_duration(run: _Run, m: re.Match):
    s, e = _span(m)
    q, unit = m.group("q"), _g(m, "u")
    code = run.lex.units[unit]
    n = _quantity(run, q)
    ql = _norm(q.lower())
    if ql not in run.lex.vague and n is None:
        return None
    before = run.text[max(0, s - 8):s].lower()
    if ql in ("een", "één") and unit in ("dag", "nacht") and re.search(r"\bop\s+$", before):
        return None  # *op een dag*: narrative 'one day'
    # *om zeven uur*, *rond 10 uur 's avonds*: a clock time, not a duration
    if code == "H" and n is not None and n == int(n) and 0 <= n <= 24 and not m.group("lang") and not m.group("apx"):
        hb = re.search(r"(?:^|\s)(" + "|".join(map(re.escape, run.lex.raw["hour_prepositions"])) + r")\s+$", run.text[max(0, s - 12):s].lower())
        after = run.text[e:e + 14].lower()
        pm = re.match(r"\s+(?:'s|’s)\s+(middags|avonds|nachts|ochtends|morgens)", after)
        if hb or pm:
            h = int(n)
            if pm and pm.group(1) in ("middags", "avonds") and h < 12:
                h += 12
                e += pm.end()
            elif pm:
                e += pm.end()
            day, why = run.day_anchor(s)
            if day is None:
                return [run.no_dct(s, e, "TIME", f"clock time '{run.text[s:e]}'")]
            p = Point("time", day, f"{h:02d}:00")
            return [Result(s, e, "TIME", p.value(), 0.85, f"clock time '{run.text[s:e]}' on {why}", p)]
    val = _dur_value(n, code)
    return [Result(s, e, "DURATION", val, 0.85 if n is not None else 0.75, f"duration '{_norm(run.text[s:e])}' → {val}")]


def h_vague_plural(run: _Run, m: re.Match):
    """*de afgelopen jaren*, *de maanden erna*, *al jaren*, *wekenlang*."""
    s, e = _span(m)
    unit = _g(m, "u")
    code = run.lex.units.get(unit) or run.lex.raw["long_units"].get(unit)
    if code is None:
        return None
    n = run.lex.number(m.group("n")) if _g(m, "n") else None
    val = _dur_value(n, code)
    return [Result(s, e, "DURATION", val, 0.75, f"duration '{_norm(m.group(0))}' → {val}")]


def h_whole(run: _Run, m: re.Match):
    """*de hele nacht* → PT1NI, *het hele jaar* → P1Y, *het etmaal* → P1D, *nog geen dag* → P1D."""
    s, e = _span(m)
    unit = _g(m, "u")
    code = run.lex.units.get(unit) or {"ochtend": "MO", "middag": "AF", "avond": "EV"}.get(unit)
    if code in ("MO", "AF", "EV"):
        val = f"PT1{code}"
    else:
        val = _dur_value(1, code)
    return [Result(s, e, "DURATION", val, 0.75, f"duration '{_norm(m.group(0))}' → {val}")]


def h_age(run: _Run, m: re.Match):
    s, e = _span(m)
    n = run.lex.number(m.group("n"))
    if n is None or n <= 0:
        return None
    a, _ = run.tokens(s, e)
    if m.group(0)[0].isupper() and a > 0 and not run.tf._sent_end(a - 1):
        return None  # *de Vierdaagse*: a name
    code = run.lex.raw["age_suffixes"][_g(m, "suf")]
    val = _dur_value(n, code)
    return [Result(s, e, "DURATION", val, 0.8, f"'{m.group(0)}' (n-jarig) → {val}")]


# a lower-case word after 'over <n> <unit>' of another class than these is the topic noun (*over
# 100 jaar vrouwenkiesrecht*: 'about'); the tagger is not sure whether such compounds are NOUN
NOT_A_TOPIC_NOUN = {"VERB", "AUX", "ADV", "ADP", "PUNCT", "CCONJ", "SCONJ", "PRON", "DET", "NUM", "PART"}


def h_shifted(run: _Run, m: re.Match):
    """*zes jaar geleden*, *twee weken later*, *een paar weken later*, *over twee weken*."""
    s, e = _span(m)
    unit, dirw, over = _g(m, "u"), _g(m, "dir"), _g(m, "over")
    code = run.lex.units[unit]
    n = _quantity(run, m.group("q"))
    name = _norm(m.group(0))
    if over:
        a_, b_ = run.tokens(s, e)
        nxt = run.doc[b_] if b_ < len(run.doc) else None
        if nxt is not None and nxt.is_lower and nxt.is_alpha and nxt.pos_ not in NOT_A_TOPIC_NOUN:
            return None  # *een boek over 100 jaar vrouwenkiesrecht*: 'about', not 'in'
        sent = run.doc[a_].sent
        if nxt is not None and nxt.is_lower and any(
            t.morph.get("Tense") == ["Past"] and "Fin" in t.morph.get("VerbForm") for t in sent
        ) and not any(t.lemma_ in ("zullen", "gaan") for t in sent):
            return None  # 'in <n> years' cannot sit in a past-tense clause: 'over' means 'about' here
        sign, base, why = 1, (Point("day", run.dct) if run.dct else None), "publication date"
    else:
        sign = run.lex.raw["anaphoric_shift_words"][dirw]
        if dirw in ("geleden", "terug"):
            base, why = (Point("day", run.dct) if run.dct else None), "publication date"
        else:
            base, why = run.anchor()
    if base is None:
        return [run.no_dct(s, e, "DATE", f"'{name}'")]
    ugran = UNIT_GRAN[code]
    if n is None:  # *een paar weken later*: no exact shift
        if dirw in ("geleden", "terug"):
            return [Result(s, e, "DATE", "PAST_REF", 0.7, f"'{name}': vague amount before now → PAST_REF")]
        if over:
            return [Result(s, e, "DATE", "FUTURE_REF", 0.7, f"'{name}': vague amount after now → FUTURE_REF")]
        if coarser(base.gran, ugran) != ugran or base.gran == ugran:
            # the reference is as coarse as the unit (*1993 ... een paar weken later*): it stays
            return [Result(s, e, "DATE", base.value(), 0.6, f"'{name}': vague amount from {why}, kept at its grain", base)]
        gran = {"day": "week", "week": "month", "month": "year", "quarter": "year"}.get(ugran, "decade")
        p = Point(gran, start_of(gran, base.date))
        return [Result(s, e, "DATE", p.value(), 0.5, f"'{name}': vague amount from {why}, one grain coarser", p)]
    d = shift(base.date, sign * n, code)
    gran = coarser(ugran, base.gran)
    p = Point(gran, start_of(gran, d))
    return [Result(s, e, "DATE", p.value(), 0.85, f"'{name}' = {why} {'+' if sign > 0 else '-'}{_num(n)} {unit}", p)]


def h_anaphoric_unit(run: _Run, m: re.Match):
    """*die dag*, *de volgende ochtend*, *de dag erna*, *dat jaar*, *daags erna*."""
    s, e = _span(m)
    det, unit, post, daags = _g(m, "det"), _g(m, "u"), _g(m, "post"), _g(m, "daags")
    name = _norm(m.group(0))
    k = 0
    if det and ("volgende" in det or "daaropvolgende" in det):
        k = 1
    elif det and "vorige" in det:
        k = -1
    if post:
        k = run.lex.raw["anaphoric_shift_words"][post]
    if daags:
        unit = "dag"
    if det in ("dat", "datzelfde") and unit != "jaar":
        return None  # *Verloopt dat morgen eerlijk*: *dat* is no determiner of a de-word
    anchor, why = run.anchor()
    if anchor is None:
        return [run.no_dct(s, e, "DATE", f"'{name}'")]
    pod = run.lex.raw["parts_of_day"].get(unit)
    if pod or unit == "dag":
        base = anchor.date if anchor.gran in ("day", "time") else None
        if base is None:
            return [Result(s, e, "TIME" if pod else "DATE", None, 0.4, f"'{name}': the reference {anchor.value()} has no day")]
        d = base + dt.timedelta(days=k)
        p = Point("time", d, pod) if pod else Point("day", d)
        return [Result(s, e, "TIME" if pod else "DATE", p.value(), 0.6, f"'{name}' = {why} {k:+d} day(s)", p)]
    code = run.lex.units[unit]
    gran = UNIT_GRAN[code]
    if GRAN_ORDER.index(coarser(gran, anchor.gran)) > GRAN_ORDER.index(gran) and k == 0:
        return [Result(s, e, "DATE", anchor.value(), 0.5, f"'{name}': the reference {anchor.value()}", anchor)]
    d = shift(anchor.date, k, code)
    p = Point(gran, start_of(gran, d))
    return [Result(s, e, "DATE", p.value(), 0.6, f"'{name}' = {why} {k:+d} {unit}", p)]


def h_edge(run: _Run, m: re.Match):
    """*het eind van de dag* → TEV of the reference day; *eind van het jaar* → the year."""
    s, e = _span(m)
    edge, unit = _g(m, "edge"), _g(m, "u")
    name = _norm(m.group(0))
    if unit in ("dag", "ochtend", "middag", "avond"):
        d, why = run.day_anchor(s)
        if run.ref is not None and run.ref.gran in ("day", "time"):
            d, why = run.ref.date, f"day of {run.ref.value()}"
        if d is None:
            return [run.no_dct(s, e, "TIME", f"'{name}'")]
        code = {"dag": "EV" if edge.startswith("eind") else "MO" if edge == "begin" else "AF"}.get(unit) or run.lex.raw["parts_of_day"][unit]
        p = Point("time", d, code)
        return [Result(s, e, "TIME", p.value(), 0.6, f"'{name}' → {code} of {why}", p)]
    if run.dct is None:  # *eind van het jaar*: this one, as news uses it
        return [run.no_dct(s, e, "DATE", f"'{name}'")]
    why = "publication date"
    gran = {"week": "week", "maand": "month", "jaar": "year"}[unit]
    p = Point(gran, start_of(gran, run.dct))
    return [Result(s, e, "DATE", p.value(), 0.6, f"'{name}' → {gran} of {why}", p)]


def h_clock(run: _Run, m: re.Match):
    s, e = _span(m)
    h, mi = int(m.group("h")), int(m.group("mi"))
    if h > 24 or mi > 59 or (h == 24 and mi):
        return None
    if not m.group("uur") and not m.group("prep") and ":" not in m.group("t"):
        return None  # *5.00* alone may be money or a score; *12:00* is a time
    after = run.text[m.end():m.end() + 10].lower()
    if re.match(r"\s*(?:euro|dollar|procent|%|uur\w)", after):
        return None
    pm = _g(m, "pm")
    if pm and any(x in pm for x in ("middags", "avonds")) and h < 12:
        h += 12
    day, why = run.day_anchor(s)
    if day is None:
        return [run.no_dct(s, e, "TIME", f"clock time '{m.group('t')}'")]
    p = Point("time", day, f"{h:02d}:{mi:02d}")
    return [Result(s, e, "TIME", p.value(), 0.9, f"clock time '{_norm(m.group('t'))}' on {why}", p)]


def h_midnight(run: _Run, m: re.Match):
    s, e = _span(m)
    day, why = run.day_anchor(s)
    if day is None:
        return [run.no_dct(s, e, "TIME", "'middernacht'")]
    p = Point("time", day, "24:00")
    return [Result(s, e, "TIME", p.value(), 0.7, f"'middernacht' on {why}", p)]


def h_set(run: _Run, m: re.Match):
    s, e = _span(m)
    unit, wd, pod, n = _g(m, "u"), _g(m, "wd"), _g(m, "pod"), _g(m, "n")
    name = _norm(m.group(0))
    if wd:
        val = f"XXXX-WXX-{run.lex.weekdays.get(wd) or run.lex.raw['weekday_adverbs'][wd]}"
        if _g(m, "wpod"):
            val += f"T{run.lex.raw['parts_of_day'][_g(m, 'wpod')]}"
    elif pod:
        val = f"XXXX-XX-XXT{run.lex.raw['parts_of_day'][pod]}"
    else:
        code = run.lex.units[unit]
        num = run.lex.number(n) if n else 1
        if num is None:
            return None
        val = _dur_value(num, code)
    return [Result(s, e, "SET", val, 0.85, f"set '{name}' → {val}")]


def h_set_adj(run: _Run, m: re.Match):
    s, e = _span(m)
    w = _g(m, "w")
    val = run.lex.raw["set_adjectives"].get(w)
    if val is None:
        return None
    return [Result(s, e, "SET", val, 0.85, f"set '{m.group(0)}' → {val}")]


def h_holiday(run: _Run, m: re.Match):
    s, e = _span(m)
    name = _g(m, "h")
    spec = run.lex.holidays[_norm(name)]
    y = _g(m, "y")
    if y:
        d, why = holiday_date(spec, int(y)), "explicit year"
    elif run.ref is not None and run.ref_abs and run.sent_no(run.ref_end) == run.sent_no(s) and run.ref.gran not in ("decade", "century") \
            and (run.dct is None or run.ref.date.year != run.dct.year):
        d, why = holiday_date(spec, run.ref.date.year), f"year of {run.ref.value()} in the same sentence"
    else:
        if run.dct is None:
            return [run.no_dct(s, e, "DATE", f"holiday '{name}'")]
        this = holiday_date(spec, run.dct.year)
        if this is None:
            return None
        if this == run.dct:
            d, why = this, "publication day"
        else:
            other = holiday_date(spec, run.dct.year + (1 if this < run.dct else -1))
            prev, nxt = (this, other) if this < run.dct else (other, this)
            tense, twhy = run.tense(s, e)
            d, why = pick(prev, nxt, run.dct, tense)
            why = f"{twhy}; {why}"
    if d is None:
        return None
    p = Point("day", d)
    return [Result(s, e, "DATE", p.value(), 0.8, f"holiday '{name}' ({why})", p)]


def h_quarter(run: _Run, m: re.Match):
    s, e = _span(m)
    o, y, rel = _g(m, "ord"), _g(m, "y"), _g(m, "rel")
    q = run.lex.raw["ordinals"].get(o)
    if q == -1:
        q = 4
    if not q or not 1 <= q <= 4:
        return None
    if y:
        year = int(y)
    elif rel:
        if run.dct is None:
            return [run.no_dct(s, e, "DATE", f"'{_norm(m.group(0))}'")]
        year = run.dct.year + {"previous": -1, "current": 0, "next": 1}[run.lex.deictic[rel]]
    else:
        if run.dct is None:
            return [run.no_dct(s, e, "DATE", f"'{_norm(m.group(0))}'")]
        year = run.dct.year
    p = Point("quarter", dt.date(year, 3 * q - 2, 1))
    return [Result(s, e, "DATE", p.value(), 0.85, f"quarter '{_norm(m.group(0))}'", p)]


def h_weeknum(run: _Run, m: re.Match):
    s, e = _span(m)
    w = int(m.group("w"))
    y = int(m.group("y")) if m.group("y") else (run.dct.year if run.dct else None)
    if y is None:
        return [run.no_dct(s, e, "DATE", f"'{m.group(0)}'")]
    if not 1 <= w <= 53:
        return None
    try:
        d = dt.date.fromisocalendar(y, w, 1)
    except ValueError:
        return None
    p = Point("week", d)
    return [Result(s, e, "DATE", p.value(), 0.85, f"week number '{m.group(0)}'", p)]


def build_rules(lex: Lexicon) -> list[Rule]:
    P = Patterns(lex)

    def R(name: str, pattern: str, handler: Callable, flags: int = re.I) -> Rule:
        return Rule(name, re.compile(pattern.format_map(P), flags), handler)

    shift_words = _alt(lex.raw["anaphoric_shift_words"])
    rules = [
        R("ref", B + r"(?P<t>{REF})" + E, h_ref),
        R("nu", B + r"(?P<t>nu)" + E, h_nu),
        R("relday", B + r"(?P<t>(?P<w>{RELDAY}))" + E, h_relday),
        R("relday_pod", B + r"(?P<t>(?P<pre>{RELDAY_PRE})(?P<pod>{POD})|(?P<pre2>deze|die)\s+(?P<pod2>{POD}))" + E,
          lambda run, m: h_relday_pod(run, _Alias(m, {"pre": "pre2" if m.group("pre2") else "pre", "pod": "pod2" if m.group("pod2") else "pod"}))),
        R("weekday", B + r"(?P<t>(?:(?P<wk>{DEICTIC})\s+week\s+)?(?:(?P<pre>{DEICTIC}|{ANA})\s+)?(?P<wd>{WD})(?P<pod>{POD})?"
          r"(?:\s+(?P<post>jl\.?|jongstleden|a\.s\.?|aanstaande)|\s+(?P<wk2>vorige|volgende|komende)\s+week)?)(?![\w])", h_weekday),
        R("date", B + r"(?P<t>(?:{WD}(?:{POD})?\s+)?(?:(?P<d0>[0-2]?\d|3[01])\s+(?:en|tot|t/m|of)\s+)?(?P<d>{DAY})\s+(?P<m>{MONTH}|{MON_ABBR}\.?)(?:\s+(?P<y>\d{{4}})|\s+(?:van\s+)?(?P<rel>dit|vorig|volgend|afgelopen|komend|dat|datzelfde)\s+jaar)?)" + r"(?![\w])", h_date),
        R("numeric_date", r"(?<![\d\w./-])(?P<t>(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)|(?P<nd>[0-3]?\d)[-/.](?P<nm>[01]?\d)[-/.](?P<ny>(?:19|20)\d\d|\d\d))(?![\d\w/-]|\.\d)", h_numeric_date),
        R("month", B + r"(?P<t>(?:(?P<mod>{MOD})[\s-]+(?:van\s+)?)?(?:(?P<pre>{PREV}|{NEXT})\s+)?(?P<m>{MONTH})"
          r"(?:\s+(?P<y>\d{{4}})|\s+(?:van\s+)?(?P<rel>dit|vorig|volgend|afgelopen|komend|dat|datzelfde)\s+jaar|\s+(?P<post>jl\.?|jongstleden|a\.s\.?|aanstaande))?)(?![\w])", h_month),
        R("year", B + r"(?P<t>(?:(?P<mod>begin|eind|medio|midden|halverwege|eind-|begin-)\s*|(?:(?:de|het)\s+)?(?P<season>{SEASON})\s+(?:van\s+)?)?(?P<y>{YEAR}))", h_year),
        R("decade", B + r"(?P<t>(?:(?:begin|eind|midden|halverwege)\s+(?:de\s+)?)?(?:de\s+)?jaren\s+(?P<d>['’]?\d0|\d{{3}}0|{DECADE}))(?:['’]?er)?" + E, h_decade),
        R("century", B + r"(?P<t>(?:de\s+)?(?:(?P<n>\d{{1,2}})(?:e|de|ste)|(?P<ord>{ORD}))\s+eeuw|(?P<rel>deze|vorige|volgende)\s+eeuw)" + E, h_century),
        R("relative", B + r"(?P<t>(?:(?:{MOD})\s+(?:van\s+)?)?(?:(?P<art>de|het)\s+)?(?P<rel>{DEICTIC})\s+(?P<u>week|maand|jaar|weekend|eeuw|decennium|kwartaal|{SEASON}))" + E, h_relative),
        R("weekend", B + r"(?P<t>het\s+weekend)" + E, h_weekend),
        R("season", B + r"(?:in\s+)?(?P<t>(?:de|het)\s+(?P<season>{SEASON}))(?![\w/-])(?!\s+(?:van|{YEAR}))", h_season),
        R("shifted", B + r"(?P<t>(?:(?P<over>over)\s+)?(?:(?P<apx>{APX})\s+)?(?P<q>{HALF}|{NUM}|{VAGUE})\s+(?:{ADJ}\s+)?(?P<u>{UNIT})\s+(?P<dir>" + shift_words + r"))" + E, h_shifted),
        R("over", r"(?<![\w])over\s+(?P<t>(?:(?P<apx>{APX})\s+)?(?P<q>{HALF}|{NUM})\s+(?P<u>{UNIT}))" + E,
          lambda run, m: h_shifted(run, _Alias(m, {}, {"over": "over", "dir": None}))),
        R("duration", B + r"(?P<t>(?:(?P<apx>{APX})\s+)?(?P<q>{HALF}|{NUM}|{VAGUE})\s+(?:{ADJ}\s+)?(?P<u>{UNIT})(?P<lang>\s+lang)?)" + E, h_duration),
        R("vague_plural", B + r"(?P<t>(?:(?:de|het)\s+)?(?:(?:afgelopen|laatste|komende|volgende|eerste|voorbije|achterliggende)\s+)(?:(?P<n>{NUM})\s+(?P<u3>{UNIT})|(?P<u>{PL_UNIT}))"
          r"|(?:de\s+)?(?P<u2>{PL_UNIT})\s+(?:erna|daarna|ervoor|daarvoor|daarop|nadien))" + E,
          lambda run, m: h_vague_plural(run, _Alias(m, {"u": "u2" if m.group("u2") else "u3" if m.group("u3") else "u"}))),
        R("al_plural", r"(?<![\w])al\s+(?P<t>(?P<u>{PL_UNIT}))" + E, h_vague_plural),
        R("long_units", B + r"(?P<t>(?P<u>{LONG}))e?" + E, h_vague_plural),
        R("whole", B + r"(?P<t>(?:de|het|een)\s+hele\s+(?P<u>{SG_UNIT}|ochtend|middag|avond)|(?:(?:het|een|dat|afgelopen|het\s+afgelopen)\s+)?(?P<u2>etmaal)|nog\s+geen\s+(?P<u3>{SG_UNIT}))" + E,
          lambda run, m: h_whole(run, _Alias(m, {"u": "u2" if m.group("u2") else "u3" if m.group("u3") else "u"}))),
        R("age", B + r"(?P<t>(?P<n>\d{{1,3}}|{NUM})-?(?P<suf>{AGE}))" + E, h_age),
        R("anaphoric", B + r"(?P<t>(?:(?P<det>die|diezelfde|datzelfde|dat|de\s+volgende|de\s+vorige|de\s+daaropvolgende|het\s+volgende)\s+)(?P<u>dag|ochtend|morgen|middag|avond|nacht|week|maand|jaar)(?:\s+(?P<post>erna|daarna|ervoor|daarvoor|erop|daarop))?"
          r"|(?:de|het)\s+(?P<u2>dag|ochtend|middag|avond|nacht|week|maand|jaar)\s+(?P<post2>erna|daarna|ervoor|daarvoor|erop|daarop)|(?P<daags>daags)\s+(?P<post3>erna|daarna|ervoor|daarvoor))" + E,
          lambda run, m: h_anaphoric_unit(run, _Alias(m, {"u": "u2" if m.group("u2") else "u", "post": "post2" if m.group("post2") else "post3" if m.group("post3") else "post"}))),
        R("edge", B + r"(?P<t>(?:het\s+)?(?P<edge>eind|einde|begin|midden)\s+van\s+(?:de|het)\s+(?P<u>dag|ochtend|middag|avond|week|maand|jaar))" + E, h_edge),
        R("clock", B + r"(?:(?P<prep>{CLOCK_PREP})\s+)?(?P<t>(?P<h>[012]?\d)[.:](?P<mi>[0-5]\d)(?:\s*(?P<uur>uur))?(?:\s+(?P<pm>(?:'s|’s)\s+(?:ochtends|morgens|middags|avonds|nachts)))?)(?![\w]|[.,]\d)", h_clock),
        R("midnight", B + r"(?P<t>middernacht)" + E, h_midnight),
        R("set", B + r"(?P<t>(?:{SET})\s+(?:(?P<n>{NUM})\s+)?(?P<u>{UNIT})|(?:{SET})\s+(?P<wd>{WD})(?P<wpod>{POD})?|(?:'s|’s)\s+(?P<wd2>{WD_ADV})|(?:{SET})\s+(?P<pod>{POD}))" + E,
          lambda run, m: h_set(run, _Alias(m, {"wd": "wd2" if m.group("wd2") else "wd"}))),
        R("set_adj", B + r"(?P<t>(?P<w>{SET_ADJ})e?)" + E, h_set_adj),
        R("set_freq", B + r"(?P<t>(?:{NUM}\s+keer|eens|één\s+keer)\s+(?:per|in\s+de|in\s+het|elke|iedere|elk|ieder)\s+(?P<u>{SG_UNIT}))" + E, h_set),
        R("holiday", B + r"(?P<t>(?P<h>{HOLIDAY})(?:\s+(?P<y>{YEAR}))?)" + E, h_holiday),
        R("quarter", B + r"(?P<t>(?:het\s+)?(?P<ord>eerste|tweede|derde|vierde|laatste)\s+kwartaal(?:\s+(?:van\s+)?(?P<y>{YEAR})|\s+van\s+(?P<rel>dit|vorig|volgend)\s+jaar)?)" + E, h_quarter),
        R("weeknum", B + r"(?P<t>week\s+(?P<w>\d{{1,2}})(?:\s+(?:van\s+)?(?P<y>{YEAR}))?)" + E, h_weeknum),
    ]
    return rules


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


# --------------------------------------------------------------------------
# Tagging a document
# --------------------------------------------------------------------------


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


_LEADING_LOOKBEHIND = re.compile(r"^\(\?<!\[[^\]]*\]\)")
_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


def _first_chars(items) -> tuple[Optional[set[str]], bool]:
    """Characters a match of parsed regex ``items`` can start with (None: any), and whether
    it can be empty. Covers what the rules use: literals, classes, groups, alternation,
    repeats and zero-width assertions."""
    out: set[str] = set()
    for op, av in items:
        if op is _sre.LITERAL:
            first, nullable = {chr(av)}, False
        elif op is _sre.IN:
            first, nullable = set(), False
            for o, a in av:
                if o is _sre.LITERAL:
                    first.add(chr(a))
                elif o is _sre.RANGE and a[1] - a[0] <= 300:
                    first |= {chr(x) for x in range(a[0], a[1] + 1)}
                elif o is _sre.CATEGORY and a is _sre.CATEGORY_DIGIT:
                    first |= set("0123456789")  # other Unicode digits are non-ASCII: see _Gate
                else:
                    return None, False
        elif op is _sre.BRANCH:
            first, nullable = set(), False
            for branch in av[1]:
                f, n = _first_chars(branch)
                if f is None:
                    return None, False
                first, nullable = first | f, nullable or n
        elif op is _sre.SUBPATTERN:
            first, nullable = _first_chars(av[-1])
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
            first, nullable = _first_chars(av[2])
            nullable = nullable or av[0] == 0
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT):
            first, nullable = set(), True
        else:
            return None, False
        if first is None:
            return None, False
        out |= first
        if not nullable:
            return out, False
    return out, True


_ASCII = tuple(chr(x) for x in range(128))
_CATEGORY_PATTERN = {} if _sre is None else {
    _sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_NOT_DIGIT: r"\D", _sre.CATEGORY_SPACE: r"\s",
    _sre.CATEGORY_NOT_SPACE: r"\S", _sre.CATEGORY_WORD: r"\w", _sre.CATEGORY_NOT_WORD: r"\W",
}


# Beginnings are compared in a coarser alphabet: lower case, every digit as "0", every ASCII
# space as " ". A text and a pattern character that match still match after it, so the
# comparison only admits more; "\d\d\d\d" is then one beginning instead of ten thousand.
_CANON = str.maketrans({**{d: "0" for d in "0123456789"}, **{w: " " for w in "\t\n\v\f\r\x1c\x1d\x1e\x1f"}})


def _canon(chars) -> frozenset[str]:
    return frozenset(c.lower().translate(_CANON) for c in chars)


@lru_cache(maxsize=None)
def _ascii_admitted(pattern: str, flags: int) -> frozenset[str]:
    """ASCII characters that the one-character ``pattern`` matches under ``flags`` (asked of
    ``re`` itself, so its case folding and class definitions hold exactly)."""
    rx = re.compile(pattern, flags)
    return frozenset(c for c in _ASCII if rx.fullmatch(c))


def _class_chars(av, flags: int) -> Optional[frozenset[str]]:
    """The ASCII characters a parsed character class admits (None: a part it cannot list)."""
    chars: set[str] = set()
    negate = False
    for o, a in av:
        if o is _sre.NEGATE:
            negate = True
        elif o is _sre.LITERAL:
            chars |= _ascii_admitted(re.escape(chr(a)), flags)
        elif o is _sre.RANGE:
            chars |= _ascii_admitted(f"[{re.escape(chr(a[0]))}-{re.escape(chr(a[1]))}]", flags)
        elif o is _sre.CATEGORY and a in _CATEGORY_PATTERN:
            chars |= _ascii_admitted(_CATEGORY_PATTERN[a], flags)
        else:
            return None
    if negate:  # an ASCII character folds only to ASCII characters, so the complement is exact
        return _canon(_ascii_admitted(".", flags | re.S) - chars)
    return _canon(chars)


def _prefixes(items, k: int, flags: int, start=frozenset({("", False)})) -> set[tuple[str, bool]]:
    """ASCII strings of at most ``k`` characters (in the coarse alphabet of ``_CANON``) that a
    match of the parsed regex ``items`` can begin with, each flagged when what follows it is
    not listed.

    A string shorter than ``k`` means "then anything" (the match may end there, or the
    pattern goes on in a way not listed), so the set over-approximates: testing a text's
    first ``k`` characters against it never drops a real match. Only ASCII texts are tested
    (see ``_Gate``), so pattern characters that match no ASCII character drop their path.
    """
    cur = set(start)
    for op, av in items:
        if all(done or len(s) >= k for s, done in cur):
            break
        nxt: set[tuple[str, bool]] = set()
        by_room: dict[int, set[tuple[str, bool]]] = {}  # the item's beginnings, per room left
        for s, done in cur:
            if done or len(s) >= k:
                nxt.add((s, done))
                continue
            room = k - len(s)
            if room not in by_room:
                by_room[room] = _item_prefixes(op, av, room, flags)
            nxt |= {(s + t, d) for t, d in by_room[room]}
        cur = nxt
        if len(cur) > 20_000:  # too many to list: keep all but the last character, then anything
            cur = {(s[:-1], True) for s, _ in cur}
    return cur


def _item_prefixes(op, av, r: int, flags: int) -> set[tuple[str, bool]]:
    if op is _sre.LITERAL:
        return {(c, False) for c in _canon(_ascii_admitted(re.escape(chr(av)), flags))}
    if op is _sre.NOT_LITERAL:
        return {(c, False) for c in _canon(_ascii_admitted(f"[^{re.escape(chr(av))}]", flags))}
    if op is _sre.ANY:
        return {(c, False) for c in _canon(_ascii_admitted(".", flags))}
    if op is _sre.IN:
        chars = _class_chars(av, flags)
        return {(c, False) for c in chars} if chars is not None else {("", True)}
    if op is _sre.BRANCH:
        out: set[tuple[str, bool]] = set()
        for branch in av[1]:
            out |= _prefixes(branch, r, flags)
        return out
    if op is _sre.SUBPATTERN:
        return _prefixes(av[-1], r, flags)
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
        lo, hi, sub = av
        out = set()
        cur = {("", False)}
        for i in range(r + 1):
            if i >= lo:
                out |= cur
            if i >= hi:
                return out
            grown = _prefixes(sub, r, flags, cur)
            if grown == cur:  # the repeated part matched nothing more
                return out | cur
            cur = grown
        return out | {(s, True) for s, _ in cur}
    if op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT):
        return {("", False)}  # zero-width: ignoring its condition only admits more
    return {("", True)}


class _Gate:
    """Finds every offset where some rule can start a match, cheaply.

    Scanning each rule regex over the whole text costs a pass per rule (their leading
    look-behind defeats ``re``'s first-character skipping). The gate instead visits the
    offsets that follow no word character and start with a character some rule can begin
    with. There it reads the next ``PREFIX`` characters and tries only the rules whose
    possible beginnings (``_prefixes``) admit them, each with its own compiled regex (a union
    per set of rules would have to be compiled on first sight, which cost more than a short
    run's matching), so the common word "de" tries only the rules that can begin "de" plus
    its next characters. Texts with non-ASCII characters there, and the end of the text,
    fall back to the rules that can begin with the first character (all rules for a
    non-ASCII one). ``rule.regex.match`` at the offsets found gives exactly the matches
    of ``finditer``: every rule's look-behind excludes a preceding word character.
    """

    PREFIX = 4
    _MEMO_MAX = 200_000

    def __init__(self, rules: list[Rule]) -> None:
        flags = rules[0].regex.flags
        self.flags = flags
        self.bodies = [_NAMED_GROUP.sub("(?:", _LEADING_LOOKBEHIND.sub("", r.regex.pattern, count=1)) for r in rules]
        firsts = []
        for r in rules:
            f, nullable = _first_chars(_sre_parse(r.regex.pattern, r.regex.flags))
            firsts.append(None if f is None or nullable else {c.lower() for c in f})
        # first character -> the rules that can begin with it (their own regexes: nothing to compile)
        self.by_char: Optional[dict[str, tuple[re.Pattern, ...]]] = None
        if all(f is not None for f in firsts):
            chars = sorted({c for f in firsts for c in f if c.isascii()})
            self.by_char = {c: tuple(r.regex for r, f in zip(rules, firsts) if c in f) for c in chars}
            self.finder = re.compile(r"(?<!\w)(?:[" + re.escape("".join(chars)) + r"]|[^\x00-\x7f])", flags)
        # beginning (in the alphabet of ``_CANON``) -> bit mask of the rules that can begin so
        self.beginnings: dict[str, int] = {}
        for i, r in enumerate(rules):
            for b, _ in _prefixes(_sre_parse(r.regex.pattern, flags), self.PREFIX, flags):
                self.beginnings[b] = self.beginnings.get(b, 0) | (1 << i)
        self.rules = rules
        self._by_key: dict[str, tuple[re.Pattern, ...]] = {}
        self._by_rules: dict[int, tuple[re.Pattern, ...]] = {}

    def _for_key(self, key: str) -> tuple[re.Pattern, ...]:
        """The regexes to try where the text begins with ``key``: each rule that can begin so,
        or (a short or non-ASCII ``key``) each rule that can begin with its first character."""
        if len(key) < self.PREFIX or not key.isascii():
            c = key[0]
            return self.by_char.get(c.lower(), ()) if c.isascii() else tuple(r.regex for r in self.rules)
        low, get = key.lower().translate(_CANON), self.beginnings.get
        admitted = 0
        for n in range(self.PREFIX + 1):
            admitted |= get(low[:n], 0)
        if admitted not in self._by_rules:
            self._by_rules[admitted] = tuple(r.regex for i, r in enumerate(self.rules) if admitted >> i & 1)
        return self._by_rules[admitted]

    @cached_property
    def any_rule(self) -> re.Pattern:
        """Every rule's body (its leading look-behind dropped) as one regex."""
        return re.compile("|".join(f"(?:{b})" for b in self.bodies), self.flags)

    def starts(self, text: str) -> list[int]:
        if self.by_char is None:
            return [m.start() for m in re.finditer(r"(?<!\w)", text) if self.any_rule.match(text, m.start())]
        out = []
        by_key, k = self._by_key, self.PREFIX
        if len(by_key) > self._MEMO_MAX:
            by_key.clear()
        for m in self.finder.finditer(text):
            p = m.start()
            key = text[p : p + k]
            try:
                tries = by_key[key]
            except KeyError:
                tries = by_key[key] = self._for_key(key)
            for rx in tries:
                if rx.match(text, p):
                    out.append(p)
                    break
        return out


def build_gate(rules: list[Rule]) -> Optional[_Gate]:
    """The start-offset finder for ``rules`` (None when they do not share one flag set)."""
    if _sre is None or len({r.regex.flags for r in rules}) != 1:
        return None
    return _Gate(rules)


def _rule_matches(rule: Rule, text: str, starts: Optional[list[int]]):
    """``rule.regex.finditer(text)``, tried only at the gate's ``starts`` when given."""
    if starts is None:
        yield from rule.regex.finditer(text)
        return
    resume = 0
    for p in starts:
        if p < resume:
            continue
        m = rule.regex.match(text, p)
        if m:
            yield m
            resume = m.end() if m.end() > p else p + 1


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
                run.ref, run.ref_end, run.ref_abs = r.point, r.end, r.absolute
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
