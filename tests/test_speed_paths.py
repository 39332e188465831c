"""Faster paths that must give exactly what the plain paths give: the tokenizer without its no-op
whitespace special cases (``tokenizer.keep_cache``) and the event coder's companion index
(``event_syntax.Companions``) against a direct walk over the trigger's scope."""
from __future__ import annotations

from typing import Optional

import pytest
import spacy
from spacy.attrs import IDX, IS_SPACE, LOWER, NORM, ORTH, PREFIX, SHAPE, SPACY, SUFFIX
from spacy.tokenizer import Tokenizer

from kroniek.lang import get_pack
from kroniek.nlp.clauses import noun_matches
from kroniek.nlp.tokenizer import keep_cache

ATTRS = [ORTH, NORM, SPACY, IDX, LOWER, SHAPE, PREFIX, SUFFIX, IS_SPACE]
TEXTS = [
    "Title line\nMarch 01, 2008\nThe minister said: ''We won't go.'' It's over.\n\nNext  paragraph\twith a tab.",
    "a\nb", "a \n b", "a  b", "a   b", " a", "a ", "  ", " ", "\n", "\t", "a\tb", "\n\n", " \n", "\r\n", "a\xa0b",
    "U.S.\n\nU.S. ", "it's\n don't", "Kop zonder punt\n\nDe premier zei: ,,Nee''.\nvolgende regel", "J.F.  Kennedy\n10.30 uur",
]
needs_models = pytest.mark.skipif(
    not all((get_pack(lang).model_path / "meta.json").exists() for lang in ("nl", "en")), reason="models not present")


def _tokens(tok, text):
    doc = tok(text)
    return doc.text, doc.to_array(ATTRS).tolist()


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_keep_cache_drops_only_noop_whitespace_specials(lang):
    nlp = spacy.blank(lang)
    before = dict(nlp.tokenizer.rules)
    plain = Tokenizer(nlp.vocab)
    plain.from_bytes(nlp.tokenizer.to_bytes())
    keep_cache(nlp.tokenizer)
    dropped = set(before) - set(nlp.tokenizer.rules)
    assert dropped and all(k.isspace() for k in dropped)
    assert "\xa0" in nlp.tokenizer.rules  # it sets a norm: kept
    for text in TEXTS + [t * 3 for t in TEXTS]:
        assert _tokens(nlp.tokenizer, text) == _tokens(plain, text), repr(text)


@needs_models
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_keep_cache_same_tokens_with_the_models_tokenizer(lang):
    from kroniek.nlp import pipeline

    nlp = pipeline.load(lang)
    plain = spacy.load(get_pack(lang).model_path).tokenizer
    assert "\n" in plain.rules and "\n" not in nlp.tokenizer.rules
    for text in TEXTS:
        assert _tokens(nlp.tokenizer, text) == _tokens(plain, text), repr(text)


def _walk(comp: str, t, w) -> Optional[int]:
    """The companion as the coder found it before the index: a walk over the scope per lexicon entry."""
    doc = t.doc
    lo, hi = _stretch(t)
    ids = sorted((set(range(lo, min(hi + 1, len(doc)))) | {c.i for c in t.children}) - {t.i})
    scope = [doc[i] for i in ids]
    if comp in w.clause_companions:
        for x in scope:
            if x.i > t.i and x.lower_ == comp:
                return None if any(b.pos_ in ("VERB", "AUX") for b in doc[t.i + 1 : x.i]) else x.i
        return None
    for x in scope:
        if x.lower_ == comp or x.lemma_.lower() == comp:
            return x.i
    if len(comp) >= 4:
        for x in scope:
            if x.pos_ in ("NOUN", "PROPN", "VERB", "X") and noun_matches(x.text, comp, False):
                return x.i
    return None


def _stretch(t):
    from kroniek.nlp import clauses

    return clauses.clause_stretch(t)


@needs_models
@pytest.mark.parametrize("lang,text", [
    ("en", "The United States gave weapons and military aid to Ukraine on Monday, and Russia sought talks "
           "with France about a cease-fire agreement. The minister wants to make sure that the troops "
           "receive missile-defence systems, officials said."),
    ("nl", "De Verenigde Staten gaven Oekraïne maandag wapens en militaire steun. Rusland wil dat Frankrijk "
           "gesprekken voert over een wapenstilstand, en de minister sloot een akkoord met de rebellen."),
])
def test_companion_index_finds_what_the_walk_finds(lang, text):
    from kroniek.nlp import pipeline
    from kroniek.nlp.event_features import WordView
    from kroniek.nlp.event_syntax import Companions

    nlp = pipeline.load(lang)
    ev = nlp.get_pipe("kroniek_events")
    doc = nlp(text)
    view = WordView(doc)
    comps = sorted({trig.companion for entries in ev.lexicon.verbs.values() for trig, _ in entries if trig.companion})
    found = 0
    for t in doc:
        index = Companions(t, _stretch(t), view, ev.words)
        for comp in comps:
            hit = index.find(comp)
            assert (hit.i if hit is not None else None) == _walk(comp, t, ev.words), (t.text, comp)
            found += hit is not None
    assert found > 20  # the sentences hold companions: the comparison is not all None
