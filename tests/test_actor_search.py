"""Actor search, exact selection, the dyad filter and the actor page: API over real HTTP, CLI, on the
hand-made fixture chronicle (test_api_fixture)."""
from __future__ import annotations

import json

import httpx
import pytest
from click.testing import CliRunner

from kroniek import query, store
from kroniek.cli import main
from test_api_fixture import build_db, serve


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("actors") / "fixture.duckdb")


@pytest.fixture(scope="module")
def cli_db(tmp_path_factory):
    """A store of its own: the served one is held open by the server in this process."""
    return build_db(tmp_path_factory.mktemp("actors-cli") / "fixture.duckdb")


@pytest.fixture(scope="module")
def api(db):
    with serve(db) as base, httpx.Client(base_url=base, timeout=30) as c:
        yield c


@pytest.fixture(scope="module")
def ids(api):
    """Store actor id per English name."""
    return {a["name"]: a["id"] for a in api.get("/api/actors", params={"limit": 100}).json()["items"]}


def test_search_folds_accents_and_case_and_finds_aliases(api, ids):
    for q in ("Oekraine", "OEKRAÏNE", "oekraïne"):
        r = api.get("/api/actors", params={"q": q}).json()
        assert r["items"][0]["id"] == ids["Ukraine"] and r["items"][0]["matched"] == "Oekraïne", q
        assert r["total"] == len(r["items"]) == 1
    # word prefix and substring, best tier first, then by mentions
    r = api.get("/api/actors", params={"q": "venezuela"}).json()
    assert [a["name"] for a in r["items"]][0] == "Venezuelan police"  # its alias 'Venezuela' is exact
    assert {a["name"] for a in r["items"]} == {"Venezuelan police", "Venezuelan protesters"}
    assert api.get("/api/actors", params={"q": "zzz"}).json() == {
        "items": [], "total": 0, "limit": 100, "offset": 0, "next_offset": None}
    # an id finds that actor; the old substring filter still works
    assert [a["id"] for a in api.get("/api/actors", params={"q": ids["Turkey"]}).json()["items"]] == [ids["Turkey"]]
    assert {a["name"] for a in api.get("/api/actors", params={"name": "ukrain"}).json()["items"]} == {
        "Ukraine", "President of Ukraine"}
    assert api.get("/api/actors", params={"q": "x" * 201}).status_code == 422
    # % and _ are text, and punctuation alone matches nothing (not every actor)
    assert [api.get("/api/actors", params={"q": q}).json()["total"] for q in ("%", "_", "-", "%%")] == [0, 0, 0, 0]


def test_dyad_filter_in_one_or_both_directions(api, ids):
    rus, ukr, nld = ids["Russia"], ids["Ukraine"], ids["Netherlands"]

    def types(**p):
        r = api.get("/api/events", params=p)
        assert r.status_code == 200, r.text
        return sorted(e["type"] for e in r.json()["items"])

    assert types(source=rus, target=ukr) == ["ASSAULT"]
    assert types(source=ukr, target=rus) == []
    assert types(source=ukr, target=rus, either="true") == ["ASSAULT"]
    assert types(source=ukr, target=nld, either="true") == ["AID"]
    assert types(source=ukr, either="true") == ["AGREE", "AID", "ASSAULT"]  # one side: either role
    assert api.get("/api/events", params={"source": rus, "either": "maybe"}).status_code == 422


def test_actor_page(api, ids):
    ukr = ids["Ukraine"]
    page = api.get(f"/api/actors/{ukr}", params={"limit": 2}).json()
    assert page["actor"]["name"] == "Ukraine"
    assert "Oekraïne" in {a["alias"] for a in page["aliases"]}
    assert all(a["n_merges"] >= 0 and isinstance(a["rules"], dict) for a in page["aliases"])
    assert {c["name"]: (c["n_as_source"], c["n_as_target"]) for c in page["counterparts"]} == {
        "Russia": (0, 1), "Turkey": (0, 1), "Netherlands": (0, 1)}
    assert sum(c["n_events"] for c in page["type_counts"]) == page["events"]["total"] == 3
    assert {c["month"] for c in page["type_counts"]} == {"2024-02", "2024-03"}
    assert len(page["events"]["items"]) == 2 and page["events"]["next_offset"] == 2
    rest = api.get(f"/api/actors/{ukr}", params={"limit": 2, "events_offset": 2}).json()["events"]
    assert len(rest["items"]) == 1 and rest["next_offset"] is None
    assert page["merges"]["total"] >= 1 and page["merges"]["items"][0]["rule"]
    pm = api.get(f"/api/actors/{ids['Prime Minister of the Netherlands']}").json()
    assert [q["text"] for q in pm["quotes"]["items"]] == ["We staan aan de kant van Oekraïne"]
    assert pm["quotes"]["total"] == 1
    r = api.get("/api/actors/act-nope")
    assert r.status_code == 404 and "act-nope" in r.json()["detail"]
    assert api.get(f"/api/actors/{ukr}", params={"limit": 0}).status_code == 422


def _cli(*args):
    return CliRunner().invoke(main, list(args))


def test_cli_resolves_names_and_says_so(cli_db):
    db = cli_db
    res = _cli("events", "--db", str(db), "--source", "Oekraine", "--target", "rusland", "--either",
               "--format", "json")
    assert res.exit_code == 0, res.output
    assert "--source 'Oekraine' -> Ukraine (act-" in res.stderr and "--target 'rusland' -> Russia" in res.stderr
    con = store.connect(db, read_only=True)
    try:
        ukr = query.actors(con, name="Ukraine", type="state")[0]["id"]
        rus = query.actors(con, name="Russia")[0]["id"]
        assert json.loads(res.stdout) == query.events(con, source=ukr, target=rus, either=True)
    finally:
        con.close()
    assert [e["type"] for e in json.loads(res.stdout)] == ["ASSAULT"]
    res = _cli("timeline", "--db", str(db), "--actor", "nederland", "--format", "json")
    assert res.exit_code == 0 and "-> Netherlands" in res.stderr
    assert [d["date"] for d in json.loads(res.stdout)] == ["2024-03-02"]


def test_cli_ambiguous_or_unknown_name_lists_candidates_and_exits_2(cli_db):
    db = cli_db
    res = _cli("events", "--db", str(db), "--actor", "Venezuelan")
    assert res.exit_code == 2
    assert "--actor 'Venezuelan' matches 2 actors" in res.stderr
    assert "Venezuelan police (act-" in res.stderr and "Venezuelan protesters (act-" in res.stderr
    assert "Traceback" not in res.output
    res = _cli("events", "--db", str(db), "--target", "zzz")
    assert res.exit_code == 2 and "--target 'zzz' matches no actor" in res.stderr


def test_cli_actor_page_and_search(cli_db):
    db = cli_db
    res = _cli("actor", "oekraine", "--db", str(db), "--format", "json", "--limit", "2")
    assert res.exit_code == 0, res.output
    page = json.loads(res.stdout)
    assert page["actor"]["name"] == "Ukraine" and page["events"]["total"] == 3
    assert len(page["events"]["items"]) == 2 and "Oekraïne" in {a["alias"] for a in page["aliases"]}
    res = _cli("actor", "Venezuelan", "--db", str(db))
    assert res.exit_code == 2 and "matches 2 actors" in res.stderr
    res = _cli("actor", "venezuela", "--search", "--db", str(db), "--format", "json")
    assert [a["name"] for a in json.loads(res.stdout)] == ["Venezuelan police", "Venezuelan protesters"]
