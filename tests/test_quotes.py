"""kroniek_quotes on Dutch news sentences: direct, partial and indirect speech, speakers."""
from __future__ import annotations

import pytest

from kroniek.evaluate.gold import norm_name
from kroniek.lang import get_pack
from kroniek.nlp.quotes import QuoteMarks, find_quotations


@pytest.fixture(scope="module")
def nlp():
    from kroniek.nlp import pipeline

    return pipeline.load("nl")


def quotes(nlp, text):
    doc = nlp(text)
    for q in doc._.quotes:
        assert text[q.start : q.end] == q.text
        assert 0.0 <= q.confidence <= 1.0 and q.reason
        if q.speaker_start is not None:
            assert 0 <= q.speaker_start < q.speaker_end <= len(text)
    return doc._.quotes


def speaker_has(q, word):
    return q.speaker is not None and word in norm_name(q.speaker)


# -- quotation marks (characters only) ---------------------------------------
@pytest.fixture(scope="module")
def marks():
    return QuoteMarks.load(get_pack("nl").data("quote_marks.json"))


def spans(text, marks):
    return [text[q.inner_start : q.inner_end] for q in find_quotations(text, marks)]


def test_all_dutch_conventions(marks):
    text = (
        "„Wij blijven praten”, zei hij. ,,Dat is te laat'', zei zij. “Nee”, zei de ander. "
        "\"Misschien\", zei de vierde. 'Morgen weer', zei de vijfde. ‘Goed zo’, zei de zesde."
    )
    assert spans(text, marks) == ["Wij blijven praten", "Dat is te laat", "Nee", "Misschien", "Morgen weer", "Goed zo"]


def test_apostrophes_are_not_quotes(marks):
    text = "Zo'n plan werkt 's avonds niet, zei Trump's woordvoerder over de auto's van 't kabinet."
    assert spans(text, marks) == []


def test_quote_with_apostrophe_inside(marks):
    text = "'Het is zo'n zware dag voor ons land', zei de premier."
    assert spans(text, marks) == ["Het is zo'n zware dag voor ons land"]


def test_trailing_comma_inside_marks_is_stripped(marks):
    text = '"We gaan door," zei de minister.'
    assert spans(text, marks) == ["We gaan door"]


# -- the component -----------------------------------------------------------
def test_seed_quote_attributed_in_next_sentence(nlp):
    text = "„Oekraïne is klaar voor vrede.” Dat zei de Oekraïense president Volodymyr Zelensky woensdag in Kyiv."
    qs = quotes(nlp, text)
    direct = [q for q in qs if q.kind == "direct"]
    assert len(direct) == 1
    assert direct[0].text == "Oekraïne is klaar voor vrede."
    assert speaker_has(direct[0], "zelensky")
    assert direct[0].cue.lower().startswith("dat zei")


def test_partial_quote_inside_reported_sentence(nlp):
    text = "De Russische minister Sergej Lavrov zei dat Rusland „geen enkel compromis sluit” over de Krim."
    qs = quotes(nlp, text)
    assert [q.kind for q in qs] == ["partial"]  # no overlapping indirect quote
    assert qs[0].text == "geen enkel compromis sluit"
    assert speaker_has(qs[0], "lavrov")


def test_indirect_dat_clause(nlp):
    text = "Premier Mark Rutte benadrukte dinsdag dat Nederland de steun aan Oekraïne voortzet."
    (q,) = quotes(nlp, text)
    assert q.kind == "indirect"
    assert q.text == "Nederland de steun aan Oekraïne voortzet"
    assert speaker_has(q, "rutte")
    assert q.cue == "benadrukte dat"


def test_indirect_volgens(nlp):
    text = "Het leger trok zich terug uit de stad. Volgens Mark Rutte is de situatie aan de grens ernstig."
    qs = quotes(nlp, text)
    assert len(qs) == 1 and qs[0].kind == "indirect"
    assert qs[0].text == "is de situatie aan de grens ernstig"
    assert speaker_has(qs[0], "rutte")


def test_volgens_rules_is_not_a_source(nlp):
    text = "De verkiezingen worden volgens de regels over vier jaar herhaald."
    assert quotes(nlp, text) == []


def test_pronoun_speaker(nlp):
    text = 'Emmanuel Macron sprak maandag in Parijs met journalisten. "We moeten Europa sterker maken", zei hij.'
    qs = [q for q in quotes(nlp, text) if q.kind == "direct"]
    assert len(qs) == 1
    assert qs[0].text == "We moeten Europa sterker maken"
    assert speaker_has(qs[0], "macron")


def test_multi_sentence_quote_is_one_quote(nlp):
    text = 'De Duitse kanselier Olaf Scholz reageerde fel. "Dit is een zwarte dag voor Europa. Wij zullen hierop antwoorden."'
    qs = [q for q in quotes(nlp, text) if q.kind == "direct"]
    assert len(qs) == 1
    assert qs[0].text == "Dit is een zwarte dag voor Europa. Wij zullen hierop antwoorden."
    assert speaker_has(qs[0], "scholz")


