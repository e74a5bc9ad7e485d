"""Where each language stands: translated, reviewed, machine, outdated and missing pages.

The same data feeds `make translation-status` (a table per language), reports/translations.json
and the site's Translation status page (overrides/hooks/translation_status.py).
"""

from __future__ import annotations

import functools
import json
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

from scripts import project
from scripts.checks import parity
from scripts.content import frontmatter, languages, translations
from scripts.project import REPORTS


@dataclass
class LanguageStatus:
    """The pages of one language, by state (paths inside docs/<code>/)."""

    code: str
    name: str
    total: int = 0
    translated: list[str] = field(default_factory=list)
    reviewed: list[str] = field(default_factory=list)
    machine: list[str] = field(default_factory=list)
    outdated: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    # Outdated pages: the English sections changed since their source, and their parity warnings.
    outdated_sections: dict[str, dict[str, object]] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)

    @property
    def percent(self) -> int:
        """Share of the English pages that are translated, in whole percent (rounded down)."""
        return len(self.translated) * 100 // self.total if self.total else 0

    def counts(self) -> dict[str, int]:
        """Number of pages in each state."""
        keys = ("translated", "reviewed", "machine", "outdated", "missing", "invalid")
        return {"total": self.total, **{k: len(getattr(self, k)) for k in keys}}


def english_pages() -> list[str]:
    """Every English page, as a path inside docs/en/."""
    root = languages.default().docs_dir
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md"))


def language_status(code: str) -> LanguageStatus:
    """The state of every page of one language."""
    lang = languages.get(code)
    status = LanguageStatus(code, lang.name)
    pages = english_pages()
    status.total = len(pages)
    english = languages.default().docs_dir
    for rel in pages:
        path = lang.docs_dir / rel
        if not path.is_file():
            status.missing.append(rel)
            continue
        status.translated.append(rel)
        try:
            state = translations.state(path)
        except (translations.ProvenanceError, frontmatter.FrontMatterError):
            status.invalid.append(rel)
            continue
        (status.reviewed if state.provenance.status == "reviewed" else status.machine).append(rel)
        if state.outdated:
            status.outdated.append(rel)
            status.outdated_sections[rel] = state.changes.as_dict()
            found = parity.check_pair(english / rel, path, rel)
            status.warnings[rel] = [f"{f.location()}: {f.message}" for f in found]
    return status


def _fingerprint() -> tuple[tuple[str, int, int], ...]:
    # The per-file-version policy of sourcefile.per_file_version, over every page at once.
    return tuple(sorted((str(p), (st := p.stat()).st_mtime_ns, st.st_size) for p in project.docs().rglob("*.md")))


@functools.lru_cache(maxsize=4)
def _all_status(_fingerprint: tuple[tuple[str, int, int], ...]) -> tuple[LanguageStatus, ...]:
    return tuple(language_status(lang.code) for lang in languages.languages()[1:])


def all_status() -> list[LanguageStatus]:
    """The status of every translation language (worked out again only when a page changes:
    every language build of the site shows the same table)."""
    return list(_all_status(_fingerprint()))


def write_report(path: Path = REPORTS / "translations.json") -> dict[str, object]:
    """Write reports/translations.json: per language, counts and page lists."""
    data = {
        "source_language": languages.default().code,
        "pages": len(english_pages()),
        "languages": {
            s.code: {
                "name": s.name,
                "percent": s.percent,
                "counts": s.counts(),
                **{k: v for k, v in asdict(s).items() if isinstance(v, list | dict)},
            }
            for s in all_status()
        },
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return data


def _pad(text: str, width: int) -> str:
    """Left-align text in a terminal column, counting wide (CJK) characters as two."""
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - shown)


def format_table(statuses: list[LanguageStatus]) -> str:
    """The status as a plain-text table per language, with the pages in each state."""
    lines = [f"{'language':22} {'translated':>10} {'reviewed':>9} {'machine':>8} {'outdated':>9} {'missing':>8}"]
    for s in statuses:
        c = s.counts()
        lines.append(
            f"{_pad(s.code + ' ' + s.name, 22)} {c['translated']:>6}/{c['total']:<3} {c['reviewed']:>9} "
            f"{c['machine']:>8} {c['outdated']:>9} {c['missing']:>8}"
        )
    for s in statuses:
        lines.append(f"\n{s.code} ({s.name}), {s.percent}% translated")
        for state in ("reviewed", "machine", "outdated", "missing", "invalid"):
            pages = getattr(s, state)
            if pages:
                lines.append(f"  {state} ({len(pages)}): {', '.join(pages)}")
        for rel in s.outdated:
            lines.append(f"  outdated {rel}: {describe_changes(s.outdated_sections[rel])}")
            lines += [f"    warning {w}" for w in s.warnings.get(rel, [])]
    return "\n".join(lines)


def describe_changes(changes: dict[str, object]) -> str:
    """'added x; edited y' for one outdated page, in English (for the console and reports)."""
    if not changes.get("known"):
        return "English sections changed: not recorded (`translation upgrade`)"
    parts = [f"{k} {', '.join(changes[k])}" for k in ("added", "edited", "removed") if changes.get(k)]  # type: ignore[arg-type]
    return "English sections " + ("; ".join(parts) if parts else "unchanged apart from whitespace")
