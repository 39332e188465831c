"""English entities: the whole pipeline (model + kroniek's entity repair) on held-out English news.

Unlike ``kroniek.evaluate.en_parse`` (the plain spaCy model on gold tokens), this scores what
``kroniek analyze`` outputs: running text goes through the English pipeline (tokenizer, model,
``kroniek_timex``, ``kroniek_actors``, ``kroniek_entities``, ``kroniek_places``: every component that
can change an entity) and its entities are matched against
the names that ``kroniek.evaluate.corpora_en`` cuts out of the corpora (the same names the model
was trained on): exact character span + label (``kroniek.evaluate.gold.score_entities``).

Data: MEANTIME English (Wikinews) documents by ``split_of("meantime", stem)`` (``dev`` for
development, ``test`` held out), and the news documents of GUM's official dev and test splits. Texts are
rebuilt from the corpus tokens (title, date line and body; MEANTIME has no paragraph marks) and
each document's creation date is its publication date.

The gold follows kroniek's output convention, CoNLL's (``shared/eval/GOLD_FORMAT.md``): the corpora's
name spans are kept, except that a title or form of address opening a person's name is cut off
(MEANTIME's and GUM's capitalised runs keep *President Vladimir Putin*, *Senator John McCain*; CoNLL
tags *Vladimir Putin*), as is a sentence-initial *The*; and since neither corpus marks nationality
adjectives as CoNLL does (MISC), a predicted MISC on one of those (``CONLL_NATIONALITY``) counts neither
way, and MISC is accepted where MEANTIME tags one LOC (*American automobile manufacturer*).
Both word lists are fixed here, apart from the lexicons kroniek is tuned with.

Three figures per data set: *strict*, where every predicted entity that is not a gold name counts
as wrong; *marked names only*, where a prediction lying wholly on capitalised words that no gold
name covers is left out; and *corpus spans*: strict against the corpora's spans as they are (titles
kept), the convention the model was trained on. GUM marks every name, so its strict figure is the
one to read; MEANTIME marks only the mentions of the entities its annotators linked to events (most
mentions of *Boeing* or *Apple* in an article about them are unmarked), so its strict precision
mostly counts unmarked names, and its *marked names only* figure is the one to read.

``section`` scores the MEANTIME dev split live (under a minute) and shows the test figures
recorded once by ``training/en/entities_eval.py --split test --record`` in
``training/en/results/entities.json``; it never scores a test split itself.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Iterable

from .corpora import read_conllu
from .corpora_en import gum_names, meantime_files, meantime_names
from .gold import prf, score_entities

RESULTS = Path(__file__).resolve().parents[3] / "training" / "en" / "results" / "entities.json"
GUM = "en/ud_english_gum/en_gum-ud-{split}.conllu"
LAYERS = ("kroniek_timex", "kroniek_actors", "kroniek_entities", "kroniek_places")  # all that can change an entity

# titles and forms of address cut off the front of a gold person name (lower case; longest first)
CONLL_TITLES = sorted({
    "president", "vice president", "prime minister", "premier", "chancellor", "senator", "sen.", "rep.",
    "representative", "congressman", "congresswoman", "governor", "gov.", "mayor", "secretary", "secretary of state",
    "secretary of defense", "secretary-general", "secretary general", "minister", "foreign minister",
    "defence minister", "defense minister", "finance minister", "king", "queen", "prince", "princess", "pope",
    "general", "gen.", "judge", "chairman", "chairwoman", "ceo", "chief executive", "chief executive officer",
    "spokesman", "spokeswoman", "spokesperson", "ambassador", "mr.", "mr", "mrs.", "mrs", "ms.", "ms", "dr.", "dr",
    "sir", "lord", "lady", "dame", "professor", "prof.", "detective", "officer", "captain", "capt.", "lieutenant",
    "colonel", "col.", "sergeant", "sgt.", "commissioner", "director", "attorney general", "administrator",
    "chief", "leader", "speaker", "president-elect", "senator-elect", "lt.", "gov", "rev.", "reverend", "father",
    "sheikh", "emir", "sultan", "ayatollah", "archbishop", "bishop", "cardinal",
}, key=lambda t: -len(t.split()))
CONLL_NATIONALITY = re.compile(
    r"(?:American|British|English|French|German|Dutch|Russian|Ukrainian|Chinese|Japanese|Korean|Indian|Israeli|"
    r"Palestinian|Iranian|Iraqi|Syrian|Turkish|Saudi|Egyptian|European|African|Asian|Canadian|Mexican|Australian|"
    r"Italian|Spanish|Portuguese|Greek|Polish|Swedish|Norwegian|Danish|Finnish|Irish|Scottish|Welsh|Belgian|Swiss|"
    r"Austrian|Brazilian|Argentine|Venezuelan|Cuban|Afghan|Pakistani|Nigerian|Kenyan|Ethiopian|Arab|Kurdish|"
    r"Jewish|Muslim|Christian|Catholic|Islamic|Soviet|Western|Taiwanese|Vietnamese|Thai|Indonesian|Malaysian|"
    r"Singaporean|Filipino|Lebanese|Jordanian|Libyan|Sudanese|Somali|Yemeni|Qatari|Emirati|Hungarian|Czech|"
    r"Romanian|Bulgarian|Serbian|Croatian|Belarusian|Georgian|Armenian|Azerbaijani|Kazakh|Uzbek|Chilean|"
    r"Colombian|Peruvian|Haitian|Jamaican|Scandinavian|Latin|Hispanic|Americans|Russians|Ukrainians|Europeans|"
    r"Israelis|Palestinians|Iranians|Iraqis|Syrians|Germans|Canadians|Mexicans|Australians|Chinese|Japanese)")

_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "’s", "n't", "'", "'re", "'ve", "'ll", "'d", "'m"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "#"}
_QUOTES = {"``": "“", "''": "”"}


def split_of(corpus: str, doc_id: str) -> str:
    """``training/en/splits.py``'s split rule (read from the checkout: it is not part of the package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("kroniek_en_splits", RESULTS.parents[1] / "splits.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.split_of(corpus, doc_id)


