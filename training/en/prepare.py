"""Build the English spaCy corpora (``DocBin``) from ``../shared/data/en``.

Like ``training/prepare.py`` (Dutch, whose ``ud_doc``/``chunks``/``save`` it reuses), each doc keeps
exactly the layers its source is reliable for, so one shared ``tok2vec`` learns from all of them:

- UD English-EWT train: Penn tags (tagger), UPOS + features (morphologizer), lemmas, dependencies.
  ``en_ewt-ud-dev.conllu`` is the development set; ``en_ewt-ud-test.conllu`` is held out, never read here.
- UD English-GUM train (official split): the same layers, plus its named mentions as NER (below).
  GUM dev is development data; GUM test is held out.
- MEANTIME English: named entity mentions only, documents whose ``split_of("meantime", stem)`` is
  ``train`` (``dev`` ones go to the development set; ``test`` ones are held out).

How names are cut out of GUM and MEANTIME (which mentions count, spans, label mapping):
``kroniek.evaluate.corpora_en``, shared with the evaluation.

    python training/en/prepare.py --data ../shared/data --out training/corpus_en
"""
from __future__ import annotations

import argparse
import importlib.util
import random
from collections import Counter
from pathlib import Path

import spacy
from spacy.tokens import Doc, Span

from kroniek.evaluate.corpora import read_conllu
from kroniek.evaluate.corpora_en import gum_names, meantime_files, meantime_names, meantime_unknown

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str, path: Path):
    """A training script as a module (``training/prepare.py`` and this file share a name)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_nl = _load("kroniek_training_prepare", ROOT / "training" / "prepare.py")  # the Dutch corpus builder
SENTS_PER_DOC, chunks, save, ud_doc = _nl.SENTS_PER_DOC, _nl.chunks, _nl.save, _nl.ud_doc
split_of = _load("kroniek_training_en_splits", ROOT / "training" / "en" / "splits.py").split_of


def gum_doc(vocab, sents: list[list[dict]]) -> Doc:
    """A GUM doc with tags, parse and its named mentions as entities (everything else outside)."""
    doc = ud_doc(vocab, sents, True, xpos_tag=True)
    spans, offset = [], 0
    for sent in sents:
        spans += [Span(doc, offset + a, offset + b, label=lab) for a, b, lab in gum_names(sent)]
        offset += len(sent)
    doc.set_ents(spans, default="outside")
    return doc


def meantime_docs(vocab, path: Path) -> list[Doc]:
    """A MEANTIME document with its names; capitalised words outside them are missing, not outside."""
    sents, names = meantime_names(path)
    words = [w for s in sents for w in s]
    doc = Doc(vocab, words=words, sent_starts=[i == 0 for s in sents for i in range(len(s))])
    doc.set_ents([Span(doc, a, b, label=lab) for a, b, lab in names],
                 missing=[Span(doc, i, i + 1) for i in meantime_unknown(words, names)], default="outside")
    return [doc]


def build(data: Path, out: Path, gum: bool = True) -> dict:
    random.seed(0)
    vocab = spacy.blank("en").vocab
    en = data / "en"
    train: list[Doc] = []
    dev: list[Doc] = []
    ewt = en / "ud_english_ewt"
    for group in chunks(list(read_conllu(ewt / "en_ewt-ud-train.conllu")), SENTS_PER_DOC):
        train.append(ud_doc(vocab, group, True, xpos_tag=True))
    for group in chunks(list(read_conllu(ewt / "en_ewt-ud-dev.conllu")), SENTS_PER_DOC):
        dev.append(ud_doc(vocab, group, True, xpos_tag=True))
    for name, target in (("en_gum-ud-train.conllu", train), ("en_gum-ud-dev.conllu", dev)) if gum else ():
        for group in chunks(list(read_conllu(en / "ud_english_gum" / name)), SENTS_PER_DOC):
            target.append(gum_doc(vocab, group))
    counts = Counter()
    for path in meantime_files(data):
        split = split_of("meantime", path.stem)
        counts[split] += 1
        if split == "train":
            train += meantime_docs(vocab, path)
        elif split == "dev":
            dev += meantime_docs(vocab, path)
    print(f"MEANTIME documents per split: {dict(counts)}")
    random.shuffle(train)
    save(train, out / "train.spacy")
    save(dev, out / "dev.spacy")
    labels = Counter(e.label_ for d in train for e in d.ents)
    print(f"training entities: {dict(labels)}")
    return dict(labels)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "training" / "corpus_en")
    ap.add_argument("--without-gum", action="store_true",
                    help="leave GUM out (CC BY-NC-SA): a model for commercial use, trained on EWT and MEANTIME only")
    args = ap.parse_args(argv)
    build(args.data, args.out, gum=not args.without_gum)


if __name__ == "__main__":
    main()
