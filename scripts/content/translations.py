"""Translation provenance: which English text a translated page was made from, section by section.

A translated page records, in its front matter `translation:` block, the hash of the English
text it was made from (`source_hash`) and one hash per English section (`sections`, keyed by
heading id). When the English page changes, comparing today's section hashes with the recorded
ones says which sections were added, removed or edited. Hashes ignore whitespace: re-wrapping a
paragraph or adding blank lines changes nothing.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scripts import project
from scripts.content import frontmatter, languages, mdstructure, schema, sourcefile

HASH_LENGTH = 12
SECTION_HASH_LENGTH = 8
# Pseudo-sections: the translated front matter fields, and any text before the first heading.
FRONT_MATTER = "_front_matter"
TOP = "_top"


@functools.cache
def translatable(kind: str) -> frozenset[str]:
    """The front matter fields of a page type that translations translate (`x-translatable`)."""
    props = json.loads((schema.SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))["properties"]
    return frozenset(name for name, spec in props.items() if spec.get("x-translatable"))


def page_kind(path: Path) -> str:
    """The page type of a file under docs/<code>/ (plain page for a file elsewhere)."""
    try:
        rel = path.resolve().relative_to(project.docs())
    except ValueError:
        return "page"
    return schema.page_type(Path(*rel.parts[1:]).as_posix())


def normalise(text: str) -> str:
    """Text with whitespace folded: paragraphs (split at blank lines) with single spaces."""
    paragraphs = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def _digest(text: str, length: int) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


@dataclass(frozen=True)
class Section:
    """One part of a page: a heading and the text up to the next heading (or a pseudo-section)."""

    id: str
    title: str
    text: str

    @property
    def hash(self) -> str:
        """Whitespace-insensitive hash of the section's text."""
        return _digest(normalise(self.text), SECTION_HASH_LENGTH)


def section_key(heading_id: str, seen: dict[str, int]) -> str:
    """A section's key: its heading id, numbered from the second heading with the same id."""
    if heading_id in seen:
        seen[heading_id] += 1
        return f"{heading_id}_{seen[heading_id]}"
    seen[heading_id] = 0
    return heading_id


def sections(page: frontmatter.Page) -> list[Section]:
    """The sections of a page, in order: translated front matter fields, text before the first
    heading (if any), then one per heading, keyed by heading id (duplicates get _1, _2 as in MkDocs)."""
    keep = translatable(page_kind(page.path))
    fields = {k: page.meta[k] for k in sorted(keep) if k in page.meta}
    out = [Section(FRONT_MATTER, "", json.dumps(fields, ensure_ascii=False, sort_keys=True, default=str))]
    lines = page.body.split("\n")
    headings = mdstructure.read_structure(page).headings
    starts = [h.line - page.body_line for h in headings]
    top = "\n".join(lines[: starts[0] if starts else len(lines)])
    if top.strip():
        out.append(Section(TOP, "", top))
    seen: dict[str, int] = {}
    for i, heading in enumerate(headings):
        key = section_key(heading.id, seen)
        end = starts[i + 1] if i + 1 < len(starts) else len(lines)
        out.append(Section(key, heading.text, "\n".join(lines[starts[i] : end])))
    return out


def section_hashes(page: frontmatter.Page) -> dict[str, str]:
    """Heading id -> hash of the section, in page order."""
    return {s.id: s.hash for s in sections(page)}


def content_hash(page: frontmatter.Page) -> str:
    """Hash of a page's translatable content (translated fields and body, whitespace-insensitive)."""
    return _page_hash(section_hashes(page))


def _page_hash(sections: dict[str, str]) -> str:
    return _digest("\n".join(f"{k} {v}" for k, v in sections.items()), HASH_LENGTH)


def source_of(translated: Path) -> Path:
    """The English source of a translated page: same path under docs/<default>/."""
    rel = translated.resolve().relative_to(project.docs())
    return languages.default().docs_dir / Path(*rel.parts[1:])


def _english(translated_or_source: Path) -> Path:
    path = translated_or_source
    rel = path.resolve().relative_to(project.docs())
    return path if rel.parts[0] == languages.default().code else source_of(path)


def source_hash(translated_or_source: Path) -> str:
    """Current hash of the English source of a page (given the source or a translation)."""
    return content_hash(frontmatter.read(_english(translated_or_source)))


