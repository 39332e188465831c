"""``kroniek`` with the fake analyser, also on Dask workers, and without loading the model there.

For the fault tests: run as a script it is the kroniek command line; ``--dask-workers``
then starts real worker processes that analyse with ``store_fake_analyzer.fake_many``
(slowed down by ``FAKE_SLEEP``, leaving a line per analysed article in ``FAKE_MARKER``).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the workers import the fake analyser from here

from store_fake_analyzer import fake_many, patch  # noqa: E402


def set_env(**values: str) -> None:
    """Set environment variables in the process that runs this (``client.run(set_env, ...)`` on workers)."""
    import os

    os.environ.update(values)


def patch_cluster(ingest_module) -> None:
    """Ingest on a cluster analyses with the fake analyser; workers do not load the model."""
    from kroniek.scale import cluster

    real_ingest, real_open = ingest_module.ingest, cluster.open_client

    def ingest(con, paths, **kw):
        if kw.get("client") is not None and kw.get("analyzer") is None:
            kw["analyzer"] = fake_many
        return real_ingest(con, paths, **kw)

    def open_client(scheduler=None, n_workers=None, *, load_pipeline=True, langs=("nl",)):
        return real_open(scheduler, n_workers, load_pipeline=False, langs=langs)

    ingest_module.ingest = ingest
    cluster.open_client = open_client


if __name__ == "__main__":
    from kroniek import ingest as ingest_mod
    from kroniek.cli import main

    patch(ingest_mod)
    patch_cluster(ingest_mod)
    sys.exit(main())
