"""English quotes and speakers: the figures of ``training/en/quotes_eval.py`` on PolNeAR.

PolNeAR (US election news, 2016; research use, so nothing of its text is in the repository) is mapped
onto the gold format's quotes as that script's docstring states. Scoring the dev split runs the whole
English pipeline over about 160 articles (some two minutes), so the section shows the figures recorded
in ``training/en/results/quotes.json``: the dev split as last scored by ``quotes_eval.py --split dev``
and the test split as scored once by ``quotes_eval.py --test``. It never scores a split itself.
"""
from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parents[3] / "training" / "en" / "results" / "quotes.json"


def _row(name: str, entry: dict) -> str:
    q = entry["quotes"]
    return (f"| {name} | {q['documents']} | {q['tp'] + q['fn']} | {q['p']:.3f} | {q['r']:.3f} | {q['f']:.3f} | "
            f"{q['speaker_accuracy']:.3f} ({q['speaker_scored']}) | {q['speaker_accuracy_lenient']:.3f} | {entry['date']} |")


def section(shared: Path | None = None, results: Path = RESULTS) -> list[str]:
    lines = ["### Quotes and speakers (PolNeAR)", ""]
    if not results.exists():
        return lines + ["No figures recorded yet: run `python training/en/quotes_eval.py --split dev`."]
    report = json.loads(results.read_text(encoding="utf8"))
    lines += [
        "Mapping of PolNeAR attributions onto the gold format: `training/en/quotes_eval.py`. Speaker accuracy is over",
        "matched quotes whose source names someone or is unnamed (*a spokesman*: no speaker); sources that are a pronoun",
        "or a definite description need coreference PolNeAR does not give and are not scored (scored quotes in brackets).",
        "Exact: normalised names equal; *lenient*: same surname or one name inside the other.",
        "",
        "| split | documents | gold quotes | P | R | F1 | speaker accuracy (scored) | lenient | scored on |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for split in ("dev", "test"):
        if split in report:
            lines.append(_row(split + (" (scored once)" if split == "test" else ""), report[split]))
    if "test" not in report:
        lines.append("| test | not scored yet | | | | | | | |")
    models = {report[k].get("model") for k in ("dev", "test") if k in report and report[k].get("model")}
    if models:
        lines += ["", "English model: " + "; ".join(sorted(models)) + "."]
    by_kind = report.get("dev", {}).get("quotes", {}).get("matched_by_kind")
    if by_kind:
        gold = report["dev"]["quotes"]["gold_by_kind"]
        lines += ["", "Dev, matched/gold by kind: " + ", ".join(f"{k} {by_kind.get(k, 0)}/{gold[k]}" for k in sorted(gold)) + "."]
    if "gum" in report:
        g = report["gum"]
        q = g["quotes"]
        lines += ["", f"GUM news `<quote>` spans (dev and test partitions; quotation spans only, against kroniek's direct and "
                      f"partial quotes): P {q['p']:.3f}, R {q['r']:.3f}, F1 {q['f']:.3f} over {q['tp'] + q['fn']} quotations in "
                      f"{q['documents']} documents ({g['date']}, model {g.get('model', 'not recorded')})."]
    return lines
