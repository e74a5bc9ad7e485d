"""Point 3: one search index per language, segmented for Chinese, Japanese and Thai."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

from scripts import languages, segment
from tests.helpers import html_file, parse, search, source_pages

INDEX = Path("search", "search_index.json")


def load_index(site: Path, code: str) -> dict[str, Any]:
    return json.loads((site / languages.get(code).prefix / INDEX).read_text(encoding="utf-8"))


def page_urls_in_tree(site: Path, code: str) -> set[str]:
    root = site / languages.get(code).prefix
    others = {c for c in languages.codes()[1:] if c != code}
    urls = set()
    for path in root.rglob("index.html"):
        rel = path.relative_to(root)
        if rel.parts[0] in others or rel.parts[0] == "search":
            continue
        urls.add(rel.parent.as_posix() + "/" if rel.parent.as_posix() != "." else "")
    return urls


@pytest.mark.parametrize("code", languages.codes())
def test_index_holds_exactly_the_pages_of_its_language(site: Path, code: str) -> None:
    index = load_index(site, code)
    root = site / languages.get(code).prefix
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    for loc in locations:
        assert not loc.startswith(("/", "../", "http")), loc
        assert (root / loc / "index.html").is_file(), f"{code}: {loc} is not a page of this language"
    assert locations == page_urls_in_tree(site, code)


@pytest.mark.parametrize("code", languages.codes())
def test_each_page_loads_its_own_index(site: Path, code: str) -> None:
    """Material fetches search/search_index.json relative to config.base; check where that lands."""
    lang = languages.get(code)
    for url in [*source_pages(code), "about/"]:
        page = html_file(site, lang.prefix + url)
        scripts = [s.text() for s in parse(page).css("script:not([src])") if "__config" in s.text()]
        if lang.default:
            assert scripts == [], "the default language keeps Material's base"
            base = json.loads(parse(page).css_first("#__config").text())["base"]
        else:
            (script,) = scripts
            base = json.loads(re.search(r"c\.base=(\"[^\"]*\")", script).group(1))
        index_file = (page.parent / base / INDEX).resolve()
        assert index_file == (site / lang.prefix / INDEX).resolve()


@pytest.mark.parametrize("code", ["zh", "ja", "th"])
def test_words_are_segmented_at_build_time(site: Path, code: str) -> None:
    index = load_index(site, code)
    separator = re.compile(index["config"]["separator"])
    assert index["config"]["lang"] == ["en"], "no browser-side segmenter is needed"
    script = {"zh": r"[\u4e00-\u9fff]", "ja": r"[\u3040-\u30ff\u4e00-\u9fff]", "th": r"[\u0e00-\u0e7f]"}[code]
    tokens = [
        t
        for doc in index["docs"]
        for t in separator.split(re.sub(r"<[^>]+>", " ", doc["text"]))
        if re.search(script, t)
    ]
    assert len(tokens) > 50, f"{code}: expected native text in the index"
    # Unsegmented, a token is a whole clause or sentence (tens of characters).
    lengths = sorted(len(t) for t in tokens)
    assert lengths[len(lengths) // 2] <= 4, f"{code}: median token length {lengths[len(lengths) // 2]}"


def query_words(site: Path, code: str) -> list[str]:
    """Words taken from the H1 of the language's translated home page."""
    h1 = parse(html_file(site, languages.get(code).prefix)).css_first("article h1").text().strip()
    words = [w for w in segment.segment(code, h1).split(segment.ZWSP) if len(w.strip()) >= 2 and not w.isascii()]
    assert words, f"{code}: no native word in the home page title {h1!r}"
    return sorted(words, key=len, reverse=True)[:2]


def run_search(browser: Any, server: str, start: str, query: str) -> tuple[list[str], list[str]]:
    """Search from a page like a reader; return result URLs and the search indexes fetched."""
    context = browser.new_context()
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if r.url.endswith("search_index.json") else None)
    page.goto(urljoin(server, start))
    hrefs = search(page, query)
    context.close()
    return hrefs, fetched


@pytest.mark.parametrize("code", ["zh", "ja", "th"])
def test_native_word_is_found_in_the_browser(site: Path, server: str, browser: Any, code: str) -> None:
    lang = languages.get(code)
    for word in query_words(site, code):
        hrefs, fetched = run_search(browser, server, lang.prefix, word)
        assert hrefs, f"{code}: no result for {word!r}"
        assert all(h.startswith(urljoin(server, lang.prefix)) for h in hrefs), hrefs
        assert fetched == [urljoin(server, lang.prefix + "search/search_index.json")]


@pytest.mark.parametrize("code", languages.codes())
def test_results_stay_in_the_readers_language(site: Path, server: str, browser: Any, code: str) -> None:
    """An English word from a page every language has: results only from the reader's tree."""
    lang = languages.get(code)
    hrefs, fetched = run_search(browser, server, lang.prefix + "about/", "Europol")
    assert hrefs
    own = urljoin(server, lang.prefix)
    others = [urljoin(server, c + "/") for c in languages.codes()[1:] if c != code]
    for h in hrefs:
        assert h.startswith(own) and not any(h.startswith(o) for o in others), h
    assert fetched == [urljoin(server, lang.prefix + "search/search_index.json")]
