"""Read a built site: its HTML pages, their language tree, canonical URL and indexing status."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from scripts.built import htmlscan
from scripts.content import languages


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


def url_of(file: Path | str) -> str:
    """The site path a file is served at (directory URLs): fr/about/index.html -> fr/about/."""
    posix = Path(file).as_posix()
    if posix == "index.html":
        return ""
    return posix.removesuffix("index.html")


def file_of(url: str) -> str:
    """The file served at a site path (url_of's inverse): fr/about/ -> fr/about/index.html."""
    return url if url.endswith(".html") else url + "index.html"


def read_page(site: Path, file: Path) -> BuiltPage:
    """Read the head of one built page."""
    scanned = htmlscan.scan_head(site, file.as_posix())
    lang, key = languages.split_path(url_of(file))
    return BuiltPage(file, lang, key, scanned.html_lang, scanned.canonical, scanned.noindex)


def pages(site: Path) -> Iterator[BuiltPage]:
    """Every content page (index.html files; not the 404 pages), in a stable order."""
    for path in sorted(site.rglob("index.html")):
        yield read_page(site, path.relative_to(site))
