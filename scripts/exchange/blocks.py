"""A page cut into translatable units, each with its place in the file.

Block structure comes from markdown-it-py (with the footnote, admonition and definition-list
plugins); each unit records the character span of its text in the file and the prefix of
each continuation line, so a new text can be put back into the same place and an unchanged
text gives the same bytes.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from scripts.content import frontmatter, mdstructure, translations

FRONT_MATTER = translations.FRONT_MATTER
TOP = translations.TOP

_HEADING = re.compile(r"^(?P<pre>[ \t]*#{1,6}[ \t]+)(?P<text>.*?)(?P<post>(?:[ \t]*\{[^{}]*\})?[ \t]*#*[ \t]*)$")
_ADMON_TITLE = re.compile(
    r'^(?P<pre>[ \t]*(?:!!!|\?\?\?\+?)[ \t]+[\w-]+(?:[ \t]+[\w-]+)*[ \t]+")(?P<text>.*)(?P<post>"[ \t]*)$'
)
_TASK = re.compile(r"\[[ xX]\][ \t]+")
_CELL_SPLIT = re.compile(r"(`+)(?:(?!\1).)*?\1|\\\||\|")


# Inline text that is not a block of its own: table cells and headings and admonition titles
# are cut from their lines instead.
_NOT_BLOCKS = ("th_open", "td_open", "heading_open", "admonition_title_open")


class SegmentError(ValueError):
    """A page cannot be cut into units (markup the exchange does not know)."""


@dataclass
class Unit:
    """One translatable block: its id, kind, text and where that text sits in the file."""

    section: str
    index: int
    kind: str
    text: str
    start: int  # character offsets of the text in the whole file
    end: int
    prefixes: list[str] = field(default_factory=list)  # of lines 2.. (container markers, indentation)
    trailings: list[str] = field(default_factory=list)  # trailing spaces of lines 1..n-1
    continuation: str = ""  # prefix for lines beyond the original count
    single_line: bool = False
    heading_id: str | None = None  # the id a heading must keep (explicit, or implied by its English text)
    explicit_id: bool = True
    field_path: tuple[str | int, ...] = ()  # front matter units: the path of the value

    @property
    def key(self) -> str:
        """Stable id inside the page: section id / block index (front matter: the field path)."""
        if self.field_path:
            return f"{self.section}/{'.'.join(str(p) for p in self.field_path)}"
        return f"{self.section}/{self.index}"


@functools.cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").use(footnote_plugin).use(admon_plugin).use(deflist_plugin)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def _lines_unit(
    text: str, starts: list[int], first: int, last: int, content: str, kind: str
) -> tuple[int, int, str, list[str], list[str], str]:
    """Span, text, prefixes and trailings of a block whose inline content spans lines first..last-1."""
    pieces = content.split("\n")
    if len(pieces) != last - first:
        raise SegmentError(f"line {first + 1}: a {kind} whose text does not follow its lines")
    texts, prefixes, trailings = [], [], []
    start = end = 0
    for i, piece in enumerate(pieces):
        line_start = starts[first + i]
        raw = text[line_start : starts[first + i + 1] - 1] if first + i + 1 < len(starts) else text[line_start:]
        stripped = raw.rstrip()
        body = piece.strip()
        if not stripped.endswith(body):
            raise SegmentError(f"line {first + i + 1}: cannot find the {kind}'s text on its line")
        cut = len(stripped) - len(body)
        if i == 0:
            start = line_start + cut
            first_prefix = raw[:cut]
        else:
            prefixes.append(raw[:cut])
        if i < len(pieces) - 1:
            trailings.append(raw[len(stripped) :])
        else:
            end = line_start + len(stripped)
        texts.append(body)
    if kind in ("list-item", "footnote", "definition"):
        continuation = re.sub(r"\S", " ", first_prefix)
    else:
        continuation = re.sub(r"\S.*", "", first_prefix) or ""
    if _TASK.match(texts[0]) and kind == "list-item":
        cut = _TASK.match(texts[0]).end()  # type: ignore[union-attr]
        start += cut
        texts[0] = texts[0][cut:]
    return start, end, "\n".join(texts), prefixes, trailings, continuation


def _cells(line: str, line_start: int) -> list[tuple[int, int]]:
    """Character spans of a table row's cells (stripped), pipes in code or escaped kept."""
    bounds = [m.start() for m in _CELL_SPLIT.finditer(line) if m.group(0) == "|"]
    stripped = line.rstrip()
    if not stripped.lstrip().startswith("|"):
        bounds.insert(0, -1)
    if not stripped.endswith("|") or (bounds and bounds[-1] != len(stripped) - 1):
        bounds.append(len(stripped))
    spans = []
    for a, b in itertools.pairwise(bounds):
        cell = line[a + 1 : b]
        left = len(cell) - len(cell.lstrip())
        spans.append((line_start + a + 1 + left, line_start + a + 1 + len(cell.rstrip())))
    return spans


def _container(stack: list[str]) -> str:
    for kind in reversed(stack):
        if kind in ("list-item", "footnote", "definition", "term", "admonition-body"):
            return kind
    return "paragraph"


