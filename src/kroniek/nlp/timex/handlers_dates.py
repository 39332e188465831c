"""Handlers of the rules that name a day, month, year or larger point (each returns Results or None)."""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from .points import SEASON_START, Point, pick
from .lexicon import _alt
from .run import Result, _g, _norm, _span, _Run

def h_ref(run: _Run, m: re.Match):
    s, e = _span(m)
    phrase = _norm(m.group(0).lower())
    val = run.lex.ref_words.get(phrase)
    for pre in run.lex.raw.get("ref_prefixes", ()):  # *in het verleden* / *het verleden*
        if val is None and phrase.startswith(pre + " "):
            val = run.lex.ref_words.get(phrase[len(pre) + 1:])
        if val is None:
            val = run.lex.ref_words.get(f"{pre} {phrase}")
    if val is None:
        return None
    return [Result(s, e, "DATE", val, 0.85, f"vague reference '{phrase}' → {val}")]


def h_now_adverb(run: _Run, m: re.Match):
    """*nu* ('now') as a time adverb, not the conjunction or the particle (words in the lexicon's ``nu``)."""
    s, e = _span(m)
    w = run.lex.raw["now_adverb"]
    word = _norm(m.group("t"))
    a, b = run.tokens(s, e)
    doc, tf = run.doc, run.tf
    after = run.text[e:e + 12].lower()
    if any(after.lstrip().startswith(x) for x in w["not_time_after"]):
        return None
    prev = doc[a - 1] if a > 0 else None
    until_before, until_after = w["until"]
    if prev is not None and prev.lower_ == until_before and b < len(doc) and doc[b].lower_ == until_after:
        return [Result(s, e, "DATE", "PRESENT_REF", 0.8, f"'{until_before} {word} {until_after}' → PRESENT_REF")]
    initial = prev is None or tf._is_boundary(a - 1) or prev.lower_ in w["conjunctions"]
    if initial:
        j = b
        while j < len(doc) and doc[j].lower_ in w["skip_next"]:
            j += 1
        nxt = doc[j] if j < len(doc) else None
        after2 = doc[j + 1] if j + 1 < len(doc) else None
        if nxt is None:
            return None
        is_verb = tf.kind(j) in ("FUT", "COND", "PAST", "PRES")
        subj = w["subject_pronouns"]
        inverted = after2 is not None and after2.lower_ in subj and nxt.lower_ not in subj
        if not (is_verb or inverted):
            return None  # conjunction *nu* ('now that'): *Nu Mueller klaar is, ...*
    cs, ce = tf.clause(a, b)
    if any(doc[k].lower_ in w["particle_before"] for k in range(max(cs, a - 4), a)):
        return None  # particle: *of het nu strategie is of ...*
    if tf.simple_past(a, b):
        return None  # *werd Trump nu overmoedig?*: particle, not the present
    return [Result(s, e, "DATE", "PRESENT_REF", 0.7, f"'{word}' as time adverb in a clause that is not in the past tense → PRESENT_REF")]


def h_relday(run: _Run, m: re.Match):
    s, e = _span(m)
    w = _g(m, "w")
    not_after = run.lex.raw.get("relative_days_not_after", {}).get(w)
    if not_after and re.search(not_after, run.text[max(0, s - 12):s].lower()):
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
    cls = run.lex.deictic.get(pre or "")
    if cls in ("current", "anaphoric"):
        if cls == "anaphoric":  # *die avond*: the day last mentioned, however far back
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
    if code and not run.lex.raw.get("weekday_part_of_day_in_value", True):
        code = None  # *Wednesday night* → the day, as the language's reference corpus annotates it
    typ = "TIME" if code else "DATE"
    pre, post, wk = _g(m, "pre"), _g(m, "post"), _g(m, "wk") or _g(m, "wk2")
    name = _norm(m.group(0))
    dct = run.dct
    set_before = run.lex.raw.get("weekday_set_before")
    if not (pre or post or wk) and set_before and re.search(r"\b" + _alt(set_before) + r"\s+$", run.text[max(0, s - 10):s].lower()):
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
            d, why, conf = dct - dt.timedelta(days=dct.weekday()) + dt.timedelta(days=wd - 1), f"'{pre or post}': this week", 0.85
        else:
            d, why, conf = weekday_date(run, s, e, wd)
    p = Point("time", d, code) if code else Point("day", d)
    return [Result(s, e, typ, p.value(), conf, f"weekday '{name}' ({why}) from publication date {dct}", p)]


def weekday_date(run: _Run, s: int, e: int, wd: int) -> tuple[dt.date, str, float]:
    """Day of a bare weekday (ISO number ``wd``) near the publication date: that day, else by tense."""
    dct = run.dct
    back, fwd = (dct.isoweekday() - wd) % 7, (wd - dct.isoweekday()) % 7
    if back == 0:
        return dct, "weekday of publication: that day", 0.6
    prev, nxt = dct - dt.timedelta(days=back), dct + dt.timedelta(days=fwd)
    ahead = run.lex.raw.get("weekday_next_after")
    if ahead and re.search(r"(?<!\w)" + _alt(ahead) + r"\s+(?:[\w.:]+\s+){0,3}$", run.text[max(0, s - 40):s].lower()) \
            and not run.tf.pluperfect(*run.tokens(s, e)):  # *until Thursday, they had not called*: the last one
        return nxt, "after a word that looks ahead: next occurrence", 0.75  # *until Tuesday*, *as early as Tuesday*
    tense, twhy = run.tense(s, e)
    # the present means a plan only when it is the expression's own clause
    d, why = pick(prev, nxt, dct, tense, present="next" if run.futurate(s, e) else "nearest")
    return d, f"{twhy}; {why}", 0.8 if tense else 0.6


