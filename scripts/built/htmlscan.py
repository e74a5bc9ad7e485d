"""Extract from one built HTML page what the checks and post-build steps need.

One CSS query returns, in document order, every element that defines an anchor or refers
to a URL; everything else about the page is skipped, which keeps a site-wide scan fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

# Elements whose attribute holds one URL. Looking elements up by tag name is several times
# faster in Lexbor than one combined CSS query.
_URL_TAGS = (
    ("a", "href"),
    ("area", "href"),
    ("link", "href"),
    ("img", "src"),
    ("source", "src"),
    ("script", "src"),
    ("iframe", "src"),
    ("embed", "src"),
    ("object", "data"),
)


@dataclass(frozen=True, slots=True)
class Ref:
    """A URL the page refers to, and how."""

    tag: str
    attr: str
    url: str
    hreflang: str | None = None
    rel: str = ""


@dataclass(slots=True)
class ScannedPage:
    """What one built page defines (anchors) and refers to (URLs)."""

    file: str  # path from the site root, POSIX style
    html_lang: str = ""
    ids: list[str] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)
    canonical: str | None = None
    noindex: bool = False


def srcset_urls(value: str) -> list[str]:
    """The URL of every candidate of a srcset attribute."""
    return [c.split()[0] for c in value.split(",") if c.strip()]


def scan_html(data: bytes, file: str) -> ScannedPage:
    """Scan one page's HTML."""
    tree = LexborHTMLParser(data)
    page = ScannedPage(file)
    for node in tree.tags("html")[:1]:
        page.html_lang = node.attrs.get("lang") or ""
    page.ids = [node.id or "" for node in tree.css("[id]")]
    for tag, attr in _URL_TAGS:
        for node in tree.tags(tag):
            attrs = node.attrs
            value = attrs.get(attr)
            if value is not None:
                rel = attrs.get("rel") or ""
                if tag == "link" and rel == "canonical":
                    page.canonical = value
                page.refs.append(Ref(tag, attr, value.strip(), attrs.get("hreflang"), rel))
            if tag == "a" and attrs.get("name"):
                page.ids.append(attrs.get("name") or "")
            if tag in ("img", "source"):
                srcset = attrs.get("srcset")
                if srcset:
                    page.refs.extend(Ref(tag, "srcset", url) for url in srcset_urls(srcset))
    for node in tree.tags("meta"):
        if node.attrs.get("name") == "robots":
            page.noindex = "noindex" in (node.attrs.get("content") or "")
    return page


def scan_file(site: Path, file: str) -> ScannedPage:
    """Scan one page of a built site, given its path from the site root."""
    return scan_html((site / file).read_bytes(), file)


def scan_head(site: Path, file: str) -> ScannedPage:
    """Scan only the head of a page (its language, canonical URL and indexing status): the
    body, most of the bytes, is not parsed; the ids and URLs found are the head's only."""
    data = (site / file).read_bytes()
    end = data.find(b"</head>")
    return scan_html(data if end < 0 else data[: end + len(b"</head>")], file)
