"""Turn a trained ``model-best`` into the pipeline kroniek ships.

Bakes kroniek's Dutch news tokenizer rules into the model, writes its meta
(name, version, sources, licences), scores it on the held-out test splits
and copies it to ``src/kroniek/models/nl_kroniek`` with a model card.
The result loads with plain ``spacy.load(path)``.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kroniek.evaluate.treebank import score_conll, score_conllu  # noqa: E402
from kroniek.nlp.tokenizer import customize  # noqa: E402

SOURCES = [
    {"name": "UD Dutch Alpino (dev) and UD Dutch LassySmall (dev, test), UD 2.16", "license": "CC BY-SA 4.0",
     "url": "https://universaldependencies.org/"},
    {"name": "UD Dutch LassySmall r1.4 train (tags, morphology, lemmas only)", "license": "CC BY-SA 4.0"},
    {"name": "Alpino Treebank cdb part, converted to UD by training/alpino_to_ud.py", "license": "research use (distributed with NLTK with permission)"},
    {"name": "CoNLL-2002 Dutch NER (ned.train, ned.testa)", "license": "research use only; no commercial use"},
]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", type=Path)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "src/kroniek/models/nl_kroniek")
    ap.add_argument("--version", default="0.1.0")
    ap.add_argument("--notes", default="", help="training notes recorded in the meta")
    args = ap.parse_args(argv)

    nlp = spacy.load(args.model)
    customize(nlp)
    nlp.meta.update(
        name="kroniek",
        version=args.version,
        description="Dutch news pipeline trained in-project for kroniek: tokenizer with news conventions, "
        "morphologizer (UPOS+features), trainable lemmatizer, dependency parser (UD), NER (PER/ORG/LOC/MISC), one shared tok2vec.",
        author="kroniek project",
        license="research use only (CoNLL-2002 NER data); see model card",
        sources=SOURCES,
        notes=args.notes,
    )
    data = args.shared / "data"
    held_out = {
        "conll2002_testb": score_conll(nlp, data / "conll2002_nl/ned.testb"),
        "ud_alpino_test": score_conllu(nlp, data / "ud_nl/nl_alpino-ud-test.conllu"),
    }
    nlp.meta["held_out"] = held_out
    if args.out.exists():
        shutil.rmtree(args.out)
    nlp.to_disk(args.out)
    print(json.dumps(held_out, indent=1))


if __name__ == "__main__":
    main()
