"""Definite descriptions that point back to an actor: *het land*, *het ministerie*, *de bewindsman*.

News copy names an actor once and then refers to it by what it is: *Rusland vuurde raketten af. Het
land ...*, *Het Russische ministerie van Defensie meldde ... Het ministerie beschuldigde ...*. Titles of
office (*de premier*) are resolved through their office (``titles.tsv``); these words name no office,
only a kind of actor, so they take the nearest actor of that kind named before them, within a short
window. The forms and the kinds they accept are data (``anaphora.tsv``); the chain (description ->
antecedent mention) is kept per mention so events and quotes can give it in their reason.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from spacy.tokens import Doc

from ..actors_dict import read_tsv
from .extensions import doc_text, sent_bounds

WINDOW_SENTENCES = 3  # the description's sentence and the three before it


@dataclass(frozen=True)
class Description:
    words: tuple[str, ...]
    types: frozenset[str]
    name: str
    roles: frozenset[str]

    def fits(self, actor) -> bool:
        return (actor.type in self.types and (not self.name or actor.name.startswith(self.name))
                and (not self.roles or (actor.role or "") in self.roles))


def load(path: Path) -> dict[str, list[Description]]:
    """Descriptions by their first word (the determiner)."""
    out: dict[str, list[Description]] = {}
    for row in read_tsv(path):
        words = tuple(row["form"].split())
        split = lambda v: frozenset(x.strip() for x in (v or "").split(",") if x.strip())  # noqa: E731
        out.setdefault(words[0], []).append(Description(words, split(row["types"]), row.get("name") or "", split(row.get("role"))))
    return out


def resolve_descriptions(doc: Doc, descriptions: dict[str, list[Description]], actors: dict, links: dict,
                         add: Callable, chains: dict, of_words: frozenset = frozenset()) -> None:
    """Link each description to its antecedent through ``add`` and record the chain in ``chains``;
    a description followed by one of ``of_words`` (*het land van ...*) names its own referent."""
    if not descriptions:
        return
    words = [t.lower_ for t in doc]
    text = doc_text(doc)
    linked = sorted(links)
    mentions = sorted((s, e, key) for key, a in actors.items() for s, e in a.mentions)
    for i, w in enumerate(words):
        for d in descriptions.get(w, ()):
            n = len(d.words)
            if tuple(words[i:i + n]) != d.words or (i + n < len(doc) and words[i + n] in of_words):
                continue
            start, end = doc[i].idx, doc[i + n - 1].idx + len(doc[i + n - 1].text)
            if _covered(linked, start, end):
                break
            found = _antecedent(doc, i, start, d, actors, mentions)
            if found is None:
                break
            (s, e), key = found
            a = actors[key]
            surface = text[s:e]
            chain = f"'{text[start:end]}' -> '{surface}' ({a.name}): the {'/'.join(sorted(d.types))} named just before"
            add(key, lambda: a, (start, end), f"description {chain}", 0.55)
            chains[(start, end)] = chain
            break


def _covered(linked: list[tuple[int, int]], start: int, end: int) -> bool:
    k = bisect_left(linked, (start, -1))
    for s, e in linked[max(0, k - 3):k + 3]:
        if s < end and start < e:
            return True
    return False


def _antecedent(doc: Doc, i: int, start: int, d: Description, actors: dict, mentions: list) -> Optional[tuple]:
    lo_tok = sent_bounds(doc[i])[0]
    for _ in range(WINDOW_SENTENCES):
        if lo_tok == 0:
            break
        lo_tok = sent_bounds(doc[lo_tok - 1])[0]
    lo = doc[lo_tok].idx
    nearest = subject = None
    for s, e, key in mentions[bisect_left(mentions, (lo, -1, "")):]:
        if s >= start:
            break
        if d.fits(actors[key]):
            nearest = ((s, e), key)
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None and len(span) and (span.root.dep_.startswith("nsubj") or span.start == sent_bounds(span[0])[0]):
                subject = nearest
    # the one the text was about (a subject, or the first phrase of its sentence, which in Dutch mostly is
    # the subject) before the nearest one: 'Rusland heeft Oekraïne aangevallen. Het land ...' is Russia
    return subject or nearest
