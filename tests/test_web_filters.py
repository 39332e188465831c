"""Issue 14's remaining explorer parts in headless Chromium on the volume store (226 articles, a real
DuckDB file served over 127.0.0.1; any JavaScript or console error, or a request leaving the server,
fails the test): the timeline's dyad filter in its filter bar, downloads of the whole filtered view
that say how many rows they hold, the search's speaker filter, and the network's bounded default."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import httpx

from browser_kit import MARKS, module_browser, open_view, pick, volume_page, wait_hash  # noqa: F401 (fixtures: browser, page)

pytestmark = MARKS




def _api(base, path, **params):
    r = httpx.get(base + path, params=params, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def _ready(page):
    page.wait_for_selector("body[data-ready='1']", timeout=15000)


def _download_rows(page, fmt_class="dl-csv") -> list[dict]:
    with page.expect_download() as info:
        page.locator(f"p.downloads a.{fmt_class}").first.click()
    return list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf8"))))


def test_timeline_dyad_filter_in_the_filter_bar(page, volume_url):
    open_view(page, "timeline")
    pick(page, "f-source-q", "nederland", "Netherlands")
    wait_hash(page, "source=act-")
    _ready(page)
    pick(page, "f-target-q", "europese unie", "European Union")
    wait_hash(page, "target=act-")
    _ready(page)
    assert page.inner_text(".dyad-source .chip strong").startswith("Netherlands")
    assert page.inner_text(".dyad-target .chip strong") == "European Union"
    one_way = page.locator("article.event").count()
    page.check("#f-either")
    wait_hash(page, "either=true")
    _ready(page)
    assert page.is_checked("#f-either")
    h = page.evaluate("location.hash")
    params = dict(p.split("=") for p in h.split("?")[1].split("&"))
    api = _api(volume_url, "/api/events", source=params["source"], target=params["target"], either="true", limit=200)
    cards = page.locator("article.event")
    assert cards.count() == api["total"] > one_way > 0
    assert [c.get_attribute("data-event-id") for c in cards.all()] == [e["id"] for e in api["items"]]
    ends = {params["source"], params["target"]}
    assert all({(e["source"] or {}).get("id"), (e["target"] or {}).get("id")} == ends for e in api["items"])
    # the chart and the summary count the same events; the chip's × drops one side
    assert page.inner_text("p.summary").startswith(f"{api['total']} events")
    page.click(".dyad-target .chip a")
    wait_hash(page, "timeline")
    _ready(page)
    assert "target=" not in page.evaluate("location.hash") and page.locator(".dyad-target .chip").count() == 0


def test_timeline_download_holds_every_event_of_the_filter_and_says_so(page, volume_url):
    open_view(page, "timeline")
    shown = page.locator("article.event").count()
    total = _api(volume_url, "/api/events", limit=1)["total"]
    assert shown == 200 < total  # the page shows the first 200; the download has them all
    p = page.locator("p.downloads").first
    assert p.get_attribute("data-rows") == str(total) and f"all {total} events" in p.inner_text()
    href = page.locator("p.downloads a.dl-csv").first.get_attribute("href")
    assert "rows=all" in href and "limit=" not in href and "offset=" not in href
    rows = _download_rows(page)
    everything = _api(volume_url, "/api/events", limit=1000)["items"]
    assert [r["id"] for r in rows] == [e["id"] for e in everything] and len(rows) == total
    assert all(r["date"] == (e["date"] or "") for r, e in zip(rows, everything))


def test_quote_download_counts_all_pages(page, volume_url):
    open_view(page, "quotes?offset=100")
    total = _api(volume_url, "/api/quotes", limit=1)["total"]
    assert page.locator(".quote-list blockquote").count() < total
    assert page.locator("p.downloads").first.get_attribute("data-rows") == str(total)
    rows = _download_rows(page)
    assert len(rows) == total and len({r["id"] for r in rows}) == total


def test_search_quotes_of_one_speaker(page, volume_url):
    open_view(page, "search?q=brexit")
    pick(page, "f-speaker-q", "baudet", "Thierry Baudet")
    wait_hash(page, "speaker=act-")
    _ready(page)
    speaker = page.evaluate("location.hash").split("speaker=")[1].split("&")[0]
    api = _api(volume_url, "/api/search", q="brexit", speaker=speaker, limit=20)
    assert api["total"] > 0
    assert page.inner_text(".speaker-chip strong") == "Thierry Baudet"
    hits = page.locator("li.hit")
    assert hits.count() == min(20, api["total"])
    assert set(hits.evaluate_all("els => els.map(e => e.dataset.kind)")) == {"quote"}
    assert set(page.locator("li.hit a.hit-link").all_inner_texts()) == {"Thierry Baudet"}
    assert page.locator("p.search-kinds a").count() == 1  # quotes only
    assert f"of {api['total']} hits" in page.inner_text("p.search-total")
    assert page.locator("mark").count() >= hits.count()  # the query is marked in each quote
    rows = _download_rows(page)
    assert len(rows) == api["total"] and {r["speaker_id"] for r in rows} == {speaker}


def test_network_says_what_it_shows_of_all_relations(page, volume_url):
    open_view(page, "network?top=5")
    api = _api(volume_url, "/api/network", top=5)
    summary = page.locator("p.summary").first
    assert summary.get_attribute("data-nodes") == str(len(api["nodes"]))
    assert summary.get_attribute("data-total-nodes") == str(api["total"]["nodes"])
    text = summary.inner_text()
    assert f"Showing {len(api['nodes'])} of {api['total']['nodes']} actors" in text
    assert f"{len(api['edges'])} of {api['total']['edges']} directed relations" in text
    box = page.locator(".net-box")
    assert int(box.get_attribute("data-edges")) == len([e for e in api["edges"] if e["source"] != e["target"]])
    assert page.input_value("#f-top") == "5"
    page.click("a.show-all")
    wait_hash(page, "top=all")
    _ready(page)
    full = _api(volume_url, "/api/network")
    assert int(page.locator(".net-box").get_attribute("data-nodes")) == len(full["nodes"])
    assert page.locator("a.show-all").count() == 0
    assert f"{len(full['nodes'])} actors, {len(full['edges'])} directed relations" in page.inner_text("p.summary")