def detokenize(sents: list[list[str]], breaks: Iterable[str]) -> tuple[str, list[tuple[int, int]]]:
    """Text of tokenised sentences and each token's character span; ``breaks[i]`` goes before
    sentence ``i`` (a space, or a blank line between paragraphs)."""
    text, spans = "", []
    for words, brk in zip(sents, breaks):
        if text:
            text += brk
        quote_open = False
        for i, w in enumerate(words):
            w = _QUOTES.get(w, w)
            if i:
                prev = _QUOTES.get(words[i - 1], words[i - 1])
                glued = (w in _NO_SPACE_BEFORE or re.fullmatch(r"[A-Z]'", prev) or w == "”" or (w == '"' and quote_open)
                         or prev in _NO_SPACE_AFTER or prev == "“" or (prev == '"' and quote_open and w != '"'))
                if not glued:
                    text += " "
            if w == '"':
                quote_open = not quote_open
            spans.append((len(text), len(text) + len(w)))
            text += w
    return text, spans


def _entities(text: str, spans: list[tuple[int, int]], names) -> list[dict]:
    out = []
    for a, b, label in names:
        words = [text[s:e] for s, e in spans[a:b]]
        cut = 0
        if len(words) > 1 and words[0] == "The":
            cut = 1
        if label == "PER":
            # everything up to the last title word before the name: "Ford Motor Company CEO Alan Mulally"
            lower = [w.lower() for w in words]
            for i in range(len(words) - 2, cut - 1, -1):
                if any(" ".join(lower[i + 1 - len(t.split()):i + 1]) == t for t in CONLL_TITLES if len(t.split()) <= i + 1):
                    cut = i + 1 if words[i + 1][:1].isupper() else cut  # no name after it: "Vice Chairman of X"
                    break
        s, e = spans[a + cut][0], spans[b - 1][1]
        g = {"start": s, "end": e, "label": label, "text": text[s:e], "corpus_start": spans[a][0]}
        if label != "MISC" and CONLL_NATIONALITY.fullmatch(g["text"]):
            g["alt_labels"] = ["MISC"]  # MEANTIME tags "American automobile manufacturer" LOC; CoNLL: MISC
        out.append(g)
    return out


def _corpus_spans(gold: list[dict]) -> list[dict]:
    """The gold as the corpora cut it (titles and a leading *The* kept)."""
    return [{**g, "start": g["corpus_start"]} for g in gold]


