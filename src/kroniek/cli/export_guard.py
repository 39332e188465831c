"""``kroniek export`` never overwrites silently: an existing output needs ``--force``.

Why: an export into last week's folder used to replace its files without a word.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click


def refuse_overwrite(target: str, force: bool) -> None:
    """Exit 2 with one line if ``target`` exists (a file, or a folder with anything in it) and not ``force``."""
    if force or target == "-":
        return
    path = Path(target)
    if path.is_file() or (path.is_dir() and any(path.iterdir())) or (path.exists() and not path.is_dir()):
        kind = "folder" if path.is_dir() else "file"
        click.echo(f"Error: {kind} {target} exists; add --force to overwrite it, or choose another --output",
                   err=True)
        sys.exit(2)
