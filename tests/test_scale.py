"""Scale-out: analysis on a real two-worker Dask cluster, faults, and Parquet analyses.

The cluster's workers are real processes; the fake analyser (``store_fake_analyzer``)
stands in for the model where the test is about the store, the real pipeline where it is
about the command line. Every store is compared with the one a serial, uninterrupted
run leaves (``kroniek.store.compare``: all tables, timestamps aside).
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from kroniek import ingest, store
from kroniek.cli import main
from kroniek.document import Article
from kroniek.scale.cluster import open_client
from kroniek.scale.parquet import write_part
from kroniek.scale.windowed import batched, in_order, tapered
from kroniek.store.compare import TIMESTAMP_COLUMNS, contents, differences
from scale_fake_cli import set_env
from store_fake_analyzer import fake_many

from conftest import needs_model

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "store"
SAMPLES = HERE.parent / "samples" / "articles.jsonl"
FAKE_CLI = HERE / "scale_fake_cli.py"


def _serial_store(paths, tmp_path: Path, name: str = "serial"):
    con = store.connect(tmp_path / f"{name}.duckdb")
    ingest.ingest(con, paths, analyzer=fake_many, progress=False)
    return con


def _corpus(tmp_path: Path, n: int = 40) -> Path:
    """``n`` fixture-like articles in one JSONL file: enough tasks for a worker to die among them."""
    base = [r.item for r in ingest.read_paths([FIXTURES / "articles.jsonl"]) if isinstance(r.item, Article)]
    path = tmp_path / "many.jsonl"
    with path.open("w", encoding="utf8") as f:
        for i in range(n):
            a = base[i % len(base)]
            rec = a.model_dump(exclude_none=True) | {"id": f"{a.id}-{i}", "text": f"{a.text} ({i})"}
            if a.url:
                rec["url"] = f"{a.url}-{i}"
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def client():
    """A local cluster of two single-threaded worker processes (the model is not loaded: fake analyser)."""
    with open_client(None, 2, load_pipeline=False) as c:
        yield c


def test_windowed_keeps_input_order_and_bounds_what_is_in_flight():
    in_flight, most = 0, 0
    lock = threading.Lock()

    def work(batch):
        nonlocal in_flight, most
        with lock:
            in_flight += 1
            most = max(most, in_flight)
        time.sleep(0.002 * (7 - batch[0] % 7))  # later batches often finish first
        with lock:
            in_flight -= 1
        return [x * 10 for x in batch]

    pulled = []

    def source():
        for x in range(200):
            pulled.append(x)
            yield x

    with ThreadPoolExecutor(4) as pool:
        out = []
        for results in in_order(lambda b: pool.submit(work, b), batched(source(), 3), window=4):
            out += results
            assert len(pulled) <= len(out) + 4 * 3 + 3  # lazy: input is read only a window ahead
    assert out == [x * 10 for x in range(200)] and most <= 4


def test_batches_taper_at_the_end_of_the_input():
    batches = list(tapered(iter(range(377)), 16, 2))
    assert [x for b in batches for x in b] == list(range(377))
    sizes = [len(b) for b in batches]
    assert sizes[:10] == [16] * 10 and max(sizes[-4:]) < 16 and min(sizes) >= 1
    assert [len(b) for b in tapered(range(3), 16, 2)] == [3]


def test_dask_ingest_gives_the_serial_store(tmp_path, client):
    src = _corpus(tmp_path, 30)
    ref = _serial_store([src, FIXTURES], tmp_path)
    con = store.connect(tmp_path / "dask.duckdb")
    stats = ingest.ingest(con, [src, FIXTURES], analyzer=fake_many, progress=False, client=client, batch_size=3)
    assert (stats.added, stats.errors) == (42, 3)
    assert differences(contents(ref), contents(con)) == []
    again = ingest.ingest(con, [src, FIXTURES], analyzer=fake_many, progress=False, client=client)
    assert (again.added, again.unchanged) == (0, 42)


def test_a_killed_worker_has_its_tasks_retried(tmp_path, client, monkeypatch):
    src = _corpus(tmp_path, 40)
    ref = _serial_store([src], tmp_path)
    marker = tmp_path / "analysed.txt"
    pids = client.run(os.getpid)
    victim = sorted(pids.values())[0]
    monkeypatch.setenv("FAKE_SLEEP", "0.05")
    monkeypatch.setenv("FAKE_MARKER", str(marker))
    client.run(set_env, FAKE_SLEEP="0.05", FAKE_MARKER=str(marker))
    killed = []

    def kill_mid_run():
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if marker.exists() and len(marker.read_text().split()) >= 10:
                os.kill(victim, signal.SIGKILL)  # mid-run: both workers hold tasks
                killed.append(victim)
                return
            time.sleep(0.005)

    killer = threading.Thread(target=kill_mid_run)
    killer.start()
    con = store.connect(tmp_path / "dask.duckdb")
    stats = ingest.ingest(con, [src], analyzer=fake_many, progress=False, client=client, batch_size=4)
    killer.join()
    assert killed and stats.added == 40 and stats.errors == 0
    assert differences(contents(ref), contents(con)) == []
    assert len(marker.read_text().split()) > 40  # the dead worker's batch was analysed again elsewhere
    deadline = time.monotonic() + 60
    while len(client.nthreads()) < 2 and time.monotonic() < deadline:  # the nanny starts a new worker
        time.sleep(0.2)
    assert victim not in client.run(os.getpid).values()
    client.run(set_env, FAKE_SLEEP="0", FAKE_MARKER="")


def _rows_of(con, hashes: set[str]) -> dict:
    """The per-article tables' rows of these articles."""
    out = {}
    for table, rows in contents(con).items():
        cols = [r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [table]).fetchall()]
        if "article_hash" in cols:
            i = [c for c in cols if c not in TIMESTAMP_COLUMNS].index("article_hash")
            out[table] = [r for r in rows if r[i] in hashes]
    return out