def _nationality_words(text: str, gold: list[dict]) -> list[dict]:
    """Nationality adjectives outside the gold names, as optional MISC gold (CoNLL tags them; the
    corpora do not mark them)."""
    taken = [(g["start"], g["end"]) for g in gold]
    return [{"start": m.start(), "end": m.end(), "label": "MISC", "text": m.group(), "optional": True}
            for m in re.finditer(r"(?<![\w-])" + CONLL_NATIONALITY.pattern + r"(?![\w-])", text)
            if not any(s < m.end() and m.start() < e for s, e in taken)]


def _unmarked(text: str, spans, names) -> list[tuple[int, int]]:
    """Character spans of capitalised words that no gold name covers."""
    taken = {i for a, b, _ in names for i in range(a, b)}
    return [spans[i] for i in range(len(spans)) if i not in taken and text[spans[i][0]:spans[i][0] + 1].isupper()]


def meantime_articles(shared: Path, split: str) -> list[dict]:
    """MEANTIME English documents of ``split`` as gold-format articles (``entities``, ``unmarked``)."""
    out = []
    for path in meantime_files(shared / "data"):
        if split_of("meantime", path.stem) != split:
            continue
        sents, names = meantime_names(path)
        text, spans = detokenize(sents, ["\n\n" if i <= 2 else " " for i in range(len(sents))])
        dct = next((t.get("value") for t in ET.parse(path).getroot().iter("TIMEX3")
                    if t.get("functionInDocument") == "CREATION_TIME"), None)
        out.append({"id": path.stem, "text": text, "lang": "en",
                    "published_at": dct if dct and re.fullmatch(r"\d{4}-\d{2}-\d{2}", dct) else None,
                    "entities": _entities(text, spans, names), "unmarked": _unmarked(text, spans, names)})
    return out


def gum_articles(shared: Path, genre: str = "news", path: str = GUM.format(split="test")) -> list[dict]:
    """The ``genre`` documents of a GUM CoNLL-U file as gold-format articles (GUM marks every name:
    ``unmarked`` stays empty)."""
    file = shared / "data" / path
    meta: list[tuple[str, bool, str]] = []  # per sentence: doc id, new paragraph, doc date
    doc, date, par, in_block = "", None, False, False
    for line in file.read_text(encoding="utf8").splitlines():
        if line.startswith("# newdoc id = "):
            doc, date = line.split("=", 1)[1].strip(), None
        elif line.startswith("# meta::dateCreated = "):
            date = line.split("=", 1)[1].strip()
        elif line.startswith("# newpar"):
            par = True
        elif line.strip() and not line.startswith("#"):
            if not in_block:
                meta.append((doc, par, date))
                par, in_block = False, True
        elif not line.strip():
            in_block = False
    docs: dict[str, dict] = {}
    for sent, (doc, par, date) in zip(read_conllu(file), meta):
        if f"_{genre}_" not in doc:
            continue
        d = docs.setdefault(doc, {"sents": [], "breaks": [], "names": [], "date": date})
        offset = sum(len(s) for s in d["sents"])
        d["names"] += [(a + offset, b + offset, label) for a, b, label in gum_names(sent)]
        d["breaks"].append("\n\n" if par else " ")
        # the treebank's own spacing (SpaceAfter=No), with one space between words otherwise
        d["sents"].append([t["form"] + ("" if t["space"] else "\x00") for t in sent])
    out = []
    for doc, d in docs.items():
        text, spans = "", []
        for words, brk in zip(d["sents"], d["breaks"]):
            if text:
                text += brk
            for i, w in enumerate(words):
                if i and not words[i - 1].endswith("\x00"):
                    text += " "
                w = w.rstrip("\x00")
                spans.append((len(text), len(text) + len(w)))
                text += w
        out.append({"id": doc, "text": text, "lang": "en", "published_at": d["date"],
                    "entities": _entities(text, spans, d["names"]), "unmarked": []})
    return out


def predict(articles: list[dict]) -> dict[str, list[dict]]:
    """Article id -> the entities the English pipeline outputs (gold format)."""
    from ..analyze import analyze
    from ..document import Article
    from ..nlp import pipeline

    nlp = pipeline.load("en", LAYERS)
    out = {}
    for g in articles:
        a = analyze(Article(id=g["id"], text=g["text"], published_at=g.get("published_at"), lang="en"), nlp)
        out[g["id"]] = [{"start": e.start, "end": e.end, "label": e.label, "text": e.text} for e in a.entities]
    return out


