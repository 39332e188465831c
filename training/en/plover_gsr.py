"""PLOVER GSR training records as partially annotated documents for the English event coder.

    python training/en/plover_gsr.py --shared ../shared     # counts of the records it gives

The PLOVER gold standard records (``shared/data/plover/PLOVER_GSR_CAMEO.txt``, CC BY-SA 4.0) code one
event per English sentence and mark its trigger, source and target in ``textInfo.markup``
(``(SRC: Libya) has (EVT: offered to hand over) to (TAR: Great Britain)``). Only records of the
**train** split (``split_of("plover_gsr", id)``) are used; dev and test stay evaluation data
(``kroniek.evaluate.en_events``). A sentence may state more events than the one coded, so a record
is *partial*: ``training/events/train.py`` takes its coded trigger as a positive example (type,
factuality asserted, source and target) and none of its other words as negatives.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from splits import split_of  # noqa: E402

# the draft's older types, as the 2021 CAMEO→PLOVER table maps them (the same map as kroniek.evaluate.en_events)
OLD_TYPES = {"FIGHT": ("ASSAULT", None), "DEMAND": ("REQUEST", None), "DISAPPROVE": ("ACCUSE", "disapprove"),
             "INVESTIGATE": ("ACCUSE", "investigate")}
MARK = re.compile(r"\((EVT|SRC|TAR|SRC/TAR): ([^()]*)\)")


def _actor(text: str, phrase: str | None, codes: list, after: int = 0) -> dict:
    if not phrase:
        return {}
    i = text.find(phrase, after) if text.find(phrase, after) >= 0 else text.find(phrase)
    code = (codes[0].get("code") or "") if isinstance(codes, list) and codes else ""
    out = {"name": phrase}
    if len(code) == 3 and code.isalpha() and code.isupper():
        out["country"] = code
    if i >= 0:
        out.update(start=i, end=i + len(phrase), text=phrase)
    return out


def train_docs(shared: Path, split: str = "train") -> list[dict]:
    """The records of ``split`` whose marked trigger is found in the text, as partial corpus documents."""
    out = []
    for r in json.loads((shared / "data" / "plover" / "PLOVER_GSR_CAMEO.txt").read_text(encoding="utf8")):
        if r.get("event") == "DOCUMENT" or not r.get("text") or split_of("plover_gsr", r["id"]) != split:
            continue
        info = r.get("textInfo")
        marks = MARK.findall(info.get("markup", "") if isinstance(info, dict) else "")
        text = r["text"].strip()
        evts = [p.strip() for k, p in marks if k == "EVT" and p.strip() in text]
        if not evts:
            continue
        start = text.find(evts[0])
        srcs = [p.strip() for k, p in marks if k in ("SRC", "SRC/TAR")]
        tars = [p.strip() for k, p in marks if k == "TAR"] or [p.strip() for k, p in marks if k == "SRC/TAR"][1:]
        typ, mode = OLD_TYPES.get(r["event"], (r["event"], r.get("mode") or None))
        ev = {"type": typ, "mode": mode, "factuality": "asserted",
              "trigger": {"start": start, "end": start + len(evts[0]), "text": evts[0]}, "sentence_index": 0,
              "source": _actor(text, srcs[0] if srcs else None, r.get("source")),
              "target": _actor(text, tars[0] if tars else None, r.get("target"))}
        out.append({"id": f"gsr:{r['id']}:{len(out)}", "lang": "en", "partial": True, "text": text,
                    "sentences": [[0, len(text)]], "all_events": [ev], "events": [ev]})
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=HERE.parents[2] / "shared")
    a = ap.parse_args(argv)
    docs = train_docs(a.shared)
    print(f"{len(docs)} train records; with source span {sum('start' in d['events'][0]['source'] for d in docs)}, "
          f"with target span {sum('start' in d['events'][0]['target'] for d in docs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
