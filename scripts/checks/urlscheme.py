"""The scheme of a URL as a browser sees it, and the schemes the site allows.

Shared by gate 1 (scripts/checks/unsafe.py, on the sources) and gate 2
(scripts/checks/executable.py, on the built site).
"""

from __future__ import annotations

import re

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
# Attributes whose value is a URL (or a srcset list) in HTML, SVG and MathML.
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "srcset",
        "imagesrcset",
        "action",
        "formaction",
        "xlink:href",
        "poster",
        "data",
        "cite",
        "background",
        "ping",
        "longdesc",
        "manifest",
        "icon",
        "codebase",
        "lowsrc",
        "dynsrc",
        "usemap",
    }
)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))


def url_scheme(value: str) -> str | None:
    """The scheme of a URL, lower-cased; None for a relative URL.

    As the URL standard does: leading and trailing C0 controls and spaces are stripped, and
    every tab and newline is removed, so `jav<newline>ascript:` is `javascript:`.
    """
    match = _SCHEME.match(_TAB_NEWLINE.sub("", value.strip(_C0_AND_SPACE)))
    return match.group(1).lower() if match else None
