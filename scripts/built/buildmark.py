"""What a built tree was built for: publishing at the public address, or a local preview.

The build writes `.build.json` at the top of the tree; the checks read it, so that a tree
built for publishing is checked against the address it was built for and may name no local
address. GitHub Pages does not publish dot-files (actions/upload-pages-artifact leaves them out).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

FILE = ".build.json"


@dataclass(frozen=True)
class BuildMark:
    """The address a tree was built for, and whether it is meant to be published."""

    site_url: str
    publishing: bool


def write(site: Path, mark: BuildMark) -> None:
    """Record how a tree was built."""
    (site / FILE).write_text(json.dumps(asdict(mark), indent=2) + "\n", encoding="utf-8")


def read(site: Path) -> BuildMark | None:
    """How a tree was built, or None for a tree built before builds were marked."""
    try:
        data = json.loads((site / FILE).read_text(encoding="utf-8"))
        return BuildMark(str(data["site_url"]), bool(data["publishing"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
