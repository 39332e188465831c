"""The options that send analysis to a Dask cluster, shared by ``kroniek analyze`` and ``kroniek ingest``."""
from __future__ import annotations

from contextlib import ExitStack, contextmanager
from typing import Optional

import click


def cluster_options(f):
    """``--dask-workers N``, ``--scheduler ADDRESS`` and ``--batch-size``."""
    f = click.option("--batch-size", type=click.IntRange(1, 10_000), default=None,
                     help="Articles per analysis task on the cluster (default 16).")(f)
    f = click.option("--scheduler", metavar="ADDRESS", default=None,
                     help="Analyse on a running Dask cluster (e.g. tcp://10.0.0.5:8786, started with "
                          "`dask scheduler` and `dask worker`; kroniek must be installed on the workers).")(f)
    f = click.option("--dask-workers", type=click.IntRange(1, 1024), default=None, metavar="N",
                     help="Analyse on a local Dask cluster of N single-threaded worker processes.")(f)
    return f


@contextmanager
def dask_client(dask_workers: Optional[int], scheduler: Optional[str], *, load_pipeline: bool = True):
    """A Dask client for the options given, or None when neither asks for one."""
    if dask_workers and scheduler:
        raise click.UsageError("--dask-workers starts a local cluster and --scheduler joins a running one: "
                               "give one of them")
    if not dask_workers and not scheduler:
        yield None
        return
    from ..scale.cluster import open_client

    with ExitStack() as stack:
        try:
            client = stack.enter_context(open_client(scheduler, dask_workers, load_pipeline=load_pipeline))
        except (OSError, TimeoutError) as exc:
            raise click.ClickException(f"cannot reach the Dask scheduler {scheduler or '(local)'}: {exc}")
        yield client
