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
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from scripts.build import hookutils
from scripts.built import buildmark
from scripts.content import languages
from scripts.postbuild import search
from scripts.project import CONFIG_FILE

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
    """Added to the configuration by the preview only (never in `make build`)."""

    @event_priority(-200)  # after every hook has finished with the page
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        code = hookutils.built_language(config).code
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

    def build_languages(self, codes: list[str], done: Callable[[str, float], None] | None = None) -> None:
        """Rebuild these languages one after the other, each served as soon as it is written."""
        from mkdocs.commands.build import build as mkdocs_build

        i18n = self.config.plugins["i18n"]
        for code in codes:
            start = time.monotonic()
            english_index = (self.site / search.INDEX).read_bytes()
            # building=True: the plugin's post-build step keeps to this language.
            i18n.current_language, i18n.building, i18n.search_entries = code, True, []
            try:
                with _no_cleaning():
                    mkdocs_build(self.config)
            finally:
                i18n.building = False
                fresh = (self.site / search.INDEX).read_bytes()
                (self.site / search.INDEX).write_bytes(english_index)
            self._split_search(code, fresh)
            self._finish([code])
            if done:
                done(code, time.monotonic() - start)

    def _split_search(self, code: str, merged: bytes) -> None:
        """This language's search index, from the one-language index MkDocs just wrote."""
        lang = languages.get(code)
        with tempfile.TemporaryDirectory(dir=self.site.parent) as tmp:
            (Path(tmp) / search.INDEX).parent.mkdir(parents=True)
            (Path(tmp) / search.INDEX).write_bytes(merged)
            search.split_index(Path(tmp))
            built = Path(tmp) / lang.prefix / search.INDEX
            target = self.site / lang.prefix / search.INDEX
            if built.is_file():
                os.replace(built, target)

    def _finish(self, codes: list[str]) -> None:
        """Write the reload script and bump these languages' generation in the state file."""
        script = self.site / RELOAD_SCRIPT
        if not script.is_file():
            script.parent.mkdir(parents=True, exist_ok=True)
            script.write_text(RELOAD_JS, encoding="utf-8")
        for code in codes:
            self.generation[code] = self.generation.get(code, 0) + 1
        self.write_state(busy=False)

    def write_state(self, busy: bool, error: str | None = None) -> None:
        """The state file the pages poll (and the benchmark waits on)."""
        state = {"generation": self.generation, "busy": busy, "error": error}
        tmp = self.site / (STATE_FILE + ".tmp")
        tmp.write_text(json.dumps(state), encoding="utf-8")
        os.replace(tmp, self.site / STATE_FILE)


def fresh_site(site: Path) -> None:
    """An empty folder for the first build."""
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
