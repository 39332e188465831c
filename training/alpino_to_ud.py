"""Convert the Alpino Treebank (cdb part, Alpino dependency XML) to UD v2 CoNLL-U.

Why: the Alpino Treebank holds ~7,100 hand-checked parses of Dutch newspaper text,
more than the UD Dutch dev data we train the parser on, but in Alpino's own
dependency format (phrasal nodes with relations such as ``su``/``obj1``/``vc``,
co-indexed empty nodes, punctuation hung from the top). This script turns it into
trees that follow the conventions of UD_Dutch-Alpino, which was itself derived
from Alpino XML by the "alud" conversion, so the two can be mixed in training:

* content words are heads: auxiliaries (``aux``, ``aux:pass``), the copula *zijn*
  (``cop``), prepositions (``case``), complementizers, *te* and *om* (``mark``)
  and coordinators (``cc``, attached to the following conjunct) depend on them;
* Alpino relations map as alud maps them: ``su`` -> ``nsubj``/``nsubj:pass``/
  ``csubj``/``expl``, ``obj1`` -> ``obj``, ``obj2`` -> ``iobj``, ``se`` ->
  ``expl:pv``, ``pc`` -> ``obl:arg``, ``svp`` -> ``compound:prt``, ``vc`` ->
  ``xcomp``/``ccomp``/``acl``, ``app`` -> ``appos``, ``dp``/``sat``/``tag`` ->
  ``parataxis``; modifiers become ``amod``/``nmod``/``acl``/``acl:relcl`` inside
  noun phrases and ``obl``/``obl:agent``/``advmod``/``advcl`` in clauses;
  multi-word units (``cat="mwu"``) become ``flat`` (names) or ``fixed``;
* co-indexed empty nodes are not tokens; relative and wh-phrases are put back
  into the position of their trace so they get the function they have there;
* punctuation is attached afterwards like UD's FixPunct does: paired marks to the
  head of what they enclose, other marks to the lower of the two projective
  candidates left and right, preferring the root where it is a candidate.

This old treebank carries only a coarse ``pos``, ``root`` (a stem, e.g. *verheel*
for *verhelen*) and ``word``; UPOS, verb lemmas (infinitives) and a few FEATS are
derived from those with small rules and word lists, so they are less reliable
than the dependency layer. Every sentence is checked to be a single-rooted,
acyclic tree with all heads in range; sentences that fail are skipped and counted.
"""
from __future__ import annotations

import argparse
import collections
import re
import sys
import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path

DEFAULT_ZIP = Path("../shared/data/alpino_treebank_xml/alpino.zip")
DEFAULT_OUT = Path("training/corpus/alpino_cdb.conllu")
MEMBER = "alpino/alpino.xml"

# ---------------------------------------------------------------- word lists
PREPS = set(
    "aan achter af bij binnen boven buiten door in langs met na naar naast om onder "
    "op over per rond sinds te ten ter tegen tijdens tot tussen uit van vanaf vanuit "
    "via voor vóór wegens zonder behalve volgens dankzij namens gezien vanwege toe "
    "omtrent jegens nabij richting".split()
)
PERS_PRON = {
    "ik": ("1", "Nom"), "jij": ("2", "Nom"), "je": ("2", None), "u": ("2", None),
    "hij": ("3", "Nom"), "zij": ("3", "Nom"), "ze": ("3", None), "wij": ("1", "Nom"),
    "we": ("1", "Nom"), "jullie": ("2", None), "mij": ("1", "Acc"), "me": ("1", "Acc"),
    "hem": ("3", "Acc"), "haar": ("3", "Acc"), "ons": ("1", "Acc"), "hen": ("3", "Acc"),
    "hun": ("3", "Acc"), "het": ("3", None), "men": ("3", "Nom"), "gij": ("2", "Nom"),
    "jou": ("2", "Acc"),
}
DEM_PRON = {"dit", "dat", "die", "deze", "datgene", "degene", "hetgeen", "dezelfde", "hetzelfde", "zulks"}
IND_PRON = {
    "iets", "niets", "niks", "iemand", "niemand", "alles", "allen", "allemaal", "iedereen",
    "ieder", "elk", "elke", "zoiets", "enkelen", "velen", "sommigen", "beide", "beiden",
    "weinigen", "wat", "veel", "meer", "weinig", "minder", "menigeen", "al",
}
INT_PRON = {"wie", "wat", "welk", "welke", "hoeveel"}
REFL_PRON = {"zich", "zichzelf", "mezelf", "jezelf", "hemzelf", "haarzelf", "onszelf"}
RCP_PRON = {"elkaar", "mekaar", "elkander"}
POSS = {"mijn": "1", "jouw": "2", "je": "2", "uw": "2", "zijn": "3", "haar": "3", "ons": "1",
        "onze": "1", "hun": "3", "diens": "3", "wiens": "3", "wier": "3", "z'n": "3", "m'n": "1"}
QUANT = {"veel", "vele", "meer", "weinig", "minder", "enkel", "enkele", "alle", "beide",
         "zoveel", "evenveel", "meest", "minst", "genoeg", "ettelijke", "sommige", "al"}
PRT_ADJ = {"vast", "bekend", "los", "open", "leeg", "kwijt", "raak", "schoon", "goed", "vrij",
           "dicht", "stil", "klaar", "kapot", "bloot", "gelijk", "groot", "hoog", "teleur"}
PRT_NOUN = {"plaats", "deel", "adem", "les", "kennis", "plaatst", "feest", "mee"}
DEF_ART = {"de", "het", "der", "den", "des", "'t"}
IND_ART = {"een", "'n"}
ORDINAL = re.compile(r"^(\d+(e|ste|de)|eerste|tweede|derde|vierde|vijfde|zesde|zevende|achtste|negende|"
                     r"tiende|elfde|twaalfde|.*tiende|.*tigste|honderdste|duizendste|laatste)$")
SYM_RE = re.compile(r"^[%&+=*/§$€£#°<>|~^]+$")
NUM_RE = re.compile(r"^[\d.,/:\-½¼¾]+$")
COP = {"zijn"}
AUX_VERBS = {"blijken", "hebben", "hoeven", "kunnen", "moeten", "mogen", "zijn", "zullen"}

