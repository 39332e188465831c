"""Train the learned event coder (``make events``) from the annotated corpus in this folder.

    python training/events/train.py                   # train on train.jsonl, tune on dev.jsonl, save
    python training/events/train.py --curve          # also the learning curve (25/50/100 % of train)
    python training/events/train.py --test           # score the frozen test split (once, at the end)
    python training/events/train.py --lang en        # English: corpus training/events_en, models data/en/event_model


The kroniek pipeline (without its event layer) parses every corpus document once; the three
decisions of ``kroniek.nlp.event_learned`` are then fitted with scikit-learn's logistic regression on
the features of ``kroniek.nlp.event_features``: the trigger model (type or none, for every content
word), the factuality model (asserted, negated, future,
hypothetical, for the annotated triggers) and the role model (source, target or none, for every
nominal of a trigger's sentence). The regularisation strength and the decision thresholds are chosen
on the dev split by the end-to-end event F1; the weights go to ``src/kroniek/data/nl/event_model/``.
Deterministic: the same corpus gives the same weights.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

from kroniek.evaluate.gold import score
from kroniek.lang import get_pack
from kroniek.nlp import clauses, pipeline
from kroniek.nlp.event_features import WordView
from kroniek.nlp.event_learned import NONE, LearnedCoder, dedupe, model_dir
from kroniek.nlp.events import EventExtractor
from kroniek.nlp.linear_model import LinearModel

HERE = Path(__file__).resolve().parent
VERSION = "1.0.0"


def read(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def read_split(corpus: Path, split: str) -> list[dict]:
    """A split's documents, with its research-use ones (``<split>.research.jsonl``, git-ignored text
    rebuilt from ../shared by the corpus's sources.py) where they were built."""
    research = corpus / f"{split}.research.jsonl"
    return read(corpus / f"{split}.jsonl") + (read(research) if research.exists() else [])


LANG = "nl"  # set by --lang: the language whose pipeline parses the corpus
CORPUS_OF = {"nl": HERE, "en": HERE.parent / "events_en"}


def load_pipeline(layers: tuple[str, ...] | None = None):
    """The pipeline of ``LANG`` (all layers or ``layers``); a layer whose data files the language does not
    have yet (``FileNotFoundError`` on load) is left out, so the event layer can be trained before it lands."""
    layers = layers or tuple(f for f, _ in pipeline.COMPONENTS)
    try:
        return pipeline.load(LANG, layers=layers)
    except FileNotFoundError as e:
        print(f"warning: {e}; training without kroniek_timex", file=sys.stderr)
        return pipeline.load(LANG, layers=tuple(f for f in layers if f != "kroniek_timex"))


def parse(docs: list[dict]):
    """The pipeline's analysis of each corpus document, up to (not including) the event layer."""
    nlp = load_pipeline(tuple(f for f, _ in pipeline.COMPONENTS if f != "kroniek_events"))
    return [nlp(d["text"]) for d in docs]


def _root(doc, start: int, end: int):
    span = doc.char_span(start, end, alignment_mode="expand")
    return None if span is None or not len(span) else span


def participant_spans(doc, ev: dict) -> dict:
    """The annotated source and target of an event as token spans (participants with a span only)."""
    out = {}
    for role in ("source", "target"):
        a = ev.get(role) or {}
        span = _root(doc, a["start"], a["end"]) if "start" in a else None
        if span is not None:
            out[role] = span
    return out


# ---------------------------------------------------------------- examples
class Examples:
    def __init__(self):
        self.trig_rows, self.trig_y = [], []
        self.fact_rows, self.fact_y = [], []
        self.role_rows, self.role_y = [], []


