"""Accessibility gate: axe-core in Chromium on every page type of every language.

The built site is served on a private localhost port and its pages are checked concurrently
in one headless Chromium (Debian's, driven by Playwright). Critical and serious violations
are errors; the full results go to reports/axe.json.
"""

from __future__ import annotations

import functools
import json
import re
import time
from pathlib import Path
from typing import Any

from scripts.built.browser import Visit, visit_all
from scripts.built.sitetree import file_of
from scripts.checks.findings import ERROR, Finding
from scripts.content import languages

RULES = ["accessibility"]
FAILING_IMPACTS = ("critical", "serious")
# One page of each type, per language; a paper and a roundtable are picked from the tree.
FIXED_PAGES = [
    "",
    "about/",
    "papers/",
    "roundtables/",
    "glossary/",
    "indicators/",
    "downloads/",
    "report/",
    "contribute/",
    "translation-status/",
    "404.html",
]
SECTIONS_WITH_ITEMS = ["papers/", "roundtables/"]
KEY = "axe "  # prefix of this gate's results when it shares a browser run with other gates


def page_types(site: Path, prefix: str) -> list[str]:
    """Site paths of one page of each type in one language tree that exist in the built site."""
    urls = [u for u in FIXED_PAGES if (site / prefix / file_of(u)).is_file()]
    for section in SECTIONS_WITH_ITEMS:
        items = sorted(p.parent.name for p in (site / prefix / section).glob("*/index.html"))
        urls += [f"{section}{items[0]}/"] if items else []
    return [prefix + u for u in urls]


def all_page_types(site: Path) -> list[str]:
    """Every page type in every language."""
    return [u for lang in languages.languages() for u in page_types(site, lang.prefix)]


@functools.cache
def axe_script() -> str:
    """axe-core's source, for browser.visit_all's init_scripts: loaded once per browser run."""
    from axe_playwright_python.async_playwright import Axe

    return str(Axe().axe_script)


async def _run_on(page: Any) -> dict[str, Any]:
    if not await page.evaluate("typeof window.axe === 'object'"):
        await page.evaluate(axe_script())  # a run without the init script
    run = await page.evaluate("options => axe.run(options)", {"resultTypes": ["violations"]})
    return {"violations": run["violations"], "passed": sorted(r["id"] for r in run["passes"])}


def visits(urls: list[str]) -> list[Visit]:
    """axe-core on each site path, for browser.visit_all (alone or beside other gates' visits)."""
    return [Visit(KEY + url, url, _run_on) for url in urls]


def results_of(raw: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """This gate's results out of a shared visit_all run, by site path."""
    return {key.removeprefix(KEY): r for key, r in raw.items() if key.startswith(KEY)}


def run_axe(site: Path, urls: list[str]) -> dict[str, dict[str, Any]]:
    """For each site path: axe-core's violations (every impact) and the rules it passed."""
    return results_of(visit_all(site, visits(urls), init_scripts=[axe_script()]))


def _line_of(site: Path, file: str, html: str) -> int | None:
    """The line of the element in the built file, when its opening tag is found as written."""
    tag = html.split(">", 1)[0] + ">"
    ident = re.search(r'\sid="[^"]+"', tag)
    try:
        text = (site / file).read_text(encoding="utf-8")
    except OSError:
        return None
    for needle in (tag, ident[0] if ident else None):
        at = text.find(needle) if needle else -1
        if at >= 0:
            return text.count("\n", 0, at) + 1
    return None


def findings_from(results: dict[str, dict[str, Any]], site: Path, label: str) -> list[Finding]:
    """One finding per failing rule per page, listing the elements (CSS selectors) it hit."""
    found = []
    for url, result in sorted(results.items()):
        for v in result["violations"]:
            if v.get("impact") not in FAILING_IMPACTS:
                continue
            targets = [" ".join(map(str, n["target"])) for n in v["nodes"]]
            shown = ", ".join(targets[:3]) + (f" and {len(targets) - 3} more" if len(targets) > 3 else "")
            found.append(
                Finding(
                    "accessibility",
                    f"{label}/{file_of(url)}",
                    _line_of(site, file_of(url), v["nodes"][0]["html"]),
                    f"axe {v['impact']} '{v['id']}' on {len(targets)} element(s): {v['help']} ({shown})",
                    f"{v['nodes'][0].get('failureSummary', '').splitlines()[-1].strip() or v['help']}; "
                    f"see {v['helpUrl']}; the markup comes from overrides/ or a hook",
                    ERROR,
                )
            )
    return found


def coverage(site: Path, label: str, results: dict[str, dict[str, Any]]) -> list[Finding]:
    """What axe could not look at: a page type missing from a language's tree, a page where
    axe-core did not check colour contrast (no text was shown)."""
    found = []
    for lang in languages.languages():
        for url in FIXED_PAGES:
            if not (site / lang.prefix / file_of(url)).is_file():
                file = f"{label}/{lang.prefix}{file_of(url)}"
                message = "page type missing from this language's tree: axe cannot check it"
                found.append(Finding("accessibility", file, None, message, "build every language with `make build`"))
        for section in SECTIONS_WITH_ITEMS:
            if not any((site / lang.prefix / section).glob("*/index.html")):
                message = f"no page in {lang.prefix}{section}: axe cannot check this page type"
                found.append(Finding("accessibility", f"{label}/{lang.prefix}{section}", None, message, "build it"))
    for url, result in sorted(results.items()):
        ids = set(result["passed"]) | {v["id"] for v in result["violations"]}
        if "color-contrast" not in ids:
            message = "axe-core did not check colour contrast: no text was visible when it ran"
            fix = "the page must show its text once loaded (overrides/ or a hook hides it)"
            found.append(Finding("accessibility", f"{label}/{file_of(url)}", None, message, fix))
    return found


def write_report(
    site: Path, label: str, results: dict[str, dict[str, Any]], report: Path, seconds: float
) -> list[Finding]:
    """Write reports/axe.json; return the errors and what axe could not look at."""
    counts = {
        impact: sum(len(v["nodes"]) for r in results.values() for v in r["violations"] if v.get("impact") == impact)
        for impact in ("critical", "serious", "moderate", "minor")
    }
    data = {"pages": len(results), "seconds": round(seconds, 1), "nodes_by_impact": counts, "results": results}
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return findings_from(results, site, label) + coverage(site, label, results)


def check_site(site: Path, label: str, report: Path) -> list[Finding]:
    """Run axe on every page type of every language; write the report; return the errors."""
    start = time.monotonic()
    results = run_axe(site, all_page_types(site))
    return write_report(site, label, results, report, time.monotonic() - start)