IRREGULAR_VERBS = {
    "ben": "zijn", "is": "zijn", "kan": "kunnen", "zal": "zullen", "mag": "mogen", "wil": "willen",
    "kom": "komen", "heb": "hebben", "word": "worden", "ga": "gaan", "sta": "staan",
    "sla": "slaan", "doe": "doen", "zie": "zien", "hoef": "hoeven", "weet": "weten",
    "zeg": "zeggen", "breng": "brengen", "dunk": "dunken", "bekom": "bekomen",
    "neem": "nemen", "beneem": "benemen",
}
VERB_PREFIXES = ("be", "ge", "ver", "ont", "her", "er")
SEP_PREFIXES = ("aan", "af", "door", "mis", "om", "onder", "over", "op", "uit", "toe", "voor",
                "mee", "na", "bij", "weer", "terug", "samen", "tegen", "achter")
VOWELS = set("aeiouy")


def _vowel_groups(s: str) -> int:
    return len(re.findall(r"[aeiouy]+", s))


def verb_lemma(root: str) -> str:
    """Alpino verb stems (``verheel``, ``heb``, ``aan_spoor``) -> infinitives."""
    if "_" in root:
        parts = root.split("_")
        return "_".join(parts[:-1] + [verb_lemma(parts[-1])])
    r = root.lower()
    if not r or not r.isalpha():
        return root
    if r in IRREGULAR_VERBS:
        return IRREGULAR_VERBS[r]
    for irr in ("kom", "neem", "heb", "sta", "ga", "doe", "zie", "sla"):
        if r.endswith(irr) and len(r) > len(irr) + 1:
            return r[: -len(irr)] + IRREGULAR_VERBS[irr]
    if r.endswith("en") and len(r) > 4 and r[-3] not in VOWELS and _vowel_groups(r) >= 2:
        # "open", "reken": could already be an infinitive-like stem ending in -en
        return r + "en"
    if r[-1] in VOWELS:
        return r + "n"  # ga -> gaan (handled above), doe -> doen
    # strip a verbal prefix to judge the syllable structure of the last syllable
    core = r
    for pre in sorted(VERB_PREFIXES + SEP_PREFIXES, key=len, reverse=True):
        if r.startswith(pre) and _vowel_groups(r[len(pre):]) >= 1 and len(r) - len(pre) >= 3:
            core = r[len(pre):]
            break
    if re.search(r"[^aeiouy](el|er|en)$", r) and _vowel_groups(core) >= 2:
        return r + "en"  # wandel -> wandelen, verander -> veranderen
    last = r[-1]
    m = re.search(r"((?:ij|[aeiouy])+)([^aeiouy]+)$", r)
    if not m:
        return r + "en"
    vow, cons = m.group(1), m.group(2)
    stem = r[: m.start()]
    if len(cons) == 1:
        if len(vow) == 2 and vow[0] == vow[1]:  # long vowel: verheel -> verhelen
            cons = {"f": "v", "s": "z"}.get(cons, cons)
            return stem + vow[0] + cons + "en"
        if len(vow) == 1:  # short vowel: zeg -> zeggen
            if last in "wj":
                return r + "en"
            return r + last + "en"
        # diphthong: blijf -> blijven, kies -> kiezen
        cons = {"f": "v", "s": "z"}.get(cons, cons)
        return stem + vow + cons + "en"
    return r + "en"


def sep_prefix_lemma(word: str, root: str, lemma: str) -> str:
    """``uitzit``/``teruggekeerd`` with root ``zit``/``keer``: the particle is only in the word."""
    w, r = word.lower(), root.lower()
    for pre in sorted(SEP_PREFIXES, key=len, reverse=True):
        if w.startswith(pre) and not r.startswith(pre) and len(r) >= 2:
            rest = w[len(pre):]
            if rest.startswith(r[:3]) or rest.startswith("ge" + r[:2]) or rest.startswith("te" + r[:2]):
                return pre + "_" + lemma
    return lemma


# ---------------------------------------------------------------- tree model
class Node:
    __slots__ = ("a", "rel", "cat", "pos", "root", "word", "index", "begin", "children",
                 "parent", "upos", "lemma", "feats", "first", "punct", "_head")

    def __init__(self, el: ET.Element, parent: "Node | None"):
        a = el.attrib
        self.a = a
        self.rel = a.get("rel", "")
        self.cat = a.get("cat")
        self.pos = a.get("pos")
        self.root = a.get("root")
        self.word = a.get("word")
        self.index = a.get("index")
        self.begin = int(a.get("begin", "0"))
        self.parent = parent
        self.children = [Node(c, self) for c in el.findall("node")]
        self.upos = self.lemma = None
        self.feats: dict = {}
        self.punct = self.word is not None and self.pos == "punct"
        self._head = False

    @property
    def content(self) -> bool:
        return self.word is not None or self.cat is not None

    def kids(self, *rels):
        return [c for c in self.children if c.rel in rels]

    def kid(self, *rels):
        for c in self.children:
            if c.rel in rels:
                return c
        return None

    def ckid(self, *rels):
        """First child with one of ``rels`` that has content (not an empty index node)."""
        for c in self.children:
            if c.rel in rels and c.content:
                return c
        return None

    def iter(self):
        yield self
        for c in self.children:
            yield from c.iter()


def _set_first(n: Node) -> int:
    pos = [n.begin] if n.word is not None else []
    for c in n.children:
        f = _set_first(c)
        if f < 10**6:
            pos.append(f)
    n.first = min(pos) if pos else 10**6
    return n.first


def leftmost(nodes):
    nodes = [n for n in nodes if n is not None]
    return min(nodes, key=lambda n: n.first) if nodes else None


