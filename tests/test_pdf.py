"""PDF editions: text, language, tags, PDF/A + PDF/UA metadata, fonts, reproducibility, downloads."""

from __future__ import annotations

import hashlib
import re
import shutil
import unicodedata
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pikepdf
import pytest
from pypdf import PdfReader
from selectolax.lexbor import LexborHTMLParser

from scripts.checks import pdfs
from scripts.content import languages
from scripts.pdf import article, render, textlayer, typeset
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


@pytest.mark.parametrize("code", languages.codes())
def test_every_translated_paper_has_its_pdf_and_no_fallback_has_one(site: Path, code: str) -> None:
    own = {p.stem for p in editions(code)}
    assert own, f"{code} has no translated paper to print"
    for paper in editions("en"):
        assert pdf_of(site, code, paper.stem).is_file() == (paper.stem in own or code == "en")


@pytest.mark.parametrize("code", SAMPLE)
def test_text_title_and_headings(site: Path, code: str) -> None:
    for source in editions(code)[:2]:
        with pikepdf.open(pdf_of(site, code, source.stem)) as pdf:
            text = normalise(textlayer.text(textlayer.pages(pdf)))
        title, headings = front_and_headings(source)
        for piece in [p for t in [title, *headings] for p in safe_pieces(t, code)]:
            assert normalise(piece) in text, f"{code} {source.stem}: {piece!r} not in the text layer"


@pytest.mark.parametrize("code", ["en", "ko"])
def test_text_layer_reads_what_pypdf_reads(site: Path, code: str) -> None:
    """The gates' own reader (qpdf, textlayer.py) against an independent one, page by page."""
    path = pdf_of(site, code, editions(code)[0].stem)
    with pikepdf.open(path) as pdf:
        ours = [normalise("".join(r.text for r in runs)) for runs in textlayer.pages(pdf)]
    theirs = [normalise(page.extract_text()) for page in PdfReader(path).pages]
    assert len(ours) == len(theirs) > 1 and all(ours)
    assert ours == theirs


def test_to_unicode_reads_bfchar_bfrange_and_empty_targets() -> None:
    cmap = b"""2 beginbfchar
<0003> <0041>
<003b> <>
endbfchar
2 beginbfrange
<0010> <0012> <0061>
<0020> <0021> [<00660069> <0042>]
endbfrange"""
    assert textlayer.to_unicode(cmap) == {
        b"\x00\x03": "A",
        b"\x00\x3b": "",  # a glyph standing for no character: what comes after it stays right
        b"\x00\x10": "a",
        b"\x00\x11": "b",
        b"\x00\x12": "c",
        b"\x00\x20": "fi",
        b"\x00\x21": "B",
    }


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
    html = pdf_editions.print_document(site, mkdocs_config()["site_url"], edition.paper_id, edition.code)
    # Rendered again here, in another process and at another time than the build's rendering.
    again = render.render_pdf(html, f"{edition.paper_id}/{edition.code}", edition.file).data
    built = (site / edition.file).read_bytes()
    assert hashlib.sha256(again).hexdigest() == hashlib.sha256(built).hexdigest()


def test_a_plan_remembers_each_key_until_its_inputs_or_its_pdf_change(site: Path, tmp_path: Path) -> None:
    """An edition whose built page, sources, code and PDF are unchanged is planned without making
    its print document again (scripts/pdf/editions.py, plan)."""
    from scripts.pdf import editions as pdf_editions
    from scripts.project import mkdocs_config

    url, cache = str(mkdocs_config()["site_url"]), tmp_path / "cache"
    made = pdf_editions.plan(site, url, codes=["fr"], cache=cache)
    assert made and all(e.html for e in made), "a first plan makes every document"
    # The keys are the documents' hashes, whatever the cache holds.
    assert {e.key for e in made} == {e.key for e in pdf_editions.plan(site, url, codes=["fr"])}
    for e in made[1:]:  # their PDFs, as a render would have left them
        shutil.copyfile(pdf_editions.CACHE / f"{e.key}.pdf", cache / f"{e.key}.pdf")
    again = pdf_editions.plan(site, url, codes=["fr"], cache=cache)
    assert [(e.key, e.html is None) for e in again] == [(made[0].key, False)] + [(e.key, True) for e in made[1:]]
    # Another address is another input: every document is made again.
    assert all(e.html for e in pdf_editions.plan(site, "https://elsewhere.example/", codes=["fr"], cache=cache))


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
    rows = [r for r in rows if (r.attributes.get("data-file") or "").endswith(".pdf")]
    on_disk = {p.resolve() for p in site.rglob("*.pdf")}
    listed = {resolve(site, page, r.attributes["data-file"]) for r in rows}
    assert listed == on_disk
    for row in rows:
        path = resolve(site, page, row.attributes["data-file"])
        data = path.read_bytes()
        assert int(row.attributes["data-bytes"]) == len(data)
        digest = hashlib.sha256(data).hexdigest()
        assert row.attributes["data-sha256"] == digest and row.css_first(".downloads__hash").text() == digest
        with pikepdf.open(path) as pdf:  # qpdf reads the page tree without parsing the pages
            assert int(row.attributes["data-pages"]) == len(pdf.pages)


