"""Handlers of relative periods, durations, anaphora, clock times, sets, holidays and quarters."""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from .points import GRAN_ORDER, SEASON_START, UNIT_GRAN, Point, add_months, coarser, holiday_date, pick, shift, start_of
from . import handlers_dates as hd
from .lexicon import _alt
from .run import Result, _g, _norm, _span, _Run

def _relative_period(run: _Run, unit: str, k: int, s: int, e: int, name: str):
    """*vorige week*, *dit jaar*, *volgend weekend*, *afgelopen zomer* ..."""
    dct = run.dct
    if dct is None:
        return [run.no_dct(s, e, "DATE", f"'{name}'")]
    code = "WE" if unit in run.lex.words("weekend_words") else run.lex.units.get(unit)
    if code == "D":
        d, gran = dct + dt.timedelta(days=k), "day"
    elif code == "W":
        d, gran = dct + dt.timedelta(weeks=k), "week"
    elif code == "WE":
        d, gran = dct + dt.timedelta(weeks=k), "weekend"
        if k == 1 and dct.isoweekday() <= 5:  # *komend weekend* on a Wednesday: this week's
            d = dct
    elif code == "M":
        d, gran = add_months(dct.replace(day=1), k), "month"
    elif code == "Q":
        d, gran = add_months(start_of("quarter", dct), 3 * k), "quarter"
    elif code == "Y":
        d, gran = dt.date(dct.year + k, 1, 1), "year"
    elif code == "DE":
        d, gran = dt.date(dct.year + 10 * k, 1, 1), "decade"
    elif code == "CE":
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
    ana = run.lex.raw.get("relative_anaphoric", {})
    if art and rel in ana.get("words", {}) and unit in ana.get("units", ()):  # *de volgende week*: after the reference
        anchor, why = run.anchor()
        if anchor is None:
            return [run.no_dct(s, e, "DATE", f"'{name}'")]
        k = ana["words"][rel]
        code = run.lex.units[unit]
        d = shift(anchor.date, k, code)
        gran = UNIT_GRAN[code]
        p = Point(gran, start_of(gran, d))
        return [Result(s, e, "DATE", p.value(), 0.7, f"'{name}' relative to {why}", p)]
    k = run.lex.deixis(rel)
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


def _dur_value(n: Optional[float], code: str, quarters: str = "M", mixed_halves: bool = False) -> str:
    """ISO-8601 duration for n units (None = unspecified, ``X``); quarters as months (``P3M``) or,
    with ``quarters="Q"``, as TimeBank writes them (``P1Q``). A half unit goes one unit down: all
    of it (``P18M``), or with ``mixed_halves`` only the half (``P1Y6M``, ``PT5H30M``)."""
    if mixed_halves and n is not None and n != int(n) and n > 1 and code in ("Y", "D", "H", "MIN"):
        whole, half = _dur_value(int(n), code, quarters), _dur_value(n - int(n), code, quarters)
        return whole + (half[2:] if "T" in whole else half[1:])  # P2Y + P6M, PT5H + PT30M, P1D + PT12H
    if code == "Q" and quarters == "Q":
        return "PXQ" if n is None else f"P{_num(n)}Q"
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
    if n is not None and _g(m, "and_half"):
        n += 0.5  # *a minute and a half*
    if n == 1 and unit in run.lex.raw.get("plural_units", {}) and m.span("q")[0] < 0:
        n = None  # *the first hours*: a plural and no number (the rule's stand-in "1" is for a singular)
    before = run.text[max(0, s - 8):s].lower()
    one = run.lex.raw.get("narrative_one")
    if one and ql in one["numbers"] and unit in one["units"] and re.search(one["before"], before):
        return None  # *op een dag*: narrative 'one day'
    fut = run.lex.raw.get("future_one")
    if fut and ql in fut["numbers"] and unit in fut["units"] and re.search(fut["before"], before):
        return [Result(s, e, "DATE", "FUTURE_REF", 0.6, f"'{_norm(run.text[s:e])}' after a modal: a time to come → FUTURE_REF")]
    # *om zeven uur*, *rond 10 uur 's avonds*: a clock time, not a duration
    hour_preps, day_parts = run.lex.raw.get("hour_prepositions"), run.lex.raw.get("hour_day_parts", {})
    if code == "H" and n is not None and n == int(n) and 0 <= n <= 24 and not _g(m, "lang") and not _g(m, "apx") \
            and (hour_preps or day_parts):
        hb = hour_preps and re.search(r"(?:^|\s)" + _alt(hour_preps) + r"\s+$", run.text[max(0, s - 12):s].lower())
        after = run.text[e:e + 14].lower()
        pm = day_parts and re.match(r"\s+(" + _alt(day_parts) + r")(?!\w)", after)
        if hb or pm:
            h = int(n)
            if pm:
                if h < 12:
                    h += day_parts[_norm(pm.group(1))]
                e += pm.end()
            day, why = run.day_anchor(s)
            if day is None:
                return [run.no_dct(s, e, "TIME", f"clock time '{run.text[s:e]}'")]
            p = Point("time", day, f"{h:02d}:00")
            return [Result(s, e, "TIME", p.value(), 0.85, f"clock time '{run.text[s:e]}' on {why}", p)]
    val = _dur_value(n, code, run.lex.raw.get("quarter_duration_unit", "M"), run.lex.raw.get("mixed_halves", False))
    return [Result(s, e, "DURATION", val, 0.85 if n is not None else 0.75, f"duration '{_norm(run.text[s:e])}' → {val}")]