def _marked_only(preds: list[dict], gold: dict) -> list[dict]:
    """Predictions minus those lying wholly on capitalised words no gold name covers."""
    names = [(g["start"], g["end"]) for g in gold["entities"]]
    unmarked = gold["unmarked"]
    keep = []
    for p in preds:
        overlaps_name = any(p["start"] < e and s < p["end"] for s, e in names)
        caps = [(s, e) for s, e in unmarked if p["start"] <= s and e <= p["end"]]
        words = [w for w in re.finditer(r"\S+", gold["text"][p["start"]:p["end"]]) if w.group()[:1].isupper()]
        if not overlaps_name and caps and len(caps) >= len(words):
            continue
        keep.append(p)
    return keep


def score(articles: list[dict], preds: dict[str, list[dict]], errors: list | None = None) -> dict:
    """Strict, marked-names-only and corpus-span P/R/F1 (micro over documents), per label."""
    out = {}
    for kind in ("strict", "marked_only", "corpus_spans"):
        tp = fp = fn = 0
        per: dict[str, Counter] = {}
        for g in articles:
            p = preds.get(g["id"], [])
            gold = g["entities"]
            if kind == "marked_only":
                p = _marked_only(p, g)
            if kind == "corpus_spans":
                gold = _corpus_spans(gold)
            else:
                gold = gold + _nationality_words(g["text"], gold)
            errs = [] if errors is not None and kind == "strict" else None
            s = score_entities(p, gold, errs)
            if errs is not None:
                errors += [{"id": g["id"], **e} for e in errs]
            tp, fp, fn = tp + s["tp"], fp + s["fp"], fn + s["fn"]
            for label, v in s["per_label"].items():
                c = per.setdefault(label, Counter())
                c.update({k: v[k] for k in ("tp", "fp", "fn")})
        out[kind] = {**prf(tp, fp, fn), "per_label": {k: prf(v["tp"], v["fp"], v["fn"]) for k, v in sorted(per.items())}}
    out["docs"] = len(articles)
    out["gold_names"] = sum(len(g["entities"]) for g in articles)
    return out


def evaluate(shared: Path, split: str, errors: list | None = None) -> dict:
    """Figures for ``split``: MEANTIME documents of that split, and the news documents of GUM's
    official split of that name."""
    sets = {"meantime": meantime_articles(shared, split),
            "gum_news": gum_articles(shared, "news", GUM.format(split=split))}
    out = {}
    for name, arts in sets.items():
        errs = [] if errors is not None else None
        out[name] = score(arts, predict(arts), errs)
        if errs is not None:
            errors += [{"set": name, **e} for e in errs]
    return out


def figures_table(figures: dict) -> list[str]:
    names = {"meantime": "MEANTIME English", "gum_news": "GUM news documents"}
    lines = ["| data | names | strict F1 (P / R) | marked names only F1 (P / R) | corpus spans F1 | per label (strict F1) |",
             "|---|---|---|---|---|---|"]
    for key, f in figures.items():
        s, m, c = f["strict"], f["marked_only"], f["corpus_spans"]
        labels = ", ".join(f"{k} {v['f']:.3f}" for k, v in s["per_label"].items())
        lines.append(f"| {names.get(key, key)} ({f['docs']} docs) | {f['gold_names']} | {s['f']:.3f} ({s['p']:.3f} / {s['r']:.3f}) "
                     f"| {m['f']:.3f} ({m['p']:.3f} / {m['r']:.3f}) | {c['f']:.3f} | {labels} |")
    return lines


def section(shared: Path) -> list[str]:
    from ..lang import get_pack

    lines = ["### English entities (model + kroniek's entity repair, running text)", ""]
    if not (get_pack("en").model_path / "meta.json").exists():
        return lines + ["The English model (`src/kroniek/models/en_kroniek`) is not installed: `make model-en`."]
    if (shared / "data" / "en" / "meantime_english").exists():
        lines += ["Development data (scored now): MEANTIME English dev split, GUM dev news documents.", "",
                  *figures_table(evaluate(shared, "dev")), ""]
    else:
        lines += ["(../shared not found: development figures not scored)", ""]
    if RESULTS.exists():
        rec = json.loads(RESULTS.read_text(encoding="utf8"))
        lines += [f"Held-out test data, scored once on {rec['date']} with model {rec['model_version']} "
                  f"(weights {rec.get('model_weights_sha1', '?')}; {rec['what']}):", "",
                  *figures_table(rec["test"])]
    else:
        lines.append("Held-out test figures: not recorded yet (`training/en/entities_eval.py --split test --record`).")
    return lines
