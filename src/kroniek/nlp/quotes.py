"""Quotes and speakers: who said what, in direct, partial and indirect speech.

The component and the per-document state its rules share. The rules live in
modules of one concept each: :mod:`.quote_marks` (quotation marks on the
characters), :mod:`.quote_lexicon` (speech verbs, source phrases and the
function words of ``data/<lang>/speech_verbs.tsv``), :mod:`.quotes_direct`
(direct and partial quotes between marks) and :mod:`.quotes_indirect`
(reported speech without marks). Every word they look for is language data
read through the pack (``data/<lang>/``), so Dutch and English run the same
rules.

Speakers come from the same rules (subject of the speech verb, the phrase
after *volgens*/*according to*, the subject of a clause ending in a colon,
the subject after the quote, *Dat zei X* in the next sentence, the speaker of
the previous quotation for a continued quote) and are resolved to actors in
:mod:`kroniek.nlp.speakers`: a pronoun by salience (the last person named as
subject), an indefinite description (*een woordvoerder*, *a spokesman*) to no
one, a document (*de brief*) to its author, *de partij* to the last party named.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Optional

from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LOWER, ORTH
from spacy.language import Language
from spacy.tokens import Doc

from ..document import Quote
from ..lang import get_pack
from . import extensions
from .extensions import doc_text, sentence_index
from .quote_lexicon import Cue, Lexicon
from .quote_marks import CLAUSE_STOP, END_PUNCT, ENDS_SENTENCE, Marked, QuoteMarks, find_quotations  # noqa: F401 (re-exported)
from .quotes_direct import Found, Quotations
from .quotes_indirect import IndirectSpeech
from .speaker_coref import described_name
from .speaker_names import NameForms
from .speakers import (
    FallbackResolver, Mention, NounPhrases, Salience, Speaker, SpeakerCues, actor_by_word, document_author, group_antecedent, resolve,
)


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
        self.cues = SpeakerCues.load(pack.data("speaker_cues.tsv"), pack.data("coref.tsv"), pack.data("titles.tsv"))

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = _DocQuotes(doc, self.lex, self.marks, self.cues).run()
        return doc


class _DocQuotes(IndirectSpeech, Quotations):
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
        self.np = NounPhrases(doc, self._pronoun_role, self._blocked, cues.np_links)
        self.fallback = FallbackResolver(doc, self._blocked, cues.titles,
                                         NameForms(self.text, cues.titles, cues.multi_titles, cues.name_ends, doc))
        self.units = self._units()
        self.tok_unit = [0] * len(doc)
        for ui, (a, b) in enumerate(self.units):
            for t in range(a, b):
                self.tok_unit[t] = ui
        source_words = frozenset(p[0] for p in lex.phrases.get("source_before", []) if len(p) == 1)
        self.salience = Salience(doc, self._blocked, self.units, self.tok_unit, cues, self._pronoun_role, source_words)
        self.found: list[Found] = []
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
            if w[:1].isupper() and tok_q[j] is None and tok_q[j - 1] is not None and self._short_attribution(j):
                return False  # '"...?" Sanders said.': the attribution belongs to the quotation's sentence
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

    def _short_attribution(self, j: int) -> bool:
        """Tokens from ``j`` are a source and its speech verb that end their sentence within a few words
        (*Sanders said.*, *Rep. Glenn Thompson, R-Pa., said of the swirl.*), not a new statement."""
        n = len(self.texts)
        sv = self._subject_verb(j, min(n, j + 14))
        if sv is None:
            return False
        comps = self.lex.function.get("complementizer", {})
        nxt = sv[1] + 1
        if nxt < n and self.tok_q[nxt] is None and (self.texts[nxt] == "," or self.doc[nxt].pos_ == "ADP") and comps.get(self.lowers[nxt]) is None:
            return True  # '"..." McDonough wrote in an email to ...': no reported clause follows the verb
        for k in range(sv[1] + 1, min(n, sv[1] + 10)):
            if self.tok_q[k] is not None:
                # '"A." Trump said, "B."' goes on with the statement; 'Sanders called Trump a "liar."' is a new one
                return self.puncts[k - 1] or self.spaces[k - 1]
            if END_PUNCT.match(self.texts[k]) or (self.spaces[k] and "\n" in self.texts[k]):
                return True
            if comps.get(self.lowers[k]) is not None:
                return False
        return False

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
                if prev is not None and prev.pos_ == "DET" and self.lex.role("anaphor", prev.lower_) is None:
                    continue  # "de eis", "een tweet"
                if t.pos_ in ("NOUN", "ADP", "DET", "PROPN") and not self.lex.sure_verb(t.lower_):
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
            return self._described(m) or group_antecedent(doc, m, self.cues, self._blocked) or spk
        return spk

    def _described(self, m: Mention) -> Optional[Speaker]:
        """A definite description (*de landbouwminister*) -> the name it was used with before (:mod:`.speaker_coref`)."""
        doc = self.doc
        if doc[m.start].pos_ != "DET" or doc[m.start].lower_ in self.cues.indefinite:
            return None
        nouns = [k for k in range(m.head_start, m.head_end) if doc[k].pos_ == "NOUN"]
        if not nouns:
            return None
        got = described_name(doc, m.start, m.end, nouns[-1], self._blocked, self.cues.titles, self.cues.person_words)
        if got is None:
            return None
        span, chain = got
        named = resolve(doc, Mention(span.start, span.end, span.start, span.end, "name"), self.fallback)
        hs, he = m.chars(doc)
        name = named.name
        if "apposition" in chain:
            full = self.fallback.forms.full(span.text)
            if not name or (name in full and len(full) > len(name)):
                name = full  # a name the NER cut up (*C. Baron* of *C. Baron de Vos van Steenwijk*): as the article writes it
        return Speaker(name, named.actor, hs, he, f"description {chain}")

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
            spk = resolve(doc, m, self.fallback)
            if spk.actor and not self._named_outside_quotes(spk.actor, m.start):
                # the actor layer linked the pronoun to a name read only inside quotations: not the speaker
                return Speaker(None, None, ps, pe, f"pronoun '{doc[m.start].text}' without a person named before it")
            if spk.name and not spk.how.startswith(("pronoun", "description")):
                how = "the actor layer's link" if spk.actor else "the most recent person named before"
                spk.how = f"pronoun '{doc[m.start].text}' -> '{spk.name}', {how}"
            return spk
        spk = resolve(doc, Mention(found[0], found[1], found[0], found[1], "name"), self.fallback)
        return Speaker(spk.name, spk.actor, ps, pe, f"pronoun '{doc[m.start].text}' -> '{doc[found[0]:found[1]].text}', {how}")

    def _named_outside_quotes(self, actor_id: str, before: int) -> bool:
        """The actor has a mention by name before token ``before`` outside quotations."""
        doc = self.doc
        for a in doc._.actors or []:
            if a.id != actor_id:
                continue
            for s, e in a.mentions:
                k = self._tok_at(s)
                if k < before and not self._blocked(k) and self._pronoun_role(doc[k].lower_) is None:
                    return True
        return False

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
        self.found.append(Found(start, end, kind, cue, spk, conf, reason))

    # -- run ----------------------------------------------------------------
    def run(self) -> list[Quote]:
        self._indirect()
        self._quotations()
        return self._records()

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
