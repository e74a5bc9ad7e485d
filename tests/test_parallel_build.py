"""The parallel, cached build gives the same site as the i18n plugin's sequential build, and a
rebuild with nothing changed reuses every stage (scripts/build/langbuild.py, buildcache.py).

English and French only (`only="fr"`), so each build is small; the whole MkDocs stage's
equality is checked by tests/test_content_snapshot.py::test_plain_mkdocs_build_needs_no_pth_and_hooks_open_no_source.
"""

from __future__ import annotations

import filecmp
import multiprocessing
from pathlib import Path

import pytest

from scripts.build import buildcache, langbuild, pipeline, workdir
from scripts.build.pipeline import build
from scripts.errors import BuildError
from tests.helpers import parse, tree_diff


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def test_parallel_build_is_the_sequential_build(tmp_path: Path) -> None:
    """Also: building again in the same process gives the same bytes, so no hook keeps state
    from one build to the next (the sequential build is made twice in this process)."""
    sequential, parallel = tmp_path / "sequential", tmp_path / "parallel"
    build(tmp_path / "first", only="fr", jobs=0)
    seq_report = build(sequential, only="fr", jobs=0)
    assert tree_diff(tmp_path / "first", sequential) == []
    par_report = build(parallel, only="fr", jobs=2, incremental=False)
    assert set(par_report.languages_built) == {"en", "fr"} and not par_report.languages_reused
    assert set(seq_report.languages_built) == {"en", "fr"}

    files = _files(sequential)
    assert files == _files(parallel)
    _, differ, errors = filecmp.cmpfiles(sequential, parallel, sorted(files), shallow=False)
    assert differ == [] and errors == []

    # What a per-language process could get wrong: the 404 pages, the switcher, the search index.
    assert parse(parallel / "404.html").css_first("html").attributes["lang"] == "en"
    assert parse(parallel / "fr" / "404.html").css_first("html").attributes["lang"] == "fr"
    about = parse(parallel / "fr" / "about" / "index.html")
    switcher = {a.attributes["hreflang"]: a.attributes["href"] for a in about.css("a.md-select__link")}
    assert switcher == {"en": "../../about/", "fr": "./"}
    assert par_report.search_entries == seq_report.search_entries and par_report.search_entries["fr"] > 0
    assert 'hreflang="fr"' in (parallel / "sitemap.xml").read_text(encoding="utf-8")


def test_rebuild_with_nothing_changed_reuses_every_stage(tmp_path: Path) -> None:
    build(tmp_path / "first", only="fr")
    again = build(tmp_path / "again", only="fr")
    assert again.languages_built == {}
    assert again.languages_reused == ["en", "fr"]
    assert again.site_reused
    assert _files(tmp_path / "first") == _files(tmp_path / "again")
    assert (tmp_path / "again" / "fr" / "about" / "index.html").read_bytes() == (
        tmp_path / "first" / "fr" / "about" / "index.html"
    ).read_bytes()
    # The theme's static files are written by the default language's process only; the site
    # takes its root from that build (overrides/hooks/templates.py).
    keys = buildcache.language_keys(["en", "fr"], pipeline._site_url(None))
    english, french = buildcache.lang_entry("en", keys["en"]), buildcache.lang_entry("fr", keys["fr"])
    assert (english / "assets" / "javascripts").is_dir() and (tmp_path / "again" / "assets" / "javascripts").is_dir()
    assert french.is_dir() and not (french / "assets").exists()


def _planted_gate_error() -> list[str]:
    raise BuildError("gate 1 found a planted error")


class _FailingGate:
    """Work beside the builds, as gate 1 runs there (a forked call), that finds an error at once."""

    def __init__(self) -> None:
        self._forked: workdir.Forked | None = workdir.fork("gate 1", _planted_gate_error)

    @property
    def conn(self) -> object | None:
        return self._forked.conn if self._forked is not None else None

    def wait(self) -> None:
        forked, self._forked = self._forked, None
        if forked is not None:
            forked.result()


def test_an_error_of_gate_1_ends_the_language_builds_at_once(tmp_path: Path) -> None:
    """A bad source is reported when gate 1 finds it, not after every language is built."""
    entries = {code: tmp_path / code for code in ("en", "fr")}
    with pytest.raises(BuildError, match="planted error"):
        langbuild.build_languages(["en", "fr"], None, 2, entries, beside=_FailingGate())
    assert [p for p in entries.values() if p.exists()] == [], "a language build ran to its end"
    assert multiprocessing.active_children() == [], "a language build still runs"
    assert [p.name for p in tmp_path.iterdir()] == [], "a worker's folder or lock was left behind"
