"""Independently of gate 1, every contributed value reaches the HTML escaped.

One MkDocs build (English and Japanese, no PDFs) of a project copy in which hostile values
were planted past gate 1: in a paper's summary, a roundtable's organisations_note, a
translation's reviewed_by, ui.yml strings (site name, a menu label, the 404 title, the feed
title) and glossary.yml (a definition and an abbreviation). The built pages must show them as
text: gate 2's executable-content check finds nothing, and the text is there, escaped.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from scripts.checks import executable
from tests.project_copy import edit_front_matter, make_copy

SCRIPT = '<script>alert("{n}")</script>'
IMG = "<img src=x onerror=alert({n})>"


def _plant(project: Path) -> dict[str, str]:
    """Write the hostile values; return what each should read as on the page."""
    docs = project / "docs"
    planted = {
        "summary": "Summary " + SCRIPT.format(n=1) + ' and "quotes"',
        "organisations_note": "Note " + IMG.format(n=2),
        "reviewed_by": "Reviewer " + SCRIPT.format(n=3),
        "site_name": "Site " + SCRIPT.format(n=4),
        "nav_home": "Home " + IMG.format(n=5),
        "not_found": "Lost " + SCRIPT.format(n=6),
        "definition": "Definition " + SCRIPT.format(n=7),
        "abbr": 'Know </abbr><script>alert("8")</script> "your" customer',
    }
    edit_front_matter(docs / "en/papers/reporting.md", lambda m: m.update(summary=planted["summary"]))
    edit_front_matter(
        docs / "ja/roundtables/hong-kong.md", lambda m: m.update(organisations_note=planted["organisations_note"])
    )

    def reviewed(meta: dict[str, object]) -> None:
        meta["translation"].update(status="reviewed", reviewed_by=planted["reviewed_by"], reviewed_on="2026-01-02")  # type: ignore[union-attr]

    edit_front_matter(docs / "ja/about.md", reviewed)
    ui_path = docs / "ja/ui.yml"
    ui = yaml.safe_load(ui_path.read_text(encoding="utf-8"))
    ui["site"]["name"] = planted["site_name"]
    ui["nav"]["Home"] = planted["nav_home"]
    ui["not_found"]["title"] = planted["not_found"]
    ui_path.write_text(yaml.safe_dump(ui, allow_unicode=True, sort_keys=False), encoding="utf-8")
    glossary_path = docs / "ja/glossary.yml"
    terms = yaml.safe_load(glossary_path.read_text(encoding="utf-8"))
    terms[0]["definition"] = planted["definition"]
    with_abbr = next(t for t in terms if t.get("abbr"))
    with_abbr["abbr"][next(iter(with_abbr["abbr"]))] = planted["abbr"]
    glossary_path.write_text(yaml.safe_dump(terms, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return planted


@pytest.fixture(scope="module")
def planted_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    project = make_copy(tmp_path_factory.mktemp("hostile") / "project")
    planted = _plant(project)
    out = project / "out"
    # MkDocs alone: gate 1 would (rightly) refuse these sources before `scripts build` starts.
    code = (
        f"from pathlib import Path; from scripts.build.pipeline import run_mkdocs; run_mkdocs(Path({str(out)!r}), 'ja')"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return out, planted


def _texts(page: Path, selector: str) -> list[str]:
    return [n.text(deep=True) for n in LexborHTMLParser(page.read_text(encoding="utf-8")).css(selector)]


def test_no_planted_value_becomes_markup(planted_site: tuple[Path, dict[str, str]]) -> None:
    out, _ = planted_site
    found, counts = executable.check_site(out, "out")
    assert counts["pages"] > 20
    assert [f for f in found if f.rule == executable.RULE] == [], [f"{f.location()}: {f.message}" for f in found]
    for page in out.rglob("*.html"):
        assert "alert(" not in "".join(_texts(page, "script")), page


def test_each_planted_value_is_shown_as_text(planted_site: tuple[Path, dict[str, str]]) -> None:
    out, planted = planted_site
    papers = out / "papers/index.html"
    assert any(planted["summary"] in t for t in _texts(papers, ".papers__summary"))
    paper = LexborHTMLParser((out / "papers/reporting/index.html").read_text(encoding="utf-8"))
    assert paper.css_first('meta[name="description"]').attributes["content"] == planted["summary"]
    facts = out / "ja/roundtables/hong-kong/index.html"
    assert any(planted["organisations_note"] in t for t in _texts(facts, ".roundtable-facts em"))
    about = out / "ja/about/index.html"
    assert any(planted["reviewed_by"] in t for t in _texts(about, ".site-notice"))
    assert planted["site_name"] in _texts(about, "title")[0]
    assert any(planted["nav_home"] in t for t in _texts(about, ".md-nav__link"))
    assert any(planted["not_found"] in t for t in _texts(out / "ja/404.html", "h1"))
    glossary = out / "ja/glossary/index.html"
    assert any(planted["definition"] in t for t in _texts(glossary, "dd"))
    assert any(planted["abbr"] in t for t in _texts(glossary, ".glossary__abbr"))
    paper_ja = LexborHTMLParser((out / "ja/papers/digital-businesses/index.html").read_text(encoding="utf-8"))
    assert planted["abbr"] in [n.attributes.get("title") for n in paper_ja.css("abbr")]


def test_quotes_in_a_description_stay_in_the_attribute(planted_site: tuple[Path, dict[str, str]]) -> None:
    """The Hong Kong roundtable's description has double quotes (it broke <meta> in 7 languages)."""
    out, _ = planted_site
    for page in [out / "roundtables/hong-kong/index.html", out / "ja/roundtables/hong-kong/index.html"]:
        meta = LexborHTMLParser(page.read_text(encoding="utf-8")).css('meta[name="description"]')
        assert len(meta) == 1 and "The Role of Industry in the Fight" in (meta[0].attributes["content"] or ""), page
    english = LexborHTMLParser((out / "roundtables/hong-kong/index.html").read_text(encoding="utf-8"))
    assert '"The Role of Industry' in english.css_first('meta[name="description"]').attributes["content"]
