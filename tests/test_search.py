"""Full-text search (kroniek.search): the query language, the index on a real DuckDB file, the
HTTP route on 127.0.0.1 and the CLI, over the 200+-article volume store."""
from __future__ import annotations

import shutil
import unicodedata

import duckdb
import httpx
import pytest
from click.testing import CliRunner
from volume_store import VOLUME_FACTS

from kroniek import store
from kroniek.cli import main
from kroniek.search import QueryError, ensure_index, parse, search
from kroniek.search.parse import describe
from kroniek.search.text import fold


@pytest.fixture(scope="module")
def db(volume_store, tmp_path_factory):
    """A copy of the volume store with its index built (the shared file is left alone)."""
    path = tmp_path_factory.mktemp("search") / "search.duckdb"
    shutil.copy(volume_store, path)
    con = store.connect(path)
    assert ensure_index(con) == VOLUME_FACTS["articles"]
    con.close()
    return path


@pytest.fixture()
def con(db):
    c = duckdb.connect(str(db), read_only=True)
    yield c
    c.close()


def test_parse_booleans_phrases_and_errors():
    assert describe(parse('Oekraïne OR "brexit deal" -Rusland')) == '(oekraine OR ("brexit deal" AND NOT rusland))'
    assert describe(parse("(a OR b) AND NOT c")) == "((a OR b) AND NOT c)"
    assert describe(parse("covid-19")) == '"covid 19"'
    for bad in ["", "   ", "-rusland", "NOT", "(a", "a)", "!!!", "x" * 501]:
        with pytest.raises(QueryError):
            parse(bad)


def test_fold():
    assert fold("Oekraïne") == fold("oekraine") == "oekraine"
    assert fold("Guaidó") == "guaido"


def test_phrase_counts_quotes_and_marks_the_hit(con):
    r = search(con, '"brexit deal"', kind="quote", limit=100)
    assert r["total"] == VOLUME_FACTS["brexit_deal_quotes"] > 0
    assert r["totals"]["quote"] == r["total"] and set(r["totals"]) == {"article", "quote", "event"}
    for item in r["items"]:
        text = item["snippet"]["text"]
        marked = [text[s:e] for s, e in item["snippet"]["highlights"]]
        assert any(fold(m) == "brexit deal" for m in marked), (text, marked)
        assert item["id"].split("/q")[0] == item["article_id"]


def test_accents_case_and_stems_fold(con):
    a = search(con, "Oekraine", limit=5)
    b = search(con, "OEKRAÏNE", limit=5)
    assert a["totals"] == b["totals"] and a["total"] > 0
    # a Dutch plural finds its singular through the Snowball stem
    assert search(con, "sancties", kind="event")["total"] == search(con, "sanctie", kind="event")["total"] > 0


def test_boolean_operators_are_set_operations(con):
    def n(q, kind="article"):
        return search(con, q, kind=kind, limit=1)["total"]

    ru, uk = n("Rusland"), n("Oekraïne")
    both = n("Rusland Oekraïne")
    assert 0 < both < min(ru, uk)
    assert n("Rusland AND Oekraïne") == both
    assert n("Rusland OR Oekraïne") == ru + uk - both
    assert n("Rusland -Oekraïne") == n("Rusland NOT Oekraïne") == ru - both


def test_totals_paging_and_sort(con):
    first = search(con, "brexit", limit=7)
    assert first["total"] == sum(first["totals"].values()) > 7
    seen, offset = [], 0
    while offset is not None:
        page = search(con, "brexit", limit=7, offset=offset)
        seen += [(i["kind"], i["id"]) for i in page["items"]]
        offset = page["next_offset"]
    assert len(seen) == len(set(seen)) == first["total"]
    scores = [i["score"] for i in search(con, "brexit", kind="quote", limit=50)["items"]]
    assert scores == sorted(scores, reverse=True)
    dates = [i["date"] for i in search(con, "brexit", kind="quote", sort="date", limit=50)["items"]]
    assert dates == sorted(dates)
    newest = [i["date"] for i in search(con, "brexit", kind="quote", sort="-date", limit=50)["items"]]
    assert newest == sorted(newest, reverse=True)


def test_index_follows_an_ingest(db, tmp_path):
    """A new article is searchable once ingest returns; its content hash keys the postings."""
    from store_fake_analyzer import fake_analyze

    from kroniek.ingest import ingest

    path = tmp_path / "grow.duckdb"
    shutil.copy(db, path)
    src = tmp_path / "new.jsonl"
    src.write_text('{"id": "new-1", "title": "Zeldzaam", "text": "De Zwitserse kaasmakers staakten in Gruyères. '
                   'Dat is uitzonderlijk.", "published_at": "2019-05-01"}\n', encoding="utf8")
    con = store.connect(path)
    assert search(con, "gruyeres")["total"] == 0
    ingest(con, [src], analyzer=lambda items: (fake_analyze(a) for a in items), progress=False)
    r = search(con, "gruyeres kaasmakers", kind="article")
    assert [i["id"] for i in r["items"]] == ["new-1"]
    s = r["items"][0]["snippet"]
    assert s["sentence"] == 0 and [s["text"][a:b] for a, b in s["highlights"]] == ["kaasmakers", "Gruyères"]
    con.close()


def test_api_search_over_http(volume_url):
    r = httpx.get(f"{volume_url}/api/search", params={"q": '"brexit deal"', "kind": "quote", "limit": 100})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == VOLUME_FACTS["brexit_deal_quotes"] == len(body["items"])
    for q, field in [({"q": ""}, "q"), ({"q": "brexit", "kind": "tweet"}, "kind"),
                     ({"q": "brexit", "sort": "best"}, "sort"), ({"q": "(brexit"}, "q"),
                     ({"q": "-brexit"}, "q"), ({"q": "brexit", "since": "2019-13-01"}, "since"),
                     ({"q": "brexit", "limit": 0}, "limit")]:
        r = httpx.get(f"{volume_url}/api/search", params=q)
        assert r.status_code == 422, (q, r.text)
        assert field in r.text


def test_cli_search(db):
    runner = CliRunner()
    r = runner.invoke(main, ["search", '"brexit deal"', "--kind", "quote", "--db", str(db), "--limit", "3"])
    assert r.exit_code == 0, r.output
    assert "**brexit deal**" in unicodedata.normalize("NFC", r.stdout).lower()
    r = runner.invoke(main, ["search", "(brexit", "--db", str(db)])
    assert r.exit_code == 2 and "Traceback" not in r.output and "not closed" in r.output
    r = runner.invoke(main, ["search", "brexit", "--kind", "tweet", "--db", str(db)])
    assert r.exit_code == 2
    r = runner.invoke(main, ["search", "brexit", "--format", "json", "--db", str(db), "--limit", "2"])
    assert r.exit_code == 0 and '"total"' in r.stdout
