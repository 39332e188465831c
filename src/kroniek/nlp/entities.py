"""Entity repair from the actor layer: the NER model's blind spots, fixed with evidence.

The NER model was trained on Belgian news from 2000. It misses names that the
actor dictionary knows (*Trump* at the start of a sentence), sometimes gives a
known person a place label, and fuses titles into names (*Kamerlid X Y*).
After ``kroniek_actors`` has linked mentions to dictionary actors, this
component:

0. makes labels consistent within the article: a surname of a full person
   name is a person too, and a name tagged differently in different places
   takes its clear majority label;
1. adds an entity for every capitalised dictionary-name mention the NER missed
   (label from the actor type);
2. relabels an entity whose linked dictionary actor contradicts the label
   between person and non-person (a person tagged LOC becomes PER);
3. trims a leading title word (``titles.tsv``) off a PER entity.

Each repaired entity carries its own reason (``Span._.reason``) and a fixed
confidence, so users can tell model output from repairs.
"""
from __future__ import annotations

import csv
from collections import Counter, defaultdict
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..lang import get_pack
from . import extensions  # noqa: F401

LABEL_OF_TYPE = {"person": "PER", "state": "LOC", "organisation": "ORG", "armed_group": "ORG", "media": "ORG"}
REPAIR_CONFIDENCE = 0.7

if not Span.has_extension("reason"):
    Span.set_extension("reason", default=None)


def _read_titles(path) -> set[str]:
    with open(path, encoding="utf8") as f:
        rows = csv.DictReader((ln for ln in f if not ln.startswith("#")), delimiter="\t")
        return {r["word"].lower() for r in rows if r.get("word")}


@Language.factory("kroniek_entities", default_config={"lang": "nl"})
def make_entities(nlp: Language, name: str, lang: str):
    return EntityRepair(nlp, name, lang)


class EntityRepair:
    def __init__(self, nlp: Language, name: str, lang: str = "nl") -> None:
        self.name = name
        self.titles = _read_titles(get_pack(lang).data("titles.tsv"))

    def _actor_label(self, doc: Doc, actor_types: dict, span: tuple[int, int]) -> Optional[str]:
        aid = (doc._.entity_actor or {}).get(span)
        return LABEL_OF_TYPE.get(actor_types.get(aid)) if aid else None

    @staticmethod
    def consistent_labels(doc: Doc) -> list[Span]:
        """Label consistency within one article (a standard NER post-process)."""
        ents = list(doc.ents)
        surnames = {e[-1].text for e in ents if e.label_ == "PER" and len(e) > 1}
        votes: dict[str, Counter] = defaultdict(Counter)
        for e in ents:
            votes[e.text][e.label_] += 1
        out = []
        for e in ents:
            label, reason = e.label_, None
            if len(e) == 1 and e.text in surnames and label != "PER":
                label, reason = "PER", "surname of a person named in full in this article"
            else:
                (top, n), total = votes[e.text].most_common(1)[0], sum(votes[e.text].values())
                if top != label and total >= 3 and n * 3 >= total * 2:
                    label, reason = top, f"majority label of '{e.text}' in this article ({n} of {total})"
            if reason:
                new = Span(doc, e.start, e.end, label=label)
                new._.reason = reason
                out.append(new)
            else:
                out.append(e)
        return out

    def __call__(self, doc: Doc) -> Doc:
        doc.ents = self.consistent_labels(doc)
        links = doc._.entity_actor or {}
        if not links:
            return doc
        actor_types = {a.id: a.type for a in (doc._.actors or [])}
        from_dict = {a.id for a in (doc._.actors or []) if "dictionary" in (a.reason or "")}
        ents = list(doc.ents)
        out: list[Span] = []
        for ent in ents:
            span = (ent.start_char, ent.end_char)
            # 3. a title word fused into a person name
            if ent.label_ == "PER" and len(ent) > 1 and ent[0].lower_ in self.titles:
                new = Span(doc, ent.start + 1, ent.end, label="PER")
                new._.reason = f"NER span minus title '{ent[0].text}'"
                out.append(new)
                continue
            # 2. person vs non-person contradiction with a dictionary actor
            want = self._actor_label(doc, actor_types, span)
            if want and links.get(span) in from_dict and (want == "PER") != (ent.label_ == "PER") and ent.label_ != "MISC":
                new = Span(doc, ent.start, ent.end, label=want)
                new._.reason = f"NER label {ent.label_} corrected by actor dictionary"
                out.append(new)
                continue
            out.append(ent)
        # 1. dictionary names the NER missed
        covered = [(e.start_char, e.end_char) for e in out]
        for (s, e), aid in links.items():
            if aid not in from_dict or any(s < b and a < e for a, b in covered):
                continue
            span = doc.char_span(s, e)
            label = LABEL_OF_TYPE.get(actor_types.get(aid))
            if span is None or label is None or not all(t.text[:1].isupper() for t in span if t.is_alpha):
                continue
            if span[0].lower_ in self.titles or not span[0].text[:1].isupper():
                continue
            new = Span(doc, span.start, span.end, label=label)
            new._.reason = "actor dictionary name not tagged by NER"
            out.append(new)
            covered.append((s, e))
        doc.ents = filter_spans(out)
        return doc
