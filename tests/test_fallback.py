"""Point 1: an untranslated page served in another language says so, honestly."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urljoin
from xml.etree import ElementTree as ET

import pytest

from scripts.content import languages
from scripts.project import mkdocs_config
from tests.helpers import html_file, parse, resolve, source_pages

SITE_URL = mkdocs_config()["site_url"]
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def _pairs() -> list[tuple[str, str]]:
    english = source_pages(languages.default().code)
    return [(lang.code, url) for lang in languages.languages()[1:] for url in sorted(english - source_pages(lang.code))]


FALLBACKS = _pairs()


def test_fallback_in_a_copy(planted_build: dict[str, Any]) -> None:
    """Removing a translation turns its page into an honest fallback, in any language."""
    code = planted_build["code"]
    tree = parse(planted_build["site"] / code / "about" / "index.html")
    assert tree.css_first("aside.site-notice--fallback") is not None
    assert tree.css_first("div[lang]").attributes["lang"] == "en"
    assert tree.css_first('meta[name="robots"]').attributes["content"] == "noindex"


@pytest.mark.parametrize(("code", "url"), FALLBACKS)
def test_fallback_page_is_marked(site: Path, code: str, url: str) -> None:
    lang = languages.get(code)
    tree = parse(html_file(site, lang.prefix + url))
    ui = languages.ui(code)["fallback"]

    assert tree.css_first("html").attributes["lang"] == code, "the UI stays in the reader's language"
    notice = tree.css_first("aside.site-notice--fallback")
    assert notice is not None and ui["notice"] in notice.text(), "notice in the reader's language"
    link = notice.css_first("a")
    assert link.attributes["hreflang"] == "en" and link.text().strip() == ui["link"]
    # The link leads to the English page.
    target = resolve(site, html_file(site, lang.prefix + url), link.attributes["href"])
    assert target == html_file(site, url).resolve()

    wrapper = tree.css_first("div[lang]")
    assert wrapper.attributes["lang"] == "en" and wrapper.css_first("h1") is not None, "content marked English"
    assert tree.css_first('link[rel="canonical"]').attributes["href"] == urljoin(SITE_URL, url)
    assert tree.css_first('meta[name="robots"]').attributes["content"] == "noindex"


@pytest.mark.parametrize("code", languages.codes()[1:])
def test_translated_pages_are_not_marked_as_fallback(site: Path, code: str) -> None:
    lang = languages.get(code)
    translated = source_pages(code)
    for url in translated:
        tree = parse(html_file(site, lang.prefix + url))
        assert tree.css_first("aside.site-notice--fallback") is None
        assert tree.css_first('meta[name="robots"]') is None
        assert tree.css_first('link[rel="canonical"]').attributes["href"] == urljoin(SITE_URL, lang.prefix + url)


def sitemaps(site: Path) -> list[ET.Element]:
    """Every sitemap that robots.txt announces."""
    robots = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    urls = [line.split(": ", 1)[1] for line in robots if line.startswith("Sitemap: ")]
    assert len(urls) == len(languages.codes()), "one sitemap per language"
    return [ET.parse(site / url.removeprefix(SITE_URL)).getroot() for url in urls]


def test_sitemap_lists_translations_and_never_fallbacks(site: Path) -> None:
    roots = sitemaps(site)
    listed = {u.findtext("s:loc", namespaces=NS) for root in roots for u in root.findall("s:url", NS)}
    hreflang = {
        (link.attrib["hreflang"], link.attrib["href"]) for root in roots for link in root.iterfind(".//x:link", NS)
    }
    for code, url in FALLBACKS:
        fallback_url = urljoin(SITE_URL, languages.get(code).prefix + url)
        assert fallback_url not in listed
        assert (code, fallback_url) not in hreflang
    for lang in languages.languages():
        for url in source_pages(lang.code):
            assert urljoin(SITE_URL, lang.prefix + url) in listed
    # Every translated page is announced as an alternate of its English page, with x-default.
    for lang in languages.languages()[1:]:
        for url in source_pages(lang.code):
            assert (lang.code, urljoin(SITE_URL, lang.prefix + url)) in hreflang
            assert ("x-default", urljoin(SITE_URL, url)) in hreflang


def test_pages_make_no_hreflang_requests(site: Path) -> None:
    """hreflang lives in the sitemap: pages carry no <link rel=alternate hreflang>."""
    for path in site.rglob("*.html"):
        assert parse(path).css('link[rel="alternate"][hreflang]') == [], path
