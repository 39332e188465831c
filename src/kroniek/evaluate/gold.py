"""Score analysis output against article-level gold (shared/eval/GOLD_FORMAT.md).

Predictions and gold are plain dicts in the gold format (kroniek's JSON output
uses the same field names), matched by article ``id``. Each layer is scored as
GOLD_FORMAT.md specifies:

- entities: exact span + label (``alt_labels`` accepted, ``optional`` spans
  neither missed nor wrong), micro P/R/F1 and per label;
- quotes: a prediction matches a gold quote when the overlap covers at least
  half of the gold span (one-to-one, best overlap first); span P/R/F1 and
  speaker accuracy over matched quotes;
- timexes: span-overlap P/R/F1 (one-to-one), value accuracy over matches;
- events: per article, one-to-one matching (each gold event matched by at
  most one prediction) over ``(type)``, ``(type, source country, target
  country)`` and ``(type, source name, target name)`` (a name matches on the
  full canonical name or the surname), summed over articles (micro).
"""
from __future__ import annotations

import json
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable


def read_jsonl(path: str | Path) -> list[dict]:
    out = []
    with open(path, encoding="utf8") as f:
        for line in f:
            if line.strip():
                out.append(json.loads(line))
    return out


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def norm_name(name) -> str:
    if not name:
        return ""
    s = unicodedata.normalize("NFKD", str(name))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.lower().replace("-", " ").replace(".", " ").split())


def same_speaker(pred, gold) -> bool:
    """Speakers agree when their normalised canonical names are equal (None == None)."""
    return norm_name(pred) == norm_name(gold)


def lenient_speaker(pred, gold) -> bool:
    """A looser speaker match, reported beside the evaluation's exact one: the same surname (*Gabriëls*,
    *Jaak Gabriëls*), or one name's words inside the other's (*Apple*, *Apple Inc.*; *General Motors*,
    *General Motors Corporation*), so that a right speaker written in another naming convention counts."""
    a, b = norm_name(pred), norm_name(gold)
    if a == b:
        return True
    if not a or not b:
        return False
    if a.split()[-1] == b.split()[-1]:
        return True
    short, long_ = sorted((a, b), key=len)
    return f" {short} " in f" {long_} "


def _overlap(a: dict, b: dict) -> int:
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def _match(preds: list[dict], golds: list[dict], ok) -> list[tuple[int, int]]:
    """Greedy one-to-one matching by largest overlap among pairs accepted by ``ok``."""
    pairs = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            ov = _overlap(p, g)
            if ov > 0 and ok(p, g, ov):
                pairs.append((ov, i, j))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_p, used_g, out = set(), set(), []
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def score_entities(pred: list[dict], gold: list[dict], errors: list | None = None) -> dict:
    tp = fp = fn = 0
    per = defaultdict(lambda: Counter())
    gold_by_span = {(g["start"], g["end"]): g for g in gold}
    matched_gold = set()
    for p in pred:
        g = gold_by_span.get((p["start"], p["end"]))
        if g is not None:
            labels = {g["label"], *(g.get("alt_labels") or [])}
            if g.get("optional"):
                matched_gold.add((g["start"], g["end"]))
                continue
            if p["label"] in labels:
                tp += 1
                per[g["label"]]["tp"] += 1
                matched_gold.add((g["start"], g["end"]))
                continue
        fp += 1
        per[p["label"]]["fp"] += 1
        if errors is not None:
            errors.append({"kind": "fp", "pred": p, "gold": g})
    for g in gold:
        if g.get("optional") or (g["start"], g["end"]) in matched_gold:
            continue
        fn += 1
        per[g["label"]]["fn"] += 1
        if errors is not None:
            errors.append({"kind": "fn", "gold": g})
    out = prf(tp, fp, fn)
    out["per_label"] = {k: prf(v["tp"], v["fp"], v["fn"]) for k, v in sorted(per.items())}
    return out


