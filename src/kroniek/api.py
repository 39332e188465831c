"""HTTP API and web explorer: the read functions of ``kroniek.query`` as JSON.

Every ``/api/`` route is a thin wrapper over one ``kroniek.query`` function so
that the CLI, the API and the web page always show the same data; the web
explorer (``kroniek/web``) is static files that call these routes.

DuckDB allows many readers or one writer per database file, and a connection
object must not be shared between threads. Each request therefore opens its own
short-lived read-only connection: requests run in parallel, and because no lock
is held between requests, ``kroniek ingest`` can write to the same file while
the server is idle (requests made during an ingest get a 503).
"""
from __future__ import annotations

import asyncio
import datetime as _dt
import hashlib
from pathlib import Path
from typing import Annotated, Any, Callable, Iterator, Optional

import duckdb
from fastapi import Depends, FastAPI, HTTPException, Path as PathParam, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from . import __version__, query, store
from .document import SCHEMA_VERSION, Analysis, Article

WEB_DIR = Path(__file__).resolve().parent / "web"
MAX_LIMIT = 1000
MAX_ANALYZE_CHARS = 100_000
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}([T ][0-9:.+\-Z]*)?$"

# The page loads only its own files: a stray string that reaches the DOM as
# markup still cannot run inline script or load anything from elsewhere.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


