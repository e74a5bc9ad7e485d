"""One search index per language.

MkDocs Material writes a single index; with mkdocs-static-i18n it mixes every language.
This step splits it: /search/search_index.json holds the English pages and
/<code>/search/search_index.json holds that language's pages and its English fallbacks, with
locations relative to the language's root (overrides/main.html points Material there).
Each index carries its language's search settings, and Chinese, Japanese and Thai text is
segmented into words. A glossary is indexed term by term: Material's plugin makes one entry of
a page's text up to its next heading, so a search for one term showed the whole glossary as
its excerpt and led to the top of the page.
"""

from __future__ import annotations

import functools
import html
import json
import multiprocessing
import os
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from scripts.built.sitetree import file_of
from scripts.content import languages, segment

INDEX = Path("search", "search_index.json")


@functools.cache
def material_search_settings(code: str) -> dict[str, Any]:
    """The theme's own search settings (lang, separator, pipeline) for a language."""
    from mkdocs.theme import Theme

    from scripts.build.hookutils import theme_bytecode_cache

    env = Theme(name="material", language=code).get_env()
    env.bytecode_cache = theme_bytecode_cache()  # compiled once, not in every language process
    template = env.get_template("partials/language.html", None, {"config": {"theme": {"language": code}}})

    def t(key: str) -> str:
        return str(template.module.t(f"search.config.{key}"))

    return {
        "lang": [t("lang")],
        "separator": t("separator"),
        "pipeline": [p.strip() for p in t("pipeline").split(",") if p.strip()],
    }


def search_settings(code: str) -> dict[str, Any]:
    """Search settings for one language's index."""
    settings = dict(material_search_settings(code))
    if segment.needs_segmentation(code):
        # Words are pre-segmented with U+200B; the browser needs no language pack and no
        # trimmer (lunr's trimmer strips every non-ASCII letter).
        sep = settings["separator"]
        if segment.ZWSP not in sep and "\\u200b" not in sep:
            sep = sep.replace("[\\s", "[\\s\\u200b", 1)
        settings.update(lang=["en"], separator=sep, pipeline=[])
    return settings


def _segment_entries(job: tuple[str, list[dict[str, Any]]]) -> tuple[str, list[dict[str, Any]]]:
    code, items = job
    return code, [
        dict(item, title=segment.segment(code, item["title"]), text=segment.segment(code, item["text"]))
        for item in items
    ]


def _segmented(docs: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Every language's entries segmented: the languages that need a segmenter (seconds each,
    one after another) in parallel processes, one per core."""
    slow = [(code, items) for code, items in docs.items() if items and segment.needs_segmentation(code)]
    out = dict(map(_segment_entries, [(c, i) for c, i in docs.items() if not segment.needs_segmentation(c)]))
    jobs = min(len(slow), os.cpu_count() or 1)
    if jobs > 1:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            out.update(pool.map(_segment_entries, slow))
    else:
        out.update(map(_segment_entries, slow))
    return out


# The list overrides/partials/glossary.html writes: a <dt> with an id per term, then its <dd>.
GLOSSARY_LIST = b'<dl class="glossary">'


def _text(node: Any) -> str:
    return html.escape(" ".join(node.text(deep=True).split()), quote=False)


def _by_term(entry: dict[str, Any], page: bytes) -> list[dict[str, Any]]:
    """A glossary page's entry as the page's own text and one entry per term (its anchor, the
    term as title, the definition as text)."""
    article = LexborHTMLParser(page).css_first("article")
    terms = article.css_first("dl.glossary") if article else None
    if article is None or terms is None:
        return [entry]
    # The page's own paragraphs (not the notices the template adds, as Material's entry has them).
    intro = " ".join(f"<p>{_text(p)}</p>" for p in article.iter() if p.tag == "p")
    out = [dict(entry, text=intro)]
    for term in terms.css("dt[id]"):
        definition = term.next
        while definition is not None and definition.tag != "dd":
            definition = definition.next
        out.append(
            {
                "location": f"{entry['location']}#{term.id}",
                "title": _text(term),
                "text": f"<p>{_text(definition)}</p>" if definition is not None else "",
            }
        )
    return out


def _glossaries_by_term(site: Path, lang: languages.Language, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The language's entries with every page that holds a glossary list indexed term by term."""
    out: list[dict[str, Any]] = []
    for item in items:
        page = site / lang.prefix / file_of(item["location"])
        data = page.read_bytes() if "#" not in item["location"] and page.is_file() else b""
        out += _by_term(item, data) if GLOSSARY_LIST in data else [item]
    return out


def split_index(site: Path, codes: list[str] | None = None) -> dict[str, int]:
    """Write one index per language from the merged index; return entries per language.

    codes: write only these languages' indexes (a language process writes its own).
    """
    merged = json.loads((site / INDEX).read_text(encoding="utf-8"))
    docs: dict[str, list[dict[str, Any]]] = {code: [] for code in languages.codes()}
    for entry in merged["docs"]:
        lang, location = languages.split_path(entry["location"])
        docs[lang.code].append(dict(entry, location=location))
    for code in docs:
        if codes is None or code in codes:
            docs[code] = _glossaries_by_term(site, languages.get(code), docs[code])
    docs.update(_segmented(docs))
    counts = {}
    for lang in languages.languages():
        path = site / lang.prefix / INDEX
        if codes is not None and lang.code not in codes:
            continue
        if not docs[lang.code] and not path.parent.parent.is_dir():
            continue  # language not built (preview of one language)
        config = dict(merged["config"], **search_settings(lang.code))
        data = {"config": config, "docs": docs[lang.code]}
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        counts[lang.code] = len(docs[lang.code])
    return counts