def _match_errors(pred: list[dict], gold: list[dict], pairs, errors: list, kind: str, wrong) -> None:
    """Unmatched predictions (fp), unmatched gold (fn) and matched pairs ``wrong`` judges wrong."""
    mp = {i for i, _ in pairs}
    mg = {j for _, j in pairs}
    errors += [{"kind": "fp", "pred": p} for i, p in enumerate(pred) if i not in mp]
    errors += [{"kind": "fn", "gold": g} for j, g in enumerate(gold) if j not in mg]
    errors += [{"kind": kind, "pred": pred[i], "gold": gold[j]} for i, j in pairs if wrong(pred[i], gold[j])]


def quote_pairs(pred: list[dict], gold: list[dict]) -> list[tuple[int, int]]:
    """(prediction, gold) index pairs of matched quotes: overlap of at least half the gold span."""
    return _match(pred, gold, lambda p, g, ov: ov * 2 >= (g["end"] - g["start"]))


def score_quotes(pred: list[dict], gold: list[dict], errors: list | None = None) -> dict:
    pairs = quote_pairs(pred, gold)
    tp = len(pairs)
    speaker_ok = sum(1 for i, j in pairs if same_speaker(pred[i].get("speaker"), gold[j].get("speaker")))
    by_kind = Counter(gold[j]["kind"] for _, j in pairs)
    if errors is not None:
        _match_errors(pred, gold, pairs, errors, "speaker", lambda p, g: not same_speaker(p.get("speaker"), g.get("speaker")))
    out = prf(tp, len(pred) - tp, len(gold) - tp)
    out["speaker_correct"] = speaker_ok
    out["matched_by_kind"] = dict(by_kind)
    out["gold_by_kind"] = dict(Counter(g["kind"] for g in gold))
    return out


def score_timexes(pred: list[dict], gold: list[dict], errors: list | None = None) -> dict:
    pairs = _match(pred, gold, lambda p, g, ov: True)
    tp = len(pairs)
    value_ok = sum(1 for i, j in pairs if str(pred[i].get("value")) == str(gold[j].get("value")))
    if errors is not None:
        _match_errors(pred, gold, pairs, errors, "value", lambda p, g: str(p.get("value")) != str(g.get("value")))
    out = prf(tp, len(pred) - tp, len(gold) - tp)
    out["value_correct"] = value_ok
    return out


def _actor(e: dict, role: str, key: str) -> str:
    a = e.get(role) or {}
    v = a.get(key)
    return norm_name(v) if key == "name" else (v or "")


def _same_name(p: str, g: str) -> bool:
    """Names match on the full canonical name or on the surname (GOLD_FORMAT.md)."""
    if p == g:
        return True
    return bool(p and g) and p.split()[-1] == g.split()[-1]


EVENT_KEYS = {
    "type": lambda e: (e["type"],),
    "type_country": lambda e: (e["type"], _actor(e, "source", "country"), _actor(e, "target", "country")),
    "type_name": lambda e: (e["type"], _actor(e, "source", "name"), _actor(e, "target", "name")),
}
_KEY_MATCH = {
    "type": lambda p, g: p == g,
    "type_country": lambda p, g: p == g,
    "type_name": lambda p, g: p[0] == g[0] and _same_name(p[1], g[1]) and _same_name(p[2], g[2]),
}


def _one_to_one(ps: list[tuple], gs: list[tuple], same) -> list[tuple[int, int]]:
    """Each gold event matched by at most one prediction (exact matches first, then looser ones)."""
    pairs, used_p = [], set()
    for exact in (True, False):
        for j, g in enumerate(gs):
            if any(jj == j for _, jj in pairs):
                continue
            for i, p in enumerate(ps):
                if i not in used_p and ((p == g) if exact else same(p, g)):
                    pairs.append((i, j))
                    used_p.add(i)
                    break
    return pairs


