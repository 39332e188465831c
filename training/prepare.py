"""Turn the raw training data in ``../shared/data`` into spaCy ``DocBin`` corpora.

Why a script of our own rather than ``spacy convert``: the corpora carry
annotation for different layers (UD: tags, morphology, lemmas, dependencies;
CoNLL-2002: entities only; LassySmall r1.4: UD v1 labels we only trust for
tags and lemmas). Each doc keeps exactly the layers it is reliable for, so one
shared ``tok2vec`` can be trained on all of them and every component simply
skips docs without its annotation.

Held out, never read here: ``ud_nl/nl_alpino-ud-test.conllu`` and
``conll2002_nl/ned.testb`` (they are the test sets ``kroniek evaluate`` reports).
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from kroniek.evaluate.corpora import read_conll2002, read_conllu

SENTS_PER_DOC = 10
# UD v1 -> v2 part-of-speech names (r1.4 LassySmall). Only tags are taken from it.
UPOS_V1_TO_V2 = {"CONJ": "CCONJ"}


def ud_doc(vocab, sents: list[list[dict]], with_parse: bool, with_tags: bool = True,
           upos_tag: bool = False, with_morph: bool = True) -> Doc:
    """A doc of UD sentences. ``upos_tag`` also writes the UPOS into ``Token.tag_`` (the
    tagger's target); ``with_morph=False`` leaves POS and FEATS missing so the
    morphologizer skips the doc (its labels couple POS with the full feature set)."""
    words, spaces, pos, morphs, lemmas, heads, deps, starts = [], [], [], [], [], [], [], []
    for sent in sents:
        offset = len(words)
        for i, tok in enumerate(sent):
            words.append(tok["form"])
            spaces.append(tok["space"])
            pos.append(UPOS_V1_TO_V2.get(tok["upos"], tok["upos"]))
            morphs.append(tok["feats"])
            lemmas.append(tok["lemma"])
            starts.append(i == 0)
            if with_parse:
                h = tok["head"]
                heads.append(offset + i if not h else offset + h - 1)
                deps.append(tok["deprel"].lower() if h else "ROOT")
        if spaces:
            spaces[-1] = True
    kwargs = dict(words=words, spaces=spaces)
    if with_tags:
        kwargs.update(lemmas=lemmas)
        if with_morph:
            kwargs.update(pos=pos, morphs=morphs)
        if upos_tag:
            kwargs.update(tags=pos)
    if with_parse:
        kwargs.update(heads=heads, deps=deps)
    else:
        kwargs.update(sent_starts=starts)
    return Doc(vocab, **kwargs)


def ner_doc(vocab, sents: list[list[tuple[str, str]]]) -> Doc:
    words, ents, starts = [], [], []
    for sent in sents:
        for i, (w, t) in enumerate(sent):
            words.append(w)
            ents.append(t)
            starts.append(i == 0)
    return Doc(vocab, words=words, ents=ents, sent_starts=starts)


def read_bio_flat(path: Path, chunk: int = 25):
    """Europeana BIO has no sentence breaks: cut it at sentence-final tokens."""
    sent: list[tuple[str, str]] = []
    with open(path, encoding="utf8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            w, t = parts[0], parts[-1]
            if t.startswith("I-") and (not sent or sent[-1][1] == "O"):
                t = "B-" + t[2:]
            sent.append((w, t))
            if (w in {".", "!", "?"} and len(sent) > 5) or len(sent) > 80:
                yield sent
                sent = []
    if sent:
        yield sent


def chunks(items, n):
    for i in range(0, len(items), n):
        yield items[i : i + n]


def save(docs, path: Path):
    db = DocBin(store_user_data=False)
    n = 0
    for d in docs:
        db.add(d)
        n += len(d)
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    print(f"{path}: {len(db)} docs, {n} tokens")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--out", type=Path, default=Path("training/corpus"))
    ap.add_argument("--alpino-ud", type=Path, default=None, help="Alpino treebank converted to UD (CoNLL-U)")
    ap.add_argument("--alpino-tags", action="store_true", help="also train tags/lemmas on the converted Alpino trees")
    ap.add_argument("--upos-tagger", action="store_true",
                    help="UPOS as the tagger's target on all UD-style docs; the converted Alpino trees "
                         "then train the tagger and lemmatizer but not the morphologizer")
    ap.add_argument("--europeana", action="store_true", help="add the Europeana NER data")
    ap.add_argument("--ner-dev-in-train", action="store_true", help="also train NER on ned.testa")
    ap.add_argument("--alpino-dev-holdout", type=int, default=200, help="Alpino dev sentences kept as dev")
    args = ap.parse_args(argv)
    random.seed(0)
    nlp = spacy.blank("nl")
    v = nlp.vocab
    ud = args.data / "ud_nl"

    train: list[Doc] = []
    dev: list[Doc] = []
    # Current UD (v2) files: full annotation. Alpino test is held out.
    alp_dev = list(read_conllu(ud / "nl_alpino-ud-dev.conllu"))
    cut = len(alp_dev) - args.alpino_dev_holdout
    for group in chunks(alp_dev[:cut], SENTS_PER_DOC):
        train.append(ud_doc(v, group, True, upos_tag=args.upos_tagger))
    for group in chunks(alp_dev[cut:], SENTS_PER_DOC):
        dev.append(ud_doc(v, group, True, upos_tag=args.upos_tagger))
    for name in ("nl_lassysmall-ud-dev.conllu", "nl_lassysmall-ud-test.conllu"):
        for group in chunks(list(read_conllu(ud / name)), SENTS_PER_DOC):
            train.append(ud_doc(v, group, True, upos_tag=args.upos_tagger))
    # LassySmall r1.4 (UD v1): tags, morphology and lemmas only.
    r14 = ud / "lassysmall_r1.4_udv1" / "nl_lassysmall-ud-train.conllu"
    for group in chunks(list(read_conllu(r14)), SENTS_PER_DOC):
        train.append(ud_doc(v, group, False, upos_tag=args.upos_tagger))
    if args.alpino_ud and args.alpino_ud.exists():
        # Converted trees: dependencies only (their FEATS are sparse and verb lemmas rule-made,
        # which would teach the morphologizer and lemmatizer to leave features out).
        for group in chunks(list(read_conllu(args.alpino_ud)), SENTS_PER_DOC):
            train.append(ud_doc(v, group, True, with_tags=args.alpino_tags, upos_tag=args.upos_tagger,
                                with_morph=not args.upos_tagger))

    conll = args.data / "conll2002_nl"
    for art in read_conll2002(conll / "ned.train"):
        for group in chunks(art, SENTS_PER_DOC):
            train.append(ner_doc(v, group))
    for art in read_conll2002(conll / "ned.testa"):
        for group in chunks(art, SENTS_PER_DOC):
            d = ner_doc(v, group)
            (train if args.ner_dev_in_train else dev).append(d)
            if args.ner_dev_in_train:
                dev.append(d)
    if args.europeana:
        sents = list(read_bio_flat(args.data / "europeana_nl" / "enp_NL.kb.bio"))
        for group in chunks(sents, SENTS_PER_DOC):
            train.append(ner_doc(v, group))

    random.shuffle(train)
    save(train, args.out / "train.spacy")
    save(dev, args.out / "dev.spacy")


if __name__ == "__main__":
    main()
