"""The language's time lexicon (``data/<lang>/timex.json``) and the sub-patterns rules are written with."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional

from ...lang import get_pack

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
        whole, _, frac = s.partition(" ")
        if whole.isdigit() and frac in self.raw.get("fractions", {}):  # *2 1/2*
            return int(whole) + self.raw["fractions"][frac]
        if s in self.numbers:
            return self.numbers[s]
        m = re.fullmatch(_compound(self.raw, capture=True), s)
        if m:
            return self.raw["number_units"][m.group("u")] + self.raw["number_tens"][m.group("t")]
        return None

    def words(self, key: str) -> set[str]:
        """A word list of the lexicon as a set (empty when the language has none)."""
        return set(self.raw.get(key, ()))

    def deixis(self, word: Optional[str]) -> Optional[int]:
        """-1, 0 or 1 for a deictic word of class previous, current or next; None otherwise."""
        return {"previous": -1, "current": 0, "next": 1}.get(self.deictic.get(word or ""))


def _compound(r: dict, capture: bool = False) -> str:
    """Regex of a compound number word: Dutch *vijfentwintig* (unit, joiner, ten), English
    *twenty-five* (ten, joiner, unit), as ``number_compound`` in the lexicon says."""
    spec = r.get("number_compound")
    if not spec:
        return "(?!)"
    u, t = _alt(r["number_units"]), _alt(r["number_tens"])
    if capture:
        u, t = f"(?P<u>{u[3:-1]})", f"(?P<t>{t[3:-1]})"
    j = "(?:" + "|".join(re.escape(x) for x in spec["joiners"]) + ")"
    return u + j + t if spec["order"] == "units_tens" else t + j + u


@lru_cache(maxsize=4)
def load_lexicon(lang: str = "nl") -> Lexicon:
    with open(get_pack(lang).data("timex.json"), encoding="utf8") as f:
        return Lexicon(json.load(f))


class Patterns:
    """The sub-patterns every rule is written with, filled from the lexicon."""

    def __init__(self, lex: Lexicon) -> None:
        r = lex.raw
        compound = _compound(r)
        frac = f"\\s+{_alt(r['fractions'])}|" if r.get("fractions") else ""  # *2 1/2*
        self.NUM = f"(?:\\d{{1,4}}(?:{frac}[.,]5)?|{compound}|{_alt(r['numbers'])})"
        self.HALF = _alt(r["halves"])
        self.VAGUE = _alt(r["vague_quantities"])
        self.APX = _alt(w for w in r["approximators"] if w not in r.get("approximators_not_before_numbers", ()))
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
        self.REF = _alt(w for w in lex.ref_words if w not in r.get("ref_words_own_rule", ()))
        self.RELDAY = _alt(r["relative_days"])
        self.RELDAY_PRE = _alt(r["relative_day_prefixes"])
        self.YEAR = r"(?<![\d.,])(?:1\d{3}|20\d{2})(?![\d]|[.,]\d)"
        self.DAY = r"(?:[0-2]?\d|3[01])" + _alt(r.get("day_suffixes", ())) + "?"
        self.SHIFT = _alt(r.get("shift_words") or r["anaphoric_shift_words"])
        self.CLOCK_PREP = _alt(r["clock_prepositions"])

    def __getitem__(self, k: str) -> str:  # for str.format_map
        return getattr(self, k)


