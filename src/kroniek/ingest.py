"""Ingest: files in, stored analyses out.

Readers turn plain text, JSONL/JSON, HTML pages (main text, title and date by
trafilatura) and RSS/Atom feeds (feedparser) into a stream of ``Article`` or
``ErrorRecord`` items, each with its origin (file and line); Parquet files of
``kroniek analyze --format parquet`` give analyses. ``ingest`` reads lazily, skips
what the store already holds (by content hash), analyses the rest with
``kroniek.analyze`` (here, in a process pool, or on a Dask cluster: ``kroniek.scale``)
and writes the results in input order, a batch per transaction (``kroniek.store.batch``).
Because an article is either fully stored or absent, re-running an interrupted
ingest continues where it stopped.
"""
from __future__ import annotations

import codecs
import datetime as _dt
import html as _html
import json
import multiprocessing
import re
import time
from collections import deque
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
PARQUET_EXT = {".parquet"}  # analyses written by `kroniek analyze --format parquet`: stored without analysing
SUPPORTED_EXT = TEXT_EXT | JSONL_EXT | JSON_EXT | HTML_EXT | FEED_EXT | PARQUET_EXT

Item = Union[Article, ErrorRecord]


@dataclass
class Read:
    """One item read from the input, where it came from (``file`` or ``file:line``) and the
    character encoding its file was decoded from. Parquet input gives analyses, not articles."""

    item: Union[Article, ErrorRecord, Analysis]
    origin: str
    encoding: str = ""


# --------------------------------------------------------------------- readers

MAX_ID = 500  # characters; the API's limit for ids in paths
MIN_YEAR, MAX_YEAR = 1800, 2100  # a publication date outside these is an input error
URL_SCHEMES = ("http://", "https://")


def _error(origin: str, message: str, *, id: Optional[str] = None, line: Optional[int] = None) -> Read:
    return Read(ErrorRecord(id=(id[:MAX_ID] if isinstance(id, str) else id), error=message, line=line), origin)


def _field_problem(fields: dict) -> Optional[str]:
    """Why these fields cannot be an article's (one line), or None."""
    text = fields.get("text")
    if not isinstance(text, str) or not text.strip():
        return "no text"
    for key in ("id", "title", "published_at", "url", "source", "lang"):
        v = fields.get(key)
        if v is not None and not isinstance(v, str):
            return f"{key} must be a string, not {type(v).__name__}"
    if len(fields.get("id") or "") > MAX_ID:
        return f"id longer than {MAX_ID} characters"
    url = fields.get("url")
    if url and not url.lower().startswith(URL_SCHEMES):
        return f"url {url[:60]!r}: only http and https addresses are kept"
    when = fields.get("published_at")
    if when:
        try:
            day = _dt.date.fromisoformat(when[:10])
        except ValueError:
            return f"published_at {when[:40]!r} is not a date (YYYY-MM-DD, optionally with a time)"
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            return f"published_at {when[:40]!r} is outside {MIN_YEAR}-{MAX_YEAR}"
    return None


def _article(origin: str, *, line: Optional[int] = None, **fields) -> Read:
    """An Article, or an ErrorRecord saying why the fields do not make one."""
    problem = _field_problem(fields)
    if problem:
        return _error(origin, problem, id=fields.get("id") if isinstance(fields.get("id"), str) else None, line=line)
    try:
        return Read(Article(**{k: v for k, v in fields.items() if v is not None}), origin)
    except ValidationError as exc:
        msg = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return _error(origin, f"invalid article: {msg}", id=fields.get("id"), line=line)


def _date(value) -> Optional[str]:
    """An ISO date string from a JSON value (a Unix timestamp in seconds is accepted)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        try:
            return _dt.datetime.fromtimestamp(value, _dt.timezone.utc).date().isoformat()
        except (ValueError, OverflowError, OSError):
            return f"timestamp {value}"  # refused by _field_problem with the value in the message
    return str(value)


def decode(raw: bytes) -> tuple[Optional[str], str]:
    """A file's text and its encoding: UTF-8 (a byte-order mark dropped), UTF-16 with a byte-order
    mark, else what charset-normalizer detects (latin-1, cp1252, ...); (None, '') for binary data."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    # Western European news that is not UTF-8 is nearly always Windows-1252 (a superset of latin-1's
    # printable range); binary data decodes to many control characters there and is refused
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _mostly_text(text):
        return text, "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None or not _mostly_text(str(best)):
        return None, ""
    return str(best), best.encoding


def _mostly_text(text: str) -> bool:
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f")
    return controls <= len(text) / 100


