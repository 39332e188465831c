"""``kroniek serve``: the HTTP API and the web explorer over one store."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from . import main


GRACEFUL_SHUTDOWN_S = 3.0


class Duration(click.ParamType):
    """An interval: '90' or '90s' seconds, '15m' minutes, '2h' hours."""

    name = "duration"
    _UNITS = {"": 1, "s": 1, "m": 60, "h": 3600}

    def convert(self, value, param, ctx):
        if isinstance(value, (int, float)):
            return float(value)
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", str(value))
        if not m or float(m.group(1)) <= 0:
            self.fail(f"{value!r} is not an interval such as 30s, 15m or 1h", param, ctx)
        return float(m.group(1)) * self._UNITS[m.group(2)]


@main.command()
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default="kroniek.duckdb",
              show_default=True, help="kroniek DuckDB store to serve; this process owns it (created if missing), and "
                   "`kroniek ingest --db` on the same file hands its work to it.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to bind. The default keeps the server private to this machine.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
@click.option("--watch", "watch", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="File of RSS/Atom feed URLs (one a line) to poll; new items' pages are fetched and ingested.")
@click.option("--every", "every", type=Duration(), default="15m", show_default=True,
              help="Interval between polls of the --watch feeds (30s, 15m, 1h).")
@click.option("--ingest-workers", type=click.IntRange(1), default=1, show_default=True,
              help="Analysis processes for ingest jobs handed to the server.")
@click.option("--access-log/--no-access-log", default=True, show_default=True, help="Log every request.")
@click.option("--cache-entries", type=click.IntRange(0), default=4096, show_default=True,
              help="API answers kept until the next write to the store (0: no cache).")
@click.option("--analyze-workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes for POST /analyze (each loads the model, on the first request).")
@click.option("--analyze-queue", type=click.IntRange(0, 10_000), default=8, show_default=True,
              help="POST /analyze requests that may wait for a worker; more get 429 with Retry-After.")
@click.option("--analyze-time-limit", type=click.FloatRange(0, 3600, min_open=True), default=30.0,
              show_default=True, help="Seconds one analysis may run; then its worker is killed and the request gets 504.")
@click.option("--analyzer", default=None, hidden=True, help="module:function replacing the pipeline (tests).")
def serve(db_path: Path, host: str, port: int, log_level: str, watch, every: float, ingest_workers: int,
          access_log: bool, cache_entries: int, analyze_workers: int, analyze_queue: int, analyze_time_limit: float,
          analyzer) -> None:
    """Serve the JSON API under /api/, POST /analyze and the web explorer at /."""
    import uvicorn

    from ..api import create_app

    from ..server import discovery
    from ..server.runtime import ServerRuntime

    other = discovery.find_server(db_path)
    if other:
        raise click.ClickException(f"{db_path} is already served by {other}: one process owns a store")
    if not db_path.exists():
        click.echo(f"note: {db_path} does not exist yet; it is created empty (hand articles over with "
                   f"kroniek ingest --db {db_path})", err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: the API is unauthenticated and POST /analyze is "
                   "CPU-heavy; expose it only behind a proxy you control", err=True)
    click.echo(f"kroniek explorer on http://{host}:{port}/  (API: /api/, OpenAPI: /openapi.json)", err=True)
    local = "127.0.0.1" if host in ("0.0.0.0", "localhost") else ("[::1]" if host in ("::", "::1") else host)
    runtime = ServerRuntime(db_path, ingest_workers=ingest_workers, advertise_url=f"http://{local}:{port}",
                            watch=watch, every_s=every)
    app = create_app(db_path, runtime=runtime, cache_entries=cache_entries, analyze_concurrency=analyze_workers, analyze_queue=analyze_queue,
                     analyze_time_limit=analyze_time_limit, analyzer=analyzer)
    config = uvicorn.Config(app, host=host, port=port, log_level=log_level, access_log=access_log,
                            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S)
    server = _draining_server(config, app.state.analysis)
    server.run()
    if not server.started:
        sys.exit(3)  # as uvicorn.run: the socket could not be bound or the app did not start


def _draining_server(config, analysis):
    """uvicorn's server, telling the analysis service when shutdown begins (SIGTERM, Ctrl+C).

    uvicorn waits up to GRACEFUL_SHUTDOWN_S for requests in flight and then cancels them (a 500);
    the app's own shutdown comes only after that. So at the start of shutdown queued analyses are
    answered 503 at once, running ones get a second less than uvicorn's wait, then their workers
    are killed (503) and the server exits with no worker process left.
    """
    import asyncio

    import uvicorn

    class DrainingServer(uvicorn.Server):
        async def shutdown(self, sockets=None):
            draining = asyncio.ensure_future(analysis.drain(grace=max(0.0, GRACEFUL_SHUTDOWN_S - 1.0)))
            try:
                await super().shutdown(sockets)
            finally:
                await draining

    return DrainingServer(config)
