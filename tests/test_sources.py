"""Gate 1, the source checks: every planted fault in docs/ is refused with file, line and fix.

Each case plants one fault in a copy of the project and runs the real CLI there, so the
messages checked are exactly what a contributor sees.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.project_copy import make_copy, run_cli

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


@pytest.mark.parametrize("name", sorted(CASES))
def test_fault_is_refused(tmp_path: Path, name: str) -> None:
    rel, text, rule, line, words = CASES[name]
    project = make_copy(tmp_path / "project")
    (project / "docs" / rel).write_text(text, encoding="utf-8")
    result = run_cli(project, "check", "--sources-only")
    assert result.returncode == 1, result.stdout
    report = json.loads((project / "reports" / "checker.json").read_text(encoding="utf-8"))
    matching = [f for f in report["findings"] if f["rule"] == rule and f["file"] == f"docs/{rel}"]
    assert matching, result.stdout
    assert any(words in f["message"] for f in matching), matching
    if line is not None:
        assert any(f["line"] == line for f in matching), matching
    assert all(f["fix"] for f in matching)
    assert f"docs/{rel}" in result.stdout and "fix:" in result.stdout


def test_the_build_refuses_unsafe_html_and_keeps_the_previous_site(tmp_path: Path) -> None:
    project = make_copy(tmp_path / "project")
    assert run_cli(project, "build", "--only", "fr").returncode == 0
    index = (project / "site" / "fr" / "index.html").read_bytes()
    rel, text, *_ = CASES["script element"]
    (project / "docs" / rel).write_text(text, encoding="utf-8")
    result = run_cli(project, "build", "--only", "fr")
    assert result.returncode == 1
    assert "docs/fr/about.md:9" in result.stderr and "<script> element" in result.stderr
    assert (project / "site" / "fr" / "index.html").read_bytes() == index


def test_ui_strings_must_match_english(tmp_path: Path) -> None:
    project = make_copy(tmp_path / "project")
    ui = project / "docs" / "th" / "ui.yml"
    ui.write_text(ui.read_text(encoding="utf-8").replace("  Glossary:", "  Glosary:"), encoding="utf-8")
    result = run_cli(project, "check", "--sources-only")
    assert result.returncode == 1
    assert "docs/th/ui.yml" in result.stdout
    assert "missing key 'nav.Glossary'" in result.stdout and "unknown key 'nav.Glosary'" in result.stdout


def test_the_real_sources_pass(tmp_path: Path) -> None:
    result = run_cli(make_copy(tmp_path / "project"), "check", "--sources-only")
    assert result.returncode == 0, result.stdout
