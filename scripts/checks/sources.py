"""Gate 1: checks on docs/ that run before the build (and that the build runs first).

`check(tree)` reads and validates every source of a tree (the project by default; a test's
small tree) once, and returns the findings with the content snapshot taken from those reads,
which the build then uses (scripts/content/snapshot.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from scripts import project
from scripts.checks import indicators as indicator_checks
from scripts.checks import parity, unsafe
from scripts.checks.findings import ERROR, Finding
from scripts.cli import codeowners, new_language
from scripts.content import frontmatter, glossary, languages, papers, roundtables, schema, snapshot, sourcefile

RULES = [
    "languages",
    "file-names",
    "encoding",
    "ui-strings",
    "front-matter",
    "translation-source",
    "glossary",
    unsafe.RULE,
    *parity.RULES,
    *indicator_checks.RULES,
]


def _label(path: Path) -> str:
    return sourcefile.label(path)


def check_language_folders() -> list[Finding]:
    """Every folder of docs/ is a language of mkdocs.yml, and every language has one."""
    known = set(languages.codes())
    found = [
        Finding(
            "languages",
            f"docs/{name}/",
            None,
            f"'{name}' is not a language of the site",
            f"add it with `python -m scripts new-language {name}` or move the folder",
        )
        for name in languages.unknown_folders()
    ]
    found += [
        Finding("languages", f"docs/{code}/", None, f"language '{code}' has no folder", f"create docs/{code}/")
        for code in sorted(known)
        if not (project.docs() / code).is_dir()
    ]
    found += [
        Finding("languages", "mkdocs.yml", None, problem, "list the language under the plain code the build can use")
        for code in sorted(known)
        if (problem := new_language.code_problem(code))
    ]
    return found


_URL_SAFE_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")


def url_safe_name(name: str) -> str:
    """A name for a file or folder that is the same in every URL: lowercase ASCII, digits, '-', '.', '_'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9._-]+", "-", ascii_name).strip("-") or "page"


def check_file_names() -> list[Finding]:
    """File and folder names in docs/<code>/ are lowercase ASCII, so every URL to them stays as written.

    A space or an accent would have to be percent-encoded in every link, sitemap, feed, search
    index and PDF, and translations share the English file names: refusing them is one rule
    where supporting them would be one fix per tool.
    """
    out = []
    for code in languages.codes():
        folder = project.docs() / code
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if _URL_SAFE_NAME.fullmatch(path.name):
                continue
            out.append(
                Finding(
                    "file-names",
                    _label(path),
                    None,
                    f"'{path.name}' has characters that a URL must percent-encode (spaces, accents, capitals)",
                    f"rename it to '{url_safe_name(path.name)}' (git mv), in docs/en/ and in every translation, "
                    "and update the links to it",
                )
            )
    return out


def check_codeowners() -> list[Finding]:
    """CODEOWNERS lists one owner per language folder of mkdocs.yml."""
    if codeowners.is_current():
        return []
    return [
        Finding(
            "languages",
            ".github/CODEOWNERS",
            None,
            "does not match the languages of mkdocs.yml",
            "run `python -m scripts codeowners` and commit the result",
        )
    ]


def check_ui_strings() -> list[Finding]:
    """Each language's ui.yml has exactly the English keys."""
    found = [
        Finding("ui-strings", p.file, p.line, p.message, p.fix)
        for code in languages.codes()
        for p in languages.ui_problems(code)
    ]
    return list(dict.fromkeys(found))  # a broken English ui.yml is reported once, not once per language


def check_vocabulary() -> list[Finding]:
    """docs/en/ui.yml labels exactly the values the paper schema allows."""
    out = []
    if languages.ui_problems(languages.default().code):
        return out  # reported by check_ui_strings; every label would look missing
    labels = languages.ui(languages.default().code)["vocabulary"]
    for kind, values in papers.vocabulary().items():
        have = set(labels.get(kind, {}))
        for value in sorted(set(values) - have):
            out.append(
                Finding(
                    "ui-strings",
                    "docs/en/ui.yml",
                    None,
                    f"no label for {kind} '{value}'",
                    f"add vocabulary.{kind}.{value} (the values come from scripts/content/schemas/paper.schema.json)",
                )
            )
        for value in sorted(have - set(values)):
            out.append(
                Finding(
                    "ui-strings",
                    "docs/en/ui.yml",
                    None,
                    f"label for unknown {kind} '{value}'",
                    "remove it, or add the value to scripts/content/schemas/paper.schema.json",
                )
            )
    return out


