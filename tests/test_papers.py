"""The papers: generated index, header blocks, tooltips, feeds, and schema errors."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin
from xml.etree import ElementTree as ET

import pytest
import yaml

from scripts.content import languages
from scripts.project import DOCS, mkdocs_config
from tests.helpers import html_file, parse, resolve, search
from tests.project_copy import edit_front_matter, make_copy, run_cli

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = mkdocs_config()["site_url"]


def front_matter(path: Path) -> dict[str, Any]:
    """Front matter read directly with PyYAML (independently of the project's own reader)."""
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n", 2)[1])


def english_papers() -> dict[str, dict[str, Any]]:
    folder = DOCS / "en" / "papers"
    return {p.stem: front_matter(p) for p in sorted(folder.glob("*.md")) if p.name != "index.md"}


PAPERS = english_papers()


def coalitions(paper: dict[str, Any]) -> list[str]:
    """The coalitions a paper is based on: those that published a publication in its based_on."""
    order = ["fcacp", "apac", "efc"]
    return [c for c in order if any(b.get("coalition") == c for b in paper["based_on"])]


def translated_ids(code: str) -> set[str]:
    """The papers that exist in a language (English: all)."""
    return {i for i in PAPERS if (DOCS / code / "papers" / f"{i}.md").is_file()}


def test_every_english_paper_has_the_right_length_and_sections() -> None:
    assert PAPERS, "docs/en/papers has no paper"
    for paper_id in PAPERS:
        body = (DOCS / "en" / "papers" / f"{paper_id}.md").read_text(encoding="utf-8").split("---\n", 2)[2]
        words = len(re.sub(r"^\[\^[^\]]+\]:.*$", "", body, flags=re.M).split())
        assert 1200 <= words <= 2500, f"{paper_id}: {words} words"
        for heading in ("{#who-it-is-for}", "{#why-it-matters}", "{#practices}", "{#checklist}", "{#sources}"):
            assert heading in body, f"{paper_id}: missing section {heading}"
        assert "- [ ] " in body, f"{paper_id}: the checklist is a task list"


@pytest.mark.parametrize("code", languages.codes())
def test_index_lists_exactly_the_papers(site: Path, code: str) -> None:
    lang = languages.get(code)
    index = html_file(site, lang.prefix + "papers/")
    items = parse(index).css(".papers__item")
    assert {i.attributes["id"].removeprefix("paper-") for i in items} == set(PAPERS)
    for item in items:
        paper = PAPERS[item.attributes["id"].removeprefix("paper-")]
        assert set(item.attributes["data-sectors"].split()) == set(paper["sectors"])
        assert item.attributes["data-coalitions"].split() == coalitions(paper)
        link = item.css_first(".papers__title a")
        target = html_file(site, f"{lang.prefix}papers/{paper['id']}/").resolve()
        assert resolve(site, index, link.attributes["href"]) == target
        translated = DOCS / code / "papers" / f"{paper['id']}.md"
        expected_title = front_matter(translated)["title"] if translated.is_file() else paper["title"]
        assert link.text().strip() == expected_title
        assert item.css_first("time").attributes["datetime"] == str(paper.get("revised") or paper["published"])
    # Newest first.
    dates = [i.css_first("time").attributes["datetime"] for i in items]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("code", ["en", "fr", "ja", "th"])
@pytest.mark.parametrize("paper_id", sorted(PAPERS))
def test_header_block_equals_front_matter(site: Path, code: str, paper_id: str) -> None:
    lang, paper = languages.get(code), PAPERS[paper_id]
    ui = languages.ui(code)
    tree = parse(html_file(site, f"{lang.prefix}papers/{paper_id}/"))
    header = tree.css_first(".paper-header")
    assert header is not None
    facts = {
        div.css_first("dt").text().strip(): div.css_first("dd") for div in header.css(".paper-header__facts > div")
    }
    assert facts[ui["papers"]["edition"]].text().strip() == str(paper["edition"])
    assert facts[ui["papers"]["published"]].css_first("time").attributes["datetime"] == str(paper["published"])
    assert (ui["papers"]["revised"] in facts) == bool(paper.get("revised"))
    assert facts[ui["papers"]["status"]].text().strip() == ui["vocabulary"]["status"][paper["status"]]
    if coalitions(paper):
        labels = ", ".join(ui["vocabulary"]["coalition"][c] for c in coalitions(paper))
        assert facts[ui["papers"]["coalition"]].text().strip() == labels
    else:
        assert ui["papers"]["coalition"] not in facts, "a paper based on no coalition publication names none"
    assert [t.text() for t in facts[ui["papers"]["sectors"]].css(".paper-tag")] == [
        ui["vocabulary"]["sectors"][s] for s in paper["sectors"]
    ]
    basis = [(a.attributes["href"], a.text().strip()) for a in header.css(".paper-header__basis a")]
    # Every publication names its publisher; a coalition appears only where it published one.
    assert basis == [(b["url"], b["title"]) for b in paper["based_on"]]
    # The header follows the title.
    assert tree.css_first("article h1").next is not None
    assert tree.css_first("article").html.index("</h1>") < tree.css_first("article").html.index("paper-header")


@pytest.mark.parametrize("paper_id", sorted(PAPERS))
def test_abbreviation_tooltips_on_paper_pages(site: Path, paper_id: str) -> None:
    glossary = yaml.safe_load((DOCS / "en" / "glossary.yml").read_text(encoding="utf-8"))
    expansions = {abbr: text for entry in glossary for abbr, text in (entry.get("abbr") or {}).items()}
    body = (DOCS / "en" / "papers" / f"{paper_id}.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    used = {a for a in expansions if re.search(rf"(?<![\w-]){re.escape(a)}(?![\w-])", body)}
    assert used, f"{paper_id} uses no glossary abbreviation"
    page = parse(html_file(site, f"papers/{paper_id}/"))
    tooltips = {(a.text(), a.attributes.get("title")) for a in page.css("abbr")}
    for abbr in used:
        assert (abbr, expansions[abbr]) in tooltips, f"{paper_id}: no tooltip for {abbr}"


@pytest.mark.parametrize("code", languages.codes())
def test_feed_is_atom_and_matches_the_metadata(site: Path, code: str) -> None:
    lang = languages.get(code)
    root = ET.parse(site / lang.prefix / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    self_link = [link for link in root.findall(f"{ATOM}link") if link.attrib.get("rel") == "self"]
    assert self_link[0].attrib["href"] == urljoin(SITE_URL, lang.prefix + "feed.xml")
    entries = root.findall(f"{ATOM}entry")
    # A language's feed lists only the papers written in that language.
    assert {e.find(f"{ATOM}link").attrib["href"].rstrip("/").rsplit("/", 1)[1] for e in entries} == translated_ids(code)
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True), "newest first"
    for entry in entries:
        href = entry.find(f"{ATOM}link").attrib["href"]
        paper_id = href.rstrip("/").rsplit("/", 1)[1]
        paper = PAPERS[paper_id]
        assert href == urljoin(SITE_URL, f"{lang.prefix}papers/{paper_id}/")
        assert entry.findtext(f"{ATOM}published").startswith(str(paper["published"]))
        assert entry.findtext(f"{ATOM}updated").startswith(str(paper.get("revised") or paper["published"]))
        translated = DOCS / code / "papers" / f"{paper_id}.md"
        meta = front_matter(translated) if translated.is_file() else paper
        assert entry.findtext(f"{ATOM}title") == meta["title"]
        assert entry.findtext(f"{ATOM}summary") == " ".join(meta["summary"].split())
        assert {c.attrib["term"] for c in entry.findall(f"{ATOM}category")} == set(paper["sectors"])
    if updated:
        assert root.findtext(f"{ATOM}updated") == updated[0]


@pytest.mark.parametrize("code", languages.codes())
def test_every_page_links_its_languages_feed(site: Path, code: str) -> None:
    lang = languages.get(code)
    feed = (site / lang.prefix / "feed.xml").resolve()
    root = site / lang.prefix
    pages = [p for p in root.rglob("*.html") if languages.split_path(p.relative_to(site).as_posix())[0] == lang]
    assert pages
    for page in pages:
        links = parse(page).css('link[rel="alternate"][type="application/atom+xml"]')
        assert len(links) == 1, page
        assert resolve(site, page, links[0].attributes["href"]) == feed


def _plant(project: Path, paper_id: str, change: dict[str, Any], drop: str | None = None) -> str:
    def edit(meta: dict[str, Any]) -> None:
        meta.update(change)
        if drop:
            del meta[drop]

    # Status and successor are not translated: every language version changes with English.
    for version in (project / "docs").glob(f"*/papers/{paper_id}.md"):
        edit_front_matter(version, edit)
    return f"docs/en/papers/{paper_id}.md"


SCHEMA_FAULTS = {
    "missing field": ({}, "based_on", "missing field 'based_on'"),
    "bad date": ({"published": "2026-02-30"}, None, "field 'published' is '2026-02-30'; expected a date"),
    "unknown sector": ({"sectors": ["acquiring", "gambling"]}, None, "'sectors.1' is 'gambling'; expected one of"),
    "unknown status": ({"status": "draft"}, None, "field 'status' is 'draft'; expected one of: current, superseded"),
}


@pytest.fixture(scope="module")
def refused_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], str]:
    """Each schema fault in a paper of its own, in one copy; one `build --only fr` refuses them all."""
    project = make_copy(tmp_path_factory.mktemp("papers") / "project")
    assert len(PAPERS) >= len(SCHEMA_FAULTS), "each fault needs a paper of its own"
    where = {
        name: _plant(project, paper_id, change, drop)
        for (name, (change, drop, _)), paper_id in zip(sorted(SCHEMA_FAULTS.items()), sorted(PAPERS), strict=False)
    }
    result = run_cli(project, "build", "--only", "fr")
    assert result.returncode == 1
    assert not (project / "site").exists(), "nothing was built"
    return project, where, result.stderr


