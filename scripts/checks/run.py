"""`python -m scripts check`: run the gates, print a report, write reports/checker.*."""

from __future__ import annotations

import concurrent.futures
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from scripts.built import buildmark
from scripts.built.browser import CHROMIUM, Health, visit_all
from scripts.checks import (
    accessibility,
    executable,
    external,
    findings,
    page_health,
    papers_quality,
    pdfs,
    phones,
    public_url,
    site,
    typography,
    validity,
)
from scripts.project import REPORTS, ROOT, mkdocs_config

T = TypeVar("T")


def _label(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def browser_gates(site_dir: Path, label: str, reports: Path) -> list[findings.Finding]:
    """axe-core on every page type and the phone widths, in one Chromium, pages visited at once;
    each page's health (status, requests to other hosts, errors) recorded on the way."""
    if not Path(CHROMIUM).exists():
        problem = f"{CHROMIUM} is missing: pages cannot be checked in a browser"
        return [findings.Finding("accessibility", label, None, problem, "run `make install`")]
    start = time.monotonic()
    axe_urls, phone_paths = accessibility.all_page_types(site_dir), phones.page_paths(site_dir)
    visits = accessibility.visits(axe_urls) + phones.visits(phone_paths)
    health: dict[str, Health] = {}
    raw = visit_all(site_dir, visits, init_scripts=[accessibility.axe_script()], health=health)
    seconds = time.monotonic() - start
    print(f"Browser: {len(axe_urls)} pages through axe-core, {len(phone_paths)} at phone width, {seconds:.0f} s")
    found = accessibility.write_report(site_dir, label, accessibility.results_of(raw), reports / "axe.json", seconds)
    found += phones.findings_for(site_dir, label, phones.results_of(raw)) + phones.coverage(site_dir, label)
    return found + page_health.findings_for(site_dir, label, health)


def _timed(name: str, gate: Callable[..., T], *args: Any) -> T:
    """Run one gate and say how long it took (the gates overlap: wall time, not CPU time)."""
    began = time.monotonic()
    result = gate(*args)
    print(f"{name}: {time.monotonic() - began:.1f} s", flush=True)
    return result


def check(
    site_dir: Path | None,
    sources_too: bool = True,
    online: bool = False,
    site_url: str | None = None,
    workers: int | None = None,
    reports: Path = REPORTS,
    markup_gates: bool = True,
) -> int:
    """Gate 1 (sources) and gate 2 (a built site); exit status 1 on any error, 0 otherwise.

    markup_gates: also run the slow whole-site gates (Nu HTML Checker, axe-core and the phone
    widths in Chromium, the PDFs); `--links-only` turns them off.
    """
    start = time.monotonic()
    found: list[findings.Finding] = []
    rules: list[str] = []
    used: dict[str, list[str]] = {}
    built = site_dir is not None and (site_dir / "index.html").is_file()
    label = _label(site_dir) if site_dir is not None else ""
    pdf_run, site_result = None, None
    pool = concurrent.futures.ThreadPoolExecutor(3)
    background: list[concurrent.futures.Future[list[findings.Finding]]] = []
    if built and site_dir is not None:
        # What forks worker processes goes first, while this is the only thread (a process
        # forked beside other threads can inherit a held lock and hang).
        if markup_gates:
            pdf_run = pdfs.start_checks(site_dir, label, workers)
        mark = buildmark.read(site_dir)
        site_url = site_url or (mark.site_url if mark else str(mkdocs_config()["site_url"]))
        site_result = _timed("site", site.check_built_site, site_dir, site_url, label, workers)
        # Then the slow whole-site gates, in threads (Chromium and Java work in processes of
        # their own; public_url reads the PDFs' text from pdf_run), overlapping the Python gates.
        if markup_gates:
            background.append(pool.submit(_timed, "browser", browser_gates, site_dir, label, reports))
            background.append(pool.submit(_timed, "vnu", validity.check_site, site_dir, label, reports / "vnu.json"))
        background.append(pool.submit(_timed, "public_url", public_url.check, site_dir, label, pdf_run))
    if sources_too:
        from scripts.checks import sources  # JSON Schema machinery: loaded only when needed

        rules += sources.RULES
        found += _timed("sources", sources.run)
        rules += papers_quality.RULES
        found += _timed("papers_quality", papers_quality.run)
    if site_dir is not None:
        rules += site.RULES + external.RULES + executable.RULES + typography.RULES + public_url.RULES
        if markup_gates:
            rules += validity.RULES + accessibility.RULES + phones.RULES + page_health.RULES + pdfs.RULES
        if not built:
            found.append(findings.Finding("site", label, None, "no built site here", "run `make build` first"))
        elif site_result is not None:
            site_found, raw_external = site_result
            found += site_found + _timed("executable", executable.check_site, site_dir, label)[0]
            found += _timed("typography", typography.check_site, site_dir, label)
            if pdf_run is not None:
                pdf_found, pdf_stats = _timed("pdfs", pdfs.finish_checks, pdf_run)
                found += pdf_found
                breaks = pdf_stats["korean_breaks_checked"]
                print(f"PDFs: {pdf_stats['pdfs']} checked ({breaks} Korean line breaks)")
            for future in background:  # in a fixed order: the report does not depend on timing
                found += future.result()
            used = external.collect(raw_external)
            cache = external.load_cache()
            domains = external.load_allowlist()
            if online:
                check_now = [u for u in used if external.allowed(u, domains)]
                print(f"Checking {len(check_now)} external URLs online…", flush=True)
                external.check_online(check_now, cache)
                external.save_cache(cache)
            found += external.evaluate(used, domains, cache, label, root=site_dir)
    pool.shutdown()
    print(findings.format_text(found, "check"))
    cache, domains = external.load_cache(), external.load_allowlist()
    listing = [
        {"url": url, "pages": pages, "allowed": external.allowed(url, domains), **cache.get(url, {})}
        for url, pages in used.items()
    ]
    summary = {"site": _label(site_dir) if site_dir else None, "seconds": round(time.monotonic() - start, 3)}
    findings.write_json(found, reports / "checker.json", **summary, external_links=listing)
    findings.write_junit(found, reports / "checker.junit.xml", rules, "checker")
    return 1 if findings.errors(found) else 0
