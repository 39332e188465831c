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
from click.testing import CliRunner

from kroniek import ingest, store
from kroniek.cli import main

from conftest import needs_model
from store_fake_analyzer import fake_many

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "store"
SAMPLES = HERE.parent / "samples" / "articles.jsonl"
FAKE = HERE / "store_fake_analyzer.py"
KRONIEK = [sys.executable, "-m", "kroniek"]


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


def cli(*args, ok: bool = True):
    """The kroniek command in-process (what the subprocess runs, minus the start-up time)."""
    res = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert res.exit_code == 0 or not ok, res.output
    return res


def test_killed_ingest_resumes_without_loss_or_duplicates(tmp_path, monkeypatch):
    reference = tmp_path / "reference.duckdb"
    con = store.connect(reference)
    ingest.ingest(con, [FIXTURES], analyzer=fake_many, progress=False)
    con.close()

    db, marker = tmp_path / "k.duckdb", tmp_path / "analysed.txt"
    env = {**os.environ, "FAKE_MARKER": str(marker), "FAKE_SLEEP": "0.25"}
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

    monkeypatch.setattr(ingest, "_default_analyzer", fake_many)
    monkeypatch.setattr(ingest, "check_models", lambda langs: None)
    res = cli("ingest", "--db", db, FIXTURES, ok=False)
    assert res.exit_code == 1  # the fixtures hold three bad items: the exit code says so
    assert f"{12 - partial['articles']} added" in res.stdout and f"{partial['articles']} unchanged" in res.stdout
    assert "3 errors" in res.stdout and "broken.html: no main text found" in res.stderr
    assert "article/s" in res.stderr  # the progress bar shows the rate
    assert fingerprint(db) == fingerprint(reference)

    res = cli("ingest", "--db", db, "--no-progress", FIXTURES, ok=False)
    assert "0 added" in res.stdout and "12 unchanged" in res.stdout
    assert fingerprint(db) == fingerprint(reference)


@needs_model
@pytest.mark.skipif(not SAMPLES.exists(), reason="no bundled samples")
def test_real_ingest_query_and_reingest(tmp_path):
    db = tmp_path / "k.duckdb"
    bad, some = tmp_path / "bad.jsonl", tmp_path / "samples.jsonl"
    bad.write_text('{"id": "leeg", "text": ""}\n{kapot\n', encoding="utf8")
    # three bundled samples keep the test fast on two cores; the model is what takes the time
    some.write_text("\n".join([line for line in SAMPLES.read_text(encoding="utf8").splitlines()
                               if line.strip()][:3]) + "\n", encoding="utf8")
    inputs = [str(some), str(bad)]
    res = subprocess.run([*KRONIEK, "ingest", "--db", str(db), "--no-progress", "--format", "json", *inputs],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 1, res.stderr  # two bad items: the exit code says so, the rest is stored
    assert "bad.jsonl:1: no text" in res.stderr and "Traceback" not in res.stderr
    stats = json.loads(res.stdout)
    n_samples = 3
    assert stats["errors"] >= 2 and stats["added"] + stats["errors"] == n_samples + 2
    counts = fingerprint(db)["counts"]
    assert counts["articles"] == stats["added"] > 0 and counts["errors"] == stats["errors"]

    def query(*args):
        return json.loads(cli(*args, "--db", db, "--format", "json").stdout)

    events = query("events", "--limit", 100000)
    assert len(events) == counts["events"]
    assert sum(e["n_mentions"] for e in events) == counts["event_mentions"]
    assert len(query("quotes", "--limit", 100000)) == counts["quotes"]
    assert len(query("actors", "--limit", 100000)) == counts["actors"]
    assert sum(d["n_events"] for d in query("timeline")) == sum(1 for e in events if e["date"])
    with store.connect(db, read_only=True) as con:
        first = con.execute("SELECT id FROM articles ORDER BY id LIMIT 1").fetchone()[0]
    art = query("article", first)[0]
    assert art["id"] == first and art["sentences"] and len(art["event_ids"]) == len(art["events"])
    for e in art["entities"] + art["quotes"] + art["timexes"] + art["events"]:
        assert art["text"][e["start"]:e["end"]] == e["text"]

    before = fingerprint(db)
    res = cli("ingest", "--db", db, "--no-progress", "--format", "json", *inputs, ok=False)
    assert json.loads(res.stdout)["added"] == 0 and json.loads(res.stdout)["unchanged"] == stats["added"]
    assert fingerprint(db) == before
