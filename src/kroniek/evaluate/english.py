"""The English part of the evaluation report: one section per layer.

Each English layer has a module ``kroniek.evaluate.en_<layer>`` with
``section(shared: Path) -> list[str]`` (markdown lines). A section scores the
dev split live and shows the test split from the figures recorded when the test
split was scored once (``training/en/results/<layer>.json``); it never rescores
the test split, so running ``make evaluate`` again cannot tune to it.
"""
from __future__ import annotations

import importlib
from pathlib import Path

LAYERS = ("parse", "entities", "timex", "quotes", "events", "crosslingual")


def sections(shared: Path) -> list[str]:
    lines = ["## English", "", "Splits: `training/en/splits.py` (documents by hash, fixed before any English layer was built).", ""]
    for layer in LAYERS:
        try:
            mod = importlib.import_module(f"kroniek.evaluate.en_{layer}")
        except ModuleNotFoundError:
            continue
        lines += mod.section(shared)
        lines.append("")
    return lines
