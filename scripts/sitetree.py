"""Read a built site: its HTML pages, their language, canonical URL and indexing status."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from scripts import languages


@dataclass(frozen=True)
class BuiltPage:
    """One HTML page of the built site."""

    file: Path  # relative to the site root, e.g. fr/about/index.html
    lang: languages.Language  # the language tree the page is in
    key: str  # its path inside that tree, e.g. about/
    html_lang: str
    canonical: str | None
    noindex: bool

    @property
    def url(self) -> str:
        """The page's path from the site root, e.g. fr/about/."""
        return self.lang.prefix + self.key


def url_of(file: Path) -> str:
    """The site path a file is served at (directory URLs)."""
    posix = file.as_posix()
    if posix == "index.html":
        return ""
    return posix.removesuffix("index.html")


def read_page(site: Path, file: Path) -> BuiltPage:
    """Parse the head of one built page."""
    tree = LexborHTMLParser((site / file).read_bytes())
    html = tree.css_first("html")
    canonical = tree.css_first('link[rel="canonical"]')
    robots = tree.css_first('meta[name="robots"]')
    lang, key = languages.split_path(url_of(file))
    return BuiltPage(
        file=file,
        lang=lang,
        key=key,
        html_lang=(html.attributes.get("lang") or "") if html else "",
        canonical=canonical.attributes.get("href") if canonical else None,
        noindex="noindex" in ((robots.attributes.get("content") or "") if robots else ""),
    )


def html_files(site: Path) -> Iterator[Path]:
    """Every HTML file of the site, relative to its root, in a stable order."""
    for path in sorted(site.rglob("*.html")):
        yield path.relative_to(site)


def pages(site: Path) -> Iterator[BuiltPage]:
    """Every content page (index.html files; not the 404 pages)."""
    for file in html_files(site):
        if file.name == "index.html":
            yield read_page(site, file)