def h_vague_plural(run: _Run, m: re.Match):
    """*de afgelopen jaren*, *de maanden erna*, *al jaren*, *wekenlang*."""
    s, e = _span(m)
    unit = _g(m, "u")
    code = run.lex.units.get(unit) or run.lex.raw["long_units"].get(unit)
    if code is None:
        return None
    n = run.lex.number(m.group("n")) if _g(m, "n") else None
    val = _dur_value(n, code, run.lex.raw.get("quarter_duration_unit", "M"))
    return [Result(s, e, "DURATION", val, 0.75, f"duration '{_norm(m.group(0))}' → {val}")]


def h_whole(run: _Run, m: re.Match):
    """*de hele nacht* → PT1NI, *het hele jaar* → P1Y, *het etmaal* → P1D, *nog geen dag* → P1D."""
    s, e = _span(m)
    unit = _g(m, "u")
    code = run.lex.units.get(unit) or run.lex.raw["parts_of_day"].get(unit)
    if code in ("MO", "AF", "EV"):
        val = f"PT1{code}"
    else:
        val = _dur_value(1, code, run.lex.raw.get("quarter_duration_unit", "M"))
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
    val = _dur_value(n, code, run.lex.raw.get("quarter_duration_unit", "M"))
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
        ) and not any(t.lemma_ in run.lex.tense.get("future_lemmas", ()) for t in sent):
            return None  # 'in <n> years' cannot sit in a past-tense clause: 'over' means 'about' here
        sign, base, why = 1, (Point("day", run.dct) if run.dct else None), "publication date"
    else:
        sign = run.lex.raw["anaphoric_shift_words"][dirw]
        if dirw in run.lex.words("shift_from_publication"):
            base, why = (Point("day", run.dct) if run.dct else None), "publication date"
        else:
            base, why = run.anchor()
    if base is None:
        return [run.no_dct(s, e, "DATE", f"'{name}'")]
    ugran = UNIT_GRAN[code]
    keep = run.lex.raw.get("shift_keeps_reference_grain", {})
    if n == 1 and dirw in keep and run.ref is not None and run.ref.gran in keep[dirw] \
            and GRAN_ORDER.index(run.ref.gran) < GRAN_ORDER.index(ugran):
        # *third-quarter profit ... a year earlier*: the period in view, shifted (a quarter
        # still running is a forecast: then the last complete one, the one results are for)
        view = run.ref if _reported(run, run.ref) else Point("quarter", add_months(start_of("quarter", run.dct), -3))
        d = shift(view.date, sign * n, code)
        p = Point(view.gran, start_of(view.gran, d), view.extra)
        # no point: the period in view stays the reference (*a year earlier ... a year earlier* is one shift)
        return [Result(s, e, "DATE", p.value(), 0.7, f"'{name}' = {view.value()} {'+' if sign > 0 else '-'}{_num(n)} {unit}")]
    if n is None:  # *een paar weken later*: no exact shift
        if dirw in run.lex.words("shift_from_publication"):
            return [Result(s, e, "DATE", "PAST_REF", 0.7, f"'{name}': vague amount before now → PAST_REF")]
        if over:
            return [Result(s, e, "DATE", "FUTURE_REF", 0.7, f"'{name}': vague amount after now → FUTURE_REF")]
        if coarser(base.gran, ugran) != ugran or base.gran == ugran:
            # the reference is as coarse as the unit (*1993 ... een paar weken later*): it stays
            return [Result(s, e, "DATE", base.value(), 0.6, f"'{name}': vague amount from {why}, kept at its grain", base)]
        gran = {"day": "week", "week": "month", "month": "year", "quarter": "year"}.get(ugran, "decade")
        p = Point(gran, start_of(gran, base.date))
        return [Result(s, e, "DATE", p.value(), 0.5, f"'{name}': vague amount from {why}, one grain coarser", p)]
    last = run.last_shift
    if last is not None and last[0] == run.ref and last[1:3] == (n, code) \
            and last[3] in run.lex.raw.get("shift_parallel", {}).get(dirw, ()):
        # *$6.1 million a year ago ... sales of $3.7 billion a year earlier*: the same comparison
        return [Result(s, e, "DATE", run.ref.value(), 0.7, f"'{name}': the same shift as the '{last[3]}' just before ({run.ref.value()})")]
    d = shift(base.date, sign * n, code)
    gran = coarser(ugran, base.gran)
    p = Point(gran, start_of(gran, d))
    run.last_shift = (p, n, code, dirw)
    return [Result(s, e, "DATE", p.value(), 0.85, f"'{name}' = {why} {'+' if sign > 0 else '-'}{_num(n)} {unit}", p)]


