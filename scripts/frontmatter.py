"""Read a Markdown page's YAML front matter, with errors that name the file and the line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

_FENCE = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.S)


class FrontMatterError(ValueError):
    """Malformed front matter; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class Page:
    """A Markdown source file split into its metadata and its body."""

    path: Path
    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line number of the body's first line


def split(text: str, path: Path) -> Page:
    """Split Markdown text into front matter and body."""
    match = _FENCE.match(text)
    if not match:
        return Page(path, {}, text, 1)
    raw = match.group(1) or ""
    try:
        meta = yaml.safe_load(raw) or {}
    except ValueError as exc:  # a well-formed but impossible value, such as 2026-13-01
        raise FrontMatterError(
            f"{path}:2: front matter has an impossible value ({exc}); dates are YYYY-MM-DD"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for the opening fence, +1 for 1-based
        problem = getattr(exc, "problem", None) or str(exc)
        raise FrontMatterError(
            f"{path}:{line}: front matter is not valid YAML ({problem}); "
            "check quotes and indentation (values containing ': ' must be quoted)"
        ) from None
    if not isinstance(meta, dict):
        raise FrontMatterError(f"{path}:2: front matter must be 'key: value' lines, not {type(meta).__name__}")
    return Page(path, meta, text[match.end() :], text[: match.end()].count("\n") + 1)


def read(path: Path) -> Page:
    """Read and split one Markdown file."""
    return split(path.read_text(encoding="utf-8"), path)
