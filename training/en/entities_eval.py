"""Score English entities: the whole pipeline (model + kroniek's entity repair) on held-out news.

    python training/en/entities_eval.py --split dev [--errors errors.jsonl]   # develop on this
    python training/en/entities_eval.py --split test --record                  # once, at the end

The data, the name spans and the two figures (strict; marked names only) are described in
``kroniek.evaluate.en_entities``. ``--record`` writes the test figures to
``training/en/results/entities.json`` (with the date, the model version and what was scored) and
refuses to overwrite an earlier test record: the test split is scored once.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from kroniek.evaluate.en_entities import RESULTS, evaluate, figures_table  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("dev", "test"), default="dev")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--errors", type=Path, help="write the strict errors (fp/fn with the gold) as JSONL")
    ap.add_argument("--record", action="store_true", help="record the test figures (test split only, once)")
    args = ap.parse_args(argv)
    if args.record and args.split != "test":
        ap.error("--record records the test split only")
    if args.record and RESULTS.exists():
        print(f"{RESULTS} exists: the test split was scored already", file=sys.stderr)
        return 1
    errors: list | None = [] if args.errors else None
    figures = evaluate(args.shared, args.split, errors)
    print("\n".join(figures_table(figures)))
    if args.errors:
        with open(args.errors, "w", encoding="utf8") as fh:
            for e in errors:
                fh.write(json.dumps(e, ensure_ascii=False) + "\n")
    if args.record:
        import spacy

        from kroniek.lang import get_pack

        import hashlib

        model = get_pack("en").model_path
        meta = json.loads((model / "meta.json").read_text(encoding="utf8"))
        # which trained weights were scored: the NER and tok2vec files of the shipped model
        digest = hashlib.sha1(b"".join((model / part / "model").read_bytes() for part in ("tok2vec", "ner")
                                       if (model / part / "model").exists())).hexdigest()[:12]
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps({
            "date": dt.date.today().isoformat(),
            "model_version": meta.get("version"),
            "model_weights_sha1": digest,
            "spacy_version": spacy.__version__,
            "what": "MEANTIME English test split (split_of('meantime', stem) == 'test') and the GUM test news "
                    "documents; kroniek analyze's entities (model + kroniek_timex/actors/entities/places, running "
                    "text rebuilt from the corpus tokens) against kroniek.evaluate.corpora_en's name spans in the "
                    "CoNLL convention of kroniek.evaluate.en_entities (titles cut off person names, nationality "
                    "adjectives optional), exact span + label; 'corpus_spans' = the spans as corpora_en cuts them",
            "test": figures,
        }, indent=2) + "\n", encoding="utf8")
        print(f"recorded {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
