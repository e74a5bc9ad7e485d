"""One search index per language.

MkDocs Material writes a single index; with mkdocs-static-i18n it mixes every language.
This step splits it: /search/search_index.json holds the English pages and
/<code>/search/search_index.json holds that language's pages and its English fallbacks, with
locations relative to the language's root (overrides/main.html points Material there).
Each index carries its language's search settings, and Chinese, Japanese and Thai text is
segmented into words.
"""

from __future__ import annotations

import functools
import json
import multiprocessing
import os
from pathlib import Path
from typing import Any

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


def split_index(site: Path, codes: list[str] | None = None) -> dict[str, int]:
    """Write one index per language from the merged index; return entries per language.

    codes: write only these languages' indexes (a language process writes its own).
    """
    merged = json.loads((site / INDEX).read_text(encoding="utf-8"))
    docs: dict[str, list[dict[str, Any]]] = {code: [] for code in languages.codes()}
    for entry in merged["docs"]:
        lang, location = languages.split_path(entry["location"])
        docs[lang.code].append(dict(entry, location=location))
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
