"""``make evaluate``: the full evaluation report (markdown) from one run.

Scores the shipped model on the held-out splits (CoNLL-2002 ned.testb, UD
Alpino test), the whole pipeline on the article-level dev gold, the event
coder on the project's event corpus (``training/events``), and lists
the most frequent errors per layer so the report shows *what* goes wrong,
not only how often. Baseline figures of other tools are read from
``docs/baselines.json`` (written by the scripts in ``bench/``).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
from collections import Counter
from pathlib import Path

import spacy

from ..lang import get_pack
from .gold import analyses_for_gold, read_jsonl, score
from .treebank import score_conll, score_conll_articles, score_conllu


def gold_table(res: dict) -> list[str]:
    lines = ["| layer | P | R | F1 | other |", "|---|---|---|---|---|"]
    e = res.get("entities")
    if e:
        lines.append(f"| entities | {e['p']:.3f} | {e['r']:.3f} | {e['f']:.3f} | " + ", ".join(f"{k} {v['f']:.3f}" for k, v in e["per_label"].items()) + " |")
    q = res.get("quotes")
    if q:
        lines.append(f"| quotes | {q['p']:.3f} | {q['r']:.3f} | {q['f']:.3f} | speaker accuracy {q['speaker_accuracy']:.3f}; matched/gold by kind: "
                     + ", ".join(f"{k} {q['matched_by_kind'].get(k, 0)}/{v}" for k, v in sorted(q["gold_by_kind"].items())) + " |")
    t = res.get("timexes")
    if t:
        lines.append(f"| time expressions | {t['p']:.3f} | {t['r']:.3f} | {t['f']:.3f} | value accuracy {t['value_accuracy']:.3f} |")
    ev = res.get("events")
    if ev:
        for k, label in (("type", "events (type)"), ("type_country", "events (type, source/target country)"), ("type_name", "events (type, source/target name)")):
            v = ev[k]
            lines.append(f"| {label} | {v['p']:.3f} | {v['r']:.3f} | {v['f']:.3f} | |")
    return lines


def _error_summary(errors: dict) -> list[str]:
    lines = []
    for layer, errs in errors.items():
        kinds = Counter(e["kind"] for e in errs)
        lines.append(f"- **{layer}**: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
        if layer == "entities":
            fn = Counter(e["gold"]["label"] for e in errs if e["kind"] == "fn")
            fp = Counter(e["pred"]["label"] for e in errs if e["kind"] == "fp")
            lines.append(f"  - missed by label: {dict(fn)}; spurious by label: {dict(fp)}")
        if layer == "timexes":
            ex = [f"`{e['gold']['text']}` {e['pred'].get('value')}≠{e['gold']['value']}" for e in errs if e["kind"] == "value"][:8]
            if ex:
                lines.append("  - wrong values, e.g. " + "; ".join(ex))
        if layer == "quotes":
            miss = Counter(e["gold"]["kind"] for e in errs if e["kind"] == "fn")
            lines.append(f"  - missed by kind: {dict(miss)}")
        if layer == "events":
            fn = Counter(e["key"][0] for e in errs if e["kind"] == "fn")
            fp = Counter(e["key"][0] for e in errs if e["kind"] == "fp")
            lines.append(f"  - missed (type, src, tgt) by type: {dict(fn.most_common())}; spurious: {dict(fp.most_common())}")
    return lines


def _prf_row(name: str, v: dict) -> str:
    return f"| {name} | {v['p']:.3f} | {v['r']:.3f} | {v['f']:.3f} | {v['tp'] + v['fn']} |"


def _rule_coder_scores(golds: list[dict]) -> dict:
    """The rule coder alone on the same articles: the event layer as it was before it learned."""
    from ..analyze import analyze
    from ..document import Article
    from ..nlp import pipeline

    nlp = pipeline.load("nl")
    events = nlp.get_pipe("kroniek_events")
    learned, events.learned = events.learned, None
    try:
        preds = [analyze(Article(id=g["id"], text=g["text"], published_at=g.get("published_at")), nlp).model_dump(mode="json")
                 for g in golds]
    finally:
        events.learned = learned
    return score(preds, golds, layers=["events"])["events"]


def event_section(corpus: Path, dev_gold: list[dict], dev_gold_scores: dict) -> list[str]:
    """The learned event coder: the corpus dev split (live), the frozen test split (scored once by
    ``train.py --test`` and read from its results), per type, the learning curve, the rule coder."""
    results_path = corpus / "results.json"
    if not (corpus / "dev.jsonl").exists() or not results_path.exists():
        return []
    res = json.loads(results_path.read_text())
    dev = read_jsonl(corpus / "dev.jsonl")
    dev_scores = score(analyses_for_gold(dev), dev, layers=["events"])["events"]
    rules_dev = _rule_coder_scores(dev)
    rules_gold = _rule_coder_scores(dev_gold)
    L = ["## Events: the learned coder", "",
         "Trained on the project's event corpus (`training/events/`, annotated by reading; see its README for",
         "sources, counts and agreement). Events are matched one-to-one per article (`GOLD_FORMAT.md`).",
         "\"learned\" is the shipped coder: the learned models, with the rule coder's asserted events where",
         "they find none. The rule coder alone (lexicon and grammar rules, the event layer before the",
         "corpus) is scored on the same files for comparison.", "",
         "| set | coder | type P / R / F1 | (type, source country, target country) P / R / F1 | (type, names) F1 |",
         "|---|---|---|---|---|"]

    def row(name, coder, v):
        t, c, n = v["type"], v["type_country"], v["type_name"]
        return (f"| {name} | {coder} | {t['p']:.3f} / {t['r']:.3f} / **{t['f']:.3f}** | "
                f"{c['p']:.3f} / {c['r']:.3f} / **{c['f']:.3f}** | {n['f']:.3f} |")

    test = res.get("test")
    if test:
        L.append(row(f"corpus test split ({test['documents']} documents, {test['sentences']} sentences, "
                     f"{test['gold_events']} asserted events; frozen, scored at the end)", "learned", test["events"]))
        L.append(row("", "rules", test["rules"]))
        same = test.get("previously_scored_documents")
        if same:
            L.append(row(f"of which the {same['documents']} documents the previous scoring had ({same['sentences']} sentences, "
                         f"{same['gold_events']} asserted events)", "learned", same["events"]))
        first = test.get("first_scored_documents")
        if first:
            L.append(row(f"of which the {first['documents']} documents scored for the first time ({first['sentences']} "
                         f"sentences, {first['gold_events']} asserted events)", "learned", first["events"]))
            L.append(row("", "rules", first["rules"]))
        for earlier in res.get("test_earlier_scorings", []):
            where = (f"the whole test split as it then was{' (' + str(earlier['documents']) + ' documents)' if earlier.get('documents') else ''}"
                     if earlier.get("whole_split") else f"the test split's first {len(res.get('test_first_documents', []))} documents")
            L.append(row(f"{where}, earlier scoring: {earlier['model']}", "learned", earlier["events"]))
    L.append(row(f"corpus dev split ({len(dev)} documents)", "learned", dev_scores))
    L.append(row("", "rules", rules_dev))
    L.append(row(f"dev gold (2019 news, {len(dev_gold)} articles)", "learned", dev_gold_scores))
    L.append(row("", "rules", rules_gold))
    if test and test.get("per_type"):
        L += ["", "Per type on the corpus test split (learned coder, type only):", "",
              "| type | P | R | F1 | gold events |", "|---|---|---|---|---|"]
        for t, v in test["per_type"].items():
            L.append(_prf_row(t, v))
    curve = res.get("learning_curve")
    if curve:
        L += ["", "Learning curve: the coder trained on a share of the training documents, scored on the corpus dev split",
              "(thresholds of the full model):", "", "| share of train | sentences | type F1 | (type, countries) F1 |", "|---|---|---|---|"]
        for k, v in curve.items():
            L.append(f"| {k} | {v['sentences']} | {v['type_f1']:.3f} | {v['type_country_f1']:.3f} |")
    oracle = res.get("country_given_gold_spans")
    if oracle:
        L += ["", "Where the country F1 is lost: for the gold participants of the corpus dev split that have a span,",
              "the country kroniek's actor layer gives that very span, against the annotated country:", "",
              "| role | same country | kroniek none, gold one | gold none, kroniek one | both, different |", "|---|---|---|---|---|"]
        for role, v in oracle.items():
            L.append(f"| {role} | {v.get('equal', 0)} | {v.get('pred-null', 0)} | {v.get('gold-null', 0)} | {v.get('differ', 0)} |")
    L.append("")
    return L


def quote_section(quote_set: Path) -> list[str]:
    """Quotes and speakers on the quote set (``training/quotes``): scored by its ``score.py``, read here."""
    results_path = quote_set / "results.json"
    if not results_path.exists():
        return []
    res = json.loads(results_path.read_text())
    agree = json.loads((quote_set / "agreement.json").read_text()) if (quote_set / "agreement.json").exists() else None
    stats = json.loads((quote_set / "stats.json").read_text()) if (quote_set / "stats.json").exists() else {}
    L = ["## Quotes and speakers on unseen text (`training/quotes/`)", "",
         "Quotes annotated by reading (`docs/annotation/quotes.md`) in the event corpus's dev and test documents",
         "(De Morgen 2000 and 1970s newspaper text) and the 120 MEANTIME Dutch articles (Wikinews, 2008-2010):",
         "the quote layer's rules were written on the 2019 dev gold, never on these. Scored as `GOLD_FORMAT.md` says (a match overlaps half the gold span; speaker names equal",
         "after normalisation); \"lenient\" also accepts the same surname or one name inside the other (*Apple* /",
         "*Apple Inc.*), so it shows how much of the gap is naming convention rather than a wrong speaker.", "",
         "| split | documents | gold quotes | quote P / R / F1 | speaker accuracy | lenient | bar |",
         "|---|---|---|---|---|---|---|"]

    def row(name, v):
        return (f"| {name} | {v['documents']} | {v['tp'] + v['fn']} | {v['p']:.3f} / {v['r']:.3f} / **{v['f']:.3f}** | "
                f"**{v['speaker_accuracy']:.3f}** | {v['speaker_accuracy_lenient']:.3f} | F1 ≥ 0.88, speakers ≥ 0.85 |")

    for t in res.get("test_scorings", []):
        L.append(row(f"test ({t['date']}, {t['note'] or 'scored once'})", t["quotes"]))
    if res.get("dev"):
        L.append(row("dev", res["dev"]))
    if agree:
        L += ["", f"Agreement of two independent annotations of {agree['documents']} documents ({agree['sentences']} sentences): "
              f"quote F1 {agree['quote_f1']:.3f}, kind {agree['kind_agreement']:.3f}, speaker {agree['speaker_agreement']:.3f} "
              f"({agree['speaker_agreement_lenient']:.3f} lenient) over {agree['matched']} matched quotes."]
    if stats:
        L += ["", f"Gold quotes: dev {stats['quotes'].get('dev')}, test {stats['quotes'].get('test')} "
              f"(kinds in test: {stats['kinds'].get('test')}; speaker null in test: {stats['speaker_null'].get('test')})."]
    last = (res.get("test_scorings") or [None])[-1]
    for name, v in (("test", last["quotes"] if last else None), ("dev", res.get("dev"))):
        if v and v.get("by_source"):
            L += ["", f"{name.capitalize()} split by source (CoNLL-2002 articles have their sentences shuffled by that shared task;",
                  "MEANTIME articles are whole, in order):", "",
                  "| source | documents | gold quotes | quote P / R / F1 | speaker accuracy |", "|---|---|---|---|---|"]
            for src, x in v["by_source"].items():
                L.append(f"| {src} | {x['documents']} | {x['gold']} | {x['p']:.3f} / {x['r']:.3f} / {x['f']:.3f} | {x['speaker_accuracy']:.3f} |")
        if v and v.get("by_where_named"):
            L += ["", f"{name.capitalize()} split, matched quotes by where the gold speaker is named:", "",
                  "| where | right | of | accuracy |", "|---|---|---|---|"]
            for k, x in v["by_where_named"].items():
                L.append(f"| {k} | {x['right']} | {x['of']} | {x['accuracy']:.3f} |")
    dev = res.get("dev")
    if dev and dev.get("by_rule"):
        L += ["", "Dev split, matched quotes by the rule that named the speaker:", "",
              "| speaker rule / gold | right | wrong |", "|---|---|---|"]
        for k, v in dev["by_rule"].items():
            L.append(f"| {k} | {v['right']} | {v['wrong']} |")
    L.append("")
    return L


def build(shared: Path, baselines_path: Path, events_corpus: Path = Path("training/events"),
          quote_set: Path = Path("training/quotes")) -> str:
    data = shared / "data"
    nlp = spacy.load(get_pack("nl").model_path)
    ner = score_conll(nlp, data / "conll2002_nl/ned.testb")
    from ..nlp import pipeline

    ner_art = score_conll_articles(pipeline.load("nl"), data / "conll2002_nl/ned.testb")
    ud = score_conllu(nlp, data / "ud_nl/nl_alpino-ud-test.conllu")
    golds = read_jsonl(shared / "eval/dev_gold.jsonl")
    res = score(analyses_for_gold(golds), golds, with_errors=True)
    errors = res.pop("errors")
    L = [
        "# Evaluation report",
        "",
        f"Written by `make evaluate` on {dt.date.today().isoformat()} with model "
        f"`{nlp.meta.get('lang')}_{nlp.meta.get('name')}` {nlp.meta.get('version')}.",
        "",
        "## Held-out test splits (never used in training)",
        "",
        "| test set | metric | score | bar |",
        "|---|---|---|---|",
        f"| CoNLL-2002 ned.testb ({ner['sentences']} sentences) | NER micro F1 | {ner['f']:.3f} (P {ner['p']:.3f}, R {ner['r']:.3f}) | ≥ 0.80 |",
    ]
    for lab, v in ner["per_label"].items():
        L.append(f"| | {lab} F1 | {v['f']:.3f} (P {v['p']:.3f}, R {v['r']:.3f}) | |")
    L.append(f"| ned.testb, {ner_art['articles']} whole articles | NER micro F1 of the kroniek pipeline (model + entity repair) "
             f"| {ner_art['f']:.3f} (P {ner_art['p']:.3f}, R {ner_art['r']:.3f}) | |")
    L += [
        f"| UD Dutch Alpino test ({ud['sentences']} sentences) | UPOS | {ud['upos']:.3f} | ≥ 0.94 |",
        f"| | LAS (all tokens) | {ud['las']:.3f} | ≥ 0.75 |",
        f"| | UAS (all tokens) | {ud['uas']:.3f} | |",
        f"| | LAS / UAS without punctuation | {ud['las_no_punct']:.3f} / {ud['uas_no_punct']:.3f} | |",
        f"| | LAS on universal labels | {ud['las_universal']:.3f} | |",
        f"| | morphological features (exact) | {ud['feats']:.3f} | |",
        f"| | lemma | {ud['lemma']:.3f} | |",
        "",
        "Scores use gold tokenization, one sentence per document (as `spacy evaluate`), except the",
        "whole-article row: there kroniek's full pipeline runs on each article of ned.testb, so its",
        "entity repair (label consistency within the article, actor dictionary, gazetteer) applies.",
        "",
        f"## Article-level dev gold (`shared/eval/dev_gold.jsonl`, {res['articles']} articles)",
        "",
        "Scored as `shared/eval/GOLD_FORMAT.md` specifies (`kroniek evaluate --gold`).",
        "",
        *gold_table(res),
        "",
        "### Error classes",
        "",
        *_error_summary(errors),
        "",
    ]
    L += event_section(events_corpus, golds, res["events"])
    L += quote_section(quote_set)
    from .english import sections as english_sections

    L += english_sections(shared)
    if baselines_path.exists():
        base = json.loads(baselines_path.read_text(encoding="utf8"))
        L += ["## Baselines on the same dev gold", "", "| tool | layer | figures | how measured |", "|---|---|---|---|"]
        for b in base:
            L.append(f"| {b['tool']} | {b['layer']} | {b['figures']} | {b.get('how', '')} |")
        L.append("")
    return "\n".join(L)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--out", type=Path, default=Path("docs/evaluation.md"))
    ap.add_argument("--baselines", type=Path, default=Path("docs/baselines.json"))
    args = ap.parse_args(argv)
    text = build(args.shared, args.baselines)
    args.out.write_text(text, encoding="utf8")
    print(text)


if __name__ == "__main__":
    main()
