"""A bounded analysis service behind ``POST /analyze``: worker processes, a bounded queue, a time limit.

Analysis is CPU-bound, runs inside spaCy's C code and cannot be interrupted from
another thread, so a thread pool can neither stop a runaway analysis nor
release the CPU when its client has gone. Each analysis therefore runs in a
worker *process* that loads the pipeline once and takes one job at a time over
its own pipe; stopping a job means killing that process and starting a fresh
one. ``concurrent.futures.ProcessPoolExecutor`` cannot kill one running task
(and breaks the whole pool when a worker dies), hence this small manager.

The service admits at most ``workers + queue_size`` jobs; one more is refused
at once (``QueueFull``, with a ``retry_after`` estimate) instead of waiting
without bound. A job that runs longer than ``time_limit`` seconds has its worker
killed and replaced (``TimeLimitExceeded``). Cancelling the awaiting task (the
client went away, the server shuts down) drops a queued job or kills the worker
of a running one. Workers start lazily, on the first job, so that starting the
server stays fast; the time limit counts analysis only, not model loading.

The analyser is named by ``"module:function"`` (an ``Article`` in, an
``Analysis`` or a JSON-able dict out) and imported in the worker; a module-level
``warm_up()`` next to it is called once when the worker starts. Everything the
event loop does with the service happens on the loop's thread; ``close`` may also
be called once that loop has stopped (it only kills processes).
"""
from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
import math
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from typing import Any, Awaitable, Optional

DEFAULT_ANALYZER = "kroniek.analysis_service:analyze_article"
SHUTTING_DOWN = "the server is shutting down"
START_TIMEOUT_S = 180.0  # loading the model takes seconds; a worker that needs minutes is broken


class AnalysisError(Exception):
    """Base of the service's refusals; the message is one line for the client."""


class QueueFull(AnalysisError):
    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class TimeLimitExceeded(AnalysisError):
    pass


class AnalyserUnavailable(AnalysisError):
    pass


class AnalysisFailed(AnalysisError):
    """The analyser raised on this input (a bug): the worker survives and takes the next job."""


class Stopped(AnalysisError):
    """The caller's stop signal (a client disconnect) came first; the job was dropped or killed."""


# --------------------------------------------------------------------------- the default analyser

def analyze_article(article):
    from .analyze import analyze

    return analyze(article)


def warm_up() -> None:
    """Load every supported language's pipeline before the first job (broken model files show here).
    A language whose model directory is absent is skipped, so one missing pack does not take the others
    down; its texts fail on their own. With no model at all, the loading error shows here."""
    from .lang import SUPPORTED, get_pack
    from .nlp import pipeline

    present = [lang for lang in SUPPORTED if get_pack(lang).model_path.exists()]
    for lang in present or SUPPORTED:
        pipeline.load(lang)


# --------------------------------------------------------------------------- inside a worker process

def _resolve(path: str):
    module_name, _, attr = path.partition(":")
    module = importlib.import_module(module_name)
    return module, getattr(module, attr or "analyze")


