"""Actors, entities and places in English (kroniek_actors, kroniek_entities, kroniek_places).

As in test_actors.py, entities are set by hand on the parsed doc, so these tests check the English
language pack (data/en) and the language-independent logic, not the NER checkpoint of the day.
"""
import datetime as dt
import re
from pathlib import Path

import pytest

from kroniek.nlp.mentions import resolve_chars

EN_MODEL = Path(__file__).resolve().parents[1] / "src" / "kroniek" / "models" / "en_kroniek"
pytestmark = pytest.mark.skipif(not (EN_MODEL / "meta.json").exists(), reason="English model not present")


@pytest.fixture(scope="module")
def nlp():
    from kroniek.nlp import pipeline

    return pipeline.load("en", ("kroniek_actors", "kroniek_entities", "kroniek_places"))


def analyse(nlp, text, ents, when=dt.date(2025, 3, 12), repair=False):
    """Parse ``text``, set ``ents`` [(surface, label, occurrence)] as entities, run actors and places
    (and the entity repair when ``repair``)."""
    base = [n for n in nlp.pipe_names if not n.startswith("kroniek_") or n == "kroniek_paragraphs"]
    with nlp.select_pipes(enable=base):
        doc = nlp.make_doc(text)
        doc._.published_at = when
        doc = nlp(doc)
    spans = []
    for surface, label, nth in ents:
        m = list(re.finditer(re.escape(surface), text))[nth]
        spans.append(doc.char_span(m.start(), m.end(), label=label, alignment_mode="expand"))
    doc.ents = sorted(spans, key=lambda s: s.start)
    doc = nlp.get_pipe("kroniek_actors")(doc)
    if repair:
        doc = nlp.get_pipe("kroniek_entities")(doc)
    return nlp.get_pipe("kroniek_places")(doc)


def actor_at(doc, text, surface, nth=0):
    m = list(re.finditer(re.escape(surface), text))[nth]
    return resolve_chars(doc, m.start(), m.end())


def test_english_names_link_to_dictionary_actors(nlp):
    text = "Putin met Zelenskyy's envoy in Istanbul. The U.S. and the EU welcomed the talks."
    doc = analyse(nlp, text, [("Putin", "PER", 0), ("Zelenskyy's", "PER", 0), ("Istanbul", "LOC", 0),
                              ("U.S.", "LOC", 0), ("EU", "ORG", 0)])
    assert actor_at(doc, text, "Putin").id == "vladimir-putin"
    assert actor_at(doc, text, "Zelenskyy's").id == "volodymyr-zelenskyy"  # genitive stripped
    assert actor_at(doc, text, "U.S.").id == "state:USA"
    assert actor_at(doc, text, "EU").id == "european-union"
    assert actor_at(doc, text, "Istanbul") is None  # a place, not acting


def test_title_with_nationality_gives_office_and_country(nlp):
    text = "The French president Emmanuel Macron called for a truce. Later the Russian president rejected it."
    doc = analyse(nlp, text, [("Emmanuel Macron", "PER", 0)])
    macron = actor_at(doc, text, "Emmanuel Macron")
    assert macron.id == "emmanuel-macron" and macron.country == "FRA"
    # a bare title with a nationality: the dictionary's office holder at the publication date
    assert actor_at(doc, text, "the Russian president").id == "vladimir-putin"


def test_secretary_of_state_is_the_foreign_minister(nlp):
    text = "Rubio arrived in Jeddah on Monday. The US secretary of state said the talks went well."
    doc = analyse(nlp, text, [("Rubio", "PER", 0), ("Jeddah", "LOC", 0)])
    assert actor_at(doc, text, "Rubio").id == "marco-rubio"
    assert actor_at(doc, text, "secretary of state").id == "marco-rubio"
    jeddah = next(p for p in doc._.places if p.text == "Jeddah")
    assert jeddah.country == "SAU"


def test_seat_of_power_and_capital_stand_for_the_government(nlp):
    text = "The Kremlin said on Tuesday that it would study the proposal. Moscow rejected the plan."
    doc = analyse(nlp, text, [("Kremlin", "LOC", 0), ("Moscow", "LOC", 0)])
    kremlin = actor_at(doc, text, "Kremlin")
    assert kremlin is not None and kremlin.country == "RUS"
    assert actor_at(doc, text, "Moscow").id == "state:RUS"


def test_nationality_word_and_institution(nlp):
    text = "Ukrainian forces shot down 40 drones, the Ukrainian air force said. American officials declined to comment."
    doc = analyse(nlp, text, [("Ukrainian", "MISC", 0), ("American", "MISC", 0)])
    assert actor_at(doc, text, "Ukrainian").id == "state:UKR"
    assert actor_at(doc, text, "American").id == "state:USA"
    canon = doc._.entity_canonical
    assert "American" in canon.values()


def test_the_country_points_back_to_the_state_named_before(nlp):
    text = "Russia launched a new offensive in the east. The country has lost thousands of soldiers."
    doc = analyse(nlp, text, [("Russia", "LOC", 0)])
    assert actor_at(doc, text, "The country").id == "state:RUS"
    assert any("The country" in c for c in doc._.entity_chain.values())


def test_entity_repair_cuts_titles_and_white_space(nlp):
    text = "Australian Prime Minister John Howard met Professor Eastman.\n\nBoeing unveiled the Dreamliner"
    doc = analyse(nlp, text, [("Australian Prime Minister John Howard", "PER", 0), ("Professor Eastman", "PER", 0),
                              ("Dreamliner", "MISC", 0)], repair=True)
    texts = {e.text: e.label_ for e in doc.ents}
    assert texts.get("John Howard") == "PER" and texts.get("Eastman") == "PER"
    assert "Australian Prime Minister John Howard" not in texts


def test_party_members_are_misc(nlp):
    text = "The Democrats voted against the bill, and the Republicans for it."
    doc = analyse(nlp, text, [("Democrats", "ORG", 0), ("Republicans", "ORG", 0)], repair=True)
    assert {e.text: e.label_ for e in doc.ents} == {"Democrats": "MISC", "Republicans": "MISC"}
    assert actor_at(doc, text, "Democrats").id == "democratic-party-us"


def test_known_names_split_at_a_conjunction_and_trimmed_of_a_common_noun(nlp):
    text = "Kyiv and Washington concluded the deal. Ukraine backs the US ceasefire plan. The Russians said no."
    doc = analyse(nlp, text, [("Kyiv and Washington", "PER", 0), ("Ukraine", "LOC", 0), ("US ceasefire", "ORG", 0),
                              ("Russians", "PER", 0)], repair=True)
    assert actor_at(doc, text, "Kyiv").id == "state:UKR" and actor_at(doc, text, "Washington").id == "state:USA"
    assert actor_at(doc, text, "US").id == "state:USA"
    assert actor_at(doc, text, "Russians").id == "state:RUS"  # a people noun, no person
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels["Kyiv"] == labels["Washington"] == "LOC" and "Kyiv and Washington" not in labels
    assert "US" in labels and "US ceasefire" not in labels
    assert labels["Russians"] == "MISC"
