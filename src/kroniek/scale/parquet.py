"""Analyses as date-partitioned Parquet: written by any number of analysers, merged by one writer.

Why Parquet: it is what DuckDB, Dask, Spark and pandas all read, so an archive analysed
on many machines can be inspected where it lies and then stored by one ``kroniek
ingest DIR``, which reads the analyses back without analysing again. Layout::

    DIR/analyses/date=YYYY-MM-DD/part-000042-0.parquet   one row per analysed article
    DIR/analyses/date=__HIVE_DEFAULT_PARTITION__/...     articles without a publication date
    DIR/errors/part-000042.parquet                       articles that could not be analysed

``date`` is the publication day (Hive-style partitions). A row holds every field of the
``Analysis`` record as typed, nested columns (lists of structs; ``analyzer`` as a JSON
string), plus ``origin`` (file and line read) and ``content_hash``. Part numbers are the
batch numbers of the run, zero-padded, so reading the files in name order gives each
day's articles in input order.
"""
from __future__ import annotations

import json
import types
import typing
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq
from pydantic import BaseModel

from ..document import Analysis, Article, ErrorRecord

PARTITION = "date"
NO_DATE = "__HIVE_DEFAULT_PARTITION__"


def _arrow_type(tp) -> pa.DataType:
    """The Arrow type of a field annotation of the record models."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _arrow_type(inner[0])
    if origin is typing.Literal:
        return pa.string()
    if origin is list:
        return pa.list_(_arrow_type(args[0]))
    if origin is tuple:
        return pa.list_(_arrow_type(args[0]))
    if tp is dict or origin is dict:
        return pa.string()  # free-form: kept as JSON text
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return pa.struct([pa.field(name, _arrow_type(f.annotation)) for name, f in tp.model_fields.items()])
    return {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}[tp]


def analysis_schema() -> pa.Schema:
    fields = [pa.field(name, _arrow_type(f.annotation)) for name, f in Analysis.model_fields.items()]
    return pa.schema(fields + [pa.field("origin", pa.string()), pa.field("content_hash", pa.string()),
                               pa.field(PARTITION, pa.string())])


ERROR_SCHEMA = pa.schema([pa.field("id", pa.string()), pa.field("error", pa.string()), pa.field("line", pa.int64()),
                          pa.field("origin", pa.string())])


def _day(published_at: Optional[str]) -> Optional[str]:
    return Article(id="_", text="", published_at=published_at).published_date() and published_at[:10]


def write_part(out: Union[str, Path], results: Iterable[tuple[Union[Analysis, ErrorRecord], Optional[str]]],
               part: int) -> tuple[int, int]:
    """Write one batch of ``(result, origin)`` as part ``part``; return (analyses, errors) written.

    Safe to run again for the same part (it replaces its files), so a retried task leaves no copy.
    """
    out = Path(out)
    rows, errors = [], []
    for res, origin in results:
        if isinstance(res, ErrorRecord):
            errors.append({"id": res.id, "error": res.error, "line": res.line, "origin": origin})
            continue
        row = res.model_dump()
        row["analyzer"] = json.dumps(row["analyzer"], ensure_ascii=False)
        row["origin"] = origin
        row["content_hash"] = Article(id=res.id, text=res.text, title=res.title).content_hash()
        row[PARTITION] = _day(res.published_at)
        rows.append(row)
    name = f"part-{part:06d}"
    if rows:
        table = pa.Table.from_pylist(rows, schema=analysis_schema())
        pads.write_dataset(table, out / "analyses", format="parquet",
                           partitioning=pads.partitioning(pa.schema([pa.field(PARTITION, pa.string())]),
                                                          flavor="hive"),
                           basename_template=f"{name}-{{i}}.parquet", existing_data_behavior="overwrite_or_ignore")
    if errors:
        (out / "errors").mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(errors, schema=ERROR_SCHEMA), out / "errors" / f"{name}.parquet")
    return len(rows), len(errors)


def is_analyses_file(path: Path) -> bool:
    return path.suffix.lower() == ".parquet"


def read_part(path: Path) -> Iterator[tuple[Union[Analysis, ErrorRecord], str]]:
    """The records of one Parquet file written by ``write_part``, with their origins, in row order."""
    f = pq.ParquetFile(path)
    names = set(f.schema_arrow.names)
    if {"error", "origin"} <= names and "text" not in names:
        for batch in f.iter_batches(batch_size=1024):
            for row in batch.to_pylist():
                yield ErrorRecord(id=row["id"], error=row["error"], line=row["line"]), row["origin"] or str(path)
        return
    fields = set(Analysis.model_fields)
    for batch in f.iter_batches(batch_size=256):
        for row in batch.to_pylist():
            origin = row.get("origin") or str(path)
            record = {k: v for k, v in row.items() if k in fields}
            record["analyzer"] = json.loads(record.get("analyzer") or "{}")
            yield Analysis.model_validate(record), origin
