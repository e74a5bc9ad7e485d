"""The red-flag indicator library: data, gate 1, papers, the Indicators page and the downloads."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jsonschema
import openpyxl
import pytest

from scripts.checks import indicators as indicator_checks
from scripts.checks.findings import errors
from scripts.content import indicators, languages, papers
from scripts.postbuild import indicators as downloads
from scripts.project import mkdocs_config
from tests.helpers import html_file, parse

CODES = languages.codes()
ENGLISH = indicators.english_path().read_text(encoding="utf-8")


def _library_copy(tmp_path: Path, text: str, registry: str | None = None) -> tuple[Path, Path]:
    data, reg = tmp_path / "indicators.yml", tmp_path / "indicator-ids.txt"
    data.write_text(text, encoding="utf-8")
    reg.write_text(registry if registry is not None else indicators.REGISTRY.read_text(encoding="utf-8"), "utf-8")
    return data, reg


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_library_is_valid_and_ids_are_unique() -> None:
    lib = indicators.english()
    ids = [i.id for i in lib.indicators]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(indicators.registry())
    assert indicators.problems() == []
    assert errors(indicator_checks.run()) == []


def test_every_red_flag_of_the_papers_is_a_record() -> None:
    """No paper of any language keeps a red flag as free text: its section holds markers only."""
    lib = indicators.english()
    for lang in languages.languages():
        for path in papers.paper_files(lang.code):
            text = path.read_text(encoding="utf-8")
            start = text.index("{#red-flags}")
            end = text.find("\n### ", start)
            section = text[start : end if end > 0 else None]
            assert not re.search(r"^(- |\| )", section, re.M), f"{path}: a red flag written as text"
            shown = [i for _, _, ids in indicators.markers(section) for i in ids]
            if lang.default:
                assert sorted(shown) == sorted(i.id for i in lib.for_paper(path.stem)), path
            else:
                english = indicators.markers((languages.default().docs_dir / "papers" / path.name).read_text())
                assert shown == [i for _, _, ids in english for i in ids], path


def test_each_indicator_is_sourced_or_own_guidance() -> None:
    for ind in indicators.english().indicators:
        assert (ind.basis == "sourced") == bool(ind.sources), ind.id
        for paper_id in ind.papers:
            notes = indicators.footnotes(languages.default().docs_dir / "papers" / f"{paper_id}.md")
            assert set(ind.sources) <= set(notes), (ind.id, paper_id)


def test_duplicate_id_is_refused_with_file_and_line(tmp_path: Path) -> None:
    text = ENGLISH.replace("- id: MA-02\n", "- id: MA-01\n", 1)
    data, reg = _library_copy(tmp_path, text)
    found = indicators.problems(data, reg)
    assert any(
        "MA-01 is already used" in p.message and p.line == _line_of(text, "- id: MA-01\n  statement: The applicant")
        for p in found
    ), found
    assert [p.file for p in found if "already used" in p.message] == [str(data)]
    assert any("next free id, MA-12" in p.fix for p in found)


def test_changed_id_is_refused(tmp_path: Path) -> None:
    """Renaming an id: the new one was never issued, and the issued one has lost its record."""
    text = ENGLISH.replace("- id: MA-03\n", "- id: MA-30\n", 1)
    data, reg = _library_copy(tmp_path, text)
    found = indicators.problems(data, reg)
    new = [p for p in found if "MA-30 was never issued" in p.message]
    assert new and new[0].line == _line_of(text, "- id: MA-30") and new[0].file.endswith("indicators.yml")
    lost = [p for p in found if "issued id MA-03 has no record" in p.message]
    assert lost and lost[0].file.endswith("indicator-ids.txt") and lost[0].line == _line_of(reg.read_text(), "MA-03")
    assert "withdraw" in lost[0].fix


def test_reused_withdrawn_id_is_refused(tmp_path: Path) -> None:
    registry = indicators.REGISTRY.read_text(encoding="utf-8").replace("MA-03\n", "MA-03 withdrawn\n")
    data, reg = _library_copy(tmp_path, ENGLISH, registry)
    found = indicators.problems(data, reg)
    reused = [p for p in found if "MA-03 was withdrawn" in p.message]
    assert reused and reused[0].line == _line_of(ENGLISH, "- id: MA-03") and "MA-12" in reused[0].fix


def test_withdrawn_indicator_stays_listed(tmp_path: Path) -> None:
    """A withdrawn record is valid when the registry says so, and leaves the papers."""
    text = ENGLISH.replace("editions:\n", "editions:\n- edition: 2\n  date: '2026-12-01'\n", 1).replace(
        "  papers: [merchant-acquisition]\n  basis: own-guidance\n  sources: []\n  history:\n    added: 1\n",
        "  papers: [merchant-acquisition]\n  basis: own-guidance\n  sources: []\n  history:\n    added: 1\n"
        "    withdrawn:\n      edition: 2\n      reason: Replaced by a clearer indicator.\n",
        1,
    )
    registry = indicators.REGISTRY.read_text(encoding="utf-8").replace("MA-02\n", "MA-02 withdrawn\n")
    data, reg = _library_copy(tmp_path, text, registry)
    lib = indicators.parse(data)
    assert lib.by_id()["MA-02"].withdrawn == 2
    assert "MA-02" not in [i.id for i in lib.for_paper("merchant-acquisition")]
    # The real paper still shows MA-02: the check asks to take it out of the paper's marker.
    found = indicators.problems(data, reg)
    paper = languages.default().docs_dir / "papers" / "merchant-acquisition.md"
    assert [(p.message, p.file, p.line) for p in found] == [
        (
            "MA-02 was withdrawn in edition 2; a paper no longer shows it",
            "docs/en/papers/merchant-acquisition.md",
            indicators.markers(paper.read_text(encoding="utf-8"))[0][0],
        )
    ]


def test_markdown_or_formula_in_a_statement_is_refused(tmp_path: Path) -> None:
    for bad in ("<b>x</b> bold statement here", "=HYPERLINK(1) statement"):
        text = ENGLISH.replace("statement: The applicant refuses", f"statement: {bad} The applicant refuses", 1)
        data, reg = _library_copy(tmp_path, text)
        found = indicators.problems(data, reg)
        assert found and found[0].line == _line_of(text, "- id: MA-02") and "statement" in found[0].message


def test_translation_missing_an_indicator_falls_back_to_english() -> None:
    for code in CODES[1:]:
        tr = indicators.translation(code)
        for s in indicators.shown(code):
            has = tr is not None and s.english.id in tr.texts
            assert s.statement_lang == (code if has else "en"), (code, s.english.id)
            if not has:
                assert s.statement == s.english.statement


def test_outdated_translated_indicator_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An English edit marks that indicator outdated in each translation (warning, not error)."""
    english = tmp_path / "en.yml"
    english.write_text(ENGLISH.replace("does not match the website.", "does not match the website or app.", 1))
    monkeypatch.setattr(indicators, "english_path", lambda: english)
    assert "MA-01" in indicators.outdated("fr")
    found = [f for f in indicator_checks.run({"fr"}) if "MA-01" in f.message]
    assert found and all(f.severity == "warning" and f.file == "docs/fr/indicators.yml" for f in found)