# ---------------------------------------------------------------- preprocessing
def move_wh_phrases(top: Node) -> None:
    """Put rhd/whd phrases into the position of their (shallowest) trace in the body."""
    movers = [n for n in top.iter() if n.rel in ("rhd", "whd") and n.index and n.content]
    for m in movers:
        p = m.parent
        if p is None:
            continue
        trace = None
        queue = collections.deque(c for c in p.children if c is not m)
        while queue:
            x = queue.popleft()
            if x.index == m.index and not x.content:
                trace = x
                break
            queue.extend(x.children)
        if trace is None:
            continue
        tp = trace.parent
        tp.children[tp.children.index(trace)] = m
        p.children.remove(m)
        m.parent = tp
        m.a = dict(m.a)
        m.rel = trace.rel


# ---------------------------------------------------------------- POS / lemma
def is_name_like(word: str) -> bool:
    return bool(word) and (word[0].isupper() or (any(ch.isupper() for ch in word[1:]) and word.isalnum()))


class Lexicon:
    """Corpus counts used to decide whether a capitalised noun is a name."""

    def __init__(self):
        self.lower_noun = collections.Counter()
        self.cap_mid = collections.Counter()

    def add(self, tokens):
        for i, t in enumerate(tokens):
            if t.pos != "noun" or not t.word:
                continue
            if t.word[:1].islower():
                self.lower_noun[t.word.lower()] += 1
            elif i > 0 and not (tokens[i - 1].word in ('"', "(", ":", "-", "'")):
                self.cap_mid[t.word] += 1


def base_upos(t: Node, sent_initial: bool, lex: Lexicon | None) -> str:
    w, r, p = t.word, (t.root or t.word or ""), t.pos
    lw, lr = w.lower(), r.lower()
    if p == "punct":
        return "PUNCT"
    if SYM_RE.match(w):
        return "SYM"
    if p == "noun" or p in ("pron", "name"):
        if p == "pron" or (lw in PERS_PRON or lw in DEM_PRON or lw in IND_PRON or lw in INT_PRON
                           or lw in REFL_PRON or lw in RCP_PRON):
            return "PRON"
        if p == "name":
            return "PROPN"
        if NUM_RE.match(w) and any(ch.isdigit() for ch in w):
            return "NUM"
        if is_name_like(w):
            if not sent_initial:
                return "PROPN"
            if lex is not None and lex.cap_mid[w] > lex.lower_noun[lw]:
                return "PROPN"
            if lex is not None and lex.lower_noun[lw] == 0 and w[1:].lower() != w[1:]:
                return "PROPN"
            return "NOUN" if (lex is None or lex.lower_noun[lw] > 0) else "PROPN"
        return "NOUN"
    if p == "verb":
        return "VERB"
    if p == "det":
        if lw in POSS or lr in POSS:
            return "PRON"
        return "DET"
    if p == "num":
        if ORDINAL.match(lw):
            return "ADJ"
        if lr in QUANT or lw in QUANT:
            return "DET" if t.rel == "det" else ("ADV" if t.rel == "mod" else "PRON")
        return "NUM"
    if p == "adj":
        if t.rel == "det" and (lr in QUANT or lw in QUANT):
            return "DET"
        return "ADJ"
    if p in ("adv", "pp"):
        return "ADV"
    if p == "prep":
        return "ADP"
    if p == "comp":
        if lr in ("te", "om") or lr in PREPS:
            return "ADP"
        if lr in ("en", "maar", "want", "doch"):
            return "CCONJ"
        if lr in ("het", "zij"):
            return "PRON"
        if lr in ("daar", "nu", "namelijk", "zover"):
            return "SCONJ" if lr == "nu" else "ADV"
        return "SCONJ"
    if p == "comparative":
        return "SCONJ"
    if p == "vg":
        if lr in PREPS:
            return "ADP"
        if lr in ("niet", "alleen", "dus", "wel", "zo", "kortom", "respectievelijk", "resp.",
                  "onderscheidenlijk", "d.w.z."):
            return "ADV"
        if lr in ("etc.", "enz.", "a"):
            return "X" if lr != "a" else "ADP"
        return "CCONJ"
    if p == "part":
        if lr in PREPS or lr in ("mee", "toe", "heen", "tegemoet"):
            return "ADP" if lr in PREPS else "ADV"
        if lr in PRT_ADJ:
            return "ADJ"
        if lr in PRT_NOUN:
            return "NOUN"
        return "ADV"
    if p == "fixed":
        if lr in PREPS:
            return "ADP"
        if lr in DEF_ART or lr in IND_ART:
            return "DET"
        if lr in ("er", "daar", "hier"):
            return "ADV"
        return "NOUN"
    if p == "tag":
        return "INTJ" if w.isalpha() else ("PUNCT" if not w.isalnum() else "X")
    return "X"


def pron_feats(t: Node, lw: str) -> dict:
    f: dict = {}
    if lw in POSS and t.rel == "det":
        f.update(Poss="Yes", PronType="Prs", Person=POSS[lw])
    elif lw in REFL_PRON:
        f.update(PronType="Prs", Reflex="Yes", Person="3", Case="Acc")
    elif lw in RCP_PRON:
        f.update(PronType="Rcp")
    elif lw in PERS_PRON:
        pers, case = PERS_PRON[lw]
        f.update(PronType="Prs", Person=pers)
        if case:
            f["Case"] = case
    elif lw in DEM_PRON:
        f["PronType"] = "Dem"
    elif lw in ("wie", "welk", "welke", "hoeveel"):
        f["PronType"] = "Int"
    elif lw in IND_PRON:
        f["PronType"] = "Ind"
    return f


# ---------------------------------------------------------------- conversion
# participle shapes: present (*leidende*), past (*geselecteerde*, *aangekondigde*, *verloren*)
PARTICIPLE_RE = re.compile(r"^(\w{3,}ende?|\w*ge\w{2,}[dt]e?|(be|ver|ont|her|er)\w{2,}[dt]e?|\w*(ge|ver)\w+en)$")


