"""Issue 14's remaining API and CLI parts, over real HTTP on 127.0.0.1 against the volume store (a real
DuckDB file of 226 articles): actor names resolved to one actor (not substrings), the same resolver as the
CLI; facets and series checking their vocabularies; the actor search with a language; quotes of one
speaker in the full-text search; downloads of the whole filtered view; the network's top-N with totals."""
from __future__ import annotations

import csv
import io
import json
import shutil

import httpx
import pytest
from click.testing import CliRunner

from kroniek import store
from kroniek.cli import main
from kroniek.search import ensure_index
from volume_store import VOLUME_FACTS


def _get(base, path, **params):
    return httpx.get(base + path, params=params, timeout=30)


@pytest.fixture(scope="module")
def ids(volume_url):
    def one(q):
        return _get(volume_url, "/api/actors", q=q, limit=1).json()["items"][0]["id"]
    return {"EU": one("Europese Unie"), "NLD": one("Nederland"), "UKR": one("Oekraïne"), "BAUDET": one("Thierry Baudet")}


@pytest.fixture(scope="module")
def cli_db(volume_store, tmp_path_factory):
    """A copy of the volume store for the CLI (the served copy is held by the server), with its search
    index built: a command of an earlier test may still hold it open read-only in this process."""
    db = tmp_path_factory.mktemp("names-cli") / "volume.duckdb"
    shutil.copyfile(volume_store, db)
    con = store.connect(db)
    ensure_index(con)
    con.close()
    return db


def _all_events(base, **params) -> list[dict]:
    out, offset = [], 0
    while True:
        page = _get(base, "/api/events", **params, limit=1000, offset=offset).json()
        out += page["items"]
        if page["next_offset"] is None:
            return out
        offset = page["next_offset"]


# ------------------------------------------------------------------ names resolve to one actor


def test_a_name_selects_the_one_actor_with_that_name_not_every_substring(volume_url, ids):
    eu = ids["EU"]
    by_name = _get(volume_url, "/api/events", actor="EU", limit=1000).json()
    by_id = _get(volume_url, "/api/events", actor=eu, limit=1000).json()
    assert by_name["total"] == by_id["total"] > 0
    assert [e["id"] for e in by_name["items"]] == [e["id"] for e in by_id["items"]]
    assert all(eu in ((e["source"] or {}).get("id"), (e["target"] or {}).get("id")) for e in by_name["items"])
    # the substring reading ("eu" in "De Europese Commissie", "Europa", ...) would have given more
    assert len(_get(volume_url, "/api/actors", name="eu", limit=100).json()["items"]) > 1
    # accents and case do not matter; an alias selects its actor
    for name in ("oekraine", "OEKRAÏNE"):
        r = _get(volume_url, "/api/events", actor=name, limit=1)
        assert r.status_code == 200 and r.json()["total"] == _get(volume_url, "/api/events", actor=ids["UKR"],
                                                                   limit=1).json()["total"], name


def test_an_ambiguous_or_unknown_name_is_a_422_listing_the_candidates(volume_url):
    for path in ("/api/events", "/api/timeline", "/api/network", "/api/facets", "/api/series"):
        r = _get(volume_url, path, actor="Europ")
        assert r.status_code == 422, (path, r.text)
        err = r.json()["detail"][0]
        assert err["loc"] == ["query", "actor"] and "matches 3 actors" in err["msg"], err
        assert {c["name"] for c in err["candidates"]} == {"European Union", "De Europese Commissie", "Europa"}
        r = _get(volume_url, path, actor="zzz")
        assert r.status_code == 422 and r.json()["detail"][0]["candidates"] == [] and "no actor" in r.text
    for field in ("source", "target"):
        r = _get(volume_url, "/api/events", **{field: "Europ"})
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", field]


def test_an_id_selects_exactly_that_actor(volume_url, ids):
    r = _get(volume_url, "/api/network", actor=ids["NLD"]).json()
    assert r["edges"] and all(ids["NLD"] in (e["source"], e["target"]) for e in r["edges"])


