"""Ingest: files in, stored analyses out.

Readers turn plain text, JSONL/JSON, HTML pages (main text, title and date by
trafilatura) and RSS/Atom feeds (feedparser) into a stream of ``Article`` or
``ErrorRecord`` items, each with its origin (file and line). ``ingest`` then
skips what the store already holds (by content hash), analyses the rest with
``kroniek.analyze`` (optionally in a process pool) and writes every article in
its own transaction. Because an article is either fully stored or absent,
re-running an interrupted ingest continues where it stopped.
"""
from __future__ import annotations

import datetime as _dt
import html as _html
import json
import re
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

from pydantic import ValidationError

from .document import Analysis, Article, ErrorRecord

TEXT_EXT = {".txt"}
JSONL_EXT = {".jsonl", ".ndjson"}
JSON_EXT = {".json"}
HTML_EXT = {".html", ".htm"}
FEED_EXT = {".rss", ".atom", ".xml"}
SUPPORTED_EXT = TEXT_EXT | JSONL_EXT | JSON_EXT | HTML_EXT | FEED_EXT

Item = Union[Article, ErrorRecord]


@dataclass
class Read:
    """One item read from the input and where it came from (``file`` or ``file:line``)."""

    item: Item
    origin: str


# --------------------------------------------------------------------- readers

def _error(origin: str, message: str, *, id: Optional[str] = None, line: Optional[int] = None) -> Read:
    return Read(ErrorRecord(id=id, error=message, line=line), origin)


def _article(origin: str, *, line: Optional[int] = None, **fields) -> Read:
    """An Article, or an ErrorRecord saying why the fields do not make one."""
    text = fields.get("text")
    if not isinstance(text, str) or not text.strip():
        return _error(origin, "no text", id=fields.get("id"), line=line)
    try:
        return Read(Article(**{k: v for k, v in fields.items() if v is not None}), origin)
    except ValidationError as exc:
        msg = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return _error(origin, f"invalid article: {msg}", id=fields.get("id"), line=line)


def _date(value) -> Optional[str]:
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        return _dt.datetime.fromtimestamp(value, _dt.timezone.utc).date().isoformat()
    return str(value)


def read_text(path: Path) -> Iterator[Read]:
    """A plain-text file is one article; its id is the file name without extension."""
    try:
        text = path.read_text(encoding="utf8")
    except (UnicodeDecodeError, OSError) as exc:
        yield _error(str(path), f"cannot read text: {exc}", id=path.stem)
        return
    yield _article(str(path), id=path.stem, text=text.strip("\n"))


_JSON_FIELDS = ("id", "title", "text", "published_at", "url", "source", "lang")


def _from_json(obj, origin: str, line: Optional[int], fallback_id: str) -> Read:
    if not isinstance(obj, dict):
        return _error(origin, "not a JSON object", line=line)
    fields = {k: obj.get(k) for k in _JSON_FIELDS}
    fields["id"] = str(fields["id"]) if fields["id"] not in (None, "") else (fields["url"] or fallback_id)
    fields["published_at"] = _date(fields["published_at"] or obj.get("date"))
    return _article(origin, line=line, **fields)


def _jsonl_lines(lines: Iterable[str], name: str) -> Iterator[Read]:
    for n, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        origin = f"{name}:{n}"
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield _error(origin, f"invalid JSON: {exc}", line=n)
            continue
        yield _from_json(obj, origin, n, f"{Path(name).stem}-{n}")


def read_jsonl(path: Path) -> Iterator[Read]:
    """One article per line: id, title, text, published_at, url, source (lang optional)."""
    try:
        f = path.open(encoding="utf8")
    except OSError as exc:
        yield _error(str(path), f"cannot read: {exc}")
        return
    with f:
        yield from _jsonl_lines(f, str(path))


