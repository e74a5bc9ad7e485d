"""From a built paper page to the article of its print edition: a chain of small transforms.

Each transform takes the parsed article and changes it in place; together they remove what
belongs to the screen (permalinks, notices, the header block, buttons, form controls), turn
footnotes into page footnotes, and make links absolute so they work in a circulated PDF.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scripts.build import footnotes
from scripts.pdf import typeset

SCREEN_ONLY = [
    "a.headerlink",
    # The web page's separator between adjacent footnote references (scripts/build/footnotes.py): the
    # print edition marks adjacency itself (`footnote-next`), so that its own comma cannot
    # be split from the marker.
    f"sup.{footnotes.SEPARATOR_CLASS}",
    ".paper-header",
    ".site-notice",
    ".paper-download",
    "label.task-list-control",
    "input",
    "script",
    "style",
]

LINK_SCHEMES = {"http", "https", "mailto"}


@dataclass(frozen=True)
class Article:
    """The article HTML of a print edition, and its table of contents."""

    html: str
    toc: list[dict[str, str | int]]
    lang: str
    dir: str | None


def _remove_screen_only(root: LexborNode, page_url: str) -> None:
    for selector in SCREEN_ONLY:
        for node in root.css(selector):
            node.decompose()


def _previous_marker(ref: LexborNode) -> bool:
    """Whether the node before `ref` (across whitespace, which is dropped) is a footnote marker."""
    node = ref.prev
    while node is not None and node.is_text_node and not (node.text_content or "").strip():
        node = node.prev
    if node is None or node.is_text_node:
        return False
    return bool({"footnote-call", "footnote-again"} & set((node.attributes.get("class") or "").split()))


def _marker(html: str, ref: LexborNode) -> None:
    """Put a marker in place of a reference, glued to what precedes it.

    Only a marker that directly follows another one is marked `footnote-next` (the stylesheet
    puts a comma before it): CSS sibling combinators ignore text, so `+` would also match two
    markers with a sentence between them. A word joiner keeps the marker on the line of the
    word (or marker) it follows; a number at the start of a line is a typesetting error.
    """
    if _previous_marker(ref):
        while ref.prev is not None and ref.prev.is_text_node:
            ref.prev.decompose()
        html = html.replace('class="', 'class="footnote-next ', 1)
    ref.insert_before(typeset.WORD_JOINER)
    ref.replace_with(LexborHTMLParser(html).body.child)


def _footnotes(root: LexborNode, page_url: str) -> None:
    """Python-Markdown footnotes become WeasyPrint footnotes at the foot of the page.

    A source cited again later is not printed again: the later call shows the number of its
    first footnote and links to it (footnote layout is most of WeasyPrint's time here).
    """
    notes: dict[str, str] = {}
    for item in root.css("div.footnote li[id]"):
        for backref in item.css("a.footnote-backref"):
            backref.decompose()
        paragraphs = item.css("p")
        notes["#" + (item.attributes.get("id") or "")] = " ".join(p.inner_html or "" for p in paragraphs).strip()
    numbers: dict[str, int] = {}
    for ref in root.css("sup[id^='fnref']"):
        link = ref.css_first("a.footnote-ref")
        target = link.attributes.get("href") or "" if link else ""
        text = notes.get(target)
        if text is None:
            continue
        anchor = "note-" + re.sub(r"[^A-Za-z0-9_-]", "-", target.lstrip("#"))
        if target in numbers:
            html = f'<sup class="footnote-again"><a href="#{anchor}">{numbers[target]}</a></sup>'
        else:
            numbers[target] = len(numbers) + 1
            html = f'<span class="footnote-call" id="{anchor}">{text}</span>'
        _marker(html, ref)
    for block in root.css("div.footnote"):
        block.decompose()


def _absolute_links(root: LexborNode, page_url: str) -> None:
    """Links made absolute; a link with another scheme than http, https or mailto is unlinked.

    A PDF turns every href into a link action a reader may follow (`file:`, `smb:`); gate 1
    reports such links in the sources, and the PDF never carries them.
    """
    for a in root.css("a[href]"):
        href = a.attributes.get("href") or ""
        if href.startswith("#"):
            continue
        target = urljoin(page_url, href)
        if urlsplit(target).scheme.lower() in LINK_SCHEMES:
            a.attrs["href"] = target
        else:
            del a.attrs["href"]


TRANSFORMS: list[Callable[[LexborNode, str], None]] = [_remove_screen_only, _footnotes, _absolute_links]


def extract(html: bytes, page_url: str) -> Article:
    """The article of a built paper page, ready for the print template."""
    tree = LexborHTMLParser(html)
    root = tree.css_first("article.md-content__inner")
    if root is None:
        raise ValueError("no <article class='md-content__inner'> in the page")
    for transform in TRANSFORMS:
        transform(root, page_url)
    toc = [
        {"level": int(h.tag[1]), "id": h.attributes["id"], "text": h.text().strip()} for h in root.css("h2[id], h3[id]")
    ]
    html_node = tree.css_first("html")
    body = tree.css_first("body")
    return Article(
        html=root.inner_html or "",
        toc=toc,
        lang=(html_node.attributes.get("lang") if html_node else None) or "en",
        dir=body.attributes.get("dir") if body else None,
    )