def examples(pairs, coder: LearnedCoder) -> Examples:
    """Training rows of the three decisions, built exactly as the coder builds them at analysis."""
    ex = Examples()
    for gold, doc in pairs:
        rule_at = coder.rule_events(doc)
        actor_chars = {s for a in (doc._.actors or []) for s, _ in a.mentions}
        label_at, skip = {}, set()
        events_at = []
        for ev in gold["all_events"]:
            span = _root(doc, ev["trigger"]["start"], ev["trigger"]["end"])
            if span is None:
                continue
            head = span.root
            label_at[head.i] = ev["type"]
            skip |= {t.i for t in span if t.i != head.i}
            events_at.append((head, ev))
        view = WordView(doc)
        cands = [i for i in view.candidates() if i not in skip]
        if gold.get("partial"):
            # a partially annotated document (PLOVER GSR records: one event coded per sentence): its coded
            # triggers are examples, its other words are not (they may state events nobody coded)
            cands = [i for i in cands if i in label_at]
        ex.trig_rows += coder.trigger_rows(doc, view, cands, rule_at)
        ex.trig_y += [label_at.get(i, NONE) for i in cands]
        types_at = {h.i: ev["type"] for h, ev in events_at}
        for head, ev in events_at:
            rule = rule_at.get(head.i)
            feats, _ = coder.factuality_features(head, ev["type"], types_at, rule)
            ex.fact_rows.append(feats)
            ex.fact_y.append(ev["factuality"])
            passive = head.pos_ == "VERB" and clauses.is_passive(head, coder.rules.lexicon.participles)
            cands, rows = coder.role_rows(head, ev["type"], passive, actor_chars, rule)
            gold_tok = {}
            for role, span in participant_spans(doc, ev).items():
                inside = [c for c in cands if span.start <= c.i < span.end]
                if inside:
                    gold_tok[role] = span.root if span.root in inside else inside[0]
            for c, row in zip(cands, rows):
                ex.role_rows.append(row)
                y = "none"
                for role, tok in gold_tok.items():
                    if tok.i == c.i:
                        y = role
                ex.role_y.append(y)
    return ex


# ---------------------------------------------------------------- fitting
def fit(rows, y, C=1.0, min_count=2) -> LinearModel:
    # training-only dependencies (the `build` extra): analysis reads the weights with numpy alone
    import scipy.sparse as sp
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for r in rows for f in set(r))
    feats = sorted(f for f, n in counts.items() if n >= min_count or f == "bias")
    index = {f: i for i, f in enumerate(feats)}
    data, ind, ptr = [], [], [0]
    for r in rows:
        ids = sorted({index[f] for f in r if f in index})
        ind += ids
        data += [1.0] * len(ids)
        ptr.append(len(ind))
    X = sp.csr_matrix((np.array(data, np.float32), np.array(ind, np.int64), np.array(ptr, np.int64)), shape=(len(rows), len(feats)))
    labels = sorted(set(y))
    clf = LogisticRegression(C=C, max_iter=3000, tol=1e-4)
    clf.fit(X, np.array(y))
    coef = clf.coef_
    bias = clf.intercept_
    if len(clf.classes_) == 2:  # binary: sklearn keeps one row; a softmax over (0, w) is the same sigmoid
        coef = np.vstack([np.zeros_like(coef[0]), coef[0]])
        bias = np.array([0.0, bias[0]])
    order = [list(clf.classes_).index(lab) for lab in labels]
    coef, bias = coef[order], bias[order]
    return LinearModel(labels, feats, coef.T, bias)


def train(pairs, coder: LearnedCoder, C: dict) -> dict[str, LinearModel]:
    ex = examples(pairs, coder)
    return {
        "trigger": fit(ex.trig_rows, ex.trig_y, C=C["trigger"]),
        "factuality": fit(ex.fact_rows, ex.fact_y, C=C["factuality"]),
        "role": fit(ex.role_rows, ex.role_y, C=C["role"]),
    }


def install(coder: LearnedCoder, models: dict, thresholds: dict) -> None:
    coder.trigger, coder.factuality, coder.role = models["trigger"], models["factuality"], models["role"]
    install_thresholds(coder, thresholds)


def predict(pairs, coder: LearnedCoder) -> list[dict]:
    out = []
    for gold, doc in pairs:
        evs = dedupe(coder.extract(doc, keep_unasserted=False))
        out.append({"id": gold["id"], "events": [e.model_dump(mode="json") for e in evs]})
    return out


