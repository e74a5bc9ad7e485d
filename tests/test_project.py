"""The project's own promises: the two commands, pinned dependencies, one language list."""

from __future__ import annotations

import re

from scripts.content import languages
from scripts.project import ROOT


def test_readme_opens_with_the_two_commands_ci_uses() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", readme, re.S)
    assert first_block, "README.md must open with a code block of set-up commands"
    assert readme.index("```") < readme.index("\n## "), "the commands come before the first section"
    commands = [line.strip() for line in first_block.group(1).splitlines() if line.strip()]
    assert commands == ["make serve", "make test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_commands = [line.strip() for line in ci.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert "make test" in ci_commands


def test_every_dependency_is_pinned() -> None:
    lines = [
        line.strip()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert lines, "requirements.txt is empty"
    for line in lines:
        assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[^\s;]+( ; .+)?", line), f"not pinned: {line}"
    names = {re.split(r"[=\[ ;]", line)[0].lower() for line in lines}
    assert {"mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pymdown-extensions"} <= names
    assert "mkdocs-i18n" not in names, "mkdocs-i18n is a different, dormant plugin"
    pins = {re.split(r"[=\[ ;]", line)[0].lower(): line.split("==")[1].split()[0] for line in lines}
    assert pins["mkdocs"] == "1.6.1" and pins["mkdocs-static-i18n"] == "1.3.1"
    assert pins["mkdocs-material"].startswith("9.8.") and pins["pymdown-extensions"].startswith("13.")
    assert (ROOT / "requirements.in").is_file()


def test_language_list_is_written_once() -> None:
    """Only mkdocs.yml lists the languages: no code or workflow file repeats the list."""
    codes = languages.codes()[1:]
    assert codes, "mkdocs.yml lists no translation"
    # A file naming every language (or five of them) repeats the list.
    limit = min(5, len(codes))
    quoted = re.compile(r"""["'`/ ]({})["'`/ ]""".format("|".join(codes)))
    for path in ROOT.rglob("*"):
        rel = path.relative_to(ROOT)
        # Tests may name the languages they sample; the site's code and workflows may not.
        if not path.is_file() or rel.parts[0] in {
            "docs",
            "site",
            ".venv",
            ".git",
            "reports",
            ".preview",
            "tests",
            ".cache",
        }:
            continue
        if rel.suffix not in {".py", ".yml", ".yaml", ".sh", ".html", ".toml", ".cfg"} and rel.name != "Makefile":
            continue
        if rel.as_posix() == "mkdocs.yml":
            continue
        found = set(quoted.findall(path.read_text(encoding="utf-8", errors="replace")))
        assert len(found) < limit, f"{rel} names languages {sorted(found)}: read them from mkdocs.yml instead"


def test_every_language_has_its_folder_and_complete_ui_strings() -> None:
    for lang in languages.languages():
        assert lang.docs_dir.is_dir()
        assert languages.ui_problems(lang.code) == []
