"""Held-out scores of the trained pipeline: NER on CoNLL-2002, tagging and parsing on UD.

Both run the plain spaCy model (no kroniek components) on the gold tokens,
one sentence per ``Doc``, as ``spacy evaluate`` does, so the figures compare
with published CoNLL-2002 and UD results. ``score_conll_articles`` adds the
NER figure of the whole kroniek pipeline on whole articles.

- NER: exact span + label, micro and per-label P/R/F1 (the CoNLL-2002 metric).
- UD: UPOS, morphological features, lemma accuracy; UAS/LAS over all tokens
  (CoNLL 2018 style, punctuation included) and without punctuation (spaCy
  style). LAS compares the universal part of the label (``obl:arg`` → ``obl``)
  in ``las_universal``; ``las`` requires the full label.
"""
from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from .corpora import iob_spans, read_conll2002, read_conllu
from .gold import prf


def _pipe(nlp: Language, docs: list[Doc], disable: list[str]) -> tuple[list[Doc], float]:
    t0 = time.perf_counter()
    with nlp.select_pipes(disable=[p for p in disable if p in nlp.pipe_names]):
        out = list(nlp.pipe(docs, batch_size=256))
    return out, time.perf_counter() - t0


def _ner_counts(pairs) -> dict:
    """Micro and per-label P/R/F1 from (gold spans, predicted spans) pairs."""
    counts: dict[str, Counter] = {}
    for gold, pred in pairs:
        for label in {x[2] for x in gold | pred}:
            c = counts.setdefault(label, Counter())
            g = {x for x in gold if x[2] == label}
            p = {x for x in pred if x[2] == label}
            c["tp"] += len(g & p)
            c["fp"] += len(p - g)
            c["fn"] += len(g - p)
    total = Counter()
    for c in counts.values():
        total.update(c)
    out = prf(total["tp"], total["fp"], total["fn"])
    out["per_label"] = {k: prf(v["tp"], v["fp"], v["fn"]) for k, v in sorted(counts.items())}
    return out


def score_conll(nlp: Language, path: str | Path) -> dict:
    sents = [s for art in read_conll2002(path) for s in art]
    docs = [Doc(nlp.vocab, words=[w for w, _ in s]) for s in sents]
    preds, secs = _pipe(nlp, docs, disable=["parser", "trainable_lemmatizer", "morphologizer", "tagger", "upos_from_tag"])
    out = _ner_counts((iob_spans([t for _, t in s]), {(e.start, e.end, e.label_) for e in d.ents})
                      for s, d in zip(sents, preds))
    words = sum(len(s) for s in sents)
    out["sentences"], out["words"] = len(sents), words
    out["words_per_second"] = round(words / secs) if secs else None
    return out


def score_conll_articles(nlp: Language, path: str | Path) -> dict:
    """NER as kroniek delivers it: the full pipeline (``kroniek.nlp.pipeline.load``) on each
    whole article of the file (gold tokens and sentence breaks), so the entity repair sees the
    article's other mentions. Reported next to the model's sentence-level score."""
    arts = list(read_conll2002(path))
    pairs = []
    for art in arts:
        words, starts, gold = [], [], set()
        for s in art:
            off = len(words)
            words += [w for w, _ in s]
            starts += [k == 0 for k in range(len(s))]
            gold |= {(a + off, b + off, lab) for a, b, lab in iob_spans([t for _, t in s])}
        doc = Doc(nlp.vocab, words=words, sent_starts=starts)
        for name, proc in nlp.pipeline:
            if name != "kroniek_paragraphs":  # the gold sentence breaks stand
                doc = proc(doc)
        pairs.append((gold, {(e.start, e.end, e.label_) for e in doc.ents}))
    out = _ner_counts(pairs)
    out["articles"] = len(arts)
    return out


def score_conllu(nlp: Language, path: str | Path) -> dict:
    sents = list(read_conllu(path))
    docs = [Doc(nlp.vocab, words=[t["form"] for t in s], spaces=[t["space"] for t in s]) for s in sents]
    preds, secs = _pipe(nlp, docs, disable=["ner"])
    c = Counter()
    for s, d in zip(sents, preds):
        for g, t in zip(s, d):
            c["n"] += 1
            c["upos"] += t.pos_ == g["upos"]
            c["feats"] += str(t.morph) == g["feats"]
            c["lemma"] += t.lemma_ == g["lemma"]
            gold_head = g["head"] - 1 if g["head"] else None
            pred_head = None if t.dep_ == "ROOT" else t.head.i
            gold_dep = g["deprel"].lower()
            pred_dep = "root" if t.dep_ == "ROOT" else t.dep_.lower()
            head_ok = gold_head == pred_head
            punct = g["upos"] == "PUNCT"
            c["uas"] += head_ok
            c["las"] += head_ok and gold_dep == pred_dep
            c["las_u"] += head_ok and gold_dep.split(":")[0] == pred_dep.split(":")[0]
            if not punct:
                c["n_np"] += 1
                c["uas_np"] += head_ok
                c["las_np"] += head_ok and gold_dep == pred_dep
    n, n_np = c["n"] or 1, c["n_np"] or 1
    return {
        "sentences": len(sents),
        "words": c["n"],
        "upos": round(c["upos"] / n, 4),
        "feats": round(c["feats"] / n, 4),
        "lemma": round(c["lemma"] / n, 4),
        "uas": round(c["uas"] / n, 4),
        "las": round(c["las"] / n, 4),
        "las_universal": round(c["las_u"] / n, 4),
        "uas_no_punct": round(c["uas_np"] / n_np, 4),
        "las_no_punct": round(c["las_np"] / n_np, 4),
        "words_per_second": round(c["n"] / secs) if secs else None,
    }
