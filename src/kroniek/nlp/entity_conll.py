"""Entity spans in the CoNLL convention: the last pass of ``kroniek_entities``.

A statistical NER trained on corpora that mark names differently (GUM keeps *President Obama* and
*Washington's Capitol Hill* as one mention and marks no nationality adjectives) leaves spans that
CoNLL, and kroniek's gold format, cut otherwise. This pass, driven by the language pack's data files
(``titles.tsv``, ``coref.tsv``, ``nationalities.tsv``, ``common_words.txt``), makes them so:

1. an entity inside a time expression is dropped (*May*, *Monday* tagged PER) unless it is the surname
   of a person named in full; a one-word party or nationality adjective is MISC; a one-word non-person
   that is no known name and the first name of a person named in full in the article is PER;
2. a name ending in a legal form or organisation word takes in the capitalised words before it that
   no entity holds (*Ford* + *Motor Company*; not a country: *US* + *Treasury Department*); a
   generational suffix joins the person name before it (*Donald Trump Jr.*); alone it is dropped;
3. a leading article is cut (*The UAW*), unless the whole is a known name (*The Hague*);
4. a name with a possessive inside is split at it when the possessor is a known name or two words
   follow (*Washington's Capitol Hill*: *Washington* + *Capitol Hill*; not *Korean People's Army*);
5. a title inside a span is cut out: what follows it is a person (*Washington senator Patty Murray*),
   what precedes it keeps a label only when it is a known name (*Virginia Sen.*: *Virginia* LOC);
   a span of titles only (*President*, *Secretary of Defense*, *Senators*) is dropped, a party-member
   word alone (*Democrat*: a person title with no office or role in ``titles.tsv``) is MISC;
6. a leading nationality adjective is split off as MISC before a title, a person or a country
   (*Chinese Foreign Minister Wang Yi*), not off a name (*British Library*, *British Red Cross*);
7. a one-word entity at the start of a sentence that is a common word (*Parents*, *Officials*) and
   that the article does not show as a name elsewhere is dropped; a common verb, adverb or
   preposition opening a longer one is cut off;
8. a capitalised nationality adjective or people noun, or a party adjective (``coref.tsv``
   name_adjective: *Republican*), outside every entity is added as MISC, as CoNLL tags them.

Each changed or added entity carries its reason.
"""
from __future__ import annotations

import csv
from typing import Optional

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..actors_dict import norm_text

LABEL_OF_TYPE = {"person": "PER", "state": "LOC", "organisation": "ORG", "armed_group": "ORG", "media": "ORG"}


def _coref_kind(path, kind: str) -> set[str]:
    with open(path, encoding="utf8") as f:
        rows = csv.DictReader((ln for ln in f if not ln.startswith("#")), delimiter="\t")
        return {r["form"].lower() for r in rows if r.get("kind") == kind and r.get("form")}


def _read_words(path) -> frozenset[str]:
    if not path.exists():
        return frozenset()
    with open(path, encoding="utf8") as f:
        return frozenset(ln.strip().lower() for ln in f if ln.strip() and not ln.startswith("#"))


def _name_start(tok) -> bool:
    """A capitalised word that can open a name (*Patty*, *O'Neill*)."""
    return tok.text[:1].isupper() and (tok.is_alpha or "'" in tok.text[1:3] and tok.text[-1:].isalpha())


def _new(doc: Doc, start: int, end: int, label: str, reason: str) -> Span:
    span = Span(doc, start, end, label=label)
    span._.reason = reason
    return span


