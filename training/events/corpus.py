"""The event corpus: check annotation files, build the split corpus, measure agreement.

    python training/events/corpus.py check work/batch1.a.jsonl --batch batch1
    python training/events/corpus.py build            # work/*.jsonl -> train/dev/test.jsonl + stats.json
    python training/events/corpus.py agree A.jsonl B.jsonl   # agreement of two annotations of one batch

Annotators write one JSON line per event with the trigger, source and target copied from the
sentence (``docs/annotation/events.md`` section 9). ``build`` turns those into the corpus files: one
article per line in the gold format of ``shared/eval/GOLD_FORMAT.md`` (so ``kroniek evaluate --gold``
scores them), with character offsets for the trigger and both participants, the sentence offsets and
the document's source. Only this module knows the annotators' file format.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TYPES_FILE = ROOT / "src" / "kroniek" / "data" / "plover_types.json"
COUNTRIES_FILE = ROOT / "src" / "kroniek" / "data" / "countries.tsv"
FACTUALITY = ("asserted", "negated", "future", "hypothetical")
SPLITS = ("train", "dev", "test")
# the adjudicated version of the double-annotated sample is the first annotator's file
PRIMARY = "a"


def plover_modes() -> dict[str, set[str]]:
    types = json.loads(TYPES_FILE.read_text())["types"]
    return {t: set(v["modes"]) for t, v in types.items()}


def countries() -> set[str]:
    out = set()
    for line in COUNTRIES_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            out.add(line.split("\t")[0])
    # ISO 3166-3 codes of states of the time of the text (the Alpino sentences are from about 1970)
    return out | {"PSE", "XKX", "TWN", "DDR", "SUN", "CSK", "YUG", "SCG"}


def read_docs(path: Path = HERE / "docs.jsonl") -> dict[str, dict]:
    """The documents; plus ``docs.research.jsonl`` beside it where present (texts that may not be
    shipped, rebuilt from ../shared, only their annotations committed)."""
    out = {d["id"]: d for d in (json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip())}
    research = path.with_name("docs.research.jsonl")
    if research.exists():
        out.update({d["id"]: d for d in (json.loads(x) for x in research.read_text(encoding="utf-8").splitlines() if x.strip())})
    return out


def read_jsonl_rows(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def find(sentence: str, phrase: str) -> tuple[int, int] | None:
    """Offsets of ``phrase`` (``word#2`` = its second occurrence) inside ``sentence``.

    Without ``#n``, the first occurrence that stands as whole words ("he" is not the end of "the"),
    else the first occurrence at all; ``#n`` counts every occurrence, as annotators were told."""
    n = 1
    if "#" in phrase and phrase.rsplit("#", 1)[1].isdigit():
        phrase, k = phrase.rsplit("#", 1)
        n = int(k)
    elif phrase:
        whole = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", sentence)
        if whole:
            return whole.start(), whole.end()
    pos = -1
    for _ in range(n):
        pos = sentence.find(phrase, pos + 1)
        if pos < 0:
            return None
    return pos, pos + len(phrase)


def read_annotations(path: Path) -> tuple[list[dict], set[str], list[str]]:
    """Events, documents marked done, and the problems of one annotator's file."""
    events, done, problems = [], set(), []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"line {n}: not JSON ({e.msg})")
            continue
        if rec.get("done"):
            done.add(rec.get("doc"))
        else:
            rec["_line"] = n
            events.append(rec)
    return events, done, problems


