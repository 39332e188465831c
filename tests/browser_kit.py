"""Headless Chromium for the explorer tests: Debian's chromium driven by playwright, and pages that
collect every JavaScript error, console error and request that leaves the server, so that each test
can fail on them. One place for what every browser test file needs."""
from __future__ import annotations

import re
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed (make browser)"),
]


@contextmanager
def launch_chromium():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM),
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            yield b
        finally:
            b.close()


def watch(page, base: str) -> list[str]:
    """Problems the page runs into: errors, console errors, and any request not to ``base`` (aborted:
    the page must work offline)."""
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.on("console", lambda m: problems.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    page.route(re.compile(r"^(?!" + re.escape(base) + r")"), lambda route: (
        problems.append(f"external request: {route.request.url}"), route.abort()))
    return problems


def open_view(page, route: str):
    page.goto(f"/#/{route}")
    page.wait_for_selector("body[data-ready='1']", timeout=15000)


def wait_hash(page, part: str, timeout: float = 10.0):
    """Wait until the URL's hash contains ``part`` (polled from here: the page's CSP forbids eval)."""
    deadline = time.monotonic() + timeout
    while part not in page.evaluate("location.hash"):
        assert time.monotonic() < deadline, f"hash never held {part!r}: {page.evaluate('location.hash')}"
        time.sleep(0.05)


def pick(page, box: str, typed: str, name: str):
    """Type into a suggestion box and choose the suggestion that holds ``name``."""
    page.fill(f"#{box}", typed)
    option = page.locator(f"#{box}-list li[role='option']", has_text=name).first
    option.wait_for(timeout=10000)
    option.click()


@pytest.fixture(scope="module", name="browser")
def module_browser():
    with launch_chromium() as b:
        yield b


@pytest.fixture(name="page")
def volume_page(browser, volume_url):
    """A page on the volume store that fails its test on any page problem (see ``watch``)."""
    ctx = browser.new_context(viewport={"width": 1360, "height": 860}, base_url=volume_url, accept_downloads=True)
    pg = ctx.new_page()
    problems = watch(pg, volume_url)
    yield pg
    ctx.close()
    assert not problems, problems
