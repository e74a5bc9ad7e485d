"""Debian's Chromium for Playwright, a built site served on localhost as the host serves it, and
one browser visiting many pages at once.

Shared by the browser gates (scripts/checks/accessibility.py, scripts/checks/phones.py), which
`python -m scripts check` runs in one Chromium, and by the browser tests.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import os
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scripts.built import sitetree

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # A request to any other host fails at once, before the network: a page that asks for one
    # is reported (Health.foreign), and no check or test reaches the internet.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
# Pages open at once: one per core. Four tabs on two cores hid a little more of the Python
# round trips alone, but beside the tests (make test) the extra tabs cost more CPU than they
# hid: 232 s and 452 CPU-s for make test with two tabs, 243 s and 470 CPU-s with four.
CONCURRENCY = os.cpu_count() or 2
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


@dataclass
class Health:
    """What a page did while it was open, as a reader's browser sees it."""

    status: int | None = None  # HTTP status of the document
    foreign: list[str] = field(default_factory=list)  # requests to another host
    # Console errors (Chromium reports each CSP violation as one) and uncaught exceptions:
    # (message, the script's URL or "" when it is the page itself, the page's 1-based line or None).
    errors: list[tuple[str, str, int | None]] = field(default_factory=list)


def is_foreign(url: str, own: str) -> bool:
    """Whether a browser request for url goes to a host other than own (host:port)."""
    parts = urlsplit(url)
    return parts.scheme not in ("data", "blob") and parts.netloc != own


def _watch(page: Any, own: str, current: list[Health]) -> None:
    """Record into current[0] (the visit under way in this tab) what the page requests and reports."""

    def on_request(request: Any) -> None:
        if is_foreign(request.url, own):
            current[0].foreign.append(request.url)

    def on_console(message: Any) -> None:
        if message.type == "error":
            where = message.location or {}
            source, line = where.get("url") or "", where.get("lineNumber")
            if source == page.url:  # the page's own markup: its line in the built file
                current[0].errors.append((message.text, "", None if line is None else line + 1))
            else:
                current[0].errors.append((message.text, f"{source}:{line}" if source else "", None))

    page.on("request", on_request)
    page.on("console", on_console)

    def on_error(error: Any) -> None:
        name = getattr(error, "name", "") or "Error"
        current[0].errors.append((f"uncaught exception: {name}: {getattr(error, 'message', error)}", "", None))

    page.on("pageerror", on_error)


# Layout and media-query listeners have settled after two animation frames.
_SETTLED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def _by_path(site: Path, visits: list[Visit]) -> list[list[Visit]]:
    """Visits grouped by path, default screen size first in each group; largest pages first, so
    the last page to finish is a short one and no worker waits alone at the end."""
    groups: dict[str, list[Visit]] = {}
    for visit in visits:
        groups.setdefault(visit.path, []).append(visit)

    def size(path: str) -> int:
        file = site / sitetree.file_of(path)
        return file.stat().st_size if file.is_file() else 0

    ordered = sorted(groups.values(), key=lambda group: -size(group[0].path))
    return [sorted(group, key=lambda v: v.viewport is not None) for group in ordered]


async def _visit_all(
    base: str, groups: list[list[Visit]], concurrency: int, init_scripts: list[str], health: dict[str, Health]
) -> dict[str, Any]:
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
                current = [Health()]
                _watch(page, urlsplit(base).netloc, current)
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
                                current[0] = health.setdefault(visit.path, Health())
                                response = await page.goto(base + visit.path, wait_until="load")
                                current[0].status = response.status if response else None
                            results[visit.key] = await visit.run(page)
                finally:
                    await page.close()

            await asyncio.gather(*(worker() for _ in range(max(1, min(concurrency, len(groups))))))
        finally:
            await browser.close()
    return results


def visit_all(
    site: Path,
    visits: list[Visit],
    concurrency: int = CONCURRENCY,
    init_scripts: list[str] | None = None,
    health: dict[str, Health] | None = None,
) -> dict[str, Any]:
    """Serve site, open every visit in one headless Chromium, several pages at once; results by key.

    init_scripts: JavaScript run in every page before its own scripts (a checker's library).
    health: filled with each path's Health, recorded while its visits ran.
    Runs in a thread of its own: asyncio.run refuses a thread where an event loop runs (a
    caller's own Playwright session, as in the tests).
    """
    if len({v.key for v in visits}) != len(visits):
        raise ValueError("two visits share a key")
    groups = _by_path(site, visits)
    with serving(site) as base, concurrent.futures.ThreadPoolExecutor(1) as pool:
        run = _visit_all(base, groups, concurrency, init_scripts or [], {} if health is None else health)
        return pool.submit(asyncio.run, run).result()