def resolve(rec: dict, docs: dict[str, dict], modes: dict, iso: set[str]) -> tuple[dict | None, list[str]]:
    """One annotator record -> a corpus event with offsets into the document text, or the problems."""
    where = f"line {rec.get('_line')}"
    doc = docs.get(rec.get("doc"))
    if doc is None:
        return None, [f"{where}: unknown doc {rec.get('doc')!r}"]
    sents = doc["sentences"]
    si = rec.get("sent")
    if not isinstance(si, int) or not 0 <= si < len(sents):
        return None, [f"{where}: {doc['id']} has no sentence {si!r}"]
    s0, s1 = sents[si]["start"], sents[si]["end"]
    sentence = doc["text"][s0:s1]
    problems = []
    etype = rec.get("type")
    if etype not in modes:
        problems.append(f"{where}: unknown type {etype!r}")
    mode = rec.get("mode") or None
    if mode is not None and etype in modes and mode not in modes[etype]:
        problems.append(f"{where}: mode {mode!r} is not a {etype} mode ({', '.join(sorted(modes[etype])) or 'none'})")
    fact = rec.get("factuality")
    if fact not in FACTUALITY:
        problems.append(f"{where}: factuality {fact!r} is not one of {', '.join(FACTUALITY)}")
    out = {"type": etype, "mode": mode, "factuality": fact, "sentence_index": si, "sentence": sentence}
    trig = rec.get("trigger")
    span = find(sentence, trig) if isinstance(trig, str) and trig else None
    if span is None:
        problems.append(f"{where}: trigger {trig!r} not found in [{doc['id']} {si}]")
    else:
        out["trigger"] = {"start": s0 + span[0], "end": s0 + span[1], "text": doc["text"][s0 + span[0] : s0 + span[1]]}
    for role in ("source", "target"):
        phrase, name, country = rec.get(role), rec.get(f"{role}_name"), rec.get(f"{role}_country")
        if country is not None and country not in iso:
            problems.append(f"{where}: {role}_country {country!r} is not an ISO 3166-1 alpha-3 code")
        if phrase is None and name is None and country is None:
            out[role] = None
            continue
        actor = {"name": name or phrase, "country": country}
        if phrase is not None:
            sp = find(sentence, phrase) if isinstance(phrase, str) and phrase else None
            if sp is None:
                problems.append(f"{where}: {role} {phrase!r} not found in [{doc['id']} {si}]")
            else:
                actor.update(start=s0 + sp[0], end=s0 + sp[1], text=doc["text"][s0 + sp[0] : s0 + sp[1]])
        else:
            actor["implicit"] = True
        out[role] = actor
    when = rec.get("when")
    if when:
        sp = find(sentence, when)
        if sp is None:
            problems.append(f"{where}: when {when!r} not found in [{doc['id']} {si}]")
        else:
            out["when"] = {"start": s0 + sp[0], "end": s0 + sp[1], "text": when.split("#")[0]}
    return (None if problems else out), problems


def check(path: Path, batch_docs: list[str] | None, docs: dict[str, dict]) -> list[str]:
    modes, iso = plover_modes(), countries()
    events, done, problems = read_annotations(path)
    for rec in events:
        problems += resolve(rec, docs, modes, iso)[1]
    if batch_docs is not None:
        missing = [d for d in batch_docs if d not in done]
        if missing:
            problems.append(f"not marked done: {', '.join(missing)}")
        stray = sorted({r.get("doc") for r in events} - set(batch_docs))
        if stray:
            problems.append(f"documents not in the batch: {', '.join(map(str, stray))}")
    return problems


def annotated_events(path: Path, docs: dict[str, dict]) -> dict[str, list[dict]]:
    modes, iso = plover_modes(), countries()
    events, _, problems = read_annotations(path)
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for rec in events:
        ev, probs = resolve(rec, docs, modes, iso)
        if probs:
            raise SystemExit(f"{path}: {probs[0]}")
        by_doc[rec["doc"]].append(ev)
    return by_doc


def gold_event(ev: dict) -> dict:
    """A corpus event in the gold format's event fields (plus its spans)."""
    g = {"type": ev["type"], "mode": ev["mode"], "factuality": ev["factuality"],
         "trigger": ev["trigger"], "sentence_index": ev["sentence_index"], "sentence": ev["sentence"]}
    for role in ("source", "target"):
        g[role] = ev[role]
    if "when" in ev:
        g["when"] = ev["when"]
    return g


