"""English entity spans in the CoNLL convention (``kroniek.nlp.entity_conll``, the last pass of
``kroniek_entities``).

Entities are set by hand on the parsed doc (as in test_actors_en.py), so these tests check the
language-independent logic and the English data files, not the NER checkpoint of the day.
"""
import datetime as dt
import re
from pathlib import Path

import pytest

EN_MODEL = Path(__file__).resolve().parents[1] / "src" / "kroniek" / "models" / "en_kroniek"
pytestmark = pytest.mark.skipif(not (EN_MODEL / "meta.json").exists(), reason="English model not present")


@pytest.fixture(scope="module")
def nlp():
    from kroniek.nlp import pipeline

    return pipeline.load("en", ("kroniek_timex", "kroniek_actors", "kroniek_entities", "kroniek_places"))


def repair(nlp, text, ents):
    """Parse ``text`` (model and time expressions), set ``ents`` [(surface, label[, occurrence])]
    as the entities, run actors and the entity repair; (text, label) of the result."""
    base = [n for n in nlp.pipe_names if not n.startswith("kroniek_") or n in ("kroniek_paragraphs", "kroniek_timex")]
    with nlp.select_pipes(enable=base):
        doc = nlp.make_doc(text)
        doc._.published_at = dt.date(2016, 5, 17)
        doc = nlp(doc)
    spans = []
    for surface, label, *nth in ents:
        m = list(re.finditer(re.escape(surface), text))[nth[0] if nth else 0]
        spans.append(doc.char_span(m.start(), m.end(), label=label, alignment_mode="expand"))
    doc.ents = sorted(spans, key=lambda s: s.start)
    doc = nlp.get_pipe("kroniek_actors")(doc)
    doc = nlp.get_pipe("kroniek_entities")(doc)
    return [(e.text, e.label_) for e in doc.ents], doc


def test_nationality_and_party_adjectives_are_misc(nlp):
    got, _ = repair(nlp, "Russian officials met Republican lawmakers and American diplomats in Moscow.",
                    [("Moscow", "LOC")])
    assert ("Russian", "MISC") in got and ("Republican", "MISC") in got and ("American", "MISC") in got
    assert ("Moscow", "LOC") in got


def test_nationality_word_of_a_longer_name_is_not_split_off(nlp):
    got, _ = repair(nlp, "She flew with American Airlines to Dallas.", [("Dallas", "LOC")])
    assert ("American", "MISC") not in got  # a word of a name the NER left out


def test_title_cut_out_of_a_span_and_the_place_before_it_kept(nlp):
    got, _ = repair(nlp, "Washington senator Patty Murray said the deal was bad.",
                    [("Washington senator Patty Murray", "ORG")])
    assert got == [("Washington", "LOC"), ("Patty Murray", "PER")]


def test_span_of_titles_only_is_dropped(nlp):
    got, _ = repair(nlp, "The Secretary of Defense said the President would decide.",
                    [("Secretary of Defense", "PER"), ("President", "PER")])
    assert got == []


def test_title_after_a_place_in_the_span(nlp):
    got, doc = repair(nlp, "Clinton's running mate, Virginia Sen. Tim Kaine, campaigned in Florida.",
                      [("Virginia Sen.", "ORG"), ("Tim Kaine", "PER"), ("Florida", "LOC")])
    assert ("Virginia", "LOC") in got and ("Virginia Sen.", "ORG") not in got
    reason = next(e._.reason for e in doc.ents if e.text == "Virginia")
    assert reason and "title" in reason


def test_party_word_before_an_organisation_is_no_title(nlp):
    got, _ = repair(nlp, "He spoke at the Republican National Convention in Cleveland.",
                    [("Republican National Convention", "ORG"), ("Cleveland", "LOC")])
    assert ("Republican National Convention", "ORG") in got


def test_month_tagged_as_a_person_is_dropped(nlp):
    got, _ = repair(nlp, "In May, the senator visited Ohio.", [("May", "PER"), ("Ohio", "LOC")])
    assert ("May", "PER") not in got and ("Ohio", "LOC") in got


def test_possessive_splits_two_names(nlp):
    got, _ = repair(nlp, "Officials at Singapore's Changi Airport said flights resumed.",
                    [("Singapore's Changi Airport", "LOC")])
    assert ("Singapore", "LOC") in got and ("Changi Airport", "LOC") in got


def test_leading_article_cut(nlp):
    got, _ = repair(nlp, "Workers said The UAW had agreed.", [("The UAW", "ORG")])
    assert ("UAW", "ORG") in got


def test_name_suffix_joins_the_person(nlp):
    got, _ = repair(nlp, "Donald Trump Jr. visited Pennsylvania.", [("Donald Trump", "PER"), ("Pennsylvania", "LOC")])
    assert ("Donald Trump Jr.", "PER") in got


def test_company_name_before_its_legal_form(nlp):
    got, _ = repair(nlp, "Shares of Ford Motor Company rose on Tuesday.", [("Motor Company", "PER")])
    assert ("Ford Motor Company", "ORG") in got


def test_sentence_initial_common_word_is_no_name(nlp):
    got, _ = repair(nlp, "Parents said the school in Ohio was closed.", [("Parents", "PER"), ("Ohio", "LOC")])
    assert ("Parents", "PER") not in got and ("Ohio", "LOC") in got


def test_sentence_initial_surname_shown_as_a_name_elsewhere_is_kept(nlp):
    got, _ = repair(nlp, "Steve Jobs left Apple. Jobs said he was tired.",
                    [("Steve Jobs", "PER"), ("Jobs", "PER", 1)])
    assert ("Jobs", "PER") in got


def test_nationality_split_off_a_title_and_person(nlp):
    got, _ = repair(nlp, "Chinese Foreign Minister Wang Yi visited Berlin.",
                    [("Chinese Foreign Minister Wang Yi", "MISC"), ("Berlin", "LOC")])
    assert ("Chinese", "MISC") in got and ("Wang Yi", "PER") in got


def test_person_whose_surname_is_a_month_keeps_it(nlp):
    got, doc = repair(nlp, "Theresa May said on Monday that Britain would leave.",
                      [("Theresa May", "PER"), ("Britain", "LOC")])
    assert ("Theresa May", "PER") in got


def test_month_is_no_dictionary_person(nlp):
    _, doc = repair(nlp, "In May, the senator visited Ohio.", [("Ohio", "LOC")])
    assert not any(a.type == "person" and a.name.endswith("May") for a in doc._.actors or [])


def test_party_member_word_alone_is_misc_not_a_person(nlp):
    got, _ = repair(nlp, "The senator, a Democrat, voted no.", [("Democrat", "PER")])
    assert got == [("Democrat", "MISC")]
