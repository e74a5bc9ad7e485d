"""Best-practice papers: the nav, the generated index, the header block of each paper.

Everything comes from the papers' front matter (scripts/content/papers.py): the index is never
maintained by hand. Runs once per language build, from that language's files only.
"""

from __future__ import annotations

# MkDocs loads hooks by file path: put the project root on sys.path here, so that `scripts`
# imports in a plain `mkdocs build` with no .pth file (each hook does it, so each loads alone).
import sys
from pathlib import Path

if (_ROOT := str(Path(__file__).resolve().parents[2])) not in sys.path:
    sys.path.insert(0, _ROOT)

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from scripts.build.hookutils import (
    add_notice,
    built_language,
    content,
    content_errors,
    escape_text,
    fill_markers,
    insert_after_title,
    nav_with_section,
    render,
)
from scripts.content import languages, papers
from scripts.content.dates import long_date
from scripts.pdf.editions import pdf_path


def _load_english() -> list[papers.Paper]:
    with content_errors():
        return list(content().english_papers())


# After the i18n plugin (-100) has set up the language being built.
@event_priority(-110)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    english = sorted(_load_english(), key=lambda p: p.title)
    config.extra["papers_feed"] = bool(english)  # scripts/postbuild/feeds.py writes a feed when there are papers
    config.nav = nav_with_section(config.nav or [], papers.FOLDER, [f"{papers.FOLDER}/{p.id}.md" for p in english])
    return config


def _labels(ui: dict[str, Any], kind: str, values: Any) -> list[dict[str, str]]:
    return [{"code": v, "label": ui["vocabulary"][kind][v]} for v in values]


def _versions(paper_id: str, page_url: str, current: str) -> list[dict[str, Any]]:
    out = []
    with content_errors():
        versions = content().paper_versions(paper_id)
    for code, version in versions.items():
        lang = languages.get(code)
        out.append(
            {
                "code": code,
                "name": lang.name,
                "current": code == current,
                "href": get_relative_url(version.url, page_url or "."),
            }
        )
    return out


def _index_html(page: Page, config: MkDocsConfig) -> str:
    lang = built_language(config)
    ui = config.extra["ui"]
    items = []
    with content_errors():
        pairs = content().papers_for(lang.code)
    for english, shown in pairs:
        items.append(
            {
                "id": english.id,
                "title": shown.title,
                "summary": shown.summary,
                "lang": shown.lang,
                "href": get_relative_url(f"{lang.prefix}{papers.FOLDER}/{english.id}/", page.url),
                "coalitions": _labels(ui, "coalition", english.coalitions),
                "publishers": list(english.publishers),
                "sectors": _labels(ui, "sectors", english.sectors),
                "edition": english.edition,
                "date": long_date(english.updated, lang.code),
                "iso_date": english.updated.isoformat(),
                "status": _labels(ui, "status", [english.status])[0],
                "versions": _versions(english.id, page.url, lang.code),
            }
        )
    vocab, english_papers = papers.vocabulary(), _load_english()
    # Only the values some paper has: no filter option ever shows an empty list.
    return render(
        config,
        "partials/papers-index.html",
        papers=items,
        ui=ui,
        sectors=_labels(ui, "sectors", [s for s in vocab["sectors"] if any(s in p.sectors for p in english_papers)]),
        coalitions=_labels(
            ui, "coalition", [c for c in vocab["coalition"] if any(c in p.coalitions for p in english_papers)]
        ),
    )


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # Material reads `status` as its own nav badge (new/deprecated); a paper's status is shown
    # in its header block instead.
    if _paper_of(page) is not None:
        page.meta["paper_status"] = page.meta.pop("status", None)
    return fill_markers(markdown, page, "papers.py", {"index": lambda: _index_html(page, config)})


def _paper_of(page: Page) -> papers.Paper | None:
    entry = content().page(page.file.src_uri)
    if entry is None or entry.kind != "paper":
        return None
    with content_errors():
        return content().model(entry.src_uri)


def _download(paper_id: str, code: str, page_url: str, ui: dict[str, Any]) -> dict[str, str]:
    """The PDF edition for readers of this page: theirs, or the English one on a fallback page."""
    own = code in content().paper_versions(paper_id)
    target = code if own else languages.default().code
    return {
        "href": get_relative_url(pdf_path(paper_id, target), page_url),
        "hreflang": target,
        "label": ui["pdf"]["download"] if own else ui["pdf"]["download_english"],
    }


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    paper = _paper_of(page)
    if paper is None:
        return context
    lang = built_language(config)
    ui = config.extra["ui"]
    english = {p.id: p for p in _load_english()}[paper.id]
    header = {
        "edition": english.edition,
        "published": long_date(english.published, lang.code),
        "published_iso": english.published.isoformat(),
        "revised": long_date(english.revised, lang.code) if english.revised else None,
        "revised_iso": english.revised.isoformat() if english.revised else None,
        "status": _labels(ui, "status", [english.status])[0],
        "coalitions": _labels(ui, "coalition", english.coalitions),
        "sectors": _labels(ui, "sectors", english.sectors),
        "audience": _labels(ui, "audience", english.audience),
        "based_on": english.sources_with_notes(paper),
        "versions": _versions(english.id, page.url, lang.code),
        "download": _download(english.id, lang.code, page.url, ui),
    }
    page.meta.setdefault("description", escape_text(paper.summary))  # Material prints it unescaped
    insert_after_title(page, render(config, "partials/paper-header.html", paper=header, ui=ui))
    if english.status == "superseded" and english.successor:
        successor = {p.id: p for p in _load_english()}[english.successor]
        href = get_relative_url(f"{lang.prefix}{papers.FOLDER}/{successor.id}/", page.url)
        add_notice(context, "superseded", ui["papers"]["superseded"], successor.title, href, lang.code)
    elif english.status == "archived":
        context.setdefault("page_notices", []).append({"kind": "archived", "text": ui["papers"]["archived"]})
    return context
