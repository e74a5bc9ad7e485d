"""The change in translation status between two reports/translations.json, as Markdown.

CI writes it into a pull request's job summary: per language the counts before and after, and
every page whose state changed (missing, machine, reviewed, outdated and which sections).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

COUNTS = ("translated", "reviewed", "machine", "outdated", "missing")


def page_states(entry: dict[str, Any]) -> dict[str, str]:
    """Page -> its state in one language's report entry, e.g. 'machine, outdated (edited: faq)'."""
    states: dict[str, str] = {}
    for page in entry.get("missing", []):
        states[page] = "missing"
    for kind in ("machine", "reviewed", "invalid"):
        for page in entry.get(kind, []):
            states[page] = kind
    sections = entry.get("outdated_sections", {})
    for page in entry.get("outdated", []):
        changed = sections.get(page, {})
        detail = "; ".join(f"{k}: {', '.join(changed[k])}" for k in ("added", "edited", "removed") if changed.get(k))
        states[page] = f"{states.get(page, '?')}, outdated" + (f" ({detail})" if detail else "")
    return states


def _load(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {"languages": {}}  # a base branch without the report: everything is new
    return json.loads(path.read_text(encoding="utf-8"))


def markdown(before_path: Path, after_path: Path) -> str:
    """A Markdown summary of what changed between two reports (only languages that changed)."""
    before, after = _load(before_path)["languages"], _load(after_path)["languages"]
    lines = ["## Translation status: before → after", ""]
    changed_any = False
    for code in [*after, *(c for c in before if c not in after)]:
        old, new = before.get(code, {}), after.get(code, {})
        old_pages, new_pages = page_states(old), page_states(new)
        pages = sorted(p for p in set(old_pages) | set(new_pages) if old_pages.get(p) != new_pages.get(p))
        if not pages:
            continue
        changed_any = True
        name = new.get("name") or old.get("name") or code
        counts = " · ".join(
            f"{key} {old.get('counts', {}).get(key, 0)} → {new.get('counts', {}).get(key, 0)}" for key in COUNTS
        )
        lines += [f"### {code} ({name})", "", counts, "", "| Page | Before | After |", "|---|---|---|"]
        lines += [f"| `{p}` | {old_pages.get(p, '—')} | {new_pages.get(p, '—')} |" for p in pages]
        lines.append("")
    if not changed_any:
        lines.append("No page changed its translation status.")
    return "\n".join(lines).rstrip() + "\n"
