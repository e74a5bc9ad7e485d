"""Gate 2, the PDF editions: what a PDF validator, a link audit and a typesetter would look at.

Every PDF of the built site is opened and checked for:

- XMP that parses as XML and declares PDF/A-3 conformance A and PDF/UA-1 inside its rdf:RDF;
- every font embedded;
- no link or document action other than http, https and mailto URIs and internal jumps;
- in the text layer, line by line: no footnote marker starting a line (it belongs to the word
  before it), no comma before a marker unless another marker precedes it, and, in Korean, no
  line break inside a word (checked against the words of the paper's web page).

The text layer is read once (scripts/pdf/textlayer.py) and handed on to the public-address
gate (`texts`), which searches it too. A finding's line is the PDF's page number.
"""

from __future__ import annotations

import itertools
import multiprocessing
import multiprocessing.pool
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pikepdf
from selectolax.lexbor import LexborHTMLParser

from scripts.checks.findings import Finding
from scripts.checks.site import source_hint
from scripts.pdf import textlayer
from scripts.pdf.article import SCREEN_ONLY
from scripts.pdf.typeset import BREAK_AFTER, HANGUL, WORD_JOINER

RULES = [
    "pdf-xmp",
    "pdf-font",
    "pdf-action",
    "pdf-footnote-line",
    "pdf-footnote-comma",
    "pdf-word-break",
    "pdf-cjk-line-start",
]
SCHEMES = {"http", "https", "mailto"}
CJK = {"zh", "ja", "ko"}
# Closing punctuation (ideographic comma and full stop, fullwidth marks, closing brackets and
# quotes) that no CJK line starts with, as in a browser.
CJK_NO_LINE_START = set(
    "\u3001\u3002\uff0c\uff0e\u30fb\uff1a\uff1b\uff01\uff1f\uff09\u300d\u300f\u3011\u3015\u3009\u300b\uff5d\u301f\u2019\u201d\uff05"
)
# Footnote markers are set at 7pt (overrides/print/paper.css); footnote text at 8pt.
MARKER_MAX_PT = 7.5
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_DECLARED = {
    ("http://www.aiim.org/pdfa/ns/id/", "part"): "3",
    ("http://www.aiim.org/pdfa/ns/id/", "conformance"): "A",
    ("http://www.aiim.org/pdfua/ns/id/", "part"): "1",
}
_BLOCKS = "p, li, h1, h2, h3, h4, h5, h6, td, th, dt, dd, div, blockquote, caption, figcaption, br"
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
_PRINT = "overrides/print/paper.css and scripts/pdf/"


Run = textlayer.TextRun


def is_marker(run: Run) -> bool:
    """A footnote marker: small digits (and commas between them)."""
    return run.size <= MARKER_MAX_PT and bool(re.fullmatch(r"[\s,\d]+", run.text))


@dataclass
class Line:
    """One line of a page: its runs in drawing order."""

    y: float
    size: float
    runs: list[Run] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs if not is_marker(r)).replace(WORD_JOINER, "").strip()


def _raised_on(marker: Run, line: Line) -> bool:
    """Whether a (superscript) marker sits on a line: above its baseline, within its size."""
    return 0 <= marker.y - line.y <= 0.6 * line.size


def lines_of(runs: list[Run]) -> list[Line]:
    """A page's text runs as lines; a raised marker goes with the line whose baseline it sits on."""
    lines: list[Line] = []
    pending: list[Run] = []  # markers drawn before the line they belong to is known
    for run in runs:
        if is_marker(run):
            if lines and not pending and _raised_on(run, lines[-1]):
                lines[-1].runs.append(run)
            else:
                pending.append(run)
            continue
        if lines and abs(run.y - lines[-1].y) <= 0.2 * run.size:
            lines[-1].runs += [*pending, run]
        else:
            line = Line(run.y, run.size)
            starts = [m for m in pending if _raised_on(m, line)]
            alone = [m for m in pending if m not in starts]
            if alone:
                lines.append(Line(alone[0].y, alone[0].size, alone))
            line.runs = [*starts, run]
            lines.append(line)
        pending = []
    if pending:
        lines.append(Line(pending[0].y, pending[0].size, pending))
    return lines


