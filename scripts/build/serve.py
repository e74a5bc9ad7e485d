"""Serve a built site on localhost and rebuild it when a source file changes.

Each rebuild runs in a fresh process (`python -m scripts build`), writes a new tree and swaps
it in only when it succeeds, so the server always has a complete site to serve.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
import time
from pathlib import Path

from scripts.content import languages
from scripts.project import CONFIG_FILE, DOCS, OVERRIDES, ROOT

WATCHED = (DOCS, OVERRIDES, CONFIG_FILE, ROOT / "scripts")


def _snapshot() -> dict[Path, float]:
    files: dict[Path, float] = {}
    for top in WATCHED:
        for path in [top] if top.is_file() else top.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                files[path] = path.stat().st_mtime
    return files


def local_url(port: int) -> str:
    """The address a served preview is built for."""
    return f"http://127.0.0.1:{port}/"


def build_args(site: Path, only: str | None, port: int) -> list[str]:
    """Arguments of `python -m scripts` for one preview build."""
    # Built for this local address, so canonicals, feeds and PDF covers lead back to the preview.
    args = ["build", "--site", str(site), "--local-url", local_url(port)]
    return [*args, "--only", only] if only else args


def _rebuild(site: Path, only: str | None, port: int) -> bool:
    cmd = [sys.executable, "-m", "scripts", *build_args(site, only, port)]
    return subprocess.run(cmd, cwd=ROOT, check=False).returncode == 0


def _watch(site: Path, only: str | None, port: int, interval: float = 0.5) -> None:
    before = _snapshot()
    while True:
        time.sleep(interval)
        now = _snapshot()
        if now != before:
            time.sleep(0.2)  # let an editor finish writing
            before = _snapshot()
            start = time.monotonic()
            ok = _rebuild(site, only, port)
            state = "rebuilt" if ok else "build FAILED (previous site still served)"
            print(f"{state} in {time.monotonic() - start:.1f} s; reload the page", flush=True)


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, with each language's own 404 page, as a static host would serve them."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        lang, _ = languages.split_path(self.path.split("?")[0])
        page = Path(self.directory) / lang.prefix / "404.html"
        body = page.read_bytes() if page.is_file() else b"Not found"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


def serve(site: Path, only: str | None = None, port: int = 8000, watch: bool = True) -> int:
    """Build once, then serve site/ on 127.0.0.1:port until interrupted."""
    if not _rebuild(site, only, port):
        return 1
    handler = functools.partial(SiteHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    if watch:
        threading.Thread(target=_watch, args=(site, only, port), daemon=True).start()
    langs = f"English and '{only}'" if only else "all languages"
    print(f"Serving {langs} on {local_url(port)} (Ctrl+C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
