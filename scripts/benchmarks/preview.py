"""Benchmark: how long an edit takes to show in `make serve`, and in stock `mkdocs serve`.

Run: `python -m scripts bench preview`; writes reports/bench-preview.json. In a temporary copy
of the project (one translation removed, so a page falls back to English), the preview
serves the full site on a free port; each round edits an English page, a French page, a
Japanese page, an English page that German shows as a fallback, and an English paper, and
polls the page's URL until the new text appears. The first build is not timed. The same
edits are then timed with stock `mkdocs serve` on the stock configuration (mkdocs.yml
without hooks, template overrides and extra CSS; the i18n plugin's default search).
"""

from __future__ import annotations

import http.client
import json
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scripts.project import REPORTS, ROOT, copy_sources

COPIED = ("docs", "overrides", "scripts", "mkdocs.yml", ".github")
FALLBACK_LANG = "de"
STOCK_CONFIG = "mkdocs.stock.yml"
TARGET_SECONDS = 2.0


@dataclass(frozen=True)
class Edit:
    """One kind of edit: the file changed and the URL where the change must appear."""

    name: str
    source: str
    url: str


def edits(papers: list[str]) -> list[Edit]:
    """The five edits of a round (the paper: the first English paper)."""
    return [
        Edit("en", "docs/en/about.md", "about/"),
        Edit("fr", "docs/fr/about.md", "fr/about/"),
        Edit("ja", "docs/ja/report.md", "ja/report/"),
        Edit(f"fallback ({FALLBACK_LANG} shows English)", "docs/en/about.md", f"{FALLBACK_LANG}/about/"),
        Edit("en paper", f"docs/en/papers/{papers[0]}.md", f"papers/{papers[0]}/"),
    ]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str | None:
    """The body of a URL, or None when it cannot be read (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # localhost only
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, http.client.HTTPException):
        return None  # not served yet, or caught while MkDocs rewrites the file


def wait_for(check: Callable[[], bool], timeout: float, what: str, interval: float = 0.05) -> float:
    """Poll until check() is true; return the seconds waited (TimeoutError after timeout)."""
    start = time.monotonic()
    while not check():
        if time.monotonic() - start > timeout:
            raise TimeoutError(f"{what}: not seen within {timeout:.0f} s")
        time.sleep(interval)
    return time.monotonic() - start


def copy_project(dest: Path) -> None:
    """The sources the preview needs, with one translation removed (a fallback page)."""
    copy_sources(dest, COPIED)
    (dest / "docs" / FALLBACK_LANG / "about.md").unlink()


def stock_config(project: Path) -> Path:
    """mkdocs.yml without hooks, template overrides and extra CSS; i18n's default search."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"^hooks:\n(?:  - .*\n)+", "", text, flags=re.M)
    text = re.sub(r"^extra_css:\n(?:  - .*\n)+", "", text, flags=re.M)
    text = re.sub(r"^  custom_dir: .*\n", "", text, flags=re.M)
    text = text.replace("reconfigure_search: false", "reconfigure_search: true")
    # Without the hooks, links to what they generate are warnings; stock serve would stop.
    text = re.sub(r"^strict: true$", "strict: false", text, flags=re.M)
    path = project / STOCK_CONFIG
    path.write_text(text, encoding="utf-8")
    return path


def measure(project: Path, base: str, kinds: list[Edit], rounds: int, idle: Callable[[], None]) -> dict[str, object]:
    """Make the edits `rounds` times; seconds from saving to the new text at the page's URL."""
    originals = {e.source: (project / e.source).read_text(encoding="utf-8") for e in kinds}
    times: dict[str, list[float]] = {e.name: [] for e in kinds}
    for _ in range(rounds):
        for edit in kinds:
            idle()
            token = "previewmark" + secrets.token_hex(6)
            path = project / edit.source
            path.write_text(originals[edit.source] + f"\n\nPreview benchmark {token}.\n", encoding="utf-8")
            url = base + edit.url
            times[edit.name].append(
                wait_for(lambda url=url, token=token: token in (fetch(url) or ""), 120, f"{edit.name} at {url}")
            )
    for source, text in originals.items():
        (project / source).write_text(text, encoding="utf-8")
    every = [t for ts in times.values() for t in ts]
    return {
        "edits": len(every),
        "median_seconds": round(statistics.median(every), 3),
        "max_seconds": round(max(every), 3),
        "per_edit": {
            name: {"median": round(statistics.median(t), 3), "max": round(max(t), 3), "runs": [round(x, 3) for x in t]}
            for name, t in times.items()
        },
    }


