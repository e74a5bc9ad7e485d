"""The structure of a Markdown page: headings and their ids, links, tables, code blocks, notes.

Translations must keep the structure of their English page; the parity checks compare what
this module reads from both files.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from pymdownx.slugs import slugify

from scripts.content.frontmatter import Page

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ATTR_ID = re.compile(r"\s*\{[^}]*?#([\w:.-]+)[^}]*\}\s*$")
_LINK = re.compile(r"(?<!!)\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_HTML_LINK = re.compile(r"<a\s[^>]*href=\"([^\"]+)\"", re.I)
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$")
_ADMONITION = re.compile(r"^\s*(!!!|\?\?\?\+?)\s+\w")
_FOOTNOTE_DEF = re.compile(r"^\[\^[^\]]+\]:\s*")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_SLUG = slugify(case="lower")


@dataclass(frozen=True)
class Heading:
    """A heading: its level, its text, its id (explicit, or the one MkDocs makes), its line."""

    level: int
    text: str
    id: str
    explicit: bool
    line: int


@dataclass
class Structure:
    """What a page is made of, with the line of each item."""

    headings: list[Heading] = field(default_factory=list)
    links: list[tuple[str, int]] = field(default_factory=list)
    tables: list[int] = field(default_factory=list)
    code_blocks: list[int] = field(default_factory=list)
    admonitions: list[int] = field(default_factory=list)

    def internal_targets(self) -> Counter[str]:
        """Targets of links to other pages of the site (path part, no anchor)."""
        return Counter(
            target.split("#")[0]
            for target, _ in self.links
            if not re.match(r"^[a-z][a-z0-9+.-]*:", target)
            and not target.startswith(("#", "/"))
            and target.split("#")[0]
        )


def plain_text(text: str) -> str:
    """Inline Markdown without its markup: code spans, emphasis and links become their text."""
    return re.sub(r"`([^`]*)`|\*\*?|__?|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or m.group(2) or "", text)


def heading_id(text: str) -> str:
    """The id MkDocs gives a heading without an explicit one (toc slugify of mkdocs.yml)."""
    return _SLUG(plain_text(text), "-")


def read_structure(page: Page) -> Structure:
    """The structure of a page's body (line numbers are those of the file).

    Read once per version of the body: the snapshot, gate 1's parity checks (an English page
    for each of its translations) and the translation states all ask for it. The result is
    shared: callers never change it.
    """
    return _structure(page.body, page.body_line)


@functools.lru_cache(maxsize=4096)
def _structure(body: str, body_line: int) -> Structure:
    out = Structure()
    fence: str | None = None
    prose: list[str] = []  # the body with code blanked out, line for line
    for offset, raw in enumerate(body.split("\n")):
        number = body_line + offset
        match = _FENCE.match(raw)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            prose.append("")
            continue
        if match:
            fence = match.group(1)
            out.code_blocks.append(number)
            prose.append("")
            continue
        line = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), raw)
        prose.append(_FOOTNOTE_DEF.sub("", line))
        heading = _HEADING.match(line)
        if heading:
            text = heading.group(2)
            explicit = _ATTR_ID.search(text)
            if explicit:
                text = text[: explicit.start()]
            out.headings.append(
                Heading(
                    len(heading.group(1)),
                    text.strip(),
                    explicit.group(1) if explicit else heading_id(text.strip()),
                    bool(explicit),
                    number,
                )
            )
        if _TABLE_RULE.match(line):
            out.tables.append(number)
        if _ADMONITION.match(line):
            out.admonitions.append(number)
    # Links may wrap over several lines: find them in the whole text.
    text = "\n".join(prose)
    for pattern in (_LINK, _AUTOLINK, _HTML_LINK):
        for m in pattern.finditer(text):
            out.links.append((m.group(1), body_line + text.count("\n", 0, m.start())))
    out.links.sort(key=lambda item: item[1])
    return out
