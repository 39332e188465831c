"""Latency of the main API queries on a real store, measured over HTTP on 127.0.0.1.

Starts ``kroniek serve`` on the given database in a subprocess, sends each
query a fixed number of times (sequentially, bounded), and prints p50/p95 in
milliseconds. Not a test: a benchmark for the evaluation of the store.
"""
from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

QUERIES = [
    "/api/events?limit=50",
    "/api/events?type=ASSAULT&limit=50",
    "/api/events?actor=Russia&limit=50",
    "/api/quotes?limit=50",
    "/api/quotes?speaker=Trump&limit=50",
    "/api/actors?limit=50",
    "/api/timeline",
    "/api/network",
    "/api/places",
    "/api/articles?limit=50",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args(argv)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "kroniek", "serve", "--db", args.db, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            for _ in range(100):
                try:
                    client.get("/api/meta")
                    break
                except httpx.TransportError:
                    time.sleep(0.2)
            ids = [a["id"] for a in client.get("/api/articles?limit=20").json()["items"]]
            queries = QUERIES + [f"/api/articles/{i}" for i in ids[:3]]
            res = {}
            for q in queries:
                client.get(q).raise_for_status()  # warm
                times = []
                for _ in range(args.repeat):
                    t0 = time.perf_counter()
                    r = client.get(q)
                    times.append((time.perf_counter() - t0) * 1000)
                    r.raise_for_status()
                times.sort()
                res[q] = {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1)}
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps({"db": args.db, "db_mb": round(Path(args.db).stat().st_size / 2**20, 1), "queries": res}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
