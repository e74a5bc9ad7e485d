"""The site's languages (read from the i18n plugin in mkdocs.yml) and their UI strings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts import project
from scripts.content import sourcefile

UI_FILE = "ui.yml"


class LanguageError(ValueError):
    """A language is unknown, or its UI strings are incomplete or malformed."""


@dataclass(frozen=True)
class Language:
    """One language of the site, as listed in mkdocs.yml."""

    code: str
    name: str
    default: bool = False

    @property
    def docs_dir(self) -> Path:
        """The folder that holds this language's pages (in the tree being read: scripts/project.py)."""
        return project.docs() / self.code

    @property
    def prefix(self) -> str:
        """The URL path prefix of this language ('' for the default language)."""
        return "" if self.default else f"{self.code}/"


def languages(config_file: Path | None = None) -> tuple[Language, ...]:
    """All languages, default first, in the order of mkdocs.yml (of the tree being read)."""
    return _languages(config_file or project.config_file())


@sourcefile.per_file_version
def _languages(config_file: Path) -> tuple[Language, ...]:
    entries = project.plugin_config("i18n", config_file, fresh=True).get("languages") or []
    langs = tuple(Language(code=str(e["locale"]), name=str(e["name"]), default=bool(e.get("default"))) for e in entries)
    defaults = [lang for lang in langs if lang.default]
    if len(defaults) != 1:
        raise LanguageError(f"{config_file.name}: exactly one language must have 'default: true'")
    return tuple(sorted(langs, key=lambda lang: not lang.default))


def codes() -> list[str]:
    """Language codes, default first."""
    return [lang.code for lang in languages()]


def default() -> Language:
    """The source language (English)."""
    return languages()[0]


def get(code: str) -> Language:
    """The language with this code, or a LanguageError that lists the known codes."""
    for lang in languages():
        if lang.code == code:
            return lang
    raise LanguageError(f"unknown language '{code}': known languages are {', '.join(codes())}")


def unknown_folders() -> list[str]:
    """Folders of docs/ that are not a language of mkdocs.yml (the one place this is decided)."""
    known = set(codes())
    return [p.name for p in sorted(project.docs().iterdir()) if p.is_dir() and p.name not in known]


def split_path(url_path: str) -> tuple[Language, str]:
    """Split a site path such as 'fr/about/' into (French, 'about/')."""
    head, _, rest = url_path.lstrip("/").partition("/")
    for lang in languages()[1:]:
        if head == lang.code:
            return lang, rest
    return default(), url_path.lstrip("/")


def _key_paths(data: Any, prefix: str = "") -> set[str]:
    if isinstance(data, dict):
        paths: set[str] = set()
        for key, value in data.items():
            paths |= _key_paths(value, f"{prefix}{key}.")
        return paths
    return {prefix.rstrip(".")}


def _read_ui(path: Path) -> dict[str, Any]:
    """A ui.yml file as data; SourceError (file, line, fix) when it cannot be used."""
    where = sourcefile.label(path)
    if not path.is_file():
        raise sourcefile.SourceError(where, None, "missing", f"copy docs/en/{UI_FILE} and translate its values")
    data = sourcefile.read_yaml(path)
    if not isinstance(data, dict):
        raise sourcefile.SourceError(where, 1, "must be a mapping of UI strings", f"follow docs/en/{UI_FILE}")
    return data


def _load_yaml(path: Path) -> dict[str, Any]:
    try:
        return _read_ui(path)
    except sourcefile.SourceError as exc:
        raise LanguageError(str(exc)) from None


@dataclass(frozen=True)
class UiProblem:
    """A problem with a language's ui.yml: the file, what is wrong, and the fix."""

    file: str
    message: str
    fix: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}; {self.fix}"


def ui_problems(code: str) -> list[UiProblem]:
    """Differences between a language's UI strings and the English keys."""
    lang = get(code)
    path = lang.docs_dir / UI_FILE
    rel = path.relative_to(project.root()).as_posix()
    try:
        data = _read_ui(path)
        reference = _read_ui(default().docs_dir / UI_FILE)
    except sourcefile.SourceError as exc:
        return [UiProblem(exc.file, exc.message, exc.fix, exc.line)]
    problems = [
        UiProblem(rel, f"missing key '{key}'", f"add it with the {lang.name} text of docs/en/{UI_FILE}'s '{key}'")
        for key in sorted(_key_paths(reference) - _key_paths(data))
    ]
    problems += [
        UiProblem(rel, f"unknown key '{key}' (not in docs/en/{UI_FILE})", "remove it or fix its spelling")
        for key in sorted(_key_paths(data) - _key_paths(reference))
    ]
    return problems


def ui(code: str) -> dict[str, Any]:
    """The UI strings of one language; raises LanguageError if they are incomplete."""
    problems = ui_problems(code)
    if problems:
        raise LanguageError(" | ".join(str(p) for p in problems))
    return _load_yaml(get(code).docs_dir / UI_FILE)
