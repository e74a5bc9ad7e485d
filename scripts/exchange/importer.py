"""`translation import`: an exchange file written back into Markdown pages.

Every unit is checked against today's English page before anything is written: the same
units, no fuzzy or empty one, the English placeholders and no markup of a translator's own.
Each text goes back into its byte span in the translation (the English page for a new one),
so an unchanged translation comes back byte for byte; the page is then cut into units again
to prove that the new text did not change its structure. All pages are written, each
atomically, or none.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from scripts.cli import translation as translation_cli
from scripts.content import frontmatter, languages, translations
from scripts.exchange import blocks, catalog, exporter, placeholders


@dataclass(frozen=True)
class Problem:
    """One reason a file is refused: the unit, what is wrong, and the fix."""

    file: str
    unit: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: unit {self.unit}: {self.message}"


class ImportRefusedError(ValueError):
    """The file does not match the English pages; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Provenance:
    """What the import records in the `translation:` block: status (and reviewer)."""

    status: str | None = None  # None: machine when the text changed, else keep the page's block
    reviewed_by: str | None = None
    reviewed_on: str | None = None


def _render(unit: blocks.Unit, new: str) -> str:
    """The file text for a unit's span holding `new` (continuation lines keep their prefixes)."""
    lines = new.split("\n")
    same = len(lines) == len(unit.prefixes) + 1
    out = lines[0]
    for i, line in enumerate(lines[1:]):
        prefix = unit.prefixes[i] if same else (unit.prefixes[0] if unit.prefixes else unit.continuation)
        trailing = unit.trailings[i] if same else ""
        out += f"{trailing}\n{prefix}{line}"
    return out