def _read_decoded(path: Path) -> tuple[Optional[str], str, Optional[str]]:
    """(text, encoding, problem) of a file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, "", f"cannot read: {exc.strerror or exc}"
    text, encoding = decode(raw)
    if text is None:
        return None, "", "not text: no character encoding fits (binary data?)"
    if "\x00" in text:
        return None, encoding, "not text: contains NUL characters (binary data?)"
    return text, encoding, None


def read_text(path: Path) -> Iterator[Read]:
    """A plain-text file is one article; its id is the file name without extension."""
    text, encoding, problem = _read_decoded(path)
    if problem:
        yield _error(str(path), problem, id=path.stem)
        return
    r = _article(str(path), id=path.stem, text=text.strip("\n"))
    r.encoding = encoding
    yield r


_JSON_FIELDS = ("id", "title", "text", "published_at", "url", "source", "lang")


def _from_json(obj, origin: str, line: Optional[int], fallback_id: str) -> Read:
    if not isinstance(obj, dict):
        return _error(origin, "not a JSON object", line=line)
    fields = {k: obj.get(k) for k in _JSON_FIELDS}
    if isinstance(fields["id"], (int, float)) and not isinstance(fields["id"], bool):
        fields["id"] = str(fields["id"])
    if fields["id"] in (None, ""):
        fields["id"] = fields["url"] if isinstance(fields["url"], str) and fields["url"] else fallback_id
    fields["published_at"] = _date(fields["published_at"] or obj.get("date"))
    return _article(origin, line=line, **fields)


def _jsonl_lines(lines: Iterable[str], name: str) -> Iterator[Read]:
    for n, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        origin = f"{name}:{n}"
        try:
            obj = json.loads(raw)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield _error(origin, f"invalid JSON: {exc}", line=n)
            continue
        yield _from_json(obj, origin, n, f"{Path(name).stem}-{n}")


def read_jsonl(path: Path) -> Iterator[Read]:
    """One article per line: id, title, text, published_at, url, source (lang optional).

    The file is decoded as a whole (UTF-8, else its detected encoding); a line that is no JSON
    object, or whose fields make no article, is an error of its own and the other lines go on."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield _error(str(path), f"cannot read: {exc.strerror or exc}")
        return
    lines, encoding = _decode_lines(raw)
    if lines is None:
        yield _error(str(path), "not text: no character encoding fits (binary data?)")
        return
    for r in _jsonl_lines(lines, str(path)):
        r.encoding = encoding
        yield r


