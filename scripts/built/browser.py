"""Debian's Chromium for Playwright, a built site served on localhost as the host serves it, and
one browser visiting many pages at once.

Shared by the browser gates (scripts/checks/accessibility.py, scripts/checks/phones.py), which
`python -m scripts check` runs in one Chromium, and by the browser tests.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
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
# Playwright's default screen size, named: visits at other sizes resize the page to theirs.
DEFAULT_VIEWPORT = (1280, 720)


@contextmanager
def serving(site: Path) -> Iterator[str]:
    """Serve a built tree on a free localhost port, with each language's 404 page; yields the base URL."""
    from scripts.build.serve import SiteHandler, SiteServer

    handler = functools.partial(SiteHandler, directory=str(site))
    httpd = SiteServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@dataclass(frozen=True)
class Visit:
    """One page to open and what to do on it: run(page) is awaited once the page has loaded.

    Visits of the same path share one load: the page is opened at the first visit's screen size
    (visits at the default size come first) and resized for the next ones.
    """

    key: str  # names the result; unique within one run
    path: str  # site path, relative to the base URL
    run: Callable[[Any], Awaitable[Any]]
    viewport: tuple[int, int] | None = None  # (width, height); None: DEFAULT_VIEWPORT


# Layout and media-query listeners have settled after two animation frames.
_SETTLED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def _by_path(site: Path, visits: list[Visit]) -> list[list[Visit]]:
    """Visits grouped by path, default screen size first in each group; largest pages first, so
    the last page to finish is a short one and no worker waits alone at the end."""
    groups: dict[str, list[Visit]] = {}
    for visit in visits:
        groups.setdefault(visit.path, []).append(visit)

    def size(path: str) -> int:
        file = site / (path if path.endswith(".html") else path + "index.html")
        return file.stat().st_size if file.is_file() else 0

    ordered = sorted(groups.values(), key=lambda group: -size(group[0].path))
    return [sorted(group, key=lambda v: v.viewport is not None) for group in ordered]


async def _visit_all(base: str, groups: list[list[Visit]], concurrency: int, init_scripts: list[str]) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    results: dict[str, Any] = {}
    queue: asyncio.Queue[list[Visit]] = asyncio.Queue()
    for group in groups:
        queue.put_nowait(group)
    width, height = DEFAULT_VIEWPORT
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = await browser.new_context(viewport={"width": width, "height": height})
            for script in init_scripts:
                # Added once, run by the browser in every page before the page's own scripts:
                # no copy of the script travels to the browser per page.
                await context.add_init_script(script=script)

            async def worker() -> None:
                # One tab per worker, navigated from page to page: a new tab costs a new
                # renderer process.
                page = await context.new_page()
                size: tuple[int, int] = DEFAULT_VIEWPORT
                try:
                    while not queue.empty():
                        group = queue.get_nowait()
                        for n, visit in enumerate(group):
                            wanted = visit.viewport or DEFAULT_VIEWPORT
                            if wanted != size:
                                await page.set_viewport_size({"width": wanted[0], "height": wanted[1]})
                                size = wanted
                                if n:
                                    await page.evaluate(_SETTLED)
                            if not n:
                                await page.goto(base + visit.path, wait_until="load")
                            results[visit.key] = await visit.run(page)
                finally:
                    await page.close()

            await asyncio.gather(*(worker() for _ in range(max(1, min(concurrency, len(groups))))))
        finally:
            await browser.close()
    return results


def visit_all(
    site: Path, visits: list[Visit], concurrency: int = CONCURRENCY, init_scripts: list[str] | None = None
) -> dict[str, Any]:
    """Serve site, open every visit in one headless Chromium, several pages at once; results by key.

    init_scripts: JavaScript run in every page before its own scripts (a checker's library).
    Runs in a thread of its own: asyncio.run refuses a thread where an event loop runs (a
    caller's own Playwright session, as in the tests).
    """
    if len({v.key for v in visits}) != len(visits):
        raise ValueError("two visits share a key")
    groups = _by_path(site, visits)
    with serving(site) as base, concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _visit_all(base, groups, concurrency, init_scripts or [])).result()
