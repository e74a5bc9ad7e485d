"""HTML validity gate: the Nu HTML Checker, with one reviewed suppression list.

The gate runs on the whole built site in `make check` (scripts/checks/run.py); here it runs on
planted pages.
"""

from __future__ import annotations

import json
from pathlib import Path

from scripts.checks import validity
from tests.helpers import parse

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>t</title>
<meta name="description" content="The "quoted" title">
</head>
<body>
<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">
<p>fine</p>
<label tabindex="">x</label>
</body>
</html>
"""


def test_planted_errors_fail_with_file_line_and_fix(tmp_path: Path) -> None:
    tree = tmp_path / "site"
    (tree / "about").mkdir(parents=True)
    (tree / "about" / "index.html").write_text(PAGE, encoding="utf-8")
    # The reviewed list, plus an entry that matches nothing on this tree: a stale entry is an error.
    listing = tmp_path / "vnu-suppressions.yml"
    stale = "- message: 'no validator says this'\n  reason: gone\n"
    listing.write_text(validity.SUPPRESSIONS.read_text(encoding="utf-8") + stale, encoding="utf-8")
    stale_line = listing.read_text(encoding="utf-8").count("\n") - 1
    found = validity.check_site(tree, "site", tmp_path / "vnu.json", listing)
    places = {(f.file, f.line) for f in found}
    label = str(listing)
    assert places == {("site/about/index.html", 4), ("site/about/index.html", 9), (label, stale_line)}
    report = json.loads((tmp_path / "vnu.json").read_text())
    assert report["pages"] == 1 and report["errors"] == 2
    tabindex = next(f for f in found if f.line == 9)
    assert "tabindex" in tabindex.message and "vnu-suppressions.yml" in tabindex.fix
    assert all(f.severity == "error" for f in found)
    # The theme's autocomplete on its drawer toggle (line 7) is the reviewed suppression.
    assert next(iter(report["suppressed"].values())) == 1
    assert not any(f.line == 7 for f in found)


def test_a_suppression_needs_a_reason(tmp_path: Path) -> None:
    listing = tmp_path / "s.yml"
    listing.write_text("- message: 'fine'\n  reason: known\n- message: 'tabindex'\n", encoding="utf-8")
    entries, problems = validity.load_suppressions(listing)
    assert [e.line for e in entries] == [1]
    assert [(p.line, p.severity) for p in problems] == [(3, "error")]


def test_theme_partials_have_no_empty_tabindex_and_named_navs(site: Path) -> None:
    """The overridden partials: on every page, every nav has a non-empty accessible name."""
    for path in site.rglob("*.html"):
        tree = parse(path)
        assert not tree.css('[tabindex=""]'), path
        for nav in tree.css("nav"):
            ref = nav.attributes.get("aria-labelledby")
            target = tree.css_first(f"#{ref}") if ref else None
            name = nav.attributes.get("aria-label") or (target.text() if target else "")
            assert (name or "").strip(), (path, nav.html[:120])
        search = tree.css_first('.md-search[role="dialog"]')
        assert search is not None and (search.attributes.get("aria-label") or "").strip(), path
        if not tree.css_first("#__toc"):
            assert not tree.css('label[for="__toc"]'), path