def _year_for(run: _Run, s: int, e: int, month: int, day: Optional[int]) -> tuple[Optional[int], str, float]:
    """Year of a month (and day) given without one: tense, else the nearest."""
    dct = run.dct
    # a year stated in the same sentence wins (*In 2016 ... in juli*)
    if run.ref is not None and run.ref_abs and run.ref.gran in ("year", "month", "day", "time", "season", "quarter") \
            and run.sent_no(run.ref_end) == run.sent_no(s) and (dct is None or run.ref.date.year != dct.year) \
            and (not run.lex.raw.get("sentence_year_same_clause") or run.same_clause(run.ref_start, s, e)):
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
    window = run.lex.raw.get("nearest_date_within_days" if day else "nearest_month_within_days")
    ref_day = dct if day else dct.replace(day=1)
    if window and min(ref_day - prev, nxt - ref_day) <= dt.timedelta(days=window):
        d = prev if ref_day - prev <= nxt - ref_day else nxt  # this close and no past or future: the near one
        return d.year, f"{twhy}; nearest occurrence (within {window} days)", 0.8
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
    rel, pre = _g(m, "rel"), _g(m, "pre")
    cls = run.lex.deictic.get(pre or "")
    if y:
        year, why, conf = int(y), "explicit year", 0.97
    elif cls in ("previous", "current", "next") and run.dct is not None:  # *last Oct. 23*: the last one
        dct = run.dct
        this = (mon, day) < (dct.month, dct.day), (mon, day) > (dct.month, dct.day)
        k = {"previous": -1 if not this[0] else 0, "next": 1 if not this[1] else 0}.get(cls, 0)
        year, why, conf = dct.year + k, f"'{pre}': {cls} occurrence", 0.9
    elif run.lex.deictic.get(rel or "") == "anaphoric" and run.anchor()[0] is not None:
        anchor, awhy = run.anchor()
        year, why, conf = anchor.date.year, f"'{rel}' year = year of {awhy}", 0.7
    elif rel and run.dct is not None:
        k = run.lex.deixis(rel)
        year, why, conf = run.dct.year + k, f"'{rel}' year", 0.92
    else:
        year, why, conf = _year_for(run, s, e, mon, day)
        if year is None:
            return [run.no_dct(s, e, "DATE", f"'{name}' has no year")]
    try:
        d = dt.date(year, mon, day)
    except ValueError:
        return None
    p = Point("day", d)
    if _g(m, "d0"):
        s = m.start("d")
    out = [Result(s, e, "DATE", p.value(), conf, f"date '{name}' ({why})", p, absolute=bool(y))]
    if _g(m, "d0"):  # *12 en 13 maart*
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
    return [Result(s, e, "DATE", p.value(), 0.95, f"numeric date '{m.group(0)}' (order of the language's pattern)", p, absolute=True)]


def h_month(run: _Run, m: re.Match):
    s, e = _span(m)
    word = _g(m, "m").rstrip(".")
    if word in run.lex.words("capitalised_only") and not m.group("m")[0].isupper():
        return None  # *may*, *march*: a month only with a capital
    mon = run.lex.months[word]
    y, rel, pre = _g(m, "y"), _g(m, "rel"), _g(m, "pre")
    post = _g(m, "post")
    mod = _g(m, "mod")
    name = _norm(m.group(0))
    dct = run.dct
    cls = run.lex.deictic.get(pre or "") or run.lex.deictic.get(post or "")
    if y:
        year, why, conf = int(y), "explicit year", 0.95
    elif run.lex.deictic.get(rel or "") == "anaphoric":
        anchor, awhy = run.anchor()
        if anchor is None:
            return [run.no_dct(s, e, "DATE", f"'{name}'")]
        year, why, conf = anchor.date.year, f"'{rel}' year = year of {awhy}", 0.7
    elif rel:
        if dct is None:
            return [run.no_dct(s, e, "DATE", f"'{name}'")]
        year, why, conf = dct.year + run.lex.deixis(rel), f"'{rel}' year", 0.9
    elif cls == "current" and dct is not None:
        year, why, conf = dct.year, f"'{pre}': this year's", 0.85
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
    modifier = prev is not None and prev.lower_ in run.lex.words("year_as_modifier_after")
    if not cue and not modifier and nxt is not None and nxt.is_lower and nxt.pos_ in ("NOUN", "ADJ") \
            and nxt.lower_ not in run.lex.months and nxt.lower_ not in run.lex.units:
        return None  # *1500 belangstellenden*, *2000 mensen* (but English *the 1996 campaign*)
    if nxt is not None and nxt.lower_ in run.lex.words("not_year_after"):
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
            return [run.no_dct(s, e, "DATE", f"'{_norm(m.group(0))}'")]
        c = run.dct.year // 100 + run.lex.deixis(rel)
    else:
        num = int(n) if n else run.lex.raw["ordinals"].get(o)
        if not num or num < 1:
            return None
        c = num - 1
    p = Point("century", dt.date(max(1, c * 100), 1, 1))
    return [Result(s, e, "DATE", f"{c:02d}", 0.85, f"century '{_norm(m.group(0))}' (TIMEX3: 19th century = 18)", p)]


