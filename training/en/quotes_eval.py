"""Score kroniek's English quotes and speakers on PolNeAR (political news attribution relations).

    python training/en/quotes_eval.py             # the dev split -> training/en/results/quotes.json "dev"
    python training/en/quotes_eval.py --split train
    python training/en/quotes_eval.py --test      # the held-out split, ONCE, when the rules are final
    python training/en/quotes_eval.py --gum       # GUM news <quote> spans (a second, small check: spans only)

PolNeAR (``../shared/data/en/polnear_train/``, research use: its text is never copied into the repository)
annotates every attribution of 840 US election articles as source, cue and content spans (brat standoff).
Only its ``train`` compartment is shared; ``training/en/splits.py`` (``split_of("polnear", filename)``)
splits those articles by hash into train / dev / test. Articles with several annotators use the
annotation of the first annotator in sorted order.

Mapping onto the gold format's quotes (``../shared/eval/GOLD_FORMAT.md``):

- **Which attributions are quotes.** The gold format counts reported *speech*. An attribution is a gold quote
  when its content holds a double quotation mark (a direct or partial quote, whatever the cue), or when its
  cue contains a word of ``SPEECH_CUES`` below (communication verbs and nouns and *according to*, fixed here
  before any system output was looked at). Attributions of belief, intention, knowledge or evidence
  (*thinks*, *wants*, *believes*, *polls show*) are not quotes; a prediction that matches one of them and
  no gold quote is left out of the scoring (neither right nor wrong), as the gold format's ``optional``
  spans are for entities.
- **Span and kind.** As the gold format has it: ``direct`` when the content is one whole quotation (span:
  the quoted words, marks and edge punctuation stripped); ``partial`` when the content holds quoted words but
  is not one whole quotation (one gold quote per quoted fragment, span: the fragment; the unquoted rest of the
  reported clause is not annotated, as in the Dutch gold); ``indirect`` when it holds no marks (span: the
  content). A content annotated in pieces (a quotation interrupted by its attribution) is read piece by piece;
  pieces separated by only spaces or punctuation are joined. An unquoted content under four words is a noun
  phrase (*announced 6,000 layoffs*, *asked about the Florida Standards*), not a reported clause: it is
  treated like a non-speech attribution.
- **Speaker.** PolNeAR's source is a text span, not a canonical name, and has no coreference. A source that
  is a pronoun or a definite description without a name (*he*, *the campaign*) needs coreference to name its
  speaker: those quotes count for quote P/R/F1 but not for speaker accuracy (``speaker_unscored``). A source
  that starts with an indefinite word or is a bare plural (*a spokesman*, *officials*) names no one: gold
  speaker ``null``, as is a name that only modifies a plural noun (*Fed officials*); a name modifying a singular
  noun (*the Trump campaign*) is not scored. A source with a name: the gold speaker is the name before any
  apposition or modifier (*Nick Merrill, a spokesman for ...*, *X of the Y delegation*, *X who ...*): the last run
  of capitalised words there, possessive stripped, title words of ``TITLE_WORDS`` and a sentence-initial common
  word dropped, two words kept (given name and surname; a whole organisation name ending in a word of
  ``ORG_WORDS``), a surname alone completed with the given name the article writes before it
  (*Morris* -> *Haley Morris*), as the gold format's canonical names are. Middle initials and *Jr.* are left
  out (on both sides when comparing). Without a source (``Attribution-no-source``), gold speaker ``null``.

Scoring reuses ``kroniek.evaluate.gold``: ``score`` (quote P/R/F1: a prediction matches a gold quote when
they overlap by at least half the gold span, one-to-one), ``quote_pairs``, ``same_speaker`` (speaker
accuracy over matched, scored quotes: normalised names equal, middle initials, Jr./Sr. and a leading *The* left out on both
sides) and ``lenient_speaker`` (same surname or one name inside the other; here also against the whole
source span).

The cue list was fixed before the first run; the rest of the mapping (fragments for partial quotes, noun-phrase
contents, the speaker-name rules) was settled while developing on the train and dev splits, by reading gold
against the gold format, and then frozen before the test split was scored.
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

from kroniek.evaluate.gold import analyses_for_gold, lenient_speaker, quote_pairs, same_speaker, score  # noqa: E402
from splits import split_of  # noqa: E402

SPEECH_CUES = {
    "say", "says", "said", "saying", "tell", "tells", "told", "telling", "add", "adds", "added", "adding",
    "argue", "argues", "argued", "arguing", "insist", "insists", "insisted", "warn", "warns", "warned", "warning",
    "claim", "claims", "claimed", "claiming", "state", "states", "stated", "statement", "statements",
    "declare", "declares", "declared", "announce", "announces", "announced", "announcement", "explain", "explains",
    "explained", "note", "notes", "noted", "write", "writes", "wrote", "written", "tweet", "tweets", "tweeted",
    "post", "posted", "report", "reports", "reported", "confirm", "confirms", "confirmed", "deny", "denies",
    "denied", "admit", "admits", "admitted", "acknowledge", "acknowledges", "acknowledged", "concede", "concedes",
    "conceded", "suggest", "suggests", "suggested", "predict", "predicts", "predicted", "promise", "promises",
    "promised", "pledge", "pledged", "vow", "vows", "vowed", "swear", "swore", "assert", "asserts", "asserted",
    "contend", "contends", "contended", "maintain", "maintains", "maintained", "stress", "stressed", "emphasize",
    "emphasized", "repeat", "repeated", "reiterate", "reiterated", "reveal", "revealed", "complain", "complained",
    "boast", "boasted", "joke", "joked", "quip", "quipped", "respond", "responded", "reply", "replied", "answer",
    "answered", "counter", "countered", "retort", "retorted", "ask", "asks", "asked", "urge", "urges", "urged",
    "demand", "demanded", "allege", "alleged", "charge", "charged", "accuse", "accused", "threaten", "threatened",
    "propose", "proposed", "recommend", "recommended", "conclude", "concluded", "remark", "remarked", "remarks",
    "point", "pointed", "testify", "testified", "assure", "assured", "caution", "cautioned", "recall", "recalled",
    "according", "comment", "comments", "commented", "call", "called", "calls", "describe", "described",
    "mention", "mentioned", "interview", "speech", "letter", "email", "wrote", "shout", "shouted", "yell", "yelled",
    "inform", "informed", "remind", "reminded", "advise", "advised", "claim", "allegation", "allegations",
    "promise", "warning", "argument", "suggestion", "prediction", "insisting", "telling", "writing", "asking",
}
TITLE_WORDS = {
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "president", "senator", "governor", "secretary", "speaker",
    "spokesman", "spokeswoman", "spokesperson", "candidate", "nominee", "former", "republican", "democratic",
    "democrat", "chairman", "chairwoman", "chair", "director", "manager", "adviser", "advisor", "professor",
    "judge", "gen", "general", "attorney", "mayor", "vice", "rev", "presidential", "gop", "u.s.", "us", "sir",
    "the", "a", "an", "campaign", "pollster", "strategist", "analyst", "host", "anchor", "ceo", "founder",
    "said", "says", "according", "to", "senate", "house", "minority", "majority", "leader", "political", "editor",
    "chief", "executive", "press", "white", "national", "committee", "deputy", "assistant", "state", "party",
    "senior", "communications", "policy", "foreign", "minister", "prime", "secretary-general", "justice", "supreme",
    "court", "officer", "aide", "staff", "writer", "correspondent", "reporter", "columnist", "lt", "col", "sgt",
    "capt", "gop", "rnc", "dnc", "fbi", "u.s", "ex", "presumptive", "republican", "independent", "pope", "justice",
    "actor", "actress", "bishop", "cardinal", "king", "queen", "prince", "rabbi", "dean", "coach", "sheriff",
    "chancellor", "premier", "ambassador", "commissioner", "councilman", "councilwoman", "councilmember",
}
ORG_WORDS = {"times", "post", "journal", "news", "radio", "network", "foundation", "institute", "committee", "department",
             "party", "association", "university", "center", "centre", "council", "campaign", "agency", "bureau", "office",
             "magazine", "review", "press", "tribune", "herald", "register", "globe", "inc", "corp", "group", "union",
             "commission", "administration", "service", "house", "court", "project", "fund", "coalition", "alliance"}
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us", "me", "his", "their", "its",
            "who", "which", "that", "this", "these", "those", "one", "himself", "herself", "themselves"}
INDEFINITE = {"a", "an", "some", "many", "several", "other", "others", "few", "various", "most", "two", "three",
              "four", "numerous", "one", "another", "multiple", "critics", "officials", "experts", "analysts",
              "sources", "people", "voters", "observers", "supporters", "opponents", "aides", "advisers", "republicans",
              "democrats", "conservatives", "liberals", "polls", "reports", "surveys", "studies", "data", "reporters"}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
MARKS = "\"“”"
QUOTED = re.compile(r"“([^“”]+)[”\"]|\"([^\"“”]+)[\"”]|''(.+?)''")
MIN_INDIRECT_WORDS = 4
EDGE = " \t\n,.;:!?—–-'\"“”‘’()"
SHARED = ROOT.parent / "shared"


def polnear_dir(shared: Path) -> Path:
    return shared / "data" / "en" / "polnear_train" / "data"


def documents(shared: Path, split: str) -> list[str]:
    meta = polnear_dir(shared) / "metadata.tsv"
    rows = [ln.split("\t") for ln in meta.read_text(encoding="utf8").splitlines()[1:] if ln.strip()]
    return sorted(r[1] for r in rows if r[0] == "train" and split_of("polnear", r[1]) == split)


def _meta(shared: Path) -> dict[str, dict]:
    meta = polnear_dir(shared) / "metadata.tsv"
    lines = meta.read_text(encoding="utf8").splitlines()
    head = lines[0].split("\t")
    return {r[1]: dict(zip(head, r)) for r in (ln.split("\t") for ln in lines[1:] if ln.strip())}


def read_ann(path: Path) -> tuple[dict, list[dict]]:
    """(text-bound annotations by id, attribution relations) of one brat file."""
    spans: dict[str, dict] = {}
    rels: list[dict] = []
    for line in path.read_text(encoding="utf8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, offs = parts[1].partition(" ")
            frags = [tuple(int(x) for x in f.split()) for f in offs.split(";")]
            spans[parts[0]] = {"kind": kind, "frags": frags}
        elif line.startswith("E") and len(parts) >= 2:
            args = dict(a.split(":", 1) for a in parts[1].split() if ":" in a)
            rels.append({k.split("-")[0] if k.startswith("Attribution") else k: v for k, v in args.items()})
    return spans, rels


def _merge(frags: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(frags):
        if out and not text[out[-1][1]:s].strip(" \t,.;:—–-\"“”'’‘"):
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in EDGE:
        s += 1
    while e > s and text[e - 1] in EDGE:
        e -= 1
    return s, e


def _words(s: str) -> list[str]:
    return re.findall(r"[\w’'.\-]+", s)


def _caps_runs(words: list[str]) -> list[list[str]]:
    """Runs of capitalised words that are not titles or pronouns (possessive stripped)."""
    caps: list[list[str]] = []
    run: list[str] = []
    for w in words:
        w2 = re.sub(r"(['’]s|['’])$", "", w)
        if w2[:1].isupper() and w2.lower().strip(".") not in TITLE_WORDS | PRONOUNS:
            run.append(w2)
        else:
            if run:
                caps.append(run)
            run = []
    if run:
        caps.append(run)
    return caps


def gold_speaker(source: str, text: str) -> tuple[str, str | None]:
    """(status, name): status ``named``, ``unnamed`` (null speaker) or ``unscored`` (needs coreference)."""
    words = _words(source.strip())
    if not words:
        return "unnamed", None
    lw = [w.lower().strip(".") for w in words]
    if lw[0] in PRONOUNS and len(lw) <= 2:
        return "unscored", None
    if lw[0] in INDEFINITE and not (words[-1][:1].isupper() and not words[-1].endswith("s")):
        return "unnamed", None  # "a spokesman", "some officials" (not "A defensive Obama")
    if words[0][:1].isupper() and re.search(r"\b" + re.escape(lw[0]) + r"\b", text):
        words = words[1:]  # a common word capitalised at the start of a sentence ("Virtually all analysts")
        source = source.strip()[len(source.strip().split()[0]):] if source.strip().split() else source
        if not words:
            return "unnamed", None
    caps: list[list[str]] = []
    # "Nick Merrill, a spokesman for Mrs. Clinton", "Robert Antonacci of the New York delegation",
    # "Sen. Jim Whelan who represents Atlantic City": the name before the apposition or modifier
    for part in re.split(r"[,(]| of | who | at | for | from | with | in ", source):
        caps = _caps_runs(_words(part))
        if caps:
            break
    if not caps:
        if lw[-1] in INDEFINITE or (lw[-1].endswith("s") and lw[0] not in ("the", "this", "that")):
            return "unnamed", None
        return "unscored", None
    tail = _words(part)[-1] if _words(part) else ""
    if tail[:1].islower() and tail.lower() not in ("jr", "sr"):
        # the name only modifies a common noun: "Fed officials" (a group: no one), "the Trump campaign" (needs coreference)
        return ("unnamed", None) if tail.endswith("s") and not tail.endswith("ss") else ("unscored", None)
    run = [w.strip(".,") for w in caps[-1]]
    while len(run) > 1 and run[-1].lower() in SUFFIXES:
        run = run[:-1]  # Joseph R. Biden Jr. -> Joseph R. Biden
    if len(run) >= 3 and re.fullmatch(r"[A-Z]", run[-2]):
        run = run[:-2] + run[-1:]  # a middle initial is left out: Andrew J. Pincus -> Andrew Pincus
    k = 2
    if run[-1].lower() in ORG_WORDS:
        k = len(run)  # The Los Angeles Times, the Heritage Foundation
    name = " ".join(run[-k:])
    if len(run) >= 3 and k == 2 and re.search(r"\b" + re.escape(f"{run[-3]} {run[-1]}") + r"\b", text):
        name = f"{run[-3]} {run[-1]}"  # Hillary Rodham Clinton, written Hillary Clinton elsewhere
    surname = name.split()[-1]
    if len(name.split()) == 1:
        # a surname alone: the first name the article gives it (*Morris* -> *Haley Morris*), not a capitalised
        # common word that happens to stand before it (*If Clinton*)
        firsts = Counter(m.group(1) for m in re.finditer(r"\b([A-Z][a-z]+) (?:[A-Z]\. )?" + re.escape(surname) + r"\b", text)
                         if m.group(1).lower() not in TITLE_WORDS and not re.search(r"\b" + m.group(1).lower() + r"\b", text))
        if firsts:
            name = f"{firsts.most_common(1)[0][0]} {surname}"
    return "named", name


def gold_doc(shared: Path, name: str, meta: dict) -> dict:
    """One article in the gold format (quotes only), plus the non-speech attribution spans and speaker status."""
    base = polnear_dir(shared) / "train"
    text = (base / "text" / f"{name}.txt").read_text(encoding="utf8")
    anns = sorted((base / "attributions").glob(f"{name}_*.ann"))
    spans, rels = read_ann(anns[0])
    quotes, other = [], []
    for r in rels:
        content = spans.get(r.get("Content", ""))
        if content is None:
            continue
        frags = _merge(content["frags"], text)
        ctext = " ".join(text[s:e] for s, e in frags)
        cue = spans.get(r.get("Cue", ""))
        cue_text = " ".join(text[s:e] for s, e in cue["frags"]) if cue else ""
        cue_words = {w.lower().strip(".") for w in _words(cue_text)}
        is_quote = any(m in ctext for m in MARKS) or bool(cue_words & SPEECH_CUES)
        src = spans.get(r.get("Source", ""))
        src_text = " ".join(text[s:e] for s, e in src["frags"]) if src else ""
        status, speaker = gold_speaker(src_text, text) if src else ("unnamed", None)
        for s0, e0 in frags:
            s, e = _strip(text, s0, e0)
            inner = text[s:e]
            if not is_quote:
                if inner.split():
                    other.append({"start": s, "end": e})
                continue
            found = list(QUOTED.finditer(text, s0, e0))
            qspans = []
            for m in found:
                g = next(i for i in range(1, 4) if m.group(i) is not None)
                qs, qe = _strip(text, m.start(g), m.end(g))
                if qe > qs:
                    qspans.append((qs, qe))
            if not qspans and any(c in inner for c in MARKS):
                qspans = [(s, e)]  # a quotation whose other mark lies outside the annotated content
                whole = True
            else:
                whole = len(qspans) == 1 and not text[s0:qspans[0][0]].strip(EDGE) and not text[qspans[0][1]:e0].strip(EDGE)
            if qspans:
                for qs, qe in qspans:
                    quotes.append({"start": qs, "end": qe, "text": text[qs:qe], "kind": "direct" if whole else "partial",
                                   "speaker": speaker, "speaker_status": status, "source": src_text})
                continue
            if len(inner.split()) < MIN_INDIRECT_WORDS:
                other.append({"start": s, "end": e})  # a noun phrase ("announced 6,000 layoffs"), not a reported clause
                continue
            quotes.append({"start": s, "end": e, "text": inner, "kind": "indirect", "speaker": speaker,
                           "speaker_status": status, "source": src_text})
    quotes.sort(key=lambda q: q["start"])
    m = meta.get(name, {})
    return {"id": name, "lang": "en", "published_at": m.get("publication_date"), "title": m.get("title"),
            "text": text, "quotes": quotes, "not_speech": other}


def golds(shared: Path, split: str) -> list[dict]:
    meta = _meta(shared)
    return [gold_doc(shared, n, meta) for n in documents(shared, split)]


def _no_initials(name):
    """A name without middle initials, suffixes and a leading article (*William M. Daley* = *William Daley*,
    *Joseph R. Biden Jr.* = *Joseph Biden*, *The Guardian* = *Guardian*), on both sides of the comparison."""
    if not name:
        return name
    ws = name.replace(",", " ").split()
    if len(ws) > 1 and ws[0].lower() == "the":
        ws = ws[1:]  # The New York Times = New York Times
    while len(ws) > 1 and ws[-1].lower().strip(".") in SUFFIXES:
        ws = ws[:-1]
    return " ".join(w for i, w in enumerate(ws) if not (0 < i < len(ws) - 1 and re.fullmatch(r"[A-Z]\.?", w)))


def drop_not_speech(pred: list[dict], gold: dict) -> list[dict]:
    """Predictions that match a non-speech attribution and no gold quote are left out of the scoring."""
    other = gold["not_speech"]
    if not other:
        return pred
    hits_gold = {i for i, _ in quote_pairs(pred, gold["quotes"])}
    hits_other = {i for i, _ in quote_pairs(pred, other)}
    return [p for i, p in enumerate(pred) if i in hits_gold or i not in hits_other]


def evaluate(preds: list[dict], gold: list[dict]) -> dict:
    by_id = {p["id"]: p for p in preds}
    kept = [{"id": g["id"], "quotes": drop_not_speech(by_id[g["id"]].get("quotes") or [], g)} for g in gold]
    res = score(kept, gold, layers=["quotes"])["quotes"]
    n = ok = lenient = 0
    status = Counter()
    by_kind = Counter()
    for g, p in zip(gold, kept):
        for i, j in quote_pairs(p["quotes"], g["quotes"]):
            gq, pq = g["quotes"][j], p["quotes"][i]
            status[gq["speaker_status"]] += 1
            if gq["speaker_status"] == "unscored":
                continue
            n += 1
            right = same_speaker(_no_initials(pq.get("speaker")), _no_initials(gq.get("speaker")))
            ok += right
            lenient += right or (bool(pq.get("speaker")) and bool(gq.get("speaker")) and (
                lenient_speaker(pq.get("speaker"), gq.get("speaker")) or lenient_speaker(pq.get("speaker"), gq["source"])))
            by_kind[(gq["kind"], right)] += 1
    res["speaker_accuracy"] = round(ok / n, 4) if n else 0.0
    res["speaker_accuracy_lenient"] = round(lenient / n, 4) if n else 0.0
    res["speaker_scored"] = n
    res["matched_by_speaker_status"] = dict(status)
    res["speaker_accuracy_by_kind"] = {k: round(by_kind[(k, True)] / (by_kind[(k, True)] + by_kind[(k, False)]), 4)
                                       for k in ("direct", "partial", "indirect") if by_kind[(k, True)] + by_kind[(k, False)]}
    res["documents"] = len(gold)
    res["gold_speaker_status"] = dict(Counter(q["speaker_status"] for g in gold for q in g["quotes"]))
    return res


def gum_golds(shared: Path) -> list[dict]:
    """GUM's news documents of its official dev and test partitions, with their ``<quote>`` spans as quotes
    (marks stripped; kind and speaker not annotated). The text is rebuilt from the tokens: a space between
    tokens except before closing punctuation, straight quotes alternating between opening and closing."""
    out = []
    for path in sorted((shared / "data" / "en" / "gum_entities_coref" / "xml").glob("GUM_news_*.xml")):
        lines = path.read_text(encoding="utf8").splitlines()
        head = re.search(r'partition="(\w+)"', lines[0])
        if not head or head.group(1) not in ("dev", "test"):
            continue
        date = re.search(r'dateCreated="([\d-]+)"', lines[0])
        text, quotes, stack, open_dq = "", [], [], False
        glue_next = True
        for ln in lines[1:]:
            if ln.startswith("<quote"):
                stack.append(len(text) + (0 if glue_next else 1))
            elif ln.startswith("</quote>"):
                s0 = stack.pop()
                a, b = _strip(text, s0, len(text))
                if b > a:
                    quotes.append({"start": a, "end": b, "text": text[a:b], "kind": "direct", "speaker": None})
            elif ln in ("<p>", "<head>") or ln.startswith(("<p ", "<head ", "<sp ")):
                if text:
                    text += "\n"
                glue_next = True
            elif "\t" in ln and not ln.startswith("<"):
                tok = html.unescape(ln.split("\t")[0])
                closing = tok in (".", ",", ";", ":", "!", "?", ")", "%", "'s", "n't", "'re", "'ve", "'ll", "'d", "'m", "’s")
                if tok == '"':
                    closing = open_dq
                    open_dq = not open_dq
                if not (glue_next or closing):
                    text += " "
                text += tok
                glue_next = tok in ("(", "$") or (tok == '"' and open_dq)
        out.append({"id": path.stem, "lang": "en", "published_at": date.group(1) if date else None, "text": text,
                    "quotes": quotes})
    return out


def run_gum(shared: Path) -> dict:
    """Quotation spans only: GUM marks what stands between quotation marks, not indirect speech or speakers,
    so only kroniek's direct and partial quotes are compared."""
    gold = gum_golds(shared)
    preds = [{"id": p["id"], "quotes": [q for q in p.get("quotes") or [] if q["kind"] in ("direct", "partial")]}
             for p in analyses_for_gold(gold, lang="en")]
    res = score(preds, gold, layers=["quotes"])["quotes"]
    res = {k: res[k] for k in ("p", "r", "f", "tp", "fp", "fn")}
    res["documents"] = len(gold)
    return res


