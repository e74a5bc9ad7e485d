"""Honest fallback: an English page served in another language's tree says so.

The page keeps the reader's UI language, but its content is marked with its own language,
a notice in the reader's language links to the original, its canonical URL is the original,
and it is not indexed (overrides/main.html). The sitemap leaves it out (scripts/postbuild).
"""

from __future__ import annotations

# MkDocs loads hooks by file path: put the project root on sys.path here, so that `scripts`
# imports in a plain `mkdocs build` with no .pth file (each hook does it, so each loads alone).
import sys
from pathlib import Path

if (_ROOT := str(Path(__file__).resolve().parents[2])) not in sys.path:
    sys.path.insert(0, _ROOT)

from typing import Any
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from scripts.build.hookutils import add_notice, built_language, default_language_url, written_language


# After the i18n plugin (priority 50) has set the page's alternates.
@event_priority(-110)
def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    built, written = built_language(config), written_language(page)
    context["fallback"] = None
    if written != built:
        original = page.file.url.removeprefix(built.prefix)
        page.canonical_url = urljoin(config.site_url or "/", original)
        context["fallback"] = {"lang": written.code}
        ui = config.extra["ui"]["fallback"]
        add_notice(context, "fallback", ui["notice"], ui["link"], default_language_url(page, config), written.code)
    return context
