"""The explorer's counts and charts in headless Chromium (Debian's), over real HTTP.

On the 200-article volume store: the counts next to the filter options equal /api/facets;
the timeline opens on the dense date range and lists the stray dates instead of drawing
them, and a brush zooms; the network's minimum-events control changes its edges as the
API's ``min_events`` does; the counts view shows the top-N panels. On a store of places
close together: the map's labels never overlap and no country is drawn across the
antimeridian. Screenshots of the new views go to ``docs/screenshot-*.png``.
"""
from __future__ import annotations

import json
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from browser_kit import MARKS, launch_chromium, watch
from store_examples import build
from test_api_fixture import serve
from volume_store import VOLUME_FACTS

DOCS = Path(__file__).resolve().parents[1] / "docs"

pytestmark = MARKS

# (city, lat, lon): a dozen places within 120 km, so that their labels would collide
CITIES = [("Amsterdam", 52.37, 4.90), ("Haarlem", 52.38, 4.64), ("Zaandam", 52.44, 4.83), ("Utrecht", 52.09, 5.12),
          ("Hilversum", 52.22, 5.18), ("Amersfoort", 52.16, 5.39), ("Leiden", 52.16, 4.49), ("Den Haag", 52.08, 4.30),
          ("Delft", 52.01, 4.36), ("Rotterdam", 51.92, 4.48), ("Gouda", 52.01, 4.71), ("Dordrecht", 51.81, 4.67),
          ("Caracas", 10.49, -66.88)]


def api(base: str, path: str, **params) -> dict:
    with urllib.request.urlopen(f"{base}{path}?{urllib.parse.urlencode(params)}", timeout=30) as r:
        return json.load(r)


@pytest.fixture(scope="module")
def places_url(tmp_path_factory):
    from kroniek import store

    path = tmp_path_factory.mktemp("places") / "places.duckdb"
    con = store.connect(path)
    try:
        for i, (city, lat, lon) in enumerate(CITIES):
            text = f"Demonstranten protesteerden zaterdag in {city} tegen de regering van Nederland."
            a = build(f"pl-{i}", text, published_at=f"2019-03-{i + 1:02d}",
                      actors=[("n", "Netherlands", "state", "NLD", None, ["Nederland"])],
                      events=[dict(type="PROTEST", trigger="protesteerden", target="n", date=f"2019-03-{i + 1:02d}",
                                   location=city)] * (1 + i % 3),
                      places=[(city, city, lat, lon, "VEN" if city == "Caracas" else "NLD")])
            store.write_analysis(con, a, origin="places")
    finally:
        con.close()
    with serve(path) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with launch_chromium() as b:
        yield b


def new_page(browser, base):
    ctx = browser.new_context(viewport={"width": 1360, "height": 900}, base_url=base)
    pg = ctx.new_page()
    return ctx, pg, watch(pg, base)


@pytest.fixture
def page(browser, volume_url):
    ctx, pg, problems = new_page(browser, volume_url)
    yield pg
    ctx.close()
    assert not problems, problems


def open_view(page, route: str):
    page.goto(f"/#/{route}")
    page.wait_for_selector("body[data-ready='1']", timeout=20000)


def test_facet_counts_in_the_filter_bar_equal_the_api(page, volume_url):
    open_view(page, "timeline?country=VEN")
    facets = api(volume_url, "/api/facets", country="VEN", top=1000)
    shown = page.eval_on_selector_all("#f-type option[data-count]", "os => os.map(o => [o.value, +o.dataset.count])")
    expected = {r["value"]: r["n"] for r in facets["types"]}
    assert len(shown) >= 10 and dict(shown) == {t: expected.get(t, 0) for t, _ in shown}
    assert any(n > 0 for _, n in shown) and page.locator("#f-type option[value='AGREE']").inner_text().endswith(
        f"({expected.get('AGREE', 0)})")
    countries = dict(page.eval_on_selector_all("#f-country option[data-count]", "os => os.map(o => [o.value, +o.dataset.count])"))
    assert countries["VEN"] == {r["value"]: r["n"] for r in facets["countries"]}["VEN"] == facets["total"]
    months = page.eval_on_selector_all("#f-month option[data-count]", "os => os.map(o => [o.value, +o.dataset.count])")
    assert months == [[r["value"], r["n"]] for r in facets["months"]]
    actor = page.eval_on_selector_all("#f-actor option[data-count]", "os => os.map(o => [o.value, +o.dataset.count])")
    by_actor = {r["value"]: r["n"] for r in facets["actors"]}
    assert sum(n > 0 for _, n in actor) >= 5 and all(n == by_actor.get(a, 0) for a, n in actor)
    # choosing a month sets since/until, and the counts follow the new filters
    page.select_option("#f-month", "2019-02")
    page.wait_for_function("location.hash.includes('until=2019-02-28')")
    page.wait_for_selector("body[data-ready='1']")
    feb = api(volume_url, "/api/facets", country="VEN", since="2019-02-01", until="2019-02-28", facet="types")
    assert page.locator("#f-type option[value='ACCUSE']").get_attribute("data-count") == str(
        {r["value"]: r["n"] for r in feb["types"]}.get("ACCUSE", 0))


