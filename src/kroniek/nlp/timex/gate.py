"""First-character gate: the text offsets where some rule can begin, so each rule is tried only there.

An optimisation only (``tests/test_timex.py`` checks it finds what scanning every rule finds).
"""
from __future__ import annotations

import re
from functools import cached_property, lru_cache
from typing import Optional

try:  # the regex parser of CPython's ``re`` (3.11+), used to find the rules' first characters
    import re._constants as _sre
    from re._parser import parse as _sre_parse
except ImportError:  # pragma: no cover - other Pythons: the gate is off, every rule scans the text
    _sre = _sre_parse = None

from .run import Rule

_LEADING_LOOKBEHIND = re.compile(r"^\(\?<!\[[^\]]*\]\)")
_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


def _first_chars(items) -> tuple[Optional[set[str]], bool]:
    """Characters a match of parsed regex ``items`` can start with (None: any), and whether
    it can be empty. Covers what the rules use: literals, classes, groups, alternation,
    repeats and zero-width assertions."""
    out: set[str] = set()
    for op, av in items:
        if op is _sre.LITERAL:
            first, nullable = {chr(av)}, False
        elif op is _sre.IN:
            first, nullable = set(), False
            for o, a in av:
                if o is _sre.LITERAL:
                    first.add(chr(a))
                elif o is _sre.RANGE and a[1] - a[0] <= 300:
                    first |= {chr(x) for x in range(a[0], a[1] + 1)}
                elif o is _sre.CATEGORY and a is _sre.CATEGORY_DIGIT:
                    first |= set("0123456789")  # other Unicode digits are non-ASCII: see _Gate
                else:
                    return None, False
        elif op is _sre.BRANCH:
            first, nullable = set(), False
            for branch in av[1]:
                f, n = _first_chars(branch)
                if f is None:
                    return None, False
                first, nullable = first | f, nullable or n
        elif op is _sre.SUBPATTERN:
            first, nullable = _first_chars(av[-1])
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
            first, nullable = _first_chars(av[2])
            nullable = nullable or av[0] == 0
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT):
            first, nullable = set(), True
        else:
            return None, False
        if first is None:
            return None, False
        out |= first
        if not nullable:
            return out, False
    return out, True


_ASCII = tuple(chr(x) for x in range(128))
_CATEGORY_PATTERN = {} if _sre is None else {
    _sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_NOT_DIGIT: r"\D", _sre.CATEGORY_SPACE: r"\s",
    _sre.CATEGORY_NOT_SPACE: r"\S", _sre.CATEGORY_WORD: r"\w", _sre.CATEGORY_NOT_WORD: r"\W",
}


# Beginnings are compared in a coarser alphabet: lower case, every digit as "0", every ASCII
# space as " ". A text and a pattern character that match still match after it, so the
# comparison only admits more; "\d\d\d\d" is then one beginning instead of ten thousand.
_CANON = str.maketrans({**{d: "0" for d in "0123456789"}, **{w: " " for w in "\t\n\v\f\r\x1c\x1d\x1e\x1f"}})


def _canon(chars) -> frozenset[str]:
    return frozenset(c.lower().translate(_CANON) for c in chars)


@lru_cache(maxsize=None)
def _ascii_admitted(pattern: str, flags: int) -> frozenset[str]:
    """ASCII characters that the one-character ``pattern`` matches under ``flags`` (asked of
    ``re`` itself, so its case folding and class definitions hold exactly)."""
    rx = re.compile(pattern, flags)
    return frozenset(c for c in _ASCII if rx.fullmatch(c))


def _class_chars(av, flags: int) -> Optional[frozenset[str]]:
    """The ASCII characters a parsed character class admits (None: a part it cannot list)."""
    chars: set[str] = set()
    negate = False
    for o, a in av:
        if o is _sre.NEGATE:
            negate = True
        elif o is _sre.LITERAL:
            chars |= _ascii_admitted(re.escape(chr(a)), flags)
        elif o is _sre.RANGE:
            chars |= _ascii_admitted(f"[{re.escape(chr(a[0]))}-{re.escape(chr(a[1]))}]", flags)
        elif o is _sre.CATEGORY and a in _CATEGORY_PATTERN:
            chars |= _ascii_admitted(_CATEGORY_PATTERN[a], flags)
        else:
            return None
    if negate:  # an ASCII character folds only to ASCII characters, so the complement is exact
        return _canon(_ascii_admitted(".", flags | re.S) - chars)
    return _canon(chars)


