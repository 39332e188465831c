"""Speed benchmark of the whole ``analyze`` pipeline, with Frog side by side.

Not a test: prints and writes figures. Runs kroniek in a child process with
one thread (words/s and articles/s per core, peak RSS), and, where Debian's
``frog`` is installed, ``frog --skip=p`` on exactly the same text, repeated
and interleaved so both see the same machine load; medians are reported.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, os, resource, sys, time
from kroniek.analyze import TOK2VEC_BATCH, analyze, analyze_many
from kroniek.document import Article
from kroniek.nlp import pipeline
arts = [Article(**a) for a in json.load(open(sys.argv[1]))]
lang = sys.argv[3] if len(sys.argv) > 3 else "nl"
nlp = pipeline.load(lang)
if len(sys.argv) > 2 and sys.argv[2] == "rules":
    nlp.get_pipe("kroniek_events").learned = None  # the rule coder alone: the event layer before it learned
list(analyze_many([Article(id="warm", lang=lang, text=arts[0].text[:400])], nlp))
t0 = time.perf_counter()
out = list(analyze_many(arts, nlp))  # the corpus path of `kroniek analyze`/`ingest`: batches of 32
secs = time.perf_counter() - t0
assert len(out) == len(arts)
t0 = time.perf_counter()
for a in arts[:50]:
    analyze(a, nlp)  # one article at a time, as an API request does
single = {"secs": time.perf_counter() - t0, "articles": min(50, len(arts))}
parts = {}
docs = []
for a in arts:
    doc = nlp.make_doc(a.text)
    doc._.published_at = a.published_date()
    docs.append(doc)
for name, proc in nlp.pipeline:
    t = time.perf_counter()
    size = TOK2VEC_BATCH if name == "tok2vec" else 32  # as analyze_many runs them
    docs = list(proc.pipe(docs, batch_size=size)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
    parts[name] = parts.get(name, 0.0) + time.perf_counter() - t
print(json.dumps({"secs": secs, "single": single, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "parts": parts}))
"""


def words(text: str) -> int:
    return len(text.split())


