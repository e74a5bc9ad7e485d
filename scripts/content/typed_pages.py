"""What papers and roundtables share: a folder of typed pages per language, read once per change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from scripts.content import languages, schema, sourcefile

T = TypeVar("T")


def files(lang: str, folder: str) -> list[Path]:
    """The pages of one language's folder (its index page excepted), sorted by name."""
    root = languages.get(lang).docs_dir / folder
    # Which files are typed pages is decided in one place: the page types of scripts/content/schema.py.
    typed = [p for p in root.glob("*.md") if schema.page_type(f"{folder}/{p.name}") != "page"] if root.is_dir() else []
    return sorted(typed)


def cached_reader(parse: Callable[[Path, str], T]) -> Callable[[Path, str], T]:
    """Wrap a page parser so that each file is parsed again only when it changes."""
    return sourcefile.per_file_version(parse)


def shown_in(code: str, folder: str, english: list[T], read: Callable[[Path, str], T]) -> list[tuple[T, T]]:
    """(English page, version shown in a language) for each page: the translation if there is one."""
    out = []
    for item in english:
        path = languages.get(code).docs_dir / folder / f"{item.id}.md"  # type: ignore[attr-defined]
        out.append((item, read(path, code) if path.is_file() and not languages.get(code).default else item))
    return out
