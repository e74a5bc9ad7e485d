"""Reading and writing exchange files with translate-toolkit: gettext PO and XLIFF 2.0.

One entry per unit: its id (PO msgctxt, XLIFF unit id), the English text (msgid, <source>),
the translation (msgstr, <target>), a fuzzy flag (XLIFF state="initial") and notes for the
translator (PO `#.` comments, XLIFF <note>).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from translate.storage import pypo, xliff2

FORMATS = {"po": ".po", "xliff": ".xlf"}
PROJECT = "coalition-site"


class CatalogError(ValueError):
    """An exchange file cannot be read."""


@dataclass
class Entry:
    """One unit of an exchange file."""

    id: str
    source: str
    target: str = ""
    fuzzy: bool = False
    notes: list[str] = field(default_factory=list)


def format_of(path: Path) -> str:
    """`po` or `xliff`, from a file name."""
    for name, ext in FORMATS.items():
        if path.suffix == ext or (name == "xliff" and path.suffix == ".xliff"):
            return name
    raise CatalogError(f"{path}: not a .po or .xlf file; export with --format po or --format xliff")


def dumps(entries: list[Entry], language: str, fmt: str, source_language: str = "en") -> bytes:
    """The exchange file's bytes."""
    if fmt == "po":
        store = pypo.pofile()
        store.updateheader(
            add=True,
            Project_Id_Version=PROJECT,
            Language=language,
            Content_Type="text/plain; charset=UTF-8",
            X_Source_Language=source_language,
        )
        for e in entries:
            unit = store.UnitClass(e.source)
            unit.setcontext(e.id)
            unit.target = e.target
            for note in e.notes:
                unit.addnote(note, origin="developer")
            if e.fuzzy and e.target:
                unit.markfuzzy()
            store.addunit(unit)
        return bytes(store)
    store2 = xliff2.Xliff2File(sourcelanguage=source_language)
    store2.settargetlanguage(language)
    for e in entries:
        unit2 = store2.addsourceunit(e.source)
        unit2.setid(e.id)
        if e.target:
            unit2.target = e.target
            unit2.markfuzzy(e.fuzzy)
        for note in e.notes:
            unit2.addnote(note)
        _notes_to_unit(unit2)
    return bytes(store2)


def _notes_to_unit(unit: xliff2.Xliff2Unit) -> None:
    # XLIFF 2.0 puts <notes> first in <unit>; the toolkit writes them into <segment>.
    notes = unit.xmlelement.find(unit.namespaced("notes"))
    if notes is not None:
        unit.getunitelement().insert(0, notes)


def load(path: Path) -> tuple[str | None, list[Entry]]:
    """The target language (if the file names it) and the entries of an exchange file."""
    fmt = format_of(path)
    data = path.read_bytes()
    try:
        if fmt == "po":
            store = pypo.pofile(data)
            language = store.gettargetlanguage()
            units = [u for u in store.units if not u.isheader()]
            entries = [
                Entry(u.getcontext(), u.source, u.target or "", u.isfuzzy(), [u.getnotes("developer")]) for u in units
            ]
        else:
            store2 = xliff2.Xliff2File(data)
            language = store2.gettargetlanguage()
            entries = [Entry(u.getid() or "", u.source, u.target or "", u.isfuzzy(), []) for u in store2.units]
    except Exception as exc:  # the toolkit raises parser-specific errors
        raise CatalogError(f"{path}: cannot read it as {fmt.upper()} ({exc}); export it again") from exc
    return language or None, entries
