"""The actor dictionary: canonical actors and the names that point to them.

Loaded once per component from data files (``data/actors.jsonl``, built by
``training/build_actors.py``; ``data/countries.tsv``; and the language pack's
``nationalities.tsv``, ``seats_of_power.tsv``, ``titles.tsv``). Lookups are
spelling-tolerant: besides an exact (case- and accent-insensitive) match, a
*transliteration key* lets Dutch spellings of names written in other scripts
meet their English forms (Poetin = Putin, Nazarbajev = Nazarbayev,
Zelenski = Zelensky = Zelenskyy). No spaCy here: the component uses this.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import re
from functools import cached_property, lru_cache
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

_KEY_FILE = Path(__file__).resolve().parent / "data" / "name_key.tsv"


def strip_accents(s: str) -> str:
    if s.isascii():
        return s
    s = s.replace("ı", "i").replace("ł", "l").replace("ø", "o").replace("đ", "d").replace("ß", "ss")
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def norm_text(s: str) -> str:
    """Case-, accent- and punctuation-insensitive form used for exact alias lookup."""
    s = strip_accents(s).lower().replace("’", "'")
    s = re.sub(r"[^a-z0-9']+", " ", s)
    return " ".join(s.split())


@lru_cache(maxsize=1)
def _key_rules() -> tuple[tuple[str, str], ...]:
    """The spelling rules of ``norm_key`` (``data/name_key.tsv``), in order."""
    return tuple((r["from"], r["to"]) for r in read_tsv(_KEY_FILE))


@lru_cache(maxsize=200_000)
def norm_key(s: str) -> str:
    """Transliteration key: Dutch and English renderings of one name collapse to one key."""
    s = norm_text(s).replace("'", "")
    for a, b in _key_rules():
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s)


def slug(s: str) -> str:
    s = norm_text(s).replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-") or "x"


def _date(s: Optional[str]) -> Optional[dt.date]:
    if not s:
        return None
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        return None


def read_tsv(path: Path) -> list[dict]:
    """Rows of a TSV file with ``#`` comment lines and a header row."""
    if not path.exists():
        return []
    with open(path, encoding="utf8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    return [
        {k: (v or "").strip() for k, v in row.items() if k}
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    ]


def read_hand_aliases(path: Path) -> list[dict]:
    """Hand-written actors (``actor_aliases.tsv``); rows sharing an id are one actor with several offices."""
    by_id: dict[str, dict] = {}
    for row in read_tsv(path):
        name = row.get("name", "")
        aid = row.get("id") or slug(name)
        a = by_id.get(aid)
        if a is None:
            a = by_id[aid] = {"id": aid, "name": name, "type": row.get("type") or "person",
                              "country": row.get("country") or None, "role": row.get("role") or None,
                              "aliases": [], "offices": []}
        for alias in (row.get("aliases") or "").split("|"):
            if alias.strip() and alias.strip() not in a["aliases"]:
                a["aliases"].append(alias.strip())
        if row.get("office"):
            a["offices"].append({"office": row["office"], "country": row.get("country") or None,
                                 "start": row.get("start") or None, "end": row.get("end") or None})
    return list(by_id.values())


@dataclass
class DictActor:
    id: str
    name: str
    type: str
    country: Optional[str]
    role: Optional[str]
    aliases: list[str]
    offices: list[dict] = field(default_factory=list)
    periods: list[dict] = field(default_factory=list)
    hand: bool = False

    def active(self, when: Optional[dt.date], slack_years: int = 2) -> bool:
        """Holds an office or a coded period around ``when`` (True if nothing is known)."""
        spans = [(o.get("start"), o.get("end")) for o in self.offices] + [(p.get("start"), p.get("end")) for p in self.periods]
        if when is None or not spans:
            return True
        for s, e in spans:
            s, e = _date(s), _date(e)
            lo = s.replace(year=s.year - slack_years) if s else dt.date.min
            hi = e.replace(year=min(e.year + slack_years, 9999)) if e else dt.date.max
            if lo <= when <= hi:
                return True
        return False

    def office_at(self, office: str, country: Optional[str], when: Optional[dt.date]) -> bool:
        for o in self.offices:
            if o["office"] != office or (country and (o.get("country") or self.country) != country):
                continue
            s, e = _date(o.get("start")), _date(o.get("end"))
            if when is None or ((s is None or s <= when) and (e is None or when < e)):
                return True
        return False


@dataclass
class Nationality:
    country: str  # alpha-3 or an actor id (EU)
    english: str
    people: bool


