"""What ``kroniek serve`` runs beside the HTTP routes, started and stopped with the app.

At start-up: open the store (the owner's connection), start the ingest-job
thread, announce the server next to the store (``FILE.server.json``, so that
``kroniek ingest --db FILE`` hands its work over) and start the feed watcher.
At shutdown the same in reverse; the announcement is removed first so that no
new work is handed to a server that is going away.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, Optional

from . import discovery
from .jobs import IngestJobs
from .owner import StoreOwner, StoreUnavailable

log = logging.getLogger("kroniek.server")


class ServerRuntime:
    def __init__(self, db: Optional[Path], *, ingest_workers: int = 1, ingest_analyzer: Optional[Callable] = None,
                 advertise_url: Optional[str] = None, watch: Optional[Path] = None, every_s: float = 900.0,
                 max_body: Optional[int] = None):
        from .ingest_routes import MAX_BODY

        self.max_body = max_body or MAX_BODY  # bytes of one input file handed over
        self.cache_stats: dict = {}  # filled by the response cache
        self.db = Path(db) if db is not None else None
        self.owner = StoreOwner(self.db, on_open=self._opened) if self.db is not None else None
        self._running = False
        self.jobs = (IngestJobs(self.owner, workers=ingest_workers, analyzer=ingest_analyzer)
                     if self.owner is not None else None)
        self.advertise_url = advertise_url
        self.watcher = None
        if watch is not None and self.jobs is not None:
            from ..feeds import FeedWatcher

            self.watcher = FeedWatcher(watch, every_s, self.jobs.submit, self.is_stored)

    def is_stored(self, article_id: str, url: str) -> bool:
        with self.owner.reader() as con:
            return con.execute("SELECT 1 FROM articles WHERE id = ? OR (url = ? AND url <> '') "
                               "UNION ALL SELECT 1 FROM duplicates WHERE id = ? LIMIT 1",
                               [article_id, url, article_id]).fetchone() is not None

    def startup(self) -> None:
        """Open the store now; if another process holds it, requests answer 503 and each tries again."""
        if self.owner is None:
            return
        self._running = True
        try:
            self.owner.open()
        except StoreUnavailable as exc:
            log.warning("store not available yet (requests answer 503 until it is): %s", exc)

    def _opened(self) -> None:
        if not self._running:  # an app run without its lifespan (tests): reads only
            return
        self.jobs.start()
        if self.advertise_url:
            discovery.write(self.db, self.advertise_url)
        if self.watcher is not None:
            self.watcher.start()

    def shutdown(self) -> None:
        if self.owner is None:
            return
        self._running = False
        if self.advertise_url:
            discovery.remove(self.db)
        if self.watcher is not None:
            self.watcher.stop()
        self.jobs.stop()
        self.owner.close()
