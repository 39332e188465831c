"""The store: schema migrations, atomic per-article writes, idempotency and article versions."""
from __future__ import annotations

import duckdb
import pytest

from kroniek import linking, query, store
from kroniek.document import Analysis, ErrorRecord

from store_examples import all_examples, build, maduro_a, maduro_b


@pytest.fixture
def con(tmp_path):
    c = store.connect(tmp_path / "k.duckdb")
    yield c
    c.close()


def test_new_database_is_at_latest_version(con):
    assert store.schema_version(con) == store.LATEST_VERSION
    versions = [r[0] for r in con.execute("SELECT version FROM schema_version ORDER BY version").fetchall()]
    assert versions == [m[0] for m in store.MIGRATIONS]


def test_migrations_upgrade_in_place_keeping_data(tmp_path):
    path = tmp_path / "old.duckdb"
    con = store.connect(path, migrate_schema=False)
    assert store.migrate(con, target=1) == 1
    con.execute("INSERT INTO articles (hash, id, doc_key, version, is_current, text, ingested_at) "
                "VALUES ('h1', 'old-1', 'id:old-1', 1, true, 'Oude tekst.', now())")
    con.close()
    con = store.connect(path)  # upgrades 1 -> latest
    assert store.schema_version(con) == store.LATEST_VERSION
    assert con.execute("SELECT id FROM articles").fetchall() == [("old-1",)]
    assert store.migrate(con) == store.LATEST_VERSION  # nothing left to do
    store.write_analysis(con, maduro_a())
    assert store.counts(con)["articles"] == 2


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.duckdb"
    con = store.connect(path)
    con.execute("INSERT INTO schema_version VALUES (999, 'from the future', now())")
    con.close()
    with pytest.raises(store.SchemaError):
        store.connect(path)


def test_read_only_needs_existing_current_database(tmp_path):
    with pytest.raises(FileNotFoundError):
        store.connect(tmp_path / "missing.duckdb", read_only=True)
    path = tmp_path / "v1.duckdb"
    con = store.connect(path, migrate_schema=False)
    store.migrate(con, target=1)
    con.close()
    with pytest.raises(store.SchemaError):
        store.connect(path, read_only=True)


def test_write_is_idempotent(con):
    for a in all_examples():
        assert store.write_analysis(con, a) == "added"
    before = store.counts(con)
    ids = [e["id"] for e in query.events(con)]
    for a in all_examples():
        assert store.write_analysis(con, a) == "unchanged"
    assert store.counts(con) == before
    assert [e["id"] for e in query.events(con)] == ids


def test_article_round_trips_as_analysis(con):
    a = maduro_a()
    store.write_analysis(con, a)
    stored = query.article(con, "nos-1")
    assert stored["event_ids"] and stored["event_ids"][0].startswith("ev-")
    assert set(stored["actor_ids"]) == {"a1", "a2", "a3"}
    plain = {k: v for k, v in stored.items() if k not in query.ARTICLE_EXTRA_FIELDS}
    assert Analysis.model_validate(plain) == a
    for e in stored["entities"] + stored["quotes"] + stored["events"]:
        assert a.text[e["start"]:e["end"]] == e["text"]


def test_failed_write_leaves_nothing(con, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("linking failed half-way")

    monkeypatch.setattr(linking, "_link_events", boom)
    with pytest.raises(RuntimeError):
        store.write_analysis(con, maduro_a())
    for table in ("articles", "sentences", "entity_mentions", "quotes", "actors", "article_actors",
                  "actor_merges", "events", "event_mentions"):
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    monkeypatch.undo()
    assert store.write_analysis(con, maduro_a()) == "added"


def test_changed_text_at_same_url_is_a_new_version(con):
    first = maduro_a()
    store.write_analysis(con, first)
    old_event = query.events(con)[0]["id"]
    changed = build("nos-1-v2", first.text.replace("woensdag", "dinsdag"), published_at="2019-03-07",
                    url=first.url, title=first.title,
                    actors=[("a1", "Nicolás Maduro", "person", "VEN", "president", ["Nicolás Maduro"]),
                            ("a2", "Daniel Kriener", "person", "DEU", "ambassador", ["Daniel Kriener"])],
                    events=[dict(type="SANCTION", mode="expel", trigger="uitgezet", source="a1", target="a2",
                                 date="2019-03-05", location="Caracas")])
    assert store.write_analysis(con, changed) == "updated"
    rows = con.execute("SELECT id, version, is_current FROM articles ORDER BY version").fetchall()
    assert rows == [("nos-1", 1, False), ("nos-1", 2, True)]  # the user-facing id stays
    assert query.article(con, "nos-1")["text"] == changed.text
    assert store.counts(con)["articles"] == 1 and store.counts(con)["article_versions"] == 2
    evs = query.events(con)
    assert len(evs) == 1 and evs[0]["n_mentions"] == 1  # the old version's mention no longer counts
    assert evs[0]["id"] == old_event  # within the window: the same event keeps its id


def test_same_input_id_from_another_document_gets_a_distinct_id(con):
    a = maduro_a()
    other = build("nos-1", "Een ander stuk tekst over iets anders.", url="https://elders.example/1")
    store.write_analysis(con, a)
    store.write_analysis(con, other)
    ids = sorted(r[0] for r in con.execute("SELECT id FROM articles").fetchall())
    assert ids[0] == "nos-1" and ids[1].startswith("nos-1-") and len(ids) == 2


def test_errors_are_recorded_once(con):
    err = ErrorRecord(id="x-1", error="no text", line=4)
    store.write_error(con, err, origin="in.jsonl:4")
    store.write_error(con, err, origin="in.jsonl:4")
    rows = query.errors(con)
    assert len(rows) == 1 and rows[0]["attempts"] == 2 and rows[0]["line"] == 4


def test_readers_share_the_file(tmp_path):
    path = tmp_path / "shared.duckdb"
    con = store.connect(path)
    store.write_analysis(con, maduro_b())
    con.close()
    r1, r2 = store.connect(path, read_only=True), store.connect(path, read_only=True)
    assert store.counts(r1) == store.counts(r2)
    with pytest.raises(duckdb.Error):
        r1.execute("DELETE FROM articles")
