"""Material's search-section parser, made faster with the same output.

Material's search plugin divides each page's HTML into sections (one per heading) with a
subclass of Python's `html.parser.HTMLParser`. It was about a tenth of each language's build.
`SectionParser` gives the same sections (title, text, id, heading) from the same HTML, with
two differences in how, not in what:

- the markup is read by one loop over the text with html.parser's own expressions for start
  tags and attributes, without its line counting and method calls per piece;
- Material compares elements by tag name (an open `<div>` "is" any other `<div>`); here the
  open elements are counted by tag name, so each such test is one dictionary lookup.

tests/test_search.py compares both parsers on the article of every built page and on hard markup.
overrides/hooks/search.py puts it in Material's place.
"""

from __future__ import annotations

import html.parser as stdlib
import re
from html import escape, unescape
from typing import Any

from material.plugins.search import plugin as material_search

# Material's own parser, for the pages the fast reader leaves to it, and its lists of tags.
MATERIAL_PARSER = material_search.Parser
_MATERIAL = MATERIAL_PARSER()
_SKIPPED = frozenset(_MATERIAL.skip)  # elements whose text is never indexed
_KEPT = frozenset(_MATERIAL.keep)  # elements kept as markup in the index
_VOID = frozenset(material_search.void)
_HEADINGS = frozenset(f"h{x}" for x in range(1, 7))
# Most tags: a plain name, then attributes that are names or name="value" with no quote inside.
_SIMPLE_TAG = re.compile(r'<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"]*")?)*)\s*(/?)>')
_SIMPLE_ATTR = re.compile(r'([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:(=)"([^"]*)")?')
_RAW_TEXT = {tag: re.compile(rf"</\s*{tag}\s*>", re.I) for tag in ("script", "style")}
# Material's sections and elements: the same objects as its parser gives.
Element, Section = material_search.Element, material_search.Section


class _UnusualMarkupError(Exception):
    """Markup the fast reader leaves to html.parser (declarations, unfinished or odd tags)."""