def source_sections(translated_or_source: Path) -> dict[str, str]:
    """Current section hashes of the English source of a page."""
    return section_hashes(frontmatter.read(_english(translated_or_source)))


@dataclass(frozen=True)
class SectionChanges:
    """Sections of the English page (heading ids) changed since a translation's source."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)
    known: bool = True  # False: the translation recorded no section hashes

    def ids(self) -> list[str]:
        """Every changed section id."""
        return [*self.added, *self.edited, *self.removed]

    def as_dict(self) -> dict[str, Any]:
        """For reports/translations.json."""
        return {"added": self.added, "removed": self.removed, "edited": self.edited, "known": self.known}


def compare_sections(recorded: dict[str, str] | None, current: dict[str, str]) -> SectionChanges:
    """Which sections were added, removed or edited between two sets of section hashes."""
    if not recorded:
        return SectionChanges(known=False)
    return SectionChanges(
        added=[k for k in current if k not in recorded],
        removed=[k for k in recorded if k not in current],
        edited=[k for k in current if k in recorded and recorded[k] != current[k]],
    )


STATUSES = ("machine", "reviewed")


class ProvenanceError(ValueError):
    """A translated page's `translation:` front matter is missing or malformed."""


@dataclass(frozen=True)
class Provenance:
    """What a translated page records about its making."""

    source_hash: str
    status: str
    reviewed_by: str | None = None
    reviewed_on: str | None = None
    sections: dict[str, str] | None = None


def provenance(meta: dict[str, Any], path: Path) -> Provenance:
    """Validate and return the `translation:` block of a translated page's front matter."""
    where = sourcefile.label(path)
    block = meta.get("translation")
    fix = (
        "add a front matter block 'translation: {source_hash: <hash>, status: machine}' "
        "(`python -m scripts translation start` writes it)"
    )
    if not isinstance(block, dict):
        raise ProvenanceError(f"{where}: no 'translation:' block in the front matter; {fix}")
    status = block.get("status")
    if status not in STATUSES:
        raise ProvenanceError(f"{where}: translation.status is {status!r}; expected one of {', '.join(STATUSES)}")
    source = str(block.get("source_hash") or "")
    if len(source) != HASH_LENGTH:
        raise ProvenanceError(
            f"{where}: translation.source_hash {source!r} is not a {HASH_LENGTH}-character hash; {fix}"
        )
    reviewed_by = block.get("reviewed_by")
    reviewed_on = block.get("reviewed_on")
    if status == "reviewed" and not (reviewed_by and reviewed_on):
        raise ProvenanceError(
            f"{where}: a reviewed translation needs translation.reviewed_by (the coalition) "
            "and translation.reviewed_on (a date, YYYY-MM-DD)"
        )
    recorded = block.get("sections")
    if recorded is not None and not (
        isinstance(recorded, dict)
        and all(isinstance(v, str) and len(v) == SECTION_HASH_LENGTH for v in recorded.values())
    ):
        raise ProvenanceError(
            f"{where}: translation.sections must map heading ids to {SECTION_HASH_LENGTH}-character hashes; "
            "`python -m scripts translation mark-current` rewrites them"
        )
    return Provenance(
        source,
        status,
        str(reviewed_by) if reviewed_by else None,
        str(reviewed_on) if reviewed_on else None,
        {str(k): v for k, v in recorded.items()} if recorded else None,
    )


@dataclass(frozen=True)
class State:
    """Where one translated page stands against today's English page."""

    provenance: Provenance
    outdated: bool
    changes: SectionChanges


def state(translated: Path, meta: dict[str, Any] | None = None) -> State:
    """Whether a translation is outdated and which English sections changed since its source.

    Raises ProvenanceError (or FrontMatterError) when its `translation:` block is unusable."""
    info = provenance(meta if meta is not None else frontmatter.read(translated).meta, translated)
    source = source_of(translated)
    current = _cached_sections(source)
    if info.source_hash == _page_hash(current):
        return State(info, False, SectionChanges())
    return State(info, True, compare_sections(info.sections, dict(current)))


@sourcefile.per_file_version
def _cached_sections(path: Path) -> dict[str, str]:
    # Every language's pages compare with the same English file: hashed once per version of it.
    return section_hashes(frontmatter.read(path))