def test_sigkilled_ingest_on_a_cluster_keeps_what_it_committed_and_resumes(tmp_path, monkeypatch):
    n = 60
    src = _corpus(tmp_path, n)
    ref = _serial_store([src], tmp_path)
    db, marker = tmp_path / "k.duckdb", tmp_path / "analysed.txt"
    env = {**os.environ, "FAKE_MARKER": str(marker), "FAKE_SLEEP": "0.1"}
    cmd = [sys.executable, str(FAKE_CLI), "ingest", "--db", str(db), "--no-progress", "--dask-workers", "2",
           "--batch-size", "1", str(src)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            # two workers, 0.1 s an article: 50 analysed is 2.5 s of results, so at least one batch has
            # been written (what waited ingest.FLUSH_SECONDS is written) and not all of them
            if marker.exists() and len(marker.read_text().split()) >= 50:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "ingest finished before it could be killed: " + proc.stderr.read().decode()
        proc.send_signal(signal.SIGKILL)  # the ingest process only; its workers lose their scheduler
        proc.wait()
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the orphaned worker processes of that run
        except ProcessLookupError:
            pass
    con = store.connect(db)
    stored = {r[0] for r in con.execute("SELECT hash FROM articles").fetchall()}
    assert 1 <= len(stored) < n
    # every committed article is complete: its rows are exactly the uninterrupted run's
    assert _rows_of(con, stored) == _rows_of(ref, stored)
    con.close()

    from scale_fake_cli import patch_cluster

    monkeypatch.setattr(ingest, "_default_analyzer", fake_many)
    monkeypatch.setattr(ingest, "check_models", lambda langs: None)
    patch_cluster(ingest)  # undone by monkeypatch below
    res = CliRunner().invoke(main, ["ingest", "--db", str(db), "--no-progress", "--dask-workers", "2", str(src)])
    assert res.exit_code == 0, res.output
    assert f"{n - len(stored)} added" in res.stdout and f"{len(stored)} unchanged" in res.stdout
    con = store.connect(db)
    assert differences(contents(ref), contents(con)) == []


def test_parquet_analyses_are_stored_without_analysing(tmp_path):
    src = _corpus(tmp_path, 20)
    reads = [r for r in ingest.read_paths([src, FIXTURES])]
    results = list(fake_many([r.item for r in reads]))
    out = tmp_path / "parquet"
    for part, batch in enumerate(batched(list(zip(results, [r.origin for r in reads])), 7)):
        write_part(out, batch, part)
    days = {p.name for p in (out / "analyses").iterdir()}
    assert "date=2019-03-07" in days or len(days) > 1
    # any engine reads it: DuckDB with the Hive partitions
    n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}/analyses/**/*.parquet', hive_partitioning=true)"
                   ).fetchall()[0][0]
    assert n == sum(1 for r in results if not hasattr(r, "error"))

    # the reference: the same articles ingested in the order the Parquet files give them (by day)
    def day(r):
        return (r.item.published_at or "")[:10] if isinstance(r.item, Article) and r.item.published_at else "~"
    ordered = sorted([r for r in reads if isinstance(r.item, Article)], key=day)
    ref = store.connect(tmp_path / "ref.duckdb")
    for r, res in zip(ordered, fake_many([r.item for r in ordered])):
        store.write_analysis(ref, res, origin=r.origin)
    con = store.connect(tmp_path / "k.duckdb")

    def no_analysis(items):
        for item in items:
            raise AssertionError(f"{item.id} analysed again")
        yield from ()

    stats = ingest.ingest(con, [out], progress=False, analyzer=no_analysis)
    assert stats.added == len(ordered) and stats.errors == 3  # the input's three bad items, kept as errors
    got, want = contents(con), contents(ref)
    got.pop("ingest_errors"), want.pop("ingest_errors")
    assert differences(want, got) == []
    assert {e[0] for e in con.execute("SELECT error FROM ingest_errors").fetchall()} >= {"no text"}