def build(work: Path, out: Path, refreeze: bool = False) -> dict:
    docs = read_docs(HERE / "docs.jsonl")
    plan = json.loads((HERE / "batches.json").read_text())
    events: dict[str, list[dict]] = {}
    annotated_by: dict[str, str] = {}
    for batch, ids in plan.items():
        name = "double" if batch == "double" else batch
        path = work / f"{name}.{PRIMARY}.jsonl"
        if not path.exists():
            continue
        problems = [x for x in check(path, None, docs)]
        if problems:
            raise SystemExit(f"{path}: {len(problems)} problems, first: {problems[0]}")
        got = annotated_events(path, docs)
        _, done, _ = read_annotations(path)
        missing = [d for d in ids if d not in done]
        if missing:
            print(f"{path.name}: {len(missing)} documents not annotated, left out: {', '.join(missing)}", file=sys.stderr)
        for d in ids:
            if d not in done:
                continue
            events[d] = sorted(got.get(d, []), key=lambda e: (e["trigger"]["start"], e["type"]))
            annotated_by[d] = path.name
    stats: dict = {"splits": {}, "types": {}, "factuality": {}}
    for split in SPLITS:
        rows = []
        for d in sorted(events):
            doc = docs[d]
            if doc["split"] != split:
                continue
            rows.append({
                "id": d, "lang": doc.get("lang", "nl"), "source": doc["source"], "annotation": annotated_by[d],
                "text": doc["text"], "sentences": doc["sentences"],
                "all_events": [gold_event(e) for e in events[d]],
                "events": [gold_event(e) for e in events[d] if e["factuality"] == "asserted"],
            })
        # texts that may not be shipped (docs.research.jsonl) go to a git-ignored file of their own
        with (out / f"{split}.jsonl").open("w", encoding="utf-8") as f:
            for r in rows:
                if not docs[r["id"]].get("research"):
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
        if any(docs[r["id"]].get("research") for r in rows):
            with (out / f"{split}.research.jsonl").open("w", encoding="utf-8") as f:
                for r in rows:
                    if docs[r["id"]].get("research"):
                        f.write(json.dumps(r, ensure_ascii=False) + "\n")
        evs = [e for r in rows for e in r["all_events"]]
        stats["splits"][split] = {
            "documents": len(rows), "sentences": sum(len(r["sentences"]) for r in rows),
            "sentences_with_events": len({(r["id"], e["sentence_index"]) for r in rows for e in r["all_events"]}),
            "events": len(evs), "asserted": sum(e["factuality"] == "asserted" for e in evs),
        }
        kept_out = [r for r in rows if docs[r["id"]].get("research")]
        if kept_out:  # counted above, but not in the committed split file
            stats["splits"][split]["research_only"] = {
                "documents": len(kept_out), "sentences": sum(len(r["sentences"]) for r in kept_out),
                "events": sum(len(r["all_events"]) for r in kept_out)}
        stats["types"][split] = dict(sorted(Counter(e["type"] for e in evs if e["factuality"] == "asserted").items()))
        stats["factuality"][split] = dict(sorted(Counter(e["factuality"] for e in evs).items()))
    (out / "stats.json").write_text(json.dumps(stats, indent=1) + "\n")
    # the test split is frozen from its first build on: its checksum is checked by the test suite, and a
    # build that would change it stops (a changed test split is a new, unseen one only if no model saw it)
    digest = hashlib.sha256((out / "test.jsonl").read_bytes()).hexdigest()
    frozen = out / "test.sha256"
    if frozen.exists() and frozen.read_text().split()[0] != digest and not refreeze:
        raise SystemExit("the test split changed, but it is frozen (test.sha256); rebuild with --refreeze only "
                         "to add documents that no model has been scored on")
    frozen.write_text(f"{digest}  test.jsonl\n")
    research = out / "test.research.jsonl"
    if research.exists():  # its annotations are frozen too (the text is rebuilt from ../shared)
        events_only = json.dumps([[r["id"], r["all_events"]] for r in read_jsonl_rows(research)], sort_keys=True)
        digest = hashlib.sha256(events_only.encode("utf-8")).hexdigest()
        frozen = out / "test.research.sha256"
        if frozen.exists() and frozen.read_text().split()[0] != digest and not refreeze:
            raise SystemExit("the research test split changed, but it is frozen (test.research.sha256)")
        frozen.write_text(f"{digest}  test.research.jsonl (ids and events)\n")
    a, b = work / f"double.{PRIMARY}.jsonl", work / "double.b.jsonl"
    if a.exists() and b.exists():
        res = agreement(a, b)
        own = work / "own.jsonl"
        if own.exists():
            # the main annotator's own reading of a part of the sample, against each helper
            res["own_check"] = {x.name: agreement(own, x) for x in (a, b)}
        res.update(further_samples(work))
        (out / "agreement.json").write_text(json.dumps(res, indent=1) + "\n")
    agree = json.loads((out / "agreement.json").read_text()) if (out / "agreement.json").exists() else None
    write_readme(out, stats, agree)
    return stats


