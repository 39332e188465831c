"""Downloads (``?format=csv|json`` on the read routes) and the closed vocabularies, over real HTTP
on the volume store: a download holds exactly the rows of the same request, with fixed columns."""
from __future__ import annotations

import csv
import io

import httpx
import pytest

from kroniek.server.downloads import ACTOR_COLUMNS, ARTICLE_COLUMNS, EVENT_COLUMNS, QUOTE_COLUMNS

LISTS = [
    ("/api/events", {"type": "AGREE,SANCTION", "since": "2019-03-01", "until": "2019-03-31", "limit": 40},
     EVENT_COLUMNS),
    ("/api/quotes", {"contains": "brexit deal", "limit": 30, "offset": 5}, QUOTE_COLUMNS),
    ("/api/actors", {"country": "ven", "limit": 10}, ACTOR_COLUMNS),
    ("/api/articles", {"since": "2019-02-01", "until": "2019-02-10", "limit": 100}, ARTICLE_COLUMNS),
]


def _get(base, path, **params):
    return httpx.get(base + path, params=params, timeout=20)


@pytest.mark.parametrize("path,params,columns", LISTS, ids=[p for p, _, _ in LISTS])
def test_download_equals_the_list(volume_url, path, params, columns):
    items = _get(volume_url, path, **params).json()["items"]
    assert items, "the filter should match something in the volume store"
    r_csv = _get(volume_url, path, **params, format="csv")
    r_json = _get(volume_url, path, **params, format="json")
    assert r_csv.status_code == r_json.status_code == 200
    assert r_csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in r_csv.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r_csv.text)))
    assert list(rows[0]) == list(columns)
    assert [r["id"] for r in rows] == [i["id"] for i in items]
    assert [r["id"] for r in r_json.json()] == [i["id"] for i in items]
    assert list(r_json.json()[0]) == list(columns)


def test_event_download_has_names_next_to_ids_and_the_sentence(volume_url):
    params = {"type": "CONSULT", "limit": 5}
    items = _get(volume_url, "/api/events", **params).json()["items"]
    rows = _get(volume_url, "/api/events", **params, format="json").json()
    for item, row in zip(items, rows):
        assert row["source_id"] == (item["source"] or {}).get("id")
        assert row["source_name"] == (item["source"] or {}).get("name")
        assert row["target_name"] == (item["target"] or {}).get("name")
        assert row["sentence_text"] == item["mentions"][0]["sentence_text"]


def test_columns_are_stable_when_nothing_matches(volume_url):
    full = _get(volume_url, "/api/events", limit=3, format="csv").text.splitlines()[0]
    empty = _get(volume_url, "/api/events", article="no-such-article", format="csv").text
    assert empty.strip() == full == ",".join(EVENT_COLUMNS)


def test_network_timeline_and_places_download(volume_url):
    net = _get(volume_url, "/api/network", type="AGREE").json()
    rows = list(csv.DictReader(io.StringIO(_get(volume_url, "/api/network", type="AGREE", format="csv").text)))
    assert len(rows) == len(net["edges"]) > 0
    names = {n["id"]: n["name"] for n in net["nodes"]}
    assert all(r["source_name"] == names[r["source_id"]] for r in rows)
    places = _get(volume_url, "/api/places").json()
    places = places["items"] if isinstance(places, dict) else places
    rows = list(csv.DictReader(io.StringIO(_get(volume_url, "/api/places", format="csv").text)))
    assert [r["name"] for r in rows] == [p["name"] for p in places] and rows
    assert _get(volume_url, "/api/timeline", format="csv").text.startswith("date,n_events,")


def test_bad_format_and_bad_filters_are_422_with_a_hint(volume_url):
    r = _get(volume_url, "/api/events", format="xml")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "format"]
    r = _get(volume_url, "/api/events", type="AGGREE", format="csv")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "type"]
    assert "did you mean AGREE" in r.json()["detail"][0]["msg"]
    r = _get(volume_url, "/api/events", country="Netherlands")
    assert r.status_code == 422 and "NLD (Netherlands)" in r.json()["detail"][0]["msg"]
    for path in ("/api/timeline", "/api/network"):
        assert _get(volume_url, path, type="PROTES").status_code == 422
    assert _get(volume_url, "/api/actors", country="Venezuela").status_code == 422
    assert _get(volume_url, "/api/events", type="agree", country="nld", limit=1).status_code == 200
