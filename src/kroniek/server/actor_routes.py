"""The actor page route: one actor with its aliases, merge trail, counts over time, counterparts,
quotes and events, so that the page needs one request (and the answer cache keeps one answer).

A factory, like ``ingest_router``: it takes the app's per-request cursor dependency and its query
caller (which turns a store failure into a 500 with a one-line message).
"""
from __future__ import annotations

from typing import Any, Callable

from fastapi import APIRouter, Depends, HTTPException, Path as PathParam, Query

from .. import query_actors

MAX_OFFSET = 10**9


def actor_router(get_con: Callable, call: Callable[..., Any], to_json: Callable[[Any], Any],
                 errors: dict) -> APIRouter:
    router = APIRouter()

    @router.get("/api/actors/{actor_id}", tags=["chronicle"], summary="One actor's page",
                responses={**errors, 404: {"description": "no actor with this id"}})
    def get_actor(
        actor_id: str = PathParam(..., max_length=200, description="actor id (from /api/actors?q=)"),
        limit: int = Query(20, ge=1, le=200, description="page size of events, quotes and merges"),
        events_offset: int = Query(0, ge=0, le=MAX_OFFSET, description="events to skip"),
        quotes_offset: int = Query(0, ge=0, le=MAX_OFFSET, description="quotes to skip"),
        merges_offset: int = Query(0, ge=0, le=MAX_OFFSET, description="merge-trail rows to skip"),
        con=Depends(get_con),
    ):
        """The actor (as in the actor list), ``aliases`` with their merge evidence, ``type_counts`` per
        month and PLOVER type, top ``counterparts``, and the paged ``events``, ``quotes`` and ``merges``
        (each {items, total, limit, offset, next_offset})."""
        page = call(query_actors.actor_page, con, actor_id, limit=limit, events_offset=events_offset,
                    quotes_offset=quotes_offset, merges_offset=merges_offset)
        if page is None:
            raise HTTPException(404, f"no actor {actor_id[:80]!r}")
        return to_json(page)

    return router


def actor_search_page(call: Callable[..., Any], con, q: str, page: tuple[int, int], **filters) -> dict:
    """``GET /api/actors?q=``: the ranked search as a page with its total."""
    limit, offset = page
    items = call(query_actors.search, con, q, limit=limit, offset=offset, **filters)
    total = call(query_actors.search_total, con, q, **filters)
    return {"items": items, "total": total, "limit": limit, "offset": offset,
            "next_offset": offset + limit if offset + limit < total else None}
