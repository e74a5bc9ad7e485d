"""Separators between footnote references that follow each other directly: "¹,²", not "¹²".

The separator is written into the HTML between references with nothing but white space
between them, so that it appears exactly there. A CSS sibling rule (`sup + sup::before`)
cannot do this: two references are DOM siblings even with a sentence between them, and such
a rule put a stray comma before ~500 references. Used by overrides/hooks/footnotes.py;
scripts/checks/typography.py checks every built page for a stray or a missing separator.
"""

from __future__ import annotations

import re

SEPARATOR_CLASS = "footnote-sep"
SEPARATOR = f'<sup class="{SEPARATOR_CLASS}">,</sup>'
# A reference as Python-Markdown's footnotes extension writes it, then only white space
# before the next reference.
_ADJACENT = re.compile(
    r'(<sup id="fnref[^"]*"><a class="footnote-ref" href="[^"]*">[^<]*</a></sup>)\s*(?=<sup id="fnref)'
)


def separate(html: str) -> str:
    """The HTML with one separator between each two directly adjacent footnote references."""
    return _ADJACENT.sub(lambda m: m.group(1) + SEPARATOR, html)
