"""Bad input: every case gives one clear error naming the file, the line and the fix, never a traceback.

Most cases run in-process on small files; one test plants all of them in a project copy and
runs the real `check` and `build` commands, as a contributor would (one of the two end-to-end
runs of gate 1's CLI; the other, in tests/test_translations.py, passes).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scripts.checks import parity, sources
from scripts.cli.new_language import code_problem
from scripts.content import frontmatter, glossary, languages, mdstructure, sourcefile
from tests.project_copy import make_copy, run_cli

FRONT = "---\ntitle: A page\ndescription: A page planted by a test of bad input.\n"


def _error(path: Path, data: bytes) -> sourcefile.SourceError:
    path.write_bytes(data)
    with pytest.raises(sourcefile.SourceError) as caught:
        frontmatter.read(path)
    return caught.value


def test_non_utf8_byte_names_the_line_and_the_byte(tmp_path: Path) -> None:
    error = _error(tmp_path / "page.md", (FRONT + "---\n\nTwo lines\n").encode() + b"caf\xe9\n")
    assert (error.line, error.file.endswith("page.md")) == (7, True)
    assert "byte 0xe9" in error.message and "UTF-8" in error.fix


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    path.write_bytes(b"\xef\xbb\xbf" + (FRONT + "---\n\nText\n").encode())
    page = frontmatter.read(path)
    assert page.meta["title"] == "A page" and page.body_line == 5


def test_unclosed_front_matter_is_not_reported_as_missing_fields(tmp_path: Path) -> None:
    error = _error(tmp_path / "page.md", (FRONT + "\nText without the closing line\n").encode())
    assert error.line == 1 and "never closed" in error.message and "'---'" in error.fix


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (FRONT + "title: Again\n---\n", 4, "key 'title' is written twice (lines 2 and 4)"),
        (FRONT + "revised: 2026-02-30\n---\n", 4, "field 'revised' is 2026-02-30"),
        (FRONT + "translation:\n  status: reviewed\n  reviewed_on: 2026-02-30\n---\n", 6, "field 'reviewed_on'"),
    ],
)
def test_front_matter_values_are_not_lost(tmp_path: Path, text: str, line: int, words: str) -> None:
    error = _error(tmp_path / "page.md", text.encode())
    assert error.line == line and words in error.message and error.fix


def test_duplicate_key_in_a_glossary_entry(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yml"
    path.write_text("- term: Acquirer\n  definition: One.\n  definition: Two.\n", encoding="utf-8")
    with pytest.raises(sourcefile.SourceError) as caught:
        sourcefile.read_yaml(path)
    assert caught.value.line == 3 and "lines 2 and 3" in caught.value.message


def test_duplicate_key_in_ui_strings(tmp_path: Path) -> None:
    path = tmp_path / "ui.yml"
    path.write_text("site:\n  name: A\nnav:\n  Home: x\nsite:\n  name: B\n", encoding="utf-8")
    with pytest.raises(languages.LanguageError, match=r"ui\.yml:5: key 'site' is written twice \(lines 1 and 5\)"):
        languages._load_yaml(path)


def test_non_utf8_glossary_is_a_glossary_error(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yml"
    path.write_bytes(b"- term: Caf\xe9\n")
    with pytest.raises(glossary.GlossaryError, match=r"glossary\.yml:1: byte 0xe9"):
        glossary._load(path)


@pytest.mark.parametrize(
    ("code", "words"),
    [("pt-BR", "use 'pt'"), ("zh-Hant", "use 'zh'"), ("PT", "not a language code"), ("xx", "does not know")],
)
def test_language_codes_the_build_cannot_use_are_refused(code: str, words: str) -> None:
    problem = code_problem(code)
    assert problem is not None and words in problem


def test_codes_of_the_site_are_usable() -> None:
    assert [code_problem(code) for code in languages.codes()] == [None] * len(languages.codes())


def _structure(text: str) -> mdstructure.Structure:
    return mdstructure.read_structure(frontmatter.split(text, Path("x.md")))


def test_dropped_heading_fix_names_the_heading_in_its_place() -> None:
    en = _structure("# T\n\n## Alpha\n\n## Beta\n\n## Gamma\n\n## Delta\n")
    # Beta lost its id (translated text, no {#beta}); Gamma was dropped altogether.
    tr = _structure("# T {#t}\n\n## Alfa {#alpha}\n\n## Zweitens\n\n## Viertens {#delta}\n")
    beta, gamma = en.headings[2], en.headings[3]
    assert parity._counterpart(beta, en.headings, tr.headings).text == "Zweitens"
    # Pairing by position named 'Viertens' (which has its id) as the place of {#gamma}.
    assert parity._counterpart(gamma, en.headings, tr.headings) is None
    assert parity._next_kept(gamma, en.headings, tr.headings).text == "Viertens"


def test_url_safe_names() -> None:
    assert sources.url_safe_name("Mon fichier été.md") == "mon-fichier-ete.md"


def test_every_bad_input_in_check_and_build(tmp_path: Path) -> None:
    project = make_copy(tmp_path / "project")
    docs = project / "docs"
    planted: dict[str, tuple[int | None, str]] = {}

    def plant(rel: str, text: bytes | str, line: int | None, words: str) -> None:
        path = docs / rel
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
        planted[f"docs/{rel}"] = (line, words)

    about = (docs / "en/about.md").read_bytes()
    plant(
        "en/about.md", about.replace(b"\n\n", b"\n\nd\xe9j\xe0\n", 1), about.split(b"\n\n")[0].count(b"\n") + 3, "0xe9"
    )
    report = (docs / "en/report.md").read_bytes()
    (docs / "en/report.md").write_bytes(b"\xef\xbb\xbf" + report)  # accepted: no finding
    downloads = (docs / "en/downloads.md").read_text(encoding="utf-8")
    plant("en/downloads.md", downloads.replace("\n---\n", "\n", 1), 1, "never closed")
    paper = sorted((docs / "en/papers").glob("[!i]*.md"))[0]
    text = paper.read_text(encoding="utf-8")
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if ln.startswith("published:"))
    plant(
        f"en/papers/{paper.name}",
        re.sub(r"(?m)^published: .*$", "published: 2026-02-30", text),
        line,
        "field 'published'",
    )
    ui = (docs / "ja/ui.yml").read_text(encoding="utf-8")
    line = next(n for n, ln in enumerate(ui.splitlines(), 1) if ln == "nav:") + 1
    plant("ja/ui.yml", ui.replace("\nnav:\n", "\nnav:\n  Home: X\n", 1), line + 1, "written twice")
    plant("fr/glossary.yml", (docs / "fr/glossary.yml").read_bytes() + b"# caf\xe9\n", None, "0xe9")
    plant("en/my page.md", FRONT + "---\n\nText\n", None, "rename it to 'my-page.md'")

    check = run_cli(project, "check", "--sources-only")
    assert check.returncode == 1 and "Traceback" not in check.stdout + check.stderr
    found = json.loads((project / "reports" / "checker.json").read_text(encoding="utf-8"))["findings"]
    assert {f["file"] for f in found} == set(planted), found  # one error per fault, nothing else
    for f in found:
        line, words = planted[f["file"]]
        assert (words in f["message"] or words in f["fix"]) and f["fix"], f
        assert line is None or f["line"] == line, f
        printed = next(ln for ln in check.stdout.splitlines() if f["file"] + (f":{line}" if line else "") in ln)
        assert f["message"] in printed, (printed, check.stdout)  # the console names the file, line and fix
    assert check.stdout.count("fix:") >= len(planted), check.stdout
    build = run_cli(project, "build", "--only", "fr")
    assert build.returncode == 1 and "Traceback" not in build.stderr and not (project / "site").exists()
    assert all(file in build.stderr for file in planted), build.stderr


def test_new_language_and_review_date_are_refused_up_front(tmp_path: Path) -> None:
    project = make_copy(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    result = run_cli(project, "new-language", "pt-BR", "Português")
    assert result.returncode == 1 and "use 'pt'" in result.stderr and "Traceback" not in result.stderr
    assert (project / "mkdocs.yml").read_text(encoding="utf-8") == config and not (project / "docs/pt-BR").exists()
    code = next(lang.code for lang in languages.languages()[1:] if (lang.docs_dir / "about.md").is_file())
    page = project / "docs" / code / "about.md"
    before = page.read_bytes()
    result = run_cli(project, "translation", "review", code, "about.md", "--by", "APFC", "--on", "2026-31-12")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "--on 2026-31-12: not a date" in result.stderr and "YYYY-MM-DD" in result.stderr
    assert page.read_bytes() == before
