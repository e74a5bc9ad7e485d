"""Small readers used by several tests: source pages, built pages, parsed HTML."""

from __future__ import annotations

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
    """Type a query in the header search box of an open page; return the result URLs."""
    page.click("input.md-search__input")
    page.fill("input.md-search__input", query)
    page.press("input.md-search__input", "End")  # Material reads the query on key events
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    return page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
