"""Small SQL helpers shared by the writer and the linker (kept apart so neither imports the other)."""
from __future__ import annotations

import datetime as _dt


def now() -> _dt.datetime:
    """UTC wall-clock time without a zone, as every timestamp column stores it."""
    return _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None)


def insert_rows(con, table: str, rows: list[list], on_conflict: str = "") -> None:
    """All rows in one INSERT statement: much faster in DuckDB than ``executemany``."""
    for i in range(0, len(rows), 500):
        chunk = rows[i:i + 500]
        one = f"({', '.join('?' * len(chunk[0]))})"
        con.execute(f"INSERT INTO {table} VALUES {', '.join([one] * len(chunk))} {on_conflict}",
                    [v for row in chunk for v in row])
