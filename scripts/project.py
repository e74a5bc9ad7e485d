"""Where things are, and how to read the MkDocs configuration without building.

ROOT, DOCS, ... are this project's folders. The content model and gate 1 read the tree of
`root()` instead: this project unless a caller checks another tree (a test's small tree,
a copy) with `with project.at(tree): ...`.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
OVERRIDES = ROOT / "overrides"
SITE = ROOT / "site"
REPORTS = ROOT / "reports"
CONFIG_FILE = ROOT / "mkdocs.yml"


def files(paths: Iterable[Path]) -> list[Path]:
    """Every file of these files and folders, each folder's in sorted order (bytecode left out):
    what the hashes of the build's inputs read."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        elif path.is_file():
            out.append(path)
    return out


# A context variable, not a global: a tree being checked never leaks into another thread's work.
_root: contextvars.ContextVar[Path] = contextvars.ContextVar("project_root", default=ROOT)


def root() -> Path:
    """The tree the content model reads: the project, or the one given to `at()`."""
    return _root.get()


def docs() -> Path:
    """The docs/ folder of `root()`."""
    return root() / "docs"


def config_file() -> Path:
    """The mkdocs.yml of `root()`."""
    return root() / "mkdocs.yml"


@contextlib.contextmanager
def at(tree: Path) -> Iterator[Path]:
    """Read the sources of another tree (a folder with mkdocs.yml and docs/) inside this block."""
    token = _root.set(tree.resolve())
    try:
        yield tree.resolve()
    finally:
        _root.reset(token)


class _ConfigLoader(yaml.SafeLoader):
    """Safe YAML loader that reads MkDocs' custom tags as inert values."""


def _construct_tagged(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> Any:
    # `!ENV [NAME, ..., default]` -> the first variable set, else the default (as MkDocs reads
    # it); `!!python/...` -> the raw node value.
    if isinstance(node, yaml.SequenceNode):
        items = loader.construct_sequence(node, deep=True)
        if tag_suffix == "ENV" and items:
            return next((os.environ[name] for name in items[:-1] if os.environ.get(name)), items[-1])
        return items
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    return loader.construct_scalar(node)


_ConfigLoader.add_multi_constructor("!", _construct_tagged)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)


@functools.cache
def mkdocs_config(path: Path = CONFIG_FILE) -> dict[str, Any]:
    """Return mkdocs.yml as plain data (tags resolved to their defaults)."""
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_ConfigLoader)


def plugin_config(name: str, path: Path | None = None, fresh: bool = False) -> dict[str, Any]:
    """Return the options of one plugin from mkdocs.yml (of `root()` when no path is given).

    fresh: read the file again (the caller caches by the file's version).
    """
    path = path or config_file()
    config = mkdocs_config.__wrapped__(path) if fresh else mkdocs_config(path)
    for entry in config.get("plugins", []):
        if isinstance(entry, dict) and name in entry:
            return entry[name] or {}
        if entry == name:
            return {}
    raise KeyError(f"{path.name}: plugin '{name}' is not configured")


def copy_sources(dest: Path, names: list[str]) -> Path:
    """Copy these top-level files and folders of the project into dest (a throwaway copy to
    build, benchmark or plant faults in); return dest."""
    import shutil

    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    return dest
