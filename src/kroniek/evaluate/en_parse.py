"""English pipeline figures: tagging, lemmas and parsing on UD English-EWT, names on GUM and MEANTIME.

The plain spaCy model (``models/en_kroniek``, no kroniek components) runs on the gold tokens, as
``kroniek.evaluate.treebank`` does for Dutch: one sentence per doc for the treebanks, one document
per doc for MEANTIME. NER is exact span + label (CoNLL metric) against the names
``kroniek.evaluate.corpora_en`` cuts out of GUM (named mentions) and MEANTIME (NAM mentions).

``section`` scores the development data live (EWT dev, GUM dev, MEANTIME dev split: about half a
minute) and shows the test figures recorded once by ``training/en/finalize.py`` in
``training/en/results/parse.json``; it never scores a test split itself.
"""
from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from .corpora import read_conllu
from .corpora_en import gum_names, meantime_files, meantime_names, meantime_unknown
from .treebank import _ner_counts, _pipe, score_conllu

RESULTS = Path(__file__).resolve().parents[3] / "training" / "en" / "results" / "parse.json"
NOT_NER = ["tagger", "morphologizer", "trainable_lemmatizer", "parser", "attribute_ruler", "lemmatizer"]
EWT = "en/ud_english_ewt/en_ewt-ud-{split}.conllu"
GUM = "en/ud_english_gum/en_gum-ud-{split}.conllu"


def _ner(nlp: Language, docs: list[Doc], golds: list[set]) -> dict:
    preds, secs = _pipe(nlp, docs, disable=NOT_NER)
    out = _ner_counts((gold, {(e.start, e.end, e.label_) for e in d.ents}) for gold, d in zip(golds, preds))
    words = sum(len(d) for d in docs)
    out["docs"], out["words"], out["gold_names"] = len(docs), words, sum(len(g) for g in golds)
    out["words_per_second"] = round(words / secs) if secs else None
    return out


def score_gum_ner(nlp: Language, path: str | Path) -> dict:
    """Names in a GUM CoNLL-U file, one sentence per doc."""
    sents = list(read_conllu(path))
    docs = [Doc(nlp.vocab, words=[t["form"] for t in s], spaces=[t["space"] for t in s]) for s in sents]
    return _ner(nlp, docs, [set(gum_names(s)) for s in sents])


def score_meantime_ner(nlp: Language, files: list[Path]) -> dict:
    """Names in MEANTIME documents, one document per doc (gold sentence breaks).

    MEANTIME does not mark every name (only the entities of its annotated stories), so the strict
    score counts a correct name it left out as a false positive. ``unmarked_ignored`` scores the same
    predictions without those that lie wholly on capitalised words no MEANTIME mention covers.
    """
    docs, golds, unknown = [], [], []
    for path in files:
        sents, names = meantime_names(path)
        words = [w for s in sents for w in s]
        docs.append(Doc(nlp.vocab, words=words, sent_starts=[i == 0 for s in sents for i in range(len(s))]))
        golds.append(set(names))
        unknown.append(set(meantime_unknown(words, names)))
    out = _ner(nlp, docs, golds)
    preds, _ = _pipe(nlp, docs, disable=NOT_NER)
    pairs = []
    for gold, unk, d in zip(golds, unknown, preds):
        pred = {(e.start, e.end, e.label_) for e in d.ents if not set(range(e.start, e.end)) <= unk}
        pairs.append((gold, pred))
    out["unmarked_ignored"] = _ner_counts(pairs)
    return out


def score_split(nlp: Language, data: Path, split: str) -> dict:
    """All figures of one split (``dev`` or ``test``) of EWT, GUM and MEANTIME (``split_of``)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("kroniek_en_splits", RESULTS.parents[1] / "splits.py")
    splits = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(splits)
    meantime = [p for p in meantime_files(data) if splits.split_of("meantime", p.stem) == split]
    return {
        "ewt": score_conllu(nlp, data / EWT.format(split=split)),
        "gum_ner": score_gum_ner(nlp, data / GUM.format(split=split)),
        "meantime_ner": score_meantime_ner(nlp, meantime),
    }


def figures_table(scores: dict) -> list[str]:
    ud, gum, mt = scores["ewt"], scores["gum_ner"], scores["meantime_ner"]
    lines = [
        "| data | metric | score |",
        "|---|---|---|",
        f"| UD English-EWT ({ud['words']:,} words) | UPOS | {ud['upos']:.3f} |",
        f"| | LAS / UAS (all tokens) | {ud['las']:.3f} / {ud['uas']:.3f} |",
        f"| | LAS / UAS (no punctuation) | {ud['las_no_punct']:.3f} / {ud['uas_no_punct']:.3f} |",
        f"| | UD features (exact) / lemma | {ud['feats']:.3f} / {ud['lemma']:.3f} |",
    ]
    for name, ner in (("GUM named mentions", gum), ("MEANTIME named entities", mt)):
        lines.append(f"| {name} ({ner['gold_names']:,} names) | NER F1 (P / R) | "
                     f"{ner['f']:.3f} ({ner['p']:.3f} / {ner['r']:.3f}) |")
        lines += [f"| | {k} F1 | {v['f']:.3f} |" for k, v in ner["per_label"].items()]
    if "unmarked_ignored" in mt:
        u = mt["unmarked_ignored"]
        lines.append(f"| MEANTIME, predictions on names it did not mark left out | NER F1 (P / R) | "
                     f"{u['f']:.3f} ({u['p']:.3f} / {u['r']:.3f}) |")
    return lines


def section(shared: Path) -> list[str]:
    import spacy

    from ..lang import get_pack

    lines = ["### English pipeline (tagging, lemmas, parsing, names)", ""]
    model = get_pack("en").model_path
    if not (model / "meta.json").exists():
        return lines + ["The English model (`src/kroniek/models/en_kroniek`) is not installed: `make model-en`."]
    nlp = spacy.load(model)
    lines += [f"Model `en_kroniek` {nlp.meta.get('version')}, `{' → '.join(nlp.pipe_names)}`, gold tokens.", ""]
    data = shared / "data"
    if (data / EWT.format(split="dev")).exists():
        lines += ["Development data (scored now): EWT dev, GUM dev, MEANTIME dev split.", "",
                  *figures_table(score_split(nlp, data, "dev")), ""]
    else:
        lines += ["(../shared not found: development figures not scored)", ""]
    if RESULTS.exists():
        rec = json.loads(RESULTS.read_text(encoding="utf8"))
        lines += [f"Held-out test data, scored once on {rec['date']} with model {rec['model_version']} "
                  f"({rec['what']}):", "", *figures_table(rec["test"])]
    else:
        lines.append("Held-out test figures: not recorded yet (`training/en/finalize.py` scores them once).")
    return lines
