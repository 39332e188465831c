"""Export the whole store: tables as CSV, JSONL or parquet, events as PLOVER JSON.

Table exports are DuckDB ``COPY`` statements (no pyarrow needed), one file per
table. The PLOVER export writes one JSON object per cross-article event with
the field names of the POLECAT dataset (which codes PLOVER): the source actor
is ``actor_*``, the target ``recipient_*``, the place ``placename``/
``latitude``/``longitude``/``country``; kroniek adds the provenance
(``event_text``, ``story_ids``, ``mentions``) and a ``confidence``.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Iterator, Union

from . import __version__, query
from .export_readable import READABLE

TABLES = (
    "schema_version", "articles", "sentences", "entity_mentions", "quotes", "timexes", "places",
    "actors", "actor_aliases", "article_actors", "actor_merges",
    "events", "event_mentions", "event_merges", "ingest_errors",
)
TABLE_FORMATS = {"csv": ("csv", "(FORMAT csv, HEADER)"), "jsonl": ("jsonl", "(FORMAT json)"),
                 "parquet": ("parquet", "(FORMAT parquet)")}


def export_tables(con, out_dir: Union[str, Path], fmt: str) -> list[Path]:
    """Write every table to ``out_dir/<table>.<ext>``, then the readable tables (``export_readable``);
    return the files written."""
    ext, options = TABLE_FORMATS[fmt]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        path = out / f"{table}.{ext}"
        literal = str(path).replace("'", "''")
        con.execute(f"COPY (SELECT * FROM {table}) TO '{literal}' {options}")
        written.append(path)
    for name, sql in READABLE.items():  # names next to ids, beside the raw tables
        path = out / f"{name}.{ext}"
        literal = str(path).replace("'", "''")
        con.execute(f"COPY ({sql}) TO '{literal}' {options}")
        written.append(path)
    return written


def _sector(actor: dict | None) -> str | None:
    return (actor.get("role") or actor.get("type")) if actor else None


def plover_record(event: dict, langs: dict[str, str] | None = None) -> dict:
    """One event as a POLECAT-style PLOVER record. ``langs``: article id -> language of the article
    (``language`` is that of the mention whose sentence is ``event_text``; ``languages`` lists them all)."""
    info = query.quad(event["type"])
    modes = info.get("modes") or {}
    intensity = modes.get(event["mode"]) if event.get("mode") in modes else None
    if intensity is None:
        intensity = info.get("intensity")
    src, tgt, place = event.get("source") or {}, event.get("target") or {}, event.get("place") or {}
    mentions = event.get("mentions") or []
    story_dates = sorted(m["published_at"][:10] for m in mentions if m.get("published_at"))
    langs = langs or {}
    mention_langs = [m.get("lang") or langs.get(m["article_id"]) for m in mentions]
    return {
        "event_id": event["id"],
        "event_date": event["date"],
        "event_type": event["type"],
        "event_mode": event["mode"],
        "event_intensity": intensity,
        "quad_code": info.get("quad_code"),
        "quad_class": info.get("quad_class"),
        "cooperation": info.get("side"),
        "negated": event.get("negated", False),
        "actor_name": src.get("name"),
        "actor_country": src.get("country"),
        "actor_sector": _sector(src),
        "actor_id": src.get("id"),
        "recipient_name": tgt.get("name"),
        "recipient_country": tgt.get("country"),
        "recipient_sector": _sector(tgt),
        "recipient_id": tgt.get("id"),
        "placename": place.get("name"),
        "latitude": place.get("lat"),
        "longitude": place.get("lon"),
        "country": place.get("country"),
        "event_text": mentions[0]["sentence_text"] if mentions else None,
        "story_date": story_dates[0] if story_dates else None,
        "story_ids": sorted({m["article_id"] for m in mentions}),
        "mentions": [{k: m.get(k) for k in ("article_id", "sentence", "start", "end", "text", "sentence_text")}
                     for m in mentions],
        "confidence": event["confidence"],
        "language": mention_langs[0] if mention_langs else None,
        "languages": sorted({x for x in mention_langs if x}),
        "version": f"kroniek {__version__}",
    }


def plover_records(con, page: int = 500) -> Iterator[dict]:
    # rows stored before languages were recorded are Dutch (as in kroniek.query)
    langs = dict(con.execute("SELECT id, coalesce(lang, 'nl') FROM articles WHERE is_current").fetchall())
    offset = 0
    while True:
        batch = query.events(con, limit=page, offset=offset)
        yield from (plover_record(e, langs) for e in batch)
        if len(batch) < page:
            return
        offset += page


def export_plover(con, out: Union[str, Path, IO[str]]) -> int:
    """Write PLOVER JSONL (one event per line) to a path or an open text stream; return the count."""
    if isinstance(out, (str, Path)):
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        with open(out, "w", encoding="utf8") as f:
            return export_plover(con, f)
    n = 0
    for rec in plover_records(con):
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n
