"""The red-flag indicators: each paper's red flags and the Indicators page, from one library.

The data is docs/<code>/indicators.yml (scripts/content/indicators.py). A paper marks where its red
flags go with `<!-- hooks/indicators.py: list|detailed|table <ids> -->`; the Indicators page
has `<!-- hooks/indicators.py: library -->` and `<!-- hooks/indicators.py: changes -->`.
Everything is computed from the language being built and the page; nothing is kept between
language builds.
"""

from __future__ import annotations

# MkDocs loads hooks by file path: put the project root on sys.path here, so that `scripts`
# imports in a plain `mkdocs build` with no .pth file (each hook does it, so each loads alone).
import sys
from pathlib import Path

if (_ROOT := str(Path(__file__).resolve().parents[2])) not in sys.path:
    sys.path.insert(0, _ROOT)

import html
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from scripts.build.hookutils import (
    add_notice,
    built_language,
    content,
    content_errors,
    default_language_url,
    fill_markers,
    render,
    written_language,
)
from scripts.content import indicators, languages, papers
from scripts.content.dates import long_date
from scripts.postbuild import indicators as indicator_files

PAGE = "indicators.md"
FORMATS = indicator_files.FORMATS


def download_files(code: str) -> dict[str, str]:
    """Site paths of a language's downloads (named and written by scripts/postbuild/indicators.py)."""
    files = {fmt: indicator_files.file_path(code, fmt) for fmt in FORMATS}
    return {**files, "schema": indicator_files.SCHEMA_PATH}


def _shown(code: str) -> dict[str, indicators.Shown]:
    with content_errors():
        return {s.english.id: s for s in content().shown_indicators(code)}


def _page_url(config: MkDocsConfig, path: str, page: Page) -> str:
    return get_relative_url(path, page.url or ".")


def _statement_md(item: indicators.Shown, page_lang: str) -> str:
    # Statements are plain text (the schema refuses Markdown and HTML characters).
    text = item.statement
    if item.statement_lang != page_lang:
        text = f'<span lang="{item.statement_lang}">{text}</span>'
    return text + "".join(f"[^{key}]" for key in item.english.sources)


def _id_link(item: indicators.Shown, href: str) -> str:
    i = item.english.id
    return f'<a class="indicator-id" id="{i}" href="{href}#{i}">{i}</a>'


def _paper_markdown(layout: str, ids: list[str], page: Page, config: MkDocsConfig) -> str:
    lang = written_language(page)
    shown = _shown(lang.code)
    ui = content().strings(lang.code)
    href = _page_url(config, f"{built_language(config).prefix}indicators/", page)
    chosen = []
    for i in ids:
        if i not in shown:
            raise PluginError(f"{page.file.src_uri}: unknown indicator {i} in a marker (see docs/en/indicators.yml)")
        if shown[i].english.active:
            chosen.append(shown[i])
    if layout == "table":
        vocab = ui["vocabulary"]["sectors"]
        head = f"| {ui['indicators']['table_statement']} | {ui['indicators']['table_sectors']} |\n|---|---|\n"
        rows = [
            f"| {_id_link(s, href)} {_statement_md(s, lang.code)} | {', '.join(vocab[x] for x in s.english.sectors)} |"
            for s in chosen
        ]
        return head + "\n".join(rows)
    lines = []
    for s in chosen:
        if layout == "detailed":
            explanation = s.explanation if s.explanation_lang == lang.code else ""
            lines.append(f"- {_id_link(s, href)} **{_statement_md(s, lang.code)}** {explanation}".rstrip())
        else:
            lines.append(f"- {_id_link(s, href)} {_statement_md(s, lang.code)}")
    return "\n".join(lines)


def _paper_links(page: Page, config: MkDocsConfig) -> str:
    """A line after a paper's red flags: the library page and its downloads."""
    code = built_language(config).code
    ui = content().strings(code)["indicators"]
    files = download_files(code)
    links = [
        f'<a href="{html.escape(_page_url(config, files[fmt], page))}">{html.escape(ui[fmt])}</a>' for fmt in FORMATS
    ]
    library = _page_url(config, f"{languages.get(code).prefix}indicators/", page)
    return (
        f'<p class="indicator-links">{html.escape(ui["paper_link"])} '
        f'<a href="{html.escape(library)}">{html.escape(ui["page_title"])}</a> · {" · ".join(links)}</p>'
    )


