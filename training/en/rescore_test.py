"""Score an English layer's test split again, keeping every earlier scoring in its record.

Each English layer's test split is scored once, when the layer is finished, by its own script,
which refuses to overwrite ``training/en/results/<layer>.json``. When a layer is rebuilt later
(more training data, rules developed on train/dev only), its test split may be scored once more;
this wrapper moves the old record aside, runs the layer's scoring command, and writes the new
record with the old ones under ``earlier_test_scorings`` (newest last), so the report can show
both and nobody mistakes a rescored figure for a first one.

    python training/en/rescore_test.py events --why "more training data" -- \\
        python -m kroniek.evaluate.en_events --test --note "..."
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
DEV_KEYS = ("dev", "train", "gum", "test_scorings", "layer")  # figures of other splits, not part of a test scoring


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("layer", help="parse, entities, timex, quotes or events")
    ap.add_argument("--why", required=True, help="why the test split is scored again (kept in the record)")
    argv = list(sys.argv[1:] if argv is None else argv)
    cut = argv.index("--") if "--" in argv else len(argv)
    a, cmd = ap.parse_args(argv[:cut]), argv[cut + 1:]  # after --: the layer's own test-scoring command
    if not cmd:
        ap.error("give the scoring command after --")
    path = RESULTS / f"{a.layer}.json"
    old = json.loads(path.read_text(encoding="utf8")) if path.exists() else None
    aside = path.with_suffix(".json.before")
    if old is not None:
        path.rename(aside)
    rc = subprocess.call(cmd)
    if rc != 0 or not path.exists():
        if old is not None:  # nothing new was recorded: put the old record back as it was
            path.unlink(missing_ok=True)
            aside.rename(path)
        print(f"scoring failed (exit {rc}); {path.name} unchanged", file=sys.stderr)
        return rc or 1
    new = json.loads(path.read_text(encoding="utf8"))
    if old is not None:
        history = old.pop("earlier_test_scorings", [])
        for key, value in old.items():  # what the scoring did not rewrite (dev and train figures) stays
            if key == "test_scorings":  # a layer that keeps its own list of scorings: the old ones first
                new[key] = value + [x for x in new.get(key, []) if x not in value]
            elif key not in new:
                new[key] = value
        new["earlier_test_scorings"] = history + [{k: v for k, v in old.items() if k not in DEV_KEYS}]
        aside.unlink()
    new["rescored"] = {"date": dt.date.today().isoformat(), "why": a.why,
                       "times_scored": len(new.get("earlier_test_scorings", [])) + 1}
    path.write_text(json.dumps(new, indent=1, ensure_ascii=False) + "\n", encoding="utf8")
    print(f"{path.name}: test scored again; {len(new.get('earlier_test_scorings', []))} earlier scoring(s) kept")
    return 0


if __name__ == "__main__":
    sys.exit(main())
