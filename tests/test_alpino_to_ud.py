"""The Alpino-XML -> UD converter on two hand-written Alpino trees (no shared data needed)."""
import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[1] / "training" / "alpino_to_ud.py"
_spec = importlib.util.spec_from_file_location("alpino_to_ud", _PATH)
a2u = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(a2u)

# "De man die komt heeft het boek gelezen ." -- relative clause (rhd + trace), perfect aux
RELATIVE = """
<alpino_ds version="1.2" id="t1">
 <node begin="0" cat="top" end="9" id="0" rel="top">
  <node begin="0" cat="smain" end="8" id="1" rel="--">
   <node begin="0" cat="np" end="4" id="2" index="1" rel="su">
    <node begin="0" end="1" id="3" pos="det" rel="det" root="de" word="De"/>
    <node begin="1" end="2" id="4" pos="noun" rel="hd" root="man" word="man"/>
    <node begin="2" cat="rel" end="4" id="5" rel="mod">
     <node begin="2" end="3" id="6" index="2" pos="noun" rel="rhd" root="die" word="die"/>
     <node begin="2" cat="ssub" end="4" id="7" rel="body">
      <node begin="2" end="3" id="8" index="2" rel="su"/>
      <node begin="3" end="4" id="9" pos="verb" rel="hd" root="kom" word="komt"/>
     </node>
    </node>
   </node>
   <node begin="4" end="5" id="10" pos="verb" rel="hd" root="heb" word="heeft"/>
   <node begin="0" cat="ppart" end="8" id="11" rel="vc">
    <node begin="0" end="4" id="12" index="1" rel="su"/>
    <node begin="5" cat="np" end="7" id="13" rel="obj1">
     <node begin="5" end="6" id="14" pos="det" rel="det" root="het" word="het"/>
     <node begin="6" end="7" id="15" pos="noun" rel="hd" root="boek" word="boek"/>
    </node>
    <node begin="7" end="8" id="16" pos="verb" rel="hd" root="lees" word="gelezen"/>
   </node>
  </node>
  <node begin="8" end="9" id="17" pos="punct" rel="--" root="." word="."/>
 </node>
 <sentence>De man die komt heeft het boek gelezen .</sentence>
</alpino_ds>
"""

# "Het plan werd door Piet de Vries en Jan goedgekeurd ." -- passive, agent, names, coordination
PASSIVE = """
<alpino_ds version="1.2" id="t2">
 <node begin="0" cat="top" end="11" id="0" rel="top">
  <node begin="0" cat="smain" end="10" id="1" rel="--">
   <node begin="0" cat="np" end="2" id="2" index="1" rel="su">
    <node begin="0" end="1" id="3" pos="det" rel="det" root="het" word="Het"/>
    <node begin="1" end="2" id="4" pos="noun" rel="hd" root="plan" word="plan"/>
   </node>
   <node begin="2" end="3" id="5" pos="verb" rel="hd" root="word" word="werd"/>
   <node begin="0" cat="ppart" end="10" id="6" rel="vc">
    <node begin="0" end="2" id="7" index="1" rel="obj1"/>
    <node begin="3" cat="pp" end="9" id="8" rel="mod">
     <node begin="3" end="4" id="9" pos="prep" rel="hd" root="door" word="door"/>
     <node begin="4" cat="conj" end="9" id="10" rel="obj1">
      <node begin="4" cat="mwu" end="7" id="11" rel="cnj">
       <node begin="4" end="5" id="12" pos="noun" rel="mwp" root="Piet" word="Piet"/>
       <node begin="5" end="6" id="13" pos="det" rel="mwp" root="de" word="de"/>
       <node begin="6" end="7" id="14" pos="noun" rel="mwp" root="Vries" word="Vries"/>
      </node>
      <node begin="7" end="8" id="15" pos="vg" rel="crd" root="en" word="en"/>
      <node begin="8" end="9" id="16" pos="noun" rel="cnj" root="Jan" word="Jan"/>
     </node>
    </node>
    <node begin="9" end="10" id="17" pos="verb" rel="hd" root="keur_goed" word="goedgekeurd"/>
   </node>
  </node>
  <node begin="10" end="11" id="18" pos="punct" rel="--" root="." word="."/>
 </node>
 <sentence>Het plan werd door Piet de Vries en Jan goedgekeurd .</sentence>
</alpino_ds>
"""


def convert(xml: str):
    sid, (text, rows) = a2u.Converter().convert(ET.fromstring(xml))
    return sid, text, rows


