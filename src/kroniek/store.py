"""The chronicle on disk: a DuckDB file with a versioned schema.

Why DuckDB: one file, no server, fast analytical queries (timelines,
networks) and parquet/CSV export built in. The schema is created and changed
only by the numbered ``MIGRATIONS`` below, recorded in ``schema_version``;
an existing database is upgraded in place, never dropped (see docs/store.md).

Writes are per article: ``write_analysis`` stores an article, its sentences,
mentions, quotes, time expressions, places and events, and links its actors
and events to the cross-article ones (``kroniek.linking``), all in one
transaction. An article is therefore either fully stored or absent, which is
what makes an interrupted ingest resumable: run it again and it continues.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
from functools import partial
from pathlib import Path
from typing import Optional, Union

import duckdb

from .document import Analysis, Article, ErrorRecord

DEFAULT_DB = "kroniek.duckdb"

# ----------------------------------------------------------------- migrations
# Each migration is (version, description, statements). Never edit a released
# migration: add a new one. Statements run in one transaction per migration.

_M1_CORE = [
    """CREATE TABLE articles (
        hash          VARCHAR PRIMARY KEY,  -- content hash (title + text): the ingest key
        id            VARCHAR NOT NULL,     -- article id shown to users (unique among current versions)
        doc_key       VARCHAR NOT NULL,     -- what identifies 'the same article': url, else id
        version       INTEGER NOT NULL,     -- 1, 2, ... per doc_key
        is_current    BOOLEAN NOT NULL,     -- false once a newer text of the same doc_key is stored
        superseded_by VARCHAR,              -- hash of the newer version
        title         VARCHAR,
        text          VARCHAR NOT NULL,
        published_at  VARCHAR,
        story_date    DATE,
        lang          VARCHAR,
        source        VARCHAR,
        url           VARCHAR,
        origin        VARCHAR,              -- file (and line) it was read from
        analyzer      JSON,
        schema_version VARCHAR,
        ingested_at   TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE sentences (
        article_hash VARCHAR NOT NULL, idx INTEGER NOT NULL,
        start_char INTEGER NOT NULL, end_char INTEGER NOT NULL, paragraph INTEGER,
        PRIMARY KEY (article_hash, idx)
    )""",
    """CREATE TABLE entity_mentions (
        article_hash VARCHAR NOT NULL, idx INTEGER NOT NULL,
        start_char INTEGER, end_char INTEGER, text VARCHAR, label VARCHAR, canonical VARCHAR,
        local_actor VARCHAR, actor_id VARCHAR,
        sentence INTEGER, confidence DOUBLE, reason VARCHAR,
        PRIMARY KEY (article_hash, idx)
    )""",
    """CREATE TABLE quotes (
        article_hash VARCHAR NOT NULL, idx INTEGER NOT NULL,
        start_char INTEGER, end_char INTEGER, text VARCHAR, kind VARCHAR,
        speaker VARCHAR, speaker_local VARCHAR, speaker_actor_id VARCHAR,
        speaker_start INTEGER, speaker_end INTEGER, cue VARCHAR,
        sentence INTEGER, confidence DOUBLE, reason VARCHAR,
        PRIMARY KEY (article_hash, idx)
    )""",
    """CREATE TABLE timexes (
        article_hash VARCHAR NOT NULL, idx INTEGER NOT NULL,
        start_char INTEGER, end_char INTEGER, text VARCHAR, type VARCHAR, value VARCHAR,
        sentence INTEGER, confidence DOUBLE, reason VARCHAR,
        PRIMARY KEY (article_hash, idx)
    )""",
    """CREATE TABLE places (
        article_hash VARCHAR NOT NULL, idx INTEGER NOT NULL,
        start_char INTEGER, end_char INTEGER, text VARCHAR, name VARCHAR,
        latitude DOUBLE, longitude DOUBLE, country VARCHAR, feature VARCHAR, geonameid BIGINT,
        sentence INTEGER, confidence DOUBLE, reason VARCHAR,
        PRIMARY KEY (article_hash, idx)
    )""",
    """CREATE TABLE ingest_errors (
        key VARCHAR PRIMARY KEY,            -- hash of origin + id + error: a rerun adds no duplicate
        article_id VARCHAR, origin VARCHAR, line INTEGER, error VARCHAR NOT NULL,
        first_seen TIMESTAMP NOT NULL, last_seen TIMESTAMP NOT NULL, attempts INTEGER NOT NULL
    )""",
]

_M2_LINKING = [
    """CREATE TABLE actors (
        id VARCHAR PRIMARY KEY,             -- 'act-' + hash of the normalised canonical name
        name VARCHAR NOT NULL, type VARCHAR, country VARCHAR, role VARCHAR,
        created_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE actor_aliases (
        actor_id VARCHAR NOT NULL, alias VARCHAR NOT NULL, norm VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,              -- canonical | mention | local_id
        PRIMARY KEY (actor_id, alias, kind)
    )""",
    """CREATE TABLE article_actors (
        article_hash VARCHAR NOT NULL, local_id VARCHAR NOT NULL, actor_id VARCHAR NOT NULL,
        name VARCHAR, type VARCHAR, country VARCHAR, role VARCHAR,
        mentions JSON, confidence DOUBLE, reason VARCHAR,
        PRIMARY KEY (article_hash, local_id)
    )""",
    """CREATE TABLE actor_merges (
        actor_id VARCHAR NOT NULL, article_hash VARCHAR NOT NULL, local_id VARCHAR NOT NULL,
        name VARCHAR, rule VARCHAR NOT NULL, evidence VARCHAR, created_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE events (
        id VARCHAR PRIMARY KEY,             -- 'ev-' + hash of type, actors, founding date, place
        type VARCHAR NOT NULL, mode VARCHAR,
        source_actor_id VARCHAR, target_actor_id VARCHAR,
        date DATE, date_from_text BOOLEAN, negated BOOLEAN NOT NULL,
        place_name VARCHAR, latitude DOUBLE, longitude DOUBLE, place_country VARCHAR,
        created_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE event_mentions (
        article_hash VARCHAR NOT NULL, idx INTEGER NOT NULL, event_id VARCHAR NOT NULL,
        start_char INTEGER, end_char INTEGER, text VARCHAR, type VARCHAR, mode VARCHAR,
        source_name VARCHAR, source_country VARCHAR, source_role VARCHAR, source_actor_id VARCHAR,
        source_local VARCHAR, source_start INTEGER, source_end INTEGER,
        target_name VARCHAR, target_country VARCHAR, target_role VARCHAR, target_actor_id VARCHAR,
        target_local VARCHAR, target_start INTEGER, target_end INTEGER,
        date VARCHAR, location VARCHAR, sentence INTEGER, sentence_text VARCHAR,
        negated BOOLEAN, modality VARCHAR, confidence DOUBLE, reason VARCHAR,
        PRIMARY KEY (article_hash, idx)
    )""",
    """CREATE TABLE event_merges (
        event_id VARCHAR NOT NULL, article_hash VARCHAR NOT NULL, mention_idx INTEGER NOT NULL,
        rule VARCHAR NOT NULL, evidence VARCHAR, created_at TIMESTAMP NOT NULL
    )""",
]

_M3_VIEWS = [
    "CREATE INDEX event_mentions_event ON event_mentions (event_id)",
    "CREATE INDEX articles_id ON articles (id)",
    # Only current article versions count; superseded ones stay for the record.
    """CREATE VIEW current_event_mentions AS
        SELECT m.*, a.id AS article_id, a.published_at, a.story_date
        FROM event_mentions m JOIN articles a ON a.hash = m.article_hash AND a.is_current""",
]

_M4_DUPLICATES = [
    # an input article whose title and text are those of a stored article under another id: not analysed
    # again, but kept as a pointer so that nothing read is silently dropped
    """CREATE TABLE duplicates (
        id VARCHAR NOT NULL, origin VARCHAR, of_hash VARCHAR NOT NULL, of_id VARCHAR,
        first_seen TIMESTAMP NOT NULL,
        PRIMARY KEY (id, of_hash)
    )""",
]

MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (1, "articles, sentences, entity mentions, quotes, time expressions, places, ingest errors", _M1_CORE),
    (2, "cross-article actors, aliases, events, event mentions and merge trails", _M2_LINKING),
    (3, "indexes and the current_event_mentions view", _M3_VIEWS),
    (4, "duplicates: the same text read again under another id", _M4_DUPLICATES),
]
LATEST_VERSION = MIGRATIONS[-1][0]


class SchemaError(RuntimeError):
    pass


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection, target: Optional[int] = None) -> int:
    """Apply the pending migrations up to ``target`` (default: latest); return the version."""
    target = LATEST_VERSION if target is None else target
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)"
    )
    current = schema_version(con)
    if current > LATEST_VERSION:
        raise SchemaError(
            f"database schema version {current} is newer than this kroniek ({LATEST_VERSION}); upgrade kroniek"
        )
    for version, description, statements in MIGRATIONS:
        if version <= current or version > target:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            for sql in statements:
                con.execute(sql)
            con.execute("INSERT INTO schema_version VALUES (?, ?, ?)", [version, description, _now()])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        current = version
    return current


def connect(path: Union[str, Path] = DEFAULT_DB, *, read_only: bool = False,
            migrate_schema: bool = True) -> duckdb.DuckDBPyConnection:
    """Open (and create or upgrade) a kroniek database.

    ``read_only`` opens an existing file without changing it; DuckDB then lets
    several reader processes share it (but not while a writer holds it).
    """
    path = str(path)
    if read_only:
        if path != ":memory:" and not Path(path).exists():
            raise FileNotFoundError(f"no kroniek database at {path} (run `kroniek ingest` first)")
        con = duckdb.connect(path, read_only=True)
        version = schema_version(con)
        if version != LATEST_VERSION:
            raise SchemaError(
                f"database schema version {version}, this kroniek needs {LATEST_VERSION}: "
                "open it once for writing (e.g. `kroniek ingest` with no paths) to upgrade it"
            )
        return con
    con = duckdb.connect(path)
    if migrate_schema:
        migrate(con)
    return con


# ---------------------------------------------------------------------- writes

def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None)


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
    from . import linking

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


def insert_rows(con, table: str, rows: list[list], on_conflict: str = "") -> None:
    """All rows in one INSERT statement: much faster in DuckDB than ``executemany``."""
    for i in range(0, len(rows), 500):
        chunk = rows[i:i + 500]
        one = f"({', '.join('?' * len(chunk[0]))})"
        con.execute(f"INSERT INTO {table} VALUES {', '.join([one] * len(chunk))} {on_conflict}",
                    [v for row in chunk for v in row])


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

