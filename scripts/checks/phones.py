"""Gate 2, phones: every page type in English, Japanese and Thai, at 375 px wide in Chromium.

A page fails when it is wider than the screen (document.documentElement.scrollWidth > 375:
the reader would have to scroll sideways), or when a word in a table cell or a facts box is
broken across two lines ("Australi/a"), which happens when a column is squeezed. Words are
found with the browser's own word segmenter, so Thai words count too; Japanese may break
between any two characters and is not checked for that.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scripts.built.browser import CHROMIUM, Visit, visit_all
from scripts.checks.findings import Finding
from scripts.checks.site import line_of, source_hint
from scripts.content import languages

RULES = ["phone-width"]
RULE = RULES[0]
WIDTH, HEIGHT = 375, 812
KEY = "phone "  # prefix of this gate's results when it shares a browser run with other gates
LANGUAGES = ("en", "ja", "th")
# One page of each type, by its path in the English tree; sections with one page per item
# (papers, roundtables) add their first item (page_paths).
PAGE_TYPES = [
    "index.html",
    "about/index.html",
    "papers/index.html",
    "roundtables/index.html",
    "glossary/index.html",
    "indicators/index.html",
    "downloads/index.html",
    "report/index.html",
    "contribute/index.html",
    "translation-status/index.html",
    "404.html",
]
ITEM_FOLDERS = ("papers", "roundtables")
# Where squeezed columns break words: table cells and facts boxes.
WORD_CONTAINERS = ".md-typeset th, .md-typeset td, .md-typeset dt, .md-typeset dd"

_MEASURE = """([containers, checkWords]) => {
  const limit = document.documentElement.clientWidth;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > limit + 0.5 && getComputedStyle(el).position !== 'fixed') {
      wide.push([describe(el), Math.round(r.right), el.className && typeof el.className === 'string'
        ? el.className.trim().split(/\\s+/)[0] : '']);
    }
  }
  const broken = [];
  if (checkWords) {
    const seg = new Intl.Segmenter(document.documentElement.lang, {granularity: 'word'});
    for (const box of document.querySelectorAll(containers)) {
      const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        // Text set to break anywhere (checksums, URLs) is meant to.
        const style = getComputedStyle(node.parentElement);
        if (['break-all', 'break-word'].includes(style.wordBreak) || style.overflowWrap === 'anywhere') continue;
        for (const s of seg.segment(node.data)) {
          if (!s.isWordLike || s.segment.length < 3) continue;
          const range = document.createRange();
          range.setStart(node, s.index);
          range.setEnd(node, s.index + s.segment.length);
          const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
          if (tops.size > 1) broken.push([s.segment, describe(box)]);
        }
      }
    }
  }
  // Innermost first: the element that causes the overflow, not its ancestors.
  return {width: document.documentElement.scrollWidth, wide: wide.reverse().slice(0, 3), broken: broken.slice(0, 5)};
}"""


def page_paths(site_dir: Path, codes: tuple[str, ...] = LANGUAGES) -> list[str]:
    """The pages checked: each page type, with the first paper and roundtable, in each language."""
    english = list(PAGE_TYPES)
    for folder in ITEM_FOLDERS:
        english += sorted(p.relative_to(site_dir).as_posix() for p in (site_dir / folder).glob("*/index.html"))[:1]
    paths = []
    for code in codes:
        prefix = languages.get(code).prefix
        paths += [prefix + p for p in english if (site_dir / prefix / p).is_file()]
    return paths


async def _measure_on(page: Any) -> dict[str, Any]:
    check_words = not (await page.evaluate("document.documentElement.lang")).startswith("ja")
    return await page.evaluate(_MEASURE, [WORD_CONTAINERS, check_words])


def visits(paths: list[str]) -> list[Visit]:
    """Each path at phone size, for browser.visit_all (alone or beside other gates' visits)."""
    return [Visit(KEY + p, p.removesuffix("index.html"), _measure_on, (WIDTH, HEIGHT)) for p in paths]


def results_of(raw: dict[str, Any]) -> dict[str, dict]:
    """This gate's results out of a shared visit_all run, by path."""
    return {key.removeprefix(KEY): r for key, r in raw.items() if key.startswith(KEY)}


def measure(site_dir: Path, paths: list[str]) -> dict[str, dict]:
    """Each page's width and its overflowing elements and broken words, at 375 px in Chromium."""
    return results_of(visit_all(site_dir, visits(paths)))


def coverage(site_dir: Path, label: str, codes: tuple[str, ...] = LANGUAGES) -> list[Finding]:
    """Page types the gate cannot measure because a language's tree lacks them."""
    found = []
    for code in codes:
        prefix = languages.get(code).prefix
        for path in PAGE_TYPES:
            if not (site_dir / prefix / path).is_file():
                message = "page type missing from this language's tree: it cannot be measured"
                found.append(Finding(RULE, f"{label}/{prefix}{path}", None, message, "build every language"))
        for folder in ITEM_FOLDERS:
            if not any((site_dir / prefix / folder).glob("*/index.html")):
                message = f"no page in {prefix}{folder}/: this page type cannot be measured"
                found.append(Finding(RULE, f"{label}/{prefix}{folder}/", None, message, "build every language"))
    return found


def findings_for(site_dir: Path, label: str, results: dict[str, dict]) -> list[Finding]:
    """Findings from measure()'s results."""
    found = []
    for path, r in results.items():
        where = source_hint(path)
        if r["width"] > WIDTH:
            culprits = ", ".join(f"{d} (right edge {x} px)" for d, x, _ in r["wide"]) or "unknown"
            needle = next((cls for _, _, cls in r["wide"] if cls), None)
            found.append(
                Finding(
                    RULE,
                    f"{label}/{path}",
                    line_of(site_dir, path, needle) if needle else None,
                    f"{r['width']} px wide on a {WIDTH} px phone screen; widest: {culprits}",
                    "let it wrap or stack below 45em in overrides/assets/stylesheets/site.css "
                    f"(or shorten the content in {where})",
                )
            )
        for word, box in r["broken"]:
            found.append(
                Finding(
                    RULE,
                    f"{label}/{path}",
                    line_of(site_dir, path, word),
                    f"'{word}' is broken across two lines in {box} at {WIDTH} px",
                    "give the column room on phones (stack the table, or move what sits beside it) "
                    "in overrides/assets/stylesheets/site.css",
                )
            )
    return found


def check_site(site_dir: Path, label: str) -> list[Finding]:
    """Every page type of English, Japanese and Thai, at phone width."""
    if not Path(CHROMIUM).exists():
        return [Finding(RULE, label, None, f"{CHROMIUM} is missing: pages cannot be measured", "run `make install`")]
    results = measure(site_dir, page_paths(site_dir))
    return findings_for(site_dir, label, results) + coverage(site_dir, label)