def test_pdf_report(site_build: tuple[Path, Any]) -> None:
    _, report = site_build
    assert report.pdf["editions"] == report.pdf["listed"] == sum(len(editions(c)) for c in languages.codes())


# The PDF gate (scripts/checks/pdfs.py): clean on the real site, and each fault planted in a
# small PDF rendered here (or in a copy of a real one) is found.

KOREAN = (
    "결제 기업은 이미 하나의 경로를 차단할 수 있음을 보여 주었습니다. ICMEC에 따르면 카드를 이용한 "
    "성착취물 구매는 전 세계적으로 사실상 근절되었습니다. 그러나 거래는 멈추지 않고 다른 곳으로 옮겨 "
    "갔습니다. 가맹점 심사 담당자는 이 목록을 질문 목록으로 활용할 수 있습니다. "
) * 3


def planted(tmp_path: Path, name: str, body: str, lang: str = "en", page_text: str = "") -> Path:
    """Render a small print document into tmp_path/papers/x/<name>, with its web page beside it."""
    html = f'<html lang="{lang}"><head><title>T</title></head><body style="width: 9cm">{body}</body></html>'
    folder = tmp_path / "papers" / "x"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(render.render_pdf(html, name, "test").data)
    (folder / "index.html").write_text(f"<html><body><article><p>{page_text}</p></article></body></html>", "utf-8")
    return folder / name


def rules_found(site: Path, path: Path) -> dict[str, list[str]]:
    report = pdfs.check_pdf(site, path.relative_to(site).as_posix(), "site")
    found: dict[str, list[str]] = {}
    for f in report.findings:
        assert f.fix and f.file.endswith(path.name)
        found.setdefault(f.rule, []).append(f.message)
    return found


def test_every_paper_of_every_language_has_one_pdf_and_nothing_else_is_printed(site: Path) -> None:
    """The PDF gate runs on every PDF in `make check`; here, that every edition is there to check."""
    expected = {pdf_of(site, c, p.stem) for c in languages.codes() for p in editions(c)}
    assert {p.resolve() for p in site.rglob("*.pdf")} == {p.resolve() for p in expected}


@pytest.mark.parametrize("code", ["en", "ko"])
def test_xmp_parses_and_declares_pdfa_and_pdfua_inside_rdf(site: Path, code: str) -> None:
    with pikepdf.open(pdf_of(site, code, editions(code)[0].stem)) as pdf:
        root = ElementTree.fromstring(bytes(pdf.Root.Metadata.read_bytes()))
        with pdf.open_metadata() as meta:
            assert meta["pdfaid:part"] == "3" and meta["pdfaid:conformance"] == "A"
            assert meta["pdfuaid:part"] == "1"
    assert [child.tag for child in root] == ["{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"]
    assert pdfs.xmp_problems(ElementTree.tostring(root)) == []


