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
from collections import Counter, defaultdict
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from kroniek.evaluate.corpora import read_conll2002, read_conllu

SENTS_PER_DOC = 10
# UD v1 -> v2 part-of-speech names (r1.4 LassySmall). Only tags are taken from it.
UPOS_V1_TO_V2 = {"CONJ": "CCONJ"}


def ud_doc(vocab, sents: list[list[dict]], with_parse: bool, with_tags: bool = True,
           upos_tag: bool = False, with_morph: bool = True, xpos_tag: bool = False) -> Doc:
    """A doc of UD sentences. ``upos_tag`` also writes the UPOS into ``Token.tag_`` (the
    tagger's target), ``xpos_tag`` the treebank's XPOS (English: Penn tags); ``with_morph=False``
    leaves POS and FEATS missing so the morphologizer skips the doc (its labels couple POS with
    the full feature set)."""
    words, spaces, pos, morphs, lemmas, heads, deps, starts = [], [], [], [], [], [], [], []
    xpos = [t.get("xpos", "_") for sent in sents for t in sent]
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
        elif xpos_tag:
            kwargs.update(tags=xpos)
    if with_parse:
        kwargs.update(heads=heads, deps=deps)
    else:
        kwargs.update(sent_starts=starts)
    return Doc(vocab, **kwargs)


def _key(sent: list[dict]) -> str:
    return " ".join(t["form"] for t in sent)


def r14_as_v2(r14: list[list[dict]], current: list[list[dict]]) -> list[list[dict]]:
    """LassySmall r1.4 sentences in today's UD conventions, as far as the data shows them.

    A quarter of the r1.4 sentences are also in the current LassySmall dev/test (UD 2.16),
    annotated anew: there only 93% of their UPOS agree (v1 tags separable particles and *te*
    PART, possessives DET, ordinals NUM, name words NOUN/ADJ, where v2 has ADP, PRON, ADJ,
    PROPN). Those sentences are dropped (their v2 version is already trained on), and the
    rest get the v2 UPOS the overlap shows for the same (v1 UPOS, word), or for the v1 UPOS
    alone when that is consistent (at least 90%).
    """
    by_text = {_key(s): s for s in current}
    by_word: dict[tuple[str, str], Counter] = defaultdict(Counter)
    by_pos: dict[str, Counter] = defaultdict(Counter)
    rest = []
    for sent in r14:
        twin = by_text.get(_key(sent))
        if twin is None:
            rest.append(sent)
            continue
        for a, b in zip(sent, twin):
            v1 = UPOS_V1_TO_V2.get(a["upos"], a["upos"])
            by_word[(v1, a["form"].lower())][b["upos"]] += 1
            by_pos[v1][b["upos"]] += 1

    def dominant(c: Counter, share: float, least: int):
        (top, n), total = c.most_common(1)[0], sum(c.values())
        return top if n >= least and n >= share * total else None

    word_map = {k: m for k, c in by_word.items() if (m := dominant(c, 2 / 3, 2))}
    pos_map = {k: m for k, c in by_pos.items() if (m := dominant(c, 0.9, 20))}
    out, changed = [], 0
    for sent in rest:
        new = []
        for t in sent:
            v1 = UPOS_V1_TO_V2.get(t["upos"], t["upos"])
            v2 = word_map.get((v1, t["form"].lower())) or pos_map.get(v1) or v1
            changed += v2 != v1
            new.append(dict(t, upos=v2))
        out.append(new)
    print(f"r1.4: {len(r14) - len(rest)} sentences also in UD 2.16 dropped; "
          f"{changed} UPOS of {sum(map(len, out))} tokens mapped to v2 conventions")
    return out


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
    ap.add_argument("--r14-to-v2", action="store_true",
                    help="drop r1.4 sentences that UD 2.16 re-annotated and map the rest to v2 UPOS conventions")
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
    r14 = list(read_conllu(ud / "lassysmall_r1.4_udv1" / "nl_lassysmall-ud-train.conllu"))
    if args.r14_to_v2:
        current = [s for name in ("nl_lassysmall-ud-dev.conllu", "nl_lassysmall-ud-test.conllu")
                   for s in read_conllu(ud / name)]
        r14 = r14_as_v2(r14, current)
    for group in chunks(r14, SENTS_PER_DOC):
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
