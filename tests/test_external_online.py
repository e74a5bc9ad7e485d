"""The checker's online mode, against real HTTP servers on localhost."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import ClassVar

import pytest

from scripts.checks import external


class _Handler(http.server.BaseHTTPRequestHandler):
    calls: ClassVar[list[tuple[str, str]]] = []
    flaky: ClassVar[dict[str, int]] = {"n": 0}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def _answer(self, head: bool) -> None:
        type(self).calls.append((self.command, self.path))
        status = 200
        if self.path == "/gone":
            status = 404
        elif self.path in ("/no-head", "/forbidden-head") and head:
            status = 405 if self.path == "/no-head" else 403
        elif self.path == "/flaky":
            self.flaky["n"] += 1
            status = 503 if self.flaky["n"] == 1 else 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)


@pytest.fixture()
def origin() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_online_check_updates_the_cache(origin: str) -> None:
    urls = [f"{origin}/ok", f"{origin}/gone", f"{origin}/no-head", f"{origin}/forbidden-head", f"{origin}/flaky"]
    cache: dict[str, dict[str, object]] = {}
    external.check_online(urls, cache, per_host=2, timeout=5)
    assert {u.rsplit("/", 1)[1]: cache[u]["ok"] for u in urls} == {
        "ok": True,
        "gone": False,
        "no-head": True,
        "forbidden-head": True,
        "flaky": True,
    }
    assert cache[f"{origin}/gone"]["status"] == 404
    calls = _Handler.calls
    assert ("GET", "/no-head") in calls and ("GET", "/forbidden-head") in calls, "GET after 405 and 403"
    assert calls.count(("HEAD", "/flaky")) == 2, "one retry after a server error"
    assert calls.count(("HEAD", "/ok")) == 1, "each URL is requested once"
    checked = datetime.fromisoformat(str(cache[f"{origin}/ok"]["checked"]))
    assert (datetime.now(UTC) - checked).total_seconds() < 60

    used = {url: ["index.html"] for url in urls}
    findings = external.evaluate(used, {"127.0.0.1"}, cache, "site")
    assert [(f.rule, f.message.split(" ")[0]) for f in findings] == [("external-broken", f"{origin}/gone")]


def test_unreachable_host_is_broken_not_a_crash() -> None:
    cache: dict[str, dict[str, object]] = {}
    external.check_online(["http://127.0.0.1:9/nothing-listens-here"], cache, timeout=2)
    entry = cache["http://127.0.0.1:9/nothing-listens-here"]
    assert entry["ok"] is False and "Connect" in str(entry["error"])
