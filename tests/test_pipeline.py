"""The analysis pipeline: sentence boundaries, purity, provenance."""
import pickle
from concurrent.futures import ProcessPoolExecutor

import spacy

from kroniek.document import Analysis, Article
from kroniek.nlp.sentences import mark_paragraphs  # noqa: F401
from kroniek.nlp.tokenizer import customize
from conftest import needs_model


def test_tokenizer_news_conventions():
    nlp = customize(spacy.blank("nl"))
    toks = lambda s: [t.text for t in nlp(s)]
    assert toks(",,Nee'', zei hij.")[:3] == [",,", "Nee", "''"]
    assert toks("„Oekraïne is klaar voor vrede”")[0] == "„"
    assert toks("Kyiv/Washington") == ["Kyiv", "/", "Washington"]
    assert toks("J.F. Kennedy kwam om 10.30 uur") == ["J.F.", "Kennedy", "kwam", "om", "10.30", "uur"]
    assert toks("http://nos.nl/a/b en 24/7") == ["http://nos.nl/a/b", "en", "24/7"]


def test_paragraphs_and_headings_start_sentences():
    nlp = spacy.blank("nl")
    nlp.add_pipe("kroniek_paragraphs")
    doc = nlp("Kop zonder punt\n\nEerste zin van de tekst\nvolgende regel")
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts == ["Kop", "Eerste", "volgende"]
    assert all(t.is_sent_start is False for t in doc if t.is_space)


@needs_model
def test_analysis_is_pure_and_picklable(nlp):
    from kroniek.analyze import analyze

    art = Article(id="p1", text="Het Kremlin zei maandag dat Poetin met Trump wil praten.", published_at="2025-03-10")
    a1, a2 = analyze(art, nlp), analyze(art, nlp)
    assert a1 == a2
    assert pickle.loads(pickle.dumps(a1)) == a1
    for item in [*a1.entities, *a1.timexes, *a1.quotes, *a1.events]:
        assert art.text[item.start:item.end] == item.text


def _analyze_in_worker(text: str) -> dict:
    from kroniek.analyze import analyze

    return analyze(Article(id="w", text=text)).model_dump()


@needs_model
def test_same_result_in_a_process_pool(nlp):
    from kroniek.analyze import analyze

    text = "Frankrijk en Duitsland tekenden donderdag in Parijs een verdrag."
    here = analyze(Article(id="w", text=text), nlp).model_dump()
    with ProcessPoolExecutor(max_workers=1) as ex:
        there = ex.submit(_analyze_in_worker, text).result(timeout=300)
    assert Analysis(**there) == Analysis(**here)


def test_a_failing_article_in_a_batch_loses_only_itself():
    from spacy.language import Language

    from kroniek.analyze import analyze_many
    from kroniek.document import ErrorRecord

    @Language.component("test_explode_on_boem")
    def explode(doc):
        if "BOEM" in doc.text:
            raise ValueError("cannot analyse this one")
        return doc

    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("test_explode_on_boem")
    arts = [Article(id=str(i), text=t) for i, t in enumerate(["Eerste zin.", "BOEM zegt het.", "Derde zin."])]
    out = list(analyze_many(arts, nlp, batch_size=8))
    assert [type(x).__name__ for x in out] == ["Analysis", "ErrorRecord", "Analysis"]
    assert isinstance(out[1], ErrorRecord) and "cannot analyse" in out[1].error and out[1].id == "1"
    assert out[2].text == "Derde zin."
