"""`python -m scripts translation ...`: the translators' commands.

status        the table per language, and reports/translations.json
start         copy an English page into a language folder with its provenance filled in
diff          what changed in English since a translation was made (`--section <id>`: one section)
mark-current  record that a translation now matches the current English text
review        mark a translation reviewed by a coalition, today
upgrade       record section hashes in translations made before they existed
status-change the status change between two reports, per page (for pull requests)
export        pages as gettext PO or XLIFF 2 for a translation tool (`--untranslated`: missing or outdated)
import        a PO or XLIFF file from a translation tool written back into the pages
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import hashlib
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from scripts.cli import status_change
from scripts.content import frontmatter, languages, translation_status, translations
from scripts.project import ROOT


class TranslationError(RuntimeError):
    """A translation command cannot do what was asked; the message says why."""


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    """Register the `translation` command and its subcommands."""
    p = sub.add_parser("translation", help="translators' commands: status, start, diff, mark-current, review")
    tsub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    tsub.add_parser("status", help="pages translated, reviewed, machine, outdated, missing per language")
    up = tsub.add_parser("upgrade", help="record section hashes in translations made before they existed")
    up.add_argument("language", nargs="*", help="language codes (default: all)")
    ch = tsub.add_parser("status-change", help="Markdown table of the status change between two reports")
    ch.add_argument("before", help="reports/translations.json of the base branch")
    ch.add_argument("after", help="reports/translations.json of the change")
    ex = tsub.add_parser("export", help="pages as PO or XLIFF 2 for a translation tool")
    ex.add_argument("language", help="language code, e.g. fr")
    ex.add_argument("page", nargs="*", help="pages inside docs/en/ (default: every page)")
    ex.add_argument("--untranslated", action="store_true", help="only pages missing or outdated")
    ex.add_argument("--format", choices=["po", "xliff"], default="po", help="file format (default: po)")
    ex.add_argument("-o", "--output", help="file to write (default: reports/exchange/<code>.po or .xlf)")
    im = tsub.add_parser("import", help="write a PO or XLIFF file back into the pages (all or nothing)")
    im.add_argument("language", help="language code, e.g. fr")
    im.add_argument("file", help="the .po or .xlf file")
    im.add_argument("--status", choices=translations.STATUSES, help="provenance to record (default: machine)")
    im.add_argument("--by", help="with --status reviewed: the reviewing coalition")
    im.add_argument("--on", help="with --status reviewed: date of the review, YYYY-MM-DD (default: today)")
    for name, text in [
        ("start", "copy an English page into a language folder, with its provenance"),
        ("diff", "show the English changes since the translation was made"),
        ("mark-current", "record that the translation matches the current English text"),
        ("review", "mark the translation reviewed by a coalition"),
    ]:
        a = tsub.add_parser(name, help=text)
        a.add_argument("language", help="language code, e.g. fr")
        a.add_argument("page", help="page path inside docs/en/, e.g. about.md or papers/reporting.md")
        if name == "diff":
            a.add_argument("--section", metavar="ID", help="one section only, by heading id")
        if name == "review":
            a.add_argument("--by", required=True, help="the reviewing coalition, e.g. APFC")
            a.add_argument("--on", help="date of the review, YYYY-MM-DD (default: today)")
    return p


def _paths(code: str, page: str) -> tuple[languages.Language, Path, Path]:
    lang = languages.get(code)
    if lang.default:
        raise TranslationError(f"'{code}' is the source language; give the code of a translation language")
    rel = page.removeprefix(f"docs/{languages.default().code}/").removeprefix("/")
    source = languages.default().docs_dir / rel
    if not source.is_file():
        raise TranslationError(f"docs/{languages.default().code}/{rel} does not exist (give the path inside docs/en/)")
    return lang, source, lang.docs_dir / rel


_FRONT = re.compile(r"\A---\n(.*?\n)---\n", re.S)
_BLOCK = re.compile(r"^translation:[^\n]*\n(?:[ \t]+[^\n]*\n)*", re.M)


def _pair(key: str, value: str, indent: str) -> str:
    # YAML quotes what would otherwise read as a number (a hash of digits) or a special word.
    return indent + yaml.safe_dump({key: value}, allow_unicode=True, width=1_000_000)


def translation_block(block: dict[str, Any]) -> str:
    """The `translation:` front matter block, one field a line (nested `sections:` one per line)."""
    out = "translation:\n"
    for key, value in block.items():
        if isinstance(value, dict):
            out += f"  {key}:\n" + "".join(_pair(k, v, "    ") for k, v in value.items())
        else:
            out += _pair(key, value, "  ")
    return out


def with_translation_block(text: str, block: dict[str, Any]) -> str:
    """A page's text with its `translation:` front matter block replaced, everything else kept."""
    match = _FRONT.match(text)
    front, body = (match.group(1), text[match.end() :]) if match else ("", "\n" + text)
    return f"---\n{_BLOCK.sub('', front)}{translation_block(block)}---\n{body}"