class SectionParser:
    """`feed(html)`, `close()`, then `data`: the sections, as Material's `Parser` gives them.

    A page with markup the fast reader does not handle (a `<!DOCTYPE>`, `<![CDATA[`, `<?`, an
    unfinished tag, an odd end tag) is read by Material's own parser instead.
    """

    def __init__(self) -> None:
        self.context: list[Element] = []
        self.open: dict[str, int] = {}  # tag -> how many elements of it are open
        self.skip: set[str] = set(_SKIPPED)  # tags whose elements' text is left out
        self.section: Section | None = None
        self.data: list[Any] = []
        self._raw: list[str] = []

    def feed(self, data: str) -> None:
        self._raw.append(data)

    def close(self) -> None:
        raw = "".join(self._raw)
        self._raw = []
        try:
            self._read(raw)
        except _UnusualMarkupError:
            material = MATERIAL_PARSER()
            material.feed(raw)
            material.close()
            self.data = material.data

    # Markup, read as html.parser reads a whole document (convert_charrefs: text unescaped).
    def _read(self, raw: str) -> None:
        i, n = 0, len(raw)
        find, startswith = raw.find, raw.startswith
        while i < n:
            j = find("<", i)
            if j < 0:
                j = n
            if i < j:
                self._text(unescape(raw[i:j]))
            i = j
            if i == n:
                break
            if i + 1 < n and raw[i + 1].isascii() and raw[i + 1].isalpha():
                i = self._start_tag(raw, i)
            elif startswith("</", i):
                i = self._end_tag(raw, i)
            elif startswith("<!--", i):
                close = stdlib.commentclose.search(raw, i + 4)
                if close is None:
                    raise _UnusualMarkupError
                i = close.end()
            elif startswith("<!", i) or startswith("<?", i):
                raise _UnusualMarkupError
            else:
                self._text("<")  # html.parser gives a lone "<" as text of its own
                i += 1

    def _start_tag(self, raw: str, i: int) -> int:
        simple = _SIMPLE_TAG.match(raw, i)
        if simple is not None:
            # What html.parser makes of a tag with double-quoted or bare-name attributes.
            tag, attributes, closed = simple.group(1, 2, 3)
            tag = tag.lower()
            attrs = {
                name.lower(): (value if "&" not in value else unescape(value)) if equals else None
                for name, equals, value in _SIMPLE_ATTR.findall(attributes)
            }
            self._starttag(tag, attrs)
            if closed:
                self._endtag(tag)
            elif tag in _RAW_TEXT:
                return self._raw_text(raw, tag, simple.end())
            return simple.end()
        found = stdlib.locatestarttagend_tolerant.match(raw, i)
        assert found is not None  # it matches any "<" and letter
        j = found.end()
        if raw.startswith(">", j):
            endpos = j + 1
        elif raw.startswith("/>", j):
            endpos = j + 2
        else:
            raise _UnusualMarkupError
        match = stdlib.tagfind_tolerant.match(raw, i + 1)
        assert match is not None
        k = match.end()
        tag = match.group(1).lower()
        attrs: dict[str, Any] = {}
        while k < endpos:
            attr = stdlib.attrfind_tolerant.match(raw, k)
            if not attr:
                break
            name, rest, value = attr.group(1, 2, 3)
            if not rest:
                value = None
            elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
                value = value[1:-1]
            if value:
                value = unescape(value)
            attrs[name.lower()] = value  # Material keeps the last of a repeated attribute
            k = attr.end()
        tail = raw[k:endpos].strip()
        if tail not in (">", "/>"):
            raise _UnusualMarkupError
        self._starttag(tag, attrs)
        if tail.endswith("/>"):
            self._endtag(tag)
        elif tag in _RAW_TEXT:
            return self._raw_text(raw, tag, endpos)
        return endpos

    def _raw_text(self, raw: str, tag: str, start: int) -> int:
        """A script's or style's content: text up to its end tag, taken as it is (never indexed)."""
        close = _RAW_TEXT[tag].search(raw, start)
        if close is None:
            raise _UnusualMarkupError
        if close.start() > start:
            self._text(raw[start : close.start()])
        self._endtag(tag)
        return close.end()

    def _end_tag(self, raw: str, i: int) -> int:
        # html.parser's end tag: up to the first ">", which is the end of this match.
        match = stdlib.endtagfind.match(raw, i)
        if match is None:
            raise _UnusualMarkupError
        self._endtag(match.group(1).lower())
        return match.end()

    # Material's Parser.handle_starttag, handle_endtag and handle_data, with elements counted by
    # tag name where Material compares them by tag name.
    def _push(self, el: Element) -> None:
        self.context.append(el)
        self.open[el.tag] = self.open.get(el.tag, 0) + 1

    def _skipping(self) -> bool:
        return not self.skip.isdisjoint(self.open)

    def _starttag(self, tag: str, attrs: dict[str, Any]) -> None:
        if tag in _VOID:
            return
        el = Element(tag, attrs)
        self._push(el)
        if tag in _HEADINGS:
            depth = len(self.context)
            if "id" in attrs:
                if tag != "h1" and not self.data:
                    self.section = Section(Element("hx"), depth)
                    self.data.append(self.section)
                self.section = Section(el, depth)
                if self.data:
                    self.section.id = attrs["id"]
                self.data.append(self.section)
        if not self.section:
            self.section = Section(Element("hx"))
            self.data.append(self.section)
        for key, value in attrs.items():
            if key == "data-search-exclude" or (key == "class" and value == "linenodiv"):
                self.skip.add(tag)
                return
        if tag in _KEPT and not self._skipping():
            data = self.section.title if self.section.el.tag in self.open else self.section.text
            data.append(f"<{tag}>")

    def _endtag(self, tag: str) -> None:
        if not self.context or self.context[-1].tag != tag:
            return
        assert self.section is not None
        if self.section.depth > len(self.context):
            for section in reversed(self.data):
                if section.depth <= len(self.context):
                    self.section.depth = float("inf")
                    self.section = section
                    break
        el = self.context.pop()
        count = self.open[tag] - 1
        if count:
            self.open[tag] = count
        else:
            del self.open[tag]
        if el.tag in self.skip:
            if tag not in _SKIPPED:
                self.skip.discard(tag)
            return
        if tag in _KEPT and not self._skipping():
            data = self.section.title if self.section.el.tag in self.open else self.section.text
            index = data.index(f"<{tag}>")
            for i in range(index + 1, len(data)):
                if not data[i].isspace():
                    index = len(data)
                    break
            if len(data) > index:
                del data[index:]
            else:
                data.append(f"</{tag}>")

    def _text(self, data: str) -> None:
        if self._skipping():
            return
        if "pre" not in self.open:
            data = data.replace("\n", " ") if not data.isspace() else " "
        if not self.section:
            self.section = Section(Element("hx"))
            self.data.append(self.section)
        if self.section.el.tag in self.open:
            if "a" in self.open and any(el.tag == "a" and el.attrs.get("class") == "headerlink" for el in self.context):
                return
            self.section.title.append(escape(data, quote=False))
        elif data.isspace():
            if not self.section.text or not self.section.text[-1].isspace() or "pre" in self.open:
                self.section.text.append(data)
        else:
            self.section.text.append(escape(data, quote=False))
