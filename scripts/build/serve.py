"""`make serve`: build once, serve on localhost, and rebuild in a warm process what an edit touches.

The first build renders every language (scripts/build/preview.py). Then the sources are polled:
a page edit is checked (gate 1, that page) and rendered again in its language only, or, for
an English page, in English first and then in each language that shows it as a fallback; a
change to a data file, a template or mkdocs.yml rebuilds whole languages. A failed check or
build prints its error here and the last good pages stay served. Python code is not reloaded:
restart `make serve` after changing it.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scripts.content import languages
from scripts.project import CONFIG_FILE, DOCS, OVERRIDES, ROOT

if TYPE_CHECKING:
    from scripts.build.preview import Preview

WATCHED = (DOCS, OVERRIDES, CONFIG_FILE, ROOT / "scripts")
DATA_SUFFIXES = {".yml", ".yaml", ".json"}

Snapshot = dict[Path, tuple[int, int]]


def snapshot() -> Snapshot:
    """Modification time and size of every watched file."""
    files: Snapshot = {}
    for top in WATCHED:
        for path in [top] if top.is_file() else top.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                st = path.stat()
                files[path] = (st.st_mtime_ns, st.st_size)
    return files


def changed(before: Snapshot, after: Snapshot) -> set[Path]:
    """Files added, removed or modified between two snapshots."""
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


def local_url(port: int) -> str:
    """The address a served preview is built for."""
    return f"http://127.0.0.1:{port}/"


def build_args(site: Path, only: str | None, port: int) -> list[str]:
    """Arguments of `python -m scripts` for a complete build made for the preview's address."""
    # Built for this local address, so canonicals, feeds and PDF covers lead back to the preview.
    args = ["build", "--site", str(site), "--local-url", local_url(port)]
    return [*args, "--only", only] if only else args


@dataclass
class Plan:
    """What an edit needs: languages in order, and the pages to render (None: every page)."""

    languages: list[str] = field(default_factory=list)
    pages: set[str] | None = field(default_factory=set)
    pages_to_check: list[Path] = field(default_factory=list)
    reload_config: bool = False
    data_changed: bool = False
    code_changed: list[Path] = field(default_factory=list)

    def add(self, codes: list[str]) -> None:
        """Add languages, keeping the order (English first when it is there)."""
        self.languages += [c for c in codes if c not in self.languages]


def plan(paths: set[Path], codes: list[str], existed: set[Path]) -> Plan:
    """The rebuild for a set of changed files; `existed`: which of them existed before."""
    out = Plan()
    default = languages.default().code
    whole = False
    for path in sorted(paths):
        if path.suffix == ".py":
            out.code_changed.append(path)
        elif path == CONFIG_FILE or path.is_relative_to(OVERRIDES):
            out.reload_config, whole = True, True
            out.add(codes)
        elif path.is_relative_to(DOCS) and len(path.relative_to(DOCS).parts) > 1:
            code, *rest = path.relative_to(DOCS).parts
            key = Path(*rest).as_posix()
            if code not in codes:
                continue
            if path.suffix in DATA_SUFFIXES:
                out.data_changed, whole = True, True
                out.add(codes if code == default else [code])
                continue
            if path.suffix == ".md" and path.is_file():
                out.pages_to_check.append(path)
            if path.is_file() != (path in existed):
                whole = True  # a page added or removed: the navigation of every page changes
            # An English page is also shown by every language that has no translation of it.
            fallbacks = [c for c in codes[1:] if not (DOCS / c / key).exists()] if code == default else []
            out.add([code, *fallbacks])
            if out.pages is not None:
                out.pages.add(key)
    if whole:
        out.pages = None
    if out.languages and default in out.languages:
        out.languages.remove(default)
        out.languages.insert(0, default)
    return out


def clear_content_caches() -> None:
    """Forget what the content model cached by path (ui.yml, glossaries), so edits are read."""
    for name, module in list(sys.modules.items()):
        if name.startswith("scripts.content") and name != "scripts.content.segment":
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


