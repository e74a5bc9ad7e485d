"""Gate 2: a tree built for publishing names no local address, in any file it publishes.

Pages, feeds, sitemaps, robots.txt, search indexes, headers files and the PDF editions (their
text, link annotations and metadata) are read; the PDFs' text layer is the one the PDF gate's
workers read (scripts/pdf/textlayer.py), not a second extraction. Files copied unchanged from
the theme are not the build's output and are skipped (Material's source maps mention localhost
in comments).
A `make serve` tree is built for a local address on purpose and is not checked. A local
address shown as inline code on a page (the contributor guide tells translators to open
`make serve`'s address) is documentation, not the build's output: it is the one exception.
"""

from __future__ import annotations

import functools
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from scripts.built import buildmark
from scripts.checks import pdfs
from scripts.checks.findings import Finding
from scripts.pdf import textlayer

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


def _pdf_objects(path: Path, text: str | None) -> tuple[str, str]:
    """A PDF's text layer (`text` when the PDF gate has read it already) and its link
    annotations, metadata and every other object, decompressed, as text."""
    import pikepdf

    parts = []
    with pikepdf.open(path) as pdf:
        if text is None:
            text = textlayer.text(textlayer.pages(pdf))
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                parts.append(obj.stream_dict.unparse(resolved=True).decode("latin-1"))
                if obj.get("/Type") == "/Metadata":  # XMP; content streams hold glyph ids, not text
                    parts.append(obj.read_bytes().decode("utf-8", errors="replace"))
            elif isinstance(obj, (pikepdf.Dictionary, pikepdf.Array)):
                parts.append(obj.unparse(resolved=True).decode("latin-1"))
        for value in pdf.docinfo.values():
            parts.append(str(value))
    return text, "\n".join(parts)


def _pdf_file(path: Path, rel: str, label: str, text: str | None) -> list[Finding]:
    import pikepdf

    try:
        text, objects = _pdf_objects(path, text)
    except pikepdf.PdfError as exc:
        return [Finding(RULES[0], f"{label}/{rel}", None, f"not a readable PDF: {exc}", "rebuild with `make build`")]
    found = []
    for where, searched in (("text", text), ("links or metadata", objects)):
        match = LOCAL.search(searched)
        if match:
            context = searched[max(0, match.start() - 30) : match.end() + 30].replace("\n", " ").strip()
            message = f"a local address in the PDF's {where}: …{context}…"
            found.append(Finding(RULES[0], f"{label}/{rel}", None, message, FIX_BUILD))
    return found


def check(site: Path, label: str, pdf_run: pdfs.PdfRun | None = None) -> list[Finding]:
    """Every published file of a publishing build, searched for 127.0.0.1, localhost and [::1].

    pdf_run: the PDF gate's run (pdfs.start_checks) on the same site, whose workers read each
    PDF's text layer; without it the PDFs' text is read here.
    """
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
    pdf_files = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or rel == buildmark.FILE or rel.startswith("."):
            continue
        if path.suffix == ".pdf":
            pdf_files.append((path, rel))
        elif path.suffix not in BINARY and not _from_theme(path, rel):
            found += _text_file(path, rel, label)
    texts = pdfs.texts(pdf_run) if pdf_run is not None and pdf_files else {}
    with ThreadPoolExecutor() as pool:
        for result in pool.map(lambda item: _pdf_file(*item, label, texts.get(item[1])), pdf_files):
            found += result
    return found
