"""The Content-Security-Policy in a real browser: nothing of the site is blocked, and it works.

Every page type in English, Japanese and Thai is opened in Debian's Chromium with one shared
browser context; a page passes with 0 CSP violations (`securitypolicyviolation` events), 0
console errors and 0 uncaught exceptions. Then search, the language switcher, the papers
filters and the glossary tooltips are used as a reader would, under the same policy.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import pytest

from scripts.project import DOCS
from tests.helpers import open_pages, response_status, search

CODES = ["en", "ja", "th"]
# Each page type once; a paper and a roundtable are picked from the sources (page_types).
FIXED_PAGES = [
    "",
    "about/",
    "papers/",
    "roundtables/",
    "glossary/",
    "downloads/",
    "report/",
    "contribute/",
    "translation-status/",
    "404.html",
]


def page_types() -> list[str]:
    """The fixed pages, the first English paper and the first English roundtable."""
    items = []
    for section in ("papers", "roundtables"):
        first = min(p.stem for p in (DOCS / "en" / section).glob("*.md") if p.name != "index.md")
        items.append(f"{section}/{first}/")
    return FIXED_PAGES + items


RECORD_VIOLATIONS = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation',"
    " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));"
)


class Reader:
    """One browser tab that records CSP violations, console errors and uncaught exceptions."""

    def __init__(self, page: Any, server: str) -> None:
        self.page, self.server, self.errors = page, server, []
        page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"exception: {e}"))

    def open(self, path: str) -> None:
        self.errors.clear()
        response = self.page.goto(urljoin(self.server, path), wait_until="networkidle")
        assert response is not None and response.ok, path

    def problems(self) -> list[str]:
        return list(self.page.evaluate("window.__csp")) + self.errors


@pytest.fixture(scope="module")
def reader(browser: Any, server: str) -> Iterator[Reader]:
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    yield Reader(context.new_page(), server)
    context.close()


def _prefix(code: str) -> str:
    return "" if code == "en" else f"{code}/"


@pytest.fixture(scope="module")
def page_problems(browser: Any, server: str) -> dict[str, dict[str, list[str]]]:
    """Every page type of every language in CODES, opened four at a time in one context, each
    tab with its own record: by language, the problems of each page (status, CSP, errors)."""
    order = [(code, _prefix(code) + p) for code in CODES for p in page_types()]
    records: list[list[str]] = []

    def watch(page: Any) -> None:
        mine: list[str] = []
        records.append(mine)  # open_pages prepares the pages in the order of the urls
        page.on("console", lambda m: mine.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: mine.append(f"exception: {e}"))

    found: dict[str, dict[str, list[str]]] = {code: {} for code in CODES}
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    urls = [urljoin(server, path) for _, path in order]
    for i, ((code, path), (_, page)) in enumerate(zip(order, open_pages(context, urls, watch), strict=True)):
        status = response_status(page)
        found[code][path] = ([] if status == 200 else [f"HTTP {status}"]) + page.evaluate("window.__csp") + records[i]
    context.close()
    return found


@pytest.mark.parametrize("code", CODES)
def test_every_page_type_runs_without_violations_or_errors(
    page_problems: dict[str, dict[str, list[str]]], code: str
) -> None:
    """Each page type answers 200 with 0 CSP violations, console errors and exceptions."""
    assert len(page_problems[code]) == len(page_types())
    assert {path: problems for path, problems in page_problems[code].items() if problems} == {}


def test_the_policy_is_enforced(reader: Reader) -> None:
    """The control: an injected inline script and code in a string (eval) are blocked, and reported."""
    reader.open("about/")
    reader.page.evaluate(
        "() => { window.__ran = []; const s = document.createElement('script');"
        " s.textContent = 'window.__ran.push(\"inline\")'; document.body.append(s);"
        " setTimeout('window.__ran.push(\"eval\")', 0) }"
    )
    reader.page.wait_for_timeout(200)
    assert reader.page.evaluate("window.__ran") == []
    assert len([v for v in reader.page.evaluate("window.__csp") if v.startswith("script-src")]) == 2


@pytest.mark.parametrize("code", CODES)
def test_search_works_under_the_policy(reader: Reader, code: str) -> None:
    reader.open(_prefix(code) + "about/")
    hrefs = search(reader.page, "Europol")
    assert hrefs and all(h.startswith(urljoin(reader.server, _prefix(code))) for h in hrefs)
    assert reader.problems() == []


def test_language_switcher_works_under_the_policy(reader: Reader) -> None:
    reader.open("ja/about/")
    reader.page.hover(".md-header__option .md-select")
    reader.page.click('a.md-select__link[hreflang="th"]')
    reader.page.wait_for_url(urljoin(reader.server, "th/about/"))
    assert reader.page.evaluate("document.documentElement.lang") == "th"
    assert reader.problems() == []


@pytest.mark.parametrize("code", CODES)
def test_papers_filters_work_under_the_policy(reader: Reader, code: str) -> None:
    reader.open(_prefix(code) + "papers/")
    visible = "() => Array.from(document.querySelectorAll('.papers__item')).filter(e => e.offsetParent).length"
    everything = reader.page.evaluate(visible)
    shown = []
    for sector in reader.page.eval_on_selector_all("input[name=papers-sector]", "els => els.map(e => e.id)")[1:]:
        reader.page.click(f'label[for="{sector}"]')
        shown.append(reader.page.evaluate(visible))
    assert all(0 < n <= everything for n in shown) and any(n < everything for n in shown), (everything, shown)
    reader.page.click('label[for="papers-sector-all"]')
    assert reader.page.evaluate(visible) == everything
    assert reader.problems() == []


@pytest.mark.parametrize("code", CODES)
def test_glossary_tooltips_work_under_the_policy(reader: Reader, code: str) -> None:
    paper = next(p for p in page_types() if p.startswith("papers/") and p != "papers/")
    reader.open(_prefix(code) + paper)
    abbr = reader.page.locator("article abbr").first
    expected = abbr.get_attribute("title")
    abbr.hover()
    tooltip = reader.page.wait_for_selector(".md-tooltip2--active", timeout=5_000)
    assert tooltip is not None and expected and expected in tooltip.text_content()
    assert reader.problems() == []
