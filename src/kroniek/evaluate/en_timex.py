"""English time expressions: TempEval-3 figures on TimeBank/AQUAINT and MEANTIME English.

The dev split is scored live (``training/en/timex_eval.py``, a few seconds: only the timex layer runs);
the test split is shown as recorded when it was scored once (``training/en/results/timex.json``), never
rescored here. TimeBank/AQUAINT is research-use data: nothing of its text is in the repository.
"""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SCORER = ROOT / "training" / "en" / "timex_eval.py"
RESULTS = ROOT / "training" / "en" / "results" / "timex.json"
HEADER = [
    "| split | corpus | documents | gold | strict F1 | relaxed P | relaxed R | relaxed F1 | type acc. | value acc. | value F1 | scored on |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
]


def _row(split: str, corpus: str, r: dict, when: str) -> str:
    return (f"| {split} | {corpus} | {r['documents']} | {r['gold']} | {r['strict']['f1']:.3f} | {r['relaxed']['p']:.3f} | "
            f"{r['relaxed']['r']:.3f} | {r['relaxed']['f1']:.3f} | {r['type_accuracy']:.3f} | {r['value_accuracy']:.3f} | "
            f"{r['value_f1']:.3f} | {when} |")


def _scorer():
    spec = importlib.util.spec_from_file_location("kroniek_timex_eval", SCORER)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def section(shared: Path, results: Path = RESULTS) -> list[str]:
    lines = ["### Time expressions (TIMEX3: TimeBank/AQUAINT, MEANTIME)", ""]
    lines += [
        "TempEval-3 style: strict = same span, relaxed = overlapping span; type and value accuracy over the relaxed",
        "matches; value F1 = relaxed F1 × value accuracy. Each document's creation time is its publication date.",
        "MEANTIME is scored on the sentences it annotates (title, dateline, first sentences).",
        "",
    ] + HEADER
    if SCORER.exists() and (shared / "data" / "en" / "timebank_aquaint").exists():
        res, _, _ = _scorer().evaluate(shared, "dev")
        for corpus in ("tbaq", "meantime", "all"):
            if corpus in res:
                lines.append(_row("dev", corpus, res[corpus], "live"))
    else:
        lines.append("| dev | not scored: `../shared/data/en` absent | | | | | | | | | | |")
    report = json.loads(results.read_text(encoding="utf8")) if results.exists() else {}
    if "test" in report:
        t = report["test"]
        for corpus in ("tbaq", "meantime", "all"):
            if corpus in t["figures"]:
                lines.append(_row("test (scored once)", corpus, t["figures"][corpus], t["date"]))
    else:
        lines.append("| test | not scored yet | | | | | | | | | | |")
    return lines