def _glossary_finding(exc: glossary.GlossaryError) -> Finding:
    cause = exc.__cause__
    if isinstance(cause, sourcefile.SourceError):
        return Finding("glossary", cause.file, cause.line, cause.message, cause.fix)
    file, _, message = str(exc).partition(": ")
    return Finding("glossary", file.split(":")[0], None, message, "see the comment at the top of docs/en/glossary.yml")


def check_glossaries() -> list[Finding]:
    """Each glossary file is well formed, and translations keep the English entries' structure."""
    out = []
    for code in languages.codes():
        try:
            glossary.terms(code)
            glossary.terms(languages.default().code)
        except glossary.GlossaryError as exc:
            out.append(_glossary_finding(exc))
            continue
        for problem in glossary.problems(code):
            file, _, message = problem.partition(": ")
            out.append(Finding("glossary", file, None, message, "follow docs/en/glossary.yml entry by entry"))
    return list(dict.fromkeys(out))  # a broken English glossary is reported once, not once per language


def check_data_files() -> list[Finding]:
    """The decoded values of every language's ui.yml and glossary.yml are plain text."""
    out = []
    for lang in languages.languages():
        for name in ("ui.yml", glossary.FILE):
            path = lang.docs_dir / name
            if path.is_file():
                out += unsafe.scan_data_file(path, _label(path))
    return out


def check_page(path: Path, lang: languages.Language) -> list[Finding]:
    """Front matter (schema of the page type), translation source, and unsafe HTML of one page."""
    label = _label(path)
    try:
        sourcefile.read_text(path)
    except sourcefile.SourceError as exc:
        return [Finding("encoding", label, exc.line, exc.message, exc.fix)]  # nothing else can be read
    out = unsafe.scan_file(path, label)
    try:
        frontmatter.read(path)  # a front matter that does not parse is the one finding about it
    except frontmatter.FrontMatterError as exc:
        return [*out, Finding("front-matter", label, exc.line, exc.message, exc.fix)]
    rel = path.relative_to(lang.docs_dir).as_posix()
    kind = schema.page_type(rel)
    for problem in schema.checked(path, rel, not lang.default):
        out.append(
            Finding(
                "front-matter",
                label,
                problem.line,
                problem.message,
                f"see scripts/content/schemas/{kind}.schema.json for the fields of a {kind}",
            )
        )
    if not problems_found(out, label) and kind in MODEL_READERS:
        try:
            MODEL_READERS[kind](path, lang.code)
        except ValueError as exc:
            message = str(exc).split(": ", 1)[-1]
            out.append(Finding("front-matter", label, 2, message, f"see scripts/content/schemas/{kind}.schema.json"))
    if not lang.default and not (languages.default().docs_dir / rel).is_file():
        out.append(
            Finding(
                "translation-source",
                label,
                None,
                f"its English source docs/{languages.default().code}/{rel} does not exist",
                "rename it to match its English page, or delete it if the English page was removed",
            )
        )
    return out


def problems_found(found: list[Finding], label: str) -> bool:
    """Whether a page already has front matter findings (its model would fail the same way)."""
    return any(f.rule == "front-matter" and f.file == label for f in found)


MODEL_READERS = {"paper": papers.read, "roundtable": roundtables.read}


def markdown_files(codes: set[str] | None = None) -> list[tuple[Path, languages.Language]]:
    """Every Markdown page of every language (or of the given languages)."""
    chosen = [lang for lang in languages.languages() if codes is None or lang.code in codes]
    return [(p, lang) for lang in chosen for p in sorted(lang.docs_dir.rglob("*.md"))]


@dataclass(frozen=True)
class Checked:
    """What gate 1 found in a tree, and the snapshot of its sources the build looks things up in."""

    findings: list[Finding]
    snapshot: snapshot.Snapshot | None  # None when gate 1 found an error: nothing is built from it


def check(tree: Path | None = None, codes: set[str] | None = None) -> Checked:
    """Gate 1 on a tree (a folder with mkdocs.yml and docs/; the project by default): every
    source read and validated once, then the snapshot taken from the same reads."""
    with project.at(tree or project.ROOT):
        found = run(codes)
        passed = not any(f.severity == ERROR for f in found)
        return Checked(found, snapshot.take() if passed else None)


def run(codes: set[str] | None = None) -> list[Finding]:
    """All source checks on the tree of `project.root()` (pages and translations limited to
    `codes` when given, for previews); `check(tree)` runs them on another tree."""
    found = (
        check_language_folders()
        + check_file_names()
        + check_codeowners()
        + check_ui_strings()
        + check_vocabulary()
        + check_glossaries()
    )
    found += check_data_files()
    for path, lang in markdown_files(codes):
        found += check_page(path, lang)
    return found + parity.run(codes) + indicator_checks.run(codes)