def _prefixes(items, k: int, flags: int, start=frozenset({("", False)})) -> set[tuple[str, bool]]:
    """ASCII strings of at most ``k`` characters (in the coarse alphabet of ``_CANON``) that a
    match of the parsed regex ``items`` can begin with, each flagged when what follows it is
    not listed.

    A string shorter than ``k`` means "then anything" (the match may end there, or the
    pattern goes on in a way not listed), so the set over-approximates: testing a text's
    first ``k`` characters against it never drops a real match. Only ASCII texts are tested
    (see ``_Gate``), so pattern characters that match no ASCII character drop their path.
    """
    cur = set(start)
    for op, av in items:
        if all(done or len(s) >= k for s, done in cur):
            break
        nxt: set[tuple[str, bool]] = set()
        by_room: dict[int, set[tuple[str, bool]]] = {}  # the item's beginnings, per room left
        for s, done in cur:
            if done or len(s) >= k:
                nxt.add((s, done))
                continue
            room = k - len(s)
            if room not in by_room:
                by_room[room] = _item_prefixes(op, av, room, flags)
            nxt |= {(s + t, d) for t, d in by_room[room]}
        cur = nxt
        if len(cur) > 20_000:  # too many to list: keep all but the last character, then anything
            cur = {(s[:-1], True) for s, _ in cur}
    return cur


def _item_prefixes(op, av, r: int, flags: int) -> set[tuple[str, bool]]:
    if op is _sre.LITERAL:
        return {(c, False) for c in _canon(_ascii_admitted(re.escape(chr(av)), flags))}
    if op is _sre.NOT_LITERAL:
        return {(c, False) for c in _canon(_ascii_admitted(f"[^{re.escape(chr(av))}]", flags))}
    if op is _sre.ANY:
        return {(c, False) for c in _canon(_ascii_admitted(".", flags))}
    if op is _sre.IN:
        chars = _class_chars(av, flags)
        return {(c, False) for c in chars} if chars is not None else {("", True)}
    if op is _sre.BRANCH:
        out: set[tuple[str, bool]] = set()
        for branch in av[1]:
            out |= _prefixes(branch, r, flags)
        return out
    if op is _sre.SUBPATTERN:
        return _prefixes(av[-1], r, flags)
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
        lo, hi, sub = av
        out = set()
        cur = {("", False)}
        for i in range(r + 1):
            if i >= lo:
                out |= cur
            if i >= hi:
                return out
            grown = _prefixes(sub, r, flags, cur)
            if grown == cur:  # the repeated part matched nothing more
                return out | cur
            cur = grown
        return out | {(s, True) for s, _ in cur}
    if op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT):
        return {("", False)}  # zero-width: ignoring its condition only admits more
    return {("", True)}


