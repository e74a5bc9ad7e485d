"""Shared fixtures: the real site, built once per test session, and a browser to read it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.build.pipeline import BuildReport, build
from scripts.built.browser import CHROMIUM, CHROMIUM_ARGS, serving
from scripts.content import languages


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    """Build the complete site (all languages) into a temporary folder, once."""
    site = tmp_path_factory.mktemp("build") / "site"
    report = build(site)
    return site, report


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