class UDLexicon:
    """Word form -> UPOS counts from UD files, for the tags this old treebank does not
    distinguish: UD tags attributive participles VERB (this treebank: ``adj``) and
    nominal infinitives VERB (this treebank: ``noun``), except lexicalised ones."""

    def __init__(self, paths=()):
        self.counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        for path in paths:
            with open(path, encoding="utf8") as f:
                for line in f:
                    c = line.split("\t")
                    if len(c) == 10 and c[0].isdigit():
                        self.counts[c[1].lower()][{"CONJ": "CCONJ"}.get(c[3], c[3])] += 1

    def prefers(self, word: str, upos: str, over: str, min_count: int = 1) -> bool | None:
        """True/False when ``word`` was seen as ``upos`` or ``over``, None when not seen."""
        c = self.counts.get(word.lower())
        if not c or c[upos] + c[over] < min_count:
            return None
        return c[upos] > c[over]


class Converter:
    def __init__(self, lex: Lexicon | None = None, ud_lex: UDLexicon | None = None):
        self.lex = lex
        self.ud_lex = ud_lex or UDLexicon()
        self.stats = collections.Counter()

    def ud_pos_conventions(self, t: Node) -> str:
        """UPOS where UD_Dutch-Alpino's conventions differ from this treebank's coarse ``pos``."""
        lw = t.word.lower()
        if t.upos == "ADJ" and t.pos == "adj" and PARTICIPLE_RE.match(lw):
            pref = self.ud_lex.prefers(lw, "VERB", "ADJ")
            if pref is None or pref:
                self.stats["participle->VERB"] += 1
                return "VERB"
        if t.upos == "NOUN" and lw == t.word and lw.endswith("en") and self.ud_lex.prefers(lw, "VERB", "NOUN", 2):
            self.stats["infinitive->VERB"] += 1
            return "VERB"
        p = t.parent
        if (t.upos in ("NOUN", "ADP", "DET") and t.rel == "mwp" and p is not None and p.cat == "mwu"
                and t.word.isalpha() and any(c.upos == "PROPN" for c in p.children if c.word is not None and c is not t)):
            self.stats["name part->PROPN"] += 1
            return "PROPN"
        return t.upos

    # --- auxiliaries -------------------------------------------------------
    def vlemma(self, n: Node) -> str:
        r = n.root or n.word or ""
        # some roots in this treebank are finite forms ("ligt", "werkt"): drop the -t
        if r == n.word and len(r) > 3 and r.endswith("t") and r[-2] not in VOWELS and r[-2] != "t":
            r = r[:-1]
        return verb_lemma(r)

    def aux_type(self, n: Node) -> str | None:
        if n is None or n.pos != "verb" or n.rel != "hd" or n.parent is None:
            return None
        if n.a.get("_aux") is not None:
            return n.a["_aux"] or None
        p = n.parent
        lem = self.vlemma(n)
        su = p.kid("su")
        vc = p.kid("vc")
        res = None
        if lem in COP and not p.kid("obj1", "se", "vc") and p.kid("predc"):
            res = "cop"
        elif lem in ("zijn", "worden") and vc is not None and (vc.cat in ("ppart", "conj") or not vc.content):
            idx = su.index if su is not None else None
            objs = [x for x in vc.kids("obj1")] + [y for c in vc.kids("cnj") for y in c.kids("obj1")]
            if su is None or (idx and any(o.index == idx for o in objs)):
                res = "aux:pass"
        elif lem == "krijgen" and vc is not None and su is not None and su.index:
            objs = [x for x in vc.kids("obj2")] + [y for c in vc.kids("cnj") for y in c.kids("obj2")]
            if any(o.index == su.index for o in objs):
                res = "aux:pass"
        if res is None and lem in AUX_VERBS and not p.kid("predc") and vc is not None:
            if vc.cat in ("ppart", "inf", "ti") or (vc.cat == "conj" and any(
                    c.cat in ("ppart", "inf", "ti") for c in vc.kids("cnj"))) or (vc.index and not vc.content):
                res = "aux"
        if isinstance(n.a, dict):
            n.a["_aux"] = res or ""
        else:
            n.a = dict(n.a)
            n.a["_aux"] = res or ""
        return res

    # --- heads -------------------------------------------------------------
    def ihead(self, n: Node):
        """Token that heads constituent ``n`` in UD (None when it has no tokens)."""
        if n._head is not False:
            return n._head
        n._head = None  # guard against cycles
        h = self._ihead(n)
        n._head = h
        return h

    def _ihead(self, n: Node):
        if n.word is not None:
            return None if n.punct else n
        if n.cat is None:
            return None
        ch = [c for c in n.children if c.content]
        if not ch:
            return None

        def first_of(*rels):
            for c in ch:
                if c.rel in rels:
                    h = self.ihead(c)
                    if h is not None:
                        return h
            return None

        if n.cat == "mwu":
            for c in sorted(ch, key=lambda x: x.first):
                h = self.ihead(c)
                if h is not None:
                    return h
            return None
        if n.cat == "pp":
            hd = n.ckid("hd")
            if hd is not None and hd.word is not None and hd.pos in ("adv", "noun", "pp"):
                return self.ihead(hd)
            h = first_of("obj1", "pobj1", "se", "vc")
            if h is not None:
                return h
            if hd is not None and self.ihead(hd) is not None:
                return self.ihead(hd)
        if n.cat == "conj":
            cnjs = sorted([c for c in ch if c.rel == "cnj"], key=lambda x: x.first)
            for c in cnjs:
                h = self.ihead(c)
                if h is not None:
                    return h
        hd = n.ckid("hd")
        predc = n.ckid("predc")
        if predc is not None and (hd is None or self.aux_type(hd) == "cop"):
            h = self.ihead(predc)
            if h is not None:
                return h
        vc = n.ckid("vc")
        if vc is not None and hd is not None and (self.aux_type(hd) in ("aux", "aux:pass")):
            h = self.ihead(vc)
            if h is not None:
                return h
        for rels in (("hd",), ("body",), ("nucl",)):
            h = first_of(*rels)
            if h is not None:
                return h
        dps = sorted([c for c in ch if c.rel == "dp"], key=lambda x: x.first)
        for c in dps:
            h = self.ihead(c)
            if h is not None:
                return h
        # gapping / headless constituents: promote a dependent, as alud does
        for rels in (("su",), ("obj1",), ("predc",), ("vc",), ("pc",), ("mod", "ld"), ("app",),
                     ("det",), ("cmp",), ("cnj",), ("obj2", "se", "me", "svp", "predm", "crd", "--")):
            h = first_of(*rels)
            if h is not None:
                return h
        for c in sorted(ch, key=lambda x: x.first):
            h = self.ihead(c)
            if h is not None:
                return h
        return None

    # --- labels ------------------------------------------------------------
    def passive_subject(self, su: Node, depth=0) -> bool:
        p = su.parent
        hd = p.kid("hd") if p is not None else None
        a = self.aux_type(hd) if hd is not None else None
        if a == "aux:pass":
            return True
        if a == "aux" and su.index and depth < 10:
            vc = p.kid("vc")
            if vc is not None:
                s2 = vc.kid("su")
                if s2 is not None and s2.index == su.index:
                    return self.passive_subject(s2, depth + 1)
        return False

    def subject_label(self, n: Node) -> str:
        clausal = ("whsub", "ssub", "ti", "cp", "oti")
        if n.cat in clausal or (n.cat == "conj" and any(c.cat in clausal for c in n.children)):
            base = "csubj"
        elif (n.root or "").lower() == "het" and n.parent is not None and any(
                x.rel == "sup" for x in n.parent.iter()):
            base = "expl"
        else:
            base = "nsubj"
        if self.passive_subject(n):
            return base + ":pass"
        return base

    def rep(self, n: Node) -> Node:
        """For a coordination, the first conjunct stands for the whole when choosing a label."""
        seen = 0
        while n.cat == "conj" and seen < 10:
            cnjs = [c for c in n.children if c.rel == "cnj" and c.content]
            if not cnjs:
                break
            n = leftmost(cnjs)
            seen += 1
        return n

    def mod_in_np(self, n: Node) -> str:
        r = self.rep(n)
        if r.cat == "pp" and r.ckid("vc") is not None:
            return "acl"
        up = r.upos if r.word is not None else None
        if up == "ADJ" or r.cat == "ap":
            return "amod"
        if r.cat in ("pp", "np", "mwu") or up in ("NOUN", "PRON", "PROPN", "X", "PUNCT", "SYM", "INTJ"):
            return "nmod"
        if up == "NUM":
            return "nummod"
        if r.cat == "detp":
            hd = r.ckid("hd")
            return "nummod" if hd is not None and hd.upos == "NUM" else "det"
        if r.cat in ("rel", "whrel", "ssub"):
            return "acl:relcl"
        if r.cat == "cp":
            body = r.ckid("body")
            if body is not None and (body.cat in ("np", "conj") or body.upos in ("NOUN", "PROPN")):
                return "nmod"
        if r.cat in ("cp", "sv1", "smain", "ppres", "ppart", "inf", "ti", "oti", "du", "whq", "whsub") or up == "SCONJ":
            return "acl"
        if up in ("ADV", "ADP", "VERB", "CCONJ", "DET") or r.cat == "advp":
            return "amod"
        return "nmod"

    def vmod(self, n: Node) -> str:
        r = self.rep(n)
        if r.cat == "pp" and r.ckid("vc") is not None:
            return "advcl"
        p = n.parent
        if n.cat == "pp" and p is not None and p.cat == "ppart":
            hd = n.ckid("hd")
            gp = p.parent
            if hd is not None and (hd.root or "").lower() == "door" and gp is not None:
                ghd = gp.kid("hd")
                if ghd is not None and self.aux_type(ghd) == "aux:pass":
                    return "obl:agent"
        up = r.upos if r.word is not None else None
        if r.cat in ("pp", "np", "mwu") or up in ("NOUN", "VERB", "PRON", "PROPN", "X", "PUNCT", "SYM", "ADP"):
            return "obl"
        if r.cat == "advp" and any(c.upos in ("NOUN", "VERB", "ADP") for c in r.children if c.word):
            return "obl"
        if r.cat == "ap" and any((c.word and c.upos == "NOUN") or c.cat == "np" for c in r.children):
            return "obl"
        if r.cat in ("cp", "sv1", "smain", "ssub", "ppres", "ppart", "ti", "oti", "inf", "du", "whq",
                     "whrel", "rel", "whsub", "ahi", "svan"):
            return "advcl"
        if up == "NUM":
            return "nummod"
        return "advmod"

    def det_label(self, n: Node) -> str:
        if n.word is not None:
            lw = n.word.lower()
            if n.upos == "PRON" and (lw in POSS):
                return "nmod:poss"
            if n.upos in ("PROPN", "NOUN") and re.search(r"('s|s')$", n.word) and n.upos == "PROPN":
                return "nmod:poss"
            if n.upos in ("DET", "PROPN", "PRON", "X"):
                return "det"
            if n.upos in ("NUM", "SYM"):
                return "nummod"
            return "nmod"
        if n.cat == "mwu" and any(c.upos == "PROPN" for c in n.children if c.word):
            return "nmod:poss"
        if n.cat == "detp":
            hd = n.ckid("hd")
            if hd is not None and hd.upos == "NUM":
                return "nummod"
            if hd is not None and hd.upos in ("NOUN", "ADJ"):
                return "nmod"
            if hd is not None and hd.upos == "PRON" and (hd.word or "").lower() in POSS:
                return "nmod:poss"
            return "det"
        if n.cat in ("np", "ap"):
            return "nmod"
        if n.cat in ("mwu", "smain"):
            return "det"
        if n.cat == "pp":
            return "nummod"
        if n.cat == "conj":
            r = self.rep(n)
            return self.det_label(r) if r is not n else "det"
        return "nmod"

    def is_control_vc(self, vc: Node) -> bool:
        def empty_su(x):
            s = x.kid("su") if x is not None else None
            return s is not None and s.index and not s.content
        if empty_su(vc):
            return True
        if vc.cat == "ti" and empty_su(vc.kid("body")):
            return True
        if vc.cat == "oti":
            ti = vc.kid("body")
            if ti is not None and empty_su(ti) or (ti is not None and empty_su(ti.kid("body"))):
                return True
        return False

    def label(self, n: Node) -> str:
        p = n.parent
        rel = n.rel
        pcat = p.cat if p is not None else None
        if rel == "app":
            return "appos"
        if rel in ("cmp", "dlink"):
            return "mark"
        if rel == "crd":
            crds = sorted([c for c in p.children if c.rel == "crd" and c.content], key=lambda x: x.first)
            cnjs = [c for c in p.children if c.rel == "cnj" and c.content]
            if len(crds) >= 2 and n is crds[0] and cnjs and n.first < min(c.first for c in cnjs):
                return "cc:preconj"  # zowel ... als, niet ... maar
            return "cc"
        if rel == "me":
            hd = p.ckid("hd")
            if hd is not None and hd.upos in ("VERB", "ADJ", "AUX"):
                return "obl"
            return "nmod"
        if rel == "obcomp":
            return "advcl"
        if rel == "obj2":
            return "obl" if n.cat == "pp" else "iobj"
        if rel in ("pobj1", "sup"):
            return "expl"
        if rel == "predc":
            if pcat == "pp":
                return "advcl" if p.parent is None or p.parent.cat != "np" else "acl"
            return "xcomp"
        if rel == "se":
            return "expl:pv"
        if rel == "su":
            return self.subject_label(n)
        if rel == "svp":
            return "compound:prt"
        if rel == "hd" and n.word is not None and n.pos == "verb":
            a = self.aux_type(n)
            if a:
                return a
        if rel == "det":
            return self.det_label(n)
        if rel in ("obj1",):
            if pcat == "pp":
                return self.label(p) if p.rel not in ("top",) else "obl"
            su = p.parent.kid("su") if p.parent is not None else None
            if n.index and su is not None and su.index == n.index:
                return "nsubj:pass"
            return "obj"
        if rel == "mwp":
            if any(c.upos == "PROPN" for c in p.children if c.word is not None):
                return "flat"
            return "fixed"
        if rel == "cnj":
            return "conj"
        if rel in ("dp", "tag", "sat", "--"):
            return "parataxis"
        if rel == "vc":
            if self.is_control_vc(n):
                return "xcomp"
            if pcat == "np":
                return "acl"
            return "ccomp"
        if rel == "mod" and p.rel == "det":
            return "amod"
        if rel in ("mod", "pc", "ld") and pcat == "np":
            return self.mod_in_np(n)
        clausal = ("sv1", "smain", "ssub", "inf", "ppres", "ppart", "oti", "ti", "ap", "advp", "cp",
                   "whrel", "rel", "whq", "whsub", "du", "ahi", "svan")
        if rel in ("pc", "ld") and pcat in clausal:
            lab = self.vmod(n)
            if rel == "pc" and lab == "obl":
                return "obl:arg"
            return lab
        if rel == "mod" and pcat in clausal:
            return self.vmod(n)
        if rel == "mod" and pcat in ("pp",):
            return "amod" if p.ckid("obj1") is not None else "advmod"
        if rel == "mod" and pcat in ("detp", "advp", "mwu"):
            return "amod"
        if rel == "mod" and pcat == "conj":
            return "nmod"
        if rel == "pc" and pcat == "pp":
            return "nmod"
        if rel == "hdf":
            return "case"
        if rel == "predm":
            up = n.upos if n.word is not None else None
            if up in ("VERB", "ADJ"):
                return "advcl"
            if up in ("PRON", "NOUN"):
                return "obl"
            return "advmod" if up else "advcl"
        if rel in ("rhd", "whd"):
            if n.cat == "pp":
                return "nmod"
            return "obl" if n.upos == "PRON" else "advmod"
        if rel == "hd":
            if n.word is not None and (n.upos == "ADP" or pcat == "pp"):
                if p.kid("predc") is not None or p.ckid("vc") is not None:
                    return "mark"
                return "case"
            if pcat == "pp" and (n.cat == "mwu" or n.upos in ("ADJ", "X", "ADV")):
                return "case"
            return "conj"
        if rel in ("mod", "pc", "ld"):
            return self.vmod(n)
        self.stats["label:" + rel] += 1
        return "dep"

    # --- attachment ----------------------------------------------------------
    def attach_point(self, n: Node, ph: Node) -> Node:
        p = n.parent
        if n.rel == "crd" and p is not None:
            cnjs = sorted([c for c in p.children if c.rel == "cnj" and self.ihead(c) is not None],
                          key=lambda x: x.first)
            crds = sorted([c for c in p.children if c.rel == "crd" and c.content], key=lambda x: x.first)
            if cnjs:
                after = [c for c in cnjs if c.first > n.first]
                if len(crds) >= 2 and n is crds[0] and cnjs[0].first > n.first:
                    return self.ihead(cnjs[0])
                return self.ihead(after[0] if after else cnjs[0])
        return ph

    def convert(self, ds: ET.Element):
        """Return (sent_id, text, rows) or raise ValueError."""
        sid = ds.get("id")
        top = Node(ds.find("node"), None)
        tokens = sorted([n for n in top.iter() if n.word is not None], key=lambda n: n.begin)
        if not tokens:
            raise ValueError("no tokens")
        if [t.begin for t in tokens] != list(range(len(tokens))):
            raise ValueError("token positions")
        move_wh_phrases(top)
        _set_first(top)
        # POS: first pass without the verb decision
        first_content = 0
        while first_content < len(tokens) and not tokens[first_content].word[:1].isalnum():
            first_content += 1
        for i, t in enumerate(tokens):
            t.upos = base_upos(t, i <= first_content, self.lex)
        for t in tokens:
            if t.pos == "verb":
                t.lemma = self.vlemma(t)
                svp = t.parent.ckid("svp") if t.rel == "hd" and t.parent is not None else None
                if svp is not None and svp.word is not None and svp.root and "_" not in t.lemma:
                    t.lemma = svp.root.lower() + "_" + t.lemma  # separable verbs: aan_sporen
                elif "_" not in t.lemma:
                    t.lemma = sep_prefix_lemma(t.word, t.root or "", t.lemma)
                a = self.aux_type(t)
                t.upos = "AUX" if a else "VERB"
            else:
                t.lemma = t.root if t.root else t.word
        for t in tokens:
            t.upos = self.ud_pos_conventions(t)
        # dependencies
        N = len(tokens)
        head = {}
        deprel = {}
        mains = [c for c in top.children if c.content and self.ihead(c) is not None]
        if not mains:
            # only punctuation
            rows_heads = [0] + [1] * (N - 1)
            rels = ["root"] + ["punct"] * (N - 1)
            return sid, self.finish(tokens, rows_heads, rels)
        main = leftmost([c for c in mains if c.cat is not None]) or leftmost(mains)
        root_tok = self.ihead(main)
        head[root_tok] = None
        deprel[root_tok] = "root"
        for c in mains:
            if c is main:
                continue
            h = self.ihead(c)
            head[h] = root_tok
            deprel[h] = "parataxis" if c.upos not in ("CCONJ",) else "cc"

        stack = list(mains)
        while stack:
            n = stack.pop()
            if n.word is not None:
                continue
            ph = self.ihead(n)
            for c in n.children:
                if not c.content:
                    continue
                h = self.ihead(c)
                if h is None:
                    continue
                if h is not ph:
                    if h in head:
                        self.stats["double_attach"] += 1
                        raise ValueError("token attached twice")
                    head[h] = self.attach_point(c, ph)
                    deprel[h] = self.label(c)
                stack.append(c)
        heads = []
        rels = []
        idx = {t: i + 1 for i, t in enumerate(tokens)}
        for t in tokens:
            if t.punct:
                heads.append(-1)
                rels.append("punct")
                continue
            if t not in head:
                raise ValueError("unattached token %s" % t.word)
            h = head[t]
            heads.append(0 if h is None else idx[h])
            rels.append(deprel[t])
        attach_punct(tokens, heads)
        return sid, self.finish(tokens, heads, rels)

    def finish(self, tokens, heads, rels):
        validate(heads)
        for t, h, r in zip(tokens, heads, rels):
            self.feats(t, r)
        spaces = space_after(tokens)
        rows = []
        for i, t in enumerate(tokens):
            feats = "|".join(f"{k}={v}" for k, v in sorted(t.feats.items())) or "_"
            misc = "_" if spaces[i] else "SpaceAfter=No"
            rows.append([str(i + 1), t.word, t.lemma or t.word, t.upos, "_", feats, str(heads[i]), rels[i], "_", misc])
        text = "".join(t.word + (" " if spaces[i] else "") for i, t in enumerate(tokens)).strip()
        return text, rows

    def feats(self, t: Node, rel: str) -> None:
        lw = t.word.lower()
        f = {}
        if t.upos == "DET":
            if lw in DEF_ART:
                f["Definite"] = "Def"
            elif lw in IND_ART:
                f["Definite"] = "Ind"
        elif t.upos == "PRON":
            if rel == "nmod:poss" and lw in POSS:
                f.update(Poss="Yes", PronType="Prs", Person=POSS[lw])
            else:
                f = pron_feats(t, lw)
                if lw == "die" or lw == "dat":
                    anc = t.parent
                    if anc is not None and anc.parent is not None and anc.parent.cat == "rel" or t.rel == "rhd":
                        f["PronType"] = "Rel"
        elif t.upos in ("VERB", "AUX"):
            p = t.parent
            if t.rel == "hd" and p is not None:
                if p.cat in ("ppart",):
                    f["VerbForm"] = "Part"
                elif p.cat in ("inf",):
                    f["VerbForm"] = "Inf"
                elif p.cat in ("smain", "sv1", "ssub"):
                    f["VerbForm"] = "Fin"
                elif p.cat == "ppres":
                    f["VerbForm"] = "Part"
        elif t.upos == "ADJ":
            r = (t.root or "").lower()
            if lw.endswith(("st", "ste")) and not r.endswith(("st", "ste")) or r in ("meest", "minst"):
                f["Degree"] = "Sup"
            elif lw.endswith(("er", "ere")) and not r.endswith(("er",)) and len(lw) > len(r):
                f["Degree"] = "Cmp"
            else:
                f["Degree"] = "Pos"
        t.feats = f


