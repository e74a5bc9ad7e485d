"""Issue 10, point 3: a separator between adjacent footnote markers only, on every built page."""

from __future__ import annotations

from pathlib import Path

from scripts.build import footnotes
from scripts.checks import typography
from tests.helpers import parse


def _ref(n: int) -> str:
    return f'<sup id="fnref:{n}"><a class="footnote-ref" href="#fn:{n}">{n}</a></sup>'


def test_separator_only_between_adjacent_references() -> None:
    adjacent = f"<p>Text.{_ref(1)}{_ref(2)}\n{_ref(3)}</p>"
    apart = f"<p>Companies{_ref(1)} and a sentence.{_ref(2)}</p>"
    sep = footnotes.SEPARATOR
    assert footnotes.separate(adjacent) == f"<p>Text.{_ref(1)}{sep}{_ref(2)}{sep}{_ref(3)}</p>"
    assert footnotes.separate(apart) == apart


def test_gate_finds_missing_and_stray_separators() -> None:
    missing = f"<p>Text.{_ref(1)}{_ref(2)}</p>".encode()
    stray = f"<p>Companies{footnotes.SEPARATOR}{_ref(1)}, text{_ref(2)}{footnotes.SEPARATOR}</p>".encode()
    good = footnotes.separate(f"<p>Companies{_ref(1)} text.{_ref(2)} {_ref(3)}</p>").encode()
    assert [m for _, m, _ in typography.check_html(missing, "a/index.html")] == [
        "footnote marker '2' (fnref:2) follows another marker without a separator"
    ]
    assert len(typography.check_html(stray, "a/index.html")) == 2
    assert typography.check_html(good, "a/index.html") == []


def test_gate_finds_generated_separators_in_the_stylesheet() -> None:
    css = '/* notes */\na { color: red; }\n.md-typeset sup[id^="fnref"] + sup[id^="fnref"]::before { content: ","; }\n'
    assert typography.check_stylesheet(css) == [(3, '.md-typeset sup[id^="fnref"] + sup[id^="fnref"]::before')]
    assert typography.check_stylesheet(".paper-status--superseded::before { content: ''; }") == []


def test_built_papers_separate_adjacent_references(site: Path) -> None:
    """The gate runs on every built page in `make check`; here, that it has something to check."""
    # The pages do have adjacent references, each pair separated exactly once.
    seps = [
        sep
        for page in (site / "papers").glob("*/index.html")
        for sep in parse(page).css(f"sup.{footnotes.SEPARATOR_CLASS}")
    ]
    assert seps, "no English paper has two adjacent footnote references: the separator is untested"
    assert all(s.text() == "," for s in seps)
    css = (site / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    assert typography.check_stylesheet(css) == []