def end_to_end(pairs, coder) -> dict:
    return score(predict(pairs, coder), [g for g, _ in pairs], layers=["events"])["events"]


class RuleCoder:
    """The rule coder behind the learned coder's interface, for side-by-side scores."""

    def __init__(self, rules):
        self.rules = rules

    def extract(self, doc, keep_unasserted=False):
        return self.rules.extract_by_rules(doc)


def tune(pairs, coder) -> dict:
    """Thresholds that maximise dev F1: type F1 for the trigger, (type, countries) F1 for the roles."""
    best = {"trigger_threshold": 0.5, "source_threshold": 0.3, "target_threshold": 0.3}
    install_thresholds(coder, best)
    f = end_to_end(pairs, coder)["type"]["f"]
    for th in (0.06, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5):
        install_thresholds(coder, {**best, "trigger_threshold": th})
        g = end_to_end(pairs, coder)["type"]["f"]
        if g > f:
            f, best["trigger_threshold"] = g, th
    install_thresholds(coder, best)
    fc = end_to_end(pairs, coder)["type_country"]["f"]
    for key in ("source_threshold", "target_threshold"):
        for th in (0.15, 0.2, 0.3, 0.4, 0.5):
            install_thresholds(coder, {**best, key: th})
            g = end_to_end(pairs, coder)["type_country"]["f"]
            if g > fc:
                fc, best[key] = g, th
    install_thresholds(coder, best)
    return best


def tune_types(pairs, coder, min_events: int = 15) -> dict:
    """Per-type trigger thresholds on dev, for types with at least ``min_events`` asserted dev events
    (one pass of coordinate ascent on type F1 from the global threshold); rarer types keep the global one."""
    counts = Counter(e["type"] for g, _ in pairs for e in g["events"])
    chosen: dict[str, float] = {}
    coder.type_thresholds = chosen
    f = end_to_end(pairs, coder)["type"]["f"]
    for etype, n in counts.most_common():
        if n < min_events:
            break
        for th in (0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5):
            coder.type_thresholds = {**chosen, etype: th}
            g = end_to_end(pairs, coder)["type"]["f"]
            if g > f + 1e-9:
                f, chosen = g, {**chosen, etype: th}
        coder.type_thresholds = chosen
    return chosen


def install_thresholds(coder, th: dict) -> None:
    coder.type_thresholds = dict(th.get("type_thresholds") or {})
    coder.trigger_threshold = th["trigger_threshold"]
    coder.source_threshold = th["source_threshold"]
    coder.target_threshold = th["target_threshold"]


def country_given_gold_spans(pairs, rules) -> dict:
    """For each annotated participant with a span: does kroniek's actor layer give that span the
    annotated country? Separates the actor layer's share of the (type, country) error from the coder's."""
    from kroniek.nlp.event_context import main_country

    out = {"source": Counter(), "target": Counter()}
    for gold, doc in pairs:
        main = main_country(doc)
        for ev in gold["events"]:
            for role, span in participant_spans(doc, ev).items():
                ref, how = rules._ref(doc, span.root, "gold span", None)
                ref, _ = rules._infer_country(doc, span.root, ref, how, main, None)
                pc, gc = (ref.country if ref else None), ev[role].get("country")
                out[role]["equal" if pc == gc else "gold-null" if gc is None else "pred-null" if pc is None else "differ"] += 1
    return {k: dict(v) for k, v in out.items()}


def per_type(pairs, coder) -> dict:
    preds = {p["id"]: p for p in predict(pairs, coder)}
    out = {}
    types = sorted({e["type"] for g, _ in pairs for e in g["events"]} | {e["type"] for p in preds.values() for e in p["events"]})
    for t in types:
        golds = [{**g, "events": [e for e in g["events"] if e["type"] == t]} for g, _ in pairs]
        ps = [{"id": i, "events": [e for e in p["events"] if e["type"] == t]} for i, p in preds.items()]
        r = score(ps, golds, layers=["events"])["events"]["type"]
        out[t] = r
    return out


CARD = HERE.parents[1] / "docs" / "event_model_card.md"