def _set_translation_block(path: Path, block: dict[str, Any]) -> None:
    """Replace the `translation:` block of a page's front matter, keeping everything else."""
    path.write_text(with_translation_block(path.read_text(encoding="utf-8"), block), encoding="utf-8")


def current_block(source: Path, status: str = "machine", **extra: str) -> dict[str, Any]:
    """Provenance of a translation of today's English page: page hash, status, section hashes."""
    english = frontmatter.read(source)
    return {
        "source_hash": translations.content_hash(english),
        "status": status,
        **extra,
        "sections": translations.section_hashes(english),
    }


def start(code: str, page: str) -> Path:
    """Create docs/<code>/<page> from the English page, with source_hash and status: machine."""
    _, source, target = _paths(code, page)
    if target.exists():
        raise TranslationError(
            f"{target.relative_to(ROOT)} exists already; edit it, or `translation diff` to update it"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    _set_translation_block(target, current_block(source))
    return target


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def legacy_hash(page: frontmatter.Page) -> str:
    """The page hash translations recorded before section hashes existed (for `translation upgrade`)."""
    parts = [f"{k}: {page.meta.get(k, '')}".strip() for k in ("title", "description", "summary")]
    body = "\n".join(line.rstrip() for line in page.body.replace("\r\n", "\n").strip().split("\n"))
    return hashlib.sha256("\n".join([*parts, body]).encode("utf-8")).hexdigest()[: translations.HASH_LENGTH]


def _matches(page: frontmatter.Page, wanted: str) -> bool:
    return wanted in (translations.content_hash(page), legacy_hash(page))


def source_commit(source: Path, wanted: str) -> str | None:
    """The newest commit in which the English page had the content hash a translation recorded."""
    return next((sha for sha, _ in _english_history(source) if _matches(_, wanted)), None)


def _english_history(source: Path) -> Iterator[tuple[str, frontmatter.Page]]:
    rel = source.relative_to(ROOT).as_posix()
    try:
        shas = _git("log", "--format=%H", "--", rel).split()
    except (subprocess.CalledProcessError, OSError):
        return  # not a git checkout: no history to search
    for sha in shas:
        try:
            yield sha, frontmatter.split(_git("show", f"{sha}:{rel}"), source)
        except (subprocess.CalledProcessError, frontmatter.FrontMatterError):
            continue


def english_source(source: Path, wanted: str) -> frontmatter.Page | None:
    """The English page a translation was made from: today's file if its hash matches, else the
    newest version in git history with that hash (None if there is none)."""
    today = frontmatter.read(source)
    if _matches(today, wanted):
        return today
    return next((page for _, page in _english_history(source) if _matches(page, wanted)), None)


def _unified(old: str, new: str, old_name: str, new_name: str) -> str:
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), old_name, new_name, lineterm="")
    return "\n".join(lines)


def _changes_line(changes: translations.SectionChanges) -> str:
    if not changes.known:
        return "Sections changed: not recorded for this translation (`translation upgrade` records them)."
    parts = [
        f"{name}: {', '.join(ids)}"
        for name, ids in (("added", changes.added), ("edited", changes.edited), ("removed", changes.removed))
        if ids
    ]
    return "Sections changed in English: " + ("; ".join(parts) or "none (only whitespace changed)")


def diff(code: str, page: str, section: str | None = None) -> str:
    """The English changes since the version a translation was made from (the whole page, or
    one section by heading id)."""
    _, source, target = _paths(code, page)
    if not target.is_file():
        raise TranslationError(f"{target.relative_to(ROOT)} does not exist yet: `translation start {code} {page}`")
    state = translations.state(target)
    if not state.outdated:
        return f"{target.relative_to(ROOT)} matches the current English text: nothing to update."
    label = source.relative_to(ROOT).as_posix()
    today = frontmatter.read(source)
    old = english_source(source, state.provenance.source_hash)
    if section is None:
        if old is None:
            raise TranslationError(
                f"{_changes_line(state.changes)}\nno version of {label} in git history has the content "
                f"{state.provenance.source_hash} that {target.relative_to(ROOT)} was translated from; "
                "compare the sections above by hand (`--section <id>` shows today's text)"
            )
        text = _unified(_raw(old), _raw(today), f"{label} (translated from)", f"{label} (today)")
        return f"{_changes_line(state.changes)}\n{text or '(only whitespace changed)'}"
    now = {s.id: s for s in translations.sections(today)}
    before = {s.id: s for s in translations.sections(old)} if old else {}
    if section not in now and section not in before:
        known = ", ".join(now)
        raise TranslationError(f"no section '{section}' in {label} (its sections: {known})")
    if old is None:
        return (
            f"The English text {target.relative_to(ROOT)} was made from is not in git history; "
            f"today's English section '{section}':\n{now[section].text}"
        )
    text = _unified(
        before[section].text if section in before else "",
        now[section].text if section in now else "",
        f"{label}#{section} (translated from)",
        f"{label}#{section} (today)",
    )
    return text or f"Section '{section}' has not changed (apart from whitespace)."


def _raw(page: frontmatter.Page) -> str:
    """A page's text as split (front matter fields, then the body)."""
    fields = "".join(
        f"{k}: {page.meta[k]}\n"
        for k in sorted(translations.translatable(translations.page_kind(page.path)))
        if k in page.meta
    )
    return fields + page.body


