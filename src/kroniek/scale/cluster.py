"""Analysis on Dask distributed: a local cluster of worker processes or a running cluster.

Why Dask: the same code runs on a laptop (``--dask-workers N`` starts N
single-threaded worker processes here) and on many machines (``--scheduler
ADDRESS`` joins a cluster started with ``dask scheduler`` / ``dask worker``);
the scheduler retries the tasks of a worker that dies. Each worker loads the
pipeline once (a worker plugin, run again on a restarted worker) and analyses
whole batches, so spaCy's batching (``analyze_many``) is kept. The parent sends
batches with a bounded window in flight and gets results back in input order
(``windowed.in_order``), so memory stays bounded and linking sees the articles
in the order they were read.
"""
from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, Optional, Union

import dask
from distributed import WorkerPlugin

from ..document import Analysis, Article, ErrorRecord
from .windowed import BATCH_SIZE, batched, in_order, tapered

Item = Union[Article, ErrorRecord]
Result = Union[Analysis, ErrorRecord]

SINGLE_THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                     "VECLIB_MAXIMUM_THREADS": "1", "NUMEXPR_NUM_THREADS": "1"}
"""One core per worker process: BLAS thread pools of their own would fight the other workers for cores."""


LOCAL_WORKER_CONFIG = {
    # the statistical profiler samples the task thread's stack every 10 ms: deep spaCy stacks make that cost
    "distributed.worker.profile.enabled": False,
    # returning freed memory to the system after every 64 KiB slows an allocation-heavy pipeline
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    # fewer housekeeping wake-ups: an idle 2-worker cluster cost the ingest process 4.5 % of a core and
    # each worker 2 %, with these 0.9 % and 0.35 % (measured); on two cores that is CPU the analysis gets
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.admin.tick.interval": "500ms",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.scheduler.work-stealing-interval": "1s",
}
"""Settings of the local cluster (scheduler and workers); docs/scaling.md says how to set them on a
running cluster."""


def analyze_batch(items: list[Item], analyzer: Optional[Callable] = None) -> list[Result]:
    """The task each worker runs: a batch in, one result per item out (in order)."""
    if analyzer is None:
        from ..analyze import analyze_many

        return list(analyze_many(items))
    return list(analyzer(items))


def analyze_batch_to_parquet(part: int, batch: list[tuple[Item, Optional[str]]], out: str,
                             analyzer: Optional[Callable] = None) -> tuple[int, list[tuple[ErrorRecord, str]]]:
    """The task when analyses go to Parquet: the worker writes part ``part`` under ``out`` itself (shared
    storage on a real cluster) and sends back only the count and the error records."""
    from .parquet import write_part

    results = analyze_batch([item for item, _ in batch], analyzer)
    pairs = [(res, origin) for res, (_, origin) in zip(results, batch)]
    n, _ = write_part(out, pairs, part)
    return n, [(res, origin) for res, origin in pairs if isinstance(res, ErrorRecord)]


class LoadPipeline(WorkerPlugin):
    """Worker plugin: load the pipeline when a worker starts (and again when a dead one is replaced)."""

    name = "kroniek-load-pipeline"

    def __init__(self, langs: tuple[str, ...] = ("nl",)) -> None:
        self.langs = langs

    def setup(self, worker) -> None:
        os.environ.update(SINGLE_THREAD_ENV)
        from ..nlp import pipeline

        for lang in self.langs:
            pipeline.load(lang)

    def teardown(self, worker) -> None:
        pass


@contextmanager
def open_client(scheduler: Optional[str] = None, n_workers: Optional[int] = None, *,
                load_pipeline: bool = True, langs: tuple[str, ...] = ("nl",)):
    """A Dask client: connected to ``scheduler`` (an address such as tcp://host:8786), else a local
    cluster of ``n_workers`` single-threaded worker processes, closed on exit."""
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler, timeout="30s")
    else:
        with dask.config.set(LOCAL_WORKER_CONFIG):
            cluster = LocalCluster(n_workers=n_workers or 1, threads_per_worker=1, processes=True,
                                   dashboard_address=":0",  # a free port: never 8787 of a cluster already there
                                   silence_logs=logging.ERROR, env=dict(SINGLE_THREAD_ENV))
        client = Client(cluster)
    try:
        if load_pipeline:
            client.register_plugin(LoadPipeline(langs))
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


class ClusterAnalyzer:
    """Items in, results out in the same order, analysed on a Dask cluster.

    ``analyzer`` (items -> results) replaces the trained pipeline on the workers, e.g. in tests;
    ``window`` is the number of batches in flight (default: two per worker thread).
    """

    def __init__(self, client, analyzer: Optional[Callable] = None, *, batch_size: int = BATCH_SIZE,
                 window: Optional[int] = None) -> None:
        self.client = client
        self.analyzer = analyzer
        self.batch_size = batch_size
        self.window = window

    def _window(self) -> int:
        if self.window:
            return self.window
        return 2 * max(1, sum(self.client.nthreads().values()))

    def stream(self, items: Iterable[Item], before_wait: Optional[Callable[[], None]] = None) -> Iterator[Result]:
        from distributed import KilledWorker

        def submit(batch: list[Item]):
            fut = self.client.submit(analyze_batch, batch, self.analyzer, pure=False)
            fut.batch = batch  # kept for the error records should the task fail for good
            return fut

        class Settled:
            """A task's outcome, failures turned into one error record per article."""

            def __init__(self, fut) -> None:
                self.fut = fut

            def done(self) -> bool:
                return self.fut.done()

            def cancel(self) -> None:
                self.fut.cancel()

            def result(self) -> list[Result]:
                try:
                    return self.fut.result()
                except KilledWorker as exc:  # the scheduler gave up: the batch killed worker after worker
                    reason = f"analysis worker lost: {exc}"
                except Exception as exc:  # noqa: BLE001 - an exception raised inside the task
                    reason = f"analysis task failed: {type(exc).__name__}: {exc}"
                return [item if isinstance(item, ErrorRecord) else ErrorRecord(id=item.id, error=reason)
                        for item in self.fut.batch]

        window = self._window()
        for results in in_order(lambda b: Settled(submit(b)), tapered(items, self.batch_size, max(1, window // 2)),
                                window, before_wait):
            yield from results

    __call__ = stream

    def to_parquet(self, reads: Iterable[tuple[Item, Optional[str]]], out: str,
                   before_wait: Optional[Callable[[], None]] = None) -> Iterator[tuple[int, list]]:
        """Analyse ``(item, origin)`` pairs into Parquet parts under ``out``, written by the workers; yield
        (analyses written, [(error record, origin)]) per batch, in input order."""
        def submit(numbered):
            part, batch = numbered
            return self.client.submit(analyze_batch_to_parquet, part, batch, str(out), self.analyzer, pure=False)

        yield from in_order(submit, enumerate(batched(reads, self.batch_size)), self._window(), before_wait)
