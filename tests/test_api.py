"""The HTTP API over real HTTP: uvicorn on a free 127.0.0.1 port, a fixture store."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from kroniek import query, store
from kroniek.lang import get_pack
from test_api_fixture import ARTICLES, XSS_IMG, build_db, free_port, serve

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_db(tmp_path_factory.mktemp("api") / "fixture.duckdb")


@pytest.fixture(scope="module")
def client(db):
    with serve(db) as base, httpx.Client(base_url=base, timeout=30) as c:
        yield c


def all_pages(client, path: str, **params) -> list[dict]:
    """Follow next_offset to the end; the pages must tile the whole result."""
    items, offset = [], 0
    while offset is not None:
        r = client.get(path, params={**params, "limit": 2, "offset": offset})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["offset"] == offset and body["limit"] == 2 and len(body["items"]) <= 2
        items += body["items"]
        offset = body["next_offset"]
    return items


def test_binds_loopback_and_serves_openapi(client):
    assert str(client.base_url).startswith("http://127.0.0.1:")
    spec = client.get("/openapi.json").json()
    for path in ["/api/events", "/api/quotes", "/api/actors", "/api/articles", "/api/articles/{article_id}",
                 "/api/timeline", "/api/network", "/api/places", "/analyze"]:
        assert path in spec["paths"], path
    assert "post" in spec["paths"]["/analyze"]
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"actor", "source", "target", "type", "since", "until", "place", "country", "article",
            "limit", "offset"} <= params


def test_events_match_the_query_layer(client, db):
    """The API shows exactly what kroniek.query returns (the CLI shows the same)."""
    con = store.connect(db)  # the in-process server may hold it already: same configuration, same database
    try:
        expected = query.events(con, limit=1000)
        expected_network = query.network(con)
    finally:
        con.close()
    assert len(expected) == 7
    assert all_pages(client, "/api/events") == expected
    assert client.get("/api/network").json() == expected_network


@pytest.mark.parametrize("params, types", [
    ({"type": "ASSAULT"}, {"ASSAULT"}),
    ({"actor": "Russia"}, {"ASSAULT", "SANCTION", "REJECT"}),
    ({"source": "Netherlands", "target": "Ukraine"}, {"AID"}),
    ({"country": "VEN"}, {"PROTEST", "COERCE"}),
    ({"place": "Caracas"}, {"PROTEST", "COERCE"}),
    ({"article": "t-graan"}, {"AGREE", "AID", "REJECT"}),
    ({"since": "2024-03-02", "until": "2024-03-02"}, {"AGREE", "AID", "REJECT"}),
])
def test_event_filters(client, params, types):
    items = client.get("/api/events", params=params).json()["items"]
    assert {e["type"] for e in items} == types


def test_event_mentions_point_at_their_sentence(client):
    by_id = {a["id"]: a for a in ARTICLES}
    for ev in client.get("/api/events").json()["items"]:
        assert ev["quad_class"] in ("cooperation", "conflict")
        for m in ev["mentions"]:
            text = by_id[m["article_id"]]["text"]
            assert text[m["start"]:m["end"]] == m["text"]
            assert m["text"] in m["sentence_text"] and m["sentence_text"] in text
            article = client.get(f"/api/articles/{m['article_id']}").json()
            s = article["sentences"][m["sentence"]]
            assert text[s["start"]:s["end"]] == m["sentence_text"]


def test_parallel_requests_each_get_their_own_connection(client):
    paths = ["/api/events", "/api/articles/t-odesa", "/api/network", "/api/quotes", "/api/timeline"] * 4
    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(lambda p: client.get(p).status_code, paths))
    assert codes == [200] * len(paths)


def test_bad_parameters_are_rejected(client):
    assert client.get("/api/events", params={"limit": 0}).status_code == 422
    assert client.get("/api/events", params={"limit": 100000}).status_code == 422
    assert client.get("/api/events", params={"offset": -1}).status_code == 422
    assert client.get("/api/events", params={"since": "yesterday"}).status_code == 422
    assert client.get("/api/events", params={"since": "2024-01-01'; DROP TABLE events;--"}).status_code == 422
    # a hostile filter value is data, not SQL
    # (a name that fits no actor is a 422 listing no candidates, not a query that matches everything)
    r = client.get("/api/events", params={"actor": "x' OR 1=1 --"})
    assert r.status_code == 422 and r.json()["detail"][0]["candidates"] == []


def test_quotes_by_speaker(client):
    items = all_pages(client, "/api/quotes")
    assert len(items) == 3
    rows = client.get("/api/quotes", params={"speaker": "President of Ukraine"}).json()["items"]
    assert [q["text"] for q in rows] == ["Dit is een oorlogsmisdaad"]
    q = rows[0]
    assert q["article_id"] == "t-odesa" and q["sentence"] == 2 and q["text"] in q["sentence_text"]
    assert client.get("/api/quotes", params={"contains": "kant van"}).json()["items"][0]["article_id"] == "t-graan"
    # markup in a quote comes back verbatim; escaping is the page's job
    assert client.get("/api/quotes", params={"article": "t-xss"}).json()["items"][0]["text"] == XSS_IMG


def test_actors_articles_timeline_places(client):
    actors = all_pages(client, "/api/actors")
    assert {"Russia", "Ukraine", "European Union"} <= {a["name"] for a in actors}
    dutch = client.get("/api/actors", params={"country": "NLD"}).json()["items"]
    assert {a["name"] for a in dutch} == {"Netherlands", "Prime Minister of the Netherlands"}
    arts = all_pages(client, "/api/articles")
    assert [a["id"] for a in arts] == ["t-odesa", "t-graan", "t-xss"]
    assert [a["id"] for a in client.get("/api/articles", params={"contains": "graan"}).json()["items"]] == ["t-graan"]
    days = client.get("/api/timeline").json()["items"]
    assert [d["date"] for d in days] == ["2024-02-29", "2024-03-01", "2024-03-02", "2024-03-03"]
    assert sum(d["n_events"] for d in days) == 7 and sum(d["n_cooperative"] for d in days) == 2
    assert [d["n_events"] for d in client.get("/api/timeline", params={"country": "VEN"}).json()["items"]] == [2]
    places = {p["name"]: p for p in client.get("/api/places").json()["items"]}
    assert set(places) == {"Odesa", "Istanbul", "Caracas"} and places["Caracas"]["n_events"] == 2
    # each place's cooperative/conflictual counts cover all its events (the map colours by them)
    types = {e["id"]: e["type"] for e in all_pages(client, "/api/events")}
    for p in places.values():
        sides = [query.quad(types[i]).get("side") for i in p["event_ids"]]
        assert p["n_cooperative"] == sides.count("cooperation") and p["n_conflictual"] == sides.count("conflict")
    assert sum(p["n_cooperative"] + p["n_conflictual"] for p in places.values()) > 0


def test_article_and_missing_article(client):
    a = client.get("/api/articles/t-odesa").json()
    assert a["title"] == ARTICLES[0]["title"] and len(a["event_ids"]) == len(a["events"]) == 2
    for layer in ("entities", "quotes", "timexes", "places", "events"):
        for item in a[layer]:
            assert a["text"][item["start"]:item["end"]] == item["text"]
    r = client.get("/api/articles/does-not-exist")
    assert r.status_code == 404 and r.json()["detail"] == "no such article"


def test_page_and_headers(client):
    r = client.get("/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert r.headers["x-content-type-options"] == "nosniff"
    for path in ["/static/js/app.js", "/static/style.css", "/static/vendor/world-atlas/countries-110m.json",
                 "/static/vendor/topojson-client/topojson-client.min.js"]:
        assert client.get(path).status_code == 200, path
    assert client.get("/static/../api.py").status_code == 404


def test_vendored_files_have_licences():
    vendor = ROOT / "src" / "kroniek" / "web" / "vendor"
    libs = [p for p in vendor.iterdir() if p.is_dir()]
    assert libs
    for lib in libs:
        assert (lib / "LICENSE").is_file() and (lib / "package.json").is_file(), lib.name
    size = sum(p.stat().st_size for p in vendor.rglob("*") if p.is_file())
    # d3 + Observable Plot + sigma/graphology (about 0.9 MB) load only on the views that draw charts
    assert size < 1_400_000


def test_missing_database_is_created_and_an_unopenable_one_is_503(tmp_path):
    """The server owns its store: a missing file is created empty; one it cannot open is a 503."""
    with serve(tmp_path / "absent.duckdb") as base:
        r = httpx.get(f"{base}/api/events", timeout=10)
        assert r.status_code == 200 and r.json()["items"] == []
        assert (tmp_path / "absent.duckdb").exists()
    with serve(tmp_path / "no-such-folder" / "x.duckdb") as base:
        r = httpx.get(f"{base}/api/events", timeout=10)
        assert r.status_code == 503 and "cannot open x.duckdb" in r.json()["detail"]
        assert httpx.get(f"{base}/", timeout=10).status_code == 200


def test_analyze_validates_before_loading_a_model(client):
    assert client.post("/analyze", json={"text": ""}).status_code == 422
    assert client.post("/analyze", json={"text": "x", "unknown": 1}).status_code == 422
    assert client.post("/analyze", json={"text": "x", "published_at": "gisteren"}).status_code == 422
    r = client.post("/analyze", json={"text": "Hallo.", "lang": "xx"})
    assert r.status_code == 422 and "unsupported language" in r.json()["detail"]


@pytest.mark.skipif(not (get_pack("nl").model_path / "meta.json").exists(),
                    reason="trained model models/nl_kroniek not present")
def test_analyze_with_the_model(client):
    text = "Rusland heeft donderdag de Oekraïense havenstad Odesa aangevallen, meldde het leger in Kyiv."
    r = client.post("/analyze", json={"text": text, "title": "Aanval", "published_at": "2024-03-01"})
    assert r.status_code == 200, r.text
    a = r.json()
    assert a["text"] == text and a["title"] == "Aanval" and a["id"].startswith("adhoc-")
    assert a["sentences"] and a["entities"]
    for layer in ("entities", "quotes", "timexes", "places", "events"):
        for item in a[layer]:
            assert text[item["start"]:item["end"]] == item["text"]
            assert 0 <= item["confidence"] <= 1 and item["reason"]


def test_serve_command_over_a_subprocess(db, tmp_path):
    """`kroniek serve` as a user starts it: default host, given port, JSON back; it announces itself as
    the store's owner next to the file while it runs."""
    import shutil

    from click.testing import CliRunner

    from kroniek.cli import main
    from kroniek.server import discovery

    db = Path(shutil.copy(db, tmp_path / "served.duckdb"))  # the module's in-process server owns the original

    help_text = CliRunner().invoke(main, ["serve", "--help"]).output
    assert "--db" in help_text and "127.0.0.1" in help_text and "8000" in help_text
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "kroniek", "serve", "--db", str(db), "--port", str(port),
                             "--log-level", "warning"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/meta", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read().decode()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["counts"]["articles"] == 3
        # the server owns the file: it says so next to it, for `kroniek ingest --db` to hand its work over
        assert discovery.find_server(db) == f"http://127.0.0.1:{port}"
        assert httpx.get(f"http://127.0.0.1:{port}/api/events", timeout=5).status_code == 200
    finally:
        proc.terminate()
        proc.wait(10)
    assert not discovery.discovery_path(db).exists()