def test_a_file_that_is_not_kroniek_parquet_is_an_error_record(tmp_path):
    bad = tmp_path / "other.parquet"
    duckdb.sql(f"COPY (SELECT 1 AS x) TO '{bad}' (FORMAT parquet)")
    con = store.connect(tmp_path / "k.duckdb")
    stats = ingest.ingest(con, [bad], progress=False, analyzer=fake_many)
    assert stats.errors == 1 and "not a kroniek analyses file" in stats.error_messages[0]


def test_cluster_options_errors_are_one_line(tmp_path):
    r = CliRunner().invoke(main, ["ingest", "--db", str(tmp_path / "k.duckdb"), "--dask-workers", "2",
                                  "--scheduler", "tcp://127.0.0.1:9", str(FIXTURES)])
    assert r.exit_code == 2 and "give one of them" in r.output
    r = CliRunner().invoke(main, ["analyze", "--format", "parquet", str(FIXTURES)])
    assert r.exit_code == 2 and "--out" in r.output
    (tmp_path / "out" / "analyses").mkdir(parents=True)
    r = CliRunner().invoke(main, ["analyze", "--format", "parquet", "--out", str(tmp_path / "out"), str(FIXTURES)])
    assert r.exit_code == 1 and "already holds analyses" in r.output and "Traceback" not in r.output


@needs_model
def test_analyze_to_parquet_then_ingest_the_folder(tmp_path, nlp):
    src = tmp_path / "in.jsonl"
    lines = [json.loads(x) for x in SAMPLES.read_text(encoding="utf8").splitlines() if x.strip()][:4]
    lines.sort(key=lambda r: r.get("published_at") or "")
    src.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + '\n{"id": "leeg", "text": ""}\n',
                   encoding="utf8")
    out = tmp_path / "parquet"
    r = CliRunner().invoke(main, ["analyze", "--format", "parquet", "--out", str(out), "--quiet", str(src)])
    assert r.exit_code == 1 and "4 analyses, 1 errors" in r.output and "no text" in r.output
    db = tmp_path / "k.duckdb"
    r = CliRunner().invoke(main, ["ingest", "--db", str(db), "--no-progress", str(out)])
    assert r.exit_code == 1 and "4 added" in r.stdout and "1 errors" in r.stdout
    ref = store.connect(tmp_path / "ref.duckdb")
    ingest.ingest(ref, [src], progress=False)
    with store.connect(db) as con:
        assert differences(contents(ref), contents(con)) == []


@needs_model
def test_ingest_on_a_two_worker_cluster_with_the_real_pipeline(tmp_path, nlp):
    db = tmp_path / "k.duckdb"
    res = subprocess.run([sys.executable, "-m", "kroniek", "ingest", "--db", str(db), "--no-progress",
                          "--dask-workers", "2", "--batch-size", "2", "--format", "json", str(SAMPLES)],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["added"] == 6 and "Traceback" not in res.stderr
    ref = store.connect(tmp_path / "ref.duckdb")
    ingest.ingest(ref, [SAMPLES], progress=False)
    with store.connect(db) as con:
        assert differences(contents(ref), contents(con)) == []