# ---------------------------------------------------------------- punctuation
PAIRS = {"(": ")", "[": "]", "{": "}"}


def attach_punct(tokens, heads) -> None:
    """Attach punctuation (heads[i] == -1) the way UD's FixPunct does; positions are 1-based."""
    N = len(tokens)

    def parent(i):  # 1-based
        return heads[i - 1]

    is_p = [h == -1 for h in heads]
    children = collections.defaultdict(list)
    for i in range(1, N + 1):
        if not is_p[i - 1] and heads[i - 1] > 0:
            children[heads[i - 1]].append(i)
    span = {}

    def get_span(i):
        if i in span:
            return span[i]
        lo = hi = i
        st = [i]
        seen = set()
        while st:
            x = st.pop()
            if x in seen:
                continue
            seen.add(x)
            lo, hi = min(lo, x), max(hi, x)
            st.extend(children[x])
        span[i] = (lo, hi)
        return span[i]

    def is_desc(a, b):  # a descendant of b (non-punct tree)
        seen = 0
        while a > 0 and seen <= N:
            if a == b:
                return True
            a = heads[a - 1]
            seen += 1
        return False

    root = next(i for i in range(1, N + 1) if heads[i - 1] == 0)
    fixed = set()
    # paired punctuation: brackets and straight double quotes
    opened = []
    quotes = [i for i in range(1, N + 1) if is_p[i - 1] and tokens[i - 1].word in ('"', "''", "``")]
    pairs = [(quotes[k], quotes[k + 1]) for k in range(0, len(quotes) - 1, 2)]
    for i in range(1, N + 1):
        w = tokens[i - 1].word
        if not is_p[i - 1]:
            continue
        if w in PAIRS:
            opened.append((w, i))
        elif w in PAIRS.values():
            for k in range(len(opened) - 1, -1, -1):
                if PAIRS[opened[k][0]] == w:
                    pairs.append((opened[k][1], i))
                    del opened[k:]
                    break
    for a, b in pairs:
        inner = [i for i in range(a + 1, b) if not is_p[i - 1]]
        tops = [i for i in inner if not (a < heads[i - 1] < b)]
        if len(tops) == 1:
            heads[a - 1] = heads[b - 1] = tops[0]
            fixed.update((a, b))
    for i in range(1, N + 1):
        if not is_p[i - 1] or i in fixed:
            continue
        l = i - 1
        while l >= 1 and is_p[l - 1]:
            l -= 1
        r = i + 1
        while r <= N and is_p[r - 1]:
            r += 1
        l_path, r_path = [], []
        lc = l if l >= 1 else None
        rc = r if r <= N else None
        if lc is not None:
            l_path.append(lc)
            while parent(lc) > 0 and parent(lc) < i and get_span(lc)[1] < i:
                lc = parent(lc)
                l_path.append(lc)
        if rc is not None:
            r_path.append(rc)
            while parent(rc) > 0 and parent(rc) > i and get_span(rc)[0] > i:
                rc = parent(rc)
                r_path.append(rc)
        if lc is not None and rc is not None and is_desc(lc, rc):
            cand, path = lc, l_path
        elif rc is not None and lc is not None and is_desc(rc, lc):
            cand, path = rc, r_path
        elif lc is not None:
            cand, path = lc, l_path + r_path
        else:
            cand, path = rc, l_path + r_path
        if root in path:
            cand = root
        heads[i - 1] = cand


