"""English quotes and speakers: the same rules as Dutch, reading data/en/.

The data-file tests run without a model; the sentence tests need the English pipeline
(``src/kroniek/models/en_kroniek``) and skip without it.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from kroniek.lang import DATA_DIR, LanguagePack
from kroniek.nlp.clauses import clause_words
from kroniek.nlp.quote_lexicon import Lexicon
from kroniek.nlp.quote_marks import QuoteMarks, find_quotations
from kroniek.nlp.speakers import SpeakerCues

EN = LanguagePack("en")
MODEL = EN.model_path


def _marks(lang: str) -> QuoteMarks:
    return QuoteMarks.load(LanguagePack(lang).data("quote_marks.json"))


def _inner(text: str, lang: str = "en") -> list[str]:
    return [text[q.inner_start : q.inner_end] for q in find_quotations(text, _marks(lang))]


def test_english_quote_marks():
    assert _inner("“We will build a wall,” Trump said.") == ["We will build a wall"]
    assert _inner('"It is over," she said. "We lost."') == ["It is over", "We lost."]
    # apostrophes are not quotes: possessives, contractions, elisions
    assert _inner("Trump's rally wasn't over, the campaign's aide said, rock 'n' roll.") == []
    # the New York Times writes double quotes as two apostrophes
    assert _inner("''We're taking a longer view,'' Mr. Pruzan said.") == ["We're taking a longer view"]
    # a quote inside a quote
    assert _inner("He said: “They told me ‘no way’ twice.”") == ["They told me ‘no way’ twice."]


def test_english_lexicon_reads_roles_not_words():
    lex = Lexicon.load(EN.data("speech_verbs.tsv"))
    assert {c.lemma for c in lex.forms["said"]} == {"say"}
    assert "decl" in lex.forms["told"][0].complements
    assert lex.role("complementizer", "that") == "decl" and lex.role("infinitive_marker", "to") == "inf"
    assert ("according", "to") in lex.source_phrases
    assert lex.setting("zero_complementizer") and lex.setting("subject_before_reporting_verb")
    assert lex.sure_verb("said") and not lex.sure_verb("state")
    assert "states" not in lex.forms  # "the United States" is no speech verb
    assert lex.role("pronoun", "he") == "3sg" and lex.role("pronoun", "they") == "group"
    assert lex.role("genitive", "'s") is not None


def test_dutch_lexicon_keeps_its_words_in_data():
    lex = Lexicon.load(LanguagePack("nl").data("speech_verbs.tsv"))
    assert lex.role("complementizer", "dat") == "decl" and lex.role("infinitive_marker", "te") == "inf"
    assert lex.sure_verb("zei") and lex.fronting_adverb("zo")
    assert not lex.setting("zero_complementizer") and not lex.setting("subject_before_reporting_verb")
    assert ("volgens",) in lex.source_phrases
    cues = SpeakerCues.load(LanguagePack("nl").data("speaker_cues.tsv"), LanguagePack("nl").data("coref.tsv"))
    assert cues.np_links == {"van"} and cues.pronoun_gender["hij"] == "m"


def test_english_speaker_cues_and_clause_words():
    cues = SpeakerCues.load(EN.data("speaker_cues.tsv"), EN.data("coref.tsv"))
    assert cues.pronoun_gender["he"] == "m" and cues.pronoun_gender["she"] == "f"
    assert "a" in cues.indefinite and cues.person_nouns["spokeswoman"] == "f"
    assert cues.np_links == {"of"} and cues.first_names["hillary"] == "f"
    en, nl = clause_words("en"), clause_words("nl")
    assert "by" in en.agent_prepositions and "door" in nl.agent_prepositions
    assert "but" in en.clause_breaks and "maar" in nl.clause_breaks and "maar" not in en.clause_breaks
    for lang in ("nl", "en"):
        json.loads((DATA_DIR / lang / "quote_marks.json").read_text(encoding="utf8"))


needs_model = pytest.mark.skipif(not MODEL.exists(), reason="English model not built (src/kroniek/models/en_kroniek)")


@pytest.fixture(scope="module")
def quotes_of():
    from kroniek.analyze import analyze
    from kroniek.document import Article
    from kroniek.nlp import pipeline

    nlp = pipeline.load("en")

    def run(text: str) -> list[dict]:
        out = analyze(Article(id="t", text=text, lang="en"), nlp).model_dump(mode="json")
        return out["quotes"]

    return run


def _one(quotes: list[dict], words: str) -> dict:
    hits = [q for q in quotes if words in q["text"]]
    assert hits, f"no quote with {words!r} in {[q['text'] for q in quotes]}"
    return hits[0]


def _surname(q: dict) -> str:
    return (q["speaker"] or "").split()[-1] if q["speaker"] else ""


@needs_model
def test_attribution_after_the_quote(quotes_of):
    q = _one(quotes_of("“We will build a great wall,” Donald Trump said on Tuesday."), "great wall")
    assert q["kind"] == "direct" and _surname(q) == "Trump"
    assert q["text"] == "We will build a great wall" and q["reason"] and 0 < q["confidence"] <= 1


@needs_model
def test_inverted_attribution_with_apposition(quotes_of):
    q = _one(quotes_of('"The intensity of his supporters is much greater," said Beto O\'Rourke, a Texas congressman.'), "intensity")
    assert q["kind"] == "direct" and _surname(q) == "O'Rourke"


@needs_model
def test_attribution_before_the_quote(quotes_of):
    q = _one(quotes_of('Hillary Clinton told the crowd: "We are stronger together."'), "stronger together")
    assert q["kind"] == "direct" and _surname(q) == "Clinton"


@needs_model
def test_indirect_with_and_without_that(quotes_of):
    qs = quotes_of("Senator Elizabeth Warren said that the bill would hurt families. "
                   "Bernie Sanders told reporters he would keep fighting for the nomination.")
    a = _one(qs, "hurt families")
    assert a["kind"] == "indirect" and a["text"] == "the bill would hurt families" and _surname(a) == "Warren"
    b = _one(qs, "keep fighting")
    assert b["kind"] == "indirect" and b["text"].startswith("he would keep fighting") and _surname(b) == "Sanders"


@needs_model
def test_according_to(quotes_of):
    a = _one(quotes_of("According to Senator Bernie Sanders, the economy is rigged against working families."), "rigged")
    assert a["kind"] == "indirect" and a["text"].startswith("the economy is rigged") and _surname(a) == "Sanders"
    b = _one(quotes_of("Turnout rose sharply in the northern counties, according to Governor Terry McAuliffe."), "Turnout rose")
    assert b["kind"] == "indirect" and _surname(b) == "McAuliffe"


@needs_model
def test_pronoun_speaker(quotes_of):
    q = _one(quotes_of('Hillary Clinton spoke in Cleveland on Monday. "This election is about our children," she said.'), "children")
    assert q["speaker"] and _surname(q) == "Clinton" and "pronoun" in q["reason"]


@needs_model
def test_speaker_named_in_the_next_sentence(quotes_of):
    q = _one(quotes_of('"This deal is a disaster for American workers."\nTed Cruz said this at a rally in Houston.'), "disaster")
    assert q["kind"] == "direct" and _surname(q) == "Cruz" and "next sentence" in q["reason"]
    # on the same line the attribution joins the quotation's sentence
    q = _one(quotes_of('"Is this a joke?" Ted Cruz asked the moderators.'), "joke")
    assert q["kind"] == "direct" and _surname(q) == "Cruz" and "after the quote" in q["reason"]


@needs_model
def test_unnamed_speaker_gets_no_name(quotes_of):
    q = _one(quotes_of('"We have not decided yet," a campaign spokesman said.'), "decided")
    assert q["kind"] == "direct" and q["speaker"] is None


@pytest.mark.skipif(importlib.util.find_spec("kroniek") is None, reason="kroniek not installed")
def test_evaluate_section_reads_recorded_figures(tmp_path: Path):
    from kroniek.evaluate import en_quotes

    res = tmp_path / "quotes.json"
    q = {"documents": 3, "tp": 8, "fn": 2, "fp": 1, "p": 0.889, "r": 0.8, "f": 0.842, "speaker_accuracy": 0.75,
         "speaker_scored": 4, "speaker_accuracy_lenient": 1.0, "matched_by_kind": {"direct": 8}, "gold_by_kind": {"direct": 10}}
    res.write_text(json.dumps({"dev": {"date": "2026-12-07", "quotes": q}}))
    lines = en_quotes.section(None, res)
    assert any("| dev | 3 | 10 | 0.889 | 0.800 | 0.842 | 0.750 (4) | 1.000 |" in ln for ln in lines)
    assert any("not scored yet" in ln for ln in lines)
    assert en_quotes.section(None, tmp_path / "absent.json")[-1].startswith("No figures recorded")
