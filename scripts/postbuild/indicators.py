"""The indicator library as downloads: CSV, XLSX and JSON per language, and the JSON Schema.

Written after MkDocs into `<lang>/indicators/indicators-<code>.{csv,xlsx,json}` (the Indicators
page and every paper link to them) and `indicators/indicators.schema.json`, then listed with
size and SHA-256 on each language's Downloads page, above the PDF editions
(scripts/postbuild/downloads.py). The files depend
only on the sources: the same sources give the same bytes (the spreadsheet's dates are the
edition's date and its zip entries carry a fixed time).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import xlsxwriter

from scripts.content import indicators, languages, snapshot

FOLDER = "indicators"
SCHEMA_PATH = f"{FOLDER}/indicators.schema.json"
FORMATS = ("csv", "xlsx", "json")
# Columns of the CSV and XLSX, in order; the JSON has the same fields (lists stay lists).
COLUMNS = [
    "id",
    "status",
    "stage",
    "sectors",
    "papers",
    "statement",
    "explanation",
    "basis",
    "sources",
    "source_urls",
    "added",
    "changed",
    "withdrawn",
    "withdrawn_reason",
    "statement_lang",
    "explanation_lang",
    "url",
]
_LIST_SEPARATOR = "; "


def file_path(code: str, fmt: str) -> str:
    """A download's path from the site root."""
    return f"{languages.get(code).prefix}{FOLDER}/indicators-{code}.{fmt}"


def records(code: str, site_url: str) -> list[dict[str, Any]]:
    """Every indicator (withdrawn ones too) as one language shows it, as JSON values."""
    page = f"{site_url.rstrip('/')}/{languages.get(code).prefix}{FOLDER}/"
    out = []
    content = snapshot.get()
    for s in content.shown_indicators(code):
        ind = s.english
        out.append(
            {
                "id": ind.id,
                "status": "active" if ind.active else "withdrawn",
                "statement": s.statement,
                "statement_lang": s.statement_lang,
                "explanation": s.explanation,
                "explanation_lang": s.explanation_lang,
                "stage": ind.stage,
                "sectors": list(ind.sectors),
                "papers": list(ind.papers),
                "basis": ind.basis,
                "sources": content.indicator_sources[ind.id],
                "added": ind.added,
                "changed": list(ind.changed),
                "withdrawn": ind.withdrawn,
                "withdrawn_reason": s.withdrawn_reason,
                "url": f"{page}#{ind.id}",
            }
        )
    return out


def flat(record: dict[str, Any]) -> list[Any]:
    """A record as one spreadsheet row (lists joined with '; ')."""
    values = {
        **record,
        "sources": _LIST_SEPARATOR.join(s["key"] for s in record["sources"]),
        "source_urls": _LIST_SEPARATOR.join(s["url"] for s in record["sources"]),
    }
    row = []
    for column in COLUMNS:
        value = values[column]
        if isinstance(value, list):
            value = _LIST_SEPARATOR.join(str(v) for v in value)
        row.append("" if value is None else value)
    return row


def to_csv(rows: list[dict[str, Any]]) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads it as UTF-8), CRLF lines as RFC 4180 says."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(flat(r) for r in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_json(rows: list[dict[str, Any]], code: str, edition: int) -> bytes:
    """The records with the language and edition, following the published schema."""
    data = {"language": code, "edition": edition, "indicators": rows}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def to_xlsx(rows: list[dict[str, Any]], path: Path, created: dt.date, title: str) -> None:
    """A spreadsheet with a header row, filters on every column and the header and ids frozen."""
    workbook = xlsxwriter.Workbook(str(path))
    # A fixed creation date (the edition's) keeps the file byte-identical from build to build.
    workbook.set_properties({"title": title, "created": dt.datetime.combine(created, dt.time())})
    sheet = workbook.add_worksheet("indicators")
    header = workbook.add_format({"bold": True, "bg_color": "#DDE3EA", "text_wrap": True, "valign": "top"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet.write_row(0, 0, COLUMNS, header)
    for number, record in enumerate(rows, 1):
        for column, value in enumerate(flat(record)):
            # Explicit types: text is never read as a formula or turned into a link.
            if isinstance(value, int):
                sheet.write_number(number, column, value, wrap)
            else:
                sheet.write_string(number, column, str(value), wrap)
    widths = {"statement": 60, "explanation": 80, "sectors": 30, "papers": 30, "source_urls": 40, "url": 40}
    for index, column in enumerate(COLUMNS):
        sheet.set_column(index, index, widths.get(column, 14))
    sheet.autofilter(0, 0, len(rows), len(COLUMNS) - 1)
    sheet.freeze_panes(1, 1)
    workbook.close()


def write(site: Path, site_url: str) -> list[dict[str, Any]]:
    """Write every language's downloads and the schema; return what was written (path, size, hash)."""
    lib = snapshot.get().indicator_library()
    created = max(indicators.edition_date(e) for e in lib.editions)
    schema_file = site / SCHEMA_PATH
    schema_file.parent.mkdir(parents=True, exist_ok=True)
    schema_file.write_text(json.dumps(indicators.download_schema(), indent=2, ensure_ascii=False) + "\n", "utf-8")
    written = []
    for lang in languages.languages():
        if not (site / lang.prefix / FOLDER / "index.html").is_file():
            continue  # a language this build did not make (--only)
        rows = records(lang.code, site_url)
        title = snapshot.get().strings(lang.code)["indicators"]["page_title"]
        for fmt in FORMATS:
            target = site / file_path(lang.code, fmt)
            target.parent.mkdir(parents=True, exist_ok=True)
            if fmt == "csv":
                target.write_bytes(to_csv(rows))
            elif fmt == "json":
                target.write_bytes(to_json(rows, lang.code, lib.edition))
            else:
                to_xlsx(rows, target, created, title)
            data = target.read_bytes()
            written.append(
                {
                    "file": file_path(lang.code, fmt),
                    "code": lang.code,
                    "format": fmt,
                    "bytes": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
            )
    return written
