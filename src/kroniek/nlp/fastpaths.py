"""Faster inference paths for the stock spaCy components of the Dutch model.

The model directory holds standard spaCy components (so ``spacy.load`` works
without kroniek); ``kroniek.nlp.pipeline.load`` routes them through paths
that give the same annotation, checked by ``tests/test_fastpaths.py``:

**Matrix products through numpy.** thinc multiplies with its bundled BLIS by
default; where BLIS does not recognise the processor it falls back to its
generic reference kernel (measured here: 3-4x slower than numpy's BLAS on the
same products, and the networks spend most of their time in them). The
models' layers are switched to thinc's ``NumpyOps(use_blis=False)``, which
hands the products to numpy. The transition parser's inner loop still uses
thinc's own C BLAS for its small per-step products.

**Edit-tree lemmatizer.** spaCy's ``EditTreeLemmatizer`` applies the predicted edit tree to each token
twice (once to check it applies, once to set the lemma) in a Python loop over
``Token`` objects; on news text that loop costs more than the network. Words
repeat, so this path caches the lemma per (predicted tree, word form) and
writes all lemmas of a doc with one ``Doc.from_array`` call. Only the best
tree is read, so its output layer skips the softmax normalisation.

**Attribute ruler that copies the tagger's UPOS to ``Token.pos``.** Its
generic path runs the ``Matcher`` and sets each token's attributes in Python;
when every pattern is one ``{"TAG": t}`` token setting ``{"POS": p}``, a table
lookup over ``Doc.to_array`` does the same.
"""
from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, ORTH, POS, TAG
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.language import Language

CACHE_LIMIT = 500_000


class _FastPath:
    def __init__(self, lem) -> None:
        self.lem = lem
        self.labels = list(lem.cfg["labels"])
        self.cache: dict[tuple[int, int], int] = {}

    def predict(self, docs):
        docs = list(docs)
        if not any(len(doc) for doc in docs):
            return [numpy.zeros((0,), dtype="int64") for _ in docs]
        scores = self.lem.model.predict(docs)
        return [self.lem.numpy_ops.asarray(s).argmax(axis=1) for s in scores]

    def set_annotations(self, docs, batch_guesses) -> None:
        lem, cache, labels = self.lem, self.cache, self.labels
        strings, trees = lem.vocab.strings, lem.trees
        orth_backoff = lem.backoff == "orth"
        if lem.backoff not in (None, "orth"):
            raise ValueError(f"unsupported lemmatizer backoff: {lem.backoff}")
        if len(cache) > CACHE_LIMIT:
            cache.clear()
        for doc, guesses in zip(docs, batch_guesses):
            if not len(doc):
                continue
            arr = doc.to_array([ORTH, LEMMA])
            out = arr[:, 1].copy()
            for j, (orth, current) in enumerate(arr.tolist()):
                if current != 0 and not lem.overwrite:
                    continue
                key = (int(guesses[j]), orth)
                lemma = cache.get(key)
                if lemma is None:
                    text = strings[orth]
                    applied = trees.apply(labels[key[0]], text)
                    if applied is not None:
                        lemma = strings.add(applied)
                    else:  # no applicable tree: spaCy's backoff
                        lemma = orth if orth_backoff else 0
                    cache[key] = lemma
                if lemma:
                    out[j] = lemma
            doc.from_array([LEMMA], out.reshape(-1, 1))


def use_numpy_gemm(nlp: Language) -> int:
    """Give every layer of every component model numpy-backed ops; returns the number of layers."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    n = 0
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            node.ops = ops
            n += 1
    return n


def install(nlp: Language) -> list[str]:
    """Route the components where a fast path applies through it; returns their names."""
    done = []
    if use_numpy_gemm(nlp):
        done.append("numpy matrix products")
    if install_lemmatizer(nlp):
        done.append("trainable_lemmatizer")
    for name in nlp.pipe_names:
        if install_tag_to_pos(nlp, name):
            done.append(name)
    return done


class _TagToPos:
    def __init__(self, ruler, mapping: dict[str, str]) -> None:
        self.ruler = ruler
        self.mapping = {ruler.vocab.strings.add(t): POS_IDS[p] for t, p in mapping.items()}

    def match(self, doc):
        return None  # the table lookup below needs no matches

    def set_annotations(self, doc, matches) -> None:
        if not len(doc):
            return
        arr = doc.to_array([TAG, POS])
        out = arr[:, 1].copy()
        get = self.mapping.get
        for j, tag in enumerate(arr[:, 0].tolist()):
            pos = get(tag)
            if pos is not None:
                out[j] = pos
        doc.from_array([POS], out.reshape(-1, 1))


def tag_to_pos_mapping(ruler) -> dict[str, str] | None:
    """``{tag: pos}`` when every pattern of an attribute ruler is a single ``{"TAG": tag}``
    token that sets only ``{"POS": pos}``, else None."""
    mapping: dict[str, str] = {}
    for p in ruler.patterns:
        pats, attrs = p["patterns"], p["attrs"]
        if p.get("index", 0) != 0 or set(attrs) != {"POS"}:
            return None
        for pat in pats:
            if len(pat) != 1 or set(pat[0]) != {"TAG"} or not isinstance(pat[0]["TAG"], str):
                return None
            mapping[pat[0]["TAG"]] = attrs["POS"]
    return mapping or None


def install_tag_to_pos(nlp: Language, name: str) -> bool:
    from spacy.pipeline import AttributeRuler

    ruler = nlp.get_pipe(name)
    if not isinstance(ruler, AttributeRuler):
        return False
    mapping = tag_to_pos_mapping(ruler)
    if mapping is None or any(p not in POS_IDS for p in mapping.values()):
        return False
    fast = _TagToPos(ruler, mapping)
    ruler.match = fast.match
    ruler.set_annotations = fast.set_annotations
    return True


def install_lemmatizer(nlp: Language, name: str = "trainable_lemmatizer") -> bool:
    """Route ``name``'s prediction through the cached path; False when it does not apply
    (no such component, or a ``top_k`` other than 1, where spaCy's own path is kept)."""
    if name not in nlp.pipe_names:
        return False
    lem = nlp.get_pipe(name)
    if lem.top_k != 1 or lem.backoff not in (None, "orth"):
        return False
    fast = _FastPath(lem)
    # only the best tree is read, so the scores need no softmax normalisation (same argmax)
    for node in lem.model.walk():
        if "softmax_normalize" in node.attrs:
            node.attrs["softmax_normalize"] = False
    lem.predict = fast.predict
    lem.set_annotations = fast.set_annotations
    return True
