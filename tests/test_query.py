"""Query functions, the query CLI (table/json/csv) and the exports agree with the store."""
from __future__ import annotations

import csv
import io
import json

import duckdb
import pytest
from click.testing import CliRunner

from kroniek import export, query, store
from kroniek.cli import main

from store_examples import all_examples


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("q") / "k.duckdb"
    con = store.connect(path)
    for a in all_examples():
        store.write_analysis(con, a)
    con.close()
    return path


@pytest.fixture
def con(db):
    c = store.connect(db, read_only=True)
    yield c
    c.close()


def _ids(rows):
    return [r["id"] for r in rows]


def test_event_filters(con):
    everything = query.events(con)
    assert len(everything) == 4 and [e["date"] for e in everything] == sorted(e["date"] for e in everything)
    assert {e["type"] for e in query.events(con, actor="maduro")} == {"SANCTION", "ACCUSE", "PROTEST"}
    assert {e["type"] for e in query.events(con, source="Nicolas Maduro")} == {"SANCTION"}
    assert {e["type"] for e in query.events(con, target="Maduro")} == {"ACCUSE", "PROTEST"}
    assert _ids(query.events(con, type="sanction,protest")) == _ids(
        [e for e in everything if e["type"] in ("SANCTION", "PROTEST")])
    assert {e["date"] for e in query.events(con, since="2019-03-08", until="2019-03-09")} == {
        "2019-03-08", "2019-03-09"}
    assert {e["type"] for e in query.events(con, place="caracas")} == {"SANCTION", "PROTEST"}
    assert {e["type"] for e in query.events(con, country="DEU")} == {"SANCTION", "ACCUSE"}
    assert {e["type"] for e in query.events(con, article="ad-7")} == {"SANCTION", "ACCUSE"}
    assert query.events(con, actor="niemand") == []
    assert _ids(query.events(con, limit=2, offset=1)) == _ids(everything)[1:3]
    e = query.events(con, type="SANCTION")[0]
    assert e["quad_class"] == "conflict" and e["quad_code"] == 4
    assert {"article_id", "sentence", "sentence_text", "start", "end", "text", "reason"} <= set(e["mentions"][0])


def test_quotes_actors_articles(con):
    q = query.quotes(con, speaker="maduro")
    assert len(q) == 1 and q[0]["speaker"] == "Nicolás Maduro" and q[0]["sentence_text"].startswith('"Hij')
    assert query.quotes(con, contains="BINNENLANDSE") == q
    assert query.quotes(con, speaker="Guaidó") == []
    assert [a["name"] for a in query.actors(con, country="DEU")] == ["Daniel Kriener", "Germany"]
    assert [a["name"] for a in query.actors(con, name="duitsland")] == ["Germany"]
    arts = query.articles(con)
    assert [a["id"] for a in arts] == ["nos-1", "ad-7", "nrc-3"]
    assert arts[0]["n_quotes"] == 1 and arts[1]["n_events"] == 2
    assert [a["id"] for a in query.articles(con, since="2019-03-08", contains="Guaidó")] == ["nrc-3"]
    assert query.article(con, "bestaat-niet") is None


def test_timeline_network_places(con):
    days = query.timeline(con)
    assert [d["date"] for d in days] == ["2019-03-06", "2019-03-08", "2019-03-09", "2019-03-10"]
    assert sum(d["n_events"] for d in days) == len(query.events(con))
    assert all(d["n_conflictual"] == d["n_events"] for d in days)
    assert days[0]["top_events"][0]["type"] == "SANCTION"
    assert [d["date"] for d in query.timeline(con, actor="Guaidó")] == ["2019-03-10"]
    net = query.network(con)
    assert {(e["source"], e["target"]) for e in net["edges"]} == {
        (e["source"]["id"], e["target"]["id"]) for e in query.events(con) if e["source"] and e["target"]}
    assert net["nodes"][0]["name"] == "Nicolás Maduro"
    places = query.places(con)
    assert places[0]["name"] == "Caracas" and places[0]["n_events"] == 2


