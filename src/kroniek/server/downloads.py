"""Downloads: any read route of the API as a CSV or JSON file of exactly the rows it answers.

Why a middleware: every list route (and the ones added later) takes its own
filters; ``?format=csv`` (or ``json``) on the same URL runs the same route with
the same filters and paging, then writes its rows as a table. So a page's
download link is its own request plus one parameter, and cannot drift from what
the page shows. Columns are fixed per route (``COLUMNS``), whatever the rows,
with names next to ids (``source_id``, ``source_name``); a route without an
entry gets its rows flattened (nested objects as ``a_b``, lists joined by ``; ``).
The JSON download holds the same flat rows as the CSV.

``&rows=all`` downloads the whole filtered view instead of the page shown: the middleware asks the
route for page after page (its own ``limit``/``offset`` replaced) until ``next_offset`` is null, and
streams each page's rows as it comes, so a list of 7,000 quotes needs no 7,000-row answer in memory
(at most ``MAX_ALL_ROWS`` rows; the search route pages at most 10,100 hits deep).
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any, Callable, Optional
from urllib.parse import parse_qsl, urlencode

FORMATS = ("csv", "json")
MAX_ALL_ROWS = 1_000_000
ALL_PAGE = {"/api/search": 100}  # the page size used for rows=all (default: DEFAULT_ALL_PAGE), the route's maximum
DEFAULT_ALL_PAGE = 1000


def _first_mention(e: dict) -> dict:
    return (e.get("mentions") or [{}])[0]


def _actor(e: dict, side: str, field: str) -> Any:
    return (e.get(side) or {}).get(field)


EVENT_COLUMNS: dict[str, Callable[[dict], Any]] = {
    "id": lambda e: e.get("id"),
    "date": lambda e: e.get("date"),
    "type": lambda e: e.get("type"),
    "mode": lambda e: e.get("mode"),
    "quad_class": lambda e: e.get("quad_class"),
    "negated": lambda e: e.get("negated"),
    "source_id": lambda e: _actor(e, "source", "id"),
    "source_name": lambda e: _actor(e, "source", "name"),
    "source_country": lambda e: _actor(e, "source", "country"),
    "target_id": lambda e: _actor(e, "target", "id"),
    "target_name": lambda e: _actor(e, "target", "name"),
    "target_country": lambda e: _actor(e, "target", "country"),
    "place": lambda e: (e.get("place") or {}).get("name"),
    "place_country": lambda e: (e.get("place") or {}).get("country"),
    "confidence": lambda e: e.get("confidence"),
    "n_mentions": lambda e: e.get("n_mentions"),
    "n_articles": lambda e: e.get("n_articles"),
    "article_id": lambda e: _first_mention(e).get("article_id"),
    "published_at": lambda e: _first_mention(e).get("published_at"),
    "sentence": lambda e: _first_mention(e).get("sentence"),
    "sentence_text": lambda e: _first_mention(e).get("sentence_text"),
}


def _keys(*names: str, **renamed: str) -> dict[str, Callable[[dict], Any]]:
    """Columns taken from the row's own keys (``renamed``: column -> key)."""
    out = {n: (lambda r, n=n: r.get(n)) for n in names}
    out.update({col: (lambda r, k=k: r.get(k)) for col, k in renamed.items()})
    return out


QUOTE_COLUMNS = {**_keys("id", "article_id", "published_at"), **_keys(speaker_id="speaker_actor"),
                 **_keys("speaker", "cue", "kind", "text", "sentence", "sentence_text", "confidence", "lang")}
ACTOR_COLUMNS = {**_keys("id", "name", "type", "country", "role"),
                 "aliases": lambda r: "; ".join(r.get("aliases") or []),
                 **_keys("n_mentions", "n_articles", "n_events")}
ARTICLE_COLUMNS = _keys("id", "title", "published_at", "source", "url", "version", "n_entities", "n_quotes",
                        "n_events", "lang")
TIMELINE_COLUMNS = {**_keys("date", "n_events", "n_cooperative", "n_conflictual"),
                    "top_events": lambda r: "; ".join(
                        f"{e.get('type')} {e.get('source') or '?'} -> {e.get('target') or '?'}"
                        for e in r.get("top_events") or [])}

PLACE_COLUMNS = {**_keys("name", "latitude", "longitude", "country", "n_events", "n_cooperative", "n_conflictual"),
                 "event_ids": lambda r: "; ".join(r.get("event_ids") or [])}

