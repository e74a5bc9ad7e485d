"""Shared fixtures: the real site (reused from `make build` or built once per session), a browser."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scripts.build.pipeline import BuildReport, build
from scripts.built import buildmark
from scripts.built.browser import CHROMIUM, CHROMIUM_ARGS, serving
from scripts.content import languages
from scripts.project import REPORTS, SITE, mkdocs_config


def reusable_build(site: Path = SITE, reports: Path = REPORTS) -> BuildReport | None:
    """The report of a complete publishing build in site/ made from today's sources, else None.

    `make test` builds first; the tests read that tree instead of building a second one. The
    tree's mark must name the sources' hash and the public address, and reports/build.json (the
    report of a complete build into site/) must be at least as new as the mark.
    """
    mark, report_file = buildmark.read(site), reports / "build.json"
    if mark is None or not report_file.is_file():
        return None
    if not mark.publishing or mark.site_url != str(mkdocs_config()["site_url"]):
        return None
    if report_file.stat().st_mtime < (site / buildmark.FILE).stat().st_mtime:
        return None
    report = BuildReport(**json.loads(report_file.read_text(encoding="utf-8")))
    if set(report.languages) != set(languages.codes()) or mark.sources != buildmark.sources_hash():
        return None
    return report


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    """The complete site (all languages): site/ when it was built from these sources, else built once."""
    report = reusable_build()
    if report is not None:
        return SITE, report
    site = tmp_path_factory.mktemp("build") / "site"
    return site, build(site)


@pytest.fixture(scope="session")
def site(site_build: tuple[Path, BuildReport]) -> Path:
    """The built site's folder."""
    return site_build[0]


@pytest.fixture(scope="session")
def translated_languages() -> list[languages.Language]:
    """Languages other than the default one."""
    return list(languages.languages()[1:])


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """Serve the built site on a free localhost port; yields its base URL."""
    with serving(site) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, driven by Playwright (installed by `make install`)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: run `make install` (scripts/debian-packages.txt)"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def planted_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One project copy with changes that touch different pages, built once (English + one language).

    - docs/<code>/about.md removed: the page becomes an honest fallback (test_fallback.py);
    - the paper file-hosting superseded by digital-businesses, in every language (test_papers.py);
    - a paragraph added to docs/en/index.md: its translations become outdated (test_translations.py),
      with the translation status recorded before and after;
    - two more pages of <code> reviewed, the second then marked current (test_translations.py).
    code is the language with the most pages of its own.
    """
    # Under pytest-xdist (make test) the modules that use it may run in both workers: the first
    # to ask builds it, the other waits and reads what it recorded.
    shared = tmp_path_factory.getbasetemp()
    shared = shared.parent if os.environ.get("PYTEST_XDIST_WORKER") else shared
    with (shared / "planted.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        made = shared / "planted" / "made.json"
        if made.is_file():
            value = json.loads(made.read_text(encoding="utf-8"))
            return {**value, "project": Path(value["project"]), "site": Path(value["site"])}
        value = _make_planted_build(shared / "planted" / "project")
        made.write_text(json.dumps(value, default=str), encoding="utf-8")
        return value


def _make_planted_build(where: Path) -> dict[str, Any]:
    from tests.helpers import source_pages
    from tests.project_copy import edit_front_matter, make_copy, run_cli

    shutil.rmtree(where, ignore_errors=True)  # what a failed attempt of the other worker left
    where.parent.mkdir(parents=True, exist_ok=True)
    project = make_copy(where)
    code = max(languages.codes()[1:], key=lambda c: len(source_pages(c)))
    reports = project / "reports" / "translations.json"
    assert run_cli(project, "translation", "status").returncode == 0
    before = json.loads(reports.read_text(encoding="utf-8"))
    (project / "docs" / code / "about.md").unlink()
    for version in (project / "docs").glob("*/papers/file-hosting.md"):
        edit_front_matter(version, lambda m: m.update(status="superseded", successor="digital-businesses"))
    home = project / "docs" / "en" / "index.md"
    home.write_text(home.read_text(encoding="utf-8") + "\nA new English paragraph.\n", encoding="utf-8")
    assert run_cli(project, "translation", "status").returncode == 0
    after = json.loads(reports.read_text(encoding="utf-8"))
    # Two more translated pages: one reviewed; one reviewed, then marked current (machine again).
    folder = project / "docs" / code
    taken = {"index.md", "about.md"}
    reviewed, remarked = sorted(p.name for p in folder.glob("*.md") if p.name not in taken)[:2]
    for page in (reviewed, remarked):
        review = run_cli(project, "translation", "review", code, page, "--by", "APFC", "--on", "2026-01-15")
        assert review.returncode == 0, review.stderr
    assert run_cli(project, "translation", "mark-current", code, remarked).returncode == 0
    result = run_cli(project, "build", "--only", code)
    assert result.returncode == 0, result.stderr
    notices = {"reviewed": reviewed, "remarked": remarked}
    return {"project": project, "site": project / "site", "code": code, "before": before, "after": after, **notices}
