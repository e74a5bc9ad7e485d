"""Each language's pages: html lang, localised site name and nav, language switcher (point 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.content import languages
from tests.helpers import html_file, parse, resolve, source_pages

ENGLISH_PAGES = sorted(source_pages(languages.default().code))


@pytest.mark.parametrize("code", languages.codes())
def test_home_page_is_localised(site: Path, code: str) -> None:
    lang = languages.get(code)
    ui = languages.ui(code)
    tree = parse(html_file(site, lang.prefix))
    assert tree.css_first("html").attributes["lang"] == code
    assert tree.css_first(".md-header__topic .md-ellipsis").text().strip() == ui["site"]["name"]
    assert tree.css_first('meta[name="description"]') is not None
    labels = {a.text(deep=True).strip() for a in tree.css("nav.md-nav--primary .md-nav__link")}
    for english, label in ui["nav"].items():
        assert label in labels, f"{code}: nav label for {english!r} should be {label!r}"


@pytest.mark.parametrize("code", languages.codes())
@pytest.mark.parametrize("url", ENGLISH_PAGES)
def test_switcher_lands_on_the_same_page(site: Path, code: str, url: str) -> None:
    lang = languages.get(code)
    page = html_file(site, lang.prefix + url)
    links = parse(page).css("a.md-select__link[hreflang]")
    assert {a.attributes["hreflang"] for a in links} == set(languages.codes())
    for a in links:
        target = languages.get(a.attributes["hreflang"])
        landed = resolve(site, page, a.attributes["href"])
        assert landed == html_file(site, target.prefix + url).resolve(), (code, url, a.attributes["href"])
        assert landed.exists()


def test_language_names_are_those_of_the_list(site: Path) -> None:
    links = parse(html_file(site, "")).css("a.md-select__link[hreflang]")
    assert [(a.attributes["hreflang"], a.text().strip()) for a in links] == [
        (lang.code, lang.name) for lang in languages.languages()
    ]
