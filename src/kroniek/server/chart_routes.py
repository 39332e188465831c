"""``GET /api/facets`` and ``GET /api/series``: the counts behind the explorer's dropdowns and charts.

Thin wrappers over ``kroniek.query_charts`` with the event filters of ``/api/events``, so a
count next to an option is the number of events the list shows after choosing it.
(No ``from __future__ import annotations``: FastAPI reads the parameter types given to the
factory at definition time.)
"""
import json
from typing import Any, Callable, Optional

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import Response

from .. import query_charts
from .actor_params import resolve_actors
from .vocab_params import CountryParam, EventTypeParam, LangParam

_ERRORS = {503: {"description": "no database, or it cannot be opened"},
           500: {"description": "a query failed inside the store (a bug: please report it)"}}


def _json(content: Any) -> Response:
    return Response(json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf8"),
                    media_type="application/json")


def charts_router(get_con: Callable, call: Callable, date_param: Any) -> APIRouter:
    """Routes reading through the app's ``get_con`` dependency and ``call`` (500 on a store error);
    ``date_param`` is the app's validated ISO date query type (422 for a bad date)."""
    router = APIRouter(tags=["counts"])

    def event_filters(
        actor: Optional[str] = Query(None, description="actor id or name (resolved to one actor), as source or target"),
        source: Optional[str] = Query(None, description="source actor id or name (resolved to one actor)"),
        target: Optional[str] = Query(None, description="target actor id or name (resolved to one actor)"),
        either: bool = Query(False, description="source/target in both directions: events between the two"),
        type: EventTypeParam = None,
        since: date_param = None,
        until: date_param = None,
        place: Optional[str] = Query(None, description="place name"),
        country: CountryParam = None,
        article: Optional[str] = Query(None, description="article id"),
        lang: LangParam = None,
        con=Depends(get_con),
    ) -> dict:
        # the same checks as the list routes: a type, country or language outside its vocabulary, or a
        # name that fits several actors, is a 422 (not a page of zeros)
        return dict(**resolve_actors(con, actor=actor, source=source, target=target), either=either or None,
                    type=type, since=since, until=until, place=place, country=country, article=article, lang=lang)

    @router.get("/api/facets", summary="Event counts per type, actor, country, outlet, month and language", responses=_ERRORS)
    def get_facets(
        filters: dict = Depends(event_filters),
        top: int = Query(20, ge=1, le=1000, description="values per facet (months: all)"),
        facet: Optional[str] = Query(None, description="comma-separated facets to compute (default all): "
                                     + ", ".join(query_charts.FACETS)),
        con=Depends(get_con),
    ) -> Response:
        only = None
        if facet:
            only = [f.strip() for f in facet.split(",") if f.strip()]
            bad = [f for f in only if f not in query_charts.FACETS]
            if bad:
                raise HTTPException(422, f"facet: unknown {bad[0]!r}; expected one of {', '.join(query_charts.FACETS)}")
        return _json(call(query_charts.facets, con, top=top, only=only, **filters))

    @router.get("/api/series", summary="Events per day, week or month by type, actor or quad class",
                responses=_ERRORS)
    def get_series(
        filters: dict = Depends(event_filters),
        by: str = Query("type", pattern="^(type|actor|quad)$", description="split by type, actor or quad"),
        interval: str = Query("day", pattern="^(day|week|month)$", description="day, week (from Monday) or month"),
        top: int = Query(8, ge=1, le=50, description="actors shown when by=actor"),
        con=Depends(get_con),
    ) -> Response:
        return _json(call(query_charts.series, con, by=by, interval=interval, top=top, **filters))

    return router
