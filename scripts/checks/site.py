"""Gate 2: the built site, read from disk (no server).

Every page is scanned once (in parallel), then every reference is resolved against the set
of files and the anchors of each page. Besides broken links, anchors, images and files, it
reports what only a multilingual site gets wrong: links from one language's tree into
another's, anchors that exist on the English page but not on its translation, and
`<html lang>` values that do not match the page's language.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from scripts.built import htmlscan
from scripts.checks.findings import ERROR, Finding
from scripts.content import languages
from scripts.project import DOCS

RULES = [
    "link-page",
    "link-anchor",
    "link-image",
    "link-file",
    "link-md",
    "mailto",
    "unsafe-url",
    "cross-language",
    "html-lang",
    "duplicate-id",
    "sitemap",
]
DOWNLOADS = (".pdf", ".zip", ".epub", ".csv", ".xlsx", ".docx", ".odt")
_MAILTO = re.compile(r"^[^@\s,;<>()]+@[^@\s,;<>()]+\.[A-Za-z]{2,}$")
_UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


@dataclass
class SiteIndex:
    """What the checker knows about a built site."""

    root: Path
    base_path: str  # the path of site_url, e.g. "/" or "/repo/"
    files: set[str] = field(default_factory=set)
    dirs: set[str] = field(default_factory=set)
    pages: dict[str, htmlscan.ScannedPage] = field(default_factory=dict)
    ids: dict[str, set[str]] = field(default_factory=dict)


def _list_files(root: Path) -> tuple[set[str], set[str]]:
    files, dirs = set(), {""}
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        rel = "" if rel == "." else rel.replace(os.sep, "/")
        for d in dirnames:
            dirs.add(f"{rel}/{d}" if rel else d)
        for f in filenames:
            files.add(f"{rel}/{f}" if rel else f)
    return files, dirs


def _scan_chunk(args: tuple[str, list[str]]) -> list[htmlscan.ScannedPage]:
    root, files = args
    return [htmlscan.scan_file(Path(root), f) for f in files]


def _scan_all(root: Path, html: list[str], workers: int) -> Iterator[htmlscan.ScannedPage]:
    """Scan pages in worker processes, the main process taking its share instead of waiting."""
    if workers <= 1 or len(html) < 200:
        yield from _scan_chunk((str(root), html))
        return
    share = len(html) // workers
    mine, theirs = html[:share], html[share:]
    size = max(50, len(theirs) // (workers - 1) // 2)
    chunks = [(str(root), theirs[i : i + size]) for i in range(0, len(theirs), size)]
    with ProcessPoolExecutor(max_workers=workers - 1) as pool:
        results = pool.map(_scan_chunk, chunks)
        yield from _scan_chunk((str(root), mine))
        for result in results:
            yield from result


def index_site(root: Path, site_url: str, workers: int | None = None) -> SiteIndex:
    """List the site's files and scan every HTML page."""
    index = SiteIndex(root, urlsplit(site_url).path or "/")
    if not index.base_path.endswith("/"):
        index.base_path += "/"
    index.files, index.dirs = _list_files(root)
    html = sorted(f for f in index.files if f.endswith(".html"))
    for page in _scan_all(root, html, workers or os.cpu_count() or 1):
        index.pages[page.file] = page
        index.ids[page.file] = set(page.ids)
    return index


def tree_of(path: str) -> str:
    """The language code whose tree holds a site path."""
    return languages.split_path(path)[0].code


def line_of(root: Path, file: str, needle: str) -> int | None:
    """The line of a built file where a value first appears (for reports)."""
    try:
        text = (root / file).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    pos = text.find(needle)
    return text.count("\n", 0, pos) + 1 if pos >= 0 else None


def source_hint(file: str) -> str:
    """The Markdown source a built page most likely comes from."""
    lang, key = languages.split_path(file.removesuffix("index.html"))
    stem = key.rstrip("/") or "index"
    for code in (lang.code, languages.default().code):
        for candidate in (f"docs/{code}/{stem}.md", f"docs/{code}/{stem}/index.md"):
            if (DOCS.parent / candidate).is_file():
                return candidate
    return "the page's Markdown source"