# ---------------------------------------------------------------- README
README_HEAD = """# The kroniek event corpus (Dutch, PLOVER)

Dutch newspaper sentences annotated with PLOVER events by reading the text, following
[`docs/annotation/events.md`](../../docs/annotation/events.md). This is what the learned event coder
(`make events`, `training/events/train.py`) learns from. **This file is written by
`python training/events/corpus.py build`; edit the script, not the tables.**

## Sources and licences

| source | what | licence |
|---|---|---|
| CoNLL-2002 `ned.train`, `ned.testa` (`../shared/data/conll2002_nl/`) | whole articles of De Morgen (Belgium, 2000), detokenised to running text, one sentence a line; the shared task shuffled the sentences inside each article | research use only (see the CoNLL-2002 README); not for commercial use |
| Alpino treebank, cdb part (`../shared/data/alpino_treebank_xml/`) | newspaper sentences of the Eindhoven corpus (about 1970), in treebank order, in blocks of 25 consecutive sentences (a block is a document) | research use ("distributed with NLTK with permission") |

`ned.testb` (the NER test set) and the 2019 evaluation corpus (`corpus_nl`) are **not** used.
Documents were picked by the density of political words (`sources.py`; sports pages have no
PLOVER events), whole documents only. The annotations are the project's own (MIT, like the code);
the text keeps its source's licence, so the corpus, like the model trained on it, is for research use.

## Files

| file | what |
|---|---|
| `docs.jsonl` | every chosen document: id, source, text, sentence offsets, split |
| `train.jsonl`, `dev.jsonl`, `test.jsonl` | annotated documents in the gold format of `shared/eval/GOLD_FORMAT.md` (so `kroniek evaluate --gold` scores them), plus `sentences`, `all_events` (every mention, with `factuality`) and character spans for each event's `trigger`, `source`, `target` and `when`; `events` holds the asserted ones, the ones scored |
| `test.sha256` | checksum of the frozen test split (checked by `make test`) |
| `stats.json`, `agreement.json` | the figures below |
| `work/` | the batches as the annotators read them and their files, one JSON line per event (`corpus.py check` validates one) |
| `sources.py`, `corpus.py`, `train.py` | choose and split the documents; check, build and measure agreement; train the coder |

## How it was made

1. `sources.py` chose the documents and assigned each to train, dev or test **before annotation**,
   by a hash of its id (about 17 % of the sentences test, 15 % dev). Two later, larger selections added
   documents without changing the split of any chosen before; the third (after the test split had
   been scored) added train and dev documents only, so the test split stayed as it was frozen.
2. Annotators read each batch and wrote every event mention (type, mode, trigger, source and target
   with canonical name and country, factuality, time expression), or nothing, for every sentence. They
   never saw kroniek's output, its lexicon or each other's files; each batch was checked with
   `corpus.py check` (spans found, types, modes, countries, every document done).
3. A sample of whole documents was annotated twice, independently (`work/double.a.jsonl`,
   `work/double.b.jsonl`); the corpus keeps the first annotation. The main annotator also annotated
   two documents of that sample (`work/own.jsonl`) and compared them with both helpers.
4. The test split is scored once, at the end of the work that trains on the rest.
"""


