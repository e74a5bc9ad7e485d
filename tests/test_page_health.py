"""Gate 2, page health (scripts/checks/page_health.py), on a small planted tree run through the
whole-site browser gates: every page type of every language is opened there, so a request to
another host, a CSP violation or an uncaught exception on any page fails `make check`."""

from __future__ import annotations

from pathlib import Path

from scripts.checks.run import browser_gates

CSP = '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">'
HEAD = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="/ok.png">'
    "<title>t</title>{csp}</head><body><main>"
)
TAIL = "<h1>Page</h1><p>Text.</p></main></body></html>\n"
PAGES = {
    "index.html": HEAD.format(csp=CSP) + '<script src="/ok.js"></script>' + TAIL,
    # Blocked by the policy (an inline script), and a script file of the site that throws.
    "about/index.html": HEAD.format(csp=CSP)
    + '\n<script src="/boom.js"></script>\n<script>window.x = 1</script>\n'
    + TAIL,
    # No policy on this page: the browser asks the other host, and the request is reported.
    "glossary/index.html": HEAD.format(csp="") + '\n<img src="https://cdn.example.org/pixel.png" alt="">\n' + TAIL,
}


def test_planted_foreign_request_csp_violation_and_exception_fail(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for name, text in PAGES.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    (site / "ok.js").write_text("window.ok = 1;\n", encoding="utf-8")
    (site / "ok.png").write_bytes(b"")  # the favicon: a missing one is a 404 in the console
    (site / "boom.js").write_text("throw new Error('planted');\n", encoding="utf-8")
    found = [f for f in browser_gates(site, "site", tmp_path / "reports") if f.rule == "page-health"]
    by_file: dict[str, list[str]] = {}
    for f in found:
        by_file.setdefault(f.file, []).append(f"{f.line}: {f.message}")
    assert "site/index.html" not in by_file, "the clean page is reported"
    about = by_file["site/about/index.html"]
    assert any(m.startswith("3: ") and "Content Security Policy" in m for m in about), about
    assert any("uncaught exception: Error: planted" in m for m in about), about
    glossary = by_file["site/glossary/index.html"]
    assert any(m.startswith("2: ") and "https://cdn.example.org/pixel.png" in m for m in glossary), glossary
    assert all(f.fix for f in found)
