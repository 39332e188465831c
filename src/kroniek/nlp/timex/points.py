"""Calendar points (TIMEX3 values at a granularity) and date arithmetic; no language in here."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

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
