"""Round trip through translation tools: `translation export` / `translation import` (in-process,
no site build)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scripts.content import frontmatter, languages
from scripts.exchange import blocks, catalog, exporter, importer

FILE_LANG = "fr"
PAGE = "papers/reporting.md"


def _texts(code: str, rel: str, entries: list[catalog.Entry]) -> dict[str, str]:
    texts, problems = importer._page_texts(rel, entries, "test")
    assert not problems, problems
    return texts


@pytest.mark.parametrize("code", languages.codes()[1:])
def test_unchanged_translation_round_trips_byte_identical(code: str, tmp_path: Path) -> None:
    entries = exporter.export(code)
    file = tmp_path / f"{code}.po"
    file.write_bytes(catalog.dumps(entries, code, "po"))
    _, loaded = catalog.load(file)
    assert [(e.id, e.source, e.target) for e in loaded] == [(e.id, e.source, e.target) for e in entries]
    by_page: dict[str, list[catalog.Entry]] = {}
    for e in loaded:
        by_page.setdefault(exporter.split_id(e.id)[0], []).append(e)
    translated = sorted(
        p.relative_to(languages.get(code).docs_dir).as_posix() for p in languages.get(code).docs_dir.rglob("*.md")
    )
    assert translated and set(translated) <= set(by_page)
    for rel in translated:
        own, text = importer.assemble(code, rel, _texts(code, rel, by_page[rel]))
        original = (languages.get(code).docs_dir / rel).read_text(encoding="utf-8")
        assert own, f"{code}/{rel}: the translation was not used as the skeleton"
        assert text == original, f"docs/{code}/{rel} does not come back byte-identical"
    assert importer.plan(code, file) == {}  # nothing to write


def test_xliff2_round_trip(tmp_path: Path) -> None:
    entries = exporter.export("ja", [PAGE])
    file = tmp_path / "ja.xlf"
    file.write_bytes(catalog.dumps(entries, "ja", "xliff"))
    assert b'version="2.0"' in file.read_bytes()
    assert importer.plan("ja", file) == {}


def _export(tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    entries = exporter.export(FILE_LANG, [PAGE])
    edit(entries)
    file = tmp_path / "fr.po"
    file.write_bytes(catalog.dumps(entries, FILE_LANG, "po"))
    return file


def _with_link(entries: list[catalog.Entry]) -> catalog.Entry:
    return next(e for e in entries if "{/1}" in e.source and not e.id.split("#")[1].startswith("_"))


def _refused(file: Path, unit: str, words: str) -> None:
    target = languages.get(FILE_LANG).docs_dir / PAGE
    before = target.read_bytes()
    with pytest.raises(importer.ImportRefusedError) as info:
        importer.write(importer.plan(FILE_LANG, file))
    assert target.read_bytes() == before
    text = str(info.value)
    assert str(file) in text and unit in text and re.search(words, text), text


def _set(entry: catalog.Entry, target: str) -> None:
    entry.target = target


def test_missing_unit_refused(tmp_path: Path) -> None:
    dropped: list[str] = []
    file = _export(tmp_path, lambda es: dropped.append(es.pop(5).id))
    _refused(file, dropped[0], "missing from the file; export again")


def test_extra_unit_refused(tmp_path: Path) -> None:
    file = _export(tmp_path, lambda es: es.append(catalog.Entry(f"{PAGE}#checklist/99", "Extra", "En plus")))
    _refused(file, f"{PAGE}#checklist/99", "not in today's English page")


def test_broken_placeholder_refused(tmp_path: Path) -> None:
    ids: list[str] = []

    def edit(es: list[catalog.Entry]) -> None:
        e = _with_link(es)
        ids.append(e.id)
        _set(e, e.target.replace("{/1}", "{/ 1}"))

    _refused(_export(tmp_path, edit), ids[0], r"placeholder \{/1\} is missing")


def test_changed_link_target_refused(tmp_path: Path) -> None:
    ids: list[str] = []

    def edit(es: list[catalog.Entry]) -> None:
        e = _with_link(es)
        ids.append(e.id)
        _set(e, e.target.replace("{/1}", "](https://evil.example/)"))

    _refused(_export(tmp_path, edit), ids[0], r"placeholder \{/1\} is missing")


def test_injected_html_and_link_refused(tmp_path: Path) -> None:
    ids: list[str] = []

    def edit(es: list[catalog.Entry]) -> None:
        e = _with_link(es)
        ids.append(e.id)
        _set(e, e.target + ' <img src=x onerror="alert(1)"> [x](javascript:alert(1))')

    _refused(_export(tmp_path, edit), ids[0], "adds markup the English has not")


def test_fuzzy_unit_refused(tmp_path: Path) -> None:
    ids: list[str] = []

    def edit(es: list[catalog.Entry]) -> None:
        e = next(e for e in es if "paragraph" in e.notes)
        e.fuzzy = True
        ids.append(e.id)

    _refused(_export(tmp_path, edit), ids[0], "marked fuzzy")


@pytest.mark.parametrize(("change", "words"), [("- {}", "changes the page's structure"), ("{}\n\nPlus", "blank line")])
def test_text_that_changes_the_structure_refused(tmp_path: Path, change: str, words: str) -> None:
    ids: list[str] = []

    def edit(es: list[catalog.Entry]) -> None:
        e = next(e for e in es if "paragraph" in e.notes and "{" not in e.source)
        _set(e, change.format(e.target))
        ids.append(e.id)

    _refused(_export(tmp_path, edit), ids[0], words)


def test_changed_text_is_written_back_with_ids_links_and_provenance(tmp_path: Path) -> None:
    ids: list[str] = []

    def edit(es: list[catalog.Entry]) -> None:
        e = _with_link(es)
        ids.append(e.id)
        _set(e, "Texte revu, sur\ndeux lignes, avec {1}le lien{/1} " + re.sub(r"\{1\}.*?\{/1\}", "", e.target))
        title = next(x for x in es if x.id.endswith("#_front_matter/title"))
        _set(title, "Titre : revu")

    file = _export(tmp_path, edit)
    pages = importer.plan(FILE_LANG, file)
    target = languages.get(FILE_LANG).docs_dir / PAGE
    assert list(pages) == [target]
    new = pages[target]
    old = target.read_text(encoding="utf-8")
    page = frontmatter.split(new, target)
    assert page.meta["title"] == "Titre : revu"
    assert page.meta["translation"]["status"] == "machine"
    # Heading ids, footnote labels and link targets are those of the translation before.
    heads = re.compile(r"\{#[\w-]+\}|\[\^\w+\]|\]\([^)]*\)")
    assert sorted(heads.findall(new)) == sorted(heads.findall(old))
    unit = {u.key: u for u in blocks.units(target, new)}[exporter.split_id(ids[0])[1]]
    assert unit.text.startswith("Texte revu, sur\ndeux lignes, avec [le lien](")
    # Everything outside the changed unit, the title and the provenance block is unchanged.
    assert new.split("\n## ")[2:] == old.split("\n## ")[2:] or unit.section != "_top"
    written = tmp_path / "out" / "page.md"
    importer.write({written: new})
    assert written.read_text(encoding="utf-8") == new
    assert not list(written.parent.glob(".*.tmp"))


def test_units_cover_every_block_kind() -> None:
    kinds = {
        u.kind
        for p in languages.default().docs_dir.rglob("*.md")
        for u in blocks.units(p, p.read_text(encoding="utf-8"))
    }
    assert {
        "heading",
        "paragraph",
        "list-item",
        "table-cell",
        "footnote",
        "admonition-title",
        "admonition-body",
        "front-matter",
    } <= kinds


def test_untranslated_export_holds_missing_and_outdated_pages_only(tmp_path: Path) -> None:
    """`export --untranslated`: a missing page with empty targets, an outdated page fuzzy only in
    the section the English changed, and no current page."""
    from tests.project_copy import make_copy, run_cli

    project = make_copy(tmp_path / "project")
    about = project / "docs" / "en" / "about.md"
    text = about.read_text(encoding="utf-8")
    anchor = "## The U.S. coalition"
    about.write_text(text.replace(anchor, "A sentence added to the English.\n\n" + anchor, 1), encoding="utf-8")
    (project / "docs" / "fr" / "glossary.md").unlink()
    out = tmp_path / "fr.po"
    result = run_cli(project, "translation", "export", "--untranslated", "fr", "-o", str(out))
    assert result.returncode == 0, result.stderr
    _, entries = catalog.load(out)
    pages = {e.id.split("#", 1)[0] for e in entries}
    assert pages == {"about.md", "glossary.md"}, pages
    missing = [e for e in entries if e.id.startswith("glossary.md#")]
    assert missing and all(e.target == "" and not e.fuzzy for e in missing)
    outdated = [e for e in entries if e.id.startswith("about.md#") and "_front_matter" not in e.id]
    changed = {e.id for e in outdated if e.fuzzy}
    assert changed and all(i.startswith("about.md#this-site/") for i in changed), changed
    assert any(e.target and not e.fuzzy for e in outdated if not e.id.startswith("about.md#this-site/"))
    assert any(e.source == "A sentence added to the English." and e.target == "" for e in outdated)
