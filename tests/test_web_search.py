"""Search and paging in headless Chromium, on the 200+-article volume store (fixtures of test_web:
any JavaScript or console error, or a request leaving the server, fails the test)."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from volume_store import VOLUME_FACTS

from test_paging import unknown_url  # noqa: F401 (fixture: the volume store with unknown speakers)
from test_web import CHROMIUM, browser, open_view, page  # noqa: F401 (fixtures)

SCREENSHOT = Path(__file__).resolve().parents[1] / "docs" / "search.png"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed (make browser)"),
]


@pytest.fixture(scope="module")
def base_url(unknown_url):
    return unknown_url


def _wait_ready_after(page, part: str, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while part not in page.evaluate("location.hash"):
        assert time.monotonic() < deadline, page.evaluate("location.hash")
        time.sleep(0.05)
    page.wait_for_selector("body[data-ready='1']", timeout=15000)


def test_phrase_search_shows_the_hit_highlighted_in_its_sentence(page):
    open_view(page, "search")
    page.fill("input[name=q]", '"Brexit deal"')
    page.press("input[name=q]", "Enter")
    _wait_ready_after(page, "q=")
    page.click(".search-kinds a[data-kind=quote]")
    _wait_ready_after(page, "kind=quote")
    assert page.get_attribute(".search-total", "data-total") == str(VOLUME_FACTS["brexit_deal_quotes"])
    hits = page.locator(".search-hits li.hit")
    assert hits.count() == min(20, VOLUME_FACTS["brexit_deal_quotes"])
    first = hits.first
    assert first.locator("mark").first.inner_text().lower() == "brexit deal"
    context = first.locator(".hit-context").inner_text()
    assert "brexit deal" in context.lower() and len(context) > len("brexit deal")
    page.screenshot(path=str(SCREENSHOT), full_page=False)
    # the hit links to its sentence in the article view
    first.locator("a.hit-link").click()
    _wait_ready_after(page, "#/article/")


def test_query_markup_is_shown_as_text(page):
    open_view(page, 'search?q=' + "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E%20OR%20brexit")
    assert page.input_value("input[name=q]") == "<img src=x onerror=alert(1)> OR brexit"  # kept as typed, as text
    assert page.locator(".view-search img").count() == 0
    assert page.locator(".search-hits mark").count() > 0  # the words of the query still search


def test_paging_through_all_quotes_reaches_the_total(page):
    open_view(page, "quotes")
    total = int(page.get_attribute(".quote-list .pager", "data-total"))
    assert total == VOLUME_FACTS["quotes"] > 200
    seen = page.locator(".quote-list article.quote").count()
    pages = 1
    while page.locator(".quote-list .pager a.next").count():
        page.locator(".quote-list .pager a.next").first.click()
        _wait_ready_after(page, f"offset={seen}")
        seen += page.locator(".quote-list article.quote").count()
        pages += 1
    assert seen == total and pages == -(-total // 100)
    # the speaker counts come from all quotes; "unknown speaker" lists exactly the quotes without one
    unknown = page.locator("nav.speakers a.unknown")
    n_unknown = int(unknown.locator(".n").inner_text())
    unknown.click()
    _wait_ready_after(page, "no_speaker=1")
    assert int(page.get_attribute(".quote-list .pager", "data-total")) == n_unknown
    assert set(page.locator(".quote-list a.speaker").all_inner_texts()) == {"unknown speaker"}
