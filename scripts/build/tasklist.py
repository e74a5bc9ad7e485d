"""Accessible names for the checklist checkboxes that pymdownx.tasklist writes.

With `custom_checkbox: true` each item is
`<label class="task-list-control"><input type="checkbox" disabled/><span …></span></label> text`:
the label holds no text, so screen readers announce an unnamed checkbox (axe: critical).
The item's text is wrapped in a span with an id and the checkbox points at it with
aria-labelledby, so the name is the item's own words in the page's language.
"""

from __future__ import annotations

import re

# The item's own text runs from the control to the first block inside the item (a nested
# list, a paragraph) or to the end of the item or paragraph.
_ITEM = re.compile(
    r'(?P<open><label class="task-list-control"><input type="checkbox")(?P<attrs>[^>]*?)(?P<end>/?>)'
    r"(?P<indicator><span class=\"task-list-indicator\"></span></label>)"
    r"(?P<text>(?:(?!</li>|</p>|<p[\s>]|<ul[\s>]|<ol[\s>]|<div[\s>]).)*)",
    re.DOTALL,
)
ID_PREFIX = "__task-"


def label_checkboxes(html: str) -> str:
    """Give every task-list checkbox of one page an accessible name (ids numbered per page)."""
    count = 0

    def name(match: re.Match[str]) -> str:
        nonlocal count
        text = match["text"]
        if not text.strip():
            return match[0]
        count += 1
        ident = f"{ID_PREFIX}{count}"
        lead = text[: len(text) - len(text.lstrip())]
        return (
            f'{match["open"]}{match["attrs"]} aria-labelledby="{ident}"{match["end"]}{match["indicator"]}'
            f'{lead}<span id="{ident}">{text.lstrip()}</span>'
        )

    return _ITEM.sub(name, html)
