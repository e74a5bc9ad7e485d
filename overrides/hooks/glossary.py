"""The glossary of each language: its page, and abbreviation tooltips on every page.

One source (docs/<code>/glossary.yml, scripts/content/glossary.py), two uses: the marker below in
glossary.md becomes the list of terms, and every page of the language gets the glossary's
abbreviations as Markdown abbreviation definitions (`*[KYC]: Know your customer`), which the
`abbr` extension turns into tooltips.
"""

from __future__ import annotations

# MkDocs loads hooks by file path: put the project root on sys.path here, so that `scripts`
# imports in a plain `mkdocs build` with no .pth file (each hook does it, so each loads alone).
import sys
from pathlib import Path

if (_ROOT := str(Path(__file__).resolve().parents[2])) not in sys.path:
    sys.path.insert(0, _ROOT)

from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from scripts.build.hookutils import built_language, content, content_errors, fill_markers, render
from scripts.content import glossary


def _terms(config: MkDocsConfig) -> tuple[glossary.Term, ...]:
    with content_errors():
        return content().terms(built_language(config).code)


def _terms_html(config: MkDocsConfig, terms: tuple[glossary.Term, ...]) -> str:
    ids = content().glossary_anchors[built_language(config).code]
    rows = [
        {"term": t, "anchor": anchor, "sources": [(s, urlsplit(s).hostname or s) for s in t.sources]}
        for t, anchor in zip(terms, ids, strict=True)
    ]
    return render(config, "partials/glossary.html", terms=rows, ui=config.extra["ui"])


def _one_line(text: str) -> str:
    return " ".join(text.split())


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    terms = _terms(config)
    markdown = fill_markers(markdown, page, "glossary.py", {"terms": lambda: _terms_html(config, terms)})
    # One line per definition: a line break in a contributed value would start new Markdown.
    definitions = [f"*[{_one_line(abbr)}]: {_one_line(text)}" for t in terms for abbr, text in t.abbr]
    return markdown.rstrip("\n") + "\n\n" + "\n".join(definitions) + "\n"
