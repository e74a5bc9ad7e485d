"""Roundtables: generated index (map, timeline, table), facts from front matter, bad input."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
import yaml
from babel import Locale

from scripts.content import languages
from scripts.project import DOCS
from tests.helpers import html_file, parse, resolve
from tests.project_copy import edit_front_matter, make_copy, run_cli

SVG = "{http://www.w3.org/2000/svg}"


def roundtables() -> dict[str, dict[str, Any]]:
    folder = DOCS / "en" / "roundtables"
    out = {}
    for path in sorted(folder.glob("*.md")):
        if path.name != "index.md":
            out[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])
    return out


ROUNDTABLES = roundtables()


def test_every_roundtable_is_sourced_in_its_own_country_with_a_date_as_precise_as_known() -> None:
    assert ROUNDTABLES, "docs/en/roundtables has no roundtable"
    countries = [r["country"] for r in ROUNDTABLES.values()]
    assert len(set(countries)) == len(countries) and all(re.fullmatch(r"[A-Z]{2}", c) for c in countries)
    assert all(r["sources"] for r in ROUNDTABLES.values())
    for r in ROUNDTABLES.values():
        # An unconfirmed date has no value; a known one is written to its precision.
        assert ("value" in r["date"]) == (r["date"]["precision"] != "unconfirmed"), r["date"]


def _svgs(tree: Any) -> dict[str, ET.Element]:
    out = {}
    for node in tree.css("figure svg"):
        root = ET.fromstring(node.html)  # must be well-formed XML
        out[root.attrib["class"]] = root
    return out


@pytest.mark.parametrize("code", languages.codes())
def test_index_table_lists_exactly_the_pages(site: Path, code: str) -> None:
    lang = languages.get(code)
    index = html_file(site, lang.prefix + "roundtables/")
    tree = parse(index)
    rows = tree.css(".roundtables__table tbody tr")
    assert [r.attributes["id"].removeprefix("roundtable-") for r in rows] == sorted(
        ROUNDTABLES, key=lambda i: ROUNDTABLES[i]["sequence"]
    )
    names = Locale.parse(code).territories
    for row in rows:
        item = ROUNDTABLES[row.attributes["id"].removeprefix("roundtable-")]
        link = row.css_first("th a")
        assert link.text().strip() == names[item["country"]], "country names from CLDR"
        target = resolve(site, index, link.attributes["href"])
        assert target == html_file(site, f"{lang.prefix}roundtables/{item['id']}/").resolve()
        outcomes = row.css("td")[-1].text()
        if not item["outcomes"]:
            assert languages.ui(code)["roundtables"]["outcomes_none"] in outcomes


@pytest.mark.parametrize("code", languages.codes())
def test_map_and_timeline_are_accessible_svg(site: Path, code: str) -> None:
    tree = parse(html_file(site, languages.get(code).prefix + "roundtables/"))
    svgs = _svgs(tree)
    assert set(svgs) == {"figure-roundtable-map", "figure-roundtable-timeline"}
    ui = languages.ui(code)["roundtables"]
    countries = {r["country"] for r in ROUNDTABLES.values()}
    for name, svg in svgs.items():
        assert svg.attrib["role"] == "img"
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert title is not None and desc is not None and desc.text
        assert svg.attrib["aria-labelledby"] == f"{title.attrib['id']} {desc.attrib['id']}"
        markers = svg.findall(f".//{SVG}g[@class]")
        markers = [m for m in markers if "marker" in m.attrib["class"].split()]
        assert all(m.find(f"{SVG}title") is not None for m in markers)
        if name == "figure-roundtable-map":
            assert title.text == ui["map_title"]
            assert len(markers) == len(countries), "one marker per country"
            for country in countries:
                assert Locale.parse(code).territories[country] in desc.text
        else:
            assert title.text == ui["timeline_title"]
            assert len(markers) == len(ROUNDTABLES), "one marker per roundtable"
    assert "<script" not in tree.css_first("article").html


@pytest.mark.parametrize("code", languages.codes())
@pytest.mark.parametrize("roundtable_id", sorted(ROUNDTABLES))
def test_each_roundtable_page_in_every_language(site: Path, code: str, roundtable_id: str) -> None:
    lang = languages.get(code)
    item = ROUNDTABLES[roundtable_id]
    tree = parse(html_file(site, f"{lang.prefix}roundtables/{roundtable_id}/"))
    assert tree.css_first("html").attributes["lang"] == code
    facts = tree.css_first(".roundtable-facts")
    assert facts is not None
    ui = languages.ui(code)["roundtables"]
    text = facts.text()
    assert Locale.parse(code).territories[item["country"]] in text
    assert ui["wg"][item["working_group"]] in text
    if item["date"]["precision"] == "unconfirmed":
        assert ui["date_unconfirmed"] in text
    else:
        assert facts.css_first("time").attributes["datetime"] == str(item["date"]["value"])
    if not item["outcomes"]:
        assert ui["outcomes_none"] in text
    assert {a.attributes["href"] for a in facts.css(".paper-header__basis a")} == set(item["sources"])


BAD_ROUNDTABLES: list[tuple[str, Any, str]] = [
    ("no sources", lambda m: m.pop("sources"), "missing field 'sources'"),
    ("empty sources", lambda m: m.update(sources=[]), "field 'sources'"),
    (
        "day precision, month value",
        lambda m: m.update(date={"precision": "day", "value": "2015-07"}),
        "date.value '2015-07' does not match precision 'day': write it as YYYY-MM-DD",
    ),
    (
        "year precision, day value",
        lambda m: m.update(date={"precision": "year", "value": "2015-07-21"}),
        "does not match precision 'year': write it as YYYY",
    ),
    ("unknown country", lambda m: m.update(country="XX"), "country 'XX' is not an ISO 3166 code"),
]


@pytest.fixture(scope="module")
def refused(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], str]:
    """Each fault in a roundtable of its own, in one copy; one `build --only fr` refuses them all."""
    project = make_copy(tmp_path_factory.mktemp("roundtables") / "project")
    ids = sorted(ROUNDTABLES)
    assert len(ids) >= len(BAD_ROUNDTABLES), "each fault needs a roundtable of its own"
    where = {}
    for (name, edit, _), rid in zip(BAD_ROUNDTABLES, ids, strict=False):
        edit_front_matter(project / "docs" / "en" / "roundtables" / f"{rid}.md", edit)
        where[name] = f"docs/en/roundtables/{rid}.md"
    result = run_cli(project, "build", "--only", "fr")
    assert result.returncode == 1
    assert not (project / "site").exists(), "nothing was built"
    return where, result.stderr


@pytest.mark.parametrize(("name", "words"), [(name, words) for name, _, words in BAD_ROUNDTABLES])
def test_bad_roundtable_is_refused(refused: tuple[dict[str, str], str], name: str, words: str) -> None:
    where, stderr = refused
    assert any(where[name] in line and words in line for line in stderr.splitlines()), stderr


@pytest.mark.parametrize("code", languages.codes())
def test_map_has_no_seam_and_names_the_countries(site: Path, code: str) -> None:
    """Issue 10, point 9: no outline jumps across the map (180° meridian); CLDR names on the map."""
    svg = _svgs(parse(html_file(site, languages.get(code).prefix + "roundtables/")))["figure-roundtable-map"]
    width = float(svg.attrib["viewBox"].split()[2])
    for path in svg.iter(f"{SVG}path"):
        for ring in path.attrib["d"].split("M")[1:]:
            xs = [float(p.split(",")[0]) for p in ring.replace("Z", "").replace("L", "").split()]
            jumps = [abs(b - a) for a, b in itertools.pairwise(xs)]
            assert max(jumps, default=0) < width / 4, "an outline crosses the whole map"
    labels = svg.find(f"{SVG}g[@class='map-labels']")
    # A long name takes several lines (tspan); compare without the line breaks.
    names = {"".join("".join(t.itertext()).split()) for t in labels.iter(f"{SVG}text")}
    territories = Locale.parse(code).territories
    assert names == {"".join(territories[r["country"]].split()) for r in ROUNDTABLES.values()}