def _worker_main(conn, analyzer_path: str) -> None:
    """Entry point of a worker: announce readiness, then answer one job at a time until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole process group: the parent decides
    from .document import Article

    try:
        module, analyzer = _resolve(analyzer_path)
        if callable(getattr(module, "warm_up", None)):
            module.warm_up()
    except Exception as exc:  # model files missing, a broken module path, ...
        conn.send(("unavailable", f"{type(exc).__name__}: {exc}"[:500]))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            kind, payload = conn.recv()
        except (EOFError, OSError):  # the server has gone
            return
        try:
            result = analyzer(Article.model_validate(payload))
            body = result.model_dump_json() if hasattr(result, "model_dump_json") else json.dumps(result)
            conn.send(("ok", body.encode("utf8")))
        except (OSError, ImportError) as exc:
            conn.send(("unavailable", f"{type(exc).__name__}: {exc}"[:500]))
        except Exception as exc:
            conn.send(("failed", f"{type(exc).__name__}: {exc}"[:500]))


# --------------------------------------------------------------------------- the parent's side

class _Worker:
    """One worker process, its pipe, and a thread that turns the pipe's messages into an asyncio queue."""

    def __init__(self, ctx, analyzer_path: str, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.inbox: asyncio.Queue = asyncio.Queue()
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_worker_main, args=(child, analyzer_path),
                                   name="kroniek-analysis", daemon=True)
        self.process.start()
        child.close()  # only the child holds its end now, so its death reads as end-of-file here
        self.pid = self.process.pid
        self._reader = threading.Thread(target=self._read, name=f"kroniek-analysis-{self.pid}", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                message = self.conn.recv()
            except (EOFError, OSError):
                message = ("exited", None)
            try:
                self.loop.call_soon_threadsafe(self.inbox.put_nowait, message)
            except RuntimeError:  # the loop is closed: nobody is waiting any more
                return
            if message[0] == "exited":
                return

    async def receive(self) -> tuple[str, Any]:
        return await self.inbox.get()

    def send(self, message) -> None:
        self.conn.send(message)

    def dispose(self) -> None:
        """Kill the process (the work really stops), reap it, then release the pipe."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self._reader.join(2)  # it sees end-of-file now; closing the pipe under it could hit a reused descriptor
        if not self._reader.is_alive():
            self.conn.close()


class AnalysisService:
    """``workers`` processes, at most ``queue_size`` jobs waiting, ``time_limit`` seconds per job."""

    def __init__(self, workers: int = 1, queue_size: int = 8, time_limit: float = 30.0,
                 analyzer: Optional[str] = None, start_method: str = "spawn"):
        if workers < 1 or queue_size < 0 or not time_limit > 0:
            raise ValueError("workers >= 1, queue_size >= 0 and time_limit > 0 are required")
        self.workers = workers
        self.queue_size = queue_size
        self.time_limit = float(time_limit)
        self.analyzer = analyzer or DEFAULT_ANALYZER
        self._ctx = multiprocessing.get_context(start_method)
        self._live: set[_Worker] = set()     # started and not yet disposed (starting, idle or busy)
        self._idle: deque[_Worker] = deque()
        self._waiting: deque[asyncio.Future] = deque()  # jobs admitted but without a worker yet
        self._admitted = 0
        self._durations: deque[float] = deque(maxlen=20)
        self._tasks: set[asyncio.Task] = set()
        self._closed = False

    # -- what callers use

    @property
    def admitted(self) -> int:
        """Jobs running or waiting now."""
        return self._admitted

    def pids(self) -> list[int]:
        """Process ids of the live workers (for tests and monitoring)."""
        return sorted(w.pid for w in self._live)

    async def run(self, article: dict, stop: Optional[Awaitable] = None) -> bytes:
        """Analyse one article (``Article.model_dump(mode="json")``); the ``Analysis`` as JSON bytes.

        If ``stop`` (e.g. "the client disconnected") completes first, the job is
        dropped or its worker killed, and ``Stopped`` is raised.
        """
        if stop is None:
            return await self._run(article)
        job = asyncio.ensure_future(self._run(article))
        watcher = asyncio.ensure_future(stop)
        try:
            await asyncio.wait({job, watcher}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            if watcher.done() and not watcher.cancelled() and watcher.exception() is not None:
                pass  # a failing stop signal counts as a stop; its error is retrieved so asyncio does not warn
            watcher.cancel()
            if not job.done():
                job.cancel()
                with contextlib.suppress(asyncio.CancelledError, AnalysisError):
                    await job
        if job.cancelled():
            raise Stopped("the job was stopped before it finished")
        return job.result()

    async def drain(self, grace: float) -> None:
        """Shutdown has begun: refuse new jobs, fail the queued ones now, give running ones ``grace`` s, then close."""
        self._closed = True
        waiting, self._waiting = self._waiting, deque()
        for future in waiting:
            _fail(future, AnalyserUnavailable(SHUTTING_DOWN))
        deadline = time.monotonic() + grace
        while self._admitted and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        self.close()

    def close(self) -> None:
        """Stop every worker (running jobs end at once, answered 503) and refuse new jobs. Safe to call twice."""
        self._closed = True
        for worker in list(self._live):
            worker.dispose()
        self._live.clear()
        self._idle.clear()
        waiting, self._waiting = self._waiting, deque()
        for future in waiting:
            with contextlib.suppress(RuntimeError):  # its loop is already closed
                future.get_loop().call_soon_threadsafe(_fail, future, AnalyserUnavailable(SHUTTING_DOWN))

    # -- admission and workers

    async def _run(self, article: dict) -> bytes:
        if self._closed:
            raise AnalyserUnavailable(SHUTTING_DOWN)
        if self._admitted >= self.workers + self.queue_size:
            raise QueueFull(f"{self._admitted} analyses are running or queued (the limit); try again later",
                            self._retry_after())
        self._admitted += 1
        try:
            worker = await self._acquire()
            return await self._analyse_on(worker, article)
        finally:
            self._admitted -= 1

    async def _analyse_on(self, worker: _Worker, article: dict) -> bytes:
        started = time.monotonic()
        try:
            worker.send(("analyze", article))
            kind, value = await asyncio.wait_for(worker.receive(), self.time_limit)
        except TimeoutError:
            self._replace(worker)
            raise TimeLimitExceeded(f"the analysis took longer than the time limit of {self.time_limit:g} s "
                                    "and was stopped") from None
        except asyncio.CancelledError:
            self._replace(worker)
            raise
        except OSError:  # the pipe broke while sending: the worker is gone
            kind, value = "exited", None
        if kind == "exited":
            code = worker.process.exitcode
            self._replace(worker)
            if self._closed:
                raise AnalyserUnavailable(SHUTTING_DOWN)
            raise AnalyserUnavailable(f"the analysis worker exited (code {code}); it is being restarted")
        self._durations.append(time.monotonic() - started)
        self._release(worker)
        if kind == "ok":
            return value
        if kind == "unavailable":
            raise AnalyserUnavailable(f"analyser unavailable: {value}")
        raise AnalysisFailed(f"analysis failed: {value}")

    async def _acquire(self) -> _Worker:
        if self._idle and not self._waiting:
            return self._idle.popleft()
        future = asyncio.get_running_loop().create_future()
        self._waiting.append(future)
        self._ensure_workers()
        try:
            return await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled() and future.exception() is None:
                self._release(future.result())  # a worker was handed over just as the job was cancelled
            with contextlib.suppress(ValueError):
                self._waiting.remove(future)
            raise

    def _release(self, worker: _Worker) -> None:
        if worker not in self._live:
            return
        while self._waiting:
            future = self._waiting.popleft()
            if not future.done():
                future.set_result(worker)
                return
        self._idle.append(worker)

    def _ensure_workers(self) -> None:
        """Start processes until there are ``workers`` of them (each loads the model in the background)."""
        if self._closed:
            return
        loop = asyncio.get_running_loop()
        while len(self._live) < self.workers:
            try:
                worker = _Worker(self._ctx, self.analyzer, loop)
            except Exception as exc:  # no process could be started (out of memory, process limit, ...)
                self._no_workers(f"no analysis worker could be started: {type(exc).__name__}: {exc}")
                return
            self._live.add(worker)
            task = loop.create_task(self._wait_ready(worker))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _wait_ready(self, worker: _Worker) -> None:
        try:
            kind, value = await asyncio.wait_for(worker.receive(), START_TIMEOUT_S)
        except TimeoutError:
            kind, value = "unavailable", f"the worker did not start within {START_TIMEOUT_S:g} s"
        if kind == "ready":
            self._release(worker)
            return
        reason = value if kind == "unavailable" else f"the worker exited while starting (code {worker.process.exitcode})"
        self._discard(worker)
        self._no_workers(f"analyser unavailable: {reason}")

    def _no_workers(self, reason: str) -> None:
        """If no worker is left that could serve the waiting jobs, fail them (503) rather than keep them waiting."""
        if self._live:
            return
        waiting, self._waiting = self._waiting, deque()
        for future in waiting:
            _fail(future, AnalyserUnavailable(reason))

    def _discard(self, worker: _Worker) -> None:
        self._live.discard(worker)
        with contextlib.suppress(ValueError):
            self._idle.remove(worker)
        worker.dispose()

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker whose job must stop, and start its successor."""
        self._discard(worker)
        self._ensure_workers()

    def _retry_after(self) -> int:
        """Seconds until a slot is likely free: the queue ahead, at the recent mean duration per job."""
        mean = sum(self._durations) / len(self._durations) if self._durations else 1.0
        return max(1, math.ceil(mean * (len(self._waiting) + 1) / self.workers))


def _fail(future: asyncio.Future, error: Exception) -> None:
    if not future.done():
        future.set_exception(error)
