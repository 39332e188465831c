"""English PLOVER events: the language pack's event files, the trigger lexicon build, the rule and
learned coders on English sentences, and the English evaluation's readers."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from kroniek.lang import get_pack
from kroniek.nlp.event_lexicon import Lexicon, load_cues, load_words

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EN_MODEL = get_pack("en").model_path
sys.path.insert(0, str(ROOT / "training" / "en"))

needs_model = pytest.mark.skipif(not (EN_MODEL / "meta.json").exists(), reason="English model not built")
needs_shared = pytest.mark.skipif(not (SHARED / "data" / "plover").exists(), reason="../shared not present")


# ---------------------------------------------------------------- data files
def test_event_words_per_language():
    nl, en = load_words(get_pack("nl").data("event_words.json")), load_words(get_pack("en").data("event_words.json"))
    assert "de" in nl.articles and "the" in en.articles and "the" not in nl.articles
    assert nl.morphology == "generate" and en.morphology == "listed"
    assert nl.member_prep == "van" and en.member_prep == "of"
    assert nl.subject_after_verb and not en.subject_after_verb
    assert "he" in en.personal and "we" in en.first_person


def test_missing_word_file_gives_empty_words(tmp_path):
    w = load_words(tmp_path / "none.json")
    assert w.articles == frozenset() and w.morphology == "generate"


def test_english_lexicon_lists_forms():
    lex = Lexicon.load(get_pack("en").data("plover_triggers.tsv"), "listed")
    types = {t.type for t, _ in lex.verbs["attacked"]}
    assert "ASSAULT" in types
    assert "CONSULT" in {t.type for t, _ in lex.verbs["met"]}
    assert "attacked" in lex.participles and "held" in lex.light
    assert {"ASSAULT", "AGREE", "CONSULT", "SANCTION", "COERCE", "REQUEST"} <= lex.event_types()
    nouns = {t.head: t for t in lex.nouns}
    assert nouns["talks"].kind == "n" and nouns["ceasefire"].type == "RETREAT"
    # every row's type is a PLOVER type of the codebook
    plover = set(json.loads(get_pack("en").data("plover_types.json").read_text())["types"])
    assert lex.event_types() <= plover


def test_english_negation_cues():
    cues = {(c.cue, c.value) for c in load_cues(get_pack("en").data("negation.tsv"))}
    assert ("not", "negated") in cues and ("will", "future") in cues and ("refuse", "refused") in cues


def test_inflection_of_the_build_script():
    from build_triggers import inflect

    assert inflect("agree", []) == ("agrees", "agreed", "agreed", "agreeing")
    assert inflect("deny", []) == ("denies", "denied", "denied", "denying")
    assert inflect("push", []) == ("pushes", "pushed", "pushed", "pushing")
    assert inflect("fight", ["fights", "fought", "fighting"]) == ("fights", "fought", "fought", "fighting")
    assert inflect("take", ["takes", "took", "taken", "taking"]) == ("takes", "took", "taken", "taking")


@needs_shared
def test_trigger_lexicon_is_the_build_scripts_output(tmp_path):
    """The committed lexicon is what ``training/en/build_triggers.py`` makes of ../shared (reproducible)."""
    from build_triggers import main

    out = tmp_path / "plover_triggers.tsv"
    assert main(["--shared", str(SHARED), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf8") == get_pack("en").data("plover_triggers.tsv").read_text(encoding="utf8")


def test_trigger_lexicon_drops_and_overrides():
    rows = [r.split("\t") for r in get_pack("en").data("plover_triggers.tsv").read_text(encoding="utf8").splitlines()
            if r and not r.startswith("#")]
    verbs = {(r[1], r[2]) for r in rows if r[0] == "V"}
    assert ("face", "CONSULT") not in {(p, t) for p, t in verbs}  # dropped: triggers_drop.tsv
    assert ("sign+agreement", "AGREE") in verbs  # kroniek's convention, not CAMEO 057's SUPPORT
    assert ("arrest", "COERCE") in verbs and not any(p.startswith("arrest+") for p, _ in verbs)


# ---------------------------------------------------------------- coders on English sentences
@pytest.fixture(scope="module")
def en():
    from kroniek.nlp import pipeline
    from kroniek.nlp.events import EventExtractor

    try:
        nlp = pipeline.load("en")
    except FileNotFoundError:  # a layer's English data not there yet
        nlp = pipeline.load("en", layers=tuple(f for f, _ in pipeline.COMPONENTS if f != "kroniek_timex"))
    rules = EventExtractor(nlp, "events_rules", "en", keep_unasserted=True, coder="rules")
    return nlp, rules


def _rules(en, text):
    nlp, rules = en
    return rules.extract_by_rules(nlp(text), keep_unasserted=True)


@needs_model
def test_rules_attack(en):
    evs = _rules(en, "Russia attacked Ukraine.")
    ev = next(e for e in evs if e.type == "ASSAULT")
    assert ev.text == "attacked" and ev.source.country == "RUS"
    assert ev.target is not None and "Ukraine" in (ev.target.name or "")
    assert "lexicon: attack" in ev.reason and ev.sentence == 0 and 0 < ev.confidence <= 1


@needs_model
def test_rules_agreement(en):
    evs = _rules(en, "The United States and Ukraine agreed on a ceasefire proposal.")
    ev = next(e for e in evs if e.type == "AGREE")
    assert ev.text == "agreed" and ev.source.country == "USA" and not ev.negated


@needs_model
def test_rules_halted_aid(en):
    evs = _rules(en, "Washington halted military aid to Kyiv.")
    ev = next(e for e in evs if e.type == "SANCTION")
    assert ev.mode == "discontinue" and ev.text == "halted" and ev.source.country == "USA"


@needs_model
def test_rules_unasserted(en):
    neg = [e for e in _rules(en, "The United States did not attack Ukraine.") if e.type == "ASSAULT"]
    assert neg and all(e.negated for e in neg)
    fut = [e for e in _rules(en, "The United States will attack Ukraine.") if e.type == "ASSAULT"]
    assert fut and all(e.modality == "future" for e in fut)
    nlp, rules = en
    assert not [e for e in rules.extract_by_rules(nlp("The United States did not attack Ukraine."), keep_unasserted=False)
                if e.type == "ASSAULT"]


@needs_model
def test_shipped_coder_codes_the_attack(en):
    nlp, _ = en
    evs = nlp("Russia attacked Ukraine.")._.events
    assert any(e.type == "ASSAULT" and e.text == "attacked" for e in evs)


# ---------------------------------------------------------------- evaluation readers
@needs_shared
def test_plover_gsr_records_split_and_mapped():
    from kroniek.evaluate.en_events import gsr_golds

    splits = {s: gsr_golds(SHARED, (s,)) for s in ("train", "dev", "test")}
    assert sum(len(v) for v in splits.values()) == 322  # every record but the DOCUMENT one, in one split
    ids = [g["id"] for v in splits.values() for g in v]
    assert len(ids) == len(set(ids))
    plover = set(json.loads(get_pack("en").data("plover_types.json").read_text())["types"])
    assert {e["type"] for v in splits.values() for g in v for e in g["events"]} <= plover  # FIGHT, DEMAND … mapped
    hun = next(g for g in splits["train"] + splits["dev"] + splits["test"] if g["id"] == "PLOVER-GSR01-AGREE-0001")
    assert hun["events"][0]["source"]["country"] == "HUN"


def test_section_without_shared(tmp_path):
    from kroniek.evaluate.en_events import section

    lines = section(tmp_path)
    assert lines[0].startswith("### Events") and any("type F1" in x for x in lines)


@needs_shared
def test_plover_gsr_training_records_are_train_split_only():
    from plover_gsr import train_docs
    from splits import split_of

    docs = train_docs(SHARED)
    assert len(docs) > 150 and all(d["partial"] for d in docs)
    for d in docs:
        ev = d["events"][0]
        assert split_of("plover_gsr", d["id"].split(":")[1]) == "train"
        assert d["text"][ev["trigger"]["start"]:ev["trigger"]["end"]] == ev["trigger"]["text"]
        src = ev["source"]
        if "start" in src:
            assert d["text"][src["start"]:src["end"]] == src["name"]
