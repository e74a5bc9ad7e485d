"""Gate 2, the built-site checker: each rule fires on its planted fault, a clean tree passes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scripts.checks import external
from scripts.checks.run import check
from scripts.checks.site import check_built_site
from tests.checker_fixtures import CLEAN, FAULTS, SITE_URL, write_site

CLEAN_EXTERNAL = {"https://www.icmec.org/fcacp/"}


def _cache(ok: bool, days_ago: int = 1) -> dict[str, dict[str, object]]:
    when = (datetime.now(UTC) - timedelta(days=days_ago)).replace(microsecond=0).isoformat()
    return {
        url: {"ok": ok, "status": 200 if ok else 404, "error": None if ok else "HTTP 404", "checked": when}
        for url in CLEAN_EXTERNAL
    }


def test_clean_tree_passes(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site")
    findings, used = check_built_site(site, SITE_URL, "site")
    assert findings == []
    assert set(external.collect(used)) == CLEAN_EXTERNAL
    assert external.evaluate(external.collect(used), {"icmec.org"}, _cache(True), "site") == []


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_rule_fires_on_its_planted_fault(tmp_path: Path, name: str) -> None:
    overrides, file, words = FAULTS[name]
    site = write_site(tmp_path / "site", overrides)
    findings, used = check_built_site(site, SITE_URL, "site")
    findings += external.evaluate(external.collect(used), {"icmec.org"}, _cache(True), "site", root=site)
    rule = name.split("-other-page")[0].split("-translation")[0].split("-srcset")[0]
    matching = [f for f in findings if f.rule == rule]
    assert matching, f"{rule} did not fire; got {findings}"
    assert all(f.severity == "error" for f in matching)
    assert any(f.file == f"site/{file}" and words in f.message + f.fix for f in matching), matching
    assert {f.rule for f in findings} == {rule}, "only the planted fault is reported"
    if file.endswith(".html"):
        assert all(f.line for f in matching), "findings on a page name the line"


def test_external_cache_decides_offline(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site")
    _, used = check_built_site(site, SITE_URL, "site")
    used = external.collect(used)
    broken = external.evaluate(used, {"icmec.org"}, _cache(False), "site")
    assert [(f.rule, f.severity) for f in broken] == [("external-broken", "error")]
    assert "index.html" in broken[0].message
    unchecked = external.evaluate(used, {"icmec.org"}, {}, "site")
    assert [(f.rule, f.severity) for f in unchecked] == [("external-unchecked", "warning")]
    stale = external.evaluate(used, {"icmec.org"}, _cache(True, days_ago=90), "site")
    assert [(f.rule, f.severity) for f in stale] == [("external-stale", "warning")]


def test_external_urls_are_normalised_and_listed_with_their_pages() -> None:
    used = external.collect(
        {
            "HTTPS://WWW.ICMEC.ORG:443/fcacp/#top": ["a/index.html"],
            "https://www.icmec.org/fcacp/": ["b/index.html", "a/index.html"],
        }
    )
    assert used == {"https://www.icmec.org/fcacp/": ["a/index.html", "b/index.html"]}


def test_report_files_and_exit_status(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI entry writes JSON and JUnit reports; errors fail, warnings alone do not."""
    monkeypatch.setattr(external, "load_allowlist", lambda path=None: {"icmec.org"})
    monkeypatch.setattr(external, "load_cache", lambda path=None: {})
    clean = write_site(tmp_path / "clean")
    assert check(clean, sources_too=False, site_url=SITE_URL, reports=tmp_path / "r1", markup_gates=False) == 0
    report = json.loads((tmp_path / "r1" / "checker.json").read_text())
    assert report["errors"] == 0 and report["warnings"] == 1  # the unchecked external link
    assert report["external_links"][0]["pages"] == ["index.html"]

    overrides, _, _ = FAULTS["link-page"]
    broken = write_site(tmp_path / "broken", overrides)
    assert check(broken, sources_too=False, site_url=SITE_URL, reports=tmp_path / "r2", markup_gates=False) == 1
    junit = (tmp_path / "r2" / "checker.junit.xml").read_text()
    assert '<testcase classname="checker" name="link-page">' in junit and "<failure" in junit


def test_fixture_tree_is_what_the_tests_assume() -> None:
    assert "fr/about/index.html" in CLEAN and "about/index.html" in CLEAN


def test_make_check_runs_every_gate_on_the_whole_site() -> None:
    """The real site's whole-site run is `make check`'s alone (pytest tests the gates on planted
    trees): every gate module's rules are in the run, with the browser and PDF gates."""
    from scripts.checks import (
        accessibility,
        executable,
        papers_quality,
        pdfs,
        phones,
        public_url,
        run,
        typography,
        validity,
    )
    from scripts.checks import site as site_gate

    source = Path(run.__file__).read_text(encoding="utf-8")
    for gate in (accessibility, executable, papers_quality, pdfs, phones, public_url, site_gate, typography, validity):
        assert f"{gate.__name__.rsplit('.', 1)[1]}.RULES" in source, gate.__name__
    makefile = (Path(run.__file__).parents[2] / "Makefile").read_text(encoding="utf-8")
    test_target = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "check" in test_target and "pytest" in test_target
