"""MkDocs, one language per process, in parallel; then one site assembled from the languages.

mkdocs-static-i18n builds every language in turn in one process. Here each language is a
separate MkDocs build in a forked process (one per core): the i18n plugin is told which
language to build and that it is already inside the loop over languages, so it builds that
one only, with every language still in the switcher. Each output is kept in the build cache
under the hash of its inputs (scripts/build/buildcache.py) and reused while that holds.

Each worker then runs its language's share of the site-wide steps on its own output (its
search index, its page list, its PDF plan: scripts/build/langsteps.py), so that they run in
parallel too and are cached with the language.

Assembly: the default language's tree is the site root (theme assets once); each other
language contributes its `<code>/` folder, its own search index included.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.connection
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from scripts.build import buildcache, langsteps, workdir
from scripts.content import languages, segment, snapshot
from scripts.errors import BuildError
from scripts.project import CONFIG_FILE

# The temporary folders (and locks) of language workers, beside the cache entries.
WORKER_FOLDERS = ".*.build-*"

# Set in a worker building a language other than the default: the site takes its root files
# (the theme's assets) from the default language's build (assemble).
_ROOT_FROM_DEFAULT = False


def theme_files_elsewhere() -> bool:
    """Whether this build's theme files come from another build (overrides/hooks/templates.py)."""
    return _ROOT_FROM_DEFAULT


@dataclass
class LanguagesResult:
    """What the MkDocs stage did: the address built for, and which languages were built or reused."""

    site_url: str
    built: dict[str, float] = field(default_factory=dict)  # code -> seconds
    reused: list[str] = field(default_factory=list)


def load(site_dir: Path, codes: list[str], site_url: str | None, config_file: Path = CONFIG_FILE) -> Any:
    """The strict MkDocs configuration with only `codes` built (all of them in the switcher)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config

    overrides = {"site_url": site_url} if site_url else {}
    config = load_config(str(config_file), site_dir=str(site_dir), strict=True, **overrides)
    for lang in config.plugins["i18n"].config.languages:
        lang.build = lang.locale in codes
    return config


def run(config: Any, only_language: str | None = None) -> None:
    """Run MkDocs on a loaded configuration: every built language, or only_language alone."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    try:
        if only_language:
            i18n = config.plugins["i18n"]
            i18n.current_language = only_language
            # The plugin starts the other languages' builds from the first build's on_post_build
            # unless it believes it is already doing so.
            i18n.building = True
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except (Abort, ConfigurationError, PluginError, languages.LanguageError, snapshot.ContentError) as exc:
        raise BuildError(f"MkDocs build failed ({only_language or 'all languages'}): {exc}") from None


def _build_one(task: tuple[str, list[str], str | None, str, str]) -> tuple[str, float]:
    """In a worker process: build one language into its entry (a folder in the cache).

    The output goes to a locked temporary folder beside the entry, renamed into place when
    complete; a folder left by a killed worker is swept by the next build (workdir.claimed).
    """
    global _ROOT_FROM_DEFAULT
    code, codes, site_url, entry_name, config_file = task
    _ROOT_FROM_DEFAULT = code != languages.default().code
    # A language build allocates millions of short-lived objects; collecting the youngest every
    # 700 allocations (Python's default) was a few per cent of its time.
    gc.set_threshold(50_000, 50, 50)
    start = time.monotonic()
    entry = Path(entry_name)
    entry.parent.mkdir(parents=True, exist_ok=True)
    with workdir.claimed(entry) as claim:
        config = load(claim.path, codes, site_url, Path(config_file))
        run(config, only_language=code)
        langsteps.finish(claim.path, code, str(config.site_url or "/"))
        claim.replace(entry)
    buildcache.prune(entry)
    return code, time.monotonic() - start


class Watched(Protocol):
    """Work running beside the language builds that can stop them (gate 1: sourcesgate.SourcesGate)."""

    @property
    def conn(self) -> Any:
        """What multiprocessing.connection.wait() waits on while it runs; None once it has ended."""

    def wait(self) -> None:
        """Its verdict, once conn is ready: return, or raise to stop the builds."""