def _fill_paper(markdown: str, page: Page, config: MkDocsConfig) -> str:
    found = list(indicators.MARKER.finditer(markdown))
    if not found:
        return markdown
    last = found[-1]
    out = markdown[: last.end()] + "\n\n" + _paper_links(page, config) + markdown[last.end() :]
    return indicators.MARKER.sub(lambda m: _paper_markdown(m.group(1), m.group(2).split(), page, config), out)


def _labels(ui: dict[str, Any], kind: str, values: Any) -> list[dict[str, str]]:
    table = ui["indicators"]["stages"] if kind == "stage" else ui["vocabulary"][kind]
    return [{"code": v, "label": table[v]} for v in values]


def _library_html(page: Page, config: MkDocsConfig) -> str:
    lang = built_language(config)
    ui = config.extra["ui"]
    with content_errors():
        lib = content().indicator_library()
        pairs = content().papers_for(lang.code)
    titles = {p.id: shown.title for p, shown in pairs}
    title_langs = {p.id: shown.lang for p, shown in pairs}
    items = []
    for s in _shown(lang.code).values():
        ind = s.english
        items.append(
            {
                "id": ind.id,
                "statement": s.statement,
                "statement_lang": s.statement_lang,
                "explanation": s.explanation,
                "explanation_lang": s.explanation_lang,
                "stage": _labels(ui, "stage", [ind.stage])[0],
                "sectors": _labels(ui, "sectors", ind.sectors),
                "papers": [
                    {
                        "title": titles.get(p, p),
                        "lang": title_langs.get(p, lang.code),
                        "href": _page_url(config, f"{lang.prefix}{papers.FOLDER}/{p}/", page) + "#red-flags",
                    }
                    for p in ind.papers
                ],
                "sources": content().indicator_sources[ind.id],
                "own_guidance": ind.basis == "own-guidance",
                "added": ind.added,
                "changed": ", ".join(str(n) for n in ind.changed),
                "withdrawn": ind.withdrawn,
                "withdrawn_reason": s.withdrawn_reason,
            }
        )
    used_sectors = [v for v in papers.vocabulary()["sectors"] if any(v in i.sectors for i in lib.indicators)]
    used_stages = [v for v in indicators.stages() if any(v == i.stage for i in lib.indicators)]
    files = {k: _page_url(config, v, page) for k, v in download_files(lang.code).items()}
    return render(
        config,
        "partials/indicators-library.html",
        items=items,
        ui=ui,
        sectors=_labels(ui, "sectors", used_sectors),
        stages=_labels(ui, "stage", used_stages),
        files=files,
        downloads_href=_page_url(config, f"{lang.prefix}downloads/", page),
        site_lang=lang.code,
    )


def _changes_html(page: Page, config: MkDocsConfig) -> str:
    lang = built_language(config)
    with content_errors():
        lib = content().indicator_library()
    editions = []
    for entry in sorted(lib.editions, key=lambda e: -int(e["edition"])):
        n = int(entry["edition"])
        editions.append(
            {
                "edition": n,
                "date": long_date(indicators.edition_date(entry), lang.code),
                "iso_date": str(entry["date"]),
                "added": [i.id for i in lib.indicators if i.added == n],
                "changed": [i.id for i in lib.indicators if n in i.changed],
                "withdrawn": [i.id for i in lib.indicators if i.withdrawn == n],
            }
        )
    return render(config, "partials/indicators-changes.html", editions=editions, ui=config.extra["ui"])


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    markdown = _fill_paper(markdown, page, config)
    return fill_markers(
        markdown,
        page,
        "indicators.py",
        {"library": lambda: _library_html(page, config), "changes": lambda: _changes_html(page, config)},
    )


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    # Like a page shown in English: say so when some indicators are, with a link to the English page.
    lang = built_language(config)
    if lang.default or written_language(page).default:
        return context
    entry = content().page(page.file.src_uri)
    on_page = page.file.src_uri.endswith(f"/{PAGE}")
    ids = list(entry.indicator_ids) if entry else []
    if not (on_page or ids):
        return context
    shown = _shown(lang.code)
    english_text = [
        s
        for i, s in shown.items()
        if (on_page or i in ids) and (s.statement_lang != lang.code or (on_page and s.explanation_lang != lang.code))
    ]
    if english_text:
        ui = config.extra["ui"]
        add_notice(
            context,
            "fallback",
            ui["indicators"]["fallback"],
            ui["fallback"]["link"],
            default_language_url(page, config),
            languages.default().code,
        )
    return context
