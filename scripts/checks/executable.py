"""Gate 2: no executable content in the built site except the theme's own, and the CSP.

Every built HTML page (404 pages included) is parsed with a real HTML parser, so entities are
decoded and tags spread over lines are whole, and checked for: <script> elements other than
the site's own script files (under assets/javascripts/) and the reviewed inline scripts
(scripts/checks/inline-scripts.yml); elements that embed or redirect (iframe, object, embed,
frame, base, meta refresh); `on*` event attributes; and URLs whose scheme is not http, https
or mailto, with the tab and newline characters browsers drop removed first (`jav&#x0A;ascript:`).
The Atom feeds and sitemaps are parsed as XML and their URLs checked the same way (the HTML
an entry may carry too). Each page must carry the Content-Security-Policy of scripts/build/csp.py
before its first script, and `_headers` must send the same policy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scripts.build import csp
from scripts.checks.findings import Finding
from scripts.checks.urlscheme import ALLOWED_SCHEMES, URL_ATTRIBUTES, url_scheme

RULE = "executable-content"
CSP_RULE = "csp"
RULES = [RULE, CSP_RULE]

REFUSED_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
# <script type> values that hold data, not code.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
OWN_SCRIPTS = "assets/javascripts/"
# Atom/sitemap elements whose text is a URL that readers follow (Atom <id> is an identifier).
XML_URL_TEXT = {"loc", "uri", "icon", "logo"}
_FIX_SCRIPT = (
    "remove it; a theme script that must stay inline is reviewed and added to scripts/checks/inline-scripts.yml"
)
_FIX_URL = "link with http:, https:, mailto: or a relative URL; contributed data must not carry other schemes"


def _urls(attr: str, value: str) -> list[str]:
    if attr in {"srcset", "imagesrcset"}:
        return [c.strip().split()[0] for c in value.split(",") if c.strip()]
    return [value]


def _line(raw: str, needle: str) -> int | None:
    """The line of the first occurrence of needle (case-insensitive), for the report."""
    at = raw.lower().find(needle.lower()) if needle else -1
    return raw.count("\n", 0, at) + 1 if at >= 0 else None


def _scope_pattern(text: str) -> re.Pattern[str]:
    """A reviewed script as a pattern: {scope} is any site-root path ("/" or "/repo/")."""
    parts = [re.escape(p) for p in text.split(csp.SCOPE)]
    return re.compile(r"/(?:[A-Za-z0-9._~%\-]+/)*".join(parts))


def _reviewed_patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [(s.name, _scope_pattern(s.script)) for s in csp.reviewed()]


def _is_own_script(src: str, page: str) -> bool:
    """A script file of the site itself: a relative URL resolving under assets/javascripts/."""
    if url_scheme(src) is not None or src.startswith("//") or "\\" in src:
        return False
    path = src.split("?", 1)[0].split("#", 1)[0]
    base = page.rsplit("/", 1)[0].split("/") if "/" in page else []
    parts = [] if path.startswith("/") else list(base)
    for segment in path.lstrip("/").split("/"):
        if segment == "..":
            if not parts:
                return False
            parts.pop()
        elif segment not in {"", "."}:
            parts.append(segment)
    return "/".join(parts).startswith(OWN_SCRIPTS)


def _elements(tree: LexborHTMLParser) -> Iterator[LexborNode]:
    root = tree.root
    if root is not None:
        yield from (n for n in root.traverse(include_text=False) if n.tag and not n.tag.startswith("-"))


def scan_html(raw: str, label: str, page: str = "index.html") -> tuple[list[Finding], list[str]]:
    """Findings for one HTML document, and the text of its inline scripts (for the CSP check)."""
    out: list[Finding] = []
    inline: list[str] = []
    patterns = _reviewed_patterns()
    tree = LexborHTMLParser(raw)
    for node in _elements(tree):
        tag = node.tag.lower()
        attrs = node.attributes
        if tag == "script":
            kind = (attrs.get("type") or "").strip().lower()
            src = attrs.get("src")
            if kind in DATA_SCRIPT_TYPES and src is None:
                continue
            if src is not None:
                if not _is_own_script(src, page):
                    out.append(
                        Finding(
                            RULE,
                            label,
                            _line(raw, src),
                            f"<script src='{src}'> is not one of the site's own scripts",
                            _FIX_SCRIPT,
                        )
                    )
                continue
            text = node.text(deep=True)
            inline.append(text)
            if not any(p.fullmatch(text) for _, p in patterns):
                out.append(
                    Finding(
                        RULE,
                        label,
                        _line(raw, text[:60]),
                        f"inline <script> not on the reviewed list: {text[:60]!r}",
                        _FIX_SCRIPT,
                    )
                )
        elif tag in REFUSED_ELEMENTS:
            out.append(
                Finding(
                    RULE,
                    label,
                    _line(raw, f"<{tag}"),
                    f"<{tag}> element embeds content or redirects links",
                    "remove it",
                )
            )
        elif tag == "meta" and (attrs.get("http-equiv") or "").strip().lower() == "refresh":
            out.append(
                Finding(RULE, label, _line(raw, "refresh"), "<meta http-equiv=refresh> redirects the page", "remove it")
            )
        for name, value in attrs.items():
            name = name.lower()
            if name.startswith("on"):
                out.append(
                    Finding(
                        RULE,
                        label,
                        _line(raw, f"{name}="),
                        f"event attribute '{name}=' on <{tag}> runs script",
                        "remove it: pages run no inline event handlers",
                    )
                )
            elif name in URL_ATTRIBUTES and value:
                for url in _urls(name, value):
                    scheme = url_scheme(url)
                    if scheme is not None and scheme not in ALLOWED_SCHEMES:
                        out.append(
                            Finding(
                                RULE,
                                label,
                                _line(raw, url[:20]) or _line(raw, f"{name}="),
                                f"<{tag} {name}> has a '{scheme}:' URL",
                                _FIX_URL,
                            )
                        )
    return out, inline


def _directives(policy: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            out.setdefault(words[0].lower(), words[1:])
    return out


def policy_problems(policy: str) -> list[str]:
    """What the policy lacks: scripts only from the site and by hash, no plugins, no <base>, no foreign connections."""
    d = _directives(policy)
    scripts = d.get("script-src", d.get("default-src"))
    problems = []
    if scripts is None:
        problems.append("no script-src")
    else:
        bad = [
            s
            for s in scripts
            if s.lower()
            in {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:", "https:", "blob:"}
        ]
        problems += [f"script-src allows {s}" for s in bad]
    for name, wanted in (("object-src", ["'none'"]), ("base-uri", ["'self'"]), ("connect-src", ["'self'"])):
        if d.get(name) != wanted:
            problems.append(f"{name} is {' '.join(d.get(name, [])) or 'missing'}, not {' '.join(wanted)}")
    return problems


def check_csp(raw: str, label: str, inline: list[str]) -> list[Finding]:
    """The page's CSP <meta>: present once, before any script, strict, and allowing its inline scripts."""
    fix = "the policy comes from scripts/build/csp.py through overrides/main.html (block site_meta); rebuild"
    tree = LexborHTMLParser(raw)
    metas = [
        m
        for m in tree.css("meta[http-equiv]")
        if (m.attributes.get("http-equiv") or "").strip().lower() == "content-security-policy"
    ]
    if len(metas) != 1:
        return [Finding(CSP_RULE, label, None, f"{len(metas)} Content-Security-Policy <meta> elements, not 1", fix)]
    meta = metas[0]
    if meta.parent is None or meta.parent.tag != "head":
        return [Finding(CSP_RULE, label, _line(raw, "Content-Security-Policy"), "the CSP <meta> is not in <head>", fix)]
    at, first_script = raw.find("Content-Security-Policy"), raw.lower().find("<script")
    out = []
    line = _line(raw, "Content-Security-Policy")
    if 0 <= first_script < at:
        out.append(Finding(CSP_RULE, label, line, "a <script> comes before the CSP <meta>", fix))
    policy = meta.attributes.get("content") or ""
    out += [Finding(CSP_RULE, label, line, f"Content-Security-Policy: {p}", fix) for p in policy_problems(policy)]
    allowed = set(_directives(policy).get("script-src", []))
    for text in inline:
        if csp.sha256_source(text) not in allowed:
            out.append(
                Finding(
                    CSP_RULE,
                    label,
                    _line(raw, text[:60]),
                    f"inline script {text[:40]!r} is not allowed by the page's CSP: browsers will block it",
                    fix,
                )
            )
    return out


