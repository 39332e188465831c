"""Scale-out benchmark: ingest on 1 vs 2 Dask workers, the writer alone, Parquet, and what it means at scale.

Not a test: measures and writes docs/scaling.md (``make bench-scale``). Reads the first N
articles of the 2019 development corpus (``../shared/data/corpus_nl``; developers' machines
only). Each ingest runs in a child process of its own (``--one-ingest``: a fresh local
cluster, model loading included), 1 and 2 workers interleaved, so both see the same machine
load; the CPU that other processes used meanwhile is measured from /proc/stat and reported.
Run it under the shared lock (``flock /work/helpers/heavy.lock make bench-scale`` where
several people share the machine): its figures mean nothing beside other heavy jobs.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _busy_jiffies() -> tuple[int, int]:
    """(busy, total) CPU jiffies of the whole machine so far."""
    with open("/proc/stat") as f:
        vals = [int(x) for x in f.readline().split()[1:]]
    idle = vals[3] + vals[4]
    return sum(vals) - idle, sum(vals)


def _own_cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _worker_stats() -> dict:
    import resource as r
    import time as t

    return {"cpu": t.process_time(), "peak_mb": r.getrusage(r.RUSAGE_SELF).ru_maxrss / 1024}


def one_ingest(n_workers: int, src: str, db: str, out: str) -> None:
    """Child: one ingest on a fresh local cluster of ``n_workers``; figures as JSON in ``out``."""
    from kroniek import ingest, store
    from kroniek.scale.cluster import open_client

    hz = os.sysconf("SC_CLK_TCK")
    busy0, _ = _busy_jiffies()
    cpu0 = _own_cpu()
    t0 = time.perf_counter()
    con = store.connect(db)
    with open_client(None, n_workers) as client:
        t1 = time.perf_counter()
        before = client.run(_worker_stats)
        parent0 = time.process_time()
        stats = ingest.ingest(con, [src], progress=False, client=client)
        parent_cpu = time.process_time() - parent0
        after = client.run(_worker_stats)
    con.close()
    t2 = time.perf_counter()
    busy1, _ = _busy_jiffies()
    own = _own_cpu() - cpu0
    machine = (busy1 - busy0) / hz
    json.dump({
        "workers": n_workers, "start_s": t1 - t0, "loop_s": stats.seconds, "total_s": t2 - t0,
        "write_s": stats.write_seconds, "parent_cpu_s": parent_cpu, "stored": stats.added + stats.updated,
        "read": stats.read, "errors": stats.errors, "duplicates": stats.duplicates,
        "worker_cpu_s": [after[k]["cpu"] - before[k]["cpu"] for k in sorted(after)],
        "worker_peak_mb": [after[k]["peak_mb"] for k in sorted(after)],
        "parent_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "other_cpu_s": max(0.0, machine - own),
    }, open(out, "w"))


def run_ingest(n_workers: int, src: Path, work: Path, tag: str) -> dict:
    db, out = work / f"w{n_workers}-{tag}.duckdb", work / f"w{n_workers}-{tag}.json"
    for p in (db, out):
        p.unlink(missing_ok=True)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--one-ingest", str(n_workers), str(src), str(db), str(out)],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    res = json.load(open(out))
    res["process_s"] = time.perf_counter() - t0  # python start, imports, cluster, model, ingest, shutdown
    res["db"] = str(db)
    return res


def measure_writer(analyses: list, work: Path, repeats: int = 3) -> dict:
    """The batch writer alone on one core (DuckDB one thread), analyses computed beforehand; the
    per-article writer on the first 100 for comparison; and the writer as the store grows."""
    from kroniek import store
    from kroniek.store.batch import BatchWriter

    os.sched_setaffinity(0, {0})
    rates = []
    for r in range(repeats):
        path = work / f"writer-{r}.duckdb"
        path.unlink(missing_ok=True)
        con = store.connect(path)
        con.execute("SET threads TO 1")
        w = BatchWriter(con)
        t = time.perf_counter()
        for i in range(0, len(analyses), 64):
            w.write(analyses[i:i + 64])
        rates.append(len(analyses) / (time.perf_counter() - t))
        con.close()
    path = work / "writer-old.duckdb"
    path.unlink(missing_ok=True)
    con = store.connect(path)
    con.execute("SET threads TO 1")
    t = time.perf_counter()
    for a, origin in analyses[:100]:
        store.write_analysis(con, a, origin=origin)
    old_rate = min(100, len(analyses)) / (time.perf_counter() - t)
    con.close()
    # the same analyses ten times over (other texts, dates shifted a week each round): does the rate hold?
    path = work / "writer-growth.duckdb"
    path.unlink(missing_ok=True)
    con = store.connect(path)
    con.execute("SET threads TO 1")
    w = BatchWriter(con)
    growth = []
    for rnd in range(10):
        batch = [(_shifted(a, rnd), o) for a, o in analyses]
        t = time.perf_counter()
        for i in range(0, len(batch), 64):
            w.write(batch[i:i + 64])
        growth.append(len(batch) / (time.perf_counter() - t))
    con.close()
    os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
    return {"rates": rates, "old_rate": old_rate, "growth": growth, "n": len(analyses)}


def _shifted(a, rnd: int):
    import datetime as dt

    if rnd == 0:
        return a
    upd = {"id": f"{a.id}-r{rnd}", "text": f"{a.text} ({rnd})", "url": f"{a.url}-r{rnd}" if a.url else None}
    if a.published_at:
        try:
            day = dt.date.fromisoformat(a.published_at[:10]) + dt.timedelta(days=7 * rnd)
            upd["published_at"] = day.isoformat() + a.published_at[10:]
        except ValueError:
            pass
    return a.model_copy(update=upd)


def run_parquet(src: Path, work: Path) -> dict:
    """`kroniek analyze --format parquet --dask-workers 2`, then `kroniek ingest DIR` (no analysis)."""
    out, db = work / "parquet", work / "from-parquet.duckdb"
    shutil.rmtree(out, ignore_errors=True)
    db.unlink(missing_ok=True)
    kroniek = [sys.executable, "-m", "kroniek"]
    t = time.perf_counter()
    subprocess.run([*kroniek, "analyze", "--format", "parquet", "--out", str(out), "--quiet", "--dask-workers", "2",
                    str(src)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    analyze_s = time.perf_counter() - t
    t = time.perf_counter()
    res = subprocess.run([*kroniek, "ingest", "--db", str(db), "--no-progress", "--format", "json", str(out)],
                         cwd=ROOT, capture_output=True, text=True)
    ingest_s = time.perf_counter() - t
    stats = json.loads(res.stdout)
    files = list(out.rglob("*.parquet"))
    return {"analyze_s": analyze_s, "ingest_s": ingest_s, "ingest_loop_s": stats["seconds"], "stored": stats["added"],
            "files": len(files), "days": len({f.parent.name for f in files if "date=" in f.parent.name}),
            "mb": sum(f.stat().st_size for f in files) / 2**20, "dir": out}


def same_store(a: str, b: str) -> list[str]:
    from kroniek import store
    from kroniek.store.compare import contents, differences

    with store.connect(a, read_only=True) as ca, store.connect(b, read_only=True) as cb:
        return differences(contents(ca), contents(cb))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--n", type=int, default=400, help="first N lines of the corpus")
    ap.add_argument("--repeats", type=int, default=3, help="1- and 2-worker runs each, interleaved")
    ap.add_argument("--out", default="docs/scaling.md")
    ap.add_argument("--work", default=None, help="folder for the stores (default: a temporary one)")
    ap.add_argument("--whole-corpus", action="store_true",
                    help="also one 1-worker and one 2-worker ingest of every corpus line (start-up weighs less)")
    args = ap.parse_args()

    work = Path(args.work or tempfile.mkdtemp(prefix="kroniek-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    src = work / "input.jsonl"
    with open(args.corpus, encoding="utf8") as f, open(src, "w", encoding="utf8") as g:
        for i, line in enumerate(f):
            if i >= args.n:
                break
            g.write(line)
    runs: dict[int, list[dict]] = {1: [], 2: []}
    for r in range(args.repeats):
        for k in (1, 2):
            res = run_ingest(k, src, work, str(r))
            runs[k].append(res)
            print(f"run {r} workers {k}: process {res['process_s']:.1f}s, ingest {res['loop_s']:.1f}s "
                  f"({res['stored'] / res['loop_s']:.1f}/s), other processes {res['other_cpu_s']:.1f} CPU-s",
                  file=sys.stderr)
    diffs = [same_store(runs[1][0]["db"], x["db"]) for x in runs[1][1:] + runs[2]]
    identical = all(not d for d in diffs)
    whole = {}
    if args.whole_corpus:
        for k in (1, 2):
            whole[k] = run_ingest(k, Path(args.corpus).resolve(), work, "whole")
            print(f"whole corpus, workers {k}: process {whole[k]['process_s']:.1f}s, ingest {whole[k]['loop_s']:.1f}s",
                  file=sys.stderr)
        whole["same"] = not same_store(whole[1]["db"], whole[2]["db"])

    pq = run_parquet(src, work)
    from kroniek.ingest import read_paths

    analyses = [(r.item, r.origin) for r in read_paths([pq["dir"]]) if hasattr(r.item, "sentences")]
    writer = measure_writer(analyses, work)
    pq["same_store"] = not same_store(runs[1][0]["db"], str(work / "from-parquet.duckdb"))
    text = report(args, runs, identical, diffs, writer, pq, whole)
    Path(args.out).write_text(text, encoding="utf8")
    print(text)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


def _whole_corpus(whole: dict) -> list[str]:
    one, two = whole[1], whole[2]
    return [
        f"### The whole corpus, once each ({one['read']} lines, {one['stored']} stored)",
        "",
        "| | 1 worker | 2 workers | ratio |",
        "|---|---|---|---|",
        f"| whole command, s | {one['process_s']:.1f} | {two['process_s']:.1f} | **{one['process_s'] / two['process_s']:.2f}×** |",
        f"| ingest loop, s | {one['loop_s']:.1f} | {two['loop_s']:.1f} | {one['loop_s'] / two['loop_s']:.2f}× |",
        f"| articles/s (stored / ingest loop) | {one['stored'] / one['loop_s']:.1f} | {two['stored'] / two['loop_s']:.1f} | |",
        f"| peak memory per worker, MB | {max(one['worker_peak_mb']):.0f} | {max(two['worker_peak_mb']):.0f} | |",
        f"| CPU used by other processes during the run, CPU-s | {one['other_cpu_s']:.1f} | {two['other_cpu_s']:.1f} | |",
        "",
        f"Stores: {'identical' if whole['same'] else 'DIFFERENT'}. With more articles the fixed start-up weighs less and the whole "
        "command's ratio approaches the ingest loop's.",
        "",
    ]


def _med(xs):
    return statistics.median(xs)


def report(args, runs, identical, diffs, writer, pq, whole) -> str:
    import platform

    one, two = runs[1], runs[2]
    n = one[0]["stored"]
    loop1, loop2 = _med([r["loop_s"] for r in one]), _med([r["loop_s"] for r in two])
    proc1, proc2 = _med([r["process_s"] for r in one]), _med([r["process_s"] for r in two])
    best1, best2 = min(r["loop_s"] for r in one), min(r["loop_s"] for r in two)
    cpu_per_article = _med([sum(r["worker_cpu_s"]) / r["stored"] for r in one + two])  # worker CPU-s per article
    per_core = 1 / cpu_per_article
    w_rate = _med(writer["rates"])
    day, archive = 250_000, 10_000_000
    eff2 = (loop1 / loop2) / 2  # parallel efficiency measured at 2 workers
    lines = [
        "# Scaling: analysis on Dask workers, a batch writer, Parquet",
        "",
        f"Written by `make bench-scale` (`bench/scale.py`) on {time.strftime('%Y-%m-%d')}: the first {args.n} lines of the",
        f"2019 development corpus (`../shared/data/corpus_nl/dpgmedia2019.jsonl`, read from `../shared`, not shipped),",
        f"{n} of them stored (the rest are empty-text errors and repeated texts, recorded as such).",
        f"Machine: {os.cpu_count()} cores ({platform.processor() or platform.machine()}), Python {platform.python_version()}.",
        f"Each ingest is a child process with a fresh local cluster (`kroniek ingest --dask-workers N`), {args.repeats}",
        "runs per setting, 1 and 2 workers interleaved; medians unless said otherwise.",
        "",
        "## 1 vs 2 workers",
        "",
        "| | 1 worker | 2 workers | ratio |",
        "|---|---|---|---|",
        f"| ingest loop (read, analyse, write; what `kroniek ingest` reports), s | {loop1:.1f} | {loop2:.1f} | **{loop1 / loop2:.2f}×** |",
        f"| articles/s (stored / ingest loop) | {n / loop1:.1f} | {n / loop2:.1f} | |",
        f"| best run's ingest loop, s | {best1:.1f} | {best2:.1f} | {best1 / best2:.2f}× |",
        f"| whole command (Python start, cluster start, model loading in the workers, ingest, shutdown), s | {proc1:.1f} | {proc2:.1f} | {proc1 / proc2:.2f}× |",
        f"| cluster start and model loading, s | {_med([r['start_s'] for r in one]):.1f} | {_med([r['start_s'] for r in two]):.1f} | |",
        f"| peak memory per worker, MB | {_med([max(r['worker_peak_mb']) for r in one]):.0f} | {_med([max(r['worker_peak_mb']) for r in two]):.0f} | |",
        f"| peak memory of the ingest process (reader, writer, scheduler), MB | {_med([r['parent_peak_mb'] for r in one]):.0f} | {_med([r['parent_peak_mb'] for r in two]):.0f} | |",
        f"| CPU used by other processes during the run, CPU-s | {_med([r['other_cpu_s'] for r in one]):.1f} | {_med([r['other_cpu_s'] for r in two]):.1f} | |",
        "",
        f"Bar (issue 15): 2 workers at least 1.7× as fast as 1. Ingest loop: {'met' if loop1 / loop2 >= 1.7 else 'not met'} "
        f"({loop1 / loop2:.2f}×); whole command with start-up: {'met' if proc1 / proc2 >= 1.7 else 'not met'} ({proc1 / proc2:.2f}×; "
        "the start-up, mostly loading the model, takes as long with 1 worker as with 2).",
        "",
        "Ratio of each interleaved pair (1-worker ingest loop / 2-worker ingest loop): "
        + ", ".join(f"{a['loop_s'] / b['loop_s']:.2f}" for a, b in zip(one, two)) + ".",
        "",
        "Every run, per setting (ingest loop s / whole command s / other processes' CPU-s): "
        + "; ".join(f"{k} worker{'s' if k > 1 else ''}: " + ", ".join(
            f"{r['loop_s']:.1f}/{r['process_s']:.1f}/{r['other_cpu_s']:.1f}" for r in runs[k]) for k in (1, 2)) + ".",
        "",
        f"Stores: {'all ' + str(len(diffs) + 1) + ' stores are identical' if identical else 'DIFFERENT: ' + '; '.join(map(str, diffs))}"
        " (every table, every column but timestamps: `kroniek.store.compare`).",
        "",
        *(_whole_corpus(whole) if whole else []),
        "## Where the time goes (2 workers)",
        "",
        f"- Analysis: {cpu_per_article * 1000:.0f} ms of worker CPU per article ({per_core:.1f} articles/s per core); "
        f"worker CPU {_med([sum(r['worker_cpu_s']) for r in two]):.1f} s in all.",
        f"- The ingest process (reading, hashing, receiving results, scheduler, linking and writing): "
        f"{_med([r['parent_cpu_s'] for r in two]):.1f} CPU-s, of which writing {_med([r['write_s'] for r in two]):.1f} s "
        f"wall; that is CPU the two workers do not get on a two-core machine.",
        f"- Before the first article: Python, the cluster and the model in each worker take "
        f"{_med([r['start_s'] for r in two]):.1f} s (the same with 1 or 2 workers: they load side by side).",
        "",
        "## The writer alone",
        "",
        f"Analyses computed beforehand (read from the Parquet files below), written by `kroniek.store.batch.BatchWriter` "
        f"in batches of 64 on one core (process pinned to one CPU, DuckDB `threads = 1`), into an empty store:",
        "",
        "| writer | articles/s |",
        "|---|---|",
        f"| batch writer ({len(writer['rates'])} runs: " + ", ".join(f"{x:.0f}" for x in writer["rates"]) + f") | **{w_rate:.0f}** |",
        f"| per-article writer (`store.write_analysis`, the previous ingest path), first 100 | {writer['old_rate']:.1f} |",
        "",
        f"As the store grows (the {writer['n']} analyses written ten times over, as other texts, dates a week apart each "
        f"round; {writer['n'] * 10} articles in the end), articles/s per round: "
        + ", ".join(f"{x:.0f}" for x in writer["growth"]) + ".",
        "",
        "## Parquet: analyse anywhere, merge once",
        "",
        f"`kroniek analyze --format parquet --dask-workers 2` wrote {pq['files']} files over {pq['days']} days "
        f"({pq['mb']:.1f} MB) in {pq['analyze_s']:.1f} s (whole command); `kroniek ingest DIR` stored the "
        f"{pq['stored']} analyses without analysing in {pq['ingest_s']:.1f} s (whole command; {pq['ingest_loop_s']:.1f} s "
        f"ingest loop, reading Parquet included). The store it makes is "
        f"{'identical to' if pq['same_store'] else 'not identical to'} the ingest from JSONL "
        f"({'the articles are linked in date order, which is this input order' if pq['same_store'] else 'Parquet is read day by day, so its articles are linked in date order, the JSONL in input order, and linking depends on order'}); "
        "`tests/test_scale.py` checks that it equals the store of the same articles ingested in date order.",
        "",
        "## What a GDELT-sized day and a 10-million-article archive need",
        "",
        "From the figures above; every assumption is next to its number.",
        "",
        "| | figure | assumptions |",
        "|---|---|---|",
        f"| analysis, one core | {per_core:.1f} articles/s | this corpus's articles (about 350 words); this machine's cores; worker CPU per article measured above |",
        f"| GDELT-sized day, 250,000 articles: analysis | {day / per_core / 3600:.1f} core-hours; **{day / per_core / 86400 / eff2:.2f} cores** to keep up over 24 h, {day / per_core / 3600 / eff2:.0f} cores to do a day's news in one hour | parallel efficiency {eff2:.2f} per core, as measured at 2 workers here, held on more workers |",
        f"| the same day: the writer | {day / w_rate / 3600:.2f} h of one core | batch writer rate above ({w_rate:.0f}/s); rate measured on stores of up to {writer['n'] * 10} articles |",
        f"| 10-million-article archive: analysis | {archive / per_core / 3600:,.0f} core-hours: {archive / per_core / 3600 / 64 / eff2:.1f} h on 64 cores, {archive / per_core / 3600 / 512 / eff2:.1f} h on 512 | same rate and efficiency; Parquet output per worker, so the writer is not in the loop |",
        f"| the archive: one writer merging the Parquet | {archive / w_rate / 3600:.1f} h | rate above held (see the growth figures); one writer, as linking is sequential by design |",
        "",
        "Limits of these extrapolations: the rate per core is this machine's (2 cores of a shared VM; other",
        "processes' CPU is in the table); the writer keeps its linking index (actors, aliases, events) in memory,",
        "so a store of millions of articles needs memory for millions of actors and events (not measured at",
        "that size); the writer's rate was measured up to the store size given, not at millions of articles.",
        "",
        "## How to run it",
        "",
        "```sh",
        "kroniek ingest articles.jsonl --dask-workers 2                  # a local cluster of 2 worker processes",
        "dask scheduler                                                  # on one machine (port 8786)",
        "dask worker tcp://SCHEDULER:8786 --nworkers 8 --nthreads 1      # on each machine, kroniek installed",
        "kroniek ingest articles.jsonl --scheduler tcp://SCHEDULER:8786  # analysis there, writing here",
        "kroniek analyze archive/ --format parquet --out /shared/analyses --scheduler tcp://SCHEDULER:8786",
        "kroniek ingest /shared/analyses                                 # one writer merges, no analysis",
        "```",
        "",
        "Workers each load the pipeline once (a worker plugin; again when the nanny replaces a dead worker) and",
        "analyse batches of 16 articles (`--batch-size`) with spaCy's batching; the ingest keeps two batches per",
        "worker in flight, reads its input 1,000 items ahead, and writes results in input order, 64 articles",
        "(or what waited 2 s) per transaction. On a cluster of your own, give workers one thread each",
        "(`--nthreads 1`, `OMP_NUM_THREADS=1`) and, as the local cluster does, set",
        "`DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False` (the statistical profiler costs a few per cent on",
        "spaCy's deep stacks).",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--one-ingest":
        one_ingest(int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5])
    else:
        main()