def h_anaphoric_unit(run: _Run, m: re.Match):
    """*die dag*, *de volgende ochtend*, *de dag erna*, *dat jaar*, *daags erna*."""
    s, e = _span(m)
    det, unit, post, daags = _g(m, "det"), _g(m, "u"), _g(m, "post"), _g(m, "daags")
    name = _norm(m.group(0))
    det = _norm(det)
    dets = run.lex.raw["anaphoric_determiners"]
    k = dets.get(det, 0) if det else 0
    if post:
        k = run.lex.raw["anaphoric_shift_words"][post]
    only = run.lex.raw.get("anaphoric_determiner_units", {}).get(det or "")
    if daags:
        unit = run.lex.raw["day_unit"]
    if only is not None and unit not in only:
        return None  # *Verloopt dat morgen eerlijk*: *dat* is no determiner of a de-word
    anchor, why = run.anchor()
    if anchor is None:
        return [run.no_dct(s, e, "DATE", f"'{name}'")]
    pod = run.lex.raw["parts_of_day"].get(unit)
    if pod or run.lex.units.get(unit) == "D":
        base = anchor.date if anchor.gran in ("day", "time") else None
        if base is None and det in run.lex.words("anaphoric_day_in_view"):
            base, why = run.day_anchor(s)  # *closed lower for the day*: the day in view, else the publication date
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
    day_edge = run.lex.raw["edge_of_day"]
    if run.lex.units.get(unit) == "D" or unit in run.lex.raw["parts_of_day"]:
        d, why = run.day_anchor(s)
        if run.ref is not None and run.ref.gran in ("day", "time"):
            d, why = run.ref.date, f"day of {run.ref.value()}"
        if d is None:
            return [run.no_dct(s, e, "TIME", f"'{name}'")]
        code = day_edge[edge] if run.lex.units.get(unit) == "D" else run.lex.raw["parts_of_day"][unit]
        p = Point("time", d, code)
        return [Result(s, e, "TIME", p.value(), 0.6, f"'{name}' → {code} of {why}", p)]
    if run.dct is None:  # *eind van het jaar*: this one, as news uses it
        return [run.no_dct(s, e, "DATE", f"'{name}'")]
    why = "publication date"
    gran = UNIT_GRAN.get(run.lex.units.get(unit, ""))
    if gran is None or gran == "day":
        return None
    p = Point(gran, start_of(gran, run.dct))
    return [Result(s, e, "DATE", p.value(), 0.6, f"'{name}' → {gran} of {why}", p)]


