"""The build's own cache: what each stage read, hashed, and the output it gave for that hash.

A stage is skipped when the hash of its inputs names an entry in `.cache/build/`:
- gate 1 (`sources-<key>.ok`): every file under docs/, the project's code and mkdocs.yml;
- one language's MkDocs build (`lang/<code>-<key>/`): docs/en and docs/<code> (contents),
  the list of every file under docs/ (the i18n plugin's alternates), the translation status
  of every language (the Translation status page shows them all), the code (mkdocs.yml,
  overrides/, scripts/, the pinned requirements, Python), what shapes a PDF besides its
  document (fonts, WeasyPrint: each language plans its PDF editions), the address built for
  and which languages are built together (the language switcher lists them);
- the whole site after the post-build steps (`site/<key>/`): every language's key and the
  contents of all of docs/ (feeds, sitemaps, PDFs and downloads read every language).

Entries are written into a locked temporary folder and renamed into place
(scripts/build/workdir.py), so a killed build never leaves a half entry, and two builds may
share the cache. Outputs are copied out of the cache, not hard-linked: the post-build steps
rewrite some pages in place, which would change a hard-linked entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

from scripts.build import workdir
from scripts.project import CONFIG_FILE, DOCS, OVERRIDES, ROOT
from scripts.project import files as files_under

CACHE = ROOT / ".cache" / "build"
KEEP = 3  # entries kept per language or site: a preview and a publishing build alternate
_CODE = [CONFIG_FILE, OVERRIDES, ROOT / "scripts", ROOT / "requirements.txt"]


def _hash_files(h: hashlib._Hash, paths: Iterable[Path]) -> None:
    for path in files_under(paths):
        h.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())


def digest(*parts: object, files: Iterable[Path] = ()) -> str:
    """A short hash of some values (as JSON) and of the named files and folders (paths and bytes)."""
    h = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode())
    _hash_files(h, files)
    return h.hexdigest()[:20]


def code_key() -> str:
    """The build's code: configuration, theme overrides, hooks and scripts, pinned packages, Python."""
    return digest(sys.version, files=_CODE)


def docs_listing() -> list[str]:
    """Every file under docs/, as paths inside it."""
    return [p.relative_to(DOCS).as_posix() for p in files_under([DOCS])]


def translation_status_data() -> list[object]:
    """The translation status of every language, as the Translation status page shows it.

    Kept in the cache under the hash of every source and of the code: working it out reads
    and parses every translated page.
    """
    from dataclasses import asdict

    from scripts.content import translation_status

    saved = CACHE / f"status-{sources_key()}.json"
    try:
        return list(json.loads(saved.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        pass
    data = [asdict(s) for s in translation_status.all_status()]
    saved.parent.mkdir(parents=True, exist_ok=True)
    partial = saved.with_name(f".{saved.name}.{os.getpid()}")
    partial.write_text(json.dumps(data, sort_keys=True, default=str), encoding="utf-8")
    partial.replace(saved)
    for old in sorted(CACHE.glob("status-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]:
        old.unlink(missing_ok=True)
    return data


def sources_key() -> str:
    """Gate 1's inputs: every source file and the code that checks it (gate 1's own key, which
    also names its content snapshot: computed in one place)."""
    from scripts.content import snapshot

    return snapshot.sources_key()


def language_keys(codes: list[str], site_url: str | None) -> dict[str, str]:
    """The key of each language's MkDocs build, when built together with the others in codes."""
    from scripts.content import languages
    from scripts.pdf import editions

    # The fonts and WeasyPrint too: each language plans its PDF editions (scripts/build/langsteps.py).
    shared = digest(code_key(), site_url, codes, docs_listing(), translation_status_data(), editions.inputs_signature())
    default = languages.default()
    english = digest(files=[default.docs_dir])
    return {
        code: digest(shared, english, files=[] if code == default.code else [languages.get(code).docs_dir])
        for code in codes
    }


def site_key(lang_keys: dict[str, str], publishing: bool) -> str:
    """The whole site's key: every language's, and every source the post-build steps read."""
    return digest(lang_keys, publishing, os.environ.get("SITE_PDF_CACHE", ""), files=[DOCS])


def lang_entry(code: str, key: str) -> Path:
    """Where one language's MkDocs output for key is kept."""
    return CACHE / "lang" / f"{code}-{key}"


def site_entry(key: str) -> Path:
    """Where the whole built site for key is kept."""
    return CACHE / "site" / key


def sources_mark(key: str) -> Path:
    """A file that exists when gate 1 found no error in these inputs."""
    return CACHE / f"sources-{key}.ok"


def store(source: Path, entry: Path, move: bool = True) -> None:
    """Put a finished tree into the cache as entry (atomically), then drop old entries beside it.

    move: source is on the cache's file system and is no longer needed (renamed, not copied).
    """
    entry.parent.mkdir(parents=True, exist_ok=True)
    with workdir.claimed(entry) as claim:
        claim.path.rmdir()
        if move:
            source.rename(claim.path)
        else:
            shutil.copytree(source, claim.path, symlinks=True)
        claim.replace(entry)
    prune(entry)


def prune(entry: Path) -> None:
    """Keep the newest KEEP entries of the same kind (same language, or sites) as entry.

    Only entries of the cache: an uncached build's languages share a scratch folder, all kept.
    """
    if not entry.is_relative_to(CACHE):
        return
    stem = entry.name.rsplit("-", 1)[0] + "-" if "-" in entry.name else ""
    same = [p for p in entry.parent.iterdir() if p.is_dir() and not p.name.startswith(".") and p.name.startswith(stem)]
    for old in sorted(same, key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)


def copy_tree(source: Path, target: Path) -> None:
    """Copy a cached tree into target (merging folders)."""
    shutil.copytree(source, target, symlinks=True, dirs_exist_ok=True)


def clear() -> None:
    """Remove the whole build cache (the PDF cache stays)."""
    shutil.rmtree(CACHE, ignore_errors=True)