def _decode_lines(raw: bytes) -> tuple[Optional[list[str]], str]:
    """The lines of a line-based file: UTF-8 line by line, so that one bad byte costs one line; the
    lines that are not UTF-8 in the encoding detected on them together (latin-1, cp1252, ...)."""
    if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        text, enc = decode(raw)
        return (text.splitlines(), enc) if text is not None else (None, "")
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    parts = raw.split(b"\n")
    out: list[Optional[str]] = []
    bad: list[int] = []
    for i, b in enumerate(parts):
        try:
            out.append(b.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(None)
            bad.append(i)
    if not bad:
        return [x.rstrip("\r") for x in out], "utf-8"
    text, enc = decode(b"\n".join(parts[i] for i in bad))
    if text is None or "\x00" in text:
        if len(bad) == len(parts):
            return None, ""
        # lines no encoding fits stay as markers that fail as JSON, each an error of its own
        fixed = iter(["\ufffd"] * len(bad))
    else:
        fixed = iter(text.split("\n"))
    for i in bad:
        out[i] = next(fixed, "\ufffd")
    return [x.rstrip("\r") for x in out], enc if len(bad) == len(parts) else f"utf-8 ({len(bad)} lines {enc})"


def read_json(path: Path) -> Iterator[Read]:
    """A JSON file: one article object or an array of them."""
    text, encoding, problem = _read_decoded(path)
    if problem:
        yield _error(str(path), problem, id=path.stem)
        return
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
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


def read_parquet(path: Path) -> Iterator[Read]:
    """Analyses (and error records) that `kroniek analyze --format parquet` wrote (``kroniek.scale.parquet``),
    with the origin each article was first read from."""
    from .scale.parquet import read_part

    try:
        for record, origin in read_part(path):
            yield Read(record, origin)
    except Exception as exc:  # pyarrow and pydantic raise many kinds on files of another layout
        yield _error(str(path), f"not a kroniek analyses file: {type(exc).__name__}: {str(exc)[:200]}")


READERS: dict[str, Callable[[Path], Iterator[Read]]] = {
    **{x: read_text for x in TEXT_EXT}, **{x: read_jsonl for x in JSONL_EXT},
    **{x: read_json for x in JSON_EXT}, **{x: read_html for x in HTML_EXT},
    **{x: read_feed for x in FEED_EXT}, **{x: read_parquet for x in PARQUET_EXT},
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
    duplicates: int = 0  # the text of a stored article under another id: recorded, not analysed again
    errors: int = 0
    seconds: float = 0.0
    write_seconds: float = 0.0  # of ``seconds``: storing (batch writes and error records), the rest is reading and waiting for analyses
    error_messages: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. files decoded from another encoding than UTF-8

    @property
    def rate(self) -> float:
        return (self.added + self.updated) / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {"read": self.read, "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "duplicates": self.duplicates, "errors": self.errors, "seconds": round(self.seconds, 2), "write_seconds": round(self.write_seconds, 2), "articles_per_s": round(self.rate, 2),
                "error_messages": self.error_messages, "notes": self.notes}


Analyzer = Callable[[Iterable[Item]], Iterator[Union[Analysis, ErrorRecord]]]

WRITE_BATCH = 64
"""Analysed articles per store transaction (fewer when the analysis is slower than the writer)."""

FLUSH_SECONDS = 2.0
"""While analyses come from other processes, what has waited this long is written even if the batch is not
full: an interrupted run loses at most the last seconds of work, and small batches (each costs a commit and
a dozen inserts) stay rare."""

READ_AHEAD = 1000
"""Input items read before their analysis starts: what needs none (errors, reruns, duplicates) is
settled first, as in a run that reads everything, while memory stays bounded on any input size."""


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


def _analyze_in_worker(batch: list[Item]) -> list[Union[Analysis, ErrorRecord]]:
    return list((_WORKER_ANALYZER or _default_analyzer)(batch))


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


def _pool_analyses(items: Iterable[Item], analyzer: Optional[Analyzer], workers: int,
                   before_wait: Callable[[], None]) -> Iterator[Union[Analysis, ErrorRecord]]:
    """``--workers N``: a local process pool, batches of articles, a bounded window, results in order."""
    from .scale.windowed import BATCH_SIZE, batched, in_order

    # spawned, not forked: the parent holds DuckDB's and Arrow's threads, which a forked child must not inherit
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(analyzer, ("nl",)),
                             mp_context=spawn) as pool:
        try:
            for results in in_order(lambda b: pool.submit(_analyze_in_worker, b), batched(items, BATCH_SIZE),
                                    2 * workers, before_wait):
                yield from results
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def ingest(con, paths: Iterable[Union[str, Path]], *, workers: int = 1, analyzer: Optional[Analyzer] = None,
           progress: bool = True, on_item: Optional[Callable[[str, str], None]] = None,
           client=None, batch_size: Optional[int] = None, write_batch: int = WRITE_BATCH,
           lang: Optional[str] = None) -> IngestStats:
    """Read lazily, skip what is stored, analyse, store in batches. Safe to re-run.

    An article's language is its input's ``lang``, else ``lang``, else detected
    (``kroniek.detect_lang``); one in a language without a pack is an error record.

    ``analyzer`` (items -> analyses/errors, one per item, in order) replaces the
    trained pipeline, e.g. in tests; ``on_item(status, origin)`` is called after
    each item is settled (``added``/``updated``/``unchanged``/``error``).
    ``workers`` > 1 analyses in a local process pool; ``client`` (a Dask client,
    see ``kroniek.scale.cluster``) on a Dask cluster, ``batch_size`` articles per task.
    Parquet analyses (``kroniek analyze --format parquet``) are stored without analysing.
    Analysed articles are written ``write_batch`` at a time, each batch in one
    transaction (``store.batch``), and always in input order.
    """
    from tqdm import tqdm

    from . import store
    from .detect_lang import assign_read
    from .scale.windowed import batched
    from .store.batch import BatchWriter

    started = time.perf_counter()
    stats = IngestStats()
    decoded: dict[str, str] = {}
    stored = store.stored_keys(con)
    writer = BatchWriter(con)
    bar = tqdm(unit="article", desc="ingest", disable=not progress, dynamic_ncols=True)

    def settle(status: str, origin: str, error: Optional[ErrorRecord] = None) -> None:
        if error is not None:
            store.write_error(con, error, origin=origin)
            stats.errors += 1
            stats.error_messages.append(f"{origin}: {error.error}")
        else:
            setattr(stats, status, getattr(stats, status) + 1)
        bar.update(1)
        bar.set_postfix(added=stats.added, updated=stats.updated, unchanged=stats.unchanged,
                        duplicates=stats.duplicates, errors=stats.errors, refresh=False)
        if on_item:
            on_item("error" if error is not None else status, origin)

    pending: list[tuple[Read, Union[Analysis, ErrorRecord]]] = []  # analysed, not yet written
    pending_since = [0.0]  # when the oldest of them came back

    def flush() -> None:
        if not pending:
            return
        began = time.perf_counter()
        try:
            write(pending)
        finally:
            stats.write_seconds += time.perf_counter() - began

    def write(pending_now: list) -> None:
        done = list(pending_now)
        pending_now.clear()
        statuses = iter(writer.write([(res, r.origin) for r, res in done if isinstance(res, Analysis)]))
        for r, res in done:
            if isinstance(res, ErrorRecord):
                settle("error", r.origin, res)
                continue
            status = next(statuses)
            if isinstance(status, Exception):  # a record the store cannot take: keep the error, go on
                settle("error", r.origin, ErrorRecord(id=r.item.id, error=f"store: {type(status).__name__}: {status}"))
            else:
                settle(status, r.origin)

    seen: dict[str, tuple[str, str]] = {}  # hash -> (doc_key, id) of the first article read with it in this run
    in_flight: deque[Read] = deque()  # sent to the analysis, result not yet back (input order)
    checked_langs: set[str] = set()
    serial = client is None and workers <= 1

    def settled_or_todo(r: Read) -> Optional[Read]:
        """Settle what needs no analysis (errors, reruns, duplicates, Parquet analyses); return the rest."""
        stats.read += 1
        if r.encoding and r.encoding != "utf-8":
            decoded.setdefault(r.origin.split(":")[0].split("#")[0], r.encoding)
        if isinstance(r.item, ErrorRecord):
            settle("error", r.origin, r.item)
            return None
        if isinstance(r.item, Analysis):  # analysed elsewhere (Parquet): straight to the writer
            pending.append((r, r.item))
            if len(pending) >= write_batch:
                flush()
            return None
        h = r.item.content_hash()
        first = stored.get(h) or seen.get(h)
        if first is not None:
            # the same title and text again: a rerun (same doc key: url, else id) changes nothing; under
            # another it is a duplicate, recorded with a pointer to the article it repeats
            if first[0] != store.doc_key(r.item) and store.write_duplicate(con, r.item.id, h, of_id=first[1],
                                                                           origin=r.origin):
                settle("duplicates", r.origin)
            else:
                settle("unchanged", r.origin)
            return None
        # the language is settled only for what is analysed (a rerun of a large input detects nothing)
        if isinstance(assign_read(r, lang).item, ErrorRecord):
            settle("error", r.origin, r.item)
            return None
        seen[h] = (store.doc_key(r.item), r.item.id)
        return r

    def to_analyse() -> Iterator[Article]:
        """The articles that need analysis, read lazily ``READ_AHEAD`` items at a time."""
        for chunk in batched(read_paths(paths), READ_AHEAD):
            todo = [r for r in map(settled_or_todo, chunk) if r is not None]
            if analyzer is None and client is None:
                new_langs = {r.item.lang for r in todo} - checked_langs
                check_models(new_langs)
                checked_langs.update(new_langs)
            for r in todo:
                if serial:
                    # the analysis asks for more input only when it has handed back all it had: write that
                    # first, so an interrupted run loses at most what is being analysed now
                    flush()
                in_flight.append(r)
                yield r.item

    def flush_if_old() -> None:
        """Called while the oldest task is still running: write what has waited long enough."""
        if pending and time.perf_counter() - pending_since[0] >= FLUSH_SECONDS:
            flush()

    if client is not None:
        from .scale.cluster import BATCH_SIZE, ClusterAnalyzer

        results = ClusterAnalyzer(client, analyzer, batch_size=batch_size or BATCH_SIZE).stream(
            to_analyse(), before_wait=flush_if_old)
    elif workers > 1:
        results = _pool_analyses(to_analyse(), analyzer, workers, flush_if_old)
    else:
        results = (analyzer or _default_analyzer)(to_analyse())
    try:
        for result in results:
            if not pending:
                pending_since[0] = time.perf_counter()
            pending.append((in_flight.popleft(), result))
            if len(pending) >= write_batch:
                flush()
        flush()
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()  # stops a worker pool at once on Ctrl-C
        bar.close()
        stats.notes += [f"{f}: decoded as {enc}" for f, enc in decoded.items()]
        stats.seconds = time.perf_counter() - started
    if con is not None:
        from .search import ensure_index

        ensure_index(con)  # the search index covers every stored article once an ingest returns
    return stats
