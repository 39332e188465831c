"""The NER's gazetteer feature: the table, the extra feature column, and the table saved inside the model."""
import numpy
import spacy
from spacy.tokens import Doc

from kroniek.nlp.gazetteer_embed import DEFAULT_TABLE, GazetteerFeatures, GazetteerHashEmbed, read_table

LOC, LOCP, FIRST, LAST, ORG, NAT, CITY, VILLAGE = 1, 2, 4, 8, 16, 32, 64, 128


def test_shipped_table_marks_names_not_function_words():
    table = read_table(DEFAULT_TABLE)
    assert len(table) > 50_000
    for country_or_region in ("Kazachstan", "Cambodja", "Drenthe", "Kentucky"):
        assert table[country_or_region] & LOC, country_or_region
    for town in ("Lommel", "Soignies", "Antwerpen"):
        assert table[town] & CITY, town
    assert table["Boezinge"] & VILLAGE
    assert table["Belgische"] & NAT
    assert table["Pieter"] & FIRST
    # words that are common in lower case lose their place bits ("Een" is also a village)
    assert not table.get("Een", 0) & (LOC | CITY | VILLAGE) and not table.get("Het", 0)


def test_missing_table_is_empty(tmp_path):
    assert read_table(str(tmp_path / "nope.tsv")) == {}
    assert read_table("kroniek:data/nl/no_such_file.tsv") == {}


def test_feature_column_holds_the_mask():
    vocab = spacy.blank("nl").vocab
    doc = Doc(vocab, words=["Hij", "reisde", "naar", "Kazachstan", "en", "Lommel", "."])
    model = GazetteerFeatures(["NORM", "SHAPE"], {"Kazachstan": LOC, "Lommel": LOC | LOCP})
    (arr,), _ = model([doc], is_train=False)
    assert arr.shape == (7, 3)
    assert arr[:, -1].tolist() == [0, 0, 0, LOC, 0, LOC | LOCP, 0]
    assert arr[:, 0].tolist() == doc.to_array(["NORM"]).tolist()


def test_table_travels_inside_the_model(tmp_path):
    table = tmp_path / "gaz.tsv"
    table.write_text("# test\nKazachstan\t1\nPieter\t4\n", encoding="utf-8")
    vocab = spacy.blank("nl").vocab
    docs = [Doc(vocab, words=["Pieter", "woont", "in", "Kazachstan"])]
    trained = GazetteerHashEmbed(width=16, attrs=["NORM", "SHAPE"], rows=[100, 50], gazetteer=str(table))
    trained.initialize(X=docs)
    expected = trained.predict(docs)[0]
    assert expected.shape == (4, 16)
    # a model built where the file does not exist gets the table (and weights) from the bytes
    loaded = GazetteerHashEmbed(width=16, attrs=["NORM", "SHAPE"], rows=[100, 50], gazetteer=str(tmp_path / "gone"))
    loaded.initialize(X=docs)
    loaded.from_bytes(trained.to_bytes())
    numpy.testing.assert_allclose(loaded.predict(docs)[0], expected)
    blank = GazetteerHashEmbed(width=16, attrs=["NORM", "SHAPE"], rows=[100, 50], gazetteer=str(tmp_path / "gone"))
    blank.initialize(X=docs)
    blank.from_bytes(trained.to_bytes())
    blank.layers[0].attrs["gazetteer"] = {}
    assert not numpy.allclose(blank.predict(docs)[0], expected)  # the feature does change the vectors
