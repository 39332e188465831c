"""Score the English time-expression layer TempEval-3 style on TimeBank/AQUAINT and MEANTIME.

Each document is run through ``kroniek_timex`` with its creation time (DCT) as the
publication date. Gold TIMEX3 spans are character offsets in the document text:

* TimeBank/AQUAINT (``TBAQ-cleaned``, TimeML): the ``<TEXT>`` element with its tags
  stripped; the DCT comes from ``<DCT>`` and is not itself scored (it is not in the text);
* MEANTIME English: the tokens joined with single spaces (no space before punctuation
  and clitics), one sentence a line, up to the last annotated sentence (MEANTIME marks the
  title, the dateline and the first sentences only); every TIMEX3 anchored to tokens is
  scored (the dateline under the title is the creation time and is in the text).

Figures, as TempEval-3 reports them: strict (same span) and relaxed (overlapping span)
precision, recall and F1; over the relaxed matches, type and value accuracy, and
type/value F1 (= relaxed F1 × accuracy).

Only ``train`` and ``dev`` documents (``training/en/splits.py``) are for development:

    python training/en/timex_eval.py --split dev --errors 40
    python training/en/timex_eval.py --split test --record   # once, at the very end

``--record`` writes ``training/en/results/timex.json`` (the split's figures, merged with
what the file already holds). The document texts are research-use data and are never
written anywhere.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
from splits import split_of  # noqa: E402

DEFAULT_SHARED = ROOT.parent / "shared"
RESULTS = HERE / "results" / "timex.json"


@dataclass
class GoldDoc:
    corpus: str
    doc_id: str
    text: str
    dct: dt.date
    gold: list[tuple[int, int, str, str]] = field(default_factory=list)  # start, end, type, value


# -- reading the corpora ---------------------------------------------------------


def _walk(el, parts: list[str], pos: list[int], spans: list):
    """Text of ``el`` with tags stripped; TIMEX3 elements recorded as spans."""
    if el.text:
        parts.append(el.text)
        pos[0] += len(el.text)
    for child in el:
        start = pos[0]
        _walk(child, parts, pos, spans)
        if child.tag == "TIMEX3":
            spans.append((start, pos[0], child.get("type"), child.get("value")))
        if child.tail:
            parts.append(child.tail)
            pos[0] += len(child.tail)


def read_tml(path: Path) -> GoldDoc:
    root = ET.parse(path).getroot()
    dct_el = root.find("DCT/TIMEX3")
    dct = dt.date.fromisoformat(dct_el.get("value")[:10])
    parts: list[str] = []
    spans: list = []
    _walk(root.find("TEXT"), parts, [0], spans)
    text = "".join(parts)
    gold = []
    for s, e, typ, val in spans:  # trim spaces inside a tag
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        gold.append((s, e, typ, val))
    return GoldDoc("tbaq", path.name[: -len(".tml")], text, dct, gold)


# MEANTIME annotates the title (sentence 0), the dateline (1) and the first sentences up to number 5
MEANTIME_ANNOTATED_SENTENCES = 5
_NO_SPACE_BEFORE = re.compile(r"^(?:[.,;:!?%)\]}]|'s|'re|'ve|'ll|'d|'m|n't|'|’s)$", re.I)
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "“"}


def read_meantime(path: Path) -> GoldDoc:
    root = ET.parse(path).getroot()
    offsets: dict[str, tuple[int, int]] = {}
    out: list[str] = []
    pos, sent, prev = 0, None, None
    for tok in root.iter("token"):
        w = tok.text or ""
        s_no = tok.get("sentence")
        if int(s_no) > MEANTIME_ANNOTATED_SENTENCES:
            break
        if sent is not None and s_no != sent:
            out.append("\n")
            pos += 1
        elif prev is not None and not _NO_SPACE_BEFORE.match(w) and prev not in _NO_SPACE_AFTER:
            out.append(" ")
            pos += 1
        offsets[tok.get("t_id")] = (pos, pos + len(w))
        out.append(w)
        pos += len(w)
        sent, prev = s_no, w
    text = "".join(out)
    gold, dct = [], None
    for tx in root.iter("TIMEX3"):
        anchors = [offsets[a.get("t_id")] for a in tx.findall("token_anchor") if a.get("t_id") in offsets]
        if tx.get("functionInDocument") == "CREATION_TIME":
            v = tx.get("value") or ""
            if re.match(r"\d{4}-\d\d-\d\d", v):
                dct = dt.date.fromisoformat(v[:10])
            elif re.fullmatch(r"\d\d-\d\d-\d{4}", v):  # one file writes its DCT day-month-year
                dct = dt.date(int(v[6:]), int(v[3:5]), int(v[:2]))
        if anchors:
            gold.append((min(a[0] for a in anchors), max(a[1] for a in anchors), tx.get("type"), tx.get("value")))
    if dct is None:  # a few files leave the dateline's function unmarked: the first full date is the DCT
        first = next((g for g in sorted(gold) if re.fullmatch(r"\d{4}-\d\d-\d\d", g[3] or "")), None)
        if first is None:
            raise ValueError(f"{path}: no creation time")
        dct = dt.date.fromisoformat(first[3])
    return GoldDoc("meantime", path.name[: -len(".xml")], text, dct, sorted(gold))


def documents(shared: Path, splits: set[str]) -> list[GoldDoc]:
    en = shared / "data" / "en"
    docs = []
    for sub in ("TimeBank", "AQUAINT"):
        for p in sorted((en / "timebank_aquaint" / "TBAQ-cleaned" / sub).glob("*.tml")):
            if split_of("tbaq", p.name[: -len(".tml")]) in splits:
                docs.append(read_tml(p))
    for p in sorted((en / "meantime_english" / "intra-doc_annotation").rglob("*.xml")):
        if split_of("meantime", p.name[: -len(".xml")]) in splits:
            docs.append(read_meantime(p))
    return docs


# -- running and scoring ---------------------------------------------------------


def load_nlp(blank: bool = False):
    """The English pipeline's timex layer (or, with ``blank``, a blank English pipeline and a sentencizer)."""
    from kroniek.lang import get_pack

    if not blank and (get_pack("en").model_path / "meta.json").exists():
        from kroniek.nlp import pipeline

        return pipeline.load("en", layers=("kroniek_timex",)), "kroniek.nlp.pipeline.load('en', layers=('kroniek_timex',))"
    import spacy

    from kroniek.nlp import timex  # noqa: F401  (registers the factory)

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("kroniek_timex", config={"lang": "en"})
    return nlp, "spacy.blank('en') + sentencizer + kroniek_timex (no tagger: tense from word lists only)"


