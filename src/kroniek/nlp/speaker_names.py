"""The written form of a speaker's name: the person's full name as the article gives it.

A speaker phrase and the actor behind it often carry more or less than the
name: a title chain in front (*Ohio Gov. John Kasich*, *former Obama Education
Secretary Arne Duncan*, *Pope Francis*), a place after it (*Marco Rubio of
Florida*), half of a hyphenated name (*Cantera* for *Lopez-Cantera*, *Marie
Slaughter* for *Anne-Marie Slaughter*: the tokenizer splits at hyphens), or the
surname alone (*Fiorina*, written *Carly Fiorina* once). :class:`NameForms`
turns such a form into the full name the article writes, from the article's own
text; which words are titles or end a name is data (``titles.tsv``,
``speaker_cues.tsv``: ``title``, ``address``, ``name_end``).

A bare surname shared by several people of the article (*Sanders*: Bernie and
Jane) is the one the article names most often in full: news copy writes the
surname alone for its main person and distinguishes the other one
(*Jane Sanders*, *Mrs. Sanders*).
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, Optional

from spacy.tokens import Doc

_WORD = r"[A-Z][\w’']*(?:-[A-Z][\w’']*)?"
NOT_NAMES = {"ADP", "DET", "CCONJ", "SCONJ", "ADV", "PRON", "VERB", "AUX", "PART", "ADJ", "NUM", "PUNCT", "SYM"}
_INITIAL = re.compile(r"[A-Z]\.?")


class NameForms:
    """Full names of one article's speakers, read from its text."""

    def __init__(self, text: str, titles: frozenset, multi_titles: Iterable[tuple[str, ...]] = (), name_ends: frozenset = frozenset(),
                 doc: Optional[Doc] = None):
        self.text = text
        self.doc = doc  # when given, a given name must be a proper noun or part of a person's name there
        self.titles = titles  # one-word titles and forms of address, lower case
        self.multi_titles = sorted({t for t in multi_titles if len(t) > 1}, key=len, reverse=True)  # ("chief", "of", "staff")
        self.name_ends = name_ends  # words after which a person's name has ended: "of" (Marco Rubio of Florida)
        self._firsts: dict[str, Counter] = {}

    # -- titles --------------------------------------------------------------
    def is_title(self, w: str) -> bool:
        low = w.lower()
        # an abbreviated title (*Gov.*, *Sen.*), not initials (*H.T.*)
        return low in self.titles or low.rstrip(".") in self.titles or (
            w.endswith(".") and 3 <= len(w) <= 5 and w[0].isupper() and any(c.islower() for c in w))

    def untitled(self, name: str) -> str:
        """``name`` without the title chain in front of it: *Ohio Gov. John Kasich* -> *John Kasich*, *Chief of Staff
        Denis McDonough* -> *Denis McDonough*, *Actor Clint Howard* -> *Clint Howard*."""
        words = name.split()
        low = [w.lower().rstrip(".") for w in words]
        cut = 0
        for k, w in enumerate(words[:-1]):
            if self.is_title(w):
                cut = k + 1
            for t in self.multi_titles:
                n = len(t)
                if k + n < len(words) and tuple(low[k:k + n]) == t:
                    cut = max(cut, k + n)
        return " ".join(words[cut:]) if cut else name

    def _cut_end(self, name: str) -> str:
        """*Marco Rubio of Florida* -> *Marco Rubio*; *Chuck Todd of* -> *Chuck Todd*."""
        words = name.split()
        for k in range(1, len(words)):
            if words[k].lower() in self.name_ends:
                return " ".join(words[:k])
        return name

    # -- from the text -------------------------------------------------------
    def _hyphenated(self, name: str) -> str:
        """The name with the hyphenated parts the article writes it with (*Cantera* -> *Lopez-Cantera*)."""
        body = r"\s+".join(re.escape(w) for w in name.split())
        forms = Counter()
        for m in re.finditer(r"(?<![\w’'-])((?:[A-Z][\w’']*-)?)" + body + r"((?:-[A-Z][\w’']*)?)(?![\w’'-])", self.text):
            forms[(m.group(1), m.group(2))] += 1
        grown = [(c, f) for f, c in forms.items() if f != ("", "")]
        if not grown:
            return name
        (pre, post) = max(grown)[1]
        words = name.split()
        words[0] = pre + words[0]
        words[-1] = words[-1] + post
        return " ".join(words)

    def _first_names(self, surname: str) -> Counter:
        """Given names written right before ``surname`` (a middle initial may stand between), counted."""
        if surname not in self._firsts:
            firsts = Counter()
            for m in re.finditer(r"(?<![\w’'-])(" + _WORD + r")\s+(?:[A-Z]\.\s+)?" + re.escape(surname) + r"(?![\w-])", self.text):
                first = m.group(1)
                if self.is_title(first) or _INITIAL.fullmatch(first) or first.isupper() or not self._proper(m.start(1)):
                    continue
                # a capitalised common word before the name ("If Clinton", "Celebrating Clinton") is written in lower case elsewhere
                if re.search(r"(?<![\w’'-])" + re.escape(first.lower()) + r"(?![\w’'-])", self.text):
                    continue
                firsts[first] += 1
            self._firsts[surname] = firsts
        return self._firsts[surname]

    def _proper(self, char: int) -> bool:
        if self.doc is None:
            return True
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        # not a function word, verb or adjective capitalised at a sentence start (*But*, *Volgens*, *Celebrating*, *Franse*)
        return span is not None and (span[0].ent_type_ == "PER" or span[0].pos_ not in NOT_NAMES)

    def prominent(self, surname: str, exclude_first: Optional[str] = None) -> Optional[str]:
        """The full name the article gives ``surname`` most often (first written wins a tie)."""
        firsts = self._first_names(surname)
        if not firsts:
            return None
        order = {f: self.text.find(f"{f} ") for f in firsts}
        best = max(firsts, key=lambda f: (firsts[f], -order[f]))
        return f"{best} {surname}"

    def full(self, name: Optional[str], bare_surname: bool = False) -> Optional[str]:
        """The full written name of a person speaker ``name``; ``bare_surname``: the mention was the surname alone,
        so a person of the article sharing it with the named one is chosen by prominence."""
        if not name:
            return name
        words = name.replace("\xa0", " ").split()
        if not words:
            return name
        while len(words) > 1 and words[-1][:1].islower():
            words = words[:-1]  # a verb the name tagger took along (*Paul suggested*)
        name = self.untitled(self._cut_end(" ".join(words)))
        name = self._hyphenated(name)
        words = name.split()
        if len(words) == 1:
            return self.prominent(words[0]) or name
        if bare_surname and len(words) == 2 and self._first_names(words[-1]):
            firsts = self._first_names(words[-1])
            if len(firsts) > 1:
                return self.prominent(words[-1]) or name
        return name