def _day_after_clock(run: _Run, m: re.Match, s: int, e: int) -> tuple[Optional[dt.date], str]:
    """The day a clock time names after it (*9 a.m. Tuesday*, *5 p.m. EST Nov. 9*), else the day in view."""
    wd, mon, day = _g(m, "wd"), _g(m, "mon"), _g(m, "md")
    if run.dct is not None and wd in run.lex.weekdays:
        d, why, _ = hd.weekday_date(run, s, e, run.lex.weekdays[wd])
        return d, f"weekday '{wd}' ({why})"
    if run.dct is not None and mon and day and run.lex.months.get(mon.rstrip(".")):
        month, n = run.lex.months[mon.rstrip(".")], int(re.match(r"\d+", day).group())
        year, why, _ = hd._year_for(run, s, e, month, n)
        try:
            return dt.date(year, month, n), f"date '{mon} {n}' ({why})"
        except (TypeError, ValueError):
            pass
    return run.day_anchor(s)


def h_clock(run: _Run, m: re.Match):
    s, e = _span(m)
    h, mi = int(m.group("h")), int(_g(m, "mi") or 0)
    pm, am = _norm(_g(m, "pm")), _norm(_g(m, "am"))
    if h > 24 or mi > 59 or (h == 24 and mi) or ((pm or am) and h > 12):
        return None
    tz = _norm(_g(m, "tz"))
    if not _g(m, "uur") and not _g(m, "prep") and ":" not in m.group("t") and not (pm or am or tz):
        return None  # *5.00* alone may be money or a score; *12:00* is a time
    after = run.text[m.end():m.end() + 10].lower()
    not_after = run.lex.raw.get("clock_not_after")
    if not_after and re.match(not_after, after):
        return None
    if pm and pm in run.lex.words("pm_markers") and h < 12:
        h += 12
    if am and h == 12:
        h = 0
    day, why = _day_after_clock(run, m, s, e)
    if day is None:
        return [run.no_dct(s, e, "TIME", f"clock time '{m.group('t')}'")]
    zone = "Z" if tz and tz in run.lex.words("utc_zones") else ""  # *16:08 UTC* → T16:08Z
    p = Point("time", day, f"{h:02d}:{mi:02d}{zone}")
    return [Result(s, e, "TIME", p.value(), 0.9, f"clock time '{_norm(m.group('t'))}' on {why}", p)]


def h_named_time(run: _Run, m: re.Match):
    """*middernacht*, *noon*: a clock time by name (``named_times``) on the day in view."""
    s, e = _span(m)
    name = _norm(m.group("w").lower())
    clock = run.lex.raw["named_times"].get(name)
    if clock is None:
        return None
    day, why = _day_after_clock(run, m, s, e)
    if day is None:
        return [run.no_dct(s, e, "TIME", f"'{name}'")]
    p = Point("time", day, clock)
    return [Result(s, e, "TIME", p.value(), 0.7, f"'{name}' on {why}", p)]


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
        val = _dur_value(num, code, run.lex.raw.get("quarter_duration_unit", "M"))
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
        year = run.dct.year + run.lex.deixis(rel)
    else:
        if run.dct is None:
            return [run.no_dct(s, e, "DATE", f"'{_norm(m.group(0))}'")]
        year = run.dct.year
        start = dt.date(year, 3 * q - 2, 1)
        if run.lex.raw.get("quarter_past_unless_future") and start > run.dct:
            # a quarter still to come this year: last year's in the past tense, this year's in the
            # future; else the nearer (*the fourth quarter* in January: last year's; in August: this year's)
            tense = run.tense(s, e)[0]
            last_end = add_months(start, -9) - dt.timedelta(days=1)  # the end of last year's
            if tense == "PAST" or (tense != "FUTURE" and run.dct - last_end < start - run.dct):
                year -= 1
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



