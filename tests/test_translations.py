"""The translation workflow: provenance, outdated notices, status, parity, new languages."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from scripts.content import languages
from scripts.project import DOCS
from tests.helpers import html_file, md_url, parse
from tests.project_copy import SourcesChecked, check_tree, copy_tree, edit_front_matter, make_copy, run_cli


def untranslated(project: Path) -> tuple[str, str]:
    """A language and a page (path inside docs/en/) with no translation in the project copy.

    When every page is translated, the copy loses one translation (the content is complete,
    the tests of starting a translation still need a page to start).
    """
    docs = project / "docs"
    pages = sorted(p.relative_to(docs / "en").as_posix() for p in (docs / "en").rglob("*.md"))
    for lang in languages.languages()[1:]:
        for rel in pages:
            if not (docs / lang.code / rel).is_file():
                return lang.code, rel
    code, rel = (
        languages.languages()[-1].code,
        next(p for p in pages if p.startswith("roundtables/") and "index" not in p),
    )
    (docs / code / rel).unlink()
    return code, rel


def _json(project: Path) -> dict:
    return json.loads((project / "reports" / "translations.json").read_text(encoding="utf-8"))


def test_report_counts_match_the_tree(planted_build: dict[str, Any]) -> None:
    report = planted_build["before"]  # the status of an unchanged copy
    english = sorted(p.relative_to(DOCS / "en").as_posix() for p in (DOCS / "en").rglob("*.md"))
    assert report["pages"] == len(english)
    for lang in languages.languages()[1:]:
        entry = report["languages"][lang.code]
        present = sorted(p.relative_to(DOCS / lang.code).as_posix() for p in (DOCS / lang.code).rglob("*.md"))
        assert entry["translated"] == [p for p in english if p in present]
        assert entry["missing"] == [p for p in english if p not in present]
        assert entry["counts"]["translated"] + entry["counts"]["missing"] == len(english)
        assert entry["counts"]["reviewed"] + entry["counts"]["machine"] + entry["counts"]["invalid"] == len(present)


def test_status_page_matches_the_report(site: Path, planted_build: dict[str, Any]) -> None:
    report = planted_build["before"]  # the status of an unchanged copy
    for lang in languages.languages():
        tree = parse(html_file(site, lang.prefix + "translation-status/"))
        rows = tree.css("table.translation-status tbody tr")
        assert [r.attributes["id"].removeprefix("status-") for r in rows] == list(report["languages"])
        for row in rows:
            counts = report["languages"][row.attributes["id"].removeprefix("status-")]["counts"]
            for key in ("translated", "reviewed", "machine", "outdated", "missing", "total"):
                assert int(row.attributes[f"data-{key}"]) == counts[key]
            progress = row.css_first("progress")
            assert (int(progress.attributes["value"]), int(progress.attributes["max"])) == (
                counts["translated"],
                counts["total"],
            )


def test_changed_english_page_makes_its_translations_outdated(planted_build: dict[str, Any]) -> None:
    translated = [lang for lang in languages.languages()[1:] if (DOCS / lang.code / "index.md").is_file()]
    assert translated, "some language must have a translated home page"
    before, after = planted_build["before"], planted_build["after"]
    assert all("index.md" not in before["languages"][lang.code]["outdated"] for lang in translated)
    # planted_build added a paragraph to docs/en/index.md.
    for lang in translated:
        assert "index.md" in after["languages"][lang.code]["outdated"]

    code, site = planted_build["code"], planted_build["site"]
    assert code in {lang.code for lang in translated}
    notice = parse(site / code / "index.html").css_first("aside.site-notice--outdated")
    assert notice is not None
    assert languages.ui(code)["translation"]["outdated"] in notice.text()
    # And the English page itself shows no such notice.
    assert parse(site / "index.html").css_first("aside.site-notice--outdated") is None


def test_machine_and_reviewed_notices(planted_build: dict[str, Any]) -> None:
    """`translation review` shows who reviewed the page; `mark-current` makes it a machine translation again."""
    code, site = planted_build["code"], planted_build["site"]
    prefix = languages.get(code).prefix
    tree = parse(html_file(site, prefix + md_url(Path(planted_build["reviewed"]))))
    notice = tree.css_first("aside.site-notice--reviewed")
    assert notice is not None and "APFC" in notice.text() and tree.css_first("aside.site-notice--machine") is None
    assert notice.css_first("a").attributes["hreflang"] == "en"

    tree = parse(html_file(site, prefix + md_url(Path(planted_build["remarked"]))))
    machine = tree.css_first("aside.site-notice--machine")
    assert machine is not None and languages.ui(code)["translation"]["machine"] in machine.text()
    assert tree.css_first("aside.site-notice--reviewed") is None


PARITY_CASES = [
    ("a link dropped", lambda t: t.replace("](about.md)", "]()", 1), "parity-structure", "links"),
    (
        "a link retargeted",
        lambda t: t.replace("](about.md)", "](glossary.md)", 1),
        "parity-links",
        "no link to 'about.md'",
    ),
    ("a note added", lambda t: t + '\n!!! note "Extra"\n\n    Not in English.\n', "parity-structure", "notes"),
    ("a table added", lambda t: t + "\n| a | b |\n|---|---|\n| 1 | 2 |\n", "parity-structure", "tables"),
    ("a code block added", lambda t: t + "\n```\nx\n```\n", "parity-structure", "code blocks"),
]


def _with_home_page() -> list[str]:
    return [lang.code for lang in languages.languages()[1:] if (DOCS / lang.code / "index.md").is_file()]


@pytest.fixture(scope="module")
def parity(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The parity faults in one copy, each in another language's home page (a heading that lost
    its id in one more, a copied front-matter field in a paper), checked by gate 1 once, in process."""
    project = copy_tree(tmp_path_factory.mktemp("parity") / "project")
    codes = _with_home_page()
    assert len(codes) > len(PARITY_CASES), "each parity fault needs a language of its own"
    where = {}
    for (name, edit, *_), code in zip(PARITY_CASES, codes, strict=False):
        page = project / "docs" / code / "index.md"
        page.write_text(edit(page.read_text(encoding="utf-8")), encoding="utf-8")
        where[name] = f"docs/{code}/index.md"
    code = codes[len(PARITY_CASES)]
    page = project / "docs" / code / "index.md"
    text = page.read_text(encoding="utf-8")
    assert "{#where-to-start}" in text
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if "{#where-to-start}" in ln)
    page.write_text(text.replace(" {#where-to-start}", ""), encoding="utf-8")
    where["heading id"] = f"docs/{code}/index.md:{line}"
    code = next(lang.code for lang in languages.languages()[1:] if (DOCS / lang.code / "papers").is_dir())
    paper = next(p for p in (DOCS / code / "papers").glob("*.md") if p.name != "index.md")
    edit_front_matter(project / "docs" / code / "papers" / paper.name, lambda m: m.update(edition=2))
    where["edition"] = f"docs/{code}/papers/{paper.name}"
    return {"checked": check_tree(project), "where": where}


