"""The rules: regular expressions from the language's ``timex.json`` (``rules``), each naming its handler.

A rule is ``{"name", "handler", "pattern"}`` plus optional ``alias`` (a handler's group name read
from the first of several twin groups that matched: ``{"pre": ["pre2", "pre"]}``) and ``fixed``
(literal stand-ins for groups the pattern lacks or that did not take part). Patterns are ``str.format`` templates over the
sub-patterns of :class:`~.lexicon.Patterns` (``{WD}``, ``{MONTH}``, ``{NUM}`` ...); literal braces
are doubled. The handlers are language-neutral: every word they test comes from the lexicon.
"""
from __future__ import annotations

import re
from typing import Callable

from . import handlers_dates as hd
from . import handlers_periods as hp
from .lexicon import Lexicon, Patterns
from .run import Rule, _Alias

HANDLERS: dict[str, Callable] = {
    "ref": hd.h_ref, "now_adverb": hd.h_now_adverb, "relday": hd.h_relday, "relday_pod": hd.h_relday_pod,
    "weekday": hd.h_weekday, "date": hd.h_date, "numeric_date": hd.h_numeric_date, "month": hd.h_month,
    "year": hd.h_year, "decade": hd.h_decade, "century": hd.h_century,
    "relative": hp.h_relative, "weekend": hp.h_weekend, "season": hp.h_season, "shifted": hp.h_shifted,
    "duration": hp.h_duration, "vague_plural": hp.h_vague_plural, "whole": hp.h_whole, "age": hp.h_age,
    "anaphoric_unit": hp.h_anaphoric_unit, "edge": hp.h_edge, "clock": hp.h_clock, "named_time": hp.h_named_time,
    "set": hp.h_set, "set_adj": hp.h_set_adj, "holiday": hp.h_holiday, "quarter": hp.h_quarter,
    "weeknum": hp.h_weeknum, "half": hp.h_half,
    "ref_period": hp.h_ref_period,
}


def _with_alias(handler: Callable, alias: dict, fixed: dict) -> Callable:
    def run(run_, m):
        names = {k: next((g for g in gs if m.group(g)), gs[-1]) for k, gs in alias.items()}
        stand_in = {k: v for k, v in fixed.items() if not (k in m.re.groupindex and m.group(k))}
        return handler(run_, _Alias(m, names, stand_in))
    return run


def build_rules(lex: Lexicon) -> list[Rule]:
    """The language's rules, compiled (case-insensitive) in the order of its ``timex.json``."""
    P = Patterns(lex)
    rules = []
    for spec in lex.raw["rules"]:
        handler = HANDLERS[spec["handler"]]
        if spec.get("alias") or spec.get("fixed"):
            handler = _with_alias(handler, spec.get("alias", {}), spec.get("fixed", {}))
        rules.append(Rule(spec["name"], re.compile(spec["pattern"].format_map(P), re.I), handler))
    return rules
