"""Accessibility gate: axe-core in Chromium, every page type in every language, 0 critical, 0 serious."""

from __future__ import annotations

import json
from pathlib import Path

import markdown
from selectolax.lexbor import LexborHTMLParser

from scripts.build.tasklist import label_checkboxes
from scripts.checks import accessibility
from scripts.content import languages
from tests.helpers import parse

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Planted</title></head>
<body><main>
<h1>Planted</h1>
<input type="checkbox" id="c">
<p style="color:#000">Some text <a href="#c" style="color:#1a1a1a;text-decoration:none">a link</a> more text.</p>
</main></body>
</html>
"""


def test_every_page_type_in_every_language_has_no_critical_or_serious_issue(site: Path, tmp_path: Path) -> None:
    found = accessibility.check_site(site, "site", tmp_path / "axe.json")
    assert found == [], "\n".join(f"{f.location()}: {f.message}" for f in found)
    report = json.loads((tmp_path / "axe.json").read_text())
    per_language = len(accessibility.FIXED_PAGES) + len(accessibility.SECTIONS_WITH_ITEMS)
    assert report["pages"] == per_language * len(languages.codes())
    # axe really looked at text: colour contrast was checked and passed on every page.
    assert all("color-contrast" in r["passed"] for r in report["results"].values())


def test_planted_unlabelled_checkbox_and_colour_only_link_fail(tmp_path: Path) -> None:
    tree = tmp_path / "site"
    tree.mkdir()
    (tree / "index.html").write_text(PAGE, encoding="utf-8")
    results = accessibility.run_axe(tree, ["index.html"])
    found = accessibility.findings_from(results, tree, "site")
    by_rule = {f.message.split("'")[1]: f for f in found}
    assert "label" in by_rule and "critical" in by_rule["label"].message
    assert (by_rule["label"].file, by_rule["label"].line) == ("site/index.html", 6)
    assert "dequeuniversity.com" in by_rule["label"].fix
    assert "serious" in by_rule["link-in-text-block"].message


def test_checklist_checkboxes_are_named_by_their_text(site: Path) -> None:
    """Every paper of every language: each checkbox points at its item's own, non-empty text."""
    boxes = 0
    for lang in languages.languages():
        for page in sorted((site / lang.prefix / "papers").glob("*/index.html")):
            tree = parse(page)
            for box in tree.css(".task-list-item input[type=checkbox]"):
                target = tree.css_first(f"#{box.attributes.get('aria-labelledby')}")
                assert target is not None and target.text().strip(), page
                boxes += 1
    assert boxes > 0


def test_label_checkboxes_on_tight_nested_and_loose_lists() -> None:
    source = "- [ ] First *item*\n- [x] Second\n    - [ ] Nested\n- [ ] Loose\n\n    with a paragraph\n"
    html = markdown.markdown(
        source, extensions=["pymdownx.tasklist"], extension_configs={"pymdownx.tasklist": {"custom_checkbox": True}}
    )
    tree = LexborHTMLParser(label_checkboxes(html))
    names = [tree.css_first(f"#{b.attributes['aria-labelledby']}").text().strip() for b in tree.css("input")]
    assert names == ["First item", "Second", "Nested", "Loose"]
