"""Small readers used by several tests: source pages, built pages, parsed HTML."""

from __future__ import annotations

from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from scripts import languages


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
