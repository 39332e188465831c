"""Pick and prepare the Dutch news text of the event corpus (run once, before annotation).

Sources (``../shared/data``), both allowed for training:

* CoNLL-2002 ``ned.train`` and ``ned.testa`` (De Morgen, 2000): whole articles, detokenised to
  running text, one sentence a line. The shared task shuffled the sentences inside each article,
  so a document is a bag of sentences of one article: annotation is sentence by sentence.
* The Alpino treebank (cdb part, 1970s newspaper text of the Eindhoven corpus): sentences in their
  treebank order, grouped into blocks of ``BLOCK`` consecutive sentences; a block is a document.

Documents are chosen by the density of political vocabulary (the corpus is for an event coder, and
sports results have no PLOVER events), whole documents only, and each is assigned to its
train/dev/test split here, by a hash of its id, before anyone has annotated it. The output is the
list of documents with their sentences (``docs.jsonl``) and the annotation batches (``work/``).

    python training/events/sources.py --data ../shared/data --out training/events
"""
from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import zipfile
from pathlib import Path

BLOCK = 25
# words of political news; only used to rank documents for selection, never by kroniek
POLITICAL = re.compile(
    r"^(minister\w*|premier|president\w*|regering\w*|kabinet\w*|parlement\w*|kamer|partij\w*|leger\w*|"
    r"militair\w*|troepen|soldat\w*|oorlog\w*|aanval\w*|bombard\w*|akkoord\w*|verdrag\w*|overleg\w*|"
    r"onderhandel\w*|gesprek\w*|protest\w*|betog\w*|stak\w*|staking\w*|sanctie\w*|boycot\w*|eis\w*|"
    r"beschuldig\w*|kritiek|bekritiseer\w*|veroordeel\w*|steun\w*|dreig\w*|vrede\w*|politie\w*|"
    r"arresteer\w*|gearresteerd|aangehouden|rechter\w*|rechtbank|vakbond\w*|navo|vn|eu|europese|"
    r"unie|verkiezing\w*|oppositie|regime|rebellen|ambassad\w*|diplomat\w*|hulp|bezoek\w*|ontmoet\w*|"
    r"weiger\w*|verwerp\w*|belooft|beloofde|toezegging\w*|ultimatum|vluchtelingen|vakbonden|senaat|"
    r"burgemeester|gemeenteraad|staatssecretaris|kanselier|koning\w*|betogers|demonstrant\w*)$"
)
NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", ")", "]", "%", "...", "'s-"}
NO_SPACE_AFTER = {"(", "["}
QUOTES = {'"', "'", "`", "``", "''"}


def detokenise(tokens: list[str]) -> str:
    """Running text from CoNLL/Alpino tokens: punctuation to its word, quote marks paired."""
    out = ""
    open_quote = False
    glue_next = False
    for tok in tokens:
        if tok in QUOTES:
            tok = '"'
            if open_quote:  # closing mark: glued to the word before it
                out += tok
                open_quote = False
                continue
            open_quote = True
            out += (" " if out else "") + tok
            glue_next = True
            continue
        if not out or glue_next:
            out += tok
        elif tok in NO_SPACE_BEFORE:
            out += tok
        else:
            out += " " + tok
        glue_next = tok in NO_SPACE_AFTER
    return out


def conll_docs(path: Path, prefix: str) -> list[dict]:
    docs, sents, cur = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            if cur:
                sents.append(cur)
                cur = []
            if sents:
                docs.append(sents)
            sents = []
            continue
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        cur.append(line.split(" ")[0])
    if cur:
        sents.append(cur)
    if sents:
        docs.append(sents)
    return [
        {"id": f"{prefix}-{i:03d}", "source": f"CoNLL-2002 {path.name}, article {i}", "tokens": d}
        for i, d in enumerate(docs, 1)
    ]


def alpino_docs(zip_path: Path) -> list[dict]:
    xml = zipfile.ZipFile(zip_path).read("alpino/alpino.xml").decode("iso-8859-1")
    sents = [html.unescape(s).split(" ") for s in re.findall(r"<sentence>(.*?)</sentence>", xml)]
    docs = []
    for b in range(0, len(sents), BLOCK):
        first, last = b + 1, min(b + BLOCK, len(sents))
        docs.append({
            "id": f"alpino-cdb-{first:04d}",
            "source": f"Alpino treebank cdb, sentences {first}-{last}",
            "tokens": sents[b : b + BLOCK],
        })
    return docs


def score(doc: dict) -> float:
    words = [w.lower() for s in doc["tokens"] for w in s]
    hits = sum(1 for w in words if POLITICAL.match(w))
    return hits / max(1, len(doc["tokens"]))


def assign_splits(docs: list[dict], test: float = 0.17, dev: float = 0.15) -> None:
    """train/dev/test by document, in the order of a hash of the id (independent of content), until
    the test and dev parts hold their share of the sentences: fixed before annotation."""
    total = sum(len(d["sentences"]) for d in docs)
    n_test = n_dev = 0
    for d in sorted(docs, key=lambda d: hashlib.sha1(d["id"].encode()).hexdigest()):
        n = len(d["sentences"])
        if n_test < test * total:
            d["split"], n_test = "test", n_test + n
        elif n_dev < dev * total:
            d["split"], n_dev = "dev", n_dev + n
        else:
            d["split"] = "train"


