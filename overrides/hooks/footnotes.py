"""A separator between footnote references that follow each other directly (scripts/build/footnotes.py)."""

from __future__ import annotations

# MkDocs loads hooks by file path: put the project root on sys.path here, so that `scripts`
# imports in a plain `mkdocs build` with no .pth file (each hook does it, so each loads alone).
import sys
from pathlib import Path

if (_ROOT := str(Path(__file__).resolve().parents[2])) not in sys.path:
    sys.path.insert(0, _ROOT)

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from scripts.build import footnotes


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return footnotes.separate(html)
