"""The explorer's language filter in headless Chromium, on a small Dutch + English store (tests/lang_store.py):
the language select of the filter bars (with facet counts), the articles list with its language column, the
quote browser, and the article page naming its language. Any JavaScript or console error, or a request
leaving the server, fails the test."""
from __future__ import annotations

import time

import httpx
import pytest

from browser_kit import MARKS, launch_chromium, open_view, watch
from lang_store import build_lang_db
from test_api_fixture import serve

pytestmark = MARKS


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    db, _ = build_lang_db(tmp_path_factory.mktemp("web-lang"))
    with serve(db) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with launch_chromium() as b:
        yield b


@pytest.fixture
def page(browser, base_url):
    ctx = browser.new_context(viewport={"width": 1360, "height": 860}, base_url=base_url)
    pg = ctx.new_page()
    problems = watch(pg, base_url)
    yield pg
    ctx.close()
    assert not problems, problems


def _wait_hash(page, part: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while part not in page.evaluate("location.hash"):
        assert time.monotonic() < deadline, page.evaluate("location.hash")
        time.sleep(0.05)
    page.wait_for_selector("body[data-ready='1']", timeout=15000)


def test_articles_show_their_language_and_filter_by_it(page):
    open_view(page, "articles")
    rows = page.locator("table.articles tbody tr")
    assert rows.count() == 3
    assert sorted(page.locator("table.articles td.lang").all_inner_texts()) == ["en", "en", "nl"]
    page.select_option("#f-lang", "en")
    _wait_hash(page, "lang=en")
    assert page.locator("table.articles td.lang").all_inner_texts() == ["en", "en"]
    assert page.get_attribute("table.articles tbody tr a.article-link", "lang") == "en"


def test_timeline_language_select_counts_and_filters_events(page, base_url):
    listed = {lang: httpx.get(f"{base_url}/api/events", params={"lang": lang}).json()["total"] for lang in ("en", "nl")}
    assert all(listed.values())
    open_view(page, "timeline")
    options = {o.get_attribute("value"): o.get_attribute("data-count")
               for o in page.locator("#f-lang option").all() if o.get_attribute("value")}
    assert options == {lang: str(n) for lang, n in listed.items()}  # the count next to a choice is what it lists
    page.select_option("#f-lang", "nl")
    _wait_hash(page, "lang=nl")
    cards = page.locator("article.event")
    assert cards.count() == listed["nl"]
    page.locator("button.linkish").evaluate_all("bs => bs.forEach((b) => b.click())")  # all reports of each card
    assert "nl-1 (nl) · sentence 1" in page.locator(".tl-list").inner_text()


def test_quotes_and_the_article_page_name_the_language(page):
    open_view(page, "quotes?lang=en")
    quotes = page.locator("article.quote")
    assert quotes.count() == 1
    assert quotes.first.locator("blockquote").get_attribute("lang") == "en"
    assert quotes.first.locator(".q-meta .lang").inner_text() == "en"
    assert page.input_value("#f-lang") == "en"
    open_view(page, "article/en-1")
    meta = page.locator(".ameta .alang")
    assert meta.inner_text() == "language: en"
    assert "detected by py3langid" in meta.get_attribute("title")
    assert page.get_attribute(".atext", "lang") == "en"
