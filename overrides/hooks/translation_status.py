"""Tell readers how far to trust a translated page.

A translated page records in its front matter the hash of the English text it was made from
and its status (`machine` or `reviewed`). The page then shows, in its language: that it was
machine-assisted and unreviewed, or who reviewed it and when; and, if the English text has
changed since, that the translation may be out of date.
"""

from __future__ import annotations

import logging
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from scripts import translation_status, translations
from scripts.hookutils import (
    add_notice,
    built_language,
    default_language_url,
    fill_markers,
    render,
    source_path,
    written_language,
)

log = logging.getLogger("mkdocs.hooks.translation_status")


@event_priority(-110)
def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    built, written = built_language(config), written_language(page)
    if written.default or written != built:
        return context
    path = source_path(page)
    try:
        info = translations.provenance(page.meta, path)
    except translations.ProvenanceError as exc:
        log.warning(str(exc))
        return context
    ui = config.extra["ui"]["translation"]
    href = default_language_url(page, config)
    if info.status == "reviewed":
        text = ui["reviewed"].format(reviewer=info.reviewed_by, date=info.reviewed_on)
        add_notice(context, "reviewed", text, ui["link"], href, "en")
    else:
        add_notice(context, "machine", ui["machine"], ui["link"], href, "en")
    if info.source_hash != translations.source_hash(path):
        add_notice(context, "outdated", ui["outdated"], ui["link"], href, "en")
    return context


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The Translation status page: a table and a progress bar per language, from the same data
    as `make translation-status` and reports/translations.json."""

    def table() -> str:
        statuses = translation_status.all_status()
        return render(config, "partials/translation-status.html", statuses=statuses, ui=config.extra["ui"])

    return fill_markers(markdown, page, "translation_status.py", {"table": table})
