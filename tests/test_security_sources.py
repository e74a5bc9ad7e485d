"""Gate 1 refuses hostile contributions: each planted value is named with its file and line.

In-process, on small files: the same functions `python -m scripts check` runs on docs/
(scripts/checks/unsafe.py, called from scripts/checks/sources.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.checks import sources, unsafe

FRONT = "---\ntitle: Test page\ndescription: A planted page.\n"

# name -> (file name, text, expected line, words of the message)
MARKDOWN_CASES: dict[str, tuple[str, str, int, str]] = {
    "yaml escape in a paper summary": (
        "paper.md",
        FRONT + 'summary: "Plain words \\x3cscript>alert(1)\\x3c/script>"\n---\n\nText\n',
        4,
        "'summary' holds markup",
    ),
    "yaml escape in a roundtable's organisations_note": (
        "roundtable.md",
        FRONT + 'organisations:\n  - A bank\norganisations_note: "As reported \\x3cimg src=x onerror=alert(1)>"\n'
        "---\n\nText\n",
        6,
        "'organisations_note' holds markup",
    ),
    "yaml escape in translation.reviewed_by": (
        "translated.md",
        FRONT + 'translation:\n  source_hash: 0123456789ab\n  status: reviewed\n  reviewed_by: "A \\u003cb>reviewer"\n'
        "  reviewed_on: 2026-01-02\n---\n\nText\n",
        7,
        "'reviewed_by' holds markup",
    ),
    "entity-encoded markup in front matter": (
        "entity.md",
        FRONT + "summary: Plain &lt;script&gt;x()&lt;/script&gt;\n---\n",
        4,
        "'summary' holds markup",
    ),
    "script URL in a front matter source": (
        "source.md",
        FRONT + 'sources:\n  - "jav\\nascript:alert(1)"\n---\n',
        5,
        "'sources' is a 'javascript:' URL",
    ),
    "tag split over two lines with an event handler": (
        "split.md",
        FRONT + '---\n\nText <a href="#x"\n   onclick="alert(1)">link</a> more\n',
        6,
        "'onclick='",
    ),
    "newline entity inside javascript:": (
        "newline.md",
        FRONT + '---\n\nSee <a href="jav&#x0A;ascript:alert(1)">this</a>.\n',
        6,
        "script URL 'javascript:'",
    ),
    "tab entity in a Markdown link": (
        "tab.md",
        FRONT + "---\n\nFirst line.\n\n[click](jav&#x09;ascript:alert(1))\n",
        8,
        "script URL 'javascript:'",
    ),
    "file: link": ("file.md", FRONT + "---\n\n[the share](file:///etc/passwd)\n", 6, "'file:' URL"),
    "smb: link": ("smb.md", FRONT + "---\n\nText\n\n<a href='smb://host/share'>share</a>\n", 8, "'smb:' URL"),
    "smb: reference definition": ("ref.md", FRONT + "---\n\n[share][s]\n\n[s]: smb://host/share\n", 8, "'smb:' URL"),
    "data: image": ("data.md", FRONT + "---\n\n![x](data:image/svg+xml;base64,PHN2Zz4=)\n", 6, "script URL 'data:'"),
    "svg split over lines": ("svg.md", FRONT + "---\n\n<svg\n  viewBox='0 0 1 1'></svg>\n", 6, "<svg> element"),
}


@pytest.mark.parametrize("name", sorted(MARKDOWN_CASES))
def test_hostile_markdown_is_refused_with_file_and_line(tmp_path: Path, name: str) -> None:
    file, text, line, words = MARKDOWN_CASES[name]
    path = tmp_path / file
    path.write_text(text, encoding="utf-8")
    found = unsafe.scan_file(path, f"docs/en/{file}")
    assert found, f"{name}: not refused"
    assert {f.rule for f in found} == {unsafe.RULE}
    assert any(f.line == line and words in f.message and f.file == f"docs/en/{file}" for f in found), [
        (f.line, f.message) for f in found
    ]
    assert all(f.fix for f in found)


DATA_CASES: dict[str, tuple[str, str, int, str]] = {
    "ui.yml string": ("ui.yml", 'site:\n  name: Fine\n  copyright: "\\x3cscript>alert(1)\\x3c/script>"\n', 3, "markup"),
    "ui.yml nav label": ("ui.yml", 'nav:\n  Home: "Home \\x3cimg src=x onerror=alert(1)>"\n', 2, "'Home' holds markup"),
    "glossary definition": (
        "glossary.yml",
        '- term: KYC\n  definition: "Know \\x3cscript>x()\\x3c/script> your customer"\n  sources:\n  - https://a.example/\n',
        2,
        "'definition' holds markup",
    ),
    "glossary abbreviation": (
        "glossary.yml",
        '- term: KYC\n  abbr:\n    KYC: "\\x3c/abbr>\\x3cscript>x()\\x3c/script>"\n  definition: Know your customer.\n',
        3,
        "'KYC' holds markup",
    ),
    "glossary source": (
        "glossary.yml",
        "- term: KYC\n  definition: Know your customer.\n  sources:\n  - smb://host/share\n",
        4,
        "'smb:' URL",
    ),
}


@pytest.mark.parametrize("name", sorted(DATA_CASES))
def test_hostile_data_values_are_refused_with_file_and_line(tmp_path: Path, name: str) -> None:
    file, text, line, words = DATA_CASES[name]
    path = tmp_path / file
    path.write_text(text, encoding="utf-8")
    found = unsafe.scan_data_file(path, f"docs/ja/{file}")
    assert any(f.line == line and words in f.message and f.file == f"docs/ja/{file}" for f in found), [
        (f.line, f.message) for f in found
    ]


def test_plain_text_urls_and_code_pass(tmp_path: Path) -> None:
    """What the site's pages really contain is not refused (no false alarms)."""
    text = (
        FRONT + 'summary: Banks, card schemes & processors: 5 < 6, "quoted" text.\n'
        "sources:\n  - https://www.icmec.org/\n  - mailto:info@example.org\n---\n\n"
        "Text with a [link](https://example.org/a?b=c) and [a page](../about.md).\n\n"
        "[^1]: Guardian: <https://www.theguardian.com/technology/online-child-abuse-driven-underground>\n\n"
        "`<script>shown as code</script>` and\n\n```html\n<a onclick=x()>code</a>\n```\n"
    )
    path = tmp_path / "good.md"
    path.write_text(text, encoding="utf-8")
    assert unsafe.scan_file(path, "docs/en/good.md") == []


def test_every_data_file_of_the_site_is_scanned(monkeypatch: pytest.MonkeyPatch) -> None:
    """Gate 1 reads every language's ui.yml and glossary.yml, and the real ones pass."""
    from scripts.content import languages

    scanned: list[str] = []
    original = unsafe.scan_data_file

    def recording(path: Path, label: str) -> list[object]:
        scanned.append(label)
        return original(path, label)

    monkeypatch.setattr(unsafe, "scan_data_file", recording)
    assert sources.check_data_files() == []
    assert {f"docs/{lang.code}/ui.yml" for lang in languages.languages()} <= set(scanned)
    assert any(s.endswith("/glossary.yml") for s in scanned)
