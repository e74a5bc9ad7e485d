"""The content snapshot: every source read and validated once, then looked up by `src_uri`.

Gate 1 (`scripts.checks.sources.check`) reads and validates a tree's docs/ and takes this
snapshot from what it read (each file is opened once: scripts/content/sourcefile.py) of what
the hooks, feeds, PDFs and downloads need (languages, UI strings, glossaries, papers,
roundtables, indicators, each page's type, headings, indicator markers and translation state),
and saves it pickled as `<tree>/.cache/snapshot/<key>.pickle`, the key being gate 1's own key
(`sources_key`: the sources' bytes and the project's code, the key the build cache uses too).
A process (an in-process MkDocs run, a language build in a child process, a plain `mkdocs
build`) loads it once with `get()`, or makes it when it is missing; nothing that reads the
snapshot opens a source file again.

The snapshot covers every language, whichever is being built: its content never depends on
the build. A problem with one source is kept as text and raised (ContentError) only when
something asks for that source, as a build of that page would have failed.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scripts import project
from scripts.content import (
    frontmatter,
    glossary,
    indicators,
    languages,
    mdstructure,
    papers,
    roundtables,
    schema,
    sourcefile,
    translation_status,
    translations,
)

# The code that reads and checks the sources (the content model, gate 1, the schemas), and what
# the build cache keys with it: one key for gate 1, this snapshot and the build's sources mark.
_CODE = [project.OVERRIDES, project.ROOT / "scripts", project.ROOT / "requirements.txt"]


class ContentError(ValueError):
    """A source the build asked for could not be read or validated (the message says where and why)."""


@dataclass(frozen=True)
class PageEntry:
    """What the build needs of one Markdown page, found by its `src_uri` (e.g. 'fr/papers/x.md')."""

    src_uri: str
    lang: str
    rel: str  # path inside docs/<lang>/
    kind: str  # page type: paper, roundtable or page (scripts/content/schema.py)
    heading_ids: frozenset[str] = frozenset()
    section_titles: dict[str, str] = field(default_factory=dict)  # section id -> heading text
    indicator_ids: tuple[str, ...] = ()  # ids in the page's indicator markers, in order
    translation: translations.State | None = None  # translated pages: where they stand
    translation_error: str | None = None  # translated pages whose provenance is unusable
    model: papers.Paper | roundtables.Roundtable | None = None  # papers and roundtables
    error: str | None = None  # the page could not be read, or its model not validated


@dataclass
class Snapshot:
    """Every source the build reads, read once."""

    key: str
    languages: tuple[languages.Language, ...]
    unknown_folders: tuple[str, ...]
    pages: dict[str, PageEntry]
    ui: dict[str, dict[str, Any]]
    ui_errors: dict[str, str]
    glossary: dict[str, tuple[glossary.Term, ...]]
    glossary_anchors: dict[str, list[str]]
    glossary_errors: dict[str, str]
    papers: tuple[papers.Paper, ...]  # English, newest first
    papers_error: str | None
    roundtables: tuple[roundtables.Roundtable, ...]  # English, in the coalition's order
    roundtables_error: str | None
    indicators: indicators.Library | None
    indicators_shown: dict[str, list[indicators.Shown]]
    indicator_sources: dict[str, list[dict[str, str]]]
    indicators_error: str | None
    translation_status: tuple[translation_status.LanguageStatus, ...]

    def page(self, src_uri: str) -> PageEntry | None:
        """The page built from docs/<src_uri>, if there is one."""
        return self.pages.get(src_uri)

    def strings(self, code: str) -> dict[str, Any]:
        """The UI strings of a language."""
        if code in self.ui_errors:
            raise ContentError(self.ui_errors[code])
        return self.ui[code]

    def terms(self, code: str) -> tuple[glossary.Term, ...]:
        """The glossary of a language (its own, or English)."""
        if code in self.glossary_errors:
            raise ContentError(self.glossary_errors[code])
        return self.glossary[code]

    def english_papers(self) -> tuple[papers.Paper, ...]:
        """Every paper in English, newest first."""
        if self.papers_error:
            raise ContentError(self.papers_error)
        return self.papers

    def model(self, src_uri: str) -> Any:
        """The paper or roundtable built from a page (None for another page)."""
        entry = self.pages.get(src_uri)
        if entry is None or entry.kind not in ("paper", "roundtable"):
            return None
        if entry.error:
            raise ContentError(entry.error)
        return entry.model

    def paper_versions(self, paper_id: str) -> dict[str, papers.Paper]:
        """The versions of a paper that exist, by language code (English first)."""
        out = {}
        for lang in self.languages:
            entry = self.pages.get(f"{lang.code}/{papers.FOLDER}/{paper_id}.md")
            if entry is not None:
                out[lang.code] = self.model(entry.src_uri)
        return out

    def _shown(self, code: str, folder: str, english: tuple[Any, ...]) -> list[tuple[Any, Any]]:
        out = []
        for item in english:
            uri = f"{code}/{folder}/{item.id}.md"
            own = uri in self.pages and code != self.languages[0].code
            out.append((item, self.model(uri) if own else item))
        return out

    def papers_for(self, code: str) -> list[tuple[papers.Paper, papers.Paper]]:
        """(English paper, version shown in a language) for every paper."""
        return self._shown(code, papers.FOLDER, self.english_papers())

    def english_roundtables(self) -> tuple[roundtables.Roundtable, ...]:
        """Every roundtable in English, in the coalition's order."""
        if self.roundtables_error:
            raise ContentError(self.roundtables_error)
        return self.roundtables

    def roundtables_for(self, code: str) -> list[tuple[roundtables.Roundtable, roundtables.Roundtable]]:
        """(English roundtable, version shown in a language) for every roundtable."""
        return self._shown(code, roundtables.FOLDER, self.english_roundtables())

    def indicator_library(self) -> indicators.Library:
        """The English indicator library."""
        if self.indicators is None:
            raise ContentError(self.indicators_error or "no indicator library")
        return self.indicators

    def shown_indicators(self, code: str) -> list[indicators.Shown]:
        """Every indicator as a language shows it."""
        self.indicator_library()
        if code not in self.indicators_shown:
            raise ContentError(self.indicators_error or f"no indicators for '{code}'")
        return self.indicators_shown[code]


