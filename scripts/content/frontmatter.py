"""Read a Markdown page's YAML front matter, with errors that name the file and the line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts.content import sourcefile

# As MkDocs reads it: '---' alone on the first line, closed by '---' or '...' alone on a line.
_FENCE = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_OPENING = re.compile(r"\A---[ \t]*\r?\n")


class FrontMatterError(sourcefile.SourceError):
    """Malformed front matter; names the file, the line and the fix."""


@dataclass(frozen=True)
class Page:
    """A Markdown source file split into its metadata and its body."""

    path: Path
    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line number of the body's first line


def split(text: str, path: Path) -> Page:
    """Split Markdown text into front matter and body."""
    where = sourcefile.label(path)
    text = text.removeprefix(sourcefile.BOM)
    match = _FENCE.match(text)
    if not match:
        if _OPENING.match(text):
            raise FrontMatterError(
                where,
                1,
                "the front matter opened by '---' on line 1 is never closed",
                "add a line '---' after the last front matter field, before the page text",
            )
        return Page(path, {}, text, 1)
    raw = match.group(1) or ""
    try:
        meta = sourcefile.load_yaml(raw, where, first_line=2) or {}
    except sourcefile.SourceError as exc:
        raise FrontMatterError(exc.file, exc.line, f"front matter: {exc.message}", exc.fix) from None
    if not isinstance(meta, dict):
        raise FrontMatterError(
            where, 2, f"front matter must be 'key: value' lines, not {type(meta).__name__}", "write one field per line"
        )
    return Page(path, meta, text[match.end() :], text[: match.end()].count("\n") + 1)


@sourcefile.per_file_version
def read(path: Path) -> Page:
    """Read and split one Markdown file (strict UTF-8; a byte-order mark is accepted).

    Parsed once per version of the file (sourcefile.per_file_version): callers never change `meta`.
    """
    try:
        text = sourcefile.read_text(path)
    except sourcefile.SourceError as exc:
        raise FrontMatterError(exc.file, exc.line, exc.message, exc.fix) from None
    return split(text, path)
