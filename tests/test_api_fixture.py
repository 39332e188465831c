"""A small hand-made chronicle shared by the API and web tests.

Three invented Dutch articles, each record with exact offsets, so the tests
know what every page must show. The third article carries markup and script
in its title and text: the explorer must show it as text, never run it.
No test functions live here; pytest imports it like any test module.
"""
from __future__ import annotations

import re
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from kroniek.document import Actor, ActorRef, Analysis, Entity, Event, Place, Quote, Sentence, Timex

XSS_TITLE = 'Protest <img src=x onerror="window.__pwned=1"> in Caracas'
XSS_SCRIPT = "<script>window.__pwned=2</script>"
XSS_IMG = '<img src=x onerror="window.__pwned=3">'

ARTICLES = [
    dict(
        id="t-odesa",
        title="Russische aanval op Odesa, EU kondigt sancties aan",
        published_at="2024-03-01",
        source="fixture",
        text=(
            "Russische troepen hebben donderdag de havenstad Odesa beschoten. "
            "Volgens het Oekraïense leger kwamen daarbij drie mensen om.\n\n"
            "\"Dit is een oorlogsmisdaad\", zei de Oekraïense president. "
            "De Europese Unie kondigde vrijdag nieuwe sancties tegen Rusland aan."
        ),
    ),
    dict(
        id="t-graan",
        title="Turkije en Oekraïne sluiten graanakkoord",
        published_at="2024-03-02",
        source="fixture",
        text=(
            "Turkije en Oekraïne hebben zaterdag in Istanbul een akkoord gesloten over de export van graan. "
            "Nederland stuurt volgende week noodhulp naar Oekraïne.\n\n"
            "\"We staan aan de kant van Oekraïne\", zei de Nederlandse premier. "
            "Rusland verwierp het akkoord."
        ),
    ),
    dict(
        id="t-xss",
        title=XSS_TITLE,
        published_at="2024-03-03",
        source="fixture",
        text=(
            f"Demonstranten in Caracas droegen borden met {XSS_SCRIPT} als tekst. "
            f"Op een ander bord stond \"{XSS_IMG}\", zeiden de demonstranten. "
            "De politie van Venezuela arresteerde tien demonstranten."
        ),
    ),
]

ACTORS = {
    "RUS": dict(name="Russia", type="state", country="RUS"),
    "UKR": dict(name="Ukraine", type="state", country="UKR"),
    "EU": dict(name="European Union", type="organisation", country=None),
    "TUR": dict(name="Turkey", type="state", country="TUR"),
    "NLD": dict(name="Netherlands", type="state", country="NLD"),
    "UKR-PRES": dict(name="President of Ukraine", type="person", country="UKR"),
    "NLD-PM": dict(name="Prime Minister of the Netherlands", type="person", country="NLD"),
    "VEN-POL": dict(name="Venezuelan police", type="state", country="VEN"),
    "VEN-PROT": dict(name="Venezuelan protesters", type="civilian", country="VEN"),
}

PLACES = {
    "Odesa": dict(latitude=46.48, longitude=30.72, country="UKR", feature="city"),
    "Istanbul": dict(latitude=41.01, longitude=28.98, country="TUR", feature="city"),
    "Caracas": dict(latitude=10.49, longitude=-66.88, country="VEN", feature="city"),
}


def _find(text: str, surface: str, nth: int = 0) -> tuple[int, int]:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(surface, pos + 1)
    return pos, pos + len(surface)


def _sentences(text: str) -> list[Sentence]:
    out, para = [], 0
    for m in re.finditer(r"[^\s].*?(?:[.!?](?=\s|$)|$)", text, flags=re.S):
        para += text.count("\n\n", out[-1].end if out else 0, m.start()) if out else 0
        out.append(Sentence(start=m.start(), end=m.end(), paragraph=para))
    return out


