"""Regional roundtables: the nav, the generated index (map, timeline, table), each page's facts.

Everything comes from the roundtables' front matter (scripts/content/roundtables.py). The map and the
timeline are static SVG generated here, with country names from CLDR in the reader's
language. Runs once per language build.
"""

from __future__ import annotations

# MkDocs loads hooks by file path: put the project root on sys.path here, so that `scripts`
# imports in a plain `mkdocs build` with no .pth file (each hook does it, so each loads alone).
import sys
from pathlib import Path

if (_ROOT := str(Path(__file__).resolve().parents[2])) not in sys.path:
    sys.path.insert(0, _ROOT)

from typing import Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from scripts.build.hookutils import (
    built_language,
    content,
    content_errors,
    fill_markers,
    insert_after_title,
    nav_with_section,
    render,
)
from scripts.content import languages, roundtables
from scripts.maps import svg


def _english() -> list[roundtables.Roundtable]:
    with content_errors():
        return list(content().english_roundtables())


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    entries = [f"{roundtables.FOLDER}/{r.id}.md" for r in _english()]
    config.nav = nav_with_section(config.nav or [], roundtables.FOLDER, entries)
    return config


def _row(
    english: roundtables.Roundtable,
    shown: roundtables.Roundtable,
    number: int,
    code: str,
    ui: dict[str, Any],
    page_url: str,
) -> dict[str, Any]:
    return {
        "number": number,
        "id": english.id,
        "title": shown.title,
        "lang": shown.lang,
        "href": get_relative_url(f"{languages.get(code).prefix}{roundtables.FOLDER}/{english.id}/", page_url),
        "country": roundtables.country_name(english.country, code),
        "country_code": english.country,
        "city": roundtables.city_name(english.city, code),
        "date": english.when.label(code, ui),
        "date_iso": english.when.value,
        "working_group": ui["roundtables"]["wg"][english.working_group],
        "outcomes": list(shown.outcomes),
        "outcomes_lang": shown.lang,
    }


def _figures(
    rows: list[dict[str, Any]], items: list[roundtables.Roundtable], ui: dict[str, Any], lang: str
) -> dict[str, Markup]:
    words = ui["roundtables"]
    countries: dict[str, dict[str, Any]] = {}
    for row in rows:
        countries.setdefault(row["country_code"], row)
    map_markers = [
        svg.MapMarker(country, row["number"], f"{row['number']}. {row['country']}: {row['date']}", row["country"], lang)
        for country, row in countries.items()
    ]
    timeline_markers = []
    for row, item in zip(rows, items, strict=True):
        start = item.when.start
        year = None if start is None else start.year + (start.timetuple().tm_yday - 1) / 366
        timeline_markers.append(
            svg.TimelineMarker(
                row["number"],
                f"{row['number']}. {row['country']}: {row['date']}",
                year,
                ongoing=item.when.precision == "ongoing-since",
            )
        )
    listing = "; ".join(f"{r['number']}. {r['country']}, {r['date']}" for r in rows)
    dated = [i.when.start.year for i in items if i.when.start]
    # Generated with ElementTree (every text and attribute escaped): HTML to keep as it is.
    return {
        "map": Markup(
            svg.region_map(
                map_markers,
                words["map_title"],
                words["map_desc"].format(
                    count=len(countries), countries=", ".join(r["country"] for r in countries.values())
                ),
            )
        ),
        "timeline": Markup(
            svg.timeline(
                timeline_markers,
                words["timeline_title"],
                words["timeline_desc"].format(
                    count=len(rows), first=min(dated, default=""), last=max(dated, default=""), items=listing
                ),
                words["date_unconfirmed"],
            )
        ),
    }


def _index_html(page: Page, config: MkDocsConfig) -> str:
    code = built_language(config).code
    ui = config.extra["ui"]
    with content_errors():
        pairs = content().roundtables_for(code)
    rows = [_row(e, s, n, code, ui, page.url) for n, (e, s) in enumerate(pairs, 1)]
    figures = _figures(rows, [e for e, _ in pairs], ui, code)
    return render(config, "partials/roundtables-index.html", rows=rows, ui=ui, **figures)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return fill_markers(markdown, page, "roundtables.py", {"index": lambda: _index_html(page, config)})


def _item_of(page: Page) -> roundtables.Roundtable | None:
    entry = content().page(page.file.src_uri)
    if entry is None or entry.kind != "roundtable":
        return None
    with content_errors():
        return content().model(entry.src_uri)


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    item = _item_of(page)
    if item is None:
        return context
    code = built_language(config).code
    ui = config.extra["ui"]
    english = {r.id: r for r in _english()}[item.id]
    facts = {
        "country": roundtables.country_name(english.country, code),
        "city": roundtables.city_name(english.city, code),
        "date": english.when.label(code, ui),
        "date_iso": english.when.value,
        "convened_by": english.convened_by,
        "sectors": list(item.sectors),
        "organisations": list(item.organisations),
        "organisations_note": item.organisations_note,
        "working_group": ui["roundtables"]["wg"][english.working_group],
        "outcomes": list(item.outcomes),
        "meetings": [
            {"date": m.when.label(code, ui), "iso": m.when.value, "note": n.note, "sources": m.sources}
            for m, n in zip(english.meetings, item.meetings or english.meetings, strict=False)
        ],
        "sources": list(english.sources),
        "lang": item.lang,
    }
    insert_after_title(page, render(config, "partials/roundtable-facts.html", facts=facts, ui=ui))
    return context