def score_events(pred: list[dict], gold: list[dict], errors: list | None = None) -> dict:
    """Per article, one-to-one: five gold accusations need five predicted ACCUSE records."""
    out = {}
    for name, key in EVENT_KEYS.items():
        ps, gs = [key(e) for e in pred], [key(e) for e in gold]
        pairs = _one_to_one(ps, gs, _KEY_MATCH[name])
        tp = len(pairs)
        out[name] = prf(tp, len(ps) - tp, len(gs) - tp)
        if errors is not None and name == "type_country":
            mp, mg = {i for i, _ in pairs}, {j for _, j in pairs}
            errors += [{"kind": "fp", "key": list(k)} for i, k in sorted(enumerate(ps), key=lambda x: x[1]) if i not in mp]
            errors += [{"kind": "fn", "key": list(k)} for j, k in sorted(enumerate(gs), key=lambda x: x[1]) if j not in mg]
    return out


LAYERS = {
    "entities": score_entities,
    "quotes": score_quotes,
    "timexes": score_timexes,
    "events": score_events,
}


def _sum(parts: list[dict]) -> dict:
    tp = sum(p["tp"] for p in parts)
    fp = sum(p["fp"] for p in parts)
    fn = sum(p["fn"] for p in parts)
    return prf(tp, fp, fn)


def score(preds: Iterable[dict], golds: Iterable[dict], layers: Iterable[str] = LAYERS, with_errors: bool = False) -> dict:
    """Score ``preds`` against ``golds`` (matched by id). Missing predictions count as empty."""
    by_id = {p["id"]: p for p in preds if "id" in p}
    layers = list(layers)
    per_doc: dict[str, list[dict]] = defaultdict(list)
    errors: dict[str, list] = defaultdict(list)
    for g in golds:
        p = by_id.get(g["id"], {})
        for layer in layers:
            errs = [] if with_errors else None
            per_doc[layer].append(LAYERS[layer](p.get(layer) or [], g.get(layer) or [], errs))
            if errs:
                for e in errs:
                    e["article"] = g["id"]
                errors[layer] += errs
    result: dict = {"articles": len(per_doc[layers[0]]) if layers else 0}
    if "entities" in layers:
        parts = per_doc["entities"]
        ent = _sum(parts)
        labels = sorted({k for p in parts for k in p["per_label"]})
        ent["per_label"] = {lab: _sum([p["per_label"][lab] for p in parts if lab in p["per_label"]]) for lab in labels}
        result["entities"] = ent
    if "quotes" in layers:
        parts = per_doc["quotes"]
        q = _sum(parts)
        matched = q["tp"]
        q["speaker_accuracy"] = round(sum(p["speaker_correct"] for p in parts) / matched, 4) if matched else 0.0
        q["matched_by_kind"] = dict(sum((Counter(p["matched_by_kind"]) for p in parts), Counter()))
        q["gold_by_kind"] = dict(sum((Counter(p["gold_by_kind"]) for p in parts), Counter()))
        result["quotes"] = q
    if "timexes" in layers:
        parts = per_doc["timexes"]
        t = _sum(parts)
        t["value_accuracy"] = round(sum(p["value_correct"] for p in parts) / t["tp"], 4) if t["tp"] else 0.0
        result["timexes"] = t
    if "events" in layers:
        parts = per_doc["events"]
        result["events"] = {k: _sum([p[k] for p in parts]) for k in EVENT_KEYS}
    if with_errors:
        result["errors"] = dict(errors)
    return result


def analyses_for_gold(golds: list[dict], lang: str = "nl") -> list[dict]:
    """Run the live pipeline on the gold articles' texts; predictions in the gold format."""
    import sys

    from tqdm import tqdm

    from ..analyze import analyze
    from ..document import Article
    from ..nlp import pipeline

    nlp = pipeline.load(lang)
    out = []
    for g in tqdm(golds, unit="article", file=sys.stderr, disable=len(golds) < 2):
        art = Article(id=g["id"], text=g["text"], title=g.get("title"), published_at=g.get("published_at"), lang=g.get("lang", lang))
        out.append(analyze(art, nlp).model_dump(mode="json"))
    return out
