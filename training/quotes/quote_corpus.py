"""The quote set: quotes and speakers annotated in the event corpus's dev and test documents.

    python training/quotes/quote_corpus.py batches         # work/batchN.txt from the dev and test documents
    python training/quotes/quote_corpus.py meantime --data ../shared/data   # + the MEANTIME Dutch articles
    python training/quotes/quote_corpus.py check work/batch1.a.jsonl --batch batch1
    python training/quotes/quote_corpus.py build           # work/*.a.jsonl -> dev.jsonl, test.jsonl, stats.json
    python training/quotes/quote_corpus.py agree A.jsonl B.jsonl   # two annotations of the same documents

The documents are those of ``training/events`` (their split was fixed there, by document, before any
annotation) and the 120 MEANTIME Dutch articles (split here, by a hash of the id, before annotation), so
the quote set's test split holds only documents no kroniek rule was written on. The CoNLL-2002 articles'
sentences were shuffled by that shared task: in them a speaker outside the quote's sentence is often
lost (annotators then write null); MEANTIME keeps the authors' order. The
annotators' file format is in ``docs/annotation/quotes.md``; ``build`` writes the gold format of
``shared/eval/GOLD_FORMAT.md``, so ``kroniek evaluate --gold training/quotes/test.jsonl`` scores it.
Nothing here trains: the quote layer's rules are tuned on the 2019 dev gold, and this set measures them
on text they were not written for.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
EVENT_DOCS = ROOT / "training" / "events" / "docs.jsonl"
SPLITS = ("dev", "test")
KINDS = ("direct", "partial", "indirect")
BATCH_SENTENCES = 600
DOUBLE = "double"  # the batch annotated a second time, independently, for agreement
DOUBLE_SENTENCES = 400
sys.path.insert(0, str(ROOT / "src"))


MEANTIME_DOCS = HERE / "docs_meantime.jsonl"


def read_docs() -> dict[str, dict]:
    """The event corpus's dev and test documents, and the MEANTIME articles (``meantime`` command)."""
    lines = EVENT_DOCS.read_text(encoding="utf-8").splitlines()
    if MEANTIME_DOCS.exists():
        lines += MEANTIME_DOCS.read_text(encoding="utf-8").splitlines()
    docs = (json.loads(x) for x in lines if x.strip())
    return {d["id"]: d for d in docs if d["split"] in SPLITS}


