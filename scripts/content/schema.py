"""Front matter schemas: which schema a page follows, and readable validation errors.

The schemas are JSON Schema files in scripts/content/schemas/, one per page type. Translations follow
their English page's schema and must also carry a `translation` block.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource

from scripts.content import frontmatter, sourcefile

SCHEMAS = Path(__file__).resolve().parent / "schemas"
# Page types by path inside a language folder; the first pattern that matches wins.
PAGE_TYPES: list[tuple[str, re.Pattern[str]]] = [
    ("paper", re.compile(r"^papers/(?!index\.md$)[^/]+\.md$")),
    ("roundtable", re.compile(r"^roundtables/(?!index\.md$)[^/]+\.md$")),
    ("page", re.compile(r".*")),
]


@dataclass(frozen=True)
class SchemaProblem:
    """One invalid front matter field."""

    field: str
    line: int | None
    message: str


def page_type(rel: str) -> str:
    """The page type of a path inside a language folder, e.g. 'papers/x.md' -> 'paper'."""
    for name, pattern in PAGE_TYPES:
        if pattern.match(rel) and (SCHEMAS / f"{name}.schema.json").is_file():
            return name
    return "page"


@functools.cache
def _registry() -> Registry:
    resources = []
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        resources.append((data["$id"], Resource.from_contents(data)))
    return Registry().with_resources(resources)


@functools.cache
def validator(name: str) -> jsonschema.Draft202012Validator:
    """A validator for one page type's schema."""
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(
        schema, registry=_registry(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def jsonable(value: Any) -> Any:
    """YAML values as JSON values: dates become ISO strings."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _describe(error: jsonschema.ValidationError) -> tuple[str, str]:
    path = ".".join(str(p) for p in error.absolute_path)
    value = error.instance
    kind = error.validator
    if kind == "required":
        missing = re.search(r"'([^']+)' is a required property", error.message)
        name = f"{path}.{missing.group(1)}" if path and missing else (missing.group(1) if missing else path)
        return name, f"missing field '{name}'"
    if kind == "additionalProperties":
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        extra = re.findall(r"'([^']+)'", error.message.split("(")[-1])
        name = ".".join(filter(None, [path, extra[0] if extra else ""]))
        return name, f"unknown field '{name}'; the fields allowed here are: {allowed}"
    if kind == "enum":
        choices = ", ".join(str(c) for c in error.validator_value)
        return path, f"field '{path}' is {value!r}; expected one of: {choices}"
    if kind == "const":
        return path, f"field '{path}' is {value!r}; expected {error.validator_value!r}"
    if kind == "format":
        return path, f"field '{path}' is {value!r}; expected a {error.validator_value} (YYYY-MM-DD)"
    if kind == "type":
        return path, f"field '{path}' is {value!r}; expected a {error.validator_value}"
    if kind == "pattern":
        return path, f"field '{path}' is {value!r}; expected text matching {error.validator_value}"
    if kind in ("minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum"):
        return path, f"field '{path}': {error.message}"
    return path, f"field '{path}': {error.message}"


def field_line(page: frontmatter.Page, field: str) -> int | None:
    """The front matter line where a (top-level part of a) field is written."""
    top = field.split(".")[0]
    if not top:
        return None
    text = sourcefile.read_text(page.path) if page.path.is_file() else ""
    for number, line in enumerate(text.splitlines()[: page.body_line], 1):
        if re.match(rf"^{re.escape(top)}\s*:", line):
            return number
    return 2


def validate(page: frontmatter.Page, rel: str, translated: bool) -> list[SchemaProblem]:
    """Check a page's front matter against the schema of its type."""
    meta = jsonable(page.meta)
    problems = []
    for error in sorted(validator(page_type(rel)).iter_errors(meta), key=lambda e: list(e.absolute_path)):
        name, message = _describe(error)
        problems.append(SchemaProblem(name, field_line(page, name), message))
    if translated and "translation" not in meta:
        problems.append(
            SchemaProblem(
                "translation",
                2,
                "missing field 'translation' (a translated page records its English source's hash and its status)",
            )
        )
    if not translated and "translation" in meta:
        problems.append(
            SchemaProblem("translation", field_line(page, "translation"), "an English page has no 'translation' field")
        )
    return problems


@sourcefile.per_file_version
def checked(path: Path, rel: str, translated: bool) -> tuple[SchemaProblem, ...]:
    """`validate` of a page file's front matter, once per version of the file: the content
    snapshot and gate 1 (a process forked after it) ask for the same pages."""
    return tuple(validate(frontmatter.read(path), rel, translated))


def read_checked(path: Path, lang_dir: Path, translated: bool, error: type[ValueError]) -> frontmatter.Page:
    """Read a page whose front matter must pass its type's schema and whose `id` is its file name.

    Raises `error` with 'file:line: message' for each problem.
    """
    where = (
        path.relative_to(lang_dir.parent.parent).as_posix()
        if path.is_relative_to(lang_dir.parent.parent)
        else str(path)
    )
    try:
        page = frontmatter.read(path)
    except frontmatter.FrontMatterError as exc:
        raise error(str(exc)) from None
    rel = path.relative_to(lang_dir).as_posix()
    problems = checked(path, rel, translated)
    if problems:
        raise error("; ".join(f"{where}:{p.line or 1}: {p.message}" for p in problems))
    if page.meta.get("id") != path.stem:
        raise error(f"{where}: id '{page.meta.get('id')}' must be the file name without .md ('{path.stem}')")
    return page