def _table(rows: list[list], head: list[str]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(str(x) for x in r) + " |" for r in rows]
    return out


def write_readme(out: Path, stats: dict, agree: dict | None) -> None:
    head = HERE / "README_HEAD.md"  # a corpus of another language describes itself
    lines = (head.read_text(encoding="utf-8") if head.exists() else README_HEAD).rstrip().split("\n") + ["", "## Counts", ""]
    sp = stats["splits"]
    total = {k: sum(sp[s][k] for s in SPLITS) for k in sp["train"]}
    rows = [[s, sp[s]["documents"], sp[s]["sentences"], f"{100 * sp[s]['sentences'] / total['sentences']:.0f} %",
             sp[s]["sentences_with_events"], sp[s]["events"], sp[s]["asserted"]] for s in SPLITS]
    rows.append(["all", total["documents"], total["sentences"], "100 %", total["sentences_with_events"], total["events"], total["asserted"]])
    lines += _table(rows, ["split", "documents", "sentences", "share", "sentences with events", "event mentions", "asserted (scored)"])
    lines += ["", "Asserted event mentions per type:", ""]
    types = sorted(plover_modes())
    rows = [[t] + [stats["types"][s].get(t, 0) for s in SPLITS] + [sum(stats["types"][s].get(t, 0) for s in SPLITS)] for t in types]
    lines += _table(rows, ["type", *SPLITS, "all"])
    lines += ["", "Factuality of all mentions: " + "; ".join(
        f"{s}: " + ", ".join(f"{k} {v}" for k, v in stats["factuality"][s].items()) for s in SPLITS) + "."]
    if agree:
        lines += ["", "## Agreement", "",
                  f"Double-annotated sample: {agree['documents']} whole documents, {agree['sentences']} sentences, "
                  f"{agree['words']} words, every split represented.", ""]
        rows = [
            ["trigger span (exact), type ignored", agree["trigger_span_f1"]["f1"], f"{agree['trigger_span_f1']['a']} / {agree['trigger_span_f1']['b']}"],
            ["trigger span and type", agree["trigger_span_type_f1"]["f1"], f"{agree['trigger_span_type_f1']['a']} / {agree['trigger_span_type_f1']['b']}"],
            ["asserted types per sentence, one-to-one (as the evaluation matches)", agree["sentence_type_f1"]["f1"],
             f"{agree['sentence_type_f1']['a']} / {agree['sentence_type_f1']['b']}"],
        ]
        lines += _table(rows, ["F1 between the two annotators", "F1", "mentions (A / B)"])
        lines += ["", f"Cohen's kappa over all {agree['words']} words (the type of the trigger a word starts, or none): "
                  f"**{agree['token_kappa']}**; kappa of factuality over the triggers both found: {agree['factuality_kappa']}.",
                  "Over the triggers both found (same type, overlapping span), the two agree on the source span in "
                  f"{agree['participants_over_matched_triggers']['source']:.0%} and the target span in "
                  f"{agree['participants_over_matched_triggers']['target']:.0%} of cases (both empty counts as agreement), "
                  f"on the source country in {agree['participants_over_matched_triggers']['source_country']:.0%} and the target "
                  f"country in {agree['participants_over_matched_triggers']['target_country']:.0%}.", "",
                  "Per type (asserted mentions per sentence, one-to-one):", ""]
        rows = [[t, v["f1"], v["a"], v["b"], v["both"]] for t, v in agree["per_type_sentence_f1"].items()]
        lines += _table(rows, ["type", "F1", "A", "B", "both"])
        own = agree.get("own_check")
        if own:
            lines += ["", "The main annotator's own reading of two documents of the sample "
                      f"({next(iter(own.values()))['sentences']} sentences), against each helper:", ""]
            rows = [[name, v["trigger_span_f1"]["f1"], v["trigger_span_type_f1"]["f1"], v["sentence_type_f1"]["f1"], v["token_kappa"]]
                    for name, v in own.items()]
            lines += _table(rows, ["helper", "trigger span F1", "span + type F1", "types per sentence F1", "kappa"])
        for batch, v in (agree.get("samples") or {}).items():
            lines += ["", f"A later sample, the first {v['documents']} documents of batch `{batch}` ({v['sentences']} sentences, "
                      f"{v['words']} words) read by a second annotator (`work/{batch}dbl.b.jsonl`): trigger span and type F1 "
                      f"**{v['trigger_span_type_f1']['f1']}**, types per sentence F1 {v['sentence_type_f1']['f1']}, "
                      f"kappa {v['token_kappa']}, factuality kappa {v['factuality_kappa']}."]
        for batch, checks in (agree.get("own_checks") or {}).items():
            first = next(iter(checks.values()))
            lines += ["", f"The main annotator's own reading of {first['documents']} documents of batch `{batch}` "
                      f"({first['sentences']} sentences, `work/{batch}own.c.jsonl`), against each helper's reading of them:", ""]
            rows = [[name, v["trigger_span_f1"]["f1"], v["trigger_span_type_f1"]["f1"], v["sentence_type_f1"]["f1"], v["token_kappa"]]
                    for name, v in checks.items()]
            lines += _table(rows, ["helper file", "trigger span F1", "span + type F1", "types per sentence F1", "kappa"])
    limits = HERE / "README_LIMITS.md"  # a corpus of another language states its own limits
    if limits.exists():
        lines += ["", *limits.read_text(encoding="utf-8").rstrip().split("\n"), ""]
        (out / "README.md").write_text("\n".join(lines), encoding="utf-8")
        return
    lines += ["", "## Known limits", "",
              "* Sentences of CoNLL documents are shuffled: pronouns were resolved only where the whole document "
              "made the referent certain, so many participants are pronouns or descriptions without a name.",
              "* The Alpino text is about fifty years old; states of that time carry ISO 3166-3 codes "
              "(DDR, SUN, CSK, YUG) in annotations made after the guidelines said so (the first round used their "
              "successor states or null in a few cases).",
              "* Borderline calls the guidelines leave open (company deals, sports sanctions, historical background, "
              "satire) were decided per annotator and noted in their reports; the agreement above measures "
              "how far that moves the counts.",
              ""]
    (out / "README.md").write_text("\n".join(lines), encoding="utf-8")