def scan_xml(raw: bytes, label: str) -> list[Finding]:
    """URLs of a feed or sitemap, and the HTML an Atom entry carries."""
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        return [
            Finding(RULE, label, exc.position[0], f"not well-formed XML ({exc})", "rebuild; report the bug if it stays")
        ]
    out = []
    text = raw.decode("utf-8", "replace")
    for el in root.iter():
        name = el.tag.rsplit("}", 1)[-1]
        urls = [
            (k.rsplit("}", 1)[-1], v) for k, v in el.attrib.items() if k.rsplit("}", 1)[-1] in {"href", "src", "uri"}
        ]
        if name in XML_URL_TEXT and el.text:
            urls.append((name, el.text.strip()))
        for attr, url in urls:
            scheme = url_scheme(url)
            if scheme is not None and scheme not in ALLOWED_SCHEMES:
                out.append(
                    Finding(RULE, label, _line(text, url[:20]), f"<{name}> {attr} has a '{scheme}:' URL", _FIX_URL)
                )
        if el.get("type") in {"html", "xhtml"}:
            inner = el.text or "".join(ET.tostring(c, encoding="unicode") for c in el)
            found, _ = scan_html(inner, label)
            out += [Finding(f.rule, f.file, _line(text, name), f"<{name}> HTML: {f.message}", f.fix) for f in found]
    return out