def test_timeline_opens_on_the_dense_range_and_flags_stray_dates(page):
    open_view(page, "timeline")
    chart = page.locator(".tl-chart")
    strays = sorted(VOLUME_FACTS["stray_dates"])
    since, until = chart.get_attribute("data-since"), chart.get_attribute("data-until")
    assert strays[-1] < "2018-12-01" <= since < until <= VOLUME_FACTS["dense_range"][1]
    assert page.locator(".stray-note li").evaluate_all("ls => ls.map(l => l.dataset.date)") == strays
    assert page.locator(".tl-chart svg rect").count() > 100
    DOCS.mkdir(exist_ok=True)
    page.screenshot(path=str(DOCS / "screenshot-timeline.png"))
    # brushing zooms: drag over the middle third of the plot
    box = page.locator(".tl-chart svg .brush .overlay").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] / 3, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, y, steps=5)
    page.mouse.up()
    page.wait_for_function("location.hash.includes('since=') && location.hash.includes('until=')")
    page.wait_for_selector("body[data-ready='1']")
    zoomed = page.locator(".tl-chart")
    assert since < zoomed.get_attribute("data-since") < zoomed.get_attribute("data-until") < until
    assert page.locator(".stray-note").count() == 0
    # all dates: the axis then reaches back to the stray ones
    open_view(page, "timeline?range=all")
    assert page.locator(".tl-chart").get_attribute("data-since") == strays[0]


def test_timeline_cards_are_all_in_the_page_and_a_click_on_a_day_far_down_shows_it(page, volume_url):
    """Off-screen day groups are left to the browser to lay out (content-visibility: auto): every card is
    still in the document, and a click on a bar scrolls its day, laid out, into view."""
    open_view(page, "timeline")
    events = api(volume_url, "/api/events", limit=200)["items"]
    assert page.locator(".tl-list article.event").count() == len(events) > 50
    chart = page.locator(".tl-chart")
    since, until = chart.get_attribute("data-since"), chart.get_attribute("data-until")
    days = [d for d in page.locator(".tl-list .day").evaluate_all("ds => ds.map(d => d.dataset.day)") if since <= d <= until]
    day = days[-1]  # the last drawn day in the list: far below the first screen
    group = page.locator(f".tl-list .day[data-day='{day}']")
    assert group.evaluate("g => getComputedStyle(g).contentVisibility") == "auto"
    assert group.bounding_box()["y"] > 2000
    # the x of that day on the chart: the brush overlay spans the drawn range [since, until + 1 day)
    box = page.locator(".tl-chart svg .brush .overlay").bounding_box()
    ms = page.evaluate("([a, b, d]) => [Date.parse(a), Date.parse(b) + 86400000, Date.parse(d) + 43200000]", [since, until, day])
    page.mouse.click(box["x"] + box["width"] * (ms[2] - ms[0]) / (ms[1] - ms[0]), box["y"] + box["height"] / 2)
    page.wait_for_function("""(d) => { const r = document.querySelector(`.tl-list .day[data-day='${d}']`).getBoundingClientRect();
      return r.top >= 0 && r.top < innerHeight - 100; }""", arg=day, timeout=10000)
    first_card = group.locator("article.event").first
    assert first_card.is_visible() and first_card.bounding_box()["height"] > 20


