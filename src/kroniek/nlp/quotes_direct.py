"""Quotations: direct and partial quotes between marks, and who said them.

A quotation that stands on its own (sentence start or after a colon) is
``direct``; a fragment inside a sentence with a speech cue is ``partial``;
other short fragments are scare quotes and are dropped. The speaker of a
direct quote is the subject after the quote (*"...", zei May*; *"...," said
Trump*; *"...," Trump said*), the clause before a colon, *Dat zei X* in the
next sentence, the speaker of the previous quotation when it continues, or
the person the preceding sentences are about. A mixin of
:class:`kroniek.nlp.quotes._DocQuotes`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .quote_marks import END_PUNCT, ENDS_SENTENCE, Marked
from .speakers import Mention, Speaker, document_author

STRAY_MARKS = "\"“”„'‘’«»"


@dataclass
class Found:
    """A quote found by a rule, before overlapping ones are merged into records."""

    start: int
    end: int
    kind: str
    cue: Optional[str]
    speaker: Optional[Speaker]
    confidence: float
    reason: str


def _title_case(inner: str) -> bool:
    """The quoted words look like a title: two or more capitalised words, every word of more than three
    letters capitalised, no closing punctuation (*Meet the Press*, *Lost Tycoon: The Many Lives of ...*)."""
    ws = inner.split()
    if len(ws) < 2 or ENDS_SENTENCE.search(inner):
        return False
    caps = [w for w in ws if w[:1].isupper()]
    return len(caps) >= 2 and all(w[:1].isupper() or len(w) <= 3 for w in ws)


class Quotations:
    """Rules for quotations between marks (mixed into :class:`kroniek.nlp.quotes._DocQuotes`)."""

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
                if sent_cue is not None and sent_cue[1] is None and clo > lo:
                    # "Murphy, who was elected in 2012, argued ...": the relative clause stood between subject and verb
                    whole = self._sentence_cue(lo, hi)
                    if whole is not None and whole[0] == sent_cue[0]:
                        sent_cue = whole
                if standalone and not sent_cue and not after:
                    kind, conf = "direct", 0.6
                elif (sent_cue is None and words < 4) or _title_case(inner):
                    continue  # scare quotes, titles ("Meet the Press", “America’s Bitter Pill”), translations
                else:
                    kind, conf = "partial", 0.7 if sent_cue else 0.5
                    if sent_cue:
                        v, m = sent_cue
                        cue, spk, how = doc[v].text, self._speaker(m, v), f"speech cue '{doc[v].text}' in the sentence"
                    else:
                        m = self._clause_subject(lo, a)
                        spk, how = self._speaker(m), "subject of the sentence"
            if kind == "direct":
                intro = before
                if not before and ui > 0:
                    # "Schenk:" on the line before the quotation
                    plo, phi = self.units[ui - 1]
                    prev = [k for k in range(plo, phi) if not doc[k].is_space]
                    if prev and doc[prev[-1]].text == ":" and not any(self._blocked(k) for k in prev):
                        intro, colon = prev, True
                cue, spk, how = self._direct_speaker(qi, intro, after, colon, attribution_between, ui, prev_speaker, prev_q_end_unit)
            if kind == "partial" and spk is None and not heading:
                got = self._after_attribution(after)
                if got:
                    cue, spk, how = got
            self._add_q(q, kind, cue, spk, conf, how)
            if kind == "direct" or spk is not None:
                prev_speaker = spk
                prev_q_end_unit = self.tok_unit[b - 1]

    def _person(self, m: Mention, spk: Optional[Speaker]) -> bool:
        """The mention names a person: a PER name, or an actor of type person."""
        doc = self.doc
        if any(doc[k].ent_type_ == "PER" for k in range(m.head_start, m.head_end)):
            return True
        if spk is None or not spk.name:
            return False
        actor = next((a for a in (doc._.actors or []) if a.id == spk.actor or a.name == spk.name), None)
        if actor is not None:
            return actor.type == "person"
        return any(e.label_ == "PER" and e.text == spk.name for e in doc.ents)

    def _add_q(self, q: Marked, kind: str, cue, spk, conf, how) -> None:
        mark = self.text[q.open_start : q.inner_start].strip() or "?"
        self.found.append(Found(q.inner_start, q.inner_end, kind, cue, spk, conf, f"{kind} quotation in {mark}…; speaker: {how or 'not found'}"))

    def _is_attribution(self, toks: list[int]) -> bool:
        doc = self.doc
        words = [k for k in toks if not doc[k].is_punct]
        if not words or len(words) > 8:
            return False
        return any(self._verb_cue(k, toks[0], toks[-1] + 1) or doc[k].pos_ in ("VERB",) for k in words[:2])

    def _after_attribution(self, after: list[int], intro: Optional[tuple[int, int]] = None):
        """*"...", zei May* / *"..." zegt hij* / *"...", aldus X*."""
        doc = self.doc
        # a stray mark glued to the closing one (*"...," "zegt X*: doubled marks of converted copy) is no word
        ks = [k for k in after if doc[k].text not in (",",) and not (self.puncts[k] and not doc[k].text.strip(STRAY_MARKS))]
        if not ks:
            return None
        i = 0
        if self.lex.fronting_adverb(doc[ks[0]].lower_):
            i = 1
        if i >= len(ks):
            return None
        v = ks[i]
        hi = ks[-1] + 1
        if any(doc[v].lower_ == p[0] for p in self.lex.phrases.get("source_after", [])):
            m = self.np.np_right(v + 1, hi)
            return doc[v].text, self._speaker(m, v), f"'{doc[v].text} X'"
        n = self._source_phrase_at(v, hi)
        if n:  # '"...," according to X'
            m = self.np.np_right(v + n, hi, objects=True)
            cue_text = doc[v : v + n].text
            return cue_text, self._speaker(m, v), f"'{cue_text} X'"
        sv = self._subject_verb(v, hi) or self._named_before_verb(v, hi)
        if sv is not None:  # '"...," Trump said.'
            m, w = sv
            return doc[w].text, self._speaker(m, w, intro), f"subject + '{doc[w].text}' after the quote"
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

    def _named_before_verb(self, k: int, hi: int):
        """*"...," Fight for $15 organizing director Kendall Fells told ...*: a source phrase the noun-phrase rules
        cut short (a preposition inside it), read back from its speech verb: the person's name right before it."""
        if not self.lex.setting("subject_before_reporting_verb"):
            return None
        doc = self.doc
        for v in range(k + 1, min(hi, k + 10)):
            if self._blocked(v) or END_PUNCT.match(doc[v].text) or doc[v].text == ",":
                return None
            cue = self._verb_cue(v, k, hi)
            if cue is not None and cue.kind == "verb":
                if not doc[v - 1].text[:1].isupper() or doc[v - 1].ent_type_ == "ORG" or self._blocked(v - 1):
                    return None
                s = v - 1
                while s - 1 > k and doc[s - 1].text[:1].isupper() and doc[s - 1].pos_ in ("PROPN", "NOUN") and not self._blocked(s - 1):
                    s -= 1  # the capitalised words before the verb: the name (*Kendall Fells*)
                return Mention(s, v, s, v, "name"), v
        return None

    def _said_so(self, lo: int, hi: int):
        """*"..." Cruz wrote this in a tweet.*: a next sentence whose source says the quotation again with an
        object anaphor (``object_anaphor`` words: *this*, *so*) right after its speech verb."""
        if not self.lex.function.get("object_anaphor") or self._has_quote(lo, hi):
            return None
        sv = self._subject_verb(lo, hi)
        if sv is None or sv[0].start != lo or sv[1] + 1 >= hi:
            return None
        m, v = sv
        return (m, v) if self.lex.role("object_anaphor", self.doc[v + 1].lower_) is not None else None

    def _source_phrase_at(self, i: int, hi: int) -> int:
        """Length of the source phrase (*volgens*, *aldus*, *according to*) starting at token ``i``, else 0."""
        lowers = self.lowers
        for phrase in self.lex.source_phrases:
            n = len(phrase)
            if i + n <= hi and lowers[i] == phrase[0] and all(lowers[i + m] == phrase[m] and not self._blocked(i + m) for m in range(n)):
                return n
        return 0

    def _sentence_cue(self, lo: int, hi: int) -> Optional[tuple[int, Optional[Mention]]]:
        """A speech cue outside quotations in the sentence, with its source."""
        doc = self.doc
        for i in range(lo, hi):
            if self._blocked(i):
                continue
            n = self._source_phrase_at(i, hi)
            if n:  # volgens X, according to X
                return i, self.np.np_right(i + n, hi, objects=n > 1)
            cue = self._verb_cue(i, lo, hi)
            if cue is not None and cue.kind == "verb":
                head = doc[i].head
                main = head.i != i and lo <= head.i < hi and head.pos_ in ("VERB", "AUX") and doc[i].dep_ in ("advcl", "xcomp", "conj")
                m = None
                form = doc[i].morph.get("VerbForm")
                present_participle = "Ger" in form or ("Part" in form and "Pres" in doc[i].morph.get("Tense"))
                if main and present_participle and i > lo and doc[i - 1].text == ",":
                    m = self.np.subject(head.i, lo, i)  # "X ..., telling the crowd, '...'": the subject of the main verb
                if m is None:
                    m = self.np.subject(i, lo, hi)
                if m is None and main:
                    m = self.np.subject(head.i, lo, hi)  # "..., telling the crowd: ...": the subject of the main verb
                return i, m
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
        if k < hi and doc[k].pos_ == "ADP":
            # a fronted phrase and a comma, then the subject and its verb ("In the depths of the Great Recession,
            # Paul Ryan worried that ...")
            comma = next((j for j in range(k, hi) if doc[j].text == "," or self._blocked(j)), None)
            if comma is not None and not self._blocked(comma):
                m = self.np.np_right(comma + 1, hi)
                if m is not None and m.end < hi and doc[m.end].pos_ in ("VERB", "AUX"):
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
            got = self._said_so(nlo, nhi)
            if got is not None:
                m, v = got
                return doc[v].text, self._speaker(m, v), f"'X {doc[v].text} {doc[v + 1].text}' in the next sentence"
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
                spk = self._speaker(m)
                if m.kind == "name" and not self._person(m, spk):
                    continue  # a place or an organisation as subject (*Belgen*, *de Volkspartij*) does not speak for a quote
                return None, spk, "subject of a preceding sentence"
        return None, None, ""
