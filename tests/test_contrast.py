"""Point 8: colours meet WCAG AA, measured by axe-core in Chromium on real pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

import pytest
from axe_playwright_python.sync_playwright import Axe

from scripts import languages

PAGES = ["", "about/", "report/", "papers/", "papers/reporting/", "roundtables/", "translation-status/", "404.html"]


@pytest.mark.parametrize("code", languages.codes())
def test_colour_contrast(server: str, browser: Any, code: str) -> None:
    prefix = languages.get(code).prefix
    axe = Axe()
    context = browser.new_context()
    page = context.new_page()
    failures = []
    for url in PAGES:
        page.goto(urljoin(server, prefix + url))
        results = axe.run(page, options={"runOnly": {"type": "rule", "values": ["color-contrast"]}})
        for violation in results.response["violations"]:
            for node in violation["nodes"]:
                failures.append(f"{prefix + url}: {node['target']} {node['any'][0]['message'] if node['any'] else ''}")
        assert results.response["passes"], "axe checked no text at all"
    context.close()
    assert failures == []