@pytest.mark.parametrize("name", sorted(SCHEMA_FAULTS))
def test_bad_front_matter_stops_the_build(refused_build: tuple[Path, dict[str, str], str], name: str) -> None:
    _, where, stderr = refused_build
    words = SCHEMA_FAULTS[name][2]
    assert any(where[name] in line and words in line for line in stderr.splitlines()), stderr


def test_superseded_paper_says_so_and_links_its_successor(planted_build: dict[str, Any]) -> None:
    site = planted_build["site"]
    for prefix in ("", languages.get(planted_build["code"]).prefix):
        page = site / prefix / "papers" / "file-hosting" / "index.html"
        notice = parse(page).css_first("article .site-notice--superseded")
        assert notice is not None
        assert (
            resolve(site, page, notice.css_first("a").attributes["href"])
            == (site / prefix / "papers" / "digital-businesses" / "index.html").resolve()
        )
    index = parse(site / "papers" / "index.html")
    assert index.css_first("#paper-file-hosting .paper-status--superseded") is not None


def test_filters_work_without_scripts(server: str, browser: Any) -> None:
    """Sector and coalition filters: radio buttons and CSS only; the count follows."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(urljoin(server, "papers/"))
    visible = lambda: page.eval_on_selector_all(  # noqa: E731
        ".papers__item", "els => els.filter(e => e.offsetParent !== null).map(e => e.id)"
    )
    assert len(visible()) == len(PAPERS)
    sector = sorted({s for p in PAPERS.values() for s in p["sectors"]})[0]
    page.click(f'label[for="papers-sector-{sector}"]')
    expected = {f"paper-{i}" for i, p in PAPERS.items() if sector in p["sectors"]}
    assert set(visible()) == expected
    # The count is a CSS counter over the visible items (the DOM cannot read its value).
    count = page.eval_on_selector(".papers__count", "e => getComputedStyle(e, '::after').content")
    assert "counter(papers-shown)" in count
    # Only coalitions some paper is based on are offered, and each option shows at least one paper.
    offered = page.eval_on_selector_all('input[name="papers-coalition"]', "els => els.map(e => e.id)")
    named = {c for p in PAPERS.values() for c in coalitions(p)}
    assert set(offered) == {"papers-coalition-all"} | {f"papers-coalition-{c}" for c in named}
    page.click('label[for="papers-sector-all"]')
    for code in named:
        page.click(f'label[for="papers-coalition-{code}"]')
        shown = set(visible())
        assert shown and shown == {f"paper-{i}" for i, p in PAPERS.items() if code in coalitions(p)}
    page.click(f'label[for="papers-sector-{sector}"]')
    page.click('label[for="papers-coalition-apac"]')
    assert set(visible()) == {e for e in expected if "apac" in coalitions(PAPERS[e.removeprefix("paper-")])}
    page.click('label[for="papers-sector-all"]')
    page.click('label[for="papers-coalition-all"]')
    assert len(visible()) == len(PAPERS)
    context.close()


def test_glossary_page_and_data(site: Path) -> None:
    glossary = yaml.safe_load((DOCS / "en" / "glossary.yml").read_text(encoding="utf-8"))
    assert len(glossary) >= 30
    terms = parse(html_file(site, "glossary/")).css("dl.glossary > dt")
    assert [t.text(deep=False).strip() for t in terms] == [e["term"] for e in glossary]
    assert all(t.attributes["id"].startswith("term-") for t in terms)


def test_paper_pages_are_found_by_search(server: str, browser: Any) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(urljoin(server, "papers/"))
    assert any("/papers/" in h for h in search(page, "underwriting"))
    context.close()


def test_papers_report(site_build: tuple[Path, Any]) -> None:
    _, report = site_build
    assert report.feed_entries == {code: len(translated_ids(code)) for code in languages.codes()}