# ---------------------------------------------------------------- agreement
def _subset(path: Path, ids: set[str], into: Path) -> Path:
    """The lines of an annotation file about the documents ``ids`` (to compare one reading of a few
    documents with another annotator's whole batch)."""
    keep = [x for x in path.read_text(encoding="utf-8").splitlines() if x.strip() and json.loads(x).get("doc") in ids]
    into.write_text("\n".join(keep) + "\n", encoding="utf-8")
    return into


def further_samples(work: Path) -> dict:
    """Agreement on the later double-annotated samples: ``<batch>dbl.b.jsonl`` (a second annotator's reading
    of the first documents of a batch) against the batch's first annotation, and ``<batch>own.c.jsonl`` (the
    main annotator's own check reading of a few documents) against both."""
    import tempfile

    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        for b in sorted(work.glob("*dbl.b.jsonl")):
            batch = b.name[: -len("dbl.b.jsonl")]
            first = work / f"{batch}.{PRIMARY}.jsonl"
            if not first.exists():
                continue
            ids = {d for d in (json.loads(x).get("doc") for x in b.read_text(encoding="utf-8").splitlines() if x.strip())}
            out.setdefault("samples", {})[batch] = agreement(_subset(first, ids, Path(tmp) / "a.jsonl"), b)
        for c in sorted(work.glob("*own.c.jsonl")):
            batch = c.name[: -len("own.c.jsonl")]
            ids = {d for d in (json.loads(x).get("doc") for x in c.read_text(encoding="utf-8").splitlines() if x.strip())}
            checks = {}
            for name, other in ((f"{batch}.{PRIMARY}.jsonl", work / f"{batch}.{PRIMARY}.jsonl"), (f"{batch}dbl.b.jsonl", work / f"{batch}dbl.b.jsonl")):
                if other.exists():
                    checks[name] = agreement(_subset(other, ids, Path(tmp) / "x.jsonl"), c)
            if checks:
                out.setdefault("own_checks", {})[batch] = checks
    return out


