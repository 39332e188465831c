"""``GET /api/search``: full-text search over articles, quotes and events (``kroniek.search``).

The request's cursor is on the owner's read-write connection, so an index that lags behind the
store (articles written since the last ingest finished) is brought up to date before searching.
"""

from typing import Optional

import duckdb
from fastapi import APIRouter, Depends, HTTPException, Query

from ..search import KINDS, SORTS, QueryError, ensure_index, search
from .actor_params import resolve_one
from .vocab_params import LangParam


def search_router(get_con, json_response, errors: dict, since_param) -> APIRouter:
    router = APIRouter(tags=["search"])

    @router.get("/api/search", summary="Full-text search over articles, quotes and events", responses=errors)
    def get_search(
        q: str = Query(..., min_length=1, max_length=500,
                       description='words (all must match), "phrases", prefix*, OR, NOT or -word, ( )'),
        kind: Optional[str] = Query(None, description="article, quote or event (default: all three)"),
        sort: str = Query("relevance", description="relevance, date (oldest first) or -date (newest first)"),
        since: since_param = None,
        until: since_param = None,
        limit: int = Query(20, ge=1, le=100, description="page size"),
        offset: int = Query(0, ge=0, le=10_000, description="hits to skip"),
        lang: LangParam = None,
        speaker: Optional[str] = Query(None, max_length=200, description="only quotes said by this actor: an id, or "
                                       "a name resolved to one actor like /api/events' actor (ambiguous: 422)"),
        con=Depends(get_con),
    ):
        if kind is not None and kind not in KINDS:
            raise HTTPException(422, f"kind: {kind!r} is not one of {', '.join(KINDS)}")
        if sort not in SORTS:
            raise HTTPException(422, f"sort: {sort!r} is not one of {', '.join(SORTS)}")
        if speaker and kind not in (None, "quote"):
            raise HTTPException(422, f"speaker: only quotes have a speaker (kind {kind!r} given; use kind=quote)")
        speaker_id = resolve_one(con, "speaker", speaker)
        try:
            ensure_index(con)
            return json_response(search(con, q, kind=kind, sort=sort, since=since, until=until,
                                        limit=limit, offset=offset, lang=lang, speaker=speaker_id))
        except QueryError as exc:
            raise HTTPException(422, str(exc)) from None
        except duckdb.Error as exc:
            raise HTTPException(500, f"search failed: {type(exc).__name__}") from exc

    return router
