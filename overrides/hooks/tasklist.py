"""Checklist items (pymdownx.tasklist) get checkboxes named by their own text: scripts/build/tasklist.py."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from scripts.build.tasklist import label_checkboxes


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return label_checkboxes(html)