def meantime_docs(data: Path) -> list[dict]:
    """The 120 MEANTIME Dutch articles (Wikinews, translated; CC BY 4.0) as running text, in their own
    sentence order: unlike the CoNLL-2002 articles, whose sentences the shared task shuffled, a speaker
    named in the sentence before or after a quote is where the author put it. Split half dev, half test
    by a hash of the id, before annotation."""
    import datetime as dt
    import importlib.util

    spec = importlib.util.spec_from_file_location("event_sources", ROOT / "training" / "events" / "sources.py")
    sources = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sources)
    path = data / "nl_extra" / "meantime_dutch_triggers" / "meantime.conll"
    tokens: dict[str, dict[int, list[str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) > 3 and not line.startswith("#"):
            sent = tokens.setdefault(cols[0], {}).setdefault(int(cols[1]), [])
            tok = cols[3]
            # the files glue the opening mark to its word (``We) and give the closing one alone ("):
            # split it off, so that the marks pair up as the authors wrote them
            if tok.startswith("``") and len(tok) > 2:
                sent += ['"', tok[2:]]
            else:
                sent.append('"' if tok in ("``", "''") else tok)
    docs = []
    for name, sents in tokens.items():
        d = sources.build({"id": "meantime-" + name.replace("corpus_", "").replace("/", "-"),
                           "source": f"MEANTIME Dutch (Wikinews, CC BY 4.0) {name}",
                           "tokens": [sents[k] for k in sorted(sents)]})
        first = sents[min(sents) + 1] if len(sents) > 1 else []  # the line after the headline is the date
        try:
            d["published_at"] = dt.datetime.strptime(" ".join(first), "%d-%b-%y").date().isoformat()
        except ValueError:
            pass
        docs.append(d)
    ordered = sorted(docs, key=lambda d: hashlib.sha1(d["id"].encode()).hexdigest())
    for i, d in enumerate(ordered):
        d["split"] = "test" if i % 2 == 0 else "dev"
    return sorted(docs, key=lambda d: d["id"])


def add_meantime(data: Path) -> dict:
    """Write docs_meantime.jsonl and add its batches (meantimeN) to the plan (once)."""
    plan = make_batches()
    if any(k.startswith("meantime") for k in plan):
        return plan
    docs = meantime_docs(data)
    MEANTIME_DOCS.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    cur, n, k = [], 0, 1
    for d in docs:
        cur.append(d["id"])
        n += len(d["sentences"])
        if n >= BATCH_SENTENCES:
            plan[f"meantime{k}"], cur, n, k = cur, [], 0, k + 1
    if cur:
        plan[f"meantime{k}"] = cur
    (HERE / "batches.json").write_text(json.dumps(plan, indent=1) + "\n")
    _write_batches({k: v for k, v in plan.items() if k.startswith("meantime")}, read_docs())
    return plan


def find(text: str, phrase: str, start: int) -> tuple[int, int] | None:
    """Offsets of ``phrase`` (``words#2``: its second occurrence) in ``text`` from ``start`` on."""
    n = 1
    if "#" in phrase and phrase.rsplit("#", 1)[1].isdigit():
        phrase, k = phrase.rsplit("#", 1)
        n = int(k)
    pos = start - 1
    for _ in range(n):
        pos = text.find(phrase, pos + 1)
        if pos < 0:
            return None
    return pos, pos + len(phrase)


def _find_ignoring_marks(text: str, phrase: str, start: int) -> tuple[int, int] | None:
    """``phrase`` in ``text`` with quote marks and spaces between its characters ignored: for the MEANTIME
    files, annotated before their marks were paired (``We ... "" became "We ...")."""
    import re

    chars = [c for c in phrase.split("#")[0] if c not in '"`' and not c.isspace()]
    if not chars:
        return None
    m = re.compile(r'[\s"`]*'.join(re.escape(c) for c in chars)).search(text, start)
    return (m.start(), m.end()) if m else None


# ---------------------------------------------------------------- batches
def make_batches() -> dict:
    """Whole documents in corpus order, about BATCH_SENTENCES sentences a batch, and the double sample:
    every third CoNLL document of the test and dev splits (real articles, where quotes are) up to
    DOUBLE_SENTENCES sentences. The plan is written once; later runs keep it."""
    plan_path = HERE / "batches.json"
    if plan_path.exists():
        return json.loads(plan_path.read_text())
    docs = read_docs()
    batches, cur, n = {}, [], 0
    for d in docs.values():
        cur.append(d["id"])
        n += len(d["sentences"])
        if n >= BATCH_SENTENCES:
            batches[f"batch{len(batches) + 1}"] = cur
            cur, n = [], 0
    if cur:
        batches[f"batch{len(batches) + 1}"] = cur
    double, n = [], 0
    for i, d in enumerate(x for x in docs.values() if x["id"].startswith("conll-")):
        if i % 3 == 0 and n < DOUBLE_SENTENCES:
            double.append(d["id"])
            n += len(d["sentences"])
    batches[DOUBLE] = double
    plan_path.write_text(json.dumps(batches, indent=1) + "\n")
    _write_batches(batches, docs)
    return batches


def _write_batches(batches: dict, docs: dict) -> None:
    work = HERE / "work"
    work.mkdir(exist_ok=True)
    for name, ids in batches.items():
        lines = []
        for doc_id in ids:
            d = docs[doc_id]
            lines.append(f"### {doc_id}  ({d['source']})")
            lines += [f"[{doc_id} {k}] {d['text'][s['start']:s['end']]}" for k, s in enumerate(d["sentences"])]
            lines.append("")
        (work / f"{name}.txt").write_text("\n".join(lines), encoding="utf-8")


# ---------------------------------------------------------------- reading annotations
def read_annotations(path: Path) -> tuple[list[dict], set[str], list[str]]:
    """Records, documents marked done, and the problems of one annotator's file (the event corpus's reader:
    both files are one JSON object a line with a ``done`` line per document)."""
    return _event_corpus_tool().read_annotations(path)


def _event_corpus_tool():
    import importlib.util

    spec = importlib.util.spec_from_file_location("event_corpus", ROOT / "training" / "events" / "corpus.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def resolve(rec: dict, docs: dict[str, dict]) -> tuple[dict | None, list[str]]:
    """One annotator record as a gold quote with offsets, or its problems."""
    where = f"line {rec.get('_line')}"
    d = docs.get(rec.get("doc"))
    if d is not None and d["id"].startswith("meantime-"):
        # annotated on the first build of these files, which kept the marks as the source has them
        for key in ("quote", "speaker_text"):
            if isinstance(rec.get(key), str):
                rec = {**rec, key: rec[key].replace("``", '"').replace('""', '"')}
    if d is None:
        return None, [f"{where}: unknown document {rec.get('doc')!r}"]
    sents = d["sentences"]
    k = rec.get("sent")
    if not isinstance(k, int) or not 0 <= k < len(sents):
        return None, [f"{where}: sentence {k!r} not in {d['id']} (0-{len(sents) - 1})"]
    problems = []
    if rec.get("kind") not in KINDS:
        problems.append(f"{where}: kind {rec.get('kind')!r} is not one of {', '.join(KINDS)}")
    words = rec.get("quote")
    span = find(d["text"], words, sents[k]["start"]) if isinstance(words, str) and words.strip() else None
    if span is None and d["id"].startswith("meantime-") and isinstance(words, str) and words.strip():
        span = _find_ignoring_marks(d["text"], words, sents[k]["start"])
    if span is None:
        problems.append(f"{where}: quote {str(words)[:60]!r} not found from sentence {k} of {d['id']}")
    elif span[0] >= sents[k]["end"]:
        problems.append(f"{where}: quote {str(words)[:60]!r} does not start in sentence {k} of {d['id']}")
    speaker = rec.get("speaker")
    if speaker is not None and not (isinstance(speaker, str) and speaker.strip()):
        problems.append(f"{where}: speaker must be a name or null")
    mention = None
    if rec.get("speaker_text"):
        sk = rec.get("speaker_sent")
        if not isinstance(sk, int) or not 0 <= sk < len(sents):
            problems.append(f"{where}: speaker_sent {sk!r} not in {d['id']}")
        else:
            m = find(d["text"], rec["speaker_text"], sents[sk]["start"])
            if m is None or m[0] >= sents[sk]["end"]:
                problems.append(f"{where}: speaker_text {rec['speaker_text']!r} not in sentence {sk} of {d['id']}")
            else:
                mention = m
    if problems:
        return None, problems
    q = {"start": span[0], "end": span[1], "text": d["text"][span[0]:span[1]], "kind": rec["kind"],
         "speaker": speaker.strip() if speaker else None, "cue": rec.get("cue"), "sentence_index": k}
    if mention is not None:
        q["speaker_start"], q["speaker_end"] = mention
    return q, []


def check(path: Path, batch_docs: list[str] | None, docs: dict[str, dict]) -> list[str]:
    quotes, done, problems = read_annotations(path)
    for rec in quotes:
        problems += resolve(rec, docs)[1]
    if batch_docs is not None:
        missing = [d for d in batch_docs if d not in done]
        if missing:
            problems.append(f"not marked done: {', '.join(missing)}")
        stray = sorted({str(r.get("doc")) for r in quotes} - set(batch_docs))
        if stray:
            problems.append(f"documents not in the batch: {', '.join(stray)}")
    return problems


def annotated(path: Path, docs: dict[str, dict]) -> tuple[dict[str, list[dict]], set[str]]:
    quotes, done, problems = read_annotations(path)
    by_doc: dict[str, list[dict]] = {}
    for rec in quotes:
        q, probs = resolve(rec, docs)
        if probs:
            raise SystemExit(f"{path}: {probs[0]}")
        by_doc.setdefault(rec["doc"], []).append(q)
    for qs in by_doc.values():
        qs.sort(key=lambda q: (q["start"], q["end"]))
    return by_doc, done


# ---------------------------------------------------------------- build
def build(refreeze: bool = False) -> dict:
    docs = read_docs()
    plan = make_batches()
    quotes: dict[str, list[dict]] = {}
    for name, ids in plan.items():
        if name == DOUBLE:
            continue
        path = HERE / "work" / f"{name}.a.jsonl"
        if not path.exists():
            raise SystemExit(f"{path.name} is missing: annotate {name} first")
        got, done = annotated(path, docs)
        missing = [d for d in ids if d not in done]
        if missing:
            raise SystemExit(f"{path.name}: not marked done: {', '.join(missing[:5])}")
        for d in ids:
            quotes[d] = got.get(d, [])
    second = HERE / "work" / f"{DOUBLE}.b.jsonl"
    if second.exists():
        # the double sample: its documents' first annotation (in their regular batch) against the second
        b, done_b = annotated(second, docs)
        agree = agreement_of({d: quotes[d] for d in plan[DOUBLE]}, set(plan[DOUBLE]), b, done_b, docs)
        (HERE / "agreement.json").write_text(json.dumps(agree, indent=1) + "\n")
    stats = {"documents": {}, "sentences": {}, "quotes": {}, "kinds": {}, "speaker_null": {}}
    for split in SPLITS:
        rows = []
        for d in docs.values():
            if d["split"] != split or d["id"] not in quotes:
                continue  # a document of the event corpus added after the quote set's plan was made
            rows.append({"id": d["id"], "lang": "nl", "source": d["source"], "published_at": d.get("published_at"),
                         "text": d["text"], "sentences": d["sentences"], "quotes": quotes[d["id"]]})
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        out = HERE / f"{split}.jsonl"
        if split == "test":
            digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
            frozen = HERE / "test.sha256"
            if frozen.exists() and frozen.read_text().split()[0] != digest and not refreeze:
                raise SystemExit("the test split is frozen (test.sha256) and this build would change it; "
                                 "rerun with --refreeze only if you mean to, and say so where its scores are reported")
            frozen.write_text(f"{digest}  test.jsonl\n")
        out.write_text(body, encoding="utf-8")
        qs = [q for r in rows for q in r["quotes"]]
        stats["documents"][split] = len(rows)
        stats["sentences"][split] = sum(len(r["sentences"]) for r in rows)
        stats["quotes"][split] = len(qs)
        stats["kinds"][split] = dict(Counter(q["kind"] for q in qs))
        stats["speaker_null"][split] = sum(q["speaker"] is None for q in qs)
    (HERE / "stats.json").write_text(json.dumps(stats, indent=1) + "\n")
    agree = json.loads((HERE / "agreement.json").read_text()) if (HERE / "agreement.json").exists() else None
    write_readme(stats, agree, plan)
    return stats


def write_readme(stats: dict, agree: dict | None, plan: dict) -> None:
    n_meantime = sum(len(v) for k, v in plan.items() if k.startswith("meantime"))
    L = ["# The kroniek quote set (Dutch)", "",
         "Quotes and their speakers annotated by reading, under [docs/annotation/quotes.md](../../docs/annotation/quotes.md),",
         "to measure kroniek's quote layer on text its rules were not written for. **Written by",
         "`python training/quotes/quote_corpus.py build`; edit the script, not the tables.** Nothing is trained on",
         "it; `training/quotes/score.py` scores kroniek on the dev split and, once a version is final, the test split",
         "(`results.json` keeps every test scoring).", "",
         "## Documents", "",
         "* the dev and test documents of the event corpus (`training/events/`: CoNLL-2002 De Morgen articles of 2000,",
         "  whose sentences that shared task shuffled, and Alpino treebank blocks of 1970s newspaper text; research use),",
         "  in the split they were given there before any annotation;",
         f"* the {n_meantime} MEANTIME Dutch articles (Wikinews translations, `../shared/data/nl_extra/meantime_dutch_triggers`,",
         "  CC BY 4.0), whole and in order, split half dev, half test by a hash of the id before annotation. Their",
         "  files glue the opening quote mark to its word (``We); `meantime_docs` splits it off so the marks pair up.", "",
         "| split | documents | sentences | quotes | direct / indirect / partial | speaker null |", "|---|---|---|---|---|---|"]
    for sp in SPLITS:
        k = stats["kinds"][sp]
        L.append(f"| {sp} | {stats['documents'][sp]} | {stats['sentences'][sp]:,} | {stats['quotes'][sp]} | "
                 f"{k.get('direct', 0)} / {k.get('indirect', 0)} / {k.get('partial', 0)} | {stats['speaker_null'][sp]} |")
    if agree:
        L += ["", "## Agreement", "",
              f"{agree['documents']} CoNLL documents ({agree['sentences']} sentences) were annotated twice, independently",
              f"(`work/double.b.jsonl` against their first annotation): quote F1 {agree['quote_f1']:.3f} ({agree['quotes_a']} and",
              f"{agree['quotes_b']} quotes), kind {agree['kind_agreement']:.3f}, speaker {agree['speaker_agreement']:.3f}",
              f"({agree['speaker_agreement_lenient']:.3f} lenient: same surname or one name inside the other) over {agree['matched']} matched quotes."]
    L += ["", "## Limits", "",
          "* In the CoNLL-2002 articles a multi-sentence quotation is cut at sentence ends (the order is lost), and",
          "  annotators differ on unmarked first-person sentences there; the MEANTIME articles do not have this problem.",
          "* Speakers are English canonical names (`Apple Inc.`, `the police`); kroniek writes the article's own name",
          "  for actors outside its dictionary, so the exact speaker accuracy counts some right speakers as wrong",
          "  (the lenient figure shows how many).", ""]
    (HERE / "README.md").write_text("\n".join(L), encoding="utf-8")


# ---------------------------------------------------------------- agreement
def agreement(path_a: Path, path_b: Path) -> dict:
    """Two independent annotations of the same documents, scored as the evaluation scores quotes:
    quote F1 with A as gold and B as prediction (a match overlaps at least half of A's span; the F1 is
    symmetric enough to read as agreement), and on matched quotes the kind and the speaker (normalised
    names equal, as in the evaluation; and leniently: same surname or one name inside the other)."""
    docs = read_docs()
    a, done_a = annotated(path_a, docs)
    b, done_b = annotated(path_b, docs)
    return agreement_of(a, done_a, b, done_b, docs)


def agreement_of(a: dict, done_a: set, b: dict, done_b: set, docs: dict) -> dict:
    from kroniek.evaluate.gold import lenient_speaker, norm_name, quote_pairs, score_quotes

    ids = sorted(done_a & done_b)
    tp = fp = fn = 0
    kinds = speakers = lenient = matched = 0
    for d in ids:
        qa, qb = a.get(d, []), b.get(d, [])
        s = score_quotes(qb, qa)
        tp, fp, fn = tp + s["tp"], fp + s["fp"], fn + s["fn"]
        for i, j in quote_pairs(qb, qa):  # A as gold, B as prediction, as in the quote F1 above
            g, p = qa[j], qb[i]
            matched += 1
            kinds += g["kind"] == p["kind"]
            speakers += norm_name(g["speaker"]) == norm_name(p["speaker"])
            lenient += lenient_speaker(g["speaker"], p["speaker"])
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"documents": len(ids), "sentences": sum(len(docs[d]["sentences"]) for d in ids),
            "quotes_a": tp + fn, "quotes_b": tp + fp, "quote_f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "matched": matched, "kind_agreement": round(kinds / matched, 3) if matched else None,
            "speaker_agreement": round(speakers / matched, 3) if matched else None,
            "speaker_agreement_lenient": round(lenient / matched, 3) if matched else None}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("batches", help="write the batch plan and work/batchN.txt (once)")
    m = sub.add_parser("meantime", help="add the MEANTIME Dutch articles and their batches (once)")
    m.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    c = sub.add_parser("check", help="check one annotation file")
    c.add_argument("path", type=Path)
    c.add_argument("--batch", help="batch name: also check that each of its documents is marked done")
    b = sub.add_parser("build", help="write dev.jsonl, test.jsonl and stats.json from work/*.a.jsonl")
    b.add_argument("--refreeze", action="store_true", help="allow the frozen test split to change")
    g = sub.add_parser("agree", help="agreement of two annotations of the same documents")
    g.add_argument("a", type=Path)
    g.add_argument("b", type=Path)
    g.add_argument("--write", action="store_true", help="also write agreement.json")
    args = ap.parse_args(argv)
    if args.cmd == "batches":
        plan = make_batches()
        docs = read_docs()
        for name, ids in plan.items():
            print(name, len(ids), "documents", sum(len(docs[d]["sentences"]) for d in ids), "sentences")
        return 0
    if args.cmd == "meantime":
        plan = add_meantime(args.data)
        docs = read_docs()
        for name, ids in plan.items():
            if name.startswith("meantime"):
                print(name, len(ids), "documents", sum(len(docs[d]["sentences"]) for d in ids), "sentences")
        return 0
    if args.cmd == "check":
        plan = make_batches()
        problems = check(args.path, plan.get(args.batch) if args.batch else None, read_docs())
        for p in problems:
            print(p)
        print(f"{args.path.name}: {'OK' if not problems else f'{len(problems)} problems'}")
        return 1 if problems else 0
    if args.cmd == "build":
        print(json.dumps(build(args.refreeze), indent=1))
        return 0
    res = agreement(args.a, args.b)
    if args.write:
        (HERE / "agreement.json").write_text(json.dumps(res, indent=1) + "\n")
    print(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
