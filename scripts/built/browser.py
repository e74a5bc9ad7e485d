"""Debian's Chromium for Playwright, a built site served on localhost as the host serves it, and
one browser visiting many pages at once.

Shared by the browser gates (scripts/checks/accessibility.py, scripts/checks/phones.py), which
`python -m scripts check` runs in one Chromium, and by the browser tests.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import http.server
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Pages open at once: enough to hide page loads and Python round trips, few enough for 2 cores.
CONCURRENCY = 4


@contextmanager
def serving(site: Path) -> Iterator[str]:
    """Serve a built tree on a free localhost port, with each language's 404 page; yields the base URL."""
    from scripts.build.serve import SiteHandler

    handler = functools.partial(SiteHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@dataclass(frozen=True)
class Visit:
    """One page to open and what to do on it: run(page) is awaited once the page has loaded."""

    key: str  # names the result; unique within one run
    path: str  # site path, relative to the base URL
    run: Callable[[Any], Awaitable[Any]]
    viewport: tuple[int, int] | None = None  # (width, height); None: Playwright's default


async def _visit_all(base: str, visits: list[Visit], concurrency: int) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    results: dict[str, Any] = {}
    limit = asyncio.Semaphore(concurrency)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            # One context per screen size: the pages of a size share it.
            contexts = {}
            for size in dict.fromkeys(v.viewport for v in visits):
                options = {"viewport": {"width": size[0], "height": size[1]}} if size else {}
                contexts[size] = await browser.new_context(**options)

            async def one(visit: Visit) -> None:
                async with limit:
                    page = await contexts[visit.viewport].new_page()
                    try:
                        await page.goto(base + visit.path, wait_until="load")
                        results[visit.key] = await visit.run(page)
                    finally:
                        await page.close()

            await asyncio.gather(*(one(v) for v in visits))
        finally:
            await browser.close()
    return results


def visit_all(site: Path, visits: list[Visit], concurrency: int = CONCURRENCY) -> dict[str, Any]:
    """Serve site, open every visit in one headless Chromium, several pages at once; results by key.

    Runs in a thread of its own: asyncio.run refuses a thread where an event loop runs (a
    caller's own Playwright session, as in the tests).
    """
    if len({v.key for v in visits}) != len(visits):
        raise ValueError("two visits share a key")
    with serving(site) as base, concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _visit_all(base, visits, concurrency)).result()
