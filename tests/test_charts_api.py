"""/api/facets and /api/series over real HTTP on the 200-article volume store.

Every facet count must equal the number of events /api/events returns for that choice
(with the other filters kept), so the numbers next to the page's dropdowns are true.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from volume_store import VOLUME_FACTS

from kroniek.query_charts import dense_range


def get(base: str, path: str, **params):
    url = f"{base}{path}?{urllib.parse.urlencode(params)}"
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)


def n_events(base: str, **filters) -> int:
    total, offset = 0, 0
    while offset is not None:
        status, page = get(base, "/api/events", limit=1000, offset=offset, **filters)
        assert status == 200, page
        total += len(page["items"])
        offset = page["next_offset"]
    return total


def test_facet_counts_equal_the_event_lists(volume_url):
    status, f = get(volume_url, "/api/facets", top=5)
    assert status == 200
    assert f["total"] == n_events(volume_url) > 200
    assert len(f["types"]) == 5 and f["types"] == sorted(f["types"], key=lambda r: (-r["n"], r["value"]))
    for r in f["types"][:3]:
        assert r["n"] == n_events(volume_url, type=r["value"])
    for r in f["actors"][:2]:
        assert r["label"] and r["n"] == n_events(volume_url, actor=r["value"])
    for r in f["countries"][:2]:
        assert r["n"] == n_events(volume_url, country=r["value"])
    assert sum(r["n"] for r in f["months"]) == f["total"] - n_undated(volume_url)
    month = f["months"][1]["value"]
    # a facet leaves out its own filter, keeps the others
    status, g = get(volume_url, "/api/facets", type=f["types"][0]["value"], since=f"{month}-01", until=f"{month}-28")
    assert status == 200, g
    assert g["total"] == n_events(volume_url, type=f["types"][0]["value"], since=f"{month}-01", until=f"{month}-28")
    assert {r["value"]: r["n"] for r in g["types"]}.get(f["types"][1]["value"], 0) == \
        n_events(volume_url, type=f["types"][1]["value"], since=f"{month}-01", until=f"{month}-28")
    assert [r["value"] for r in g["months"]] == [r["value"] for r in get(
        volume_url, "/api/facets", type=f["types"][0]["value"])[1]["months"]]


def n_undated(base: str) -> int:
    return get(base, "/api/series")[1]["undated"]


def test_series_by_type_actor_and_week_add_up(volume_url):
    _, by_type = get(volume_url, "/api/series", by="type", interval="week")
    total = n_events(volume_url) - by_type["undated"]
    assert sum(r["n"] for r in by_type["items"]) == total
    assert all(r["period"] >= "1000" for r in by_type["items"])
    assert sum(d["n"] for d in by_type["days"]) == total
    _, by_actor = get(volume_url, "/api/series", by="actor", top=3)
    top = by_actor["keys"][0]
    assert len(by_actor["keys"]) == 3 and top["label"]
    assert sum(r["n"] for r in by_actor["items"] if r["key"] == top["key"]) == \
        n_events(volume_url, actor=top["key"]) - get(volume_url, "/api/series", actor=top["key"])[1]["undated"]
    _, by_quad = get(volume_url, "/api/series", by="quad", interval="month")
    assert {k["key"] for k in by_quad["keys"]} <= {"cooperation", "conflict", "other"}
    assert sum(r["n"] for r in by_quad["items"]) == total


def test_stray_dates_are_outside_the_dense_range(volume_url):
    _, s = get(volume_url, "/api/series")
    assert sorted({d["date"] for d in s["stray"]}) == sorted(set(VOLUME_FACTS["stray_dates"]))
    lo, hi = VOLUME_FACTS["dense_range"]  # publication dates; a weekday may point a few days before them
    assert "2018-12-15" <= s["dense"]["since"] <= lo < s["dense"]["until"] <= hi


def test_dense_range_keeps_comparable_clusters():
    days = [{"date": "2019-03-01", "n": 10}, {"date": "2019-03-05", "n": 5}, {"date": "2014-01-01", "n": 1}]
    assert dense_range(days) == ({"since": "2019-03-01", "until": "2019-03-05"}, [{"date": "2014-01-01", "n": 1}], [])
    both = [{"date": "2018-01-01", "n": 8}, {"date": "2019-01-01", "n": 10}]
    assert dense_range(both) == ({"since": "2018-01-01", "until": "2019-01-01"}, [], [])
    assert dense_range([]) == ({"since": None, "until": None}, [], [])


def test_dense_range_trims_sparse_tails_only():
    bulk = [{"date": f"2019-03-{d:02d}", "n": 50} for d in range(1, 31)]  # 1,500 events in March
    sparse = [{"date": "2018-12-20", "n": 3}, {"date": "2019-01-30", "n": 4}, {"date": "2019-05-10", "n": 2}]
    dense, stray, tails = dense_range(bulk + sparse)
    assert dense == {"since": "2019-03-01", "until": "2019-03-30"} and stray == []
    assert tails == [{"side": "before", "since": "2018-12-20", "until": "2019-01-30", "n": 7},
                     {"side": "after", "since": "2019-05-10", "until": "2019-05-10", "n": 2}]
    # evenly spread events: a trimmed day or two would be no gain, nothing is trimmed
    even = [{"date": f"2019-03-{d:02d}", "n": 3} for d in range(1, 31)]
    assert dense_range(even)[0] == {"since": "2019-03-01", "until": "2019-03-30"} and dense_range(even)[2] == []


@pytest.mark.parametrize("path,params,field", [
    ("/api/facets", {"since": "2019-13-01"}, "since"),
    ("/api/facets", {"facet": "colours"}, "facet"),
    ("/api/facets", {"top": "0"}, "top"),
    ("/api/series", {"by": "colour"}, "by"),
    ("/api/series", {"interval": "year"}, "interval"),
])
def test_bad_values_are_422_naming_the_field(volume_url, path, params, field):
    status, body = get(volume_url, path, **params)
    assert status == 422 and field in json.dumps(body["detail"])
