"""Raw HTML in Markdown that could run code or load foreign content is refused.

Scans the Markdown of every page outside code blocks and code spans, after decoding HTML
entities (so `java&#115;cript:` is caught), for: script-running or embedding elements, `on*`
event attributes (in HTML tags and in attribute lists `{ ... }`), script URLs, and styles
that load resources with url().
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

from scripts.checks.findings import Finding

RULE = "unsafe-html"
REFUSED_ELEMENTS = {
    "script": "runs code",
    "iframe": "embeds another site",
    "frame": "embeds another site",
    "frameset": "embeds another site",
    "object": "embeds active content",
    "embed": "embeds active content",
    "applet": "embeds active content",
    "base": "changes where every link of the page goes",
    "form": "sends readers' input elsewhere",
    "meta": "can redirect the page",
    "link": "can load a foreign stylesheet",
    "svg": "can carry scripts (use an image file instead)",
    "math": "can carry scripts",
}
_ELEMENT = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9-]*)")
_EVENT_ATTR = re.compile(r"<[a-zA-Z][^>]*?(?<=[\s\"'/])(on[a-zA-Z]+)\s*=|\{[^}\n]*?\b(on[a-zA-Z]+)\s*=")
_SCRIPT_URL = re.compile(r"(?i)\b(java\s*script|vb\s*script|data\s*:\s*text/html)\s*:?")
_URL_CONTEXT = re.compile(
    r"""(?ix)
    (?:\b(?:href|src|action|formaction|data|xlink:href|poster|background)\s*=\s*["']?\s*   # HTML attribute
      |\]\(\s*<?\s*                                                                        # Markdown link
      |^\s*\[[^\]]+\]:\s*<?\s*                                                             # reference definition
      |<)                                                                                  # autolink
    (?:java\s*script|vb\s*script|data\s*:\s*text/html)\s*:?
    """
)
_STYLE_URL = re.compile(r"(?is)\bstyle\s*=\s*([\"']).*?\b(?:url|expression)\s*\(.*?\1")
_STYLE_ELEMENT = re.compile(r"(?i)<\s*style\b")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def prose_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, text) for every line outside fenced code, with code spans blanked."""
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        match = _FENCE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if match:
            fence = match.group(1)
            continue
        yield number, _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def scan(text: str, file: str, first_line: int = 1) -> list[Finding]:
    """Findings for one Markdown text (first_line: where the text starts in its file)."""
    out = []
    fix = "remove it: pages may use Markdown and plain HTML that runs nothing and loads nothing"

    def add(number: int, message: str) -> None:
        out.append(Finding(RULE, file, number + first_line - 1, message, fix))

    for number, raw in prose_lines(text):
        line = html.unescape(raw)
        for match in _ELEMENT.finditer(line):
            name = match.group(1).lower()
            if name in REFUSED_ELEMENTS and not match.group(0).lstrip("<").lstrip().startswith("/"):
                add(number, f"<{name}> element: it {REFUSED_ELEMENTS[name]}")
        for match in _EVENT_ATTR.finditer(line):
            add(number, f"event attribute '{match.group(1) or match.group(2)}=' runs script")
        if _URL_CONTEXT.search(line):
            add(number, f"script URL '{_SCRIPT_URL.search(line).group(0)}' runs code when followed")
        if _STYLE_URL.search(line):
            add(number, "style attribute with url() or expression() loads or runs content")
        if _STYLE_ELEMENT.search(line):
            add(number, "<style> element: page styles belong in overrides/assets/stylesheets/")
    return out


def scan_file(path: Path, label: str) -> list[Finding]:
    """Findings for one Markdown file (front matter included: it is rendered in templates)."""
    return scan(path.read_text(encoding="utf-8"), label)
