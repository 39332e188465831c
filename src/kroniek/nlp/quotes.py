"""Quotes and speakers: who said what, in direct, partial and indirect speech.

Quotation marks are found on the characters, not on tokens or parser
sentences: news copy mixes „…”, ,,…'', “…”, "…", '…' and ‘…’, apostrophes
look like single quotes (*zo'n*, *'s avonds*, *Trump's*), and early parser
checkpoints split sentences inside quotations. A quotation that stands on its
own (sentence start or after a colon) is ``direct``; a fragment inside a
sentence with a speech cue is ``partial``; other short fragments are scare
quotes and are dropped.

Indirect speech is found with word-order rules over a lexicon of Dutch speech
verbs (``data/<lang>/speech_verbs.tsv``): verb + *dat*/*of*-clause, verb +
*te*-infinitive, a fronted clause + inverted verb (*..., vindt D66*),
*volgens X*, *aldus X*, speech nouns (*Mays belofte dat ...*) and an
unquoted statement followed by *Dat zei X*.

Speakers come from the same rules (subject of the speech verb, the phrase
after *volgens*/*aldus*, the subject of a clause ending in a colon, *Dat zei
X* in the next sentence, the speaker of the previous quotation for a
continued quote) and are resolved to actors in :mod:`kroniek.nlp.speakers`:
a pronoun by salience (the last person named as subject), an indefinite
description (*een woordvoerder*) to no one, a document (*de brief*) to its
author, *de partij* to the last party named.
"""
from __future__ import annotations

import csv
import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional

from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LOWER, ORTH
from spacy.language import Language
from spacy.tokens import Doc

from ..document import Quote
from ..lang import get_pack
from . import extensions
from .extensions import doc_text, sentence_index
from .speakers import (
    FallbackResolver, Mention, NounPhrases, Salience, Speaker, SpeakerCues, actor_by_word, document_author, group_antecedent, resolve,
)

END_PUNCT = re.compile(r"^[.!?…]+$")
ENDS_SENTENCE = re.compile(r"[.!?…]['’\"”]?$")
CLAUSE_STOP = {":", ";"}
DASHES = {"-", "–", "—"}


# --------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class Cue:
    lemma: str
    kind: str
    complements: frozenset
    particle: tuple[str, ...]

    def needs_particle(self, form: str) -> bool:
        return bool(self.particle) and not form.startswith(self.particle[0])


@dataclass
class Lexicon:
    """Speech cues and the function words the rules need, from ``speech_verbs.tsv``."""

    forms: dict[str, list[Cue]] = field(default_factory=dict)
    phrases: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    not_source: set = field(default_factory=set)
    function: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path) -> "Lexicon":
        lex = cls()
        with open(path, encoding="utf8") as f:
            rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
            for r in rows:
                kind = r["kind"]
                comps = frozenset(c for c in r["complements"].split("|") if c and c != "-")
                forms = [x.strip().lower() for x in r["forms"].split(",") if x.strip()]
                if kind in ("verb", "noun"):
                    particle = tuple(r["particle"].split()) if r["particle"] not in ("", "-") else ()
                    cue = Cue(r["lemma"], kind, comps, particle)
                    for form in forms:
                        lex.forms.setdefault(form, []).append(cue)
                elif kind in ("source_before", "source_after", "own", "anonymous"):
                    lex.phrases.setdefault(kind, []).append(tuple(r["lemma"].lower().split()))
                elif kind == "not_source":
                    lex.not_source.add(r["lemma"].lower())
                else:
                    role = r["complements"]
                    for form in forms:
                        lex.function.setdefault(kind, {})[form] = role
        return lex

    def role(self, kind: str, word: str) -> Optional[str]:
        return self.function.get(kind, {}).get(word.lower())


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


# --------------------------------------------------------------------------
# the component
# --------------------------------------------------------------------------
# `nlp` unannotated: spaCy 3.8.7's config resolver cannot resolve postponed annotations of it
@Language.factory("kroniek_quotes", default_config={"lang": "nl"})
def make_quotes(nlp, name: str, lang: str) -> "QuoteFinder":
    return QuoteFinder(nlp, name, lang)


