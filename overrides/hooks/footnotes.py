"""A separator between footnote references that follow each other directly (scripts/build/footnotes.py)."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from scripts.build import footnotes


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return footnotes.separate(html)