def run_kroniek(path: str, coder: str = "learned", lang: str = "nl") -> dict:
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1", BLIS_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", CHILD, path, coder, lang], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_frog(txt: Path, parser: bool = False) -> dict:
    """One ``frog`` run: ``--skip=p`` as the issue's comparison asks, or with Frog's own dependency
    parser (``parser=True``), the like-for-like run, since kroniek parses too. Peak memory is this
    run's own (``wait4``), not the maximum over all children so far."""
    skip = [] if parser else ["--skip=p"]
    t0 = time.perf_counter()
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen(["frog", *skip, "-t", str(txt), "-o", os.devnull], stdout=null, stderr=null,
                                env=dict(os.environ, OMP_NUM_THREADS="1"))
        _, status, usage = os.wait4(proc.pid, 0)
    secs = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, proc.args)
    return {"secs": secs, "rss_mb": usage.ru_maxrss / 1024}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--articles", type=int, default=200, help="articles for the kroniek run")
    ap.add_argument("--frog-articles", type=int, default=20, help="articles for the side-by-side run with Frog")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--corpus-en", type=Path, default=Path(__file__).resolve().parents[1] / "training/events_en/docs.jsonl",
                    help="English articles (JSONL with id, text), run interleaved with the Dutch ones; default the "
                         "Wikinews articles of the English event corpus (MEANTIME, GUM), in the repository")
    args = ap.parse_args(argv)

    arts = []
    with open(args.corpus, encoding="utf8") as f:
        for line in f:
            d = json.loads(line)
            arts.append({"id": str(d["id"]), "text": d["text"], "title": d.get("title"),
                         "published_at": (d.get("published_at") or "")[:10] or None})
    tmp = Path(tempfile.mkdtemp())
    big = arts[: args.articles]
    small = arts[: args.frog_articles]
    (tmp / "big.json").write_text(json.dumps(big))
    (tmp / "small.json").write_text(json.dumps(small))
    (tmp / "small.txt").write_text("\n\n".join(a["text"] for a in small), encoding="utf8")
    n_big, n_small = sum(words(a["text"]) for a in big), sum(words(a["text"]) for a in small)
    has_frog = shutil.which("frog") is not None

    en = []
    if args.corpus_en and args.corpus_en.exists():
        # as many English words as the Dutch run has, so both runs are about as long
        for line in args.corpus_en.read_text(encoding="utf8").splitlines():
            d = json.loads(line)
            en.append({"id": str(d["id"]), "text": d["text"], "lang": "en", "published_at": None})
            if sum(words(a["text"]) for a in en) >= n_big:
                break
        (tmp / "en.json").write_text(json.dumps(en))
    n_en = sum(words(a["text"]) for a in en)
    en_runs = []
    (tmp / "tiny.txt").write_text("Dit is een zin.\n", encoding="utf8")
    big_runs, small_runs, frog_runs, frog_start, frogp_runs, frogp_start = [], [], [], [], [], []
    rules_runs = []
    for i in range(args.repeat):
        big_runs.append(run_kroniek(str(tmp / "big.json")))
        rules_runs.append(run_kroniek(str(tmp / "big.json"), coder="rules"))
        small_runs.append(run_kroniek(str(tmp / "small.json")))
        if en:
            en_runs.append(run_kroniek(str(tmp / "en.json"), lang="en"))
        if has_frog:
            frog_runs.append(run_frog(tmp / "small.txt"))
            frog_start.append(run_frog(tmp / "tiny.txt"))  # Frog's start-up: loading its models
            frogp_runs.append(run_frog(tmp / "small.txt", parser=True))
            frogp_start.append(run_frog(tmp / "tiny.txt", parser=True))
        print(f"round {i + 1}/{args.repeat} done", file=sys.stderr)

    def med(runs, key="secs"):
        return statistics.median(r[key] for r in runs)

    res = {
        "cpu": os.uname().machine,
        "kroniek_full": {"articles": len(big), "words": n_big, "median_secs": round(med(big_runs), 2),
                         "words_per_s": round(n_big / med(big_runs)), "articles_per_s": round(len(big) / med(big_runs), 2),
                         "peak_rss_mb": round(max(r["rss_mb"] for r in big_runs))},
        "kroniek_single": {"articles": big_runs[0]["single"]["articles"],
                           "words_per_s": round(sum(words(a["text"]) for a in big[: big_runs[0]["single"]["articles"]])
                                                / statistics.median(r["single"]["secs"] for r in big_runs))},
        "side_by_side": {"articles": len(small), "words": n_small,
                         "kroniek_words_per_s": round(n_small / med(small_runs))},
        "repeat": args.repeat,
        "rule_coder": {"words_per_s": round(n_big / med(rules_runs)),
                       "learned_over_rules": round(med(rules_runs) / med(big_runs), 3)},
    }
    if en_runs:
        res["english"] = {"articles": len(en), "words": n_en, "median_secs": round(med(en_runs), 2),
                          "words_per_s": round(n_en / med(en_runs)), "articles_per_s": round(len(en) / med(en_runs), 2),
                          "peak_rss_mb": round(max(r["rss_mb"] for r in en_runs)),
                          "over_dutch": round((n_en / med(en_runs)) / (n_big / med(big_runs)), 3),
                          "pairs_over_dutch": [round((n_en / e["secs"]) / (n_big / d["secs"]), 3) for e, d in zip(en_runs, big_runs)]}
    parts = big_runs[-1]["parts"]
    total = sum(parts.values())
    res["components"] = {k: {"share": round(v / total, 3), "words_per_s": round(n_big / v)} for k, v in parts.items()}
    if en_runs:
        parts_en = en_runs[-1]["parts"]
        total_en = sum(parts_en.values())
        res["components_en"] = {k: {"share": round(v / total_en, 3), "words_per_s": round(n_en / v)} for k, v in parts_en.items()}
    if has_frog:
        startup = med(frog_start)
        res["side_by_side"].update(
            frog_words_per_s=round(n_small / med(frog_runs)), frog_peak_rss_mb=round(max(r["rss_mb"] for r in frog_runs)),
            frog_startup_s=round(startup, 2),
            frog_words_per_s_after_startup=round(n_small / max(med(frog_runs) - startup, 1e-9)),
            ratio=round((med(frog_runs) - startup) / med(small_runs), 1),
            ratio_whole_run=round(med(frog_runs) / med(small_runs), 1))
        startup_p = med(frogp_start)
        res["side_by_side"].update(
            frog_parser_words_per_s=round(n_small / med(frogp_runs)), frog_parser_startup_s=round(startup_p, 2),
            frog_parser_peak_rss_mb=round(max(r["rss_mb"] for r in frogp_runs)),
            frog_parser_words_per_s_after_startup=round(n_small / max(med(frogp_runs) - startup_p, 1e-9)),
            ratio_parser=round((med(frogp_runs) - startup_p) / med(small_runs), 1))
    print(json.dumps(res, indent=1))
    if args.out:
        write_report(res, args.out)


