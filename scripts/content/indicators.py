"""The red-flag indicator library: one record per indicator, read from docs/<code>/indicators.yml.

English (docs/en/indicators.yml) defines every record; a translation carries only the
translated text by id, with the same `translation:` provenance block as a page, and one
section hash per indicator so that an English edit marks exactly that indicator outdated.
An indicator a translation lacks is shown in English. Papers, the Indicators page, the
downloads (scripts/postbuild/indicators.py) and the PDF appendix all read it from here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from scripts.content import languages, papers, schema, sourcefile, translations

FILE = "indicators.yml"
REGISTRY = schema.SCHEMAS / "indicator-ids.txt"
ENGLISH_SCHEMA = "indicators"
TRANSLATION_SCHEMA = "indicators-translation"
DOWNLOAD_SCHEMA = schema.SCHEMAS / "indicators-download.schema.json"
# `<!-- hooks/indicators.py: list MA-01 MA-02 -->` in a paper: where its red flags are shown.
MARKER = re.compile(r"<!-- hooks/indicators\.py: (list|detailed|table) ((?:[A-Z]{2}-[0-9]{2,3} ?)+) -->")
_FOOTNOTE = re.compile(r"^\[\^(s[0-9]+)\]:\s*(.*?):?\s*<(https?://[^>]+)>\s*$", re.M)


class IndicatorError(ValueError):
    """The indicator library cannot be used; names the file, the line and the fix."""

    def __init__(self, file: str, line: int | None, message: str, fix: str) -> None:
        self.file, self.line, self.message, self.fix = file, line, message, fix
        super().__init__(f"{file}:{line or 1}: {message} (fix: {fix})")


@dataclass(frozen=True)
class Indicator:
    """One English indicator record."""

    id: str
    statement: str
    explanation: str
    stage: str
    sectors: tuple[str, ...]
    papers: tuple[str, ...]
    basis: str
    sources: tuple[str, ...]
    added: int
    changed: tuple[int, ...]
    withdrawn: int | None
    withdrawn_reason: str | None
    line: int

    @property
    def active(self) -> bool:
        """Not withdrawn."""
        return self.withdrawn is None

    def text_hash(self) -> str:
        """Whitespace-insensitive hash of the translatable text (a translation's section hash)."""
        text = "\n\n".join(filter(None, [self.statement, self.explanation, self.withdrawn_reason]))
        return translations.Section(self.id, "", text).hash


@dataclass(frozen=True)
class Library:
    """The English library: editions, id prefixes and records in file order."""

    path: Path
    editions: tuple[dict[str, Any], ...]
    prefixes: dict[str, str]
    indicators: tuple[Indicator, ...]

    @property
    def edition(self) -> int:
        """The current edition (the highest listed)."""
        return max(int(e["edition"]) for e in self.editions)

    def by_id(self) -> dict[str, Indicator]:
        """Records by id."""
        return {i.id: i for i in self.indicators}

    def for_paper(self, paper_id: str) -> list[Indicator]:
        """The active indicators a paper shows."""
        return [i for i in self.indicators if paper_id in i.papers and i.active]


@dataclass(frozen=True)
class Shown:
    """An indicator as one language shows it: its translation where there is one, else English."""

    english: Indicator
    statement: str
    statement_lang: str
    explanation: str
    explanation_lang: str
    withdrawn_reason: str | None
    outdated: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def english_path() -> Path:
    """docs/en/indicators.yml."""
    return languages.default().docs_dir / FILE


def _record_lines(text: str) -> list[int]:
    """The line of each item of the `indicators:` list (1-based), for findings."""
    root = yaml.compose(text, Loader=sourcefile.FAST_LOADER)
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if key.value == "indicators" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
        if key.value == "indicators" and isinstance(value, yaml.MappingNode):
            return [k.start_mark.line + 1 for k, _ in value.value]
    return []


def _key_line(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"^{re.escape(key)}\s*:", line):
            return number
    return None


def _schema_problems(data: Any, kind: str, text: str, label: str) -> list[IndicatorError]:
    lines = _record_lines(text)
    out = []
    for error in sorted(schema.validator(kind).iter_errors(schema.jsonable(data)), key=lambda e: list(e.absolute_path)):
        _, message = schema._describe(error)  # the same wording as front matter findings
        path = list(error.absolute_path)
        line = _key_line(text, str(path[0])) if path else 1
        if len(path) > 1 and path[0] == "indicators":
            index = path[1] if isinstance(path[1], int) else list(data["indicators"]).index(path[1])
            line = lines[index] if index < len(lines) else line
        out.append(IndicatorError(label, line, message, f"see scripts/content/schemas/{kind}.schema.json"))
    return out


def _read(path: Path, kind: str) -> tuple[Any, str]:
    label = sourcefile.label(path)
    if not path.is_file():  # an error to act on, not a traceback
        raise IndicatorError(label, None, "missing", f"restore docs/en/{FILE} from git")
    try:
        text = sourcefile.read_text(path)
        data = sourcefile.load_yaml(text, label)
    except sourcefile.SourceError as exc:
        raise IndicatorError(exc.file, exc.line, exc.message, exc.fix) from None
    problems = _schema_problems(data, kind, text, label)
    if problems:
        raise problems[0]
    return data, text


def parse(path: Path) -> Library:
    """Read and validate the English library (schema only; `problems` checks the rest)."""
    data, text = _read(path, ENGLISH_SCHEMA)
    lines = _record_lines(text)
    records = []
    for raw, line in zip(data["indicators"], lines, strict=True):
        history = raw["history"]
        withdrawn = history.get("withdrawn") or {}
        records.append(
            Indicator(
                id=raw["id"],
                statement=" ".join(raw["statement"].split()),
                explanation=" ".join(raw["explanation"].split()),
                stage=raw["stage"],
                sectors=tuple(raw["sectors"]),
                papers=tuple(raw["papers"]),
                basis=raw["basis"],
                sources=tuple(raw["sources"]),
                added=int(history["added"]),
                changed=tuple(history.get("changed") or ()),
                withdrawn=withdrawn.get("edition"),
                withdrawn_reason=" ".join(withdrawn["reason"].split()) if withdrawn else None,
                line=line,
            )
        )
    return Library(path, tuple(data["editions"]), dict(data["prefixes"]), tuple(records))


@sourcefile.per_file_version
def _cached(path: Path) -> Library:
    return parse(Path(path))


def english() -> Library:
    """The English library (parsed again only when the file changes)."""
    return _library(english_path())


def _library(path: Path) -> Library:
    return _cached(path) if path.is_file() else parse(path)  # parse names the missing file


def stages() -> list[str]:
    """The stages, in the schema's order."""
    return list(schema.validator(ENGLISH_SCHEMA).schema["$defs"]["indicator"]["properties"]["stage"]["enum"])


def registry(path: Path = REGISTRY) -> dict[str, tuple[str, int]]:
    """Issued ids: id -> (state: 'issued' or 'withdrawn', line)."""
    out = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        words = raw.split("#")[0].split()
        if words:
            out[words[0]] = (words[1] if len(words) > 1 else "issued", number)
    return out


def footnotes(paper: Path) -> dict[str, tuple[str, str]]:
    """A paper's footnote definitions: key -> (title, URL)."""
    return {m.group(1): (m.group(2).strip(), m.group(3)) for m in _FOOTNOTE.finditer(sourcefile.read_text(paper))}


def markers(text: str) -> list[tuple[int, str, list[str]]]:
    """The indicator markers of a paper: (line, layout, ids)."""
    return [(text.count("\n", 0, m.start()) + 1, m.group(1), m.group(2).split()) for m in MARKER.finditer(text)]


def _next_free(prefix: str, issued: dict[str, tuple[str, int]]) -> str:
    numbers = [int(i.split("-")[1]) for i in issued if i.startswith(f"{prefix}-")]
    return f"{prefix}-{max(numbers, default=0) + 1:02d}"


def problems(
    path: Path | None = None, registry_path: Path = REGISTRY, papers_dir: Path | None = None
) -> list[IndicatorError]:
    """Everything wrong with the English library: schema, ids (unique, issued, never reused),
    editions, papers, sources and the papers' markers."""
    path = path or english_path()
    papers_dir = papers_dir or languages.default().docs_dir / papers.FOLDER
    try:
        lib = _library(path)
    except IndicatorError as exc:
        return [exc]
    label, reg_label = sourcefile.label(path), sourcefile.label(registry_path)
    issued = registry(registry_path)
    out: list[IndicatorError] = []
    editions = {int(e["edition"]) for e in lib.editions}
    seen: dict[str, int] = {}
    for ind in lib.indicators:
        prefix = ind.id.split("-")[0]
        if ind.id in seen:
            out.append(
                IndicatorError(
                    label,
                    ind.line,
                    f"id {ind.id} is already used by the record on line {seen[ind.id]}",
                    f"give this indicator the next free id, {_next_free(prefix, issued)}, and add it to {reg_label}",
                )
            )
            continue
        seen[ind.id] = ind.line
        state = issued.get(ind.id)
        if state is None:
            out.append(
                IndicatorError(
                    label,
                    ind.line,
                    f"id {ind.id} was never issued (it is not in {reg_label}); ids are never renamed",
                    f"if this is a new indicator, add the line '{ind.id}' to {reg_label} "
                    f"(the next free id is {_next_free(prefix, issued)}); if it replaces an id, keep the old id",
                )
            )
        elif state[0] == "withdrawn" and ind.active:
            out.append(
                IndicatorError(
                    label,
                    ind.line,
                    f"id {ind.id} was withdrawn ({reg_label}:{state[1]}) and an id is never reused",
                    f"restore the withdrawn record with history.withdrawn, and give the new indicator "
                    f"the next free id, {_next_free(prefix, issued)}",
                )
            )
        elif state[0] != "withdrawn" and not ind.active:
            out.append(
                IndicatorError(
                    reg_label,
                    state[1],
                    f"{ind.id} is withdrawn in {label}:{ind.line} but not in the registry",
                    f"write the line as '{ind.id} withdrawn'",
                )
            )
        if lib.prefixes.get(prefix) != ind.papers[0]:
            out.append(
                IndicatorError(
                    label,
                    ind.line,
                    f"id {ind.id}: prefix {prefix} belongs to paper '{lib.prefixes.get(prefix, '(none)')}', "
                    f"but its first paper is '{ind.papers[0]}'",
                    "list the paper of the prefix first in `papers` (an id never changes)",
                )
            )
        for number in (ind.added, *ind.changed, *([ind.withdrawn] if ind.withdrawn else [])):
            if number not in editions:
                out.append(
                    IndicatorError(
                        label, ind.line, f"{ind.id}: edition {number} is not listed under `editions`", "add it there"
                    )
                )
        if any(n < ind.added for n in (*ind.changed, ind.withdrawn or ind.added)):
            out.append(
                IndicatorError(
                    label, ind.line, f"{ind.id}: changed or withdrawn before it was added", "check the history editions"
                )
            )
        for paper_id in ind.papers:
            paper_file = papers_dir / f"{paper_id}.md"
            if not paper_file.is_file():
                out.append(
                    IndicatorError(
                        label, ind.line, f"{ind.id}: paper '{paper_id}' does not exist", "use the id of a paper"
                    )
                )
                continue
            missing = [key for key in ind.sources if key not in footnotes(paper_file)]
            if missing:
                out.append(
                    IndicatorError(
                        label,
                        ind.line,
                        f"{ind.id}: source(s) {', '.join(missing)} are not footnotes of paper '{paper_id}'",
                        f"add the footnote definition to {sourcefile.label(paper_file)} or use its key",
                    )
                )
    for reg_id, (_, line) in issued.items():
        if reg_id not in seen:
            out.append(
                IndicatorError(
                    reg_label,
                    line,
                    f"issued id {reg_id} has no record in {label}; an id is never deleted or renamed",
                    f"restore the record {reg_id} and withdraw it (history.withdrawn with edition and reason)",
                )
            )
    out += marker_problems(lib, papers_dir)
    return out


def marker_problems(lib: Library, papers_dir: Path) -> list[IndicatorError]:
    """Each paper's markers list exactly its active indicators, each once, and only known ids."""
    out = []
    known = lib.by_id()
    for paper_file in sorted(papers_dir.glob("*.md")):
        if paper_file.name == "index.md":
            continue
        label = sourcefile.label(paper_file)
        found = markers(sourcefile.read_text(paper_file))
        listed = [i for _, _, ids in found for i in ids]
        line = found[0][0] if found else None
        for marker_line, _, ids in found:
            for i in ids:
                if i not in known:
                    out.append(
                        IndicatorError(label, marker_line, f"unknown indicator {i}", "use an id of indicators.yml")
                    )
                elif not known[i].active:
                    out.append(
                        IndicatorError(
                            label,
                            marker_line,
                            f"{i} was withdrawn in edition {known[i].withdrawn}; a paper no longer shows it",
                            f"remove {i} from the marker (the Indicators page keeps it, marked as withdrawn)",
                        )
                    )
                elif paper_file.stem not in known[i].papers:
                    out.append(
                        IndicatorError(
                            label,
                            marker_line,
                            f"{i} is shown here but its record does not list paper '{paper_file.stem}'",
                            f"add '{paper_file.stem}' to the papers of {i}, or remove it from the marker",
                        )
                    )
        for i in sorted({i for i in listed if listed.count(i) > 1}):
            out.append(IndicatorError(label, line, f"{i} is listed twice", "list each indicator once"))
        for ind in lib.for_paper(paper_file.stem):
            if ind.id not in listed:
                out.append(
                    IndicatorError(
                        label,
                        line,
                        f"{ind.id} lists this paper but no marker shows it",
                        f"add {ind.id} to a marker '<!-- hooks/indicators.py: list ... -->' in the red flags section",
                    )
                )
    return out


def translation_path(code: str) -> Path:
    """docs/<code>/indicators.yml."""
    return languages.get(code).docs_dir / FILE


@dataclass(frozen=True)
class Translation:
    """A language's translated texts, by id, with its provenance."""

    path: Path
    provenance: translations.Provenance
    texts: dict[str, dict[str, str]]


def parse_translation(path: Path) -> Translation:
    """Read and validate a translation file."""
    data, _ = _read(path, TRANSLATION_SCHEMA)
    try:
        info = translations.provenance(data, path)
    except translations.ProvenanceError as exc:
        raise IndicatorError(sourcefile.label(path), 2, str(exc).split(": ", 1)[-1], "see CONTRIBUTING.md") from None
    texts = {k: {f: " ".join(v.split()) for f, v in entry.items()} for k, entry in data["indicators"].items()}
    return Translation(path, info, texts)


@sourcefile.per_file_version
def _cached_translation(path: Path) -> Translation:
    return parse_translation(Path(path))


def translation(code: str) -> Translation | None:
    """A language's translation file, if it has one."""
    path = translation_path(code)
    if languages.get(code).default or not path.is_file():
        return None
    return _cached_translation(path)


def current_block(lib: Library, ids: list[str], status: str = "machine") -> dict[str, Any]:
    """The provenance block of a translation of today's English text of these indicators."""
    sections = {i.id: i.text_hash() for i in lib.indicators if i.id in ids}
    return {"source_hash": translations._page_hash(sections), "status": status, "sections": sections}


def translation_problems(code: str) -> list[IndicatorError]:
    """A translation file: readable, known ids, and (as warnings) indicators changed in English since."""
    path = translation_path(code)
    if not path.is_file():
        return []
    try:
        tr = _cached_translation(path)
        lib = english()
    except IndicatorError as exc:
        return [exc]
    label = sourcefile.label(path)
    text = sourcefile.read_text(path)
    lines = dict(zip(tr.texts, _record_lines(text), strict=False))
    known = lib.by_id()
    out = []
    for i in tr.texts:
        if i not in known:
            out.append(
                IndicatorError(label, lines.get(i), f"{i} is not an English indicator", "remove it, or correct the id")
            )
    return out


def outdated(code: str) -> list[str]:
    """Ids whose English text changed since the translation recorded it."""
    tr = translation(code)
    if tr is None:
        return []
    recorded = tr.provenance.sections or {}
    return [i.id for i in english().indicators if i.id in tr.texts and recorded.get(i.id) != i.text_hash()]


def shown(code: str) -> list[Shown]:
    """Every indicator (withdrawn ones too) as a language shows it."""
    english_code = languages.default().code
    tr = translation(code)
    stale = set(outdated(code))
    out = []
    for ind in english().indicators:
        texts = tr.texts.get(ind.id, {}) if tr else {}
        statement_lang = code if "statement" in texts else english_code
        explanation_lang = code if "explanation" in texts else english_code
        out.append(
            Shown(
                ind,
                texts.get("statement", ind.statement),
                statement_lang,
                texts.get("explanation", ind.explanation),
                explanation_lang,
                texts.get("withdrawn_reason", ind.withdrawn_reason) if ind.withdrawn else None,
                ind.id in stale,
            )
        )
    return out


def sources_of(ind: Indicator) -> list[dict[str, str]]:
    """The sources of an indicator, resolved from its first paper's footnotes."""
    notes = footnotes(languages.default().docs_dir / papers.FOLDER / f"{ind.papers[0]}.md")
    return [{"key": k, "title": notes[k][0], "url": notes[k][1]} for k in ind.sources if k in notes]


def edition_date(entry: dict[str, Any]) -> dt.date:
    """The date of an entry of `editions`."""
    value = entry["date"]
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def read_source(path: str) -> str:
    """A Markdown source as text ('' when there is none)."""
    return sourcefile.read_text(Path(path)) if path and Path(path).is_file() else ""


def download_schema() -> dict[str, Any]:
    """The published JSON Schema of the JSON download."""
    return json.loads(DOWNLOAD_SCHEMA.read_text(encoding="utf-8"))


def write_translation_block(code: str) -> Path:
    """Record that a language's indicators were translated from today's English text."""
    path = translation_path(code)
    text = path.read_text(encoding="utf-8")
    tr = parse_translation(path)
    block = current_block(english(), list(tr.texts))  # as for a page: back to machine
    from scripts.cli.translation import translation_block  # the same layout as a page's block

    start = re.search(r"^translation:[^\n]*\n(?:[ \t]+[^\n]*\n)*", text, re.M)
    if start is None:
        raise IndicatorError(sourcefile.label(path), 1, "no translation: block", "add one")
    path.write_text(text[: start.start()] + translation_block(block) + text[start.end() :], encoding="utf-8")
    return path