class AnalyzeRequest(BaseModel):
    """Body of ``POST /analyze``: one text, analysed without being stored."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(..., min_length=1, max_length=MAX_ANALYZE_CHARS)
    title: Optional[str] = Field(None, max_length=1000)
    published_at: Optional[str] = Field(None, pattern=_ISO_DATE, description="ISO date; anchors relative times")
    lang: str = Field("nl", description="language code of a supported language pack")


def _page(items: list, limit: int, offset: int) -> dict:
    """Pagination envelope. The query asked for one extra row to know whether more exist."""
    more = len(items) > limit
    items = items[:limit]
    return {
        "items": items,
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if more else None,
    }


MAX_OFFSET = 10**9


def page_params(
    limit: int = Query(100, ge=1, le=MAX_LIMIT, description="page size"),
    offset: int = Query(0, ge=0, le=MAX_OFFSET, description="rows to skip"),
) -> tuple[int, int]:
    return limit, offset


def _real_date(value: Optional[str]) -> Optional[str]:
    """A query date must be a calendar date, not only look like one ('2019-13-45' is refused: 422)."""
    if value is None or value == "":
        return value
    try:
        day = _dt.date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError(f"{value[:40]!r} is not a date (YYYY-MM-DD)") from None
    if day.year < 1000:
        raise ValueError(f"{value[:40]!r}: the year must be 1000 or later")
    return value


SinceParam = Annotated[Optional[str], Query(pattern=_ISO_DATE, description="ISO date (YYYY-MM-DD), inclusive"),
                       AfterValidator(_real_date)]
UntilParam = SinceParam
# what a route can answer besides 200, for the OpenAPI document (422 is added by FastAPI itself)
ERRORS = {503: {"description": "no database, or it is busy (an ingest is writing) or unreadable"},
          500: {"description": "a query failed inside the store (a bug: please report it)"}}


def create_app(db_path: str | Path | None, *, analyze_concurrency: int = 1) -> FastAPI:
    """Build the app serving ``db_path`` (a kroniek DuckDB file) read-only.

    ``db_path`` may be ``None``: only ``POST /analyze`` and the page then work,
    which is enough to try the analyser on pasted text.
    """
    db = Path(db_path) if db_path is not None else None
    app = FastAPI(
        title="kroniek",
        version=__version__,
        summary="Dutch news articles as a sourced chronicle: events, quotes, actors, times and places.",
        description=(
            "Read-only JSON over a kroniek store. Every item carries provenance: the article, "
            "sentence index, character span, confidence and the reason it was extracted. "
            "List routes page with `limit`/`offset`; `next_offset` is null on the last page."
        ),
        # Swagger/ReDoc load their assets from a CDN; the server must work offline,
        # so only the machine-readable document is served.
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    # One analysis at a time by default: the model is CPU-bound and a burst of
    # requests should queue, not starve the machine.
    analyze_slots = asyncio.Semaphore(max(1, analyze_concurrency))

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    def get_con() -> Iterator[duckdb.DuckDBPyConnection]:
        if db is None:
            raise HTTPException(503, "no database: start the server with --db")
        try:
            con = store.connect(db, read_only=True)
        except FileNotFoundError as exc:
            raise HTTPException(503, f"database not found: {db.name} (run kroniek ingest)") from exc
        except store.SchemaError as exc:
            raise HTTPException(503, str(exc)) from exc
        except duckdb.Error as exc:  # typically the write lock of a running ingest
            raise HTTPException(503, f"database busy or unreadable: {type(exc).__name__}") from exc
        try:
            yield con
        finally:
            con.close()

    def call(fn: Callable[..., Any], con, *args, **filters) -> Any:
        """Run one query function with only the filters the client gave."""
        kwargs = {k: v for k, v in filters.items() if v is not None and v != ""}
        try:
            return fn(con, *args, **kwargs)
        except duckdb.Error as exc:
            raise HTTPException(500, f"query failed: {type(exc).__name__}") from exc

    def paged(fn, con, page: tuple[int, int], **filters) -> dict:
        limit, offset = page
        return _page(call(fn, con, limit=limit + 1, offset=offset, **filters), limit, offset)


    # Sync route functions run in FastAPI's threadpool, so DuckDB work never blocks the loop.
    @app.get("/api/events", tags=["chronicle"], summary="Cross-article events (PLOVER)", responses=ERRORS)
    def get_events(
        actor: Optional[str] = Query(None, description="actor id or name, as source or target"),
        source: Optional[str] = Query(None, description="source actor id or name"),
        target: Optional[str] = Query(None, description="target actor id or name"),
        type: Optional[str] = Query(None, description="PLOVER event type, e.g. ASSAULT"),
        since: SinceParam = None,
        until: UntilParam = None,
        place: Optional[str] = Query(None, description="place name"),
        country: Optional[str] = Query(None, description="ISO 3166-1 alpha-3 of an actor or the place"),
        article: Optional[str] = Query(None, description="article id"),
        page=Depends(page_params),
        con=Depends(get_con),
    ) -> dict:
        return paged(query.events, con, page, actor=actor, source=source, target=target, type=type,
                     since=since, until=until, place=place, country=country, article=article)

    @app.get("/api/quotes", tags=["chronicle"], summary="Quotes with their speakers", responses=ERRORS)
    def get_quotes(
        speaker: Optional[str] = Query(None, description="speaker name or actor id"),
        contains: Optional[str] = Query(None, description="text the quote contains"),
        article: Optional[str] = Query(None, description="article id"),
        page=Depends(page_params),
        con=Depends(get_con),
    ) -> dict:
        return paged(query.quotes, con, page, speaker=speaker, contains=contains, article=article)

    @app.get("/api/actors", tags=["chronicle"], summary="Canonical actors", responses=ERRORS)
    def get_actors(
        name: Optional[str] = Query(None, description="name or alias (substring)"),
        country: Optional[str] = Query(None, description="ISO 3166-1 alpha-3"),
        type: Optional[str] = Query(None, description="person, organisation, state, armed_group, ..."),
        page=Depends(page_params),
        con=Depends(get_con),
    ) -> dict:
        return paged(query.actors, con, page, name=name, country=country, type=type)

    @app.get("/api/articles", tags=["articles"], summary="Stored articles", responses=ERRORS)
    def get_articles(
        since: SinceParam = None,
        until: UntilParam = None,
        contains: Optional[str] = Query(None, description="text in title or body"),
        page=Depends(page_params),
        con=Depends(get_con),
    ) -> dict:
        return paged(query.articles, con, page, since=since, until=until, contains=contains)

    # ':path' so that ids with '/' (feed items keyed by their URL) are reachable
    @app.get("/api/articles/{article_id:path}", tags=["articles"], summary="One article's full analysis",
             responses={**ERRORS, 404: {"description": "no article with this id"}})
    def get_article(article_id: str = PathParam(..., max_length=500), con=Depends(get_con)) -> dict:
        found = call(query.article, con, article_id)
        if found is None:
            raise HTTPException(404, "no such article")
        return found

    @app.get("/api/timeline", tags=["chronicle"], summary="Events per day", responses=ERRORS)
    def get_timeline(
        actor: Optional[str] = Query(None, description="actor id or name"),
        type: Optional[str] = Query(None, description="PLOVER event type"),
        country: Optional[str] = Query(None, description="ISO 3166-1 alpha-3"),
        since: SinceParam = None,
        until: UntilParam = None,
        con=Depends(get_con),
    ) -> dict:
        return {"items": call(query.timeline, con, actor=actor, type=type, country=country,
                              since=since, until=until)}

    @app.get("/api/network", tags=["chronicle"], summary="Who acts on whom", responses=ERRORS)
    def get_network(
        actor: Optional[str] = Query(None, description="only edges touching this actor"),
        type: Optional[str] = Query(None, description="PLOVER event type"),
        since: SinceParam = None,
        until: UntilParam = None,
        min_events: int = Query(1, ge=1, le=MAX_OFFSET, description="drop edges with fewer events"),
        con=Depends(get_con),
    ) -> dict:
        return call(query.network, con, actor=actor, type=type, since=since, until=until, min_events=min_events)

    @app.get("/api/places", tags=["chronicle"], summary="Places where events happened", responses=ERRORS)
    def get_places(since: SinceParam = None, until: UntilParam = None, con=Depends(get_con)) -> dict:
        return {"items": call(query.places, con, since=since, until=until)}

    @app.get("/api/meta", tags=["meta"], summary="Versions and row counts of the store", responses=ERRORS)
    def get_meta(con=Depends(get_con)) -> dict:
        return {"version": __version__, "schema_version": SCHEMA_VERSION, "database": db.name,
                "counts": call(store.counts, con)}

    @app.post("/analyze", tags=["analysis"], summary="Analyse one text (not stored)", response_model=Analysis,
              responses={503: {"description": "the analyser's model files are missing or not loadable"}})
    async def post_analyze(body: AnalyzeRequest) -> Any:
        from .lang import SUPPORTED

        if body.lang not in SUPPORTED:
            raise HTTPException(422, f"unsupported language {body.lang!r}; supported: {', '.join(SUPPORTED)}")
        digest = hashlib.sha256(((body.title or "") + "\x00" + body.text).encode("utf8")).hexdigest()[:16]
        article = Article(id=f"adhoc-{digest}", text=body.text, title=body.title,
                          published_at=body.published_at, lang=body.lang)
        async with analyze_slots:
            try:
                result = await run_in_threadpool(_analyze, article)
            except (OSError, ImportError) as exc:  # model files missing or not loadable
                raise HTTPException(503, f"analyser unavailable: {exc}") from exc
        return JSONResponse(result.model_dump(mode="json"))

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB_DIR / "index.html", headers={"Cache-Control": "no-cache"})

    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")
    return app


def _analyze(article: Article) -> Analysis:
    from .analyze import analyze

    return analyze(article)