def _yaml_value(old_raw: str, new: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar; a block scalar's line break stays.
    tail = old_raw[len(old_raw.rstrip("\n")) :]
    return json.dumps(new, ensure_ascii=False) + tail


def _check_text(unit: blocks.Unit, text: str) -> str | None:
    if unit.single_line and "\n" in text:
        return f"a {unit.kind} is one line: remove the line break"
    if any(not line.strip() for line in text.split("\n")):
        return "a unit is one block: remove the blank line (a new paragraph needs a new English paragraph)"
    if text != text.strip():
        return "remove the spaces or line breaks at the start and end of the text"
    return None


def assemble(code: str, rel: str, texts: dict[str, str]) -> tuple[bool, str]:
    """The page text with every unit's text put back into its span, before provenance: whether the
    skeleton was the translation (else the English page), and the text."""
    source = languages.default().docs_dir / rel
    target = languages.get(code).docs_dir / rel
    english = blocks.units(source, source.read_text(encoding="utf-8"))
    skeleton_path, new = source, source.read_text(encoding="utf-8")
    if target.is_file():
        own_text = target.read_text(encoding="utf-8")
        own = blocks.units(target, own_text)
        # The translation is the skeleton when it has the English structure (a current one has).
        if [(u.key, u.kind) for u in own] == [(u.key, u.kind) for u in english]:
            skeleton_path, new = target, own_text
    for unit in sorted(blocks.units(skeleton_path, new), key=lambda u: u.start, reverse=True):
        text = texts[unit.key]
        if unit.field_path:
            if text != unit.text:
                new = new[: unit.start] + _yaml_value(new[unit.start : unit.end], text) + new[unit.end :]
            continue
        piece = _render(unit, text)
        if unit.kind == "heading" and skeleton_path == source and not unit.explicit_id:
            piece += f" {{#{unit.heading_id}}}"  # the translated text would make another id
        new = new[: unit.start] + piece + new[unit.end :]
    return skeleton_path == target, new


def build_page(code: str, rel: str, texts: dict[str, str], label: str, how: Provenance) -> tuple[Path, str | None]:
    """The new text of docs/<code>/<rel> from restored unit texts (None: nothing to change).

    Raises ImportRefusedError naming the units that would change the page's structure."""
    source = languages.default().docs_dir / rel
    target = languages.get(code).docs_dir / rel
    english = blocks.units(source, source.read_text(encoding="utf-8"))
    own_skeleton, new = assemble(code, rel, texts)
    current = target.is_file() and not translations.state(target).outdated
    if own_skeleton and new == target.read_text(encoding="utf-8") and how.status is None and current:
        return target, None
    status = how.status or "machine"
    extra = {"reviewed_by": how.reviewed_by or "", "reviewed_on": how.reviewed_on or ""} if status == "reviewed" else {}
    new = translation_cli.with_translation_block(new, translation_cli.current_block(source, status, **extra))
    problems = _structure_problems(target, new, english, texts, label, rel)
    if problems:
        raise ImportRefusedError(problems)
    return target, new


def _structure_problems(
    target: Path, new: str, english: list[blocks.Unit], texts: dict[str, str], label: str, rel: str
) -> list[Problem]:
    """Units whose new text changes the page's structure once written (the page cut again)."""
    try:
        again = {u.key: u for u in blocks.units(target, new)}
    except (blocks.SegmentError, frontmatter.FrontMatterError) as exc:
        return [Problem(label, rel, f"the page no longer reads as Markdown ({exc}); check the units named above")]
    problems = []
    for unit in english:
        got = again.get(unit.key)
        if got is None or got.kind != unit.kind or got.text != texts[unit.key]:
            problems.append(
                Problem(
                    label,
                    exporter.entry_id(rel, unit.key),
                    "this text changes the page's structure once written (a line starting with '#', '-', "
                    "'>', '|' or '1.', or a stray '[^x]:'); reword the start of the line",
                )
            )
    if not problems and list(again) != [u.key for u in english]:
        problems.append(Problem(label, rel, "the written page has other units than the English; report this"))
    return problems


def _page_texts(rel: str, entries: list[catalog.Entry], label: str) -> tuple[dict[str, str], list[Problem]]:
    """The restored text of every unit of one page, and what is wrong with the file's units."""
    english = exporter.english_units(rel)
    problems: list[Problem] = []
    given = {exporter.split_id(e.id)[1]: e for e in entries}
    for key in english.units:
        if key not in given:
            problems.append(
                Problem(label, exporter.entry_id(rel, key), "missing from the file; export again and merge it")
            )
    for key in given:
        if key not in english.units:
            problems.append(
                Problem(
                    label,
                    exporter.entry_id(rel, key),
                    "not in today's English page (it changed since the export): export again and merge",
                )
            )
    texts = {}
    for key, unit in english.units.items():
        entry = given.get(key)
        if entry is None:
            continue
        uid = exporter.entry_id(rel, key)
        masked = english.masked[key]
        if entry.source != masked.text:
            problems.append(Problem(label, uid, "its English text changed since the export: export again and merge"))
        elif not entry.target.strip():
            problems.append(Problem(label, uid, "not translated: translate it (every unit of a page is needed)"))
        elif entry.fuzzy:
            problems.append(
                Problem(label, uid, "marked fuzzy: check it against the English, then clear the fuzzy flag")
            )
        else:
            try:
                restored = placeholders.restore(entry.target, masked)
            except placeholders.PlaceholderError as exc:
                problems.append(Problem(label, uid, str(exc)))
                continue
            wrong = _check_text(unit, restored)
            if wrong:
                problems.append(Problem(label, uid, wrong))
            texts[key] = restored
    return texts, problems


def plan(code: str, file: Path, how: Provenance = Provenance()) -> dict[Path, str]:
    """The pages an exchange file would write (path -> new text); ImportRefusedError lists every problem."""
    lang = languages.get(code)
    if lang.default:
        raise ImportRefusedError(
            [Problem(str(file), "-", f"'{code}' is the source language; import into a translation")]
        )
    label = str(file)
    declared, entries = catalog.load(file)
    if declared and declared.replace("_", "-").split("-")[0] != code:
        raise ImportRefusedError([Problem(label, "-", f"the file is for language '{declared}', not '{code}'")])
    by_page: dict[str, list[catalog.Entry]] = {}
    problems: list[Problem] = []
    every = {p.relative_to(languages.default().docs_dir).as_posix() for p in languages.default().docs_dir.rglob("*.md")}
    for entry in entries:
        rel, key = exporter.split_id(entry.id)
        if rel not in every or not key:
            problems.append(Problem(label, entry.id, "no such English page or unit id; keep the ids of the export"))
            continue
        by_page.setdefault(rel, []).append(entry)
    out: dict[Path, str] = {}
    for rel, page_entries in by_page.items():
        texts, found = _page_texts(rel, page_entries, label)
        problems += found
        if found:
            continue
        try:
            path, text = build_page(code, rel, texts, label, how)
        except ImportRefusedError as exc:
            problems += exc.problems
            continue
        if text is not None:
            out[path] = text
    if problems:
        raise ImportRefusedError(problems)
    return out


def write(pages: dict[Path, str]) -> None:
    """Write each page atomically (a temporary file in its folder, then rename)."""
    for path, text in pages.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            Path(tmp).chmod(0o644)
            Path(tmp).replace(path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def review_provenance(status: str | None, by: str | None, on: str | None) -> Provenance:
    """The provenance flags of the command, checked before anything is read."""
    if status == "reviewed":
        if not by:
            raise ImportRefusedError([Problem("-", "-", "--status reviewed needs --by <coalition>")])
        return Provenance(status, by, on or dt.date.today().isoformat())
    return Provenance(status)
