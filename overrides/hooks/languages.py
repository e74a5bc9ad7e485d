"""Per-language site name, description, nav labels and UI strings, from docs/<code>/ui.yml.

Runs once per language build: every value it sets is recomputed from the language being
built, so nothing carries over from the previous language.
"""

from __future__ import annotations

# MkDocs loads hooks by file path: put the project root on sys.path here, so that `scripts`
# imports in a plain `mkdocs build` with no .pth file (each hook does it, so each loads alone).
import sys
from pathlib import Path

if (_ROOT := str(Path(__file__).resolve().parents[2])) not in sys.path:
    sys.path.insert(0, _ROOT)

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from scripts.build.hookutils import built_language, content, content_errors, escape_text
from scripts.content import languages


def _check_language_folders() -> None:
    # Decided once (languages.unknown_folders, via the snapshot); gate 1 reports the same folders.
    known = set(languages.codes())
    for name in content().unknown_folders:
        raise PluginError(
            f"docs/{name}/: '{name}' is not a language of the site "
            f"({', '.join(sorted(known))}). Add it with `python -m scripts new-language "
            f"{name}` or move the folder."
        )


# After the i18n plugin (priority -100) has switched the config to the language being built.
@event_priority(-110)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _check_language_folders()
    lang = built_language(config)
    with content_errors():
        strings = content().strings(lang.code)
    # Material prints these unescaped: they enter escaped (ui.yml is contributed data).
    config.site_name = escape_text(strings["site"]["name"])
    config.site_description = escape_text(strings["site"]["description"])
    config.copyright = escape_text(strings["site"]["copyright"])
    config.extra["ui"] = strings
    config.extra["site_lang"] = {"code": lang.code, "prefix": lang.prefix, "default": lang.default}
    return config


def _translate(items: list[Any], labels: dict[str, str]) -> None:
    for item in items:
        if isinstance(item, (Section, Page)) and item.title in labels:
            item.title = escape_text(labels[item.title])
        if isinstance(item, Section):
            _translate(item.children, labels)


@event_priority(-110)
def on_nav(nav: Navigation, config: MkDocsConfig, files: Any) -> Navigation:
    _translate(nav.items, config.extra["ui"]["nav"])
    return nav
