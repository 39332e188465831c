"""``kroniek evaluate``: held-out treebank/NER scores and article-level gold scores."""
from __future__ import annotations

import json

import click

from . import main


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

        from ..evaluate.treebank import score_conll, score_conll_articles, score_conllu
        from ..lang import get_pack
        from ..nlp import pipeline

        nlp = spacy.load(get_pack(lang).model_path)
        if conll_path:
            result["conll"] = score_conll(nlp, conll_path)
            result["conll_articles"] = score_conll_articles(pipeline.load(lang), conll_path)
        if conllu_path:
            result["conllu"] = score_conllu(nlp, conllu_path)
    if gold_path:
        from ..evaluate.gold import analyses_for_gold, read_jsonl, score

        golds = read_jsonl(gold_path)
        preds = read_jsonl(pred_path) if pred_path else analyses_for_gold(golds, lang)
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
                   + "  ".join(f"{k} {v['f']:.3f}" for k, v in c["per_label"].items()) + "  (model, one sentence per doc)")
        c = result["conll_articles"]
        click.echo(f"NER ({conll_path}): P {c['p']:.3f} R {c['r']:.3f} F1 {c['f']:.3f}  "
                   + "  ".join(f"{k} {v['f']:.3f}" for k, v in c["per_label"].items())
                   + f"  (kroniek pipeline, {c['articles']} whole articles)")
    if "conllu" in result:
        u = result["conllu"]
        click.echo(f"UD ({conllu_path}): UPOS {u['upos']:.3f} feats {u['feats']:.3f} lemma {u['lemma']:.3f} "
                   f"UAS {u['uas']:.3f} LAS {u['las']:.3f} (no punct: UAS {u['uas_no_punct']:.3f} LAS {u['las_no_punct']:.3f})")
    if "gold" in result:
        from ..evaluate.report import gold_table

        click.echo(f"Gold ({gold_path}, {result['gold']['articles']} articles):")
        click.echo("\n".join(gold_table(result["gold"])))
