"""The search query language: words, "phrases", prefix*, AND / OR / NOT (or -word), parentheses.

Words next to each other must all match (AND); OR binds looser than AND; NOT and a leading '-'
exclude. A word that the tokenizer splits ("covid-19") is a phrase. Errors are one line
(``QueryError``), shown as a 422 by the API and exit 2 by the CLI.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Union

from .text import fold, tokens

MAX_QUERY = 500
MAX_LEAVES = 16


class QueryError(ValueError):
    pass


@dataclass(frozen=True)
class Leaf:
    words: tuple[str, ...]  # folded words; more than one: a phrase
    prefix: bool = False  # last word is a prefix (word*)

    def __str__(self) -> str:
        s = " ".join(self.words) + ("*" if self.prefix else "")
        return f'"{s}"' if len(self.words) > 1 else s


@dataclass
class Node:
    op: str  # "and" | "or" | "not"
    children: list = field(default_factory=list)


Expr = Union[Leaf, Node]
_LEX = re.compile(r'\s*(?:(")([^"]*)"?|(\()|(\))|([^\s()"]+))')


def _lex(q: str) -> list[tuple[str, str]]:
    out, i = [], 0
    while i < len(q):
        m = _LEX.match(q, i)
        if not m or m.end() == i:
            break
        i = m.end()
        if m.group(1):
            out.append(("phrase", m.group(2)))
        elif m.group(3):
            out.append(("(", "("))
        elif m.group(4):
            out.append((")", ")"))
        elif m.group(5):
            w = m.group(5)
            if w in ("AND", "OR", "NOT"):
                out.append((w, w))
            elif w.startswith("-") and len(w) > 1:
                out.append(("NOT", "-"))
                out.append(("word", w[1:]))
            else:
                out.append(("word", w))
    return out


def _leaf(text: str, phrase: bool) -> Leaf | None:
    prefix = not phrase and text.endswith("*")
    words = tuple(w for _, _, w in tokens(text))
    if not words:
        return None
    return Leaf(words, prefix and len(words) == 1)


def parse(q: str) -> Expr:
    """The query as a tree of Leaf/Node; QueryError for an empty, too long or unbalanced query."""
    q = (q or "").strip()
    if not q:
        raise QueryError("q: the query is empty")
    if len(q) > MAX_QUERY:
        raise QueryError(f"q: the query is longer than {MAX_QUERY} characters")
    toks = _lex(q)
    pos = 0

    def peek():
        return toks[pos][0] if pos < len(toks) else None

    def take():
        nonlocal pos
        pos += 1
        return toks[pos - 1]

    def or_expr():
        parts = [and_expr()]
        while peek() == "OR":
            take()
            parts.append(and_expr())
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Node("or", parts)

    def and_expr():
        parts = []
        while peek() not in (None, "OR", ")"):
            if peek() == "AND":
                take()
                continue
            parts.append(unary())
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Node("and", parts)

    def unary():
        if peek() == "NOT":
            take()
            if peek() in (None, "OR", ")", "AND"):
                raise QueryError("q: NOT (or -) must be followed by a word, phrase or group")
            inner = unary()
            return None if inner is None else Node("not", [inner])
        return primary()

    def primary():
        kind, text = take()
        if kind == "(":
            inner = or_expr()
            if peek() != ")":
                raise QueryError("q: a '(' is not closed")
            take()
            return inner
        if kind == ")":
            raise QueryError("q: a ')' has no '('")
        return _leaf(text, kind == "phrase")

    tree = or_expr()
    if pos < len(toks):
        raise QueryError("q: a ')' has no '('")
    if tree is None:
        raise QueryError("q: the query has no words to search for")
    if not has_positive(tree):
        raise QueryError("q: the query needs at least one word that must match (not only NOT/-words)")
    if len(leaves(tree)) > MAX_LEAVES:
        raise QueryError(f"q: at most {MAX_LEAVES} words or phrases")
    return tree


def has_positive(e: Expr) -> bool:
    if isinstance(e, Leaf):
        return True
    if e.op == "not":
        return False
    if e.op == "or":
        return all(has_positive(c) for c in e.children)
    return any(has_positive(c) for c in e.children)


def leaves(e: Expr, positive: bool = True, out: list | None = None) -> list[tuple[Leaf, bool]]:
    """Every leaf with whether it counts for a match (False under NOT)."""
    out = [] if out is None else out
    if isinstance(e, Leaf):
        out.append((e, positive))
    else:
        for c in e.children:
            leaves(c, positive and e.op != "not", out)
    return out


def describe(e: Expr) -> str:
    """The parsed query, written back (shown to the user: what was searched for)."""
    if isinstance(e, Leaf):
        return str(e)
    if e.op == "not":
        return "NOT " + describe(e.children[0])
    inner = f" {e.op.upper()} ".join(describe(c) for c in e.children)
    return f"({inner})"


__all__ = ["Expr", "Leaf", "Node", "QueryError", "describe", "fold", "has_positive", "leaves", "parse"]
