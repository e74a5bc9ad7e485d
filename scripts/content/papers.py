"""The best-practice papers: their metadata, read and validated from front matter.

A paper is docs/<language>/papers/<id>.md. The English file defines the paper; a translation
is the same path in another language's folder. Everything that lists papers (the index, the
header block, the feeds, the PDF editions) reads them from here.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts.content import languages, schema, typed_pages

FOLDER = "papers"
SCHEMA_FILE = schema.SCHEMAS / "paper.schema.json"


class PaperError(ValueError):
    """A paper's front matter is invalid; the message names the file, the field and the fix."""


@dataclass(frozen=True)
class Paper:
    """One language version of a paper."""

    id: str
    lang: str
    path: Path
    title: str
    summary: str
    sectors: tuple[str, ...]
    audience: tuple[str, ...]
    edition: int
    published: dt.date
    revised: dt.date | None
    status: str
    successor: str | None
    based_on: tuple[dict[str, Any], ...]
    translation: dict[str, Any] | None

    @property
    def updated(self) -> dt.date:
        """The date of the latest edition or revision."""
        return self.revised or self.published

    @property
    def coalitions(self) -> tuple[str, ...]:
        """The coalitions whose publications the paper is based on, in the schema's order (maybe none)."""
        named = {source.get("coalition") for source in self.based_on}
        return tuple(c for c in vocabulary()["coalition"] if c in named)

    @property
    def publishers(self) -> tuple[str, ...]:
        """Who published the publications the paper is based on, without repeats."""
        return tuple(dict.fromkeys(str(source["publisher"]) for source in self.based_on))

    def sources_with_notes(self, shown: Paper) -> list[dict[str, Any]]:
        """This (English) paper's publications, with each note in the language of `shown`.

        Translations copy the list and translate only the notes: titles, publishers, years
        and links always come from English.
        """
        notes = [source.get("note") for source in shown.based_on] if len(shown.based_on) == len(self.based_on) else []
        out = []
        for i, source in enumerate(self.based_on):
            note = notes[i] if notes and notes[i] else source.get("note")
            out.append({**source, "note": note, "note_lang": shown.lang if notes and notes[i] else self.lang})
        return out

    @property
    def url(self) -> str:
        """The paper's path from the site root, in its language's tree (e.g. fr/papers/x/)."""
        return f"{languages.get(self.lang).prefix}{FOLDER}/{self.id}/"


@functools.cache
def vocabulary() -> dict[str, list[str]]:
    """The fixed lists of values (sectors, audience, coalition, status) from the schema."""
    props = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))["properties"]
    return {
        "sectors": list(props["sectors"]["items"]["enum"]),
        "audience": list(props["audience"]["items"]["enum"]),
        "coalition": list(props["based_on"]["items"]["properties"]["coalition"]["enum"]),
        "status": list(props["status"]["enum"]),
    }


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _parse(path: Path, lang: str) -> Paper:
    """Read and validate one paper file."""
    language = languages.get(lang)
    m = schema.read_checked(path, language.docs_dir, not language.default, PaperError).meta
    return Paper(
        id=m["id"],
        lang=lang,
        path=path,
        title=m["title"],
        summary=" ".join(str(m["summary"]).split()),
        sectors=tuple(m["sectors"]),
        audience=tuple(m["audience"]),
        edition=int(m["edition"]),
        published=_date(m["published"]),
        revised=_date(m["revised"]) if m.get("revised") else None,
        status=m["status"],
        successor=m.get("successor"),
        based_on=tuple(m["based_on"]),
        translation=m.get("translation"),
    )


read = typed_pages.cached_reader(_parse)


def paper_files(lang: str) -> list[Path]:
    """The paper files of one language, sorted by name."""
    return typed_pages.files(lang, FOLDER)


def english() -> list[Paper]:
    """Every paper, in English, newest first (then by title)."""
    default = languages.default().code
    papers = [read(p, default) for p in paper_files(default)]
    ids = {p.id for p in papers}
    for p in papers:
        if p.successor and p.successor not in ids:
            raise PaperError(f"{p.path}: successor '{p.successor}' is not the id of a paper")
    return sorted(papers, key=lambda p: (-p.updated.toordinal(), p.title))


def translations(paper_id: str) -> dict[str, Paper]:
    """The versions of one paper that exist, by language code (English included)."""
    out = {}
    for lang in languages.languages():
        path = lang.docs_dir / FOLDER / f"{paper_id}.md"
        if path.is_file():
            out[lang.code] = read(path, lang.code)
    return out


def for_language(code: str) -> list[tuple[Paper, Paper]]:
    """(English paper, version shown in this language) for every paper: the translation if any."""
    return typed_pages.shown_in(code, FOLDER, english(), read)
