"""What a built tree was built for: publishing at the public address, or a local preview.

The build writes `.build.json` at the top of the tree; the checks read it, so that a tree
built for publishing is checked against the address it was built for and may name no local
address. The mark also records a hash of the sources the tree was built from, so the tests
can reuse a `site/` that `make build` has just made instead of building a second one.
GitHub Pages does not publish dot-files (actions/upload-pages-artifact leaves them out).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from scripts.project import ROOT, files

FILE = ".build.json"
# What a build reads: the content, the theme, the code, the configuration and the pins.
SOURCES = ["docs", "overrides", "scripts", "mkdocs.yml", "requirements.txt"]


@dataclass(frozen=True)
class BuildMark:
    """The address a tree was built for, whether it is meant to be published, and from what."""

    site_url: str
    publishing: bool
    # Not part of equality: two trees built for the same address are alike to the checks.
    sources: str = field(default="", compare=False)


def sources_hash(root: Path = ROOT) -> str:
    """sha256 over the path and bytes of every file a build reads (caches and bytecode left out)."""
    digest = hashlib.sha256()
    for path in files([root / name for name in SOURCES]):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def write(site: Path, mark: BuildMark) -> None:
    """Record how a tree was built (with the hash of today's sources unless the mark has one)."""
    mark = mark if mark.sources else replace(mark, sources=sources_hash())
    (site / FILE).write_text(json.dumps(asdict(mark), indent=2) + "\n", encoding="utf-8")


def read(site: Path) -> BuildMark | None:
    """How a tree was built, or None for a tree built before builds were marked."""
    try:
        data = json.loads((site / FILE).read_text(encoding="utf-8"))
        return BuildMark(str(data["site_url"]), bool(data["publishing"]), str(data.get("sources", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None