class ActorDictionary:
    """All the lookups the actor and place components need, built once from the data files."""

    def __init__(self, pack) -> None:
        self.actors: dict[str, DictActor] = {}
        self.by_alias: dict[str, list[str]] = {}
        self.by_key: dict[str, list[str]] = {}
        self.generic: set[tuple[str, str]] = set()
        actors_path = pack.data("actors.jsonl")
        if actors_path.exists():
            with open(actors_path, encoding="utf8") as fh:
                for line in fh:
                    rec = json.loads(line)
                    self._add(DictActor(rec["id"], rec["name"], rec["type"], rec.get("country"), rec.get("role"),
                                        rec.get("aliases") or [], rec.get("offices") or [], rec.get("periods") or [],
                                        "hand" in (rec.get("source") or "")))
        # Hand aliases are also read at run time, so a user's additions work without a rebuild.
        for h in read_hand_aliases(pack.data("actor_aliases.tsv")):
            a = self.actors.get(h["id"])
            if a is None:
                self._add(DictActor(h["id"], h["name"], h["type"], h["country"], h["role"], [h["name"]] + h["aliases"],
                                    h["offices"], [], True))
            else:
                self._index(a, [x for x in h["aliases"] if x not in a.aliases])
        self.countries: dict[str, dict] = {r["alpha3"]: r for r in read_tsv(pack.data("countries.tsv"))}
        self.alpha2 = {r["alpha2"]: a3 for a3, r in self.countries.items()}
        self.nationalities: dict[str, Nationality] = {}
        for r in read_tsv(pack.data("nationalities.tsv")):
            self._add_nationality(r)
        self.seats: dict[str, dict] = {norm_text(r["alias"]): r for r in read_tsv(pack.data("seats_of_power.tsv"))}
        self.titles: dict[str, dict] = {norm_text(r["word"]): r for r in read_tsv(pack.data("titles.tsv"))}
        self.max_title_words = max((len(k.split()) for k in self.titles), default=1)

    # -- building -----------------------------------------------------------
    def _add(self, a: DictActor) -> None:
        self.actors[a.id] = a
        self._index(a, a.aliases)

    def _index(self, a: DictActor, aliases: Iterable[str]) -> None:
        for alias in aliases:
            if alias not in a.aliases:
                a.aliases.append(alias)
            t = norm_text(alias)
            if not t:
                continue
            if alias[:1].islower():
                self.generic.add((t, a.id))
            self.by_alias.setdefault(t, [])
            if a.id not in self.by_alias[t]:
                self.by_alias[t].append(a.id)
            if a.type == "person":
                k = norm_key(alias)
                lst = self.by_key.setdefault(k, [])
                if a.id not in lst:
                    lst.append(a.id)

    def _add_nationality(self, r: dict) -> None:
        code = r["country"]
        c = self.countries.get(code, {})
        eng_adj = r.get("english_adjective") or c.get("adjective_en") or ""
        eng_people = r.get("english_people") or c.get("people_en") or eng_adj
        for adj in filter(None, (x.strip() for x in r.get("adjective", "").split("|"))):
            self.nationalities.setdefault(norm_text(adj), Nationality(code, eng_adj, False))
        for p in filter(None, (x.strip() for x in r.get("people", "").split("|"))):
            self.nationalities.setdefault(norm_text(p), Nationality(code, eng_people, True))

    # -- lookups ------------------------------------------------------------
    def candidates(self, text: str, person: bool = False) -> list[DictActor]:
        ids = list(self.by_alias.get(norm_text(text), []))
        if person and not ids:
            ids = list(self.by_key.get(norm_key(text), []))
        return [self.actors[i] for i in ids]

    def best(self, text: str, when: Optional[dt.date], countries: dict[str, float] | None = None,
             types: tuple[str, ...] | None = None, person: bool = False) -> Optional[DictActor]:
        """The most plausible actor called ``text`` at date ``when`` in an article about ``countries``."""
        countries = countries or {}
        cands = [a for a in self.candidates(text, person) if types is None or a.type in types]
        key = norm_text(text)
        # an alias written in lower case is a common noun ('parlement'): it names only the institution of a
        # country the article is about
        cands = [a for a in cands if (key, a.id) not in self.generic or countries.get(a.country or "", 0) > 0]
        if not cands:
            return None

        def score(a: DictActor):
            return (a.active(when), countries.get(a.country or "", 0.0), a.hand, bool(a.offices), -len(a.aliases) * 0)

        cands.sort(key=score, reverse=True)
        top = cands[0]
        if not top.active(when) and top.type == "person" and len(norm_text(text).split()) == 1:
            return None  # a bare surname of someone not in office then: too risky
        if len(cands) > 1 and score(cands[0])[:3] == score(cands[1])[:3] and cands[0].type == "person":
            return None  # two equally plausible people: leave it unresolved
        return top

    def office_holder(self, office: str, country: Optional[str], when: Optional[dt.date]) -> Optional[DictActor]:
        hits = [a for a in self._office_index.get(office, ()) if a.office_at(office, country, when)]
        return hits[0] if len(hits) == 1 else None

    @cached_property
    def _office_index(self) -> dict[str, list[DictActor]]:
        """Office -> actors that ever held it, in dictionary order (built on first use)."""
        index: dict[str, list[DictActor]] = {}
        for a in self.actors.values():
            for office in dict.fromkeys(o["office"] for o in a.offices):
                index.setdefault(office, []).append(a)
        return index

    def state(self, alpha3: Optional[str]) -> Optional[DictActor]:
        return self.actors.get(f"state:{alpha3}") if alpha3 else None

    def country_name(self, alpha3: str) -> str:
        return self.countries.get(alpha3, {}).get("name", alpha3)

