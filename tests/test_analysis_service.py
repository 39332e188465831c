"""POST /analyze as a bounded service, over real HTTP: size limit, queue, time limit, disconnects, SIGTERM.

The workers run ``tests/analysis_fake.py`` instead of the model (its text says
"sleep", "raise" or "exit"), so the tests control how long a job takes; the
worker processes, pipes, kills and restarts are the real ones.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from kroniek.api import MAX_ANALYZE_BODY_BYTES, MAX_ANALYZE_CHARS
from test_api_fixture import free_port

TESTS = Path(__file__).resolve().parent
FAKE = "analysis_fake:analyze"


@contextmanager
def serving(**analysis):
    """The real app under uvicorn (with its lifespan, which stops the workers) on a free 127.0.0.1 port."""
    import uvicorn

    from kroniek.api import create_app

    app = create_app(None, **analysis)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{server.config.port}", app.state.analysis
    finally:
        server.should_exit = True
        thread.join(15)


def post(base: str, text: str, timeout: float = 30) -> httpx.Response:
    return httpx.post(f"{base}/analyze", json={"text": text}, timeout=timeout)


def in_background(fn, *args) -> dict:
    """Run fn in a thread; the returned dict gets 'result' (or 'error') and 'thread'."""
    out: dict = {}

    def run():
        try:
            out["result"] = fn(*args)
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            out["error"] = exc

    out["thread"] = threading.Thread(target=run, daemon=True)
    out["thread"].start()
    return out


def alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped by whoever adopted it counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def wait_until(condition, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.02)


def children(pid: int) -> set[int]:
    """Processes whose parent is pid (read from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


@pytest.fixture(scope="module")
def service():
    with serving(analyze_concurrency=1, analyze_queue=1, analyze_time_limit=2.0, analyzer=FAKE) as served:
        assert post(served[0], "warm").status_code == 200  # the worker has started
        yield served


@pytest.fixture(scope="module")
def patient():
    """A time limit far beyond the tests' waits: only the disconnect can free the worker in time."""
    with serving(analyze_concurrency=1, analyze_queue=1, analyze_time_limit=120.0, analyzer=FAKE) as served:
        assert post(served[0], "warm").status_code == 200
        yield served


def test_openapi_documents_every_status(service):
    base, _ = service
    responses = httpx.get(f"{base}/openapi.json").json()["paths"]["/analyze"]["post"]["responses"]
    assert {"200", "413", "422", "429", "500", "503", "504"} <= set(responses)
    assert "Retry-After" in responses["429"]["headers"]


def test_oversized_body_is_413_before_parsing(service):
    base, analysis = service
    pids = analysis.pids()
    too_big = b'{"text": "' + b"a" * MAX_ANALYZE_BODY_BYTES + b'"}'
    r = httpx.post(f"{base}/analyze", content=too_big, headers={"content-type": "application/json"}, timeout=30)
    assert r.status_code == 413
    # without Content-Length (chunked), the bytes are counted as they come
    chunks = (too_big[i:i + 65536] for i in range(0, len(too_big), 65536))
    r = httpx.post(f"{base}/analyze", content=chunks, headers={"content-type": "application/json"}, timeout=30)
    assert r.status_code == 413
    # a body within the byte limit whose text is too long is a 422 naming the field
    r = post(base, "a" * (MAX_ANALYZE_CHARS + 1))
    assert r.status_code == 422 and "text" in r.text
    assert analysis.pids() == pids  # nothing reached a worker


def test_full_queue_is_429_with_retry_after(service):
    base, analysis = service
    running = in_background(post, base, "sleep:1.5")
    wait_until(lambda: analysis.admitted == 1)
    queued = in_background(post, base, "sleep:0.1")
    wait_until(lambda: analysis.admitted == 2)
    r = post(base, "one too many")
    assert r.status_code == 429
    assert int(r.headers["Retry-After"]) >= 1
    for job in (running, queued):
        job["thread"].join(30)
        assert job["result"].status_code == 200, job


def test_time_limit_is_504_and_the_worker_is_replaced(service):
    base, analysis = service
    before = post(base, "who").json()["pid"]
    started = time.monotonic()
    r = post(base, "sleep:60")
    assert r.status_code == 504 and "time limit" in r.json()["detail"]
    assert time.monotonic() - started < 10
    assert not alive(before)  # the work really stopped: its process is gone (and reaped)
    after = post(base, "who")
    assert after.status_code == 200 and after.json()["pid"] != before
    assert analysis.pids() == [after.json()["pid"]]


def test_client_disconnect_stops_a_running_job(patient):
    base, _ = patient
    victim = post(base, "who").json()["pid"]
    with pytest.raises(httpx.ReadTimeout):
        post(base, "sleep:60", timeout=0.5)  # the client gives up and closes the connection
    started = time.monotonic()
    r = post(base, "next", timeout=15)
    assert r.status_code == 200 and time.monotonic() - started < 15
    assert r.json()["pid"] != victim and not alive(victim)


def test_client_disconnect_drops_a_queued_job(patient):
    base, analysis = patient
    worker = post(base, "who").json()["pid"]
    running = in_background(post, base, "sleep:1.5")
    wait_until(lambda: analysis.admitted == 1)
    with pytest.raises(httpx.ReadTimeout):
        post(base, "sleep:60", timeout=0.5)  # queued behind the running job, then abandoned
    running["thread"].join(30)
    assert running["result"].status_code == 200
    started = time.monotonic()
    r = post(base, "next", timeout=15)
    assert r.status_code == 200 and time.monotonic() - started < 5  # not behind the abandoned 60 s job
    assert r.json()["pid"] == worker  # the worker was never interrupted


def test_analyser_errors_and_crashes(service):
    base, _ = service
    worker = post(base, "who").json()["pid"]
    r = post(base, "raise")
    assert r.status_code == 500 and "ValueError" in r.json()["detail"]
    assert post(base, "who").json()["pid"] == worker  # an exception does not cost the worker
    r = post(base, "exit")
    assert r.status_code == 503 and "exited" in r.json()["detail"]
    r = post(base, "who")
    assert r.status_code == 200 and r.json()["pid"] != worker


def test_analyser_unavailable_is_503():
    with serving(analyzer="kroniek_no_such_module:analyze") as (base, analysis):
        r = post(base, "Hallo.")
        assert r.status_code == 503 and "unavailable" in r.json()["detail"]
        assert analysis.pids() == []


def test_sigterm_with_work_in_flight_exits_promptly_and_leaves_no_worker(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.Popen([sys.executable, "-m", "kroniek", "serve", "--db", str(tmp_path / "s.duckdb"),
                             "--port", str(port), "--log-level", "warning", "--analyzer", FAKE,
                             "--analyze-queue", "2"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/openapi.json", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stdout.read().decode()
                time.sleep(0.2)
        assert post(base, "warm").status_code == 200
        running = in_background(post, base, "sleep:60")
        time.sleep(1)
        queued = in_background(post, base, "sleep:60")
        time.sleep(1)
        workers = children(proc.pid)
        assert workers
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(15)
        assert time.monotonic() - started < 6, "the server took too long to stop"
        for job in (running, queued):
            job["thread"].join(10)
            assert job["result"].status_code == 503, job
        deadline = time.monotonic() + 5  # multiprocessing's helper process leaves once its pipe closes
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in workers if alive(pid)]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
