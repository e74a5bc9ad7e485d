"""Translation provenance: which English text a translated page was made from."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts import frontmatter, languages
from scripts.project import DOCS

# Front matter fields whose text is translated; a change to any of them, or to the body,
# makes the translations of the page outdated.
TRANSLATED_FIELDS = ("title", "description", "summary")
HASH_LENGTH = 12


def content_hash(page: frontmatter.Page) -> str:
    """Hash of a page's translatable content (translated fields and body, whitespace-normalised)."""
    parts = [f"{k}: {page.meta.get(k, '')}".strip() for k in TRANSLATED_FIELDS]
    body = "\n".join(line.rstrip() for line in page.body.replace("\r\n", "\n").strip().split("\n"))
    digest = hashlib.sha256("\n".join([*parts, body]).encode("utf-8")).hexdigest()
    return digest[:HASH_LENGTH]


def source_of(translated: Path) -> Path:
    """The English source of a translated page: same path under docs/<default>/."""
    rel = translated.resolve().relative_to(DOCS.resolve())
    return languages.default().docs_dir / Path(*rel.parts[1:])


def source_hash(translated_or_source: Path) -> str:
    """Current hash of the English source of a page (given the source or a translation)."""
    path = translated_or_source
    rel = path.resolve().relative_to(DOCS.resolve())
    if rel.parts[0] != languages.default().code:
        path = source_of(path)
    return content_hash(frontmatter.read(path))


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


def provenance(meta: dict[str, Any], path: Path) -> Provenance:
    """Validate and return the `translation:` block of a translated page's front matter."""
    where = path.relative_to(DOCS.parent) if path.is_relative_to(DOCS.parent) else path
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
    return Provenance(
        source, status, str(reviewed_by) if reviewed_by else None, str(reviewed_on) if reviewed_on else None
    )
