"""PDF editions: text, language, tags, PDF/A + PDF/UA metadata, fonts, reproducibility, downloads."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader

from scripts import languages
from scripts.pdf import render
from scripts.project import DOCS
from tests.helpers import html_file, parse, resolve

SAMPLE = ["en", "fr", "ja", "zh", "ko", "th"]
# WeasyPrint's text layer can garble Thai clusters with SARA AM and tone marks (WeasyPrint
# issue 2841): Thai assertions use words without them.
THAI_UNSAFE = re.compile(r"[\u0e33\u0e48-\u0e4b]")


def editions(code: str) -> list[Path]:
    folder = DOCS / code / "papers"
    return sorted(p for p in folder.glob("*.md") if p.name != "index.md")


def pdf_of(site: Path, code: str, paper_id: str) -> Path:
    return site / languages.get(code).prefix / "papers" / paper_id / f"{paper_id}-{code}.pdf"


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def front_and_headings(path: Path) -> tuple[str, list[str]]:
    text = path.read_text(encoding="utf-8")
    title = re.search(r"^title: (.+)$", text, re.M).group(1).strip().strip("'\"")
    headings = [re.sub(r"\s*\{#[^}]+\}\s*$", "", h).strip() for h in re.findall(r"^##\s+(.+)$", text, re.M)]
    return title, headings


def safe_pieces(text: str, code: str) -> list[str]:
    if code != "th":
        return [text]
    return [w for w in re.split(r"[\s()]+", text) if len(w) >= 3 and not THAI_UNSAFE.search(w)]


@pytest.mark.parametrize("code", SAMPLE)
def test_every_translated_paper_has_its_pdf_and_no_fallback_has_one(site: Path, code: str) -> None:
    own = {p.stem for p in editions(code)}
    assert own, f"{code} has no translated paper to print"
    for paper in editions("en"):
        assert pdf_of(site, code, paper.stem).is_file() == (paper.stem in own or code == "en")


@pytest.mark.parametrize("code", SAMPLE)
def test_text_title_and_headings(site: Path, code: str) -> None:
    for source in editions(code)[:2]:
        reader = PdfReader(pdf_of(site, code, source.stem))
        text = normalise("".join(page.extract_text() or "" for page in reader.pages))
        title, headings = front_and_headings(source)
        for piece in [p for t in [title, *headings] for p in safe_pieces(t, code)]:
            assert normalise(piece) in text, f"{code} {source.stem}: {piece!r} not in the text layer"


@pytest.mark.parametrize("code", SAMPLE)
def test_lang_tags_xmp_and_fonts(site: Path, code: str) -> None:
    path = pdf_of(site, code, editions(code)[0].stem)
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        assert str(root.Lang) == code
        assert "/StructTreeRoot" in root and "/MarkInfo" in root and bool(root.MarkInfo.Marked)
        xmp = bytes(root.Metadata.read_bytes()).decode("utf-8")
        assert re.search(r"pdfaid:part[=>\"']+3", xmp) and re.search(r"pdfaid:conformance[=>\"']+A", xmp)
        assert re.search(r"pdfuaid:part[=>\"']*1", xmp)
        info = pdf.docinfo
        assert str(info.Title) and str(info.Author) and str(info.Subject) and str(info.Keywords)
        fonts = 0
        for page in pdf.pages:
            for font in (page.Resources.get("/Font") or {}).values():
                descendants = font.get("/DescendantFonts") or [font]
                for f in descendants:
                    descriptor = f.get("/FontDescriptor")
                    assert descriptor is not None, f"{path.name}: font without descriptor"
                    assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), (
                        f"{path.name}: font {f.get('/BaseFont')} not embedded"
                    )
                    fonts += 1
        assert fonts


def test_same_sources_give_the_same_bytes(site: Path) -> None:
    from scripts.pdf import editions as pdf_editions
    from scripts.project import mkdocs_config

    edition = next(e for e in pdf_editions.plan(site, mkdocs_config()["site_url"]) if e.code == "ja")
    first = render.render_pdf(edition.html, "repeat", "test").data
    second = render.render_pdf(edition.html, "repeat", "test").data
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()


def test_missing_glyph_is_an_error() -> None:
    with pytest.raises(render.PdfError, match="no installed font"):
        render.render_pdf('<html lang="en"><body><p>Private use: \ue000</p></body></html>', "glyph", "test")


@pytest.mark.parametrize("code", languages.codes())
def test_download_button_on_every_paper_page(site: Path, code: str) -> None:
    lang = languages.get(code)
    own = {p.stem for p in editions(code)}
    for paper in editions("en"):
        page = html_file(site, f"{lang.prefix}papers/{paper.stem}/")
        link = parse(page).css_first(".paper-download a")
        assert link is not None
        target = resolve(site, page, link.attributes["href"])
        expected = paper.stem in own or lang.default
        assert target == pdf_of(site, code if expected else "en", paper.stem).resolve()
        assert link.attributes["hreflang"] == (code if expected else "en")


@pytest.mark.parametrize("code", ["en", "ja"])
def test_downloads_page_lists_exactly_the_pdfs_on_disk(site: Path, code: str) -> None:
    page = html_file(site, languages.get(code).prefix + "downloads/")
    rows = parse(page).css("table.downloads tbody tr")
    on_disk = {p.resolve() for p in site.rglob("*.pdf")}
    listed = {resolve(site, page, r.attributes["data-file"]) for r in rows}
    assert listed == on_disk
    for row in rows:
        path = resolve(site, page, row.attributes["data-file"])
        data = path.read_bytes()
        assert int(row.attributes["data-bytes"]) == len(data)
        assert row.attributes["data-sha256"] == hashlib.sha256(data).hexdigest()
        assert row.css_first(".downloads__hash").text() == hashlib.sha256(data).hexdigest()
        assert int(row.attributes["data-pages"]) == len(PdfReader(path).pages)


def test_pdf_report(site_build: tuple[Path, Any]) -> None:
    _, report = site_build
    assert report.pdf["editions"] == report.pdf["listed"] == sum(len(editions(c)) for c in languages.codes())
