"""Gate 1 takes the tree it checks, reads each source once, and hands the build its snapshot.

In-process, on a small tree: mkdocs.yml with two languages, English copied from the project
and one French page.
"""

from __future__ import annotations

import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest

from scripts import project
from scripts.build import buildcache
from scripts.checks import findings, sources
from scripts.cli import codeowners
from scripts.content import languages, snapshot

CONFIG = """site_name: A small tree
plugins:
  - i18n:
      languages:
        - locale: en
          name: English
          default: true
        - locale: fr
          name: Français
"""


def small_tree(dest: Path) -> Path:
    """English as in the project, French with its interface strings and one translated page."""
    (dest / "docs" / "fr").mkdir(parents=True)
    (dest / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    shutil.copytree(project.DOCS / "en", dest / "docs" / "en")
    for name in ("ui.yml", "about.md"):
        shutil.copy2(project.DOCS / "fr" / name, dest / "docs" / "fr" / name)
    (dest / ".github").mkdir()
    with project.at(dest):
        (dest / ".github" / "CODEOWNERS").write_text(codeowners.render(), encoding="utf-8")
    return dest


# Audit hooks cannot be removed: this one records only while a list is set.
_recording: list[list[str]] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _recording and event == "open" and isinstance(args[0], str | Path):
        _recording[-1].append(str(args[0]))


sys.addaudithook(_audit)


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, sources.Checked, Counter[str]]:
    """Gate 1 once on a fresh small tree (nothing of it in any cache), every open recorded."""
    tree = small_tree(tmp_path_factory.mktemp("gate1") / "tree")
    _recording.append([])
    try:
        result = sources.check(tree)
    finally:
        opened = _recording.pop()
    return tree, result, Counter(p for p in opened if p.startswith(str(tree / "docs")))


def test_gate1_checks_the_tree_it_is_given_and_returns_its_snapshot(
    checked: tuple[Path, sources.Checked, Counter[str]],
) -> None:
    tree, result, _ = checked
    assert findings.errors(result.findings) == [], findings.format_text(result.findings, "gate 1")
    snap = result.snapshot
    assert snap is not None
    assert [lang.code for lang in snap.languages] == ["en", "fr"]
    pages = {p.relative_to(tree / "docs").as_posix() for p in (tree / "docs").rglob("*.md")}
    assert set(snap.pages) == pages
    assert snap.page("fr/about.md").translation is not None
    assert (tree / ".cache" / "snapshot" / f"{snap.key}.pickle").is_file()
    # Nothing of the tree stays once gate 1 is done: the project reads its own sources again.
    assert project.root() == project.ROOT
    assert len(languages.codes()) == len(project.plugin_config("i18n")["languages"]) > 2
    with project.at(tree):
        assert snapshot.get() is snap and snapshot.sources_key() == snap.key


def test_gate1_opens_each_source_once(checked: tuple[Path, sources.Checked, Counter[str]]) -> None:
    """Gate 1, its key and its snapshot share one read of each file (scripts/content/sourcefile.py)."""
    tree, _, opened = checked
    every = {str(p) for p in (tree / "docs").rglob("*") if p.is_file()}
    assert set(opened) == every, sorted(every - set(opened))[:5]
    assert [p for p, n in opened.items() if n > 1] == []


def test_gate1_snapshot_and_build_cache_share_one_key(tmp_path: Path) -> None:
    assert buildcache.sources_key() == snapshot.sources_key()
    tree = small_tree(tmp_path / "tree")
    with project.at(tree):
        before = buildcache.sources_key()
        assert before == snapshot.sources_key()
        page = tree / "docs" / "en" / "about.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
        assert buildcache.sources_key() != before


def test_missing_data_files_are_errors_not_tracebacks(tmp_path: Path) -> None:
    """Two missing English files that do not interact, one run: each named with its fix."""
    tree = small_tree(tmp_path / "tree")
    (tree / "docs" / "en" / "glossary.yml").unlink()
    (tree / "docs" / "en" / "indicators.yml").unlink()
    result = sources.check(tree)
    assert result.snapshot is None, "nothing is built from sources with an error"
    missing = {(f.rule, f.file) for f in findings.errors(result.findings) if f.message == "missing" and f.fix}
    assert missing == {("glossary", "docs/en/glossary.yml"), ("indicators", "docs/en/indicators.yml")}
