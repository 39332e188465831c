"""Every list of the API says its total, and paging through it reaches exactly that many rows;
the quote browser's speaker counts cover all quotes (over HTTP, the 200+-article volume store)."""
from __future__ import annotations

import shutil

import duckdb
import httpx
import pytest
from test_api_fixture import serve
from volume_store import VOLUME_FACTS


@pytest.fixture(scope="module")
def unknown_url(volume_store, tmp_path_factory):
    """The volume store with a third of its quotes' speakers unknown, served on 127.0.0.1."""
    path = tmp_path_factory.mktemp("paging") / "unknown.duckdb"
    shutil.copy(volume_store, path)
    con = duckdb.connect(str(path))
    con.execute("UPDATE quotes SET speaker = NULL, speaker_actor_id = NULL, speaker_local = NULL WHERE idx % 3 = 1 "
                "OR article_hash IN (SELECT hash FROM articles ORDER BY hash LIMIT 40)")
    assert con.execute("SELECT count(*) FROM quotes WHERE speaker IS NULL").fetchone()[0] > 10
    con.close()
    with serve(path) as base:
        yield base


def _walk(url: str, params: dict) -> tuple[list, set]:
    rows, totals, offset = [], set(), 0
    while offset is not None:
        r = httpx.get(url, params={**params, "offset": offset}, timeout=30)
        assert r.status_code == 200, r.text
        body = r.json()
        rows += body["items"]
        totals.add(body["total"])
        offset = body["next_offset"]
    return rows, totals


@pytest.mark.parametrize("route,params", [("events", {}), ("quotes", {}), ("actors", {}), ("articles", {}),
                                          ("quotes", {"speaker": "Baudet"}), ("events", {"type": "AGREE"})])
def test_pages_reach_the_total(volume_url, route, params):
    rows, totals = _walk(f"{volume_url}/api/{route}", {**params, "limit": 97})
    assert totals == {len(rows)} and len(rows) > 0
    key = "id"
    assert len({r[key] for r in rows}) == len(rows)


def test_quote_total_is_every_quote(volume_url):
    body = httpx.get(f"{volume_url}/api/quotes", params={"limit": 10}).json()
    assert body["total"] == VOLUME_FACTS["quotes"] > 200


def test_speaker_counts_cover_all_quotes(unknown_url):
    volume_url = unknown_url
    speakers, offset, unknown = [], 0, None
    while offset is not None:
        body = httpx.get(f"{volume_url}/api/quotes/speakers", params={"limit": 7, "offset": offset}).json()
        speakers += body["items"]
        unknown, total, offset = body["unknown"], body["total"], body["next_offset"]
    assert sum(s["n"] for s in speakers) + unknown == total == VOLUME_FACTS["quotes"]
    assert len(speakers) == body["n_speakers"]
    # each count is what the quote list gives for that speaker
    top = speakers[0]
    listed = httpx.get(f"{volume_url}/api/quotes", params={"speaker": top["key"], "limit": 1}).json()
    assert listed["total"] == top["n"]
    # "unknown speaker" lists only the quotes without one, all of them
    rows, totals = _walk(f"{volume_url}/api/quotes", {"no_speaker": "true", "limit": 1000})
    assert totals == {unknown} and unknown > 10 and all(not r["speaker"] and not r["speaker_actor"] for r in rows)
