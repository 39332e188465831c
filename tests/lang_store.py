"""A small mixed-language store for the language tests: Dutch and English articles read from JSONL (their
language detected or given), a German one and one declared French (both error records), analysed by a
stand-in analyser (no model needed) that adds one quote and one event per article.

Not a test module: ``build_lang_db`` is imported by tests/test_lang*.py.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from store_fake_analyzer import fake_analyze

from kroniek.detect_lang import language_meta
from kroniek.document import ActorRef, Analysis, ErrorRecord, Event, Quote

ARTICLES = [
    {"id": "nl-1", "published_at": "2025-03-11", "title": "EU en Oekraïne sluiten akkoord",
     "text": "De Europese Unie en Oekraïne sloten dinsdag in Brussel een akkoord over extra steun. "
             "„Dit is een goede dag voor Europa”, zei Ursula von der Leyen."},
    {"id": "en-1", "published_at": "2025-03-11", "title": "EU and Ukraine agree on support",
     "text": "The European Union and Ukraine agreed on Tuesday in Brussels on more support. "
             "\"This is a good day for Europe,\" said Ursula von der Leyen."},
    {"id": "de-1", "published_at": "2025-03-11",
     "text": "Die Europäische Union und die Ukraine haben sich am Dienstag in Brüssel auf weitere Hilfe geeinigt."},
    {"id": "fr-1", "published_at": "2025-03-11", "lang": "fr", "text": "L'Union européenne et l'Ukraine."},
    {"id": "en-2", "published_at": "2025-03-12", "lang": "en", "title": "Talks in Jeddah",
     "text": "Ukraine and the United States agreed in Jeddah on a proposal for a ceasefire."},
]
"""Input lines: nl-1 and en-1 without ``lang`` (detected), de-1 detected German, fr-1 declared French,
en-2 declared English."""

_TRIGGER = re.compile(r"\b(akkoord|agreed)\b")
_QUOTE = re.compile(r"[„\"]([^”\"]+)[”\"]")


def lang_analyze(article) -> Analysis:
    """The fake analysis plus the quote between quote marks and an AGREE event on its trigger word."""
    a = fake_analyze(article)
    quotes, events = [], []
    m = _QUOTE.search(a.text)
    if m:
        si = next(i for i, s in enumerate(a.sentences) if s.start <= m.start() < s.end)
        quotes.append(Quote(start=m.start(1), end=m.end(1), text=m.group(1), sentence=si, confidence=0.9,
                            reason="test quote", kind="direct", speaker="Ursula von der Leyen"))
    t = _TRIGGER.search(a.text)
    if t:
        si = next(i for i, s in enumerate(a.sentences) if s.start <= t.start() < s.end)
        s = a.sentences[si]
        events.append(Event(start=t.start(), end=t.end(), text=t.group(), sentence=si, confidence=0.8,
                            reason="test trigger", type="AGREE", date=article.published_at,
                            source=ActorRef(name="European Union", country=None),
                            target=ActorRef(name="Ukraine", country="UKR"),
                            sentence_text=a.text[s.start:s.end]))
    language = language_meta(article)
    return a.model_copy(update={"quotes": quotes, "events": events,
                                "analyzer": {**a.analyzer, **({"language": language} if language else {})}})


def lang_many(items):
    for item in items:
        yield item if isinstance(item, ErrorRecord) else lang_analyze(item)


def write_input(folder: Path) -> Path:
    path = folder / "mixed.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf8")
    return path


def build_lang_db(folder: Path):
    """Ingest ``ARTICLES`` into ``folder/lang.duckdb``; (db path, IngestStats)."""
    from kroniek import ingest, store

    db = folder / "lang.duckdb"
    con = store.connect(str(db))
    try:
        stats = ingest.ingest(con, [write_input(folder)], analyzer=lang_many, progress=False)
    finally:
        con.close()
    return db, stats