def build(doc: dict) -> dict:
    lines = [detokenise(s) for s in doc["tokens"]]
    text, sentences = "", []
    for ln in lines:
        start = len(text)
        text += ln
        sentences.append({"start": start, "end": len(text)})
        text += "\n"
    return {"id": doc["id"], "source": doc["source"],
            "text": text.rstrip("\n"), "sentences": sentences}


def select(docs: list[dict], target: int, max_size: int) -> list[dict]:
    ranked = sorted((d for d in docs if len(d["tokens"]) <= max_size), key=lambda d: (-score(d), d["id"]))
    out, n = [], 0
    for d in ranked:
        if n >= target:
            break
        out.append(d)
        n += len(d["tokens"])
    return out


def batches(docs: list[dict], n_batches: int, double: int) -> tuple[list[dict], list[list[dict]]]:
    """The double-annotation sample (whole documents, about ``double`` sentences, every split) and
    ``n_batches`` batches balanced by sentence count."""
    sample, rest, n = [], [], 0
    for d in sorted(docs, key=lambda d: hashlib.sha1(("dbl" + d["id"]).encode()).hexdigest()):
        if n < double and len(d["sentences"]) <= 60:
            sample.append(d)
            n += len(d["sentences"])
        else:
            rest.append(d)
    out = [[] for _ in range(n_batches)]
    for d in sorted(rest, key=lambda d: -len(d["sentences"])):
        min(out, key=lambda b: sum(len(x["sentences"]) for x in b)).append(d)
    return sample, out


def write_batch(path: Path, docs: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(f"### {d['id']}  ({d['source']})\n")
            for i, s in enumerate(d["sentences"]):
                f.write(f"[{d['id']} {i}] {d['text'][s['start']:s['end']]}\n")
            f.write("\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--out", default="training/events")
    # the selections, in order (each keeps every document chosen before, with its split):
    #   1. 2,900 + 900 sentences, 17 % test, 15 % dev;  2. 6,900 + 2,400 (annotation went faster than
    #   planned), same shares;  3. 10,400 + 4,000 with --test-share 0 (the learning curve still rose; the
    #   test split had been scored);  4. 11,200 + 4,000 with --test-share 1 (new, unseen test documents, so
    #   that the test split keeps at least 15 % of the sentences);  5. 15,000 + 6,000 with --test-share 0.2
    #   --batches 8 (the learning curve still rose; a fifth of the new sentences went to test, so that the
    #   test split stays above 15 %). The defaults repeat the last one.
    ap.add_argument("--conll-sentences", type=int, default=15000)
    ap.add_argument("--alpino-sentences", type=int, default=6000)
    ap.add_argument("--test-share", type=float, default=0.2, help="share of new sentences for the test split")
    ap.add_argument("--batches", type=int, default=8)
    ap.add_argument("--double", type=int, default=330)
    a = ap.parse_args()
    data, out = Path(a.data), Path(a.out)
    conll = conll_docs(data / "conll2002_nl" / "ned.train", "conll-train") + conll_docs(
        data / "conll2002_nl" / "ned.testa", "conll-testa")
    chosen = select(conll, a.conll_sentences, 120) + select(alpino_docs(data / "alpino_treebank_xml" / "alpino.zip"),
                                                             a.alpino_sentences, BLOCK)
    built = sorted((build(d) for d in chosen), key=lambda d: d["id"])
    docs_path, plan_path = out / "docs.jsonl", out / "batches.json"
    # documents already chosen keep their split and batch: a larger selection only adds documents
    old = {}
    if docs_path.exists():
        old = {d["id"]: d for d in (json.loads(x) for x in docs_path.read_text(encoding="utf-8").splitlines() if x.strip())}
    plan = json.loads(plan_path.read_text()) if plan_path.exists() else {}
    new = [d for d in built if d["id"] not in old]
    assign_splits(new, test=a.test_share)
    docs = sorted(list(old.values()) + new, key=lambda d: d["id"])
    with docs_path.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    work = out / "work"
    work.mkdir(exist_ok=True)
    first = 1 + sum(1 for k in plan if k.startswith("batch"))
    if not plan:
        sample, parts = batches(new, a.batches, a.double)
        write_batch(work / "double.txt", sample)
        plan["double"] = [d["id"] for d in sample]
    else:
        parts = batches(new, a.batches, 0)[1] if new else []
    for i, b in enumerate(parts, first):
        write_batch(work / f"batch{i}.txt", sorted(b, key=lambda d: d["id"]))
        plan[f"batch{i}"] = sorted(d["id"] for d in b)
    plan_path.write_text(json.dumps(plan, indent=1) + "\n")
    count = lambda ds: sum(len(d["sentences"]) for d in ds)
    print(f"{len(docs)} documents, {count(docs)} sentences ({len(new)} new documents, {count(new)} sentences)")
    for s in ("train", "dev", "test"):
        ds = [d for d in docs if d["split"] == s]
        print(f"  {s}: {len(ds)} documents, {count(ds)} sentences")
    for i, b in enumerate(parts, first):
        print(f"  batch{i}: {len(b)} docs, {count(b)} sentences")


if __name__ == "__main__":
    main()