def body_units(page: frontmatter.Page, text: str) -> list[Unit]:
    """The units of a page's body, in order; `text` is the whole file the page was split from."""
    offset = len(text) - len(page.body)
    starts = [offset + s for s in _line_starts(page.body)]
    headings = {h.line - page.body_line: h for h in mdstructure.read_structure(page).headings}
    out: list[Unit] = []
    where = {"section": TOP, "index": 0}

    def add(kind: str, start: int, end: int, body: str, **extra: object) -> None:
        section, index = str(where["section"]), int(where["index"])
        out.append(Unit(section, index, kind, body, start, end, **extra))  # type: ignore[arg-type]
        where["index"] = index + 1

    seen: dict[str, int] = {}
    stack: list[str] = []
    tokens: list[Token] = _parser().parse(page.body)
    for tok in tokens:
        if tok.type.endswith("_close") and tok.nesting == -1 and stack:
            stack.pop()
        elif tok.nesting == 1:
            stack.append(
                {
                    "list_item_open": "list-item",
                    "footnote_open": "footnote",
                    "admonition_open": "admonition-body",
                    "dt_open": "term",
                    "dd_open": "definition",
                    "table_open": "table",
                }.get(tok.type, tok.type)
            )

        if tok.type == "heading_open" and tok.map:
            line = tok.map[0]
            heading = headings.get(line)
            if heading is None:
                raise SegmentError(f"line {page.body_line + line}: a heading the structure reader does not see")
            key = translations.section_key(heading.id, seen)
            where.update(section=key, index=0)
            ls = starts[line]
            raw = text[ls : starts[line + 1] - 1] if line + 1 < len(starts) else text[ls:]
            m = _HEADING.match(raw)
            if not m:
                raise SegmentError(f"line {page.body_line + line}: a heading that is not '# text'")
            add(
                "heading",
                ls + m.start("text"),
                ls + m.end("text"),
                m.group("text"),
                single_line=True,
                heading_id=heading.id,
                explicit_id=heading.explicit,
            )
        elif tok.type == "admonition_open" and tok.map:
            line = tok.map[0]
            ls = starts[line]
            raw = text[ls : starts[line + 1] - 1] if line + 1 < len(starts) else text[ls:]
            m = _ADMON_TITLE.match(raw)
            if m:
                add("admonition-title", ls + m.start("text"), ls + m.end("text"), m.group("text"), single_line=True)
        elif tok.type == "tr_open" and tok.map:
            line = tok.map[0]
            ls = starts[line]
            raw = text[ls : starts[line + 1] - 1] if line + 1 < len(starts) else text[ls:]
            for a, b in _cells(raw, ls):
                add("table-cell", a, b, text[a:b], single_line=True)
        elif tok.type == "inline" and tok.map and stack and stack[-1] not in _NOT_BLOCKS:
            kind = _container(stack)
            start, end, body, prefixes, trailings, cont = _lines_unit(
                text, starts, tok.map[0], tok.map[1], tok.content, kind
            )
            add(kind, start, end, body, prefixes=prefixes, trailings=trailings, continuation=cont)
    return out


def _scalar_spans(raw: str, offset: int, fields: frozenset[str]) -> dict[tuple[str | int, ...], tuple[int, int]]:
    """Character spans of the translatable front matter values: top-level strings, `note` of list items."""
    root = yaml.compose(raw)
    spans: dict[tuple[str | int, ...], tuple[int, int]] = {}
    if not isinstance(root, yaml.MappingNode):
        return spans
    for key, value in root.value:
        if key.value not in fields:
            continue
        if isinstance(value, yaml.ScalarNode):
            spans[(key.value,)] = (offset + value.start_mark.index, offset + value.end_mark.index)
        elif isinstance(value, yaml.SequenceNode):
            for i, item in enumerate(value.value):
                if isinstance(item, yaml.MappingNode):
                    for k, v in item.value:
                        if k.value == "note" and isinstance(v, yaml.ScalarNode):
                            spans[(key.value, i, "note")] = (offset + v.start_mark.index, offset + v.end_mark.index)
    return spans


def front_units(page: frontmatter.Page, text: str) -> list[Unit]:
    """The translatable front matter values of a page, as units (text = the parsed value)."""
    match = re.match(r"\A(\ufeff?---[ \t]*\r?\n)(.*?\r?\n)?(?:---|\.\.\.)", text, re.S)
    if not match or not match.group(2):
        return []
    fields = translations.translatable(translations.page_kind(page.path))
    out = []
    for i, (path, (a, b)) in enumerate(_scalar_spans(match.group(2), match.end(1), fields).items()):
        value: object = page.meta
        for part in path:
            value = value[part]  # type: ignore[index]
        out.append(Unit(FRONT_MATTER, i, "front-matter", str(value), a, b, single_line=True, field_path=path))
    return out


def units(path: Path, text: str) -> list[Unit]:
    """Every unit of a page file: front matter values, then the body's blocks."""
    # Copies: callers may change a unit; the cached ones stay as parsed.
    return [replace(u, prefixes=list(u.prefixes), trailings=list(u.trailings)) for u in _units(path, text)]


@functools.lru_cache(maxsize=128)
def _units(path: Path, text: str) -> tuple[Unit, ...]:
    # An export, then an import, parse the same English and translated files several times.
    page = frontmatter.split(text, path)
    return tuple(front_units(page, text) + body_units(page, text))
