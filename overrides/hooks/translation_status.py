"""Tell readers how far to trust a translated page.

A translated page records in its front matter the hash of the English text it was made from
and its status (`machine` or `reviewed`). The page then shows, in its language: that it was
machine-assisted and unreviewed, or who reviewed it and when; and, if the English text has
changed since, that the translation may be out of date and which sections of the English page
changed (each linked to the English page). A link to a heading that so far exists only in the
English page leads to the English page's heading.
"""

from __future__ import annotations

# MkDocs loads hooks by file path: put the project root on sys.path here, so that `scripts`
# imports in a plain `mkdocs build` with no .pth file (each hook does it, so each loads alone).
import sys
from pathlib import Path

if (_ROOT := str(Path(__file__).resolve().parents[2])) not in sys.path:
    sys.path.insert(0, _ROOT)

import html
import logging
import posixpath
import re
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_relative_url

from scripts.build.hookutils import (
    add_notice,
    built_language,
    content,
    default_language_url,
    fill_markers,
    render,
    written_language,
)
from scripts.content import languages, mdstructure, translations

log = logging.getLogger("mkdocs.hooks.translation_status")


@event_priority(-110)
def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    built, written = built_language(config), written_language(page)
    if written.default or written != built:
        return context
    entry = content().page(page.file.src_uri)
    if entry is None:
        return context
    if entry.translation_error:
        log.warning(entry.translation_error)
        return context
    state = entry.translation  # worked out once, in translations.state (scripts/content/snapshot.py)
    if state is None:
        return context
    info = state.provenance
    ui = config.extra["ui"]["translation"]
    href = default_language_url(page, config)
    if info.status == "reviewed":
        text = ui["reviewed"].format(reviewer=info.reviewed_by, date=info.reviewed_on)
        add_notice(context, "reviewed", text, ui["link"], href, "en")
    else:
        add_notice(context, "machine", ui["machine"], ui["link"], href, "en")
    if state.outdated:
        add_notice(context, "outdated", ui["outdated"], ui["link"], href, "en")
        if state.changes.known and state.changes.ids():
            context["page_notices"][-1]["sections"] = changed_items(page, state.changes, ui, href)
            context["page_notices"][-1]["sections_label"] = ui["changed_sections"]
    return context


def _toc_titles(items: list[AnchorLink]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        out[item.id] = item.title
        out.update(_toc_titles(item.children))
    return out


def changed_items(
    page: Page, changes: translations.SectionChanges, ui: dict[str, str], href: str
) -> list[dict[str, str]]:
    """The changed English sections, named in the reader's language where the translation has the
    heading (else in English), each linked to its heading on the English page (removed ones are not)."""
    titles = _toc_titles(list(page.toc))
    rel = page.file.src_uri.partition("/")[2]
    source = content().page(f"{languages.default().code}/{rel}")
    english = source.section_titles if source else {}
    base = href.split("#")[0]
    items = []
    for kind, ids in (("added", changes.added), ("edited", changes.edited), ("removed", changes.removed)):
        for section in ids:
            named = {translations.FRONT_MATTER: ui["front_matter"], translations.TOP: ui["top"]}.get(section)
            lang = ""
            if named is None:
                named = titles.get(section)
            if named is None:
                named, lang = mdstructure.plain_text(english.get(section, section)), "en"
            anchor = "" if section in (translations.FRONT_MATTER, translations.TOP) else f"#{section}"
            items.append(
                {
                    "text": named,
                    "lang": lang,
                    "change": kind,
                    "section": section,
                    "kind": ui[f"section_{kind}"],
                    "href": "" if kind == "removed" else base + anchor,
                }
            )
    return items


# A Markdown link to a heading of another page: [text](path.md#anchor) (no nested brackets).
_MD_LINK = re.compile(r"(?<!!)\[([^\[\]\n]+)\]\(<?([^()\s<>#:]+\.md)#([\w:.-]+)>?\)")
_FENCED = re.compile(r"^([ \t]*(`{3,}|~{3,})).*?^[ \t]*\2[ \t]*$", re.M | re.S)


def heading_ids(src_uri: str) -> frozenset[str]:
    """Heading ids of a Markdown file (from the content snapshot)."""
    entry = content().page(src_uri)
    return entry.heading_ids if entry else frozenset()


def english_anchor_links(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Point links to a heading that a translated page does not have yet (its English page added
    it since the translation was made) at the English page's heading, marked hreflang="en"."""
    built = built_language(config)
    if built.default:
        return markdown
    folder = posixpath.dirname(page.file.src_uri)

    def fix(match: re.Match[str]) -> str:
        text, target_path, anchor = match.groups()
        target = files.get_file_from_path(posixpath.normpath(posixpath.join(folder, target_path)))
        if target is None or str(getattr(target, "locale", "")) != built.code:
            return match.group(0)
        english = f"{languages.default().code}/{target.src_uri.partition('/')[2]}"
        if anchor in heading_ids(target.src_uri) or anchor not in heading_ids(english):
            return match.group(0)
        href = get_relative_url(target.url.removeprefix(built.prefix) or ".", page.url or ".")
        return f'<a href="{html.escape(href)}#{anchor}" hreflang="en">{text}</a>'

    out, last = [], 0
    for block in _FENCED.finditer(markdown):  # leave code blocks alone
        out += [_MD_LINK.sub(fix, markdown[last : block.start()]), block.group(0)]
        last = block.end()
    return "".join([*out, _MD_LINK.sub(fix, markdown[last:])])


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Links to headings only the English page has yet lead there; and the Translation status
    page: a table and a progress bar per language, from the same data as `make translation-status`
    and reports/translations.json, then the outdated pages with their changed sections."""

    def table() -> str:
        statuses = content().translation_status
        return render(config, "partials/translation-status.html", statuses=statuses, ui=config.extra["ui"])

    markdown = english_anchor_links(markdown, page, config, files)
    return fill_markers(markdown, page, "translation_status.py", {"table": table})