class _Gate:
    """Finds every offset where some rule can start a match, cheaply.

    Scanning each rule regex over the whole text costs a pass per rule (their leading
    look-behind defeats ``re``'s first-character skipping). The gate instead visits the
    offsets that follow no word character and start with a character some rule can begin
    with. There it reads the next ``PREFIX`` characters and tries only the rules whose
    possible beginnings (``_prefixes``) admit them, each with its own compiled regex (a union
    per set of rules would have to be compiled on first sight, which cost more than a short
    run's matching), so the common word "de" tries only the rules that can begin "de" plus
    its next characters. Texts with non-ASCII characters there, and the end of the text,
    fall back to the rules that can begin with the first character (all rules for a
    non-ASCII one). ``rule.regex.match`` at the offsets found gives exactly the matches
    of ``finditer``: every rule's look-behind excludes a preceding word character.
    """

    PREFIX = 4
    _MEMO_MAX = 200_000

    def __init__(self, rules: list[Rule]) -> None:
        flags = rules[0].regex.flags
        self.flags = flags
        self.bodies = [_NAMED_GROUP.sub("(?:", _LEADING_LOOKBEHIND.sub("", r.regex.pattern, count=1)) for r in rules]
        firsts = []
        for r in rules:
            f, nullable = _first_chars(_sre_parse(r.regex.pattern, r.regex.flags))
            firsts.append(None if f is None or nullable else {c.lower() for c in f})
        # first character -> the rules that can begin with it (their own regexes: nothing to compile)
        self.by_char: Optional[dict[str, tuple[re.Pattern, ...]]] = None
        if all(f is not None for f in firsts):
            chars = sorted({c for f in firsts for c in f if c.isascii()})
            self.by_char = {c: tuple(r.regex for r, f in zip(rules, firsts) if c in f) for c in chars}
            self.finder = re.compile(r"(?<!\w)(?:[" + re.escape("".join(chars)) + r"]|[^\x00-\x7f])", flags)
        # beginning (in the alphabet of ``_CANON``) -> bit mask of the rules that can begin so
        self.beginnings: dict[str, int] = {}
        for i, r in enumerate(rules):
            for b, _ in _prefixes(_sre_parse(r.regex.pattern, flags), self.PREFIX, flags):
                self.beginnings[b] = self.beginnings.get(b, 0) | (1 << i)
        self.rules = rules
        self._by_key: dict[str, tuple[re.Pattern, ...]] = {}
        self._by_rules: dict[int, tuple[re.Pattern, ...]] = {}

    def _for_key(self, key: str) -> tuple[re.Pattern, ...]:
        """The regexes to try where the text begins with ``key``: each rule that can begin so,
        or (a short or non-ASCII ``key``) each rule that can begin with its first character."""
        if len(key) < self.PREFIX or not key.isascii():
            c = key[0]
            return self.by_char.get(c.lower(), ()) if c.isascii() else tuple(r.regex for r in self.rules)
        low, get = key.lower().translate(_CANON), self.beginnings.get
        admitted = 0
        for n in range(self.PREFIX + 1):
            admitted |= get(low[:n], 0)
        if admitted not in self._by_rules:
            self._by_rules[admitted] = tuple(r.regex for i, r in enumerate(self.rules) if admitted >> i & 1)
        return self._by_rules[admitted]

    @cached_property
    def any_rule(self) -> re.Pattern:
        """Every rule's body (its leading look-behind dropped) as one regex."""
        return re.compile("|".join(f"(?:{b})" for b in self.bodies), self.flags)

    def starts(self, text: str) -> list[int]:
        if self.by_char is None:
            return [m.start() for m in re.finditer(r"(?<!\w)", text) if self.any_rule.match(text, m.start())]
        out = []
        by_key, k = self._by_key, self.PREFIX
        if len(by_key) > self._MEMO_MAX:
            by_key.clear()
        for m in self.finder.finditer(text):
            p = m.start()
            key = text[p : p + k]
            try:
                tries = by_key[key]
            except KeyError:
                tries = by_key[key] = self._for_key(key)
            for rx in tries:
                if rx.match(text, p):
                    out.append(p)
                    break
        return out


def build_gate(rules: list[Rule]) -> Optional[_Gate]:
    """The start-offset finder for ``rules`` (None when they do not share one flag set)."""
    if _sre is None or len({r.regex.flags for r in rules}) != 1:
        return None
    return _Gate(rules)


def _rule_matches(rule: Rule, text: str, starts: Optional[list[int]]):
    """``rule.regex.finditer(text)``, tried only at the gate's ``starts`` when given."""
    if starts is None:
        yield from rule.regex.finditer(text)
        return
    resume = 0
    for p in starts:
        if p < resume:
            continue
        m = rule.regex.match(text, p)
        if m:
            yield m
            resume = m.end() if m.end() > p else p + 1

