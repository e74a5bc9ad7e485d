"""`python -m scripts check`: run the gates, print a report, write reports/checker.*."""

from __future__ import annotations

from pathlib import Path

from scripts.checks import findings, sources
from scripts.project import REPORTS, ROOT


def check(site: Path | None, sources_too: bool = True) -> int:
    """Run gate 1 (sources) and gate 2 (the built site); exit status 1 on any error."""
    found: list[findings.Finding] = []
    rules = ["languages", "ui-strings"]
    if sources_too:
        found += sources.run()
    if site is not None and not (site / "index.html").is_file():
        shown = site.relative_to(ROOT) if site.is_relative_to(ROOT) else site
        found.append(findings.Finding("site", str(shown), None, "no built site here", "run `make build` first"))
    print(findings.format_text(found, "check"))
    findings.write_json(found, REPORTS / "checker.json", site=str(site) if site else None)
    findings.write_junit(found, REPORTS / "checker.junit.xml", rules, "checker")
    return 1 if findings.errors(found) else 0
