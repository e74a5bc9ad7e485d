"""A warm MkDocs process for `make serve`: load the configuration once, rebuild one language.

The first build runs every language (the i18n plugin's own loop). After that an edit rebuilds
only the languages it touches, in this process: the configuration, the plugins, the hooks and
each language's Jinja environment stay loaded. Release-only steps (PDFs, downloads, feeds,
sitemaps) are never run here; every page says so in its footer, and a small script file
(allowed by the site's CSP as 'self') reloads the page when its language was rebuilt.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from scripts.build import hookutils
from scripts.built import buildmark
from scripts.content import languages
from scripts.postbuild import search
from scripts.project import CONFIG_FILE, DOCS

log = logging.getLogger("scripts.build.preview")

STATE_FILE = "preview-state.json"
RELOAD_SCRIPT = "assets/javascripts/preview-reload.js"
NOTICE_CLASS = "preview-notice"
_COPYRIGHT = '<div class="md-copyright">'

# Polls the state file; reloads when this page's language has a newer build. A file (not an
# inline script) so the site's CSP, script-src 'self', allows it unchanged.
RELOAD_JS = """\
(() => {
  const me = document.currentScript;
  const lang = me.dataset.lang;
  const url = new URL(me.dataset.state, document.baseURI);
  let seen = null;
  const poll = async () => {
    try {
      const state = await (await fetch(url, { cache: "no-store" })).json();
      const now = state.generation[lang];
      if (seen !== null && now !== seen) { location.reload(); return; }
      seen = now;
    } catch (e) { /* the server is restarting: try again */ }
    setTimeout(poll, 400);
  };
  poll();
})();
"""


def notice(code: str) -> str:
    """The preview's footer line in a language (docs/<code>/ui.yml, `preview.notice`)."""
    return str(languages.ui(code)["preview"]["notice"])


class PreviewPlugin(BasePlugin):  # type: ignore[type-arg]
    """Added to the configuration by the preview only (never in `make build`).

    It also remembers each rendered page's metadata and title as the hooks left them, so a
    page that a partial rebuild only reads (not renders) shows in the navigation as before.
    """

    def __init__(self) -> None:
        super().__init__()
        self.pages: dict[tuple[str, str | None], tuple[dict[str, Any], str | None]] = {}

    @event_priority(-200)  # after the i18n plugin has made the language's file list
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        # No longer a template (see Preview._load), the theme's sitemap would be copied raw.
        sitemap = files.get_file_from_path("sitemap.xml")
        if sitemap is not None and not page_key(sitemap.abs_src_path):
            files.remove(sitemap)
        return files

    @event_priority(-200)  # after every hook has finished with the page
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        code = hookutils.built_language(config).code
        self.pages[code, page_key(page.file.abs_src_path)] = (dict(page.meta), page.title)
        line = f'<p class="{NOTICE_CLASS}" role="note">{escape(notice(code))}</p>'
        output = output.replace(_COPYRIGHT, _COPYRIGHT + line, 1)
        src = get_relative_url(RELOAD_SCRIPT, page.url or ".")
        state = get_relative_url(STATE_FILE, page.url or ".")
        tag = f'<script src="{src}" data-lang="{code}" data-state="{state}" defer></script>'
        return output.replace("</body>", tag + "</body>", 1)


@contextlib.contextmanager
def _no_cleaning() -> Iterator[None]:
    # MkDocs empties site_dir before a non-dirty build; the other languages' trees must stay.
    from mkdocs import utils

    original = utils.clean_directory
    utils.clean_directory = lambda _path: None
    try:
        yield
    finally:
        utils.clean_directory = original


class _DirtyNotice(logging.Filter):
    """Drops MkDocs' warning about dirty builds, which strict mode would count as a failure."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def page_key(abs_src_path: str | None) -> str | None:
    """A source file's path inside its language folder ('papers/x.md'), the same in every language."""
    if not abs_src_path:
        return None
    try:
        rel = Path(abs_src_path).resolve().relative_to(DOCS)
    except ValueError:
        return None
    return Path(*rel.parts[1:]).as_posix() if len(rel.parts) > 1 else None


@contextlib.contextmanager
def _only_pages(keys: set[str], seen: PreviewPlugin) -> Iterator[None]:
    """Render (and copy) only the files with these keys; read the others' titles and metadata only.

    MkDocs' dirty build renders what is newer than its output; here the preview says which
    files changed, so a language that now falls back to an older English file is rebuilt too.
    Unrendered pages still read their source, so the navigation keeps every title.
    """
    from mkdocs.commands import build as build_module
    from mkdocs.structure.files import File

    populate = build_module._populate_page
    is_modified = File.is_modified

    def targeted(file: File) -> bool:
        return page_key(file.abs_src_path) in keys

    def populate_targeted(page: Page, config: MkDocsConfig, files: Any, dirty: bool = False) -> None:
        if targeted(page.file):
            populate(page, config, files, dirty=False)
            return
        page.read_source(config)
        previous = seen.pages.get((hookutils.built_language(config).code, page_key(page.file.abs_src_path)))
        if previous:
            page.meta, page.title = dict(previous[0]), previous[1]

    File.is_modified = targeted  # type: ignore[method-assign,assignment]
    build_module._populate_page = populate_targeted
    quiet = _DirtyNotice()
    logging.getLogger("mkdocs.commands.build").addFilter(quiet)
    try:
        yield
    finally:
        File.is_modified = is_modified  # type: ignore[method-assign]
        build_module._populate_page = populate
        logging.getLogger("mkdocs.commands.build").removeFilter(quiet)


