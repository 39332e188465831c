"""Bad requests get a 422 that names the field, never a 500; ids with '/' are reachable; text filters
treat % and _ as text; every status a route can answer is in the OpenAPI document. Real HTTP on 127.0.0.1."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from kroniek import store
from kroniek.document import Article
from store_fake_analyzer import fake_analyze
from test_api_fixture import build_db, serve

URL_ID = "https://example.org/nieuws/2024/03/protest"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = build_db(tmp_path_factory.mktemp("api-errors") / "fixture.duckdb")
    con = store.connect(db)
    store.write_analysis(con, fake_analyze(Article(id=URL_ID, text="Duizenden mensen demonstreerden in Caracas. "
                                                   "Korting van 50% voor iedereen.", published_at="2024-03-02")),
                         origin="test")
    con.close()
    with serve(db) as base, httpx.Client(base_url=base, timeout=30) as c:
        yield c


@pytest.mark.parametrize("path", ["/api/events", "/api/articles", "/api/timeline", "/api/network", "/api/places"])
@pytest.mark.parametrize("bad", ["0000-00-00", "2019-13-45", "2019-02-30", "0019-03-05"])
def test_a_date_that_is_no_date_is_a_422_naming_the_field(client, path, bad):
    for field in ("since", "until"):
        r = client.get(path, params={field: bad})
        assert r.status_code == 422, (path, field, bad, r.text)
        assert any(field in err["loc"] for err in r.json()["detail"]), r.text
    assert client.get(path, params={"since": "2024-02-29"}).status_code == 200


@pytest.mark.parametrize("params", [{"offset": "9223372036854775808"}, {"offset": "-1"}, {"limit": "0"},
                                    {"limit": "100000"}, {"offset": "1e3"}])
def test_paging_out_of_bounds_is_a_422(client, params):
    for path in ("/api/events", "/api/quotes", "/api/actors", "/api/articles"):
        r = client.get(path, params=params)
        assert r.status_code == 422, (path, params, r.text)
    assert client.get("/api/network", params={"min_events": "9223372036854775808"}).status_code == 422


def test_an_article_whose_id_has_slashes_is_reachable(client):
    for path in (f"/api/articles/{quote(URL_ID, safe='')}", f"/api/articles/{URL_ID}"):
        r = client.get(path)
        assert r.status_code == 200, (path, r.text)
        assert r.json()["id"] == URL_ID
    assert client.get("/api/articles/no/such/article").status_code == 404


def test_percent_and_underscore_in_text_filters_are_text(client):
    everything = client.get("/api/articles").json()["items"]
    literal = client.get("/api/articles", params={"contains": "%"}).json()["items"]
    assert len(everything) > len(literal) == 1 and literal[0]["id"] == URL_ID
    # unescaped, 'a_n' would match 'aan', 'ain', ... in every article
    assert client.get("/api/articles", params={"contains": "a_n"}).json()["items"] == []
    assert client.get("/api/quotes", params={"contains": "%_%"}).json()["items"] == []


def test_every_status_a_route_answers_is_documented(client):
    spec = client.get("/openapi.json").json()
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            codes = set(op["responses"])
            assert codes & {"200", "202"}, (path, method)  # 202: an ingest job accepted
            if path.startswith("/api/"):
                assert {"500", "503"} <= codes, (path, method, codes)
            if op.get("parameters") or op.get("requestBody"):
                assert "422" in codes, (path, method, codes)
    assert "404" in spec["paths"]["/api/articles/{article_id}"]["get"]["responses"]
