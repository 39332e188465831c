"""The cached lemmatizer path gives exactly spaCy's lemmas."""
import spacy

from kroniek.lang import get_pack
from kroniek.nlp import fastpaths

TEXTS = [
    "De ministers vergaderden dinsdag in Brussel over de nieuwe sancties tegen Rusland.",
    "„We hebben een akkoord bereikt”, zei de woordvoerster. Ze werden gisteren opgehaald.",
    "Demonstranten liepen door de straten; de politie hield tientallen mensen aan.",
]


def _lemmas(nlp):
    return [[(t.text, t.lemma_) for t in doc] for doc in nlp.pipe(TEXTS)]


def test_cached_path_matches_spacy():
    path = get_pack("nl").model_path
    plain, fast = spacy.load(path), spacy.load(path)
    assert fastpaths.install_lemmatizer(fast)
    expected = _lemmas(plain)
    assert _lemmas(fast) == expected
    assert _lemmas(fast) == expected  # second pass is served from the cache
    assert any(text != lemma for doc in expected for text, lemma in doc)  # words were lemmatised


def test_install_skips_missing_component():
    assert not fastpaths.install_lemmatizer(spacy.blank("nl"))


def test_tag_to_pos_matches_attribute_ruler():
    def build():
        nlp = spacy.blank("nl")
        ruler = nlp.add_pipe("attribute_ruler")
        for tag in ("NOUN", "VERB", "ADP", "DET", "PROPN", "PUNCT"):
            ruler.add(patterns=[[{"TAG": tag}]], attrs={"POS": tag})
        return nlp

    words = ["De", "minister", "sprak", "in", "Brussel", "."]
    tags = ["DET", "NOUN", "VERB", "ADP", "PROPN", "PUNCT"]
    plain, fast = build(), build()
    assert fastpaths.install_tag_to_pos(fast, "attribute_ruler")
    from spacy.tokens import Doc

    def run(nlp):
        doc = Doc(nlp.vocab, words=words, tags=tags[:-1] + ["XX"])  # an unmapped tag keeps its POS
        return [t.pos_ for t in nlp.get_pipe("attribute_ruler")(doc)]

    assert run(fast) == run(plain) == tags[:-1] + [""]


def test_tag_to_pos_declines_other_rulers():
    nlp = spacy.blank("nl")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add(patterns=[[{"ORTH": "de"}]], attrs={"LEMMA": "de"})
    assert not fastpaths.install_tag_to_pos(nlp, "attribute_ruler")


def test_numpy_products_give_the_same_analysis():
    path = get_pack("nl").model_path
    plain, fast = spacy.load(path), spacy.load(path)
    assert fastpaths.use_numpy_gemm(fast) > 10
    ner = fast.get_pipe("ner").model
    assert all(type(node.ops).__name__ == "NumpyOps" and not node.ops.use_blis for node in ner.walk())
    for a, b in zip(plain.pipe(TEXTS), fast.pipe(TEXTS)):
        assert [(t.pos_, t.dep_, t.head.i, t.lemma_, t.ent_type_) for t in a] == \
               [(t.pos_, t.dep_, t.head.i, t.lemma_, t.ent_type_) for t in b]
