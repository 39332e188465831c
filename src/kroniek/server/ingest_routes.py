"""``POST /api/ingest`` and ``GET /api/ingest/{job}``: ingest handed to the server that owns the store.

Only clients on this machine may hand over work (the server's own loopback
addresses): the API has no accounts, and ingesting writes to the store. The
body is one input file, exactly as ``kroniek ingest`` would read it from disk
(JSONL articles, a .txt, an .html page or an RSS/Atom file); ``name`` gives its
file name, whose extension picks the reader and which the errors and the stored
origins show. The answer is a job id at once; the job's status carries the same
summary (counts, error messages with file and line) as a local ingest prints.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from fastapi import APIRouter, HTTPException, Path as PathParam, Query, Request
from fastapi.responses import JSONResponse

from .jobs import IngestJobs, QueueFull
from .vocab_params import LangParam

MAX_BODY = 64 * 2**20  # bytes; larger inputs are split by the client or ingested with the server stopped
LOCAL_CLIENTS = {"127.0.0.1", "::1", "localhost", "testclient"}
RETRY_AFTER_S = 5

_JOB_RESPONSES = {
    403: {"description": "the client is not on this machine"},
    500: {"description": "an unexpected failure inside the server (a bug: please report it)"},
    503: {"description": "no database, or the store cannot be opened"},
}


def _supported(name: str) -> bool:
    from ..ingest import SUPPORTED_EXT

    return Path(name).suffix.lower() in SUPPORTED_EXT


def ingest_router(jobs: Optional[IngestJobs], db: Optional[Path], max_body: int = MAX_BODY,
                  cache_stats: Optional[dict] = None) -> APIRouter:
    router = APIRouter(tags=["ingest"])

    def local_only(request: Request) -> IngestJobs:
        host = request.client.host if request.client else ""
        if host not in LOCAL_CLIENTS:
            raise HTTPException(403, "ingest is accepted from this machine only")
        if jobs is None:
            raise HTTPException(503, "no database: start the server with --db")
        return jobs

    @router.get("/api/ingest", summary="The store this server owns and its ingest jobs", responses=_JOB_RESPONSES)
    def ingest_status(request: Request) -> dict:
        queue = local_only(request)
        return {"db": str(db.resolve()), "generation": queue.owner.generation, "jobs": queue.counts(),
                "cache": cache_stats}

    @router.post(
        "/api/ingest", status_code=202, summary="Hand an input file to the store's owner for ingest",
        responses={**_JOB_RESPONSES,
                   413: {"description": f"body larger than {max_body} bytes"},
                   422: {"description": "no file name, or an unsupported file type"},
                   429: {"description": "too many jobs waiting; retry after the Retry-After header's seconds"}},
        openapi_extra={"requestBody": {"required": True, "content": {
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}},
    )
    async def post_ingest(
        request: Request,
        name: str = Query(..., min_length=1, max_length=1000,
                          description="the input's file name (its extension picks the reader: "
                                      ".jsonl, .json, .txt, .html, .xml/.rss/.atom)"),
        lang: LangParam = None,
    ) -> JSONResponse:
        queue = local_only(request)
        if not _supported(name):
            raise HTTPException(422, f"name {name[:80]!r}: unsupported file type (use .jsonl, .json, .txt, "
                                     ".html, .xml, .rss or .atom)")
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > max_body:
            raise HTTPException(413, f"body larger than {max_body} bytes: split the input")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > max_body:
                raise HTTPException(413, f"body larger than {max_body} bytes: split the input")
        try:
            job = queue.submit(name, bytes(body), lang)
        except QueueFull as exc:
            raise HTTPException(429, f"{exc}; retry later", headers={"Retry-After": str(RETRY_AFTER_S)})
        return JSONResponse(status_code=202, content={**job.as_dict(), "url": f"/api/ingest/{job.id}"})

    @router.get("/api/ingest/{job_id}", summary="Status and summary of one ingest job",
                responses={**_JOB_RESPONSES, 404: {"description": "no such job"}})
    def get_ingest_job(request: Request, job_id: str = PathParam(..., max_length=100)) -> dict:
        queue = local_only(request)
        job = queue.get(job_id)
        if job is None:
            raise HTTPException(404, "no such ingest job")
        return job.as_dict()

    return router
