"""The actor search and actor page in headless Chromium, against the fixture store (fixtures of
test_web: any JavaScript or console error, or a request leaving the server, fails the test)."""
from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from browser_kit import pick, wait_hash, watch
from test_web import CHROMIUM, base_url, browser, open_view, page  # noqa: F401 (fixtures)

SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed (make browser)"),
]


def _pick(page, box: str, typed: str, name: str):
    pick(page, box, typed, name)
    page.wait_for_selector("body[data-ready='1']", timeout=15000)


def test_actor_search_finds_an_accented_name_typed_without_accent(page):
    open_view(page, "actor")
    page.fill("#actor-q", "oekraine")
    first = page.locator("#actor-q-list li[role='option']").first
    first.wait_for(timeout=10000)
    assert first.locator(".name").inner_text() == "Ukraine"
    assert "Oekraïne" in first.inner_text()  # the alias that matched is shown
    first.click()
    wait_hash(page, "#/actor/act-")
    page.wait_for_selector("body[data-ready='1'] h1.actor-name", timeout=15000)
    assert page.inner_text("h1.actor-name") == "Ukraine"
    assert "Oekraïne" in page.inner_text("table.aliases")
    # counterparts, and the events section with its total
    assert set(page.locator(".counterparts > li > a:first-child").all_inner_texts()) == {"Russia", "Turkey", "Netherlands"}
    assert page.inner_text("[data-section='events'] h2") == "Events (3)"
    page.screenshot(path=str(SCREENSHOTS / "actor-page.png"), full_page=False)


def test_dyad_filter_shows_only_events_between_the_two(page, base_url):
    open_view(page, "actor")
    _pick(page, "actor-q", "rusland", "Russia")
    page.wait_for_selector("h1.actor-name")
    assert page.inner_text("[data-section='events'] h2") == "Events (3)"  # ASSAULT, SANCTION, REJECT
    _pick(page, "dyad-q", "Oekraine", "Ukraine")
    page.wait_for_selector("[data-section='dyad']")
    cards = page.locator("[data-section='dyad'] article.event")
    assert cards.count() == 1
    hash_ = page.evaluate("location.hash")
    rus = hash_.split("/")[2].split("?")[0]
    ukr = hash_.split("with=")[1]
    for card in cards.all():  # each event has the two actors, one on each side
        links = [a.get_attribute("href") for a in card.locator(".ev-head a.actor").all()]
        assert sorted(links) == sorted([f"#/actor/{rus}", f"#/actor/{ukr}"]), links
    shown = [c.get_attribute("data-event-id") for c in cards.all()]
    api = httpx.get(f"{base_url}/api/events", params={"source": ukr, "target": rus, "either": "true"}).json()
    assert shown == [e["id"] for e in api["items"]]
    assert [e["type"] for e in api["items"]] == ["ASSAULT"]
    page.locator("[data-section='dyad']").screenshot(path=str(SCREENSHOTS / "actor-dyad.png"))
    # the CSV link holds exactly the events shown
    href = page.get_attribute("[data-section='dyad'] a.dl-csv", "href")
    lines = httpx.get(f"{base_url}{href}").text.splitlines()
    assert len(lines) == 2 and lines[1].startswith(shown[0] + ",")
    # a date range narrows the dyad (the assault was on 2024-02-29)
    page.fill("#dyad-since", "2024-03-01")
    page.dispatch_event("#dyad-since", "change")
    wait_hash(page, "since=2024-03-01")
    page.wait_for_selector("body[data-ready='1'] [data-section='dyad']", timeout=15000)
    assert page.locator("[data-section='dyad'] article.event").count() == 0
    assert "No events between these two actors." in page.inner_text("[data-section='dyad']")


def test_actor_names_on_event_cards_lead_to_the_actor_page(page):
    open_view(page, "timeline")
    page.locator("article.event .ev-head a.actor", has_text="Netherlands").first.click()
    wait_hash(page, "#/actor/act-")
    page.wait_for_selector("body[data-ready='1'] h1.actor-name", timeout=15000)
    assert page.inner_text("h1.actor-name") == "Netherlands"


def test_filter_bar_finds_any_actor_by_name(page):
    open_view(page, "timeline")
    _pick(page, "f-actor-q", "Oekraine", "Ukraine")
    wait_hash(page, "actor=act-")
    page.wait_for_selector("body[data-ready='1'] article.event", timeout=15000)
    assert page.locator("#f-actor option:checked").inner_text().startswith("Ukraine")
    cards = page.locator("article.event")
    assert cards.count() == 3  # ASSAULT, AGREE, AID: each with Ukraine on one side
    for card in cards.all():
        assert "Ukraine" in card.locator(".ev-head").inner_text()


# ---- on the 200+-article volume store (tests/volume_store.py)

@pytest.fixture
def vpage(browser, volume_url):
    ctx = browser.new_context(viewport={"width": 1360, "height": 860}, base_url=volume_url)
    pg = ctx.new_page()
    problems = watch(pg, volume_url)
    yield pg
    ctx.close()
    assert not problems, problems


def test_volume_store_actor_search_and_the_netherlands_eu_dyad(vpage, volume_url):
    from volume_store import VOLUME_FACTS

    typed, name = VOLUME_FACTS["accent_free_alias"]
    open_view(vpage, "actor")
    _pick(vpage, "actor-q", typed, name)
    vpage.wait_for_selector("h1.actor-name")
    assert vpage.inner_text("h1.actor-name") == name
    # the Netherlands and the EU, typed as a reader would, both directions
    open_view(vpage, "actor")
    _pick(vpage, "actor-q", "nederland", "Netherlands")
    vpage.wait_for_selector("h1.actor-name")
    _pick(vpage, "dyad-q", "europese unie", "European Union")
    vpage.wait_for_selector("[data-section='dyad']")
    hash_ = vpage.evaluate("location.hash")
    nld, eu = hash_.split("/")[2].split("?")[0], hash_.split("with=")[1]
    cards = vpage.locator("[data-section='dyad'] article.event")
    api = httpx.get(f"{volume_url}/api/events", params={"source": nld, "target": eu, "either": "true",
                                                         "limit": 200}).json()["items"]
    assert VOLUME_FACTS["nld_eu_events"] > 0 and 0 < cards.count() == len(api)
    assert [c.get_attribute("data-event-id") for c in cards.all()] == [e["id"] for e in api]
    for card in cards.all():
        links = [a.get_attribute("href") for a in card.locator(".ev-head a.actor").all()]
        assert sorted(links) == sorted([f"#/actor/{nld}", f"#/actor/{eu}"]), links
    # every event of either actor with the other on the opposite side is in the dyad, and no other
    everything = httpx.get(f"{volume_url}/api/events", params={"actor": nld, "limit": 1000}).json()["items"]
    between = [e["id"] for e in everything if {(e["source"] or {}).get("id"), (e["target"] or {}).get("id")} == {nld, eu}]
    assert sorted(between) == sorted(e["id"] for e in api)
