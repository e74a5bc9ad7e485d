"""Issue 10, point 8: at 375 px no page is wider than the screen and no word is split (Chromium)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from scripts.checks import phones
from scripts.content import languages
from scripts.project import DOCS

PLANTED = """<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width">
<style>body{margin:0} .md-typeset td{width:40px;overflow-wrap:break-word}
table{table-layout:fixed;width:90px;border-spacing:0}</style></head>
<body><div class="too-wide" style="width:600px">wide</div>
<div class="md-typeset"><table><tr><td>Australia</td><td>x</td></tr></table></div></body></html>"""


def test_gate_finds_a_wide_page_and_a_split_word(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(PLANTED, encoding="utf-8")
    results = phones.measure(tmp_path, ["index.html"])
    found = phones.findings_for(tmp_path, "planted", results)
    messages = [f.message for f in found]
    assert any(m.startswith("600 px wide") and "div.too-wide" in m for m in messages), messages
    assert any("'Australia' is broken across two lines" in m for m in messages), messages
    assert all(f.file == "planted/index.html" and f.line for f in found)


def test_every_page_type_of_each_phone_language_is_measured(site: Path, tmp_path: Path) -> None:
    """The whole-site run is `make check`'s: here, that it visits each page type in each language,
    and that a page type a language lacks is a finding rather than a page left out."""
    paths = phones.page_paths(site)
    for code in phones.LANGUAGES:
        prefix = languages.get(code).prefix
        assert {prefix + p for p in phones.PAGE_TYPES} <= set(paths)
        for folder in phones.ITEM_FOLDERS:
            items = [p for p in paths if p.startswith(f"{prefix}{folder}/") and p != f"{prefix}{folder}/index.html"]
            assert len(items) == 1, items
    assert len(paths) == len(phones.LANGUAGES) * (len(phones.PAGE_TYPES) + len(phones.ITEM_FOLDERS))
    (tmp_path / "index.html").write_text(PLANTED, encoding="utf-8")
    found = phones.coverage(tmp_path, "planted", ("en",))
    assert {f.file for f in found} == {
        *(f"planted/{p}" for p in phones.PAGE_TYPES if p != "index.html"),
        *(f"planted/{folder}/" for folder in phones.ITEM_FOLDERS),
    }


def test_map_names_do_not_overlap(server: str, browser: Any) -> None:
    """Issue 10, point 9: each marked country is named on the map; no name covers another or a marker."""
    pages = [p for p in (DOCS / "en" / "roundtables").glob("*.md") if p.name != "index.md"]
    countries = {p.read_text(encoding="utf-8").split("\ncountry: ", 1)[1].split()[0] for p in pages}
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for prefix in ("", "ja/", "th/"):
        page.goto(urljoin(server, prefix + "roundtables/"))
        boxes = page.evaluate(
            """() => [...document.querySelectorAll('.figure-roundtable-map .map-labels text,'
                      + ' .figure-roundtable-map .marker circle')].map(e => {
                const r = e.getBoundingClientRect();
                return [e.tagName, e.textContent, r.left, r.top, r.right, r.bottom];
            })"""
        )
        labels = [b for b in boxes if b[0] == "text"]
        assert len(labels) == len(countries) and all(b[1].strip() for b in labels), labels
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                overlap = a[2] < b[4] and b[2] < a[4] and a[3] < b[5] and b[3] < a[5]
                assert not overlap, (prefix, a, b)
    page.close()