def xmp_problems(xmp: bytes) -> list[str]:
    """What is wrong with a PDF's XMP packet (empty when it is well-formed and declares both)."""
    try:
        root = ElementTree.fromstring(xmp)
    except ElementTree.ParseError as error:
        return [f"the XMP metadata is not well-formed XML ({error})"]
    rdfs = root.findall(f"{{{_RDF}}}RDF")
    if len(rdfs) != 1 or len(root) != 1:
        return [f"x:xmpmeta holds {len(root)} element(s) and {len(rdfs)} rdf:RDF; it must hold exactly one rdf:RDF"]
    found: dict[tuple[str, str], str] = {}
    for description in rdfs[0].findall(f"{{{_RDF}}}Description"):
        props = [(k, v) for k, v in description.attrib.items()]
        props += [(child.tag, (child.text or "").strip()) for child in description]
        for tag, value in props:
            if tag.startswith("{"):
                namespace, _, name = tag[1:].partition("}")
                found.setdefault((namespace, name), value)
    return [
        f"rdf:RDF does not declare {name}={want} ({namespace}); it has {found.get((namespace, name))!r}"
        for (namespace, name), want in _DECLARED.items()
        if found.get((namespace, name)) != want
    ]


def _fonts(resources: pikepdf.Object, seen: set[tuple[int, int]]) -> list[tuple[str, bool]]:
    """(name, embedded) of every font in a resource dictionary and its forms and patterns."""
    out: list[tuple[str, bool]] = []
    for font in (resources.get("/Font") or {}).values():
        if font.objgen in seen:
            continue
        seen.add(font.objgen)
        if font.get("/Subtype") == "/Type3":
            out.append((str(font.get("/Name", "Type3")), True))  # glyphs are drawn by the PDF
            continue
        for f in font.get("/DescendantFonts") or [font]:
            descriptor = f.get("/FontDescriptor")
            embedded = descriptor is not None and any(k in descriptor for k in _FONT_FILES)
            out.append((str(f.get("/BaseFont", "?")), embedded))
    for group in ("/XObject", "/Pattern"):
        for xobject in (resources.get(group) or {}).values():
            inner = xobject.get("/Resources") if isinstance(xobject, (pikepdf.Dictionary, pikepdf.Stream)) else None
            if inner is not None and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                out += _fonts(inner, seen)
    return out


def _action_problem(action: pikepdf.Object) -> str | None:
    kind = str(action.get("/S", ""))
    if kind == "/URI":
        uri = str(action.get("/URI", ""))
        scheme = urlsplit(uri.strip()).scheme.lower()
        return None if scheme in SCHEMES else f"a link to {uri[:80]!r} (scheme {scheme or 'none'!r})"
    if kind in {"/GoTo", ""}:
        return None
    return f"a {kind[1:]} action"


@dataclass
class PdfReport:
    """What one PDF was checked for, and what was found."""

    findings: list[Finding]
    breaks_checked: int = 0
    file: str = ""
    text: str = ""  # the text layer, for the public-address gate (public_url.py): read once


def _source_words(page_html: Path) -> str:
    """The paper's text on its web page, footnote numbers left out, blocks kept apart."""
    tree = LexborHTMLParser(page_html.read_bytes())
    article = tree.css_first("article") or tree.body
    if article is None:
        return ""
    for node in article.css(", ".join(["sup[id^='fnref']", *SCREEN_ONLY])):
        node.decompose()
    for block in article.css(_BLOCKS):
        block.insert_child(" ")
    return re.sub(r"\s+", " ", article.text(separator="")).replace(WORD_JOINER, "")