def test_heading_that_lost_its_id_fails_parity(parity: dict[str, Any]) -> None:
    checked: SourcesChecked = parity["checked"]
    assert checked.returncode == 1
    place = parity["where"]["heading id"]
    line = next(ln for ln in checked.stdout.splitlines() if place in ln)
    assert "heading id 'where-to-start'" in line and "{#where-to-start}" in checked.stdout


@pytest.mark.parametrize(("name", "rule", "words"), [(c[0], c[2], c[3]) for c in PARITY_CASES])
def test_structure_parity(parity: dict[str, Any], name: str, rule: str, words: str) -> None:
    checked: SourcesChecked = parity["checked"]
    assert checked.returncode == 1
    found = checked.at(parity["where"][name], rule)
    assert any(words in f["message"] and f["severity"] == "error" for f in found), checked.at(parity["where"][name])


def test_copied_front_matter_must_equal_english(parity: dict[str, Any]) -> None:
    checked: SourcesChecked = parity["checked"]
    file = parity["where"]["edition"]
    assert any("front matter field 'edition' is 2" in f["message"] for f in checked.at(file)), checked.at(file)
    assert file in checked.stdout


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One copy where a translation is started and a language added (they touch different
    folders), then gate 1 runs once: a fresh start and a new language both pass every check."""
    project = make_copy(tmp_path_factory.mktemp("started") / "project")
    (project / ".github").mkdir(exist_ok=True)
    code, page = untranslated(project)
    start = run_cli(project, "translation", "start", code, page)
    new = run_cli(project, "new-language", "pt", "Português")
    check = run_cli(project, "check", "--sources-only")
    return {"project": project, "code": code, "page": page, "start": start, "new": new, "check": check}


def test_translation_start_records_provenance(started: dict[str, Any]) -> None:
    project, code, page = started["project"], started["code"], started["page"]
    assert started["start"].returncode == 0, started["start"].stderr
    text = (project / "docs" / code / page).read_text(encoding="utf-8")
    assert "translation:\n  source_hash: " in text and "  status: machine\n" in text
    assert started["check"].returncode == 0, "a fresh copy passes every check"
    assert run_cli(project, "translation", "start", code, page).returncode == 1, "never overwrites"
    assert "unknown language 'xx'" in run_cli(project, "translation", "start", "xx", page).stderr


def test_diff_shows_the_english_changes_since_translation(tmp_path: Path) -> None:
    project = make_copy(tmp_path / "project")
    git = lambda *a: subprocess.run(["git", *a], cwd=project, check=True, capture_output=True, text=True)  # noqa: E731
    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    code, page = untranslated(project)
    assert run_cli(project, "translation", "start", code, page).returncode == 0
    source = project / "docs" / "en" / page
    source.write_text(source.read_text(encoding="utf-8") + "\nAn added English sentence.\n", encoding="utf-8")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "edit")
    result = run_cli(project, "translation", "diff", code, page)
    assert result.returncode == 0, result.stderr
    assert "+An added English sentence." in result.stdout


def test_new_language_builds_and_appears_in_the_switcher(started: dict[str, Any]) -> None:
    project, result = started["project"], started["new"]
    assert result.returncode == 0, result.stderr
    assert "/docs/pt/" in (project / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert started["check"].returncode == 0, started["check"].stdout
    build = run_cli(project, "build", "--only", "pt")
    assert build.returncode == 0, build.stderr
    home = parse(project / "site" / "pt" / "index.html")
    assert home.css_first("html").attributes["lang"] == "pt"
    switcher = {a.attributes["hreflang"]: a.text().strip() for a in home.css("a.md-select__link")}
    assert switcher["pt"] == "Português"
    assert (project / "site" / "pt" / "404.html").is_file()
    assert (project / "site" / "pt" / "search" / "search_index.json").is_file()
    assert run_cli(project, "new-language", "pt", "Português").returncode == 1, "only once"
    refused = run_cli(project, "new-language", "xq", "X")
    assert refused.returncode == 1 and "does not know the language 'xq'" in refused.stderr
