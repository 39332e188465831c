"""Actor parameters of the API (``actor``, ``source``, ``target``, ``speaker``) resolved to one actor id.

Why: the list filters of ``kroniek.query`` read a name as "any actor containing this text"
(``actor=EU`` matched 225 actors). The API takes the same resolver as the CLI's ``--actor``
(``query_actors.resolve``): an actor id selects exactly that actor; a name selects the one actor
with that exact name or alias (accents, case and punctuation ignored), or the only actor whose names
contain it; a name that fits several actors (or none) is a 422 that lists the candidates, best first,
in the shape of FastAPI's own validation errors (``detail[0].loc`` names the parameter) plus
``candidates`` [{id, name, type, country, n_mentions}].
"""
from __future__ import annotations

from typing import Optional

import duckdb
from fastapi import HTTPException

from .. import query_actors


def _candidate(a: dict) -> dict:
    return {k: a.get(k) for k in ("id", "name", "type", "country", "n_mentions")}


def resolve_one(con, field: str, text: Optional[str]) -> Optional[str]:
    """The actor id ``text`` stands for (None and "" stay None); HTTPException 422 when ambiguous or unknown."""
    if text is None or text == "":
        return None
    try:
        if query_actors.exists(con, text):  # an id: exactly that actor, without ranking every alias
            return text
        return query_actors.resolve(con, text)["id"]
    except duckdb.Error as exc:  # as the app's query caller answers a store failure
        raise HTTPException(500, f"query failed: {type(exc).__name__}") from exc
    except query_actors.Ambiguous as exc:
        hint = ("; give one of the candidates' ids (or a more exact name)" if exc.candidates
                else "; find actors with /api/actors?q=")
        raise HTTPException(422, [{"loc": ["query", field], "type": "value_error", "msg": f"{field}: {exc}{hint}",
                                   "candidates": [_candidate(c) for c in exc.candidates]}]) from None


def resolve_actors(con, **fields: Optional[str]) -> dict[str, Optional[str]]:
    """``resolve_one`` for each keyword (actor=..., source=..., target=...); values are ids or None."""
    return {field: resolve_one(con, field, text) for field, text in fields.items()}
