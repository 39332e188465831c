"""Answers of the read API kept per store generation (an ASGI middleware).

The explorer asks the same questions again and again (the events list, the
timeline, the network), and between two writes the answer cannot change. The
process that owns the store is its only writer and counts its writes
(``StoreOwner.generation``), so a whole response (status, headers, body) is kept
under its path and query string and served again until the next write; nothing
is ever served from an older generation. Only successful ``GET /api/...``
answers are kept, never those of the ingest routes, and the least recently used
ones are dropped beyond a size bound.

Two things keep a cold cache from hurting under load: a question already on
its way to the store is not asked again by the next client (it waits for that
answer), and a kept answer is also kept gzip-compressed, once, for the clients
that accept it (browsers do): a tenth of the bytes to send for the large lists.
"""
from __future__ import annotations

import asyncio
import gzip
import threading
from collections import OrderedDict
from typing import Optional

from .owner import StoreOwner

UNCACHED_PREFIXES = ("/api/ingest",)
GZIP_MIN_BYTES = 1024


def _accepts_gzip(scope) -> bool:
    for k, v in scope.get("headers", ()):
        if k == b"accept-encoding":
            return b"gzip" in v.lower()
    return False


class ResponseCache:
    def __init__(self, app, owner: Optional[StoreOwner], max_entries: int = 4096, max_bytes: int = 64 * 2**20,
                 stats: Optional[dict] = None):
        self.app = app
        self.stats = stats if stats is not None else {}  # hits, misses, entries, bytes: shown by GET /api/ingest
        self.owner = owner
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: "OrderedDict[tuple, tuple]" = OrderedDict()
        self._bytes = 0
        self._generation = -1
        self._lock = threading.Lock()
        self._pending: dict[tuple, asyncio.Event] = {}  # misses in flight (touched by the event loop only)

    def _cacheable(self, scope) -> bool:
        path = scope.get("path", "")
        return (self.owner is not None and self.max_entries > 0 and scope["type"] == "http"
                and scope.get("method") == "GET" and path.startswith("/api/")
                and not path.startswith(UNCACHED_PREFIXES) and self.owner.is_open)

    def _get(self, key: tuple, generation: int):
        with self._lock:
            if generation != self._generation:  # a write happened: everything kept is stale
                self._entries.clear()
                self._bytes = 0
                self._generation = generation
                return None
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def _put(self, key: tuple, generation: int, entry: tuple) -> None:
        size = len(entry[2]) + len(entry[3] or b"")
        if size > self.max_bytes // 8:
            return
        with self._lock:
            if generation != self._generation:
                return
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old[2]) + len(old[3] or b"")
            self._entries[key] = entry
            self._bytes += size
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped[2]) + len(dropped[3] or b"")
            self.stats.update(entries=len(self._entries), bytes=self._bytes)

    async def __call__(self, scope, receive, send):
        if not self._cacheable(scope):
            await self.app(scope, receive, send)
            return
        generation = self.owner.generation
        key = (scope["path"], scope.get("query_string", b""))
        found = self._get(key, generation)
        if found is not None:
            self.stats["hits"] = self.stats.get("hits", 0) + 1
            await self._send(found, send, scope)
            return
        # the same question already on its way to the store: wait for that answer instead of asking again
        pending = self._pending.get((key, generation))
        if pending is not None:
            await pending.wait()
            found = self._get(key, generation)
            if found is not None:
                self.stats["hits"] = self.stats.get("hits", 0) + 1
                await self._send(found, send, scope)
                return
        self.stats["misses"] = self.stats.get("misses", 0) + 1
        done = self._pending.setdefault((key, generation), asyncio.Event())
        try:
            await self._fetch(scope, receive, send, key, generation)
        finally:
            if self._pending.get((key, generation)) is done:
                del self._pending[(key, generation)]
            done.set()

    @staticmethod
    async def _send(entry: tuple, send, scope) -> None:
        status, headers, body, gzipped = entry
        if gzipped is not None and _accepts_gzip(scope):
            headers = [(k, v) for k, v in headers if k.lower() != b"content-length"] + [
                (b"content-length", str(len(gzipped)).encode()), (b"content-encoding", b"gzip")]
            body = gzipped
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _fetch(self, scope, receive, send, key: tuple, generation: int) -> None:
        start: dict = {}
        chunks: list[bytes] = []

        async def capture(message):
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, capture)
        if start.get("status") == 200 and len(chunks) >= 1:
            body = b"".join(chunks)
            headers = list(start.get("headers", [])) + [(b"vary", b"accept-encoding")]
            # kept compressed too, once: large answers then cost a tenth of the bytes to every client that takes gzip
            gzipped = await asyncio.to_thread(gzip.compress, body, 5) if len(body) >= GZIP_MIN_BYTES else None
            self._put(key, generation, (200, headers, body, gzipped))
