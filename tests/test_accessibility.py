"""Accessibility gate: axe-core in Chromium, every page type in every language, 0 critical, 0 serious."""

from __future__ import annotations

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


def test_gate_reports_what_axe_could_not_look_at(tmp_path: Path) -> None:
    """A page type missing from a language's tree, and a page where colour contrast went unchecked.

    The whole-site run is `make check`'s (scripts/checks/run.py): these are the rules that make
    it cover every page type of every language, with text on each page.
    """
    tree = tmp_path / "site"
    for url in accessibility.FIXED_PAGES:
        for lang in languages.languages():
            page = tree / lang.prefix / (url or "index.html")
            page = page / "index.html" if not url.endswith(".html") and url else page
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(PAGE, encoding="utf-8")
    (tree / "papers" / "p").mkdir(parents=True)
    (tree / "papers" / "p" / "index.html").write_text(PAGE, encoding="utf-8")
    french = languages.languages()[1].prefix
    (tree / french / "glossary" / "index.html").unlink()
    urls = accessibility.all_page_types(tree)
    assert "about/" in urls and "papers/p/" in urls and "roundtables/" in urls
    results = {u: {"violations": [], "passed": ["color-contrast"]} for u in urls}
    results["about/"] = {"violations": [], "passed": ["label"]}
    found = accessibility.coverage(tree, "site", results)
    places = {f.file for f in found}
    # Only English has a paper; no language has a roundtable page; about/ had no text to check.
    assert "site/papers/" not in places and "site/roundtables/" in places
    assert f"site/{french}glossary/index.html" in places and f"{french}glossary/" not in urls
    assert all(f"site/{lang.prefix}roundtables/" in places for lang in languages.languages())
    assert all(f"site/{lang.prefix}papers/" in places for lang in languages.languages()[1:])
    [contrast] = [f for f in found if f.file == "site/about/index.html"]
    assert "colour contrast" in contrast.message and contrast.severity == "error"
    assert len(found) == 2 * len(languages.languages()) - 1 + 2


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
