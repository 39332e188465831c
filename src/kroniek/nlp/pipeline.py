"""Build the full kroniek pipeline for a language.

The committed model directory is a plain spaCy pipeline (``spacy.load`` works
without kroniek). kroniek adds its own components on load, in data-flow order:
paragraph-aware sentence starts before the parser; after NER the time and
actor layers, entity repair from the actor dictionary, then places, quotes
and events. Every component is a registered spaCy
factory, so users can add them to pipelines of their own.
"""
from __future__ import annotations

import gc
from functools import lru_cache

import spacy
from spacy.language import Language

from ..lang import get_pack
from . import extensions, fastpaths, sentences  # noqa: F401  (registers extensions and kroniek_paragraphs)
from .tokenizer import LongRunGuard, keep_cache

# (factory name, module that registers it). Order is the data flow.
COMPONENTS: list[tuple[str, str]] = [
    ("kroniek_timex", "kroniek.nlp.timex"),
    ("kroniek_actors", "kroniek.nlp.actors"),
    ("kroniek_entities", "kroniek.nlp.entities"),
    ("kroniek_places", "kroniek.nlp.places"),
    ("kroniek_quotes", "kroniek.nlp.quotes"),
    ("kroniek_events", "kroniek.nlp.events"),
]


@lru_cache(maxsize=8)
def model_meta(nlp: Language) -> dict:
    """Model name and version for the output records (cached: ``Language.meta`` is rebuilt per access)."""
    return {"model": f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}", "model_version": nlp.meta.get("version")}


@lru_cache(maxsize=4)
def load(lang: str = "nl", layers: tuple[str, ...] | None = None) -> Language:
    """Load the trained pipeline of ``lang`` plus kroniek's components.

    ``layers`` restricts the kroniek components (e.g. ``("kroniek_timex",)``);
    ``None`` means all. Cached per process: loading takes about a second and
    the pipeline holds no per-article state.
    """
    import importlib

    pack = get_pack(lang)
    nlp = spacy.load(pack.model_path)
    keep_cache(nlp.tokenizer)  # whitespace special cases that only turned off the tokenizer's cache
    nlp.tokenizer = LongRunGuard(nlp.tokenizer)  # linear in pathological input (long runs of one character)
    fastpaths.install(nlp)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kroniek_paragraphs", before="parser")
    else:
        nlp.add_pipe("kroniek_paragraphs", first=True)
    for factory, module in COMPONENTS:
        if layers is not None and factory not in layers:
            continue
        importlib.import_module(module)
        nlp.add_pipe(factory, config={"lang": lang})
    # The pipeline (with its dictionaries and place index) lives as long as the process, being
    # cached. Moving what exists now out of the collector's generations spares every full
    # collection a walk over some 350k long-lived objects: about 3% of the analysis time.
    gc.freeze()
    return nlp
