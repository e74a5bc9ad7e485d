"""Front matter values that Material prints enter its templates escaped.

MkDocs renders the theme without autoescaping, and Material prints `page.meta.description`,
`page.meta.author` and `page.meta.title` (also the page's title in the nav, the header and
<title>) as they are. Front matter is contributed data: a quote in a description would end
the attribute, and a decoded YAML escape such as "\\x3cscript>" would become a tag. Each value
is escaped once, before any other hook or template reads it, as Markup (so it is never
escaped twice). Runs once per page of each language build; it keeps no state.
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

from scripts.build.hookutils import escape_text

# The keys of page.meta that Material's templates print.
PRINTED_KEYS = ("title", "description", "author")


# First of all hooks and plugins: the values are read from the moment the source is.
@event_priority(100)
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    for key in PRINTED_KEYS:
        if key in page.meta:
            page.meta[key] = escape_text(page.meta[key])
    return markdown
