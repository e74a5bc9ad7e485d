"""The site's Content-Security-Policy, and the reviewed inline scripts it allows.

One policy for every page: a <meta http-equiv> in each page's <head> (overrides/main.html,
set by overrides/hooks/csp.py) and, for hosts that read a `_headers` file (Netlify,
Cloudflare Pages), the same policy as an HTTP header with what only a header can carry.
Scripts: the site's own files ('self') and the theme's inline scripts listed in
scripts/checks/inline-scripts.yml, by hash; never 'unsafe-inline' or 'unsafe-eval'.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

REVIEWED_FILE = Path(__file__).resolve().parent.parent / "checks" / "inline-scripts.yml"
SCOPE = "{scope}"
HEADERS_FILE = "_headers"


@dataclass(frozen=True)
class InlineScript:
    """One reviewed inline script; `script` may hold {scope}, the path of the site root."""

    name: str
    why: str
    script: str


@functools.cache
def reviewed() -> tuple[InlineScript, ...]:
    """The reviewed inline scripts (scripts/checks/inline-scripts.yml)."""
    entries = yaml.safe_load(REVIEWED_FILE.read_text(encoding="utf-8")) or []
    return tuple(InlineScript(e["name"], e["why"], e["script"]) for e in entries)


def site_scope(site_url: str | None) -> str:
    """The path of the site root ("/", or "/repo/" under a sub-path), from site_url."""
    path = urlsplit(site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def allowed_scripts(scope: str) -> dict[str, str]:
    """Exact text -> name of every inline script allowed on a site rooted at `scope`."""
    return {s.script.replace(SCOPE, scope): s.name for s in reviewed()}


def sha256_source(text: str) -> str:
    """A CSP hash source for an inline script or style."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(scope: str) -> str:
    """The policy of every page (the <meta> form: no frame-ancestors, which a meta ignores)."""
    hashes = " ".join(sha256_source(text) for text in sorted(allowed_scripts(scope)))
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {hashes}",
            # The papers filters are a generated <style> (CSS :has(), no script); CSS runs no
            # code, and what it could load is held to 'self' by img-src and font-src.
            "style-src 'self' 'unsafe-inline'",
            # Material draws its icons from data: SVG in its stylesheet.
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def header_policy(scope: str) -> str:
    """The HTTP header form: the same policy, and no framing by other sites."""
    return policy(scope) + "; frame-ancestors 'none'"


def headers_file(scope: str) -> str:
    """A `_headers` file (Netlify and Cloudflare Pages format) for every path of the site."""
    return "\n".join(
        [
            "# The same policy as each page's <meta http-equiv>; hosts that read this file send it",
            "# as HTTP headers (written by overrides/hooks/csp.py from scripts/build/csp.py).",
            f"{scope}*",
            f"  Content-Security-Policy: {header_policy(scope)}",
            "  X-Content-Type-Options: nosniff",
            "  Referrer-Policy: strict-origin-when-cross-origin",
            "",
        ]
    )