def _start(cmd: list[str], project: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(cmd, cwd=project, stdout=out, stderr=subprocess.STDOUT)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def run_project(project: Path, kinds: list[Edit], rounds: int) -> dict[str, object]:
    """The project's preview (`python -m scripts serve`)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    start = time.monotonic()
    proc = _start([sys.executable, "-m", "scripts", "serve", "--port", str(port)], project, project / "serve.log")
    try:
        state_url = base + "preview-state.json"

        def state() -> dict[str, object]:
            body = fetch(state_url)
            return json.loads(body) if body else {}

        wait_for(lambda: bool(state()) or proc.poll() is not None, 1800, "first build", 0.5)
        if proc.poll() is not None:
            tail = (project / "serve.log").read_text(encoding="utf-8", errors="replace")[-3000:]
            raise RuntimeError(f"the preview stopped:\n{tail}")
        first = time.monotonic() - start

        def idle() -> None:
            # The previous edit's later languages (fallbacks) must be done before the next edit.
            wait_for(lambda: state().get("busy") is False, 120, "preview idle", 0.05)
            time.sleep(0.3)  # and the watcher has seen the last write

        result = measure(project, base, kinds, rounds, idle)
        return {"first_build_seconds": round(first, 1), **result}
    finally:
        _stop(proc)


def run_stock(project: Path, kinds: list[Edit], rounds: int) -> dict[str, object]:
    """Stock `mkdocs serve` of the same content with the stock configuration."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    config = stock_config(project)
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"]
    start = time.monotonic()
    proc = _start(cmd, project, project / "stock.log")
    try:
        wait_for(lambda: fetch(base) is not None or proc.poll() is not None, 1800, "stock first build", 0.5)
        if proc.poll() is not None:
            tail = (project / "stock.log").read_text(encoding="utf-8", errors="replace")[-3000:]
            raise RuntimeError(f"mkdocs serve stopped:\n{tail}")
        first = time.monotonic() - start
        log = project / "stock.log"

        def idle() -> None:
            # mkdocs serve has no state file: wait until its log has been quiet for a second.
            last = log.stat().st_size
            while True:
                time.sleep(1.0)
                size = log.stat().st_size
                if size == last:
                    return
                last = size

        result = measure(project, base, kinds, rounds, idle)
        return {"first_build_seconds": round(first, 1), **result}
    finally:
        _stop(proc)


def main(rounds: int = 5, stock: bool = True) -> int:
    """Run the benchmark; print and write reports/bench-preview.json."""
    papers = sorted(p.stem for p in (ROOT / "docs" / "en" / "papers").glob("*.md") if p.stem != "index")
    kinds = edits(papers)
    report: dict[str, object] = {"rounds": rounds, "target_median_seconds": TARGET_SECONDS}
    with tempfile.TemporaryDirectory(prefix="bench-preview-") as tmp:
        project = Path(tmp) / "project"
        copy_project(project)
        report["project"] = run_project(project, kinds, rounds)
        if stock:
            try:
                report["stock"] = run_stock(project, kinds, rounds)
            except (RuntimeError, TimeoutError) as exc:
                report["stock"] = {"skipped": str(exc)}
        else:
            report["stock"] = {"skipped": "--no-stock"}
    ours, theirs = report["project"], report["stock"]
    if isinstance(ours, dict) and isinstance(theirs, dict) and "median_seconds" in theirs:
        report["ratio_median"] = round(float(ours["median_seconds"]) / float(theirs["median_seconds"]), 3)
    print(json.dumps(report, indent=2))
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "bench-preview.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    ok = isinstance(ours, dict) and float(ours["median_seconds"]) <= TARGET_SECONDS
    if not ok:
        print(f"error: median {ours['median_seconds']} s is over the {TARGET_SECONDS} s target", file=sys.stderr)
    return 0 if ok else 1
