"""The English event corpus's documents and annotation batches.

Three sources of English news text, split by document before annotation
(``training/en/splits.py``):

- MEANTIME English (120 Wikinews articles, CC BY 4.0): train/dev/test by hash;
- GUM news (24 Wikinews articles, CC BY): GUM's own partition;
- PolNeAR (US political news 2016, research use, never shipped): a sample of its
  hash *test* documents only, annotated as unseen-news evaluation data and never
  trained on.

    python training/events_en/sources.py --shared ../shared    # docs.jsonl, batches.json, work/batchN.txt
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from xml.etree import ElementTree

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "en"))
from splits import split_of  # noqa: E402

_NO_SPACE_BEFORE = re.compile(r"^(?:[.,;:!?)\]}%]|'s|'S|n't|'re|'ve|'ll|'d|'m)$")
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``"}


def detok(tokens: list[str]) -> str:
    out = ""
    for i, t in enumerate(tokens):
        if i and not _NO_SPACE_BEFORE.match(t) and tokens[i - 1] not in _NO_SPACE_AFTER:
            out += " "
        out += t
    return out


def meantime_docs(shared: Path) -> list[dict]:
    docs = []
    for p in sorted((shared / "data/en/meantime_english/intra-doc_annotation").rglob("*.xml")):
        root = ElementTree.parse(p).getroot()
        sents: dict[int, list[str]] = {}
        for t in root.iter("token"):
            sents.setdefault(int(t.get("sentence")), []).append(t.text or "")
        stem = p.name[:-4]
        lines = [detok(v) for _, v in sorted(sents.items())]
        docs.append({"id": f"mt-{stem.split('_')[0]}", "source": f"MEANTIME English {p.parent.name} {stem}",
                     "split": split_of("meantime", stem), "text": "\n".join(x for x in lines if x.strip())})
    return docs


def gum_news_docs(shared: Path, genre: str = "news") -> list[dict]:
    docs = []
    for p in sorted((shared / "data/en/gum_entities_coref/xml").glob(f"GUM_{genre}_*.xml")):
        raw = p.read_text(encoding="utf8")
        part = re.search(r'partition="(\w+)"', raw).group(1)
        lines = []
        for s in re.findall(r"<s\b[^>]*>(.*?)</s>", raw, flags=re.S):
            toks = [ln.split("\t")[0] for ln in s.splitlines() if "\t" in ln]
            if toks:
                lines.append(detok(toks))
        short = p.stem[len(f"GUM_{genre}_"):]
        docs.append({"id": f"gum-{short}" if genre == "news" else f"gum-{genre}-{short}", "source": f"GUM {p.stem}",
                     "split": {"train": "train", "dev": "dev", "test": "test"}.get(part, "test"), "text": "\n".join(lines)})
    return docs


_SENT_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’']))\s+(?=[\"“‘']?[A-Z0-9])")


def polnear_docs(shared: Path, n: int, splits: tuple[str, ...] = ("test",)) -> list[dict]:
    """The first ``n`` PolNeAR articles of 8 to 45 sentences whose hash split is in ``splits``."""
    base = shared / "data/en/polnear_train/data"
    rows = [ln.split("\t") for ln in (base / "metadata.tsv").read_text(encoding="utf8").splitlines()[1:] if ln.strip()]
    names = sorted(r[1] for r in rows if r[0] == "train" and split_of("polnear", r[1]) in splits)
    docs = []
    for name in names:
        p = base / "train" / "text" / f"{name}.txt"
        if not p.exists():
            continue
        lines = []
        for para in p.read_text(encoding="utf8").split("\n"):
            lines += [x.strip() for x in _SENT_END.split(para.strip()) if x.strip()]
        if 8 <= len(lines) <= 45:
            docs.append({"id": f"pn-{name[:40]}", "source": f"PolNeAR {name}", "split": split_of("polnear", name),
                         "text": "\n".join(lines)})
        if len(docs) >= n:
            break
    return docs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=HERE.parents[2] / "shared")
    ap.add_argument("--polnear", type=int, default=25)
    ap.add_argument("--polnear-train", type=int, nargs="+", default=[170, 110, 131],
                    help="PolNeAR articles of the hash train and dev splits, in selections annotated one after another "
                         "(the third, fourth, ... selection of the corpus); each selection has batches of its own")
    ap.add_argument("--batch-sentences", type=int, default=650)
    args = ap.parse_args(argv)
    docs = meantime_docs(args.shared) + gum_news_docs(args.shared)
    # a second selection, annotated after the first: GUM interviews (Wikinews, CC BY), political speeches
    # (US public record), court texts (CC BY) and biographies (Wikipedia, CC BY-SA); GUM's own partition
    more = [d for g in ("interview", "speech", "court", "bio") for d in gum_news_docs(args.shared, g)]
    docs += more
    research = polnear_docs(args.shared, args.polnear)
    # a third selection, annotated after the test split had been scored: PolNeAR articles of the hash
    # train and dev splits (US political news 2016, the genre the English layers are judged on); research
    # use like the test sample, so only their annotations are committed
    # (later selections, the next articles of the same list, have batches of their own so the earlier
    # batches stay as they were annotated)
    pn_more = polnear_docs(args.shared, sum(args.polnear_train), ("train", "dev"))
    selections, at = [], 0
    for n in args.polnear_train:
        selections.append(pn_more[at: at + n])
        at += n
    n_test = len(research)
    research += pn_more
    # PolNeAR's text is research use only: it stays out of the repository (docs.research.jsonl and the
    # pn batch are git-ignored, rebuilt from ../shared); only the annotations are committed.
    for d in docs + research:
        d["lang"], d["research"] = "en", d in research
        d["sentences"], at = [], 0
        for line in d["text"].split("\n"):
            d["sentences"].append({"start": at, "end": at + len(line)})
            at += len(line) + 1
    for name, ds in (("docs.jsonl", docs), ("docs.research.jsonl", research)):
        with open(HERE / name, "w", encoding="utf8") as f:
            for d in ds:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
    batches: dict[str, list[str]] = {}
    for selection, size_limit in ((docs[: len(docs) - len(more)], args.batch_sentences), (more, 2 * args.batch_sentences)):
        cur, size = [], 0
        for d in selection:
            cur.append(d)
            size += d["text"].count("\n") + 1
            if size >= size_limit:
                batches[f"en{len(batches) + 1}"] = cur
                cur, size = [], 0
        if cur:
            batches[f"en{len(batches) + 1}"] = cur
    batches["pn1"] = research[:n_test]
    for selection in selections:
        cur, size = [], 0
        for d in selection:
            cur.append(d)
            size += d["text"].count("\n") + 1
            if size >= args.batch_sentences:
                batches[f"pn{sum(k.startswith('pn') for k in batches) + 1}"] = cur
                cur, size = [], 0
        if cur:
            batches[f"pn{sum(k.startswith('pn') for k in batches) + 1}"] = cur
    (HERE / "work").mkdir(exist_ok=True)
    for name, ds in batches.items():
        with open(HERE / "work" / f"{name}.txt", "w", encoding="utf8") as f:
            for d in ds:
                f.write(f"### {d['id']}  ({d['source']}; split {d['split']})\n")
                for i, s in enumerate(d["text"].split("\n")):
                    f.write(f"[{d['id']} {i}] {s}\n")
                f.write("\n")
    (HERE / "batches.json").write_text(json.dumps({k: [d["id"] for d in v] for k, v in batches.items()}, indent=1))
    for name, ds in batches.items():
        print(name, len(ds), sum(d["text"].count("\n") + 1 for d in ds), {s: sum(d["split"] == s for d in ds) for s in ("train", "dev", "test")})
    return 0


if __name__ == "__main__":
    sys.exit(main())
