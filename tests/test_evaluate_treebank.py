"""``kroniek evaluate --conll/--conllu`` on small files written here (the real test splits live in ../shared)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kroniek.cli import main
from kroniek.evaluate.treebank import _ner_counts
from kroniek.lang import get_pack

CONLL = """-DOCSTART- -DOCSTART- O
Minister N O
Jan N B-PER
Peeters N I-PER
bezocht V O
Antwerpen N B-LOC
. Punc O

Peeters N B-PER
sprak V O
met Prep O
de Art O
NAVO N B-ORG
. Punc O

-DOCSTART- -DOCSTART- O
De Art O
Belgische Adj B-MISC
regering N O
vergaderde V O
in Prep O
Brussel N B-LOC
. Punc O
"""

CONLLU = """# text = Hij woont in Gent.
1\tHij\thij\tPRON\t_\t_\t2\tnsubj\t_\t_
2\twoont\twonen\tVERB\t_\t_\t0\troot\t_\t_
3\tin\tin\tADP\t_\t_\t4\tcase\t_\t_
4\tGent\tGent\tPROPN\t_\t_\t2\tobl\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_

"""


def test_ner_counts_micro_and_per_label():
    gold = {(0, 2, "PER"), (3, 4, "LOC")}
    pred = {(0, 2, "PER"), (3, 4, "ORG")}
    out = _ner_counts([(gold, pred)])
    assert (out["tp"], out["fp"], out["fn"]) == (1, 1, 1)
    assert out["per_label"]["PER"]["f"] == 1.0 and out["per_label"]["LOC"]["f"] == 0.0


@pytest.mark.skipif(not (get_pack("nl").model_path / "meta.json").exists(), reason="trained model not present")
def test_cli_scores_both_ner_views_and_ud(tmp_path):
    conll, conllu = tmp_path / "mini.conll", tmp_path / "mini.conllu"
    conll.write_text(CONLL, encoding="utf8")
    conllu.write_text(CONLLU, encoding="utf8")
    res = CliRunner().invoke(main, ["evaluate", "--conll", str(conll), "--conllu", str(conllu), "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["conll"]["sentences"] == 3 and out["conll"]["tp"] + out["conll"]["fn"] == 6
    assert out["conll_articles"]["articles"] == 2
    assert out["conll_articles"]["tp"] + out["conll_articles"]["fn"] == 6
    assert out["conll"]["f"] > 0.5  # the easy names are found
    assert out["conllu"]["sentences"] == 1 and 0.0 <= out["conllu"]["las"] <= 1.0
    assert out["conllu"]["upos"] >= 0.6