def space_after(tokens):
    """Heuristic detokenisation: no space before closing and after opening punctuation."""
    n = len(tokens)
    sp = [True] * n
    quote_open = False
    for i, t in enumerate(tokens):
        w = t.word
        if w in (".", ",", ":", ";", "?", "!", ")", "]", "...", "..", "....") and i > 0:
            sp[i - 1] = False
        if w in ("(", "["):
            sp[i] = False
        if w == '"':
            if not quote_open:
                sp[i] = False
            elif i > 0:
                sp[i - 1] = False
            quote_open = not quote_open
    sp[-1] = False
    return sp


def validate(heads) -> None:
    n = len(heads)
    roots = [i for i, h in enumerate(heads) if h == 0]
    if len(roots) != 1:
        raise ValueError("roots=%d" % len(roots))
    for i, h in enumerate(heads):
        if not (0 <= h <= n) or h == i + 1:
            raise ValueError("bad head")
    for i in range(n):
        seen = set()
        j = i + 1
        while j != 0:
            if j in seen:
                raise ValueError("cycle")
            seen.add(j)
            j = heads[j - 1]


# ---------------------------------------------------------------- I/O
def read_sentences(zip_path: Path):
    with zipfile.ZipFile(zip_path) as z:
        with z.open(MEMBER) as f:
            for _, el in ET.iterparse(f, events=("end",)):
                if el.tag == "alpino_ds":
                    yield el
                    el.clear()