def test_relative_clause_and_auxiliary():
    sid, text, rows = convert(RELATIVE)
    assert sid == "t1"
    assert text == "De man die komt heeft het boek gelezen."
    got = [(r[1], int(r[6]), r[7]) for r in rows]
    assert got == [
        ("De", 2, "det"),
        ("man", 8, "nsubj"),
        ("die", 4, "nsubj"),
        ("komt", 2, "acl:relcl"),
        ("heeft", 8, "aux"),
        ("het", 7, "det"),
        ("boek", 8, "obj"),
        ("gelezen", 0, "root"),
        (".", 8, "punct"),
    ]
    by_word = {r[1]: r for r in rows}
    assert by_word["heeft"][3] == "AUX" and by_word["heeft"][2] == "hebben"
    assert by_word["gelezen"][3] == "VERB" and by_word["gelezen"][2] == "lezen"
    assert by_word["die"][3] == "PRON" and by_word["."][9] == "SpaceAfter=No"
    assert by_word["gelezen"][9] == "SpaceAfter=No"


def test_passive_agent_names_and_coordination():
    _, _, rows = convert(PASSIVE)
    got = [(r[1], int(r[6]), r[7]) for r in rows]
    assert got == [
        ("Het", 2, "det"),
        ("plan", 10, "nsubj:pass"),
        ("werd", 10, "aux:pass"),
        ("door", 5, "case"),
        ("Piet", 10, "obl:agent"),
        ("de", 5, "flat"),
        ("Vries", 5, "flat"),
        ("en", 9, "cc"),
        ("Jan", 5, "conj"),
        ("goedgekeurd", 0, "root"),
        (".", 10, "punct"),
    ]
    upos = {r[1]: r[3] for r in rows}
    assert upos["werd"] == "AUX" and upos["Piet"] == "PROPN" and upos["en"] == "CCONJ"


def test_validate_rejects_broken_trees():
    a2u.validate([0, 1, 2])
    with pytest.raises(ValueError):
        a2u.validate([2, 1, 0])  # cycle 1 <-> 2
    with pytest.raises(ValueError):
        a2u.validate([0, 0])  # two roots
    with pytest.raises(ValueError):
        a2u.validate([0, 5])  # head out of range


def test_verb_stems_become_infinitives():
    for stem, inf in [("verheel", "verhelen"), ("heb", "hebben"), ("ben", "zijn"), ("geef", "geven"),
                      ("werk", "werken"), ("doe", "doen"), ("vertel", "vertellen"), ("wandel", "wandelen"),
                      ("aan_spoor", "aan_sporen"), ("blijf", "blijven"), ("voorkom", "voorkomen")]:
        assert a2u.verb_lemma(stem) == inf


def test_default_paths():
    assert a2u.DEFAULT_ZIP.as_posix() == "../shared/data/alpino_treebank_xml/alpino.zip"
    assert a2u.DEFAULT_OUT.as_posix() == "training/corpus/alpino_cdb.conllu"


# "De leidende partij won ." -- an attributive participle, tagged adj by this treebank
PARTICIPLE = """
<alpino_ds version="1.2" id="t3">
 <node begin="0" cat="top" end="5" id="0" rel="top">
  <node begin="0" cat="smain" end="4" id="1" rel="--">
   <node begin="0" cat="np" end="3" id="2" rel="su">
    <node begin="0" end="1" id="3" pos="det" rel="det" root="de" word="De"/>
    <node begin="1" end="2" id="4" pos="adj" rel="mod" root="leidend" word="leidende"/>
    <node begin="2" end="3" id="5" pos="noun" rel="hd" root="partij" word="partij"/>
   </node>
   <node begin="3" end="4" id="6" pos="verb" rel="hd" root="win" word="won"/>
  </node>
  <node begin="4" end="5" id="7" pos="punct" rel="--" root="." word="."/>
 </node>
 <sentence>De leidende partij won .</sentence>
</alpino_ds>
"""


def test_ud_conventions_for_participles_and_name_parts(tmp_path):
    _, _, rows = convert(PARTICIPLE)
    assert {r[1]: r[3] for r in rows}["leidende"] == "VERB"  # UD tags attributive participles VERB
    upos = {r[1]: r[3] for r in convert(PASSIVE)[2]}
    assert upos["de"] == "PROPN"  # a word inside a multi-word name (Piet de Vries)
    # a UD lexicon that has seen the form as an adjective more often keeps ADJ
    lex = tmp_path / "lex.conllu"
    lex.write_text("".join(f"{i}\tleidende\tleidend\tADJ\t_\t_\t0\troot\t_\t_\n\n" for i in (1, 1)), encoding="utf8")
    conv = a2u.Converter(ud_lex=a2u.UDLexicon([lex]))
    _, (_, rows) = conv.convert(ET.fromstring(PARTICIPLE))
    assert {r[1]: r[3] for r in rows}["leidende"] == "ADJ"