def test_interrupted_quote_is_two_quotes_with_one_speaker(nlp):
    text = '"Wij willen vrede", zei Volodymyr Zelensky, "maar niet tegen elke prijs."'
    qs = quotes(nlp, text)
    assert [q.text for q in qs] == ["Wij willen vrede", "maar niet tegen elke prijs."]
    assert all(q.kind == "direct" and speaker_has(q, "zelensky") for q in qs)


def test_scare_quotes_are_dropped(nlp):
    text = "De zogenaamde 'vredesmacht' trok zich dinsdag terug uit het grensgebied."
    assert quotes(nlp, text) == []


def test_colon_introduces_direct_quote(nlp):
    text = "Na afloop zei de Franse president Emmanuel Macron: ,,Europa moet nu samen optrekken.''"
    qs = quotes(nlp, text)
    assert len(qs) == 1 and qs[0].kind == "direct"
    assert qs[0].text == "Europa moet nu samen optrekken."
    assert speaker_has(qs[0], "macron")


def test_fronted_clause_with_aldus(nlp):
    text = "Het akkoord is een belangrijke stap vooruit, aldus de Duitse kanselier Olaf Scholz."
    (q,) = quotes(nlp, text)
    assert q.kind == "indirect"
    assert q.text == "Het akkoord is een belangrijke stap vooruit"
    assert speaker_has(q, "scholz")


def test_te_infinitive_and_negated_verb(nlp):
    qs = quotes(nlp, "Olaf Scholz beloofde donderdag meer luchtafweer te leveren aan Kyiv.")
    assert len(qs) == 1 and qs[0].kind == "indirect"
    assert "meer luchtafweer te leveren aan Kyiv" in qs[0].text
    assert quotes(nlp, "Het is nog niet gezegd dat het kabinet de steun voortzet.") == []


def test_usable_in_own_pipeline():
    import spacy

    import kroniek.nlp.quotes  # noqa: F401

    nlp = spacy.blank("nl")
    nlp.add_pipe("kroniek_quotes")
    doc = nlp('"We gaan door", zei de minister.')
    assert [q.text for q in doc._.quotes] == ["We gaan door"]
    assert doc._.quotes[0].kind == "direct"


# -- speakers: pronouns, unnamed speakers, descriptions ------------------------
def test_pronoun_speaker_skips_names_inside_the_quote(nlp):
    text = (
        "Jens Stoltenberg sprak dinsdag in Brussel. De NAVO-chef gaf geen duimbreed toe. "
        '"Vladimir Poetin moet zijn troepen terugtrekken", zei hij.'
    )
    qs = [q for q in quotes(nlp, text) if q.kind == "direct"]
    assert len(qs) == 1
    assert speaker_has(qs[0], "stoltenberg")
    assert text[qs[0].speaker_start : qs[0].speaker_end] == "hij"
    assert "pronoun" in qs[0].reason


def test_pronoun_after_unnamed_person_has_no_speaker(nlp):
    text = (
        "Mark Rutte bezocht zaterdag de markt in Den Haag. Daar stond ook een vriendin van de burgemeester. "
        'Ze zegt: "Ik geloof niet meer in beloftes van politici."'
    )
    qs = [q for q in quotes(nlp, text) if q.kind == "direct"]
    assert len(qs) == 1
    assert qs[0].speaker is None
    assert "unnamed" in qs[0].reason


def test_indefinite_speaker_is_null(nlp):
    text = '"We volgen de situatie nauwlettend", zei een woordvoerder van de NAVO.'
    qs = quotes(nlp, text)
    assert len(qs) == 1 and qs[0].speaker is None
    text = "Volgens hen is het akkoord van tafel, maar Mark Rutte wil doorpraten."
    qs = [q for q in quotes(nlp, text) if q.cue and q.cue.lower().startswith("volgens")]
    assert all(q.speaker is None for q in qs)


def test_party_description_refers_to_last_party(nlp):
    text = (
        "De VVD eiste vorige week een hertelling in Rotterdam. Gisteren verklaarde de partij "
        "dat zij een klacht indient bij de Kiesraad."
    )
    qs = [q for q in quotes(nlp, text) if q.kind == "indirect"]
    assert len(qs) == 1
    assert qs[0].speaker == "People's Party for Freedom and Democracy"


def test_time_expression_between_auxiliary_and_verb_is_not_the_speaker(nlp):
    qs = quotes(nlp, "De Franse president Emmanuel Macron heeft maandag aangekondigd dat Frankrijk extra militairen stuurt.")
    assert len(qs) == 1 and qs[0].kind == "indirect"
    assert speaker_has(qs[0], "macron")