def upgrade(codes: list[str] | None = None) -> list[Path]:
    """Record section hashes (and today's page hash) in translations that predate them.

    Each translation keeps the English text it was made from: found by its recorded hash (old or
    new way of hashing) today or in git history. Pages whose source cannot be found are left as
    they are (they show as outdated with unknown sections)."""
    written = []
    for lang in languages.languages()[1:]:
        if codes and lang.code not in codes:
            continue
        for target in sorted(lang.docs_dir.rglob("*.md")):
            source = languages.default().docs_dir / target.relative_to(lang.docs_dir)
            if not source.is_file():
                continue
            info = translations.provenance(frontmatter.read(target).meta, target)
            old = None if info.sections else english_source(source, info.source_hash)
            if old is None:
                continue
            extra = (
                {"reviewed_by": info.reviewed_by, "reviewed_on": info.reviewed_on} if info.status == "reviewed" else {}
            )
            block = {
                "source_hash": translations.content_hash(old),
                "status": info.status,
                **extra,
                "sections": translations.section_hashes(old),
            }
            _set_translation_block(target, block)
            written.append(target)
    return written


def mark_current(code: str, page: str) -> None:
    """Record the current English hash; a reviewed translation goes back to machine."""
    _, source, target = _paths(code, page)
    if not target.is_file():
        raise TranslationError(f"{target.relative_to(ROOT)} does not exist")
    _set_translation_block(target, current_block(source))


def _review_date(on: str | None) -> dt.date:
    """The review date given on the command line (today by default), checked before anything is written."""
    if on is None:
        return dt.date.today()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", on):
            raise ValueError
        day = dt.date.fromisoformat(on)
    except ValueError:
        raise TranslationError(
            f"--on {on}: not a date; write the day of the review as YYYY-MM-DD, e.g. --on 2026-12-31"
        ) from None
    if day > dt.date.today():
        raise TranslationError(f"--on {on}: a review cannot be dated in the future; give the day it was done")
    return day


def review(code: str, page: str, by: str, on: str | None) -> None:
    """Mark a translation reviewed by a coalition on a date (today by default)."""
    day = _review_date(on)
    _, source, target = _paths(code, page)
    if not target.is_file():
        raise TranslationError(f"{target.relative_to(ROOT)} does not exist")
    info = translations.provenance(frontmatter.read(target).meta, target)
    if info.source_hash != translations.source_hash(source):
        raise TranslationError(
            f"{target.relative_to(ROOT)} is outdated: update it and `translation mark-current` first"
        )
    _set_translation_block(target, current_block(source, "reviewed", reviewed_by=by, reviewed_on=day.isoformat()))


def _exchange(args: argparse.Namespace) -> int:
    from scripts.exchange import catalog, exporter, importer

    try:
        if args.action == "export":
            entries = exporter.export(args.language, args.page, args.untranslated)
            out = Path(args.output) if args.output else exporter.default_output(args.language, args.format, ROOT)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(catalog.dumps(entries, args.language, args.format))
            pending = sum(1 for e in entries if e.fuzzy or not e.target)
            print(f"Written: {out} ({len(entries)} units, {pending} to translate or check).")
            return 0
        if args.on:
            _review_date(args.on)
        how = importer.review_provenance(args.status, args.by, args.on)
        pages = importer.plan(args.language, Path(args.file), how)
        importer.write(pages)
        for path in sorted(pages):
            print(f"Written: {path.relative_to(ROOT)}")
        print(f"{len(pages)} page(s) written; nothing else changed. Next: `make check`.")
        return 0
    except (exporter.ExportError, catalog.CatalogError) as exc:
        print(f"error: {exc}", file=sys.stderr)
    except importer.ImportRefusedError as exc:
        print(
            f"error: {exc}\nNothing was written: fix the units above in the file and import it again.", file=sys.stderr
        )
    return 1


def run(args: argparse.Namespace) -> int:
    """Dispatch one `translation` subcommand."""
    try:
        if args.action == "status":
            translation_status.write_report()
            print(translation_status.format_table(translation_status.all_status()))
            print("\nWritten: reports/translations.json")
        elif args.action == "upgrade":
            written = upgrade(args.language)
            print(f"Recorded section hashes in {len(written)} translation(s).")
        elif args.action == "status-change":
            print(status_change.markdown(Path(args.before), Path(args.after)))
        elif args.action == "start":
            print(f"Created {start(args.language, args.page).relative_to(ROOT)}: translate it, then `make check`.")
        elif args.action == "diff":
            print(diff(args.language, args.page, args.section))
        elif args.action == "mark-current":
            mark_current(args.language, args.page)
            print("Recorded: the translation matches the current English text (status: machine).")
        elif args.action in ("export", "import"):
            return _exchange(args)
        elif args.action == "review":
            review(args.language, args.page, args.by, args.on)
            print(f"Marked reviewed by {args.by}.")
    except (TranslationError, languages.LanguageError, translations.ProvenanceError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