def h_half(run: _Run, m: re.Match):
    """*the first half of 1998* → 1998-H1 (TIMEX3 half-years)."""
    s, e = _span(m)
    o, y, rel = _g(m, "ord"), _g(m, "y"), _g(m, "rel")
    h = run.lex.raw["ordinals"].get(o)
    if h == -1:
        h = 2
    if h not in (1, 2):
        return None
    if y:
        year = int(y)
    elif run.dct is None:
        return [run.no_dct(s, e, "DATE", f"'{_norm(m.group(0))}'")]
    else:
        year = run.dct.year + (run.lex.deixis(rel) or 0)
    p = Point("year", dt.date(year, 1, 1))
    return [Result(s, e, "DATE", f"{year:04d}-H{h}", 0.8, f"half year '{_norm(m.group(0))}'", p)]


def _reported(run: _Run, p: Point) -> bool:
    """Whether period ``p`` (the reference) is one results are reported for: over by the publication
    date, or named in the past tense (a fiscal quarter: *reported a decline in fourth-quarter
    profit* in November); a quarter still running named otherwise is a forecast (*will result in
    a fourth-quarter charge*)."""
    if run.dct is None or p.gran != "quarter" or add_months(p.date, 3) <= run.dct:
        return True
    return run.ref_start >= 0 and run.tense(run.ref_start, run.ref_end)[0] == "PAST"


def h_ref_period(run: _Run, m: re.Match):
    """*the quarter*, *the latest quarter*, *the year-ago period*, *the same month a year ago*
    (``reference_periods``: words → shift in years): the quarter (or month) in view, the last one
    mentioned, else the last complete quarter."""
    s, e = _span(m)
    name = _norm(m.group(0).lower())
    shifts = run.lex.raw["reference_periods"]
    k = next((shifts[w] for w in sorted(shifts, key=len, reverse=True) if w and w in name), 0)
    gran = "quarter"
    end_month = run.lex.months.get((_g(m, "em") or "").rstrip("."))
    if end_month and run.dct is not None:  # *the quarter ended Sept. 30*: the quarter that ends in that month
        year = run.dct.year if dt.date(run.dct.year, end_month, 1) <= run.dct else run.dct.year - 1
        # the calendar quarter holding most of the three months up to that month (fiscal quarters too)
        p = Point("quarter", start_of("quarter", add_months(dt.date(year, end_month, 1), -1)))
        return [Result(s, e, "DATE", p.value(), 0.7, f"'{name}' → the quarter ending in month {end_month}", p)]
    if run.ref is not None and run.ref.gran in ("quarter", "month") and not (_g(m, "q") and run.ref.gran == "month") \
            and _reported(run, run.ref):
        base, gran, why = run.ref.date, run.ref.gran, f"the {run.ref.gran} in view {run.ref.value()}"
    elif _g(m, "mo"):
        return None  # *the same month* with no month in view
    elif run.dct is not None:
        base, why = add_months(start_of("quarter", run.dct), -3), "the last complete quarter before the publication date"
    else:
        return [run.no_dct(s, e, "DATE", f"'{name}'")]
    y = _g(m, "y")
    if y:  # *the 1988 period*: the quarter in view, in that year
        base, why = base.replace(year=int(y)), why + f" in {y}"
    p = Point(gran, add_months(base, 12 * k))
    # a shifted period does not become the reference (*the year-ago quarter* ... *the quarter*)
    return [Result(s, e, "DATE", p.value(), 0.6, f"'{name}' → {why}" + (f" {k:+d} year(s)" if k else ""), None if k or y else p)]
