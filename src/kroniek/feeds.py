"""Live feeds: poll RSS/Atom feeds, fetch the pages of new items, ingest them in the serving process.

``kroniek serve --watch feeds.txt --every 15m`` runs a ``FeedWatcher``: every
interval it reads the feed list again (one URL a line, ``#`` comments; edits
take effect without a restart), fetches each feed (feedparser), and for every
item the store does not hold yet (by article id or URL; the store is the
memory, so a restart does not ingest anything twice) fetches the item's page
and extracts its main text, title and date (trafilatura), falling back to the
feed's own content or summary. The new items of a feed become one ingest job on
the owner's queue (``server.jobs``), so they are analysed and stored like any
other input and show in the API as soon as each article is committed.
"""
from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import Callable, Optional

log = logging.getLogger("kroniek.feeds")

MAX_FETCH_BYTES = 10 * 2**20
URL_SCHEMES = ("http://", "https://")


def read_feed_list(path: Path) -> list[str]:
    """The feed URLs of a list file (http/https only; blank lines and # comments skipped)."""
    urls = []
    for line in Path(path).read_text(encoding="utf8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.lower().startswith(URL_SCHEMES):
            urls.append(line)
        else:
            log.warning("feed list %s: skipped %r (only http and https URLs)", path, line[:80])
    return urls


def fetch(url: str, timeout: float) -> bytes:
    """The body of a GET, bounded in size and time (raises httpx.HTTPError or ValueError)."""
    import httpx

    with httpx.stream("GET", url, timeout=timeout, follow_redirects=True,
                      headers={"User-Agent": "kroniek feed watcher"}) as r:
        r.raise_for_status()
        body = bytearray()
        for chunk in r.iter_bytes():
            body += chunk
            if len(body) > MAX_FETCH_BYTES:
                raise ValueError(f"{url}: larger than {MAX_FETCH_BYTES} bytes")
    return bytes(body)


def page_fields(html: bytes, url: str) -> dict:
    """Main text, title and date of a news page (trafilatura); {} when it finds no main text."""
    import trafilatura

    try:
        extracted = trafilatura.extract(html, url=url, output_format="json", with_metadata=True,
                                        include_comments=False, include_tables=False, favor_precision=True)
    except Exception:  # trafilatura/lxml raise many kinds on broken pages
        return {}
    if not extracted:
        return {}
    meta = json.loads(extracted)
    return {"text": meta.get("text"), "title": meta.get("title"), "published_at": meta.get("date"),
            "source": meta.get("sitename") or meta.get("hostname")}


class FeedWatcher:
    """Polls the feeds of a list file on an interval in a background thread."""

    def __init__(self, feed_list: Path, every_s: float, submit: Callable[[str, bytes], object],
                 is_stored: Callable[[str, str], bool], *, timeout: float = 20.0):
        self.feed_list = Path(feed_list)
        self.every_s = every_s
        self.submit = submit            # (name, JSONL bytes) -> job
        self.is_stored = is_stored      # (article id, url) -> already in the store?
        self.timeout = timeout
        self._submitted: set[str] = set()  # ids handed over in this process, maybe not stored yet
        self._stop = threading.Event()
        self._thread: Optional[threading.Thread] = None
        self.polls = 0

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="kroniek-feeds", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.poll()
            except Exception:  # a broken list file or feed must not end the watching
                log.exception("feed poll failed")
            self._stop.wait(self.every_s)

    def poll(self) -> list:
        """One round over every feed of the list; returns the jobs submitted."""
        jobs = []
        for url in read_feed_list(self.feed_list):
            if self._stop.is_set():
                break
            try:
                job = self.poll_feed(url)
            except Exception as exc:
                log.warning("feed %s: %s: %s", url, type(exc).__name__, exc)
                continue
            if job is not None:
                jobs.append(job)
        self.polls += 1
        return jobs

    def poll_feed(self, url: str):
        import feedparser

        from .ingest import html_to_text

        parsed = feedparser.parse(fetch(url, self.timeout))
        source = parsed.feed.get("title")
        lines = []
        for e in parsed.entries:
            link = e.get("link") or ""
            article_id = e.get("id") or link
            if not article_id or article_id in self._submitted or self.is_stored(article_id, link):
                continue
            page: dict = {}
            if link.lower().startswith(URL_SCHEMES):
                try:
                    page = page_fields(fetch(link, self.timeout), link)
                except Exception as exc:
                    log.warning("feed %s: page %s: %s", url, link, exc)
            content = e.get("content") or []
            body = content[0].get("value") if content else (e.get("summary") or e.get("description") or "")
            text = page.get("text") or html_to_text(body or "")
            if not text:
                continue  # nothing to read yet: tried again on the next poll
            when = e.get("published_parsed") or e.get("updated_parsed")
            published = (f"{when[0]:04d}-{when[1]:02d}-{when[2]:02d}T{when[3]:02d}:{when[4]:02d}:{when[5]:02d}"
                         if when else page.get("published_at"))
            lines.append({"id": article_id, "url": link or None, "text": text,
                          "title": html_to_text(e.get("title") or "") or page.get("title"),
                          "published_at": published, "source": source or page.get("source")})
            self._submitted.add(article_id)
        if not lines:
            return None
        data = "".join(json.dumps({k: v for k, v in x.items() if v}, ensure_ascii=False) + "\n" for x in lines)
        # the name's extension picks the JSONL reader; origins read '<feed url>#items.jsonl:<n>'
        return self.submit(f"{url}#items.jsonl", data.encode("utf8"))
