"""End to end through the ``kroniek`` command: ingest, query, re-ingest, kill and resume."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kroniek import ingest, store
from kroniek.lang import get_pack

from store_fake_analyzer import fake_many

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "store"
SAMPLES = HERE.parent / "samples" / "articles.jsonl"
FAKE = HERE / "store_fake_analyzer.py"
KRONIEK = [sys.executable, "-m", "kroniek"]
needs_model = pytest.mark.skipif(not get_pack("nl").model_path.exists(), reason="trained model not installed")


def fingerprint(db: Path) -> dict:
    """Everything that must not change on re-ingest or differ after a resume (timestamps aside)."""
    con = store.connect(db, read_only=True)
    try:
        q = {
            "articles": "SELECT hash, id, version, is_current FROM articles",
            "mentions": "SELECT article_hash, idx, event_id, type FROM event_mentions",
            "events": "SELECT id, type, source_actor_id, target_actor_id, date FROM events",
            "actors": "SELECT id, name FROM actors",
            "aliases": "SELECT actor_id, alias, kind FROM actor_aliases",
            "merges": "SELECT event_id, article_hash, mention_idx, rule FROM event_merges",
            "entities": "SELECT article_hash, idx, actor_id FROM entity_mentions",
            "quotes": "SELECT article_hash, idx, speaker_actor_id FROM quotes",
            "errors": "SELECT key FROM ingest_errors",
        }
        out = {k: sorted(map(repr, con.execute(sql).fetchall())) for k, sql in q.items()}
        out["counts"] = store.counts(con)
        return out
    finally:
        con.close()


def run(cmd, **kw) -> subprocess.CompletedProcess:
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300, **kw)
    assert res.returncode == 0, res.stderr
    return res


def test_killed_ingest_resumes_without_loss_or_duplicates(tmp_path):
    reference = tmp_path / "reference.duckdb"
    con = store.connect(reference)
    ingest.ingest(con, [FIXTURES], analyzer=fake_many, progress=False)
    con.close()

    db, marker = tmp_path / "k.duckdb", tmp_path / "analysed.txt"
    env = {**os.environ, "FAKE_MARKER": str(marker), "FAKE_SLEEP": "0.3"}
    cmd = [sys.executable, str(FAKE), "ingest", "--db", str(db), "--no-progress", str(FIXTURES)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    # articles are analysed one after the other, each committed before the next one starts:
    # four analysed means at least three committed
    while time.monotonic() < deadline and proc.poll() is None:
        if marker.exists() and len(marker.read_text().split()) >= 4:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "ingest finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    partial = fingerprint(db)["counts"]
    assert 3 <= partial["articles"] < 12 and partial["errors"] == 3

    res = run([sys.executable, str(FAKE), "ingest", "--db", str(db), "--no-progress", "--format", "json",
               str(FIXTURES)], env={**os.environ, "FAKE_SLEEP": "0"})
    stats = json.loads(res.stdout)
    assert stats["unchanged"] == partial["articles"] and stats["added"] == 12 - partial["articles"]
    assert fingerprint(db) == fingerprint(reference)


def test_cli_ingest_reports_errors_and_is_idempotent(tmp_path):
    db = tmp_path / "k.duckdb"
    res = run([sys.executable, str(FAKE), "ingest", "--db", str(db), str(FIXTURES)])
    assert "12 added" in res.stdout and "3 errors" in res.stdout
    assert "article/s" in res.stderr  # the progress bar shows the rate
    assert "broken.html: no main text found" in res.stderr
    before = fingerprint(db)
    res = run([sys.executable, str(FAKE), "ingest", "--db", str(db), "--no-progress", str(FIXTURES)])
    assert "0 added" in res.stdout and "12 unchanged" in res.stdout
    assert fingerprint(db) == before


@needs_model
def test_real_ingest_query_and_reingest(tmp_path):
    db = tmp_path / "k.duckdb"
    inputs = [str(SAMPLES), str(FIXTURES / "articles.jsonl"), str(FIXTURES / "page.html")]
    res = run([*KRONIEK, "ingest", "--db", str(db), "--no-progress", "--format", "json", *inputs])
    stats = json.loads(res.stdout)
    n_samples = sum(1 for line in SAMPLES.read_text().splitlines() if line.strip())
    assert stats["added"] == n_samples + 8 and stats["errors"] == 2
    counts = fingerprint(db)["counts"]
    assert counts["articles"] == stats["added"]

    def cli(*args):
        return json.loads(run([*KRONIEK, *args, "--db", str(db), "--format", "json", "--limit", "100000"]).stdout)

    events = cli("events")
    assert len(events) == counts["events"]
    assert sum(e["n_mentions"] for e in events) == counts["event_mentions"]
    assert len(cli("quotes")) == counts["quotes"]
    assert len(cli("actors")) == counts["actors"]
    tl = json.loads(run([*KRONIEK, "timeline", "--db", str(db), "--format", "json"]).stdout)
    assert sum(d["n_events"] for d in tl) == sum(1 for e in events if e["date"])
    art = json.loads(run([*KRONIEK, "article", "f-001", "--db", str(db), "--format", "json"]).stdout)[0]
    assert art["id"] == "f-001" and art["sentences"] and len(art["event_ids"]) == len(art["events"])
    for e in art["entities"] + art["quotes"] + art["timexes"] + art["events"]:
        assert art["text"][e["start"]:e["end"]] == e["text"]

    before = fingerprint(db)
    res = run([*KRONIEK, "ingest", "--db", str(db), "--no-progress", "--format", "json", *inputs])
    assert json.loads(res.stdout)["added"] == 0
    assert fingerprint(db) == before
