"""`make serve`: the warm preview shows an edit over HTTP, says it is a preview, and survives bad input."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from project_copy import make_copy

from scripts.benchmarks.preview import fetch, free_port, wait_for
from scripts.build.preview import NOTICE_CLASS, RELOAD_SCRIPT, notice
from scripts.built import sitetree

TIMEOUT = 120  # generous: the machine may be busy; the benchmark measures speed


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, Path]]:
    """A project copy served by `python -m scripts serve --only fr`: (project, base URL, log)."""
    project = make_copy(tmp_path_factory.mktemp("preview") / "project")
    port = free_port()
    log = project / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "scripts", "serve", "--only", "fr", "--port", str(port)],
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(base + "preview-state.json") is not None or proc.poll() is not None, 900, "first build")
        assert proc.poll() is None, log.read_text(encoding="utf-8")
        yield project, base, log
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _idle(base: str) -> None:
    wait_for(lambda: json.loads(fetch(base + "preview-state.json") or "{}").get("busy") is False, TIMEOUT, "idle")


def test_an_edit_shows_over_http_and_bad_front_matter_keeps_the_last_good_page(preview: tuple[Path, str, Path]) -> None:
    project, base, log = preview
    page = project / "docs" / "fr" / "about.md"
    original = page.read_text(encoding="utf-8")
    token = "previewtest" + secrets.token_hex(4)
    page.write_text(original + f"\n\nModification {token}.\n", encoding="utf-8")
    wait_for(lambda: token in (fetch(base + "fr/about/") or ""), TIMEOUT, "the edit at /fr/about/")
    _idle(base)

    # Front matter that is not YAML: the error is printed, the last good page stays served.
    page.write_text("---\ntitle: [unclosed\n---\n" + original.split("---\n", 2)[2], encoding="utf-8")
    wait_for(lambda: "nothing rebuilt" in log.read_text(encoding="utf-8"), TIMEOUT, "the error in the terminal")
    assert "error: docs/fr/about.md" in log.read_text(encoding="utf-8")
    assert token in (fetch(base + "fr/about/") or "")
    page.write_text(original, encoding="utf-8")
    wait_for(lambda: token not in (fetch(base + "fr/about/") or token), TIMEOUT, "the page restored")


def test_preview_pages_carry_the_notice_and_the_reload_script(preview: tuple[Path, str, Path]) -> None:
    _, base, _ = preview
    for url, code in (("", "en"), ("fr/about/", "fr"), ("fr/papers/", "fr")):
        html = fetch(base + url) or ""
        assert f'class="{NOTICE_CLASS}"' in html and notice(code) in html, url
        assert RELOAD_SCRIPT.rsplit("/", 1)[-1] in html, url
    assert fetch(base + RELOAD_SCRIPT), "the reload script is served"
    # Release-only steps are skipped in the preview.
    assert fetch(base + "sitemap.xml") is None and fetch(base + "feed.xml") is None


def test_the_published_build_has_no_preview_notice_or_script(site: Path) -> None:
    assert not (site / RELOAD_SCRIPT).exists()
    for page in sitetree.pages(site):
        text = (site / page.file).read_text(encoding="utf-8")
        assert NOTICE_CLASS not in text and "preview-reload" not in text, page.file