SEARCH_COLUMNS = {**_keys("kind", "id", "score", "date", "article_id", "title", "published_at", "lang", "type",
                         "mode", "quad_class"),
                  "source_id": lambda r: _actor(r, "source", "id") if isinstance(r.get("source"), dict) else None,
                  "source_name": lambda r: _actor(r, "source", "name") if isinstance(r.get("source"), dict) else None,
                  "target_id": lambda r: _actor(r, "target", "id"),
                  "target_name": lambda r: _actor(r, "target", "name"),
                  **_keys(speaker_id="speaker_actor"), **_keys("speaker", "url"),
                  "outlet": lambda r: r.get("source") if isinstance(r.get("source"), str) else None,
                  "sentence": lambda r: (r.get("snippet") or {}).get("sentence"),
                  "snippet": lambda r: (r.get("snippet") or {}).get("text")}

# path -> (where the rows are in the answer, the columns); other engineers' routes may add theirs here
COLUMNS: dict[str, tuple[Optional[str], dict[str, Callable[[dict], Any]]]] = {
    "/api/events": ("items", EVENT_COLUMNS),
    "/api/quotes": ("items", QUOTE_COLUMNS),
    "/api/actors": ("items", ACTOR_COLUMNS),
    "/api/articles": ("items", ARTICLE_COLUMNS),
    "/api/timeline": (None, TIMELINE_COLUMNS),
    "/api/places": (None, PLACE_COLUMNS),
    "/api/search": ("items", SEARCH_COLUMNS),
}


def _network_rows(answer: dict) -> list[dict]:
    """The network as its edges, with both actors' names beside their ids."""
    names = {n["id"]: n.get("name") for n in answer.get("nodes", [])}
    return [{"source_id": e.get("source"), "source_name": names.get(e.get("source")), "target_id": e.get("target"),
             "target_name": names.get(e.get("target")), "n_events": e.get("n_events"),
             "n_cooperative": e.get("n_cooperative"), "n_conflictual": e.get("n_conflictual"),
             "types": "; ".join(f"{k}:{v}" for k, v in (e.get("types") or {}).items())}
            for e in answer.get("edges", [])]


def _cell(v: Any) -> Any:
    if isinstance(v, list):
        return "; ".join(str(_cell(x)) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return v


def _flatten(row: Any, prefix: str = "") -> dict:
    if not isinstance(row, dict):
        return {prefix or "value": _cell(row)}
    out: dict = {}
    for k, v in row.items():
        if isinstance(v, dict):
            out.update(_flatten(v, f"{prefix}{k}_"))
        else:
            out[f"{prefix}{k}"] = _cell(v)
    return out


def table(path: str, answer: Any) -> tuple[list[str], list[dict]]:
    """(columns, flat rows) of one route's JSON answer."""
    if path == "/api/network" and isinstance(answer, dict):
        rows = _network_rows(answer)
        return ["source_id", "source_name", "target_id", "target_name", "n_events", "n_cooperative",
                "n_conflictual", "types"], rows
    if path == "/api/facets" and isinstance(answer, dict):  # one row per facet value
        rows = [{"facet": k, "value": x.get("value"), "label": x.get("label"), "n": x.get("n")}
                for k, v in answer.items() if isinstance(v, list) for x in v if isinstance(x, dict)]
        return ["facet", "value", "label", "n"], rows
    key, cols = COLUMNS.get(path, (None, None))
    if isinstance(answer, dict) and "items" in answer:
        items = answer["items"]
    elif isinstance(answer, list):
        items = answer
    elif key and isinstance(answer, dict):
        items = answer.get(key, [])
    else:
        items = [answer]
    if cols is not None:
        return list(cols), [{c: _cell(f(r)) for c, f in cols.items()} for r in items]
    rows = [_flatten(r) for r in items]
    columns: list[str] = []
    for r in rows:
        columns += [c for c in r if c not in columns]
    return columns, [{c: r.get(c) for c in columns} for r in rows]


def render(path: str, answer: Any, fmt: str) -> bytes:
    columns, rows = table(path, answer)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1).encode("utf8")
    return _csv_rows(columns, rows, header=True)


def _csv_rows(columns: list[str], rows: list[dict], header: bool) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    if header:
        w.writeheader()
    w.writerows({c: ("" if v is None else v) for c, v in r.items()} for r in rows)
    return buf.getvalue().encode("utf8")


