"""Read contributed files (Markdown, ui.yml, glossary.yml) strictly, with errors a person can act on.

Every problem is a `SourceError` naming the file, the line and the fix: a byte that is not
UTF-8, YAML that does not parse, a key written twice in one mapping (YAML would keep the last
silently), a date that is not on the calendar. A UTF-8 byte-order mark is accepted, as MkDocs
accepts it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml

from scripts import project

BOM = "\ufeff"


class SourceError(ValueError):
    """A contributed file cannot be read as it is; says where (file, line), what, and the fix."""

    def __init__(self, file: str, line: int | None, message: str, fix: str) -> None:
        self.file, self.line, self.message, self.fix = file, line, message, fix
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message} (fix: {fix})")


def label(path: Path) -> str:
    """The path as a contributor sees it: relative to the tree being read (scripts/project.py)."""
    resolved = path.resolve()
    for root in (project.root(), project.ROOT, Path.cwd().resolve()):
        if resolved.is_relative_to(root):
            return resolved.relative_to(root).as_posix()
    return str(path)


def decode(data: bytes, where: str) -> str:
    """UTF-8 text without its byte-order mark, or a SourceError at the first bad byte."""
    try:
        return data.decode("utf-8").removeprefix(BOM)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            where,
            line,
            f"byte 0x{data[exc.start]:02x} (column {column}) is not UTF-8",
            "save the file as UTF-8 (in most editors: 'Save with encoding' > UTF-8) and retype that character",
        ) from None


T = TypeVar("T")


def per_file_version(parse: Callable[..., T]) -> Callable[..., T]:
    """THE cache policy for what is read from a source file, within one process.

    `parse(path, *args)` runs again only when the file's size or modification time changes, so a
    warm process (the preview server) never sees a stale value, and gate 1, the content
    snapshot and the tools share one read and one parse of each file. Across processes the
    policy is the same idea with a content hash: the snapshot (scripts/content/snapshot.py)
    and the PDFs (scripts/pdf/editions.py) are kept under .cache/ by a hash of their inputs.
    Results are shared: callers never change them.
    """
    cached = functools.lru_cache(maxsize=4096)(lambda path, _version, *args: parse(path, *args))

    @functools.wraps(parse)
    def read(path: Path, *args: Any) -> T:
        stat = path.stat()
        # absolute(), not resolve(): no system call per lookup (another spelling is only a cache miss)
        return cached(path.absolute(), (stat.st_mtime_ns, stat.st_size), *args)

    return read


@per_file_version
def read_bytes(path: Path) -> bytes:
    """A contributed file's bytes, read from disk once per version of the file (gate 1's key
    hashes them, read_text decodes them)."""
    return path.read_bytes()


@per_file_version
def read_text(path: Path) -> str:
    """A contributed text file, decoded strictly (read from disk once per version of the file)."""
    return decode(read_bytes(path), label(path))


class _DateError(ValueError):
    def __init__(self, node: yaml.Node, value: str) -> None:
        self.node, self.value = node, value


# LibYAML's parser when PyYAML was built with it (several times faster); its nodes and errors
# carry the same marks, so every line number below is the same with either.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # type: ignore[assignment]
FAST_LOADER = _BaseLoader  # for yaml.compose where only nodes and their lines are needed


class StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """SafeLoader that refuses duplicate keys and impossible dates instead of losing data."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> dt.date | dt.datetime:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)  # type: ignore[misc]
        except ValueError:
            raise _DateError(node, str(node.value)) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:  # type: ignore[override]
        self.flatten_mapping(node)
        seen: dict[Any, int] = {}
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line + 1
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be plain text", key_node.start_mark
                ) from None
            if key in seen:
                raise _DuplicateKeyError(key, seen[key], line)
            seen[key] = line
            try:
                out[key] = self.construct_object(value_node, deep=deep)
            except _DateError as exc:
                raise _BadDateError(key, exc.value, exc.node.start_mark.line + 1) from None
        return out


class _DuplicateKeyError(Exception):
    def __init__(self, key: Any, first: int, second: int) -> None:
        self.key, self.first, self.second = key, first, second


class _BadDateError(Exception):
    def __init__(self, key: Any, value: str, line: int) -> None:
        self.key, self.value, self.line = key, value, line


StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", StrictLoader.construct_yaml_timestamp)
StrictLoader.add_constructor("tag:yaml.org,2002:map", yaml.SafeLoader.construct_yaml_map)


def load_yaml(text: str, where: str, first_line: int = 1) -> Any:
    """Parse YAML text strictly; first_line is the file line where the text starts."""
    offset = first_line - 1
    try:
        return yaml.load(text, Loader=StrictLoader)  # a SafeLoader subclass: builds plain data only
    except _DuplicateKeyError as exc:
        raise SourceError(
            where,
            exc.second + offset,
            f"key '{exc.key}' is written twice (lines {exc.first + offset} and {exc.second + offset}); "
            "YAML would keep only the last one",
            "keep one of the two, merging their content",
        ) from None
    except _BadDateError as exc:
        raise SourceError(
            where,
            exc.line + offset,
            f"field '{exc.key}' is {exc.value}, which is not a date on the calendar",
            "write a real date as YYYY-MM-DD (e.g. 2026-02-28)",
        ) from None
    except _DateError as exc:  # a date that is a list item, not a field
        raise SourceError(
            where,
            exc.node.start_mark.line + 1 + offset,
            f"{exc.value} is not a date on the calendar",
            "write a real date as YYYY-MM-DD (e.g. 2026-02-28)",
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SourceError(
            where,
            mark.line + 1 + offset if mark else first_line,
            f"not valid YAML ({problem})",
            "check quotes and indentation (text containing ': ' or starting with a quote must be quoted)",
        ) from None


@per_file_version
def read_yaml(path: Path) -> Any:
    """A contributed YAML file (ui.yml, glossary.yml), decoded and parsed strictly."""
    return load_yaml(read_text(path), label(path))
