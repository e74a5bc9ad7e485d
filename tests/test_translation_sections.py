"""English edits never fail the build: outdated translations, section by section (issue 12, 1-2, 4)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from scripts.cli import status_change
from scripts.content import frontmatter, languages, mdstructure, translations
from scripts.project import DOCS
from tests.helpers import parse
from tests.project_copy import check_tree, make_copy, run_cli

PAGE = "about.md"
NEW_ID = "brand-new-section"


def _git(project: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=project,
        check=True,
        capture_output=True,
    )


def _insert(path: Path, edits: dict[int, str]) -> None:
    """Insert text before the given 1-based file lines (bottom up, so line numbers hold)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for line in sorted(edits, reverse=True):
        lines.insert(line - 1, edits[line])
    path.write_text("\n".join(lines), encoding="utf-8")


def _reflow(text: str) -> str:
    """The same text with only whitespace changed: paragraphs joined on one line, blank lines doubled."""
    body = re.sub(r"(?<=[a-z,])\n(?=[a-z])", " ", text)
    return body.replace("\n\n", "\n\n\n") + "\n\n"


def _report(project: Path) -> dict:
    return json.loads((project / "reports" / "translations.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One project copy in git; English adds a link, a table and a heading to a translated page,
    a heading-anchor link elsewhere, and re-wraps another page; one build of English + German."""
    project = make_copy(tmp_path_factory.mktemp("sections") / "project")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "base")
    assert run_cli(project, "translation", "status").returncode == 0
    before = project / "before.json"
    (project / "reports" / "translations.json").rename(before)

    english = project / "docs" / "en" / PAGE
    heads = mdstructure.read_structure(frontmatter.read(english)).headings
    assert len(heads) >= 4, "the page needs four headings to edit three sections"
    link_in, table_in, before_heading = heads[1].id, heads[2].id, heads[3].id
    _insert(
        english,
        {
            heads[2].line: "An added sentence with [a link](glossary.md).\n",
            heads[3].line: "| Added | Table |\n|---|---|\n| 1 | 2 |\n\n"
            f"## A brand-new section {{#{NEW_ID}}}\n\nNew English text.\n",
        },
    )
    # Whitespace only: another translated page, re-wrapped.
    contribute = project / "docs" / "en" / "contribute.md"
    body = frontmatter.read(contribute).body
    text = contribute.read_text(encoding="utf-8")
    assert _reflow(body) != body
    contribute.write_text(text[: -len(body)] + _reflow(body), encoding="utf-8")
    # A German page that follows its English page in linking to the new heading (marked current),
    # and an English page shown to German readers (no German translation) linking to it.
    link = f"\nSee [the new section]({PAGE}#{NEW_ID}).\n"
    for path in (project / "docs" / "en" / "index.md", project / "docs" / "de" / "index.md"):
        path.write_text(path.read_text(encoding="utf-8") + link, encoding="utf-8")
    assert run_cli(project, "translation", "mark-current", "de", "index.md").returncode == 0
    roundtables = [p for p in sorted((project / "docs" / "en" / "roundtables").glob("*.md")) if p.name != "index.md"]
    if all((project / "docs" / "de" / "roundtables" / p.name).exists() for p in roundtables):
        (project / "docs" / "de" / "roundtables" / roundtables[-1].name).unlink()  # German is complete
    fallback = next(
        p.relative_to(project / "docs" / "en")
        for p in roundtables
        if not (project / "docs" / "de" / "roundtables" / p.name).exists()
    )
    page = project / "docs" / "en" / fallback
    page.write_text(page.read_text(encoding="utf-8") + f"\nSee [the new section](../{PAGE}#{NEW_ID}).\n", "utf-8")
    _git(project, "commit", "-qam", "English edits")

    check = check_tree(project)  # gate 1 in this process (tests/test_bad_input.py runs the CLI)
    status = run_cli(project, "translation", "status")
    build = run_cli(project, "build", "--only", "de")
    return {
        "project": project,
        "check": check,
        "findings": check.findings,
        "status": status,
        "build": build,
        "before": before,
        "fallback": fallback,
        "expected": {"added": [NEW_ID], "edited": [link_in, table_in], "removed": []},
        "ids": (link_in, table_in, before_heading),
    }


def translated_languages(page: str) -> list[str]:
    return [lang.code for lang in languages.languages()[1:] if (DOCS / lang.code / page).is_file()]


def test_english_edits_leave_the_checks_green_with_warnings(edited: dict) -> None:
    assert edited["check"].returncode == 0, [f for f in edited["findings"] if f["severity"] == "error"]
    for code in translated_languages(PAGE):
        mine = [f for f in edited["findings"] if f["file"] == f"docs/{code}/{PAGE}"]
        rules = {f["rule"] for f in mine}
        # The added link, table and heading each show as a warning naming the changed sections.
        assert {"parity-links", "parity-structure", "parity-heading"} <= rules, (code, mine)
        assert all(f["severity"] == "warning" and NEW_ID in f["message"] for f in mine), mine
        assert any("tables" in f["message"] for f in mine) and any("links" in f["message"] for f in mine)
        assert all(f"translation diff {code} {PAGE}" in f["fix"] for f in mine)


def test_report_and_console_list_the_changed_sections(edited: dict) -> None:
    report = _report(edited["project"])
    for code in translated_languages(PAGE):
        entry = report["languages"][code]
        assert PAGE in entry["outdated"]
        assert {k: entry["outdated_sections"][PAGE][k] for k in ("added", "edited", "removed")} == edited["expected"]
        assert any(NEW_ID in w for w in entry["warnings"][PAGE])
        # Re-wrapping the English text changed no section: nothing is outdated for it.
        assert "contribute.md" not in entry["outdated"]
    assert f"outdated {PAGE}: English sections added {NEW_ID}; edited " in edited["status"].stdout


def test_whitespace_only_change_changes_no_hash() -> None:
    page = frontmatter.read(DOCS / "en" / PAGE)
    reflowed = frontmatter.split(
        page.path.read_text(encoding="utf-8")[: -len(page.body)] + _reflow(page.body), page.path
    )
    assert reflowed.body != page.body
    assert translations.section_hashes(reflowed) == translations.section_hashes(page)
    assert translations.content_hash(reflowed) == translations.content_hash(page)
    edited = frontmatter.split(page.path.read_text(encoding="utf-8").replace(" the ", " a ", 1), page.path)
    changes = translations.compare_sections(translations.section_hashes(page), translations.section_hashes(edited))
    assert len(changes.edited) == 1 and not changes.added and not changes.removed


def test_every_translation_records_its_source_sections() -> None:
    for lang in languages.languages()[1:]:
        for path in sorted(lang.docs_dir.rglob("*.md")):
            state = translations.state(path)
            assert state.provenance.sections, f"{path}: run `python -m scripts translation upgrade`"
            if not state.outdated:
                assert state.provenance.sections == translations.source_sections(path), path


def test_outdated_notice_names_and_links_the_sections(edited: dict) -> None:
    assert edited["build"].returncode == 0, edited["build"].stderr[-3000:]
    site = edited["project"] / "site"
    notice = parse(site / "de" / "about" / "index.html").css_first("aside.site-notice--outdated")
    assert notice is not None
    ui = languages.ui("de")["translation"]
    assert ui["changed_sections"] in notice.text()
    items = {li.attributes["data-section"]: li for li in notice.css("li")}
    assert sorted(items) == sorted(edited["expected"]["added"] + edited["expected"]["edited"])
    for section, li in items.items():
        a = li.css_first("a")
        assert a.attributes["href"] == f"../../about/#{section}" and a.attributes["hreflang"] == "en"
        kind = li.attributes["data-change"]
        assert ui[f"section_{kind}"] in li.text()
    # Edited sections are named with the German heading; the new one with the English heading.
    german = {h.id: h.text for h in mdstructure.read_structure(frontmatter.read(DOCS / "de" / PAGE)).headings}
    assert items[edited["ids"][0]].css_first("a").text() == german[edited["ids"][0]]
    assert items[NEW_ID].css_first("a").attributes["lang"] == "en"
    # Unchanged sections are not listed.
    assert edited["ids"][2] not in items


def test_links_to_a_heading_only_english_has_lead_to_english(edited: dict) -> None:
    site = edited["project"] / "site"
    fallback = edited["fallback"].with_suffix("").as_posix()
    for page, href in [
        (site / "de" / "index.html", f"../about/#{NEW_ID}"),
        (site / "de" / fallback / "index.html", f"../../../about/#{NEW_ID}"),
    ]:
        links = [a for a in parse(page).css("a") if NEW_ID in a.attributes.get("href", "")]
        assert [(a.attributes["href"], a.attributes.get("hreflang")) for a in links] == [(href, "en")], page
    assert f'id="{NEW_ID}"' in (site / "about" / "index.html").read_text(encoding="utf-8")


def test_status_page_lists_outdated_pages(edited: dict) -> None:
    tree = parse(edited["project"] / "site" / "de" / "translation-status" / "index.html")
    for code in translated_languages(PAGE):
        item = tree.css_first(f'#outdated-{code} li[data-page="{PAGE}"]')
        assert item is not None, code
        assert item.css_first('code[data-change="added"]').text() == NEW_ID
        assert NEW_ID in item.css_first("ul").text()


def test_diff_of_one_section(edited: dict) -> None:
    link_in, _, unchanged = edited["ids"]
    result = run_cli(edited["project"], "translation", "diff", "fr", PAGE, "--section", link_in)
    assert result.returncode == 0, result.stderr
    assert "+An added sentence with [a link](glossary.md)." in result.stdout
    assert "table" not in result.stdout.lower()
    same = run_cli(edited["project"], "translation", "diff", "fr", PAGE, "--section", unchanged)
    assert "has not changed" in same.stdout
    whole = run_cli(edited["project"], "translation", "diff", "fr", PAGE)
    assert f"added: {NEW_ID}" in whole.stdout and "+| Added | Table |" in whole.stdout
    wrong = run_cli(edited["project"], "translation", "diff", "fr", PAGE, "--section", "no-such-id")
    assert wrong.returncode == 1 and "no section 'no-such-id'" in wrong.stderr


def test_status_change_summary(edited: dict) -> None:
    after = edited["project"] / "reports" / "translations.json"
    text = status_change.markdown(edited["before"], after)
    for code in translated_languages(PAGE):
        assert f"### {code} (" in text
        assert f"| `{PAGE}` | machine | machine, outdated (added: {NEW_ID}; edited: " in text
    assert "contribute.md" not in text
    cli = run_cli(edited["project"], "translation", "status-change", str(edited["before"]), str(after))
    assert cli.returncode == 0 and cli.stdout == text + "\n"
    assert "No page changed" in status_change.markdown(after, after)


def test_a_current_translation_still_fails_on_a_difference(edited: dict) -> None:
    project = edited["project"]
    code = next(c for c in translated_languages("glossary.md"))
    page = project / "docs" / code / "glossary.md"
    state = translations.state(DOCS / code / "glossary.md")
    assert not state.outdated
    page.write_text(page.read_text(encoding="utf-8") + "\n| a | b |\n|---|---|\n| 1 | 2 |\n", encoding="utf-8")
    try:
        result = check_tree(project)
    finally:
        _git(project, "checkout", "--", f"docs/{code}/glossary.md")
    assert result.returncode == 1
    assert f"ERROR   docs/{code}/glossary.md" in result.stdout and "tables" in result.stdout
