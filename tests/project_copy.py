"""A throwaway copy of the project, to check or build with planted faults.

A copy and a CLI run cost seconds: faults planted in distinct files share one copy and one run
(check_sources), and each test then looks for its own finding on its own file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from scripts.project import ROOT, copy_sources

COPIED = ["mkdocs.yml", "docs", "overrides", "scripts", ".github"]


def make_copy(dest: Path) -> Path:
    """Copy what a build reads into dest; return dest."""
    return copy_sources(dest, COPIED)


def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m scripts ...` inside a project copy (its own scripts/ package)."""
    env = {**os.environ, "SITE_PDF_CACHE": str(ROOT / ".cache" / "pdf")}
    return subprocess.run(
        [sys.executable, "-m", "scripts", *args], cwd=project, capture_output=True, text=True, check=False, env=env
    )


def edit_front_matter(path: Path, edit: Callable[[dict[str, Any]], object]) -> None:
    """Change a page's front matter in place (the body is kept as it is)."""
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta = yaml.safe_load(front)
    edit(meta)
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{dumped}---\n{body}", encoding="utf-8")


@dataclass(frozen=True)
class SourcesChecked:
    """One `check --sources-only` run on a copy with faults planted: what the contributor sees."""

    project: Path
    result: subprocess.CompletedProcess[str]
    findings: list[dict[str, Any]]

    def at(self, file: str, rule: str | None = None) -> list[dict[str, Any]]:
        """The findings on one file (a path from the project's root), optionally of one rule."""
        return [f for f in self.findings if f["file"] == file and rule in (None, f["rule"])]


def check_sources(project: Path) -> SourcesChecked:
    """Run gate 1 through the CLI once in a project copy; planted faults in distinct files share it."""
    result = run_cli(project, "check", "--sources-only")
    report = json.loads((project / "reports" / "checker.json").read_text(encoding="utf-8"))
    return SourcesChecked(project, result, report["findings"])
