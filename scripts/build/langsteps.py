"""What a language process does to its own output after MkDocs, beside the other languages.

The site-wide steps that read every page are split by language and run here, in parallel:
the language's search index (entries segmented where the language needs it), the list of its
pages (language tree, canonical URL, indexing status) that the sitemaps and the build report
use, and the plan of its PDF editions (each edition's print document and cache key). The
result is kept in the language's output folder (`.language.json`, never published), so a
language taken from the build cache brings it along.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from scripts.built import sitetree
from scripts.content import languages

OUTPUT = ".language.json"


@dataclass
class LanguageOutput:
    """One language's part of the site-wide steps."""

    code: str
    search_entries: int = 0
    pages: list[dict[str, Any]] = field(default_factory=list)  # sitetree.BuiltPage, as data
    editions: list[dict[str, Any]] = field(default_factory=list)  # pdf.editions.Edition, as data

    def built_pages(self) -> list[sitetree.BuiltPage]:
        """The language's pages, as sitetree reads them from HTML."""
        return [
            sitetree.BuiltPage(
                Path(p["file"]), languages.get(p["lang"]), p["key"], p["html_lang"], p["canonical"], p["noindex"]
            )
            for p in self.pages
        ]


def _page_data(page: sitetree.BuiltPage) -> dict[str, Any]:
    return {
        "file": page.file.as_posix(),
        "lang": page.lang.code,
        "key": page.key,
        "html_lang": page.html_lang,
        "canonical": page.canonical,
        "noindex": page.noindex,
    }


def finish(tree: Path, code: str, site_url: str) -> LanguageOutput:
    """Run the language's share of the site-wide steps on its MkDocs output; keep the result in it."""
    from scripts.pdf import editions
    from scripts.postbuild import search

    out = LanguageOutput(code)
    out.search_entries = search.split_index(tree, codes=[code]).get(code, 0)
    out.pages = [_page_data(p) for p in sitetree.pages(tree) if p.lang.code == code]
    out.editions = [asdict(e) for e in editions.plan(tree, site_url, codes=[code])]
    (tree / OUTPUT).write_text(json.dumps(asdict(out)), encoding="utf-8")
    return out


def read(tree: Path) -> LanguageOutput:
    """The output kept in a language's folder by `finish`."""
    return LanguageOutput(**json.loads((tree / OUTPUT).read_text(encoding="utf-8")))
