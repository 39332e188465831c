"""Quotation marks on the characters: which stretches of an article are quoted.

Quotation marks are found on the characters, not on tokens or parser
sentences: news copy mixes „…”, ,,…'', “…”, "…", '…' and ‘…’, apostrophes
look like single quotes (*zo'n*, *'s avonds*, *Trump's*), and early parser
checkpoints split sentences inside quotations. Which marks pair up, which
are symmetric and which apostrophe words are no quotes is language data
(``data/<lang>/quote_marks.json``).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property

END_PUNCT = re.compile(r"^[.!?…]+$")
ENDS_SENTENCE = re.compile(r"[.!?…]['’\"”]?$")
CLAUSE_STOP = {":", ";"}
DASHES = {"-", "–", "—"}


@dataclass
class QuoteMarks:
    pairs: list[tuple[str, tuple[str, ...]]]
    symmetric: set
    single: set
    elisions: tuple[str, ...]

    @classmethod
    def load(cls, path) -> "QuoteMarks":
        data = json.loads(open(path, encoding="utf8").read())
        pairs = [(p["open"], tuple(sorted(p["close"], key=len, reverse=True))) for p in data["pairs"]]
        pairs.sort(key=lambda p: len(p[0]), reverse=True)
        return cls(pairs, set(data["symmetric"]), set(data["single"]), tuple(data["elisions"]))

    @cached_property
    def opener_re(self) -> re.Pattern:
        """Any opening mark: lets the scan jump from mark to mark instead of testing every character."""
        return re.compile("|".join(re.escape(o) for o, _ in self.pairs))

    def closer_re(self, closers: tuple[str, ...]) -> re.Pattern:
        pats = self.__dict__.setdefault("_closer_res", {})
        if closers not in pats:
            pats[closers] = re.compile("|".join(re.escape(c) for c in closers))
        return pats[closers]


@dataclass
class Marked:
    """One quotation: marks at ``[open_start, inner_start)`` and ``[inner_end', close_end)``."""

    open_start: int
    inner_start: int
    inner_end: int  # end of quoted words (marks and trailing commas stripped)
    close_start: int
    close_end: int
    closed: bool
    single: bool


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def find_quotations(text: str, marks: QuoteMarks) -> list[Marked]:
    """Quotations in ``text`` by their marks; a quotation never crosses a line break.

    An opening mark that is never closed before the end of its paragraph still
    opens a quotation when it starts the paragraph (news style for quotes that
    run over several paragraphs).
    """
    out: list[Marked] = []
    n = len(text)
    i = 0
    while i < n:
        m = marks.opener_re.search(text, i)  # jump to the next opening mark
        if m is None:
            break
        i = m.start()
        hit = None
        for opener, closers in marks.pairs:
            if text.startswith(opener, i):
                hit = (opener, closers)
                break
        if hit is None:
            i += 1
            continue
        opener, closers = hit
        j = i + len(opener)
        prev = text[i - 1] if i > 0 else "\n"
        nxt = text[j] if j < n else "\n"
        ok = not nxt.isspace()
        if opener in marks.symmetric:
            ok = ok and (prev.isspace() or prev in "([{:—–-/" or i == 0)
            if any(text.startswith(e, i) and (i + len(e) >= n or not _is_word(text[i + len(e)])) for e in marks.elisions):
                ok = False
        if not ok:
            i = j
            continue
        line_end = text.find("\n", j)
        line_end = n if line_end < 0 else line_end
        close = None
        closer_re = marks.closer_re(closers)
        k = j
        while k < line_end:
            m = closer_re.search(text, k, line_end)  # jump to the next candidate closing mark
            if m is None:
                break
            k = m.start()
            for c in closers:
                if text.startswith(c, k):
                    after = text[k + len(c)] if k + len(c) < n else " "
                    before = text[k - 1]
                    valid = True
                    if c in marks.symmetric or c in marks.single:
                        valid = not before.isspace() and not _is_word(after)
                        if c in ("'", "’") and _is_word(before) and _is_word(after):
                            valid = False
                    if valid and k > j:
                        close = (k, c)
                        break
            if close:
                break
            k += 1
        single = opener in marks.single
        if close is not None:
            cs, c = close
            out.append(_marked(text, i, j, cs, cs + len(c), True, single))
            i = cs + len(c)
            continue
        line_start = text.rfind("\n", 0, i) + 1
        if not single and not text[line_start:i].strip() and line_end - j > 20:
            out.append(_marked(text, i, j, line_end, line_end, False, single))
            i = line_end
            continue
        i = j
    return out


def _marked(text: str, open_start: int, inner_start: int, close_start: int, close_end: int, closed: bool, single: bool) -> Marked:
    s, e = inner_start, close_start
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;"):
        e -= 1
    return Marked(open_start, s, e, close_start, close_end, closed, single)
