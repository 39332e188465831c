"""Readers for the English entity corpora: GUM's named mentions and MEANTIME's named entities.

Shared by ``training/en/prepare.py`` (building the English DocBins) and the English evaluation
(``kroniek.evaluate.en_parse``), so both cut names out of the corpora the same way.

Named mentions in GUM: GUM annotates every entity mention (nominal, pronominal, named) with one of
ten types and, where there is one, a Wikipedia identity. A mention counts as a *name* when its head
word is a proper noun (UPOS PROPN): that takes in named people without a Wikipedia page and leaves
out pronouns and nominals that corefer with a linked entity. The name span is the run of proper
nouns and capitalised words around the head (with ``of``/``and``/``the``/``de``... between two of
them) without a leading determiner, which is the CoNLL convention ("the Democratic Party" → "Democratic
Party"). Types: person → PER, place → LOC, organization → ORG, event/object/abstract → MISC (named
events, works, products, languages, doctrines); time, quantity, substance, animal and plant names are
left unlabelled (outside). The mentions are read from the ``Entity=`` annotation in the MISC column of
the GUM CoNLL-U files, which carries the same mentions, types and Wikipedia identities as
``gum_entities_coref/xml`` and is already aligned with the UD tokens.

MEANTIME marks mention extents as whole noun phrases ("U.S. automaker Chrysler"); a named (NAM or
PRE.NAM) mention is cut to the last run of capitalised words in it. Types: PER/LOC/ORG as they are,
PRO (products) and FIN (financial: indices, currencies) → MISC, MIX left out. MEANTIME does not claim
to mark every name, so capitalised words no mention covers are *unknown* (``meantime_unknown``): the
training docs mark them missing rather than outside.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

GUM_LABELS = {"person": "PER", "place": "LOC", "organization": "ORG",
              "event": "MISC", "object": "MISC", "abstract": "MISC"}
MEANTIME_LABELS = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "PRO": "MISC", "FIN": "MISC"}
NAME_GLUE = {"of", "and", "&", "the", "de", "du", "del", "della", "der", "van", "von", "la", "le", "for", "on", "'s"}
_OPEN = re.compile(r"\((\d+)-([a-z]+)[^()]*(\))?|(\d+)\)")


def gum_mentions(sent: list[dict]) -> list[tuple[int, int, str]]:
    """(start, end, GUM type) of the entity mentions that open and close in this sentence."""
    opened: dict[str, list[tuple[int, str]]] = {}
    out = []
    for i, tok in enumerate(sent):
        value = next((f[len("Entity="):] for f in tok.get("misc", "").split("|") if f.startswith("Entity=")), "")
        for m in _OPEN.finditer(value):
            if m.group(4):  # a closer "12)"
                stack = opened.get(m.group(4))
                if stack:
                    start, etype = stack.pop()
                    out.append((start, i + 1, etype))
            elif m.group(3):  # opens and closes on this token
                out.append((i, i + 1, m.group(2)))
            else:
                opened.setdefault(m.group(1), []).append((i, m.group(2)))
    return out


def name_span(sent: list[dict], start: int, end: int) -> tuple[int, int] | None:
    """The run of proper nouns around the mention's head, or None when the head is no proper noun."""
    heads = [i for i in range(start, end) if not sent[i]["head"] or not start < sent[i]["head"] <= end]
    if not heads or sent[heads[0]]["upos"] != "PROPN":
        return None
    h = heads[0]

    def propn(i):  # a name word: proper noun or capitalised ("Democratic Party", "The Walking Dead")
        return start <= i < end and (sent[i]["upos"] == "PROPN" or sent[i]["form"][:1].isupper())

    def glue(i):
        return start <= i < end and sent[i]["form"].lower() in NAME_GLUE

    a = h
    while propn(a - 1) or (glue(a - 1) and propn(a - 2)):
        a -= 1
    b = h + 1
    while propn(b) or (glue(b) and propn(b + 1)):
        b += 1
    while a < h and sent[a]["upos"] in ("DET", "PRON", "PUNCT"):  # "The Church", "His Majesty"
        a += 1
    return a, b


