"""Generated HTML (the glossary, the indicator library, the roundtable map, ...) enters each page
after Markdown: hooks leave a placeholder for it (scripts/build/hookutils.py, fill_markers).

The first tests run real MkDocs pages through the project's Markdown configuration in-process;
the last reads the built site.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from scripts.build import hookutils, langbuild
from scripts.built import sitetree
from scripts.content import languages

GENERATED = '<dl class="planted" id="kyc-&amp;-aml"><dt>KYC</dt><dd>Know your customer</dd></dl>'


def _render(tmp_path: Path, markdown: str) -> tuple[Page, str]:
    """A page of the project's configuration with one glossary marker filled, rendered by MkDocs."""
    config = langbuild.load(tmp_path / "site", languages.codes(), None)
    docs = tmp_path / "docs"
    (docs / "en").mkdir(parents=True)
    (docs / "en" / "planted.md").write_text(markdown, encoding="utf-8")
    config.docs_dir = str(docs)
    file = File("en/planted.md", str(docs), str(tmp_path / "site"), use_directory_urls=True)
    page = Page("Planted", file, config)
    hookutils.forget_generated(page)  # as overrides/hooks/generated.py does first
    page.markdown = hookutils.fill_markers(markdown, page, "glossary.py", {"terms": lambda: GENERATED})
    assert GENERATED not in page.markdown, "generated HTML went into the Markdown"
    page.render(config, Files([file]))
    return page, hookutils.put_generated(page.content or "", page)


def test_generated_html_is_put_in_place_of_its_marker_and_its_ids_are_anchors(tmp_path: Path) -> None:
    page, html = _render(tmp_path, "# Planted\n\nBefore.\n\n<!-- hooks/glossary.py: terms -->\n\nAfter.\n")
    assert re.search(r"<p>Before.</p>\s*" + re.escape(GENERATED) + r"\s*<p>After.</p>", html), html
    assert "<!-- generated" not in html
    # Links to #kyc-&-aml from other pages are checked by MkDocs against the page's anchors.
    assert page.present_anchor_ids is not None and "kyc-&-aml" in page.present_anchor_ids


def test_a_marker_in_a_code_block_stops_the_build_with_the_fix(tmp_path: Path) -> None:
    with pytest.raises(PluginError) as caught:
        _render(tmp_path, "# Planted\n\n```\n<!-- hooks/glossary.py: terms -->\n```\n")
    message = str(caught.value)
    assert "en/planted.md" in message and "hooks/glossary.py: terms" in message and "fix:" in message


def test_a_contributed_comment_never_takes_generated_html(tmp_path: Path) -> None:
    guess = "<!-- generated 0000000000000000 0 -->"
    _, html = _render(tmp_path, f"# Planted\n\n{guess}\n\n<!-- hooks/glossary.py: terms -->\n")
    assert guess in html and html.count(GENERATED) == 1


def test_a_pass_that_failed_before_its_html_was_put_leaves_nothing_behind(tmp_path: Path) -> None:
    """The preview's warm process: a page's build stopped after its markers were filled."""
    config = langbuild.load(tmp_path / "site", languages.codes(), None)
    file = File("en/planted.md", str(tmp_path), str(tmp_path / "site"), use_directory_urls=True)
    hookutils.fill_markers(
        "<!-- hooks/glossary.py: terms -->\n",
        Page("Planted", file, config),
        "glossary.py",
        {"terms": lambda: GENERATED},
    )
    _, html = _render(tmp_path / "again", "# Planted\n\n<!-- hooks/glossary.py: terms -->\n")
    assert html.count(GENERATED) == 1


def test_no_placeholder_is_left_in_the_built_site(site: Path) -> None:
    left = [p.file for p in sitetree.pages(site) if "<!-- generated " in (site / p.file).read_text(encoding="utf-8")]
    assert left == [], f"placeholders of generated HTML left in {left[:5]}"
