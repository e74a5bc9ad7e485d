"""The Downloads page: the indicator library's files and the PDF editions, in one step.

After the PDFs exist, this step writes the indicator downloads (scripts/postbuild/indicators.py)
and replaces the marker of each language's built Downloads page (docs/<code>/downloads.md)
with one list of rows: every file with its language, size and SHA-256, and a PDF's page count
as recorded when it was rendered (scripts/pdf/editions.py; nothing is parsed here).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from mkdocs.utils import get_relative_url

from scripts.build.hookutils import render
from scripts.content import languages, snapshot
from scripts.postbuild import indicators

MARKER = "<!-- postbuild/downloads.py: table -->"
PAGE = "downloads/index.html"


class DownloadsError(RuntimeError):
    """The downloads page could not be made."""


def human_size(size: int) -> str:
    """e.g. 245 KB."""
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def _name(code: str) -> str:
    return languages.get(code).name if code in languages.codes() else code


def rows(
    site: Path, page_url: str, ui: dict[str, Any], pdfs: list[dict[str, Any]], written: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Every download listed on one language's page: indicator files, the schema, then the PDFs."""
    content = snapshot.get()
    out: list[dict[str, Any]] = []
    for w in written:
        out.append(
            {
                "kind": "indicators",
                "file": w["file"],
                "code": w["code"],
                "text": Path(w["file"]).name,
                "language": _name(w["code"]),
                "third": ui["indicators"][w["format"]],
                "bytes": w["bytes"],
                "sha256": w["sha256"],
            }
        )
    schema_data = (site / indicators.SCHEMA_PATH).read_bytes()
    out.append(
        {
            "kind": "schema",
            "file": indicators.SCHEMA_PATH,
            "code": None,
            "text": Path(indicators.SCHEMA_PATH).name,
            "language": "—",
            "third": ui["indicators"]["schema"],
            "bytes": len(schema_data),
            "sha256": hashlib.sha256(schema_data).hexdigest(),
        }
    )
    for p in pdfs:
        versions = content.paper_versions(p["paper_id"])
        out.append(
            {
                "kind": "pdf",
                "file": p["file"],
                "code": p["code"],
                "text": versions[p["code"]].title if p["code"] in versions else p["paper_id"],
                "title_lang": p["code"],
                "language": _name(p["code"]),
                "third": p["pages"],
                "pages": p["pages"],
                "bytes": p["bytes"],
                "sha256": p["sha256"],
            }
        )
    for r in out:
        r.setdefault("pages", None)
        r["href"] = get_relative_url(r["file"], page_url)
        r["size"] = human_size(r["bytes"])
    return out


def make(site: Path, site_url: str, pdfs: list[dict[str, Any]]) -> dict[str, int]:
    """Write the indicator downloads, then fill every built Downloads page; return what was listed."""
    written = indicators.write(site, site_url)
    for lang in languages.languages():
        page = site / lang.prefix / PAGE
        if not page.is_file():
            continue
        html = page.read_text(encoding="utf-8")
        if MARKER not in html:
            raise DownloadsError(f"{page}: the marker {MARKER} is missing (docs/{lang.code}/downloads.md)")
        ui = snapshot.get().strings(lang.code)
        listed = rows(site, lang.prefix + "downloads/", ui, pdfs, written)
        page.write_text(
            html.replace(MARKER, render(None, "partials/downloads-table.html", rows=listed, ui=ui)), "utf-8"
        )
    return {"pdfs": len(pdfs), "indicator_files": len(written)}
