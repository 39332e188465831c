"""Who said it: subjects of speech verbs and the actor behind a speaker mention.

Quotes need two things the parser does not reliably give on news copy: the
noun phrase that is the subject of a speech verb (Dutch puts it before the
verb, or right after it when something else is fronted: *Voor het eerst zei
May dat ...*), and the real-world actor that phrase refers to. The first is
done by word-order rules over POS tags and named entities, with the parser's
``nsubj`` only as a fallback; the second asks the actor component through
``kroniek.nlp.mentions.resolve_chars`` and, when that resolves nothing, uses a
small fallback kept in :class:`FallbackResolver` so it can be dropped once the
actor component covers pronouns and short names everywhere.

Pronoun speakers are not taken from the actor layer's general pronoun rule:
in quote context *zei hij* almost always means the person the last sentences
are about, and names inside quotations or after a preposition are not that
person (:class:`Salience`). Gender and indefiniteness cues are data
(``speaker_cues.tsv``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from spacy.tokens import Doc

from ..actors_dict import norm_key, read_tsv
from .mentions import chain_at, resolve_chars

from .extensions import doc_text
from .speaker_names import NameForms
from .speaker_salience import Salience  # noqa: F401 (re-exported: the antecedent of a pronoun speaker)

NP_POS = {"DET", "ADJ", "NOUN", "PROPN", "NUM", "X"}
NAME_LABELS = ("PER", "ORG")
ARTICLE_PERSON = "per:"  # actor ids of persons known only within the article (not from the actor dictionary)


@dataclass
class Mention:
    """A speaker mention: token range, the head used for lookup, and its kind."""

    start: int  # token index (inclusive)
    end: int  # token index (exclusive)
    head_start: int
    head_end: int
    kind: str  # "name", "pronoun", "description"
    whole: bool = True  # False: the phrase holds another actor's name (*tegenstanders van Rutte*): resolve the head only

    def chars(self, doc: Doc) -> tuple[int, int]:
        return doc[self.head_start].idx, doc[self.head_end - 1].idx + len(doc[self.head_end - 1])


@dataclass
class Speaker:
    name: Optional[str]
    actor: Optional[str]
    start: Optional[int]
    end: Optional[int]
    how: str


class NounPhrases:
    """Word-order rules for noun phrases and subjects inside one document."""

    def __init__(self, doc: Doc, pronoun_role: Callable[[str], Optional[str]], blocked: Callable[[int], bool],
                 links: frozenset = frozenset()):
        self.doc = doc
        self.pronoun_role = pronoun_role
        self.links = links  # prepositions inside a speaker phrase (SpeakerCues.np_links: *van*, *of*)
        self.blocked = blocked  # token inside a quotation: never part of a speaker phrase
        # time expressions (*heeft maandag aangekondigd*) are never speakers
        self.in_timex = {t.i for x in (doc._.timexes or []) for t in (doc.char_span(x.start, x.end, alignment_mode="expand") or [])}
        self.ent_of: dict[int, tuple[int, int, str]] = {}
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                self.ent_of[i] = (ent.start, ent.end, ent.label_)

    # -- noun phrases -------------------------------------------------------
    def _np_token(self, i: int) -> bool:
        t = self.doc[i]
        if self.blocked(i) or i in self.in_timex or (t.is_space and "\n" in t.text):
            return False
        if i in self.ent_of:
            return True
        if t.pos_ in NP_POS and not t.is_punct:
            return True
        if t.pos_ == "VERB" and t.dep_ == "amod" and i + 1 < len(self.doc) and self.doc[i + 1].pos_ in NP_POS:
            return True  # a participle used as an adjective: "retired neurosurgeon Ben Carson"
        return t.text == "-" and 0 < i < len(self.doc) - 1 and not self.doc[i - 1].whitespace_

    def np_right(self, i: int, limit: int, objects: bool = False) -> Optional[Mention]:
        """Noun phrase starting at token ``i`` (pronoun, name, or description).

        ``objects``: accept object pronouns (*volgens hem*)."""
        doc = self.doc
        if i >= limit or self.blocked(i):
            return None
        t = doc[i]
        role = self.pronoun_role(t.lower_)
        if role is not None and i not in self.ent_of:
            if role == "plural":  # volgens hen: a group; elsewhere an object or possessive
                return Mention(i, i + 1, i, i + 1, "anonymous") if objects else None
            if role == "group":  # "they said": a group, named by no one
                return Mention(i, i + 1, i, i + 1, "anonymous")
            return self._pronoun(i, "3amb" if objects and role == "object" else role)
        j = i
        while j < limit and self._np_token(j):
            j += 1
            # "minister van Justitie Barr", "het ministerie van Defensie"
            if j + 1 < limit and doc[j].lower_ in self.links and self._np_token(j + 1) and j - i < 6:
                j += 1
        if j == i:
            return None
        return self._mention(i, j)

    def np_left(self, i: int, floor: int) -> Optional[Mention]:
        """Noun phrase ending just before token ``i``."""
        doc = self.doc
        j = i - 1
        if j < floor or self.blocked(j):
            return None
        role = self.pronoun_role(doc[j].lower_)
        if role is not None and j not in self.ent_of:
            return self._pronoun(j, role)
        k = i
        while k - 1 >= floor and (self._np_token(k - 1) or (doc[k - 1].lower_ in self.links and k - 2 >= floor and self._np_token(k - 2))):
            k -= 1
        if k == i:
            return None
        return self._mention(k, i)

    @staticmethod
    def _pronoun(i: int, role: str) -> Optional[Mention]:
        if role in ("object", "plural"):
            return None
        kind = "pronoun" if role in ("3sg", "3amb") else "anonymous"
        return Mention(i, i + 1, i, i + 1, kind)

    def _mention(self, s: int, e: int) -> Optional[Mention]:
        """Head of a phrase: its last PER name, else a trailing proper noun
        (*minister van Justitie Barr*), else an organisation name, else the
        phrase itself as a description."""
        doc = self.doc
        ents = [self.ent_of[k] for k in range(s, e) if k in self.ent_of]
        per = [x for x in ents if x[2] == "PER"]
        if per:
            hs, he, _ = per[-1]
            hs = max(hs, s)
            # "tegenstanders van Rutte", "de vrouw van X": the noun before 'van' is the head, not the name
            if hs - 1 > s and doc[hs - 1].lower_ in self.links and any(doc[k].pos_ == "NOUN" for k in range(s, hs - 1)):
                return Mention(s, e, s, hs - 1, "description", whole=False)
            he = min(he, e)
            while he < e and he not in self.ent_of and doc[he].pos_ == "PROPN" and doc[he].text[:1].isupper():
                he += 1  # a name the NER cut short: "Elizabeth" + "Warren"
            return Mention(s, e, hs, he, "name")
        k = e
        while k > s and doc[k - 1].pos_ == "PROPN":
            k -= 1
        if k < e and (k == s or doc[k - 1].lower_ not in self.links):
            return Mention(s, e, k, e, "name")
        link = next((j for j in range(s + 1, e) if doc[j].lower_ in self.links), None)
        if link is not None and doc[link - 1].pos_ == "PROPN":
            # "DeSantis of Ponte Vedra", "Rutte van de VVD": the name before the preposition
            j = link
            while j > s and doc[j - 1].pos_ == "PROPN":
                j -= 1
            return Mention(s, e, j, link, "name")
        org = [x for x in ents if x[2] == "ORG"]
        if org:
            hs, he, _ = org[0]
            return Mention(s, e, max(hs, s), min(he, e), "name")
        if not any(doc[k].pos_ in ("NOUN", "PROPN") for k in range(s, e)):
            # a surname the tagger missed ("Booker/ADJ snapt"): a name when an actor of the article has it
            if e - s == 1 and doc[s].text[:1].isupper() and actor_by_word(doc, doc[s].text) is not None:
                return Mention(s, e, s, e, "name")
            return None
        t = doc[s]
        if e - s == 1 and t.text[:1].isupper() and not t.is_sent_start and t.pos_ == "NOUN" and "Plur" not in t.morph.get("Number"):
            return Mention(s, e, s, e, "name")  # a capitalised word inside a sentence the tagger took for a noun ("Hannity said")
        return Mention(s, e, s, e, "description")

    def _clause_subject(self, m: Mention, hi: int) -> bool:
        """The phrase after a speech verb is the subject of the reported clause (*said Trump had ...*) or a
        possessor (*said Ms. Brainard's donations ...*), not the speaker after the verb (*said Trump.*)."""
        doc = self.doc
        if m.kind not in ("name", "description"):
            return False
        if doc[m.end - 1].text in ("'s", "’s", "'", "’"):
            return True
        return m.end < hi and doc[m.end].pos_ in ("VERB", "AUX") and "Fin" in doc[m.end].morph.get("VerbForm") and not self.blocked(m.end)

    def _in_pp(self, start: int, lo: int) -> bool:
        """The phrase starting at ``start`` is the object of a preposition (*in zijn column*)."""
        k = start - 1
        # determiners, possessives, adjectives and adjectival participles of the phrase (*op een gegeven moment*)
        while k >= lo and (self.doc[k].pos_ in ("DET", "ADJ", "NUM") or "Yes" in self.doc[k].morph.get("Poss")
                           or (self.doc[k].pos_ == "VERB" and "Part" in self.doc[k].morph.get("VerbForm")
                               and self.doc[k].dep_ in ("amod", "acl"))):
            k -= 1
        return k >= lo and self.doc[k].pos_ == "ADP"

    def subject(self, verb: int, lo: int, hi: int) -> Optional[Mention]:
        """Subject of the verb at ``verb`` within the clause tokens ``[lo, hi)``.

        Dutch is verb-second: a noun phrase before the verb (adverbs and
        auxiliaries may stand between) that is not the object of a preposition
        is the subject; when something else is fronted (an adverb, a
        prepositional phrase) the subject follows the finite verb. Failing
        both, the first phrase of the clause (*Corbyn was positief, maar
        benadrukte dat ...*), then the parser's ``nsubj``.
        """
        doc = self.doc
        # a participle or infinitive with its finite auxiliary before it (*heeft … opgeroepen*): the subject
        # stands next to the auxiliary, not next to the speech verb (*heeft minister X alle Duitsers opgeroepen*)
        aux = [c for c in doc[verb].children if c.dep_ in ("aux", "aux:pass") and lo <= c.i < verb
               and "Fin" in c.morph.get("VerbForm") and not self.blocked(c.i)]
        if aux and doc[verb].morph.get("VerbForm") and "Fin" not in doc[verb].morph.get("VerbForm"):
            verb = aux[0].i
        k = verb - 1
        while k >= lo and not self.blocked(k) and doc[k].pos_ in ("AUX", "ADV", "PART", "VERB") and k not in self.ent_of:
            k -= 1
        left = self.np_left(k + 1, lo)
        if left is not None and not self._in_pp(left.start, lo):
            return left
        if k >= lo and doc[k].text == "," and k == verb - 1:
            # a name before an apposition: "Dan Cook, analist bij IG Markets, zei ..." (not the company)
            c = k - 1
            for _ in range(3):  # "X, a delegate from Houston, Texas, said": past the place names of the apposition
                while c > lo and doc[c].text != "," and not self.blocked(c):
                    c -= 1
                if not (c > lo and doc[c].text == ","):
                    break
                named = self.np_left(c, lo)
                label = self.ent_of.get(named.head_start, (0, 0, ""))[2] if named is not None else ""
                if named is not None and _abbreviation(doc[named.head_start:named.head_end].text):
                    label = "LOC"  # a party and state tag (*R-S.C.*, *Mo.*) between commas: read on like a place
                if named is not None and named.kind == "name" and label != "LOC" and (
                        label == "PER" or all(doc[t].pos_ == "PROPN" for t in range(named.head_start, named.head_end))):
                    return named
                if label != "LOC":
                    break
                c -= 1
            # apposition: "Een van de onderministers, Richard Harrington, zei ..."
            left = self.np_left(k, lo)
            if left is not None and left.kind == "name":
                return left
        right = self.np_right(verb + 1, hi)
        if right is not None and not self._clause_subject(right, hi):
            return right
        first = lo
        while first < verb and (doc[first].is_punct or doc[first].is_space or doc[first].pos_ in ("CCONJ", "ADV")):
            first += 1
        if first < verb and doc[first].pos_ != "ADP":
            m = self.np_right(first, verb)
            if m is not None:
                return m
        for child in doc[verb].children:
            if child.dep_.startswith("nsubj") and lo <= child.i < hi and not self.blocked(child.i):
                return self.np_right(child.i, hi) or self._mention(child.i, child.i + 1)
        return None


def _abbreviation(text: str) -> bool:
    """A short run of abbreviations (*R-S.C.*, *Fla.*, *D-Calif.*), not a name."""
    return "." in text and len(text) <= 9 and " " not in text


@dataclass
class SpeakerCues:
    """Gender and indefiniteness cues (``speaker_cues.tsv``) and pronoun genders (``coref.tsv``)."""

    indefinite: set = field(default_factory=set)
    person_nouns: dict = field(default_factory=dict)  # noun -> "m" | "f" | ""
    address: dict = field(default_factory=dict)
    first_names: dict = field(default_factory=dict)
    pronoun_gender: dict = field(default_factory=dict)  # "hij" -> "m"
    group_nouns: dict = field(default_factory=dict)  # "partij" -> actor role "party"
    document_nouns: set = field(default_factory=set)  # "verklaring": speaks for its author
    author_preps: set = field(default_factory=set)  # "van", "uit": document -> author
    np_links: frozenset = frozenset()  # "van": joins a head noun and its complement in a speaker phrase
    titles: frozenset = frozenset()  # one-word titles and forms of address, dropped from the front of a speaker's name
    multi_titles: frozenset = frozenset()  # titles of several words ("chief of staff"), as word tuples
    name_ends: frozenset = frozenset()  # words after which a person's name has ended ("of": Marco Rubio of Florida)
    person_words: frozenset = frozenset()  # nouns and titles for a person (titles, person nouns): "de minister", "the senator"
    extra_titles: set = field(default_factory=set)  # kind "title": descriptors used as titles (Actor Clint Howard)

    @classmethod
    def load(cls, cues_path, coref_path, titles_path=None) -> "SpeakerCues":
        c = cls()
        genders = {"person_noun": c.person_nouns, "address": c.address, "first_name": c.first_names, "pronoun": c.pronoun_gender}
        sets = {"indefinite": c.indefinite, "document_noun": c.document_nouns, "author_preposition": c.author_preps}
        for r in read_tsv(cues_path):
            kind, form, value = r["kind"], r["form"].lower(), r["value"]
            if kind in genders:
                genders[kind][form] = value if value in ("m", "f") else ""
            elif kind in sets:
                sets[kind].add(form)
            elif kind == "group_noun":
                c.group_nouns[form] = value
            elif kind == "np_preposition":
                c.np_links = c.np_links | {form}
            elif kind == "title":
                c.extra_titles.add(form)
            elif kind == "name_end":
                c.name_ends = c.name_ends | {form}
        for r in read_tsv(coref_path) if coref_path is not None and Path(coref_path).exists() else ():
            if r.get("kind") == "pronoun":
                c.pronoun_gender[r["form"]] = r["gender"] if r["gender"] in ("m", "f") else ""
        titles = set(c.address) | c.extra_titles
        for r in read_tsv(titles_path) if titles_path is not None and Path(titles_path).exists() else ():
            if r.get("kind") == "person" and len(r["word"].split()) == 1:
                titles.add(r["word"].lower())
            elif r.get("kind") == "person":
                c.multi_titles = c.multi_titles | {tuple(r["word"].lower().split())}
        c.titles = frozenset(titles)
        c.person_words = frozenset(titles | set(c.person_nouns) | {" ".join(t) for t in c.multi_titles})
        return c

    def person_gender(self, doc: Doc, s: int, e: int, name: Optional[str]) -> str:
        """'m', 'f' or '' for the person named at tokens ``[s, e)`` (canonical ``name``)."""
        for w in ((name or "").split()[:1] + [doc[s].lower_]):
            g = self.first_names.get(w.lower()) or self.first_names.get(w.lower().split("-")[0])  # Marie-Chantal
            if g:
                return g
        if s > 0:
            prev = doc[s - 1].lower_.rstrip(".")
            return self.address.get(prev) or self.person_nouns.get(prev) or ""
        return ""


class FallbackResolver:
    """TEMPORARY fallback while ``kroniek_actors`` resolves nothing.

    A name becomes the longest PER (or ORG) entity of the article that contains
    its last word (*Zelensky* -> *Volodymyr Zelensky*); a third-person pronoun
    the most recent PER mention before it outside quotations; anything else
    (``de vrouwen``, ``veel Conservatieven``) stays unknown.
    """

    def __init__(self, doc: Doc, blocked: Callable[[int], bool], titles: frozenset = frozenset(), forms: Optional[NameForms] = None):
        self.doc = doc
        self.blocked = blocked
        self.titles = titles  # title words and forms of address (SpeakerCues.titles)
        self.forms = forms or NameForms(doc_text(doc), titles)  # full written names (speaker_names)
        self.ents = [e for e in doc.ents if e.label_ in NAME_LABELS]
        self._runs: Optional[dict] = None

    @staticmethod
    def _words(text: str) -> list[str]:
        return [w for w in text.replace("-", " ").split() if w]

    def canonical(self, text: str, labels: tuple[str, ...] = ("PER", "ORG")) -> str:
        """Longest entity of the article (first label that has one) containing
        the mention's last word, genitive *s* stripped if need be."""
        words = self._words(text)
        if not words:
            return text
        last = words[-1].lower()
        candidates = [last] + [last[: -len(x)] for x in ("'s", "’s", "s") if last.endswith(x) and len(last) > len(x) + 1]
        for label in labels:
            for cand in candidates:
                best = None
                for e in self.ents:
                    if e.label_ == label and cand in [w.lower() for w in self._words(e.text)]:
                        if best is None or len(e.text) > len(best):
                            best = e.text
                if best:
                    # a surname the NER tagged alone everywhere: the given name + surname written elsewhere
                    return (self._proper_run([cand]) or best) if len(self._words(best)) == 1 else best
        # an acronym of a longer name in the article (*GM* -> General Motors)
        if len(words) == 1 and 2 <= len(words[0]) <= 5 and words[0].isupper():
            full = {e.text for e in self.ents if len(e) > 1 and "".join(w[0] for w in self._words(e.text) if w[0].isupper()) == words[0]}
            if len(full) == 1:
                return full.pop()
        # an actor of the article whose name contains the word (*Cohens* -> Michael Cohen)
        for cand in candidates:
            names = [a.name for a in (self.doc._.actors or []) if cand in [w.lower() for w in self._words(a.name)]]
            if len(set(names)) == 1:
                return names[0]
        if len(words) == 1 and words[0][:1].isupper():
            full = self._proper_run(candidates)
            if full:
                return full
        return text

    def untitled(self, name: str) -> str:
        """``name`` without the titles in front of it (:meth:`NameForms.untitled`)."""
        return self.forms.untitled(name)

    def _proper_run(self, candidates: list[str]) -> Optional[str]:
        """A surname the NER left untagged: the given name + surname the article writes it with elsewhere,
        from runs of proper nouns ending in it (*Greenberg* -> *Stan Greenberg*; the first one).
        Only the last two words of a run are kept (*Phoenix Mayor Greg Stanton* -> *Greg Stanton*), three
        with a middle initial (*Ian H. Solomon*)."""
        doc = self.doc
        if self._runs is None:
            runs: dict[str, list[tuple[str, ...]]] = {}
            k, n = 0, len(doc)
            while k < n:
                if doc[k].pos_ != "PROPN":
                    k += 1
                    continue
                j = k
                while j < n and doc[j].pos_ == "PROPN":
                    j += 1
                toks = [t.text for t in doc[k:j]]
                abbrev = [i for i, w in enumerate(toks) if w.endswith(".") and 2 < len(w) <= 4]  # Mr., Sen., Gov.
                if abbrev:
                    toks = toks[abbrev[-1] + 1 :]
                if len(toks) >= 3 and len(toks[-2].rstrip(".")) == 1:
                    toks = toks[:-2] + toks[-1:]  # Andrew J. Pincus -> Andrew Pincus
                if len(toks) >= 2:
                    run = tuple(toks[-2:])
                    if all(w[:1].isupper() for w in run):
                        runs.setdefault(run[-1].lower(), []).append(run)
                k = j
            self._runs = runs
        for cand in candidates:
            found = self._runs.get(cand)
            if found:
                return " ".join(found[0])  # the first: news names its main person in full first
        return None

    def name(self, m: Mention) -> Optional[str]:
        doc = self.doc
        if m.kind == "name":
            span = doc[m.head_start : m.head_end]
            labels = [e.label_ for e in span.ents]
            return self.canonical(span.text, ("ORG", "PER") if labels and labels[-1] == "ORG" else ("PER", "ORG"))
        if m.kind == "pronoun":
            # (not a name on a line of its own: a byline)
            before = [e for e in self.ents if e.label_ == "PER" and e.end <= m.start and not self.blocked(e.start)
                      and e.sent.text.strip(" \n.") != e.text]
            if not before:
                return None
            recent = [e for e in before if e.start >= m.start - 100]
            subjects = [e for e in recent if e.root.dep_.startswith("nsubj") or e.start == 0 or doc[e.start].is_sent_start]
            return self.canonical((subjects or before)[-1].text, ("PER",))
        return None


def actor_by_word(doc: Doc, text: str):
    """The one actor of the article with a name or mention whose last word is ``text``'s last word
    (genitive *s* stripped): *Cohens* -> Michael Cohen, a surname the NER tagged as a place."""
    words = text.replace("-", " ").split()
    if not words:
        return None
    last = words[-1]
    keys = {norm_key(last)} | {norm_key(last[: -len(x)]) for x in ("'s", "’s", "s") if last.endswith(x) and len(last) > len(x) + 2}
    hits = {}
    for a in doc._.actors or []:
        if a.type not in ("person", "organisation"):
            continue
        names = [a.name] + [doc_text(doc)[s:e] for s, e in a.mentions]
        if any(n.split() and norm_key(n.split()[-1]) in keys for n in names if n[:1].isupper()):
            hits[a.id] = a
    return next(iter(hits.values())) if len(hits) == 1 else None


def group_antecedent(doc: Doc, m: Mention, cues: SpeakerCues, blocked: Callable[[int], bool]) -> Optional[Speaker]:
    """*de partij*, *de regeringspartij*: the most recent actor with that role before the mention."""
    nouns = [k for k in range(m.start, m.end) if doc[k].pos_ == "NOUN"]
    if not nouns or doc[m.start].pos_ != "DET" or doc[m.start].lower_ in cues.indefinite:
        return None
    role = cues.group_nouns.get(doc[nouns[-1]].lower_)
    if not role:
        return None
    before = doc[m.start].idx
    best = None
    for a in doc._.actors or []:
        if a.role != role:
            continue
        for s, e in a.mentions:
            tok = doc.char_span(s, e, alignment_mode="expand")
            if e <= before and tok is not None and not blocked(tok.start) and (best is None or s > best[0]):
                best = (s, a)
    if best is None:
        return None
    hs, he = m.chars(doc)
    return Speaker(best[1].name, best[1].id, hs, he, f"description -> the last {role} named ('{doc_text(doc)[best[0]:best[0] + 40].split()[0]}')")


def document_author(doc: Doc, m: Mention, cues: SpeakerCues, np: NounPhrases, tok_unit: list[int]) -> Optional[Speaker]:
    """*'...', stond er in de brief*: a document speaks for its author, named where the article
    introduced it (*een brief uit het Witte Huis*, *de verklaring van de regering*). Returns a
    speaker without a name when the document has no author in the text, None when ``m`` is no document."""
    nouns = [k for k in range(m.start, m.end) if doc[k].pos_ == "NOUN"]
    if not nouns or doc[nouns[-1]].lower_ not in cues.document_nouns:
        return None
    head = nouns[-1]
    word = doc[head].lower_
    hs, he = m.chars(doc)
    for j in range(head, -1, -1):
        if tok_unit[j] < tok_unit[head] - 6:
            break
        if doc[j].lower_ != word or np.blocked(j):
            continue
        if j + 2 < len(doc) and doc[j + 1].lower_ in cues.author_preps:
            author = np.np_right(j + 2, min(len(doc), j + 12))
            if author is not None and author.kind in ("name", "description"):
                actor = resolve_chars(doc, *author.chars(doc))
                if actor is not None:
                    return Speaker(actor.name, actor.id, hs, he, f"document '{word}' -> its author '{doc[author.head_start:author.head_end].text}'")
        if j < head:
            break  # the most recent earlier mention of the document names no author
    return Speaker(None, None, hs, he, f"document '{word}' without a named author")


def resolve(doc: Doc, m: Mention, fallback: FallbackResolver) -> Speaker:
    """Canonical name and actor id of a speaker mention."""
    hs, he = m.chars(doc)
    actor = resolve_chars(doc, hs, he)
    if actor is None and m.whole and (m.head_start, m.head_end) != (m.start, m.end) and not (
            m.kind == "name" and all(doc[k].pos_ == "PROPN" for k in range(m.head_start, m.head_end)) and m.head_end - m.head_start > 1):
        # (not for a full proper name: "former FBI agent Timothy Gill" is not the FBI)
        actor = resolve_chars(doc, doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]))
    if actor is None and m.kind == "name":
        actor = actor_by_word(doc, doc_text(doc)[hs:he])
    if actor is not None:
        chain = chain_at(doc, doc[m.start].idx, he)
        name = actor.name
        if actor.type == "person" and actor.id.startswith(ARTICLE_PERSON):
            # a person known only within the article: no title in the name (*Gov. Mike Pence*), and the full
            # name it is written with elsewhere when the actors know it by the surname only
            name, actor = _written_name(doc, name, actor, hs, he, fallback)
        if chain:
            how = f"description {chain}"
        elif m.kind == "description":
            how = f"description '{doc[m.start:m.end].text}' -> {name}: the actor layer's {actor.type}"
        else:
            how = "actor"
        return Speaker(name, actor.id, hs, he, how)
    name = fallback.name(m)
    head = doc[m.head_start:m.head_end]
    if name and (m.kind == "pronoun" or any(e.label_ == "PER" for e in head.ents) or (
            m.kind == "name" and not head.ents and all(t.pos_ == "PROPN" for t in head))):
        name = fallback.forms.full(name)  # a person: the full name the article writes
    return Speaker(fallback.untitled(name) if name and m.kind == "name" else name, None, hs, he, "fallback")


def _written_name(doc: Doc, name: str, actor, hs: int, he: int, fallback: FallbackResolver):
    """The full name the article writes for a person of the article (:class:`NameForms`), and the actor that
    has that name: a bare surname (*Sanders*, no title before it) is the person the article names most often in full."""
    span = doc.char_span(hs, he, alignment_mode="expand")
    bare = span is not None and len(span) == 1 and span.text[:1].isupper() and not (
        span.start > 0 and fallback.forms.is_title(doc[span.start - 1].text))
    full = fallback.forms.full(name, bare_surname=bare)
    if full and full != name:
        same = [a for a in (doc._.actors or []) if a.type == "person" and a.name == full]
        if same:
            actor = same[0]
    return full or name, actor
