"""`python -m scripts translation ...`: the translators' commands.

status        the table per language, and reports/translations.json
start         copy an English page into a language folder with its provenance filled in
diff          what changed in English since a translation was made (from git history)
mark-current  record that a translation now matches the current English text
review        mark a translation reviewed by a coalition, today
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

from scripts import frontmatter, languages, translation_status, translations
from scripts.project import ROOT


class TranslationError(RuntimeError):
    """A translation command cannot do what was asked; the message says why."""


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    """Register the `translation` command and its subcommands."""
    p = sub.add_parser("translation", help="translators' commands: status, start, diff, mark-current, review")
    tsub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    tsub.add_parser("status", help="pages translated, reviewed, machine, outdated, missing per language")
    for name, text in [
        ("start", "copy an English page into a language folder, with its provenance"),
        ("diff", "show the English changes since the translation was made"),
        ("mark-current", "record that the translation matches the current English text"),
        ("review", "mark the translation reviewed by a coalition"),
    ]:
        a = tsub.add_parser(name, help=text)
        a.add_argument("language", help="language code, e.g. fr")
        a.add_argument("page", help="page path inside docs/en/, e.g. about.md or papers/reporting.md")
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


def _set_translation_block(path: Path, block: dict[str, str]) -> None:
    """Replace the `translation:` block of a page's front matter, keeping everything else."""
    text = path.read_text(encoding="utf-8")
    match = _FRONT.match(text)
    front, body = (match.group(1), text[match.end() :]) if match else ("", "\n" + text)
    lines = "".join(f"  {k}: {v}\n" for k, v in block.items())
    path.write_text(f"---\n{_BLOCK.sub('', front)}translation:\n{lines}---\n{body}", encoding="utf-8")


def start(code: str, page: str) -> Path:
    """Create docs/<code>/<page> from the English page, with source_hash and status: machine."""
    _, source, target = _paths(code, page)
    if target.exists():
        raise TranslationError(
            f"{target.relative_to(ROOT)} exists already; edit it, or `translation diff` to update it"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    _set_translation_block(target, {"source_hash": translations.source_hash(source), "status": "machine"})
    return target


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def source_commit(source: Path, wanted: str) -> str | None:
    """The newest commit in which the English page had the content hash a translation recorded."""
    rel = source.relative_to(ROOT).as_posix()
    for sha in _git("log", "--format=%H", "--", rel).split():
        try:
            text = _git("show", f"{sha}:{rel}")
        except subprocess.CalledProcessError:
            continue
        if translations.content_hash(frontmatter.split(text, source)) == wanted:
            return sha
    return None


def diff(code: str, page: str) -> str:
    """The English diff since the version a translation was made from."""
    _, source, target = _paths(code, page)
    if not target.is_file():
        raise TranslationError(f"{target.relative_to(ROOT)} does not exist yet: `translation start {code} {page}`")
    recorded = translations.provenance(frontmatter.read(target).meta, target).source_hash
    if recorded == translations.source_hash(source):
        return f"{target.relative_to(ROOT)} matches the current English text: nothing to update."
    sha = source_commit(source, recorded)
    if sha is None:
        raise TranslationError(
            f"no commit of {source.relative_to(ROOT)} has the content {recorded} that "
            f"{target.relative_to(ROOT)} was translated from; compare the pages by hand"
        )
    return _git("diff", sha, "--", source.relative_to(ROOT).as_posix()) or "(only whitespace changed)"


def mark_current(code: str, page: str) -> None:
    """Record the current English hash; a reviewed translation goes back to machine."""
    _, source, target = _paths(code, page)
    if not target.is_file():
        raise TranslationError(f"{target.relative_to(ROOT)} does not exist")
    _set_translation_block(target, {"source_hash": translations.source_hash(source), "status": "machine"})


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
    _set_translation_block(
        target,
        {"source_hash": info.source_hash, "status": "reviewed", "reviewed_by": by, "reviewed_on": day.isoformat()},
    )


def run(args: argparse.Namespace) -> int:
    """Dispatch one `translation` subcommand."""
    try:
        if args.action == "status":
            translation_status.write_report()
            print(translation_status.format_table(translation_status.all_status()))
            print("\nWritten: reports/translations.json")
        elif args.action == "start":
            print(f"Created {start(args.language, args.page).relative_to(ROOT)}: translate it, then `make check`.")
        elif args.action == "diff":
            print(diff(args.language, args.page))
        elif args.action == "mark-current":
            mark_current(args.language, args.page)
            print("Recorded: the translation matches the current English text (status: machine).")
        elif args.action == "review":
            review(args.language, args.page, args.by, args.on)
            print(f"Marked reviewed by {args.by}.")
    except (TranslationError, languages.LanguageError, translations.ProvenanceError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
