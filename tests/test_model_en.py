"""The English pipeline: corpus conversion (training/en/prepare.py, kroniek.evaluate.corpora_en) on
hand-made fixtures, and the trained model (models/en_kroniek) loaded through the language pack."""
import importlib.util
from pathlib import Path

import pytest
import spacy

from kroniek.evaluate.corpora import read_conllu
from kroniek.evaluate.corpora_en import gum_names, last_cap_run, meantime_names, meantime_unknown
from kroniek.lang import get_pack

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("prepare_en", ROOT / "training" / "en" / "prepare.py")
prepare_en = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(prepare_en)

# GUM-style CoNLL-U: "the Democratic Party" (organization, head PROPN), "she" (a linked person, a
# pronoun: no name), "Ann Smith" (person, no Wikipedia identity), "in Paris" (place), "May" (a time: left out)
GUM = """# sent_id = t-1
1	The	the	DET	DT	_	3	det	_	Entity=(1-organization-new-nnnnn-cf1-3-coref-Democratic_Party_(United_States)
2	Democratic	Democratic	ADJ	NNP	_	3	amod	_	_
3	Party	Party	PROPN	NNP	_	4	nsubj	_	Entity=1)
4	hired	hire	VERB	VBD	_	0	root	_	_
5	Ann	Ann	PROPN	NNP	_	4	obj	_	Entity=(2-person-new-nnnnn-cf2-1-coref
6	Smith	Smith	PROPN	NNP	_	5	flat	_	Entity=2)
7	in	in	ADP	IN	_	8	case	_	_
8	Paris	Paris	PROPN	NNP	_	4	obl	_	Entity=(3-place-new-nnnnn-cf3-1-sgl-Paris)
9	in	in	ADP	IN	_	10	case	_	_
10	May	May	PROPN	NNP	_	4	obl	_	Entity=(4-time-new-nnnnn-cf4-1-sgl)|SpaceAfter=No
11	.	.	PUNCT	.	_	4	punct	_	_

# sent_id = t-2
1	She	she	PRON	PRP	_	2	nsubj	_	Entity=(2-person-giv:act-nnnnn-cf1-1-coref)
2	left	leave	VERB	VBD	_	0	root	_	SpaceAfter=No
3	.	.	PUNCT	.	_	2	punct	_	_

"""

MEANTIME = """<?xml version="1.0" ?><Document doc_id="1" doc_name="t" lang="en">
<token number="0" sentence="0" t_id="1">U.S.</token>
<token number="1" sentence="0" t_id="2">automaker</token>
<token number="2" sentence="0" t_id="3">Chrysler</token>
<token number="3" sentence="0" t_id="4">cut</token>
<token number="4" sentence="0" t_id="5">jobs</token>
<token number="5" sentence="1" t_id="6">Fiat</token>
<token number="6" sentence="1" t_id="7">agreed</token>
<Markables>
<ENTITY_MENTION m_id="1" syntactic_type="NAM"><token_anchor t_id="1"/><token_anchor t_id="2"/><token_anchor t_id="3"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="2" syntactic_type="PRE.NAM"><token_anchor t_id="1"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="3" syntactic_type="NOM"><token_anchor t_id="5"/></ENTITY_MENTION>
<ENTITY m_id="10" ent_type="ORG" TAG_DESCRIPTOR="Chrysler"/><ENTITY m_id="11" ent_type="LOC" TAG_DESCRIPTOR="USA"/>
<ENTITY m_id="12" ent_type="PER" TAG_DESCRIPTOR="jobs"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="1"/><target m_id="10"/></REFERS_TO>
<REFERS_TO r_id="2"><source m_id="2"/><target m_id="11"/></REFERS_TO>
<REFERS_TO r_id="3"><source m_id="3"/><target m_id="12"/></REFERS_TO>
</Relations>
</Document>
"""


@pytest.fixture
def gum_file(tmp_path):
    path = tmp_path / "gum.conllu"
    path.write_text(GUM, encoding="utf8")
    return path


def test_gum_named_mentions_become_conll_style_names(gum_file):
    first, second = list(read_conllu(gum_file))
    assert gum_names(first) == [(1, 3, "ORG"), (4, 6, "PER"), (7, 8, "LOC")]  # no "The", no time name
    assert gum_names(second) == []  # a pronoun linked to a person is no name


def test_gum_doc_carries_tags_parse_and_names(gum_file):
    sents = list(read_conllu(gum_file))
    doc = prepare_en.gum_doc(spacy.blank("en").vocab, sents)
    assert [t.tag_ for t in doc[:4]] == ["DT", "NNP", "NNP", "VBD"]  # Penn tags for the tagger
    assert doc[0].pos_ == "DET" and doc[3].lemma_ == "hire"
    assert doc[2].dep_ == "nsubj" and doc[2].head.i == 3
    assert [(e.text, e.label_) for e in doc.ents] == [("Democratic Party", "ORG"), ("Ann Smith", "PER"),
                                                        ("Paris", "LOC")]
    assert doc[9].ent_iob_ == "O"  # the rest is annotated as outside, not missing


def test_meantime_mentions_cut_to_names_and_unknown_capitals_left_missing(tmp_path):
    path = tmp_path / "t.xml"
    path.write_text(MEANTIME, encoding="utf8")
    sents, names = meantime_names(path)
    assert sents == [["U.S.", "automaker", "Chrysler", "cut", "jobs"], ["Fiat", "agreed"]]
    assert names == [(0, 1, "LOC"), (2, 3, "ORG")]  # the NOM mention is no name
    words = [w for s in sents for w in s]
    assert meantime_unknown(words, names) == [5]  # "Fiat": MEANTIME did not mark it
    (doc,) = prepare_en.meantime_docs(spacy.blank("en").vocab, path)
    assert [(e.text, e.label_) for e in doc.ents] == [("U.S.", "LOC"), ("Chrysler", "ORG")]
    assert doc[5].ent_iob_ == "" and doc[3].ent_iob_ == "O"
    assert doc[5].is_sent_start


def test_last_capitalised_run_keeps_name_glue():
    assert last_cap_run(["the", "Bank", "of", "America", "branch"]) == (1, 4)
    assert last_cap_run(["a", "car"]) is None


MODEL = get_pack("en").model_path
needs_model = pytest.mark.skipif(not (MODEL / "meta.json").exists(), reason="English model not present")


@pytest.fixture(scope="module")
def nlp():
    return spacy.load(MODEL)


@needs_model
def test_english_model_tags_and_parses_a_sentence(nlp):
    doc = nlp("The minister signed the agreement in Paris on Tuesday.")
    signed = doc[2]
    assert signed.pos_ == "VERB" and signed.tag_ == "VBD" and signed.lemma_ == "sign"
    assert [t.text for t in signed.children if t.dep_ == "nsubj"] == ["minister"]
    assert [t.text for t in signed.children if t.dep_ == "obj"] == ["agreement"]
    assert doc[1].pos_ == "NOUN" and doc[0].tag_ == "DT"


@needs_model
def test_english_model_finds_names(nlp):
    doc = nlp("Barack Obama met Angela Merkel in Berlin.")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("Barack Obama", "PER") in ents and ("Angela Merkel", "PER") in ents
    assert ("Berlin", "LOC") in ents


@needs_model
def test_english_model_meta_names_its_sources(nlp):
    assert nlp.lang == "en"
    assert set(nlp.get_pipe("ner").labels) == {"PER", "LOC", "ORG", "MISC"}
    assert any("GUM" in s["name"] for s in nlp.meta["sources"])
