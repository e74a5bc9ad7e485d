"""sitemap.xml with hreflang alternates, for translated pages only.

Fallback pages (English text in another language's tree, marked noindex) are left out, and
a page's alternates list only real translations, with x-default on the English page.
"""

from __future__ import annotations

import gzip
from collections import defaultdict
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree as ET

from scripts import languages, sitetree

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


def write_sitemap(site: Path, site_url: str) -> int:
    """Write sitemap.xml and sitemap.xml.gz; return the number of URLs listed."""
    ET.register_namespace("", NS)
    ET.register_namespace("xhtml", XHTML)
    by_key: dict[str, dict[str, str]] = defaultdict(dict)
    for page in sitetree.pages(site):
        if not page.noindex:
            by_key[page.key][page.lang.code] = urljoin(site_url, page.url)
    root = ET.Element(f"{{{NS}}}urlset")
    default = languages.default().code
    count = 0
    for key in sorted(by_key):
        versions = by_key[key]
        for code in languages.codes():
            if code not in versions:
                continue
            url = ET.SubElement(root, f"{{{NS}}}url")
            ET.SubElement(url, f"{{{NS}}}loc").text = versions[code]
            count += 1
            if len(versions) < 2:
                continue
            for alt in [c for c in languages.codes() if c in versions]:
                ET.SubElement(url, f"{{{XHTML}}}link", rel="alternate", hreflang=alt, href=versions[alt])
            if default in versions:
                ET.SubElement(url, f"{{{XHTML}}}link", rel="alternate", hreflang="x-default", href=versions[default])
    ET.indent(root)
    data = ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
    (site / "sitemap.xml").write_bytes(data)
    # mtime=0 keeps the archive byte-identical from one build to the next.
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(data, mtime=0))
    return count
