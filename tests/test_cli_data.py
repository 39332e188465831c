"""The CLI's data commands on a volume store: fixed CSV columns, ``articles``, ``export`` that never
overwrites silently and writes readable tables, unknown types and countries, the ingest summary."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from volume_store import build_volume_db

from kroniek import query, store
from kroniek.cli import csv_columns, main

SAMPLES = __import__("pathlib").Path(__file__).resolve().parents[1] / "samples" / "articles.jsonl"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return str(build_volume_db(tmp_path_factory.mktemp("cli-data") / "v.duckdb"))


def run(*args, code: int = 0):
    res = CliRunner().invoke(main, list(args))
    assert res.exit_code == code, res.output
    assert "Traceback" not in res.output
    return res


def test_events_csv_columns_do_not_depend_on_the_rows(db):
    some = run("events", "--db", db, "--format", "csv", "--type", "AGREE", "--limit", "5").stdout
    placed = run("events", "--db", db, "--format", "csv", "--place", "Caracas", "--limit", "5").stdout
    none = run("events", "--db", db, "--format", "csv", "--article", "no-such-article").stdout
    header = ",".join(csv_columns.EVENTS)
    assert some.splitlines()[0] == placed.splitlines()[0] == none.strip() == header
    rows = list(csv.DictReader(io.StringIO(placed)))
    assert len(rows) == 5 and all(r["place.name"] == "Caracas" for r in rows)


@pytest.mark.parametrize("args,hint", [
    (["events", "--type", "AGGREE"], "did you mean AGREE"),
    (["events", "--country", "Netherlands"], "NLD (Netherlands)"),
    (["timeline", "--type", "protst"], "PROTEST"),
    (["actors", "--country", "Oekraïne"], "UKR (Ukraine)"),
])
def test_unknown_types_and_countries_suggest_the_closest(db, args, hint):
    res = run(*args, "--db", db, code=2)
    assert hint in res.output and "Error: Invalid value for '--" in res.output


def test_articles_lists_filters_and_pages(db):
    con = store.connect(db, read_only=True)
    try:
        everything = json.loads(run("articles", "--db", db, "--format", "json", "--limit", "1000").stdout)
        assert everything == query.articles(con, limit=1000) and len(everything) >= 200
        march = json.loads(run("articles", "--db", db, "--format", "json", "--since", "2019-03-01",
                               "--until", "2019-03-31", "--contains", "brexit", "--limit", "1000").stdout)
        assert march == query.articles(con, since="2019-03-01", until="2019-03-31", contains="brexit", limit=1000)
        assert march and all("2019-03-01" <= a["published_at"][:10] <= "2019-03-31" for a in march)
        page2 = json.loads(run("articles", "--db", db, "--format", "json", "--limit", "7", "--offset", "7").stdout)
        assert [a["id"] for a in page2] == [a["id"] for a in everything[7:14]]
    finally:
        con.close()
    header = run("articles", "--db", db, "--format", "csv", "--contains", "zzzz-nothing").stdout.strip()
    assert header == ",".join(csv_columns.ARTICLES)
    assert "vol-" in run("articles", "--db", db, "--limit", "3").stdout
    run("articles", "--db", db, "--since", "2019-13-01", code=2)


def test_export_refuses_to_overwrite_and_writes_readable_tables(db, tmp_path):
    out = tmp_path / "export"
    run("export", "--db", db, "--format", "csv", "-o", str(out))
    res = run("export", "--db", db, "--format", "csv", "-o", str(out), code=2)
    assert len(res.output.strip().splitlines()) == 1 and "--force" in res.output
    run("export", "--db", db, "--format", "csv", "-o", str(out), "--force")
    plover = tmp_path / "p.jsonl"
    run("export", "--db", db, "--format", "plover", "-o", str(plover))
    run("export", "--db", db, "--format", "plover", "-o", str(plover), code=2)
    events = list(csv.DictReader(open(out / "events_readable.csv", encoding="utf8")))
    raw = list(csv.DictReader(open(out / "event_mentions.csv", encoding="utf8")))
    assert len(events) == len(raw)  # one row per mention (all articles are current here)
    eu = [e for e in events if e["source_name"] == "European Union" and e["target_name"] == "Netherlands"]
    assert eu and all(e["type"] and e["date"] and e["sentence"] and e["source_id"].startswith("act-") for e in eu)
    quotes = list(csv.DictReader(open(out / "quotes_readable.csv", encoding="utf8")))
    baudet = [q for q in quotes if q["speaker_name"] == "Thierry Baudet" and "brexit" in q["quote"]]
    assert baudet and all(q["quote"] in q["sentence"] for q in baudet)
    actors = list(csv.DictReader(open(out / "actors_readable.csv", encoding="utf8")))
    ukr = next(a for a in actors if a["name"] == "Ukraine")
    assert "Oekraïne" in ukr["aliases"] and int(ukr["n_events"]) > 0


def test_ingest_counts_duplicates_and_fails_on_a_bad_input(tmp_path, monkeypatch):
    from store_fake_analyzer import fake_many

    from kroniek import ingest

    monkeypatch.setattr(ingest, "_default_analyzer", fake_many)
    monkeypatch.setattr(ingest, "check_models", lambda langs: None)
    lines = SAMPLES.read_text(encoding="utf8").splitlines()
    copies = [json.dumps({**json.loads(line), "id": "copy-" + json.loads(line)["id"]}) for line in lines]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines + copies) + "\n", encoding="utf8")
    db = str(tmp_path / "new.duckdb")
    res = run("ingest", "--db", db, "--no-progress", str(src))
    assert f"{len(lines)} duplicates" in res.stdout and "0 unchanged" in res.stdout
    res = run("ingest", "--db", db, "--no-progress", str(src), str(tmp_path / "missing.jsonl"), code=1)
    assert "missing.jsonl" in res.output and "1 errors" in res.output
