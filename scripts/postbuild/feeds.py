"""An Atom feed per language of the papers published and revised, newest first.

/feed.xml for English and /<code>/feed.xml for each language, from the papers' metadata
(scripts/content/papers.py): an entry per paper that exists in the language, dated by its latest
edition or revision, with the title and summary of that language's version. Written with feedgen;
dates come from the metadata, so an unchanged site gives byte-identical feeds.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from feedgen.feed import FeedGenerator

from scripts.content import languages, papers, snapshot

FEED = "feed.xml"


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def feed_for(code: str, site_url: str) -> bytes | None:
    """The Atom feed of one language, or None if there is no paper yet.

    Every language has a feed once there are papers, so that its pages' feed link always
    works; it lists only the papers written in that language (an English fallback is not
    news for its readers), and may be empty until the first translation.
    """
    lang = languages.get(code)
    ui = snapshot.get().strings(code)
    every = snapshot.get().papers_for(code)
    if not every:
        return None
    items = [(english, shown) for english, shown in every if shown.lang == code]
    host = urlsplit(site_url).hostname or "localhost"
    fg = FeedGenerator()
    fg.id(f"tag:{host},2026:{lang.prefix}feed")
    fg.title(ui["papers"]["feed_title"])
    fg.subtitle(ui["site"]["description"])
    fg.language(code)
    fg.link(href=urljoin(site_url, lang.prefix + FEED), rel="self", type="application/atom+xml")
    fg.link(href=urljoin(site_url, f"{lang.prefix}{papers.FOLDER}/"), rel="alternate", type="text/html")
    fg.author({"name": ui["site"]["name"]})
    fg.rights(ui["site"]["copyright"])
    fg.generator("feedgen", uri=None, version=None)
    fg.updated(_moment(max(english.updated for english, _ in items or every)))
    # feedgen lists entries in reverse order of addition: add the oldest first.
    for english, shown in sorted(items, key=lambda pair: (pair[0].updated, pair[0].id)):
        entry = fg.add_entry()
        entry.id(f"tag:{host},2026:papers/{english.id}/{code}")
        entry.title(shown.title)
        entry.summary(shown.summary)
        entry.link(
            href=urljoin(site_url, f"{lang.prefix}{papers.FOLDER}/{english.id}/"), rel="alternate", hreflang=shown.lang
        )
        entry.published(_moment(english.published))
        entry.updated(_moment(english.updated))
        for sector in english.sectors:
            entry.category(term=sector, label=ui["vocabulary"]["sectors"][sector])
    return fg.atom_str(pretty=True)


def write_feeds(site: Path, site_url: str) -> dict[str, int]:
    """Write the feed of every built language; return the number of entries per language."""
    counts = {}
    for lang in languages.languages():
        if not (site / lang.prefix / "index.html").is_file():
            continue
        data = feed_for(lang.code, site_url)
        if data is not None:
            (site / lang.prefix / FEED).write_bytes(data)
            counts[lang.code] = data.count(b"<entry>")
    return counts