def test_the_dyad_by_names_equals_the_dyad_by_ids_in_the_api_and_the_timeline(volume_url, ids):
    names = dict(source="Nederland", target="Europese Unie", either="true")
    by_ids = dict(source=ids["NLD"], target=ids["EU"], either="true")
    evs = _all_events(volume_url, **names)
    # (the generator's count is of reports; two reports of one event are one event)
    assert 0 < len(evs) <= VOLUME_FACTS["nld_eu_events"] and len(evs) == len(_all_events(volume_url, **by_ids))
    days = _get(volume_url, "/api/timeline", **names).json()["items"]
    assert sum(d["n_events"] for d in days) == len([e for e in evs if e["date"]])
    one_way = _get(volume_url, "/api/timeline", source=ids["NLD"], target=ids["EU"]).json()["items"]
    assert 0 < sum(d["n_events"] for d in one_way) < sum(d["n_events"] for d in days)
    facets = _get(volume_url, "/api/facets", **by_ids, facet="types").json()
    assert facets["total"] == len(evs)


def test_cli_and_api_resolve_a_name_to_the_same_actor(volume_url, cli_db, ids):
    res = CliRunner().invoke(main, ["events", "--db", str(cli_db), "--actor", "oekraine", "--format", "json",
                                    "--limit", "1000"])
    assert res.exit_code == 0, res.output
    assert f"({ids['UKR']}" in res.stderr
    cli_ids = [e["id"] for e in json.loads(res.stdout)]
    api = [e["id"] for e in _get(volume_url, "/api/events", actor="oekraine", limit=1000).json()["items"]]
    assert cli_ids == api
    res = CliRunner().invoke(main, ["timeline", "--db", str(cli_db), "--source", "Nederland", "--target",
                                    "Europese Unie", "--either", "--format", "json"])
    assert res.exit_code == 0, res.output
    days = json.loads(res.stdout)
    assert days == _get(volume_url, "/api/timeline", source="Nederland", target="Europese Unie",
                        either="true").json()["items"]
    res = CliRunner().invoke(main, ["events", "--db", str(cli_db), "--actor", "Europ"])
    assert res.exit_code == 2 and "matches 3 actors" in res.stderr


# ------------------------------------------------------------------ vocabularies, actor search with lang


@pytest.mark.parametrize("path", ["/api/facets", "/api/series"])
def test_facets_and_series_check_types_countries_and_languages(volume_url, path):
    r = _get(volume_url, path, type="AGGREE")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "type"]
    assert "AGREE" in r.json()["detail"][0]["msg"]
    r = _get(volume_url, path, country="Netherlands")
    assert r.status_code == 422 and "NLD" in r.json()["detail"][0]["msg"]
    r = _get(volume_url, path, lang="xx")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "lang"]
    assert _get(volume_url, path, type="agree", country="nld").status_code == 200


def test_actor_search_takes_a_language(volume_url):
    every = _get(volume_url, "/api/actors", q="a").json()
    nl = _get(volume_url, "/api/actors", q="a", lang="nl")
    en = _get(volume_url, "/api/actors", q="a", lang="en")
    assert nl.status_code == en.status_code == 200
    assert nl.json()["total"] == every["total"] > 0  # every article of the volume store is Dutch
    assert en.json()["total"] == 0 and en.json()["items"] == []


# ------------------------------------------------------------------ quotes by one speaker in the search