def _json_rows(rows: list[dict], first: bool) -> bytes:
    """Rows of a JSON array written a page at a time: "[" before the first, "," between them."""
    parts = [("[\n" if first and i == 0 else ",\n") + json.dumps(r, ensure_ascii=False) for i, r in enumerate(rows)]
    return "".join(parts).encode("utf8")


def filename(path: str, fmt: str) -> str:
    name = path.strip("/").replace("api/", "", 1).replace("/", "-") or "answer"
    return f"kroniek-{name}.{fmt}"


class Downloads:
    """ASGI middleware: ``GET /api/...?format=csv|json`` answers the route's rows as a file."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") != "GET" or not scope.get("path", "").startswith("/api/"):
            return await self.app(scope, receive, send)
        pairs = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        fmt = [v for k, v in pairs if k == "format"]
        if not fmt:
            return await self.app(scope, receive, send)
        if fmt[-1] not in FORMATS:
            msg = f"format {fmt[-1][:40]!r} is not one of csv, json"
            return await _send_json(send, 422, {"detail": [{"loc": ["query", "format"], "type": "value_error",
                                                            "msg": msg}]})
        rows_all = [v for k, v in pairs if k == "rows"]
        if rows_all and rows_all[-1] != "all":
            msg = f"rows {rows_all[-1][:40]!r}: only 'all' (the whole filtered view; left out: the page asked for)"
            return await _send_json(send, 422, {"detail": [{"loc": ["query", "rows"], "type": "value_error",
                                                            "msg": msg}]})
        drop = {"format", "rows", "limit", "offset"} if rows_all else {"format"}
        kept = [(k, v) for k, v in pairs if k not in drop]
        size = ALL_PAGE.get(scope["path"], DEFAULT_ALL_PAGE)

        def page_scope(offset: Optional[int]) -> dict:
            extra = [] if offset is None else [("limit", str(size)), ("offset", str(offset))]
            return dict(scope, query_string=urlencode(kept + extra).encode("latin-1"))

        start, body = await self._answer(page_scope(0 if rows_all else None), receive)
        headers = dict(start.get("headers") or [])
        if start.get("status") != 200 or not headers.get(b"content-type", b"").startswith(b"application/json"):
            await send(start)  # errors (422, 404, 503) and non-JSON answers pass unchanged
            return await send({"type": "http.response.body", "body": body})
        answer = json.loads(body)
        media = b"text/csv; charset=utf-8" if fmt[-1] == "csv" else b"application/json"
        head = [(b"content-type", media),
                (b"content-disposition", f'attachment; filename="{filename(scope["path"], fmt[-1])}"'.encode()),
                *[(k, v) for k, v in start.get("headers", []) if k.startswith(b"x-") or k == b"cache-control"]]
        paged = isinstance(answer, dict) and "next_offset" in answer and isinstance(answer.get("items"), list)
        if not (rows_all and paged):
            out = render(scope["path"], answer, fmt[-1])
            await send({"type": "http.response.start", "status": 200,
                        "headers": [*head, (b"content-length", str(len(out)).encode())]})
            return await send({"type": "http.response.body", "body": out})
        # the whole filtered view, a page at a time
        await send({"type": "http.response.start", "status": 200, "headers": head})
        n, first = 0, True
        while True:
            columns, rows = table(scope["path"], answer)
            rows = rows[:MAX_ALL_ROWS - n]
            chunk = _csv_rows(columns, rows, header=first) if fmt[-1] == "csv" else _json_rows(rows, first and n == 0)
            if fmt[-1] == "json" and first and not rows:
                chunk = b"["
            first = False
            n += len(rows)
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
            nxt = answer.get("next_offset")
            if nxt is None or n >= MAX_ALL_ROWS or not answer["items"]:
                break
            start, body = await self._answer(page_scope(int(nxt)), receive)
            if start.get("status") != 200:  # the store changed or failed mid-way: the file ends here
                break
            answer = json.loads(body)
        await send({"type": "http.response.body", "body": b"\n]\n" if fmt[-1] == "json" else b""})

    async def _answer(self, scope, receive) -> tuple[dict, bytes]:
        """The route's own answer to ``scope`` (status line and whole body)."""
        start: dict = {}
        body = bytearray()

        async def capture(message):
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                body.extend(message.get("body", b""))

        await self.app(scope, receive, capture)
        return start, bytes(body)


async def _send_json(send, status: int, content: Any) -> None:
    data = json.dumps(content).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]})
    await send({"type": "http.response.body", "body": data})