def predict(nlp, doc: GoldDoc) -> list[tuple[int, int, str, str]]:
    d = nlp.make_doc(doc.text)
    d._.published_at = doc.dct
    return [(t.start, t.end, t.type, t.value) for t in nlp(d)._.timexes]


def _prf(tp_p: int, n_sys: int, tp_r: int, n_gold: int) -> dict:
    p = tp_p / n_sys if n_sys else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def score(pairs: list[tuple[GoldDoc, list]]) -> tuple[dict, list]:
    """TempEval-3 figures over (document, predictions) pairs, and the list of errors."""
    n_gold = n_sys = strict = 0
    rel_sys = rel_gold = 0
    matched = type_ok = value_ok = 0
    errors = []
    for doc, pred in pairs:
        n_gold += len(doc.gold)
        n_sys += len(pred)
        gold_spans = {(g[0], g[1]) for g in doc.gold}
        strict += sum((p[0], p[1]) in gold_spans for p in pred)
        rel_sys += sum(any(p[0] < g[1] and g[0] < p[1] for g in doc.gold) for p in pred)
        rel_gold += sum(any(p[0] < g[1] and g[0] < p[1] for p in pred) for g in doc.gold)
        used: set[int] = set()
        for g in doc.gold:  # one-to-one: each gold with its best-overlapping unused prediction
            best, best_ov = None, 0
            for i, p in enumerate(pred):
                ov = min(p[1], g[1]) - max(p[0], g[0])
                if i not in used and ov > best_ov:
                    best, best_ov = i, ov
            if best is None:
                errors.append(("FN", doc, g, None))
                continue
            used.add(best)
            p = pred[best]
            matched += 1
            type_ok += p[2] == g[2]
            value_ok += p[3] == g[3]
            if p[3] != g[3] or p[2] != g[2]:
                errors.append(("VAL", doc, g, p))
            elif (p[0], p[1]) != (g[0], g[1]):
                errors.append(("SPAN", doc, g, p))
        for i, p in enumerate(pred):
            if i not in used and not any(p[0] < g[1] and g[0] < p[1] for g in doc.gold):
                errors.append(("FP", doc, None, p))
    rel = _prf(rel_sys, n_sys, rel_gold, n_gold)
    out = {
        "documents": len(pairs), "gold": n_gold, "system": n_sys,
        "strict": _prf(strict, n_sys, strict, n_gold),
        "relaxed": rel,
        "type_accuracy": round(type_ok / matched, 4) if matched else 0.0,
        "value_accuracy": round(value_ok / matched, 4) if matched else 0.0,
    }
    out["type_f1"] = round(rel["f1"] * out["type_accuracy"], 4)
    out["value_f1"] = round(rel["f1"] * out["value_accuracy"], 4)
    return out, errors


def _ctx(doc: GoldDoc, s: int, e: int, w: int = 45) -> str:
    return (doc.text[max(0, s - w):s] + "[" + doc.text[s:e] + "]" + doc.text[e:e + w]).replace("\n", " ")


def print_errors(errors: list, limit: int, kinds: set[str]) -> None:
    for kind, doc, g, p in [x for x in errors if x[0] in kinds][:limit]:
        gs = f"gold {g[2]} {g[3]}" if g else ""
        ps = f"sys {p[2]} {p[3]}" if p else ""
        span = p if g is None else g
        extra = f" sys-span '{doc.text[p[0]:p[1]]}'" if kind in ("SPAN", "VAL") and (p[0], p[1]) != (g[0], g[1]) else ""
        print(f"{kind:4} {doc.doc_id[:28]:28} dct={doc.dct} {gs:28} {ps:28} {_ctx(doc, span[0], span[1])}{extra}")


def evaluate(shared: Path, split: str, blank: bool = False) -> tuple[dict, list, str]:
    splits = set(split.split("+"))
    nlp, what = load_nlp(blank)
    docs = documents(shared, splits)
    pairs = [(d, predict(nlp, d)) for d in docs]
    res = {}
    for corpus in ("tbaq", "meantime"):
        sub = [x for x in pairs if x[0].corpus == corpus]
        if sub:
            res[corpus] = score(sub)[0]
    res["all"], errors = score(pairs)
    return res, errors, what


def record(split: str, res: dict, what: str) -> None:
    data = json.loads(RESULTS.read_text(encoding="utf8")) if RESULTS.exists() else {}
    data["layer"] = "timex"
    data[split] = {
        "figures": res,
        "date": dt.date.today().isoformat(),
        "scored": f"TimeBank/AQUAINT (TBAQ-cleaned) and MEANTIME English documents whose split_of(...) is "
                  f"'{split}' (training/en/splits.py); DCT as publication date; TempEval-3 strict/relaxed span P/R/F1, "
                  f"type and value accuracy over relaxed matches, value F1 = relaxed F1 x value accuracy",
        "pipeline": what,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(data, indent=2) + "\n", encoding="utf8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--split", default="dev", help="train, dev, test or a join such as train+dev")
    ap.add_argument("--blank", action="store_true", help="blank English pipeline instead of the trained model")
    ap.add_argument("--errors", type=int, default=0, help="print this many errors")
    ap.add_argument("--kinds", default="FN,FP,VAL,SPAN", help="error kinds to print")
    ap.add_argument("--record", action="store_true", help=f"write the figures to {RESULTS.relative_to(ROOT)}")
    a = ap.parse_args(argv)
    res, errors, what = evaluate(a.shared, a.split, a.blank)
    if a.errors:
        print_errors(errors, a.errors, set(a.kinds.split(",")))
    print(f"split {a.split}; {what}")
    for k, r in res.items():
        print(f"{k:9} docs {r['documents']:3} gold {r['gold']:4} sys {r['system']:4} | strict F1 {r['strict']['f1']:.3f} | "
              f"relaxed P {r['relaxed']['p']:.3f} R {r['relaxed']['r']:.3f} F1 {r['relaxed']['f1']:.3f} | "
              f"type acc {r['type_accuracy']:.3f} value acc {r['value_accuracy']:.3f} value F1 {r['value_f1']:.3f}")
    if a.record:
        record(a.split, res, what)
    return 0


if __name__ == "__main__":
    sys.exit(main())
