"""Gate 1: checks on docs/ that run before the build."""

from __future__ import annotations

from scripts import languages
from scripts.checks.findings import Finding
from scripts.project import DOCS


def check_language_folders() -> list[Finding]:
    """Every folder of docs/ is a language of mkdocs.yml, and every language has one."""
    known = set(languages.codes())
    found = [
        Finding(
            "languages",
            f"docs/{p.name}/",
            None,
            f"'{p.name}' is not a language of the site",
            f"add it with `python -m scripts new-language {p.name}` or move the folder",
        )
        for p in sorted(DOCS.iterdir())
        if p.is_dir() and p.name not in known
    ]
    found += [
        Finding("languages", f"docs/{code}/", None, f"language '{code}' has no folder", f"create docs/{code}/")
        for code in sorted(known)
        if not (DOCS / code).is_dir()
    ]
    return found


def check_ui_strings() -> list[Finding]:
    """Each language's ui.yml has exactly the English keys."""
    out = []
    for code in languages.codes():
        for problem in languages.ui_problems(code):
            out.append(Finding("ui-strings", problem.file, None, problem.message, problem.fix))
    return out


def run() -> list[Finding]:
    """All source checks."""
    return check_language_folders() + check_ui_strings()