def gum_names(sent: list[dict]) -> list[tuple[int, int, str]]:
    """Non-overlapping CoNLL-style name spans of a GUM sentence, longest mention first."""
    taken: set[int] = set()
    out = []
    for start, end, etype in sorted(gum_mentions(sent), key=lambda m: m[0] - m[1]):
        span = name_span(sent, start, end)
        if span is None:
            continue
        if taken.intersection(range(*span)):
            continue
        taken.update(range(*span))
        if etype in GUM_LABELS:
            out.append((span[0], span[1], GUM_LABELS[etype]))
    return sorted(out)


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def last_cap_run(words: list[str]) -> tuple[int, int] | None:
    """The last run of capitalised words (with name glue between two of them) in a mention."""
    end = None
    for i in range(len(words) - 1, -1, -1):
        if _capitalised(words[i]):
            end = i + 1
            break
    if end is None:
        return None
    a = end - 1
    while a > 0 and (_capitalised(words[a - 1])
                     or (words[a - 1].lower() in NAME_GLUE and a > 1 and _capitalised(words[a - 2]))):
        a -= 1
    return a, end


def read_meantime(path: Path) -> tuple[list[list[str]], list[tuple[int, int, str]]]:
    """Sentences of words and named mentions (token offsets into the whole document, label)."""
    root = ET.parse(path).getroot()
    tokens = root.findall("token")
    index = {t.get("t_id"): i for i, t in enumerate(tokens)}
    sents: list[list[str]] = []
    last = None
    for t in tokens:
        if t.get("sentence") != last:
            sents.append([])
            last = t.get("sentence")
        sents[-1].append(t.text or "_")
    markables = root.find("Markables")
    entity_type = {e.get("m_id"): e.get("ent_type") for e in markables.iter("ENTITY")}
    mention_type = {}
    for rel in root.iter("REFERS_TO"):
        target = rel.find("target")
        if target is None:
            continue
        for src in rel.findall("source"):
            mention_type[src.get("m_id")] = entity_type.get(target.get("m_id"))
    words = [t.text or "_" for t in tokens]
    out = []
    for m in markables.iter("ENTITY_MENTION"):
        if m.get("syntactic_type") not in ("NAM", "PRE.NAM"):
            continue
        ids = sorted(index[a.get("t_id")] for a in m.findall("token_anchor"))
        if not ids:
            continue
        run = last_cap_run(words[ids[0]: ids[-1] + 1])
        label = MEANTIME_LABELS.get(mention_type.get(m.get("m_id")) or "")
        if run and label:
            out.append((ids[0] + run[0], ids[0] + run[1], label))
    return sents, out


def meantime_names(path: Path) -> tuple[list[list[str]], list[tuple[int, int, str]]]:
    """Sentences of words and non-overlapping names (document token offsets, label), longest first."""
    sents, mentions = read_meantime(path)
    taken: set[int] = set()
    names = []
    for a, b, label in sorted(mentions, key=lambda m: m[0] - m[1]):
        if not taken.intersection(range(a, b)):
            taken.update(range(a, b))
            names.append((a, b, label))
    return sents, sorted(names)


def meantime_unknown(words: list[str], names: list[tuple[int, int, str]]) -> list[int]:
    """Capitalised words outside every name: MEANTIME leaves open whether they are names."""
    taken = {i for a, b, _ in names for i in range(a, b)}
    return [i for i, w in enumerate(words) if i not in taken and _capitalised(w)]


def meantime_files(data: Path) -> list[Path]:
    """The MEANTIME English documents under ``data`` (``../shared/data``)."""
    return sorted((data / "en" / "meantime_english" / "intra-doc_annotation").rglob("*.xml"))
