"""What a store holds, timestamps aside: for checking that two ways of writing give the same store.

Why: the batch writer, the Dask path and a resumed run must each leave exactly the store a
serial, uninterrupted run leaves; tests and ``make bench-scale`` compare stores with this.
"""
from __future__ import annotations

TIMESTAMP_COLUMNS = {"created_at", "ingested_at", "first_seen", "last_seen", "applied_at"}
"""When a row was written: differs between any two runs, so left out."""


DERIVED_PREFIX = "search_"
"""The search index (kroniek.search.index): derived from the other tables when an ingest returns, so an
interrupted run has not built it yet; left out."""


def contents(con) -> dict[str, list[tuple]]:
    """Every base table's rows (columns in order, timestamps left out), sorted."""
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
        "AND table_name <> 'schema_version' ORDER BY table_name").fetchall()
        if not r[0].startswith(DERIVED_PREFIX)]
    out = {}
    for t in tables:
        cols = [r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [t]).fetchall() if r[0] not in TIMESTAMP_COLUMNS]
        rows = con.execute(f"SELECT {', '.join(cols)} FROM {t}").fetchall()
        out[t] = sorted(rows, key=repr)
    return out


def differences(a: dict[str, list[tuple]], b: dict[str, list[tuple]], limit: int = 5) -> list[str]:
    """Readable differences between two ``contents`` (empty when the stores are equal)."""
    out = []
    for t in sorted(set(a) | set(b)):
        ra, rb = a.get(t, []), b.get(t, [])
        if ra == rb:
            continue
        sa, sb = set(map(repr, ra)), set(map(repr, rb))
        only_a, only_b = sorted(sa - sb)[:limit], sorted(sb - sa)[:limit]
        out.append(f"{t}: {len(ra)} vs {len(rb)} rows; only in first: {only_a}; only in second: {only_b}")
    return out