@functools.lru_cache(maxsize=8)
def _hash(stamp: tuple[tuple[str, str, int, int], ...], sources: str) -> str:
    digest = hashlib.sha256(sys.version.encode())
    for name, path, _, _ in stamp:
        # A source's bytes come from the read gate 1 makes of it (one open per file).
        data = sourcefile.read_bytes(Path(path)) if path.startswith(sources) else Path(path).read_bytes()
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()[:20]


def sources_key() -> str:
    """Gate 1's key: a hash of the tree being read (mkdocs.yml, docs/) and of the code that reads it.

    The same key names the snapshot and the build cache's gate-1 mark (scripts/build/buildcache.py).
    Bytes are hashed again only when a file's size or modification time changes.
    """
    tree, code = project.root(), project.ROOT
    named = [(p.relative_to(tree).as_posix(), p) for p in project.files([project.config_file(), project.docs()])]
    named += [(p.relative_to(code).as_posix(), p) for p in project.files(_CODE)]
    stamp = tuple((name, str(p), (st := p.stat()).st_mtime_ns, st.st_size) for name, p in named)
    return _hash(stamp, str(project.docs()) + os.sep)


def _entry(path: Path, lang: languages.Language) -> PageEntry:
    rel = path.relative_to(lang.docs_dir).as_posix()
    uri = f"{lang.code}/{rel}"
    kind = schema.page_type(rel)
    try:
        page = frontmatter.read(path)
    except frontmatter.FrontMatterError as exc:
        return PageEntry(uri, lang.code, rel, kind, error=str(exc))
    structure = mdstructure.read_structure(page)
    values: dict[str, Any] = {
        "heading_ids": frozenset(h.id for h in structure.headings),
        "indicator_ids": tuple(i for _, _, ids in indicators.markers(page.body) for i in ids),
    }
    if lang.default:
        values["section_titles"] = {s.id: s.title for s in translations.sections(page)}
    elif (languages.default().docs_dir / rel).is_file():
        try:
            values["translation"] = translations.state(path, page.meta)
        except translations.ProvenanceError as exc:
            values["translation_error"] = str(exc)
    if kind in ("paper", "roundtable"):
        reader = papers.read if kind == "paper" else roundtables.read
        try:
            values["model"] = reader(path, lang.code)
        except ValueError as exc:
            values["error"] = str(exc)
    return PageEntry(uri, lang.code, rel, kind, **values)


def _attempt(make: Any) -> tuple[Any, str | None]:
    try:
        return make(), None
    except (ValueError, OSError) as exc:
        return None, str(exc)


def _entries(sources: list[tuple[Path, languages.Language]]) -> list[PageEntry]:
    return [_entry(path, lang) for path, lang in sources]


def _send_entries(sources: list[tuple[Path, languages.Language]], send: Any) -> None:
    try:
        send.send(_entries(sources))
    except Exception:
        pass  # nothing sent: the parent reads this half itself and raises the error there, once
    finally:
        send.close()


# Below this many pages a second process costs more than it saves.
_SHARED_FROM = 60


