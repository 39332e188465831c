"""Offline geocoding (kroniek_places): Dutch exonyms, seas, consistent readings."""
import datetime as dt

import pytest

from kroniek.nlp import pipeline
from test_actors import analyse


@pytest.fixture(scope="module")
def nlp():
    return pipeline.load("nl", ("kroniek_actors", "kroniek_places"))


def place(doc, surface):
    return next(p for p in doc._.places if p.text == surface)


def test_dutch_exonyms_and_seas(nlp):
    text = "Drones vielen Koersk aan, terwijl de vloot in de Zwarte Zee bleef. Ook in Istanboel werd overlegd."
    doc = analyse(nlp, text, [("Koersk", "LOC", 0), ("Zwarte Zee", "LOC", 0), ("Istanboel", "LOC", 0)])
    k = place(doc, "Koersk")
    assert k.name == "Kursk" and k.country == "RUS" and k.feature == "city" and abs(k.latitude - 51.7) < 0.5
    z = place(doc, "Zwarte Zee")
    assert z.name == "Black Sea" and z.feature == "sea"
    assert place(doc, "Istanboel").name == "Istanbul"
    assert doc._.entity_canonical[(k.start, k.end)] == "Kursk"


def test_country_has_coordinates_and_code(nlp):
    text = "Turkije en Nederland sloten een akkoord."
    doc = analyse(nlp, text, [("Turkije", "LOC", 0), ("Nederland", "LOC", 0)])
    t = place(doc, "Turkije")
    assert t.name == "Turkey" and t.country == "TUR" and t.feature == "country"
    assert 36 < t.latitude < 42 and 26 < t.longitude < 45


def test_ambiguous_name_follows_the_article(nlp):
    text = "Donald Trump keerde terug naar Washington. In de Verenigde Staten groeit de onrust."
    doc = analyse(nlp, text, [("Donald Trump", "PER", 0), ("Washington", "LOC", 0), ("Verenigde Staten", "LOC", 0)])
    w = place(doc, "Washington")
    assert w.country == "USA" and w.feature == "city" and w.longitude < -70
    assert w.reason and 0 < w.confidence <= 1

    text = "De fabriek in Washington bij Sunderland sluit. Werknemers in Engeland zijn boos."
    doc = analyse(nlp, text, [("Washington", "LOC", 0), ("Sunderland", "LOC", 0), ("Engeland", "LOC", 0)])
    assert place(doc, "Washington").country == "GBR"
