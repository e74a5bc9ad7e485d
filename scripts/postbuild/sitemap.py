"""Sitemaps with hreflang alternates, one per language tree, announced in robots.txt.

/sitemap.xml lists the English pages and /<code>/sitemap.xml the pages written in that
language. Fallback pages (English text in another tree, marked noindex) are listed nowhere,
and a page's alternates are its real translations only, with x-default on the English page.
Per-language files stay small: Material requests <tree>/sitemap.xml for the feed link of
every page, so readers download only their own language's list.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree as ET

from scripts.built import sitetree
from scripts.content import languages

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
SITEMAP = "sitemap.xml"


def _urlset(urls: list[str], versions_of: dict[str, dict[str, str]]) -> bytes:
    ET.register_namespace("", NS)
    ET.register_namespace("xhtml", XHTML)
    root = ET.Element(f"{{{NS}}}urlset")
    default = languages.default().code
    for loc in urls:
        url = ET.SubElement(root, f"{{{NS}}}url")
        ET.SubElement(url, f"{{{NS}}}loc").text = loc
        versions = versions_of[loc]
        if len(versions) < 2:
            continue
        for code in [c for c in languages.codes() if c in versions]:
            ET.SubElement(url, f"{{{XHTML}}}link", rel="alternate", hreflang=code, href=versions[code])
        if default in versions:
            ET.SubElement(url, f"{{{XHTML}}}link", rel="alternate", hreflang="x-default", href=versions[default])
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write_sitemap(site: Path, site_url: str, pages: list[sitetree.BuiltPage] | None = None) -> int:
    """Write every tree's sitemap.xml and robots.txt; return the number of URLs listed.

    pages: the site's pages, when already read (sitetree.pages in the order it gives them).
    """
    by_key: dict[str, dict[str, str]] = defaultdict(dict)
    for page in sitetree.pages(site) if pages is None else pages:
        if not page.noindex:
            by_key[page.key][page.lang.code] = urljoin(site_url, page.url)
    per_tree: dict[str, list[str]] = defaultdict(list)
    versions_of: dict[str, dict[str, str]] = {}
    for key in sorted(by_key):
        for code, loc in by_key[key].items():
            per_tree[code].append(loc)
            versions_of[loc] = by_key[key]
    (site / "sitemap.xml.gz").unlink(missing_ok=True)  # MkDocs' own, which would disagree
    sitemaps = []
    for lang in languages.languages():
        if not (site / lang.prefix / "index.html").is_file():
            continue  # a language left out of a preview build
        (site / lang.prefix / SITEMAP).write_bytes(_urlset(per_tree[lang.code], versions_of))
        sitemaps.append(urljoin(site_url, lang.prefix + SITEMAP))
    robots = ["User-agent: *", "Allow: /", "", *[f"Sitemap: {url}" for url in sitemaps]]
    (site / "robots.txt").write_text("\n".join(robots) + "\n", encoding="utf-8")
    return sum(len(v) for v in per_tree.values())
