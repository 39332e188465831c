"""Entity repair after the actor layer: consistency, dictionary names, titles."""
import spacy
from spacy.tokens import Span

import kroniek.nlp.entities  # noqa: F401
from kroniek.document import Actor


def _doc(text, ents, actors=(), links=None):
    nlp = spacy.blank("nl")
    repair = nlp.add_pipe("kroniek_entities")
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(text.index(w), text.index(w) + len(w), label=lab) for w, lab in ents]
    doc._.actors = list(actors)
    doc._.entity_actor = links or {}
    return repair(doc)


def test_surname_of_a_full_person_name_becomes_person():
    text = "Ahmed Aboutaleb sprak in Delft. Aboutaleb is burgemeester."
    i = text.rindex("Aboutaleb")
    nlp = spacy.blank("nl")
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(0, 15, label="PER"), doc.char_span(25, 30, label="LOC"), doc.char_span(i, i + 9, label="LOC")]
    doc = kroniek.nlp.entities.EntityRepair(None, "r")(doc)
    labels = {e.start_char: (e.label_, e._.reason) for e in doc.ents}
    assert labels[i][0] == "PER" and "surname" in labels[i][1]
    assert labels[25] == ("LOC", None)


def test_dictionary_name_missed_by_ner_is_added_and_wrong_label_fixed():
    text = "Trump sprak dinsdag met Poetin in Helsinki."
    trump = Actor(id="donald-trump", name="Donald Trump", type="person", country="USA", reason="dictionary name (not tagged by NER): Donald Trump")
    putin = Actor(id="vladimir-putin", name="Vladimir Putin", type="person", country="RUS", reason="dictionary: Vladimir Putin")
    links = {(0, 5): "donald-trump", (24, 30): "vladimir-putin"}
    doc = _doc(text, [("Poetin", "LOC"), ("Helsinki", "LOC")], [trump, putin], links)
    got = {e.text: (e.label_, e._.reason) for e in doc.ents}
    assert got["Trump"][0] == "PER" and "not tagged by NER" in got["Trump"][1]
    assert got["Poetin"][0] == "PER" and "corrected by actor dictionary" in got["Poetin"][1]
    assert got["Helsinki"] == ("LOC", None)


def test_title_word_is_trimmed_from_a_person_name():
    text = "Kamerlid Pieter Omtzigt stelde vragen."
    doc = _doc(text, [("Kamerlid Pieter Omtzigt", "PER")], [Actor(id="x", name="x", type="person")], {(0, 1): "x"})
    assert [(e.text, e.label_) for e in doc.ents] == [("Pieter Omtzigt", "PER")]


def test_title_and_name_tagged_org_becomes_the_person():
    text = "Kamerlid Sjoerd Sjoerdsma stelde vragen aan de Verenigde Naties."
    doc = _doc(text, [("Kamerlid Sjoerd Sjoerdsma", "ORG"), ("Verenigde Naties", "ORG")],
               [Actor(id="x", name="x", type="person")], {(0, 1): "x"})
    got = [(e.text, e.label_) for e in doc.ents]
    assert got == [("Sjoerd Sjoerdsma", "PER"), ("Verenigde Naties", "ORG")]
    assert "person title" in doc.ents[0]._.reason


def test_organisation_tagged_as_place_is_relabelled_by_the_dictionary():
    text = "Israël viel doelen van Hamas aan."
    hamas = Actor(id="hamas", name="Hamas", type="armed_group", country="PSE", reason="dictionary: Hamas (tagged as a place)")
    israel = Actor(id="state:ISR", name="Israel", type="state", country="ISR", reason="country name: Israel")
    h = text.index("Hamas")
    doc = _doc(text, [("Israël", "LOC"), ("Hamas", "LOC")], [hamas, israel], {(0, 6): "state:ISR", (h, h + 5): "hamas"})
    assert [(e.text, e.label_) for e in doc.ents] == [("Israël", "LOC"), ("Hamas", "ORG")]