def check_headers(root: Path, label: str) -> list[Finding]:
    """`_headers` sends the pages' policy, and what only a header can say."""
    path = root / csp.HEADERS_FILE
    fix = "written by overrides/hooks/csp.py from scripts/build/csp.py; rebuild"
    if not path.is_file():
        return [
            Finding(
                CSP_RULE, f"{label}/{csp.HEADERS_FILE}", None, "missing: hosts that read it send no CSP header", fix
            )
        ]
    text = path.read_text(encoding="utf-8")
    header = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in text.splitlines()
            if ln.strip().lower().startswith("content-security-policy:")
        ),
        None,
    )
    if header is None:
        return [Finding(CSP_RULE, f"{label}/{csp.HEADERS_FILE}", None, "no Content-Security-Policy header", fix)]
    problems = policy_problems(header)
    if "frame-ancestors" not in _directives(header):
        problems.append("no frame-ancestors")
    return [
        Finding(CSP_RULE, f"{label}/{csp.HEADERS_FILE}", None, f"Content-Security-Policy header: {p}", fix)
        for p in problems
    ]


def check_site(root: Path, label: str) -> tuple[list[Finding], dict[str, int]]:
    """Every page, feed and sitemap of a built site; also how many of each were checked."""
    out: list[Finding] = []
    counts = {"pages": 0, "xml": 0}
    for path in sorted(root.rglob("*.html")):
        rel = path.relative_to(root).as_posix()
        raw = path.read_text(encoding="utf-8", errors="replace")
        found, inline = scan_html(raw, f"{label}/{rel}", rel)
        out += found + check_csp(raw, f"{label}/{rel}", inline)
        counts["pages"] += 1
    for path in sorted(root.rglob("*.xml")):
        out += scan_xml(path.read_bytes(), f"{label}/{path.relative_to(root).as_posix()}")
        counts["xml"] += 1
    return out + check_headers(root, label), counts
