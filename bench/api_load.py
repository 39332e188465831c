"""The API under load: N concurrent clients for S seconds on the corpus store (``make bench-api``).

Starts ``kroniek serve`` on the store (built first from the corpus with ``kroniek
ingest --workers 2`` if the file is missing) in a subprocess, then drives it with
``wrk`` (Debian's C load generator: one thread, so that the server keeps the CPU)
cycling through the explorer's own requests: the timeline, network, map, quote
and article views with and without filters, one article page after another and
the meta route. It reports requests/s, p50/p95/p99 latency and errors (socket
errors, time-outs and non-2xx answers), and writes them into its own section of
docs/performance.md (between markers that ``make bench`` keeps).

``--baseline-src DIR`` also measures another source tree (for example the code
before the store-owning server, from ``git archive``) on a copy of the same
store, in the same run, first.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report_sections import put_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BEGIN, END = "<!-- bench-api:begin -->", "<!-- bench-api:end -->"

LUA = r"""
local paths, i = {}, 0
init = function(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  i = tonumber(args[2] or "0")
  wrk.headers["Accept-Encoding"] = "gzip, deflate"  -- as the explorer's browser asks
end
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nRESULT {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, "status_errors": %d, ' ..
    '"timeouts": %d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_store(db: Path, corpus: Path) -> None:
    print(f"building {db} from {corpus} (kroniek ingest --workers 2) ...", file=sys.stderr)
    db.parent.mkdir(parents=True, exist_ok=True)
    r = subprocess.run([sys.executable, "-m", "kroniek", "ingest", "--workers", "2", "--no-progress",
                        "--format", "json", "--db", str(db), str(corpus)], stdout=subprocess.PIPE)
    if r.returncode not in (0, 1) or not db.exists():  # 1: some corpus lines are error items
        raise SystemExit(f"building the store failed ({r.returncode})")


def request_mix(base: str, n_articles: int) -> list[str]:
    """The explorer's requests (see src/kroniek/web/js), with filters taken from the store itself."""
    with httpx.Client(base_url=base, timeout=120) as c:
        actors = c.get("/api/actors", params={"limit": 10}).json()["items"]
        articles = c.get("/api/articles", params={"limit": n_articles}).json()["items"]
        events = c.get("/api/events", params={"limit": 1000}).json()["items"]
    types = sorted({e["type"] for e in events})[:3]
    places = sorted({e["place"]["name"] for e in events if e.get("place")})[:3]
    dates = sorted(e["date"] for e in events if e.get("date"))
    since, until = (dates[len(dates) // 3], dates[2 * len(dates) // 3]) if dates else ("2019-03-01", "2019-03-15")

    def u(path: str, **params) -> str:
        return path + ("?" + urlencode(params) if params else "")

    views = [u("/api/meta"), u("/api/actors", limit=1000), u("/api/timeline"), u("/api/events", limit=200),
             u("/api/network"), u("/api/places"), u("/api/events", limit=1000), u("/api/quotes", limit=1000),
             u("/api/articles", limit=50), u("/api/timeline", since=since, until=until),
             u("/api/events", since=since, until=until, limit=200), u("/api/network", since=since, until=until)]
    for t in types:
        views += [u("/api/timeline", type=t), u("/api/events", type=t, limit=200)]
    for a in actors[:5]:
        views += [u("/api/timeline", actor=a["name"]), u("/api/events", actor=a["name"], limit=200),
                  u("/api/network", actor=a["id"]), u("/api/quotes", speaker=a["name"], limit=200),
                  u("/api/events", actor=a["id"], limit=50)]
    for p in places:
        views.append(u("/api/events", place=p, limit=50))
    pages = []
    for a in articles:
        pages += [f"/api/articles/{quote(a['id'], safe='')}", u("/api/events", article=a["id"], limit=1000)]
    # one article page after every two view requests, so that the run keeps meeting articles it has not seen
    out, vi = [], 0
    for page in pages:
        out += [views[vi % len(views)], views[(vi + 1) % len(views)], page]
        vi += 2
    return out + views[vi:]  # every view at least once, however few the pages


def run_wrk(base: str, paths: list[str], seconds: int, connections: int, work: Path) -> dict:
    (work / "paths.txt").write_text("\n".join(paths) + "\n")
    (work / "mix.lua").write_text(LUA)
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(work / "mix.lua"),
           base, "--", str(work / "paths.txt"), "0"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    r = json.loads(line[len("RESULT "):])
    secs = r["duration_us"] / 1e6
    errors = r["connect_errors"] + r["read_errors"] + r["write_errors"] + r["status_errors"] + r["timeouts"]
    return {"requests": r["requests"], "seconds": round(secs, 1), "req_per_s": round(r["requests"] / secs, 1),
            "p50_ms": round(r["p50_us"] / 1000, 1), "p95_ms": round(r["p95_us"] / 1000, 1),
            "p99_ms": round(r["p99_us"] / 1000, 1), "max_ms": round(r["max_us"] / 1000, 1), "errors": errors,
            "non_2xx": r["status_errors"], "timeouts": r["timeouts"], "mb_per_s": round(r["bytes"] / secs / 2**20, 1)}


def serve(db: Path, src: Path | None, extra: list[str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if src is not None:
        env["PYTHONPATH"] = str(src)
    proc = subprocess.Popen([sys.executable, "-m", "kroniek", "serve", "--db", str(db), "--port", str(port),
                             "--log-level", "warning", *extra], env=env, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/api/meta", timeout=5).status_code == 200:
                return proc, base
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise SystemExit(f"server did not start: {proc.stderr.read().decode()[-2000:]}")
        time.sleep(0.2)


def warm_up(base: str, paths: list[str]) -> float:
    """Each distinct request once, one after another (as a server that has been running has answered them)."""
    started = time.perf_counter()
    with httpx.Client(base_url=base, timeout=120, headers={"Accept-Encoding": "gzip"}) as c:
        for p in dict.fromkeys(paths):
            c.get(p).raise_for_status()
    return round(time.perf_counter() - started, 1)


def measure(db: Path, src: Path | None, extra: list[str], args, work: Path, warm: bool) -> dict:
    proc, base = serve(db, src, extra)
    try:
        paths = request_mix(base, args.articles)
        warm_s = warm_up(base, paths) if warm else None
        res = run_wrk(base, paths, args.seconds, args.connections, work)
        res["warm_up_s"] = warm_s
        res["distinct_requests"] = len(set(paths))
        res["status_after"] = httpx.get(base + "/api/meta", timeout=30).status_code
        status = httpx.get(base + "/api/ingest", timeout=30)
        if status.status_code == 200 and "cache" in status.json():
            res["cache"] = status.json()["cache"]
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
    return res


def write_section(out: Path, res: dict, args) -> None:
    def row(name: str, r: dict) -> str:
        return (f"| {name} | {r['req_per_s']:,} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | {r['errors']} | "
                f"{r['requests']:,} |")

    def met(r: dict) -> str:
        return "met" if r["req_per_s"] >= 300 and r["p95_ms"] < 250 and r["errors"] == 0 else "not met"

    k = res["kroniek"]
    lines = [BEGIN, "## The API under load", "",
             f"Written by `make bench-api` (`bench/api_load.py`, {res['date']}): `kroniek serve` on the store of the "
             f"2019 corpus ({res['articles']:,} articles, {res['db_mb']} MB), {args.connections} concurrent "
             f"connections for {args.seconds} s from `wrk` (one thread, asking for gzip as a browser does), cycling "
             f"through the explorer's own requests ({k['distinct_requests']} distinct: timeline, events, network, "
             f"places, actors, quotes and article lists with and without filters, {args.articles} article pages with "
             "their events, meta). Each server is started fresh; before the measured run each distinct request is "
             "sent once, one after another (the warm-up: a server that has been running has answered them), except "
             "in the cold-start row, which starts measuring at once. Errors are socket errors, time-outs and "
             "non-2xx answers. One machine (2 cores, shared with the load generator), one run, one after another.",
             "", "| server | requests/s | p50 ms | p95 ms | p99 ms | errors | requests |", "|---|---|---|---|---|---|---|"]
    if "baseline" in res:
        lines.append(row(f"before: a read-only connection opened per request (`{res['baseline_label']}`)",
                         res["baseline"]))
    lines.append(row("kroniek serve: owner of the store, a cursor per request, answers kept per store generation", k))
    if "kroniek_cold" in res:
        lines.append(row("the same, cold start (no warm-up: the first pass queries the store under load)",
                         res["kroniek_cold"]))
    if "no_cache" in res:
        lines.append(row("the same with the answer cache off (`--cache-entries 0`): every request queries the store",
                         res["no_cache"]))
    lines += ["", f"Target (issue 13): ≥ 300 requests/s with p95 < 250 ms and no errors: **{met(k)}** "
                  f"(cold start: {met(res['kroniek_cold']) if 'kroniek_cold' in res else 'not measured'})."]
    if "no_cache" in res:
        lines += ["", "Without its cache the server answers every request from the store: the queries and the "
                      "building of large answers (1,000 events with their mentions) are what limits it then, "
                      f"at {res['no_cache']['req_per_s']:,} requests/s."]
    lines.append(END)
    put_section(out, "\n".join(lines))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True, help="the corpus store (built if missing)")
    ap.add_argument("--corpus", type=Path, help="JSONL corpus to build the store from")
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--connections", type=int, default=50)
    ap.add_argument("--articles", type=int, default=25, help="distinct article pages in the mix")
    ap.add_argument("--baseline-src", type=Path, help="also measure the kroniek package under this src folder")
    ap.add_argument("--baseline-label", default="before")
    ap.add_argument("--no-cache-run", action="store_true", help="also measure with the response cache off")
    ap.add_argument("--out", type=Path, help="markdown file to write the section into")
    args = ap.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk not found: apt-get install wrk (make bench-api installs it)")
    if not args.db.exists():
        if not args.corpus:
            raise SystemExit(f"{args.db} does not exist: give --corpus to build it")
        build_store(args.db, args.corpus)
    import duckdb

    con = duckdb.connect(str(args.db), read_only=True)
    n_articles = con.execute("SELECT count(*) FROM articles WHERE is_current").fetchone()[0]
    con.close()
    res: dict = {"date": _dt.date.today().isoformat(), "articles": n_articles,
                 "db_mb": round(args.db.stat().st_size / 2**20, 1)}
    with tempfile.TemporaryDirectory(prefix="kroniek-bench-api-") as tmp:
        work = Path(tmp)
        if args.baseline_src and (args.baseline_src / "kroniek").is_dir():
            copy = work / "baseline.duckdb"
            shutil.copy(args.db, copy)
            try:  # older code may not read a store that newer code has migrated: then no baseline row
                res["baseline"] = measure(copy, args.baseline_src, [], args, work, warm=True)
                res["baseline_label"] = args.baseline_label
                print("baseline", json.dumps(res["baseline"]), file=sys.stderr)
            except SystemExit as exc:
                print(f"baseline not measured: {exc}", file=sys.stderr)
        res["kroniek"] = measure(args.db, None, ["--no-access-log"], args, work, warm=True)
        print("kroniek", json.dumps(res["kroniek"]), file=sys.stderr)
        res["kroniek_cold"] = measure(args.db, None, ["--no-access-log"], args, work, warm=False)
        print("kroniek, cold start", json.dumps(res["kroniek_cold"]), file=sys.stderr)
        if args.no_cache_run:
            res["no_cache"] = measure(args.db, None, ["--no-access-log", "--cache-entries", "0"], args, work, warm=True)
            print("no cache", json.dumps(res["no_cache"]), file=sys.stderr)
    print(json.dumps(res, indent=1))
    if args.out:
        write_section(args.out, res, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