def build_languages(
    codes: list[str],
    site_url: str | None,
    jobs: int,
    entries: dict[str, Path],
    config_file: Path = CONFIG_FILE,
    beside: Watched | None = None,
) -> LanguagesResult:
    """Build each language whose entry folder is missing (in parallel); reuse the others.

    beside: gate 1, when it runs beside the builds; an error it finds ends them at once.
    """
    from mkdocs.commands import build as _preload  # noqa: F401  (imported once, before the fork)

    # Loading the configuration here imports the theme, the plugins and the hooks' modules
    # before the workers fork, so each worker starts warm.
    # Nothing is written to its site_dir; a folder that can hold no docs_dir.
    config = load(Path(tempfile.gettempdir(), "mkdocs-preload"), codes, site_url, config_file)
    result = LanguagesResult(site_url=str(config.site_url or "/"))
    todo = []
    for code in codes:
        if entries[code].is_dir():
            os.utime(entries[code])  # recently used: kept by the pruning
            result.reused.append(code)
        else:
            todo.append((code, codes, site_url, str(entries[code]), str(config_file)))
    if todo:
        # The languages whose search text is segmented take longest: started first, so that no
        # core is left with one long language at the end.
        todo.sort(key=lambda task: not segment.needs_segmentation(task[0]))
        beside_entries = next(iter(entries.values()))
        # Folders of workers killed with an earlier build (their lock is free).
        workdir.remove_stale(beside_entries, pattern=WORKER_FOLDERS)
        # What this process holds (configuration, theme, snapshot) is left out of the workers'
        # collections: scanning it would touch, and so copy, every page they share with it.
        gc.freeze()
        try:
            _run_workers(todo, max(1, min(jobs, len(todo))), result, beside)
        except BaseException:
            # Workers ended early (gate 1's error, another worker's): a worker ended before it
            # could remove its folder leaves it, and its lock is free now.
            workdir.remove_stale(beside_entries, pattern=WORKER_FOLDERS)
            raise
        finally:
            gc.unfreeze()  # collected here again (the preview's process lives on)
    return result


def _run_workers(
    todo: list[tuple[str, list[str], str | None, str, str]],
    jobs: int,
    result: LanguagesResult,
    beside: Watched | None = None,
) -> None:
    """One fresh process per language (no hook state passes from one language to the next), at
    most `jobs` at once.

    Every fork happens here, in the main thread: a pool that replaces its workers from its own
    threads (maxtasksperchild) can fork while another thread holds a lock, and the new worker
    then waits for it for ever.
    """
    pending, running = list(todo), {}
    try:
        while pending or running:
            while pending and len(running) < jobs:
                task = pending.pop(0)
                forked = workdir.fork(f"the build of '{task[0]}'", _build_one, task)
                running[forked.conn] = forked
            gate = beside.conn if beside is not None else None
            for conn in multiprocessing.connection.wait([*running, *([gate] if gate is not None else [])]):
                if conn is gate and beside is not None:
                    beside.wait()  # raises on gate 1's errors, and the builds end here
                    continue
                code, seconds = running.pop(conn).result()
                result.built[code] = round(seconds, 2)
    except BaseException:
        for forked in running.values():
            forked.cancel()
        raise


def assemble(entries: dict[str, Path], site: Path) -> dict[str, langsteps.LanguageOutput]:
    """Put the languages' trees together into site: default at the root, the others in <code>/.

    Each language brings its own search index (langsteps.finish); return what each language's
    process worked out for the site-wide steps.
    """
    default = languages.default().code
    buildcache.copy_tree(entries[default], site)
    (site / langsteps.OUTPUT).unlink()
    for code, entry in entries.items():
        if code != default:
            lang = languages.get(code)
            shutil.copytree(entry / lang.prefix, site / lang.prefix, symlinks=True, dirs_exist_ok=True)
    return {code: langsteps.read(entry) for code, entry in entries.items()}