def write_report(res: dict, out: Path) -> None:
    k, s = res["kroniek_full"], res["side_by_side"]
    lines = [
        "# Performance",
        "",
        "Written by `make bench` (`bench/bench.py`): the whole `analyze` pipeline (tokenizer, tagger, lemmatizer,",
        "parser, NER and all kroniek layers, building the output records) in one process with one thread",
        "(`OMP_NUM_THREADS=1`, `OPENBLAS_NUM_THREADS=1`),",
        f"median of {res['repeat']} interleaved runs, on the 2019 Dutch news corpus (`shared/data/corpus_nl`).",
        "",
        "| run | articles | words | words/s (1 core) | articles/s | peak memory |",
        "|---|---|---|---|---|---|",
        f"| kroniek analyze (batches of 32, as `kroniek analyze`/`ingest` run a corpus) | {k['articles']} | {k['words']} | "
        f"{k['words_per_s']:,} | {k['articles_per_s']} | {k['peak_rss_mb']} MB |",
        f"| kroniek analyze, one article at a time (as an API request) | {res['kroniek_single']['articles']} | | "
        f"{res['kroniek_single']['words_per_s']:,} | | |",
        f"| kroniek analyze (side-by-side subset) | {s['articles']} | {s['words']} | {s['kroniek_words_per_s']:,} | | |",
    ]
    e = res.get("english")
    if e:
        lines.append(f"| kroniek analyze, **English** (Wikinews articles of `training/events_en`, batches of 32) | {e['articles']} | "
                     f"{e['words']} | {e['words_per_s']:,} | {e['articles_per_s']} | {e['peak_rss_mb']} MB |")
    if "frog_words_per_s" in s:
        lines.append(f"| frog --skip=p (same subset), start-up of {s['frog_startup_s']} s subtracted | {s['articles']} | {s['words']} | "
                     f"{s['frog_words_per_s_after_startup']:,} | | {s['frog_peak_rss_mb']} MB |")
        lines.append(f"| frog --skip=p (same subset), whole run | {s['articles']} | {s['words']} | {s['frog_words_per_s']:,} | | |")
        lines.append(f"| frog with its parser (same subset), start-up of {s['frog_parser_startup_s']} s subtracted | "
                     f"{s['articles']} | {s['words']} | {s['frog_parser_words_per_s_after_startup']:,} | | "
                     f"{s['frog_parser_peak_rss_mb']} MB |")
        lines.append(f"| frog with its parser (same subset), whole run | {s['articles']} | {s['words']} | "
                     f"{s['frog_parser_words_per_s']:,} | | |")
        lines += ["", f"On the same text kroniek is **{s['ratio']}×** as fast as `frog --skip=p` ({s['ratio_whole_run']}× "
                  f"against Frog's whole run) and **{s['ratio_parser']}×** as fast as Frog with its dependency parser, "
                  "the like-for-like comparison since kroniek parses too (ratios of medians; kroniek's model loading "
                  "is outside its timer, so Frog's start-up, measured on a one-line file, is subtracted). The subset is "
                  "small because Frog is slow: kroniek's figure on it includes its first, cold batch."]
    else:
        lines += ["", "Frog is not installed here (`apt-get install frog frogdata`), so no side-by-side figure."]
    if e:
        lines += ["", f"English against Dutch, interleaved in the same rounds: **{e['over_dutch']}×** the Dutch words/s "
                  f"(ratio of medians; per round {', '.join(str(x) for x in e['pairs_over_dutch'])}). Both run the whole "
                  "pipeline of their language with one thread."]
    rc = res.get("rule_coder")
    if rc:
        lines += ["", f"The same {k['articles']} articles with the event layer's rule coder alone (`coder=\"rules\"`, the event "
                  f"layer before it was learned), interleaved with the runs above: {rc['words_per_s']:,} words/s; the "
                  f"learned coder keeps **{100 * rc['learned_over_rules']:.0f}%** of that speed (ratio of medians)."]
    en_parts = res.get("components_en") or {}
    lines += ["", "## Where the time goes", "", "One pass over the same articles, component by component"
              + (" (English: over the English articles of the last round):" if en_parts else ":"), ""]
    if en_parts:
        lines += ["| component | share of time | words/s alone | English share | English words/s alone |", "|---|---|---|---|---|"]
    else:
        lines += ["| component | share of time | words/s alone |", "|---|---|---|"]
    for name, v in sorted(res["components"].items(), key=lambda kv: -kv[1]["share"]):
        e = en_parts.get(name)
        row = f"| {name} | {100 * v['share']:.0f}% | {v['words_per_s']:,} |"
        if en_parts:
            row += f" {100 * e['share']:.0f}% | {e['words_per_s']:,} |" if e else " | |"
        lines.append(row)
    for name, e in en_parts.items():
        if name not in res["components"]:
            lines.append(f"| {name} (English only) | | | {100 * e['share']:.0f}% | {e['words_per_s']:,} |")
    out.write_text("\n".join(lines) + "\n" + kept_sections(out), encoding="utf8")


def kept_sections(out: Path) -> str:
    """Sections other benchmarks write into the same file (between <!-- NAME:begin --> and <!-- NAME:end -->,
    e.g. `make bench-api`): kept as they are when this report is rewritten."""
    import re

    text = out.read_text(encoding="utf8") if out.exists() else ""
    found = re.finditer(r"<!-- ([\w-]+):begin -->.*?<!-- \1:end -->", text, flags=re.S)
    return "".join("\n" + m.group(0) + "\n" for m in found)


if __name__ == "__main__":
    main()