class SiteServer(http.server.ThreadingHTTPServer):
    """The local server: a reader (or a checker's browser) that leaves a page before a file has
    arrived is not an error, so it prints no traceback."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, with each language's own 404 page, as a static host would serve them."""

    def end_headers(self) -> None:
        # A preview must show the last build, never a cached copy.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

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


def _say(message: str) -> None:
    print(time.strftime("%H:%M:%S"), message, flush=True)


class Watcher:
    """Polls the sources and rebuilds what changed in the warm preview."""

    def __init__(self, preview: Preview, interval: float = 0.1) -> None:
        self.preview = preview
        self.interval = interval
        self.before = snapshot()

    def _settled(self) -> Snapshot:
        # An editor may write a file in several steps: wait until two polls agree.
        now = snapshot()
        while True:
            time.sleep(0.03)
            again = snapshot()
            if again == now:
                return now
            now = again

    def step(self) -> bool:
        """One poll; rebuild if something changed. Returns whether a rebuild was attempted."""
        now = snapshot()
        if now == self.before:
            return False
        now = self._settled()
        paths = changed(self.before, now)
        existed = {p for p in paths if p in self.before}
        self.before = now
        self.rebuild(plan(paths, self.preview.codes, existed))
        return True

    def rebuild(self, todo: Plan) -> None:
        """Check, then build the plan; errors are printed and the last good pages stay served."""
        from scripts.checks import findings, sources

        for path in todo.code_changed:
            _say(f"{path.relative_to(ROOT)} changed: restart `make serve` to use changed Python code")
        if not todo.languages:
            return
        if todo.data_changed or todo.reload_config:
            clear_content_caches()
        problems = []
        for path in todo.pages_to_check:
            lang = languages.get(path.relative_to(DOCS).parts[0])
            problems += findings.errors(sources.check_page(path, lang))
        if todo.data_changed:
            problems += findings.errors(sources.run({languages.default().code, *todo.languages}))
        if problems:
            for f in sorted(problems, key=findings.Finding.sort_key):
                _say(f"error: {f.location()}: {f.message} (fix: {f.fix})")
            _say("nothing rebuilt: the last good pages are still served")
            self.preview.write_state(busy=False, error=f"{len(problems)} problem(s) in the sources")
            return
        from scripts.content import snapshot as content_snapshot

        if todo.data_changed or todo.reload_config or todo.pages is None:
            content_snapshot.take()  # the hooks look sources up in it: a data edit can touch any page
        else:
            content_snapshot.refresh(todo.pages_to_check)
        self.preview.write_state(busy=True)
        what = ", ".join(sorted(todo.pages)) if todo.pages else "every page"
        try:
            if todo.reload_config:
                self.preview.reload_config()
            self.preview.build_languages(
                todo.languages, todo.pages, done=lambda code, s: _say(f"{code}: {what} rebuilt in {s:.2f} s")
            )
        except Exception as exc:  # no build error may stop the server
            _say(f"build FAILED: {exc}; the last good pages are still served")
            self.preview.write_state(busy=False, error=str(exc))

    def run(self) -> None:
        """Poll until interrupted."""
        while True:
            if not self.step():
                time.sleep(self.interval)


def serve(site: Path, only: str | None = None, port: int = 8000, watch: bool = True) -> int:
    """Build every language once, then serve site on 127.0.0.1:port and rebuild on change."""
    from scripts.build import pipeline, preview

    pipeline._configure_logging(verbose=False)
    languages.get(only) if only else None  # an unknown code fails here, with the known codes
    pipeline.check_sources(only)
    start = time.monotonic()
    preview.fresh_site(site)
    warm = preview.Preview(site, local_url(port), only)
    warm.build_all()
    langs = f"English and '{only}'" if only else "all languages"
    _say(f"Built {langs} in {time.monotonic() - start:.1f} s (preview: no PDFs, downloads, feeds or sitemaps)")
    # The sources' state is taken before the server answers: an edit made as soon as the first
    # page is served must count as a change.
    watcher = Watcher(warm) if watch else None
    handler = functools.partial(SiteHandler, directory=str(site))
    server = SiteServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _say(f"Serving on {local_url(port)} (Ctrl+C to stop); pages reload by themselves after an edit")
    try:
        if watcher:
            watcher.run()
        else:
            threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    return 0
