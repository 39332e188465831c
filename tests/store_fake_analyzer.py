"""A deterministic stand-in for the trained pipeline, for ingest tests that must not depend on it.

Capitalised word runs (not sentence-initial function words) become actors and
entities; a few Dutch trigger words become PLOVER events between the first two
actors of the sentence. Crude on purpose: the tests check the store, not the
analysis. Run as a script it is ``kroniek`` with this analyser patched in,
optionally slowed down (``FAKE_SLEEP`` seconds per article) and leaving one
line per analysed article in ``FAKE_MARKER`` so a test can kill it mid-way.
"""
from __future__ import annotations

import os
import re
import sys
import time

from kroniek.document import Actor, ActorRef, Analysis, Article, Entity, ErrorRecord, Event, Sentence

TRIGGERS = {"sancties": "SANCTION", "akkoord": "AGREE", "demonstreerden": "PROTEST", "beschoten": "ASSAULT",
            "gevraagd": "REQUEST", "blokkeerde": "REJECT", "teruggeroepen": "SANCTION", "noodhulp": "AID"}
_STOP = {"De", "Het", "Een", "Dat", "Dit", "Hij", "Zij", "We", "Nu", "Duizenden", "Brussel wil"}
_NAME = re.compile(r"\b[A-Z][\w'ë-]+(?:\s+(?:van\s+der\s+|von\s+der\s+)?[A-Z][\w'ë-]+)*")


def fake_analyze(article: Article, nlp=None) -> Analysis:
    marker = os.environ.get("FAKE_MARKER")
    if marker:
        with open(marker, "a") as f:
            f.write(article.id + "\n")
    time.sleep(float(os.environ.get("FAKE_SLEEP", "0")))
    text = article.text
    sents = [Sentence(start=m.start(), end=m.end()) for m in re.finditer(r"[^\s.!?][^.!?]*[.!?]?", text)]
    entities, actors, by_name = [], [], {}
    for si, s in enumerate(sents):
        for m in _NAME.finditer(text, s.start, s.end):
            if m.group() in _STOP:
                continue
            name = m.group()
            if name not in by_name:
                by_name[name] = f"a{len(actors)}"
                actors.append(Actor(id=by_name[name], name=name, type="organisation", reason="fake"))
            actors[int(by_name[name][1:])].mentions.append((m.start(), m.end()))
            entities.append(Entity(start=m.start(), end=m.end(), text=name, label="ORG", sentence=si,
                                   confidence=0.5, reason="fake capitalised run", canonical=name,
                                   actor=by_name[name]))
    events = []
    for si, s in enumerate(sents):
        names = [e for e in entities if e.sentence == si]
        for word, typ in TRIGGERS.items():
            for m in re.finditer(rf"\b{word}\b", text[s.start:s.end]):
                ref = [ActorRef(name=e.canonical, actor=e.actor) for e in names[:2]] + [None, None]
                events.append(Event(start=s.start + m.start(), end=s.start + m.end(), text=m.group(), sentence=si,
                                     confidence=0.6, reason="fake trigger", type=typ, source=ref[0],
                                     target=ref[1], sentence_text=text[s.start:s.end]))
    return Analysis(id=article.id, lang=article.lang, title=article.title, published_at=article.published_at,
                    source=article.source, url=article.url, text=text, sentences=sents, entities=entities,
                    actors=actors, events=events, analyzer={"model": "fake"})


def fake_many(items):
    """Same contract as ``kroniek.analyze.analyze_many`` (without loading spaCy)."""
    for item in items:
        if isinstance(item, ErrorRecord):
            yield item
            continue
        try:
            yield fake_analyze(item)
        except Exception as exc:
            yield ErrorRecord(id=item.id, error=f"{type(exc).__name__}: {exc}")


def patch(ingest_module) -> None:
    """Make ``kroniek ingest`` use the fake analyser and not look for a model."""
    ingest_module._default_analyzer = fake_many
    ingest_module.check_models = lambda langs: None


if __name__ == "__main__":
    from kroniek import ingest
    from kroniek.cli import main

    patch(ingest)
    sys.exit(main())
