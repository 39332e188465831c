"""``kroniek evaluate``: held-out treebank/NER scores and article-level gold scores."""
from __future__ import annotations

import json
import sys

import click

from . import main


def _analyses_for_gold(golds: list[dict], lang: str) -> list[dict]:
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


@main.command()
@click.option("--conll", "conll_path", type=click.Path(exists=True), help="CoNLL-2002 NER file (e.g. ned.testb)")
@click.option("--conllu", "conllu_path", type=click.Path(exists=True), help="UD CoNLL-U file (e.g. nl_alpino-ud-test.conllu)")
@click.option("--gold", "gold_path", type=click.Path(exists=True), help="article-level gold JSONL (GOLD_FORMAT.md)")
@click.option("--pred", "pred_path", type=click.Path(exists=True), help="analysis JSONL to score instead of running the pipeline")
@click.option("--errors", "errors_path", type=click.Path(), help="write per-item gold errors (JSONL) here")
@click.option("--lang", default="nl", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def evaluate(conll_path, conllu_path, gold_path, pred_path, errors_path, lang, fmt):
    """Score the pipeline on held-out NER/UD splits and/or a gold JSONL."""
    if not (conll_path or conllu_path or gold_path):
        raise click.UsageError("give at least one of --conll, --conllu, --gold")
    result: dict = {}
    if conll_path or conllu_path:
        import spacy

        from ..evaluate.treebank import score_conll, score_conllu
        from ..lang import get_pack

        nlp = spacy.load(get_pack(lang).model_path)
        if conll_path:
            result["conll"] = score_conll(nlp, conll_path)
        if conllu_path:
            result["conllu"] = score_conllu(nlp, conllu_path)
    if gold_path:
        from ..evaluate.gold import read_jsonl, score

        golds = read_jsonl(gold_path)
        preds = read_jsonl(pred_path) if pred_path else _analyses_for_gold(golds, lang)
        res = score(preds, golds, with_errors=bool(errors_path))
        if errors_path:
            with open(errors_path, "w", encoding="utf8") as f:
                for layer, errs in res.pop("errors").items():
                    for e in errs:
                        f.write(json.dumps({"layer": layer, **e}, ensure_ascii=False) + "\n")
        result["gold"] = res
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    if "conll" in result:
        c = result["conll"]
        click.echo(f"NER ({conll_path}): P {c['p']:.3f} R {c['r']:.3f} F1 {c['f']:.3f}  "
                   + "  ".join(f"{k} {v['f']:.3f}" for k, v in c["per_label"].items()))
    if "conllu" in result:
        u = result["conllu"]
        click.echo(f"UD ({conllu_path}): UPOS {u['upos']:.3f} feats {u['feats']:.3f} lemma {u['lemma']:.3f} "
                   f"UAS {u['uas']:.3f} LAS {u['las']:.3f} (no punct: UAS {u['uas_no_punct']:.3f} LAS {u['las_no_punct']:.3f})")
    if "gold" in result:
        click.echo(f"Gold ({gold_path}, {result['gold']['articles']} articles):")
        click.echo("\n".join(gold_table(result["gold"])))
