"""One 404 page per language: /404.html in English, /<code>/404.html in each language.

Every language build renders the theme's 404.html at the site root, so without this hook the
last language built would own /404.html. The default language is built first: its page is
kept in memory for the run and put back after each other language has moved its own page
into its folder.

The i18n plugin points the language switcher of each page at that page's translations by
setting `config.extra.alternate` as an attribute, which shadows the per-language list it
resets before each language build; the 404 page, rendered before the pages, would read the
last page of the previous language's links (/<code>/roundtables/thailand/). The attribute is
dropped before rendering, so the switcher of every 404 page links each language's home.
"""

from __future__ import annotations

# MkDocs loads hooks by file path: put the project root on sys.path here, so that `scripts`
# imports in a plain `mkdocs build` with no .pth file (each hook does it, so each loads alone).
import sys
from pathlib import Path

if (_ROOT := str(Path(__file__).resolve().parents[2])) not in sys.path:
    sys.path.insert(0, _ROOT)


from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from scripts.build.hookutils import built_language

_default_page: dict[str, bytes] = {}


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # Runs right before the theme's static templates (404.html) are rendered.
    vars(config.extra).pop("alternate", None)
    return env


# Before the i18n plugin (priority -100) starts the other languages' builds.
@event_priority(0)
def on_post_build(config: MkDocsConfig) -> None:
    root_page = Path(config.site_dir, "404.html")
    lang = built_language(config)
    if lang.default:
        _default_page[config.site_dir] = root_page.read_bytes()
        return
    target = Path(config.site_dir, lang.code, "404.html")
    target.parent.mkdir(parents=True, exist_ok=True)
    root_page.replace(target)
    # A language built alone in its process (scripts/build/langbuild.py) leaves the root to
    # the default language's own build.
    if config.site_dir in _default_page:
        root_page.write_bytes(_default_page[config.site_dir])
