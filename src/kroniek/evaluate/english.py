"""The English part of the evaluation report: one section per layer.

Each English layer has a module ``kroniek.evaluate.en_<layer>`` with
``section(shared: Path) -> list[str]`` (markdown lines). A section scores the
dev split live and shows the test split from the figures recorded when the test
split was scored once (``training/en/results/<layer>.json``); it never rescores
the test split, so running ``make evaluate`` again cannot tune to it.
"""
from __future__ import annotations

import importlib
import json
from pathlib import Path

LAYERS = ("parse", "entities", "timex", "quotes", "events", "crosslingual")


def sections(shared: Path) -> list[str]:
    lines = ["## English", "", "Splits: `training/en/splits.py` (documents by hash, fixed before any English layer was built).", ""]
    for layer in LAYERS:
        try:
            mod = importlib.import_module(f"kroniek.evaluate.en_{layer}")
        except ModuleNotFoundError:
            continue
        note = rescoring_note(layer)
        part = mod.section(shared)
        if note:  # the section's test rows say "scored once": that split was scored again since
            part = [x.replace("(scored once", "(latest scoring").replace("scored once on", "latest scoring on") for x in part]
        lines += part + note
        lines.append("")
    return lines


RESULTS = Path(__file__).resolve().parents[3] / "training" / "en" / "results"


def rescoring_note(layer: str, results: Path = RESULTS) -> list[str]:
    """Say when a layer's test split was scored more than once (``training/en/rescore_test.py``)."""
    path = results / f"{layer}.json"
    if not path.exists():
        return []
    rec = json.loads(path.read_text(encoding="utf8"))
    again = rec.get("rescored")
    if not again:
        return []
    earlier = rec.get("earlier_test_scorings", [])
    dates = ", ".join(str(e.get("date") or (e.get("test") or {}).get("date") or "?") for e in earlier)
    return ["", f"*The test split of this layer was scored {again['times_scored']} times: first on {dates}, "
            f"again on {again['date']} ({again['why']}). The figures above are the latest; the earlier ones are "
            f"kept in `training/en/results/{layer}.json` (`earlier_test_scorings`). Nothing was tuned on test "
            "between the scorings.*"]
