"""A tok2vec embedding that also sees a name gazetteer: spaCy's MultiHashEmbed plus one column.

The NER learns names it has seen; names it has not (a Belgian town, a country
read as a person) are where it fails. ``GazetteerHashEmbed`` adds one feature to
NORM/PREFIX/SUFFIX/SHAPE: the word's bit mask in a word-level gazetteer
(``data/nl/ner_gazetteer.tsv``, built by ``training/build_gazetteer.py``: place,
part of a place name, first name, last name, organisation word, nationality
word). The network learns how far to trust it; the table travels inside the
model (a serialised ``attrs`` entry), so a trained pipeline needs no data file.

Registered as the spaCy architecture ``kroniek.GazetteerHashEmbed.v1`` through
the package's ``spacy_architectures`` entry point, so ``spacy.load`` of the
model works wherever kroniek is installed.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Callable, List, Tuple

import numpy
from spacy.attrs import ORTH
from spacy.strings import get_string_id
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array
from thinc.types import Floats2d, Ints2d

DEFAULT_TABLE = "kroniek:data/nl/ner_gazetteer.tsv"


def read_table(spec: str) -> dict[str, int]:
    """``word<TAB>mask`` lines; ``spec`` is a path or ``package:relative/path``. A missing file
    gives an empty table: a loaded model restores its own copy from its weights."""
    if ":" in spec and not Path(spec).exists():
        package, rel = spec.split(":", 1)
        try:
            path = resources.files(package).joinpath(rel)
        except ModuleNotFoundError:
            return {}
    else:
        path = Path(spec)
    if not path.is_file():
        return {}
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, mask = line.split("\t")
            table[word] = int(mask)
    return table


def GazetteerFeatures(columns: list[str], table: dict[str, int]) -> Model[List, List[Ints2d]]:
    """Docs -> one uint64 array per doc: the ``columns`` attributes, then the gazetteer mask."""
    return Model("gazetteer_features", _features_forward, attrs={"columns": list(columns), "gazetteer": table})


def _hashed(model: Model) -> dict[int, int]:
    """The table keyed by string hash (what ``Doc.to_array(ORTH)`` gives); recomputed when the
    model's table object changes (``from_bytes`` replaces it). Kept off ``attrs``, which are saved."""
    table = model.attrs["gazetteer"]
    hit = _HASHED.get(id(table))
    if hit is None or hit[0] is not table:
        hit = (table, {get_string_id(w): m for w, m in table.items()})
        _HASHED[id(table)] = hit  # holding the table keeps its id from being reused
    return hit[1]


_HASHED: dict[int, tuple[dict, dict[int, int]]] = {}


def _features_forward(model: Model, docs, is_train: bool) -> Tuple[List[Ints2d], Callable]:
    columns = model.attrs["columns"]
    lookup = _hashed(model).get
    out = []
    for doc in docs:
        arr = doc.to_array(columns + [ORTH]) if hasattr(doc, "to_array") else \
            doc.doc.to_array(columns + [ORTH])[doc.start:doc.end]
        arr = arr.reshape((arr.shape[0], len(columns) + 1)).astype("uint64")
        if arr.shape[0]:
            arr[:, -1] = numpy.fromiter((lookup(o, 0) for o in arr[:, -1].tolist()), dtype="uint64",
                                        count=arr.shape[0])
        out.append(model.ops.asarray2i(arr, dtype="uint64"))
    return out, lambda d_features: []


@registry.architectures("kroniek.GazetteerHashEmbed.v1")
def GazetteerHashEmbed(
    width: int, attrs: List[str], rows: List[int], gazetteer: str = DEFAULT_TABLE, gazetteer_rows: int = 128
) -> Model[List, List[Floats2d]]:
    """MultiHashEmbed (same seeds, same Maxout mixing) over ``attrs`` plus the gazetteer mask."""
    if len(rows) != len(attrs):
        raise ValueError(f"Mismatched lengths: {len(rows)} vs {len(attrs)}")
    embeddings = [HashEmbed(width, rows[i], column=i, seed=8 + i, dropout=0.0) for i in range(len(attrs))]
    embeddings.append(HashEmbed(width, gazetteer_rows, column=len(attrs), seed=8 + len(attrs), dropout=0.0))
    mix = with_array(Maxout(width, width * len(embeddings), nP=3, dropout=0.0, normalize=True))
    return chain(
        GazetteerFeatures(attrs, read_table(gazetteer)),
        list2ragged(),
        with_array(concatenate(*embeddings)),
        mix,
        ragged2list(),
    )
