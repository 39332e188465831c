"""The rule coder of kroniek_events: lexicon, Dutch grammar, negation/modality, date and place.

The rule coder stays in kroniek as the learned coder's feature and as a fallback
(``coder="rules"``); these tests hold it to its grammar. The learned coder is tested in
``test_event_learned.py``. Sentences are written for these tests. Asserts on countries need the actor
layer; they are checked on the participant's mention text instead where the
point of the test is grammar, so that they hold with any actor layer.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pytest
import spacy

from kroniek.document import Place
from kroniek.lang import get_pack
from kroniek.nlp import pipeline
from kroniek.nlp.events import EventExtractor, Lexicon, noun_matches, verb_forms

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}


@lru_cache(maxsize=1)
def _nlp():
    return pipeline.load("nl")


@lru_cache(maxsize=1)
def _keeper():
    return EventExtractor(_nlp(), "events_all", "nl", keep_unasserted=True, coder="rules")


@lru_cache(maxsize=1)
def _rules():
    return EventExtractor(_nlp(), "events_rules", "nl", coder="rules")


def parse(text: str, published: dt.date = dt.date(2025, 3, 13)):
    nlp = _nlp()
    doc = nlp.make_doc(text)
    doc._.published_at = published
    return nlp(doc)


def events(text: str, keep: bool = False):
    doc = parse(text)
    return (_keeper() if keep else _rules()).extract(doc)


def _mention(doc_text: str, ref) -> str:
    return doc_text[ref.start : ref.end] if ref is not None and ref.start is not None else ""


def of_type(evs, kind):
    return [e for e in evs if e.type == kind]


# ---------------------------------------------------------------- lexicon
def test_lexicon_covers_all_sixteen_plover_types():
    lex = Lexicon.load(get_pack("nl").data("plover_triggers.tsv"))
    assert lex.event_types() == PLOVER_TYPES


def test_verb_forms_of_separable_strong_verb():
    standalone, joined, parts = verb_forms("wijzen", "af", ("wees", "wezen", "afgewezen"))
    assert {"wees", "wezen", "wijst"} <= standalone
    assert {"afwijst", "afwees", "afgewezen"} <= joined
    assert "afgewezen" in parts


def test_verb_forms_of_weak_verb():
    standalone, joined, _ = verb_forms("beschuldigen", None, ())
    assert {"beschuldigt", "beschuldigde", "beschuldigden", "beschuldigd"} <= standalone
    standalone, _, _ = verb_forms("protesteren", None, ())
    assert {"protesteert", "protesteerden", "geprotesteerd"} <= standalone


def test_noun_matching_takes_compounds_and_plurals():
    assert noun_matches("raketaanvallen", "aanval", False)
    assert noun_matches("sancties", "sanctie", False)
    assert not noun_matches("zelfmoord", "moord", True)
    assert not noun_matches("protestant", "protest", False)


# ---------------------------------------------------------------- grammar
def test_separable_verb_with_particle_at_clause_end():
    text = "Russische troepen rukten woensdag verder op in de regio Donetsk."
    evs = of_type(events(text), "ASSAULT")
    assert evs and evs[0].text == "rukten"
    assert "troepen" in _mention(text, evs[0].source)


def test_passive_with_door_agent():
    text = "Het Oekraïense voorstel werd donderdag door Hongarije afgewezen."
    evs = of_type(events(text), "REJECT")
    assert evs, events(text)
    assert _mention(text, evs[0].source) == "Hongarije"
    assert "passive" in evs[0].reason


def test_verb_plus_object_noun_pattern():
    text = "De Europese Unie legde Iran vorige week nieuwe sancties op."
    evs = of_type(events(text), "SANCTION")
    assert evs and "opleggen + sanctie" in evs[0].reason
    assert "Europese Unie" in _mention(text, evs[0].source)


def test_noun_trigger_with_light_verb_takes_its_subject():
    text = "Rusland voerde zaterdag een zware raketaanval uit op Odesa."
    evs = of_type(events(text), "ASSAULT")
    assert evs and evs[0].mode == "heavy-weapons"
    assert _mention(text, evs[0].source) == "Rusland"
    assert _mention(text, evs[0].target) == "Odesa"


def test_accusation_is_coded_but_plain_speech_is_not():
    text = "Zelensky beschuldigde Rusland van oorlogsmisdaden."
    evs = of_type(events(text), "ACCUSE")
    assert evs and evs[0].mode == "allege"
    assert _mention(text, evs[0].target) == "Rusland"
    assert events("De premier zei dat het overleg goed was verlopen en dat ze tevreden was.") == [] or all(
        e.type == "CONSULT" for e in events("De premier zei dat het overleg goed was verlopen en dat ze tevreden was.")
    )


def test_accused_party_right_after_the_verb_is_the_target():
    # the parser may take *Hamas* for a second subject; right after the finite verb it is the object
    text = "Premier Benjamin Netanyahu beschuldigde Hamas ervan dat het herhaaldelijk weigerde gijzelaars vrij te laten."
    evs = of_type(events(text), "ACCUSE")
    assert evs and _mention(text, evs[0].target) == "Hamas"
    assert "Netanyahu" in _mention(text, evs[0].source)


def test_demanded_resignation_is_not_a_resignation():
    evs = events("De oppositie eiste gisteren het aftreden van de minister van Justitie.")
    assert of_type(evs, "REQUEST")
    assert not of_type(evs, "RETREAT")


# ---------------------------------------------------------------- negation and modality
def test_negated_attack_is_dropped_by_default_and_flagged_when_kept():
    text = "Rusland heeft Oekraïne die nacht niet aangevallen."
    assert not of_type(events(text), "ASSAULT")
    kept = of_type(events(text, keep=True), "ASSAULT")
    assert kept and kept[0].negated and kept[0].confidence < 0.4


def test_possible_attack_is_not_a_fact():
    text = "Rusland zou Oekraïne volgende week opnieuw kunnen aanvallen."
    assert not of_type(events(text), "ASSAULT")
    kept = of_type(events(text, keep=True), "ASSAULT")
    assert kept and kept[0].modality == "possible" and not kept[0].negated


def test_refusal_is_a_rejection_not_support():
    evs = events("Hongarije weigert de nieuwe sancties tegen Rusland te steunen.")
    assert of_type(evs, "REJECT")
    assert not of_type(evs, "SUPPORT")


def test_question_is_not_an_event():
    assert not of_type(events("Heeft Israël het konvooi werkelijk aangevallen?"), "ASSAULT")


def test_announced_demand_is_kept_as_speech_act_with_future_modality():
    evs = of_type(events("De Georgische regeringspartij zal de kiescommissie verzoeken de stemmen te hertellen."), "REQUEST")
    assert evs and evs[0].modality == "future"


# ---------------------------------------------------------------- date and place
def test_publication_date_when_no_time_expression():
    evs = of_type(events("Demonstranten protesteerden voor het parlement in Tbilisi."), "PROTEST")
    assert evs and evs[0].date == "2025-03-13"
    assert "publication date" in evs[0].reason


@pytest.mark.skipif("kroniek_timex" not in pipeline.load("nl").pipe_names, reason="kroniek_timex not in the pipeline")
def test_date_from_attached_time_expression():
    evs = of_type(events("Op 4 maart legde de Europese Unie nieuwe sancties op aan Iran."), "SANCTION")
    assert evs and evs[0].date == "2025-03-04"


def test_location_from_attached_place():
    # the place record is built here so the test does not depend on the place layer's coverage
    text = "Duizenden mensen demonstreerden zondag in Belgrado tegen de regering."
    doc = parse(text)
    s = text.index("Belgrado")
    doc._.places = [
        Place(start=s, end=s + 8, text="Belgrado", sentence=0, confidence=0.9, reason="test",
              name="Belgrade", country="SRB", feature="city")
    ]
    evs = of_type(_keeper().extract(doc), "PROTEST")
    assert evs and evs[0].location == "Belgrade"
    assert "'in Belgrado'" in evs[0].reason


# ---------------------------------------------------------------- contract
def test_component_runs_in_a_users_pipeline_without_other_layers():
    import kroniek.nlp.events  # noqa: F401  (registers the factory)

    nlp = spacy.load(get_pack("nl").model_path)
    nlp.add_pipe("kroniek_events", config={"coder": "rules"})
    doc = nlp("Turkije beschuldigde Griekenland van provocaties in de Egeïsche Zee.")
    evs = of_type(doc._.events, "ACCUSE")
    assert evs and evs[0].source is not None and evs[0].source.country is None
    assert doc.text[evs[0].start : evs[0].end] == evs[0].text


def test_reciprocal_agreement_with_linked_capitals():
    # links built here (what the actor layer does for seats of power), so the test checks the
    # event coding, not the actor layer's coverage
    from kroniek.document import Actor

    text = "Kyiv en Washington sloten dinsdag in Jeddah een akkoord over een bestand."
    doc = parse(text)
    doc._.actors = [
        Actor(id="state:UKR", name="Ukraine", type="state", country="UKR", role="government", mentions=[(0, 4)]),
        Actor(id="state:USA", name="United States", type="state", country="USA", role="government", mentions=[(8, 18)]),
    ]
    doc._.entity_actor = {(0, 4): "state:UKR", (8, 18): "state:USA"}
    agree = of_type(_keeper().extract(doc), "AGREE")
    assert agree and (agree[0].source.country, agree[0].target.country) == ("UKR", "USA")


# ---------------------------------------------------------------- participants without a named actor
def test_group_noun_takes_country_from_its_nationality_word():
    evs = of_type(events("Britse parlementariërs eisten woensdag het ontslag van de minister."), "REQUEST")
    assert evs and evs[0].source.country == "GBR"
    assert "Britse" in evs[0].reason


def test_agent_noun_takes_the_articles_main_country():
    text = (
        "Turkije zit in een politieke crisis. De Turkse president Erdogan sprak dinsdag in Ankara. "
        "De kiesraad wees het verzoek van de oppositie af."
    )
    evs = of_type(events(text), "REJECT")
    assert evs and evs[0].source.country == "TUR"
    assert "agent 'kiesraad'" in evs[0].reason and "main country" in evs[0].reason
    assert evs[0].source.role == "judiciary"


def test_quantity_noun_gives_way_to_its_members():
    text = "Het Verenigd Koninkrijk is verdeeld. Een aantal Britse ministers dreigde met opstappen."
    evs = of_type(events(text), "THREATEN")
    assert evs and evs[0].source.country == "GBR"
    assert evs[0].source.name != "aantal"


def test_missing_target_of_domestic_act_is_the_state_with_lower_confidence():
    text = "Frankrijk debatteert over pensioenen. De Franse premier Michel Barnier beloofde gisteren hervormingen."
    evs = of_type(events(text), "AGREE")
    assert evs and (evs[0].source.country, evs[0].target.country) == ("FRA", "FRA")
    assert "implied" in evs[0].reason and evs[0].target.name is None


def test_protest_noun_without_protesters_is_coded_with_civilians_of_the_place():
    text = "In Georgië groeit de onrust. Het massaprotest tegen de regering duurde de hele nacht."
    evs = of_type(events(text), "PROTEST")
    assert evs and evs[0].source.name == "protesters" and evs[0].source.country == "GEO"


def test_event_without_any_identifiable_participant_is_not_coded():
    # 'Dat' and 'hem' resolve to nothing: POLECAT codes only events with an identifiable actor
    assert not of_type(events("Dat werd hem door niemand verweten."), "ACCUSE")
    assert of_type(events("Turkije beschuldigde Griekenland van provocaties."), "ACCUSE")


def test_separable_attack_with_object_parsed_as_obl_and_no_self_attack():
    evs = events("Intussen gingen de Russische aanvallen door. "
                 "Rusland viel in de nacht van dinsdag op woensdag Oekraïense steden aan met drones en raketten.")
    assert not of_type(evs, "ACCUSE")  # 'op' in 'van dinsdag op woensdag' is no verbal attack
    attacks = of_type(evs, "ASSAULT")
    assert any(e.source.country == "RUS" and e.target is not None and e.target.country == "UKR" for e in attacks)
    assert not any(e.target is not None and e.target.country == "RUS" for e in attacks)


def test_clause_breaks_from_arrays_equal_the_token_rule(nlp):
    """``clauses._breaks`` (column-wise over the attribute arrays) is ``_is_break`` per token."""
    from kroniek.nlp.clauses import _breaks, _is_break

    doc = nlp("De man die gisteren sprak, zei dat hij komt omdat de minister – die het wist – hem riep; "
              "maar wie het was, bleef onbekend (ook voor de krant die het meldde).")
    got = _breaks(doc)
    assert got == [_is_break(t) for t in doc]
    assert sum(got) >= 8 and any(t.lower_ == "die" and b for t, b in zip(doc, got))  # a relative pronoun breaks
    assert _breaks(nlp("")) == []


def test_a_noun_trigger_is_not_its_own_participant():
    """'de aanvallen waren gericht op …': the subject the grammar finds for the noun trigger is the
    trigger itself, which names no actor; the event keeps its target and leaves the source open."""
    doc = parse("Het Israëlische leger zei dat de aanvallen gericht waren op doelen van Hamas.")
    assaults = [e for e in _rules().extract(doc) if e.type == "ASSAULT"]
    assert assaults, "the attack on Hamas targets is still coded"
    for e in assaults:
        assert e.source is None or "aanval" not in (e.source.name or "").lower()
        assert e.target is not None and "Hamas" in (e.target.name or "")
