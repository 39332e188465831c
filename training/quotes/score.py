"""Score kroniek's quotes and speakers on the quote set (``training/quotes``).

    python training/quotes/score.py            # the dev split -> results.json "dev"
    python training/quotes/score.py --test     # the frozen test split, once per configuration worth reporting

The quote layer is rules: nothing is trained on this set. Its dev split shows where the rules fail on
text they were not written for; the test split is scored when a version of the rules is final, and
every scoring is kept in ``results.json`` (``test_scorings``), so a figure is never chosen after the fact.
Besides the evaluation's own measures (quote F1, speaker accuracy over matched quotes with names equal
after normalisation), it reports a lenient speaker accuracy (same surname, or one name inside the other) and an error breakdown by how the speaker
was found (the rule named in each quote's reason).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kroniek.evaluate.gold import analyses_for_gold, lenient_speaker, norm_name, quote_pairs, read_jsonl, score  # noqa: E402


def _matches(pred: list[dict], gold: list[dict]):
    """Gold/prediction pairs as the evaluation matches them."""
    for i, j in quote_pairs(pred, gold):
        yield gold[j], pred[i]


def _how(reason: str) -> str:
    """The speaker rule named in a quote's reason ('...; speaker: <rule>')."""
    tail = reason.split("speaker:", 1)[1].strip() if "speaker:" in reason else "none"
    for key in ("not found", "pronoun", "description", "subject after the quote", "volgens", "colon",
                "previous quot", "subject", "owner", "document", "unnamed"):
        if key in tail:
            return key
    return tail.split(" ")[0][:30]


def breakdown(preds: list[dict], golds: list[dict]) -> dict:
    by_id = {p["id"]: p for p in preds}
    rows, lenient_ok, n = Counter(), 0, 0
    for g in golds:
        for gq, pq in _matches(by_id[g["id"]].get("quotes") or [], g["quotes"]):
            a, b = norm_name(pq.get("speaker")), norm_name(gq.get("speaker"))
            ok = a == b
            n += 1
            lenient_ok += lenient_speaker(pq.get("speaker"), gq.get("speaker"))
            gold_kind = "gold null" if not b else "gold named"
            rows[(_how(pq.get("reason", "")), gold_kind, "right" if ok else "wrong")] += 1
    table = {}
    for (how, gk, res), c in sorted(rows.items()):
        table.setdefault(f"{how} / {gk}", {"right": 0, "wrong": 0})[res] = c
    return {"speaker_accuracy_lenient": round(lenient_ok / n, 4) if n else 0.0, "by_rule": table}


def _source(doc_id: str) -> str:
    return doc_id.split("-")[0]  # conll (sentences shuffled), alpino (1970s blocks), meantime (whole articles)


def by_source(preds: list[dict], golds: list[dict]) -> dict:
    """The same measures per source: MEANTIME keeps the articles' sentence order, CoNLL-2002 does not."""
    out = {}
    for src in sorted({_source(g["id"]) for g in golds}):
        part = [g for g in golds if _source(g["id"]) == src]
        r = score(preds, part, layers=["quotes"])["quotes"]
        out[src] = {"documents": len(part), "gold": r["tp"] + r["fn"], "p": r["p"], "r": r["r"], "f": r["f"],
                    "speaker_accuracy": r["speaker_accuracy"]}
    return out


def where_named(preds: list[dict], golds: list[dict]) -> dict:
    """Speaker accuracy by where the gold speaker is named: in the quote's sentence, elsewhere, or nowhere."""
    by_id = {p["id"]: p for p in preds}
    counts: dict[str, list[int]] = {}
    for g in golds:
        sents = g["sentences"]
        for gq, pq in _matches(by_id[g["id"]].get("quotes") or [], g["quotes"]):
            if not gq.get("speaker"):
                key = "not said (gold null)"
            elif "speaker_start" in gq and any(s["start"] <= gq["speaker_start"] < s["end"] and s["start"] <= gq["start"] <= s["end"]
                                               for s in sents):
                key = "named in the quote's sentence"
            else:
                key = "named elsewhere"
            c = counts.setdefault(key, [0, 0])
            c[0] += norm_name(pq.get("speaker")) == norm_name(gq.get("speaker"))
            c[1] += 1
    return {k: {"right": v[0], "of": v[1], "accuracy": round(v[0] / v[1], 4)} for k, v in counts.items()}


def run(split: str) -> dict:
    golds = read_jsonl(HERE / f"{split}.jsonl")
    preds = analyses_for_gold(golds)
    res = score(preds, golds, layers=["quotes"])["quotes"]
    res.update(breakdown(preds, golds))
    res["by_source"] = by_source(preds, golds)
    res["by_where_named"] = where_named(preds, golds)
    res["documents"] = len(golds)
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--test", action="store_true", help="score the frozen test split")
    ap.add_argument("--note", default="", help="what configuration this test scoring is (kept with it)")
    a = ap.parse_args(argv)
    path = HERE / "results.json"
    report = json.loads(path.read_text()) if path.exists() else {}
    split = "test" if a.test else "dev"
    res = run(split)
    if a.test:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        report.setdefault("test_scorings", []).append(
            {"date": dt.date.today().isoformat(), "commit_before": commit, "note": a.note, "quotes": res})
        report["test"] = res
    else:
        report["dev"] = res
    path.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    print(json.dumps({k: v for k, v in res.items() if k != "by_rule"}, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
