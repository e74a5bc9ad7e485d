"""`translation export`: a language's pages as exchange entries (English source, translation,
fuzzy where the English section changed since the translation was made)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from scripts.content import frontmatter, glossary, languages, translations
from scripts.exchange import blocks, placeholders
from scripts.exchange.catalog import Entry


class ExportError(ValueError):
    """A page cannot be exported; the message names the page and the fix."""


@dataclass(frozen=True)
class PageUnits:
    """The English units of a page, masked, keyed by unit id."""

    rel: str
    units: dict[str, blocks.Unit]
    masked: dict[str, placeholders.Masked]


def english_units(rel: str) -> PageUnits:
    """The units of docs/en/<rel>, with their placeholders."""
    path = languages.default().docs_dir / rel
    return _english_units(rel, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _english_units(rel: str, mtime_ns: int) -> PageUnits:
    # Keyed by modification time: every language reads the same English pages.
    path = languages.default().docs_dir / rel
    text = path.read_text(encoding="utf-8")
    try:
        found = blocks.units(path, text)
    except blocks.SegmentError as exc:
        raise ExportError(f"docs/{languages.default().code}/{rel}: {exc}") from exc
    return PageUnits(rel, {u.key: u for u in found}, {u.key: placeholders.mask(u.text) for u in found})


def entry_id(rel: str, key: str) -> str:
    """The unit's id in exchange files: page path, '#', section id, '/', block index or field."""
    return f"{rel}#{key}"


def split_id(unit_id: str) -> tuple[str, str]:
    """Page path and unit key of an exchange unit id."""
    rel, _, key = unit_id.partition("#")
    return rel, key


def mask_like(text: str, english: placeholders.Masked) -> str | None:
    """A translated text with the English unit's placeholder numbers (None when its protected
    pieces are not those of the English unit)."""
    own = placeholders.mask(text)
    free = dict(english.tokens)
    names: dict[str, str] = {}
    for name, raw in own.tokens.items():
        if name.startswith("{/"):
            continue
        end = own.tokens.get("{/" + name[1:])
        if end is not None:
            match = next((k for k, v in free.items() if k.startswith("{/") and v == end), None)
            opener = match and "{" + match[2:]
            if match is None or opener not in free or free[opener] != raw:
                return None
            names[name], names["{/" + name[1:]] = opener, match
            del free[match], free[opener]
        else:
            match = next((k for k, v in free.items() if v == raw and ("{/" + k[1:]) not in english.tokens), None)
            if match is None:
                return None
            names[name] = match
            del free[match]
    if free:
        return None
    return placeholders.TOKEN.sub(lambda m: names[m.group(0)], own.text)


def _glossary_notes(code: str) -> list[tuple[re.Pattern[str], str]]:
    english, own = glossary.terms(languages.default().code), glossary.terms(code)
    out = []
    for en, tr in zip(english, own, strict=False):
        words = [en.term, *(a for a, _ in en.abbr)]
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I if not en.abbr else 0)
        out.append((pattern, f"glossary: {en.term} = {tr.term}"))
    return out


def page_entries(code: str, rel: str, terms: list[tuple[re.Pattern[str], str]] | None = None) -> list[Entry]:
    """One entry per unit of a page: English, the translation where there is one, fuzzy where
    its section changed in English since."""
    english = english_units(rel)
    target = languages.get(code).docs_dir / rel
    mine: dict[str, blocks.Unit] = {}
    changed: set[str] | None = set()
    if target.is_file():
        text = target.read_text(encoding="utf-8")
        try:
            mine = {u.key: u for u in blocks.units(target, text)}
        except blocks.SegmentError as exc:
            raise ExportError(f"docs/{code}/{rel}: {exc}") from exc
        state = translations.state(target, frontmatter.split(text, target).meta)
        if state.outdated:
            changed = set(state.changes.ids()) if state.changes.known else None
    entries = []
    for key, unit in english.units.items():
        masked = english.masked[key]
        notes = [f"{unit.kind}"] + [f"{t} = {d}" for t, d in masked.notes.items()]
        notes += [note for pattern, note in terms or [] if pattern.search(unit.text)]
        own = mine.get(key)
        translated = mask_like(own.text, masked) if own is not None else None
        fuzzy = translated is not None and (changed is None or unit.section in changed)
        if own is not None and translated is None:
            notes.append("the current translation's links, code or HTML differ from the English: translate again")
        entries.append(Entry(entry_id(rel, key), masked.text, translated or "", fuzzy, notes))
    return entries


def pages(code: str, wanted: list[str] | None = None, untranslated: bool = False) -> list[str]:
    """The pages to export: those asked for, or every English page (only missing or outdated
    ones with `untranslated`)."""
    root = languages.default().docs_dir
    every = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md"))
    if wanted:
        rels = [w.removeprefix(f"docs/{languages.default().code}/").removeprefix("/") for w in wanted]
        unknown = [r for r in rels if r not in every]
        if unknown:
            raise ExportError(f"no English page {', '.join(unknown)} (give paths inside docs/en/, e.g. about.md)")
        every = rels
    if not untranslated:
        return every
    lang = languages.get(code)
    return [r for r in every if not (lang.docs_dir / r).is_file() or translations.state(lang.docs_dir / r).outdated]


def export(code: str, wanted: list[str] | None = None, untranslated: bool = False) -> list[Entry]:
    """Every entry of the pages to export, in page order."""
    if languages.get(code).default:
        raise ExportError(f"'{code}' is the source language; give the code of a translation language")
    terms = _glossary_notes(code)
    return [e for rel in pages(code, wanted, untranslated) for e in page_entries(code, rel, terms)]


def default_output(code: str, fmt: str, root: Path) -> Path:
    """Where an export goes when no file is named: reports/exchange/<code>.<ext> (not committed)."""
    return root / "reports" / "exchange" / f"{code}{'.po' if fmt == 'po' else '.xlf'}"
