"""The Content-Security-Policy in a real browser: nothing of the site is blocked, and it works.

Every page type of every language is opened by `make check`'s browser gate, which fails on a
console error (Chromium reports each CSP violation as one) or an uncaught exception
(scripts/checks/page_health.py; tests/test_page_health.py plants each fault). Here, in Debian's
Chromium: the policy blocks what it must (the control), and the language switcher, the papers
filters and the glossary tooltips work as a reader uses them, with 0 violations
(`securitypolicyviolation` events), 0 console errors and 0 uncaught exceptions. Search, in
every language, is checked the same way by tests/test_search.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import pytest

from scripts.project import DOCS

CODES = ["en", "ja", "th"]


def first_paper() -> str:
    """The site path of the first English paper."""
    return "papers/" + min(p.stem for p in (DOCS / "en" / "papers").glob("*.md") if p.name != "index.md") + "/"


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
    reader.open(_prefix(code) + first_paper())
    abbr = reader.page.locator("article abbr").first
    expected = abbr.get_attribute("title")
    abbr.hover()
    tooltip = reader.page.wait_for_selector(".md-tooltip2--active", timeout=5_000)
    assert tooltip is not None and expected and expected in tooltip.text_content()
    assert reader.problems() == []
