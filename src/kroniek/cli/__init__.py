"""The ``kroniek`` command: a thin layer over the library (like datasette's CLI).

Each module in this package adds the commands of one concern to ``main``:
``analyze``/``model`` (analysis), ``evaluate`` (scores), ``store`` (ingest,
queries, export), ``serve`` (API and web explorer).
"""
from __future__ import annotations

import importlib

import click

from .. import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kroniek")
def main() -> None:
    """kroniek: who did what to whom, when, where, and who said what."""


for _module in ("analyze", "evaluate", "store", "serve", "search", "articles", "actor"):
    try:
        importlib.import_module(f"{__name__}.{_module}")
    except ModuleNotFoundError as exc:  # a concern not built yet
        if exc.name != f"{__name__}.{_module}":
            raise
