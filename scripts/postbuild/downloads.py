"""The PDF editions page: every PDF on disk with its language, pages, size and SHA-256.

Filled in after the PDFs exist, from the files themselves: the built page of each language
carries a marker (docs/<code>/downloads.md) that this step replaces with the table.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from mkdocs.utils import get_relative_url
from pypdf import PdfReader

from scripts.content import languages, papers
from scripts.project import OVERRIDES

MARKER = "<!-- postbuild/downloads.py: table -->"
PAGE = "downloads/index.html"
_PDF = re.compile(r"^(?:(?P<code>[a-z]{2,3}(?:-[A-Za-z]+)?)/)?papers/(?P<id>[a-z0-9-]+)/(?P=id)-(?P<lang>[^/]+)\.pdf$")


class DownloadsError(RuntimeError):
    """The downloads page could not be made."""


@dataclass(frozen=True)
class PdfFile:
    """One PDF edition as found on disk."""

    file: str
    paper_id: str
    code: str
    pages: int
    size: int
    sha256: str


def find_pdfs(site: Path) -> list[PdfFile]:
    """Every paper PDF of the built site, measured from the file itself."""
    out = []
    for path in sorted(site.rglob("*.pdf")):
        rel = path.relative_to(site).as_posix()
        match = _PDF.match(rel)
        if not match:
            continue
        data = path.read_bytes()
        out.append(
            PdfFile(
                rel,
                match.group("id"),
                match.group("lang"),
                len(PdfReader(path).pages),
                len(data),
                hashlib.sha256(data).hexdigest(),
            )
        )
    return out


def human_size(size: int) -> str:
    """e.g. 245 KB."""
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def fill(site: Path) -> int:
    """Replace the marker in every built downloads page; return the number of PDFs listed."""
    pdfs = find_pdfs(site)
    titles = {p.id: {code: v.title for code, v in papers.translations(p.id).items()} for p in papers.english()}
    env = Environment(loader=FileSystemLoader(OVERRIDES / "partials"), autoescape=select_autoescape(["html"]))
    template = env.get_template("downloads-table.html")
    for lang in languages.languages():
        page = site / lang.prefix / PAGE
        if not page.is_file():
            continue
        html = page.read_text(encoding="utf-8")
        if MARKER not in html:
            raise DownloadsError(f"{page}: the marker {MARKER} is missing (docs/{lang.code}/downloads.md)")
        page_url = lang.prefix + "downloads/"
        rows = [
            {
                "title": titles.get(p.paper_id, {}).get(p.code, p.paper_id),
                "title_lang": p.code,
                "language": languages.get(p.code).name if p.code in languages.codes() else p.code,
                "code": p.code,
                "href": get_relative_url(p.file, page_url),
                "name": Path(p.file).name,
                "pages": p.pages,
                "size": human_size(p.size),
                "bytes": p.size,
                "sha256": p.sha256,
            }
            for p in pdfs
        ]
        table = template.render(rows=rows, ui=languages.ui(lang.code))
        page.write_text(html.replace(MARKER, table), encoding="utf-8")
    return len(pdfs)
