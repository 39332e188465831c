"""Readers for the standard corpus formats used in training and evaluation.

Shared by ``training/prepare.py`` (building DocBins) and ``kroniek evaluate``
(scoring held-out splits), so both read the files the same way.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator


def read_conllu(path: str | Path) -> Iterator[list[dict]]:
    """Sentences as lists of token dicts (multi-word ranges and empty nodes skipped)."""
    sent: list[dict] = []
    with open(path, encoding="utf8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if sent:
                    yield sent
                    sent = []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            sent.append(
                {
                    "id": int(cols[0]),
                    "form": cols[1],
                    "lemma": cols[2],
                    "upos": cols[3],
                    "xpos": cols[4],
                    "feats": "" if cols[5] == "_" else cols[5],
                    "head": int(cols[6]) if cols[6] not in ("_", "") else None,
                    "deprel": cols[7],
                    "space": "SpaceAfter=No" not in cols[9],
                    "misc": cols[9],
                }
            )
    if sent:
        yield sent


def read_conll2002(path: str | Path) -> Iterator[list[list[tuple[str, str]]]]:
    """Articles (split at -DOCSTART-) as lists of sentences of (word, IOB tag)."""
    article: list[list[tuple[str, str]]] = []
    sent: list[tuple[str, str]] = []
    with open(path, encoding="utf8") as f:
        for line in f:
            parts = line.split()
            if not parts:
                if sent:
                    article.append(sent)
                    sent = []
                continue
            if parts[0] == "-DOCSTART-":
                if sent:
                    article.append(sent)
                    sent = []
                if article:
                    yield article
                article = []
                continue
            sent.append((parts[0], parts[-1]))
    if sent:
        article.append(sent)
    if article:
        yield article


def iob_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """(start, end, label) token spans from IOB1/IOB2 tags."""
    spans, start, label = set(), None, None
    for i, t in enumerate(list(tags) + ["O"]):
        if t == "O" or t.startswith("B-") or (t.startswith("I-") and t[2:] != label):
            if label is not None:
                spans.add((start, i, label))
            start, label = (i, t[2:]) if t != "O" else (None, None)
    return spans