def test_network_minimum_events_control_changes_the_edges(page, volume_url):
    open_view(page, "network")
    box = page.locator(".net-box")
    all_edges = api(volume_url, "/api/network")["edges"]
    n1 = int(box.get_attribute("data-edges"))
    assert n1 == len([e for e in all_edges if e["source"] != e["target"]]) > 20
    assert page.locator(".net-box canvas").count() >= 2  # sigma's WebGL and label layers
    page.wait_for_selector(".net-box[data-layout='done']")  # the layout refined after the first picture
    page.screenshot(path=str(DOCS / "screenshot-network.png"))
    page.fill("#f-min-events", "4")
    page.dispatch_event("#f-min-events", "change")
    page.wait_for_function("location.hash.includes('min_events=4')")
    page.wait_for_selector("body[data-ready='1'] .net-box")
    strong = api(volume_url, "/api/network", min_events=4)["edges"]
    n4 = int(page.locator(".net-box").get_attribute("data-edges"))
    assert n4 == len([e for e in strong if e["source"] != e["target"]]) and 0 < n4 < n1
    assert page.locator("#f-min-events").input_value() == "4"
    # a relation in the list shows the events between the two actors
    page.locator("button.relation").first.click()
    page.wait_for_selector(".panel article.event")
    first = strong[0]
    assert page.locator(".panel article.event").count() == min(50, first["n_events"])


def test_counts_view_panels_and_series(page, volume_url):
    open_view(page, "counts")
    facets = api(volume_url, "/api/facets", top=10)
    rows = page.locator("[data-facet='actors'] tr").evaluate_all("rs => rs.map(r => [r.dataset.value, +r.dataset.count])")
    assert rows == [[r["value"], r["n"]] for r in facets["actors"]]
    assert page.locator(".series-chart svg rect").count() > 20
    page.screenshot(path=str(DOCS / "screenshot-counts.png"), full_page=False)
    page.locator(".series-tools a", has_text="actor").click()
    page.wait_for_function("location.hash.includes('by=actor')")
    page.wait_for_selector("body[data-ready='1'] .series-chart")
    assert page.locator(".series-chart").get_attribute("data-by") == "actor"


def test_map_labels_do_not_overlap_and_no_line_crosses_the_map(browser, places_url):
    ctx, page, problems = new_page(browser, places_url)
    try:
        open_view(page, "map")
        assert page.locator("svg.map .place").count() == len(CITIES)
        # no land outline jumps across the map (a ring crossing the antimeridian drawn as a line)
        # (a segment along the map's bottom edge, Antarctica's at 90° S, is the frame, not a stray line)
        widest = page.eval_on_selector_all("svg.map .land path", """ps => Math.max(...ps.map(p => {
            let jump = 0, prev = null;
            for (const m of p.getAttribute('d').matchAll(/([ML])([-\\d.]+),([-\\d.]+)/g)) {
              const pt = [+m[2], +m[3]];
              const edge = prev && pt[1] > 499 && prev[1] > 499;
              if (m[1] === 'L' && prev && !edge) jump = Math.max(jump, Math.abs(pt[0] - prev[0]));
              prev = pt;
            }
            return jump; }))""")
        assert widest < 500
        overlap_js = """() => {
            const bs = [...document.querySelectorAll('svg.map .plabel')]
              .filter(t => t.getAttribute('visibility') !== 'hidden').map(t => t.getBoundingClientRect());
            let n = 0;
            for (let i = 0; i < bs.length; i++) for (let j = i + 1; j < bs.length; j++) {
              const a = bs[i], b = bs[j];
              if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) n++;
            }
            return [bs.length, n]; }"""
        page.locator(".map-tools button", has_text="world").click()
        shown_world, overlaps = page.evaluate(overlap_js)
        assert overlaps == 0 and 2 <= shown_world < len(CITIES)
        for _ in range(18):  # wheel-zoom into the Dutch cluster
            box = page.locator("svg.map .place[data-name='Utrecht'] circle").bounding_box()
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.mouse.wheel(0, -100)
            page.wait_for_timeout(30)
        shown_zoomed, overlaps = page.evaluate(overlap_js)
        assert overlaps == 0 and shown_zoomed > shown_world
        page.screenshot(path=str(DOCS / "screenshot-map.png"))
    finally:
        ctx.close()
    assert not problems, problems
