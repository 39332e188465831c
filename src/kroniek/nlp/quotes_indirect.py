"""Indirect speech: reported clauses without quotation marks.

Word-order rules over the speech-cue lexicon: verb + complement clause
(*zei dat*, *said that*; where the language allows it, without complementizer:
*said he would*), verb + infinitive (*riep op te*, *urged ... to*), a fronted
clause + reporting verb (*..., vindt D66*; *..., Trump said*), a source and its
verb between commas (*The trouble, Frank writes, began ...*), a source phrase
before or after its statement (*volgens X*, *according to X*), speech nouns
(*Mays belofte dat ...*, *Trump's claim that*) and an unquoted statement
followed by *Dat zei X*. Which of these a language has is data (the
``setting`` rows of ``speech_verbs.tsv``). A mixin of
:class:`kroniek.nlp.quotes._DocQuotes`, whose state and helpers it uses.
"""
from __future__ import annotations

from typing import Optional

from .quote_lexicon import Cue
from .quote_marks import CLAUSE_STOP, DASHES, END_PUNCT
from .speakers import Mention, Speaker


class IndirectSpeech:
    """Rules for reported speech without marks (mixed into :class:`kroniek.nlp.quotes._DocQuotes`)."""

    def _indirect(self) -> None:
        doc = self.doc
        self.covered_units: set = set()
        for ui, (lo, hi) in enumerate(self.units):
            if any(self._blocked(k) for k in range(lo, hi)) and all(self._blocked(k) or self.puncts[k] or self.spaces[k] for k in range(lo, hi)):
                continue
            self._volgens(ui, lo, hi)
            fronted = self._fronted(ui, lo, hi)
            if fronted is None:
                fronted = self._parenthetical(ui, lo, hi)
            lowers, forms = self.lowers, self.lex.forms
            for i in range(lo if fronted is None else fronted, hi):
                if lowers[i] not in forms:
                    continue  # no cue word: what _verb_cue would say, without building the token
                cue = self._verb_cue(i, lo, hi)
                if cue is not None and cue.complements and not self._negated(i, lo):
                    self._complement(ui, i, cue, lo, hi)
        self._dat_zei()

    def _complement(self, ui: int, i: int, cue: Cue, lo: int, hi: int) -> bool:
        """Verb/noun + complement clause (*dat*, *that*) or infinitive (*te*, *to*)."""
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
                if role == "decl" and prev.pos_ == "NOUN" and t.pos_ != "SCONJ" and j - 1 != i:
                    j += 1
                    continue
                if cue.kind == "noun" and j != i + 1:
                    break
                end = self._clause_end(j + 1, hi)
                if self._quote_in_clause(j + 1, hi):
                    end = self._before_quote(j + 1, hi)
                if end - (j + 1) < 2:
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
        if self._bare_clause(ui, i, cue, lo, hi):
            return True
        if "inf" not in cue.complements:
            return False
        markers = self.lex.function.get("infinitive_marker", {})
        j = i + 1
        limit = min(hi, i + 25)
        while j < limit - 1:
            t = doc[j]
            if self._blocked(j) or t.text in CLAUSE_STOP or END_PUNCT.match(t.text) or comps.get(t.lower_) == "decl":
                return False
            if markers.get(t.lower_) == "inf" and doc[j + 1].pos_ in ("VERB", "AUX") and not self._blocked(j + 1):
                subj = self.np.subject(i, lo, j)
                start = i + 1
                if subj is not None and subj.start > i:
                    start = subj.end
                while start < j and (doc[start].lower_ in cue.particle or doc[start].is_punct):
                    start += 1
                end = self._clause_end(j + 1, hi)
                if end - start < 2 or self._quote_in_clause(start, hi):
                    return False
                self._add(start, end, "indirect", doc[i].text, self._speaker(subj, i), 0.65, f"speech verb '{doc[i].text}' + {doc[j].lower_}-infinitive")
                self.covered_units.add(ui)
                return True
            if doc[j].pos_ in ("VERB", "AUX") and "Fin" in doc[j].morph.get("VerbForm") and doc[j].lower_ not in cue.particle:
                return False
            j += 1
        return False

    def _bare_clause(self, ui: int, i: int, cue: Cue, lo: int, hi: int) -> bool:
        """*Trump said he would ...*: a clause without complementizer, where the language allows one
        (setting ``zero_complementizer``), found as the speech verb's clausal complement in the parse."""
        if cue.kind != "verb" or "decl" not in cue.complements or not self.lex.setting("zero_complementizer"):
            return False
        doc = self.doc
        comps = self.lex.function.get("complementizer", {})
        starts = []
        for c in doc[i].children:
            if c.dep_ != "ccomp" or c.i <= i or c.i >= hi or self._blocked(c.i):
                continue
            a = c.left_edge.i
            if a <= i or a < lo or comps.get(doc[a].lower_) is not None:
                continue  # a complementizer clause is the rule above; one before the verb is a fronted clause
            if any(t.dep_.startswith("nsubj") for t in c.children):
                starts.append(a)
        if not starts:
            a = self._clause_start(i + 1, hi)
            if a is not None:
                starts.append(a)
        for a in starts:
            end = self._clause_end(a, hi)
            if self._quote_in_clause(a, hi):
                end = self._before_quote(a, hi)
            if end - a < 3:
                return False
            self._add(a, end, "indirect", doc[i].text, self._speaker(self.np.subject(i, lo, a), i), 0.7,
                      f"speech verb '{doc[i].text}' + clause without complementizer")
            self.covered_units.add(ui)
            return True
        return False

    def _clause_start(self, k: int, hi: int) -> Optional[int]:
        """Word-order fallback for a clause without complementizer after a speech verb: a subject (after at
        most one object: *told reporters he would*) right before a finite verb or auxiliary."""
        doc = self.doc
        while k < hi and (k in self.np.in_timex or doc[k].pos_ == "ADV") and not self._blocked(k):
            k += 1
        for _ in range(2):
            if k >= hi or self._blocked(k):
                return None
            m = self.np.np_right(k, hi)
            end = m.end if m is not None else k + 1 if doc[k].pos_ == "PRON" else None
            if end is None:
                return None
            v = end
            for _ in range(3):  # "the controversy around Clinton's email has been ..."
                if v < hi and (doc[v].pos_ == "ADP" or self.lex.role("genitive", doc[v].lower_) is not None) and not self._blocked(v):
                    pp = self.np.np_right(v + 1, hi)
                    if pp is None:
                        break
                    v = pp.end
            while v < hi and doc[v].pos_ in ("ADV", "PART") and not self._blocked(v):
                v += 1
            if v < hi and not self._blocked(v) and (doc[v].pos_ == "AUX" or (doc[v].pos_ == "VERB" and "Fin" in doc[v].morph.get("VerbForm"))):
                return k
            k = end
        return None

    def _before_quote(self, k: int, hi: int) -> int:
        """A reported clause with a quotation further on (*said that he would go ahead, although he tweeted
        "..."*): the clause up to the last comma before the quotation, if a clause stands there; else ``k``
        (the quoted words are then a partial quote of the same statement)."""
        doc = self.doc
        q = k
        while q < hi and not self._blocked(q):
            q += 1
        c = q - 1
        while c > k and doc[c].text != ",":
            c -= 1
        if c - k < 4 or not any(doc[t].pos_ in ("VERB", "AUX") for t in range(k, c)):
            return k
        return c

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
        if self.lex.role("genitive", p.lower_) is not None and i - 2 >= lo:
            # "Trump's claim that": the possessive marker is a token of its own
            o = doc[i - 2]
            if o.pos_ == "PROPN" or self.np.ent_of.get(i - 2):
                s = self.np.ent_of.get(i - 2, (i - 2, i - 1, ""))[0]
                return self._speaker(Mention(max(s, lo), i - 1, max(s, lo), i - 1, "name"))
            return None
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
                    while a < b and self.puncts[a]:  # "According to X, the ..."
                        a += 1
                elif prev is not None and prev.text in DASHES | {","}:
                    a = m.end
                    k = self._source_pp(a, hi)
                    if k > a and (self._ends_unit(k, hi) or doc[k].text == ","):
                        a = k  # "according to an analysis of FEC data by Crowdpac, ...": the phrases belong to the source
                    b = a
                    while b < hi and doc[b].text not in DASHES | {",", ":", ";"} and not self._blocked(b) and not END_PUNCT.match(doc[b].text):
                        b += 1
                    if b - a < 2:
                        a, b = self._around_source(lo, i, m.end, hi)
                else:
                    a = i
                    while a > lo and doc[a - 1].text not in {",", ":", ";"} | DASHES and not self._blocked(a - 1):
                        a -= 1
                    b = self._clause_end(m.end, hi)
                if b - a < 2 or self._has_quote(a, b):
                    continue
                self._add(a, b, "indirect", " ".join(phrase), self._speaker(m), 0.7, f"cue '{' '.join(phrase)} X'")
                self.covered_units.add(ui)

    def _around_source(self, lo: int, i: int, end: int, hi: int) -> tuple[int, int]:
        """The statement of a source phrase set off by commas: *<statement>, according to X.* (before the cue;
        X may carry an apposition: *X, a Republican pollster.*) or *..., according to X, <statement>* (after it)."""
        doc = self.doc
        k = self._source_pp(end, hi)
        apposition = k < hi and doc[k].text == "," and k + 1 < hi and doc[k + 1].pos_ in ("DET", "PRON", "NUM")
        if self._ends_unit(k, hi) or (apposition and self._ends_unit(self._source_end(k, hi), hi)):
            a, b = lo, i - 1
            while a < b and (self.puncts[a] or self.spaces[a]):
                a += 1
            return a, b
        if k < hi and doc[k].text == ",":
            return k + 1, self._clause_end(k + 1, hi)
        return k, k

    def _source_pp(self, k: int, hi: int) -> int:
        """End of the prepositional phrases that complete a source (*a report in the Des Moines Register*)."""
        doc = self.doc
        for _ in range(2):
            if k < hi and doc[k].pos_ == "ADP" and not self._blocked(k):
                m = self.np.np_right(k + 1, hi)
                if m is None:
                    break
                k = m.end
        return k

    def _source_end(self, k: int, hi: int) -> int:
        """End of a source phrase with its apposition or relative clause (*X, a Republican pollster who ...*)."""
        doc = self.doc
        if k < hi and doc[k].text == ",":
            c = k + 1
            while c < hi and doc[c].text not in (",", ";", ":") and not self._blocked(c) and not END_PUNCT.match(doc[c].text):
                c += 1
            return c
        return k

    def _ends_unit(self, k: int, hi: int) -> bool:
        """Only punctuation or a closing comma stands between token ``k`` and the end of the unit."""
        return all(self.puncts[j] or self.spaces[j] for j in range(k, hi))

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
            if self.lex.fronting_adverb(doc[v].lower_):
                v += 1
            seg = v
            while seg < hi and doc[seg].text != ",":
                seg += 1
            if v >= hi or seg - v > 16:  # the source and its verb, apposition or relative clause aside
                continue
            aldus = any(doc[v].lower_ == p[0] for p in self.lex.phrases.get("source_after", []))
            cue = None if aldus else self._verb_cue(v, lo, hi)
            m, how = None, "subject"
            if not aldus and cue is None:
                # "<clause>, Trump said." / "<clause>, he added.": the source before its verb
                sv = self._subject_verb(v, hi)
                if sv is not None:
                    m, v = sv
                    cue, how = self._verb_cue(v, lo, hi), "subject before it"
            if not aldus and (cue is None or cue.kind != "verb" or "polar" in cue.complements or "Part" in doc[v].morph.get("VerbForm")):
                continue
            if any(comps.get(doc[k].lower_) == "decl" or (markers.get(doc[k].lower_) == "inf" and k + 1 < hi and doc[k + 1].pos_ in ("VERB", "AUX"))
                   for k in range(v + 1, hi)):
                continue
            if not any(doc[k].pos_ in ("VERB", "AUX") for k in range(lo, c)):
                continue
            if m is None:
                m = self.np.np_right(v + 1, hi)
            self._add(lo, c, "indirect", doc[v].text, self._speaker(m, v), 0.6, f"fronted clause + '{doc[v].text}' + {how}")
            self.covered_units.add(ui)
            return v
        return None

    def _parenthetical(self, ui: int, lo: int, hi: int) -> Optional[int]:
        """*The trouble, Frank writes, began in the 1970s.* / *<statement>, he says, <statement>*: a source and
        its verb between commas inside the reported sentence (where the source comes first: setting
        ``subject_before_reporting_verb``). The sentence on either side of it is reported, each part with
        a clause of its own a quote. Returns the verb's index, like :meth:`_fronted`."""
        doc = self.doc
        if not self.lex.setting("subject_before_reporting_verb") or self._has_quote(lo, hi):
            return None
        for c1 in range(lo + 1, hi - 3):
            if doc[c1].text != ",":
                continue
            c2 = c1 + 1
            while c2 < hi and c2 - c1 <= 8 and doc[c2].text != ",":
                c2 += 1
            if c2 >= hi or doc[c2].text != ",":
                continue
            sv = self._subject_verb(c1 + 1, c2)
            if sv is None or sv[0].start != c1 + 1 or c2 - sv[1] > 4:
                continue
            m, v = sv
            end = self._clause_end(c2 + 1, hi)
            spk = self._speaker(m, v)
            added = False
            for a, b in ((lo, c1), (c2 + 1, end)):
                while a < b and (self.puncts[a] or self.spaces[a]):
                    a += 1
                if b - a >= 3 and any(doc[t].pos_ in ("VERB", "AUX") for t in range(a, b)):
                    self._add(a, b, "indirect", doc[v].text, spk, 0.6, f"'{doc[c1 + 1 : v + 1].text}' between commas")
                    added = True
            if added:
                self.covered_units.add(ui)
                return v
        return None

    def _subject_verb(self, k: int, hi: int) -> Optional[tuple[Mention, int]]:
        """A source phrase at ``k`` followed by its speech verb (*Trump said*, *he later told reporters*), where
        the language puts the source first after the content (setting ``subject_before_reporting_verb``)."""
        if not self.lex.setting("subject_before_reporting_verb"):
            return None
        doc = self.doc
        m = self.np.np_right(k, hi)
        if m is None:
            return None
        v = m.end
        if v < hi and doc[v].text == "," and m.kind == "name":
            # an apposition or relative clause between the source and its verb: "Xinhua, the news agency, wrote"
            c = v + 1
            while c < hi and c - v <= 16 and doc[c].text != "," and not self._blocked(c):
                c += 1
            if c < hi and doc[c].text == ",":
                v = c + 1
        while v < hi and doc[v].pos_ in ("ADV", "AUX", "PART") and not self._blocked(v) and self.lex.forms.get(doc[v].lower_) is None:
            v += 1
        if v >= hi or self._blocked(v):
            return None
        cue = self._verb_cue(v, k, hi)
        if cue is None or cue.kind != "verb":
            return None
        return m, v

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
        if cue is None or cue.kind != "verb" or "polar" in cue.complements:
            return None
        return v, self.np.np_right(v + 1, hi)
