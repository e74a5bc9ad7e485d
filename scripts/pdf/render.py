"""Render one print edition with WeasyPrint 70: PDF/A-3a, tagged, PDF/UA-1 declared, reproducible.

The print template and stylesheet are the project's own (overrides/print/). A glyph that no
font has is an error, not a silent .notdef box.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from scripts.pdf import typeset
from scripts.project import OVERRIDES

PRINT = OVERRIDES / "print"
TEMPLATE = "paper.html"
STYLESHEET = PRINT / "paper.css"
XMP = PRINT / "pdfua.xmp"
VARIANT = "pdf/a-3a"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"


class PdfError(RuntimeError):
    """A print edition could not be made as required; the message says why."""


@dataclass(frozen=True)
class Rendered:
    """A rendered PDF and what was learnt while rendering it."""

    data: bytes
    pages: int


@functools.cache
def environment() -> Environment:
    """Jinja environment of the print templates (escaping on; the article is marked safe)."""
    return Environment(
        loader=FileSystemLoader(PRINT), autoescape=select_autoescape(["html"]), undefined=StrictUndefined
    )


class _GlyphWatch(logging.Handler):
    """Collects WeasyPrint's missing-glyph warnings during one render."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.missing: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if ".notdef" in message or "glyph" in message.lower():
            self.missing.append(message)


def render_html(context: dict[str, Any]) -> str:
    """The print document's HTML for one paper in one language."""
    return typeset.finish(environment().get_template(TEMPLATE).render(**context), context["lang"])


def merged_rdf(rdf: bytes, extra: bytes) -> bytes:
    """WeasyPrint's `rdf:RDF` with the descriptions of `extra` (an `rdf:RDF` document) inside it.

    WeasyPrint's own `xmp_metadata` option appends a fragment after `</rdf:RDF>`, where its
    prefixes are unbound and readers ignore it; a description belongs inside the one rdf:RDF.
    """
    for _, (prefix, uri) in ElementTree.iterparse(io.BytesIO(extra), events=["start-ns"]):
        ElementTree.register_namespace(prefix, uri)
    base, more = ElementTree.fromstring(rdf), ElementTree.fromstring(extra)
    if base.tag != RDF or more.tag != RDF:
        raise PdfError(f"{XMP}: the XMP to add must be one rdf:RDF element")
    base.extend(list(more))
    return ElementTree.tostring(base, encoding="utf-8")


def _with_xmp(metadata: Any) -> Any:
    """Document metadata whose XMP carries overrides/print/pdfua.xmp inside its rdf:RDF."""
    from weasyprint.document import DocumentMetadata

    class Metadata(DocumentMetadata):
        def generate_rdf_metadata(self, *args: Any) -> bytes:
            return merged_rdf(super().generate_rdf_metadata(*args), XMP.read_bytes())

    return Metadata(**vars(metadata))


def render_pdf(html: str, identifier: str, label: str) -> Rendered:
    """Render HTML to a PDF; raise PdfError on any missing glyph."""
    from weasyprint import CSS, DEFAULT_OPTIONS, HTML

    options = {
        **DEFAULT_OPTIONS,
        "stylesheets": [CSS(filename=str(STYLESHEET))],
        "pdf_variant": VARIANT,
        "pdf_tags": True,
        # A fixed identifier and the dates from the metadata make the output byte-identical.
        "pdf_identifier": hashlib.sha256(identifier.encode()).hexdigest()[:32].encode(),
    }
    logger = logging.getLogger("weasyprint")
    watch = _GlyphWatch()
    logger.addHandler(watch)
    try:
        document = HTML(string=html, base_url=str(PRINT)).render(**options)
        document.metadata = _with_xmp(document.metadata)
        data = document.write_pdf(**options)
    finally:
        logger.removeHandler(watch)
    if watch.missing:
        shown = "; ".join(sorted(set(watch.missing))[:5])
        raise PdfError(
            f"{label}: characters no installed font can draw: {shown}. Install the fonts of "
            "scripts/debian-packages.txt or set a font for this language in overrides/print/paper.css"
        )
    return Rendered(data, len(document.pages))
