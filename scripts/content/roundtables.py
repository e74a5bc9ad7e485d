"""The regional roundtables: their metadata, read and validated from front matter.

A roundtable is docs/<language>/roundtables/<id>.md. Dates carry their precision (a day, a
month, a year, "ongoing since" a year, or unconfirmed) and are never made more precise than
their source. Country names come from CLDR (Babel) in each language.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date, format_skeleton, get_timezone, get_timezone_location

from scripts.content import languages, schema, sourcefile, typed_pages

FOLDER = "roundtables"
_VALUE = {
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
    "ongoing-since": re.compile(r"^\d{4}$"),
}
_FORM = {"day": "YYYY-MM-DD", "month": "YYYY-MM", "year": "YYYY", "ongoing-since": "YYYY"}


class RoundtableError(ValueError):
    """A roundtable's front matter is invalid; the message names the file, the field and the fix."""


@dataclass(frozen=True)
class When:
    """A date as precise as its source: day, month, year, ongoing since a year, or unconfirmed."""

    precision: str
    value: str | None

    @property
    def start(self) -> dt.date | None:
        """The first day the date can mean (for sorting and for placing on a timeline)."""
        if self.value is None:
            return None
        parts = [int(p) for p in self.value.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])

    def label(self, code: str, ui: dict[str, Any]) -> str:
        """The date written for readers of a language, no more precise than it is."""
        words = ui["roundtables"]
        if self.precision == "unconfirmed" or self.start is None:
            return words["date_unconfirmed"]
        if self.precision == "day":
            return format_date(self.start, format="long", locale=code)
        if self.precision == "month":
            return format_skeleton("yMMMM", self.start, locale=code)
        if self.precision == "year":
            return str(self.start.year)
        return words["ongoing_since"].format(year=self.start.year)


def parse_when(raw: Any, where: str, field: str = "date") -> When:
    """Validate a date's precision against its value."""
    precision = raw.get("precision") if isinstance(raw, dict) else None
    value = raw.get("value") if isinstance(raw, dict) else None
    if isinstance(value, dt.date):
        value = value.isoformat()
    value = None if value is None else str(value)
    if precision == "unconfirmed":
        if value is not None:
            raise RoundtableError(
                f"{where}: {field}.precision is 'unconfirmed' but a value is given; remove "
                f"{field}.value or give the precision the source supports"
            )
        return When(precision, None)
    pattern = _VALUE.get(str(precision))
    if pattern is None:
        raise RoundtableError(f"{where}: {field}.precision must be one of day, month, year, ongoing-since, unconfirmed")
    if value is None or not pattern.match(value):
        raise RoundtableError(
            f"{where}: {field}.value {value!r} does not match precision '{precision}': write it as {_FORM[precision]}"
        )
    try:
        When(precision, value).start  # noqa: B018 - raises on an impossible date
    except ValueError as exc:
        raise RoundtableError(f"{where}: {field}.value {value!r} is not a real date ({exc})") from None
    return When(precision, value)


@dataclass(frozen=True)
class Meeting:
    """A dated meeting of a roundtable's working group."""

    when: When
    note: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Roundtable:
    """One language version of a roundtable page."""

    id: str
    lang: str
    path: Path
    title: str
    description: str
    region: str
    country: str
    sequence: int
    city: str | None
    when: When
    meetings: tuple[Meeting, ...]
    convened_by: str
    sectors: tuple[str, ...]
    organisations: tuple[str, ...]
    organisations_note: str | None
    working_group: str
    outcomes: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def url(self) -> str:
        """Path from the site root, in its language's tree."""
        return f"{languages.get(self.lang).prefix}{FOLDER}/{self.id}/"


def country_name(country: str, code: str) -> str:
    """A country's name in a language, from CLDR."""
    return Locale.parse(code).territories.get(country, country)


@functools.cache
def _zones_by_city() -> dict[str, str]:
    return {zone.rsplit("/", 1)[-1].replace("_", " "): zone for zone in zoneinfo.available_timezones() if "/" in zone}


def city_name(city: str | None, code: str) -> str | None:
    """A city's name in a language: CLDR's exemplar city when CLDR has one, else as written."""
    if not city:
        return None
    zone = _zones_by_city().get(city)
    return get_timezone_location(get_timezone(zone), locale=code, return_city=True) if zone else city


def _parse(path: Path, lang: str) -> Roundtable:
    """Read and validate one roundtable file."""
    language = languages.get(lang)
    m = schema.read_checked(path, language.docs_dir, not language.default, RoundtableError).meta
    where = sourcefile.label(path)
    if m["country"] not in Locale("en").territories:
        raise RoundtableError(f"{where}: country '{m['country']}' is not an ISO 3166 code; use e.g. NZ, AU, HK")
    return Roundtable(
        id=m["id"],
        lang=lang,
        path=path,
        title=m["title"],
        description=m["description"],
        region=m["region"],
        country=m["country"],
        sequence=int(m["sequence"]),
        city=m.get("city"),
        when=parse_when(m["date"], where),
        meetings=tuple(
            Meeting(parse_when(x["date"], where, f"meetings[{i}].date"), x["note"], tuple(x["sources"]))
            for i, x in enumerate(m.get("meetings") or [])
        ),
        convened_by=m["convened_by"],
        sectors=tuple(m["sectors"]),
        organisations=tuple(m["organisations"]),
        organisations_note=m.get("organisations_note"),
        working_group=m["working_group"],
        outcomes=tuple(m["outcomes"]),
        sources=tuple(m["sources"]),
    )


read = typed_pages.cached_reader(_parse)


def files(lang: str) -> list[Path]:
    """The roundtable files of one language."""
    return typed_pages.files(lang, FOLDER)


def english() -> list[Roundtable]:
    """Every roundtable in English, in the coalition's order."""
    items = [read(p, languages.default().code) for p in files(languages.default().code)]
    return sorted(items, key=lambda r: (r.sequence, r.id))


def for_language(code: str) -> list[tuple[Roundtable, Roundtable]]:
    """(English roundtable, version shown in this language) for every roundtable."""
    return typed_pages.shown_in(code, FOLDER, english(), read)
