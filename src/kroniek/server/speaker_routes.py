"""``GET /api/quotes/speakers``: the quote browser's speaker counts over all quotes (``query_counts``)."""
from typing import Optional

from fastapi import APIRouter, Depends, Query

from .. import query_counts
from .vocab_params import LangParam


def speakers_router(get_con, call, json_response, errors: dict) -> APIRouter:
    router = APIRouter(tags=["chronicle"])

    @router.get("/api/quotes/speakers", summary="Speakers of all quotes with their counts", responses=errors)
    def get_speakers(
        contains: Optional[str] = Query(None, description="text the quote contains"),
        article: Optional[str] = Query(None, description="article id"),
        limit: int = Query(100, ge=1, le=1000, description="speakers per page"),
        offset: int = Query(0, ge=0, le=10**9, description="speakers to skip"),
        lang: LangParam = None,
        con=Depends(get_con),
    ):
        return json_response(call(query_counts.quote_speakers, con, contains=contains, article=article,
                                  limit=limit, offset=offset, lang=lang))

    return router
