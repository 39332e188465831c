"""English PLOVER events: the evaluation section and the scorer.

Two English gold sets, both split by ``training/en/splits.py`` (dev for development, test held out
and scored once):

* **PLOVER GSR** (``shared/data/plover/PLOVER_GSR_CAMEO.txt``, CC BY-SA 4.0): 322 English sentences,
  each coded with one event (type, source and target actors). A record is an article of one sentence
  with one gold event; records go to splits by ``split_of("plover_gsr", id)``. The records use the
  PLOVER draft's older types, mapped as the 2021 CAMEO→PLOVER table does: FIGHT → ASSAULT, DEMAND → REQUEST,
  DISAPPROVE → ACCUSE (mode disapprove), INVESTIGATE → ACCUSE (mode investigate). Their actor codes
  become countries where they are three-letter state codes. A sentence may state more events than
  the one coded, so precision here is a lower bound; recall is the figure to read.
* **The English event corpus** (``training/events_en/``: MEANTIME and GUM news and a PolNeAR
  sample, annotated in this project with ``docs/annotation/events.md`` + ``events_en.md``), built by
  ``training/events/corpus.py --corpus-dir training/events_en build``.

Events are scored with ``kroniek.evaluate.gold.score`` (per article, one-to-one matching; type,
(type, countries), (type, names)), as ``kroniek evaluate`` scores Dutch.

    python -m kroniek.evaluate.en_events --shared ../shared            # dev figures
    python -m kroniek.evaluate.en_events --shared ../shared --test     # the test splits, ONCE, recorded
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from .gold import score

ROOT = Path(__file__).resolve().parents[3]
RESULTS = ROOT / "training" / "en" / "results" / "events.json"
CORPUS = ROOT / "training" / "events_en"
GSR_TYPES = {"FIGHT": ("ASSAULT", None), "DEMAND": ("REQUEST", None), "DISAPPROVE": ("ACCUSE", "disapprove"), "INVESTIGATE": ("ACCUSE", "investigate")}


def _split_of(corpus: str, doc_id: str) -> str:
    sys.path.insert(0, str(ROOT / "training" / "en"))
    from splits import split_of  # the one split rule of every English data set

    return split_of(corpus, doc_id)


def _actor(field) -> dict:
    """The first coded actor of a GSR source/target field (a list of actors, or a bare string: none)."""
    if not isinstance(field, list) or not field:
        return {}
    a = field[0]
    code = (a.get("code") or "").strip()
    out = {"name": a.get("actorText")}
    if len(code) == 3 and code.isalpha() and code.isupper():
        out["country"] = code
    return out


def gsr_golds(shared: Path, splits: tuple[str, ...]) -> list[dict]:
    """PLOVER GSR records of ``splits`` as one-sentence gold articles."""
    path = shared / "data" / "plover" / "PLOVER_GSR_CAMEO.txt"
    out, seen = [], set()
    for r in json.loads(path.read_text(encoding="utf8")):
        if r.get("event") == "DOCUMENT" or not r.get("text") or _split_of("plover_gsr", r["id"]) not in splits:
            continue
        typ, mode = GSR_TYPES.get(r["event"], (r["event"], r.get("mode") or None))
        ev = {"type": typ, "mode": mode, "source": _actor(r.get("source")), "target": _actor(r.get("target"))}
        rid = r["id"] if r["id"] not in seen else f"{r['id']}#2"  # the file has one id twice (two records)
        seen.add(rid)
        out.append({"id": rid, "text": r["text"].strip(), "lang": "en", "events": [ev]})
    return out


def corpus_golds(split: str, corpus: Path = CORPUS) -> list[dict]:
    """The English event corpus's ``split`` (built files; empty where not built), with its research-use
    documents (``<split>.research.jsonl``, git-ignored: the PolNeAR sample) where they were rebuilt."""
    out = []
    for p in (corpus / f"{split}.jsonl", corpus / f"{split}.research.jsonl"):
        if p.exists():
            out += [json.loads(x) for x in p.read_text(encoding="utf8").splitlines() if x.strip()]
    return out


def load_pipeline(coder: str = "learned"):
    """The English pipeline with its event layer (``coder``: learned, or rules only)."""
    from ..nlp import pipeline

    try:
        nlp = pipeline.load("en")
    except FileNotFoundError:  # a layer without its English data yet (time expressions): score without it
        nlp = pipeline.load("en", layers=tuple(f for f, _ in pipeline.COMPONENTS if f != "kroniek_timex"))
    if coder == "rules":
        nlp.get_pipe("kroniek_events").learned = None
    return nlp


def predict(golds: list[dict], nlp) -> list[dict]:
    out = []
    for g in golds:
        doc = nlp(g["text"])
        out.append({"id": g["id"], "events": [e.model_dump(mode="json") for e in doc._.events or []]})
    return out


def score_set(golds: list[dict], nlp) -> dict:
    res = score(predict(golds, nlp), golds, layers=("events",))
    return {"articles": res["articles"], "gold_events": sum(len(g.get("events") or []) for g in golds), **res["events"]}


def dev_scores(shared: Path, corpus: Path = CORPUS) -> dict:
    out = {}
    nlp = load_pipeline()
    learned = nlp.get_pipe("kroniek_events").learned is not None
    # (the GSR train records are training data of the learned coder: not scored here)
    sets = {"plover_gsr_dev": gsr_golds(shared, ("dev",)), "corpus_dev": corpus_golds("dev", corpus)}
    for name, golds in sets.items():
        if golds:
            out[name] = {"coder": "learned" if learned else "rules", **score_set(golds, nlp)}
    if learned:
        ext = nlp.get_pipe("kroniek_events")
        saved, ext.learned = ext.learned, None  # the cached pipeline: put the learned coder back after
        try:
            for name, golds in sets.items():
                if golds:
                    out[name + "_rules"] = {"coder": "rules", **score_set(golds, nlp)}
        finally:
            ext.learned = saved
    return out


def _row(name: str, r: dict) -> str:
    t, c = r["type"], r["type_country"]
    return (f"| {name} | {r['coder']} | {r['articles']} | {r['gold_events']} | {t['p']:.3f} | {t['r']:.3f} | {t['f']:.3f} | "
            f"{c['f']:.3f} |")


SET_NAMES = {
    "plover_gsr_dev": "PLOVER GSR dev records", "plover_gsr_dev_rules": "PLOVER GSR dev records",
    "plover_gsr_train": "PLOVER GSR train records", "plover_gsr_train_rules": "PLOVER GSR train records",
    "corpus_dev": "English event corpus, dev", "corpus_dev_rules": "English event corpus, dev",
    "plover_gsr_test": "PLOVER GSR test records", "corpus_test": "English event corpus, test",
    "corpus_test_polnear": "… of which the PolNeAR sample", "corpus_test_rules": "English event corpus, test",
    "corpus_test_open": "… of which MEANTIME and GUM", "corpus_test_open_rules": "… of which MEANTIME and GUM",
    "corpus_test_polnear_rules": "… of which the PolNeAR sample",
    "plover_gsr_test_rules": "PLOVER GSR test records",
}


def section(shared: Path) -> list[str]:
    lines = ["### Events (PLOVER)", "",
             "Type F1 with one-to-one matching per article (`kroniek.evaluate.gold`); PLOVER GSR sentences carry one coded "
             "event each, so their precision is a lower bound. Bar of issue 16: type F1 ≥ 0.50 on unseen English news.", "",
             "| set | coder | articles | gold events | P | R | type F1 | (type, countries) F1 |", "|---|---|---|---|---|---|---|---|"]
    try:
        dev = dev_scores(shared) if (shared / "data" / "plover").exists() else {}
    except Exception as e:  # noqa: BLE001  (the English model or a layer missing: say so, not fail the report)
        dev = {}
        lines.insert(2, f"Dev not scored: {type(e).__name__}: {e}")
    for name, r in dev.items():
        lines.append(_row(SET_NAMES.get(name, name) + " (live)", r))
    rec = json.loads(RESULTS.read_text(encoding="utf8")) if RESULTS.exists() else None
    if rec:
        for name, r in rec.get("test", {}).items():
            lines.append(_row(SET_NAMES.get(name, name) + f" (scored once, {rec.get('date', '?')})", r))
        for key in ("note", "breakdown_note"):
            if rec.get(key):
                lines += ["", rec[key]]
    else:
        lines += ["", "Test splits not scored yet."]
    return lines


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="the built English event corpus (dev.jsonl, test.jsonl)")
    ap.add_argument("--test", action="store_true", help="score the test splits once and record them in " + str(RESULTS))
    ap.add_argument("--note", default="", help="with --test: what was scored (kept in the record)")
    a = ap.parse_args(argv)
    if not a.test:
        res = dev_scores(a.shared, a.corpus)
        print(json.dumps(res, indent=1))
        for name, r in res.items():
            print(_row(name, r), file=sys.stderr)
        return 0
    if RESULTS.exists() and json.loads(RESULTS.read_text()).get("test"):
        raise SystemExit(f"the test splits were scored already ({RESULTS}); they are scored once")
    nlp = load_pipeline()
    coder = "learned" if nlp.get_pipe("kroniek_events").learned is not None else "rules"
    test = {}
    gsr = gsr_golds(a.shared, ("test",))
    corpus = corpus_golds("test", a.corpus)
    test["plover_gsr_test"] = {"coder": coder, **score_set(gsr, nlp)}
    if corpus:
        test["corpus_test"] = {"coder": coder, **score_set(corpus, nlp)}
        pn = [g for g in corpus if g.get("research") or g["id"].startswith("pn-")]  # the PolNeAR sample
        if pn:
            test["corpus_test_polnear"] = {"coder": coder, **score_set(pn, nlp)}
    if coder == "learned":
        nlp.get_pipe("kroniek_events").learned = None
        test["plover_gsr_test_rules"] = {"coder": "rules", **score_set(gsr, nlp)}
        if corpus:
            test["corpus_test_rules"] = {"coder": "rules", **score_set(corpus, nlp)}
    rec = {"layer": "events", "date": dt.date.today().isoformat(), "scored_once": True,
           "what": {"plover_gsr_test": f"{len(gsr)} PLOVER GSR records with split_of('plover_gsr', id) == 'test'",
                    "corpus_test": f"{len(corpus)} documents of training/events_en/test.jsonl (MEANTIME/GUM test documents, "
                                   "PolNeAR test sample)"},
           "model": str(nlp.meta.get("name")) + " " + str(nlp.meta.get("version")), "note": a.note, "test": test}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(rec, indent=1) + "\n", encoding="utf8")
    print(json.dumps(test, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
