"""A store at volume for the explorer's Chromium and API tests: 200+ articles built at test time.

Why: the three-article fixture cannot show paging, facet counts, actor search
or a dense timeline. The corpus of real articles lives outside the repository,
so this store is made from ``samples/`` (analysed by the fake analyser, dated
into 2019) plus generated Dutch variants with exact offsets (``store_examples.build``):
varied dates over four months, actors with accents and aliases (``Oekraïne``,
``Nicolás Maduro`` / ``Maduro``), event types, quotes (some mention the brexit
deal), places, and two stray events dated years away. Deterministic (fixed
seed), built in a few seconds through the batch writer, no model needed.

Use the session fixtures ``volume_store`` (the DuckDB file: read it, never
write it) and ``volume_url`` (the real app on 127.0.0.1 serving a copy of it);
``VOLUME_FACTS`` says what the generator put in, for assertions.
"""
from __future__ import annotations

import datetime as _dt
import json
import random
import shutil
from pathlib import Path

import pytest

from store_examples import build
from store_fake_analyzer import fake_analyze
from test_api_fixture import serve

from kroniek.document import Article

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "articles.jsonl"
N_GENERATED = 220
SEED = 14

# key: (canonical name, type, country, role, Dutch surface used in sentences, second surface or None)
ACTORS = {
    "NLD": ("Netherlands", "state", "NLD", None, "Nederland", None),
    "EU": ("European Union", "organisation", None, None, "de Europese Unie", "EU"),
    "UKR": ("Ukraine", "state", "UKR", None, "Oekraïne", None),
    "RUS": ("Russia", "state", "RUS", None, "Rusland", None),
    "GBR": ("United Kingdom", "state", "GBR", None, "het Verenigd Koninkrijk", "Londen"),
    "USA": ("United States", "state", "USA", None, "de Verenigde Staten", "Washington"),
    "TUR": ("Turkey", "state", "TUR", None, "Turkije", None),
    "VEN": ("Venezuela", "state", "VEN", None, "Venezuela", None),
    "DEU": ("Germany", "state", "DEU", None, "Duitsland", None),
    "MADURO": ("Nicolás Maduro", "person", "VEN", "president", "Nicolás Maduro", "Maduro"),
    "GUAIDO": ("Juan Guaidó", "person", "VEN", "opposition leader", "Juan Guaidó", "Guaidó"),
    "BAUDET": ("Thierry Baudet", "person", "NLD", "party leader", "Thierry Baudet", "Baudet"),
    "RUTTE": ("Mark Rutte", "person", "NLD", "prime minister", "Mark Rutte", "Rutte"),
    "ZELENSKY": ("Volodymyr Zelensky", "person", "UKR", "president", "Volodymyr Zelensky", "Zelensky"),
}
STATES = ["NLD", "EU", "UKR", "RUS", "GBR", "USA", "TUR", "VEN", "DEU"]
SPEAKERS = ["MADURO", "GUAIDO", "BAUDET", "RUTTE", "ZELENSKY"]

# type: (sentence with {S} source and {T} target surfaces, trigger, mode)
EVENTS = {
    "AGREE": ("{S} en {T} hebben {day} een akkoord gesloten over {topic}.", "akkoord gesloten", None),
    "SANCTION": ("{S} kondigde {day} nieuwe sancties af tegen {T} vanwege {topic}.", "sancties", None),
    "CONSULT": ("{S} overlegde {day} met {T} over {topic}.", "overlegde", "meet"),
    "REQUEST": ("{S} heeft {T} {day} gevraagd om opheldering over {topic}.", "gevraagd", None),
    "REJECT": ("{S} verwierp {day} het voorstel van {T} over {topic}.", "verwierp", None),
    "AID": ("{S} stuurt {day} noodhulp naar {T} na {topic}.", "noodhulp", "humanitarian"),
    "ACCUSE": ("{S} beschuldigde {T} {day} van inmenging in {topic}.", "beschuldigde", None),
    "ASSAULT": ("Troepen van {S} hebben {day} stellingen van {T} beschoten.", "beschoten", "aerial"),
    "SUPPORT": ("{S} sprak {day} steun uit voor {T} in {topic}.", "steun uit", None),
    "THREATEN": ("{S} dreigde {day} met maatregelen tegen {T} om {topic}.", "dreigde", None),
}
TOPICS = ["de handel in graan", "de gasprijs", "de grensbewaking", "de visserij", "de energiecrisis",
          "de verkiezingen", "de migratie", "de brexit", "de mensenrechten", "de wederopbouw"]
WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
QUOTES = [
    "De brexit deal is slecht voor Nederland",
    "Over deze brexit deal valt niet meer te onderhandelen",
    "Wij blijven aan de kant van Oekraïne staan",
    "Dit is een aanval op onze soevereiniteit",
    "Er komt geen nieuwe brexit deal zonder garanties",
    "De grens moet open blijven voor hulp",
    "Wij willen eerlijke verkiezingen",
    "De gasprijs raakt elk huishouden",
    "Niemand wint bij deze handelsoorlog",
    "Het volk heeft recht op vrije pers",
    "Onze boeren verdienen duidelijkheid",
    "Europa moet nu samen optrekken",
]
PLACES = [("Caracas", 10.488, -66.879, "VEN"), ("Kyiv", 50.45, 30.523, "UKR"), ("Brussel", 50.85, 4.35, "BEL"),
          ("Den Haag", 52.08, 4.31, "NLD"), ("Istanbul", 41.01, 28.98, "TUR"), ("Berlijn", 52.52, 13.40, "DEU")]
SOURCES = ["nos", "volkskrant", "trouw", "nrc", "ad"]
START = _dt.date(2019, 1, 2)
DAYS = 118  # January to the end of April 2019
STRAY = {17: "2014-05-02", 101: "2016-11-20"}  # article number -> an event date years away


def _whole(text: str, f: str) -> bool:
    i = text.index(f)
    return (i == 0 or not text[i - 1].isalnum()) and (i + len(f) == len(text) or not text[i + len(f)].isalnum())


def _analysis(n: int, rng: random.Random):
    """One generated article: two or three events between distinct actors, one quote, sometimes a place."""
    pub = START + _dt.timedelta(days=rng.randrange(DAYS))
    types = rng.sample(sorted(EVENTS), rng.choice([2, 3]))
    place = rng.choice(PLACES) if rng.random() < 0.6 else None
    used: dict[str, str] = {}  # actor key -> local id
    sents, events, quotes, places = [], [], [], []

    def local(key: str) -> str:
        return used.setdefault(key, f"v{n}-{key}")

    def surface(key: str) -> str:
        if key == "MADURO" and n % 3 == 0:
            return "Nicolas Maduro"  # the accent-free spelling other papers use
        return ACTORS[key][4]

    for i, typ in enumerate(types):
        src, tgt = rng.sample(STATES if i else STATES + SPEAKERS[:2], 2)
        if n % 9 == 0 and i == 0:  # a steady stream of Netherlands-EU events for the dyad filter
            src, tgt = ("NLD", "EU") if n % 2 else ("EU", "NLD")
        if src in used or tgt in used:  # each surface once per article, so offsets are unambiguous
            continue
        day_back = rng.choice([0, 1, 1, 2])
        date = (pub - _dt.timedelta(days=day_back)).isoformat()
        if i == 0 and n in STRAY:
            date = STRAY[n]
        template, trigger, mode = EVENTS[typ]
        dayword = WEEKDAYS[(pub - _dt.timedelta(days=day_back)).weekday()]
        sents.append(template.format(S=surface(src), T=surface(tgt), day=dayword, topic=rng.choice(TOPICS)))
        sents[-1] = sents[-1][0].upper() + sents[-1][1:]
        events.append(dict(type=typ, trigger=trigger, mode=mode, source=local(src), target=local(tgt), date=date))
    speaker = rng.choice([s for s in SPEAKERS if s not in used] or [None])
    quote = rng.choice(QUOTES)
    if speaker:
        sents.append(f"\"{quote}\", zei {ACTORS[speaker][5]} {WEEKDAYS[pub.weekday()]}.")
        local(speaker)
    if place:
        events[0]["location"] = place[0]
        sents.append(f"Het nieuws werd in {place[0]} met gemengde gevoelens ontvangen (bericht {n}).")
        places.append((place[0], place[0], place[1], place[2], place[3]))
    else:
        sents.append(f"Het overleg duurde ruim {n % 11 + 2} uur (bericht {n}).")
    for key in list(used):
        if ACTORS[key][1] != "person" and ACTORS[key][5] and n % 2:
            sents.append(f"Een woordvoerder in {ACTORS[key][5]} reageerde terughoudend.")
    text = " ".join(sents)
    actors = []
    for key, lid in used.items():
        name, typ, country, role, surf, alias = ACTORS[key]
        surfaces: list[str] = []
        # a surface counts when its first occurrence is a whole word not inside another surface
        for f in (surf, surf[0].upper() + surf[1:], "Nicolas Maduro" if key == "MADURO" else None, alias):
            if f and f in text and _whole(text, f) and not any(f in g for g in surfaces):
                surfaces.append(f)
        actors.append((lid, name, typ, country, role, surfaces))
    if speaker:
        quotes.append((quote, local(speaker), "zei"))
    first = events[0]
    title = f"{ACTORS[first['source'].split('-', 1)[1]][0]}: {first['type'].lower()}"
    paper = rng.choice(SOURCES)
    a = build(f"vol-{n:04d}", text, published_at=pub.isoformat(), url=f"https://{paper}.example/{n}",
              title=title, actors=actors, events=events, quotes=quotes, places=places)
    return a.model_copy(update={"source": paper})


