"""Point 5: the built site loads nothing from another host."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from scripts.content import languages
from scripts.project import mkdocs_config
from tests.helpers import open_pages, parse, search

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


PAGES = ["", "about/", "no-such-page/", "404.html"]  # the home page is searched too


@pytest.fixture(scope="module")
def requested(server: str, browser: Any) -> dict[str, tuple[list[str], list[str]]]:
    """Each language's pages loaded as a reader would, the pages of all languages several at a
    time in one browser: by language, every request made and the results of a search."""
    seen: dict[str, list[str]] = {code: [] for code in languages.codes()}
    found: dict[str, list[str]] = {}
    order = [(code, urljoin(server, languages.get(code).prefix + page)) for code in seen for page in PAGES]
    pending = [code for code, _ in order]

    def record(page: Any) -> None:
        mine = seen[pending.pop(0)]  # open_pages prepares the pages in the order of the urls
        page.on("request", lambda r: mine.append(r.url))

    context = browser.new_context()
    for (code, url), (_, page) in zip(order, open_pages(context, [u for _, u in order], record), strict=True):
        if url == urljoin(server, languages.get(code).prefix):
            page.bring_to_front()  # a background tab runs its timers late
            found[code] = search(page, "ICMEC")
    context.close()
    return {code: (seen[code], found.get(code, [])) for code in seen}


@pytest.mark.parametrize("code", languages.codes())
def test_browser_requests_only_the_site(
    server: str, requested: dict[str, tuple[list[str], list[str]]], code: str
) -> None:
    """Pages loaded as a reader would, search included: every request goes to the site."""
    requests, results = requested[code]
    assert results, "the search found nothing: it may not have run"
    own = urlsplit(server).netloc
    assert len(requests) > 10
    assert [u for u in requests if urlsplit(u).netloc != own and not u.startswith(("data:", "blob:"))] == []
