"""The batch writer: many analysed articles per transaction, inserted set-based through Arrow.

Why: the per-article writer (``writer.write_analysis``) issues a few SQL
statements per actor, event and quote, and DuckDB plans each one: at a few
articles a second the writer, not the analysis, bounds ingest. Here one batch
of articles is linked against an in-memory index (``link_index``: the same
decisions as ``linking``), its rows gathered per table, and then written with
one bulk insert per table (Arrow tables), a few set-based UPDATEs and one
transaction. A batch is stored whole or not at all, so an interrupted ingest
still leaves only complete articles and resumes by content hash.

The resulting store equals what ``write_analysis`` writes for the same
articles in the same order (timestamps aside); tests compare the two.
"""
from __future__ import annotations

import datetime as _dt
import json
from typing import Iterable, Optional

import duckdb
import pyarrow as pa

from ..document import Analysis
from .link_index import LinkIndex, LinkRows
from .rows import now as _now
from .writer import content_hash, doc_key, write_analysis

_ARROW_TYPES = {"VARCHAR": pa.string(), "JSON": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(),
                "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_(), "DATE": pa.date32(),
                "TIMESTAMP": pa.timestamp("us")}


def _story_date(published_at: Optional[str]) -> Optional[_dt.date]:
    if not published_at:
        return None
    try:
        return _dt.date.fromisoformat(published_at[:10])
    except ValueError:
        return None


