"""The explorer's download links in headless Chromium, on the volume store: the CSV and JSON of a
filtered view hold exactly what the view shows, and the links follow the filters."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_kit import MARKS, module_browser, open_view, volume_page  # noqa: F401 (fixtures: browser, page)


pytestmark = MARKS






def downloaded_csv(page) -> tuple[str, list[dict]]:
    """Click the view's CSV link as a user would; return its URL and rows."""
    link = page.locator("p.downloads a.dl-csv").first
    with page.expect_download() as info:
        link.click()
    text = Path(info.value.path()).read_text(encoding="utf8")
    return link.get_attribute("href"), list(csv.DictReader(io.StringIO(text)))


def downloaded_json(page) -> list[dict]:
    href = page.locator("p.downloads a.dl-json").first.get_attribute("href")
    return json.loads(page.request.get(href).text())


def test_timeline_downloads_are_the_events_shown(page):
    open_view(page, "timeline?type=AGREE&country=NLD&since=2019-02-01")
    shown = page.locator("article.event").evaluate_all("els => els.map(e => e.dataset.eventId)")
    assert len(shown) >= 3
    href, rows = downloaded_csv(page)
    q = parse_qs(urlsplit(href).query)
    assert q["type"] == ["AGREE"] and q["country"] == ["NLD"] and q["since"] == ["2019-02-01"]
    assert [r["id"] for r in rows] == shown
    assert all(r["type"] == "AGREE" and r["source_name"] and r["sentence_text"] for r in rows)
    assert [r["id"] for r in downloaded_json(page)] == shown


def test_articles_downloads_follow_the_filter_and_the_page(page):
    open_view(page, "articles?since=2019-02-01&until=2019-03-15&contains=brexit")
    shown = page.locator("a.article-link").evaluate_all(
        "els => els.map(a => decodeURIComponent(a.getAttribute('href').replace('#/article/', '')))")
    assert shown
    _, rows = downloaded_csv(page)
    assert [r["id"] for r in rows] == shown
    assert [r["id"] for r in downloaded_json(page)] == shown


def test_quotes_downloads_are_the_quotes_shown(page):
    open_view(page, "quotes?contains=brexit%20deal")
    shown = page.locator(".quote-list blockquote").all_inner_texts()
    assert len(shown) >= 10
    _, rows = downloaded_csv(page)
    assert [r["text"] for r in rows] == shown
    assert all("brexit deal" in r["text"] for r in rows)


@pytest.mark.parametrize("route,api", [
    ("network?type=AGREE", "/api/network"), ("map?since=2019-03-01", "/api/places"),
    ("counts?type=AID", "/api/facets"), ("search?q=brexit", "/api/search"),
])
def test_every_view_offers_its_rows_as_files(page, route, api):
    open_view(page, route)
    href = page.locator("p.downloads a.dl-csv").first.get_attribute("href")
    assert href.startswith(api + "?") and "format=csv" in href
    key, value = route.split("?")[1].split("=")
    assert parse_qs(urlsplit(href).query)[key] == [value]
    r = page.request.get(href)
    assert r.ok and r.headers["content-type"].startswith("text/csv") and len(r.text().splitlines()) > 1