def _word_breaks(lines: list[Line], source: str) -> tuple[int, list[str]]:
    """Korean line breaks inside a word, as (breaks checked, the words broken)."""
    checked, broken = 0, []
    for first, second in itertools.pairwise(lines):
        a, b = first.text, second.text
        if not a or not b or a[-1] in BREAK_AFTER or not re.search(f"[{HANGUL}]", a[-1] + b[0]):
            continue
        # Two words either side: one Korean word alone is too often also part of another.
        tail, head = " ".join(a.split()[-2:]), " ".join(b.split()[:2])
        joined, spaced = tail + head, f"{tail} {head}"
        if spaced in source or joined in source:
            checked += 1
            if joined in source and spaced not in source:
                broken.append(f"{tail}|{head}")
    return checked, broken


def _line_problems(lines: list[Line], cjk: bool) -> list[tuple[str, str, str]]:
    """(rule, message, fix) for each footnote marker or CJK punctuation misplaced on a line."""
    out = []
    for line in lines:
        first = line.runs[0] if line.runs else None
        if first is not None and is_marker(first) and re.search(r"\d", first.text):
            after = line.text[:30] or "(nothing else on the line)"
            out.append(
                (
                    "pdf-footnote-line",
                    f"footnote number {first.text.strip()!r} starts a line: {after!r}",
                    "glue each marker to the word before it (word joiner in scripts/pdf/article.py)",
                )
            )
        elif cjk and line.text[:1] in CJK_NO_LINE_START:
            out.append(
                (
                    "pdf-cjk-line-start",
                    f"a line starts with {line.text[:1]!r}: {line.text[:30]!r}",
                    "keep closing punctuation on the line before (line-break in overrides/print/paper.css)",
                )
            )
        for previous, run in itertools.pairwise(line.runs):
            if is_marker(run) and run.text.lstrip().startswith(",") and not is_marker(previous):
                out.append(
                    (
                        "pdf-footnote-comma",
                        f"a comma before a footnote marker after {previous.text[-20:]!r}",
                        "mark only markers with nothing between them as adjacent (scripts/pdf/article.py)",
                    )
                )
        if line.runs and is_marker(line.runs[0]) and line.runs[0].text.lstrip().startswith(","):
            out.append(
                (
                    "pdf-footnote-comma",
                    "a line starts with a comma before a footnote marker",
                    "glue adjacent markers together (word joiner in scripts/pdf/article.py)",
                )
            )
    return out


