"""The chronicle on disk: a DuckDB file with a versioned schema.

Why DuckDB: one file, no server, fast analytical queries (timelines,
networks) and parquet/CSV export built in. The package keeps one concept per
module: ``schema`` (numbered migrations), ``connection`` (opening a database),
``writer`` (per-article writes, one transaction each), ``linking`` (cross-article
actors and events), ``rows`` (SQL helpers both writers share). Callers use the
names re-exported here: ``store.connect``, ``store.write_analysis``, ``store.counts``, ...
"""
from __future__ import annotations

from . import linking
from .connection import DEFAULT_DB, connect
from .rows import insert_rows
from .schema import LATEST_VERSION, MIGRATIONS, SchemaError, migrate, schema_version
from .writer import (
    content_hash, counts, doc_key, has_hash, stored_hashes, stored_keys, write_analysis, write_duplicate,
    write_error,
)

__all__ = [
    "DEFAULT_DB", "LATEST_VERSION", "MIGRATIONS", "SchemaError", "connect", "content_hash", "counts", "doc_key",
    "has_hash", "insert_rows", "linking", "migrate", "schema_version", "stored_hashes", "stored_keys",
    "write_analysis", "write_duplicate", "write_error",
]
