"""Debian's Chromium for Playwright, and a built site served on localhost as the host serves it.

Shared by the accessibility gate (scripts/checks/accessibility.py) and the browser tests.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
