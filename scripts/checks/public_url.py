"""Gate 2: a tree built for publishing names no local address, in any file it publishes.

Pages, feeds, sitemaps, robots.txt, search indexes, headers files and the PDF editions (their
text, link annotations and metadata) are read; files copied unchanged from the theme are not
the build's output and are skipped (Material's source maps mention localhost in comments).
A `make serve` tree is built for a local address on purpose and is not checked. A local
address shown as inline code on a page (the contributor guide tells translators to open
`make serve`'s address) is documentation, not the build's output: it is the one exception.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from scripts.built import buildmark
from scripts.checks.findings import Finding

RULES = ["local-address"]
BINARY = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2"}
CODE = re.compile(r"<code>[^<\n]*</code>")  # inline code, in pages and search indexes
LOCAL = re.compile(r"127\.0\.0\.1|localhost|\[::1\]", re.IGNORECASE)
FIX_BUILD = (
    "build for publishing with `make build` (public address: site_url in mkdocs.yml, or SITE_URL); "
    "`make serve` trees are for local viewing only"
)


@functools.cache
def _theme_dir() -> Path:
    import material

    return Path(material.__file__).parent / "templates"


def _from_theme(path: Path, rel: str) -> bool:
    """Whether a file is the theme's own, copied unchanged."""
    original = _theme_dir() / rel
    return (
        original.is_file()
        and original.stat().st_size == path.stat().st_size
        and original.read_bytes() == path.read_bytes()
    )


def _text_file(path: Path, rel: str, label: str) -> list[Finding]:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix in {".html", ".json"}:
        text = CODE.sub(lambda m: " " * len(m.group()), text)  # same length: lines stay right
    match = LOCAL.search(text)
    if not match:
        return []
    line = text.count("\n", 0, match.start()) + 1
    context = text[max(0, match.start() - 30) : match.end() + 30].replace("\n", " ").strip()
    return [Finding(RULES[0], f"{label}/{rel}", line, f"names a local address: …{context}…", FIX_BUILD)]


def _pdf_text(path: Path) -> str:
    """The text of every page (pdftotext, from Debian's poppler-utils)."""
    result = subprocess.run(
        ["pdftotext", "-q", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=False, timeout=120
    )
    return result.stdout.decode("utf-8", errors="replace")


def _pdf_objects(path: Path) -> str:
    """Link annotations, metadata and every other object of a PDF, decompressed, as text."""
    import pikepdf

    parts = []
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                parts.append(obj.stream_dict.unparse(resolved=True).decode("latin-1"))
                if obj.get("/Type") == "/Metadata":  # XMP; content streams hold glyph ids, not text
                    parts.append(obj.read_bytes().decode("utf-8", errors="replace"))
            elif isinstance(obj, (pikepdf.Dictionary, pikepdf.Array)):
                parts.append(obj.unparse(resolved=True).decode("latin-1"))
        for value in pdf.docinfo.values():
            parts.append(str(value))
    return "\n".join(parts)


def _pdf_file(path: Path, rel: str, label: str) -> list[Finding]:
    import pikepdf

    try:
        objects = _pdf_objects(path)
    except pikepdf.PdfError as exc:
        return [Finding(RULES[0], f"{label}/{rel}", None, f"not a readable PDF: {exc}", "rebuild with `make build`")]
    found = []
    for where, text in (("text", _pdf_text(path)), ("links or metadata", objects)):
        match = LOCAL.search(text)
        if match:
            context = text[max(0, match.start() - 30) : match.end() + 30].replace("\n", " ").strip()
            message = f"a local address in the PDF's {where}: …{context}…"
            found.append(Finding(RULES[0], f"{label}/{rel}", None, message, FIX_BUILD))
    return found


def check(site: Path, label: str) -> list[Finding]:
    """Every published file of a publishing build, searched for 127.0.0.1, localhost and [::1]."""
    mark = buildmark.read(site)
    if mark is not None and not mark.publishing:
        return []
    found: list[Finding] = []
    if mark is None:
        message = f"no {buildmark.FILE}: the tree does not say whether it was built for publishing"
        found.append(Finding(RULES[0], f"{label}/{buildmark.FILE}", None, message, "rebuild it with `make build`"))
    elif LOCAL.search(mark.site_url):
        message = f"built for publishing at the local address {mark.site_url}"
        found.append(Finding(RULES[0], f"{label}/{buildmark.FILE}", 1, message, FIX_BUILD))
    pdfs = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or rel == buildmark.FILE or rel.startswith("."):
            continue
        if path.suffix == ".pdf":
            pdfs.append((path, rel))
        elif path.suffix not in BINARY and not _from_theme(path, rel):
            found += _text_file(path, rel, label)
    if pdfs and shutil.which("pdftotext") is None:
        message = f"cannot read the text of {len(pdfs)} PDF(s): pdftotext is missing"
        return [*found, Finding(RULES[0], label, None, message, "run `make install` (poppler-utils)")]
    with ThreadPoolExecutor() as pool:
        for result in pool.map(lambda item: _pdf_file(item[0], item[1], label), pdfs):
            found += result
    return found
