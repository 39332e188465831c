"""The learned coder of kroniek_events: its models, its decisions and its records.

The figures of the coder (dev, test, learning curve) are in docs/evaluation.md; these tests hold the
contract: the shipped models load and decide, each event is traced to its trigger with the
probabilities in its reason, training rows and analysis rows are built by the same code.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import spacy

from kroniek.lang import get_pack
from kroniek.nlp import pipeline
from kroniek.nlp.event_learned import model_dir, one_per_construction
from kroniek.nlp.linear_model import LinearModel

ROOT = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=1)
def _nlp():
    return pipeline.load("nl")


def parse(text: str):
    nlp = _nlp()
    doc = nlp.make_doc(text)
    doc._.published_at = dt.date(2025, 3, 13)
    return nlp(doc)


def test_the_pipeline_codes_with_the_shipped_models():
    coder = _nlp().get_pipe("kroniek_events").learned
    assert coder is not None, "the learned coder is the default when its models are installed"
    meta = json.loads((model_dir(get_pack("nl")) / "meta.json").read_text())
    assert meta["trained_on"]["sentences"] >= 3000
    assert 0 < coder.trigger_threshold < 1
    assert "O" in coder.trigger.labels and {"ASSAULT", "ACCUSE"} <= set(coder.trigger.labels)
    assert set(coder.role.labels) == {"none", "source", "target"}
    assert "asserted" in coder.factuality.labels


def test_an_attack_with_a_verb_and_two_states():
    doc = parse("Russische troepen hebben zondag de Oekraïense stad Charkiv aangevallen.")
    evs = [e for e in doc._.events if e.type == "ASSAULT"]
    assert evs, [(e.type, e.text) for e in doc._.events]
    e = evs[0]
    assert doc.text[e.start:e.end] == e.text and e.sentence == 0
    assert e.source is not None and e.source.country == "RUS"
    assert e.reason.startswith("learned trigger: ASSAULT p=") and "source:" in e.reason
    assert 0 < e.confidence <= 0.95


def test_negated_and_future_events_are_not_asserted():
    keep = spacy.registry  # noqa: F841  (spaCy imported for the factory registry)
    nlp = _nlp()
    from kroniek.nlp.events import EventExtractor

    all_events = EventExtractor(nlp, "all_learned", "nl", keep_unasserted=True)
    doc = parse("De premier zal volgende week Parijs bezoeken. Rusland heeft Oekraïne gisteren aangevallen.")
    kept = all_events.extract(doc)
    default = doc._.events
    assert any(e.type == "ASSAULT" for e in default)
    # what the default drops, the keep_unasserted coder keeps with its factuality marked
    dropped = [e for e in kept if e.sentence == 0]
    assert all(e.modality or e.negated for e in dropped)
    assert not [e for e in default if e.sentence == 0 and e.type == "CONSULT"]


def test_one_trigger_per_light_verb_construction():
    doc = parse("Israël en de Palestijnen sloten gisteren een akkoord.")
    by = {t.text: t for t in doc}
    found = [(by["sloten"], "COERCE", 0.3), (by["akkoord"], "AGREE", 0.8)]
    assert [t.text for t, _, _ in one_per_construction(found)] == ["akkoord"]
    # a stopping verb keeps its event, the activity it stops is none
    doc = parse("De Verenigde Staten hebben de steun aan Oekraïne opgeschort.")
    by = {t.text: t for t in doc}
    found = [(by["steun"], "SUPPORT", 0.6), (by["opgeschort"], "SANCTION", 0.2)]
    assert [t.text for t, _, _ in one_per_construction(found)] == ["opgeschort"]


def test_the_learned_coder_runs_on_a_bare_parse():
    import kroniek.nlp.events  # noqa: F401  (registers the factory)

    nlp = spacy.load(get_pack("nl").model_path)
    nlp.add_pipe("kroniek_events")
    doc = nlp("Turkije beschuldigde Griekenland van provocaties in de Egeïsche Zee.")
    assert nlp.get_pipe("kroniek_events").learned is not None
    for e in doc._.events:
        assert doc.text[e.start:e.end] == e.text and e.reason.startswith("learned trigger:")


def test_linear_model_probabilities_and_round_trip(tmp_path):
    m = LinearModel(["O", "X"], ["bias", "a", "b"], np.array([[0, 0], [0, 2.0], [0, -2.0]]), np.array([0.0, -1.0]))
    p = m.predict_proba([["bias", "a"], ["bias", "b", "unknown"], []])
    assert np.allclose(p.sum(axis=1), 1.0)
    assert p[0, 1] > 0.5 > p[1, 1]
    m.save(tmp_path / "m.npz")
    again = LinearModel.load(tmp_path / "m.npz")
    assert np.allclose(again.predict_proba([["bias", "a"]]), p[:1], atol=1e-3)


def test_training_rows_are_the_rows_the_coder_builds():
    """The training script builds each decision's rows with the coder's own methods: a gold trigger
    that the coder predicts is described by the same features in training and in analysis."""
    spec = importlib.util.spec_from_file_location("event_train", ROOT / "training" / "events" / "train.py")
    train = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train)
    coder = _nlp().get_pipe("kroniek_events").learned
    text = "De politie heeft gisteren drie betogers opgepakt in Brussel."
    doc = parse(text)
    start = text.index("opgepakt")
    gold = {"id": "t", "text": text, "all_events": [{
        "type": "COERCE", "factuality": "asserted", "trigger": {"start": start, "end": start + 8, "text": "opgepakt"},
        "source": {"start": 0, "end": 10, "text": "De politie"}, "target": None}]}
    ex = train.examples([(gold, doc)], coder)
    assert "COERCE" in ex.trig_y and ex.fact_y == ["asserted"]
    assert "source" in ex.role_y
    row = ex.trig_rows[ex.trig_y.index("COERCE")]
    from kroniek.nlp.event_features import WordView

    i = [t.i for t in doc if t.text == "opgepakt"][0]
    assert row == coder.trigger_rows(doc, WordView(doc), [i], coder.rule_events(doc))[0]
    assert "x=COERCE" in row and "rule=COERCE" in row


def test_the_rule_coder_fills_in_where_the_learned_coder_found_nothing():
    """'hadden … de militaire steun aan Oekraïne opgeschort': where the learned coder takes no word of
    the construction, the rule coder's asserted event stands, marked in its reason."""
    coder = _nlp().get_pipe("kroniek_events").learned
    doc = parse("Vorige week hadden de Verenigde Staten de militaire steun aan Oekraïne opgeschort.")
    rule_list = coder.rules.extract_by_rules(doc, keep_unasserted=True)
    assert any(e.type == "SANCTION" for e in rule_list)
    filled = coder.fallback(rule_list, [], keep_unasserted=False)
    assert filled and all(e.reason.startswith("rule coder (no learned event here): ") for e in filled)
    # an event the learned coder already coded in that sentence with that type is not doubled
    assert coder.fallback(rule_list, filled, keep_unasserted=False) == []


def test_the_event_model_card_is_current(tmp_path):
    """docs/event_model_card.md is written from the shipped models' meta and the measured results."""
    spec = importlib.util.spec_from_file_location("event_train_card", ROOT / "training" / "events" / "train.py")
    train = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train)
    meta = json.loads((model_dir(get_pack("nl")) / "meta.json").read_text())
    results = json.loads((ROOT / "training" / "events" / "results.json").read_text())
    train.write_card(meta, results, tmp_path / "card.md")
    assert (tmp_path / "card.md").read_text() == (ROOT / "docs" / "event_model_card.md").read_text(), (
        "regenerate with: python training/events/train.py --card")
