"""Points 6 and 7, and the build's promises: strict, repeatable, never half-written."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts.build.pipeline import BuildReport
from scripts.build.serve import build_args, local_url
from scripts.built import buildmark
from scripts.checks import public_url
from scripts.content import languages
from scripts.project import mkdocs_config
from tests import conftest
from tests.helpers import parse
from tests.project_copy import make_copy, run_cli
from tests.test_sources import CASES


def test_strict_build_with_every_validation_at_warn() -> None:
    config = mkdocs_config()
    assert config["strict"] is True
    assert config["validation"] == {
        "omitted_files": "warn",
        "absolute_links": "warn",
        "unrecognized_links": "warn",
        "anchors": "warn",
    }


def test_build_report(site_build: tuple[Path, BuildReport]) -> None:
    _, report = site_build
    assert report.sitemap_urls > 0 and report.mkdocs_seconds > 0
    assert set(report.languages) == set(report.search_entries)


@pytest.fixture(scope="module")
def preview_copy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """A project copy with a preview of English and French built in .preview (as `make serve ONLY=fr`)."""
    project = make_copy(tmp_path_factory.mktemp("preview") / "project")
    return project, run_cli(project, *build_args(project / ".preview", "fr", 8123))


def _tree(folder: Path) -> list[tuple[str, bytes]]:
    return sorted((p.relative_to(folder).as_posix(), p.read_bytes()) for p in folder.rglob("*") if p.is_file())


def test_failed_builds_keep_the_previous_site(preview_copy: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    """A broken link (MkDocs fails), unsafe HTML, a folder of an unknown language (gate 1 fails),
    an unknown code: each build is refused with the file and the fix, and the previous site stays
    byte for byte, with no half-written folder left behind. (The unsafe-HTML case was
    test_sources.py's test_the_build_refuses_unsafe_html_and_keeps_the_previous_site.)"""
    project, first = preview_copy
    assert first.returncode == 0, first.stderr
    preview = project / ".preview"
    before = _tree(preview)
    about = project / "docs" / "en" / "about.md"
    fr_about = project / "docs" / "fr" / "about.md"
    original, original_fr = about.read_text(encoding="utf-8"), fr_about.read_text(encoding="utf-8")

    def refused(*args: str) -> str:
        result = run_cli(project, *(args or build_args(preview, "fr", 8123)))
        assert result.returncode != 0
        assert _tree(preview) == before, "a failed build must leave the previous site untouched"
        assert not list(project.glob(".preview.build-*")) and not list(project.glob(".site.build-*"))
        return result.stderr

    about.write_text(original + "\nSee [the missing page](missing.md).\n", encoding="utf-8")
    stderr = refused()
    assert "about.md" in stderr and "missing.md" in stderr
    about.write_text(original, encoding="utf-8")

    fr_about.write_text(CASES["script element"][1], encoding="utf-8")
    stderr = refused()
    assert "docs/fr/about.md:9" in stderr and "<script> element" in stderr
    fr_about.write_text(original_fr, encoding="utf-8")

    (project / "docs" / "pt").mkdir()
    (project / "docs" / "pt" / "index.md").write_text("# Início\n", encoding="utf-8")
    stderr = refused()
    assert "docs/pt/" in stderr and "not a language of the site" in stderr
    shutil.rmtree(project / "docs" / "pt")

    stderr = refused("build", "--only", "pt", "--site", str(preview))
    assert "unknown language 'pt'" in stderr and "fr" in stderr


def test_preview_of_one_language_builds_only_english_and_it(
    preview_copy: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    """`make serve ONLY=fr` builds English and French only, so a translator's change shows fast."""
    project, result = preview_copy
    assert result.returncode == 0, result.stderr
    built = {p.name for p in (project / ".preview").iterdir() if p.is_dir()}
    others = {lang.code for lang in languages.languages()[1:] if lang.code != "fr"}
    assert "fr" in built and not built & others
    assert (project / ".preview" / "index.html").is_file()
    assert (project / ".preview" / "fr" / "search" / "search_index.json").is_file()

    # Built for the local address it is served on, and marked as not for publishing.
    preview = project / ".preview"
    assert buildmark.read(preview) == buildmark.BuildMark(local_url(8123), publishing=False)
    canonical = parse(preview / "fr" / "about" / "index.html").css_first('link[rel="canonical"]')
    assert canonical.attributes["href"] == local_url(8123) + "fr/about/"
    assert "Sitemap: " + local_url(8123) in (preview / "robots.txt").read_text(encoding="utf-8")
    assert public_url.check(preview, ".preview") == []


def test_site_is_reused_only_when_built_from_these_sources(tmp_path: Path) -> None:
    """The session fixture reads site/ only for a complete publishing build of today's sources."""
    site, reports = tmp_path / "site", tmp_path / "reports"
    site.mkdir()
    reports.mkdir()
    public = str(mkdocs_config()["site_url"])
    every = {code: {"pages": 1} for code in languages.codes()}

    def plant(mark: buildmark.BuildMark, counts: dict[str, dict[str, int]], report_first: bool = False) -> None:
        (reports / "build.json").write_text(json.dumps({"languages": counts}), encoding="utf-8")
        buildmark.write(site, mark)
        later = (site / buildmark.FILE).stat().st_mtime + (-5 if report_first else 5)
        os.utime(reports / "build.json", (later, later))

    plant(buildmark.BuildMark(public, publishing=True), every)
    assert buildmark.read(site).sources == buildmark.sources_hash()
    assert conftest.reusable_build(site, reports) is not None
    plant(buildmark.BuildMark(public, publishing=True, sources="0" * 64), every)
    assert conftest.reusable_build(site, reports) is None, "built from other sources"
    plant(buildmark.BuildMark(local_url(8123), publishing=False), every)
    assert conftest.reusable_build(site, reports) is None, "a preview"
    plant(buildmark.BuildMark(public, publishing=True), dict(list(every.items())[:2]))
    assert conftest.reusable_build(site, reports) is None, "English and one language only"
    plant(buildmark.BuildMark(public, publishing=True), every, report_first=True)
    assert conftest.reusable_build(site, reports) is None, "the report is of an older build"
