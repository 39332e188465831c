"""``kroniek serve``: the HTTP API and the web explorer over one store."""
from __future__ import annotations

from pathlib import Path

import click

from . import main


@main.command()
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default="kroniek.duckdb",
              show_default=True, help="kroniek DuckDB store to serve (opened read-only).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to bind. The default keeps the server private to this machine.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def serve(db_path: Path, host: str, port: int, log_level: str) -> None:
    """Serve the JSON API under /api/, POST /analyze and the web explorer at /."""
    import uvicorn

    from ..api import create_app

    if not db_path.exists():
        click.echo(f"warning: {db_path} does not exist yet; only /analyze will work until it is created "
                   "(kroniek ingest)", err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: the API is unauthenticated and POST /analyze is "
                   "CPU-heavy; expose it only behind a proxy you control", err=True)
    click.echo(f"kroniek explorer on http://{host}:{port}/  (API: /api/, OpenAPI: /openapi.json)", err=True)
    uvicorn.run(create_app(db_path), host=host, port=port, log_level=log_level)