class BatchWriter:
    """Writes lists of analyses into an open (write) connection, one transaction per list.

    Hold one per connection and ingest run: it keeps the linking index between
    batches, and reloads it when another writer changed the linking tables.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.index = LinkIndex(con)
        self._seen_counts = self._linking_counts()  # what the index stands for; changed by another writer: reload
        self._schemas: dict[str, pa.Schema] = {}
        self._last = _now()

    # ------------------------------------------------------------- plumbing
    def _schema(self, table: str) -> pa.Schema:
        if table not in self._schemas:
            cols = self.con.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
                "ORDER BY ordinal_position", [table]).fetchall()
            self._schemas[table] = pa.schema([(c, _ARROW_TYPES[t]) for c, t in cols])
        return self._schemas[table]

    def _arrow(self, table: str, rows: list[list], columns: Optional[list[str]] = None) -> pa.Table:
        schema = self._schema(table)
        if columns is not None:
            schema = pa.schema([schema.field(c) for c in columns])
        cols = list(zip(*rows))
        return pa.Table.from_arrays([pa.array(c, type=f.type) for c, f in zip(cols, schema)], schema=schema)

    def _insert(self, table: str, rows: list[list]) -> None:
        if rows:
            self.con.from_arrow(self._arrow(table, rows)).insert_into(table)

    def _update(self, table: str, key: str, columns: list[str], rows: list[list]) -> None:
        """UPDATE ``table`` SET columns FROM the rows (key first), in one statement."""
        if not rows:
            return
        staged = self._arrow(table, rows, [key, *columns])
        self.con.register("_kroniek_staged", staged)
        try:
            sets = ", ".join(f"{c} = s.{c}" for c in columns)
            self.con.execute(f"UPDATE {table} SET {sets} FROM _kroniek_staged s WHERE {table}.{key} = s.{key}")
        finally:
            self.con.unregister("_kroniek_staged")

    def _tick(self) -> _dt.datetime:
        """A timestamp per article, strictly increasing: events are ordered by creation time when clustered."""
        t = _now()
        self._last = t if t > self._last else self._last + _dt.timedelta(microseconds=1)
        return self._last

    def _linking_counts(self) -> tuple:
        """Row counts that any linked article changes (every decision leaves a merge row)."""
        return tuple(self.con.execute(
            "SELECT (SELECT count(*) FROM actors), (SELECT count(*) FROM actor_aliases), "
            "(SELECT count(*) FROM events), (SELECT count(*) FROM actor_merges), "
            "(SELECT count(*) FROM event_merges)").fetchone())

    def _index_is_current(self) -> bool:
        return self._seen_counts == self._linking_counts()

    def _current_articles(self, keys: set[str], ids: set[str]) -> tuple[dict, dict]:
        """The stored current versions that this batch's doc keys and ids meet: key -> (hash, id, version),
        id -> doc key."""
        rows = self.con.execute(
            "SELECT hash, id, version, doc_key FROM articles WHERE is_current AND "
            "(doc_key IN (SELECT unnest(?::VARCHAR[])) OR id IN (SELECT unnest(?::VARCHAR[])))",
            [sorted(keys), sorted(ids)]).fetchall()
        return {k: (h, i, v) for h, i, v, k in rows}, {i: k for _, i, _, k in rows}

    # --------------------------------------------------------------- writing
    def write(self, batch: Iterable[tuple[Analysis, Optional[str]]]) -> list[str]:
        """Store ``(analysis, origin)`` pairs in one transaction; return 'added'/'updated'/'unchanged' for each.

        If the batch cannot be stored (a record the store refuses), it is written again article by
        article with ``write_analysis``, so that only the bad article fails; its exception then
        takes the place of its status.
        """
        batch = list(batch)
        if not batch:
            return []
        if not self._index_is_current():
            self._reload()
        self.con.execute("BEGIN TRANSACTION")
        try:
            statuses = self._write(batch)
            self.con.execute("COMMIT")
            self._seen_counts = self._linking_counts()
            return statuses
        except Exception:
            self.con.execute("ROLLBACK")
            self._reload()
        out: list = []
        for analysis, origin in batch:
            try:
                out.append(write_analysis(self.con, analysis, origin=origin))
            except Exception as exc:  # noqa: BLE001 - handed to the caller as this article's result
                out.append(exc)
        self._reload()
        return out

    def _reload(self) -> None:
        self.index.load(self.con)
        self._seen_counts = self._linking_counts()

    def _write(self, batch: list[tuple[Analysis, Optional[str]]]) -> list[str]:
        con = self.con
        hashes = [content_hash(a) for a, _ in batch]
        stored = {r[0] for r in con.execute("SELECT hash FROM articles WHERE hash IN (SELECT unnest(?::VARCHAR[]))",
                                            [hashes]).fetchall()}
        current, current_ids = self._current_articles({doc_key(a) for a, _ in batch}, {a.id for a, _ in batch})
        pending: dict[str, list] = {}  # hash -> article row written in this batch
        superseded: list[list] = []  # stored articles this batch supersedes: [hash, is_current, superseded_by]
        tables: dict[str, list[list]] = {t: [] for t in ("sentences", "entity_mentions", "quotes", "timexes",
                                                          "places")}
        links = LinkRows()
        statuses: list[str] = []
        for (a, origin), h in zip(batch, hashes):
            if h in stored or h in pending:
                statuses.append("unchanged")
                continue
            now = self._tick()
            key = doc_key(a)
            prev = current.get(key)
            if prev:
                if prev[0] in pending:
                    pending[prev[0]][4], pending[prev[0]][5] = False, h
                else:
                    superseded.append([prev[0], False, h])
                article_id, version = prev[1], prev[2] + 1
            else:
                owner = current_ids.get(a.id)
                article_id = a.id if owner is None or owner == key else f"{a.id}-{h[:8]}"
                version = 1
            current[key] = (h, article_id, version)
            current_ids[article_id] = key
            pending[h] = [h, article_id, key, version, True, None, a.title, a.text, a.published_at,
                          _story_date(a.published_at), a.lang, a.source, a.url, origin, json.dumps(a.analyzer),
                          a.schema_version, now]
            entity_actors, speakers = self.index.link_article(links, now, h, a)
            tables["sentences"] += [[h, i, s.start, s.end, s.paragraph] for i, s in enumerate(a.sentences)]
            tables["entity_mentions"] += [
                [h, i, e.start, e.end, e.text, e.label, e.canonical, e.actor, entity_actors.get(e.actor),
                 e.sentence, e.confidence, e.reason] for i, e in enumerate(a.entities)]
            tables["quotes"] += [
                [h, i, q.start, q.end, q.text, q.kind, q.speaker, q.speaker_actor, speakers[i], q.speaker_start,
                 q.speaker_end, q.cue, q.sentence, q.confidence, q.reason] for i, q in enumerate(a.quotes)]
            tables["timexes"] += [[h, i, t.start, t.end, t.text, t.type, t.value, t.sentence, t.confidence,
                                   t.reason] for i, t in enumerate(a.timexes)]
            tables["places"] += [[h, i, p.start, p.end, p.text, p.name, p.latitude, p.longitude, p.country,
                                  p.feature, p.geonameid, p.sentence, p.confidence, p.reason]
                                 for i, p in enumerate(a.places)]
            statuses.append("updated" if prev else "added")
        new_actors, changed_actors, new_events, changed_events = self.index.take_changes()
        self._update("articles", "hash", ["is_current", "superseded_by"], superseded)
        self._insert("articles", list(pending.values()))
        for table, rows in tables.items():
            self._insert(table, rows)
        self._insert("actors", new_actors)
        self._update("actors", "id", ["type", "country", "role"], changed_actors)
        self._insert("actor_aliases", links.actor_aliases)
        self._insert("article_actors", links.article_actors)
        self._insert("actor_merges", links.actor_merges)
        self._insert("events", new_events)
        self._update("events", "id", ["mode", "place_name", "latitude", "longitude", "place_country"],
                     changed_events)
        self._insert("event_mentions", links.event_mentions)
        self._insert("event_merges", links.event_merges)
        return statuses
