"""How fast each page of the explorer answers on the 2019 corpus store, cold and warm.

The "Done when" of issue 14 asks for every page under 300 ms on that store. Two
``kroniek serve`` processes (one owns the file at a time) run one after the other: first
with the answer cache off (``--cache-entries 0``: every request computed by
DuckDB, "cold"), then with it on after one visit ("warm"). For each page,
headless Chromium (Debian's) navigates to it in the open page (a hash change,
as a user clicking the menu) and the time until the page says it is ready
(``body[data-ready=1]``: every request answered and drawn) is taken, the median
of ``--repeat`` visits. "Drawn" means the page's content is in the document and
rendered: lists filled, charts drawn; the network's graph drawn by sigma after a
first pass of ForceAtlas2 (its layout is then refined in short tasks and drawn
once more; ``.net-box[data-layout=done]`` marks that, not counted here); the
timeline's day groups off screen are left to the browser to lay out when
scrolled near (``content-visibility: auto``), but every card is in the document. Every API request a page made is recorded and timed
alone over HTTP the same way (median of ``--repeat``). Not a test: figures for
docs/performance.md (``--write-docs`` replaces its marked section).

Run it under the machine's lock; it builds the store when missing (~4 min):
    flock /work/helpers/heavy.lock .venv/bin/python bench/explorer_speed.py --write-docs

Before and after a change to the explorer, side by side in one run: copy ``src/kroniek/web``
somewhere before the change and pass it as ``--compare-web DIR``; both tabs are then timed in
the same browser against the same server, visits alternating, and the table gets the "before"
columns and the ratio (``--pages network,map`` times only those pages).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report_sections import put_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus_nl" / "dpgmedia2019.jsonl"
DEFAULT_DB = ROOT / "build" / "corpus2019.duckdb"
DOCS = ROOT / "docs" / "performance.md"
WEB_DIR = ROOT / "src" / "kroniek" / "web"
SECTION = "explorer-speed"
CHROMIUM = "/usr/bin/chromium"
BUDGET_MS = 300


def pages(client: httpx.Client) -> list[str]:
    """The pages a researcher opens: every menu entry, an article, an actor, and filtered views (the two
    most mentioned actors as a pair on the timeline, the most quoted speaker's quotes in the search)."""
    first, second = (a["id"] for a in client.get("/api/actors", params={"limit": 2}).json()["items"])
    top = first
    article = client.get("/api/articles", params={"limit": 1, "offset": 100}).json()["items"][0]["id"]
    speaker = next(s["speaker_actor"] for s in client.get("/api/quotes/speakers", params={"limit": 50}).json()["items"]
                   if s["speaker_actor"])
    return [
        "timeline", "timeline?type=AGREE", "timeline?since=2019-03-01&until=2019-03-31",
        f"timeline?source={first}&target={second}&either=true",
        "network", "map", "counts", "quotes", "quotes?contains=brexit", "articles", "articles?offset=500",
        "search?q=brexit", f"search?q=brexit&speaker={speaker}", "actor", f"actor/{top}", f"article/{article}",
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_store(db: Path) -> None:
    print(f"building {db} from {CORPUS.name} (about 4 minutes)", file=sys.stderr)
    db.parent.mkdir(parents=True, exist_ok=True)
    rc = subprocess.run([sys.executable, "-m", "kroniek", "ingest", "--workers", "2", "--no-progress", "--db", str(db),
                         str(CORPUS)]).returncode
    if rc not in (0, 1) or not db.exists():  # 1: some corpus lines have no text (reported, not stored)
        raise SystemExit(f"ingest failed (exit {rc})")


class Server:
    def __init__(self, db: Path, cache_entries: int):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kroniek", "serve", "--db", str(db), "--port", str(self.port),
             "--cache-entries", str(cache_entries), "--no-access-log", "--log-level", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def __enter__(self) -> "Server":
        for _ in range(300):
            try:
                if httpx.get(self.base + "/api/meta", timeout=5).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError("kroniek serve did not start")

    def __exit__(self, *exc) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def serve_web_dir(page, base: str, web: Path) -> None:
    """Answer the page's static files (``/`` and ``/static/...``) from the folder `web` instead of the
    package's: the server's response is fetched (its headers, the Content-Security-Policy included) and
    its body replaced by the file. Both sides of a ``--compare-web`` run go through this, so they pay
    the same interception."""
    def handle(route, request):
        path = request.url[len(base):].split("?")[0].split("#")[0]
        rel = "index.html" if path in ("", "/") else path[len("/static/"):]
        resp = route.fetch()
        f = web / rel
        route.fulfill(response=resp, body=f.read_bytes() if f.is_file() else resp.body())
    page.route(lambda url: url.startswith(base + "/static/") or url.split("#")[0] in (base, base + "/"), handle)


def time_pages(base: str, names: list[str], repeat: int, webs: dict[str, Path | None] | None = None) -> tuple[dict, dict]:
    """Median milliseconds from a hash change to ``data-ready=1`` per page, and each page's API requests.

    With `webs` ({label: web folder}), each label gets its own tab in the same browser, its static files
    served from its folder, and the visits alternate between the tabs (same server, same load): the
    answer is then {label: {page: ms}}."""
    from playwright.sync_api import sync_playwright

    webs = webs or {"": None}
    out: dict = {k: {} for k in webs}
    requests: dict = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        seen: list[str] = []
        tabs = {}
        for label, web in webs.items():
            page = browser.new_page(viewport={"width": 1360, "height": 860})
            if web is not None:
                serve_web_dir(page, base, web)
            page.on("request", lambda r: seen.append(r.url) if "/api/" in r.url else None)
            page.goto(base + "/#/analyze")  # a page that asks the store nothing: assets loaded once
            page.wait_for_selector("body[data-ready='1']", timeout=60000)
            tabs[label] = page
        for name in names:
            times: dict = {k: [] for k in webs}
            for i in range(repeat + 1):
                for label, page in tabs.items():
                    page.bring_to_front()
                    page.evaluate("location.hash = '#/analyze'")
                    page.wait_for_selector("body[data-view='analyze'][data-ready='1']", timeout=60000)
                    seen.clear()
                    t0 = time.perf_counter()
                    page.evaluate(f"location.hash = {json.dumps('#/' + name)}")
                    page.wait_for_selector("body[data-ready='1']:not([data-view='analyze'])", timeout=60000)
                    ms = (time.perf_counter() - t0) * 1000
                    if i:  # the first visit loads the view's modules (and vendored libraries) once
                        times[label].append(ms)
                    if label == next(iter(webs)):
                        requests.setdefault(name, sorted({u[len(base):] for u in seen}))
            for label in webs:
                out[label][name] = round(statistics.median(times[label]), 1)
        browser.close()
    return (out[""] if list(webs) == [""] else out), requests


def time_requests(base: str, paths: list[str], repeat: int) -> dict:
    out = {}
    with httpx.Client(base_url=base, timeout=120) as client:
        for path in paths:
            client.get(path)
            times = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                r = client.get(path)
                times.append((time.perf_counter() - t0) * 1000)
            out[path] = {"ms": round(statistics.median(times), 1), "status": r.status_code, "bytes": len(r.content)}
    return out


def table(result: dict) -> str:
    lines = [
        f"Measured {result['date']} on {result['machine']} by `bench/explorer_speed.py` "
        f"(store: {result['counts']}; {result['db_mb']} MB; median of {result['repeat']} visits; "
        "cold = `kroniek serve --cache-entries 0`, every answer computed by DuckDB; warm = answer cache on, "
        "after one visit). A page's time runs from the hash change to `data-ready` in headless Chromium: "
        f"all its requests answered and drawn. One-minute load average {result.get('load_before')} before, "
        f"{result.get('load_after')} after (other work shared the two cores).",
        "",
        "| page | cold ms | warm ms | API requests | slowest request cold ms |",
        "|---|---:|---:|---:|---|",
    ]
    before = "pages_cold_before" in result
    if before:
        lines[-2:] = ["| page | cold ms | warm ms | before: cold ms | before: warm ms | cold after/before | API requests "
                      "| slowest request cold ms |", "|---|---:|---:|---:|---:|---:|---:|---|"]
    for name, cold in result["pages_cold"].items():
        reqs = result["page_requests"].get(name, [])
        slow = max(reqs, key=lambda u: result["requests_cold"].get(u, {}).get("ms", 0), default=None)
        slow_txt = f"{result['requests_cold'][slow]['ms']} `{slow}`" if slow else ""
        then = ""
        if before:
            b = result["pages_cold_before"][name]
            then = f" {b} | {result['pages_warm_before'][name]} | {cold / b:.2f} |"
        lines.append(f"| `#/{name}` | {cold} | {result['pages_warm'][name]} |{then} {len(reqs)} | {slow_txt} |")

    def over(key: str) -> str:
        return ", ".join(f"`#/{n}`" for n, ms in result[key].items() if ms >= BUDGET_MS) or "none"

    cold = max(v["ms"] for v in result["requests_cold"].values())
    warm = max(v["ms"] for v in result["requests_warm"].values())
    lines += ["", f"Pages at or over {BUDGET_MS} ms cold: {over('pages_cold')}; warm: {over('pages_warm')}. "
              f"Every API request of these pages, timed alone (median of {result['repeat']}), answered in at most "
              f"{cold} ms cold and {warm} ms warm ({len(result['requests_cold'])} distinct requests): the rest of a "
              "page's time goes to the browser (parsing, drawing charts and cards) and to its requests sharing "
              "the two cores."]
    if before:
        lines += ["", "Before: the explorer's files as they were before the change measured (`--compare-web`, a copy "
                  "of `src/kroniek/web`), timed in a second tab of the same browser against the same servers, its "
                  "visits alternating with the current files' ones; the ratio is cold after / cold before."]
    return "\n".join(lines)


def write_section(text: str) -> None:
    put_section(DOCS, f"<!-- {SECTION}:begin -->\n{text}\n<!-- {SECTION}:end -->",
                heading="## Explorer pages on the 2019 corpus store")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=DEFAULT_DB)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--write-docs", action="store_true", help=f"replace the {SECTION} section of docs/performance.md")
    ap.add_argument("--compare-web", type=Path, metavar="DIR",
                    help="also time the explorer's files from DIR (a copy of src/kroniek/web made before a change), "
                         "visits alternating with the current files in the same browser and server")
    ap.add_argument("--pages", help="comma-separated page names to time (default: all); not with --write-docs")
    args = ap.parse_args(argv)
    if args.pages and args.write_docs:
        ap.error("--pages times a part of the pages: not for --write-docs")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if not args.db.exists():
        build_store(args.db)
    result: dict = {"db": str(args.db), "db_mb": round(args.db.stat().st_size / 2**20, 1), "repeat": args.repeat,
                    "date": time.strftime("%Y-%m-%d"),
                    "machine": f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}",
                    "load_before": round(os.getloadavg()[0], 2)}
    webs = {"after": WEB_DIR, "before": args.compare_web} if args.compare_web else None

    def split(answer: dict, key: str) -> None:  # {label: {page: ms}} with --compare-web
        if webs:
            result[key], result[key + "_before"] = answer["after"], answer["before"]
        else:
            result[key] = answer

    with Server(args.db, cache_entries=0) as srv:
        with httpx.Client(base_url=srv.base, timeout=60) as client:
            c = client.get("/api/meta").json()["counts"]
            result["counts"] = ", ".join(f"{c[k]:,} {k}" for k in ("articles", "events", "actors", "quotes") if k in c)
            names = pages(client)
        if args.pages:
            names = [n for n in names if n.split("?")[0] in args.pages.split(",") or n in args.pages.split(",")]
        cold, result["page_requests"] = time_pages(srv.base, names, args.repeat, webs)
        split(cold, "pages_cold")
        paths = sorted({u for us in result["page_requests"].values() for u in us})
        result["requests_cold"] = time_requests(srv.base, paths, args.repeat)
    with Server(args.db, cache_entries=4096) as srv:
        warm, _ = time_pages(srv.base, names, args.repeat, webs)
        split(warm, "pages_warm")
        result["requests_warm"] = time_requests(srv.base, paths, args.repeat)
    result["load_after"] = round(os.getloadavg()[0], 2)  # other work on the machine skews the figures
    print(json.dumps(result, indent=1, ensure_ascii=False))
    text = table(result)
    print(text)
    if args.write_docs:
        write_section(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
