"""Small readers used by several tests: source pages, built pages, parsed HTML."""

from __future__ import annotations

import filecmp
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from scripts.content import languages


def md_url(rel: Path) -> str:
    """The directory URL of a Markdown page: about.md -> about/, papers/index.md -> papers/."""
    posix = rel.with_suffix("").as_posix()
    if posix == "index":
        return ""
    return posix.removesuffix("/index") + "/"


def source_pages(code: str) -> set[str]:
    """URLs (inside the language tree) of the pages written in this language."""
    folder = languages.get(code).docs_dir
    return {md_url(p.relative_to(folder)) for p in folder.rglob("*.md")}


def html_file(site: Path, url: str) -> Path:
    """The index.html file that serves a site path."""
    return site / url / "index.html"


def parse(path: Path) -> LexborHTMLParser:
    """Parse one HTML file."""
    return LexborHTMLParser(path.read_bytes())


def resolve(site: Path, page: Path, href: str) -> Path:
    """The file a link on a built page points to (absolute paths start at the site root)."""
    path = href.split("#")[0]
    target = site / path.lstrip("/") if path.startswith("/") else page.parent / path
    if path == "" or path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target.resolve()


def search(page: Any, query: str) -> list[str]:
    """Type a query in the header search box of an open page; return the result URLs.

    A page can search again: the previous query is cleared first and its results are gone
    before the next one is typed, so no result of the previous query is read as this one's.
    """
    page.click("input.md-search__input")
    if page.input_value("input.md-search__input"):
        page.fill("input.md-search__input", "")
        page.press("input.md-search__input", "End")
        page.wait_for_selector(".md-search-result__item", state="detached", timeout=10_000)
    page.fill("input.md-search__input", query)
    page.press("input.md-search__input", "End")  # Material reads the query on key events
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    return page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")


def open_pages(
    context: Any,
    urls: list[str],
    prepare: Callable[[Any], object] | None = None,
    at_once: int = 4,
    idle: bool = True,
) -> Iterator[tuple[str, Any]]:
    """Open urls in one browser context, at_once tabs loading at the same time; yield (url, page)
    as each has gone network-idle (or, idle=False, has loaded), and close it once the caller
    has looked at it.

    prepare(page) runs before the page loads (to attach listeners). The navigations start from
    JavaScript, which returns at once, so the browser loads a batch while Python waits on the first.
    """
    for start in range(0, len(urls), at_once):
        batch = [(url, context.new_page()) for url in urls[start : start + at_once]]
        for url, page in batch:
            if prepare is not None:
                prepare(page)
            page.evaluate("url => { location.href = url; }", url)
        for url, page in batch:
            try:
                page.wait_for_url(url, wait_until="load")
                if idle:  # no request for 500 ms: costs that long at least
                    page.wait_for_load_state("networkidle")
                yield url, page
            finally:
                page.close()


def tree_diff(a: Path, b: Path) -> list[str]:
    """Files of tree a that are missing from b, extra, or have other bytes (empty: the same trees)."""
    cmp = filecmp.dircmp(a, b)
    out = [f"{a}/{n}" for n in cmp.left_only + cmp.right_only + cmp.funny_files]
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    out += [f"{a}/{n}" for n in mismatch + errors]
    for sub in cmp.common_dirs:
        out += tree_diff(a / sub, b / sub)
    return out
