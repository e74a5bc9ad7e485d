"""Point 5: the built site loads nothing from another host.

Here: what the built HTML and CSS ask a browser to fetch. In a browser: every page type of every
language is loaded by `make check`'s browser gate, which fails on any request to another host
(scripts/checks/page_health.py, tested in tests/test_page_health.py), and every language is
searched by tests/test_search.py, which asserts the same of the search's requests.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from scripts.project import mkdocs_config
from tests.helpers import parse

OWN_HOST = urlsplit(mkdocs_config()["site_url"]).netloc
# Elements and attributes whose URL the browser fetches by itself (links a reader follows
# are not requests).
FETCHED = [
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("input", "src"),
]
LINK_RELS_FETCHED = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest", "apple-touch-icon"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")


def is_foreign(url: str) -> bool:
    parts = urlsplit(url.strip())
    if url.strip().startswith("//"):
        return parts.netloc != OWN_HOST
    return parts.scheme in ("http", "https") and parts.netloc != OWN_HOST


def test_html_fetches_nothing_foreign(site: Path) -> None:
    problems = []
    for path in site.rglob("*.html"):
        tree = parse(path)
        for tag, attr in FETCHED:
            for node in tree.css(f"{tag}[{attr}]"):
                if is_foreign(node.attributes[attr] or ""):
                    problems.append(f"{path.relative_to(site)}: <{tag} {attr}={node.attributes[attr]}>")
        for node in tree.css("img[srcset], source[srcset]"):
            for candidate in (node.attributes["srcset"] or "").split(","):
                if candidate.strip() and is_foreign(candidate.split()[0]):
                    problems.append(f"{path.relative_to(site)}: srcset {candidate}")
        for node in tree.css("link[href]"):
            rels = set((node.attributes.get("rel") or "").split())
            if rels & LINK_RELS_FETCHED and is_foreign(node.attributes["href"] or ""):
                problems.append(f"{path.relative_to(site)}: <link rel={rels} href={node.attributes['href']}>")
    assert problems == []


def test_stylesheets_fetch_nothing_foreign(site: Path) -> None:
    problems = []
    for path in site.rglob("*.css"):
        for match in CSS_URL.finditer(path.read_text(encoding="utf-8", errors="replace")):
            url = match.group(1) or match.group(2)
            if is_foreign(url):
                problems.append(f"{path.relative_to(site)}: {url}")
    assert problems == []