class QuoteFinder:
    def __init__(self, nlp: Language, name: str, lang: str = "nl"):
        extensions.register()
        pack = get_pack(lang)
        self.name = name
        self.lex = Lexicon.load(pack.data("speech_verbs.tsv"))
        self.marks = QuoteMarks.load(pack.data("quote_marks.json"))
        self.cues = SpeakerCues.load(pack.data("speaker_cues.tsv"), pack.data("coref.tsv"))

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = _DocQuotes(doc, self.lex, self.marks, self.cues).run()
        return doc


@dataclass
class _Found:
    start: int
    end: int
    kind: str
    cue: Optional[str]
    speaker: Optional[Speaker]
    confidence: float
    reason: str


class _DocQuotes:
    """All per-document state of one run (the component itself keeps none)."""

    def __init__(self, doc: Doc, lex: Lexicon, marks: QuoteMarks, cues: SpeakerCues):
        self.doc = doc
        self.cues = cues
        self.text = doc_text(doc)
        self.lex = lex
        self.quots = find_quotations(doc_text(doc), marks)
        # token attributes as plain lists: the scans below read every token, and building
        # spaCy Token objects for that costs more than the rules themselves
        strings = doc.vocab.strings
        cols = doc.to_array([IDX, ORTH, LOWER, IS_SPACE, IS_PUNCT]).T.tolist() if len(doc) else [[]] * 5
        self.tok_starts = cols[0]
        self.texts = [strings[x] for x in cols[1]]
        self.lowers = [strings[x] for x in cols[2]]
        self.spaces = [bool(x) for x in cols[3]]
        self.puncts = [bool(x) for x in cols[4]]
        # token -> quotation index for tokens inside marks (marks included)
        self.tok_q: list[Optional[int]] = [None] * len(doc)
        self.q_tokens: list[tuple[int, int]] = []
        for qi, q in enumerate(self.quots):
            a = self._tok_at(q.open_start)
            b = self._tok_at(max(q.open_start, q.close_end - 1)) + 1
            self.q_tokens.append((a, b))
            for t in range(a, b):
                self.tok_q[t] = qi
        self.np = NounPhrases(doc, self._pronoun_role, self._blocked)
        self.fallback = FallbackResolver(doc, self._blocked)
        self.units = self._units()
        self.tok_unit = [0] * len(doc)
        for ui, (a, b) in enumerate(self.units):
            for t in range(a, b):
                self.tok_unit[t] = ui
        source_words = frozenset(p[0] for p in lex.phrases.get("source_before", []) if len(p) == 1)
        self.salience = Salience(doc, self._blocked, self.units, self.tok_unit, cues, self._pronoun_role, source_words)
        self.found: list[_Found] = []
        self.q_speaker: dict[int, Optional[Speaker]] = {}

    # -- helpers ------------------------------------------------------------
    def _tok_at(self, char: int) -> int:
        return max(0, bisect_right(self.tok_starts, char) - 1)

    def _blocked(self, i: int) -> bool:
        return self.tok_q[i] is not None

    def _pronoun_role(self, word: str) -> Optional[str]:
        return self.lex.role("pronoun", word)

    def _units(self) -> list[tuple[int, int]]:
        """Sentences by punctuation and line breaks, never breaking inside a quotation."""
        texts, spaces, tok_q = self.texts, self.spaces, self.tok_q
        units, start = [], 0
        n = len(texts)

        def next_starts_sentence(j: int) -> bool:
            while j < n and spaces[j]:
                if "\n" in texts[j]:
                    return True
                j += 1
            if j >= n:
                return True
            w = texts[j]
            return w[:1].isupper() or w[:1].isdigit() or (tok_q[j] is not None and self.quots[tok_q[j]].open_start == self.tok_starts[j])

        for i in range(n):
            brk = False
            if spaces[i] and "\n" in texts[i]:
                brk = True
            elif tok_q[i] is None and END_PUNCT.match(texts[i]):
                brk = next_starts_sentence(i + 1)
            elif tok_q[i] is not None:
                q = self.quots[tok_q[i]]
                last = self.q_tokens[tok_q[i]][1] - 1
                if i == last and (ENDS_SENTENCE.search(self.text[q.inner_start : q.close_start].rstrip()) or not q.closed):
                    brk = next_starts_sentence(i + 1)
            if brk:
                if i + 1 > start:
                    units.append((start, i + 1))
                start = i + 1
        if start < n:
            units.append((start, n))
        # drop whitespace-only units
        return [(a, b) for a, b in units if not all(spaces[a:b])]

    def _verb_cue(self, i: int, lo: int, hi: int) -> Optional[Cue]:
        """Speech cue (verb or noun) at token ``i`` of the clause ``[lo, hi)``."""
        doc = self.doc
        t = doc[i]
        cues = self.lex.forms.get(t.lower_)
        if not cues or self._blocked(i):
            return None
        prev = doc[i - 1] if i > lo else None
        for cue in cues:
            if cue.kind == "verb":
                if prev is not None and prev.pos_ == "DET" and prev.lower_ not in ("dat", "dit"):
                    continue  # "de eis", "een tweet"
                if t.pos_ in ("NOUN", "ADP", "DET", "PROPN") and t.lower_ not in ("zei", "zegt"):
                    if not (prev is not None and prev.pos_ in ("PRON", "PROPN")):
                        continue
            if cue.needs_particle(t.lower_) and not self._has_seq(cue.particle, lo, hi):
                continue
            return cue
        return None

    def _has_seq(self, seq: tuple[str, ...], lo: int, hi: int) -> bool:
        doc = self.doc
        for k in range(lo, hi - len(seq) + 1):
            if all(doc[k + m].lower_ == seq[m] and not self._blocked(k + m) for m in range(len(seq))):
                return True
        return False

    def _speaker(self, m: Optional[Mention], verb: Optional[int] = None, intro: Optional[tuple[int, int]] = None) -> Optional[Speaker]:
        """Speaker of mention ``m`` (subject of ``verb``); ``intro``: the clause before a colon that
        introduced the quotation, whose person a pronoun after the quote refers to."""
        if m is None:
            return None
        doc = self.doc
        if m.kind == "anonymous":
            return Speaker(None, None, None, None, "anonymous")
        if m.kind == "pronoun":
            role = self._pronoun_role(doc[m.start].lower_)
            if verb is None and m.start + 1 < len(doc):  # "Ze leiden ...": the verb next to the pronoun
                verb = m.start + 1 if doc[m.start + 1].pos_ in ("VERB", "AUX") else doc[m.start].head.i
            if role == "3amb" and verb is not None and "Plur" in doc[verb].morph.get("Number"):
                return Speaker(None, None, *m.chars(doc), "group")
            return self._pronoun_speaker(m, intro)
        if m.kind == "description":
            got = document_author(doc, m, self.cues, self.np, self.tok_unit)
            if got is not None:
                return got
        if self._unnamed(m, verb):
            return Speaker(None, None, *m.chars(doc), f"unnamed: '{doc[m.start:m.end].text}'")
        spk = resolve(doc, m, self.fallback)
        if spk.name is None and m.kind == "description":
            return group_antecedent(doc, m, self.cues, self._blocked) or spk
        return spk

    def _unnamed(self, m: Mention, verb: Optional[int] = None) -> bool:
        """An indefinite description names no one: *een woordvoerder*, *veel Conservatieven*,
        *tegenstanders van X* (a bare plural noun)."""
        doc = self.doc
        first = doc[m.start]
        if m.kind == "name" and any(doc[k].ent_type_ == "PER" for k in range(m.head_start, m.head_end)):
            return False  # "zei een boze Trump"
        if first.lower_ in self.cues.indefinite or (m.start > 0 and doc[m.start - 1].lower_ in self.cues.indefinite and not self._blocked(m.start - 1)):
            return True
        if m.kind != "description" or first.pos_ != "NOUN" or "Plur" not in first.morph.get("Number"):
            return False
        if verb is not None and "Sing" in doc[verb].morph.get("Number"):
            return False  # "Janssen noemt": a surname the tagger took for a plural
        # a bare plural (*tegenstanders van X*, sentence-initial *Betrokkenen*), not a surname the tagger took for one
        sentence_initial = m.start == 0 or self.tok_unit[m.start] != self.tok_unit[m.start - 1]
        return first.text[:1].islower() or (sentence_initial and actor_by_word(doc, first.text) is None)

    def _pronoun_speaker(self, m: Mention, intro: Optional[tuple[int, int]]) -> Optional[Speaker]:
        doc = self.doc
        ps, pe = m.chars(doc)
        gender = self.cues.pronoun_gender.get(doc[m.start].lower_, "")
        found, how = None, ""
        if intro is not None:
            c, _ = self.salience.in_range(intro[0], intro[1], gender)
            if c is not None:
                found, how = c[0], "the person of the clause introducing the quotation"
        if found is None:
            kind, span = self.salience.antecedent(m.start, gender)
            if kind == "unnamed":
                return Speaker(None, None, ps, pe, f"pronoun '{doc[m.start].text}' -> unnamed '{doc[span[0]].text}'")
            if span is not None:
                found, how = span, "the most recent person in subject position"
        if found is None:
            return resolve(doc, m, self.fallback)
        spk = resolve(doc, Mention(found[0], found[1], found[0], found[1], "name"), self.fallback)
        return Speaker(spk.name, spk.actor, ps, pe, f"pronoun '{doc[m.start].text}' -> '{doc[found[0]:found[1]].text}', {how}")

    def _clause_end(self, k: int, hi: int) -> int:
        """First token at or after ``k`` that ends the reported clause."""
        doc = self.doc
        while k < hi:
            t = doc[k]
            if self._blocked(k) or t.text in CLAUSE_STOP or (t.is_space and "\n" in t.text):
                break
            k += 1
        while k > 0 and (doc[k - 1].is_punct or doc[k - 1].is_space) and doc[k - 1].text not in ")":
            k -= 1
        return k

    def _quote_in_clause(self, k: int, hi: int) -> bool:
        """A quotation opens inside the clause starting at ``k`` (not after a colon):
        the quoted words are a partial quote of the same statement."""
        doc = self.doc
        while k < hi:
            t = doc[k]
            if t.text in CLAUSE_STOP or (t.is_space and "\n" in t.text):
                return False
            if self._blocked(k):
                return True
            k += 1
        return False

    def _add(self, a: int, b: int, kind: str, cue: Optional[str], spk: Optional[Speaker], conf: float, reason: str) -> None:
        if b <= a:
            return
        start, end = self.doc[a].idx, self.doc[b - 1].idx + len(self.doc[b - 1])
        self.found.append(_Found(start, end, kind, cue, spk, conf, reason))

    # -- run ----------------------------------------------------------------
    def run(self) -> list[Quote]:
        self._indirect()
        self._quotations()
        return self._records()

    # -- indirect speech ----------------------------------------------------
    def _indirect(self) -> None:
        doc = self.doc
        self.covered_units: set = set()
        for ui, (lo, hi) in enumerate(self.units):
            if any(self._blocked(k) for k in range(lo, hi)) and all(self._blocked(k) or self.puncts[k] or self.spaces[k] for k in range(lo, hi)):
                continue
            self._volgens(ui, lo, hi)
            fronted = self._fronted(ui, lo, hi)
            lowers, forms = self.lowers, self.lex.forms
            for i in range(lo if fronted is None else fronted, hi):
                if lowers[i] not in forms:
                    continue  # no cue word: what _verb_cue would say, without building the token
                cue = self._verb_cue(i, lo, hi)
                if cue is not None and cue.complements and not self._negated(i, lo):
                    self._complement(ui, i, cue, lo, hi)
        self._dat_zei()

    def _complement(self, ui: int, i: int, cue: Cue, lo: int, hi: int) -> bool:
        """Verb/noun + dat-clause or te-infinitive."""
        doc = self.doc
        comps = self.lex.function.get("complementizer", {})
        limit = min(hi, i + 12)
        j = i + 1
        while j < limit:
            t = doc[j]
            if self._blocked(j) or t.text in CLAUSE_STOP or END_PUNCT.match(t.text):
                break
            role = comps.get(t.lower_)
            if role and role in cue.complements:
                prev = doc[j - 1]
                if role == "dat" and prev.pos_ == "NOUN" and t.pos_ != "SCONJ" and j - 1 != i:
                    j += 1
                    continue
                if cue.kind == "noun" and j != i + 1:
                    break
                end = self._clause_end(j + 1, hi)
                if end - (j + 1) < 2 or self._quote_in_clause(j + 1, hi):
                    return False
                spk = self._noun_owner(i, lo) if cue.kind == "noun" else self._speaker(self.np.subject(i, lo, j), i)
                if cue.kind == "noun" and spk is None:
                    return False
                self._add(j + 1, end, "indirect", f"{doc[i].text} {t.text}", spk, 0.75, f"speech {cue.kind} '{doc[i].text}' + {t.lower_}-clause")
                self.covered_units.add(ui)
                return True
            if cue.kind == "noun":
                break
            j += 1
        if "te" not in cue.complements:
            return False
        markers = self.lex.function.get("infinitive_marker", {})
        j = i + 1
        limit = min(hi, i + 25)
        while j < limit - 1:
            t = doc[j]
            if self._blocked(j) or t.text in CLAUSE_STOP or END_PUNCT.match(t.text) or comps.get(t.lower_) == "dat":
                return False
            if markers.get(t.lower_) == "te" and doc[j + 1].pos_ in ("VERB", "AUX") and not self._blocked(j + 1):
                subj = self.np.subject(i, lo, j)
                start = i + 1
                if subj is not None and subj.start > i:
                    start = subj.end
                while start < j and (doc[start].lower_ in cue.particle or doc[start].is_punct):
                    start += 1
                end = self._clause_end(j + 1, hi)
                if end - start < 2 or self._quote_in_clause(start, hi):
                    return False
                self._add(start, end, "indirect", doc[i].text, self._speaker(subj, i), 0.65, f"speech verb '{doc[i].text}' + te-infinitive")
                self.covered_units.add(ui)
                return True
            if doc[j].pos_ in ("VERB", "AUX") and "Fin" in doc[j].morph.get("VerbForm") and doc[j].lower_ not in cue.particle:
                return False
            j += 1
        return False

    def _negated(self, i: int, lo: int) -> bool:
        """*niet gezegd dat*, *er niet aan denken dat*: a negated cue reports nothing."""
        return any(self.lex.role("negation", self.doc[k].lower_) is not None for k in range(max(lo, i - 3), i))

    def _has_quote(self, a: int, b: int) -> bool:
        return any(self._blocked(k) for k in range(a, b))

    def _noun_owner(self, i: int, lo: int) -> Optional[Speaker]:
        """Possessor of a speech noun: *Mays belofte*, *zijn verklaring*."""
        doc = self.doc
        if i - 1 < lo:
            return None
        p = doc[i - 1]
        if p.pos_ == "PROPN" or self.np.ent_of.get(i - 1) or (p.text[:1].isupper() and p.text[-1:] == "s" and i - 1 > lo):
            return self._speaker(Mention(i - 1, i, i - 1, i, "name"))
        if "Yes" in p.morph.get("Poss") and self._pronoun_role(p.lower_) is None:
            return self._speaker(Mention(i - 1, i, i - 1, i, "pronoun"))
        return None

    def _speech_noun_owner(self, lo: int, hi: int) -> Optional[Speaker]:
        """Possessor of a speech noun, compounds included (*openingsverklaring*)."""
        nouns = [f for f, cues in self.lex.forms.items() if any(c.kind == "noun" for c in cues)]
        for k in range(lo + 1, hi):
            w = self.doc[k].lower_
            if not self._blocked(k) and any(w.endswith(n) for n in nouns):
                owner = self._noun_owner(k, lo)
                if owner is not None:
                    return owner
        return None

    def _volgens(self, ui: int, lo: int, hi: int) -> None:
        doc, lowers = self.doc, self.lowers
        for phrase in self.lex.phrases.get("source_before", []):
            n = len(phrase)
            for i in range(lo, hi - n):
                if lowers[i] != phrase[0] or self._blocked(i) or any(lowers[i + m] != phrase[m] for m in range(1, n)):
                    continue
                npstart = i + len(phrase)
                m = self.np.np_right(npstart, hi, objects=True)
                if m is None:
                    continue
                head = doc[m.end - 1].lower_
                if head in self.lex.not_source or (m.kind == "description" and doc[m.start:m.end].root.lower_ in self.lex.not_source):
                    continue
                first = all(doc[k].is_punct or doc[k].pos_ == "CCONJ" for k in range(lo, i))
                prev = doc[i - 1] if i > lo else None
                if first:
                    a, b = m.end, self._clause_end(m.end, hi)
                elif prev is not None and prev.text in DASHES | {","}:
                    a = m.end
                    b = a
                    while b < hi and doc[b].text not in DASHES | {",", ":", ";"} and not self._blocked(b) and not END_PUNCT.match(doc[b].text):
                        b += 1
                else:
                    a = i
                    while a > lo and doc[a - 1].text not in {",", ":", ";"} | DASHES and not self._blocked(a - 1):
                        a -= 1
                    b = self._clause_end(m.end, hi)
                if b - a < 2 or self._has_quote(a, b):
                    continue
                self._add(a, b, "indirect", " ".join(phrase), self._speaker(m), 0.7, f"cue '{' '.join(phrase)} X'")
                self.covered_units.add(ui)

    def _fronted(self, ui: int, lo: int, hi: int) -> Optional[int]:
        """*<clause>, [zo] vindt D66.* and *<clause>, aldus X.* Returns the index
        of the reporting verb, so the verbs inside the reported clause are not
        taken as speech verbs of their own."""
        doc = self.doc
        if self._has_quote(lo, hi) or doc[lo].pos_ == "SCONJ":
            return None
        comps = self.lex.function.get("complementizer", {})
        markers = self.lex.function.get("infinitive_marker", {})
        texts = self.texts
        for c in range(lo + 3, hi - 1):
            if texts[c] != ",":
                continue
            v = c + 1
            if doc[v].lower_ == "zo" and self.lex.role("anaphor", "zo"):
                v += 1
            if v >= hi or hi - v > 16:
                continue
            aldus = any(doc[v].lower_ == p[0] for p in self.lex.phrases.get("source_after", []))
            cue = None if aldus else self._verb_cue(v, lo, hi)
            if not aldus and (cue is None or cue.kind != "verb" or "of" in cue.complements or "Part" in doc[v].morph.get("VerbForm")):
                continue
            if any(comps.get(doc[k].lower_) == "dat" or markers.get(doc[k].lower_) == "te" for k in range(v + 1, hi)):
                continue
            if not any(doc[k].pos_ in ("VERB", "AUX") for k in range(lo, c)):
                continue
            m = self.np.np_right(v + 1, hi)
            self._add(lo, c, "indirect", doc[v].text, self._speaker(m, v), 0.6, f"fronted clause + '{doc[v].text}' + subject")
            self.covered_units.add(ui)
            return v
        return None

    def _dat_zei(self) -> None:
        """An unquoted statement followed by *Dat zei X.*"""
        doc = self.doc
        for ui in range(1, len(self.units)):
            lo, hi = self.units[ui]
            m_v = self._anaphor_verb(lo, hi)
            if m_v is None:
                continue
            plo, phi = self.units[ui - 1]
            if (ui - 1) in self.covered_units or self._has_quote(plo, phi):
                continue
            v, m = m_v
            end = phi
            while end > plo and (doc[end - 1].is_punct or doc[end - 1].is_space):
                end -= 1
            self._add(plo, end, "indirect", f"{doc[lo].text} {doc[v].text}", self._speaker(m, v), 0.6, f"'{doc[lo].text} {doc[v].text} X' after the statement")

    def _anaphor_verb(self, lo: int, hi: int) -> Optional[tuple[int, Optional[Mention]]]:
        doc = self.doc
        if hi - lo < 3 or self.lex.role("anaphor", doc[lo].lower_) is None:
            return None
        v = lo + 1
        cue = self._verb_cue(v, lo, hi)
        if cue is None or cue.kind != "verb" or "of" in cue.complements:
            return None
        return v, self.np.np_right(v + 1, hi)

    # -- quotations ---------------------------------------------------------
    def _quotations(self) -> None:
        doc = self.doc
        prev_speaker: Optional[Speaker] = None
        prev_q_end_unit = -10
        for qi, q in enumerate(self.quots):
            if q.inner_end <= q.inner_start:
                continue
            a, b = self.q_tokens[qi]
            ui = self.tok_unit[a]
            lo, hi = self.units[ui]
            inner = self.text[q.inner_start : q.inner_end]
            words = len(inner.split())
            # context before: from the unit start (or the previous quotation in it)
            blo = lo
            for k in range(a - 1, lo - 1, -1):
                if self._blocked(k):
                    blo = k + 1
                    break
            before = [k for k in range(blo, a) if not doc[k].is_space]
            after_hi = hi
            for k in range(b, hi):
                if self._blocked(k):
                    after_hi = k
                    break
            after = [k for k in range(b, after_hi) if not doc[k].is_space]
            after_prev_q = blo > lo
            colon = bool(before) and doc[before[-1]].text == ":"
            attribution_between = after_prev_q and self._is_attribution(before)
            standalone = not before or colon or attribution_between
            # a quoted heading: short, no final punctuation, nothing or a new sentence after it
            heading = (
                not before
                and q.closed
                and words <= 6
                and not ENDS_SENTENCE.search(inner)
                and (not after or (doc[after[0]].text[:1].isupper() and doc[after[0]].pos_ in ("DET", "PRON", "ADV", "ADP", "SCONJ")))
            )
            spk: Optional[Speaker] = None
            cue: Optional[str] = None
            how = ""
            if heading:
                kind, conf, how = "partial", 0.5, "quoted heading"
            elif standalone and (words >= 3 or ENDS_SENTENCE.search(inner)):
                kind, conf = "direct", 0.85
            else:
                # a cue before ", wat/die ..." belongs to another clause than the quote
                clo = lo
                for k in range(lo, a - 1):
                    if doc[k].text == "," and self.lex.role("relative", doc[k + 1].lower_) is not None:
                        clo = k + 1
                sent_cue = self._sentence_cue(clo, hi)
                if standalone and not sent_cue and not after:
                    kind, conf = "direct", 0.6
                elif sent_cue is None and words < 4:
                    continue  # scare quotes, titles, translations
                else:
                    kind, conf = "partial", 0.7 if sent_cue else 0.5
                    if sent_cue:
                        v, m = sent_cue
                        cue, spk, how = doc[v].text, self._speaker(m, v), f"speech cue '{doc[v].text}' in the sentence"
                    else:
                        m = self._clause_subject(lo, a)
                        spk, how = self._speaker(m), "subject of the sentence"
            if kind == "direct":
                cue, spk, how = self._direct_speaker(qi, before, after, colon, attribution_between, ui, prev_speaker, prev_q_end_unit)
            if kind == "partial" and spk is None and not heading:
                got = self._after_attribution(after)
                if got:
                    cue, spk, how = got
            self._add_q(q, kind, cue, spk, conf, how)
            if kind == "direct" or spk is not None:
                prev_speaker = spk
                prev_q_end_unit = self.tok_unit[b - 1]

    def _add_q(self, q: Marked, kind: str, cue, spk, conf, how) -> None:
        mark = self.text[q.open_start : q.inner_start].strip() or "?"
        self.found.append(_Found(q.inner_start, q.inner_end, kind, cue, spk, conf, f"{kind} quotation in {mark}…; speaker: {how or 'not found'}"))

    def _is_attribution(self, toks: list[int]) -> bool:
        doc = self.doc
        words = [k for k in toks if not doc[k].is_punct]
        if not words or len(words) > 8:
            return False
        return any(self._verb_cue(k, toks[0], toks[-1] + 1) or doc[k].pos_ in ("VERB",) for k in words[:2])

    def _after_attribution(self, after: list[int], intro: Optional[tuple[int, int]] = None):
        """*"...", zei May* / *"..." zegt hij* / *"...", aldus X*."""
        doc = self.doc
        ks = [k for k in after if doc[k].text not in (",",)]
        if not ks:
            return None
        i = 0
        if self.lex.role("anaphor", doc[ks[0]].lower_) and doc[ks[0]].lower_ == "zo":
            i = 1
        if i >= len(ks):
            return None
        v = ks[i]
        hi = ks[-1] + 1
        if any(doc[v].lower_ == p[0] for p in self.lex.phrases.get("source_after", [])):
            m = self.np.np_right(v + 1, hi)
            return doc[v].text, self._speaker(m, v), f"'{doc[v].text} X'"
        cue = self._verb_cue(v, after[0], hi)
        if cue is not None or doc[v].pos_ in ("VERB", "AUX"):
            m = self.np.np_right(v + 1, hi)
            if m is not None:
                return doc[v].text, self._speaker(m, v, intro), f"'{doc[v].text}' + subject after the quote"
            # "'...', stond er in de brief": the document speaks for its author
            for k in ks[i + 1 :]:
                if doc[k].pos_ == "ADP":
                    d = self.np.np_right(k + 1, hi)
                    if d is not None and d.kind == "description" and document_author(doc, d, self.cues, self.np, self.tok_unit):
                        return doc[v].text, self._speaker(d, v), f"'{doc[v].text} {doc[k].text}' + document"
                    break
        return None

    def _sentence_cue(self, lo: int, hi: int) -> Optional[tuple[int, Optional[Mention]]]:
        """A speech cue outside quotations in the sentence, with its source."""
        doc = self.doc
        for i in range(lo, hi):
            if self._blocked(i):
                continue
            for phrase in self.lex.phrases.get("source_before", []) + self.lex.phrases.get("source_after", []):
                if doc[i].lower_ == phrase[0] and len(phrase) == 1:
                    return i, self.np.np_right(i + 1, hi)
            cue = self._verb_cue(i, lo, hi)
            if cue is not None and cue.kind == "verb":
                return i, self.np.subject(i, lo, hi)
        return None

    def _clause_subject(self, lo: int, hi: int) -> Optional[Mention]:
        """Subject of the clause ``[lo, hi)``: first phrase, or the one after the finite verb."""
        doc = self.doc
        k = lo
        while k < hi and (doc[k].is_punct or doc[k].is_space or doc[k].pos_ == "CCONJ"):
            k += 1
        m = self.np.np_right(k, hi)
        if m is not None and not (doc[k].pos_ == "ADP"):
            return m
        for v in range(k, hi):
            if doc[v].pos_ in ("VERB", "AUX") and not self._blocked(v):
                return self.np.np_right(v + 1, hi)
        return None

    def _direct_speaker(self, qi, before, after, colon, attribution_between, ui, prev_speaker, prev_q_end_unit):
        doc = self.doc
        got = self._after_attribution(after, (before[0], before[-1]) if colon else None)
        if got:
            return got
        if attribution_between and prev_speaker is not None:
            return None, prev_speaker, "interrupted quotation"
        if colon:
            lo = before[0]
            hi = before[-1]
            # "Cohens slotverklaring ...:" - the owner of a speech noun
            owner = self._speech_noun_owner(lo, hi)
            if owner is not None:
                return None, owner, "owner of the speech noun before the colon"
            # a speech cue in the intro clause gives the subject; else its first phrase
            sc = self._sentence_cue(lo, hi)
            m = sc[1] if sc else None
            if m is None:
                m = self._clause_subject(lo, hi)
            if m is not None:
                return (doc[sc[0]].text if sc else ":"), self._speaker(m, sc[0] if sc else None), "subject of the clause before the colon"
        # "Dat zei X" in the next sentence
        last_unit = self.tok_unit[self.q_tokens[qi][1] - 1]
        if last_unit + 1 < len(self.units):
            nlo, nhi = self.units[last_unit + 1]
            got = self._anaphor_verb(nlo, nhi)
            if got is not None and got[1] is not None:
                v, m = got
                return f"{doc[nlo].text} {doc[v].text}", self._speaker(m, v), f"'{doc[nlo].text} {doc[v].text} X' in the next sentence"
        # continuation of the previous quotation
        if prev_speaker is not None and ui - prev_q_end_unit <= 1:
            return None, prev_speaker, "continues the previous quotation"
        # the speaker of a quotation (indirect included) just before
        qstart = self.quots[qi].inner_start
        near = [f for f in self.found if f.start < qstart and ui - 1 <= self.tok_unit[self._tok_at(f.start)] <= ui]
        near = [f for f in near if f.speaker is not None and f.speaker.name]
        if near:
            return None, max(near, key=lambda f: f.start).speaker, "speaker of the statement just before"
        # the person the preceding sentences are about
        for back in range(ui - 1, max(-1, ui - 4), -1):
            lo, hi = self.units[back]
            if self._has_quote(lo, hi) and all(self._blocked(k) or doc[k].is_punct or doc[k].is_space for k in range(lo, hi)):
                continue
            m = self._clause_subject(lo, hi)
            if m is not None and m.kind in ("name", "pronoun"):
                return None, self._speaker(m), "subject of a preceding sentence"
        return None, None, ""

    # -- records ------------------------------------------------------------
    def _records(self) -> list[Quote]:
        doc = self.doc
        has_sents = doc.has_annotation("SENT_START")
        self.found.sort(key=lambda f: (f.start, -(f.end - f.start)))
        out: list[Quote] = []
        for f in self.found:
            if out and f.start < out[-1].end and f.kind == out[-1].kind == "indirect":
                continue
            spk = f.speaker
            out.append(
                Quote(
                    start=f.start,
                    end=f.end,
                    text=self.text[f.start : f.end],
                    sentence=sentence_index(doc, f.start) if has_sents else self.tok_unit[self._tok_at(f.start)],
                    confidence=round(f.confidence if spk is None or spk.name else f.confidence * 0.9, 3),
                    reason=f.reason + (f" ({spk.how})" if spk and (spk.how.startswith(("pronoun", "unnamed", "description", "document"))) else ""),
                    kind=f.kind,
                    speaker=spk.name if spk else None,
                    speaker_actor=spk.actor if spk else None,
                    speaker_start=spk.start if spk else None,
                    speaker_end=spk.end if spk else None,
                    cue=f.cue,
                )
            )
        return out
