"""The HTML that hooks generate for their markers enters each page after Markdown.

Hooks render a marker's HTML at on_page_markdown and leave a placeholder in the Markdown
(scripts/build/hookutils.py, `fill_markers`); here, first of the on_page_content hooks, the
placeholders become that HTML. Runs once per page of each language build; what a page holds
is dropped when it is used.
"""

from __future__ import annotations

# MkDocs loads hooks by file path: put the project root on sys.path here, so that `scripts`
# imports in a plain `mkdocs build` with no .pth file (each hook does it, so each loads alone).
import sys
from pathlib import Path

if (_ROOT := str(Path(__file__).resolve().parents[2])) not in sys.path:
    sys.path.insert(0, _ROOT)

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from scripts.build.hookutils import forget_generated, put_generated


# Before the hooks that fill markers (a page's pass starts from nothing, also in the preview's
# warm process after a failed build).
@event_priority(100)
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    forget_generated(page)
    return markdown


@event_priority(100)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return put_generated(html, page)
