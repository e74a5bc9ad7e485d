"""Raw HTML, links and data values that could run code or load foreign content are refused.

Markdown: the prose (outside code blocks and code spans) is parsed as a whole with a real HTML
parser, so entities are decoded and a tag spread over several lines is one element, and
checked for script-running or embedding elements, `on*` event attributes (also in attribute
lists `{ ... }`), styles that load resources, and URLs (HTML attributes, Markdown links,
reference definitions, autolinks) whose scheme is not http, https or mailto, seen as a browser
sees them (tabs and newlines dropped: `jav&#x0A;ascript:` is `javascript:`).

YAML data (front matter, ui.yml, glossary.yml): every decoded value, escapes such as
"\\x3cscript>" included, must be plain text: no markup, no URL with another scheme.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import yaml
from selectolax.lexbor import LexborHTMLParser

from scripts.checks.findings import Finding
from scripts.checks.urlscheme import ALLOWED_SCHEMES, URL_ATTRIBUTES, url_scheme
from scripts.content import sourcefile

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
    "style": "styles pages from inside a page (site styles live in overrides/assets/stylesheets/)",
    "portal": "embeds another site",
}
SCRIPT_SCHEMES = {"javascript", "vbscript", "data"}
_ATTR_LIST_EVENT = re.compile(r"\{[^}\n]*?\b(on[a-zA-Z]+)\s*=")
_STYLE_LOADS = re.compile(r"(?is)\b(?:url|expression|image-set)\s*\(|@import")
# Markdown link destinations: inline links, reference definitions, autolinks.
_MD_LINKS = re.compile(
    r"""\]\(\s*<?([^)\s>]+)                       # [text](url
      |^[ ]{0,3}\[(?!\^)[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)  # [ref]: url (not a footnote)
      |<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>  # <scheme:...>
    """,
    re.M | re.X,
)
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*>")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
# A value that looks like markup: a tag, a closing tag, a comment or a declaration.
_MARKUP = re.compile(r"<\s*[/!?]?\s*[A-Za-z]")
# Keys of data files whose values the templates put in href.
URL_KEYS = {"url", "href", "sources", "source", "link"}
_FIX = "remove it: pages may use Markdown and plain HTML that runs nothing and loads nothing"
_FIX_URL = "link with http:, https:, mailto: or a relative URL"


def prose(text: str) -> str:
    """The text with fenced code blocks and code spans blanked (line numbers kept)."""
    lines, fence = [], None
    for line in text.split("\n"):
        match = _FENCE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            lines.append("")
            continue
        if match:
            fence = match.group(1)
            lines.append("")
            continue
        lines.append(line)
    joined = "\n".join(lines)
    return _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), joined)


def _url_message(scheme: str, where: str) -> str:
    if scheme in SCRIPT_SCHEMES:
        return f"script URL '{scheme}:' in {where} runs code when followed"
    return f"'{scheme}:' URL in {where}: it opens a local or foreign resource, not a web page"


class _Lines:
    """Line numbers of elements in the source, found in document order."""

    def __init__(self, text: str) -> None:
        self.lower = text.lower()
        self.cursor = 0

    def of(self, tag: str) -> int | None:
        at = self.lower.find(f"<{tag}", self.cursor)
        if at < 0:
            return None
        self.cursor = at + 1
        return self.lower.count("\n", 0, at) + 1

    def line_at(self, at: int) -> int:
        return self.lower.count("\n", 0, at) + 1


def scan_html(text: str) -> Iterator[tuple[int | None, str, str]]:
    """(line, message, fix) for every unsafe element, attribute or URL of an HTML text."""
    tree = LexborHTMLParser(f"<body>{text}</body>")
    lines = _Lines(text)
    body = tree.body
    if body is None:
        return
    for node in body.traverse(include_text=False):
        tag = (node.tag or "").lower()
        if not tag or tag.startswith("-") or tag == "body":
            continue
        line = lines.of(tag)
        if tag in REFUSED_ELEMENTS:
            yield line, f"<{tag}> element: it {REFUSED_ELEMENTS[tag]}", _FIX
        for name, value in node.attributes.items():
            name = name.lower()
            if name.startswith("on"):
                yield line, f"event attribute '{name}=' runs script", _FIX
            elif name == "style" and value and _STYLE_LOADS.search(value):
                yield line, "style attribute with url() or expression() loads or runs content", _FIX
            elif name in URL_ATTRIBUTES and value:
                scheme = url_scheme(value)
                if scheme is not None and scheme not in ALLOWED_SCHEMES:
                    yield line, _url_message(scheme, f"<{tag} {name}>"), _FIX_URL


def scan(text: str, file: str, first_line: int = 1) -> list[Finding]:
    """Findings for one Markdown text (first_line: where the text starts in its file)."""
    out = []
    body = prose(text)
    lines = _Lines(body)

    def add(line: int | None, message: str, fix: str) -> None:
        out.append(Finding(RULE, file, (line or 1) + first_line - 1, message, fix))

    # Autolinks are Markdown, not tags: their URLs are checked below with the other links.
    for line, message, fix in scan_html(_AUTOLINK.sub(lambda m: " " * len(m.group(0)), body)):
        add(line, message, fix)
    for match in _ATTR_LIST_EVENT.finditer(body):
        add(lines.line_at(match.start()), f"event attribute '{match.group(1)}=' runs script", _FIX)
    for match in _MD_LINKS.finditer(body):
        url = html.unescape(next(g for g in match.groups() if g is not None))
        scheme = url_scheme(url)
        if scheme is not None and scheme not in ALLOWED_SCHEMES:
            add(lines.line_at(match.start()), _url_message(scheme, "a Markdown link"), _FIX_URL)
    return sorted(set(out), key=Finding.sort_key)


def _scalars(node: yaml.Node, key: str = "") -> Iterator[tuple[str, yaml.ScalarNode]]:
    """Every scalar value of a YAML tree, with the key it is under."""
    if isinstance(node, yaml.ScalarNode):
        yield key, node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item, key)
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            yield from _scalars(v, str(k.value))


def scan_value(value: str, key: str) -> Iterator[str]:
    """What is unsafe in one decoded data value (messages)."""
    decoded = html.unescape(value)
    if _MARKUP.search(decoded):
        yield f"'{key}' holds markup ({decoded[:40]!r}): data values are plain text, shown escaped"
    scheme = url_scheme(decoded)
    # A value is a link where a template puts it in href (sources, url) or when, as browsers
    # read it (tabs and newlines dropped), it is one word: "Note: text" is not a URL.
    one_word = not re.search(r"\s", re.sub(r"[\t\n\r]", "", decoded).strip())
    if scheme and scheme not in ALLOWED_SCHEMES and (key in URL_KEYS or one_word):
        yield f"'{key}' is a '{scheme}:' URL: only http:, https: and mailto: are allowed"


def scan_yaml(text: str, file: str, first_line: int = 1) -> list[Finding]:
    """Findings for the decoded values of a YAML text (first_line: where it starts in its file).

    A text that is not valid YAML gives nothing here: the file's own reader reports it.
    """
    try:
        root = yaml.compose(text, Loader=sourcefile.FAST_LOADER)
    except yaml.YAMLError:
        return []
    if root is None:
        return []
    fix = "write plain text (and http:, https: or mailto: URLs) in data files; the site adds all markup"
    return [
        Finding(RULE, file, node.start_mark.line + first_line, message, fix)
        for key, node in _scalars(root)
        for message in scan_value(str(node.value), key)
    ]


_FRONT = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.S)


def scan_file(path: Path, label: str) -> list[Finding]:
    """Findings for one Markdown file: its front matter's decoded values, then its body."""
    text = sourcefile.read_text(path)  # gate 1 reports an undecodable file before scanning it
    match = _FRONT.match(text)
    if not match:
        return scan(text, label)
    front_lines = text[: match.end()].count("\n")
    return scan_yaml(match.group(1) or "", label, 2) + scan(text[match.end() :], label, front_lines + 1)


def scan_data_file(path: Path, label: str) -> list[Finding]:
    """Findings for one YAML data file (ui.yml, glossary.yml)."""
    try:
        text = sourcefile.read_text(path)
    except sourcefile.SourceError:
        return []  # an undecodable file is reported once, by the ui-strings or glossary check
    return scan_yaml(text, label)