def _build(spec: dict, ents, quotes, timexes, places, events) -> Analysis:
    text = spec["text"]
    sents = _sentences(text)

    def sent_of(pos: int) -> int:
        return max(i for i, s in enumerate(sents) if s.start <= pos)

    def prov(surface: str, nth: int = 0, conf: float = 0.9, reason: str = "fixture") -> dict:
        s, e = _find(text, surface, nth)
        return dict(start=s, end=e, text=text[s:e], sentence=sent_of(s), confidence=conf, reason=reason)

    entities = [Entity(**prov(sf), label=lab, canonical=ACTORS.get(act, {}).get("name", sf), actor=act)
                for sf, lab, act in ents]
    used = sorted({e.actor for e in entities if e.actor} | {q[2] for q in quotes} |
                  {a for ev in events for a in (ev[1], ev[2]) if a})
    actors = []
    for aid in used:
        mentions = [(e.start, e.end) for e in entities if e.actor == aid]
        actors.append(Actor(id=aid, mentions=mentions, confidence=0.9, reason="fixture", **ACTORS[aid]))
    quote_recs = []
    for body, speaker_mention, actor_id, cue in quotes:
        sp = _find(text, speaker_mention)
        quote_recs.append(Quote(**prov(body, reason="quote marks + speech verb"), kind="direct",
                                speaker=ACTORS[actor_id]["name"], speaker_actor=actor_id,
                                speaker_start=sp[0], speaker_end=sp[1], cue=cue))
    timex_recs = [Timex(**prov(sf, reason="weekday relative to publication date"), type="DATE", value=v)
                  for sf, v in timexes]
    place_recs = [Place(**prov(sf, reason="gazetteer"), name=sf, **PLACES[sf]) for sf in places]
    event_recs = []
    for trigger, src, tgt, typ, mode, date, loc in events:
        p = prov(trigger, conf=0.8, reason=f"trigger '{trigger}' → {typ}")
        s = sents[p["sentence"]]
        event_recs.append(Event(
            **p, type=typ, mode=mode, date=date, location=loc, sentence_text=text[s.start:s.end],
            source=ActorRef(name=ACTORS[src]["name"], country=ACTORS[src]["country"], actor=src) if src else None,
            target=ActorRef(name=ACTORS[tgt]["name"], country=ACTORS[tgt]["country"], actor=tgt) if tgt else None,
        ))
    return Analysis(id=spec["id"], title=spec["title"], published_at=spec["published_at"], source=spec["source"],
                    text=text, sentences=sents, entities=entities, quotes=quote_recs, timexes=timex_recs,
                    places=place_recs, actors=actors, events=event_recs,
                    analyzer={"model": "fixture", "model_version": "0"})


def analyses() -> list[Analysis]:
    a, b, c = ARTICLES
    return [
        _build(a,
               ents=[("Russische", "MISC", "RUS"), ("Odesa", "LOC", None), ("Oekraïense leger", "ORG", "UKR"),
                     ("Europese Unie", "ORG", "EU"), ("Rusland", "LOC", "RUS")],
               quotes=[("Dit is een oorlogsmisdaad", "de Oekraïense president", "UKR-PRES", "zei")],
               timexes=[("donderdag", "2024-02-29"), ("vrijdag", "2024-03-01")],
               places=["Odesa"],
               events=[("beschoten", "RUS", "UKR", "ASSAULT", "aerial", "2024-02-29", "Odesa"),
                       ("sancties", "EU", "RUS", "SANCTION", None, "2024-03-01", None)]),
        _build(b,
               ents=[("Turkije", "LOC", "TUR"), ("Oekraïne", "LOC", "UKR"), ("Istanbul", "LOC", None),
                     ("Nederland", "LOC", "NLD"), ("Rusland", "LOC", "RUS")],
               quotes=[("We staan aan de kant van Oekraïne", "de Nederlandse premier", "NLD-PM", "zei")],
               timexes=[("zaterdag", "2024-03-02"), ("volgende week", "2024-W11")],
               places=["Istanbul"],
               events=[("akkoord gesloten", "TUR", "UKR", "AGREE", None, "2024-03-02", "Istanbul"),
                       ("noodhulp", "NLD", "UKR", "AID", "humanitarian", "2024-03-02", None),
                       ("verwierp", "RUS", None, "REJECT", None, "2024-03-02", None)]),
        _build(c,
               ents=[("Caracas", "LOC", None), ("Venezuela", "LOC", "VEN-POL")],
               quotes=[(XSS_IMG, "de demonstranten", "VEN-PROT", "zeiden")],
               timexes=[],
               places=["Caracas"],
               events=[("Demonstranten", "VEN-PROT", None, "PROTEST", "demonstrate", "2024-03-03", "Caracas"),
                       ("arresteerde", "VEN-POL", "VEN-PROT", "COERCE", "arrest", "2024-03-03", "Caracas")]),
    ]


def build_db(path: Path) -> Path:
    """Write the fixture chronicle through the store, as ``kroniek ingest`` would."""
    from kroniek import store

    con = store.connect(path)
    try:
        for analysis in analyses():
            store.write_analysis(con, analysis, origin="fixture")
    finally:
        con.close()
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(db_path: Path):
    """Run the real app under uvicorn on a free 127.0.0.1 port; yield its base URL."""
    import uvicorn

    from kroniek.api import create_app

    port = free_port()
    config = uvicorn.Config(create_app(db_path), host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