def _span_f1(a: list[tuple], b: list[tuple]) -> dict:
    ca, cb = Counter(a), Counter(b)
    tp = sum((ca & cb).values())
    p = tp / len(a) if a else 0.0
    r = tp / len(b) if b else 0.0
    return {"f1": round(2 * p * r / (p + r), 3) if p + r else 0.0, "a": len(a), "b": len(b), "both": tp}


def _kappa(pairs: list[tuple[str, str]]) -> float:
    n = len(pairs)
    if not n:
        return 0.0
    po = sum(x == y for x, y in pairs) / n
    ca, cb = Counter(x for x, _ in pairs), Counter(y for _, y in pairs)
    pe = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return round((po - pe) / (1 - pe), 3) if pe < 1 else 1.0


def _overlaps(x: dict | None, y: dict | None) -> bool:
    if not x or not y or "start" not in x or "start" not in y:
        return (x or {}).get("country") == (y or {}).get("country") and not (x and "start" in x) and not (y and "start" in y)
    return min(x["end"], y["end"]) > max(x["start"], y["start"])


def agreement(path_a: Path, path_b: Path) -> dict:
    """Agreement of two independent annotations of the same documents.

    * trigger F1: same trigger span (exact offsets), type ignored; typed trigger F1: same span and type;
    * type F1 per sentence: the multiset of types in each sentence, matched one-to-one (as the
      evaluation matches events per article);
    * source/target span F1 over matched triggers (spans overlap, or both empty);
    * Cohen's kappa per token: each word's label (the type of the trigger it starts, or none), over all
      words of the sample's sentences;
    * per type: F1 of (sentence, type) between the two.
    """
    docs = read_docs(HERE / "docs.jsonl")
    a, b = annotated_events(path_a, docs), annotated_events(path_b, docs)
    _, done_a, _ = read_annotations(path_a)
    _, done_b, _ = read_annotations(path_b)
    ids = sorted(done_a & done_b)
    trig_a, trig_b, typed_a, typed_b, sent_a, sent_b = [], [], [], [], [], []
    role_hits = {"source": [0, 0], "target": [0, 0], "source_country": [0, 0], "target_country": [0, 0]}
    fact_pairs = []
    tokens = 0
    label_pairs = []
    for d in ids:
        ea, eb = a.get(d, []), b.get(d, [])
        trig_a += [(d, e["trigger"]["start"], e["trigger"]["end"]) for e in ea]
        trig_b += [(d, e["trigger"]["start"], e["trigger"]["end"]) for e in eb]
        typed_a += [(d, e["trigger"]["start"], e["trigger"]["end"], e["type"]) for e in ea]
        typed_b += [(d, e["trigger"]["start"], e["trigger"]["end"], e["type"]) for e in eb]
        sent_a += [(d, e["sentence_index"], e["type"]) for e in ea if e["factuality"] == "asserted"]
        sent_b += [(d, e["sentence_index"], e["type"]) for e in eb if e["factuality"] == "asserted"]
        used = set()
        for x in ea:
            for j, y in enumerate(eb):
                if j in used or x["type"] != y["type"]:
                    continue
                if min(x["trigger"]["end"], y["trigger"]["end"]) > max(x["trigger"]["start"], y["trigger"]["start"]):
                    used.add(j)
                    fact_pairs.append((x["factuality"], y["factuality"]))
                    for role in ("source", "target"):
                        role_hits[role][1] += 1
                        role_hits[role][0] += _overlaps(x[role], y[role])
                        role_hits[f"{role}_country"][1] += 1
                        role_hits[f"{role}_country"][0] += (x[role] or {}).get("country") == (y[role] or {}).get("country")
                    break
        text = docs[d]["text"]
        starts_a = {e["trigger"]["start"]: e["type"] for e in ea}
        starts_b = {e["trigger"]["start"]: e["type"] for e in eb}
        pos = 0
        for w in text.split():
            i = text.index(w, pos)
            pos = i + len(w)
            tokens += 1
            label_pairs.append((starts_a.get(i, "O"), starts_b.get(i, "O")))
    per_type = {}
    for t in sorted({x[2] for x in sent_a + sent_b}):
        per_type[t] = _span_f1([x for x in sent_a if x[2] == t], [x for x in sent_b if x[2] == t])
    sentences = sum(len(docs[d]["sentences"]) for d in ids)
    return {
        "documents": len(ids), "sentences": sentences, "words": tokens,
        "trigger_span_f1": _span_f1(trig_a, trig_b),
        "trigger_span_type_f1": _span_f1(typed_a, typed_b),
        "sentence_type_f1": _span_f1(sent_a, sent_b),
        "token_kappa": _kappa(label_pairs),
        "factuality_kappa": _kappa(fact_pairs),
        "participants_over_matched_triggers": {k: round(v[0] / v[1], 3) if v[1] else None for k, v in role_hits.items()},
        "per_type_sentence_f1": per_type,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus-dir", type=Path, default=None,
                    help="the corpus folder (docs.jsonl, batches.json, work/); default this folder (Dutch); "
                         "training/events_en for English")
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check", help="check one annotation file")
    c.add_argument("file", type=Path)
    c.add_argument("--batch", help="batch name in batches.json: every document must be marked done")
    b = sub.add_parser("build", help="write train/dev/test.jsonl and stats.json")
    b.add_argument("--work", type=Path, default=None)
    b.add_argument("--out", type=Path, default=None)
    b.add_argument("--refreeze", action="store_true", help="accept a changed test split (only to add unseen documents)")
    g = sub.add_parser("agree", help="agreement of two annotation files of the same documents")
    g.add_argument("a", type=Path)
    g.add_argument("b", type=Path)
    g.add_argument("--json", type=Path, help="also write the figures here")
    a = ap.parse_args(argv)
    global HERE
    if a.corpus_dir:
        HERE = a.corpus_dir.resolve()
    if a.cmd == "build":
        a.work, a.out = a.work or HERE / "work", a.out or HERE
    if a.cmd == "check":
        docs = read_docs(HERE / "docs.jsonl")
        ids = json.loads((HERE / "batches.json").read_text())[a.batch] if a.batch else None
        problems = check(a.file, ids, docs)
        events, done, _ = read_annotations(a.file)
        for p in problems:
            print(p)
        print(f"{a.file}: {len(events)} events, {len(done)} documents done, {len(problems)} problems")
        return 1 if problems else 0
    if a.cmd == "build":
        print(json.dumps(build(a.work, a.out, a.refreeze), indent=1))
        return 0
    res = agreement(a.a, a.b)
    if a.json:
        a.json.write_text(json.dumps(res, indent=1) + "\n")
    print(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