class Preview:
    """The warm build of one served tree."""

    def __init__(self, site: Path, site_url: str, only: str | None = None) -> None:
        self.site = site.resolve()
        self.site_url = site_url
        self.only = only
        self.generation: dict[str, int] = {}
        self.config = self._load()

    def _load(self) -> MkDocsConfig:
        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        from mkdocs.config import load_config

        config = load_config(str(CONFIG_FILE), site_dir=str(self.site), strict=True, site_url=self.site_url)
        if self.only:
            languages.get(self.only)
            for lang in config.plugins["i18n"].config.languages:
                lang.build = bool(lang.default) or lang.locale == self.only
        config.plugins["preview"] = PreviewPlugin()
        # Sitemaps are release-only: the preview writes none (not even MkDocs' own).
        config.theme.static_templates.discard("sitemap.xml")
        self._warm_envs(config)
        config.plugins.on_startup(command="build", dirty=False)
        return config

    @staticmethod
    def _warm_envs(config: MkDocsConfig) -> None:
        # One Jinja environment per language for the life of the process: templates compile once.
        theme = config.theme
        make_env = theme.get_env
        envs: dict[str, Any] = {}

        def get_env() -> Any:
            code = str(theme["language"])
            if code not in envs:
                envs[code] = make_env()
            return envs[code]

        theme.get_env = get_env  # type: ignore[method-assign]

    def reload_config(self) -> None:
        """Read mkdocs.yml and the templates again (after they changed)."""
        self.config.plugins.on_shutdown()
        self.config = self._load()

    @property
    def codes(self) -> list[str]:
        """The languages this preview builds, default first."""
        return [c for c in languages.codes() if not self.only or c in (languages.default().code, self.only)]

    def build_all(self) -> None:
        """Every language, with the i18n plugin's own loop (the first build)."""
        from mkdocs.commands.build import build as mkdocs_build

        i18n = self.config.plugins["i18n"]
        i18n.current_language, i18n.building, i18n.search_entries = None, False, []
        with _no_cleaning():
            mkdocs_build(self.config)
        buildmark.write(self.site, buildmark.BuildMark(self.site_url, publishing=False))
        search.split_index(self.site)
        self._finish(self.codes)

    def build_languages(
        self, codes: list[str], pages: set[str] | None = None, done: Callable[[str, float], None] | None = None
    ) -> None:
        """Rebuild these languages one after the other, each served as soon as it is written.

        pages: keys of the pages to render (page_key); None renders every page of the language.
        """
        from mkdocs.commands.build import build as mkdocs_build

        i18n = self.config.plugins["i18n"]
        for code in codes:
            start = time.monotonic()
            english_index = (self.site / search.INDEX).read_bytes()
            # building=True: the plugin's post-build step keeps to this language.
            i18n.current_language, i18n.building, i18n.search_entries = code, True, []
            try:
                partial = _only_pages(pages, self.config.plugins["preview"]) if pages is not None else None
                with _no_cleaning(), partial or contextlib.nullcontext():
                    mkdocs_build(self.config, dirty=pages is not None)
            finally:
                i18n.building = False
                fresh = (self.site / search.INDEX).read_bytes()
                (self.site / search.INDEX).write_bytes(english_index)
            self._update_search(code, fresh, whole=pages is None)
            self._finish([code], busy=code != codes[-1])
            if done:
                done(code, time.monotonic() - start)

    def _update_search(self, code: str, fresh: bytes, whole: bool) -> None:
        """Put the entries MkDocs just wrote into this language's index (all of it, or its pages)."""
        lang = languages.get(code)
        with tempfile.TemporaryDirectory(dir=self.site.parent) as tmp:
            (Path(tmp) / search.INDEX).parent.mkdir(parents=True)
            (Path(tmp) / search.INDEX).write_bytes(fresh)
            search.split_index(Path(tmp))  # segments only the new entries
            built = Path(tmp) / lang.prefix / search.INDEX
            target = self.site / lang.prefix / search.INDEX
            if not built.is_file():
                return
            if not whole and target.is_file():
                new = json.loads(built.read_text(encoding="utf-8"))
                old = json.loads(target.read_text(encoding="utf-8"))
                new["docs"] = _merge_entries(old["docs"], new["docs"])
                built.write_text(json.dumps(new, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            built.replace(target)

    def _finish(self, codes: list[str], busy: bool = False) -> None:
        """Write the reload script and bump these languages' generation in the state file."""
        script = self.site / RELOAD_SCRIPT
        if not script.is_file():
            script.parent.mkdir(parents=True, exist_ok=True)
            script.write_text(RELOAD_JS, encoding="utf-8")
        for code in codes:
            self.generation[code] = self.generation.get(code, 0) + 1
        self.write_state(busy=busy)

    def write_state(self, busy: bool, error: str | None = None) -> None:
        """The state file the pages poll (and the benchmark waits on)."""
        state = {"generation": self.generation, "busy": busy, "error": error}
        tmp = self.site / (STATE_FILE + ".tmp")
        tmp.write_text(json.dumps(state), encoding="utf-8")
        tmp.replace(self.site / STATE_FILE)


def _merge_entries(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The old index with the rebuilt pages' entries replaced where they were (new pages at the end)."""

    def page(entry: dict[str, Any]) -> str:
        return str(entry["location"]).split("#")[0]

    fresh: dict[str, list[dict[str, Any]]] = {}
    for entry in new:
        fresh.setdefault(page(entry), []).append(entry)
    out: list[dict[str, Any]] = []
    for entry in old:
        if page(entry) not in fresh:
            out.append(entry)
        elif fresh[page(entry)]:
            out += fresh[page(entry)]
            fresh[page(entry)] = []
    return out + [e for entries in fresh.values() for e in entries]


def fresh_site(site: Path) -> None:
    """An empty folder for the first build."""
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
