"""Quote speakers by coreference: the full written name of a speaker, descriptions and pronouns resolved to
the person named before, with the chain in the quote's reason.

The name-form tests run without a model; the sentence tests need the Dutch or English pipeline and skip
without it.
"""
from __future__ import annotations

import pytest

from kroniek.lang import LanguagePack
from kroniek.nlp.speaker_names import NameForms
from kroniek.nlp.speakers import SpeakerCues

EN, NL = LanguagePack("en"), LanguagePack("nl")


def _cues(pack: LanguagePack) -> SpeakerCues:
    return SpeakerCues.load(pack.data("speaker_cues.tsv"), pack.data("coref.tsv"), pack.data("titles.tsv"))


def _forms(text: str, pack: LanguagePack = EN) -> NameForms:
    c = _cues(pack)
    return NameForms(text, c.titles, c.multi_titles, c.name_ends)


def test_cues_read_titles_and_name_ends_from_data():
    en, nl = _cues(EN), _cues(NL)
    assert "of" in en.name_ends and not nl.name_ends  # "van" is part of Dutch names: no name_end row for it
    assert ("chief", "of", "staff") in en.multi_titles and "director" in en.titles
    assert "minister" in nl.person_words and "spokeswoman" in en.person_words


def test_titles_in_front_are_dropped_but_not_initials():
    f = _forms("")
    assert f.untitled("Ohio Gov. John Kasich") == "John Kasich"
    assert f.untitled("FBI Director James Comey") == "James Comey"
    assert f.untitled("Chief of Staff Denis McDonough") == "Denis McDonough"
    assert f.untitled("Pope Francis") == "Francis"
    assert f.untitled("H.T. Vink") == "H.T. Vink"  # initials, not an abbreviated title
    assert f.full("Marco Rubio of Florida") == "Marco Rubio"
    assert f.full("Paul suggested") == "Paul"


def test_full_name_from_the_article_text():
    text = ("Carlos Lopez-Cantera, the lieutenant governor, spoke first. Anne-Marie Slaughter wrote back. "
            "Celebrating Clinton was easy, and celebrating was what they did.")
    f = _forms(text)
    assert f.full("Cantera") == "Carlos Lopez-Cantera"
    assert f.full("Marie Slaughter") == "Anne-Marie Slaughter"
    assert f.full("Slaughter") == "Anne-Marie Slaughter"
    assert f.full("Clinton") == "Clinton"  # "Celebrating" is written in lower case elsewhere: no given name


def test_a_bare_surname_is_the_person_named_most_often():
    text = ("Bernie Sanders spoke in Iowa. His wife, Jane Sanders, joined him. Bernie Sanders later said more. "
            "Sanders said it again.")
    f = _forms(text)
    assert f.full("Jane Sanders", bare_surname=True) == "Bernie Sanders"
    assert f.full("Jane Sanders", bare_surname=False) == "Jane Sanders"


needs_en = pytest.mark.skipif(not EN.model_path.exists(), reason="English model not built")
needs_nl = pytest.mark.skipif(not NL.model_path.exists(), reason="Dutch model not built")


def _quotes(text: str, lang: str) -> list[dict]:
    from kroniek.analyze import analyze
    from kroniek.document import Article
    from kroniek.nlp import pipeline

    return analyze(Article(id="t", text=text, lang=lang), pipeline.load(lang)).model_dump(mode="json")["quotes"]


def _one(quotes: list[dict], words: str) -> dict:
    hits = [q for q in quotes if words in q["text"]]
    assert hits, f"no quote with {words!r} in {[q['text'] for q in quotes]}"
    return hits[0]


@needs_en
def test_english_hyphenated_speaker_keeps_the_whole_name():
    qs = _quotes("Carlos Lopez-Cantera is running for the Senate.\n\n"
                 "“No government is ever going to get it perfect,” Lopez-Cantera said on Monday.", "en")
    assert _one(qs, "perfect")["speaker"] == "Carlos Lopez-Cantera"


@needs_en
def test_english_participle_speaker_is_the_subject_of_the_main_verb():
    qs = _quotes("Hillary Clinton spoke for an hour in Iowa, telling the crowd, “Some people get a little carried away.”", "en")
    assert _one(qs, "carried away")["speaker"] == "Hillary Clinton"


@needs_en
def test_english_subject_of_the_reported_clause_is_no_speaker():
    qs = _quotes("House Republican Thomas Massie once backed Rand Paul, but now said Trump had "
                 "“the opportunity and the obligation to bring us together.”", "en")
    assert _one(qs, "obligation")["speaker"] == "Thomas Massie"


@needs_nl
def test_dutch_description_resolves_to_the_name_it_was_used_with():
    qs = _quotes("Advocate Inès Wouters verdedigt de beweging al jaren.\n"
                 "De advocate ontkent dat de kinderen ooit zijn mishandeld.", "nl")
    q = _one(qs, "kinderen")
    assert q["speaker"] == "Inès Wouters"
    assert "description 'De advocate'" in q["reason"] and "Wouters" in q["reason"]


@needs_nl
def test_dutch_pronoun_speaker_gives_its_chain():
    qs = _quotes("Premier Mark Rutte sprak dinsdag in Den Haag met journalisten.\n"
                 "\"We gaan door met het kabinet,\" zei hij.", "nl")
    q = _one(qs, "kabinet")
    assert q["speaker"] == "Mark Rutte" and "pronoun 'hij' -> " in q["reason"]


@needs_nl
def test_dutch_stray_doubled_mark_before_the_attribution():
    qs = _quotes("De regering zoekt een oplossing.\n"
                 "\"We overwegen andere mogelijkheden om de fabrikanten te helpen,\" \"zegt Dana Perino, "
                 "de woordvoerster van het Witte Huis.", "nl")
    assert _one(qs, "mogelijkheden")["speaker"] == "Dana Perino"


@needs_en
def test_english_sentence_after_a_quotation_with_its_own_partial_quote():
    qs = _quotes('Donald Trump said Hillary Clinton "caused death." Bernie Sanders called Trump a "pathological liar." '
                 'Carly Fiorina said Ted Cruz "says whatever he needs to say to get elected."', "en")
    assert _one(qs, "caused death")["speaker"] == "Donald Trump"
    assert _one(qs, "pathological")["speaker"] == "Bernie Sanders"
    assert _one(qs, "whatever")["speaker"] == "Carly Fiorina"


@needs_en
def test_english_source_phrase_with_a_preposition_inside():
    qs = _quotes("“They care about two things,” Fight for $15 organizing director Kendall Fells told a reporter.", "en")
    assert _one(qs, "two things")["speaker"] == "Kendall Fells"


@needs_nl
def test_dutch_name_after_a_form_of_address_is_a_pronoun_antecedent():
    qs = _quotes("Het voorstel is op geen enkele wijze te rechtvaardigen, aldus de heer Brussel.\n"
                 "Hij waarschuwde ervoor dat de voorliefde voor goede verhoudingen niet te ver mag gaan.", "nl")
    q = _one(qs, "voorliefde")
    assert q["speaker"] == "Brussel" and "pronoun 'Hij' -> 'Brussel'" in q["reason"]
