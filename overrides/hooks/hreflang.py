"""hreflang alternates live in sitemap.xml, not in each page's head.

Material writes one <link rel="alternate" hreflang> per language into every page, and its
JavaScript then requests <alternate>/sitemap.xml for each of them: nine failed requests per
page view, which readers on slow connections pay for. The sitemap (scripts/postbuild/sitemap.py)
lists the real translations of each page instead; the language switcher is not affected.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

_HREFLANG_LINK = re.compile(r'\s*<link\s+rel="alternate"\s+href="[^"]*"\s+hreflang="[^"]*"\s*/?>')


def _without_alternates(html: str) -> str:
    # The links are in <head>: the body (maps, tables) is not searched, a third of a second a language.
    end = html.find("</head>")
    return html if end < 0 else _HREFLANG_LINK.sub("", html[:end]) + html[end:]


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return _without_alternates(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return _without_alternates(output_content)