def build_lexicon(zip_path: Path) -> Lexicon:
    lex = Lexicon()
    for ds in read_sentences(zip_path):
        toks = sorted([n for n in ds.iter("node") if n.get("word") is not None], key=lambda n: int(n.get("begin")))

        class T:  # light view
            __slots__ = ("word", "pos")

            def __init__(s, e):
                s.word, s.pos = e.get("word"), e.get("pos")
        lex.add([T(e) for e in toks])
    return lex


def convert_file(zip_path: Path, out_path: Path, ud_lexicon: list[Path] = ()):
    lex = build_lexicon(zip_path)
    conv = Converter(lex, UDLexicon(ud_lexicon))
    written = skipped = 0
    reasons = collections.Counter()
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with open(out_path, "w", encoding="utf8") as out:
        for ds in read_sentences(zip_path):
            try:
                sid, (text, rows) = conv.convert(ds)
            except (ValueError, RecursionError, KeyError, StopIteration) as e:
                skipped += 1
                reasons[str(e).split(" ")[0]] += 1
                continue
            if any(r[7] == "dep" for r in rows):
                skipped += 1
                reasons["unlabelled"] += 1
                continue
            out.write(f"# sent_id = alpino-cdb-{sid}\n# text = {text}\n")
            for r in rows:
                out.write("\t".join(r) + "\n")
            out.write("\n")
            written += 1
    print("UD convention fixes:", {k: v for k, v in conv.stats.items() if "->" in k})
    return written, skipped, reasons


