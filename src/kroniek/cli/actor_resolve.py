"""Turning a typed ``--actor``/``--source``/``--target`` into one actor id, saying which.

Why: a name filter that matches every actor containing the text ("EU" matched 225 actors) answers a
different question than the one asked. The commands resolve the name once (``query_actors.resolve``),
print the actor they chose on stderr, and query by its id; a name that fits several actors lists them
and stops with exit 2, so the user can pass the id instead.
"""
from __future__ import annotations

import sys
from typing import Optional

import click


def _label(a: dict) -> str:
    extra = ", ".join(str(x) for x in (a.get("type"), a.get("country")) if x)
    return f"{a['name']} ({a['id']}{', ' + extra if extra else ''}; {a.get('n_mentions', 0)} mentions)"


def resolve_option(con, text: Optional[str], option: str) -> Optional[str]:
    """The actor id ``text`` stands for (None stays None); exit 2 with the candidates when it is ambiguous."""
    from ..query_actors import Ambiguous, resolve

    if text is None or text == "":
        return None
    try:
        actor = resolve(con, text)
    except Ambiguous as exc:
        click.echo(f"error: {option} {exc}; give one of these ids (or a more exact name):"
                   if exc.candidates else f"error: {option} {exc}; try `kroniek actors --name` to browse",
                   err=True)
        for c in exc.candidates:
            click.echo(f"  {_label(c)}", err=True)
        sys.exit(2)
    click.echo(f"{option} {text!r} -> {_label(actor)}", err=True)
    return actor["id"]
