"""The store's schema: numbered migrations, applied in order and recorded in ``schema_version``.

Why migrations: an existing database is upgraded in place, never dropped (see docs/store.md).
"""
from __future__ import annotations

from typing import Optional

import duckdb

from .rows import now as _now

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
