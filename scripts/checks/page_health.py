"""Gate 2, page health: each page the browser gates open answers 200, asks no other host for
anything, and runs without a console error (a CSP violation is one) or an uncaught exception.

Recorded by scripts/built/browser.py while axe-core and the phone widths look at the pages,
so it costs no page load of its own and covers every page type of every language.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from scripts.built.browser import Health
from scripts.built.sitetree import file_of
from scripts.checks.findings import Finding
from scripts.checks.site import line_of, source_hint

RULES = ["page-health"]
RULE = RULES[0]


def findings_for(site: Path, label: str, health: dict[str, Health]) -> list[Finding]:
    """One finding per wrong status, per other host asked, per distinct error, on each page."""
    found = []
    for path, h in sorted(health.items()):
        file = file_of(path)
        where = f"{label}/{file}"
        if h.status != 200:
            found.append(
                Finding(
                    RULE,
                    where,
                    None,
                    f"the page answered HTTP {h.status} in the browser",
                    f"make sure {source_hint(file)} is built into {file} (`make build`)",
                )
            )
        for host in sorted({urlsplit(url).netloc or url for url in h.foreign}):
            urls = sorted({url for url in h.foreign if (urlsplit(url).netloc or url) == host})
            found.append(
                Finding(
                    RULE,
                    where,
                    line_of(site, file, urls[0]) or line_of(site, file, host),
                    f"the page requests {len(urls)} resource(s) from another host: {', '.join(urls[:3])}",
                    "serve it from the site itself (docs/assets/ or overrides/assets/) or drop it: "
                    "readers' browsers must ask no third party for anything",
                )
            )
        for message, source, line in sorted(set(h.errors), key=lambda e: (e[0], e[1], e[2] or 0)):
            found.append(
                Finding(
                    RULE,
                    where,
                    line,
                    f"in the browser: {message} (at {source})" if source else f"in the browser: {message}",
                    "scripts run only from files allowed by scripts/build/csp.py (no inline code, no eval); "
                    "open the page with `make serve` and read the browser console",
                )
            )
    return found
