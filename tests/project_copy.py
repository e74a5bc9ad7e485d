"""A throwaway copy of the project, to check or build with planted faults.

Gate 1 takes the tree it checks (scripts.checks.sources.check): its fault tests copy only the
sources (`copy_tree`: mkdocs.yml, docs/, .github/) and run the gate in this process
(`check_tree`), as `python -m scripts check --sources-only` runs it. Faults planted in distinct
files share one tree and one run, and each test then looks for its own finding on its own file.
A whole copy and a CLI run (`make_copy`, `run_cli`) are for the commands that build or write.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from scripts.project import ROOT, copy_sources

COPIED = ["mkdocs.yml", "docs", "overrides", "scripts", ".github"]
SOURCES = ["mkdocs.yml", "docs", ".github"]  # what gate 1 reads of a tree


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


def copy_tree(dest: Path) -> Path:
    """Copy the sources gate 1 reads (not the code) into dest; return dest."""
    return copy_sources(dest, SOURCES)


@dataclass(frozen=True)
class SourcesChecked:
    """One gate-1 run on a tree with faults planted: what the contributor sees."""

    project: Path
    returncode: int  # as `check --sources-only` exits: 1 when there is an error
    stdout: str  # the report, as `check --sources-only` prints it
    findings: list[dict[str, Any]]  # as reports/checker.json lists them
    snapshot: Any  # the snapshot gate 1 took (None when it found an error)

    def at(self, file: str, rule: str | None = None) -> list[dict[str, Any]]:
        """The findings on one file (a path from the tree's root), optionally of one rule."""
        return [f for f in self.findings if f["file"] == file and rule in (None, f["rule"])]


def check_tree(tree: Path) -> SourcesChecked:
    """Gate 1 (scripts.checks.sources.check) on a tree in this process, reported as the CLI reports it."""
    from scripts.checks import findings, sources

    checked = sources.check(tree)
    listed = [json.loads(json.dumps(asdict(f), default=str)) for f in checked.findings]
    code = 1 if findings.errors(checked.findings) else 0
    return SourcesChecked(tree, code, findings.format_text(checked.findings, "check"), listed, checked.snapshot)
