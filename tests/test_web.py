"""The web explorer in headless Chromium (Debian's), against the fixture store.

Each test fails on any JavaScript error or console error; the article with
markup in its text must show that markup as text and never run it.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser_kit import CHROMIUM, MARKS, launch_chromium, open_view, watch  # noqa: F401 (CHROMIUM: re-exported)
from test_api_fixture import ARTICLES, XSS_IMG, XSS_SCRIPT, XSS_TITLE, build_db, serve

SCREENSHOT = Path(__file__).resolve().parents[1] / "docs" / "screenshot.png"

pytestmark = MARKS


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    db = build_db(tmp_path_factory.mktemp("web") / "fixture.duckdb")
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
    problems = watch(pg, base_url)  # nothing but the server itself may be asked for anything
    yield pg
    ctx.close()
    assert not problems, problems




def test_timeline_event_links_to_its_highlighted_sentence(page):
    open_view(page, "timeline")
    assert page.locator(".tl-chart").get_attribute("data-days") == "4"  # four days with events, drawn by Plot
    card = page.locator("article.event", has=page.locator(".badge", has_text="ASSAULT"))
    assert card.count() == 1 and "conf" in card.get_attribute("class")
    assert "coop" in page.locator("article.event", has=page.locator(".badge", has_text="AGREE")).get_attribute("class")
    card.locator("a.sentence-link").first.click()
    page.wait_for_function("location.hash.startsWith('#/article/t-odesa')")
    page.wait_for_selector("body[data-ready='1']")
    focus = page.locator(".atext .sent.focus")
    assert focus.count() == 1
    assert focus.inner_text() == "Russische troepen hebben donderdag de havenstad Odesa beschoten."
    selected = page.locator(".atext .seg.sel")
    assert selected.first.inner_text() == "beschoten" and "l-event" in selected.first.get_attribute("class")
    detail = page.locator(".detail")
    assert "ASSAULT" in detail.inner_text() and "trigger 'beschoten'" in detail.inner_text()
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))


def test_article_records_and_spans_select_each_other(page):
    open_view(page, "article/t-odesa")
    text = ARTICLES[0]["text"]
    assert page.locator(".atext").inner_text().replace("\n", "") == text.replace("\n", "")
    page.locator(".rec", has_text="Dit is een oorlogsmisdaad").click()
    assert page.locator(".atext .seg.sel").first.inner_text() == "Dit is een oorlogsmisdaad"
    assert "President of Ukraine" in page.locator(".detail").inner_text()
    page.locator(".atext .seg", has_text="donderdag").first.click()
    assert "2024-02-29" in page.locator(".detail").inner_text()
    page.locator(".detail a.sentence-link").click()
    page.wait_for_selector(".atext .sent.focus")
    assert page.locator(".atext .sent.focus").get_attribute("id") == "s-0"


def test_markup_in_articles_is_text_not_code(page):
    open_view(page, "article/t-xss")
    assert page.locator("h1.atitle").inner_text() == XSS_TITLE
    body = page.locator(".atext").inner_text()
    assert XSS_SCRIPT in body and XSS_IMG in body
    assert page.locator(".atext script, .atext img, h1 img, .records img").count() == 0
    assert page.evaluate("window.__pwned") is None
    for route in ("timeline", "quotes", "articles"):
        open_view(page, route)
        assert page.locator("#view img, #view script").count() == 0
        assert page.evaluate("window.__pwned") is None
    assert XSS_IMG in page.locator("#view").inner_text() or XSS_TITLE in page.locator("#view").inner_text()


def test_network_edges_list_their_events(page):
    open_view(page, "network")
    assert page.locator(".net-box").get_attribute("data-nodes") == "7"  # drawn by sigma.js (WebGL)
    page.locator("button.relation.coop").first.click()
    page.wait_for_selector(".panel article.event")
    panel = page.locator(".panel")
    assert panel.locator("article.event.coop").count() >= 1
    link = panel.locator("a.sentence-link").first
    assert re.match(r"#/article/t-graan\?s=\d", link.get_attribute("href"))


def test_map_draws_bundled_world_and_places(page):
    open_view(page, "map")
    assert page.locator("svg.map .land path").count() > 150
    assert page.locator("svg.map .place").count() == 3
    # Caracas's two events (PROTEST, COERCE) are both conflictual: coloured from the API's counts
    assert "conf" in page.locator("svg.map .place[data-name='Caracas']").get_attribute("class").split()
    page.locator("svg.map .place[data-name='Caracas'] circle").dispatch_event("click")
    page.wait_for_selector(".panel article.event")
    assert {t.strip() for t in page.locator(".panel .badge").all_inner_texts()} == {"PROTEST", "COERCE"}


def test_quotes_by_speaker_link_to_sentences(page):
    open_view(page, "quotes")
    assert page.locator("article.quote").count() == 3
    page.locator(".speakers a", has_text="Prime Minister of the Netherlands").click()
    page.wait_for_function("location.hash.includes('speaker=')")
    page.wait_for_selector("body[data-ready='1']")
    assert page.locator("article.quote blockquote").all_inner_texts() == ["We staan aan de kant van Oekraïne"]
    page.locator("article.quote a.sentence-link").click()
    page.wait_for_function("location.hash.startsWith('#/article/t-graan')")
    page.wait_for_selector(".atext .sent.focus")
    assert page.locator(".atext .sent.focus").inner_text().startswith('"We staan aan de kant van Oekraïne"')


def test_timeline_filters_live_in_the_url(page):
    open_view(page, "timeline")
    page.select_option("#f-country", "VEN")
    page.wait_for_function("location.hash.includes('country=VEN')")
    page.wait_for_selector("body[data-ready='1']")
    assert sorted(page.locator("article.event .badge").all_inner_texts()) == ["COERCE", "PROTEST"]
    open_view(page, "articles")
    assert page.locator("table.articles tbody tr").count() == 3