def check_pdf(site: Path, file: str, label: str) -> PdfReport:
    """Every check of one PDF of the built site (`file` from the site root)."""
    path, shown = site / file, f"{label}/{file}"
    page_html = path.parent / "index.html"
    source_md = source_hint(str(page_html.relative_to(site))) if page_html.is_file() else "the paper's Markdown"
    report = PdfReport([], file=file)

    def add(rule: str, page: int | None, message: str, fix: str) -> None:
        report.findings.append(Finding(rule, shown, page, message, fix))

    with pikepdf.open(path) as pdf:
        metadata = pdf.Root.get("/Metadata")
        problems = xmp_problems(bytes(metadata.read_bytes())) if metadata is not None else ["no XMP metadata"]
        for problem in problems:
            add("pdf-xmp", None, problem, "fix overrides/print/pdfua.xmp or its merge in scripts/pdf/render.py")
        for key in ("/OpenAction", "/AA"):
            action = pdf.Root.get(key)
            if isinstance(action, pikepdf.Dictionary) and (problem := _action_problem(action)):
                add("pdf-action", 1, f"the document runs {problem} on opening", "remove it from scripts/pdf/")
        if "/JavaScript" in (pdf.Root.get("/Names") or {}):
            add("pdf-action", None, "the document carries JavaScript", "remove it from scripts/pdf/")
        seen: set[tuple[int, int]] = set()
        for number, page in enumerate(pdf.pages, 1):
            for name, embedded in _fonts(page.Resources, seen):
                if not embedded:
                    add("pdf-font", number, f"font {name} is not embedded", f"set an installed font in {_PRINT}")
            for annot in page.get("/Annots") or []:
                action = annot.get("/A")
                if isinstance(action, pikepdf.Dictionary) and (problem := _action_problem(action)):
                    add(
                        "pdf-action",
                        number,
                        f"page {number} has {problem}",
                        f"link only to http, https or mailto URLs in {source_md}",
                    )
        text_pages = textlayer.pages(pdf)
    report.text = textlayer.text(text_pages)
    korean = path.stem.endswith("-ko")
    cjk = path.stem.rsplit("-", 1)[-1] in CJK
    source = _source_words(page_html) if korean and page_html.is_file() else ""
    for number, runs in enumerate(text_pages, 1):
        lines = lines_of(runs)
        for rule, message, fix in _line_problems(lines, cjk):
            add(rule, number, f"page {number}: {message}", fix)
        if korean and source:
            checked, broken = _word_breaks(lines, source)
            report.breaks_checked += checked
            for word in broken:
                add(
                    "pdf-word-break",
                    number,
                    f"page {number}: a line breaks inside the Korean word {word!r}",
                    "keep Korean words whole (word joiners from scripts/pdf/typeset.py)",
                )
    if korean and not report.breaks_checked:
        # Otherwise the word-break check would pass without having looked at anything.
        add(
            "pdf-word-break",
            None,
            "no line break could be matched to the words of the paper's web page: Korean word breaks went unchecked",
            f"build the web page beside the PDF ({page_html.name}) from the same source as the PDF",
        )
    return report


def _check_one(args: tuple[str, str, str]) -> PdfReport:
    site, file, label = args
    return check_pdf(Path(site), file, label)


@dataclass
class PdfRun:
    """PDF checks under way in worker processes (start_checks), and their results to come."""

    files: list[str]
    pool: multiprocessing.pool.Pool | None
    pending: multiprocessing.pool.AsyncResult[list[PdfReport]] | None
    done: list[PdfReport] = field(default_factory=list)


def start_checks(site: Path, label: str, workers: int | None = None) -> PdfRun:
    """Start checking every PDF of a built site in worker processes forked at once, here.

    Call it before starting threads: a process forked while another thread holds a lock (the
    standard output's, say) can hang on it for ever.
    """
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.pdf"))
    workers = max(1, min(workers or os.cpu_count() or 1, len(files)))
    jobs = [(str(site), f, label) for f in files]
    if workers == 1:
        return PdfRun(files, None, None, [_check_one(job) for job in jobs])
    pool = multiprocessing.get_context("fork").Pool(workers)  # forks every worker now
    return PdfRun(files, pool, pool.map_async(_check_one, jobs, chunksize=1))


def texts(run: PdfRun) -> dict[str, str]:
    """Each PDF's text layer (file from the site root -> text), once start_checks' workers are done.

    Safe from another thread while finish_checks waits too: both wait on the same result.
    """
    reports = run.pending.get() if run.pending is not None else run.done
    return {r.file: r.text for r in reports}


def finish_checks(run: PdfRun) -> tuple[list[Finding], dict[str, int]]:
    """Wait for start_checks' workers; return the findings and what was checked."""
    reports = run.done
    if run.pool is not None and run.pending is not None:
        try:
            reports = run.pending.get()
        finally:
            run.pool.close()
            run.pool.join()
    found = [f for r in reports for f in r.findings]
    return found, {"pdfs": len(run.files), "korean_breaks_checked": sum(r.breaks_checked for r in reports)}


def check_pdfs(site: Path, label: str, workers: int | None = None) -> tuple[list[Finding], dict[str, int]]:
    """Check every PDF of a built site; return the findings and what was checked."""
    return finish_checks(start_checks(site, label, workers))
