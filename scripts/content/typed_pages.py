"""What papers and roundtables share: a folder of typed pages per language, read once per change."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from scripts.content import languages

T = TypeVar("T")


def files(lang: str, folder: str) -> list[Path]:
    """The pages of one language's folder (its index page excepted), sorted by name."""
    root = languages.get(lang).docs_dir / folder
    return sorted(p for p in root.glob("*.md") if p.name != "index.md") if root.is_dir() else []


def cached_reader(parse: Callable[[Path, str], T]) -> Callable[[Path, str], T]:
    """Wrap a page parser so that each file is parsed again only when it changes."""
    cached = functools.lru_cache(maxsize=512)(lambda path, lang, _mtime: parse(path, lang))

    def read(path: Path, lang: str) -> T:
        return cached(path, lang, path.stat().st_mtime_ns)

    read.__doc__ = parse.__doc__
    return read


def shown_in(code: str, folder: str, english: list[T], read: Callable[[Path, str], T]) -> list[tuple[T, T]]:
    """(English page, version shown in a language) for each page: the translation if there is one."""
    out = []
    for item in english:
        path = languages.get(code).docs_dir / folder / f"{item.id}.md"  # type: ignore[attr-defined]
        out.append((item, read(path, code) if path.is_file() and not languages.get(code).default else item))
    return out