def run(shared: Path, split: str, preds_out: Path | None = None) -> dict:
    gold = golds(shared, split)
    preds = analyses_for_gold(gold, lang="en")
    if preds_out is not None:
        with open(preds_out, "w", encoding="utf8") as f:
            for p in preds:
                f.write(json.dumps({"id": p["id"], "quotes": p.get("quotes") or []}, ensure_ascii=False) + "\n")
    return evaluate(preds, gold)


def _model_version() -> str:
    """The English model the figures were measured with (name, version, date of its meta.json)."""
    meta = ROOT / "src" / "kroniek" / "models" / "en_kroniek" / "meta.json"
    if not meta.exists():
        return "none"
    m = json.loads(meta.read_text(encoding="utf8"))
    stamp = dt.datetime.fromtimestamp(meta.stat().st_mtime, dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return f"{m.get('lang')}_{m.get('name')} {m.get('version')} ({stamp})"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--split", default="dev", choices=["train", "dev"])
    ap.add_argument("--test", action="store_true", help="score the held-out test split (once)")
    ap.add_argument("--preds", type=Path, help="also write the predictions here (outside the repository: PolNeAR text)")
    ap.add_argument("--note", default="", help="what configuration a test scoring is")
    ap.add_argument("--gum", action="store_true", help="score GUM's <quote> spans (news, dev + test partitions) instead")
    a = ap.parse_args(argv)
    split = "test" if a.test else a.split
    if a.gum:
        split = "gum"
        res = run_gum(a.shared)
    else:
        res = run(a.shared, split, a.preds)
    path = HERE / "results" / "quotes.json"
    report = json.loads(path.read_text()) if path.exists() else {}
    what = ("GUM news documents of the dev and test partitions, <quote> spans" if a.gum
            else f"PolNeAR train compartment, split_of('polnear') == {split!r}")
    entry = {"date": dt.date.today().isoformat(), "set": what, "model": _model_version(), "quotes": res}
    if a.test:
        entry["note"] = a.note
        report.setdefault("test_scorings", []).append(entry)
        report["test"] = entry
    else:
        report[split] = entry
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    print(json.dumps(res, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