def read_json(path: Path) -> Iterator[Read]:
    """A JSON file: one article object or an array of them."""
    try:
        data = json.loads(path.read_text(encoding="utf8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        yield _error(str(path), f"invalid JSON: {exc}", id=path.stem)
        return
    if isinstance(data, list):
        for n, obj in enumerate(data, 1):
            yield _from_json(obj, f"{path}#{n}", n, f"{path.stem}-{n}")
    else:
        yield _from_json(data, str(path), None, path.stem)


def read_html(path: Path) -> Iterator[Read]:
    """Main text, title, date and canonical URL of a saved web page (trafilatura)."""
    import trafilatura

    try:
        raw = path.read_bytes()
        extracted = trafilatura.extract(raw, output_format="json", with_metadata=True,
                                        include_comments=False, include_tables=False, favor_precision=True)
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken input
        yield _error(str(path), f"cannot parse HTML: {type(exc).__name__}: {exc}", id=path.stem)
        return
    if not extracted:
        yield _error(str(path), "no main text found in HTML", id=path.stem)
        return
    meta = json.loads(extracted)
    url = next((u for u in (meta.get("url"), meta.get("source")) if u and u.startswith("http")), None)
    yield _article(str(path), id=path.stem, text=meta.get("text"), title=meta.get("title"),
                   published_at=meta.get("date"), url=url,
                   source=meta.get("sitename") or meta.get("source-hostname") or meta.get("hostname"))


_BLOCK = re.compile(r"(?i)<\s*(br|/p|/div|/li|/h[1-6])\s*/?>")
_TAG = re.compile(r"<[^>]+>")


def html_to_text(fragment: str) -> str:
    """Feed summaries are small HTML fragments: keep paragraphs, drop tags and entities."""
    text = _html.unescape(_TAG.sub("", _BLOCK.sub("\n\n", fragment)))
    paras = [re.sub(r"[ \t\r\f\v]+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paras if p)


def read_feed(path: Path) -> Iterator[Read]:
    """Each entry of an RSS/Atom file is an article (full content when given, else the summary)."""
    import feedparser

    parsed = feedparser.parse(str(path))
    if not parsed.entries:
        reason = parsed.get("bozo_exception") or "no entries"
        yield _error(str(path), f"not a readable feed: {reason}", id=path.stem)
        return
    source = parsed.feed.get("title")
    for n, e in enumerate(parsed.entries, 1):
        content = e.get("content") or []
        body = content[0].get("value") if content else (e.get("summary") or e.get("description") or "")
        when = e.get("published_parsed") or e.get("updated_parsed")
        published = _dt.datetime(*when[:6]).isoformat() if when else None
        yield _article(f"{path}#{n}", line=n, id=e.get("id") or e.get("link") or f"{path.stem}-{n}",
                       title=html_to_text(e.get("title") or "") or None, text=html_to_text(body or ""),
                       published_at=published, url=e.get("link"), source=source)


READERS: dict[str, Callable[[Path], Iterator[Read]]] = {
    **{x: read_text for x in TEXT_EXT}, **{x: read_jsonl for x in JSONL_EXT},
    **{x: read_json for x in JSON_EXT}, **{x: read_html for x in HTML_EXT},
    **{x: read_feed for x in FEED_EXT},
}


def read_string(data: str, name: str = "stdin") -> Iterator[Read]:
    """Text handed over directly (stdin): JSONL if it starts with a JSON object, else one article."""
    if data.lstrip().startswith("{"):
        yield from _jsonl_lines(data.splitlines(), name)
    else:
        yield _article(name, id=name, text=data.strip("\n"))


def read_paths(paths: Iterable[Union[str, Path]]) -> Iterator[Read]:
    """Files and folders (recursively, in sorted order; unknown extensions in folders are skipped)."""
    for p in map(Path, paths):
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_EXT
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
        elif p.exists():
            files = [p]
        else:
            yield _error(str(p), "no such file or folder")
            continue
        for f in files:
            reader = READERS.get(f.suffix.lower())
            if reader is None:
                yield _error(str(f), f"unsupported file type {f.suffix!r}")
            else:
                yield from reader(f)


# ---------------------------------------------------------------------- ingest

@dataclass
class IngestStats:
    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: int = 0
    seconds: float = 0.0
    error_messages: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return (self.added + self.updated) / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {"read": self.read, "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "errors": self.errors, "seconds": round(self.seconds, 2), "articles_per_s": round(self.rate, 2)}


Analyzer = Callable[[Iterable[Item]], Iterator[Union[Analysis, ErrorRecord]]]


def _default_analyzer(items: Iterable[Item]) -> Iterator[Union[Analysis, ErrorRecord]]:
    from . import analyze

    return analyze.analyze_many(items)


_WORKER_ANALYZER: Optional[Analyzer] = None


def _init_worker(analyzer: Optional[Analyzer], langs: tuple[str, ...]) -> None:
    """Each worker loads the pipeline once; it is cached for every article it gets."""
    global _WORKER_ANALYZER
    _WORKER_ANALYZER = analyzer or _default_analyzer
    if analyzer is None:
        from .nlp import pipeline

        for lang in langs:
            pipeline.load(lang)


def _analyze_in_worker(article: Article) -> Union[Analysis, ErrorRecord]:
    return next(iter((_WORKER_ANALYZER or _default_analyzer)([article])))


def check_models(langs: Iterable[str]) -> None:
    """Fail before the loop, not once per article, when a language's model is missing."""
    from .lang import get_pack

    for lang in set(langs):
        try:
            pack = get_pack(lang)
        except ValueError:
            continue  # those articles become error records
        if not pack.model_path.exists():
            raise FileNotFoundError(f"no model for {lang!r} at {pack.model_path}")


def _analyses(articles: list[Article], analyzer: Optional[Analyzer], workers: int
              ) -> Iterator[Union[Analysis, ErrorRecord]]:
    if workers <= 1:
        yield from (analyzer or _default_analyzer)(articles)
        return
    langs = tuple(sorted({a.lang for a in articles}))
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(analyzer, langs)) as pool:
        try:
            yield from pool.map(_analyze_in_worker, articles, chunksize=1)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def ingest(con, paths: Iterable[Union[str, Path]], *, workers: int = 1, analyzer: Optional[Analyzer] = None,
           progress: bool = True, on_item: Optional[Callable[[str, str], None]] = None) -> IngestStats:
    """Read, skip what is stored, analyse, store each article atomically. Safe to re-run.

    ``analyzer`` (items -> analyses/errors, one per item, in order) replaces the
    trained pipeline, e.g. in tests; ``on_item(status, origin)`` is called after
    each item is settled (``added``/``updated``/``unchanged``/``error``).
    """
    from tqdm import tqdm

    from . import store

    started = time.perf_counter()
    stats = IngestStats()
    reads = list(read_paths(paths))
    stats.read = len(reads)
    stored = store.stored_hashes(con)
    bar = tqdm(total=len(reads), unit="article", desc="ingest", disable=not progress, dynamic_ncols=True)

    def settle(status: str, origin: str, error: Optional[ErrorRecord] = None) -> None:
        if error is not None:
            store.write_error(con, error, origin=origin)
            stats.errors += 1
            stats.error_messages.append(f"{origin}: {error.error}")
        else:
            setattr(stats, status, getattr(stats, status) + 1)
        bar.update(1)
        bar.set_postfix(added=stats.added, updated=stats.updated, unchanged=stats.unchanged, errors=stats.errors,
                        refresh=False)
        if on_item:
            on_item("error" if error is not None else status, origin)

    todo: list[Read] = []
    seen: set[str] = set()
    results: Optional[Iterator] = None
    try:
        for r in reads:
            if isinstance(r.item, ErrorRecord):
                settle("error", r.origin, r.item)
                continue
            h = r.item.content_hash()
            if h in stored or h in seen:
                settle("unchanged", r.origin)
                continue
            seen.add(h)
            todo.append(r)
        if todo and analyzer is None:
            check_models(r.item.lang for r in todo)
        results = _analyses([r.item for r in todo], analyzer, workers)
        for r, result in zip(todo, results):
            if isinstance(result, ErrorRecord):
                settle("error", r.origin, result)
                continue
            try:
                status = store.write_analysis(con, result, origin=r.origin)
            except Exception as exc:  # a record the store cannot take: keep the error, go on
                settle("error", r.origin, ErrorRecord(id=r.item.id, error=f"store: {type(exc).__name__}: {exc}"))
                continue
            settle(status, r.origin)
    finally:
        if results is not None:
            results.close()  # stops a worker pool at once on Ctrl-C
        bar.close()
        stats.seconds = time.perf_counter() - started
    return stats

