"""The volume store fixture itself: large enough, varied, and served over real HTTP."""
from __future__ import annotations

import duckdb
import httpx

from volume_store import VOLUME_FACTS


def test_volume_store_has_what_the_generator_put_in(volume_store):
    con = duckdb.connect(str(volume_store), read_only=True)
    try:
        n_articles, = con.execute("SELECT count(*) FROM articles").fetchone()
        n_quotes, = con.execute("SELECT count(*) FROM quotes").fetchone()
        types = {r[0] for r in con.execute("SELECT DISTINCT type FROM events").fetchall()}
        years = sorted({r[0] for r in con.execute("SELECT DISTINCT year(date) FROM events WHERE date IS NOT NULL")
                        .fetchall()})
        alias = con.execute("SELECT a.name FROM actor_aliases al JOIN actors a ON a.id = al.actor_id "
                            "WHERE al.norm = 'oekraine'").fetchall()
    finally:
        con.close()
    assert n_articles == VOLUME_FACTS["articles"] >= 200
    assert n_quotes == VOLUME_FACTS["quotes"] > 200
    assert len(types) >= 8
    assert years[0] <= 2016 and years[-1] == 2019
    assert alias and all(a == "Ukraine" for a, in alias)


def test_volume_store_is_served(volume_url):
    r = httpx.get(f"{volume_url}/api/articles", params={"limit": 5}, timeout=10)
    assert r.status_code == 200
    r = httpx.get(f"{volume_url}/", timeout=10)
    assert r.status_code == 200 and "<html" in r.text.lower()