def _samples():
    """The repository's sample articles, analysed by the fake analyser and dated into 2019."""
    out = []
    for i, line in enumerate(SAMPLES.read_text(encoding="utf-8").splitlines()):
        if line.strip():
            d = json.loads(line)
            art = Article(id=d["id"], text=d["text"], title=d.get("title"), source=d.get("source"),
                          published_at=(START + _dt.timedelta(days=20 * i + 5)).isoformat(), url=d.get("url"))
            out.append(fake_analyze(art))
    return out


def analyses() -> list:
    rng = random.Random(SEED)
    return [_analysis(n, rng) for n in range(N_GENERATED)] + _samples()


def build_volume_db(path: Path) -> Path:
    """Write the volume chronicle through the batch writer, as ``kroniek ingest`` would."""
    from kroniek import store
    from kroniek.store.batch import BatchWriter

    items = analyses()
    con = store.connect(path)
    try:
        writer = BatchWriter(con)
        for i in range(0, len(items), 50):
            statuses = writer.write([(a, "volume") for a in items[i:i + 50]])
            bad = [s for s in statuses if isinstance(s, Exception)]
            assert not bad, bad[:3]
    finally:
        con.close()
    return path


def _facts(items) -> dict:
    gen = [a for a in items if a.id.startswith("vol-")]
    return dict(
        articles=len(items),
        generated=len(gen),
        quotes=sum(len(a.quotes) for a in items),
        stray_dates=sorted(STRAY.values()),
        dense_range=(START.isoformat(), (START + _dt.timedelta(days=DAYS)).isoformat()),
        brexit_deal_quotes=sum(1 for a in items for q in a.quotes if "brexit deal" in q.text),
        nld_eu_events=sum(1 for a in gen for e in a.events if {e.source and e.source.name, e.target and e.target.name}
                          == {"Netherlands", "European Union"}),
        accent_free_alias=("Oekraine", "Ukraine"),
    )


VOLUME_FACTS = _facts(analyses())
"""What the generator put in (article and quote counts, stray dates, the phrase and dyad counts)."""


@pytest.fixture(scope="session")
def volume_store(tmp_path_factory) -> Path:
    """The volume DuckDB file (built once per test session; read it, do not write it)."""
    return build_volume_db(tmp_path_factory.mktemp("volume") / "volume.duckdb")


@pytest.fixture(scope="session")
def volume_url(volume_store):
    """Base URL of the real app (uvicorn, 127.0.0.1, free port) serving the volume store.

    It serves a copy: the app owns its file for the session, and tests may still open
    ``volume_store`` itself read-only (DuckDB refuses a second configuration in one process)."""
    served = volume_store.with_name("served.duckdb")
    shutil.copyfile(volume_store, served)
    with serve(served) as base:
        yield base
