"""Hand-built ``Analysis`` records of realistic Dutch articles for store, linking and query tests.

They do not depend on the trained model: offsets are computed from the text,
so each item's provenance is exact (``text[start:end] == item.text``).
"""
from __future__ import annotations

import re
from typing import Optional

from kroniek.document import Actor, ActorRef, Analysis, Entity, Event, Place, Quote, Sentence, Timex


def _span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(needle, pos + 1)
    return pos, pos + len(needle)


def build(id: str, text: str, *, published_at: Optional[str] = None, url: Optional[str] = None,
          title: Optional[str] = None, actors=(), events=(), quotes=(), places=(), timexes=()) -> Analysis:
    """actors: (local id, canonical name, type, country, role, [surface forms]);
    events: dict(type, trigger, source, target (local ids or names), date, location, mode, negated);
    quotes: (quoted text, speaker local id or None, cue); places: (surface, name, lat, lon, country);
    timexes: (surface, type, value)."""
    sents = [Sentence(start=m.start(), end=m.end()) for m in re.finditer(r"[^\s.!?][^.!?]*[.!?]?\"?", text)
             if m.group().strip()]

    def sent_of(pos: int) -> int:
        return max(i for i, s in enumerate(sents) if s.start <= pos)

    actor_recs, entities, names = [], [], {}
    for local, name, typ, country, role, surfaces in actors:
        mentions = []
        for surf in surfaces:
            s, e = _span(text, surf)
            mentions.append((s, e))
            label = "PER" if typ == "person" else ("LOC" if typ == "state" else "ORG")
            entities.append(Entity(start=s, end=e, text=surf, label=label, sentence=sent_of(s), confidence=0.9,
                                   reason="test", canonical=name, actor=local))
        names[local] = (name, country, role)
        actor_recs.append(Actor(id=local, name=name, type=typ, country=country, role=role, mentions=mentions,
                                reason="test"))
    entities.sort(key=lambda e: e.start)

    def ref(x):
        if x is None:
            return None
        if x in names:
            name, country, role = names[x]
            return ActorRef(name=name, country=country, actor=x, role=role)
        return ActorRef(name=x)

    evs = []
    for ev in events:
        s, e = _span(text, ev["trigger"])
        i = sent_of(s)
        evs.append(Event(start=s, end=e, text=ev["trigger"], sentence=i, confidence=ev.get("confidence", 0.7),
                         reason="test trigger", type=ev["type"], mode=ev.get("mode"),
                         source=ref(ev.get("source")), target=ref(ev.get("target")), date=ev.get("date"),
                         location=ev.get("location"), sentence_text=text[sents[i].start:sents[i].end],
                         negated=ev.get("negated", False)))
    qs = []
    for qt, speaker, cue in quotes:
        s, e = _span(text, qt)
        qs.append(Quote(start=s, end=e, text=qt, sentence=sent_of(s), confidence=0.8, reason="test quote",
                        kind="direct", speaker=names[speaker][0] if speaker else None, speaker_actor=speaker,
                        cue=cue))
    ps = []
    for surf, name, lat, lon, country in places:
        s, e = _span(text, surf)
        ps.append(Place(start=s, end=e, text=surf, sentence=sent_of(s), confidence=0.9, reason="gazetteer",
                        name=name, latitude=lat, longitude=lon, country=country, feature="city"))
    ts = []
    for surf, typ, value in timexes:
        s, e = _span(text, surf)
        ts.append(Timex(start=s, end=e, text=surf, sentence=sent_of(s), confidence=0.9, reason="rule",
                        type=typ, value=value))
    return Analysis(id=id, title=title, published_at=published_at, url=url, source="test", text=text,
                    sentences=sents, entities=entities, quotes=qs, timexes=ts, places=ps, actors=actor_recs,
                    events=evs, analyzer={"model": "hand-built"})


def maduro_a() -> Analysis:
    text = ("Venezuela zet Duitse ambassadeur uit. President Nicolás Maduro heeft woensdag de Duitse "
            "ambassadeur Daniel Kriener het land uitgezet. \"Hij bemoeit zich met onze binnenlandse zaken\", "
            "zei Maduro in Caracas.")
    return build("nos-1", text, published_at="2019-03-07", url="https://nos.example/1", title="Ambassadeur uitgezet",
                 actors=[("a1", "Nicolás Maduro", "person", "VEN", "president", ["Nicolás Maduro", "Maduro"]),
                         ("a2", "Daniel Kriener", "person", "DEU", "ambassador", ["Daniel Kriener"]),
                         ("a3", "Venezuela", "state", "VEN", None, ["Venezuela"])],
                 events=[dict(type="SANCTION", mode="expel", trigger="uitgezet", source="a1", target="a2",
                              date="2019-03-06", location="Caracas")],
                 quotes=[("Hij bemoeit zich met onze binnenlandse zaken", "a1", "zei")],
                 places=[("Caracas", "Caracas", 10.488, -66.879, "VEN")],
                 timexes=[("woensdag", "DATE", "2019-03-06")])


def maduro_b() -> Analysis:
    """Another paper, the next day, spelling the name without accent and dating the expulsion itself."""
    text = ("De Venezolaanse president Nicolas Maduro heeft de Duitse diplomaat Kriener uitgewezen. "
            "Duitsland noemt het besluit onbegrijpelijk. Maduro zei dat Kriener zich met interne zaken bemoeide.")
    return build("ad-7", text, published_at="2019-03-08", url="https://ad.example/7",
                 actors=[("x1", "Nicolas Maduro", "person", "VEN", "president", ["Nicolas Maduro", "Maduro"]),
                         ("x2", "Kriener", "person", "DEU", None, ["Kriener"]),
                         ("x3", "Germany", "state", "DEU", None, ["Duitsland"])],
                 events=[dict(type="SANCTION", mode="expel", trigger="uitgewezen", source="x1", target="x2",
                              date="2019-03-07"),
                         dict(type="ACCUSE", trigger="onbegrijpelijk", source="x3", target="x1")])


def protest_c() -> Analysis:
    text = ("Duizenden mensen gingen zaterdag in Caracas de straat op tegen Maduro. "
            "De oppositieleider Juan Guaidó riep op tot nieuwe demonstraties.")
    return build("nrc-3", text, published_at="2019-03-10", url="https://nrc.example/3",
                 actors=[("p1", "Juan Guaidó", "person", "VEN", "opposition leader", ["Juan Guaidó"]),
                         ("p2", "Nicolás Maduro", "person", "VEN", "president", ["Maduro"])],
                 events=[dict(type="PROTEST", mode="demo", trigger="de straat op", target="p2",
                              date="2019-03-09", location="Caracas"),
                         dict(type="REQUEST", trigger="riep op", source="p1")],
                 places=[("Caracas", "Caracas", 10.488, -66.879, "VEN")],
                 timexes=[("zaterdag", "DATE", "2019-03-09")])


def all_examples() -> list[Analysis]:
    return [maduro_a(), maduro_b(), protest_c()]
