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

from scripts.project import CONFIG_FILE, DOCS, OVERRIDES, ROOT

WATCHED = (DOCS, OVERRIDES, CONFIG_FILE, ROOT / "scripts")


def _snapshot() -> dict[Path, float]:
    files: dict[Path, float] = {}
    for top in WATCHED:
        for path in [top] if top.is_file() else top.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                files[path] = path.stat().st_mtime
    return files


def _rebuild(site: Path, only: str | None) -> bool:
    cmd = [sys.executable, "-m", "scripts", "build", "--site", str(site)]
    if only:
        cmd += ["--only", only]
    return subprocess.run(cmd, cwd=ROOT, check=False).returncode == 0


def _watch(site: Path, only: str | None, interval: float = 0.5) -> None:
    before = _snapshot()
    while True:
        time.sleep(interval)
        now = _snapshot()
        if now != before:
            time.sleep(0.2)  # let an editor finish writing
            before = _snapshot()
            start = time.monotonic()
            ok = _rebuild(site, only)
            state = "rebuilt" if ok else "build FAILED (previous site still served)"
            print(f"{state} in {time.monotonic() - start:.1f} s; reload the page", flush=True)


def serve(site: Path, only: str | None = None, port: int = 8000, watch: bool = True) -> int:
    """Build once, then serve site/ on 127.0.0.1:port until interrupted."""
    if not _rebuild(site, only):
        return 1
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    if watch:
        threading.Thread(target=_watch, args=(site, only), daemon=True).start()
    langs = f"English and '{only}'" if only else "all languages"
    print(f"Serving {langs} on http://127.0.0.1:{port}/ (Ctrl+C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
