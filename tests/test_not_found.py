"""Point 2: the root 404 page is English; each language has its own 404 page."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.content import languages
from tests.helpers import parse


@pytest.mark.parametrize("code", languages.codes())
def test_404_page_in_its_language(site: Path, code: str) -> None:
    lang = languages.get(code)
    path = site / lang.prefix / "404.html"
    tree = parse(path)
    ui = languages.ui(code)
    assert tree.css_first("html").attributes["lang"] == code
    assert tree.css_first("article h1").text().strip() == ui["not_found"]["title"]
    assert ui["site"]["name"] in tree.css_first("title").text()
    # Served at any depth, so its links are absolute, and they stay in the language's tree.
    home = tree.css_first("article a").attributes["href"]
    assert home == "/" + lang.prefix
    for a in tree.css("nav.md-nav--primary a.md-nav__link[href]"):
        href = a.attributes["href"]
        assert href.startswith("/" + lang.prefix), href
        if lang.default:
            assert not any(href.startswith(f"/{c}/") for c in languages.codes()[1:]), href


@pytest.mark.parametrize("code", languages.codes())
def test_404_language_switcher_links_homes(site: Path, code: str) -> None:
    """Issue 10, point 4: no switcher link of a 404 page is left over from the last page built."""
    tree = parse(site / languages.get(code).prefix / "404.html")
    links = {a.attributes["hreflang"]: a.attributes["href"] for a in tree.css("a.md-select__link")}
    assert links == {lang.code: "/" + lang.prefix for lang in languages.languages()}
