"""Gate 2's executable-content and CSP checks on planted pages (the whole built site: `make check`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.build import csp
from scripts.checks import executable

POLICY = csp.policy("/")
META = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
HEAD = f'<!doctype html><html lang="en"><head>{META}</head>'
OWN = '<script src="../assets/javascripts/bundle.js"></script>'

# name -> (body HTML, words of the expected message)
PLANTED: dict[str, tuple[str, str]] = {
    "inline script": ("<p>x</p><script>alert(1)</script>", "not on the reviewed list"),
    "foreign script file": ('<script src="https://cdn.example/x.js"></script>', "not one of the site's own scripts"),
    "script outside assets": ('<script src="../docs/x.js"></script>', "not one of the site's own scripts"),
    "svg script": ("<svg><script>alert(1)</script></svg>", "not on the reviewed list"),
    "event handler over two lines": ('<a href="#a"\n   onclick="alert(1)">a</a>', "'onclick='"),
    "event handler on svg": ('<svg><g onmouseover="x()"></g></svg>', "'onmouseover='"),
    "newline in javascript:": ('<a href="jav&#x0A;ascript:alert(1)">a</a>', "'javascript:' URL"),
    "tab in javascript:": ('<a href="jav&#9;ascript:alert(1)">a</a>', "'javascript:' URL"),
    "file link": ('<a href="file:///etc/passwd">a</a>', "'file:' URL"),
    "smb link": ('<a href="smb://host/share">a</a>', "'smb:' URL"),
    "data in srcset": ('<img src="a.png" srcset="a.png 1x, data:image/svg+xml,x 2x" alt="">', "'data:' URL"),
    "xlink:href": ('<svg><a xlink:href="javascript:x()"><text>a</text></a></svg>', "'javascript:' URL"),
    "form action": ('<form action="javascript:x()"></form>', "'javascript:' URL"),
    "iframe": ('<iframe src="https://a.example/"></iframe>', "<iframe> element"),
    "meta refresh": ('<meta http-equiv="refresh" content="0;url=https://a.example/">', "redirects"),
}


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_planted_executable_content_is_found(name: str) -> None:
    body, words = PLANTED[name]
    raw = f"{HEAD}<body>\n<p>Text</p>\n{body}\n{OWN}</body></html>"
    found, _ = executable.scan_html(raw, "site/x/index.html", "x/index.html")
    assert any(words in f.message for f in found), [f.message for f in found]
    assert all(f.file == "site/x/index.html" and f.line and f.line >= 2 and f.fix for f in found)


def test_the_theme_scripts_and_safe_links_pass() -> None:
    scope_script = next(s for s in csp.reviewed() if csp.SCOPE in s.script).script
    body = (
        f"<script>{scope_script.replace(csp.SCOPE, '/repo/')}</script>"
        '<script id="__config" type="application/json">{"base": ".."}</script>'
        '<a href="mailto:a@b.example">m</a><a href="https://a.example/">h</a><a href="../x/">r</a>'
        '<a href="#on">anchor</a><p data-onclick="x">data attribute</p>'
    )
    found, inline = executable.scan_html(f"{HEAD}<body>{body}{OWN}</body></html>", "p", "x/index.html")
    assert found == []
    assert inline == [scope_script.replace(csp.SCOPE, "/repo/")]


def test_csp_problems_are_found() -> None:
    page = "<!doctype html><html><head>{meta}</head><body><script>var a=1</script></body></html>"
    missing = executable.check_csp(page.format(meta=""), "p", ["var a=1"])
    assert [f.message for f in missing] == ["0 Content-Security-Policy <meta> elements, not 1"]
    loose = "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self' 'unsafe-inline'\">"
    messages = [f.message for f in executable.check_csp(page.format(meta=loose), "p", ["var a=1"])]
    assert any("'unsafe-inline'" in m for m in messages)
    assert any("object-src" in m for m in messages) and any("base-uri" in m for m in messages)
    assert any("not allowed by the page's CSP" in m for m in messages)
    late = page.replace("<head>{meta}</head><body>", "<head><script src='a.js'></script>{meta}</head><body>")
    assert any("before the CSP" in f.message for f in executable.check_csp(late.format(meta=META), "p", []))


def test_planted_feed_urls_are_found() -> None:
    feed = (
        b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        b'<entry><link href="javascript:alert(1)"/>\n'
        b'<summary type="html">&lt;img src=x onerror=alert(1)&gt;</summary></entry></feed>'
    )
    messages = [f.message for f in executable.scan_xml(feed, "site/feed.xml")]
    assert any("'javascript:' URL" in m for m in messages)
    assert any("onerror" in m for m in messages)
    sitemap = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>file:///x</loc></url></urlset>'
    assert [f.line for f in executable.scan_xml(sitemap, "s")] == [1]


def test_the_site_scan_reads_every_page_and_feed_of_a_tree(tmp_path: Path) -> None:
    """The whole built site is scanned in `make check`; here, that a scan misses no file of a tree."""
    pages = {"index.html": "<p>ok</p>", "a/index.html": '<p>x</p><iframe src="https://a.example/"></iframe>'}
    for rel, body in pages.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(f"{HEAD}<body>\n{body}\n{OWN}</body></html>", encoding="utf-8")
    feed = b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="javascript:x()"/></entry></feed>'
    (tmp_path / "a" / "feed.xml").write_bytes(feed)
    found, counts = executable.check_site(tmp_path, "t")
    assert (counts["pages"], counts["xml"]) == (2, 1)
    assert {"t/a/index.html", "t/a/feed.xml"} <= {f.file for f in found}, [f.location() for f in found]


def test_every_page_carries_the_policy_and_the_host_gets_it_as_a_header(site: Path) -> None:
    policy = csp.policy(csp.site_scope(None))
    for page in [site / "index.html", site / "ja" / "404.html", site / "th" / "papers" / "index.html"]:
        assert f'content="{policy}"' in page.read_text(encoding="utf-8"), page
    headers = (site / "_headers").read_text(encoding="utf-8")
    assert f"Content-Security-Policy: {policy}; frame-ancestors 'none'" in headers
    assert "X-Content-Type-Options: nosniff" in headers
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