def test_majority_label_within_an_article():
    text = "Erdogan won. Erdogan sprak. Erdogan zweeg. Erdogan lachte."
    nlp = spacy.blank("nl")
    doc = nlp(text)
    spans = [Span(doc, i, i + 1, label=("MISC" if i == 3 else "PER")) for i, t in enumerate(doc) if t.text == "Erdogan"]
    doc.ents = spans
    doc = kroniek.nlp.entities.EntityRepair(None, "r")(doc)
    assert [e.label_ for e in doc.ents] == ["PER"] * 4


def test_resolved_pronoun_is_not_added_as_a_name():
    text = "Rutte kwam aan. Hij sprak kort."
    i = text.index("Hij")
    a = Actor(id="mark-rutte", name="Mark Rutte", type="person", reason="actor dictionary")
    doc = _doc(text, [("Rutte", "PER")], [a], {(0, 5): "mark-rutte", (i, i + 3): "mark-rutte"})
    assert [(e.text, e.label_) for e in doc.ents] == [("Rutte", "PER")]


def test_place_from_the_gazetteer_tagged_person_becomes_loc():
    doc = _doc("De minister reisde gisteren van Rotterdam naar Madrid.", [("Rotterdam", "PER"), ("Madrid", "ORG")],
               [Actor(id="x", name="x", type="person")], {(0, 1): "x"})
    assert [(e.text, e.label_) for e in doc.ents] == [("Rotterdam", "LOC"), ("Madrid", "LOC")]
    assert all("gazetteer" in e._.reason for e in doc.ents)


def test_trailing_preposition_is_trimmed_and_split_name_joined():
    text = "De Raad van Europa en de Kamer van Koophandel spraken op de NAVO-top van maandag."
    doc = _doc(text, [("Raad van", "ORG"), ("Europa", "LOC"), ("Kamer van Koophandel", "ORG"), ("NAVO-top van", "MISC")],
               [Actor(id="x", name="x", type="person")], {(0, 1): "x"})
    got = [(e.text, e.label_) for e in doc.ents]
    assert ("Raad van Europa", "LOC") in got or ("Raad van Europa", "ORG") in got
    assert ("Kamer van Koophandel", "ORG") in got and ("NAVO-top", "MISC") in got


def test_party_member_plural_is_misc_and_fused_header_is_cut():
    text = "De Republikeinen zwegen. VERKIEZINGEN Mark Rutte won."
    doc = _doc(text, [("De Republikeinen", "LOC"), ("VERKIEZINGEN Mark Rutte", "MISC")],
               [Actor(id="x", name="x", type="person")], {(0, 1): "x"})
    got = [(e.text, e.label_) for e in doc.ents]
    assert got == [("Republikeinen", "MISC"), ("Mark Rutte", "PER")]
    assert all(e._.reason for e in doc.ents)


def test_a_person_that_is_really_a_city_is_no_actor():
    text = "De delegaties spraken in de havenstad Jeddah."
    s = text.index("Jeddah")
    person = Actor(id="jeddah", name="Jeddah", type="person", mentions=[(s, s + 6)], reason="person name (within-article)")
    doc = _doc(text, [("Jeddah", "PER")], [person], {(s, s + 6): "jeddah"})
    assert [(e.text, e.label_) for e in doc.ents] == [("Jeddah", "LOC")]
    assert doc._.actors == [] and doc._.entity_actor == {}


def test_an_actor_without_country_evidence_does_not_relabel_a_place():
    """An actor named from the text alone keeps no country, and its record says so; that note must
    not make the entity layer treat it as a listed (dictionary) actor that fixes NER labels."""
    from kroniek.nlp import pipeline

    doc = pipeline.load("nl")("Trump zei dinsdag in het Witte Huis dat hij South Carolina bezoekt.")
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels.get("Witte Huis") == "LOC" and labels.get("South Carolina") == "LOC"