def write_card(meta: dict, res: dict, path: Path = CARD, lang: str = "nl") -> None:
    """The event coder's model card, from the saved models' meta and the measured results."""
    if lang != "nl":
        return write_card_short(meta, res, path, lang)
    f = lambda v: f"{v['p']:.3f} / {v['r']:.3f} / {v['f']:.3f}"  # noqa: E731
    lines = [
        f"# Model card: kroniek event coder {meta.get('version', '')} (Dutch)", "",
        "Written by `training/events/train.py` (`make events`); edit the script, not this file.", "",
        "## What it is",
        "",
        "Three multinomial logistic-regression models over features of kroniek's parse",
        "(`src/kroniek/nlp/event_features.py`), stored as numpy arrays in `src/kroniek/data/nl/event_model/`",
        "and applied by `kroniek.nlp.event_learned`:",
        "",
        "* **trigger**: a PLOVER type or none for every verb, noun and adjective;",
        "* **factuality**: asserted, negated, future or hypothetical for each trigger;",
        "* **role**: source, target or none for every nominal of the trigger's sentence.",
        "",
        "The rule coder (`plover_triggers.tsv` and grammar rules) is one of the features, and its asserted",
        "events stand where the models find none. See [events.md](events.md).",
        "",
        "## Training data",
        "",
        "The project's event corpus (`training/events/`, [README](../training/events/README.md)):",
        f"{meta['trained_on']['sentences']:,} training sentences in {meta['trained_on']['documents']} documents "
        f"with {meta['trained_on']['events']:,} event mentions, annotated by reading",
        "([guidelines](annotation/events.md)). The text is CoNLL-2002 (De Morgen, 2000) and Alpino treebank",
        "(about 1970) newspaper Dutch: **research use only**, and so is this model. The 2019 evaluation corpus",
        "and CoNLL-2002 `ned.testb` were not used.",
        "",
        "## Settings",
        "",
        f"Regularisation C = {meta['C']['trigger']} (trigger, chosen on dev), {meta['C']['factuality']} "
        f"(factuality), {meta['C']['role']} (role); an event is kept when P(trigger) ≥ {meta['trigger_threshold']}, "
        f"a source when P(source) ≥ {meta['source_threshold']}, a target when P(target) ≥ {meta['target_threshold']} "
        "(thresholds chosen on the dev split for end-to-end F1). Training is deterministic.",
        "",
        "## Scores",
        "",
        "Events matched one-to-one per article; type P / R / F1 and (type, source country, target country) F1.",
        "",
        "| set | coder | type P / R / F1 | (type, countries) F1 |",
        "|---|---|---|---|",
    ]
    test = res.get("test")
    if test:
        lines.append(f"| corpus test split ({test['documents']} documents, {test['gold_events']} asserted events; frozen) "
                     f"| shipped | {f(test['events']['type'])} | {test['events']['type_country']['f']:.3f} |")
        lines.append(f"| | rules alone | {f(test['rules']['type'])} | {test['rules']['type_country']['f']:.3f} |")
        same = test.get("previously_scored_documents")
        if same:
            lines.append(f"| its {same['documents']} documents scored before | shipped | {f(same['events']['type'])} | "
                         f"{same['events']['type_country']['f']:.3f} |")
        first = test.get("first_scored_documents")
        if first:
            lines.append(f"| its {first['documents']} documents scored for the first time | shipped | {f(first['events']['type'])} | "
                         f"{first['events']['type_country']['f']:.3f} |")
    dev = res.get("dev")
    if dev:
        lines.append(f"| corpus dev split | shipped | {f(dev['type'])} | {dev['type_country']['f']:.3f} |")
    curve = res.get("learning_curve")
    if curve:
        lines += ["", "Learning curve (dev, type F1): " + "; ".join(
            f"{k} of the training documents ({v['sentences']:,} sentences): {v['type_f1']:.3f}" for k, v in curve.items()) + "."]
    lines += ["", "Every scoring of the test split, the dev gold figures and the per-type table are in the",
              "[evaluation report](evaluation.md).", "",
              "## Limits", "",
              "* Trained on older Belgian and Dutch news: unseen trigger words are often missed; precision is",
              "  about 0.5 and lower in text with few events.",
              "* Countries come from kroniek's actor layer, whose dictionary is of today; on the corpus the",
              "  (type, countries) F1 is far below the type F1.",
              "* Single sentences only: participants named elsewhere reach an event only through the actor",
              "  layer's pronouns and descriptions (*hij*, *de president*, *het land*, *het ministerie*).", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def write_card_short(meta: dict, res: dict, path: Path, lang: str) -> None:
    """The model card of another language's event coder: what it was trained on and its dev figures
    (the test splits of English are scored once by ``kroniek.evaluate.en_events --test``)."""
    f = lambda v: f"{v['p']:.3f} / {v['r']:.3f} / {v['f']:.3f}"  # noqa: E731
    t = dict(meta["trained_on"])
    g = t.get("plover_gsr_train_records", 0)  # one sentence and one event each, counted in the totals
    t.update(documents=t["documents"] - g, sentences=t["sentences"] - g, events=t["events"] - g)
    lines = [f"# Model card: kroniek event coder {meta.get('version', '')} ({lang})", "",
             "Written by `training/events/train.py --lang " + lang + "`; edit the script, not this file. The models are",
             f"those of [the Dutch card](event_model_card.md) (same features, same training code), in "
             f"`src/kroniek/data/{lang}/event_model/`, trained on the train split of the {lang} event corpus "
             f"(`training/events_{lang}/`): {t['sentences']:,} sentences in {t['documents']} documents with "
             f"{t['events']:,} event mentions, annotated with [the guidelines](annotation/events.md) and "
             f"[their English notes](annotation/events_en.md). Training documents are MEANTIME English and GUM news "
             "(CC BY 4.0 / CC BY); the PolNeAR sample (research use) is test data only and was never trained on."
             + (f" Also {t['plover_gsr_train_records']} PLOVER GSR records of its train split (CC BY-SA 4.0; "
                "`training/en/plover_gsr.py`): one coded event per sentence, taken as positive examples only."
                if t.get("plover_gsr_train_records") else ""), "",
             f"Regularisation C = {meta['C']['trigger']} (trigger); thresholds trigger {meta['trigger_threshold']}, "
             f"source {meta['source_threshold']}, target {meta['target_threshold']} (chosen on dev)"
             + (f"; per-type trigger thresholds {meta['type_thresholds']} (chosen on dev for types with at least 15 dev "
                "events)." if meta.get("type_thresholds") else "."), "",
             "| set | coder | type P / R / F1 | (type, countries) F1 |", "|---|---|---|---|"]
    for key, name in (("dev", "shipped"), ("dev_rules", "rules alone")):
        if res.get(key):
            lines.append(f"| corpus dev split | {name} | {f(res[key]['type'])} | {res[key]['type_country']['f']:.3f} |")
    curve = res.get("learning_curve")
    if curve:
        lines += ["", "Learning curve (dev, type F1): " + "; ".join(
            f"{k} of the training documents ({v['sentences']:,} sentences): {v['type_f1']:.3f}" for k, v in curve.items()) + "."]
    lines += ["", "Test figures (scored once): `training/en/results/events.json` and the [evaluation report](evaluation.md).", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    global LANG
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", default="nl", choices=sorted(CORPUS_OF), help="language of the corpus and the models")
    ap.add_argument("--corpus", type=Path, default=None, help="the built corpus (default: training/events for nl, "
                                                               "training/events_en for en)")
    ap.add_argument("--out", type=Path, default=None, help="default: src/kroniek/data/<lang>/event_model")
    ap.add_argument("--curve", action="store_true", help="learning curve on dev: 25/50/100 %% of the training documents")
    ap.add_argument("--test", action="store_true", help="score the frozen test split with the saved models")
    ap.add_argument("--report", type=Path, default=None, help="default: results.json in the corpus folder")
    ap.add_argument("--card", action="store_true", help="only rewrite docs/event_model_card.md from the saved results")
    ap.add_argument("--c-grid", type=lambda v: tuple(float(x) for x in v.split(",")), default=(0.3, 1.0, 3.0),
                    help="the trigger model's regularisation strengths tried on dev (comma separated)")
    ap.add_argument("--plover-gsr", type=Path, default=None, metavar="SHARED",
                    help="also train on the PLOVER GSR train records under SHARED/data/plover (partial documents; "
                         "training/en/plover_gsr.py)")
    ap.add_argument("--type-thresholds", action="store_true",
                    help="also choose a trigger threshold per type on dev (types with at least 15 dev events)")
    ap.add_argument("--previous", default="", help="with --test: what the scoring it replaces had scored (kept in the report)")
    a = ap.parse_args()
    LANG = a.lang
    a.corpus = a.corpus or CORPUS_OF[a.lang]
    a.out = a.out or model_dir(get_pack(a.lang))
    a.report = a.report or a.corpus / "results.json"
    card = CARD if a.lang == "nl" else CARD.with_name(f"event_model_card_{a.lang}.md")
    if a.card:
        write_card(json.loads((a.out / "meta.json").read_text()), json.loads(a.report.read_text()), card, a.lang)
        return 0
    t0 = time.time()
    rules = EventExtractor(load_pipeline(), "events_training", a.lang, coder="rules")
    coder = LearnedCoder.__new__(LearnedCoder)  # its models are set by install()
    coder.rules, coder._lex_memo = rules, {}
    report = json.loads(a.report.read_text()) if a.report.exists() else {}

    if a.test:
        test = read_split(a.corpus, "test")
        saved = LearnedCoder(rules, a.out)
        pairs = list(zip(test, parse(test)))
        old = report.get("test")
        if old:
            # the scoring this one replaces stays in the report, with what it scored
            report.setdefault("test_earlier_scorings", []).append(
                {"model": a.previous or "the previously shipped models", "whole_split": True,
                 "documents": old.get("documents"), "events": old["events"]})
        scored_before = set(report.get("test_scored_documents", []))
        report["test"] = {"events": end_to_end(pairs, saved), "per_type": per_type(pairs, saved),
                          "rules": end_to_end(pairs, RuleCoder(rules)),
                          "documents": len(test), "sentences": sum(len(d["sentences"]) for d in test),
                          "gold_events": sum(len(d["events"]) for d in test)}
        first = set(report.get("test_first_documents", []))
        if first and len(first) < len(test):
            # the documents added to the test split after its first scoring: scored here for the first time
            new = [p for p in pairs if p[0]["id"] not in first]
            report["test"]["added_documents"] = {
                "documents": len(new), "sentences": sum(len(g["sentences"]) for g, _ in new),
                "gold_events": sum(len(g["events"]) for g, _ in new),
                "events": end_to_end(new, saved), "rules": end_to_end(new, RuleCoder(rules))}
        if scored_before and len(scored_before) < len(test):
            # documents no earlier scoring has seen: the most unseen part of the split
            new = [p for p in pairs if p[0]["id"] not in scored_before]
            report["test"]["first_scored_documents"] = {
                "documents": len(new), "sentences": sum(len(g["sentences"]) for g, _ in new),
                "gold_events": sum(len(g["events"]) for g, _ in new),
                "events": end_to_end(new, saved), "rules": end_to_end(new, RuleCoder(rules))}
        if scored_before:
            # the same scoring on the documents the replaced one scored: the two models side by side
            same = [p for p in pairs if p[0]["id"] in scored_before]
            report["test"]["previously_scored_documents"] = {
                "documents": len(same), "sentences": sum(len(g["sentences"]) for g, _ in same),
                "gold_events": sum(len(g["events"]) for g, _ in same), "events": end_to_end(same, saved)}
        report["test_scored_documents"] = sorted(d["id"] for d in test)
        a.report.write_text(json.dumps(report, indent=1) + "\n")
        write_card(json.loads((a.out / "meta.json").read_text()), report, card, a.lang)
        print(json.dumps(report["test"]["events"], indent=1))
        return 0

    train_docs, dev_docs = read_split(a.corpus, "train"), read_split(a.corpus, "dev")
    n_gsr = 0
    if a.plover_gsr:
        sys.path.insert(0, str(HERE.parent / "en"))
        from plover_gsr import train_docs as gsr_train_docs

        extra = gsr_train_docs(a.plover_gsr)
        n_gsr = len(extra)
        print(f"+ {len(extra)} PLOVER GSR train records (partial)", file=sys.stderr)
        train_docs = train_docs + extra
    train_pairs = list(zip(train_docs, parse(train_docs)))
    dev_pairs = list(zip(dev_docs, parse(dev_docs)))
    print(f"parsed {len(train_pairs)} train and {len(dev_pairs)} dev documents in {time.time() - t0:.0f} s", file=sys.stderr)

    best, best_f, best_C = None, -1.0, None
    for c in a.c_grid:
        C = {"trigger": c, "factuality": 1.0, "role": 1.0}
        models = train(train_pairs, coder, C)
        install(coder, models, {"trigger_threshold": 0.5, "source_threshold": 0.3, "target_threshold": 0.3})
        th = tune(dev_pairs, coder)
        f = end_to_end(dev_pairs, coder)
        print(f"C={c}: dev type F1 {f['type']['f']:.3f}, (type, countries) {f['type_country']['f']:.3f}, thresholds {th}", file=sys.stderr)
        if f["type"]["f"] + f["type_country"]["f"] > best_f:
            best_f, best, best_C = f["type"]["f"] + f["type_country"]["f"], (models, th), C
    models, th = best
    install(coder, models, th)
    if a.type_thresholds:
        before = end_to_end(dev_pairs, coder)["type"]["f"]
        th = {**th, "type_thresholds": tune_types(dev_pairs, coder)}
        install(coder, models, th)
        print(f"per-type trigger thresholds {th['type_thresholds']}: dev type F1 {before:.3f} -> "
              f"{end_to_end(dev_pairs, coder)['type']['f']:.3f}", file=sys.stderr)
    dev_scores = end_to_end(dev_pairs, coder)
    a.out.mkdir(parents=True, exist_ok=True)
    for name, m in models.items():
        m.save(a.out / f"{name}.npz")
    meta = {"version": VERSION, **th, "C": best_C,
            "trained_on": {"plover_gsr_train_records": n_gsr, "documents": len(train_docs), "sentences": sum(len(d["sentences"]) for d in train_docs),
                           "events": sum(len(d["all_events"]) for d in train_docs)},
            "dev": {k: v for k, v in dev_scores.items()}}
    (a.out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n")
    report["country_given_gold_spans"] = country_given_gold_spans(dev_pairs, rules)
    report.update(dev=dev_scores, dev_per_type=per_type(dev_pairs, coder), dev_rules=end_to_end(dev_pairs, RuleCoder(rules)),
                  thresholds=th, C=best_C,
                  train={"documents": len(train_docs), "sentences": meta["trained_on"]["sentences"]})
    if a.curve:
        curve = {}
        rng = random.Random(13)
        order = list(range(len(train_pairs)))
        rng.shuffle(order)
        for share in (0.25, 0.5, 1.0):
            part = [train_pairs[i] for i in order[: max(1, round(share * len(order)))]]
            m = train(part, coder, best_C)
            install(coder, m, th)
            r = end_to_end(dev_pairs, coder)
            curve[f"{int(share * 100)}%"] = {"sentences": sum(len(g["sentences"]) for g, _ in part),
                                             "type_f1": r["type"]["f"], "type_country_f1": r["type_country"]["f"]}
            print(f"learning curve {share:.0%}: {curve[f'{int(share * 100)}%']}", file=sys.stderr)
        report["learning_curve"] = curve
    a.report.write_text(json.dumps(report, indent=1) + "\n")
    write_card(meta, report, card, a.lang)
    print(json.dumps({"dev": dev_scores, "thresholds": th, "C": best_C}, indent=1))
    print(f"done in {time.time() - t0:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