def test_gate_finds_xmp_outside_rdf_and_a_font_not_embedded(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "papers" / "x" / "x-en.pdf"
    copy.parent.mkdir(parents=True)
    with pikepdf.open(pdf_of(site, "en", editions("en")[0].stem)) as pdf:
        xmp = bytes(pdf.Root.Metadata.read_bytes())
        loose = b'<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"/>'
        pdf.Root.Metadata.write(xmp.replace(b"</rdf:RDF>", b"</rdf:RDF>" + loose))
        font = next(iter(pdf.pages[0].Resources.Font.values()))
        descriptor = (font.get("/DescendantFonts") or [font])[0].FontDescriptor
        for key in ("/FontFile", "/FontFile2", "/FontFile3"):
            if key in descriptor:
                del descriptor[key]
        pdf.save(copy, fix_metadata_version=False)  # keep the planted XMP as it is
    found = rules_found(tmp_path, copy)
    assert any("not well-formed" in m for m in found["pdf-xmp"])
    assert found["pdf-font"]


def test_gate_finds_links_with_other_schemes(tmp_path: Path) -> None:
    body = '<p><a href="file:///etc/passwd">a</a> <a href="smb://host/share">b</a> <a href="https://x.org/">c</a></p>'
    found = rules_found(tmp_path, planted(tmp_path, "x-en.pdf", body))
    assert len(found["pdf-action"]) == 2 and all("file" in m or "smb" in m for m in found["pdf-action"])


def test_gate_finds_a_stray_comma_and_a_marker_starting_a_line(tmp_path: Path) -> None:
    again = '<sup class="footnote-again footnote-next"><a href="#n">1</a></sup>'
    body = (
        '<p>Banks<span class="footnote-call" id="n">Source.</span> and other companies' + again + " agree.</p>"
        '<p>One line<br><sup class="footnote-again"><a href="#n">1</a></sup> starts with a number.</p>'
    )
    found = rules_found(tmp_path, planted(tmp_path, "x-en.pdf", body))
    assert len(found["pdf-footnote-comma"]) == 1 and "companies" in found["pdf-footnote-comma"][0]
    assert len(found["pdf-footnote-line"]) == 1 and "starts with" in found["pdf-footnote-line"][0]


def test_korean_words_are_whole_only_with_word_joiners(tmp_path: Path) -> None:
    plain = rules_found(tmp_path, planted(tmp_path, "x-ko.pdf", f"<p>{KOREAN}</p>", "ko", KOREAN))
    assert plain.get("pdf-word-break"), "the planted Korean paragraph should break inside a word"
    glued = typeset.finish(f'<html lang="ko"><body><p>{KOREAN}</p></body></html>', "ko")
    body = LexborHTMLParser(glued).body.inner_html
    assert rules_found(tmp_path, planted(tmp_path, "y-ko.pdf", body, "ko", KOREAN)) == {}
    reader = PdfReader(tmp_path / "papers" / "x" / "y-ko.pdf")
    assert typeset.WORD_JOINER not in "".join(p.extract_text() for p in reader.pages)
    # A web page whose words match no line break: the check could not run, which is a finding.
    (tmp_path / "papers" / "x" / "index.html").write_text("<html><body><article><p>x</p></article></body></html>")
    [unchecked] = rules_found(tmp_path, tmp_path / "papers" / "x" / "y-ko.pdf")["pdf-word-break"]
    assert "went unchecked" in unchecked


def test_markers_glued_and_separated_only_when_adjacent() -> None:
    page = (
        '<html lang="en"><body><article class="md-content__inner"><p>Word'
        '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup> '
        '<sup id="fnref:2"><a class="footnote-ref" href="#fn:2">2</a></sup> and a sentence, then'
        '<sup id="fnref2:1"><a class="footnote-ref" href="#fn:1">1</a></sup></p>'
        '<div class="footnote"><ol><li id="fn:1"><p>One</p></li><li id="fn:2"><p>Two</p></li></ol></div>'
        "</article></body></html>"
    )
    html = article.extract(page.encode(), "https://example.org/").html
    root = LexborHTMLParser(html).body
    assert [n.attributes["class"] for n in root.css(".footnote-call, .footnote-again")] == [
        "footnote-call",
        "footnote-next footnote-call",
        "footnote-again",
    ]
    assert f"Word{typeset.WORD_JOINER}<span" in html and f"then{typeset.WORD_JOINER}<sup" in html
    assert f"</span>{typeset.WORD_JOINER}<span" in html


def test_gate_finds_a_cjk_line_starting_with_closing_punctuation(tmp_path: Path) -> None:
    body = "<p>支付机构应当核实商户<br>\u3002然后持续监测交易\u3002</p>"
    found = rules_found(tmp_path, planted(tmp_path, "x-zh.pdf", body, "zh"))
    assert len(found["pdf-cjk-line-start"]) == 1 and "\u3002" in found["pdf-cjk-line-start"][0]
    assert rules_found(tmp_path, planted(tmp_path, "y-zh.pdf", body.replace("<br>", ""), "zh")) == {}


def test_print_article_unlinks_other_schemes() -> None:
    links = '<a href="file:///etc/passwd">f</a> <a href="smb://h/s">s</a> <a href="jav&#x0A;ascript:alert(1)">j</a>'
    links += ' <a href="../x/">r</a> <a href="mailto:a@example.org">m</a> <a href="#top">t</a>'
    page = f'<html><body><article class="md-content__inner"><p>{links}</p></article></body></html>'
    root = LexborHTMLParser(article.extract(page.encode(), "https://example.org/papers/p/").html).body
    hrefs = {a.text(): a.attributes.get("href") for a in root.css("a")}
    assert hrefs == {
        "f": None,
        "s": None,
        "j": None,
        "r": "https://example.org/papers/x/",
        "m": "mailto:a@example.org",
        "t": "#top",
    }
