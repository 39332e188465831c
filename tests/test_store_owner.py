"""The server owns its store: it answers while it ingests, takes ingest handed over by `kroniek ingest`,
and ingests live feeds. Real HTTP on 127.0.0.1, real DuckDB files, the fake analyser (tests/store_fake_analyzer.py)
so that no model is needed."""
from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import httpx

from kroniek import store
from kroniek.server import discovery, handoff
from store_fake_analyzer import fake_many
from test_api_fixture import free_port

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "articles.jsonl"
BAD = ROOT / "tests" / "data" / "bad"
FAKE_KRONIEK = [sys.executable, str(ROOT / "tests" / "store_fake_analyzer.py")]


def slow_fake(delay: float):
    def analyze(items):
        for result in fake_many(items):
            time.sleep(delay)
            yield result
    return analyze


@contextmanager
def serve_owner(db: Path, analyzer=None, **settings):
    """The app with its lifespan (the owner's connection, the ingest thread) under uvicorn in a thread."""
    import uvicorn

    from kroniek.api import create_app
    from kroniek.server.runtime import ServerRuntime

    port = free_port()
    app = create_app(db, runtime=ServerRuntime(db, ingest_analyzer=analyzer, **settings))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)
    assert not thread.is_alive()


@contextmanager
def serve_process(db: Path, *args: str):
    """`kroniek serve` (with the fake analyser patched in) as a subprocess; yields its URL once it answers."""
    port = free_port()
    proc = subprocess.Popen([*FAKE_KRONIEK, "serve", "--db", str(db), "--port", str(port), "--log-level",
                             "warning", "--no-access-log", *args], cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while discovery.find_server(db) != url:
            assert proc.poll() is None, proc.stdout.read().decode()
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(15)
    assert not discovery.discovery_path(db).exists(), "the discovery file outlived the server"


def test_requests_during_an_ingest_all_answer_200(tmp_path):
    """Before: the API opened the file per request and answered 503 while `kroniek ingest` held it."""
    db = tmp_path / "k.duckdb"
    statuses: list[int] = []
    paths = ["/api/events", "/api/meta", "/api/timeline", "/api/network", "/api/actors", "/api/quotes",
             "/api/places", "/api/articles", "/api/events?type=PROTEST"]
    with serve_owner(db, analyzer=slow_fake(0.4)) as base:
        result: dict = {}
        ingest = threading.Thread(target=lambda: result.update(handoff.hand_over(base, [SAMPLES])))
        ingest.start()
        seen_articles = set()
        with httpx.Client(base_url=base, timeout=30) as c:
            i = 0
            while ingest.is_alive():
                r = c.get(paths[i % len(paths)])
                statuses.append(r.status_code)
                if r.status_code == 200 and paths[i % len(paths)] == "/api/meta":
                    seen_articles.add(r.json()["counts"]["articles"])
                i += 1
            ingest.join()
            final = c.get("/api/meta").json()["counts"]
    assert result["added"] == 6 and result["errors"] == 0, result
    assert len(statuses) > 50 and set(statuses) == {200}, sorted(set(statuses))
    # the API showed the store growing while it was written, article by article
    assert len(seen_articles) >= 3 and final["articles"] == 6


def _cli(*args, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([*FAKE_KRONIEK, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_ingest_db_hands_off_to_the_running_server(tmp_path):
    """`kroniek ingest --db FILE` while `kroniek serve --db FILE` runs: the work goes to the server; the summary,
    the error messages (file and line) and the exit code are those of a local ingest, and so is the store."""
    inputs = [str(SAMPLES), str(BAD / "invalid_json_lines.jsonl"), str(BAD / "cp1252.txt"), "missing.jsonl"]
    local = tmp_path / "local.duckdb"
    want = _cli("ingest", "--db", str(local), "--format", "json", "--no-progress", *inputs)
    served = tmp_path / "served.duckdb"
    with serve_process(served) as url:
        got = _cli("ingest", "--db", str(served), "--format", "json", *inputs)
        assert "handing the work to the kroniek server at " + url in got.stderr
        meta = httpx.get(f"{url}/api/meta", timeout=10).json()["counts"]
        again = _cli("ingest", "--server", url, str(SAMPLES))
        query = _cli("events", "--db", str(served))  # the server owns the file: the query says where to ask
        assert query.returncode == 1 and f"owned by the kroniek server at {url}" in query.stderr
    assert got.returncode == want.returncode == 1, got.stderr
    summary, expected = json.loads(got.stdout), json.loads(want.stdout)
    for k in ("read", "added", "updated", "unchanged", "duplicates", "errors", "error_messages", "notes"):
        assert summary[k] == expected[k], k
    assert expected["added"] >= 7 and expected["errors"] >= 2
    assert meta["articles"] == expected["added"]
    errors = [line for line in got.stderr.splitlines() if line.startswith("error: ")]
    assert any("invalid_json_lines.jsonl:" in e for e in errors) and any("missing.jsonl" in e for e in errors)
    assert again.returncode == 0 and "6 read: 0 added, 0 updated, 6 unchanged" in again.stdout
    # the store itself: the same articles with the origins the client gave (not the server's temporary copy)
    tables = {}
    for path in (local, served):
        con = store.connect(path, read_only=True)
        tables[path] = con.execute("SELECT id, hash, origin FROM articles ORDER BY id").fetchall()
        con.close()
    assert tables[served] == tables[local]


def test_ingest_with_no_server_left_behind_runs_locally(tmp_path):
    """A discovery file whose server is gone (killed) does not stop a local ingest."""
    db = tmp_path / "k.duckdb"
    discovery.discovery_path(db).write_text(json.dumps({"url": "http://127.0.0.1:9", "pid": 2**22 + 7}))
    r = _cli("ingest", "--db", str(db), "--no-progress", str(SAMPLES))
    assert r.returncode == 0 and "6 added" in r.stdout and "handing" not in r.stderr
    r = _cli("ingest", "--server", "http://127.0.0.1:9", str(SAMPLES))
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "no kroniek server answers" in r.stderr


def test_ingest_route_is_bounded_and_local(tmp_path):
    db = tmp_path / "k.duckdb"
    size = SAMPLES.stat().st_size
    with serve_owner(db, analyzer=fake_many, max_body=size) as base, httpx.Client(base_url=base, timeout=30) as c:
        assert c.post("/api/ingest", params={"name": "x.pdf"}, content=b"x").status_code == 422
        assert c.post("/api/ingest", content=b"x").status_code == 422
        big = c.post("/api/ingest", params={"name": "x.jsonl"}, content=SAMPLES.read_bytes() + b"\n")
        assert big.status_code == 413 and "larger than" in big.json()["detail"]
        assert c.get("/api/ingest/nope").status_code == 404
        job = c.post("/api/ingest", params={"name": "a.jsonl"}, content=SAMPLES.read_bytes()).json()
        while (status := c.get(job["url"]).json())["state"] in ("queued", "running"):
            time.sleep(0.05)
        assert status["state"] == "done" and status["summary"]["added"] == 6
        assert c.get("/api/ingest").json()["db"] == str(db.resolve())


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _rss(base: str, items: list[tuple[str, str]]) -> str:
    entries = "".join(f"<item><title>{title}</title><link>{base}/{slug}.html</link><guid>{base}/{slug}.html</guid>"
                      f"<description>Alleen de samenvatting.</description>"
                      f"<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>" for slug, title in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Testkrant</title><link>{base}/</link>'
            f"<description>t</description>{entries}</channel></rss>")


def _page(title: str, body: str) -> str:
    paras = "".join(f"<p>{body} Dit is zin {i} van het artikel over {title}.</p>" for i in range(6))
    return (f"<html><head><title>{title}</title></head><body><nav>Menu Home Sport</nav><article><h1>{title}</h1>"
            f"{paras}</article><footer>Colofon</footer></body></html>")


def test_watch_ingests_feed_items_and_their_pages_without_a_restart(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    items = [("graan", "Graanakkoord"), ("protest", "Protest in Caracas")]
    (site / "graan.html").write_text(_page("Graanakkoord", "Turkije en Oekraïne sloten een akkoord over graan."))
    (site / "protest.html").write_text(_page("Protest in Caracas", "Duizenden mensen demonstreerden in Caracas."))
    (site / "feed.xml").write_text(_rss(base, items))
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# test feeds\n{base}/feed.xml\n")
    db = tmp_path / "k.duckdb"

    def stored(c) -> dict:
        return {a["id"]: a for a in c.get("/api/articles").json()["items"]}

    try:
        with serve_process(db, "--watch", str(feeds), "--every", "1s") as url, httpx.Client(base_url=url) as c:
            deadline = time.monotonic() + 60
            while len(stored(c)) < 2:
                assert time.monotonic() < deadline, stored(c)
                time.sleep(0.3)
            # a new item in the feed shows up on a later poll, without a restart
            (site / "nieuw.html").write_text(_page("Sancties", "De Europese Unie kondigde sancties aan."))
            (site / "feed.xml").write_text(_rss(base, items + [("nieuw", "Sancties")]))
            while len(stored(c)) < 3:
                assert time.monotonic() < deadline, stored(c)
                time.sleep(0.3)
            time.sleep(2.5)  # two more polls: nothing is ingested twice
            articles = stored(c)
            page = c.get(f"/api/articles/{base}/graan.html").json()
    finally:
        httpd.shutdown()
    assert sorted(articles) == sorted(f"{base}/{slug}.html" for slug in ("graan", "protest", "nieuw"))
    # the page's main text was fetched (not the feed's summary), without the page's navigation
    assert "sloten een akkoord over graan" in page["text"] and "Alleen de samenvatting" not in page["text"]
    assert "Menu Home" not in page["text"] and page["url"] == f"{base}/graan.html"
    assert page["title"] == "Graanakkoord" and page["published_at"].startswith("2024-03-05")
    con = store.connect(db, read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
    con.close()


def test_answers_are_kept_until_the_next_write(tmp_path):
    """The answer cache: a repeated question is answered from memory (gzip for clients that take it), and
    never from before a write."""
    db = tmp_path / "k.duckdb"
    with serve_owner(db, analyzer=fake_many) as base, httpx.Client(base_url=base, timeout=30) as c:
        assert c.get("/api/meta").json()["counts"]["articles"] == 0
        handoff.hand_over(base, [SAMPLES])
        first = c.get("/api/events")
        hits = c.get("/api/ingest").json()["cache"].get("hits", 0)
        again = c.get("/api/events")
        assert c.get("/api/ingest").json()["cache"]["hits"] == hits + 1
        assert again.json() == first.json() and again.headers["content-encoding"] == "gzip"
        assert "gzip" not in c.get("/api/events", headers={"Accept-Encoding": "identity"}).headers.get(
            "content-encoding", "")
        assert c.get("/api/meta").json()["counts"]["articles"] == 6
        extra = tmp_path / "one.jsonl"
        extra.write_text(json.dumps({"id": "x1", "text": "De Europese Unie kondigde sancties aan tegen Rusland."}))
        assert handoff.hand_over(base, [extra])["added"] == 1
        assert c.get("/api/meta").json()["counts"]["articles"] == 7
        assert len(c.get("/api/events").json()["items"]) > len(first.json()["items"])
