"""Person names within an article: clustering, titles fused into names, and subject pronouns.

Mixed into ``ActorLinker`` (``kroniek.nlp.actors``): *Zelensky* after *Volodymyr Zelensky*, a
genitive (*Trumps*), a form of address or title the NER swallowed (*Drs. Van Son*, *Kamerlid X*),
a surname tagged as a place, and a subject pronoun (*hij*) that points to the one salient person
before it. The words (pronouns, genitive endings, honorifics) come from the pack's ``coref.tsv``.
"""
from __future__ import annotations

from bisect import bisect_left, insort
from typing import Optional

from spacy.tokens import Doc, Span, Token

from ..actors_dict import DictActor, norm_key, norm_text
from .actor_base import ACTOR_TYPES_ORG, _INITIAL, DocActor, _token_words
from .extensions import sent_bounds


class PersonNames:
    def _fused_honorific(self, tok: Token) -> bool:
        """A form of address, academic title or compound title word at the front of a person name
        (``coref.tsv`` kinds honorific and title_suffix): not part of the name."""
        low = tok.lower_.rstrip(".")
        if low in self.honorifics:
            return True
        last = low.rsplit("-", 1)[-1]
        return "-" in low and last in self.title_suffixes

    def _capital_not_person(self, e: Span) -> Span:
        """A one-word PER/ORG entity that is a capital and no known person is read as the place
        (the NER tags *Kyiv* at the start of a sentence as a person)."""
        if e.label_ in ("PER", "ORG") and len(e) == 1 and norm_text(e.text) in self.capitals \
                and not self.dict.candidates(e.text, person=True):
            return Span(e.doc, e.start, e.end, label="LOC")
        return e

    def _nationality_word(self, e: Span) -> Span:
        """A nationality word (``nationalities.tsv``) tagged ORG or LOC, or a people noun tagged PER that
        is no surname of a person of the article (*the Russians*), is read as the nationality word it is
        (MISC), unless it is also a name in the dictionary."""
        if e.label_ not in ("ORG", "LOC", "PER"):
            return e
        text = self._strip_determiner(e.text)
        if e.label_ == "PER" and not _people_word(e, self.dict.nationalities.get(norm_text(text))):
            return e
        if norm_text(text) in self.dict.nationalities and not self.dict.candidates(text):
            return Span(e.doc, e.end - len(text.split()) if text != e.text else e.start, e.end, label="MISC")
        return e

    def _split_conjoined(self, e: Span) -> list[Span]:
        """Two known names the NER joined at a conjunction (*Kyiv and Washington*: dictionary names,
        capitals or seats of power), as two entities; any other entity as it is."""
        cc = [t for t in e if t.pos_ == "CCONJ"]
        if e.label_ == "MISC" or len(cc) != 1 or not e.start < cc[0].i < e.end - 1:
            return [e]
        parts = [Span(e.doc, e.start, cc[0].i, label=e.label_), Span(e.doc, cc[0].i + 1, e.end, label=e.label_)]

        def place(text: str) -> bool:
            t = norm_text(text)
            return t in self.capitals or t in self.dict.seats or any(a.type == "state" for a in self.dict.candidates(text))

        if e.label_ == "PER":  # two places the NER took for a person: only capitals, seats and states
            return [Span(e.doc, p.start, p.end, label="LOC") for p in parts] if all(place(p.text) for p in parts) else [e]
        return parts if all(bool(self.dict.candidates(p.text)) or place(p.text) for p in parts) else [e]

    def _name_before_noun(self, e: Span) -> Span:
        """A known name with a common noun the NER added after it (*US ceasefire*): the name alone."""
        last = e[-1]
        if len(e) < 2 or not (last.is_lower and last.is_alpha and last.pos_ == "NOUN"):
            return e
        name = e.doc[e.start:e.end - 1]
        if name[-1].text[:1].isupper() and (self.dict.candidates(name.text) or norm_text(name.text) in self.capitals):
            return Span(e.doc, name.start, name.end, label=e.label_)
        return e

    def _organisation_name(self, e: Span) -> Span:
        """A capitalised name of two or more words ending in a legal form or an organisation word
        (``coref.tsv``: *General Motors*, *Apple Computer*) is an organisation's, whatever the NER said."""
        last = e[-1].lower_.rstrip(".")
        if e.label_ == "ORG" or len(e) < 2 or not e[-1].text[:1].isupper() \
                or last not in self.legal_forms and last not in self.org_words \
                or not all(t.text[:1].isupper() for t in e if t.is_alpha):
            return e
        return Span(e.doc, e.start, e.end, label="ORG")

    def _titled_person(self, doc: Doc, e: Span) -> Span:
        """A non-person entity that is a person title and a name of two or more capitalised words
        (*Kamerlid Sjoerd Sjoerdsma* tagged ORG) is read as that person; the title is stripped
        below as for any PER span that swallowed one (``kroniek_entities`` repairs the entity)."""
        if e.label_ == "PER" or len(e) < 3:
            return e
        end = self._title_end(doc, e)
        if end > e.start and e.end - end >= 2 \
                and all((t.is_alpha or _INITIAL.fullmatch(t.text)) and t.text[:1].isupper() for t in doc[end:e.end]):
            return Span(doc, e.start, e.end, label="PER")
        return e

    def _title_end(self, doc: Doc, e: Span) -> int:
        """The token after the last person title (``titles.tsv``) or form of address inside ``e`` that a
        capitalised name follows (*Ukrainian President Volodymyr Zelenskyy*, *US Secretary of State
        Marco Rubio*), or ``e.start`` if there is none."""
        firsts, end = _token_words(doc)[1], e.start
        for j in range(e.start, e.end - 1):
            if self._fused_honorific(doc[j]):
                after = j + 1
            elif firsts[j] in self.title_first:
                tt = self._title_at(doc, j)
                if not tt or tt[1]["kind"] != "person":
                    continue
                after = tt[0]
            else:
                continue
            if after < e.end and (doc[after].is_alpha or _INITIAL.fullmatch(doc[after].text)) and doc[after].text[:1].isupper():
                end = max(end, after)
        return end

    def _strip_genitive(self, text: str, known) -> str:
        for g in self.genitives:
            if text.endswith(g) and len(text) > len(g) + 2:
                base = text[: -len(g)]
                if g != "s" or known(base):
                    return base
        return text

    @staticmethod
    def _looks_like_genitive_person(e: Span, ents) -> bool:
        """A MISC 'Trumps' where 'Trump' is a PER elsewhere in the article (CoNLL tags genitives MISC)."""
        return e.text.endswith("s") and any(x.label_ == "PER" and x.text == e.text[:-1] for x in ents)

    @staticmethod
    def _find_cluster(clusters: list[DocActor], base: str) -> Optional[DocActor]:
        toks = norm_text(base).split()
        if not toks:
            return None
        keys = [norm_key(t) for t in toks]
        best = None
        for c in clusters:
            for n in c.names + ([c.dict_actor.name] if c.dict_actor else []):
                nk = [norm_key(t) for t in norm_text(n).split()]
                if not nk:
                    continue
                if keys == nk or (len(keys) < len(nk) and keys == nk[-len(keys):]) or (
                    len(keys) == 1 and keys[0] in nk[1:]
                ):
                    best = c  # the most recent cluster wins
                    break
        return best

    def _mislabelled_person(self, doc: Doc, e: Span, text: str, clusters, when, profile, known) -> Optional[DocActor]:
        """A person's name the NER tagged ORG/LOC/MISC (a surname tagged as a place, a genitive such as *Poetins* as MISC):
        it matches a person of the article, or a dictionary person in office, and no state,
        nationality, seat of power or dictionary organisation."""
        t = norm_text(text)
        if not t or not text[:1].isupper() or t in self.dict.nationalities or t in self.dict.seats or t in self.capitals:
            return None
        if e.start > 0 and doc[e.start - 1].lower_ in self.locative:
            return None
        if self.dict.best(text, when, profile, types=ACTOR_TYPES_ORG) is not None:
            return None
        base = self._strip_genitive(text, known)
        cl = self._find_cluster(clusters, base)
        if cl is None and len(base.split()) > 1:
            # the full name after a surname-only cluster ("Imamoglu", later "Ekrem Imamoglu")
            last = norm_key(base.split()[-1])
            hits = [c for c in clusters if all(len(n.split()) == 1 and norm_key(n) == last for n in c.names)]
            if len(hits) == 1:
                cl = hits[0]
                if cl.dict_actor is None:
                    cl.name = base
        if cl is not None:
            if base not in cl.names:
                cl.names.append(base)
            return cl
        d = self.dict.best(base, when, profile, types=("person",), person=True)
        if d is None:
            return None
        existing = next((c for c in clusters if c.dict_actor is d), None)
        return existing or DocActor(d.id, d.name, d.type, d.country, d.role, d, names=[base])

    def _attach_dict(self, cl: DocActor, d: DictActor) -> None:
        cl.dict_actor, cl.name, cl.country, cl.role = d, d.name, d.country or cl.country, d.role or cl.role

    def _merge_surnames(self, clusters, actors, links, order) -> None:
        for short in list(clusters):
            if len(short.names) != 1 or len(short.names[0].split()) != 1 or short.dict_actor is not None:
                continue
            k = norm_key(short.names[0])
            longer = [c for c in clusters if c is not short and any(norm_key(n.split()[-1]) == k for n in c.names if len(n.split()) > 1)]
            if len(longer) != 1:
                continue
            target = longer[0]
            for span in short.mentions:
                target.mentions.append(span)
                links[span] = target.key
            order[:] = [(s, target.key if key == short.key else key) for s, key in order]
            short.mentions = []
            clusters.remove(short)
            actors.pop(short.key, None)

    def _pronouns(self, doc: Doc, actors, links, order) -> None:
        persons = {k for k, a in actors.items() if a.type == "person"}
        order.sort()  # by position: the window of each pronoun is found by bisection
        texts = _token_words(doc)[0]
        for i, word in enumerate(texts):
            p = self.pronouns.get(word.lower())
            if p is None:
                continue
            tok = doc[i]
            if tok.pos_ not in ("PRON", "DET", "X", "") and tok.pos_:
                continue
            if not (tok.dep_.startswith("nsubj") or tok.is_sent_start):
                continue
            if p["number"] != "sing" and not self._singular_verb(tok):
                continue
            sent_start = sent_bounds(tok)[0]
            # the window: this sentence and the one before it (sentence bounds from one pass over the doc)
            window_tok = sent_bounds(doc[sent_start - 1])[0] if sent_start > 0 else sent_start
            window_start = doc[window_tok].idx
            lo, hi = bisect_left(order, (window_start, "")), bisect_left(order, (tok.idx, ""))
            recent = [(s, k) for s, k in order[lo:hi] if k in persons]
            if not recent:
                continue
            distinct = list(dict.fromkeys(k for _, k in reversed(recent)))
            if len(distinct) == 1:
                key, conf, why = distinct[0], 0.75, "only person in the preceding sentences"
            else:
                subj = self._previous_subject(doc, tok, recent)
                if subj is None:
                    continue
                key, conf, why = subj, 0.6, "subject of the preceding clause"
            span = (tok.idx, tok.idx + len(tok.text))
            a = actors[key]
            a.mentions.append(span)
            links[span] = key
            r = f"pronoun '{tok.text}' -> {why}"
            if r not in a.reasons:
                a.reasons.append(r)
            insort(order, (span[0], key))

    @staticmethod
    def _singular_verb(tok: Token) -> bool:
        head = tok.head
        for t in [head] + [c for c in head.children if c.dep_.startswith("aux") or c.dep_ == "cop"]:
            num = t.morph.get("Number")
            if num:
                return num == ["Sing"]
        return False

    @staticmethod
    def _previous_subject(doc: Doc, tok: Token, recent) -> Optional[str]:
        starts = {s: k for s, k in recent}
        for s, k in reversed(recent):
            t = doc.char_span(s, s + 1, alignment_mode="expand")
            if t is not None and any(x.dep_.startswith("nsubj") for x in t):
                return k
            for x in (t or []):
                if x.head.dep_.startswith("nsubj") and x.dep_ in ("flat", "appos", "compound"):
                    return k
        return None if len(starts) != 1 else next(iter(starts.values()))


def _people_word(e: Span, nat) -> bool:
    """A one-word people noun (*Russians*) that ends no other person name of the article (*Schot*)."""
    if nat is None or not nat.people or len(e) != 1:
        return False
    return not any(x.label_ == "PER" and len(x) > 1 and x[-1].text == e.text for x in e.doc.ents)
