"""Opening a kroniek database: created or upgraded on a write connection, checked on a read-only one."""
from __future__ import annotations

from pathlib import Path
from typing import Union

import duckdb

from .schema import LATEST_VERSION, SchemaError, migrate, schema_version

DEFAULT_DB = "kroniek.duckdb"


def connect(path: Union[str, Path] = DEFAULT_DB, *, read_only: bool = False,
            migrate_schema: bool = True) -> duckdb.DuckDBPyConnection:
    """Open (and create or upgrade) a kroniek database.

    ``read_only`` opens an existing file without changing it; DuckDB then lets
    several reader processes share it (but not while a writer holds it).
    """
    path = str(path)
    if read_only:
        if path != ":memory:" and not Path(path).exists():
            raise FileNotFoundError(f"no kroniek database at {path} (run `kroniek ingest` first)")
        con = duckdb.connect(path, read_only=True)
        version = schema_version(con)
        if version != LATEST_VERSION:
            raise SchemaError(
                f"database schema version {version}, this kroniek needs {LATEST_VERSION}: "
                "open it once for writing (e.g. `kroniek ingest` with no paths) to upgrade it"
            )
        return con
    con = duckdb.connect(path)
    if migrate_schema:
        migrate(con)
    return con