def _cli(*args):
    res = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res.stdout


def test_cli_json_is_the_query_result(db, con):
    assert json.loads(_cli("events", "--db", str(db), "--format", "json")) == query.events(con)
    assert json.loads(_cli("quotes", "--db", str(db), "--format", "json", "--speaker", "Maduro")) == query.quotes(
        con, speaker="Maduro")
    assert json.loads(_cli("actors", "--db", str(db), "--format", "json")) == query.actors(con)
    assert json.loads(_cli("timeline", "--db", str(db), "--format", "json")) == query.timeline(con)
    assert json.loads(_cli("article", "nos-1", "--db", str(db), "--format", "json")) == [query.article(con, "nos-1")]
    assert json.loads(_cli("events", "--db", str(db), "--format", "json", "--type", "ACCUSE",
                           "--country", "DEU")) == query.events(con, type="ACCUSE", country="DEU")


def test_cli_csv_and_table(db, con):
    rows = list(csv.DictReader(io.StringIO(_cli("events", "--db", str(db), "--format", "csv"))))
    assert [r["id"] for r in rows] == _ids(query.events(con))
    assert rows[0]["source.name"] == "Nicolás Maduro" and "place" not in rows[0]
    assert json.loads(rows[0]["mentions"])[0]["article_id"] == "nos-1"
    table = _cli("actors", "--db", str(db))
    assert "Nicolás Maduro" in table and table.splitlines()[1].startswith("--")
    assert "SANCTION" in _cli("timeline", "--db", str(db))
    art = _cli("article", "nos-1", "--db", str(db))
    assert "uitgezet" in art and "Ambassadeur uitgezet" in art


def test_cli_reports_a_missing_database(tmp_path):
    res = CliRunner().invoke(main, ["events", "--db", str(tmp_path / "nope.duckdb")])
    assert res.exit_code != 0 and "kroniek ingest" in res.output


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_tables(db, con, tmp_path, fmt):
    _cli("export", "--db", str(db), "--format", fmt, "-o", str(tmp_path / fmt))
    reader = {"csv": "read_csv_auto", "jsonl": "read_json_auto", "parquet": "read_parquet"}[fmt]
    mem = duckdb.connect()
    for table in export.TABLES:
        path = tmp_path / fmt / f"{table}.{export.TABLE_FORMATS[fmt][0]}"
        n_stored = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        if n_stored:
            assert mem.execute(f"SELECT count(*) FROM {reader}('{path}')").fetchone()[0] == n_stored, table
        else:
            assert path.exists()


def test_export_plover(db, con, tmp_path):
    out = tmp_path / "events.plover.jsonl"
    _cli("export", "--db", str(db), "--format", "plover", "-o", str(out))
    recs = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["event_id"] for r in recs] == _ids(query.events(con))
    s = next(r for r in recs if r["event_type"] == "SANCTION")
    assert s["quad_code"] == 4 and s["quad_class"] == "material_conflict" and s["cooperation"] == "conflict"
    assert s["event_mode"] == "expel" and s["event_intensity"] == -5.5
    assert (s["actor_name"], s["actor_country"], s["recipient_name"], s["recipient_country"]) == (
        "Nicolás Maduro", "VEN", "Daniel Kriener", "DEU")
    assert s["actor_sector"] == "president"
    assert (s["placename"], s["country"]) == ("Caracas", "VEN") and s["latitude"] == pytest.approx(10.488)
    assert s["story_ids"] == ["ad-7", "nos-1"] and s["story_date"] == "2019-03-07"
    assert "uitgezet" in s["event_text"] and s["event_date"] == "2019-03-06"


def test_plover_types_cover_the_ontology():
    types = query.plover_types()
    assert len(types) == 16
    coop = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
    assert {t for t, v in types.items() if v["side"] == "cooperation"} == coop
    assert {v["quad_code"] for v in types.values()} == {1, 2, 3, 4}
    assert types["ASSAULT"]["quad_class"] == "material_conflict" and types["ACCUSE"]["quad_code"] == 3