class _Where:
    """The source hint of a page, worked out only if a finding needs it."""

    def __init__(self, file: str) -> None:
        self.file = file

    def __str__(self) -> str:
        return source_hint(self.file)


class Checker:
    """Resolve every reference of every page of an indexed site."""

    def __init__(self, index: SiteIndex, site_label: str) -> None:
        self.index = index
        self.label = site_label
        self.findings: list[Finding] = []
        self.external: dict[str, list[str]] = {}
        self._resolved: dict[tuple[str, str], str | None] = {}
        self._trees: dict[str, str] = {}
        self.site_url = ""

    def add(self, rule: str, file: str, needle: str | None, message: str, fix: str, severity: str = ERROR) -> None:
        line = line_of(self.index.root, file, needle) if needle else None
        self.findings.append(Finding(rule, f"{self.label}/{file}", line, message, fix, severity))

    def resolve(self, directory: str, path: str) -> str | None:
        """A URL path (no query, no fragment) seen from a directory, as a site file (None: outside)."""
        # '../x/' from 'a/b' is 'x/' from 'a': folding leading '../' lets pages share cache entries.
        while path.startswith("../") and directory:
            directory, path = posixpath.dirname(directory), path[3:]
        key = (directory, path)
        if key in self._resolved:
            return self._resolved[key]
        if path.startswith("/"):
            result = path[len(self.index.base_path) :] if path.startswith(self.index.base_path) else None
        else:
            result = posixpath.join(directory, unquote(path)) if directory else unquote(path)
        if result is not None:
            trailing = result.endswith("/") or result == ""
            result = posixpath.normpath(result) if result else "."
            if result.startswith(".."):
                result = None
            else:
                result = "" if result == "." else result
                if trailing or result in self.index.dirs:
                    result = f"{result}/index.html" if result else "index.html"
        self._resolved[key] = result
        return result

    def tree(self, path: str) -> str:
        """tree_of(), cached: most targets are linked from many pages."""
        code = self._trees.get(path)
        if code is None:
            code = self._trees[path] = tree_of(path)
        return code

    def check_scheme(self, page: htmlscan.ScannedPage, ref: htmlscan.Ref) -> str | None:
        """Handle a URL with a scheme; return it as a site path if it is an internal absolute URL."""
        url = ref.url
        lower = url.lower()
        if lower.startswith("mailto:"):
            address = unquote(url[7:].split("?")[0])
            if not address or not all(_MAILTO.match(a.strip()) for a in address.split(",")):
                self.add("mailto", page.file, url, f"malformed e-mail link '{url}'", "write mailto:name@example.org")
            return None
        if lower.startswith(_UNSAFE_SCHEMES):
            self.add("unsafe-url", page.file, url, f"script URL '{url[:40]}'", "remove it; links must be http(s)")
            return None
        if lower.startswith(("http://", "https://", "//")):
            if self.site_url and lower.startswith(self.site_url.lower()):
                return self.index.base_path + url[len(self.site_url) :]
            if not (ref.tag == "link" and ref.rel == "canonical"):
                self.external.setdefault(url, []).append(page.file)
        return None  # tel:, data: images and other non-navigational schemes

    def check_ref(self, page: htmlscan.ScannedPage, directory: str, ref: htmlscan.Ref, page_tree: str) -> None:
        url = ref.url
        colon = url.find(":")
        if (colon >= 0 and "/" not in url[:colon]) or url.startswith("//"):
            internal = self.check_scheme(page, ref)
            if internal is None:
                return
            url = internal
        path, _, fragment = url.partition("#")
        if "?" in path:
            path = path.split("?")[0]
        target = self.resolve(directory, path) if path else page.file
        if target is None:
            self.add(
                "link-page",
                page.file,
                ref.url,
                f"link '{ref.url}' points outside the site",
                f"fix it in {_Where(page.file)}",
            )
            return
        if target not in self.index.files:
            self.add_missing_target(page.file, ref, path, target)
            return
        is_link = ref.tag == "a" or ref.tag == "area"
        if fragment and is_link and target.endswith(".html"):
            anchor = unquote(fragment)
            if anchor not in self.index.ids.get(target, ()):
                self.add_missing_anchor(page.file, ref.url, target, anchor, _Where(page.file))
        if is_link and ref.hreflang is None and target.endswith((".html", *DOWNLOADS)):
            target_tree = self.tree(target)
            if target_tree != page_tree:
                self.add(
                    "cross-language",
                    page.file,
                    ref.url,
                    f"page of '{page_tree}' links into the '{target_tree}' tree ('{ref.url}')",
                    f"in {_Where(page.file)}, link to the page in its own language (a relative .md link), "
                    f'or mark a deliberate link to another language with hreflang="{target_tree}"',
                )

    def add_missing_target(self, file: str, ref: htmlscan.Ref, path: str, target: str) -> None:
        where, url = _Where(file), ref.url
        if path.endswith(".md"):
            self.add(
                "link-md",
                file,
                url,
                f"link '{url}' to a Markdown file was not converted",
                f"in {where}, link to an existing page's .md file with a relative path",
            )
        elif ref.tag in ("img", "source"):
            self.add("link-image", file, url, f"image '{url}' does not exist", f"fix it in {where}")
        elif target.endswith(DOWNLOADS):
            self.add("link-file", file, url, f"file '{url}' does not exist", f"fix it in {where}")
        else:
            self.add("link-page", file, url, f"link '{url}' leads to no page", f"fix it in {where}")

    def add_missing_anchor(self, file: str, url: str, target: str, anchor: str, where: _Where) -> None:
        lang, key = languages.split_path(target)
        english = languages.default().prefix + key
        fix = f"fix the link in {where}, or add the heading it points to"
        if not lang.default and anchor in self.index.ids.get(english, ()):
            fix = (
                f"the English page has '#{anchor}': keep the English heading id in the translation, "
                f"e.g. '## Translated heading {{#{anchor}}}' in {source_hint(target)}"
            )
        self.add("link-anchor", file, url, f"anchor '#{anchor}' does not exist on {target}", fix)

    def check_page(self, page: htmlscan.ScannedPage) -> None:
        page_tree = self.tree(page.file)
        expected = page_tree
        if page.html_lang != expected:
            self.add(
                "html-lang",
                page.file,
                "<html",
                f"<html lang=\"{page.html_lang}\"> on a page of the '{expected}' tree",
                "the page must be built by its language's build (check docs/ and the 404 hook)",
            )
        for anchor, count in Counter(page.ids).items():
            if count > 1:
                self.add(
                    "duplicate-id",
                    page.file,
                    f'id="{anchor}"',
                    f"id '{anchor}' is used {count} times",
                    f"give the headings or elements distinct ids in {source_hint(page.file)}",
                )
        directory = posixpath.dirname(page.file)
        for ref in page.refs:
            self.check_ref(page, directory, ref, page_tree)

    def check_sitemap(self) -> None:
        sitemap = self.index.root / "sitemap.xml"
        if not sitemap.is_file():
            return
        for match in re.finditer(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8")):
            loc = match.group(1)
            if self.site_url and loc.startswith(self.site_url):
                target = self.resolve("", self.index.base_path + loc[len(self.site_url) :])
                if target not in self.index.files:
                    self.add("sitemap", "sitemap.xml", loc, f"sitemap lists '{loc}', which does not exist", "rebuild")

    def run(self, site_url: str) -> list[Finding]:
        self.site_url = site_url
        for page in self.index.pages.values():
            self.check_page(page)
        self.check_sitemap()
        return self.findings


def check_built_site(
    root: Path, site_url: str, label: str | None = None, workers: int | None = None
) -> tuple[list[Finding], dict[str, list[str]]]:
    """Check a built site; return the findings and the external URLs with the pages using them."""
    index = index_site(root, site_url, workers)
    checker = Checker(index, label or root.name)
    findings = checker.run(site_url)
    if not index.pages:
        findings.append(Finding("link-page", label or str(root), None, "no HTML pages found", "build the site first"))
    return findings, checker.external
