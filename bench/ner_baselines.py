"""Entities on the dev gold: kroniek against Frog (Debian's ``frog``).

Frog tags tokens; this script aligns its tokens back to character offsets in
the article text and maps its labels to CoNLL-2002 (per→PER, loc→LOC,
org→ORG, pro/eve/misc→MISC), then scores with kroniek's own scorer. The
figures are merged into ``docs/baselines.json`` for the evaluation report.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kroniek.evaluate.gold import read_jsonl, score  # noqa: E402

FROG_LABELS = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "PRO": "MISC", "EVE": "MISC", "MISC": "MISC"}


def frog_entities(text: str, workdir: Path) -> list[dict]:
    src = workdir / "in.txt"
    src.write_text(text, encoding="utf8")
    out = subprocess.run(["frog", "--skip=pm", "-t", str(src)], capture_output=True, text=True, check=True).stdout
    ents, pos, cur = [], 0, None
    for line in out.splitlines():
        cols = line.split("\t")
        if len(cols) < 7 or not cols[0].isdigit():
            continue
        word, tag = cols[1], cols[6]
        start = text.find(word, pos)
        if start < 0:  # frog rewrote the token (quotes, dashes): skip it
            cur = None
            continue
        end = pos = start + len(word)
        kind = tag[2:].upper() if len(tag) > 2 else ""
        if tag.startswith("B-") or (tag.startswith("I-") and (cur is None or cur["label"] != FROG_LABELS.get(kind))):
            cur = {"start": start, "end": end, "label": FROG_LABELS.get(kind, "MISC")}
            ents.append(cur)
        elif tag.startswith("I-") and cur is not None:
            cur["end"] = end
        else:
            cur = None
    for e in ents:
        e["text"] = text[e["start"] : e["end"]]
    return ents


def merge_baselines(path: Path, rows: list[dict]) -> None:
    old = json.loads(path.read_text(encoding="utf8")) if path.exists() else []
    keys = {(r["tool"], r["layer"]) for r in rows}
    path.write_text(json.dumps([r for r in old if (r["tool"], r["layer"]) not in keys] + rows, indent=1, ensure_ascii=False) + "\n", encoding="utf8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "eval" / "dev_gold.jsonl"))
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "baselines.json")
    args = ap.parse_args(argv)
    if not shutil.which("frog"):
        print("frog is not installed (apt-get install frog frogdata)", file=sys.stderr)
        return 2
    golds = read_jsonl(args.gold)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        preds = [{"id": g["id"], "entities": frog_entities(g["text"], Path(tmp))} for g in golds]
    secs = time.perf_counter() - t0
    e = score(preds, golds, layers=["entities"])["entities"]
    print(json.dumps(e, indent=1))
    merge_baselines(args.out, [{
        "tool": "Frog 0.20 (Debian)", "layer": "entities",
        "figures": f"P {e['p']:.3f} R {e['r']:.3f} F1 {e['f']:.3f}",
        "how": f"`bench/ner_baselines.py`: frog --skip=pm, tokens aligned to offsets; {secs:.0f} s for {len(golds)} articles",
    }])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
