"""Accessibility gate: axe-core in Chromium on every page type of every language.

The built site is served on a private localhost port and its pages are checked concurrently
in one headless Chromium (Debian's, driven by Playwright). Critical and serious violations
are errors; the full results go to reports/axe.json.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from pathlib import Path
from typing import Any

from scripts.built.browser import CHROMIUM, CHROMIUM_ARGS, serving
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
# Pages checked at once: enough to hide page loads, few enough for a 2-core machine.
CONCURRENCY = 4


def page_types(site: Path, prefix: str) -> list[str]:
    """Site paths of one page of each type in one language tree that exist in the built site."""
    urls = [u for u in FIXED_PAGES if (site / prefix / (u or "index.html")).exists()]
    for section in SECTIONS_WITH_ITEMS:
        items = sorted(p.parent.name for p in (site / prefix / section).glob("*/index.html"))
        urls += [f"{section}{items[0]}/"] if items else []
    return [prefix + u for u in urls]


def all_page_types(site: Path) -> list[str]:
    """Every page type in every language."""
    return [u for lang in languages.languages() for u in page_types(site, lang.prefix)]


async def _run_axe(base: str, urls: list[str]) -> dict[str, Any]:
    from axe_playwright_python.async_playwright import Axe
    from playwright.async_api import async_playwright

    axe = Axe()
    results: dict[str, Any] = {}
    limit = asyncio.Semaphore(CONCURRENCY)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = await browser.new_context()

        async def check(url: str) -> None:
            async with limit:
                page = await context.new_page()
                try:
                    await page.goto(base + url, wait_until="load")
                    run = await axe.run(page, options={"resultTypes": ["violations"]})
                    results[url] = {
                        "violations": run.response["violations"],
                        "passed": sorted(r["id"] for r in run.response["passes"]),
                    }
                finally:
                    await page.close()

        try:
            await asyncio.gather(*(check(u) for u in urls))
        finally:
            await browser.close()
    return results


def run_axe(site: Path, urls: list[str]) -> dict[str, dict[str, Any]]:
    """For each site path: axe-core's violations (every impact) and the rules it passed."""
    with serving(site) as base:
        return asyncio.run(_run_axe(base, urls))


def _file_of(url: str) -> str:
    return url if url.endswith(".html") else url + "index.html"


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
                    f"{label}/{_file_of(url)}",
                    _line_of(site, _file_of(url), v["nodes"][0]["html"]),
                    f"axe {v['impact']} '{v['id']}' on {len(targets)} element(s): {v['help']} ({shown})",
                    f"{v['nodes'][0].get('failureSummary', '').splitlines()[-1].strip() or v['help']}; "
                    f"see {v['helpUrl']}; the markup comes from overrides/ or a hook",
                    ERROR,
                )
            )
    return found


def check_site(site: Path, label: str, report: Path) -> list[Finding]:
    """Run axe on every page type of every language; write the report; return the errors."""
    urls = all_page_types(site)
    start = time.monotonic()
    results = run_axe(site, urls)
    counts = {
        impact: sum(len(v["nodes"]) for r in results.values() for v in r["violations"] if v.get("impact") == impact)
        for impact in ("critical", "serious", "moderate", "minor")
    }
    seconds = round(time.monotonic() - start, 1)
    data = {"pages": len(urls), "seconds": seconds, "nodes_by_impact": counts, "results": results}
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return findings_from(results, site, label)