class ConllSpans:
    """The CoNLL-convention pass over a document's entities (see the module docstring)."""

    def __init__(self, repair, pack) -> None:
        self.repair = repair  # the EntityRepair: dictionary, gazetteer and word lists
        coref = pack.data("coref.tsv")
        self.suffixes = _coref_kind(coref, "name_suffix")
        self.name_adjectives = _coref_kind(coref, "name_adjective")
        self.genitives = _coref_kind(coref, "genitive")
        self.of_words = _coref_kind(coref, "of")
        self.common = _read_words(pack.data_dir / "common_words.txt")
        # person titles with neither office nor role: party-member words (republican, democraat) and "leader"
        with open(pack.data("titles.tsv"), encoding="utf8") as f:
            rows = csv.DictReader((ln for ln in f if not ln.startswith("#")), delimiter="\t")
            self.member_words = {r["word"].lower() for r in rows if r.get("word") and r.get("kind") == "person"
                                 and not r.get("office") and not r.get("role")}
        self.max_title = max((len(t.split()) for t in repair.person_titles), default=1)

    # --- knowledge -----------------------------------------------------------------------
    def _known_label(self, text: str) -> Optional[str]:
        """The label of a dictionary name or a gazetteer place, None when neither."""
        for a in self.repair.dict.candidates(text):
            if LABEL_OF_TYPE.get(a.type):
                return LABEL_OF_TYPE[a.type]
        return "LOC" if self.repair._is_place(text) else None

    def _org_like(self, span) -> bool:
        """A name ending in an organisation word or a legal form (``coref.tsv``)."""
        return span[-1].lower_ in self.repair.org_words or self.repair._legal_form(span[-1])

    def _nationality(self, text: str) -> bool:
        return norm_text(text) in self.repair.dict.nationalities and not self.repair.dict.candidates(text)

    def _title_at(self, doc: Doc, i: int, end: int) -> int:
        """Length of the longest title (``titles.tsv``, or an honorific) starting at token ``i``
        and ending before ``end``; 0 if none. A plural of a one-word title counts (*Senators*)."""
        words = [t.lower_ for t in doc[i:min(end, i + self.max_title)]]
        for n in range(len(words), 0, -1):
            w = " ".join(words[:n])
            if w in self.repair.person_titles or (n == 1 and (w.rstrip(".") in self.repair.honorifics
                                                      or w.endswith("s") and w[:-1] in self.repair.person_titles)):
                return n
        return 0

    # --- the steps -------------------------------------------------------------------------
    def __call__(self, doc: Doc, ents: list[Span]) -> list[Span]:
        timexes = [(t.start, t.end) for t in doc._.timexes or []]
        persons = frozenset(x.text for x in ents if x.label_ == "PER")
        surnames = {x[-1].text for x in ents if x.label_ == "PER" and len(x) > 1}  # "May" of "Theresa May"
        out: list[Span] = []
        first_names = {x[0].text for x in ents if x.label_ == "PER" and len(x) > 1 and x[0].is_title and x[0].is_alpha
                       and _name_start(x[1])}
        for e in ents:
            for part in self._split(doc, e, persons):
                if (part.label_ != "MISC" and part.text not in surnames
                        and any(s <= part.start_char and part.end_char <= t for s, t in timexes)):
                    continue  # 1. "May", "Monday", "Saturday" of "Saturday's Democratic"
                if part[0].lower_ in self.suffixes and len(part) == 1:
                    continue  # 2. "Jr" alone
                if len(part) == 1 and part.label_ != "MISC" and (part[0].lower_ in self.name_adjectives
                                                                or self._nationality(part.text) and not part.text.endswith("s")):
                    part = _new(doc, part.start, part.end, "MISC", f"party or nationality adjective '{part.text}' (CoNLL MISC)")
                elif (len(part) == 1 and part.label_ in ("LOC", "ORG", "MISC") and part.text in first_names
                      and not self._known_label(part.text) and not self._nationality(part.text)):
                    part = _new(doc, part.start, part.end, "PER", "first name of a person named in full in this article")
                out.append(part)
        out = self._suffixes(doc, self._company_heads(doc, out))
        out = self._common_words(doc, out)
        out = filter_spans(out)
        return sorted(out + self._adjectives(doc, out), key=lambda s: s.start)

    def _split(self, doc: Doc, e: Span, persons: frozenset = frozenset()) -> list[Span]:
        """Steps 3-6 on one entity: the entities it becomes (``persons``: texts of the article's PER entities)."""
        full_known = self._known_label(e.text) is not None
        # 3. a leading article
        if len(e) > 1 and e[0].lower_ in self.repair.determiners and e[0].text[:1].isupper() and not full_known:
            e = _new(doc, e.start + 1, e.end, e.label_, f"NER span minus article '{e[0].text}'")
        # 4. a possessive inside: two names
        gen = [t.i for t in e if t.lower_ in self.genitives and e.start < t.i < e.end - 1]
        head_known = self._known_label(doc[e.start:gen[0]].text) if gen else None
        if gen and not full_known and doc[gen[0] + 1].text[:1].isupper() and (head_known or e.end - gen[0] > 2):
            g = gen[0]  # (a known name before it, or two words after it: not "Korean People's Army")
            # an unknown possessor of a person or a work is an organisation: "DAB's Starry Lee", "CNBC's Mad Money"
            label = head_known or ("ORG" if e.label_ in ("PER", "MISC") else e.label_)
            why = f"NER span '{e.text}' split at the possessive '{doc[g].text}'"
            return [_new(doc, e.start, g, label, why)] + self._split(doc, _new(doc, g + 1, e.end, e.label_, why), persons)
        # 5. a title inside
        for i in range(e.start, e.end):
            n = self._title_at(doc, i, len(doc))  # may run past the span: "Senate Majority" + "Leader"
            if not n or (i + n > e.end and i == e.start):
                continue
            head, title, tail = doc[e.start:i], doc[i:min(i + n, e.end)], doc[min(i + n, e.end):e.end]
            if (len(tail) > 1 and i == e.start and tail[0].lower_ in self.of_words and tail[1].text[:1].isupper()
                    and all(t.text[:1].isupper() for t in tail[1:] if t.is_alpha)):
                # "CEO of Boeing Commercial Airplanes": the name after the title's "of"
                rest = tail[1:]
                label = self._known_label(rest.text) or ("ORG" if self._org_like(rest) else None)
                if label:
                    return [_new(doc, rest.start, rest.end, label, f"NER span '{e.text}' minus '{title.text} {tail[0].text}'")]
            if len(tail) and (self._org_like(doc[e.start:e.end]) or full_known or not _name_start(tail[0])):
                break  # "Republican National Convention", "Secretary of State Department": a name, no title
            address = n == 1 and title[0].lower_.rstrip(".") in self.repair.honorifics  # "Ms Bauchtman"
            if len(tail) and e.label_ != "PER" and len(tail) < 2 and tail.text not in persons and n < 2 and not address:
                break  # "Judge Smith" tagged ORG: too little to tell
            head_label = self._known_label(head.text) if len(head) else None
            if head_label is None and len(head) and self._nationality(head.text):
                head_label = "MISC"
            if head_label is None and len(head) and head[-1].lower_ in self.repair.org_words:
                head_label = "ORG"  # "Senate" of "Senate Majority Leader"
            if len(head) and not len(tail) and head_label is None:
                break  # "Department of Justice": a title word closing an unknown name
            why = f"NER span '{e.text}' minus the title '{title.text}'"
            out = []
            if len(head) and head_label and all(t.text[:1].isupper() for t in head if t.is_alpha):
                out.append(_new(doc, head.start, head.end, head_label, why + " (a known name before it)"))
            if n == 1 and title[0].text[:1].isupper() and (self._nationality(title.text)
                                                           or title[0].lower_ in self.name_adjectives
                                                           or not len(tail) and title[0].lower_ in self.member_words):
                out.append(_new(doc, title.start, title.end, "MISC", why + " (a party or nationality word: MISC)"))
            if len(tail):
                out.append(_new(doc, tail.start, tail.end, "PER", why + " (a person name follows)"))
            return out
        # 6. a leading nationality adjective
        if len(e) > 1 and not full_known and not self._org_like(e):
            for k in (2, 1):
                # only before a person, a title or a country: "British Library", "British Red Cross" are names
                if (k < len(e) and self._nationality(e[:k].text) and e[k].text[:1].isupper()
                        and (e.label_ == "PER" or self._title_at(doc, e.start + k, e.end)
                             or any(a.type in ("person", "state") for a in self.repair.dict.candidates(e[k:].text)))):
                    nat = _new(doc, e.start, e.start + k, "MISC", f"nationality word '{e[:k].text}' split off the NER span")
                    rest = _new(doc, e.start + k, e.end, self._known_label(e[k:].text) or e.label_,
                                f"NER span '{e.text}' minus the nationality word '{e[:k].text}'")
                    return [nat] + self._split(doc, rest, persons)
        return [e]

    def _company_heads(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """A name ending in a legal form or organisation word (*Motor Company*, tagged PER) takes in the
        capitalised words right before it that no entity holds (*Ford*): one organisation."""
        taken = {t for x in ents for t in range(x.start, x.end)}
        out = []
        for e in ents:
            a = e.start
            if self._org_like(e):
                while (a > 0 and a - 1 not in taken and _name_start(doc[a - 1]) and not doc[a - 1].is_space
                       and doc[a - 1].lower_ not in self.repair.determiners and not self._nationality(doc[a - 1].text)
                       and not any(c.type == "state" for c in self.repair.dict.candidates(doc[a - 1].text))
                       and doc[a - 1].pos_ in ("PROPN", "NOUN", "ADJ", "X")
                       and not (doc[a - 1].is_sent_start and doc[a - 1].lower_ in self.common)):
                    a -= 1  # (not a country: "US" of "US Treasury Department")
            if a == e.start and e.label_ == "PER" and self._org_like(e) and len(e) > 1:
                e = _new(doc, a, e.end, "ORG", f"NER label PER corrected: a name ending in '{e[-1].text}' is an organisation")
            elif a < e.start:
                e = _new(doc, a, e.end, "ORG", f"NER span '{e.text}' plus the name '{doc[a:e.start].text}' before it "
                                               "(a name ending in a legal form or organisation word)")
            out.append(e)
        return out

    def _suffixes(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """Step 2: a generational suffix right after a person name joins it."""
        taken = {t for x in ents for t in range(x.start, x.end)}
        out = []
        for e in ents:
            j = e.end
            if e.label_ == "PER" and j < len(doc) and doc[j].lower_ in self.suffixes and j not in taken:
                if j + 1 < len(doc) and doc[j + 1].text == "." and not doc[j].text.endswith("."):
                    j += 1
                e = _new(doc, e.start, j + 1, "PER", f"NER span plus the name suffix '{doc[e.end:j + 1].text}'")
            out.append(e)
        return out

    def _common_words(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """Step 7: a sentence-initial common word is no name unless the article shows it as one."""
        if not self.common:
            return ents
        as_name = {t.lower_ for x in ents if len(x) > 1 for t in x}
        as_name |= {t.lower_ for t in doc if t.text[:1].isupper() and not t.is_sent_start
                    and (t.i == 0 or doc[t.i - 1].text not in {'"', "“", "‘", "'", ":", "(", "-", "—"})}
        out = []
        for e in ents:
            w = e[0]
            if (len(e) == 1 and w.is_sent_start and w.lower_ in self.common and w.lower_ not in as_name
                    and not self.repair.dict.candidates(w.text)):
                continue
            if (len(e) > 1 and w.is_sent_start and w.lower_ in self.common and _name_start(e[1])
                    and w.pos_ in ("VERB", "ADV", "ADP", "SCONJ", "PRON", "DET", "AUX")):
                e = _new(doc, e.start + 1, e.end, e.label_, f"NER span minus the sentence-initial word '{w.text}'")
            out.append(e)
        return out

    def _adjectives(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """Step 8: nationality and party adjectives outside every entity, as MISC."""
        taken = {t for x in ents for t in range(x.start, x.end)}
        added = []
        i = 0
        while i < len(doc):
            hit = 0
            for k in (2, 1):
                span = doc[i:i + k]
                if (len(span) == k and all(t.i not in taken for t in span) and span[0].text[:1].isupper()
                        and all(t.is_alpha for t in span)
                        and (self._nationality(span.text) or k == 1 and span[0].lower_ in self.name_adjectives)):
                    nxt = doc[i + k] if i + k < len(doc) else None
                    before = doc[i - 1] if i else None
                    # not a word of a longer capitalised name the NER left out ("American Airlines")
                    inside_name = ((nxt is not None and nxt.text[:1].isupper() and nxt.is_alpha and nxt.i not in taken
                                    and not self._title_at(doc, nxt.i, len(doc)))
                                   or (before is not None and before.text[:1].isupper() and before.is_alpha
                                       and not before.is_sent_start and before.i not in taken))
                    if not inside_name:
                        hit = k
                        break
            if hit:
                added.append(_new(doc, i, i + hit, "MISC", "nationality or party adjective (CoNLL MISC)"))
                i += hit
            else:
                i += 1
        return added