def distribution(path: Path):
    dep, upos = collections.Counter(), collections.Counter()
    n = 0
    with open(path, encoding="utf8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) == 10 and c[0].isdigit():
                dep[c[7]] += 1
                upos[c[3]] += 1
                n += 1
    return dep, upos, n


def compare(ours: Path, ref: Path) -> None:
    d1, u1, n1 = distribution(ours)
    d2, u2, n2 = distribution(ref)
    for title, a, b in (("DEPREL", d1, d2), ("UPOS", u1, u2)):
        print(f"\n{title:14s} {'ours %':>8s} {'ref %':>8s} {'diff':>7s}")
        for k in sorted(set(a) | set(b), key=lambda k: -(b[k] / n2 + a[k] / n1)):
            x, y = 100 * a[k] / n1, 100 * b[k] / n2
            flag = "  <--" if abs(x - y) >= 0.5 and abs(x - y) >= 0.25 * max(x, y) else ""
            print(f"{k:14s} {x:8.2f} {y:8.2f} {x - y:+7.2f}{flag}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--zip", type=Path, default=DEFAULT_ZIP)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--compare", type=Path, nargs="?", const=Path("../shared/data/ud_nl/nl_alpino-ud-dev.conllu"),
                    default=None, help="print DEPREL/UPOS frequencies against a UD file (default: Alpino dev)")
    ap.add_argument("--ud-lexicon", type=Path, nargs="*", default=[],
                    help="UD CoNLL-U files whose word/UPOS counts decide participles and infinitives")
    args = ap.parse_args(argv)
    sys.setrecursionlimit(10000)
    written, skipped, reasons = convert_file(args.zip, args.out, args.ud_lexicon)
    print(f"{args.out}: {written} sentences written, {skipped} skipped")
    if reasons:
        print("skipped because:", dict(reasons))
    if args.compare:
        compare(args.out, args.compare)


if __name__ == "__main__":
    main()
