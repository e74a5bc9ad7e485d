"""Helpers shared by the MkDocs hooks in overrides/hooks/ (each runs once per language)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from scripts import languages


def built_language(config: MkDocsConfig) -> languages.Language:
    """The language being built (the i18n plugin sets the theme language for each build)."""
    return languages.get(str(config.theme["language"]))


def written_language(page: Page) -> languages.Language:
    """The language the page's source file is written in (its docs/<code>/ folder)."""
    return languages.get(str(getattr(page.file, "locale", languages.default().code)))


def source_path(page: Page) -> Path:
    """The Markdown file the page was built from."""
    return Path(page.file.abs_src_path or "")


def default_language_url(page: Page, config: MkDocsConfig) -> str:
    """The page's URL in the default language, relative to the page (for links)."""
    original = page.file.url.removeprefix(built_language(config).prefix)
    return get_relative_url(original or ".", page.url or ".")


def add_notice(context: dict[str, Any], kind: str, text: str, link: str, href: str, hreflang: str) -> None:
    """Queue a notice for the top of the page (rendered by overrides/main.html)."""
    context.setdefault("page_notices", []).append(
        {"kind": kind, "text": text, "link": link, "href": href, "hreflang": hreflang}
    )
