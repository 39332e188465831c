"""Corpus preparation helpers (training/prepare.py) on hand-made sentences."""
import importlib.util
from pathlib import Path

_PATH = Path(__file__).resolve().parents[1] / "training" / "prepare.py"
_spec = importlib.util.spec_from_file_location("prepare", _PATH)
prepare = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(prepare)


def sent(*pairs):
    return [{"id": i + 1, "form": w, "lemma": w.lower(), "upos": u, "feats": "", "head": None, "deprel": "_", "space": True}
            for i, (w, u) in enumerate(pairs)]


def test_r14_sentences_mapped_to_v2_and_reannotated_ones_dropped():
    # the same sentence in v1 (r1.4) and v2 (UD 2.16): v1 PART 'op' is v2 ADP, v1 DET 'zijn' is v2 PRON
    v1 = [sent(("Hij", "PRON"), ("belt", "VERB"), ("zijn", "DET"), ("broer", "NOUN"), ("op", "PART")) for _ in range(2)]
    v2 = [sent(("Hij", "PRON"), ("belt", "VERB"), ("zijn", "PRON"), ("broer", "NOUN"), ("op", "ADP"))]
    other = [sent(("Zij", "PRON"), ("belt", "VERB"), ("zijn", "DET"), ("zus", "NOUN"), ("op", "PART"), ("en", "CONJ"))]
    out = prepare.r14_as_v2(v1 + other, v2)
    assert len(out) == 1  # the two re-annotated copies are dropped
    assert [t["upos"] for t in out[0]] == ["PRON", "VERB", "PRON", "NOUN", "ADP", "CCONJ"]
