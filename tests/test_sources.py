"""Gate 1, the source checks: every planted fault in docs/ is refused with file, line and fix.

The cases are planted in one copy of the sources (mkdocs.yml, docs/, .github/), each in a file
of its own, and gate 1 runs there once in this process through the function the CLI calls, so
the report checked is what a contributor sees. The real sources pass gate 1 in `make check`
(and before every build); tests/test_bad_input.py runs the CLI itself on planted faults.
"""

from __future__ import annotations

import pytest

from tests.project_copy import SourcesChecked, check_tree, copy_tree

GOOD_FRONT = "---\ntitle: Test page\ndescription: A page planted by a test of the source checks.\n"
TRANSLATED = "translation:\n  source_hash: 0123456789ab\n  status: machine\n"

# name -> (file to write, its text, rule, expected line, words of the message)
CASES: dict[str, tuple[str, str, str, int | None, str]] = {
    "script element": (
        "fr/about.md",
        GOOD_FRONT + TRANSLATED + "---\n\nText <script>alert(1)</script>\n",
        "unsafe-html",
        9,
        "<script> element",
    ),
    "iframe": (
        "en/about.md",
        GOOD_FRONT + "---\n\n<iframe src='https://x.example'></iframe>\n",
        "unsafe-html",
        6,
        "<iframe> element",
    ),
    "object": ("en/about.md", GOOD_FRONT + "---\n\n<object data='x.swf'></object>\n", "unsafe-html", 6, "<object>"),
    "embed": ("en/about.md", GOOD_FRONT + "---\n\n<embed src='x.swf'>\n", "unsafe-html", 6, "<embed>"),
    "event attribute": (
        "ja/about.md",
        GOOD_FRONT + TRANSLATED + "---\n\n<img src='x.png' onerror='x()'>\n",
        "unsafe-html",
        9,
        "'onerror='",
    ),
    "event attribute in attr_list": (
        "en/about.md",
        GOOD_FRONT + "---\n\n## Title {onclick=x()}\n",
        "unsafe-html",
        6,
        "'onclick='",
    ),
    "javascript link": (
        "en/about.md",
        GOOD_FRONT + "---\n\n[click](javascript:alert(1))\n",
        "unsafe-html",
        6,
        "script URL",
    ),
    "encoded javascript": (
        "en/about.md",
        GOOD_FRONT + '---\n\n<a href="java&#115;cript:x()">a</a>\n',
        "unsafe-html",
        6,
        "script URL",
    ),
    "style url": (
        "en/about.md",
        GOOD_FRONT + '---\n\n<p style="background: url(https://x.example/a.png)">x</p>\n',
        "unsafe-html",
        6,
        "url()",
    ),
    "malformed yaml": ("en/about.md", "---\ntitle: A: b: c\n---\n\nText\n", "front-matter", 2, "not valid YAML"),
    "impossible date": (
        "en/about.md",
        GOOD_FRONT + "revised: 2026-13-01\n---\n",
        "front-matter",
        4,
        "field 'revised' is 2026-13-01, which is not a date",
    ),
    "missing field": (
        "en/about.md",
        "---\ntitle: Only a title\n---\n\nText\n",
        "front-matter",
        None,
        "missing field 'description'",
    ),
    "unknown field": ("en/about.md", GOOD_FRONT + "titel: typo\n---\n", "front-matter", 4, "unknown field 'titel'"),
    "bad translation status": (
        "es/about.md",
        GOOD_FRONT + TRANSLATED.replace("machine", "draft") + "---\n",
        "front-matter",
        4,
        "expected one of: machine, reviewed",
    ),
    "reviewed without reviewer": (
        "es/about.md",
        GOOD_FRONT + TRANSLATED.replace("machine", "reviewed") + "---\n",
        "front-matter",
        4,
        "reviewed_by",
    ),
    "translation without provenance": (
        "de/about.md",
        GOOD_FRONT + "---\n\nText\n",
        "front-matter",
        2,
        "missing field 'translation'",
    ),
    "translation of nothing": (
        "fr/gone.md",
        GOOD_FRONT + TRANSLATED + "---\n",
        "translation-source",
        None,
        "docs/en/gone.md does not exist",
    ),
}


def planted_files() -> dict[str, str]:
    """Each case's file, made distinct: a second case on docs/xx/about.md goes to about-2.md, and so on.

    The faults then sit in different files and do not interact, so one run checks them all.
    """
    files, seen = {}, {}
    for name in sorted(CASES):
        rel = CASES[name][0]
        seen[rel] = seen.get(rel, 0) + 1
        files[name] = rel if seen[rel] == 1 else rel.replace(".md", f"-{seen[rel]}.md")
    return files


FILES = planted_files()


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> SourcesChecked:
    """Every case planted in one copy of the sources (a file each, plus the ui.yml typo), checked once."""
    project = copy_tree(tmp_path_factory.mktemp("sources") / "project")
    for name, rel in FILES.items():
        (project / "docs" / rel).write_text(CASES[name][1], encoding="utf-8")
    ui = project / "docs" / "th" / "ui.yml"
    ui.write_text(ui.read_text(encoding="utf-8").replace("  Glossary:", "  Glosary:"), encoding="utf-8")
    return check_tree(project)


@pytest.mark.parametrize("name", sorted(CASES))
def test_fault_is_refused(checked: SourcesChecked, name: str) -> None:
    _, _, rule, line, words = CASES[name]
    file = f"docs/{FILES[name]}"
    assert checked.returncode == 1, checked.stdout
    matching = checked.at(file, rule)
    assert matching, (file, checked.at(file))
    assert any(words in f["message"] for f in matching), matching
    if line is not None:
        assert any(f["line"] == line for f in matching), matching
    assert all(f["fix"] for f in matching)
    assert any(f["severity"] == "error" and words in f["message"] for f in matching), matching
    assert file in checked.stdout and "fix:" in checked.stdout


def test_ui_strings_must_match_english(checked: SourcesChecked) -> None:
    assert "docs/th/ui.yml" in checked.stdout
    messages = " ".join(f["message"] for f in checked.at("docs/th/ui.yml"))
    assert "missing key 'nav.Glossary'" in messages and "unknown key 'nav.Glosary'" in messages
