"""HTTP API and web explorer: the read functions of ``kroniek.query`` as JSON.

Every ``/api/`` route is a thin wrapper over one ``kroniek.query`` function so
that the CLI, the API and the web page always show the same data; the web
explorer (``kroniek/web``) is static files that call these routes.

DuckDB lets one process write a database file, and a connection object must not
be shared between threads. The server therefore owns its store
(``kroniek.server.owner``): one long-lived read-write connection opened at
start-up, a cursor of its own for every request, and ingest handed to the server
(``POST /api/ingest``, what ``kroniek ingest`` does by itself while a server owns
the file) written in the same process in short per-article transactions, so the
API keeps answering while it writes. Answers are kept per store generation
(``kroniek.server.cache``) until the next write.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Callable, Iterator, Optional

import duckdb
from fastapi import Depends, FastAPI, HTTPException, Path as PathParam, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from . import __version__, query, query_counts, store
from .analysis_service import (AnalyserUnavailable, AnalysisFailed, AnalysisService, QueueFull, Stopped,
                               TimeLimitExceeded)
from .document import SCHEMA_VERSION, Analysis, Article, ErrorRecord
from .server.actor_params import resolve_actors
from .server.cache import ResponseCache
from .server.downloads import Downloads
from .server.vocab_params import CountryParam, EventTypeParam, LangParam
from .server.chart_routes import charts_router
from .server.actor_routes import actor_router, actor_search_page
from .server.ingest_routes import ingest_router
from .server.search_routes import search_router
from .server.speaker_routes import speakers_router
from .server.owner import StoreUnavailable
from .server.runtime import ServerRuntime

WEB_DIR = Path(__file__).resolve().parent / "web"
MAX_LIMIT = 1000
MAX_ANALYZE_CHARS = 100_000
# The largest body a valid request can need, whatever its JSON escaping (an emoji written as two
# \uXXXX escapes is 12 bytes): larger bodies are refused (413) before they are read or parsed.
MAX_ANALYZE_BODY_BYTES = 12 * (MAX_ANALYZE_CHARS + 1000) + 4096
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
    lang: Optional[str] = Field(None, max_length=20,
                                description="language code of a supported language pack; omitted: detected")


def _json(content: Any) -> Response:
    """An answer serialised by ``json.dumps`` directly: FastAPI's generic encoder walks every value of
    the plain JSON-ready records again and costs several times the query on large answers (1,000 events
    with their mentions: 290 ms against 29 ms)."""
    return Response(json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf8"),
                    media_type="application/json")


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
QUERY_THREADS = 4  # requests querying the store at once (2 cores); the others wait without holding the GIL


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
ACTOR_DOC = ("actor id (exactly that actor) or a name resolved to one actor like the CLI's --actor (exact name or "
             "alias, accents and case ignored); a name that fits several actors is a 422 listing the candidates")
# what a route can answer besides 200, for the OpenAPI document (422 is added by FastAPI itself)
ERRORS = {503: {"description": "no database, or it cannot be opened (held by another process, or unreadable)"},
          500: {"description": "a query failed inside the store (a bug: please report it)"}}


def create_app(db_path: str | Path | None, *, analyze_concurrency: int = 1, runtime: ServerRuntime | None = None,
               cache_entries: int = 4096, analyze_queue: int = 8, analyze_time_limit: float = 30.0,
               analyzer: str | None = None) -> FastAPI:
    """Build the app serving ``db_path`` (a kroniek DuckDB file, created if missing), as its owner.

    ``db_path`` may be ``None``: only ``POST /analyze`` and the page then work,
    which is enough to try the analyser on pasted text. ``runtime`` carries the
    ingest and feed-watching settings (``kroniek serve`` builds it); the default
    owns the store with ingest jobs and no feeds. ``cache_entries=0`` turns the
    response cache off.
    """
    db = Path(db_path) if db_path is not None else None
    runtime = runtime or ServerRuntime(db)
    owner = runtime.owner
    # POST /analyze: `analyze_concurrency` worker processes, `analyze_queue` waiting requests,
    # `analyze_time_limit` seconds each; `analyzer` ("module:function") replaces the pipeline in tests
    analysis = AnalysisService(workers=analyze_concurrency, queue_size=analyze_queue,
                               time_limit=analyze_time_limit, analyzer=analyzer)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Few threads for the sync routes (the store's queries) on a small machine: more than the cores only
        # contend for the GIL with the event loop, which serves the kept answers.
        from anyio import to_thread

        to_thread.current_default_thread_limiter().total_tokens = QUERY_THREADS
        await run_in_threadpool(runtime.startup)
        try:
            yield
        finally:
            analysis.close()  # after uvicorn's bounded graceful wait: no worker process outlives the server
            await run_in_threadpool(runtime.shutdown)

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
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    app.state.analysis = analysis

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    def get_con() -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of the owner's connection for this request (opened at start-up, or now if it could not be)."""
        if owner is None:
            raise HTTPException(503, "no database: start the server with --db")
        try:
            con = owner.open().cursor()
        except StoreUnavailable as exc:
            raise HTTPException(503, str(exc)) from exc
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

    def paged(fn, con, page: tuple[int, int], **filters) -> Response:
        limit, offset = page
        body = _page(call(fn, con, limit=limit + 1, offset=offset, **filters), limit, offset)
        # every list says how many rows it has in all (query_counts: the same filters, counted)
        n = call(query_counts.total, con, fn, len(body["items"]), body["next_offset"] is not None, offset, **filters)
        if n is not None:
            body["total"] = n
        return _json(body)


    # Sync route functions run in FastAPI's threadpool, so DuckDB work never blocks the loop.
    @app.get("/api/events", tags=["chronicle"], summary="Cross-article events (PLOVER)", responses=ERRORS)
    def get_events(
        actor: Optional[str] = Query(None, description=ACTOR_DOC + ", as source or target"),
        source: Optional[str] = Query(None, description="source actor: " + ACTOR_DOC),
        target: Optional[str] = Query(None, description="target actor: " + ACTOR_DOC),
        type: EventTypeParam = None,
        since: SinceParam = None,
        until: UntilParam = None,
        place: Optional[str] = Query(None, description="place name"),
        country: CountryParam = None,
        article: Optional[str] = Query(None, description="article id"),
        either: bool = Query(False, description="source/target in both directions: events between the two"),
        lang: LangParam = None,
        page=Depends(page_params),
        con=Depends(get_con),
    ) -> dict:
        return paged(query.events, con, page, **resolve_actors(con, actor=actor, source=source, target=target),
                     type=type, since=since, until=until, place=place, country=country, article=article,
                     either=either or None, lang=lang)

    @app.get("/api/quotes", tags=["chronicle"], summary="Quotes with their speakers", responses=ERRORS)
    def get_quotes(
        speaker: Optional[str] = Query(None, description="speaker name or actor id"),
        contains: Optional[str] = Query(None, description="text the quote contains"),
        article: Optional[str] = Query(None, description="article id"),
        no_speaker: bool = Query(False, description="only quotes whose speaker is unknown"),
        lang: LangParam = None,
        page=Depends(page_params),
        con=Depends(get_con),
    ) -> dict:
        return paged(query.quotes, con, page, speaker=speaker, contains=contains, article=article,
                     no_speaker=no_speaker or None, lang=lang)

    @app.get("/api/actors", tags=["chronicle"], summary="Canonical actors", responses=ERRORS)
    def get_actors(
        name: Optional[str] = Query(None, description="name or alias (substring)"),
        country: CountryParam = None,
        type: Optional[str] = Query(None, description="person, organisation, state, armed_group, ..."),
        q: Optional[str] = Query(None, max_length=200, description="search: any part of a name or alias, accents "
                                 "and case ignored; exact alias first, then by mentions (with `total`)"),
        lang: LangParam = None,
        page=Depends(page_params),
        con=Depends(get_con),
    ) -> dict:
        if q is not None and q.strip():
            return _json(actor_search_page(call, con, q, page, country=country, type=type, lang=lang))
        return paged(query.actors, con, page, name=name, country=country, type=type, lang=lang)

    @app.get("/api/articles", tags=["articles"], summary="Stored articles", responses=ERRORS)
    def get_articles(
        since: SinceParam = None,
        until: UntilParam = None,
        contains: Optional[str] = Query(None, description="text in title or body"),
        lang: LangParam = None,
        page=Depends(page_params),
        con=Depends(get_con),
    ) -> dict:
        return paged(query.articles, con, page, since=since, until=until, contains=contains, lang=lang)

    # ':path' so that ids with '/' (feed items keyed by their URL) are reachable
    @app.get("/api/articles/{article_id:path}", tags=["articles"], summary="One article's full analysis",
             responses={**ERRORS, 404: {"description": "no article with this id"}})
    def get_article(article_id: str = PathParam(..., max_length=500), con=Depends(get_con)) -> dict:
        found = call(query.article, con, article_id)
        if found is None:
            raise HTTPException(404, "no such article")
        return _json(found)

    @app.get("/api/timeline", tags=["chronicle"], summary="Events per day", responses=ERRORS)
    def get_timeline(
        actor: Optional[str] = Query(None, description=ACTOR_DOC + ", as source or target"),
        source: Optional[str] = Query(None, description="source actor: " + ACTOR_DOC),
        target: Optional[str] = Query(None, description="target actor: " + ACTOR_DOC),
        either: bool = Query(False, description="source/target in both directions: events between the two"),
        type: EventTypeParam = None,
        country: CountryParam = None,
        since: SinceParam = None,
        until: UntilParam = None,
        lang: LangParam = None,
        con=Depends(get_con),
    ) -> dict:
        return _json({"items": call(query.timeline, con, **resolve_actors(con, actor=actor, source=source, target=target),
                                    either=either or None, type=type, country=country, since=since, until=until,
                                    lang=lang)})

    @app.get("/api/network", tags=["chronicle"], summary="Who acts on whom", responses=ERRORS)
    def get_network(
        actor: Optional[str] = Query(None, description="only edges touching this actor: " + ACTOR_DOC),
        type: EventTypeParam = None,
        since: SinceParam = None,
        until: UntilParam = None,
        min_events: int = Query(1, ge=1, le=MAX_OFFSET, description="drop edges with fewer events"),
        top: Optional[int] = Query(None, ge=1, le=100_000, description="only the `top` actors with most events "
                                   "and the relations among them (`total` counts all)"),
        lang: LangParam = None,
        con=Depends(get_con),
    ) -> dict:
        return _json(call(query.network, con, **resolve_actors(con, actor=actor), type=type, since=since,
                          until=until, min_events=min_events, top=top, lang=lang))

    @app.get("/api/places", tags=["chronicle"], summary="Places where events happened", responses=ERRORS)
    def get_places(since: SinceParam = None, until: UntilParam = None, con=Depends(get_con)) -> dict:
        return _json({"items": call(query.places, con, since=since, until=until)})

    @app.get("/api/meta", tags=["meta"], summary="Versions and row counts of the store", responses=ERRORS)
    def get_meta(con=Depends(get_con)) -> dict:
        return _json({"version": __version__, "schema_version": SCHEMA_VERSION, "database": db.name,
                      "counts": call(store.counts, con), "languages": call(query.languages, con)})

    @app.post("/analyze", tags=["analysis"], summary="Analyse one text (not stored)", response_model=Analysis,
              responses=ANALYZE_ERRORS, max_body_size=MAX_ANALYZE_BODY_BYTES)
    async def post_analyze(body: AnalyzeRequest, request: Request) -> Any:
        from .detect_lang import assign

        digest = hashlib.sha256(((body.title or "") + "\x00" + body.text).encode("utf8")).hexdigest()[:16]
        article = assign(Article(id=f"adhoc-{digest}", text=body.text, title=body.title,
                                 published_at=body.published_at, **({"lang": body.lang} if body.lang else {})))
        if isinstance(article, ErrorRecord):  # a language without a pack, given or detected
            raise HTTPException(422, article.error)
        try:
            payload = await analysis.run(article.model_dump(mode="json"), stop=_client_gone(request))
        except QueueFull as exc:
            raise HTTPException(429, str(exc), headers={"Retry-After": str(exc.retry_after)}) from None
        except Stopped:
            return Response(status_code=499)  # nobody is listening; the status is for the access log
        except (TimeLimitExceeded, AnalyserUnavailable, AnalysisFailed) as exc:
            status = 504 if isinstance(exc, TimeLimitExceeded) else 503 if isinstance(exc, AnalyserUnavailable) else 500
            raise HTTPException(status, str(exc)) from None
        return Response(payload, media_type="application/json")

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB_DIR / "index.html", headers={"Cache-Control": "no-cache"})

    app.include_router(ingest_router(runtime.jobs, db, runtime.max_body, runtime.cache_stats))
    app.include_router(actor_router(get_con, call, _json, ERRORS))  # /api/actors/{id}
    app.include_router(charts_router(get_con, call, SinceParam))  # /api/facets, /api/series
    app.include_router(search_router(get_con, _json, ERRORS, SinceParam))  # /api/search
    app.include_router(speakers_router(get_con, call, _json, ERRORS))  # /api/quotes/speakers
    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")
    app.add_middleware(Downloads)  # ?format=csv|json on any read route: its rows as a file
    # outermost: a kept answer is sent before any routing, with the headers it was first sent with
    app.add_middleware(ResponseCache, owner=owner, max_entries=cache_entries, stats=runtime.cache_stats)
    return app


ANALYZE_ERRORS = {
    400: {"description": "the body is not valid JSON (or not UTF-8)"},
    413: {"description": f"the body is larger than {MAX_ANALYZE_BODY_BYTES:,} bytes (refused before it is parsed)"},
    429: {"description": "the analysis queue is full; try again after `Retry-After` seconds",
          "headers": {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}}},
    500: {"description": "the analyser failed on this text (a bug: please report it)"},
    503: {"description": "the analyser is unavailable: model files missing or not loadable, "
                         "a worker process died, or the server is shutting down"},
    504: {"description": "the analysis took longer than the server's time limit and was stopped"},
}


async def _client_gone(request: Request) -> None:
    """Return once the client has closed the connection (its body is read: the next message is the disconnect)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass

