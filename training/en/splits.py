"""One split rule for every English data set kroniek develops or trains on.

Documents are assigned by a hash of their name, fixed before any English layer
was built, so every layer holds out the same documents and no one picks them:
``test`` is scored once at the end, ``dev`` is for development, ``train`` for
training. Corpora with an official split (UD English-EWT, GUM) keep it.

    python training/en/splits.py            # counts per corpus and split
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

# share of documents (in tenths) per split for corpora without an official one
_SHARES = {"train": range(0, 6), "dev": range(6, 8), "test": range(8, 10)}


def split_of(corpus: str, doc_id: str) -> str:
    """``train``, ``dev`` or ``test`` for a document of ``corpus``.

    ``corpus`` is one of ``meantime``, ``tbaq``, ``polnear``, ``plover_gsr``,
    ``annotated`` (English sentences annotated in this project); ``doc_id`` is the
    file stem (MEANTIME, TimeBank/AQUAINT), PolNeAR's ``filename``, or the PLOVER
    record ``id``.
    """
    h = int(hashlib.sha1(f"{corpus}:{doc_id}".encode("utf8")).hexdigest(), 16) % 10
    for name, tenths in _SHARES.items():
        if h in tenths:
            return name
    raise AssertionError(h)


def _stem(p: Path) -> str:
    return p.name.rsplit(".", 1)[0] if not p.name.endswith(".tml") else p.name[: -len(".tml")]


def documents(shared: Path) -> dict[str, list[str]]:
    """The document names of each split-by-hash corpus found under ``shared/data``."""
    en = shared / "data" / "en"
    out: dict[str, list[str]] = {}
    out["meantime"] = sorted(_stem(p) for p in (en / "meantime_english" / "intra-doc_annotation").rglob("*.xml"))
    out["tbaq"] = sorted(_stem(p) for p in (en / "timebank_aquaint" / "TBAQ-cleaned").rglob("*.tml"))
    meta = en / "polnear_train" / "data" / "metadata.tsv"
    if meta.exists():
        rows = [line.split("\t") for line in meta.read_text(encoding="utf8").splitlines()[1:] if line.strip()]
        out["polnear"] = sorted(r[1] for r in rows if r[0] == "train")
    return out


def main(argv: list[str]) -> int:
    shared = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[3] / "shared"
    for corpus, docs in documents(shared).items():
        counts = {s: sum(split_of(corpus, d) == s for d in docs) for s in _SHARES}
        print(corpus, len(docs), counts)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
