"""Per-article writes: an article with everything that belongs to it, in one transaction.

An article is therefore either fully stored or absent, which is what makes an
interrupted ingest resumable: run it again and it continues.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
from functools import partial
from typing import Optional, Union

import duckdb

from ..document import Analysis, Article, ErrorRecord
from . import linking
from .rows import insert_rows
from .rows import now as _now


def doc_key(item: Union[Article, Analysis]) -> str:
    """Two texts with the same key are versions of one article: the URL, else the id."""
    return f"url:{item.url}" if item.url else f"id:{item.id}"


def content_hash(item: Union[Article, Analysis]) -> str:
    if isinstance(item, Article):
        return item.content_hash()
    return Article(id=item.id, text=item.text, title=item.title).content_hash()


def has_hash(con: duckdb.DuckDBPyConnection, h: str) -> bool:
    return con.execute("SELECT 1 FROM articles WHERE hash = ?", [h]).fetchone() is not None


def stored_hashes(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("SELECT hash FROM articles").fetchall()}


def stored_keys(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """Content hash -> (doc_key, id) of the stored article: a text read again under the same doc key
    is a rerun, under another a duplicate."""
    return {h: (k, i) for h, k, i in con.execute("SELECT hash, doc_key, id FROM articles").fetchall()}


def write_duplicate(con: duckdb.DuckDBPyConnection, article_id: str, of_hash: str, *,
                    of_id: Optional[str] = None, origin: Optional[str] = None) -> bool:
    """Record that ``article_id`` repeats the stored article ``of_hash``; False if already recorded."""
    found = con.execute("SELECT 1 FROM duplicates WHERE id = ? AND of_hash = ?", [article_id, of_hash]).fetchone()
    if found:
        return False
    con.execute("INSERT INTO duplicates VALUES (?, ?, ?, ?, ?)", [article_id, origin, of_hash, of_id, _now()])
    return True


def _story_date(published_at: Optional[str]) -> Optional[_dt.date]:
    return Article(id="_", text="", published_at=published_at).published_date()


def _unique_id(con, wanted: str, key: str, h: str) -> str:
    """The user-facing id: the input id unless another current article has it."""
    row = con.execute(
        "SELECT doc_key FROM articles WHERE id = ? AND is_current", [wanted]
    ).fetchone()
    if row is None or row[0] == key:
        return wanted
    return f"{wanted}-{h[:8]}"


def write_analysis(con: duckdb.DuckDBPyConnection, analysis: Analysis, *, origin: Optional[str] = None,
                   link: bool = True) -> str:
    """Store one analysed article atomically; return ``'added'``, ``'updated'`` or ``'unchanged'``.

    ``updated`` means an earlier text of the same article (same URL, else same id)
    was stored: it stays, marked superseded, and this version becomes current.
    """
    h = content_hash(analysis)
    key = doc_key(analysis)
    con.execute("BEGIN TRANSACTION")
    try:
        if has_hash(con, h):
            con.execute("ROLLBACK")
            return "unchanged"
        prev = con.execute(
            "SELECT hash, id, version FROM articles WHERE doc_key = ? AND is_current", [key]
        ).fetchone()
        if prev:
            con.execute("UPDATE articles SET is_current = false, superseded_by = ? WHERE hash = ?", [h, prev[0]])
            article_id, version = prev[1], prev[2] + 1
        else:
            article_id, version = _unique_id(con, analysis.id, key, h), 1
        con.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, true, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [h, article_id, key, version, analysis.title, analysis.text, analysis.published_at,
             _story_date(analysis.published_at), analysis.lang, analysis.source, analysis.url, origin,
             json.dumps(analysis.analyzer), analysis.schema_version, _now()],
        )
        _insert_children(con, h, analysis)
        if link:
            linking.link_article(con, h, analysis)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return "updated" if prev else "added"


def _insert_children(con, h: str, a: Analysis) -> None:
    def rows(items, fn):
        return [[h, i, *fn(x)] for i, x in enumerate(items)]

    many = partial(insert_rows, con)

    many("sentences", rows(a.sentences, lambda s: [s.start, s.end, s.paragraph]))
    # actor_id of entity mentions is filled in by linking once actors are merged
    many("entity_mentions", rows(a.entities, lambda e: [
        e.start, e.end, e.text, e.label, e.canonical, e.actor, None, e.sentence, e.confidence, e.reason]))
    many("quotes", rows(a.quotes, lambda q: [
        q.start, q.end, q.text, q.kind, q.speaker, q.speaker_actor, None, q.speaker_start, q.speaker_end,
        q.cue, q.sentence, q.confidence, q.reason]))
    many("timexes", rows(a.timexes, lambda t: [
        t.start, t.end, t.text, t.type, t.value, t.sentence, t.confidence, t.reason]))
    many("places", rows(a.places, lambda p: [
        p.start, p.end, p.text, p.name, p.latitude, p.longitude, p.country, p.feature, p.geonameid,
        p.sentence, p.confidence, p.reason]))


def write_error(con: duckdb.DuckDBPyConnection, error: ErrorRecord, *, origin: Optional[str] = None) -> None:
    """Record a failed article once; a rerun that fails again only bumps ``attempts``."""
    key = hashlib.sha1(f"{origin}\x00{error.line}\x00{error.id}\x00{error.error}".encode()).hexdigest()
    now = _now()
    con.execute("BEGIN TRANSACTION")
    try:
        updated = con.execute(
            "UPDATE ingest_errors SET last_seen = ?, attempts = attempts + 1 WHERE key = ? RETURNING key",
            [now, key],
        ).fetchall()
        if not updated:
            con.execute(
                "INSERT INTO ingest_errors VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
                [key, error.id, origin, error.line, error.error, now, now],
            )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row counts of what users see: current articles, their items, linked events and actors."""
    q = {
        "articles": "SELECT count(*) FROM articles WHERE is_current",
        "article_versions": "SELECT count(*) FROM articles",
        "quotes": "SELECT count(*) FROM quotes JOIN articles a ON a.hash = article_hash AND a.is_current",
        "entities": "SELECT count(*) FROM entity_mentions JOIN articles a ON a.hash = article_hash AND a.is_current",
        "event_mentions": "SELECT count(*) FROM current_event_mentions",
        "events": "SELECT count(DISTINCT event_id) FROM current_event_mentions",
        "actors": "SELECT count(*) FROM actors",
        "errors": "SELECT count(*) FROM ingest_errors",
        "duplicates": "SELECT count(*) FROM duplicates",
    }
    return {k: con.execute(sql).fetchone()[0] for k, sql in q.items()}

