"""The closed vocabularies of the query filters (PLOVER event types, ISO country codes, languages), checked up front.

Why: a filter value outside its vocabulary (``--type AGGREE``, ``country=Netherlands``)
matches nothing, and an empty answer reads as "no such events". Checked here,
it becomes a one-line error naming the value and the closest valid ones; the
CLI (exit 2) and the API (422) share these messages.
"""
from __future__ import annotations

import csv
import difflib
import json
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Optional


@lru_cache(maxsize=1)
def event_types() -> tuple[str, ...]:
    data = json.loads(resources.files("kroniek").joinpath("data/plover_types.json").read_text(encoding="utf-8"))
    return tuple(data["types"])


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-3 -> English name."""
    text = resources.files("kroniek").joinpath("data/countries.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader((line for line in text.splitlines() if not line.startswith("#")), delimiter="\t")
    return {r["alpha3"]: r["name"] for r in rows}


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Folded name, Dutch name, other English names and alpha-2 -> alpha-3 (to suggest a code for a name)."""
    text = resources.files("kroniek").joinpath("data/countries.tsv").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for r in csv.DictReader((line for line in text.splitlines() if not line.startswith("#")), delimiter="\t"):
        for name in [r["name"], r["name_nl"], r["alpha2"], *(r.get("english_names") or "").split("|")]:
            if name:
                out.setdefault(_fold(name), r["alpha3"])
    return out


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold().strip()


def _closest(value: str, options, n: int = 3) -> list[str]:
    return difflib.get_close_matches(value, list(options), n=n, cutoff=0.5)


def check_event_types(value: Optional[str]) -> Optional[str]:
    """``value`` (comma-separated PLOVER types, any case) upper-cased; ValueError naming an unknown one."""
    if value is None or not value.strip():
        return value
    known = event_types()
    out = []
    for t in (x.strip().upper() for x in value.split(",")):
        if not t:
            continue
        if t not in known:
            near = _closest(t, known)
            hint = f"did you mean {' or '.join(near)}?" if near else f"expected one of {', '.join(known)}"
            raise ValueError(f"unknown event type {t[:40]!r}: {hint}")
        out.append(t)
    return ",".join(out)


def check_country(value: Optional[str]) -> Optional[str]:
    """``value`` as an ISO alpha-3 code (any case); ValueError with the code(s) it probably meant."""
    if value is None or not value.strip():
        return value
    code = value.strip().upper()
    known = countries()
    if code in known:
        return code
    by_name = _country_names().get(_fold(value))
    if by_name:
        near = [by_name]
    else:
        near = _closest(code, known) + [known_code for known_code in
                                         (_country_names().get(n) for n in _closest(_fold(value), _country_names()))
                                         if known_code]
        near = list(dict.fromkeys(near))[:3]
    hint = (f"did you mean {' or '.join(f'{c} ({known[c]})' for c in near)}?" if near
            else "expected an ISO 3166-1 alpha-3 code such as NLD")
    raise ValueError(f"unknown country {value.strip()[:40]!r}: {hint}")


def check_lang(value: Optional[str]) -> Optional[str]:
    """``value`` as the code of a supported language (any case), None when empty; ValueError otherwise."""
    if value is None or not value.strip():
        return None
    from .lang import SUPPORTED

    code = value.strip().lower()
    if code not in SUPPORTED:
        raise ValueError(f"unknown language {value.strip()[:40]!r}: expected one of {', '.join(SUPPORTED)}")
    return code
