"""The glossary: one file of terms per language (docs/<code>/glossary.yml).

The same data makes the Glossary page and the abbreviation tooltips of every page of the
language (overrides/hooks/glossary.py). A language without its own file uses English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from scripts.content import languages, sourcefile

FILE = "glossary.yml"


class GlossaryError(ValueError):
    """The glossary file is malformed; the message names the file, the entry and the fix."""


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    term: str
    abbr: tuple[tuple[str, str], ...]
    definition: str
    sources: tuple[str, ...]

    @property
    def slug(self) -> str:
        """An id made from the term (of the English entry, for ids shared by every language)."""
        return "term-" + re.sub(r"[^a-z0-9]+", "-", self.term.lower()).strip("-")


def path_for(code: str) -> Path:
    """The glossary file a language uses (its own, or English)."""
    own = languages.get(code).docs_dir / FILE
    return own if own.is_file() else languages.default().docs_dir / FILE


def _entry(raw: object, where: str, number: int) -> Term:
    if not isinstance(raw, dict):
        raise GlossaryError(f"{where}: entry {number} must be a mapping with term, definition and sources")
    unknown = set(raw) - {"term", "abbr", "definition", "sources"}
    if unknown:
        raise GlossaryError(f"{where}: entry {number} has unknown field(s) {sorted(unknown)}")
    term, definition, sources = raw.get("term"), raw.get("definition"), raw.get("sources")
    abbr = raw.get("abbr") or {}
    if not isinstance(term, str) or not term.strip():
        raise GlossaryError(f"{where}: entry {number} needs a 'term' (text)")
    if not isinstance(definition, str) or len(definition.strip()) < 10:
        raise GlossaryError(f"{where}: entry {number} ('{term}') needs a 'definition' (a sentence)")
    if not isinstance(abbr, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in abbr.items()):
        raise GlossaryError(f"{where}: entry {number} ('{term}'): 'abbr' maps abbreviations to what they stand for")
    if not isinstance(sources, list) or not sources or not all(str(s).startswith("http") for s in sources):
        raise GlossaryError(f"{where}: entry {number} ('{term}') needs 'sources': a list of http(s) URLs")
    return Term(term.strip(), tuple(abbr.items()), " ".join(definition.split()), tuple(str(s) for s in sources))


@sourcefile.per_file_version
def _load(path: Path) -> tuple[Term, ...]:
    where = sourcefile.label(path)
    try:
        data = sourcefile.read_yaml(path)
    except sourcefile.SourceError as exc:
        raise GlossaryError(str(exc)) from exc
    if not isinstance(data, list):
        raise GlossaryError(f"{where}: must be a list of entries")
    return tuple(_entry(raw, where, n) for n, raw in enumerate(data, 1))


def terms(code: str) -> tuple[Term, ...]:
    """The glossary of a language, in its file's order."""
    path = path_for(code)
    if not path.is_file():  # a missing English glossary: an error to act on, not a traceback
        missing = sourcefile.SourceError(sourcefile.label(path), None, "missing", f"restore docs/en/{FILE} from git")
        raise GlossaryError(str(missing)) from missing
    return _load(path)


def anchors(code: str) -> list[str]:
    """The ids of a language's entries: those of the English entries, so links work everywhere."""
    english = [t.slug for t in terms(languages.default().code)]
    return english[: len(terms(code))]


def problems(code: str) -> list[str]:
    """How a translated glossary differs in structure from the English one."""
    own = languages.get(code).docs_dir / FILE
    if code == languages.default().code or not own.is_file():
        return []
    try:
        mine, english = _load(own), terms(languages.default().code)
    except GlossaryError as exc:
        return [str(exc)]
    where = sourcefile.label(own)
    out = []
    if len(mine) != len(english):
        out.append(f"{where}: {len(mine)} entries, the English glossary has {len(english)}")
    for number, (a, b) in enumerate(zip(mine, english, strict=False), 1):
        if [k for k, _ in a.abbr] != [k for k, _ in b.abbr] or a.sources != b.sources:
            out.append(
                f"{where}: entry {number} ('{a.term}') must keep the abbreviations and sources of "
                f"English entry {number} ('{b.term}')"
            )
    return out
