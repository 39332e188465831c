"""Ingest jobs run inside the process that owns the store.

A job is one input file handed over the API (``POST /api/ingest``) or built by
the feed watcher. Jobs wait in a bounded queue and one background thread runs
them, one at a time, through the same path as ``kroniek ingest``
(``kroniek.ingest.ingest``: read, skip what is stored, analyse, store each
article in its own transaction) on the owner's writer cursor, so that the API
keeps answering from its own cursors meanwhile.

The file is written to a private temporary folder under its own base name (a
.txt or .html file's name is its article id) and read from there; the origins
the ingest records (``file:line``) are then rewritten to the name the client
gave, in the summary and in the store, so that a handed-over ingest reports
and stores what a local one would.
"""
from __future__ import annotations

import itertools
import queue
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from .owner import StoreOwner

ORIGIN_TABLES = ("articles", "ingest_errors", "duplicates")


class QueueFull(RuntimeError):
    pass


class Stopped(RuntimeError):
    """The server is shutting down: the job stops after the article it was storing."""


@dataclass
class Job:
    id: str
    name: str
    state: str = "queued"  # queued | running | done | failed
    submitted: float = field(default_factory=time.time)
    started: Optional[float] = None
    finished: Optional[float] = None
    summary: Optional[dict] = None
    error: Optional[str] = None
    path: Optional[Path] = None
    lang: Optional[str] = None  # language of articles that give none; None: detected per article

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "state": self.state, "submitted": self.submitted,
                "started": self.started, "finished": self.finished, "summary": self.summary, "error": self.error}


class IngestJobs:
    """A bounded queue of ingest jobs and the thread that runs them on the owner's writer."""

    def __init__(self, owner: StoreOwner, *, workers: int = 1, analyzer: Optional[Callable] = None,
                 max_queued: int = 64, keep: int = 1000):
        self.owner = owner
        self.workers = workers
        self.analyzer = analyzer
        self.max_queued = max_queued
        self.keep = keep
        self._queue: "queue.Queue[Optional[Job]]" = queue.Queue()
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._thread: Optional[threading.Thread] = None
        self._dir: Optional[Path] = None
        self._counter = itertools.count(1)

    # ------------------------------------------------------------ lifecycle

    def start(self) -> None:
        with self._lock:
            if self._thread is not None:
                return
            self._dir = Path(tempfile.mkdtemp(prefix="kroniek-ingest-"))
            self._thread = threading.Thread(target=self._run, name="kroniek-ingest-jobs", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop after the running job's current article (each article is its own transaction)."""
        thread = self._thread
        if thread is None:
            return
        self._stopping = True
        self._queue.put(None)
        thread.join(timeout)
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
        self._thread = None

    _stopping = False

    # -------------------------------------------------------------- submit

    def submit(self, name: str, data: bytes, lang: Optional[str] = None) -> Job:
        """Queue one input file (``name``: how its origin is shown; its extension picks the reader;
        ``lang``: the language of its articles that give none, else detected)."""
        self.start()
        with self._lock:
            waiting = sum(1 for j in self._jobs.values() if j.state == "queued")
            if waiting >= self.max_queued:
                raise QueueFull(f"{waiting} ingest jobs are waiting")
            job = Job(id=f"{next(self._counter)}-{secrets.token_hex(4)}", name=name, lang=lang)
            folder = self._dir / job.id
            folder.mkdir()
            job.path = folder / (Path(name).name or "input.jsonl")
            job.path.write_bytes(data)
            self._jobs[job.id] = job
            self._forget_old()
        self._queue.put(job)
        return job

    def get(self, job_id: str) -> Optional[Job]:
        return self._jobs.get(job_id)

    def counts(self) -> dict:
        states = [j.state for j in list(self._jobs.values())]
        return {s: states.count(s) for s in ("queued", "running", "done", "failed")}

    def wait(self, job: Job, timeout: float = 60.0) -> Job:
        """Block until the job has finished (for the feed watcher and tests)."""
        deadline = time.monotonic() + timeout
        while job.state in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(0.05)
        return job

    def _forget_old(self) -> None:
        finished = [j for j in self._jobs.values() if j.state in ("done", "failed")]
        for j in finished[: max(0, len(self._jobs) - self.keep)]:
            del self._jobs[j.id]

    # ----------------------------------------------------------------- run

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None or self._stopping:
                return
            job.state, job.started = "running", time.time()
            try:
                job.summary = self._ingest(job)
                job.state = "done"
            except Exception as exc:  # the job fails alone; the server and the next jobs go on
                first = (str(exc).strip().splitlines() or [""])[0]
                job.error = first if isinstance(exc, Stopped) else f"{type(exc).__name__}: {first}"
                job.state = "failed"
            finally:
                job.finished = time.time()
                if job.path is not None:
                    shutil.rmtree(job.path.parent, ignore_errors=True)

    def _settled(self, status: str, origin: str) -> None:
        self.owner.changed()
        if self._stopping:
            raise Stopped("the server shut down; every article stored so far is complete: hand the same "
                          "input over again to continue")

    def _ingest(self, job: Job) -> dict:
        from .. import ingest as ingest_mod

        tmp = str(job.path)
        with self.owner.writer() as con:
            stats = ingest_mod.ingest(con, [job.path], workers=self.workers, analyzer=self.analyzer,
                                      progress=False, on_item=self._settled, lang=job.lang)
            _rename_origins(con, tmp, job.name)
        summary = stats.as_dict()
        summary["error_messages"] = [_renamed(m, tmp, job.name) for m in summary["error_messages"]]
        summary["notes"] = [_renamed(m, tmp, job.name) for m in summary["notes"]]
        return summary


def _renamed(text: str, tmp: str, name: str) -> str:
    return name + text[len(tmp):] if text.startswith(tmp) else text


def _rename_origins(con, tmp: str, name: str) -> None:
    """Origins recorded from the temporary copy become those of the client's file (one transaction)."""
    con.execute("BEGIN TRANSACTION")
    try:
        for table in ORIGIN_TABLES:
            con.execute(f"UPDATE {table} SET origin = ? || substr(origin, ?) WHERE starts_with(origin, ?)",
                        [name, len(tmp) + 1, tmp])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
