"""Small built sites for the checker tests: one clean tree, and one planted fault per rule."""

from __future__ import annotations

import json
from pathlib import Path

from scripts.build import csp

SITE_URL = "https://coalitions.example.org/"
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{csp.policy("/")}">'


def page(lang: str, body: str, head: str = "", ids: str = "") -> str:
    """A minimal built page."""
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">{CSP_META}{head}'
        f'<link rel="stylesheet" href="/assets/site.css"></head>\n'
        f'<body>\n<h1 id="top">Title</h1>{ids}\n{body}\n</body></html>\n'
    )


HISTORY = '<h2 id="history">History</h2>'
CLEAN: dict[str, str] = {
    "index.html": page(
        "en",
        '<a href="about/">About</a> <a href="about/#history">History</a> <a href="#top">Top</a>\n'
        '<a href="fr/" hreflang="fr">Français</a> <a href="paper.pdf">PDF</a>\n'
        '<img src="assets/logo.png" alt="" srcset="assets/logo.png 1x, assets/logo@2x.png 2x">\n'
        '<a href="mailto:info@example.org">Mail</a> <a href="https://www.icmec.org/fcacp/">ICMEC</a>',
    ),
    "about/index.html": page(
        "en",
        '<a href="../">Home</a> <a href="../fr/about/" hreflang="fr">Français</a>',
        head=f'<link rel="canonical" href="{SITE_URL}about/">',
        ids=HISTORY,
    ),
    "fr/index.html": page("fr", '<a href="about/">À propos</a> <a href="../" hreflang="en">English</a>'),
    "fr/about/index.html": page(
        "fr",
        '<a href="../">Accueil</a> <a href="#historique">Historique</a> '
        '<a href="../../about/" hreflang="en">English</a>',
        ids='<h2 id="historique">Historique</h2>',
    ),
    "404.html": page("en", '<a href="/">Home</a>'),
    "fr/404.html": page("fr", '<a href="/fr/">Accueil</a>'),
    # The smallest PDF readers accept (qpdf rebuilds the missing cross-reference table).
    "paper.pdf": "%PDF-1.7\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    "2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n"
    "3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 10 10]>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n",
    ".build.json": json.dumps({"site_url": SITE_URL, "publishing": True}),
    "assets/site.css": "body{}",
    "assets/logo.png": "png",
    "assets/logo@2x.png": "png",
    "sitemap.xml": f"<urlset><url><loc>{SITE_URL}</loc></url><url><loc>{SITE_URL}fr/about/</loc></url></urlset>",
    "_headers": csp.headers_file("/"),
}

# rule -> (files changed from the clean tree, file the finding names, words of its message)
FAULTS: dict[str, tuple[dict[str, str], str, str]] = {
    "link-page": (
        {"about/index.html": page("en", '<a href="../missing/">x</a>', ids=HISTORY)},
        "about/index.html",
        "leads to no page",
    ),
    "link-anchor": (
        {"about/index.html": page("en", '<a href="#nowhere">x</a>', ids=HISTORY)},
        "about/index.html",
        "'#nowhere'",
    ),
    "link-anchor-other-page": (
        {"index.html": page("en", '<a href="about/#nowhere">x</a>')},
        "index.html",
        "'#nowhere' does not exist on about",
    ),
    "link-anchor-translation": (
        {"fr/index.html": page("fr", '<a href="about/#history">x</a>')},
        "fr/index.html",
        "keep the English heading id",
    ),
    "link-image": ({"index.html": page("en", '<img src="assets/nope.png" alt="">')}, "index.html", "nope.png"),
    "link-image-srcset": (
        {
            "index.html": page(
                "en", '<img src="assets/logo.png" alt="" srcset="assets/logo.png 1x, assets/logo@3x.png 3x">'
            )
        },
        "index.html",
        "logo@3x.png",
    ),
    "link-file": ({"index.html": page("en", '<a href="paper-fr.pdf">PDF</a>')}, "index.html", "paper-fr.pdf"),
    "link-md": ({"index.html": page("en", '<a href="about.md">x</a>')}, "index.html", "not converted"),
    "mailto": (
        {"index.html": page("en", '<a href="mailto:">x</a> <a href="mailto:foo@">y</a>')},
        "index.html",
        "mailto:",
    ),
    "unsafe-url": ({"index.html": page("en", '<a href="javascript:alert(1)">x</a>')}, "index.html", "script URL"),
    "cross-language": (
        {"fr/index.html": page("fr", '<a href="../about/">About</a>')},
        "fr/index.html",
        "links into the 'en' tree",
    ),
    "html-lang": ({"fr/about/index.html": page("en", "")}, "fr/about/index.html", 'lang="en"'),
    "duplicate-id": (
        {"about/index.html": page("en", '<p id="top">x</p>', ids=HISTORY)},
        "about/index.html",
        "'top' is used 2 times",
    ),
    "sitemap": (
        {"sitemap.xml": f"<urlset><url><loc>{SITE_URL}gone/</loc></url></urlset>"},
        "sitemap.xml",
        "gone/",
    ),
    "external-domain": (
        {"index.html": page("en", '<a href="https://unvetted.example.net/x">x</a>')},
        "index.html",
        "unvetted.example.net",
    ),
}


def write_site(root: Path, overrides: dict[str, str] | None = None) -> Path:
    """Write the clean tree, with some files replaced; return root."""
    for rel, text in {**CLEAN, **(overrides or {})}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
