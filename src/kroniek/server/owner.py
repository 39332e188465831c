"""The one process that owns a store: a long-lived read-write DuckDB connection.

DuckDB lets one process write a database file, and a read-only process cannot
open it while another holds it for writing. So ``kroniek serve`` owns the store:
it opens the file once (creating or migrating it, ``store.connect``) and keeps it
open. Every reader gets its own ``cursor()`` (DuckDB cursors are separate
connections to the same database, safe to use from one thread each, and they see
the last committed state), and all writes go through one writer cursor under a
lock, in the store's own short per-article transactions. Readers therefore never
wait for an ingest, and an ingest never waits for readers.

``generation`` counts the writes this process has made; anything derived from
the store (the response cache) is valid for one generation only. Because this
process is the only writer, it always knows when that changes.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Optional

import duckdb

from .. import store


class StoreUnavailable(RuntimeError):
    """The store cannot be opened (missing schema support, held by another process, unreadable)."""


class StoreOwner:
    def __init__(self, path: Path, on_open: Optional[Callable[[], None]] = None):
        self.path = Path(path)
        self.on_open = on_open  # called once the store is open (start the ingest thread, announce the server)
        self._con: Optional[duckdb.DuckDBPyConnection] = None
        self._open_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._generation = 0

    # ------------------------------------------------------------ lifecycle

    def open(self) -> duckdb.DuckDBPyConnection:
        """Open (create, migrate) the store once; later calls return the same connection."""
        if self._con is not None:
            return self._con
        with self._open_lock:
            if self._con is None:
                try:
                    self._con = store.connect(self.path)
                except store.SchemaError as exc:
                    raise StoreUnavailable(str(exc)) from exc
                except duckdb.Error as exc:  # typically another process (an ingest) holding the file
                    raise StoreUnavailable(f"cannot open {self.path.name}: {_first_line(exc)}") from exc
                if self.on_open is not None:
                    self.on_open()
        return self._con

    @property
    def is_open(self) -> bool:
        return self._con is not None

    def close(self, timeout: float = 10.0) -> None:
        """Close the connection, after the writer's current article if it finishes within ``timeout``
        (otherwise its open transaction is rolled back: articles are stored whole or not at all)."""
        got = self._write_lock.acquire(timeout=timeout)
        try:
            with self._open_lock:
                if self._con is not None:
                    self._con.close()
                    self._con = None
        finally:
            if got:
                self._write_lock.release()

    # -------------------------------------------------------------- access

    @contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for one request (one thread)."""
        cur = self.open().cursor()
        try:
            yield cur
        finally:
            cur.close()

    @contextmanager
    def writer(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The single writer: one holder at a time. Call ``changed()`` after each committed write."""
        con = self.open()
        with self._write_lock:
            cur = con.cursor()
            try:
                yield cur
            finally:
                cur.close()
                self.changed()

    @property
    def generation(self) -> int:
        return self._generation

    def changed(self) -> None:
        """A write was committed: what was derived from the store before is stale."""
        self._generation += 1


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