def test_search_for_quotes_of_one_speaker(volume_url, ids, cli_db):
    r = _get(volume_url, "/api/search", q="brexit", speaker="Baudet", limit=100).json()
    by_id = _get(volume_url, "/api/search", q="brexit", speaker=ids["BAUDET"], limit=100).json()
    assert r == by_id and r["totals"] == {"quote": r["total"]}
    assert r["total"] == len(r["items"]) > 0
    assert all(i["kind"] == "quote" and i["speaker_actor"] == ids["BAUDET"] for i in r["items"])
    every = _get(volume_url, "/api/search", q="brexit", kind="quote", limit=100).json()
    mine = [i["id"] for i in every["items"] if i["speaker_actor"] == ids["BAUDET"]]
    assert sorted(mine) == sorted(i["id"] for i in r["items"]) and len(mine) < every["total"]
    assert _get(volume_url, "/api/search", q="brexit", speaker="Baudet", kind="event").status_code == 422
    assert _get(volume_url, "/api/search", q="brexit", speaker="Europ").status_code == 422
    res = CliRunner().invoke(main, ["search", "brexit", "--db", str(cli_db), "--speaker", "Baudet",
                                    "--format", "json", "--limit", "100"])
    assert res.exit_code == 0, res.output
    assert [i["id"] for i in json.loads(res.stdout)["items"]] == [i["id"] for i in r["items"]]
    assert "Thierry Baudet" in res.stderr


# ------------------------------------------------------------------ downloads of the whole filtered view


@pytest.mark.parametrize("path,params,total_key", [
    ("/api/events", {}, "total"), ("/api/events", {"type": "AGREE,SANCTION", "limit": 7, "offset": 3}, "total"),
    ("/api/quotes", {"contains": "brexit"}, "total"), ("/api/articles", {"since": "2019-02-01"}, "total"),
    ("/api/search", {"q": "brexit"}, "total"),
])
def test_rows_all_downloads_every_row_of_the_filter(volume_url, path, params, total_key):
    first = _get(volume_url, path, **{k: v for k, v in params.items() if k not in ("limit", "offset")},
                 limit=100 if path == "/api/search" else 1000).json()
    ids_all, page = [], first
    while True:
        ids_all += [i["id"] for i in page["items"]]
        if page["next_offset"] is None:
            break
        page = _get(volume_url, path, **{k: v for k, v in params.items() if k not in ("limit", "offset")},
                    limit=100 if path == "/api/search" else 1000, offset=page["next_offset"]).json()
    assert len(ids_all) == first[total_key]
    r_csv = _get(volume_url, path, **params, rows="all", format="csv")
    r_json = _get(volume_url, path, **params, rows="all", format="json")
    assert r_csv.status_code == r_json.status_code == 200 and "attachment" in r_csv.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r_csv.text)))
    assert [r["id"] for r in rows] == ids_all  # the page's own limit/offset are left out
    assert [r["id"] for r in r_json.json()] == ids_all
    if path == "/api/events" and not params:
        assert len(rows) > 200 and rows[0]["source_name"] is not None  # more than the timeline shows


def test_rows_all_keeps_stable_columns_and_refuses_other_values(volume_url):
    empty = _get(volume_url, "/api/events", article="no-such-article", rows="all", format="csv").text
    assert empty.splitlines() == [_get(volume_url, "/api/events", limit=1, format="csv").text.splitlines()[0]]
    assert _get(volume_url, "/api/events", article="no-such-article", rows="all", format="json").json() == []
    r = _get(volume_url, "/api/events", rows="some", format="csv")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "rows"]
    r = _get(volume_url, "/api/events", type="AGGREE", rows="all", format="csv")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "type"]


# ------------------------------------------------------------------ network: top actors, with totals


def test_network_top_keeps_the_strongest_actors_and_says_how_many_there_are(volume_url):
    full = _get(volume_url, "/api/network").json()
    assert full["total"] == {"nodes": len(full["nodes"]), "edges": len(full["edges"])}
    top = _get(volume_url, "/api/network", top=5).json()
    assert top["total"] == full["total"]
    assert 0 < len(top["nodes"]) <= 5 and len(top["edges"]) < len(full["edges"])
    strongest = {n["id"] for n in full["nodes"][:5]}
    kept = {n["id"] for n in top["nodes"]}
    assert kept <= strongest
    assert all(e["source"] in kept and e["target"] in kept for e in top["edges"])
    assert [e for e in full["edges"] if e["source"] in strongest and e["target"] in strongest] == top["edges"]
    assert _get(volume_url, "/api/network", top=0).status_code == 422