# ---- Built site ------------------------------------------------------------------------------


def _site_url() -> str:
    return str(mkdocs_config()["site_url"])


@pytest.mark.parametrize("code", CODES)
def test_downloads_hold_exactly_the_records(site: Path, code: str) -> None:
    shown = indicators.shown(code)
    ids = [s.english.id for s in shown]
    folder = site / languages.get(code).prefix / "indicators"
    raw = (folder / f"indicators-{code}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == ids
    for row, s in zip(rows, shown, strict=True):
        assert row["statement"] == s.statement and row["explanation"] == s.explanation
        assert row["stage"] == s.english.stage and row["sectors"].split("; ") == list(s.english.sectors)
        assert row["papers"].split("; ") == list(s.english.papers)
        assert row["sources"] == "; ".join(s.english.sources)
        assert row["status"] == ("active" if s.english.active else "withdrawn")
    book = openpyxl.load_workbook(folder / f"indicators-{code}.xlsx")
    sheet = book.active
    table = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert table[0] == downloads.COLUMNS
    assert [r[0] for r in table[1:]] == ids
    assert [r[downloads.COLUMNS.index("statement")] for r in table[1:]] == [s.statement for s in shown]
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(downloads.COLUMNS))}{len(ids) + 1}"
    assert sheet.freeze_panes == "B2"
    data = json.loads((folder / f"indicators-{code}.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "indicators" / "indicators.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    assert data["language"] == code
    assert [(r["id"], r["statement"], r["stage"], r["sectors"]) for r in data["indicators"]] == [
        (s.english.id, s.statement, s.english.stage, list(s.english.sectors)) for s in shown
    ]


def test_downloads_are_byte_identical_across_builds(site: Path, tmp_path: Path) -> None:
    """The session's build and a second run of the step on the same sources give the same bytes."""
    for code in CODES:
        (tmp_path / languages.get(code).prefix / "indicators").mkdir(parents=True, exist_ok=True)
        (tmp_path / languages.get(code).prefix / "indicators" / "index.html").write_text("")
    written = downloads.write(tmp_path, _site_url())
    assert len(written) == 3 * len(CODES)
    for w in written:
        assert (tmp_path / w["file"]).read_bytes() == (site / w["file"]).read_bytes(), w["file"]


@pytest.mark.parametrize("code", ["en", "fr", "ja"])
def test_downloads_page_lists_size_and_checksum(site: Path, code: str) -> None:
    page = html_file(site, f"{languages.get(code).prefix}downloads/")
    rows = parse(page).css("table.downloads--indicators tbody tr")
    assert len(rows) == 3 * len(CODES) + 1
    for row in rows:
        target = (page.parent / row.attributes["data-file"]).resolve()
        data = target.read_bytes()
        assert int(row.attributes["data-bytes"]) == len(data)
        assert row.attributes["data-sha256"] == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("code", CODES)
def test_indicators_page_and_papers_show_every_id(site: Path, code: str) -> None:
    prefix = languages.get(code).prefix
    page = parse(html_file(site, f"{prefix}indicators/"))
    lib = indicators.english()
    assert [h.attributes["id"] for h in page.css(".indicators__item h2")] == [i.id for i in lib.indicators]
    links = {a.attributes["href"] for a in page.css(".indicators__downloads a")}
    assert f"indicators-{code}.csv" in links and f"indicators-{code}.xlsx" in links
    for paper in papers.english():
        html = parse(html_file(site, f"{prefix}papers/{paper.id}/"))
        anchors = [a.attributes["id"] for a in html.css("a.indicator-id")]
        assert anchors == [i for _, _, ids in indicators.markers(paper.path.read_text()) for i in ids]
        assert html.css_first("p.indicator-links a[href$='.csv']") is not None


def test_indicators_page_is_found_by_search(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {d["location"] for d in index["docs"]}
    assert "indicators/#MA-01" in locations


def test_every_sector_and_stage_has_its_filter_rule() -> None:
    """The filter's CSS is static (site.css): each schema value needs its rule."""
    css = (Path(__file__).resolve().parents[1] / "overrides/assets/stylesheets/site.css").read_text(encoding="utf-8")
    for sector in papers.vocabulary()["sectors"]:
        assert f'#indicators-sector-{sector}:checked) .indicators__item:not([data-sectors~="{sector}"])' in css
    for stage in indicators.stages():
        assert f'#indicators-stage-{stage}:checked) .indicators__item:not([data-stage="{stage}"])' in css


def test_filter_works_without_scripts(server: str, browser: Any) -> None:
    """Sector and stage filters: radio buttons and CSS only."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(urljoin(server, "indicators/"))
    lib = indicators.english().indicators
    visible = lambda: page.eval_on_selector_all(  # noqa: E731
        ".indicators__item", "els => els.filter(e => e.offsetParent !== null).map(e => e.querySelector('h2').id)"
    )
    # A CSS counter counts only the items before it in the document: the count must follow the
    # list in the DOM (it would say 0 otherwise) and still be shown above it.
    placed = page.eval_on_selector(
        ".indicators__count",
        "e => { const l = document.querySelector('.indicators__list');"
        " return [Boolean(l.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING),"
        " e.getBoundingClientRect().top < l.getBoundingClientRect().top]; }",
    )
    assert placed == [True, True], "the count follows the list in the DOM and is shown above it"
    assert visible() == [i.id for i in lib]
    page.click('label[for="indicators-sector-prepaid"]')
    assert visible() == [i.id for i in lib if "prepaid" in i.sectors]
    page.click('label[for="indicators-stage-transaction"]')
    both = [i.id for i in lib if "prepaid" in i.sectors and i.stage == "transaction"]
    assert both and visible() == both
    page.click('label[for="indicators-sector-all"]')
    assert visible() == [i.id for i in lib if i.stage == "transaction"]
    # Phone width: nothing of the page's content reaches beyond the screen (the theme's own
    # header is the same on every page and is not this page's concern).
    wide = page.eval_on_selector(
        ".md-content",
        "c => [...c.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > 361).map(e => e.className)",
    )
    assert wide == []
    context.close()


@pytest.mark.parametrize(
    ("code", "paper_id"), [("en", "merchant-acquisition"), ("ja", "processors-prepaid-remittance")]
)
def test_pdf_ends_with_the_papers_indicators(site: Path, code: str, paper_id: str) -> None:
    from pypdf import PdfReader

    from scripts.pdf.editions import pdf_path

    reader = PdfReader(site / pdf_path(paper_id, code))
    title = languages.ui(code)["indicators"]["appendix"]
    pages = [p.extract_text() for p in reader.pages]
    start = next(n for n, text in enumerate(pages) if text.lstrip().startswith(title))
    appendix = "".join(pages[start:])
    source = (languages.default().docs_dir / "papers" / f"{paper_id}.md").read_text(encoding="utf-8")
    ids = [i for _, _, found in indicators.markers(source) for i in found]
    positions = [appendix.index(i) for i in ids]
    assert positions == sorted(positions)

    def titles(items: list[Any]) -> list[str]:
        return [t for o in items for t in (titles(o) if isinstance(o, list) else [o.title])]

    assert title in titles(reader.outline)