def _all_entries(sources: list[tuple[Path, languages.Language]]) -> list[PageEntry]:
    """Every page's entry; half of them in a forked process when there are many.

    The snapshot is made before the build can start anything else, so it is the one step that
    no other keeps a core busy beside. Forking is left out while other threads run (a fork
    beside a thread that holds a lock can hang), and where there is one core.
    """
    import multiprocessing
    import threading

    if len(sources) < _SHARED_FROM or threading.active_count() > 1 or (os.cpu_count() or 1) < 2:
        return _entries(sources)
    half = len(sources) // 2
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_send_entries, args=(sources[half:], send), daemon=True)
    child.start()
    send.close()
    try:
        first = _entries(sources[:half])
        try:
            later = receive.recv()
        except EOFError:  # it failed: its half is read here, where the error is raised as it is
            later = _entries(sources[half:])
    finally:
        receive.close()
        child.join()
    return first + later


def build(key: str | None = None) -> Snapshot:
    """Read every source (each file once: scripts/content/sourcefile.py) into a snapshot."""
    langs = languages.languages()
    sources = [
        (path, lang)
        for lang in langs
        for path in (sorted(lang.docs_dir.rglob("*.md")) if lang.docs_dir.is_dir() else [])
    ]
    pages = {entry.src_uri: entry for entry in _all_entries(sources)}
    ui, ui_errors = {}, {}
    terms, anchors, glossary_errors = {}, {}, {}
    for lang in langs:
        ui[lang.code], error = _attempt(lambda code=lang.code: languages.ui(code))
        if error:
            ui_errors[lang.code] = error
        terms[lang.code], error = _attempt(lambda code=lang.code: glossary.terms(code))
        if error:
            glossary_errors[lang.code] = error
        else:
            anchors[lang.code], _ = _attempt(lambda code=lang.code: glossary.anchors(code))
    english_papers, papers_error = _attempt(papers.english)
    english_roundtables, roundtables_error = _attempt(roundtables.english)
    library, indicators_error = _attempt(indicators.english)
    shown: dict[str, list[indicators.Shown]] = {}
    sources: dict[str, list[dict[str, str]]] = {}
    if library is not None:
        for lang in langs:
            shown[lang.code], error = _attempt(lambda code=lang.code: indicators.shown(code))
            indicators_error = indicators_error or error
        sources = {i.id: indicators.sources_of(i) for i in library.indicators}
    return Snapshot(
        key=key or sources_key(),
        languages=langs,
        unknown_folders=tuple(languages.unknown_folders()),
        pages=pages,
        ui={k: v for k, v in ui.items() if v is not None},
        ui_errors=ui_errors,
        glossary={k: v for k, v in terms.items() if v is not None},
        glossary_anchors=anchors,
        glossary_errors=glossary_errors,
        papers=tuple(english_papers or ()),
        papers_error=papers_error,
        roundtables=tuple(english_roundtables or ()),
        roundtables_error=roundtables_error,
        indicators=library,
        indicators_shown={k: v for k, v in shown.items() if v is not None},
        indicator_sources=sources,
        indicators_error=indicators_error,
        translation_status=tuple(translation_status.all_status()),
    )


def path_for(key: str) -> Path:
    """Where the snapshot of these sources is kept (in the tree read: a copy keeps its own)."""
    return project.root() / ".cache" / "snapshot" / f"{key}.pickle"


def save(snap: Snapshot) -> Path:
    """Write the snapshot for other processes (atomically: concurrent builds share the cache)."""
    target = path_for(snap.key)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.tmp")
    partial.write_bytes(pickle.dumps(snap, protocol=pickle.HIGHEST_PROTOCOL))
    partial.replace(target)
    for old in target.parent.glob("*.pickle"):  # keep the cache to the latest few snapshots
        if old != target and len(list(target.parent.glob("*.pickle"))) > 8:
            old.unlink(missing_ok=True)
    return target


# The snapshot in use, per tree read: a test's small tree never stands in for the project's.
_current: dict[Path, Snapshot] = {}


def take() -> Snapshot:
    """Make the snapshot of today's sources (or load it, if these sources were seen), save and use it.

    Gate 1 calls it after reading every source (`scripts.checks.sources.check`): the reads are
    shared (scripts/content/sourcefile.py), so no file is opened again.
    """
    key = sources_key()
    tree = project.root()
    current = _current.get(tree)
    if current is not None and current.key == key:
        return current
    path = path_for(key)
    try:
        current = pickle.loads(path.read_bytes())  # written by this project only (.cache/)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        current = build(key)
        save(current)
    _current[tree] = current
    return current


def refresh(paths: list[Path]) -> None:
    """Read these pages again into this process's snapshot: the preview's page edits.

    A whole new snapshot reads every source (seconds); an edit to one page changes only its entry.
    """
    snap = get()
    for path in paths:
        lang = languages.get(path.relative_to(project.docs()).parts[0])
        entry = _entry(path, lang)
        snap.pages[entry.src_uri] = entry


def get() -> Snapshot:
    """The snapshot of this process: loaded (or made) once, then reused."""
    return _current.get(project.root()) or take()
